/**
 * The trail on the domain level (src/api/trail.ts) against the Okta simulator: a window read newest first, outcome
 * and text filters, paging through the cursors to a cap, following with polls paced by the System Log's own bucket,
 * and a 429 on that bucket. Every log answer is checked against the OpenAPI description.
 */
import assert from 'node:assert/strict';
import {describe, it, type TestContext} from 'node:test';
import {ApiError} from '../../src/api/errors.js';
import {OktaProvider} from '../../src/api/okta/provider.js';
import {changedBy, followTrail, isFailure, readTrail, type TrailPoll} from '../../src/api/trail.js';
import {reasonWords} from '../../src/diagnosis/event-words.js';
import {trailFindings} from '../../src/diagnosis/trail.js';
import {startOktaSimulator, WELL_KNOWN as W, type OktaSimulator} from '../../src/sim/okta/index.js';
import {specErrorsInLog} from '../helpers/okta-sim.js';
import {closeAfter, recordingSleep} from '../helpers/provider-setup.js';

for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[name];

async function setup(t: TestContext): Promise<{sim: OktaSimulator; provider: OktaProvider; waits: number[]}> {
	const sim = await startOktaSimulator({userCount: 120, recordResponses: true});
	const {waits, sleep} = recordingSleep();
	const provider = new OktaProvider({orgUrl: sim.url, token: sim.token, sleep});
	closeAfter(t, provider, sim);
	t.after(() => assert.deepEqual(specErrorsInLog(sim.requests.filter((r) => r.path === '/api/v1/logs')), []));
	return {sim, provider, waits};
}

const DAY = 86_400_000;

describe('readTrail', () => {
	it('the last 7 days by default, newest first; an older window on request', async (t) => {
		const {provider} = await setup(t);
		const trail = await readTrail(provider, W.lockedOut.id);
		assert.ok(trail.events.length >= 7);
		const times = trail.events.map((e) => Date.parse(e.at));
		assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
		assert.equal(Date.parse(trail.until) - Date.parse(trail.since), 7 * DAY);
		assert.equal(trail.events[0]?.outcome.reason, 'LOCKED_OUT', 'the try on the locked account is the newest');
		assert.equal(trail.capped, false);
		// Siobhán was deactivated 60 days ago: outside the default window, inside a 90-day one.
		assert.equal((await readTrail(provider, W.deprovisioned.id)).events.length, 0);
		const older = await readTrail(provider, W.deprovisioned.id, {since: new Date(Date.now() - 90 * DAY).toISOString()});
		assert.deepEqual(older.events.map((e) => e.type), ['user.lifecycle.deactivate']);
	});

	it('filters by outcome (sent as a filter on outcome.result) and by keywords', async (t) => {
		const {sim, provider} = await setup(t);
		const failures = await readTrail(provider, W.nearLockout.id, {outcome: 'failure'});
		assert.equal(failures.events.length, 4);
		assert.ok(failures.events.every((e) => isFailure(e) && e.outcome.reason === 'INVALID_CREDENTIALS'));
		const sent = sim.requests.filter((r) => r.path === '/api/v1/logs').at(-1);
		assert.match(sent?.query['filter'] ?? '', /outcome\.result eq "FAILURE"/);
		const success = await readTrail(provider, W.nearLockout.id, {outcome: 'success'});
		assert.ok(success.events.length >= 1 && success.events.every((e) => e.outcome.result === 'SUCCESS'));
		const denied = await readTrail(provider, W.policyDenied.id, {outcome: 'deny'});
		assert.equal(denied.events.length, 4);
		assert.ok(denied.events.every((e) => e.type === 'policy.evaluate_sign_on'));
		const salesforce = await readTrail(provider, W.notAssigned.id, {keyword: 'salesforce'});
		assert.equal(salesforce.events.length, 4);
	});

	it('pages through the next links to the end, without repeats; stops at the cap and says so', async (t) => {
		const {sim, provider} = await setup(t);
		const whole = await readTrail(provider, W.threatBlocked.id);
		const before = sim.requests.length;
		const paged = await readTrail(provider, W.threatBlocked.id, {until: whole.until, since: whole.since, pageSize: 5});
		assert.deepEqual(paged.events.map((e) => e.id), whole.events.map((e) => e.id));
		assert.equal(sim.requests.length - before, Math.ceil(whole.events.length / 5));
		const capped = await readTrail(provider, W.threatBlocked.id, {until: whole.until, since: whole.since, pageSize: 5, cap: 7});
		assert.equal(capped.events.length, 7);
		assert.equal(capped.capped, true);
		assert.deepEqual(capped.events.map((e) => e.id), whole.events.slice(0, 7).map((e) => e.id));
	});

	it('a 429 on the System Log bucket is waited out until its reset, then fails with the limit named', async (t) => {
		const {sim, provider, waits} = await setup(t);
		sim.setRateLimit('GET /api/v1/logs', 1, 30_000);
		await readTrail(provider, W.active.id);
		await assert.rejects(readTrail(provider, W.active.id), (e: unknown) => e instanceof ApiError && e.status === 429);
		assert.ok(waits.some((ms) => ms > 20_000), `waited for the reset: ${waits.join(', ')}`);
	});
});

describe('followTrail', () => {
	it('yields every poll (empty ones too), an action as its event, never an event twice', async (t) => {
		const {provider} = await setup(t);
		const {waits, sleep} = recordingSleep();
		const controller = new AbortController();
		const polls: TrailPoll[] = [];
		await provider.getUser(W.active.id);
		const follow = followTrail(provider, W.active.id, {signal: controller.signal, sleep});
		for await (const poll of follow) {
			polls.push(poll);
			if (polls.length === 2) await provider.runLifecycle(W.active.id, 'suspend');
			if (polls.length === 4) controller.abort();
		}
		assert.equal(polls.length, 4);
		assert.deepEqual(polls[0]?.events, [], 'from now: nothing yet');
		assert.deepEqual(polls[1]?.events, []);
		assert.deepEqual(polls[2]?.events.map((e) => e.type), ['user.lifecycle.suspend']);
		assert.equal(polls[2]?.events[0]?.actor?.id, W.admin.id);
		assert.deepEqual(polls[3]?.events, [], 'not again');
		assert.ok(waits.length >= 3 && waits.every((ms) => ms >= 5_000), `polls at least 5 s apart: ${waits.join(', ')}`);
	});

	it("spaces its polls by the System Log bucket: what is left spread over the window, the reset when it is spent", async (t) => {
		const {sim, provider} = await setup(t);
		sim.setRateLimit('GET /api/v1/logs', 3, 60_000);
		const {waits, sleep} = recordingSleep();
		const controller = new AbortController();
		let n = 0;
		for await (const poll of followTrail(provider, W.active.id, {signal: controller.signal, sleep, since: new Date(Date.now() - DAY).toISOString()})) {
			n += 1;
			assert.ok(poll.budget);
			if (n === 3) controller.abort();
		}
		// After the first call 2 of 3 are left for ~60 s: ~30 s; after the second 1: ~60 s; never the default 5 s.
		assert.equal(waits.length, 2);
		assert.ok(waits[0]! > 25_000 && waits[0]! <= 31_000, `first wait ${waits[0]}`);
		assert.ok(waits[1]! > 50_000, `second wait ${waits[1]}`);
	});

	it('starts from since with the events already shown left out; honours the outcome filter', async (t) => {
		const {provider} = await setup(t);
		const trail = await readTrail(provider, W.lockedOut.id);
		const newest = trail.events[0]!;
		const controller = new AbortController();
		const got: string[] = [];
		for await (const poll of followTrail(provider, W.lockedOut.id, {signal: controller.signal, since: new Date(Date.now() - DAY).toISOString(), seen: trail.events.slice(1).map((e) => e.id), outcome: 'failure', sleep: recordingSleep().sleep})) {
			got.push(...poll.events.map((e) => e.id));
			controller.abort();
		}
		assert.deepEqual(got, [newest.id]);
	});
});

describe('changedBy', () => {
	it('names what an event changed: the lock and lifecycle → details, factors → MFA and passkeys, a session clear → grants and tokens; failed attempts nothing', async (t) => {
		const {provider} = await setup(t);
		const zoe = await readTrail(provider, W.lockedOut.id);
		const types = (keys: readonly string[]): string[] => [...new Set(zoe.events.filter((e) => changedBy(e).join() === keys.join()).map((e) => e.type))].sort();
		assert.deepEqual(types(['details']), ['user.account.lock']);
		assert.ok(zoe.events.some((e) => e.type === 'user.session.start' && isFailure(e) && changedBy(e).length === 0), 'a wrong password changes nothing');
		const sofia = await readTrail(provider, W.takeover.id);
		assert.deepEqual(changedBy(sofia.events.find((e) => e.type === 'user.mfa.factor.activate')!), ['mfa', 'passkeys']);
		assert.deepEqual(changedBy(sofia.events.find((e) => e.type === 'user.account.update_profile')!), ['details']);
		const mateus = await readTrail(provider, W.suspended.id);
		assert.deepEqual(changedBy(mateus.events.find((e) => e.type === 'user.lifecycle.suspend')!), ['details']);
		await provider.revokeAllSessions(W.active.id, {});
		// `until` is exclusive: a read in the same millisecond would leave the event out.
		await new Promise((r) => setTimeout(r, 5));
		const aoife = await readTrail(provider, W.active.id, {since: new Date(Date.now() - 60_000).toISOString()});
		const clear = aoife.events.find((e) => e.type === 'user.session.clear');
		assert.ok(clear, JSON.stringify(aoife.events.map((e) => e.type)));
		assert.deepEqual(changedBy(clear), ['grants', 'tokens']);
	});
});

describe('a caller check with wrong codes', () => {
	it('is a wrong MFA code in the trail, not a wrong password: no lockout warning', async (t) => {
		const {provider} = await setup(t);
		const mfa = await provider.getMfa(W.active.id);
		const otp = mfa.factors.find((f) => f.type === 'token:software:totp' && f.status === 'ACTIVE');
		assert.ok(otp, JSON.stringify(mfa.factors.map((f) => [f.type, f.status])));
		for (let i = 0; i < 3; i++) await provider.verifyFactor(W.active.id, otp, '000000').catch(() => null);
		await new Promise((r) => setTimeout(r, 5));
		const trail = await readTrail(provider, W.active.id, {since: new Date(Date.now() - 60_000).toISOString()});
		const wrong = trail.events.filter((e) => e.type === 'user.authentication.auth_via_mfa' && isFailure(e));
		assert.equal(wrong.length, 3, JSON.stringify(trail.events.map((e) => [e.type, e.outcome])));
		assert.deepEqual([...new Set(wrong.map(reasonWords))], ['wrong MFA code']);
		const details = await provider.getUser(W.active.id);
		assert.deepEqual(trailFindings(trail, details, Date.now()).map((f) => f.id), [], 'no "wrong passwords, a lockout may be close"');
	});
});
