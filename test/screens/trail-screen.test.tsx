/**
 * The Sign-ins tab (6) on both backends: Okta's trail newest first with failures marked and the reason in words beside
 * Okta's code, the outcome and text filters, the whole record (copyable), follow mode, the operator's own action
 * appearing after it; Wacht's one line and its sign-ins as a timeline, expired ones included. The tab bar fits 60
 * columns.
 */
import assert from 'node:assert/strict';
import {test, type TestContext} from 'node:test';
import type {Output} from '../../src/incident/output.js';
import {WELL_KNOWN as W} from '../../src/sim/okta/index.js';
import {appOn, openUser, pressAction, selectedLine} from '../helpers/app.js';
import {KEY} from '../helpers/render.js';

function recordingOutput(): Output & {copies: string[]} {
	const copies: string[] = [];
	return {copies, copy: (text) => (copies.push(text), {sent: true, via: 'OSC 52'}), save: (name) => `/state/${name}.md`};
}

const rowsOf = (frame: string): string[] => frame.split('\n').filter((l) => /^[› ] (\d+\w+ ago|just now) /.test(l));

async function okta(t: TestContext, query: string, name: string, opts: {columns?: number; rows?: number} = {}) {
	const output = recordingOutput();
	const app = await appOn(t, 'okta', {okta: {userCount: 60}, columns: opts.columns ?? 150, rows: opts.rows ?? 40, props: {output}});
	await openUser(app, query, (f) => f.includes(name) && /Sign-ins|Trail/.test(f) && !f.includes('…)'));
	await pressAction(app, 'tab/6');
	await app.waitFor('events');
	return {app, output, sim: app.sim};
}

test('Okta: the trail newest first, failures marked, the reason in words beside the code', async (t) => {
	const {app} = await okta(t, W.lockedOut.login, 'Zoë');
	const frame = app.frame();
	assert.match(frame, /\[6 Sign-ins \(7✗\)\]/);
	assert.match(frame, /last 7 days · 10 events, 7 failed or denied/);
	const rows = rowsOf(frame);
	assert.match(rows[0] ?? '', /✗\s+User login to Okta\s+the account is locked out · LOCKED_OUT\s+Stockholm, Sweden/);
	assert.match(rows[1] ?? '', /✗\s+Max sign in attempts exceeded\s+locked out after too many wrong passwords/);
	assert.equal(rows.filter((r) => /wrong password · INVALID_CREDENTIALS/.test(r)).length, 5);
	assert.ok(rows.slice(-3).every((r) => !r.includes('✗')), 'the sign-in two days ago succeeded');
});

test('Okta: o cycles the outcome filter, / filters by text, Esc clears them', async (t) => {
	const {app} = await okta(t, W.policyDenied.login, 'Rafael');
	await pressAction(app, 'trail/outcome');
	await app.waitFor('shows failures');
	assert.ok(rowsOf(app.frame()).every((r) => r.includes('✗')), app.frame());
	await pressAction(app, 'trail/outcome');
	const denials = await app.waitFor('shows denials');
	assert.equal(rowsOf(denials).length, 4);
	assert.ok(rowsOf(denials).every((r) => /denied by rule "Block unmanaged devices" of policy "Contr/.test(r)), denials);
	await pressAction(app, 'nav/back', 'user');
	await app.waitFor('filters by outcome');
	await pressAction(app, 'list/filter');
	await app.type('Sign-on');
	await app.press(KEY.enter);
	const filtered = await app.waitFor('filter "Sign-on"');
	assert.ok(rowsOf(filtered).length >= 4 && rowsOf(filtered).every((r) => r.includes('✗')), filtered);
});

test('Okta: Enter opens the whole record; c copies it with its request id; Esc closes', async (t) => {
	const {app, output} = await okta(t, W.notAssigned.login, 'Amara');
	await pressAction(app, 'trail/outcome');
	await app.waitFor('shows failures');
	const first = rowsOf(app.frame())[0] ?? '';
	assert.match(first, /not assigned to Salesforce\.com/);
	await pressAction(app, 'nav/open', 'trail');
	const record = await app.waitFor('Request id');
	for (const label of ['Time', 'Event', 'Outcome', 'Why', 'Actor', 'Target', 'IP', 'Place', 'Client', 'Network', 'Transaction', 'Event id']) assert.match(record, new RegExp(`^${label}\\s`, 'm'), label);
	assert.match(record, /^Target\s+Salesforce\.com/m);
	await pressAction(app, 'export/copyId', 'record');
	const copied = output.copies.at(-1) ?? '';
	assert.match(copied, /^Event: app\.generic\.unauth_app_access_attempt$/m);
	assert.match(copied, /^Request id: \S+$/m);
	await pressAction(app, 'nav/back', 'record');
	await app.waitFor((f) => f.includes('[6 Sign-ins') && !f.includes('Request id'));
});

test("Okta: the operator's own action appears in the trail; f follows with the time of the last poll; Esc stops", async (t) => {
	const {app, sim} = await okta(t, W.lockedOut.login, 'Zoë');
	await pressAction(app, 'trail/follow');
	await app.waitFor(/following · last poll \ds ago · Esc stops · System Log \d+\/120/);
	await pressAction(app, 'user/lifecycle');
	await app.waitFor('Unlock user');
	await app.press(KEY.enter);
	await app.waitFor('y to confirm');
	await app.press('y');
	const after = await app.waitFor((f) => /Unlock user account by admin/.test(rowsOf(f)[0] ?? ''));
	assert.match(rowsOf(after)[0] ?? '', /just now\s+Unlock user account by admin\s+by Ingrid Solberg/);
	assert.equal(sim.store.user(W.lockedOut.id).status, 'ACTIVE');
	assert.match(after, /following · last poll/);
	await pressAction(app, 'nav/back', 'user');
	await app.waitFor('Stopped following the trail');
	assert.match(app.frame(), /f follows/);
});

test('the tab bar fits 60 columns with six tabs, and the trail keeps its failure count', async (t) => {
	const {app} = await okta(t, W.lockedOut.login, 'Zoë', {columns: 60, rows: 16});
	const bar = app.frame().split('\n').find((l) => l.includes('1 Sess')) ?? '';
	assert.match(bar, /\[6 Trail \(7✗\)\]/);
	assert.ok(bar.length <= 60, bar);
	assert.match(selectedLine(app.frame()), /✗/);
});

test('Wacht: one line says there is no audit log; the sign-ins as a timeline, expired ones included', async (t) => {
	const app = await appOn(t, 'wacht', {wacht: {userCount: 40}, columns: 120, rows: 30});
	await openUser(app, 'expired.sessions@example.test', (f) => /Sessions \(\d+\)/.test(f));
	await pressAction(app, 'tab/6');
	const frame = await app.waitFor('no sign-in attempt or audit log');
	const expired = frame.split('\n').filter((l) => /EXPIRED$/.test(l.trimEnd()));
	assert.ok(expired.length >= 1, frame);
	assert.match(frame, /SIGNED IN\s+LAST ACTIVE\s+CLIENT/);
	assert.match(frame, /newest sign-in first, expired ones included/);
	// No trail was asked for.
	assert.ok(!frame.includes('follows'));
});
