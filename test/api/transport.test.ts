/**
 * The transport against real loopback HTTP servers scripted per test: retry policy, 429 waits, connection
 * failures, timeouts, body parsing, cancellation, headers, secrets, sanitizing and the proxy.
 * Waits go through an injected `sleep` that records them, so nothing here sleeps for real (except short timeouts).
 */
import assert from 'node:assert/strict';
import {describe, it, type TestContext} from 'node:test';
import {inspect} from 'node:util';
import {ApiError} from '../../src/api/errors.js';
import {Transport, type Dialect, type Method, type RetryPolicy, type Timeouts, type TransportRequest} from '../../src/api/transport.js';
import type {WaitNotice} from '../../src/api/types.js';
import {wachtDialect} from '../../src/api/wacht/provider.js';
import {closedPort, handlers as h, reply, startProxy, startServer} from '../helpers/http-server.js';
import {allStrings, violations} from './sanitize-invariant.js';

// The tests talk to 127.0.0.1 directly: a developer's or CI's proxy variables must not reroute them. The proxy
// test sets its own. (EnvHttpProxyAgent reads http_proxy at construction and no_proxy on every request.)
const PROXY_VARS = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'] as const;
for (const name of PROXY_VARS) delete process.env[name];

const API_KEY = 'wk_live_7fQ2xSECRETtokenZ9';
const AUTH = `Bearer ${API_KEY}`;
const WACHT_429 = {errors: [{message: 'Rate limit exceeded. Retry after 17 seconds', code: 429}]};

interface Harness {
	readonly transport: Transport;
	/** Every wait the transport asked for, in ms. */
	readonly waits: number[];
	/** Every onWait notice (when the request used `harness.send`). */
	readonly notices: WaitNotice[];
	send(req: TransportRequest): ReturnType<Transport['send']>;
}

interface HarnessOptions {
	dialect?: Dialect;
	retry?: Partial<RetryPolicy>;
	timeouts?: Partial<Timeouts>;
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function harness(t: TestContext, baseUrl: string, options: HarnessOptions = {}): Harness {
	const waits: number[] = [];
	const notices: WaitNotice[] = [];
	const transport = new Transport({
		baseUrl,
		authorization: () => AUTH,
		dialect: options.dialect ?? wachtDialect,
		retry: options.retry,
		timeouts: options.timeouts,
		sleep: async (ms, signal) => {
			waits.push(ms);
			if (options.sleep) return options.sleep(ms, signal);
			if (signal?.aborted) throw signal.reason;
		},
	});
	t.after(() => transport.close());
	return {
		transport,
		waits,
		notices,
		send: (req) =>
			transport.send({
				...req,
				onWait: (notice) => {
					notices.push(notice);
					req.onWait?.(notice);
				},
			}),
	};
}

/** Any leak of the credential into what a log, a crash report or a screen could print. */
function assertNoSecret(error: ApiError): void {
	const renderings = {
		json: JSON.stringify(error),
		string: String(error),
		inspect: inspect(error, {depth: 10, showHidden: false}),
		inspectHidden: inspect(error, {depth: 10, showHidden: true}),
		stack: error.stack ?? '',
		summary: `${error.summary} ${error.hint}`,
	};
	for (const [how, text] of Object.entries(renderings)) {
		assert.ok(!text.includes(API_KEY), `the API key leaked through ${how}: ${text.slice(0, 400)}`);
	}
}

/** Awaits a rejection, checks that it is an ApiError that carries no secret, and returns it. */
async function apiError(promise: Promise<unknown>): Promise<ApiError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof ApiError, `expected an ApiError, got ${inspect(error)}`);
		assertNoSecret(error);
		return error;
	}
	assert.fail('expected the request to fail');
}

const ok = h.json(200, {ok: true});

describe('GET retries', () => {
	for (const status of [500, 502, 503, 504]) {
		it(`retries a GET after ${status}, then succeeds`, async (t) => {
			const server = await startServer(t, [h.wachtError(status, 'upstream trouble'), ok]);
			const api = harness(t, server.url);
			const res = await api.send({method: 'GET', path: '/users'});
			assert.equal(res.status, 200);
			assert.deepEqual(res.body, {ok: true});
			assert.equal(server.requests.length, 2);
			assert.equal(api.waits.length, 1);
			assert.deepEqual(
				api.notices.map((n) => [n.reason, n.attempt]),
				[['retrying', 1]],
			);
			assert.match(api.notices[0]!.message, new RegExp(`HTTP ${status}`));
		});
	}

	it('retries twice (3 requests) when the first two GETs fail', async (t) => {
		const server = await startServer(t, [h.wachtError(502, 'bad gateway'), h.wachtError(503, 'unavailable'), ok]);
		const api = harness(t, server.url);
		const res = await api.send({method: 'GET', path: '/users'});
		assert.deepEqual(res.body, {ok: true});
		assert.equal(server.requests.length, 3);
		assert.ok(server.requests.every((r) => r.method === 'GET' && r.url === '/users'));
	});

	it('gives up after getRetries extra attempts with the parsed Wacht message', async (t) => {
		const server = await startServer(t, h.wachtError(503, 'Service temporarily unavailable'));
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'GET', path: '/users'}));
		assert.equal(error.kind, 'http');
		assert.equal(error.status, 503);
		assert.equal(error.code, '503');
		assert.equal(error.message, 'Service temporarily unavailable');
		assert.equal(error.method, 'GET');
		assert.equal(error.path, '/users');
		assert.equal(error.outcomeUnknown, false);
		assert.equal(server.requests.length, 3, 'default getRetries is 2: one attempt plus two retries');
		// Jittered exponential backoff from baseDelayMs 250: [125, 250] then [250, 500].
		assert.equal(api.waits.length, 2);
		assert.ok(api.waits[0]! >= 125 && api.waits[0]! <= 250, `first backoff ${api.waits[0]}`);
		assert.ok(api.waits[1]! >= 250 && api.waits[1]! <= 500, `second backoff ${api.waits[1]}`);
	});

	it('follows a custom getRetries and caps the backoff at maxDelayMs', async (t) => {
		const server = await startServer(t, h.wachtError(500, 'boom'));
		const api = harness(t, server.url, {retry: {getRetries: 5, baseDelayMs: 100, maxDelayMs: 300}});
		const error = await apiError(api.send({method: 'GET', path: '/x'}));
		assert.equal(error.status, 500);
		assert.equal(server.requests.length, 6);
		assert.equal(api.waits.length, 5);
		assert.ok(api.waits.every((ms) => ms <= 300), `waits ${api.waits.join(',')}`);
	});

	it('does not retry a GET that got a 4xx', async (t) => {
		const server = await startServer(t, h.wachtError(404, 'User not found'));
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'GET', path: '/users/1'}));
		assert.equal(error.status, 404);
		assert.equal(error.message, 'User not found');
		assert.equal(server.requests.length, 1);
		assert.deepEqual(api.waits, []);
	});

	it('hands a status listed in `accept` back as a response', async (t) => {
		const server = await startServer(t, h.wachtError(404, 'User not found'));
		const api = harness(t, server.url);
		const res = await api.send({method: 'GET', path: '/users/1', accept: [404]});
		assert.equal(res.status, 404);
		assert.deepEqual(res.body, {errors: [{message: 'User not found', code: 404}]});
	});
});

describe('mutations are never retried on errors', () => {
	for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const satisfies readonly Method[]) {
		it(`${method} that gets a 500 is sent exactly once`, async (t) => {
			const server = await startServer(t, [h.wachtError(500, 'Internal failure'), ok]);
			const api = harness(t, server.url);
			const error = await apiError(api.send({method, path: '/users/1/sessions', json: method === 'DELETE' ? undefined : {a: 1}}));
			assert.equal(error.kind, 'http');
			assert.equal(error.status, 500);
			assert.equal(error.message, 'Internal failure');
			assert.equal(error.method, method);
			assert.equal(server.requests.length, 1);
			assert.equal(server.requests[0]!.method, method);
			assert.deepEqual(api.waits, []);
			assert.deepEqual(api.notices, []);
		});
	}

	it('DELETE that gets a 503 is sent exactly once', async (t) => {
		const server = await startServer(t, [h.wachtError(503, 'unavailable'), ok]);
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'DELETE', path: '/users/1'}));
		assert.equal(error.status, 503);
		assert.equal(server.requests.length, 1);
	});
});

describe('429 rate limiting', () => {
	it('POST: waits what the Wacht body says, tells the caller, re-sends and succeeds', async (t) => {
		const server = await startServer(t, [h.json(429, WACHT_429), h.json(200, {id: 'sess_1', revoked: true})]);
		const api = harness(t, server.url);
		const res = await api.send({method: 'POST', path: '/sessions/1/revoke', json: {reason: 'triage'}});
		assert.deepEqual(res.body, {id: 'sess_1', revoked: true});
		assert.deepEqual(api.waits, [17_000]);
		assert.equal(api.notices.length, 1);
		assert.equal(api.notices[0]!.reason, 'rate_limited');
		assert.equal(api.notices[0]!.ms, 17_000);
		assert.equal(api.notices[0]!.attempt, 1);
		assert.match(api.notices[0]!.message, /waiting 17 s/);
		assert.equal(server.requests.length, 2);
		assert.ok(server.requests.every((r) => r.method === 'POST' && r.text === '{"reason":"triage"}'));
	});

	it('honours a Retry-After header when the message has no number', async (t) => {
		const server = await startServer(t, [h.wachtError(429, 'Too many requests', {'retry-after': '3'}), ok]);
		const api = harness(t, server.url);
		const res = await api.send({method: 'PATCH', path: '/users/1', json: {first_name: 'Zoë'}});
		assert.deepEqual(res.body, {ok: true});
		assert.deepEqual(api.waits, [3_000]);
		assert.deepEqual(
			api.notices.map((n) => [n.reason, n.ms]),
			[['rate_limited', 3_000]],
		);
		assert.equal(server.requests.length, 2);
	});

	it('falls back to defaultRateLimitWaitMs when the 429 does not say', async (t) => {
		const server = await startServer(t, [h.wachtError(429, 'Too many requests'), ok]);
		const api = harness(t, server.url, {retry: {defaultRateLimitWaitMs: 1_234}});
		await api.send({method: 'GET', path: '/users'});
		assert.deepEqual(api.waits, [1_234]);
	});

	it('does not wait longer than maxRateLimitWaitMs: the error goes to the caller with retryAfterMs', async (t) => {
		const server = await startServer(t, [h.wachtError(429, 'Rate limit exceeded. Retry after 120 seconds'), ok]);
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'GET', path: '/users'}));
		assert.equal(error.kind, 'http');
		assert.equal(error.status, 429);
		assert.equal(error.retryAfterMs, 120_000);
		assert.deepEqual(api.waits, [], 'neither a rate-limit wait nor a GET retry');
		assert.equal(server.requests.length, 1);
	});

	it('gives up after rateLimitWaits consecutive 429s', async (t) => {
		const server = await startServer(t, h.json(429, WACHT_429));
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'POST', path: '/users/1/sessions/revoke'}));
		assert.equal(error.status, 429);
		assert.equal(error.retryAfterMs, 17_000);
		assert.equal(server.requests.length, 4, 'default rateLimitWaits is 3: the first try and three waits');
		assert.deepEqual(api.waits, [17_000, 17_000, 17_000]);
		assert.deepEqual(
			api.notices.map((n) => n.attempt),
			[1, 2, 3],
		);
	});

	it('follows a custom rateLimitWaits', async (t) => {
		const server = await startServer(t, h.json(429, WACHT_429));
		const api = harness(t, server.url, {retry: {rateLimitWaits: 1}});
		await apiError(api.send({method: 'DELETE', path: '/users/1'}));
		assert.equal(server.requests.length, 2);
	});
});

describe('connection failures', () => {
	it('a GET whose connection is reset is retried and then succeeds', async (t) => {
		const server = await startServer(t, [h.reset(), ok]);
		const api = harness(t, server.url);
		const res = await api.send({method: 'GET', path: '/users'});
		assert.deepEqual(res.body, {ok: true});
		assert.equal(server.requests.length, 2);
		assert.equal(api.notices[0]?.reason, 'retrying');
	});

	it('a GET reset every time ends as a network error after the retries', async (t) => {
		const server = await startServer(t, h.reset());
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'GET', path: '/users'}));
		assert.equal(error.kind, 'network');
		assert.equal(error.outcomeUnknown, false);
		assert.equal(server.requests.length, 3);
	});

	it('a POST whose connection is reset is not retried and its outcome is unknown', async (t) => {
		const server = await startServer(t, [h.reset(), ok]);
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'POST', path: '/users/1/lock', json: {}}));
		assert.equal(error.kind, 'network');
		assert.equal(error.outcomeUnknown, true);
		assert.equal(error.status, null);
		assert.equal(server.requests.length, 1);
		assert.deepEqual(api.waits, []);
		assert.equal(error.remedy, 'refresh', 'read again before trying again');
	});

	it('a POST to a closed port is refused and known not to have been applied', async (t) => {
		const port = await closedPort();
		const api = harness(t, `http://127.0.0.1:${port}`);
		const error = await apiError(api.send({method: 'POST', path: '/users/1/lock', json: {}}));
		assert.equal(error.kind, 'network');
		assert.equal(error.outcomeUnknown, false);
		assert.match(error.message, /refused/);
		assert.deepEqual(api.waits, []);
	});

	it('a GET to a closed port is retried, then reported as refused', async (t) => {
		const port = await closedPort();
		const api = harness(t, `http://127.0.0.1:${port}`);
		const error = await apiError(api.send({method: 'GET', path: '/users'}));
		assert.equal(error.kind, 'network');
		assert.match(error.message, /refused/);
		assert.equal(api.waits.length, 2);
	});
});

// undici checks headers and body timeouts on a coarse timer (about 0.5 s ticks, lib/util/timers.js), so a 100 ms
// timeout fires after 0.5–1 s. These tests use their own servers and run concurrently to keep the suite short.
describe('timeouts', {concurrency: true}, () => {
	const fast = {headersMs: 100, mutationHeadersMs: 100, bodyMs: 100} satisfies Partial<Timeouts>;

	it('a GET that never gets headers times out after its retries', async (t) => {
		const server = await startServer(t, h.hang());
		const api = harness(t, server.url, {timeouts: fast, retry: {getRetries: 1}});
		const error = await apiError(api.send({method: 'GET', path: '/users'}));
		assert.equal(error.kind, 'timeout');
		assert.equal(error.outcomeUnknown, false);
		assert.equal(server.requests.length, 2);
		assert.equal(api.notices[0]?.reason, 'retrying');
	});

	it('a POST that never gets headers is sent once and its outcome is unknown', async (t) => {
		const server = await startServer(t, h.hang());
		const api = harness(t, server.url, {timeouts: fast});
		const error = await apiError(api.send({method: 'POST', path: '/users/1/lock', json: {}}));
		assert.equal(error.kind, 'timeout');
		assert.equal(error.outcomeUnknown, true);
		assert.equal(server.requests.length, 1);
		assert.deepEqual(api.waits, []);
	});

	it('a mutation gets mutationHeadersMs, not the shorter read timeout', async (t) => {
		// 1.2 s: past the latest a 50 ms timeout can fire on undici's 0.5 s ticks, well within the 5 s one.
		const server = await startServer(t, (_req, res) => {
			setTimeout(() => reply(res, 200, {ok: true}), 1_200);
		});
		const api = harness(t, server.url, {timeouts: {headersMs: 50, mutationHeadersMs: 5_000}});
		const res = await api.send({method: 'POST', path: '/slow', json: {}});
		assert.deepEqual(res.body, {ok: true});
	});

	it('a body that stalls hits the body timeout', async (t) => {
		const server = await startServer(t, (_req, res) => {
			res.writeHead(200, {'content-type': 'application/json', 'content-length': 100});
			res.write('{"a":');
		});
		const api = harness(t, server.url, {timeouts: fast, retry: {getRetries: 0}});
		const error = await apiError(api.send({method: 'GET', path: '/stall'}));
		assert.ok(error.kind === 'timeout' || error.kind === 'network', `kind ${error.kind}`);
		assert.equal(server.requests.length, 1);
	});
});

describe('bodies cut short', () => {
	it('a GET whose body is cut mid-way is retried and then succeeds', async (t) => {
		const server = await startServer(t, [h.truncated(200), h.json(200, {data: [{id: '1'}]})]);
		const api = harness(t, server.url);
		const res = await api.send({method: 'GET', path: '/users'});
		assert.deepEqual(res.body, {data: [{id: '1'}]});
		assert.equal(server.requests.length, 2);
	});

	it('a POST that got a 200 whose body is cut is not re-sent and its outcome is unknown', async (t) => {
		const server = await startServer(t, [h.truncated(200), ok]);
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'POST', path: '/users/1/lock', json: {}}));
		assert.equal(error.kind, 'network');
		assert.equal(error.status, 200);
		assert.equal(error.outcomeUnknown, true);
		assert.equal(server.requests.length, 1);
		assert.deepEqual(api.waits, []);
	});
});

describe('body parsing', () => {
	const notJson = h.json(200, '{"data": [ {"id": "1", ');

	it('a GET with malformed JSON is retried and then succeeds', async (t) => {
		const server = await startServer(t, [notJson, ok]);
		const api = harness(t, server.url);
		const res = await api.send({method: 'GET', path: '/users'});
		assert.deepEqual(res.body, {ok: true});
		assert.equal(server.requests.length, 2);
	});

	it('persistently malformed JSON ends as kind malformed', async (t) => {
		const server = await startServer(t, notJson);
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'GET', path: '/users'}));
		assert.equal(error.kind, 'malformed');
		assert.equal(error.status, 200);
		assert.match(error.message, /cut short or broken/);
		assert.equal(server.requests.length, 3);
	});

	it('a POST with a malformed 2xx body is not re-sent', async (t) => {
		const server = await startServer(t, [notJson, ok]);
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'POST', path: '/x', json: {}}));
		assert.equal(error.kind, 'malformed');
		assert.equal(server.requests.length, 1);
	});

	it('an HTML error page with 502 is described by its title', async (t) => {
		const page = '<!DOCTYPE html><html><head><title>Corp Gateway: upstream unreachable</title></head><body><h1>502</h1></body></html>';
		const server = await startServer(t, (_req, res) => {
			res.writeHead(502, {'content-type': 'text/html'});
			res.end(page);
		});
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'GET', path: '/users'}));
		assert.equal(error.kind, 'http');
		assert.equal(error.status, 502);
		assert.match(error.message, /HTML error page/);
		assert.match(error.message, /Corp Gateway: upstream unreachable/);
		assert.equal(server.requests.length, 3, '502 stays retryable for a GET');
	});

	it('an HTML title with control characters is sanitized in the message', async (t) => {
		const server = await startServer(t, (_req, res) => {
			res.writeHead(502, {'content-type': 'text/html'});
			res.end('<html><title>Bad\u001b]0;pwned\u0007 Gateway</title></html>');
		});
		const api = harness(t, server.url, {retry: {getRetries: 0}});
		const error = await apiError(api.send({method: 'GET', path: '/users'}));
		assert.deepEqual(violations(error.message), []);
		assert.match(error.message, /Bad␛\]0;pwned\^G Gateway/);
	});

	it('an empty 200 body is null', async (t) => {
		const server = await startServer(t, (_req, res) => {
			res.writeHead(200, {'content-length': 0});
			res.end();
		});
		const api = harness(t, server.url);
		const res = await api.send({method: 'GET', path: '/users'});
		assert.equal(res.status, 200);
		assert.equal(res.body, null);
	});

	it('a 204 is a null body', async (t) => {
		const server = await startServer(t, (_req, res) => {
			res.writeHead(204);
			res.end();
		});
		const api = harness(t, server.url);
		const res = await api.send({method: 'DELETE', path: '/users/1/sessions/2'});
		assert.equal(res.status, 204);
		assert.equal(res.body, null);
	});

	it('{} is {}', async (t) => {
		const server = await startServer(t, h.json(200, '{}'));
		const api = harness(t, server.url);
		const res = await api.send({method: 'GET', path: '/users'});
		assert.deepEqual(res.body, {});
	});
});

describe('cancellation', () => {
	it('aborting while waiting for the answer rejects with kind aborted and no retry', async (t) => {
		const controller = new AbortController();
		const server = await startServer(t, () => {
			setTimeout(() => controller.abort(), 20);
		});
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'GET', path: '/users', signal: controller.signal}));
		assert.equal(error.kind, 'aborted');
		assert.equal(server.requests.length, 1);
		assert.deepEqual(api.waits, []);
		assert.deepEqual(api.notices, []);
	});

	it('aborting while the body is arriving rejects with kind aborted and no retry', async (t) => {
		const controller = new AbortController();
		const server = await startServer(t, (_req, res) => {
			res.writeHead(200, {'content-type': 'application/json', 'content-length': 1000});
			res.write('{"data":[', () => setTimeout(() => controller.abort(), 30));
		});
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'GET', path: '/users', signal: controller.signal}));
		assert.equal(error.kind, 'aborted');
		assert.equal(server.requests.length, 1);
		assert.deepEqual(api.notices, [], 'a cancelled read is not announced as a retry');
	});

	it('a POST cancelled while its 200 body is arriving is aborted, not re-sent, outcome unknown', async (t) => {
		const controller = new AbortController();
		const server = await startServer(t, (_req, res) => {
			res.writeHead(200, {'content-type': 'application/json', 'content-length': 1000});
			res.write('{"id":', () => setTimeout(() => controller.abort(), 30));
		});
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'POST', path: '/x', json: {}, signal: controller.signal}));
		assert.equal(error.kind, 'aborted');
		assert.equal(error.status, 200);
		assert.equal(error.outcomeUnknown, true);
		assert.equal(server.requests.length, 1);
	});

	it('an already-aborted signal sends nothing', async (t) => {
		const server = await startServer(t, ok);
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'GET', path: '/users', signal: AbortSignal.abort()}));
		assert.equal(error.kind, 'aborted');
		assert.equal(server.requests.length, 0);
	});

	it('aborting during a 429 wait stops the wait', {timeout: 5_000}, async (t) => {
		const controller = new AbortController();
		const server = await startServer(t, [h.json(429, WACHT_429), ok]);
		// A real, abortable 17 s wait: the test only finishes quickly if the abort cuts it short.
		const api = harness(t, server.url, {
			sleep: (ms, signal) =>
				new Promise<void>((resolve, reject) => {
					const timer = setTimeout(resolve, ms);
					signal?.addEventListener('abort', () => {
						clearTimeout(timer);
						reject(signal.reason);
					});
				}),
		});
		const started = Date.now();
		const error = await apiError(
			api.send({method: 'POST', path: '/x', json: {}, signal: controller.signal, onWait: () => setTimeout(() => controller.abort(), 20)}),
		);
		assert.equal(error.kind, 'aborted');
		assert.equal(error.status, 429);
		assert.ok(Date.now() - started < 2_000, 'the wait was cut short');
		assert.deepEqual(api.waits, [17_000]);
		assert.equal(server.requests.length, 1, 'nothing re-sent after the cancel');
	});
});

describe('request headers', () => {
	it('a GET carries user-agent, accept, authorization and a client request id', async (t) => {
		const server = await startServer(t, ok);
		const api = harness(t, server.url);
		const res = await api.send({method: 'GET', path: '/users', query: {search: 'zoë', limit: 5, offset: undefined, x: null}});
		const sent = server.requests[0]!;
		assert.equal(sent.method, 'GET');
		assert.equal(sent.url, '/users?search=zo%C3%AB&limit=5');
		assert.match(sent.headers['user-agent'] ?? '', /^account-triage\/\d+\.\d+\.\d+ node\/\d+/);
		assert.equal(sent.headers['accept'], 'application/json');
		assert.equal(sent.headers['authorization'], AUTH);
		assert.equal(sent.headers['content-type'], undefined);
		const id = sent.headers['x-request-id'];
		assert.equal(typeof id, 'string');
		assert.match(id as string, /^at-[0-9a-f-]{36}$/);
		assert.equal(res.requestId, id, 'Wacht echoes no id, so the one we sent is the request id');
		assert.match(res.at, /^\d{4}-\d\d-\d\dT/);
	});

	it('each attempt gets its own request id', async (t) => {
		const server = await startServer(t, [h.wachtError(503, 'x'), ok]);
		const api = harness(t, server.url);
		const res = await api.send({method: 'GET', path: '/users'});
		const [first, second] = server.requests.map((r) => r.headers['x-request-id']);
		assert.notEqual(first, second);
		assert.equal(res.requestId, second);
	});

	it('an error carries the request id that was sent', async (t) => {
		const server = await startServer(t, h.wachtError(500, 'boom'));
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'POST', path: '/x', json: {}}));
		assert.equal(error.requestId, server.requests[0]!.headers['x-request-id']);
		assert.match(error.requestId ?? '', /^at-/);
		assert.equal(JSON.parse(JSON.stringify(error)).requestId, error.requestId);
	});

	it('a network error carries the request id that was sent', async (t) => {
		const server = await startServer(t, h.reset());
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'POST', path: '/x', json: {}}));
		assert.equal(error.requestId, server.requests[0]!.headers['x-request-id']);
	});

	it("the backend's own request id wins over ours", async (t) => {
		const server = await startServer(t, h.json(200, {ok: true}, {'x-request-id': 'srv-42'}));
		const api = harness(t, server.url);
		const res = await api.send({method: 'GET', path: '/users'});
		assert.equal(res.requestId, 'srv-42');
	});

	it('a dialect without clientRequestIdHeader sends no request id', async (t) => {
		const server = await startServer(t, ok);
		const api = harness(t, server.url, {dialect: {...wachtDialect, clientRequestIdHeader: undefined}});
		const res = await api.send({method: 'GET', path: '/users'});
		assert.equal(server.requests[0]!.headers['x-request-id'], undefined);
		assert.equal(res.requestId, null);
	});

	it('a JSON body is sent as application/json', async (t) => {
		const server = await startServer(t, ok);
		const api = harness(t, server.url);
		await api.send({method: 'PATCH', path: '/users/1', json: {first_name: 'Zoë', tags: [1, 2]}});
		const sent = server.requests[0]!;
		assert.equal(sent.method, 'PATCH');
		assert.equal(sent.headers['content-type'], 'application/json');
		assert.deepEqual(JSON.parse(sent.text), {first_name: 'Zoë', tags: [1, 2]});
		assert.equal(sent.headers['authorization'], AUTH);
	});

	it('a form is sent as multipart/form-data', async (t) => {
		const server = await startServer(t, ok);
		const api = harness(t, server.url);
		await api.send({method: 'POST', path: '/users/1/passkeys', form: {name: 'YubiKey 5', note: 'desk'}});
		const sent = server.requests[0]!;
		const type = sent.headers['content-type'] ?? '';
		assert.match(type, /^multipart\/form-data; boundary=/);
		assert.match(sent.text, /name="name"\r\n\r\nYubiKey 5\r\n/);
		assert.match(sent.text, /name="note"\r\n\r\ndesk\r\n/);
	});

	it('a bodiless POST says content-length: 0', async (t) => {
		const server = await startServer(t, ok);
		const api = harness(t, server.url);
		await api.send({method: 'POST', path: '/users/1/sessions/revoke'});
		const sent = server.requests[0]!;
		assert.equal(sent.headers['content-length'], '0');
		assert.equal(sent.headers['content-type'], undefined);
		assert.equal(sent.body.length, 0);
	});
});

describe('secrets', () => {
	it('access_token and refresh_token are dropped at any depth (wachtDialect)', async (t) => {
		const body = {
			access_token: 'top-level-at',
			data: [
				{
					id: 'sc_1',
					provider: 'google',
					access_token: 'ya29.AT-1',
					refresh_token: '1//RT-1',
					nested: {list: [{access_token: 'deep-at', refresh_token: 'deep-rt', keep: 'yes'}]},
				},
				{id: 'sc_2', tokens: [[{refresh_token: 'deeper-rt'}]]},
			],
		};
		const server = await startServer(t, h.json(200, body));
		const api = harness(t, server.url);
		const res = await api.send({method: 'GET', path: '/users/1/social-connections'});
		const text = JSON.stringify(res.body);
		for (const needle of ['access_token', 'refresh_token', 'top-level-at', 'ya29', '1//RT-1', 'deep-at', 'deep-rt', 'deeper-rt']) {
			assert.ok(!text.includes(needle), `${needle} survived: ${text}`);
		}
		assert.deepEqual(res.body, {
			data: [
				{id: 'sc_1', provider: 'google', nested: {list: [{keep: 'yes'}]}},
				{id: 'sc_2', tokens: [[{}]]},
			],
		});
	});

	it('the authorization value is in no rendering of a 500 error', async (t) => {
		const server = await startServer(t, h.wachtError(500, 'boom'));
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'POST', path: '/x', json: {}}));
		assertNoSecret(error);
		assert.ok(!inspect(error, {depth: 10}).includes('authorization'));
	});

	it('the authorization value is in no rendering of a reset error (which carries an undici cause)', async (t) => {
		const server = await startServer(t, h.reset());
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'POST', path: '/x', json: {}}));
		assert.ok(error.cause !== undefined, 'the reset error keeps its cause for debugging');
		assertNoSecret(error);
	});

	// Every ApiError in this file also goes through assertNoSecret (see apiError), timeouts and aborts included.
	it('the authorization value is in no rendering of a body error', async (t) => {
		const cut = await startServer(t, h.truncated(200));
		assertNoSecret(await apiError(harness(t, cut.url).send({method: 'POST', path: '/x', json: {}})));
	});

	it('the authorization value is not an enumerable part of the transport', async (t) => {
		const server = await startServer(t, ok);
		const api = harness(t, server.url);
		assert.ok(!inspect(api.transport, {depth: 10}).includes(API_KEY));
	});
});

describe('sanitizing response text', () => {
	const hostile = {
		csi: 'ok\u001b[2J\u001b[31mred\u001b[0m',
		title: 'A\u001b]0;pwned\u0007B',
		clipboard: '\u001b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007',
		link: '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\',
		cr: 'ACTIVE\rDELETED',
		bell: 'ding\u0007',
		c1: 'x\u009b2Jy',
		bidi: 'user\u202Egnp.exe',
		zwsp: 'adm\u200Bin',
		nul: 'a\u0000b',
		del: 'a\u007fb',
	};

	it('strings come back with no raw control, bidi or zero-width characters, and tampering visible', async (t) => {
		const server = await startServer(t, h.json(200, {data: [hostile], meta: {nested: [[hostile.title]]}}));
		const api = harness(t, server.url);
		const res = await api.send({method: 'GET', path: '/users'});
		for (const s of allStrings(res.body)) assert.deepEqual(violations(s), [], JSON.stringify(s));
		const got = (res.body as {data: Record<string, string>[]}).data[0]!;
		assert.equal(got['title'], 'A␛]0;pwned^GB');
		assert.equal(got['cr'], 'ACTIVE^MDELETED');
		assert.match(got['zwsp']!, /^adm.*U\+200B.*in$/);
		assert.match(got['bidi']!, /U\+202E/);
		assert.match(got['c1']!, /U\+009B/);
		assert.ok(got['csi']!.includes('␛[2J'));
	});

	it('object keys are sanitized too', async (t) => {
		const server = await startServer(t, h.json(200, {public_metadata: {'\u001b]0;pwned\u0007': 'v', 'adm\u200Bin': true}}));
		const api = harness(t, server.url);
		const res = await api.send({method: 'GET', path: '/users/1'});
		for (const s of allStrings(res.body)) assert.deepEqual(violations(s), [], JSON.stringify(s));
		const keys = Object.keys((res.body as {public_metadata: object}).public_metadata);
		assert.ok(keys.includes('␛]0;pwned^G'), keys.join(' | '));
		assert.ok(keys.some((k) => k.includes('U+200B')), keys.join(' | '));
	});

	it('a "__proto__" key stays a plain own property', async (t) => {
		const server = await startServer(t, h.json(200, '{"meta":{"__proto__":{"polluted":true},"k\\u001b":1}}'));
		const api = harness(t, server.url);
		const res = await api.send({method: 'GET', path: '/x'});
		const meta = (res.body as {meta: Record<string, unknown>}).meta;
		assert.equal(Object.getPrototypeOf(meta), Object.prototype);
		assert.equal((meta as {polluted?: unknown}).polluted, undefined);
		assert.ok(Object.hasOwn(meta, '__proto__'));
		assert.equal(({} as {polluted?: unknown}).polluted, undefined);
	});

	it('error messages from the backend are sanitized', async (t) => {
		const server = await startServer(t, h.wachtError(400, 'Invalid\u001b[2J email\r\u202Eevil'));
		const api = harness(t, server.url);
		const error = await apiError(api.send({method: 'POST', path: '/users', json: {}}));
		assert.deepEqual(violations(error.message), []);
		assert.deepEqual(violations(error.summary), []);
		assert.match(error.message, /^Invalid␛\[2J email\^M/);
	});
});

describe('proxy', () => {
	it('goes through http_proxy from the environment', async (t) => {
		const target = await startServer(t, h.json(200, {via: 'origin'}));
		const proxy = await startProxy(t);
		const saved = new Map(PROXY_VARS.map((name) => [name, process.env[name]] as const));
		t.after(() => {
			for (const [name, value] of saved) {
				if (value === undefined) delete process.env[name];
				else process.env[name] = value;
			}
		});
		// EnvHttpProxyAgent reads http_proxy when it is constructed, and no_proxy on every request; it has no
		// built-in loopback exception, so 127.0.0.1 is proxied as long as no_proxy does not list it (keep it unset).
		process.env['http_proxy'] = proxy.url;
		process.env['HTTP_PROXY'] = proxy.url;
		delete process.env['no_proxy'];
		delete process.env['NO_PROXY'];
		const api = harness(t, target.url);
		const res = await api.send({method: 'GET', path: '/users/1'});
		assert.deepEqual(res.body, {via: 'origin'});
		assert.equal(target.requests.length, 1);
		assert.equal(target.requests[0]!.headers['authorization'], AUTH, 'the origin got the request');
		// undici 7's ProxyAgent tunnels with CONNECT even for plain-http targets (proxyTunnel defaults to true);
		// a forward proxy would see the absolute-form URL instead. Either way the proxy must have carried it.
		const host = `127.0.0.1:${target.port}`;
		assert.ok(
			proxy.seen.some((s) => (s.kind === 'connect' && s.target === host) || (s.kind === 'forward' && s.target === `http://${host}/users/1`)),
			JSON.stringify(proxy.seen.map((s) => [s.kind, s.target])),
		);
		// The proxy sees the tunnel or the request line, never the credential in a proxy header.
		for (const s of proxy.seen) {
			if (s.kind === 'connect') assert.equal(s.headers['authorization'], undefined);
		}
	});

	it('no_proxy listing the host bypasses the proxy', async (t) => {
		const target = await startServer(t, ok);
		const proxy = await startProxy(t);
		const saved = new Map(PROXY_VARS.map((name) => [name, process.env[name]] as const));
		t.after(() => {
			for (const [name, value] of saved) {
				if (value === undefined) delete process.env[name];
				else process.env[name] = value;
			}
		});
		process.env['http_proxy'] = proxy.url;
		process.env['no_proxy'] = '127.0.0.1';
		const api = harness(t, target.url);
		await api.send({method: 'GET', path: '/users'});
		assert.equal(target.requests.length, 1);
		assert.deepEqual(proxy.seen, []);
	});
});


describe('TLS', () => {
	it('an untrusted certificate says so, names the fix, is not retried and is known not to have been sent', async (t) => {
		const {execFileSync} = await import('node:child_process');
		const {mkdtempSync, readFileSync, rmSync} = await import('node:fs');
		const {tmpdir} = await import('node:os');
		const {join} = await import('node:path');
		const https = await import('node:https');
		const dir = mkdtempSync(join(tmpdir(), 'tls-'));
		t.after(() => rmSync(dir, {recursive: true, force: true}));
		try {
			execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], {stdio: 'ignore'});
		} catch {
			t.skip('openssl is not installed');
			return;
		}
		let hits = 0;
		const server = https.createServer({key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem'))}, (_req, res) => {
			hits++;
			res.end('{}');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		t.after(() => server.close());
		const port = (server.address() as {port: number}).port;
		const {send, waits} = harness(t, `https://127.0.0.1:${port}`);
		for (const method of ['GET', 'DELETE'] as const) {
			const error = await send({method, path: '/users'}).then(
				() => assert.fail('should not succeed'),
				(e: unknown) => e as ApiError,
			);
			assert.equal(error.kind, 'network');
			assert.match(error.message, new RegExp(`TLS: the certificate of 127\\.0\\.0\\.1:${port} is not trusted here \\((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\\); .*NODE_EXTRA_CA_CERTS`));
			assert.equal(error.outcomeUnknown, false, `${method}: the handshake failed, nothing was sent`);
		}
		assert.equal(hits, 0);
		assert.deepEqual(waits, [], 'a certificate problem is not retried');
	});
});
