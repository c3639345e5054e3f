/** ViewPrefetch on its own: each answer taken once, only while fresh, for its user; stopping and dropping. */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {GuardedProvider} from '../../src/api/guard.js';
import type {CallOptions} from '../../src/api/types.js';
import {PREFETCH_TTL_MS, ViewPrefetch} from '../../screens/prefetch.js';

/** A provider whose reads are counted and answer (or fail) when the test says; no sessions or grants, no trail. */
function fakeProvider() {
	const calls: {method: string; userId: string; signal: AbortSignal | undefined; options: CallOptions | undefined}[] = [];
	const read = (method: string) => (userId: string, options?: CallOptions) => {
		calls.push({method, userId, signal: options?.signal, options});
		return new Promise((resolve, reject) => {
			options?.signal?.addEventListener('abort', () => reject(new Error('aborted')), {once: true});
			setTimeout(() => resolve({method, userId}), 5);
		});
	};
	const provider = {getUser: read('getUser'), listPasskeys: read('listPasskeys'), getMfa: read('getMfa'), listMemberships: read('listMemberships')};
	return {provider: provider as unknown as GuardedProvider, calls};
}
const CAPS = {'sessions.list': false, 'grants.list': false, 'events.list': false} as never;
const live = new AbortController().signal;

test('each tab read ahead is taken once, and only for the user it was read for', async () => {
	const {provider, calls} = fakeProvider();
	const prefetch = new ViewPrefetch(provider);
	prefetch.start('u1', CAPS);
	assert.deepEqual(calls.map((c) => c.method).sort(), ['getMfa', 'getUser', 'listMemberships', 'listPasskeys']);
	prefetch.start('u1', CAPS);
	assert.equal(calls.length, 4, 'the same user again: nothing read twice');
	const first = prefetch.take('u1', 'details', live);
	assert.ok(first);
	assert.deepEqual((await first)?.data, {method: 'getUser', userId: 'u1'});
	assert.equal(prefetch.take('u1', 'details', live), null, 'taken once');
	assert.equal(prefetch.take('u2', 'passkeys', live), null, 'not for another user');
	assert.ok(calls.filter((c) => c.method !== 'getUser').every((c) => c.signal?.aborted), 'asking for another user dropped the rest');
	assert.equal(prefetch.take('u1', 'passkeys', live), null, 'dropped');
});

test('an answer older than the TTL is not used', async () => {
	let now = 1_000;
	const {provider} = fakeProvider();
	const prefetch = new ViewPrefetch(provider, () => now);
	prefetch.start('u1', CAPS);
	await prefetch.take('u1', 'details', live);
	await new Promise((r) => setTimeout(r, 20));
	now += PREFETCH_TTL_MS + 1;
	assert.equal(prefetch.take('u1', 'passkeys', live), null, 'stale');
	prefetch.start('u1', CAPS);
	assert.ok(prefetch.take('u1', 'passkeys', live), 'a fresh start reads again');
});

test('a taken read stops with the view that took it; a rate limit stops a read ahead', async () => {
	const {provider, calls} = fakeProvider();
	const prefetch = new ViewPrefetch(provider);
	prefetch.start('u1', CAPS);
	const view = new AbortController();
	const taken = prefetch.take('u1', 'mfa', view.signal);
	assert.ok(taken);
	view.abort();
	assert.equal(await taken, null, 'stopped: no answer, the view reads for itself');
	assert.ok(calls.find((c) => c.method === 'getMfa')?.signal?.aborted, 'the request itself was cancelled');
	// A 429 met ahead: the read stops instead of waiting, so the view's own read shows the wait.
	const memberships = calls.find((c) => c.method === 'listMemberships')!;
	memberships.options?.onWait?.({retryInMs: 30_000} as never);
	assert.ok(memberships.signal?.aborted);
	prefetch.drop();
	assert.ok(calls.every((c) => c.signal?.aborted), 'drop cancels everything not taken');
});
