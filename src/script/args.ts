/**
 * The scripting subcommands' command line: the subcommand and its words, the subcommand flags (`--yes`, `--json`,
 * `--oauth-tokens`, `--forget-devices`), and the app's global flags, which go through the app's own `parseArgs`
 * so `--profile`, `--read-only`, `--demo`, `--provider`, `--url` and `--debug` mean exactly what they mean there
 * (and a key or token on the command line is refused the same way).
 */
import {parseArgs, UsageError, type ParsedArgs} from '../command/args.js';
import type {LifecycleActionId} from '../api/provider.js';
import {OPERATIONS, type OperationId, type PrepareContext} from '../operations/index.js';
import {isDemoValue, SCRIPT_COMMANDS, takesValue} from './commands.js';
import {closest, commandNamed} from '../command/spec.js';

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
	'forgot_password',
	'expire_password',
	'temp_password',
	'temp_password_revoke_sessions',
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
	| ActionCommand;

/**
 * A change asked for on the command line: the operations its words name (in catalogue order; the first one this
 * backend can do is used), the user, the id of the row it acts on, and the choices given up front.
 */
export interface ActionCommand {
	readonly kind: 'action';
	readonly words: string;
	readonly ops: readonly OperationId[];
	readonly user: string;
	readonly targetId: string | null;
	readonly options: PrepareContext<null>['options'];
}

/** The operations a subcommand's words name. */
function operationsFor(words: string): OperationId[] {
	return (Object.keys(OPERATIONS) as OperationId[]).filter((id) => OPERATIONS[id].script?.words === words);
}

/** `sessions revoke <user> <session-id>`, from the records (several when one subcommand names several). */
export function usageOf(words: string): string {
	const ops = operationsFor(words);
	const args = [...new Set(ops.map((id) => OPERATIONS[id].script?.args ?? ''))];
	const flags = [...new Set(ops.flatMap((id) => OPERATIONS[id].script?.flags ?? []))].map((f) => `[${f}]`).join(' ');
	// Where one operation takes an id and another none (`mfa delete`), the id is optional.
	const argText = args.length === 1 ? args[0] : args.filter(Boolean).map((a) => `[${a}]`).join(' ');
	return [words, '<user>', argText, flags].filter(Boolean).join(' ');
}

/** Every action subcommand's usage, in catalogue order. */
export function actionUsages(): string[] {
	return [...new Set(Object.values(OPERATIONS).flatMap((op) => (op.script ? [op.script.words] : [])))].filter((w) => w !== 'user').map(usageOf);
}

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

const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

export function parseScriptArgs(argv: readonly string[]): ScriptArgs {
	let yes = false;
	let json = false;
	let help = false;
	let oauthTokens = false;
	let forgetDevices = false;
	let skipPasswordCheck = false;
	let unverified = false;
	let factor: string | null = null;
	let code: string | null = null;
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
		else if (arg === '--skip-password-check') skipPasswordCheck = true;
		else if (arg === '--unverified') unverified = true;
		else if (arg === '--factor' || arg === '--code') {
			const value = argv[++i];
			if (value === undefined || value.startsWith('-')) throw new UsageError(`${arg} needs a value (${arg === '--factor' ? 'a factor id' : 'the code the caller reads out'})`);
			if (arg === '--factor') factor = value;
			else code = value;
		}
		else if (takesValue(arg)) {
			globals.push(arg);
			if (i + 1 < argv.length) globals.push(argv[++i]!);
		} else if (arg === '--demo') {
			globals.push(arg);
			if (isDemoValue(argv[i + 1])) globals.push(argv[++i]!);
		} else if (arg.startsWith('-') && arg.length > 1) globals.push(arg);
		else words.push(arg);
	}
	// Validates the app's flags (unknown options, a token on the command line…) with the app's own messages.
	const global = parseArgs(globals, commandNamed(words[0] ?? '') ?? null);
	if (global.version) throw new UsageError('--version takes no subcommand: account-triage --version');
	const parsed = help ? ({kind: 'help'} as const) : parseWords(words);
	if ((factor !== null || code !== null) && parsed.kind !== 'help' && !(parsed.kind === 'action' && parsed.words === 'verify')) {
		throw new UsageError(`${factor !== null ? '--factor' : '--code'} goes with: verify <user> [--factor ID] [--code CODE]`);
	}
	const command: ScriptCommand =
		parsed.kind === 'action' && parsed.words === 'verify' ? {...parsed, targetId: factor, options: code !== null ? {code} : {}} : parsed;
	// Each flag only with a subcommand that takes it.
	const given = [...(oauthTokens ? ['--oauth-tokens'] : []), ...(forgetDevices ? ['--forget-devices'] : []), ...(skipPasswordCheck ? ['--skip-password-check'] : []), ...(unverified ? ['--unverified'] : [])];
	for (const flag of given) {
		const takes = command.kind === 'action' && command.ops.some((id) => (OPERATIONS[id].script?.flags ?? []).includes(flag as never));
		if (!takes && command.kind !== 'help') {
			const withFlag = Object.values(OPERATIONS).filter((op) => (op.script?.flags ?? []).includes(flag as never));
			throw new UsageError(`${flag} goes with: ${withFlag.map((op) => usageOf(op.script!.words).replace(/ \[--.*$/, '')).join(', ')}`);
		}
	}
	const flagsOf = (ops: readonly OperationId[]): string[] => ops.flatMap((id) => OPERATIONS[id].script?.flags ?? []);
	const withFlags =
		command.kind === 'action' && flagsOf(command.ops).length > 0
			? {
					...command,
					options: {
						...command.options,
						...(flagsOf(command.ops).includes('--oauth-tokens') ? {oauthTokens, forgetDevices} : {}),
						...(flagsOf(command.ops).includes('--skip-password-check') && skipPasswordCheck ? {skipPasswordCheck} : {}),
						...(flagsOf(command.ops).includes('--unverified') ? {verified: !unverified} : {}),
					},
				}
			: command;
	return {command: withFlags, yes, json, global};
}

function parseWords(words: readonly string[]): ScriptCommand {
	const [name, sub, ...rest] = words;
	if (!name || !(SCRIPT_COMMANDS as readonly string[]).includes(name)) throw new UsageError(`unknown subcommand ${name ?? ''} (see account-triage --help)`);
	if (name === 'show') {
		const query = [sub, ...rest].filter((w): w is string => w !== undefined).join(' ').trim();
		if (!query) throw new UsageError('usage: account-triage show <user> [--json]');
		return {kind: 'show', query};
	}
	for (const a of rest) if (a.trim() === '') throw new UsageError(`usage: account-triage ${name} ${sub ?? ''} … (an argument is empty)`);
	if (name === 'verify') {
		// `verify <user>`: the factor and code come as flags.
		const user = [sub, ...rest].filter((w): w is string => w !== undefined).join(' ').trim();
		if (!user) throw new UsageError('usage: account-triage verify <user> [--factor ID] [--code CODE]');
		return {kind: 'action', words: 'verify', ops: operationsFor('verify'), user, targetId: null, options: {}};
	}
	if (name === 'user') {
		// The state change comes before the user: `user reset-password <user>`.
		const action = sub?.replace(/-/g, '_');
		if (!action || !(LIFECYCLE_IDS as readonly string[]).includes(action)) {
			const near = sub ? closest(sub, commandNamed('user')?.words ?? [], 2) : null;
			if (near) throw new UsageError(`unknown action '${sub}'; did you mean '${near}'? (usage: account-triage user <action> <user>)`);
			throw new UsageError(`usage: account-triage user <action> <user>, where action is one of ${LIFECYCLE_IDS.join(', ')}${sub ? ` (not ${sub})` : ''}`);
		}
		const [user] = exactly(rest, 1, `user ${sub} <user>`);
		return {kind: 'action', words: 'user', ops: operationsFor('user'), user: user!, targetId: null, options: {action}};
	}
	const phrase = `${name} ${sub ?? ''}`.trim();
	const ops = operationsFor(phrase);
	if (ops.length === 0) {
		const group = actionUsages().filter((u) => u.startsWith(`${name} `));
		const near = sub ? closest(sub, commandNamed(name)?.words ?? [], 2) : null;
		const hint = near ? `unknown command '${name} ${sub}'; did you mean '${name} ${near}'? ` : '';
		throw new UsageError(`${hint}usage: account-triage ${group.join(' | account-triage ')}`);
	}
	const usage = usageOf(phrase);
	// The user, then the row's id where one of the operations acts on a row, then free text (a new name).
	const takesId = ops.some((id) => OPERATIONS[id].target !== null);
	const idRequired = ops.every((id) => OPERATIONS[id].target !== null);
	const takesText = ops.some((id) => OPERATIONS[id].form !== undefined || OPERATIONS[id].script?.text === true);
	const least = 1 + (idRequired ? 1 : 0) + (takesText ? 1 : 0);
	const most = takesText ? Infinity : 1 + (takesId ? 1 : 0);
	if (rest.length < least) throw new UsageError(`usage: account-triage ${usage}`);
	if (rest.length > most) {
		throw new UsageError(`too many arguments: ${rest.slice(most).join(' ')} (usage: account-triage ${usage}; quote a user name that has spaces)`);
	}
	const [user, ...after] = rest;
	const targetId = takesId ? after[0] : undefined;
	const name_ = (takesId ? after.slice(1) : after).join(' ').trim();
	if (takesText && CONTROL.test(name_)) throw new UsageError('the new name cannot hold control characters');
	return {kind: 'action', words: phrase, ops, user: user!, targetId: takesId ? (targetId ?? null) : null, options: takesText ? {name: name_} : {}};
}

function exactly(args: readonly string[], count: number, usage: string): string[] {
	if (args.length < count) throw new UsageError(`usage: account-triage ${usage}`);
	if (args.length > count) throw new UsageError(`too many arguments: ${args.slice(count).join(' ')} (usage: account-triage ${usage}; quote a user name that has spaces)`);
	return [...args];
}
