/**
 * Connections held ready (Transport.warm / prepare, src/api/preconnect.ts): opened ahead with nothing sent on them,
 * used by the next requests, replaced when the server closes them, never more than the pool's limit, closed with the
 * transport, never keeping the process alive; through a proxy, the bare `GET /` warm-ups as before. What the backend
 * sees is asserted (connections, the bytes on each, requests), never a timing.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {MAX_CONNECTIONS, Transport, type DebugEvent, type Dialect} from '../../src/api/transport.js';
import {reply, startProxy, startServer} from '../helpers/http-server.js';
import {countConnections} from '../helpers/tcp-counter.js';
import {makeCert} from '../helpers/tls-cert.js';

// Loopback only: a developer's or CI's proxy variables must not reroute these (the proxy test sets its own).
const PROXY_VARS = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'] as const;
for (const name of PROXY_VARS) delete process.env[name];

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const dialect: Dialect = {
	parseError: () => ({code: null, message: null}),
	rateLimitWaitMs: () => null,
	requestId: () => null,
};

test('warm(n) holds n connections with no byte sent on them (no request, no token); the next n parallel reads go over them', async (t) => {
	const server = await startServer(t, (_req, res) => reply(res, 200, {ok: true}));
	const backend = await countConnections(t, server.url);
	const transport = new Transport({baseUrl: backend.url, dialect, authorization: () => 'Bearer secret-token'});
	t.after(() => transport.close());

	await transport.warm(4);
	await backend.until(() => backend.connections.length === 4, 'four connections');
	assert.deepEqual(
		backend.connections.map((c) => c.bytes),
		[0, 0, 0, 0],
		'held ready: nothing sent',
	);
	assert.equal(server.requests.length, 0);

	await Promise.all([1, 2, 3, 4].map((i) => transport.send({method: 'GET', path: `/users/${i}`})));
	assert.equal(backend.connections.length, 4, 'the reads went over the held connections: no new handshake');
	assert.ok(
		backend.connections.every((c) => c.bytes > 0),
		'each held connection carried a read',
	);
	assert.ok(server.requests.every((r) => r.headers.authorization === 'Bearer secret-token'));
});

test('a pasted email⏎: a request made while the connections are opening takes one of them; never more than MAX_CONNECTIONS', async (t) => {
	const server = await startServer(t, (_req, res) => reply(res, 200, {ok: true}));
	const backend = await countConnections(t, server.url);
	const transport = new Transport({baseUrl: backend.url, dialect, authorization: () => 'Bearer x'});
	t.after(() => transport.close());
	const warming = transport.warm(100);
	await transport.send({method: 'GET', path: '/users?query=ana'});
	await warming;
	await transport.warm(MAX_CONNECTIONS);
	await Promise.all(Array.from({length: MAX_CONNECTIONS}, (_x, i) => transport.send({method: 'GET', path: `/users/${i}`})));
	assert.equal(backend.connections.length, MAX_CONNECTIONS);
	assert.equal(server.requests.length, MAX_CONNECTIONS + 1);
});

test('a held connection the server closed is not used: the next request goes over a live one, at the first attempt', async (t) => {
	const server = await startServer(t, (_req, res) => reply(res, 200, {ok: true}));
	const backend = await countConnections(t, server.url);
	const attempts: DebugEvent[] = [];
	const transport = new Transport({baseUrl: backend.url, dialect, authorization: () => 'Bearer x', debug: (e) => attempts.push(e)});
	t.after(() => transport.close());
	await transport.warm(2);
	await backend.until(() => backend.connections.length === 2, 'two connections');
	const [first, second] = backend.connections;
	first!.end();
	second!.end(true);
	await backend.until(() => first!.closed && second!.clientEnded, 'the client close both');

	await transport.send({method: 'GET', path: '/users/1'});
	assert.deepEqual(
		attempts.map((a) => [a.attempt, a.status]),
		[[1, 200]],
		'no failed attempt, no retry',
	);
	assert.equal(first!.bytes + second!.bytes, 0, 'nothing was sent on the closed ones');
});

test('after a request, a connection the server closes (its keep-alive timeout) is replaced by one held ready', async (t) => {
	const server = await startServer(t, (_req, res) => reply(res, 200, {ok: true}));
	const backend = await countConnections(t, server.url);
	const transport = new Transport({baseUrl: backend.url, dialect, authorization: () => 'Bearer x'});
	t.after(() => transport.close());
	await transport.warm(1);
	await transport.send({method: 'GET', path: '/users/1'});
	const used = backend.connections[0]!;
	assert.ok(used.bytes > 0);
	used.end();
	await backend.until(() => backend.connections.length === 2 && !backend.connections[1]!.closed, 'a replacement');
	assert.equal(backend.connections[1]!.bytes, 0, 'held ready, nothing sent');
	await transport.send({method: 'GET', path: '/users/2'});
	assert.equal(backend.connections.length, 2, 'the next read used it');
});

test('close() closes every connection, held or used', async (t) => {
	const server = await startServer(t, (_req, res) => reply(res, 200, {ok: true}));
	const backend = await countConnections(t, server.url);
	const transport = new Transport({baseUrl: backend.url, dialect, authorization: () => 'Bearer x'});
	await transport.warm(3);
	await transport.send({method: 'GET', path: '/users/1'});
	await backend.until(() => backend.connections.length === 3, 'three connections');
	await transport.close();
	await backend.until(() => backend.connections.every((c) => c.closed), 'every connection closed');
	await transport.warm(3);
	assert.equal(backend.connections.length, 3, 'a closed transport opens nothing');
});

test('prepare(n) holds n connections without a request; the first request uses one', async (t) => {
	const server = await startServer(t, (_req, res) => reply(res, 200, {ok: true}));
	const backend = await countConnections(t, server.url);
	const transport = new Transport({baseUrl: backend.url, dialect, authorization: () => 'Bearer x'});
	t.after(() => transport.close());
	transport.prepare(2);
	await backend.until(() => backend.connections.length === 2, 'two connections');
	assert.equal(server.requests.length, 0);
	await transport.send({method: 'GET', path: '/users/1'});
	assert.equal(backend.connections.length, 2);
});

test('over HTTPS with the CA from NODE_EXTRA_CA_CERTS: held connections verified and used, and the process exits on its own', async (t) => {
	const cert = makeCert(t);
	if (!cert) return t.skip('openssl is not installed');
	const server = await startServer(t, (_req, res) => reply(res, 200, {ok: true}));
	const backend = await countConnections(t, server.url, {tls: cert});
	// A new process: Node reads NODE_EXTRA_CA_CERTS when it starts. It never closes its transport.
	const script = `
		import {Transport} from './src/api/transport.ts';
		const dialect = {parseError: () => ({code: null, message: null}), rateLimitWaitMs: () => null, requestId: () => null};
		const transport = new Transport({baseUrl: process.argv[1], dialect, authorization: () => 'Bearer x'});
		// Not awaited: a connect in flight is unref'd too, and would let a process with nothing else to do exit first.
		void transport.warm(3);
		const answers = await Promise.all([1, 2].map((i) => transport.send({method: 'GET', path: '/users/' + i})));
		console.log(JSON.stringify(answers.map((a) => a.status)));
	`;
	const env: NodeJS.ProcessEnv = {...process.env, NODE_EXTRA_CA_CERTS: cert.certPath};
	for (const name of PROXY_VARS) delete env[name];
	const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, backend.url], {cwd: ROOT, env});
	let out = '';
	let err = '';
	child.stdout.on('data', (c: Buffer) => (out += c.toString()));
	child.stderr.on('data', (c: Buffer) => (err += c.toString()));
	const killer = setTimeout(() => child.kill(), 20_000);
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	clearTimeout(killer);
	assert.equal(code, 0, `the process exited by itself (held connections are unref'd): ${err}`);
	assert.equal(out.trim(), '[200,200]');
	assert.equal(backend.connections.length, 3, 'three opened ahead, the reads took two of them: no handshake of their own');
	assert.equal(backend.connections.filter((c) => c.bytes > 0).length, 2);
});

test('through a proxy: no connection held; warm() sends the bare GET / warm-ups (no token), one connection left for a request', async (t) => {
	const server = await startServer(t, (req, res) => reply(res, req.url === '/' ? 404 : 200, {ok: true}));
	const proxy = await startProxy(t);
	const saved = new Map(PROXY_VARS.map((name) => [name, process.env[name]] as const));
	t.after(() => {
		for (const [name, value] of saved) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	});
	process.env['http_proxy'] = proxy.url;
	process.env['HTTP_PROXY'] = proxy.url;
	const transport = new Transport({baseUrl: server.url, dialect, authorization: () => 'Bearer x'});
	t.after(() => transport.close());
	transport.prepare(MAX_CONNECTIONS);
	await transport.send({method: 'GET', path: '/users/1'});
	assert.deepEqual(
		server.requests.map((r) => r.url),
		['/users/1'],
		'prepare sends nothing through a proxy',
	);
	await transport.warm(MAX_CONNECTIONS);
	const warmUps = server.requests.filter((r) => r.url === '/');
	assert.equal(warmUps.length, MAX_CONNECTIONS - 1);
	assert.ok(warmUps.every((r) => r.method === 'GET' && r.headers.authorization === undefined), 'bare GETs, no credentials');
	assert.ok(proxy.seen.length > 0, 'all of it went through the proxy');
});

test('a warm-up against a dead backend resolves quietly', async () => {
	const transport = new Transport({baseUrl: 'http://127.0.0.1:1', dialect, authorization: () => 'Bearer x', timeouts: {connectMs: 500}, retry: {getRetries: 0}});
	try {
		// The backend really is dead: a request to it fails…
		await assert.rejects(transport.send({method: 'GET', path: '/users'}), /refused|ECONNREFUSED|connect/i);
		// …and the warm-up, meeting the same failure three times, resolves with nothing to report.
		assert.equal(await transport.warm(3), undefined);
	} finally {
		await transport.close();
	}
});
