/**
 * Every request has a total deadline, retries included: a hung backend is given up on in that time (not once per
 * attempt), a body trickled a byte at a time is cut too (each byte arrives well within the per-chunk timeout), a
 * mutation cut by it is "outcome unknown", and a 429's wait is added to it (the backend asked for that time).
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import {once} from 'node:events';
import type {AddressInfo} from 'node:net';
import type {ApiError} from '../../src/api/errors.js';
import {Transport, type Timeouts} from '../../src/api/transport.js';
import type {WaitNotice} from '../../src/api/types.js';
import {wachtDialect} from '../../src/api/wacht/provider.js';

async function serve(t: TestContext, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
	const server = createServer(handler).listen(0, '127.0.0.1');
	await once(server, 'listening');
	t.after(() => {
		server.closeAllConnections();
		server.close();
	});
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function transport(t: TestContext, baseUrl: string, timeouts: Partial<Timeouts>): Transport {
	const tr = new Transport({baseUrl, authorization: () => 'Bearer sk_test_deadline0123456789', dialect: wachtDialect, timeouts, retry: {baseDelayMs: 1, maxDelayMs: 2}});
	t.after(() => tr.close());
	return tr;
}

const failure = (p: Promise<unknown>): Promise<ApiError> =>
	p.then(
		() => assert.fail('expected the request to fail'),
		(e: unknown) => e as ApiError,
	);

// undici checks its per-phase timeouts about once a second, so the headers timeout fires at ~1 s here.
test('a hung backend: a read gives up at its total deadline, retries included, and says when it will', async (t) => {
	let requests = 0;
	const url = await serve(t, () => void requests++);
	const notices: WaitNotice[] = [];
	const started = performance.now();
	const error = await failure(transport(t, url, {headersMs: 400, readTotalMs: 2500}).send({method: 'GET', path: '/users', onWait: (n) => notices.push(n)}));
	const ms = performance.now() - started;
	assert.equal(error.kind, 'timeout');
	assert.ok(ms >= 2450 && ms < 3000, `gave up after ${Math.round(ms)} ms`);
	assert.ok(requests >= 2, 'the first timeout was retried within the deadline');
	assert.equal(notices[0]?.reason, 'retrying');
	assert.ok(notices[0]!.givesUpInMs > 400 && notices[0]!.givesUpInMs <= 2100, `gives up in ${notices[0]!.givesUpInMs} ms`);
	assert.match(notices[0]!.message, /did not answer in time; retry 1, gives up in [1-2] s/);
});

function trickle(res: ServerResponse, status: number): void {
	res.writeHead(status, {'content-type': 'application/json'});
	const body = '{"data":[],"has_more":false}';
	let i = 0;
	const timer = setInterval(() => {
		if (res.destroyed) return clearInterval(timer);
		res.write(body[i++ % body.length]!);
	}, 100);
	res.on('close', () => clearInterval(timer));
}

test('a body trickled a byte at a time is cut at the deadline; a mutation cut so is outcome unknown', async (t) => {
	const url = await serve(t, (req, res) => {
		req.resume();
		trickle(res, 200);
	});
	const tr = transport(t, url, {bodyMs: 500, readTotalMs: 700, mutationTotalMs: 700});
	const started = performance.now();
	const read = await failure(tr.send({method: 'GET', path: '/users'}));
	assert.equal(read.kind, 'timeout');
	assert.match(read.message, /took longer than 1 s in all \(the answer was still arriving\)/);
	assert.ok(performance.now() - started < 1200, 'the per-chunk timeout never fires; the deadline did');
	assert.equal(read.outcomeUnknown, false);

	const write = await failure(tr.send({method: 'POST', path: '/users/1/sessions/revoke-all'}));
	assert.equal(write.kind, 'timeout');
	assert.equal(write.outcomeUnknown, true, 'a 200 status line came: the backend acted, the answer was cut');
	assert.equal(write.remedy, 'refresh');
});

test('a mutation with no answer by its deadline is outcome unknown', async (t) => {
	const url = await serve(t, (req) => req.resume());
	const error = await failure(transport(t, url, {mutationHeadersMs: 5000, mutationTotalMs: 400}).send({method: 'POST', path: '/users/1/disable'}));
	assert.equal(error.kind, 'timeout');
	assert.equal(error.outcomeUnknown, true);
	assert.match(error.hint, /sent but no answer came back/);
});

test("a 429's wait does not eat the deadline", async (t) => {
	let n = 0;
	const url = await serve(t, (req, res) => {
		req.resume();
		if (n++ === 0) {
			res.writeHead(429, {'content-type': 'application/json', 'retry-after': '1'});
			res.end('{"errors":[{"message":"Rate limit exceeded","code":429}]}');
		} else {
			res.writeHead(200, {'content-type': 'application/json'});
			res.end('{"data":[],"has_more":false}');
		}
	});
	const notices: WaitNotice[] = [];
	const res = await transport(t, url, {readTotalMs: 500}).send({method: 'GET', path: '/users', onWait: (x) => notices.push(x)});
	assert.equal(res.status, 200);
	assert.match(notices[0]!.message, /rate limited by the backend: waiting 1 s as it asks/);
	assert.ok(notices[0]!.givesUpInMs >= 1000, 'the deadline moved by the wait');
});
