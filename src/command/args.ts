/**
 * The command line of the app and of every subcommand: flags → a ParsedArgs. A key or token on the command line is
 * refused (it would show in the process list and shell history).
 */
import type {ProviderId} from '../api/types.js';
import {unknownFlagMessage, type CommandSpec} from './spec.js';

export interface ParsedArgs {
	readonly help: boolean;
	readonly version: boolean;
	readonly demo: boolean;
	/** Which demo backend. */
	readonly demoProvider: ProviderId;
	readonly provider: ProviderId | null;
	readonly altScreen: boolean;
	readonly readOnly: boolean;
	readonly debug: boolean;
	readonly url: string | null;
	readonly profile: string | null;
	readonly query: string | null;
}

export class UsageError extends Error {}

const SECRET_FLAGS = /^--?(api-?key|key|token|api-?token|secret|password)(=|$)/i;

/** `command`: whose flags an unknown option is compared with (null: the app's). */
export function parseArgs(argv: readonly string[], command: CommandSpec | null = null): ParsedArgs {
	let help = false;
	let version = false;
	let demo = false;
	let demoProvider: ProviderId = 'wacht';
	let provider: ProviderId | null = null;
	let altScreen = true;
	let readOnly = false;
	let debug = false;
	let url: string | null = null;
	let profile: string | null = null;
	const words: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (SECRET_FLAGS.test(arg)) {
			throw new UsageError('keys are never taken on the command line (they would show in the process list and shell history): set WACHT_API_KEY in the environment');
		}
		if (arg === '-h' || arg === '--help') help = true;
		else if (arg === '-v' || arg === '--version') version = true;
		else if (arg === '--demo' || arg.startsWith('--demo=')) {
			demo = true;
			const value = arg.includes('=') ? arg.slice(7) : argv[i + 1] === 'okta' || argv[i + 1] === 'wacht' ? argv[++i] : undefined;
			if (value !== undefined) {
				if (value !== 'wacht' && value !== 'okta') throw new UsageError(`--demo takes wacht or okta, not ${value}`);
				demoProvider = value;
			}
		} else if (arg === '--provider' || arg.startsWith('--provider=')) {
			const value = arg.includes('=') ? arg.slice(11) : argv[++i];
			if (value !== 'wacht' && value !== 'okta') throw new UsageError('--provider takes wacht or okta');
			provider = value;
		}
		else if (arg === '--profile' || arg.startsWith('--profile=')) {
			const value = arg.includes('=') ? arg.slice(10) : argv[++i];
			if (!value) throw new UsageError('--profile needs a name (see the profiles in your config file)');
			profile = value;
		} else if (arg === '--no-alt-screen') altScreen = false;
		else if (arg === '--read-only' || arg === '--readonly') readOnly = true;
		else if (arg === '--debug') debug = true;
		else if (arg === '--url' || arg.startsWith('--url=')) {
			const value = arg.includes('=') ? arg.slice(6) : argv[++i];
			if (!value) throw new UsageError('--url needs a value, e.g. --url https://api.wacht.dev');
			url = value;
		} else if (arg === '--') {
			words.push(...argv.slice(i + 1));
			break;
		}
		else if (arg.startsWith('-') && arg.length > 1) throw new UsageError(unknownFlagMessage(arg, command));
		else words.push(arg);
	}
	return {help, version, demo, demoProvider, provider, altScreen, readOnly, debug, url, profile, query: words.length > 0 ? words.join(' ') : null};
}

