/**
 * The scripting subcommands' command line: the subcommand and its words, the subcommand flags (`--yes`, `--json`,
 * `--oauth-tokens`, `--forget-devices`), and the app's global flags, which go through the app's own `parseArgs`
 * so `--profile`, `--read-only`, `--demo`, `--provider`, `--url` and `--debug` mean exactly what they mean there
 * (and a key or token on the command line is refused the same way).
 */
import {parseArgs, UsageError, type ParsedArgs} from '../cli.js';
import type {LifecycleActionId} from '../api/provider.js';
import {isDemoValue, SCRIPT_COMMANDS, VALUE_OPTIONS} from './commands.js';

export const LIFECYCLE_IDS = [
	'disable',
	'enable',
	'activate',
	'reactivate',
	'deactivate',
	'suspend',
	'unsuspend',
	'unlock',
	'reset_password',
	'expire_password',
	'reset_factors',
	'delete',
] as const satisfies readonly LifecycleActionId[];

// Every LifecycleActionId is listed above: adding one to the provider interface fails the type-check here.
type Unlisted = Exclude<LifecycleActionId, (typeof LIFECYCLE_IDS)[number]>;
const everyLifecycleId: [Unlisted] extends [never] ? true : Unlisted = true;
void everyLifecycleId;

export type ScriptCommand =
	| {readonly kind: 'help'}
	| {readonly kind: 'show'; readonly query: string}
	| {readonly kind: 'sessions.revoke'; readonly user: string; readonly sessionId: string}
	| {readonly kind: 'sessions.revokeAll'; readonly user: string; readonly oauthTokens: boolean; readonly forgetDevices: boolean}
	| {readonly kind: 'grants.revoke'; readonly user: string; readonly grantId: string}
	| {readonly kind: 'grants.revokeAll'; readonly user: string}
	| {readonly kind: 'passkeys.rename'; readonly user: string; readonly passkeyId: string; readonly name: string}
	| {readonly kind: 'passkeys.delete'; readonly user: string; readonly passkeyId: string}
	| {readonly kind: 'mfa.delete'; readonly user: string; readonly factorId: string | null}
	| {readonly kind: 'mfa.backupCodes'; readonly user: string}
	| {readonly kind: 'lifecycle'; readonly user: string; readonly action: LifecycleActionId};

export type ActionCommand = Exclude<ScriptCommand, {kind: 'help'} | {kind: 'show'}>;

export interface ScriptArgs {
	readonly command: ScriptCommand;
	/** Act without asking (required when stdin is not a terminal). */
	readonly yes: boolean;
	/** One JSON object on stdout. */
	readonly json: boolean;
	/** The app's flags, for `startRun`. */
	readonly global: ParsedArgs;
}

/** `--json` anywhere: so even a usage error can answer in JSON. */
export const wantsJson = (argv: readonly string[]): boolean => {
	const end = argv.indexOf('--');
	return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
};

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

export function parseScriptArgs(argv: readonly string[]): ScriptArgs {
	let yes = false;
	let json = false;
	let help = false;
	let oauthTokens = false;
	let forgetDevices = false;
	const globals: string[] = [];
	const words: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--') {
			words.push(...argv.slice(i + 1));
			break;
		}
		if (arg === '--yes' || arg === '-y') yes = true;
		else if (arg === '--json') json = true;
		else if (arg === '-h' || arg === '--help') help = true;
		else if (arg === '--oauth-tokens') oauthTokens = true;
		else if (arg === '--forget-devices') forgetDevices = true;
		else if (VALUE_OPTIONS.has(arg)) {
			globals.push(arg);
			if (i + 1 < argv.length) globals.push(argv[++i]!);
		} else if (arg === '--demo') {
			globals.push(arg);
			if (isDemoValue(argv[i + 1])) globals.push(argv[++i]!);
		} else if (arg.startsWith('-') && arg.length > 1) globals.push(arg);
		else words.push(arg);
	}
	// Validates the app's flags (unknown options, a token on the command line…) with the app's own messages.
	const global = parseArgs(globals);
	if (global.version) throw new UsageError('--version takes no subcommand: account-triage --version');
	const command = help ? ({kind: 'help'} as const) : parseWords(words);
	if ((oauthTokens || forgetDevices) && command.kind !== 'sessions.revokeAll' && command.kind !== 'help') {
		throw new UsageError('--oauth-tokens and --forget-devices go with: sessions revoke-all <user>');
	}
	const withFlags = command.kind === 'sessions.revokeAll' ? {...command, oauthTokens, forgetDevices} : command;
	return {command: withFlags, yes, json, global};
}

function parseWords(words: readonly string[]): ScriptCommand {
	const [name, sub, ...rest] = words;
	if (!name || !(SCRIPT_COMMANDS as readonly string[]).includes(name)) throw new UsageError(`unknown subcommand ${name ?? ''} (see account-triage --help)`);
	const need = (count: number, usage: string): string[] => {
		const args = rest;
		if (args.length < count) throw new UsageError(`usage: account-triage ${usage}`);
		for (const a of args) if (a.trim() === '') throw new UsageError(`usage: account-triage ${usage} (an argument is empty)`);
		return args;
	};
	const exactly = (count: number, usage: string): string[] => {
		const args = need(count, usage);
		if (args.length > count) throw new UsageError(`too many arguments: ${args.slice(count).join(' ')} (usage: account-triage ${usage}; quote a user name that has spaces)`);
		return args;
	};
	switch (name) {
		case 'show': {
			const query = [sub, ...rest].filter((w): w is string => w !== undefined).join(' ').trim();
			if (!query) throw new UsageError('usage: account-triage show <user> [--json]');
			return {kind: 'show', query};
		}
		case 'sessions':
			if (sub === 'revoke') {
				const [user, sessionId] = exactly(2, 'sessions revoke <user> <session-id>');
				return {kind: 'sessions.revoke', user: user!, sessionId: sessionId!};
			}
			if (sub === 'revoke-all') {
				const [user] = exactly(1, 'sessions revoke-all <user> [--oauth-tokens] [--forget-devices]');
				return {kind: 'sessions.revokeAll', user: user!, oauthTokens: false, forgetDevices: false};
			}
			throw new UsageError('usage: account-triage sessions revoke <user> <session-id> | sessions revoke-all <user> [--oauth-tokens] [--forget-devices]');
		case 'grants':
			if (sub === 'revoke') {
				const [user, grantId] = exactly(2, 'grants revoke <user> <grant-id>');
				return {kind: 'grants.revoke', user: user!, grantId: grantId!};
			}
			if (sub === 'revoke-all') {
				const [user] = exactly(1, 'grants revoke-all <user>');
				return {kind: 'grants.revokeAll', user: user!};
			}
			throw new UsageError('usage: account-triage grants revoke <user> <grant-id> | grants revoke-all <user>');
		case 'passkeys':
			if (sub === 'rename') {
				const [user, passkeyId, ...name] = need(3, 'passkeys rename <user> <passkey-id> <new name>');
				const newName = name.join(' ').trim();
				if (CONTROL.test(newName)) throw new UsageError('a passkey name cannot hold control characters');
				return {kind: 'passkeys.rename', user: user!, passkeyId: passkeyId!, name: newName};
			}
			if (sub === 'delete') {
				const [user, passkeyId] = exactly(2, 'passkeys delete <user> <passkey-id>');
				return {kind: 'passkeys.delete', user: user!, passkeyId: passkeyId!};
			}
			throw new UsageError('usage: account-triage passkeys rename <user> <passkey-id> <new name> | passkeys delete <user> <passkey-id>');
		case 'mfa':
			if (sub === 'delete') {
				const args = need(1, 'mfa delete <user> [<factor-id>]');
				if (args.length > 2) throw new UsageError('usage: account-triage mfa delete <user> [<factor-id>] (quote a user name that has spaces)');
				return {kind: 'mfa.delete', user: args[0]!, factorId: args[1] ?? null};
			}
			if (sub === 'backup-codes') {
				const [user] = exactly(1, 'mfa backup-codes <user>');
				return {kind: 'mfa.backupCodes', user: user!};
			}
			throw new UsageError('usage: account-triage mfa delete <user> [<factor-id>] | mfa backup-codes <user>');
		case 'user': {
			const action = sub?.replace(/-/g, '_');
			if (!action || !(LIFECYCLE_IDS as readonly string[]).includes(action)) {
				throw new UsageError(`usage: account-triage user <action> <user>, where action is one of ${LIFECYCLE_IDS.join(', ')}${sub ? ` (not ${sub})` : ''}`);
			}
			const [user] = exactly(1, `user ${sub} <user>`);
			return {kind: 'lifecycle', user: user!, action: action as LifecycleActionId};
		}
	}
	throw new UsageError(`unknown subcommand ${name}`);
}
