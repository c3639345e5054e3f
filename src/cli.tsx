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

const HELP = `account-triage ${VERSION}: find out why a user can't get in, and fix it safely.

Usage
  account-triage [options] [query]       open the app; with a query, open straight on that lookup
  account-triage simulate wacht [--port N] [--data FILE] [--seed N]
                                          run the Wacht API simulator on 127.0.0.1

Options
  --url URL        Wacht backend API base URL (default: $WACHT_API_URL)
  --demo           use the embedded demo backend even when WACHT_API_URL is set
  --no-alt-screen  draw in the normal screen instead of the alternate one
  -h, --help       this help
  -v, --version    the version

Environment
  WACHT_API_URL    Wacht backend API base URL, e.g. https://api.wacht.dev
  WACHT_API_KEY    Wacht backend API key. Keys are never taken on the command line.
  HTTPS_PROXY, NO_PROXY, NODE_EXTRA_CA_CERTS   corporate proxy and CA, as usual
  NO_COLOR         no colours

Without WACHT_API_URL and WACHT_API_KEY the app opens on the embedded demo backend (DEMO in the status bar).`;

export interface ParsedArgs {
	readonly help: boolean;
	readonly version: boolean;
	readonly demo: boolean;
	readonly altScreen: boolean;
	readonly url: string | null;
	readonly query: string | null;
}

export class UsageError extends Error {}

const SECRET_FLAGS = /^--?(api-?key|key|token|secret|password)(=|$)/i;

export function parseArgs(argv: readonly string[]): ParsedArgs {
	let help = false;
	let version = false;
	let demo = false;
	let altScreen = true;
	let url: string | null = null;
	const words: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (SECRET_FLAGS.test(arg)) {
			throw new UsageError('keys are never taken on the command line (they would show in the process list and shell history): set WACHT_API_KEY in the environment');
		}
		if (arg === '-h' || arg === '--help') help = true;
		else if (arg === '-v' || arg === '--version') version = true;
		else if (arg === '--demo') demo = true;
		else if (arg === '--no-alt-screen') altScreen = false;
		else if (arg === '--url' || arg.startsWith('--url=')) {
			const value = arg.includes('=') ? arg.slice(6) : argv[++i];
			if (!value) throw new UsageError('--url needs a value, e.g. --url https://api.wacht.dev');
			url = value;
		} else if (arg === '--') words.push(...argv.slice(i + 1)), (i = argv.length);
		else if (arg.startsWith('-') && arg.length > 1) throw new UsageError(`unknown option ${arg} (see --help)`);
		else words.push(arg);
	}
	return {help, version, demo, altScreen, url, query: words.length > 0 ? words.join(' ') : null};
}

interface Backend {
	readonly provider: Provider;
	readonly isDemo: boolean;
	readonly stop: () => Promise<void>;
}

async function openBackend(args: ParsedArgs, env: NodeJS.ProcessEnv): Promise<Backend> {
	const url = args.url ?? env['WACHT_API_URL'] ?? null;
	const key = env['WACHT_API_KEY'];
	if (!args.demo && url) {
		if (!key) throw new UsageError('WACHT_API_KEY is not set: export it (the key is never taken on the command line)');
		try {
			new URL(url);
		} catch {
			throw new UsageError(`not a URL: ${url}`);
		}
		const provider = new WachtProvider({baseUrl: url, apiKey: key});
		return {provider, isDemo: false, stop: () => provider.close()};
	}
	const {startWachtSimulator} = await import('./sim/wacht/server.js');
	const sim = await startWachtSimulator();
	const provider = new WachtProvider({baseUrl: sim.url, apiKey: sim.apiKey});
	return {
		provider,
		isDemo: true,
		stop: async () => {
			await provider.close();
			await sim.close();
		},
	};
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
	// Keys must not leak into child processes (pagers, editors) started later.
	delete process.env['WACHT_API_KEY'];

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
		process.stderr.write(`account-triage: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
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
	void finalState;
	return 0;
}
