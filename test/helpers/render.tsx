/**
 * Renders an Ink tree in-process with fake streams of a settable size (ink-testing-library's are fixed at 100
 * columns and no rows). Frames come from Ink's debug mode, which writes every frame even when CI is set.
 */
import {EventEmitter} from 'node:events';
import {stripVTControlCharacters} from 'node:util';
import {render, type Instance} from 'ink';
import type {ReactElement} from 'react';

class FakeStdout extends EventEmitter {
	readonly frames: string[] = [];
	isTTY = true;
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}
	write = (frame: string): boolean => {
		this.frames.push(frame);
		return true;
	};
}

class FakeStdin extends EventEmitter {
	isTTY = true;
	private queue: string[] = [];
	write = (data: string): void => {
		this.queue.push(data);
		this.emit('readable');
	};
	read = (): string | null => this.queue.shift() ?? null;
	setEncoding(): void {}
	setRawMode(): void {}
	ref(): void {}
	unref(): void {}
	resume(): void {}
	pause(): void {}
}

/** Lets React run passive effects (where input handlers re-subscribe) before the next key is sent. */
export const settle = (): Promise<void> =>
	new Promise((resolve) => {
		setImmediate(() => setTimeout(resolve, 0));
	});

export const KEY = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	enter: '\r',
	esc: '\u001B',
	tab: '\t',
	backspace: '\u007F',
	pageDown: '\u001B[6~',
	pageUp: '\u001B[5~',
	ctrlC: '\u0003',
} as const;

export interface Rendered {
	/** The last frame, without colours. */
	frame(): string;
	/** Sends each key as its own input event, settling after each. */
	press(...keys: string[]): Promise<void>;
	/** Sends text as one event, like a paste or tmux send-keys. */
	burst(text: string): Promise<void>;
	/** Types text one character per event. */
	type(text: string): Promise<void>;
	resize(columns: number, rows: number): Promise<void>;
	waitFor(predicate: string | RegExp | ((frame: string) => boolean), ms?: number): Promise<string>;
	readonly instance: Instance;
	readonly stdout: FakeStdout;
	unmount(): void;
}

export function renderApp(tree: ReactElement, {columns = 100, rows = 30} = {}): Rendered {
	const stdout = new FakeStdout(columns, rows);
	const stdin = new FakeStdin();
	const instance = render(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: new FakeStdout(columns, rows) as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	const frame = (): string => stripVTControlCharacters(stdout.frames.at(-1) ?? '');
	const matches = (p: string | RegExp | ((f: string) => boolean), f: string): boolean =>
		typeof p === 'string' ? f.includes(p) : p instanceof RegExp ? p.test(f) : p(f);
	return {
		frame,
		instance,
		stdout,
		async press(...keys) {
			for (const key of keys) {
				stdin.write(key);
				await settle();
			}
		},
		async burst(text) {
			stdin.write(text);
			await settle();
		},
		async type(text) {
			for (const ch of text) {
				stdin.write(ch);
				await settle();
			}
		},
		async resize(c, r) {
			stdout.columns = c;
			stdout.rows = r;
			stdout.emit('resize');
			await settle();
		},
		async waitFor(predicate, ms = 5000) {
			const start = Date.now();
			for (;;) {
				const f = frame();
				if (matches(predicate, f)) return f;
				if (Date.now() - start > ms) throw new Error(`timed out waiting for ${String(predicate)}; last frame:\n${f}`);
				await new Promise((r) => setTimeout(r, 10));
			}
		},
		unmount() {
			instance.unmount();
			instance.cleanup();
		},
	};
}
