/**
 * End-to-end harness: the built command (dist/account-triage.js) in a real pseudo-terminal (@lydell/node-pty),
 * its output fed through a write queue into a headless xterm so tests read what is really on screen.
 *
 *   const app = await spawnApp(t, {cols: 80, rows: 24, env: {WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey}});
 *   await app.waitFor('Find user');
 *   await app.type('jane.okafor@example.test');
 *   await app.press('enter');
 *
 * The bundle is rebuilt at most once per test process, when it is missing or older than a source file.
 * `CI` is removed from the child's environment: Ink writes no frames at all when it is set (even to '').
 * Every spawned child is killed when its test ends (and, failing that, when this process exits).
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {TestContext} from 'node:test';
import {fileURLToPath} from 'node:url';
import * as pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import type {Terminal as XTerm} from '@xterm/headless';

const {Terminal} = xterm;

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUNDLE = join(ROOT, 'dist', 'account-triage.js');
/** Inputs of the bundle: a file here newer than the bundle triggers a rebuild. */
const SOURCE_DIRS = ['src', 'screens', 'scripts'];

let built = false;

function newestMtime(dir: string): number {
	let newest = 0;
	if (!existsSync(dir)) return newest;
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
		else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
	}
	return newest;
}

/** Builds dist/account-triage.js (synchronously) if it is missing or stale; at most once per process. */
export function ensureBuilt(): void {
	if (built) return;
	const stale = !existsSync(BUNDLE) || SOURCE_DIRS.some((d) => newestMtime(join(ROOT, d)) > statSync(BUNDLE).mtimeMs);
	if (stale) {
		const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {cwd: ROOT, encoding: 'utf8'});
		if (result.status !== 0) {
			throw new Error(`build failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
		}
	}
	built = true;
}

export interface SpawnOptions {
	readonly args?: readonly string[];
	/** @default 80 */
	readonly cols?: number;
	/** @default 24 */
	readonly rows?: number;
	/** Added to the child's environment; `undefined` removes a variable inherited from this process. */
	readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface ExitInfo {
	readonly exitCode: number;
	readonly signal: number | undefined;
}

export type ScreenPredicate = (screen: string) => boolean;

export interface PtyApp {
	readonly pid: number;
	/** Resolves when the child exits. */
	readonly exited: Promise<ExitInfo>;
	/** The exit, once it happened. */
	readonly exitInfo: ExitInfo | null;
	/** The visible rows (right-trimmed), joined with '\n'. Call `settle()` first to include bytes still queued. */
	screen(): string;
	/** The visible rows (right-trimmed). */
	lines(): string[];
	/** Rows the terminal wrapped onto from the row above (a line drawn wider than the terminal): should be none. */
	wrappedRows(): number[];
	/** Every byte the child wrote, as received. */
	raw(): string;
	/** Current length of the raw log (a bookmark for `raw().slice(mark)`). */
	rawLength(): number;
	/** Waits until every byte received so far is drawn in the headless terminal. */
	settle(): Promise<void>;
	/** Polls the screen until it includes the text / matches / the predicate holds; throws with the screen on timeout. */
	waitFor(what: string | RegExp | ScreenPredicate, ms?: number): Promise<string>;
	/** Writes one key (a name such as 'enter', 'esc', 'down', 'ctrl+c', or one character), then waits briefly for output. */
	press(key: string): Promise<void>;
	/** Presses each character separately. */
	type(text: string): Promise<void>;
	/** Writes the bytes in ONE write (a paste, a key burst), then waits briefly for output. */
	write(data: string): Promise<void>;
	resize(cols: number, rows: number): Promise<void>;
	/** Sends a signal (default SIGTERM), escalating to SIGKILL after `graceMs`; resolves with the exit. */
	kill(signal?: NodeJS.Signals, graceMs?: number): Promise<ExitInfo>;
}

const KEYS: Readonly<Record<string, string>> = {
	enter: '\r',
	return: '\r',
	esc: '\u001B',
	escape: '\u001B',
	tab: '\t',
	'shift+tab': '\u001B[Z',
	backspace: '\u007F',
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	home: '\u001B[H',
	end: '\u001B[F',
	pageup: '\u001B[5~',
	pagedown: '\u001B[6~',
	space: ' ',
};

function keyBytes(key: string): string {
	const named = KEYS[key.toLowerCase()];
	if (named !== undefined) return named;
	const ctrl = /^ctrl\+([a-z])$/i.exec(key);
	if (ctrl) return String.fromCharCode(ctrl[1]!.toLowerCase().charCodeAt(0) - 96);
	if ([...key].length === 1) return key;
	throw new Error(`unknown key ${JSON.stringify(key)}`);
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const live = new Set<pty.IPty>();
process.once('exit', () => {
	for (const child of live) {
		try {
			child.kill('SIGKILL');
		} catch {
			// Already gone.
		}
	}
});

/** Spawns the built command in a PTY. With a TestContext, the child is killed when that test ends. */
export function spawnApp(t: TestContext | null, options: SpawnOptions = {}): PtyApp {
	ensureBuilt();
	const cols = options.cols ?? 80;
	const rows = options.rows ?? 24;
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
	delete env['CI'];
	// The audit journal goes to a throw-away state directory, never the developer's own.
	env['XDG_STATE_HOME'] = mkdtempSync(join(tmpdir(), 'account-triage-state-'));
	for (const [k, v] of Object.entries(options.env ?? {})) {
		if (v === undefined) delete env[k];
		else env[k] = v;
	}

	const term: XTerm = new Terminal({cols, rows, allowProposedApi: true, scrollback: 0});
	const child = pty.spawn(process.execPath, [BUNDLE, ...(options.args ?? [])], {name: 'xterm-256color', cols, rows, cwd: ROOT, env});
	live.add(child);

	const chunks: string[] = [];
	let rawLength = 0;
	let lastDataAt = Date.now();
	let queue: Promise<void> = Promise.resolve();
	child.onData((data) => {
		chunks.push(data);
		rawLength += data.length;
		lastDataAt = Date.now();
		queue = queue.then(() => new Promise<void>((resolve) => term.write(data, resolve)));
	});
	// Answers to terminal queries (cursor position, device attributes) go back to the app, as a real terminal's do.
	term.onData((reply) => {
		if (exitInfo === null) child.write(reply);
	});

	let exitInfo: ExitInfo | null = null;
	const exited = new Promise<ExitInfo>((resolve) => {
		child.onExit(({exitCode, signal}) => {
			exitInfo = {exitCode, signal};
			live.delete(child);
			resolve(exitInfo);
		});
	});

	const lines = (): string[] => {
		const buffer = term.buffer.active;
		return Array.from({length: term.rows}, (_, y) => buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
	};
	const screen = (): string => lines().join('\n');
	const wrappedRows = (): number[] => {
		const buffer = term.buffer.active;
		return Array.from({length: term.rows}, (_, y) => y).filter((y) => buffer.getLine(buffer.viewportY + y)?.isWrapped === true);
	};
	const raw = (): string => chunks.join('');
	const settle = async (): Promise<void> => {
		// The queue may grow while we wait on it.
		for (;;) {
			const current = queue;
			await current;
			if (current === queue) return;
		}
	};

	/** After an input: wait until output arrived and went quiet for a moment, or at most `maxMs`. */
	const afterInput = async (before: number, maxMs = 250, quietMs = 40): Promise<void> => {
		const t0 = Date.now();
		while (Date.now() - t0 < maxMs && exitInfo === null) {
			if (rawLength > before && Date.now() - lastDataAt >= quietMs) break;
			await delay(10);
		}
		await settle();
	};

	const send = async (data: string): Promise<void> => {
		if (exitInfo !== null) throw new Error(`cannot write ${JSON.stringify(data)}: the app already exited (${JSON.stringify(exitInfo)})\n${screen()}`);
		const before = rawLength;
		child.write(data);
		await afterInput(before);
	};

	const waitFor = async (what: string | RegExp | ScreenPredicate, ms = 8000): Promise<string> => {
		const test: ScreenPredicate =
			typeof what === 'string' ? (s) => s.includes(what) : what instanceof RegExp ? (s) => what.test(s) : what;
		const label = typeof what === 'function' ? what.toString() : String(what);
		const t0 = Date.now();
		for (;;) {
			await settle();
			const s = screen();
			if (test(s)) return s;
			if (exitInfo !== null) {
				throw new Error(`app exited (${JSON.stringify(exitInfo)}) while waiting for ${label}; screen:\n${frame(s)}`);
			}
			if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${label}; screen:\n${frame(s)}`);
			await delay(25);
		}
	};

	const app: PtyApp = {
		pid: child.pid,
		exited,
		get exitInfo() {
			return exitInfo;
		},
		screen,
		lines,
		wrappedRows,
		raw,
		rawLength: () => rawLength,
		settle,
		waitFor,
		press: (key) => send(keyBytes(key)),
		async type(text) {
			for (const ch of text) await send(ch);
		},
		write: (data) => send(data),
		async resize(c, r) {
			await settle();
			term.resize(c, r);
			child.resize(c, r);
			await afterInput(rawLength);
		},
		async kill(signal = 'SIGTERM', graceMs = 3000) {
			if (exitInfo !== null) return exitInfo;
			try {
				child.kill(signal);
			} catch {
				// Already gone.
			}
			const timer = setTimeout(() => {
				try {
					if (exitInfo === null) child.kill('SIGKILL');
				} catch {
					// Already gone.
				}
			}, graceMs);
			const info = await exited;
			clearTimeout(timer);
			return info;
		},
	};

	t?.after(async () => {
		await app.kill('SIGKILL', 0);
		term.dispose();
	});
	return app;
}

/** A screen capture with a ruler on both sides, so trailing blanks and empty rows show in failure messages. */
export function frame(screen: string): string {
	const rows = screen.split('\n');
	const width = Math.max(0, ...rows.map((r) => r.length));
	const edge = '+' + '-'.repeat(width) + '+';
	return [edge, ...rows.map((r, i) => `|${r.padEnd(width)}| ${i + 1}`), edge].join('\n');
}
