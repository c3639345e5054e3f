/**
 * The Preconnector (src/api/preconnect.ts) against a local TLS server, with undici's own connector and pool: what
 * the server sees is asserted (connections, the bytes on each, who closed them), never how long anything took.
 */
import assert from 'node:assert/strict';
import {createServer, type Server} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {test, type TestContext} from 'node:test';
import {buildConnector, Pool} from 'undici';
import {Preconnector, type ConnectOptions, type Connector} from '../../src/api/preconnect.js';
import {countConnections, type ConnectionCounter} from '../helpers/tcp-counter.js';
import {makeCert} from '../helpers/tls-cert.js';

interface Setup {
	readonly backend: ConnectionCounter;
	readonly origin: string;
	/** What undici's pool passes its connector for `origin`. */
	readonly options: ConnectOptions;
	readonly build: Connector;
	make(options?: {limit?: number; now?: () => number; idleStopMs?: number; build?: Connector}): Preconnector;
}

/** A TLS front (the counter) to a plain HTTP server answering 200; null without openssl. */
async function setup(t: TestContext): Promise<Setup | null> {
	// First, so it runs first: a preconnector left open would reconnect to the servers as they close.
	const made: Preconnector[] = [];
	t.after(() => made.forEach((p) => p.close()));
	const cert = makeCert(t);
	if (!cert) return null;
	const http: Server = createServer((_req, res) => res.end('ok'));
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	t.after(() => {
		http.closeAllConnections();
		http.close();
	});
	const backend = await countConnections(t, `http://127.0.0.1:${(http.address() as AddressInfo).port}`, {tls: cert});
	const url = new URL(backend.url);
	const build = buildConnector({ca: cert.cert, timeout: 5_000}) as Connector;
	return {
		backend,
		origin: url.origin,
		options: {hostname: url.hostname, host: url.host, protocol: url.protocol, port: url.port, servername: url.hostname, localAddress: null},
		build,
		make(o = {}) {
			const preconnector = new Preconnector({origin: url.origin, build: o.build ?? build, limit: o.limit ?? 8, baseDelayMs: 1, maxDelayMs: 4, now: o.now, idleStopMs: o.idleStopMs});
			made.push(preconnector);
			return preconnector;
		},
	};
}

function connectOnce(preconnector: Preconnector, options: ConnectOptions): Promise<Socket> {
	return new Promise((resolve, reject) => preconnector.connect(options, (error, socket) => (error ? reject(error) : resolve(socket!))));
}

/** Writes a line and waits until the backend has it. */
async function write(backend: ConnectionCounter, socket: Socket, text: string): Promise<void> {
	const before = backend.connections.reduce((n, c) => n + c.bytes, 0);
	socket.write(text);
	await backend.until(() => backend.connections.reduce((n, c) => n + c.bytes, 0) >= before + text.length, `"${text}"`);
}

test('want(n) opens n TLS connections with nothing sent on them; each is handed over once, and one more is opened fresh', async (t) => {
	const s = await setup(t);
	if (!s) return t.skip('openssl is not installed');
	const preconnector = s.make();
	await preconnector.want(3);
	await s.backend.until(() => s.backend.connections.length === 3, 'three connections');
	assert.deepEqual(
		s.backend.connections.map((c) => c.bytes),
		[0, 0, 0],
		'no byte before a request',
	);
	assert.deepEqual(preconnector.counts, {ready: 3, opening: 0, handed: 0});

	const sockets = await Promise.all([1, 2, 3, 4].map(() => connectOnce(preconnector, s.options)));
	t.after(() => sockets.forEach((socket) => socket.destroy()));
	assert.equal(new Set(sockets).size, 4, 'four different sockets');
	for (const [i, socket] of sockets.entries()) await write(s.backend, socket, `hello ${i}\n`);
	assert.equal(s.backend.connections.length, 4, 'three held and one opened when none was left');
	assert.deepEqual(
		s.backend.connections.map((c) => c.bytes),
		sockets.map((_s, i) => `hello ${i}\n`.length),
		'each connection carried what one socket wrote: none handed twice',
	);
	assert.equal(preconnector.opened, 3);
	assert.equal(preconnector.counts.handed, 4);
});

test("undici's pool takes the held connections for its requests (its servername and options match)", async (t) => {
	const s = await setup(t);
	if (!s) return t.skip('openssl is not installed');
	const preconnector = s.make();
	await preconnector.want(3);
	const pool = new Pool(s.origin, {connect: preconnector.connect, connections: 3});
	t.after(() => pool.close());
	const answers = await Promise.all([1, 2, 3].map((i) => pool.request({method: 'GET', path: `/users/${i}`}).then((r) => r.body.text())));
	assert.deepEqual(answers, ['ok', 'ok', 'ok']);
	assert.equal(s.backend.connections.length, 3, 'no handshake beyond the held ones');
	assert.equal(preconnector.opened, 3);
	assert.ok(s.backend.connections.every((c) => c.bytes > 0), 'every held connection carried a request');
});

test('a connection the server closes or half-closes while held is dropped and replaced, never handed over', async (t) => {
	const s = await setup(t);
	if (!s) return t.skip('openssl is not installed');
	const preconnector = s.make();
	await preconnector.want(2);
	await s.backend.until(() => s.backend.connections.length === 2, 'two connections');
	const [closed, halfClosed] = s.backend.connections as [ConnectionCounter['connections'][number], ConnectionCounter['connections'][number]];
	closed.end();
	halfClosed.end(true);
	await s.backend.until(() => halfClosed.clientEnded && closed.closed, 'the client close both');
	await s.backend.until(() => s.backend.connections.length === 4 && preconnector.counts.ready === 2, 'two replacements');

	const sockets = await Promise.all([connectOnce(preconnector, s.options), connectOnce(preconnector, s.options)]);
	t.after(() => sockets.forEach((socket) => socket.destroy()));
	for (const socket of sockets) await write(s.backend, socket, 'GET\n');
	assert.deepEqual(
		s.backend.connections.map((c) => c.bytes),
		[0, 0, 4, 4],
		'the closed ones carried nothing; the replacements carried the writes',
	);
});

test('never more connections than the limit, however many are wanted; a connect during the handshakes takes one of them', async (t) => {
	const s = await setup(t);
	if (!s) return t.skip('openssl is not installed');
	const preconnector = s.make({limit: 3});
	const wanting = preconnector.want(10);
	// Asked for while the three handshakes are in flight: it gets one of them, no fourth connection.
	const socket = await connectOnce(preconnector, s.options);
	t.after(() => socket.destroy());
	await wanting;
	await preconnector.want(10);
	await write(s.backend, socket, 'x');
	await s.backend.until(() => s.backend.connections.length === 3, 'three connections');
	assert.equal(preconnector.opened, 3);
	assert.deepEqual(preconnector.counts, {ready: 2, opening: 0, handed: 1});
});

test('close() ends the held connections and stops reopening; a connect after it is an ordinary one', async (t) => {
	const s = await setup(t);
	if (!s) return t.skip('openssl is not installed');
	const preconnector = s.make();
	await preconnector.want(3);
	await s.backend.until(() => s.backend.connections.length === 3, 'three connections');
	preconnector.close();
	await s.backend.until(() => s.backend.connections.every((c) => c.closed), 'the client close all three');
	await preconnector.want(3);
	assert.equal(s.backend.connections.length, 3, 'want after close opens nothing');
	const socket = await connectOnce(preconnector, s.options);
	t.after(() => socket.destroy());
	await write(s.backend, socket, 'x');
	assert.equal(s.backend.connections.length, 4);
	assert.equal(s.backend.connections[3]!.bytes, 1);
	assert.deepEqual(preconnector.counts, {ready: 0, opening: 0, handed: 0}, 'not held, not counted');
});

test('after idleStopMs with no want and no request, closed connections are not reopened; the next want reopens them', async (t) => {
	const s = await setup(t);
	if (!s) return t.skip('openssl is not installed');
	let clock = 0;
	const preconnector = s.make({now: () => clock, idleStopMs: 1_000});
	await preconnector.want(2);
	await s.backend.until(() => s.backend.connections.length === 2, 'two connections');
	clock += 1_001;
	for (const c of s.backend.connections) c.end();
	await s.backend.until(() => s.backend.connections.every((c) => c.closed) && preconnector.counts.ready === 0, 'both dropped');
	// The replacement timer (1 ms here) has had many turns to fire: nothing was opened.
	await new Promise((resolve) => setTimeout(resolve, 50));
	assert.equal(s.backend.connections.length, 2);
	await preconnector.want(2);
	await s.backend.until(() => s.backend.connections.length === 4, 'two new connections');
	assert.equal(preconnector.counts.ready, 2);
});

test("an untrusted certificate: nothing is held, and undici gets the same error its own connector gives", async (t) => {
	const s = await setup(t);
	if (!s) return t.skip('openssl is not installed');
	const untrusting = buildConnector({timeout: 5_000}) as Connector;
	const preconnector = s.make({build: untrusting});
	await preconnector.want(2);
	assert.equal(preconnector.counts.ready, 0);
	const direct = await new Promise<Error>((resolve) => untrusting(s.options, (...args) => resolve(args[0]!)));
	const error = await connectOnce(preconnector, s.options).then(
		() => assert.fail('an untrusted certificate was accepted'),
		(e: unknown) => e as Error & {code?: string},
	);
	assert.equal(error.code, (direct as Error & {code?: string}).code);
	assert.match(error.code ?? '', /SELF_SIGNED|UNABLE_TO_VERIFY/);
	assert.ok(s.backend.connections.every((c) => c.bytes === 0), 'nothing was sent on a connection that failed verification');
});
