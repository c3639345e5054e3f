/**
 * Screen tests: the real app and the real Wacht provider against the in-process simulator over loopback.
 * Each action is tried both ways: cancelled (the server holds what it held) and confirmed (it holds the change).
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import type {WachtSimulator} from '../../src/sim/wacht/server.js';
import {appOn} from '../helpers/app.js';
import {KEY, type Rendered} from '../helpers/render.js';

const JANE = 'jane.okafor@example.test';

interface Setup {
	readonly sim: WachtSimulator;
	readonly app: Rendered;
	readonly janeId: string;
}

async function setup(t: TestContext, opts: {columns?: number; rows?: number; guardMs?: number; query?: string} = {}): Promise<Setup> {
	const app = await appOn(t, 'wacht', opts);
	return {sim: app.sim, app, janeId: app.sim.store.userByEmail(JANE).id};
}

async function openJane(app: Rendered): Promise<void> {
	await app.type(JANE);
	await app.press(KEY.enter);
	await app.waitFor('Sessions (3)');
	await app.waitFor('Memberships (2)');
}

const selectedLine = (frame: string): string => frame.split('\n').find((l) => l.startsWith('›')) ?? '';

test('a single exact match from the command line opens the user at once, with every tab counted', async (t) => {
	const {app} = await setup(t, {query: JANE});
	const frame = await app.waitFor((f) => f.includes('Passkeys (2)') && f.includes('Memberships (2)') && f.includes('Sessions (3)'));
	assert.match(frame, /ACTIVE\s+Jane Okafor\s+<jane\.okafor@example\.test>/);
	assert.match(frame, /last sign-in \S+ ago/);
	assert.match(frame, /3 active sessions · 2 passkeys · MFA optional/);
	assert.match(frame, /Lisbon, PT/);
});

test('revoke one session: Enter cancels (default No), y revokes exactly the selected one', async (t) => {
	const {sim, app, janeId} = await setup(t);
	await openJane(app);
	const before = sim.store.activeSessionsOf(janeId).map((s) => s.id);
	await app.press('j'); // second row
	const selected = selectedLine(app.frame());
	assert.match(selected, /^› .*\d+\.\d+\.\d+\.\d+|^› .*[0-9a-f:]{6,}/, `a sign-in row is selected:\n${app.frame()}`);
	await app.press('x');
	let frame = await app.waitFor('y to confirm');
	assert.match(frame, /Revoke session \d+ — /);
	assert.match(frame, /Jane Okafor <jane\.okafor@example\.test>/);
	assert.match(frame, /Wacht · 127\.0\.0\.1:\d+/);
	await app.press(KEY.enter);
	await app.waitFor('Cancelled: nothing changed');
	assert.deepEqual(sim.store.activeSessionsOf(janeId).map((s) => s.id), before);

	await app.press('x');
	await app.waitFor('y to confirm');
	await app.press('y');
	frame = await app.waitFor('✓ Revoked session');
	const after = sim.store.activeSessionsOf(janeId).map((s) => s.id);
	assert.equal(after.length, 2);
	const gone = before.filter((id) => !after.includes(id));
	assert.equal(gone.length, 1);
	assert.ok(frame.includes(gone[0]!), 'the result line names the revoked session');
	await app.waitFor('Sessions (2)');
	assert.ok(!app.frame().includes(selected.slice(2, 40)), 'the revoked row left the list');
});

test('revoke all needs the email typed; a wrong entry changes nothing', async (t) => {
	const {sim, app, janeId} = await setup(t);
	await openJane(app);
	await app.press('X');
	await app.waitFor(`Type ${JANE} and press Enter`);
	await app.press('y'); // just a letter here, not a confirmation
	await app.press(KEY.enter);
	await app.waitFor('that is not jane.okafor@example.test');
	assert.equal(sim.store.activeSessionsOf(janeId).length, 3);
	await app.press(KEY.esc);
	await app.waitFor('Cancelled: nothing changed');
	assert.equal(sim.store.sessionsOf(janeId, {includeExpired: true}).length, 5);

	await app.press('X');
	await app.waitFor(`Type ${JANE}`);
	await app.type(JANE);
	await app.press(KEY.enter);
	await app.waitFor('✓ Revoked 5 sign-ins of Jane Okafor');
	assert.equal(sim.store.sessionsOf(janeId, {includeExpired: true}).length, 0);
	await app.waitFor('Sessions (0)');
});

test('a burst of keys moves the selection but never opens or confirms an action', async (t) => {
	const {sim, app, janeId} = await setup(t);
	await openJane(app);
	await app.burst('xy');
	await app.burst('XY');
	assert.ok(!app.frame().includes('to confirm'));
	assert.equal(sim.store.activeSessionsOf(janeId).length, 3);
	await app.burst('jj');
	const lines = app.frame().split('\n');
	const rows = lines.filter((l) => /^(›| ) \S+ ago/.test(l));
	assert.ok(rows[2]?.startsWith('›'), `third row selected:\n${app.frame()}`);
});

test('a y held down as the dialog opens does not confirm it', async (t) => {
	const {sim, app, janeId} = await setup(t, {guardMs: 10_000});
	await openJane(app);
	await app.press('x', 'y');
	assert.ok(app.frame().includes('y to confirm'));
	assert.ok(app.frame().includes('y ignored'), 'the operator is told why nothing happened');
	assert.equal(sim.store.activeSessionsOf(janeId).length, 3);
});

test('passkeys: rename and delete, each cancellable', async (t) => {
	const {sim, app, janeId} = await setup(t);
	await openJane(app);
	await app.press('2');
	await app.waitFor('Work laptop');
	const names = (): string[] => sim.store.passkeysOf(janeId).map((p) => p.name).sort();
	const selected = selectedLine(app.frame()).includes('Work laptop') ? 'Work laptop' : 'YubiKey 5C';

	await app.press('n');
	await app.waitFor('New name ›');
	await app.press(KEY.esc);
	await app.waitFor('Rename cancelled');
	assert.deepEqual(names(), ['Work laptop', 'YubiKey 5C']);

	await app.press('n');
	await app.press('\u0015'); // Ctrl+U clears the field
	await app.type('Spare key');
	await app.press(KEY.enter);
	await app.waitFor(`✓ Renamed passkey "${selected}" to "Spare key"`);
	assert.ok(names().includes('Spare key'));
	await app.waitFor((f) => f.includes('Spare key') && !f.includes('refreshing'));

	await app.press('x');
	await app.waitFor('Delete passkey "Spare key"?');
	await app.press('n');
	await app.waitFor('Cancelled: nothing changed');
	assert.equal(sim.store.passkeysOf(janeId).length, 2);
	await app.press('x');
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor('✓ Deleted passkey "Spare key"');
	assert.deepEqual(sim.store.passkeysOf(janeId).map((p) => p.name), [selected === 'Work laptop' ? 'YubiKey 5C' : 'Work laptop']);
	await app.waitFor('Passkeys (1)');
});

test('MFA: enroll shows the QR code and secret once, then delete needs the typed email', async (t) => {
	const {sim, app, janeId} = await setup(t, {columns: 80, rows: 24});
	await openJane(app);
	await app.press('3');
	await app.waitFor('TOTP authenticator   unknown');
	await app.press('a');
	await app.waitFor('Add a TOTP authenticator?');
	await app.press(KEY.esc);
	await app.waitFor('Cancelled');
	assert.ok(!sim.store.authenticatorOf(janeId));

	await app.press('a');
	await app.waitFor('y to confirm');
	await app.press('y');
	const frame = await app.waitFor('TOTP authenticator for Jane Okafor');
	assert.ok(sim.store.authenticatorOf(janeId), 'the server holds an authenticator');
	assert.match(frame, /█/, 'a QR code is drawn');
	const secret = sim.store.authenticatorOf(janeId)!.secret;
	const groups = secret.match(/.{1,4}/g)!;
	assert.ok(frame.includes(groups.slice(0, 4).join(' ')) && frame.includes(groups.slice(4, 8).join(' ')), `secret grouped for typing:\n${frame}`);
	assert.ok(frame.includes('otpauth://totp/'));
	assert.ok(frame.split('\n').length <= 23, 'fits 80×24');
	await app.press(KEY.esc);
	await app.waitFor('TOTP authenticator   enrolled');
	assert.ok(!app.frame().includes(groups.slice(0, 4).join(' ')), 'the secret is gone from the screen');

	await app.press('x');
	await app.waitFor(`Type ${JANE}`);
	await app.type(JANE);
	await app.press(KEY.enter);
	await app.waitFor('✓ TOTP authenticator of Jane Okafor deleted');
	assert.ok(!sim.store.authenticatorOf(janeId));
	await app.waitFor('TOTP authenticator   none');
});

test('MFA: regenerating backup codes shows 12 new codes once and replaces the old ones', async (t) => {
	const {sim, app} = await setup(t);
	const mfaUser = sim.store.userByEmail('mfa.user@example.test');
	const oldHashes = [...sim.store.backupCodeHashes(mfaUser.id)];
	await app.type('mfa.user@example.test');
	await app.press(KEY.enter);
	await app.waitFor('Łukasz Nowak');
	await app.press('3');
	await app.waitFor('Backup codes         generated');
	await app.press('b');
	await app.waitFor('Regenerate backup codes?');
	await app.press('n');
	await app.waitFor('Cancelled');
	assert.deepEqual(sim.store.backupCodeHashes(mfaUser.id), oldHashes);
	await app.press('b');
	await app.waitFor('y to confirm');
	await app.press('y');
	const frame = await app.waitFor('New backup codes for Łukasz Nowak');
	// Laid out in columns: every "N. xxxx-xxxx" on screen.
	const codes = [...frame.matchAll(/\b\d+\. ([A-Za-z0-9]{4}-[A-Za-z0-9]{4})\b/g)].map((m) => m[1]!);
	assert.equal(codes.length, 12);
	const newHashes = sim.store.backupCodeHashes(mfaUser.id);
	assert.equal(newHashes.length, 12);
	assert.deepEqual(codes.map((c) => createHash('sha256').update(c, 'utf8').digest('hex')).sort(), [...newHashes].sort(), 'the codes shown are the ones the backend accepts');
	assert.ok(!newHashes.some((h) => oldHashes.includes(h)));
	await app.press(KEY.enter);
	await app.waitFor((f) => !f.includes(codes[0]!));
});

test('disable needs the typed email, warns that sign-ins are deleted, and enable restores sign-in', async (t) => {
	const {sim, app, janeId} = await setup(t);
	await openJane(app);
	await app.press('L');
	await app.waitFor('Disable user');
	await app.press(KEY.enter);
	const frame = await app.waitFor('session history is gone');
	assert.match(frame, /Type jane\.okafor@example\.test/);
	await app.type(JANE);
	await app.press(KEY.enter);
	await app.waitFor('✓ Disable user: user disabled');
	assert.equal(sim.store.user(janeId)?.disabled, true);
	assert.equal(sim.store.sessionsOf(janeId, {includeExpired: true}).length, 0);
	await app.waitFor(/DISABLED\s+Jane Okafor/);
	await app.press('L');
	await app.waitFor('Enable user');
	await app.press(KEY.enter);
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor('✓ Enable user: user enabled');
	assert.equal(sim.store.user(janeId)?.disabled, false);
});

test('one failing tab shows its error and how to retry; the other tabs keep working', async (t) => {
	const {sim, app} = await setup(t);
	sim.faults.add({method: 'GET', path: /\/passkeys$/, status: 500, times: 10});
	await openJane(app);
	let frame = await app.waitFor('Passkeys (!)');
	assert.match(frame, /Sessions \(3\)/);
	await app.press('2');
	frame = await app.waitFor('Passkeys failed to load');
	assert.match(frame, /HTTP 500/);
	assert.match(frame, /press r to retry/);
	sim.faults.clear();
	await app.press('r');
	await app.waitFor('Work laptop');
	await app.press('1');
	await app.waitFor('Lisbon, PT');
});

test('10,000 rows scroll by window: G jumps to the last row, / filters', async (t) => {
	const {app} = await setup(t);
	await app.type('many.sessions@example.test');
	await app.press(KEY.enter);
	await app.waitFor(/Sessions \(\d+\)/);
	await app.press('G');
	let frame = await app.waitFor(/–\d+ of \d+/);
	const [, end, total] = /–(\d[\d,]*) of (\d[\d,]*)/.exec(frame)!;
	assert.equal(end, total);
	await app.press('g', '/');
	await app.type('Lisbon');
	await app.press(KEY.enter);
	frame = await app.waitFor('filter "Lisbon"');
	const rows = frame.split('\n').filter((l) => /^(›| ) \S+ ago/.test(l));
	assert.ok(rows.length > 0 && rows.every((l) => l.includes('Lisbon')), frame);
});

test('a terminal too small says so, q still quits, and a resize back re-lays out', async (t) => {
	const {app} = await setup(t);
	await openJane(app);
	await app.resize(50, 10);
	await app.waitFor('Terminal too small: need 60×12, have 50×10');
	await app.resize(80, 24);
	await app.waitFor('Lisbon, PT');
	for (const line of app.frame().split('\n')) assert.ok(line.length <= 80, `line fits 80 columns: ${line}`);
	assert.ok(app.frame().split('\n').length <= 23, 'frame stays at most rows − 1 tall');
	await app.resize(50, 10);
	// Asked for first: Ink resolves an exit only for a wait already pending when the app exits.
	const exited = app.instance.waitUntilExit();
	await app.press('q');
	await exited;
});

test('? shows help built from the key table; Esc closes it', async (t) => {
	const {app} = await setup(t);
	await openJane(app);
	await app.press('?');
	const frame = await app.waitFor('Keys ·');
	assert.match(frame, /sign the user out everywhere/);
	await app.press(KEY.esc);
	await app.waitFor('Lisbon, PT');
});

test('an unknown user gets a clear message, and Esc returns from a user to the results', async (t) => {
	const {app} = await setup(t);
	await app.type('nobody-at-all@nowhere.test');
	await app.press(KEY.enter);
	await app.waitFor('No user matches "nobody-at-all@nowhere.test"');
	await app.press('\u0015');
	await app.type('ana');
	await app.press(KEY.enter);
	await app.waitFor(/of \d+ for "ana"/);
	await app.press(KEY.enter);
	await app.waitFor('1 Sessions');
	await app.press(KEY.esc);
	await app.waitFor(/of \d+ for "ana"/);
});

test('lookup rows show each user status, so a disabled account stands out before it is opened', async (t) => {
	const {app} = await setup(t);
	await app.type('disabled.user');
	await app.press(KEY.enter);
	await app.waitFor(/DISABLED\s+Dana Whitfield\s+disabled\.user@example\.test/);
});

test('at the minimum 60×12 a confirm dialog keeps its answer line and target on screen', async (t) => {
	const {sim, app, janeId} = await setup(t, {columns: 60, rows: 12});
	await app.type(JANE);
	await app.press(KEY.enter);
	await app.waitFor('Sess (3)'); // short tab titles at 60 columns
	await app.press('X');
	const frame = await app.waitFor('Type jane.okafor@example.test');
	assert.match(frame, /Revoke all 5 sessions\?/);
	assert.match(frame, /Jane Okafor/);
	assert.ok(frame.split('\n').length <= 11);
	for (const line of frame.split('\n')) assert.ok(line.length <= 60, line);
	await app.type(JANE);
	await app.press(KEY.enter);
	await app.waitFor('Revoked 5 sign-ins');
	assert.equal(sim.store.sessionsOf(janeId, {includeExpired: true}).length, 0);
});

test('the sessions filter matches the operating system too', async (t) => {
	const {app} = await setup(t);
	await openJane(app);
	await app.press('/');
	await app.type('ios');
	await app.press(KEY.enter);
	const frame = await app.waitFor(/1–1 of 1/);
	assert.match(frame, /Mobile Safari · iOS/);
	assert.doesNotMatch(frame, /Chrome · macOS/);
});
