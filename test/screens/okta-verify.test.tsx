/**
 * Verifying the caller on screen (issue 14): `v` on a push, SMS or TOTP factor of the MFA tab, the user's answer
 * given from outside the wire (`sim.store.answerPush`, the test hook), and a `verify_caller` profile whose resets
 * are refused until an approval exists. What the simulator ends up holding is asserted with what the operator sees.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {guardProvider} from '../../src/api/guard.js';
import {OktaProvider} from '../../src/api/okta/provider.js';
import {startOktaSimulator, WELL_KNOWN as W, type OktaSimulator} from '../../src/sim/okta/index.js';
import {ACTIVE_USER_TOTP_SECRET} from '../../src/sim/okta/seed.js';
import {totp} from '../../src/sim/okta/totp.js';
import {appOn, mountApp, openUser, pressAction} from '../helpers/app.js';
import {KEY, type Rendered} from '../helpers/render.js';

const verifies = (sim: OktaSimulator): string[] => sim.requests.filter((r) => r.method === 'POST').map((r) => r.path.replace(/^.*\/factors\//, 'factors/'));
const factorOf = (sim: OktaSimulator, type: string, provider = 'OKTA') => sim.store.factorsOf(W.active.id).find((f) => f.factorType === type && f.provider === provider)!;

/** Opens Aoife's MFA tab and selects the row whose text includes `row`. */
async function selectFactor(app: Rendered, row: string): Promise<void> {
	await app.press('3');
	await app.waitFor(row);
	for (let i = 0; i < 15 && !(app.frame().split('\n').find((l) => l.startsWith('›')) ?? '').includes(row); i++) await app.press('j');
	await app.waitFor((f) => (f.split('\n').find((l) => l.startsWith('›')) ?? '').includes(row));
}

/** Waits until the app's push is waiting in the simulator, then answers it as the user's phone would. */
async function answerWhenSent(app: Rendered, sim: OktaSimulator, answer: 'approve' | 'reject'): Promise<void> {
	await app.waitFor(() => [...sim.store.pushes.values()].some((t) => t.userId === W.active.id && t.result === 'WAITING'));
	assert.ok(sim.store.answerPush(W.active.id, answer));
}

test('push: cancelled sends nothing; approved shows who and when; rejected says NOT verified', async (t) => {
	const app = await appOn(t, 'okta', {columns: 120, rows: 40});
	const {sim} = app;
	const push = factorOf(sim, 'push');
	await openUser(app, W.active.login, /Memberships \(\d+\)/);
	await selectFactor(app, 'Okta Verify push on');

	await pressAction(app, 'mfa/verify', 'mfa');
	const frame = await app.waitFor('⚠ Verify the caller: send an Okta Verify push?');
	assert.match(frame, /Nothing about the account changes/);
	await app.press('n');
	await app.waitFor('Cancelled: nothing changed');
	assert.deepEqual(verifies(sim), []);

	await pressAction(app, 'mfa/verify', 'mfa');
	await app.waitFor('⚠ Verify the caller');
	await app.press('y');
	await app.waitFor('Push sent: waiting for Aoife Ní Bhriain to approve it on their phone (Okta gives five minutes)…');
	await answerWhenSent(app, sim, 'approve');
	await app.waitFor(/✓ Caller verified: Aoife Ní Bhriain approved the push \(Okta Verify push\) at \d\d:\d\d:\d\d UTC/, 10_000);
	assert.deepEqual(verifies(sim), [`factors/${push.id}/verify`]);
	assert.ok(sim.requests.some((r) => r.method === 'GET' && /\/transactions\//.test(r.path)), 'the poll link was followed');

	await pressAction(app, 'mfa/verify', 'mfa');
	await app.waitFor('⚠ Verify the caller');
	await app.press('y');
	await answerWhenSent(app, sim, 'reject');
	await app.waitFor(/✗ Caller NOT verified: REJECTED \(the user denied the push\) at \d\d:\d\d:\d\d UTC/, 10_000);
	assert.equal(sim.store.user(W.active.id).status, 'ACTIVE', 'nothing about the account changed');
});

test('push unanswered: TIMED OUT when Okta closes the transaction', async (t) => {
	const app = await appOn(t, 'okta', {columns: 120, rows: 40, prepare: (sim) => (sim.store.pushLifetimeMs = 600)});
	const {sim} = app;
	await openUser(app, W.active.login, /Memberships \(\d+\)/);
	await selectFactor(app, 'Okta Verify push on');
	await pressAction(app, 'mfa/verify', 'mfa');
	await app.waitFor('⚠ Verify the caller');
	await app.press('y');
	await app.waitFor(/✗ Caller NOT verified: TIMED OUT \(the push expired unanswered\)/, 10_000);
	assert.deepEqual([...sim.store.pushes.values()].map((p) => p.result), ['TIMEOUT']);
});

test('SMS: the code is sent, then the code the caller reads out is asked for and checked; read-only sends nothing', async (t) => {
	const app = await appOn(t, 'okta', {columns: 120, rows: 40});
	const {sim} = app;
	const sms = factorOf(sim, 'sms');
	await openUser(app, W.active.login, /Memberships \(\d+\)/);
	await selectFactor(app, '+353861234567');
	await pressAction(app, 'mfa/verify', 'mfa');
	await app.waitFor('⚠ Verify the caller: send a code by SMS to +353861234567?');
	await app.press('y');
	await app.waitFor('Code the caller reads out ›');
	assert.match(app.frame(), /Code sent by SMS to \+353861234567/);
	const code = sim.store.outbox.filter((o) => o.factorId === sms.id).at(-1)!.code!;
	await app.type(code);
	await app.press(KEY.enter);
	await app.waitFor(/✓ Caller verified: Aoife Ní Bhriain read out the right code \(SMS to \+353861234567\)/);
	assert.deepEqual(verifies(sim), [`factors/${sms.id}/verify`, `factors/${sms.id}/verify`]);
	assert.equal(sim.requests.filter((r) => r.method === 'POST').length, 2);

	const readOnly = await appOn(t, 'okta', {columns: 120, rows: 40, readOnly: true});
	await openUser(readOnly, W.active.login, /Memberships \(\d+\)/);
	await selectFactor(readOnly, 'Okta Verify push on');
	await pressAction(readOnly, 'mfa/verify', 'mfa');
	await readOnly.waitFor(/Read-only: nothing is sent/);
	assert.deepEqual(verifies(readOnly.sim), []);
});

async function gatedApp(t: TestContext): Promise<{app: Rendered; sim: OktaSimulator}> {
	const sim = await startOktaSimulator({userCount: 100});
	const inner = new OktaProvider({orgUrl: sim.url, token: sim.token, retry: {baseDelayMs: 1, maxDelayMs: 2}});
	const provider = guardProvider(inner, {readOnly: false, journal: null, profile: 'okta-helpdesk', verifyCallerMinutes: 10});
	const app = mountApp(t, provider, {columns: 120, rows: 40}, () => sim.close());
	return {app, sim};
}

test('verify_caller: a reset is refused until the caller is verified (a wrong code does not count), then goes through', async (t) => {
	const {app, sim} = await gatedApp(t);
	await openUser(app, W.active.login, /Memberships \(\d+\)/);
	await app.press('L');
	await app.waitFor('Change the state of');
	const items = app.frame().split('\n').filter((l) => l.startsWith('│ '));
	const index = items.findIndex((l) => l.includes('Reset password'));
	for (let i = 1; i < index; i++) await app.press('j');
	await app.press(KEY.enter);
	let frame = await app.waitFor('⚠ Reset password?');
	assert.match(frame, /Caller\s+NOT verified: this profile refuses it until the caller is verified \(v on MFA/);
	await app.press('y');
	frame = await app.waitFor(/✗ Reset password failed: refused: this profile needs the caller verified first/);
	assert.match(frame.replace(/\s+/g, ' '), /no approved verification of aoife\.nibhriain@example\.com in the last 10 minutes \(v on MFA, or account-triage verify\); nothing was sent/);
	assert.equal(sim.store.user(W.active.id).status, 'ACTIVE');
	assert.deepEqual(sim.requests.filter((r) => r.method === 'POST'), [], 'nothing was sent');

	// A wrong code is a rejection: still not verified.
	await selectFactor(app, 'Okta Verify (TOTP) · ACTIVE');
	await pressAction(app, 'mfa/verify', 'mfa');
	await app.waitFor('Code the caller reads out ›');
	await app.type('000000');
	await app.press(KEY.enter);
	await app.waitFor(/✗ Caller NOT verified: REJECTED \(the code did not match\)/);
	await pressAction(app, 'mfa/verify', 'mfa');
	await app.waitFor('Code the caller reads out ›');
	await app.type(totp(ACTIVE_USER_TOTP_SECRET));
	await app.press(KEY.enter);
	await app.waitFor(/✓ Caller verified: Aoife Ní Bhriain read out the right code \(Okta Verify \(TOTP\) code\)/);

	await app.press('L');
	await app.waitFor('Change the state of');
	for (let i = 1; i < index; i++) await app.press('j');
	await app.press(KEY.enter);
	frame = await app.waitFor('⚠ Reset password?');
	assert.match(frame, /Caller\s+verified at \d\d:\d\d:\d\d UTC \(Okta Verify \(TOTP\) code\); counts until/);
	await app.press('y');
	await app.waitFor('Password reset link');
	assert.equal(sim.store.user(W.active.id).status, 'RECOVERY');
	assert.ok(app.frame().includes(sim.store.user(W.active.id).resetPasswordToken!));
});
