/**
 * `simulate <provider> [flags]`: runs a backend simulator in the foreground.
 *
 *   simulate wacht|okta [--port N] [--data FILE] [--seed N]
 *
 * Prints `listening on http://127.0.0.1:PORT` and `api key: KEY` (Wacht) or `api token: TOKEN` (Okta), then serves
 * until SIGINT/SIGTERM.
 * Independent of the rest of the app: only the simulator modules are imported.
 */
import {DataFileError} from './wacht/data-file.js';
import {DataFileError as OktaDataFileError} from './okta/data-file.js';
import {startWachtSimulator} from './wacht/server.js';
import {startOktaSimulator} from './okta/server.js';

export const SIMULATE_USAGE = 'usage: simulate wacht|okta [--port N] [--data FILE] [--seed N]';

/** What the command needs of either simulator. */
interface RunningSimulator {
	readonly url: string;
	close(): Promise<void>;
}

export interface SimulateHooks {
	/** Called once the simulator listens (tests use it to stop the server without a signal). */
	onStarted?(sim: RunningSimulator): void;
	/** Called after a signal closed the simulator. */
	onStopped?(): void;
}

interface WachtFlags {
	port: number;
	data?: string;
	seed?: number;
}

function parseWachtFlags(args: string[]): WachtFlags | string {
	const flags: WachtFlags = {port: 0};
	for (let i = 0; i < args.length; i++) {
		const arg = args[i] as string;
		const eq = arg.indexOf('=');
		const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
		const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
		if (name !== '--port' && name !== '--data' && name !== '--seed') return `unknown flag ${arg} (${SIMULATE_USAGE})`;
		const value = inline ?? args[++i];
		if (value === undefined || value === '') return `${name} needs a value (${SIMULATE_USAGE})`;
		if (name === '--port') {
			if (!/^\d+$/.test(value) || Number(value) > 65_535) return `--port must be an integer from 0 to 65535, got ${JSON.stringify(value)}`;
			flags.port = Number(value);
		} else if (name === '--seed') {
			if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) return `--seed must be an integer, got ${JSON.stringify(value)}`;
			flags.seed = Number(value);
		} else flags.data = value;
	}
	return flags;
}

/**
 * Runs `simulate ...` with the arguments after the command name. Returns an exit code for errors (2 for usage,
 * 1 when the simulator cannot start), or 'serving' once the server listens; the process then stays up until
 * SIGINT/SIGTERM, which close the server cleanly.
 */
export async function runSimulateCommand(args: string[], out: NodeJS.WritableStream, hooks: SimulateHooks = {}): Promise<number | 'serving'> {
	const [provider, ...rest] = args;
	if (provider === undefined || provider === '--help' || provider === '-h') {
		out.write(`${SIMULATE_USAGE}\n`);
		return 2;
	}
	if (provider !== 'wacht' && provider !== 'okta') {
		out.write(`unknown provider ${JSON.stringify(provider)}: expected wacht or okta (${SIMULATE_USAGE})\n`);
		return 2;
	}
	const flags = parseWachtFlags(rest);
	if (typeof flags === 'string') {
		out.write(`${flags}\n`);
		return 2;
	}
	let sim: RunningSimulator;
	const options = {port: flags.port, ...(flags.data !== undefined ? {data: flags.data} : {}), ...(flags.seed !== undefined ? {seed: flags.seed} : {})};
	try {
		if (provider === 'okta') {
			const okta = await startOktaSimulator({...options, demoPhones: true});
			out.write(`listening on ${okta.url}\napi token: ${okta.token}\n`);
			sim = okta;
		} else {
			const wacht = await startWachtSimulator(options);
			out.write(`listening on ${wacht.url}\napi key: ${wacht.apiKey}\n`);
			sim = wacht;
		}
	} catch (err) {
		const isDataError = err instanceof DataFileError || err instanceof OktaDataFileError;
		const message = isDataError ? (err as Error).message : `cannot start the ${provider} simulator: ${(err as Error).message}`;
		out.write(`${message.replace(/\s*\n\s*/g, ' ')}\n`);
		return 1;
	}

	const stop = () => {
		process.off('SIGINT', stop);
		process.off('SIGTERM', stop);
		sim.close().then(
			() => hooks.onStopped?.(),
			() => hooks.onStopped?.(),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	const close = sim.close.bind(sim);
	// Closing by hand (tests) also drops the signal handlers.
	(sim as {close: () => Promise<void>}).close = async () => {
		process.off('SIGINT', stop);
		process.off('SIGTERM', stop);
		await close();
	};
	hooks.onStarted?.(sim);
	return 'serving';
}
