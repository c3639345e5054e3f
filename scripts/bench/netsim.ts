/**
 * A simulator behind an emulated network, in its own process (run with tsx), so the app under test is measured alone:
 *
 *   app ──TCP──▶ delay proxy (RTT R) ──▶ TLS terminator ──▶ simulator (plain HTTP, loopback)
 *
 * The delay proxy holds every chunk R/2 in each direction and, on a new connection, delivers nothing upstream
 * before accept + 1.5 R: a fresh connection costs what TCP's SYN/SYN-ACK costs (1 RTT) before the first byte, and
 * the TLS 1.3 handshake, whose bytes go through the proxy, costs one more. So a cold request pays 3 R, a request on
 * a warm keep-alive connection 1 R, as on a real link. The simulator's own `latencyMs` stays 0 (server time ≈ 0).
 *
 *   tsx scripts/bench/netsim.ts '{"provider":"wacht","rttMs":100,"certDir":"/tmp/x"}'
 *
 * Prints one JSON line: {url (https, through the proxy), directUrl (plain http to the simulator), secret, pid}.
 * `rttMs` can be changed later by writing `{"rttMs":N}` lines to stdin. Exits when stdin closes.
 */
import {readFileSync} from 'node:fs';
import {createServer as createHttpServer, request as httpRequest, type IncomingHttpHeaders} from 'node:http';
import {createServer as createNetServer, connect as netConnect, type Socket} from 'node:net';
import {createServer as createTlsServer} from 'node:tls';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {startOktaSimulator} from '../../src/sim/okta/server.js';

interface Options {
	provider: 'wacht' | 'okta';
	rttMs: number;
	/** Holds key.pem and cert.pem (made by the bench with openssl). */
	certDir: string;
	userCount?: number;
	seed?: number;
	/** Okta: raise every rate-limit bucket to this many requests a minute (paging 100,000 users needs 500 pages). */
	rateLimit?: number;
	/** Okta: report how many users a plain list returns (all but DEPROVISIONED). */
	listable?: boolean;
	/**
	 * Okta, read-only runs: sort the users once. The simulator sorts every user for every page it serves (60 ms a
	 * page at 100,000 users), which would make both clients of the paging figure wait on it and compare nothing.
	 */
	sortOnce?: boolean;
	/**
	 * Okta, read-only runs: also serve plain HTTP through a cache (`cachedUrl`): a GET answered once is answered again
	 * from memory, `Link` headers pointing at the cache. With it, a paging run measures the clients, not the server.
	 */
	cache?: boolean;
}

const opts = JSON.parse(process.argv[2] ?? '{}') as Options;
let rttMs = opts.rttMs;
const t0 = performance.now();

let simUrl: string;
let secret: string;
let listable: number | undefined;
if (opts.provider === 'okta') {
	const limit = opts.rateLimit;
	const sim = await startOktaSimulator({
		...(opts.userCount !== undefined ? {userCount: opts.userCount} : {}),
		...(opts.seed !== undefined ? {seed: opts.seed} : {}),
		...(limit !== undefined
			? {rateLimits: {'GET /api/v1/users': limit, 'GET /api/v1/users/{id}': limit, '/api/v1/*': limit, 'POST /api/v1/users': limit, 'POST|PUT|DELETE /api/v1/users/{id}': limit}}
			: {}),
	});
	simUrl = sim.url;
	secret = sim.token;
	if (opts.listable) listable = [...sim.store.users.values()].filter((u) => u.status !== 'DEPROVISIONED').length;
	if (opts.sortOnce) {
		const sorted = sim.store.allUsers();
		sim.store.allUsers = () => [...sorted];
	}
	// Paging 100,000 users would otherwise keep 500 request-log entries with headers; harmless, but not needed.
	setInterval(() => (sim.requests.length = 0), 1000).unref();
} else {
	const sim = await startWachtSimulator({
		...(opts.userCount !== undefined ? {userCount: opts.userCount} : {}),
		...(opts.seed !== undefined ? {seed: opts.seed} : {}),
		rateLimit: {limit: 1_000_000, windowMs: 60_000},
	});
	simUrl = sim.url;
	secret = sim.apiKey;
	setInterval(() => (sim.requests.length = 0), 1000).unref();
}
const simPort = Number(new URL(simUrl).port);

// TLS terminator: decrypts and pipes to the simulator.
const tls = createTlsServer(
	{key: readFileSync(join(opts.certDir, 'key.pem')), cert: readFileSync(join(opts.certDir, 'cert.pem')), minVersion: 'TLSv1.3'},
	(clear) => {
		if (process.env['BENCH_NETSIM_DEBUG'] === '1') {
			clear.on('data', (d: Buffer) => {
				const line = /^[A-Z]+ \S+/.exec(d.toString('latin1'))?.[0];
				if (line) process.stderr.write(`netsim: request ${line} at ${Date.now()}\n`);
			});
		}
		const upstream = netConnect(simPort, '127.0.0.1');
		upstream.setNoDelay(true);
		clear.pipe(upstream).pipe(clear);
		const done = (): void => {
			clear.destroy();
			upstream.destroy();
		};
		clear.on('error', done);
		upstream.on('error', done);
		clear.on('close', done);
		upstream.on('close', done);
	},
);
await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
const tlsPort = (tls.address() as {port: number}).port;

const DEBUG = process.env['BENCH_NETSIM_DEBUG'] === '1';
/** For debug output: the client socket an upstream socket answers. */
const clientOf = new WeakMap<Socket, Socket>();

/** One direction of a delayed link: chunks leave in order, each R/2 after it arrived, never before `notBefore`. */
function delayedPipe(from: Socket, to: Socket, notBefore: () => number): void {
	const queue: {at: number; data: Buffer | null}[] = [];
	let timer: NodeJS.Timeout | null = null;
	const pump = (): void => {
		timer = null;
		const now = performance.now();
		while (queue.length > 0 && queue[0]!.at <= now + 0.5) {
			const {data} = queue.shift()!;
			if (data === null) to.end();
			else if (!to.destroyed) {
				to.write(data);
				if (DEBUG && to === clientOf.get(from)) process.stderr.write(`netsim: ${data.length} B to the client at ${Date.now()}\n`);
			}
		}
		if (queue.length > 0) timer = setTimeout(pump, Math.max(0, queue[0]!.at - performance.now()));
	};
	const push = (data: Buffer | null): void => {
		const last = queue.length > 0 ? queue[queue.length - 1]!.at : 0;
		queue.push({at: Math.max(performance.now() + rttMs / 2, notBefore(), last), data});
		if (timer === null) timer = setTimeout(pump, Math.max(0, queue[0]!.at - performance.now()));
	};
	from.on('data', (d: Buffer) => push(d));
	from.on('end', () => push(null));
}

let connections = 0;
const proxy = createNetServer({noDelay: true}, (client) => {
	const acceptedAt = performance.now();
	const n = ++connections;
	if (DEBUG) {
		process.stderr.write(`netsim: connection ${n} at ${(acceptedAt - t0).toFixed(0)} ms\n`);
		client.on('data', (d: Buffer) => process.stderr.write(`netsim: #${n} → ${d.length} B at ${(performance.now() - t0).toFixed(0)} ms ${/^[A-Z]+ \S+/.exec(d.toString('latin1'))?.[0] ?? ''}\n`));
		client.on('close', () => process.stderr.write(`netsim: #${n} closed at ${(performance.now() - t0).toFixed(0)} ms\n`));
	}
	const rtt = rttMs;
	const upstream = netConnect(tlsPort, '127.0.0.1');
	upstream.setNoDelay(true);
	client.setNoDelay(true);
	// Client → server: the SYN/SYN-ACK round trip comes first, then half an RTT on the way.
	delayedPipe(client, upstream, () => acceptedAt + 1.5 * rtt);
	clientOf.set(upstream, client);
	delayedPipe(upstream, client, () => 0);
	const done = (): void => {
		client.destroy();
		upstream.destroy();
	};
	client.on('error', done);
	upstream.on('error', done);
	client.on('close', () => setTimeout(done, 2 * rttMs + 100));
	upstream.on('close', () => setTimeout(done, 2 * rttMs + 100));
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const proxyPort = (proxy.address() as {port: number}).port;

let cachedUrl: string | undefined;
if (opts.cache) {
	const answers = new Map<string, {status: number; headers: IncomingHttpHeaders; body: Buffer}>();
	const cacheServer = createHttpServer((req, res) => {
		const key = `${req.method} ${req.url} ${req.headers.authorization ?? ''}`;
		const send = (a: {status: number; headers: IncomingHttpHeaders; body: Buffer}): void => {
			res.writeHead(a.status, a.headers);
			res.end(a.body);
		};
		const hit = req.method === 'GET' ? answers.get(key) : undefined;
		if (hit) {
			req.resume();
			send(hit);
			return;
		}
		const upstream = httpRequest({host: '127.0.0.1', port: simPort, method: req.method, path: req.url, headers: req.headers}, (up) => {
			const chunks: Buffer[] = [];
			up.on('data', (d: Buffer) => chunks.push(d));
			up.on('end', () => {
				const headers = {...up.headers};
				if (typeof headers.link === 'string') headers.link = headers.link.replaceAll(simUrl, cachedUrl!);
				const a = {status: up.statusCode ?? 502, headers, body: Buffer.concat(chunks)};
				if (req.method === 'GET' && a.status === 200) answers.set(key, a);
				send(a);
			});
		});
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => cacheServer.listen(0, '127.0.0.1', resolve));
	cachedUrl = `http://127.0.0.1:${(cacheServer.address() as {port: number}).port}`;
}

process.stdout.write(JSON.stringify({url: `https://localhost:${proxyPort}`, directUrl: simUrl, cachedUrl, secret, pid: process.pid, listable}) + '\n');

const lines = createInterface({input: process.stdin});
lines.on('line', (line) => {
	try {
		const msg = JSON.parse(line) as {rttMs?: number};
		if (typeof msg.rttMs === 'number') rttMs = msg.rttMs;
		process.stdout.write(JSON.stringify({ok: true, rttMs}) + '\n');
	} catch {
		// ignore
	}
});
lines.on('close', () => process.exit(0));
