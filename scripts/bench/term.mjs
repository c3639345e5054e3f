/**
 * A pseudo-terminal for the benchmark: the command under test runs in @lydell/node-pty, every byte it writes goes
 * to @xterm/headless. Times are taken when a chunk ARRIVES from the pty (performance.now()), and a screen condition
 * is checked right after that chunk is parsed, so what we time is the app and the pty, not the parser's queue.
 *
 * `CI` is removed from the child's environment: Ink writes no frames at all when it is set.
 */
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as pty from '@lydell/node-pty';
import xterm from '@xterm/headless';

const {Terminal} = xterm;

export const KEYS = {
	enter: '\r',
	esc: '\u001B',
	down: '\u001B[B',
	up: '\u001B[A',
	pagedown: '\u001B[6~',
	pageup: '\u001B[5~',
};

/** End of a synchronized update (DEC mode 2026): Ink ends every frame it writes with it. */
export const SYNC_END = '\u001B[?2026l';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {string} file the script node runs
 * @param {{args?: string[], env?: Record<string, string|undefined>, cols?: number, rows?: number, nodeArgs?: string[]}} options
 */
export function spawnTerm(file, options = {}) {
	const cols = options.cols ?? 120;
	const rows = options.rows ?? 40;
	const env = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
	delete env.CI;
	env.TERM = 'xterm-256color';
	env.XDG_STATE_HOME = mkdtempSync(join(tmpdir(), 'account-triage-bench-state-'));
	for (const [k, v] of Object.entries(options.env ?? {})) {
		if (v === undefined) delete env[k];
		else env[k] = v;
	}
	const term = new Terminal({cols, rows, allowProposedApi: true, scrollback: 0});
	const spawnedAt = performance.now();
	const child = pty.spawn(process.execPath, [...(options.nodeArgs ?? []), file, ...(options.args ?? [])], {name: 'xterm-256color', cols, rows, env});

	let bytes = 0;
	let exited = null;
	/** Chunks in arrival order: {at, data}. Cleared by `mark()`. */
	let chunks = [];
	/** Waiters: {test(screen, chunk) → boolean, resolve}. */
	let waiters = [];
	let parsing = Promise.resolve();

	const lines = () => {
		const buffer = term.buffer.active;
		return Array.from({length: term.rows}, (_, y) => buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
	};
	const screen = () => lines().join('\n');

	child.onData((data) => {
		const at = performance.now();
		const size = Buffer.byteLength(data, 'utf8');
		bytes += size;
		const chunk = {at, data, size};
		chunks.push(chunk);
		parsing = parsing.then(
			() =>
				new Promise((resolve) =>
					term.write(data, () => {
						if (waiters.length > 0) {
							const s = screen();
							waiters = waiters.filter((w) => {
								if (!w.test(s, chunk)) return true;
								w.resolve({at: chunk.at, screen: s});
								return false;
							});
						}
						resolve();
					}),
				),
		);
	});
	term.onData((reply) => {
		if (exited === null) child.write(reply);
	});
	const exitPromise = new Promise((resolve) => {
		child.onExit((info) => {
			exited = info;
			for (const w of waiters) w.reject?.(new Error(`app exited ${JSON.stringify(info)} while waiting; screen:\n${screen()}`));
			waiters = [];
			resolve(info);
		});
	});

	return {
		pid: child.pid,
		spawnedAt,
		term,
		screen,
		lines,
		get bytes() {
			return bytes;
		},
		get exited() {
			return exited;
		},
		/** Forget chunks seen so far; returns the byte count at this point. */
		mark() {
			chunks = [];
			return bytes;
		},
		chunks: () => chunks,
		/** Resolves with {at, screen} at the first parsed chunk after which `test(screen, chunk)` holds. */
		until(test, timeoutMs = 15_000, label = String(test)) {
			return new Promise((resolve, reject) => {
				const w = {test, resolve: (v) => (clearTimeout(timer), resolve(v)), reject: (e) => (clearTimeout(timer), reject(e))};
				const timer = setTimeout(() => {
					waiters = waiters.filter((x) => x !== w);
					reject(new Error(`timed out after ${timeoutMs} ms waiting for ${label}; screen:\n${screen()}`));
				}, timeoutMs);
				waiters.push(w);
				// It may already hold.
				void parsing.then(() => {
					if (!waiters.includes(w)) return;
					const s = screen();
					if (test(s, null)) {
						waiters = waiters.filter((x) => x !== w);
						w.resolve({at: performance.now(), screen: s});
					}
				});
			});
		},
		/** Waits until every byte received so far is parsed. */
		async settle() {
			for (;;) {
				const current = parsing;
				await current;
				if (current === parsing) return;
			}
		},
		/** Waits until nothing arrived for `quietMs`. */
		async quiet(quietMs = 60, maxMs = 5_000) {
			const t0 = performance.now();
			let last = bytes;
			let since = performance.now();
			while (performance.now() - t0 < maxMs) {
				await sleep(10);
				if (bytes !== last) {
					last = bytes;
					since = performance.now();
				} else if (performance.now() - since >= quietMs) break;
			}
			await this.settle();
		},
		write(data) {
			const at = performance.now();
			child.write(data);
			return at;
		},
		async type(text, gapMs = 40) {
			for (const ch of text) {
				child.write(ch);
				await sleep(gapMs);
			}
		},
		/** VmRSS of the child, in bytes. */
		rss() {
			const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
			const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
			return kb * 1024;
		},
		async kill() {
			if (exited !== null) return exited;
			try {
				child.kill('SIGKILL');
			} catch {
				// gone
			}
			const info = await exitPromise;
			term.dispose();
			return info;
		},
	};
}
