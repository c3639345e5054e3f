/**
 * What the subcommands read and write: stdout for results, stderr for everything else, and one line from the
 * terminal for a typed confirmation. Tests pass their own; the command uses the process's.
 */
import {createInterface} from 'node:readline';

export interface ScriptIO {
	readonly stdout: {write(text: string): unknown};
	readonly stderr: {write(text: string): unknown};
	readonly stdinIsTTY: boolean;
	readonly stdoutIsTTY: boolean;
	/** One line typed at the terminal after `prompt` (on stderr); null on end of input or Ctrl+C. */
	readLine(prompt: string): Promise<string | null>;
	/** Resolves when what was written to stdout has been handed to the OS (before the process exits). */
	flush(): Promise<void>;
	/** Calls `listener` once when the reader stops a long run (Ctrl+C, or stdout's pipe closed); returns the unhook. */
	onStop?(listener: () => void): () => void;
}

export function processIO(): ScriptIO {
	// `account-triage show … --json | head` closes the pipe early: that is the reader's choice, not a crash.
	const quiet = (): void => undefined;
	process.stdout.on('error', quiet);
	process.stderr.on('error', quiet);
	return {
		stdout: {write: (text) => process.stdout.write(text)},
		stderr: {write: (text) => process.stderr.write(text)},
		stdinIsTTY: process.stdin.isTTY === true,
		stdoutIsTTY: process.stdout.isTTY === true,
		readLine: readTerminalLine,
		onStop: (listener) => {
			const pipeClosed = (error: NodeJS.ErrnoException): void => {
				if (error.code === 'EPIPE') listener();
			};
			process.once('SIGINT', listener);
			process.once('SIGTERM', listener);
			process.stdout.on('error', pipeClosed);
			return () => {
				process.off('SIGINT', listener);
				process.off('SIGTERM', listener);
				process.stdout.off('error', pipeClosed);
			};
		},
		flush: () =>
			new Promise<void>((resolve) => {
				if (process.stdout.destroyed || !process.stdout.writable) resolve();
				else process.stdout.write('', () => resolve());
			}),
	};
}

function readTerminalLine(prompt: string): Promise<string | null> {
	return new Promise((resolve) => {
		const rl = createInterface({input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY === true});
		let done = false;
		const finish = (value: string | null): void => {
			if (done) return;
			done = true;
			rl.close();
			resolve(value);
		};
		rl.on('SIGINT', () => {
			process.stderr.write('\n');
			finish(null);
		});
		rl.on('close', () => finish(null));
		rl.question(prompt, (answer) => finish(answer));
	});
}
