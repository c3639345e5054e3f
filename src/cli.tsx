/**
 * The command: argv, environment and config → a profile and its guarded provider; the alternate screen in and
 * out; the Ink app; exit codes.
 *
 *   account-triage [query]                 the app, on the profile the flags, environment or config choose
 *   account-triage show|sessions|grants|passkeys|mfa|user …   scripting subcommands (src/script/)
 *   account-triage simulate wacht|okta …   run a simulator on loopback
 */
import {render} from 'ink';
import {Root, type RunRecord} from '../screens/root.js';
import {VERSION} from './version.js';
import {Journal} from './api/journal.js';
import {openDebugLog} from './api/debug-log.js';
import {redactText} from './api/redact.js';
import {chooseProfile, ConfigError, environmentProfile, loadConfig, type Config, type Profile} from './config/profiles.js';
import {Connections, type Backend} from './config/connect.js';
import {scriptCommandOf} from './script/commands.js';
import type {ScriptIO} from './script/io.js';
import {terminalOutput} from './incident/output.js';
import {recentLookups} from './config/recent.js';

const HELP = `account-triage ${VERSION}: find out why a user can't get in, and fix it safely.

Usage
  account-triage [options] [query]       open the app; with a query, open straight on that lookup
  account-triage simulate wacht|okta [--port N] [--data FILE] [--seed N]
                                          run a backend simulator on 127.0.0.1
  account-triage show <user> [--json]     print the user and every tab (one JSON object with --json)
  account-triage sessions revoke <user> <session-id> | sessions revoke-all <user> [--oauth-tokens] [--forget-devices]
  account-triage grants revoke <user> <grant-id> | grants revoke-all <user>
  account-triage passkeys rename <user> <passkey-id> <new name> | passkeys delete <user> <passkey-id>
  account-triage mfa delete <user> [<factor-id>] | mfa backup-codes <user>
  account-triage user <action> <user>    disable, enable, suspend, unsuspend, unlock, deactivate… (what the backend offers)
                                          actions ask first; off a terminal they need --yes. account-triage show --help
                                          lists them all with the exit codes

Options
  --profile NAME          use this profile from the config file (or env, demo, demo-okta); P switches in the app
  --provider wacht|okta   which backend, when the environment configures both
  --url URL               the backend's base URL (default: $WACHT_API_URL or $OKTA_CLIENT_ORGURL)
  --demo [wacht|okta]     use an embedded demo backend (default wacht) even when one is configured
  --read-only             look, never change: every mutation is refused before anything is sent
  --debug                 log every HTTP attempt (no headers, bodies or secrets) to debug.log beside the journal
  --no-alt-screen         draw in the normal screen instead of the alternate one
  -h, --help              this help
  -v, --version           the version

Environment
  WACHT_API_URL, WACHT_API_KEY          a Wacht backend API URL (e.g. https://api.wacht.dev) and key
  OKTA_CLIENT_ORGURL, OKTA_CLIENT_TOKEN an Okta org URL (https://acme.okta.com) and API token (SSWS);
                                        OKTA_CLIENT_AUTHORIZATIONMODE=Bearer for an OAuth access token
  HTTPS_PROXY, NO_PROXY, NODE_EXTRA_CA_CERTS   corporate proxy and CA, as usual
  NO_COLOR                              no colours
  XDG_CONFIG_HOME                       profiles live in $XDG_CONFIG_HOME/account-triage/config.toml (mode 600)
  XDG_STATE_HOME                        the audit journal lives in $XDG_STATE_HOME/account-triage/journal.jsonl

Keys and tokens are never taken on the command line. The profile is, in order: --demo, --profile, the
environment (WACHT_* or OKTA_CLIENT_*), the config file's default (or its only profile), else the embedded demo
backend (DEMO in the status bar).`;

export interface ParsedArgs {
	readonly help: boolean;
	readonly version: boolean;
	readonly demo: boolean;
	/** Which demo backend. */
	readonly demoProvider: 'wacht' | 'okta';
	readonly provider: 'wacht' | 'okta' | null;
	readonly altScreen: boolean;
	readonly readOnly: boolean;
	readonly debug: boolean;
	readonly url: string | null;
	readonly profile: string | null;
	readonly query: string | null;
}

export class UsageError extends Error {}

const SECRET_FLAGS = /^--?(api-?key|key|token|api-?token|secret|password)(=|$)/i;

export function parseArgs(argv: readonly string[]): ParsedArgs {
	let help = false;
	let version = false;
	let demo = false;
	let demoProvider: 'wacht' | 'okta' = 'wacht';
	let provider: 'wacht' | 'okta' | null = null;
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
		} else if (arg === '--') words.push(...argv.slice(i + 1)), (i = argv.length);
		else if (arg.startsWith('-') && arg.length > 1) throw new UsageError(`unknown option ${arg} (see --help)`);
		else words.push(arg);
	}
	return {help, version, demo, demoProvider, provider, altScreen, readOnly, debug, url, profile, query: words.length > 0 ? words.join(' ') : null};
}

/** Environment variables that hold tokens: read once at start, then removed so child processes never see them. */
function tokenVariables(config: Config): string[] {
	const names = new Set(['WACHT_API_KEY', 'OKTA_CLIENT_TOKEN']);
	for (const p of config.profiles) if (p.token?.from === 'env') names.add(p.token.name);
	return [...names];
}

/** Config + flags → the profile list and the one to start on. */
export function selectProfile(args: ParsedArgs, env: NodeJS.ProcessEnv): {config: Config; profile: Profile} {
	const config = loadConfig(env, {provider: args.provider});
	const byName = (name: string): Profile => config.profiles.find((p) => p.name === name)!;
	if (args.demo) return {config, profile: byName(args.demoProvider === 'okta' ? 'demo-okta' : 'demo')};
	let environmentConfigured = config.profiles.some((p) => p.source === 'environment');
	if (args.url && !environmentConfigured && args.profile === null) {
		// `--url` alone names a backend whose token must still come from the environment.
		const fromFlags = environmentProfile({...env, [args.provider === 'okta' ? 'OKTA_CLIENT_ORGURL' : 'WACHT_API_URL']: args.url}, args.provider ?? 'wacht')!;
		const profiles = [...config.profiles.filter((p) => p.name !== 'env'), fromFlags];
		return {config: {...config, profiles}, profile: fromFlags};
	}
	if (args.profile !== null) environmentConfigured = false;
	return {config, profile: chooseProfile(config, args.profile, environmentConfigured)};
}

const ALT_SCREEN_ON = '\u001B[?1049h';
const ALT_SCREEN_OFF = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, scriptIO?: ScriptIO): Promise<number> {
	if (argv[0] === 'simulate') {
		const {runSimulateCommand} = await import('./sim/cli.js');
		const result = await runSimulateCommand(argv.slice(1), process.stdout);
		return result === 'serving' ? await new Promise<number>(() => {}) : result;
	}
	// Scripting subcommands (src/script/): no terminal needed, so before the TTY check.
	if (scriptCommandOf(argv) !== null) {
		const {runScript} = await import('./script/run.js');
		return runScript(argv, env, scriptIO);
	}
	let args: ParsedArgs;
	try {
		args = parseArgs(argv);
	} catch (error) {
		process.stderr.write(`account-triage: ${(error as Error).message}\n`);
		return 2;
	}
	if (args.help) {
		process.stdout.write(HELP + '\n');
		return 0;
	}
	if (args.version) {
		process.stdout.write(`account-triage ${VERSION}\n`);
		return 0;
	}
	if (!process.stdin.isTTY) {
		process.stderr.write('account-triage: needs an interactive terminal (stdin is not a TTY)\n');
		return 2;
	}
	let start: StartedRun;
	try {
		start = await startRun(args, env);
	} catch (error) {
		process.stderr.write(`account-triage: ${(error as Error).message}\n`);
		return error instanceof UsageError || error instanceof ConfigError ? 2 : 1;
	}
	const {config, connections, secrets} = start;

	const useAlt = args.altScreen && process.stdout.isTTY;
	let restored = false;
	const restore = (): void => {
		if (restored) return;
		restored = true;
		if (useAlt) process.stdout.write(ALT_SCREEN_OFF);
		process.stdout.write(SHOW_CURSOR);
	};
	if (useAlt) process.stdout.write(ALT_SCREEN_ON);
	let signalled: number | null = null;
	const onSignal = (signal: NodeJS.Signals): void => {
		signalled = signal === 'SIGTERM' ? 143 : signal === 'SIGHUP' ? 129 : 130;
		// After a hangup the terminal is gone: writing to it would only fail.
		if (signal !== 'SIGHUP') {
			instance.unmount();
			restore();
		}
		void connections.closeAll().finally(() => process.exit(signalled ?? 1));
	};
	const onCrash = (error: unknown): void => {
		const code = (error as {code?: string} | null)?.code;
		// The terminal went away under us (ssh dropped, tmux killed): nothing to restore, nobody to tell.
		if (code === 'EIO' || code === 'EPIPE') process.exit(129);
		try {
			instance.unmount();
		} catch {
			// Already gone.
		}
		restore();
		// A crash report never carries a key or token, whatever the error captured.
		process.stderr.write(`account-triage: unexpected error: ${redactText(error instanceof Error ? error.message : String(error), secrets)}\n`);
		process.exit(70);
	};
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);

	let history: readonly RunRecord[] = [];
	const instance = render(
		<Root
			initial={start.backend}
			profiles={config.profiles}
			connect={(profile) => connections.get(profile)}
			initialQuery={args.query ?? undefined}
			onQuit={(records) => (history = records)}
			secrets={secrets}
			output={terminalOutput((data) => process.stdout.write(data), env)}
			operator={start.operator}
			recentFor={(profile) => recentLookups(profile, env)}
		/>,
		{incrementalRendering: process.env['ACCOUNT_TRIAGE_FULL_REDRAW'] !== '1', maxFps: 30, exitOnCtrlC: false, patchConsole: true},
	);
	try {
		await instance.waitUntilExit();
	} finally {
		instance.cleanup();
		restore();
		await connections.closeAll();
	}
	if (signalled !== null) return signalled;
	// What was done stays in the terminal's scrollback after the alternate screen is gone.
	if (history.length > 0) {
		process.stdout.write(`account-triage: ${history.length} action${history.length === 1 ? '' : 's'} this run:\n`);
		for (const r of history) process.stdout.write(`  [${r.profile} · ${r.host}] ${r.line}\n`);
	}
	return 0;
}

export interface StartedRun {
	readonly config: Config;
	readonly backend: Backend;
	readonly connections: Connections;
	/** Every token this run has read, for scrubbing logs and crash reports. */
	readonly secrets: string[];
	/** The OS user at the keyboard, as the journal records them. */
	readonly operator: string | undefined;
}

/**
 * Everything a run needs before it draws or acts: the profiles, the journal, the first backend. Shared by the
 * app and the scripting subcommands. Tokens are removed from process.env once read, so no child process sees them.
 */
export async function startRun(args: ParsedArgs, env: NodeJS.ProcessEnv): Promise<StartedRun> {
	const {config, profile} = selectProfile(args, env);
	const snapshot: Record<string, string | undefined> = {...env};
	for (const name of tokenVariables(config)) delete process.env[name];
	const secrets: string[] = [];
	const debug = args.debug ? openDebugLog(secrets, env).write : undefined;
	// Every mutation is journaled before it is sent; a journal that cannot be opened stops mutations, not reads.
	let journal: Journal | Error;
	try {
		journal = Journal.open({env});
	} catch (error) {
		journal = error instanceof Error ? error : new Error(String(error));
	}
	const connections = new Connections({env: snapshot, forceReadOnly: args.readOnly, journal, urlOverride: args.url, debug, secrets});
	const backend = await connections.get(profile);
	return {config, backend, connections, secrets, operator: journal instanceof Journal ? journal.operator : undefined};
}
