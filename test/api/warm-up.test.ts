/**
 * The connection warm-up (Transport.warm): opens keep-alive connections the next requests reuse, sends no
 * credentials and nothing but a GET, runs one at a time, and never rejects. No timing is asserted: connections are
 * counted on the server side.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {MAX_CONNECTIONS, Transport, type Dialect} from '../../src/api/transport.js';
import {reply, startServer} from '../helpers/http-server.js';

const dialect: Dialect = {
	parseError: () => ({code: null, message: null}),
	rateLimitWaitMs: () => null,
	requestId: () => null,
};

test('warm(n) opens n connections with bare GETs (no token), and the next n parallel reads reuse them', async (t) => {
	const sockets = new Set<unknown>();
	const server = await startServer(t, (req, res) => {
		sockets.add(req.socket);
		reply(res, req.url === '/' ? 404 : 200, {ok: true});
	});
	const transport = new Transport({baseUrl: server.url, dialect, authorization: () => 'Bearer secret-token'});
	t.after(() => transport.close());

	await transport.warm(4);
	assert.equal(server.requests.length, 4);
	for (const r of server.requests) {
		assert.equal(r.method, 'GET', 'never HEAD (undici closes the connection after one) and never a mutation');
		assert.equal(r.url, '/');
		assert.equal(r.headers.authorization, undefined, 'the warm-up carries no credentials');
	}
	assert.equal(sockets.size, 4, 'one connection per warm-up request');
	// undici hands a connection back to its pool just after the answer's body ended: let that happen (no timing).
	await new Promise((resolve) => setImmediate(resolve));

	await Promise.all([1, 2, 3, 4].map((i) => transport.send({method: 'GET', path: `/users/${i}`})));
	assert.equal(sockets.size, 4, 'the reads went over the warm connections: no new handshake');
	assert.ok(server.requests.slice(4).every((r) => r.headers.authorization === 'Bearer secret-token'));
});

test('a request made while every warm-up is in flight is not queued behind them (a pasted email⏎ searches at once)', async (t) => {
	// The warm-ups' answers are held until the real request has arrived: queued behind them, it never would (the
	// server lets them go after 5 s so a failure is an assertion, not a hang).
	let arrived: () => void = () => undefined;
	const real = new Promise<void>((resolve) => (arrived = resolve));
	const order: string[] = [];
	const server = await startServer(t, (req, res) => {
		order.push(req.url ?? '');
		if (req.url === '/') void Promise.race([real, new Promise((r) => setTimeout(r, 5000))]).then(() => reply(res, 404, {}));
		else {
			arrived();
			reply(res, 200, {ok: true});
		}
	});
	const transport = new Transport({baseUrl: server.url, dialect, authorization: () => 'Bearer x'});
	t.after(() => transport.close());
	const warming = transport.warm(MAX_CONNECTIONS);
	await new Promise((resolve) => setTimeout(resolve, 20));
	await transport.send({method: 'GET', path: '/users/1'});
	await warming;
	assert.equal(order.filter((u) => u === '/').length, MAX_CONNECTIONS - 1, 'one connection is left for the real request');
	assert.equal(order.indexOf('/users/1'), MAX_CONNECTIONS - 1, 'the request was answered while the warm-ups were held');
});

test('warm-ups do not pile up: a second call while one runs shares it', async (t) => {
	const server = await startServer(t, (_req, res) => reply(res, 404, {}));
	const transport = new Transport({baseUrl: server.url, dialect, authorization: () => 'Bearer x'});
	t.after(() => transport.close());
	const first = transport.warm(2);
	const second = transport.warm(2);
	assert.equal(first, second);
	await first;
	assert.equal(server.requests.length, 2);
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

test('prepare() readies the HTTP client without a request or a connection', async (t) => {
	const sockets = new Set<unknown>();
	const server = await startServer(t, (req, res) => {
		sockets.add(req.socket);
		reply(res, 200, {ok: true});
	});
	const transport = new Transport({baseUrl: server.url, dialect, authorization: () => 'Bearer x'});
	t.after(() => transport.close());
	transport.prepare();
	await new Promise((resolve) => setTimeout(resolve, 200));
	assert.equal(server.requests.length, 0);
	await transport.send({method: 'GET', path: '/users/1'});
	assert.equal(server.requests.length, 1);
	assert.equal(sockets.size, 1);
});
