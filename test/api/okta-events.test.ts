/**
 * Okta's System Log through the provider (listEvents, pollEvents, the logs budget) against the simulator: the seeded
 * trails of the well-known users, filters, windows, paging, polling, an action appearing as its event, and 429 on
 * the System Log's own bucket. Every log answer the simulator sends is checked against the OpenAPI description.
 */
import assert from 'node:assert/strict';
import {describe, it, type TestContext} from 'node:test';
import {ApiError} from '../../src/api/errors.js';
import {guardProvider} from '../../src/api/guard.js';
import {pollDelayMs, userFilter} from '../../src/api/okta/events.js';
import {OktaProvider} from '../../src/api/okta/provider.js';
import type {AuditEvent, WaitNotice} from '../../src/api/types.js';
import {WachtProvider} from '../../src/api/wacht/provider.js';
import {startOktaSimulator, WELL_KNOWN, type OktaSimulator} from '../../src/sim/okta/index.js';
import {TAKEOVER_EMAIL, TAKEOVER_FACTOR_ID} from '../../src/sim/okta/seed.js';
import {makeCaller, parseLinks, specErrorsInLog} from '../helpers/okta-sim.js';
import {closeAfter, recordingSleep} from '../helpers/provider-setup.js';

for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[name];

const W = WELL_KNOWN;

async function setup(t: TestContext): Promise<{sim: OktaSimulator; provider: OktaProvider; waits: number[]}> {
	const sim = await startOktaSimulator({userCount: 120, recordResponses: true});
	const {waits, sleep} = recordingSleep();
	const provider = new OktaProvider({orgUrl: sim.url, token: sim.token, sleep});
	closeAfter(t, provider, sim);
	// Whatever else the test checks: every System Log answer it caused is valid against the description.
	t.after(() => assert.deepEqual(specErrorsInLog(sim.requests.filter((r) => r.path === '/api/v1/logs')), []));
	return {sim, provider, waits};
}

const types = (events: readonly AuditEvent[]) => events.map((e) => e.type);

describe('Okta System Log: seeded trails', () => {
	it('the locked-out user: wrong passwords, then the lock, then a try on the locked account', async (t) => {
		const {provider} = await setup(t);
		const {events} = await provider.listEvents(W.lockedOut.id);
		const failures = events.filter((e) => e.type === 'user.session.start' && e.outcome.result === 'FAILURE' && e.outcome.reason === 'INVALID_CREDENTIALS');
		assert.equal(failures.length, 5);
		const lock = events.find((e) => e.type === 'user.account.lock');
		assert.ok(lock);
		assert.ok(failures.every((f) => f.at < lock.at), 'the failures come before the lock');
		assert.equal(events.at(-1)?.outcome.reason, 'LOCKED_OUT');
		const e = failures[0] as AuditEvent;
		assert.equal(e.actor?.id, W.lockedOut.id);
		assert.equal(e.actor?.alternateId, W.lockedOut.login);
		assert.equal(e.client.city, 'Stockholm');
		assert.equal(e.client.country, 'Sweden');
		assert.equal(e.client.browser, 'Chrome');
		assert.equal(e.client.os, 'macOS');
		assert.match(e.client.ip ?? '', /^198\.51\.100\./);
		assert.equal(e.security.asn, 3301);
		assert.equal(e.security.proxy, false);
		assert.equal(e.authentication.credentialType, 'PASSWORD');
		assert.equal(e.threatSuspected, false);
		assert.ok(e.behaviors.length >= 5 && e.behaviors.every((b) => !b.positive));
		assert.equal(e.severity, 'WARN');
		assert.equal(e.message, 'User login to Okta');
		assert.ok(e.transactionId && e.requestId && e.id);
	});

	it('push bombing: eight Okta Verify pushes from another country, each denied', async (t) => {
		const {provider} = await setup(t);
		const {events} = await provider.listEvents(W.pushBombed.id, {types: ['user.mfa.okta_verify.deny_push', 'system.push.send_factor_verify_push']});
		const denied = events.filter((e) => e.type === 'user.mfa.okta_verify.deny_push');
		assert.equal(denied.length, 8);
		assert.equal(events.filter((e) => e.type === 'system.push.send_factor_verify_push').length, 8);
		assert.ok(denied.every((e) => e.outcome.result === 'FAILURE' && e.client.country === 'Brazil'));
		assert.ok(denied[0]?.behaviors.some((b) => b.name === 'New Country' && b.positive));
		assert.equal(denied[0]?.risk, 'HIGH');
	});

	it('a sign-on policy deny names the policy and the rule', async (t) => {
		const {provider} = await setup(t);
		const {events} = await provider.listEvents(W.policyDenied.id, {types: ['policy.evaluate_sign_on']});
		assert.equal(events.length, 4);
		const e = events[0] as AuditEvent;
		assert.equal(e.outcome.result, 'DENY');
		assert.equal(e.targets.find((x) => x.type === 'PolicyEntity')?.displayName, 'Contractors – managed devices only');
		assert.equal(e.targets.find((x) => x.type === 'PolicyRule')?.displayName, 'Block unmanaged devices');
	});

	it('an app the user is not assigned to', async (t) => {
		const {sim, provider} = await setup(t);
		const {events} = await provider.listEvents(W.notAssigned.id, {types: ['app.generic.unauth_app_access_attempt']});
		assert.equal(events.length, 4);
		const app = events[0]?.targets.find((x) => x.type === 'AppInstance');
		assert.equal(app?.displayName, 'Salesforce.com');
		assert.ok(!sim.store.appLinksOf(W.notAssigned.id).some((l) => l.appId === app?.id), 'and she really has no Salesforce link');
	});

	it('ThreatInsight: a password spray from a proxy, threat suspected', async (t) => {
		const {provider} = await setup(t);
		const {events} = await provider.listEvents(W.threatBlocked.id, {types: ['security.threat.detected']});
		assert.equal(events.length, 12);
		const e = events[0] as AuditEvent;
		assert.equal(e.threatSuspected, true);
		assert.equal(e.security.proxy, true);
		assert.equal(e.security.asOrg, 'digitalocean, llc');
		assert.equal(e.outcome.result, 'DENY');
		assert.ok(e.behaviors.some((b) => b.name === 'Velocity' && b.positive));
	});

	it('a takeover: new country and device, a new factor, the email changed; the user record agrees', async (t) => {
		const {sim, provider} = await setup(t);
		const {events} = await provider.listEvents(W.takeover.id, {since: new Date(Date.now() - 4 * 3_600_000).toISOString()});
		assert.deepEqual(types(events).filter((x) => x !== 'user.authentication.auth_via_mfa' && x !== 'user.authentication.sso'), ['user.session.start', 'user.mfa.factor.activate', 'user.account.update_profile']);
		const signIn = events[0] as AuditEvent;
		assert.equal(signIn.client.city, 'Bucharest');
		const positive = signIn.behaviors.filter((b) => b.positive).map((b) => b.name);
		assert.ok(positive.includes('New Country') && positive.includes('New Device'));
		assert.equal(events.find((e) => e.type === 'user.mfa.factor.activate')?.targets.find((x) => x.type === 'AuthenticatorEnrollment')?.id, TAKEOVER_FACTOR_ID);
		const change = events.find((e) => e.type === 'user.account.update_profile')?.targets[0]?.changes;
		assert.deepEqual(change, {from: {email: W.takeover.login}, to: {email: TAKEOVER_EMAIL}});
		const user = sim.store.user(W.takeover.id);
		assert.equal(user.profile.email, TAKEOVER_EMAIL);
		assert.ok(sim.store.factorsOf(W.takeover.id).some((f) => f.id === TAKEOVER_FACTOR_ID));
		assert.equal(user.lastLogin, Date.parse(signIn.at), 'lastLogin is the newest sign-in');
	});

	it('ordinary users have ordinary sign-ins', async (t) => {
		const {sim, provider} = await setup(t);
		const someone = [...sim.store.users.values()].find((u) => u.status === 'ACTIVE' && !Object.values(W).some((w) => w.id === u.id) && sim.store.events.some((e) => (e.json['actor'] as {id: string}).id === u.id));
		assert.ok(someone);
		const {events} = await provider.listEvents(someone.id);
		assert.ok(events.some((e) => e.type === 'user.session.start' && e.outcome.result === 'SUCCESS'));
	});
});

describe('Okta System Log: the query', () => {
	it('filters by user (actor or target), event types and keywords; windows; newest first', async (t) => {
		const {sim, provider} = await setup(t);
		const all = (await provider.listEvents(W.suspended.id, {since: new Date(Date.now() - 30 * 86_400_000).toISOString()})).events;
		assert.deepEqual(types(all), ['user.lifecycle.suspend']);
		assert.equal(all[0]?.actor?.id, W.admin.id, 'the admin did it');
		assert.equal(all[0]?.targets[0]?.id, W.suspended.id);
		// Deactivated 60 days ago: outside the default 7-day window.
		assert.deepEqual((await provider.listEvents(W.deprovisioned.id)).events, []);
		assert.equal((await provider.listEvents(W.deprovisioned.id, {since: new Date(Date.now() - 90 * 86_400_000).toISOString()})).events.length, 1);
		const zoe = await provider.listEvents(W.lockedOut.id, {keyword: 'locked_out'});
		assert.ok(zoe.events.length >= 2 && zoe.events.every((e) => JSON.stringify(e).toLowerCase().includes('locked_out')));
		const newest = await provider.listEvents(W.lockedOut.id, {order: 'newest_first'});
		assert.deepEqual(
			newest.events.map((e) => e.at),
			[...newest.events.map((e) => e.at)].sort().reverse(),
		);
		const until = new Date(Date.now() - 42 * 60_000).toISOString();
		const early = await provider.listEvents(W.lockedOut.id, {until});
		assert.ok(early.events.every((e) => e.at < until) && !early.events.some((e) => e.type === 'user.account.lock'));
		assert.equal(early.next, null, 'a bounded query that fits in one page ends');
		const sent = sim.requests.filter((r) => r.path === '/api/v1/logs').map((r) => r.query['filter']);
		assert.ok(sent.every((f) => f?.startsWith(`(actor.id eq "`)));
		assert.equal(userFilter('00u1', ['a']), '(actor.id eq "00u1" or target.id eq "00u1") and (eventType eq "a")');
	});

	it('pages with the next link as given, without repeats, to the end of a bounded query', async (t) => {
		const {provider} = await setup(t);
		const until = new Date().toISOString();
		const first = await provider.listEvents(W.threatBlocked.id, {limit: 5, until});
		const seen = [...first.events];
		let next = first.next;
		let pages = 1;
		while (next) {
			const page = await provider.pollEvents(next);
			seen.push(...page.events);
			next = page.next;
			pages++;
		}
		const whole = await provider.listEvents(W.threatBlocked.id, {until});
		assert.equal(seen.length, whole.events.length);
		assert.equal(new Set(seen.map((e) => e.id)).size, seen.length);
		assert.ok(whole.events.length > 5);
		assert.equal(pages, Math.ceil(whole.events.length / 5), 'no next link after the last page');
	});

	it('polling: an empty poll still gives a cursor; an action appears on the next poll as its event', async (t) => {
		const {sim, provider} = await setup(t);
		const first = await provider.listEvents(W.active.id, {limit: 1000});
		assert.ok(first.next, 'a polling query always has a next link');
		const empty = await provider.pollEvents(first.next);
		assert.deepEqual(empty.events, []);
		assert.ok(empty.next);
		const user = await provider.getUser(W.active.id);
		const done = await provider.runLifecycle(user.id, 'suspend');
		const after = await provider.pollEvents(empty.next);
		assert.deepEqual(types(after.events), ['user.lifecycle.suspend']);
		const e = after.events[0] as AuditEvent;
		assert.equal(e.actor?.id, W.admin.id, "the API token's owner is the actor");
		assert.equal(e.targets[0]?.id, W.active.id);
		assert.equal(e.requestId, done.requestId, 'the event carries the X-Okta-Request-Id of the call');
		assert.equal(e.client.ip, '127.0.0.1');
		assert.ok(after.next);
		// Clearing sessions and a factor delete write theirs too.
		await provider.revokeAllSessions(W.active.id, {oauthTokens: true});
		const factor = sim.store.factorsOf(W.active.id).find((f) => f.factorType === 'sms');
		assert.ok(factor);
		await provider.deleteFactor(W.active.id, factor.id);
		const more = await provider.pollEvents(after.next);
		assert.deepEqual(types(more.events), ['user.session.clear', 'user.mfa.factor.deactivate']);
		assert.equal(more.events[1]?.targets.find((x) => x.type === 'AuthenticatorEnrollment')?.id, factor.id);
	});

	it('429 on the System Log bucket: its own budget, waited out; the users bucket is untouched', async (t) => {
		const {sim, provider, waits} = await setup(t);
		sim.setRateLimit('GET /api/v1/logs', 2, 2_000);
		await provider.getUser(W.admin.id);
		const usersBudget = provider.rateLimit();
		const notices: WaitNotice[] = [];
		await provider.listEvents(W.admin.id);
		await provider.listEvents(W.admin.id);
		assert.equal(provider.eventsRateLimit()?.limit, 2);
		assert.equal(provider.eventsRateLimit()?.remaining, 0);
		assert.ok(provider.eventsPollDelayMs() >= 1_000, 'a poller waits for the reset when nothing is left');
		// The third answers 429; the (recorded, instant) wait is the reset's, and the retry is refused again until it.
		const raw = await makeCaller(sim)('GET', '/api/v1/logs');
		assert.equal(raw.status, 429);
		assert.equal(raw.json.errorCode, 'E0000047');
		assert.equal(raw.headers['x-rate-limit-limit'], '2');
		assert.equal(raw.headers['x-rate-limit-remaining'], '0');
		assert.deepEqual(raw.specErrors, []);
		const users = await makeCaller(sim)('GET', `/api/v1/users/${W.admin.id}`);
		assert.equal(users.status, 200, 'the users buckets are separate');
		await assert.rejects(provider.listEvents(W.admin.id, {onWait: (n) => notices.push(n)}), (e: unknown) => e instanceof ApiError && e.status === 429);
		assert.ok(notices.length > 0 && notices.every((n) => n.reason === 'rate_limited'));
		assert.ok(waits.length > 0);
		assert.deepEqual(provider.rateLimit(), usersBudget, "the status bar's users budget did not move with the logs calls");
	});

	it('a cursor that is not a System Log link is refused before anything is sent', async (t) => {
		const {sim, provider} = await setup(t);
		const before = sim.requests.length;
		await assert.rejects(provider.pollEvents('/api/v1/users'), (e: unknown) => e instanceof ApiError && e.kind === 'refused');
		await assert.rejects(provider.pollEvents('https://evil.example/api/v1/logs'), (e: unknown) => e instanceof ApiError);
		assert.equal(sim.requests.length, before);
	});

	it('the raw endpoint: default limit 100, max 1000, bad parameters answer 400, Link rel="next"', async (t) => {
		const {sim} = await setup(t);
		const call = makeCaller(sim);
		const page = await call('GET', '/api/v1/logs');
		assert.equal(page.status, 200);
		assert.equal(page.json.length, 100);
		assert.deepEqual(page.specErrors, []);
		const links = parseLinks(page.headers['link']);
		assert.ok(links['self'] && links['next']);
		assert.match(links['next'] as string, /after=/);
		const most = (await call('GET', '/api/v1/logs?limit=1000')).json.length;
		assert.equal((await call('GET', '/api/v1/logs?limit=5000')).json.length, most, 'a limit over 1000 is 1000');
		assert.ok(most > 100);
		for (const bad of ['since=yesterday', 'sortOrder=SIDEWAYS', 'limit=-1', 'filter=actor.id%20eq', 'after=%21%21']) {
			const r = await call('GET', `/api/v1/logs?${bad}`);
			assert.equal(r.status, 400, bad);
			assert.deepEqual(r.specErrors, [], bad);
		}
		const denied = await call('GET', '/api/v1/logs', {auth: 'SSWS nope'});
		assert.equal(denied.status, 401);
	});
});

describe('System Log: guard, Wacht, the poll delay', () => {
	it('the guard passes the trail through, even read-only', async (t) => {
		const {provider} = await setup(t);
		const guarded = guardProvider(provider, {readOnly: true, journal: null, profile: null});
		const page = await guarded.listEvents(W.lockedOut.id);
		assert.ok(page.events.length > 0 && page.next);
		assert.ok((await guarded.pollEvents(page.next)).next);
		assert.equal(guarded.capabilities['events.list'], true);
		assert.equal(guarded.eventsRateLimit?.()?.limit, 120);
		assert.equal(typeof guarded.eventsPollDelayMs?.(), 'number');
	});

	it('Wacht says why it has no trail', async () => {
		const wacht = new WachtProvider({baseUrl: 'http://127.0.0.1:9', apiKey: 'sk_test_x'});
		assert.match(String(wacht.capabilities['events.list']), /no sign-in or audit log/);
		await assert.rejects(wacht.listEvents('1'), (e: unknown) => e instanceof ApiError && e.kind === 'refused');
		await wacht.close();
	});

	it('pollDelayMs spreads what is left over the window, and waits for the reset when nothing is', () => {
		const now = 1_000_000;
		assert.equal(pollDelayMs(null, now), 5_000);
		assert.equal(pollDelayMs({limit: 120, remaining: 60, resetAt: now + 60_000}, now), 5_000);
		assert.equal(pollDelayMs({limit: 120, remaining: 6, resetAt: now + 60_000}, now), 10_000);
		assert.equal(pollDelayMs({limit: 120, remaining: 0, resetAt: now + 30_000}, now), 31_000);
		assert.equal(pollDelayMs({limit: 120, remaining: 120, resetAt: now + 60_000}, now, 1_000), 1_000);
	});
});
