/** Mutations really change the simulator's state; faults, the request log, rate limiting and determinism. */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {request} from 'undici';
import {startWachtSimulator, type WachtSimulator} from '../../src/sim/wacht/server.js';
import {MFA_USER_TOTP_SECRET, WELL_KNOWN, seedSteps, seedStore} from '../../src/sim/wacht/seed.js';
import {hashBackupCode, ilikeContains} from '../../src/sim/wacht/store.js';
import {call} from './wacht-helpers.js';

/** Small seeds keep these tests fast; the well-known users are always there. */
const small = {userCount: 120, manySessions: 40};

describe('mutations', () => {
	let sim: WachtSimulator;
	before(async () => {
		sim = await startWachtSimulator(small);
	});
	after(() => sim.close());

	it('revoke removes one sign-in from the lists; a second revoke is 404', async () => {
		const jane = sim.store.userByEmail(WELL_KNOWN.jane).id;
		const [first] = sim.store.activeSessionsOf(jane);
		const r = await call(sim, 'POST', `/users/${jane}/sessions/${first!.id}/revoke`);
		assert.equal(r.status, 200);
		assert.equal(r.text, '{}');
		const listed = (await call(sim, 'GET', `/users/${jane}/sessions?include_expired=true`)).json.data.map((s: {id: string}) => s.id);
		assert.equal(listed.includes(first!.id), false);
		assert.equal(listed.length, 4);
		assert.notEqual(sim.store.signIns.get(first!.id)!.deletedAt, null, 'soft-deleted');
		const again = await call(sim, 'POST', `/users/${jane}/sessions/${first!.id}/revoke`);
		assert.equal(again.status, 404);
		assert.deepEqual(again.json, {errors: [{message: 'signin not found', code: 404}]});
	});

	it("revoking another user's sign-in is 404 and changes nothing", async () => {
		const jane = sim.store.userByEmail(WELL_KNOWN.jane).id;
		const ana = sim.store.userByEmail(WELL_KNOWN.ana).id;
		const anas = sim.store.activeSessionsOf(ana)[0]!;
		assert.equal((await call(sim, 'POST', `/users/${jane}/sessions/${anas.id}/revoke`)).status, 404);
		assert.equal(sim.store.signIns.get(anas.id)!.deletedAt, null);
	});

	it('revoke-all counts expired un-revoked rows too', async () => {
		const jane = sim.store.userByEmail(WELL_KNOWN.jane).id;
		const before = sim.store.sessionsOf(jane).length; // un-revoked, expired included
		assert.ok(before >= 4);
		const r = await call(sim, 'POST', `/users/${jane}/sessions/revoke-all`);
		assert.equal(r.status, 200);
		assert.deepEqual(r.json, {revoked: before});
		assert.deepEqual((await call(sim, 'GET', `/users/${jane}/sessions?include_expired=true`)).json, {data: [], has_more: false});
		assert.deepEqual((await call(sim, 'POST', `/users/${jane}/sessions/revoke-all`)).json, {revoked: 0});
		assert.equal(sim.store.sessionsOf(jane, {includeRevoked: true}).length, 5, 'rows are kept, soft-deleted');
	});

	it('multipart PATCH disabled=true hard-deletes every sign-in; enable brings none back', async () => {
		const ana = sim.store.userByEmail(WELL_KNOWN.ana).id;
		const first = sim.store.activeSessionsOf(ana)[0]!;
		await call(sim, 'POST', `/users/${ana}/sessions/${first.id}/revoke`);
		assert.ok(sim.store.sessionsOf(ana, {includeRevoked: true}).length >= 2);
		const r = await call(sim, 'PATCH', `/users/${ana}`, {form: {disabled: 'true'}});
		assert.equal(r.status, 200);
		assert.equal(r.json.disabled, true);
		assert.equal(r.json.id, ana, 'returns UserDetails');
		assert.equal(sim.store.sessionsOf(ana, {includeRevoked: true}).length, 0, 'even revoked rows are gone');
		assert.equal(sim.store.signIns.has(first.id), false);
		const enabled = await call(sim, 'PATCH', `/users/${ana}`, {form: {disabled: 'false'}});
		assert.equal(enabled.json.disabled, false);
		assert.deepEqual((await call(sim, 'GET', `/users/${ana}/sessions?include_expired=true`)).json.data, []);
	});

	it('PATCH ignores disabled values other than exactly true/false, validates the policy, needs multipart', async () => {
		const zoe = sim.store.userByEmail(WELL_KNOWN.noSessions).id;
		assert.equal((await call(sim, 'PATCH', `/users/${zoe}`, {form: {disabled: 'TRUE'}})).json.disabled, false);
		assert.equal((await call(sim, 'PATCH', `/users/${zoe}`, {form: {disabled: '1'}})).json.disabled, false);
		const bad = await call(sim, 'PATCH', `/users/${zoe}`, {form: {second_factor_policy: 'always'}});
		assert.deepEqual(bad.json, {errors: [{message: 'second_factor_policy must be one of: none, optional, enforced', code: 400}]});
		const ok = await call(sim, 'PATCH', `/users/${zoe}`, {form: {second_factor_policy: 'enforced', first_name: 'Zoé', last_name: ''}});
		assert.equal(ok.json.second_factor_policy, 'enforced');
		assert.equal(ok.json.first_name, 'Zoé');
		assert.equal(ok.json.last_name, 'Martin', 'empty strings are ignored');
		assert.equal((await call(sim, 'PATCH', `/users/${zoe}`, {json: {disabled: true}})).status, 400, 'JSON is not multipart');
		assert.deepEqual((await call(sim, 'PATCH', '/users/123456789012345678', {form: {disabled: 'true'}})).json, {errors: [{message: 'Resource not found', code: 404}]});
	});

	it('regenerate replaces the stored hashes; the codes are 12 × XXXX-XXXX', async () => {
		const mfa = sim.store.userByEmail(WELL_KNOWN.mfa).id;
		const old = sim.store.backupCodeHashes(mfa);
		assert.equal(old.length, 12);
		const r = await call(sim, 'POST', `/users/${mfa}/backup-codes/regenerate`);
		assert.equal(r.status, 200);
		assert.deepEqual(Object.keys(r.json), ['backup_codes']);
		assert.equal(r.json.backup_codes.length, 12);
		for (const code of r.json.backup_codes) assert.match(code, /^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$/);
		const now = sim.store.backupCodeHashes(mfa);
		assert.deepEqual(now, r.json.backup_codes.map(hashBackupCode));
		assert.equal(now.some((h) => old.includes(h)), false);
		assert.equal(JSON.stringify(now).includes(r.json.backup_codes[0]), false, 'only hashes are stored');
	});

	it('authenticator: 409 while one is active, delete, then create again; otp_url format', async () => {
		const mfa = sim.store.userByEmail(WELL_KNOWN.mfa);
		assert.equal(sim.store.authenticatorOf(mfa.id)!.secret, MFA_USER_TOTP_SECRET);
		const secret = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';
		const conflict = await call(sim, 'POST', `/users/${mfa.id}/authenticators`, {json: {secret}});
		assert.equal(conflict.status, 409);
		assert.deepEqual(conflict.json, {errors: [{message: 'user already has an active authenticator', code: 409}]});
		assert.equal((await call(sim, 'DELETE', `/users/${mfa.id}/authenticators`)).text, '{}');
		assert.equal(sim.store.authenticatorOf(mfa.id), null);
		assert.equal((await call(sim, 'DELETE', `/users/${mfa.id}/authenticators`)).status, 404);
		assert.deepEqual((await call(sim, 'POST', `/users/${mfa.id}/authenticators`, {json: {secret, account_name: 'a:b'}})).json, {
			errors: [{message: "account_name cannot contain ':'", code: 400}],
		});
		const created = await call(sim, 'POST', `/users/${mfa.id}/authenticators`, {json: {secret: 'krsx g5ct-mvrx ezlu krsx g5ct mvrx ezlu', account_name: '  '}});
		assert.equal(created.status, 200);
		assert.deepEqual(Object.keys(created.json), ['id', 'otp_url']);
		assert.equal(
			created.json.otp_url,
			`otpauth://totp/Acme%20Support:mfa.user%40example.test?secret=${secret}&issuer=Acme%20Support&algorithm=SHA1&digits=6&period=30`,
		);
		assert.equal(sim.store.authenticatorOf(mfa.id)!.id, created.json.id);
		const withName = await call(sim, 'POST', `/users/${sim.store.userByEmail(WELL_KNOWN.jane).id}/authenticators`, {json: {secret, account_name: ' Jane Ø '}});
		assert.match(withName.json.otp_url, /^otpauth:\/\/totp\/Acme%20Support:Jane%20%C3%98\?secret=/);
	});

	it('passkey rename trims; delete soft-deletes; deleted passkeys are 404', async () => {
		const jane = sim.store.userByEmail(WELL_KNOWN.jane).id;
		const pk = sim.store.passkeysOf(jane).find((p) => p.name === 'YubiKey 5C')!;
		assert.equal((await call(sim, 'PATCH', `/users/${jane}/passkeys/${pk.id}`, {json: {name: '  Backup key  ', extra: 1}})).text, '{}');
		assert.equal(sim.store.passkeysOf(jane).find((p) => p.id === pk.id)!.name, 'Backup key');
		assert.equal((await call(sim, 'DELETE', `/users/${jane}/passkeys/${pk.id}`)).text, '{}');
		const listed = (await call(sim, 'GET', `/users/${jane}/passkeys`)).json.data.map((p: {id: string}) => p.id);
		assert.equal(listed.includes(pk.id), false);
		assert.notEqual(sim.store.passkeysOf(jane, {includeDeleted: true}).find((p) => p.id === pk.id)!.deletedAt, null);
		assert.equal((await call(sim, 'DELETE', `/users/${jane}/passkeys/${pk.id}`)).status, 404);
	});

	it('DELETE /users/{id} hard-deletes the user and everything of theirs', async () => {
		const dana = sim.store.userByEmail(WELL_KNOWN.disabled).id;
		assert.equal((await call(sim, 'DELETE', `/users/${dana}`)).text, '{}');
		assert.equal(sim.store.user(dana), undefined);
		assert.equal(sim.store.passkeysOf(dana, {includeDeleted: true}).length, 0);
		assert.equal((await call(sim, 'GET', `/users/${dana}/details`)).status, 404);
		assert.deepEqual((await call(sim, 'DELETE', `/users/${dana}`)).json, {errors: [{message: 'User not found', code: 404}]});
		assert.equal((await call(sim, 'GET', `/users?search=${WELL_KNOWN.disabled}`)).json.data.length, 0);
	});

	it('requests[].applied marks only real state changes', async () => {
		sim.requests.length = 0;
		const mfa = sim.store.userByEmail(WELL_KNOWN.mfa).id;
		await call(sim, 'GET', `/users/${mfa}/sessions`);
		await call(sim, 'POST', `/users/${mfa}/sessions/revoke-all`);
		await call(sim, 'POST', `/users/${mfa}/sessions/revoke-all`);
		await call(sim, 'POST', `/users/${mfa}/sessions/1/revoke`);
		assert.deepEqual(
			sim.requests.map((r) => [r.method, r.status, r.applied]),
			[
				['GET', 200, false],
				['POST', 200, true],
				['POST', 200, false],
				['POST', 404, false],
			],
		);
		assert.equal(sim.appliedCount({method: 'POST', path: /revoke-all$/}), 1);
		assert.equal(sim.requests[0]!.path, `/users/${mfa}/sessions`);
	});
});

describe('faults', () => {
	let sim: WachtSimulator;
	let jane: string;
	before(async () => {
		sim = await startWachtSimulator(small);
		jane = sim.store.userByEmail(WELL_KNOWN.jane).id;
	});
	after(() => sim.close());

	it('status faults answer with the real error shape, once, for the matching request only', async () => {
		sim.faults.add({method: 'GET', path: /\/sessions$/, status: 500});
		assert.equal((await call(sim, 'GET', `/users/${jane}/passkeys`)).status, 200, 'other paths unaffected');
		const r = await call(sim, 'GET', `/users/${jane}/sessions`);
		assert.equal(r.status, 500);
		assert.deepEqual(r.json, {errors: [{message: 'Something went wrong', code: 500}]});
		assert.equal((await call(sim, 'GET', `/users/${jane}/sessions`)).status, 200, 'one-shot');
		sim.faults.add({path: '/users', status: 429, times: 2});
		const limited = await call(sim, 'GET', '/users?limit=1');
		assert.deepEqual(limited.json, {errors: [{message: 'Rate limit exceeded. Retry after 60 seconds', code: 429}]});
		assert.equal(limited.headers['retry-after'], undefined);
		assert.equal((await call(sim, 'GET', '/users')).status, 429);
		assert.equal((await call(sim, 'GET', '/users')).status, 200);
		assert.equal(sim.faults.pending.length, 0);
	});

	it('a failed mutation without applyThenFail is not applied', async () => {
		const s = sim.store.activeSessionsOf(jane)[0]!;
		sim.faults.add({method: 'POST', path: /\/revoke$/, status: 502});
		assert.equal((await call(sim, 'POST', `/users/${jane}/sessions/${s.id}/revoke`)).status, 502);
		assert.equal(sim.store.signIns.get(s.id)!.deletedAt, null);
		assert.equal(sim.requests.at(-1)!.applied, false);
		assert.equal(sim.requests.at(-1)!.fault, 'status');
	});

	it('applyThenFail applies the mutation, then fails the answer (outcome unknown)', async () => {
		const s = sim.store.activeSessionsOf(jane)[0]!;
		sim.faults.add({method: 'POST', path: /\/revoke$/, kind: 'reset', applyThenFail: true});
		await assert.rejects(call(sim, 'POST', `/users/${jane}/sessions/${s.id}/revoke`));
		assert.notEqual(sim.store.signIns.get(s.id)!.deletedAt, null, 'applied');
		const entry = sim.requests.at(-1)!;
		assert.equal(entry.applied, true);
		assert.equal(entry.status, 0);
		// A blind retry would now get 404: the request log proves it was applied once.
		assert.equal((await call(sim, 'POST', `/users/${jane}/sessions/${s.id}/revoke`)).status, 404);
		assert.equal(sim.appliedCount({path: `/users/${jane}/sessions/${s.id}/revoke`}), 1);
	});

	it('reset, html, malformed-json, truncated', async () => {
		sim.faults.add({kind: 'reset'});
		await assert.rejects(call(sim, 'GET', '/users'));
		sim.faults.add({kind: 'html'});
		const html = await call(sim, 'GET', '/users');
		assert.equal(html.status, 502);
		assert.match(String(html.headers['content-type']), /text\/html/);
		assert.match(html.text, /<html>/);
		sim.faults.add({kind: 'malformed-json'});
		const bad = await call(sim, 'GET', '/users');
		assert.equal(bad.status, 200);
		assert.equal(bad.text, '{"data": [');
		assert.equal(bad.json, undefined);
		sim.faults.add({kind: 'truncated'});
		await assert.rejects(call(sim, 'GET', `/users/${jane}/details`));
		assert.equal(sim.requests.at(-1)!.fault, 'truncated');
		assert.equal((await call(sim, 'GET', '/users')).status, 200, 'faults are used up');
	});

	it('stall: no answer for delayMs, then the normal one; custom headers and bodies', async () => {
		sim.faults.add({kind: 'stall', delayMs: 150});
		const t0 = Date.now();
		const r = await call(sim, 'GET', `/users/${jane}/passkeys`);
		assert.equal(r.status, 200);
		assert.ok(Date.now() - t0 >= 140);
		sim.faults.add({status: 503, body: '{"errors":[{"message":"upstream","code":503}]}', headers: {'retry-after': '2'}});
		const custom = await call(sim, 'GET', '/users');
		assert.equal(custom.status, 503);
		assert.equal(custom.headers['retry-after'], '2');
		assert.equal(custom.json.errors[0].message, 'upstream');
	});

	it('a stalled mutation is not applied when the client gives up', async () => {
		const s = sim.store.activeSessionsOf(jane)[0]!;
		sim.faults.add({kind: 'stall', method: 'POST'});
		await assert.rejects(
			request(`${sim.url}/users/${jane}/sessions/${s.id}/revoke`, {method: 'POST', headers: {authorization: `Bearer ${sim.apiKey}`}, signal: AbortSignal.timeout(100)}),
		);
		await new Promise((r) => setTimeout(r, 30));
		assert.equal(sim.store.signIns.get(s.id)!.deletedAt, null);
	});

	it('latencyMs delays every answer', async () => {
		sim.latencyMs = 80;
		const t0 = Date.now();
		await call(sim, 'GET', '/users?limit=1');
		assert.ok(Date.now() - t0 >= 75);
		sim.latencyMs = 0;
	});
});

describe('rate limit', () => {
	it('429 with the real message after the limit, N = seconds until the window resets', async () => {
		const sim = await startWachtSimulator({...small, rateLimit: {limit: 3, windowMs: 20_000}});
		try {
			for (let i = 0; i < 3; i++) assert.equal((await call(sim, 'GET', '/users?limit=1')).status, 200);
			const r = await call(sim, 'GET', '/users?limit=1');
			assert.equal(r.status, 429);
			assert.equal(r.headers['content-type'], 'application/json');
			assert.match(r.json.errors[0].message, /^Rate limit exceeded\. Retry after (\d+) seconds$/);
			const n = Number(/(\d+) seconds/.exec(r.json.errors[0].message)![1]);
			assert.ok(n >= 19 && n <= 20, `N=${n}`);
			assert.equal(r.json.errors[0].code, 429);
			for (const h of ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-request-id']) assert.equal(r.headers[h], undefined, h);
			sim.resetRateLimit();
			assert.equal((await call(sim, 'GET', '/users?limit=1')).status, 200);
		} finally {
			await sim.close();
		}
	});

	it('the window resets after windowMs', async () => {
		const sim = await startWachtSimulator({...small, rateLimit: {limit: 1, windowMs: 150}});
		try {
			assert.equal((await call(sim, 'GET', '/users?limit=1')).status, 200);
			assert.equal((await call(sim, 'GET', '/users?limit=1')).status, 429);
			await new Promise((r) => setTimeout(r, 170));
			assert.equal((await call(sim, 'GET', '/users?limit=1')).status, 200);
		} finally {
			await sim.close();
		}
	});
});

describe('determinism', () => {
	it('same seed → same ids and names; another seed → other ids', () => {
		const a = seedStore({...small, seed: 1});
		const b = seedStore({...small, seed: 1, now: Date.now() * 1000 - 3_600_000_000});
		const c = seedStore({...small, seed: 2});
		const summary = (s: typeof a) => [...s.users.values()].map((u) => `${u.id} ${u.firstName} ${u.lastName} ${s.primaryEmail(u.id)?.email}`);
		assert.deepEqual(summary(a), summary(b));
		assert.deepEqual([...a.signIns.keys()], [...b.signIns.keys()]);
		assert.notDeepEqual(summary(a), summary(c));
		assert.equal(a.userByEmail(WELL_KNOWN.jane).id, b.userByEmail(WELL_KNOWN.jane).id);
		assert.notEqual(a.userByEmail(WELL_KNOWN.jane).id, c.userByEmail(WELL_KNOWN.jane).id);
		// The first users created are the well-known ones.
		assert.equal([...a.users.values()][0]!.id, a.userByEmail(WELL_KNOWN.jane).id);
	});

	it('seeded behind (the embedded demo): the same store as a plain seed, and a request waits for the whole of it', async () => {
		const now = Date.now() * 1000;
		const plain = seedStore({...small, now});
		const steps = seedSteps({...small, now});
		let step = steps.next();
		let slices = 1;
		for (; !step.done; step = steps.next()) slices++;
		const sliced = step.value;
		assert.ok(slices >= 2, `${slices} slices`);
		const dump = (s: typeof plain) => JSON.stringify([[...s.users.values()], [...s.emails.values()], [...s.signIns.values()]]);
		assert.equal(dump(sliced), dump(plain));
		// And what both build on first touch (test/sim/wacht-lazy-seed.test.ts compares that part in full).
		sliced.buildAll();
		plain.buildAll();
		assert.equal(dump(sliced), dump(plain));
		// Asked before the seed is done: the answer counts every seeded user, never a part.
		const sim = await startWachtSimulator({...small, seedBehind: true});
		try {
			const r = await call(sim, 'GET', `/users?limit=1`);
			assert.equal(r.status, 200);
			assert.equal(r.json.data.length, 1);
			assert.equal(sim.store.users.size, 120);
			const found = (await call(sim, 'GET', `/users?search=${encodeURIComponent(WELL_KNOWN.manySessions)}`)).json.data;
			assert.equal(found.length, 1);
			assert.equal(sim.store.sessionsOf(found[0].id).length, 40);
		} finally {
			await sim.close();
		}
	});

	it('the full default seed: ~2,000 users, 10,000 sessions for one, ~3% disabled, non-ASCII names', () => {
		const s = seedStore();
		assert.equal(s.users.size, 2000);
		const soren = s.userByEmail(WELL_KNOWN.manySessions);
		assert.equal(soren.firstName, 'Søren');
		const all = s.sessionsOf(soren.id);
		assert.equal(all.length, 10_000);
		const active = s.activeSessionsOf(soren.id).length;
		assert.ok(active > 5000 && active < 10_000);
		const users = [...s.users.values()];
		const disabled = users.filter((u) => u.disabled).length;
		assert.ok(disabled >= 30 && disabled <= 90, `${disabled} disabled`);
		for (const u of users.filter((x) => x.disabled)) assert.equal(s.sessionsOf(u.id, {includeRevoked: true}).length, 0);
		assert.ok(users.some((u) => /[^\x00-\x7f]/.test(u.firstName + u.lastName)));
		assert.ok(users.some((u) => u.username === ''));
		const dana = s.userByEmail(WELL_KNOWN.disabled);
		assert.equal(dana.disabled, true);
		const zoe = s.userByEmail(WELL_KNOWN.noSessions);
		assert.equal(s.sessionsOf(zoe.id, {includeRevoked: true}).length + s.passkeysOf(zoe.id).length + s.organizationMembershipsOf(zoe.id).length, 0);
		const mfa = s.userByEmail(WELL_KNOWN.mfa);
		assert.equal(mfa.secondFactorPolicy, 'enforced');
		assert.ok(s.authenticatorOf(mfa.id));
		assert.equal(s.activeSessionsOf(mfa.id).length, 1);
		const jane = s.userByEmail(WELL_KNOWN.jane);
		assert.equal(s.authenticatorOf(jane.id), null);
		assert.equal(s.hasBackupCodes(jane.id), false);
	});

	it('search never throws on special characters', () => {
		for (let c = 32; c < 127; c++) ilikeContains(`a${String.fromCharCode(c)}b`);
		assert.ok(ilikeContains('a\\_b').test('a_b'));
		assert.equal(ilikeContains('a\\_b').test('axb'), false);
		assert.ok(ilikeContains('a_b').test('xxaxbxx'));
	});
});
