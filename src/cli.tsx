/**
 * The command: argv and environment → a provider; the alternate screen in and out; the Ink app; exit codes.
 *
 *   account-triage [query]               the app (embedded demo backend unless WACHT_API_URL/WACHT_API_KEY are set)
 *   account-triage simulate wacht [...]  run a simulator on loopback
 */
import {render} from 'ink';
import {App} from '../screens/app.js';
import {WachtProvider} from './api/wacht/provider.js';
import type {Provider} from './api/provider.js';
import type {State} from './state/store.js';
import {VERSION} from './version.js';
import {guardProvider} from './api/guard.js';
import {Journal} from './api/journal.js';
import {openDebugLog} from './api/debug-log.js';
import {redactText} from './api/redact.js';
import type {DebugEvent} from './api/transport.js';

const HELP = `account-triage ${VERSION}: find out why a user can't get in, and fix it safely.

Usage
  account-triage [options] [query]       open the app; with a query, open straight on that lookup
  account-triage simulate wacht|okta [--port N] [--data FILE] [--seed N]
                                          run a backend simulator on 127.0.0.1

Options
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
  XDG_STATE_HOME                        the audit journal lives in $XDG_STATE_HOME/account-triage/journal.jsonl

Keys and tokens are never taken on the command line. With neither backend configured the app opens on the
embedded demo backend (DEMO in the status bar).`;

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
		else if (arg === '--no-alt-screen') altScreen = false;
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
	return {help, version, demo, demoProvider, provider, altScreen, readOnly, debug, url, query: words.length > 0 ? words.join(' ') : null};
}

interface Backend {
	readonly provider: Provider;
	readonly isDemo: boolean;
	readonly stop: () => Promise<void>;
}

/** The secrets this run knows, so any text leaving the process can be scrubbed of them. */
function knownSecrets(env: NodeJS.ProcessEnv): string[] {
	return [env['WACHT_API_KEY'], env['OKTA_CLIENT_TOKEN']].filter((s): s is string => typeof s === 'string' && s !== '');
}

async function openBackend(args: ParsedArgs, env: NodeJS.ProcessEnv): Promise<Backend> {
	const debug = args.debug ? openDebugLog(knownSecrets(env), env).write : undefined;
	if (args.demo) return openDemo(args.demoProvider, debug);
	const wachtConfigured = Boolean(env['WACHT_API_URL'] || env['WACHT_API_KEY']);
	const oktaConfigured = Boolean(env['OKTA_CLIENT_ORGURL'] || env['OKTA_CLIENT_TOKEN']);
	let which = args.provider;
	if (!which) {
		if (wachtConfigured && oktaConfigured) throw new UsageError('both WACHT_* and OKTA_CLIENT_* are set: choose one with --provider wacht|okta');
		which = oktaConfigured ? 'okta' : wachtConfigured || args.url ? 'wacht' : null;
	}
	if (!which) return openDemo('wacht', debug);
	if (which === 'okta') {
		const orgUrl = args.url ?? env['OKTA_CLIENT_ORGURL'];
		const token = env['OKTA_CLIENT_TOKEN'];
		if (!orgUrl) throw new UsageError('OKTA_CLIENT_ORGURL is not set (e.g. https://acme.okta.com)');
		if (!token) throw new UsageError('OKTA_CLIENT_TOKEN is not set: export it (tokens are never taken on the command line)');
		checkUrl(orgUrl);
		const scheme = env['OKTA_CLIENT_AUTHORIZATIONMODE'] === 'Bearer' ? 'Bearer' : 'SSWS';
		const {OktaProvider} = await import('./api/okta/provider.js');
		const provider = new OktaProvider({orgUrl, token, scheme, debug});
		return {provider, isDemo: false, stop: () => provider.close()};
	}
	const url = args.url ?? env['WACHT_API_URL'];
	const key = env['WACHT_API_KEY'];
	if (!url) throw new UsageError('WACHT_API_URL is not set (e.g. https://api.wacht.dev)');
	if (!key) throw new UsageError('WACHT_API_KEY is not set: export it (the key is never taken on the command line)');
	checkUrl(url);
	const provider = new WachtProvider({baseUrl: url, apiKey: key, debug});
	return {provider, isDemo: false, stop: () => provider.close()};
}

function checkUrl(url: string): void {
	try {
		new URL(url);
	} catch {
		throw new UsageError(`not a URL: ${url}`);
	}
}

/** The embedded demo: a simulator on loopback, reached through the same provider code as a real backend. */
async function openDemo(which: 'wacht' | 'okta', debug?: (event: DebugEvent) => void): Promise<Backend> {
	if (which === 'okta') {
		const [{startOktaSimulator}, {OktaProvider}] = await Promise.all([import('./sim/okta/server.js'), import('./api/okta/provider.js')]);
		const sim = await startOktaSimulator();
		const provider = new OktaProvider({orgUrl: sim.url, token: sim.token, debug});
		return {provider, isDemo: true, stop: async () => (await provider.close(), await sim.close())};
	}
	const {startWachtSimulator} = await import('./sim/wacht/server.js');
	const sim = await startWachtSimulator();
	const provider = new WachtProvider({baseUrl: sim.url, apiKey: sim.apiKey, debug});
	return {provider, isDemo: true, stop: async () => (await provider.close(), await sim.close())};
}

const ALT_SCREEN_ON = '\u001B[?1049h';
const ALT_SCREEN_OFF = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
	if (argv[0] === 'simulate') {
		const {runSimulateCommand} = await import('./sim/cli.js');
		const result = await runSimulateCommand(argv.slice(1), process.stdout);
		return result === 'serving' ? await new Promise<number>(() => {}) : result;
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
	let backend: Backend;
	try {
		backend = await openBackend(args, env);
	} catch (error) {
		process.stderr.write(`account-triage: ${(error as Error).message}\n`);
		return error instanceof UsageError ? 2 : 1;
	}
	// Every mutation is journaled before it is sent; a journal that cannot be opened stops mutations, not reads.
	let journal: Journal | Error;
	try {
		journal = Journal.open();
	} catch (error) {
		journal = error instanceof Error ? error : new Error(String(error));
	}
	const inner = backend.provider;
	backend = {...backend, provider: guardProvider(inner, {readOnly: args.readOnly, journal, profile: backend.isDemo ? 'demo' : null})};
	// Keys must not leak into child processes (pagers, editors) started later.
	const secrets = knownSecrets(env);
	delete process.env['WACHT_API_KEY'];
	delete process.env['OKTA_CLIENT_TOKEN'];

	const useAlt = args.altScreen && process.stdout.isTTY;
	let restored = false;
	const restore = (): void => {
		if (restored) return;
		restored = true;
		if (useAlt) process.stdout.write(ALT_SCREEN_OFF);
		process.stdout.write(SHOW_CURSOR);
	};
	if (useAlt) process.stdout.write(ALT_SCREEN_ON);
	const onSignal = (signal: NodeJS.Signals): void => {
		// After a hangup the terminal is gone: writing to it would only fail.
		if (signal !== 'SIGHUP') {
			instance.unmount();
			restore();
		}
		void backend.stop().finally(() => process.exit(signal === 'SIGTERM' ? 143 : signal === 'SIGHUP' ? 129 : 130));
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

	let finalState: State | null = null;
	const instance = render(
		<App provider={backend.provider} isDemo={backend.isDemo} initialQuery={args.query ?? undefined} onQuit={(s) => (finalState = s)} />,
		{incrementalRendering: process.env['ACCOUNT_TRIAGE_FULL_REDRAW'] !== '1', maxFps: 30, exitOnCtrlC: false, patchConsole: true},
	);
	try {
		await instance.waitUntilExit();
	} finally {
		instance.cleanup();
		restore();
		await backend.stop();
	}
	// What was done stays in the terminal's scrollback after the alternate screen is gone.
	const history = (finalState as State | null)?.history ?? [];
	if (history.length > 0) {
		process.stdout.write(`account-triage: ${history.length} action${history.length === 1 ? '' : 's'} this run on ${backend.provider.label} ${backend.provider.host}:\n`);
		for (const line of history) process.stdout.write(`  ${line}\n`);
	}
	return 0;
}
