/**
 * The guard's caller check (a `verify_caller` profile): the approvals it counts (this run's and the journal's, same
 * host, the last 10 minutes, approvals only) and the refusal before anything is sent. Over the Okta simulator, with a
 * clock the test moves.
 */
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test, type TestContext} from 'node:test';
import {guardProvider} from '../../src/api/guard.js';
import {Journal} from '../../src/api/journal.js';
import {OktaProvider} from '../../src/api/okta/provider.js';
import {runOperation, type Pending, type UserRef} from '../../src/operations/index.js';
import {startOktaSimulator, WELL_KNOWN as W} from '../../src/sim/okta/index.js';
import {ACTIVE_USER_TOTP_SECRET} from '../../src/sim/okta/seed.js';
import {totp} from '../../src/sim/okta/totp.js';

for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[name];

async function setup(t: TestContext) {
	const sim = await startOktaSimulator({userCount: 60});
	const dir = mkdtempSync(join(tmpdir(), 'at-caller-'));
	const path = join(dir, 'journal.jsonl');
	let now = Date.now();
	const clock = {now: () => now, advance: (ms: number) => (now += ms)};
	const open = () =>
		guardProvider(new OktaProvider({orgUrl: sim.url, token: sim.token, retry: {baseDelayMs: 1, maxDelayMs: 2}}), {readOnly: false, journal: Journal.open({path}), profile: 'helpdesk', verifyCallerMinutes: 10, now: clock.now});
	const guarded = open();
	t.after(async () => {
		await guarded.close();
		await sim.close();
		rmSync(dir, {recursive: true, force: true});
	});
	const user = await guarded.getUser(W.active.id);
	const ref: UserRef = {id: user.id, name: user.displayName, email: user.email, login: user.login};
	const mfa = await guarded.getMfa(W.active.id);
	const otp = mfa.factors.find((f) => f.type === 'token:software:totp' && f.provider === 'OKTA')!;
	const verify = (code: string): Pending => ({op: 'caller.verify', input: {user: ref, factor: otp, step: 'code', passCode: code}});
	const reset = guarded.lifecycleActions(user).find((a) => a.id === 'reset_password')!;
	return {sim, guarded, open, clock, ref, verify, reset: {op: 'lifecycle', input: {user: ref, action: reset}} as Pending};
}

test('a gated change is refused before anything is sent until an approval exists; a rejection does not count; it lapses after 10 minutes', async (t) => {
	const {sim, guarded, clock, verify, reset} = await setup(t);
	const posts = () => sim.requests.filter((r) => r.method === 'POST').length;
	await assert.rejects(runOperation(guarded, reset), /this profile needs the caller verified first/);
	assert.equal(posts(), 0);
	assert.equal((await runOperation(guarded, verify('000000'))).negative, true);
	await assert.rejects(runOperation(guarded, reset), /needs the caller verified first/);
	const approved = await runOperation(guarded, verify(totp(ACTIVE_USER_TOTP_SECRET)));
	assert.ok(approved.verified);
	assert.ok(guarded.callerApproval(W.active.id));
	assert.equal(guarded.callerApproval(W.allFactors.id), null, 'only that user');
	// The journal stamps its lines with the real clock: well past the window for both.
	clock.advance(10 * 60_000 + 10_000);
	assert.equal(guarded.callerApproval(W.active.id), null, 'ten minutes later it no longer counts');
	await assert.rejects(runOperation(guarded, reset), /needs the caller verified first/);
	clock.advance(-60_000);
	await runOperation(guarded, reset);
	assert.equal(sim.store.user(W.active.id).status, 'RECOVERY');
});

test('an approval journaled by another run counts (same host); ungated changes never wait', async (t) => {
	const {guarded, open, verify} = await setup(t);
	await runOperation(guarded, verify(totp(ACTIVE_USER_TOTP_SECRET)));
	const next = open();
	t.after(() => next.close());
	assert.ok(next.callerApproval(W.active.id), 'read back from the journal');
	assert.equal(next.callerApproval(W.active.id)!.how, 'token:software:totp');
	const other = await next.getUser(W.allFactors.id);
	const ref: UserRef = {id: other.id, name: other.displayName, email: other.email, login: other.login};
	const done = await runOperation(next, {op: 'sessions.revokeAll', input: {user: ref, count: null, oauthTokens: false, forgetDevices: false}});
	assert.equal(done.outcome.status, 204, 'signing a user out everywhere never waits for a caller check');
});
