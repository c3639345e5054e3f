/**
 * The Wacht provider's error paths against the Wacht simulator over real loopback HTTP, with faults injected
 * through `sim.faults`: authentication, 429 waits, retries of reads (and none of mutations), dropped connections
 * after a mutation was applied, unreadable bodies, HTML pages, request ids; plus a cross-check with the official
 * SDK (@wacht/backend). Each test checks what the caller gets AND what the simulator received and holds.
 * Waits go through an injected `sleep` that records them and returns at once.
 */
import assert from 'node:assert/strict';
import {describe, it, type TestContext} from 'node:test';
import {inspect} from 'node:util';
import {WachtClient} from '@wacht/backend';
import {ApiError} from '../../src/api/errors.js';
import type {WaitNotice} from '../../src/api/types.js';
import {WachtProvider, type WachtProviderOptions} from '../../src/api/wacht/provider.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {startWachtSimulator, type RequestLogEntry, type WachtSimulator, type WachtSimulatorOptions} from '../../src/sim/wacht/server.js';
import {closeAfter, recordingSleep, requestFilter} from '../helpers/provider-setup.js';

// These tests talk to 127.0.0.1 directly: a developer's or CI's proxy variables must not reroute them.
for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[name];

/** A 429 exactly as the real backend sends it (no Retry-After header; the wait is in the message). */
const RATE_LIMITED_3S = JSON.stringify({errors: [{message: 'Rate limit exceeded. Retry after 3 seconds', code: 429}]});

interface Setup {
	readonly sim: WachtSimulator;
	readonly provider: WachtProvider;
	/** Every wait the transport asked for, in ms. */
	readonly waits: number[];
	/** Every onWait notice of calls made with `options`. */
	readonly notices: WaitNotice[];
	/** Call options that record wait notices. */
	readonly options: {onWait: (notice: WaitNotice) => void};
	readonly jane: string;
	requests(match?: {method?: string; path?: RegExp}): RequestLogEntry[];
}

async function setup(t: TestContext, simOptions: WachtSimulatorOptions = {}, providerOptions: Partial<WachtProviderOptions> = {}): Promise<Setup> {
	const sim = await startWachtSimulator({userCount: 60, manySessions: 10, ...simOptions});
	const {waits, sleep} = recordingSleep();
	const notices: WaitNotice[] = [];
	const provider = new WachtProvider({
		baseUrl: sim.url,
		apiKey: sim.apiKey,
		sleep,
		...providerOptions,
	});
	closeAfter(t, provider, sim);
	return {
		sim,
		provider,
		waits,
		notices,
		options: {onWait: (notice) => notices.push(notice)},
		jane: sim.store.userByEmail(WELL_KNOWN.jane).id,
		requests: requestFilter(sim.requests),
	};
}

function isApiError(expected: Partial<Pick<ApiError, 'kind' | 'status' | 'outcomeUnknown'>> & {message?: string | RegExp}): (error: unknown) => true {
	return (error: unknown) => {
		assert.ok(error instanceof ApiError, `expected an ApiError, got ${inspect(error)}`);
		if (expected.kind !== undefined) assert.equal(error.kind, expected.kind);
		if (expected.status !== undefined) assert.equal(error.status, expected.status);
		if (expected.outcomeUnknown !== undefined) assert.equal(error.outcomeUnknown, expected.outcomeUnknown);
		if (typeof expected.message === 'string') assert.equal(error.message, expected.message);
		else if (expected.message) assert.match(error.message, expected.message);
		return true;
	};
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof ApiError, `expected an ApiError, got ${inspect(error)}`);
		return error;
	}
	assert.fail('expected the call to fail');
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('WachtProvider errors: authentication', () => {
	it('a wrong API key: 401 "Authentication failed" with a hint about the key, nothing applied', async (t) => {
		const wrongKey = 'sk_test_WRONGwrongWRONGwrongWRONGwrongWRONGwrong123';
		const {sim, provider, jane, waits} = await setup(t, {}, {apiKey: wrongKey});
		const error = await rejection(provider.getUser(jane));
		isApiError({kind: 'http', status: 401, message: 'Authentication failed'})(error);
		assert.match(error.hint, /API key/);
		assert.match(error.summary, /^HTTP 401/);
		// The key never rides along in what a log or screen could print.
		for (const text of [JSON.stringify(error), String(error), error.summary, error.hint, inspect(error, {depth: 5})]) {
			assert.equal(text.includes(wrongKey), false);
		}
		// It was sent, as a Bearer token, and refused.
		assert.equal(sim.requests[0]!.headers.authorization, `Bearer ${wrongKey}`);

		const target = sim.store.activeSessionsOf(jane)[0]!;
		await assert.rejects(provider.revokeSession(jane, target.id), isApiError({status: 401}));
		assert.equal(sim.appliedCount(), 0);
		assert.equal(sim.store.signIns.get(target.id)!.deletedAt, null);
		// 401 is not retried.
		assert.equal(sim.requests.length, 2);
		assert.deepEqual(waits, []);
	});
});

describe('WachtProvider errors: rate limiting (429)', () => {
	it('a GET waits the 3 seconds the message asks for, then succeeds', async (t) => {
		const {sim, provider, jane, waits, notices, options, requests} = await setup(t);
		sim.faults.add({method: 'GET', path: /\/details$/, status: 429, body: RATE_LIMITED_3S});
		const user = await provider.getUser(jane, options);
		assert.equal(user.id, jane);
		assert.deepEqual(waits, [3000]);
		assert.deepEqual(
			notices.map((n) => [n.reason, n.ms, n.attempt]),
			[['rate_limited', 3000, 1]],
		);
		assert.match(notices[0]!.message, /waiting 3 s/);
		assert.deepEqual(
			requests({path: /\/details$/}).map((r) => r.status),
			[429, 200],
		);
	});

	it('a mutation waits, is re-sent, and is applied exactly once', async (t) => {
		const {sim, provider, jane, waits, notices, options, requests} = await setup(t);
		const target = sim.store.activeSessionsOf(jane)[0]!;
		sim.faults.add({method: 'POST', path: /\/revoke$/, status: 429, body: RATE_LIMITED_3S});
		const outcome = await provider.revokeSession(jane, target.id, options);
		assert.equal(outcome.status, 200);
		assert.deepEqual(waits, [3000]);
		assert.equal(notices[0]!.reason, 'rate_limited');
		assert.deepEqual(
			requests({method: 'POST', path: /\/revoke$/}).map((r) => [r.status, r.applied]),
			[
				[429, false],
				[200, true],
			],
		);
		assert.equal(sim.appliedCount({method: 'POST', path: /\/revoke$/}), 1);
		assert.notEqual(sim.store.signIns.get(target.id)!.deletedAt, null);
	});

	it("the simulator's own rate limiter: three waits, then the 429 reaches the caller and nothing is applied", async (t) => {
		const {sim, provider, jane, waits} = await setup(t, {rateLimit: {limit: 1, windowMs: 20_000}});
		await provider.getUser(jane);
		const target = sim.store.activeSessionsOf(jane)[0]!;
		const error = await rejection(provider.revokeSession(jane, target.id));
		isApiError({kind: 'http', status: 429, message: /^Rate limit exceeded\. Retry after \d+ seconds$/})(error);
		assert.ok(error.retryAfterMs !== null && error.retryAfterMs > 0 && error.retryAfterMs <= 20_000);
		assert.match(error.hint, /rate limited/);
		assert.equal(waits.length, 3);
		assert.ok(waits.every((ms) => ms > 0 && ms <= 20_000));
		assert.equal(sim.requests.length, 5);
		assert.equal(sim.appliedCount(), 0);
		assert.equal(sim.store.signIns.get(target.id)!.deletedAt, null);
	});
});

describe('WachtProvider errors: 5xx', () => {
	it('a 500 on a GET is retried, and the caller gets the answer', async (t) => {
		const {sim, provider, jane, waits, notices, options, requests} = await setup(t);
		sim.faults.add({method: 'GET', path: /\/sessions$/, status: 500});
		const sessions = await provider.listSessions(jane, options);
		assert.equal(sessions.length, sim.store.sessionsOf(jane).length);
		assert.deepEqual(
			requests({path: /\/sessions$/}).map((r) => r.status),
			[500, 200],
		);
		assert.equal(waits.length, 1);
		// Jittered backoff: between half and all of the 250 ms base.
		assert.ok(waits[0]! >= 125 && waits[0]! <= 250, `backoff ${waits[0]}`);
		assert.equal(notices[0]!.reason, 'retrying');
	});

	it('a 500 on a mutation is not retried: one request, the error surfaces, nothing applied', async (t) => {
		const {sim, provider, jane, waits, requests} = await setup(t);
		const target = sim.store.activeSessionsOf(jane)[0]!;
		sim.faults.add({method: 'POST', path: /\/revoke$/, status: 500});
		const error = await rejection(provider.revokeSession(jane, target.id));
		isApiError({kind: 'http', status: 500, message: 'Something went wrong', outcomeUnknown: false})(error);
		await settle();
		assert.equal(requests({method: 'POST', path: /\/revoke$/}).length, 1);
		assert.equal(sim.appliedCount(), 0);
		assert.equal(sim.store.signIns.get(target.id)!.deletedAt, null);
		assert.deepEqual(waits, []);
	});

	it('a GET that keeps failing gives up after two retries', async (t) => {
		const {sim, provider, jane, waits, requests} = await setup(t);
		sim.faults.add({method: 'GET', path: /\/passkeys$/, status: 503, times: 10});
		await assert.rejects(provider.listPasskeys(jane), isApiError({kind: 'http', status: 503}));
		assert.equal(requests({path: /\/passkeys$/}).length, 3);
		assert.equal(waits.length, 2);
	});
});

describe('WachtProvider errors: the connection drops after a mutation was applied', () => {
	it('revokeSession: outcome unknown, applied once, never re-sent', async (t) => {
		const {sim, provider, jane, waits, requests} = await setup(t);
		const target = sim.store.activeSessionsOf(jane)[0]!;
		sim.faults.add({method: 'POST', path: /\/revoke$/, kind: 'reset', applyThenFail: true});
		const error = await rejection(provider.revokeSession(jane, target.id));
		isApiError({kind: 'network', outcomeUnknown: true})(error);
		assert.equal(error.remedy, 'refresh', 'read again before trying again');
		await settle();
		assert.equal(requests({method: 'POST', path: /\/revoke$/}).length, 1);
		assert.equal(sim.appliedCount({method: 'POST', path: /\/revoke$/}), 1);
		assert.notEqual(sim.store.signIns.get(target.id)!.deletedAt, null);
		assert.deepEqual(waits, []);
		// The provider still works afterwards, and a refresh shows what happened.
		const sessions = await provider.listSessions(jane);
		assert.equal(
			sessions.some((s) => s.id === target.id),
			false,
		);
	});

	it('regenerateBackupCodes cut off mid-body: outcome unknown, applied once, never re-sent', async (t) => {
		const {sim, provider, jane, requests} = await setup(t);
		sim.faults.add({method: 'POST', path: /\/backup-codes\/regenerate$/, kind: 'truncated', applyThenFail: true});
		const error = await rejection(provider.regenerateBackupCodes(jane));
		assert.equal(error.outcomeUnknown, true);
		await settle();
		assert.equal(requests({method: 'POST'}).length, 1);
		assert.equal(sim.appliedCount(), 1);
		assert.equal(sim.store.backupCodeHashes(jane).length, 12);
	});
});

describe('WachtProvider errors: unreadable answers', () => {
	it('malformed JSON on a GET, persistently: kind malformed after the retries, no crash', async (t) => {
		const {sim, provider, jane, waits, requests} = await setup(t);
		const rule = sim.faults.add({method: 'GET', path: /\/passkeys$/, kind: 'malformed-json', times: 10});
		const error = await rejection(provider.listPasskeys(jane));
		isApiError({kind: 'malformed', status: 200})(error);
		assert.match(error.hint, /cannot read/);
		assert.equal(requests({path: /\/passkeys$/}).length, 3);
		assert.equal(waits.length, 2);
		rule.remove();
		assert.equal((await provider.listPasskeys(jane)).length, sim.store.passkeysOf(jane).length);
	});

	it('valid JSON of the wrong shape: kind malformed naming what was expected', async (t) => {
		const {sim, provider, jane} = await setup(t);
		sim.faults.add({method: 'GET', path: /\/sessions$/, status: 200, body: '{"sessions": []}'});
		const error = await rejection(provider.listSessions(jane));
		isApiError({kind: 'malformed', message: /sessions.*\{data: \[\.\.\.\]\}/})(error);
		assert.equal(error.method, 'GET');
		assert.equal(error.path, `/users/${jane}/sessions`);
	});

	it('a mutation whose 2xx answer has the wrong shape: malformed, with the real method and path', async (t) => {
		const {sim, provider, jane} = await setup(t);
		sim.faults.add({method: 'POST', path: /\/backup-codes\/regenerate$/, status: 200, body: '{}', applyThenFail: true});
		const error = await rejection(provider.regenerateBackupCodes(jane));
		isApiError({kind: 'malformed', status: 200})(error);
		assert.equal(error.method, 'POST');
		assert.equal(error.path, `/users/${jane}/backup-codes/regenerate`);
		assert.equal(sim.appliedCount(), 1);
		assert.equal(sim.requests.length, 1);
	});

	it('an HTML error page: the message says so (GET retried, mutation not)', async (t) => {
		const {sim, provider, jane, requests} = await setup(t);
		sim.faults.add({method: 'GET', path: /\/details$/, kind: 'html', times: 3});
		const error = await rejection(provider.getUser(jane));
		isApiError({kind: 'http', status: 502, message: /HTML/})(error);
		assert.match(error.message, /502 Bad Gateway/);
		assert.equal(requests({path: /\/details$/}).length, 3);

		const target = sim.store.activeSessionsOf(jane)[0]!;
		sim.faults.add({method: 'POST', path: /\/revoke$/, kind: 'html'});
		await assert.rejects(provider.revokeSession(jane, target.id), isApiError({status: 502, message: /HTML/}));
		assert.equal(requests({method: 'POST'}).length, 1);
		assert.equal(sim.appliedCount(), 0);
	});
});

describe('WachtProvider request ids', () => {
	it('the X-Request-Id we send comes back as the requestId of Outcomes and errors', async (t) => {
		const {sim, provider, jane, requests} = await setup(t);
		const target = sim.store.activeSessionsOf(jane)[0]!;
		const outcome = await provider.revokeSession(jane, target.id);
		const [sent] = requests({method: 'POST', path: /\/revoke$/});
		const header = sent!.headers['x-request-id'];
		assert.equal(typeof header, 'string');
		assert.match(outcome.requestId ?? '', /^at-[0-9a-f-]{36}$/);
		assert.equal(outcome.requestId, header);
		assert.ok(!Number.isNaN(Date.parse(outcome.at)));

		const all = await provider.revokeAllSessions(jane);
		assert.equal(all.requestId, requests({path: /\/revoke-all$/})[0]!.headers['x-request-id']);
		assert.notEqual(all.requestId, outcome.requestId);

		const error = await rejection(provider.revokeSession(jane, target.id));
		assert.equal(error.status, 404);
		assert.equal(error.requestId, sim.requests.at(-1)!.headers['x-request-id']);
	});
});

describe('WachtProvider and the official SDK (@wacht/backend) see the same data', () => {
	it("Jane's sessions and passkeys: same ids through both, before and after a revoke", async (t) => {
		const {sim, provider, jane} = await setup(t);
		const sdk = new WachtClient({apiKey: sim.apiKey, baseUrl: sim.url});
		// SDK quirk: its bound methods append the client as the last argument, so an omitted optional `options`
		// argument swallows the client. Pass the options object explicitly.
		const sdkSessions = await sdk.users.listSignins(jane, {include_expired: true});
		const ours = await provider.listSessions(jane);
		assert.equal(ours.length, 5);
		assert.deepEqual(
			ours.map((s) => s.id),
			sdkSessions.map((s) => s.id),
		);
		assert.deepEqual(
			ours.map((s) => s.sessionId),
			sdkSessions.map((s) => s.session_id),
		);

		const sdkPasskeys = await sdk.users.listPasskeys(jane);
		const ourPasskeys = await provider.listPasskeys(jane);
		assert.equal(ourPasskeys.length, 2);
		assert.deepEqual(
			ourPasskeys.map((p) => [p.id, p.name]),
			sdkPasskeys.map((p) => [p.id, p.name]),
		);

		// A change made through our provider is what the SDK then sees.
		await provider.revokeSession(jane, ours[0]!.id);
		const sdkAfter = await sdk.users.listSignins(jane, {include_expired: true});
		assert.deepEqual(
			sdkAfter.map((s) => s.id),
			ours.slice(1).map((s) => s.id),
		);
	});
});
