/** Child processes the benchmark starts: the emulated network + simulator (netsim.ts), and one-shot node scripts. */
import {spawn} from 'node:child_process';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const HERE = fileURLToPath(new URL('.', import.meta.url));

/** A self-signed certificate for `localhost` (openssl), so the emulated link carries real TLS 1.3 handshakes. */
export function makeCert() {
	const dir = mkdtempSync(join(tmpdir(), 'account-triage-bench-tls-'));
	execFileSync(
		'openssl',
		['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-days', '2'],
		{stdio: 'ignore'},
	);
	if (!existsSync(join(dir, 'cert.pem'))) throw new Error('openssl did not make a certificate');
	return {dir, ca: join(dir, 'cert.pem')};
}

/**
 * Starts scripts/bench/netsim.ts in its own process.
 * @returns {Promise<{url: string, directUrl: string, secret: string, pid: number, setRtt(ms: number): Promise<void>, close(): Promise<void>}>}
 */
export function startNetsim(options) {
	const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'netsim.ts'), JSON.stringify(options)], {cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit']});
	const lines = createInterface({input: child.stdout});
	const queue = [];
	const waiting = [];
	lines.on('line', (line) => {
		if (!line.startsWith('{')) return;
		const msg = JSON.parse(line);
		const w = waiting.shift();
		if (w) w(msg);
		else queue.push(msg);
	});
	const next = () => new Promise((resolve) => (queue.length > 0 ? resolve(queue.shift()) : waiting.push(resolve)));
	const exited = new Promise((resolve) => child.once('exit', resolve));
	return Promise.race([next(), exited.then((code) => Promise.reject(new Error(`netsim exited (${code}) before listening`)))]).then((info) => ({
		...info,
		async setRtt(ms) {
			child.stdin.write(JSON.stringify({rttMs: ms}) + '\n');
			await next();
		},
		async close() {
			child.stdin.end();
			const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
			await exited;
			clearTimeout(timer);
		},
	}));
}

/** Runs `node [nodeArgs] file args` to completion; resolves with the last JSON line it printed. */
export function runJson(file, args = [], {env = {}, nodeArgs = []} = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [...nodeArgs, file, ...args], {cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: {...process.env, ...env}});
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.once('exit', (code) => {
			const last = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
			if (code !== 0 || !last) reject(new Error(`${file} exited ${code}: ${out.slice(-2000)}`));
			else resolve(JSON.parse(last));
		});
	});
}
