/**
 * What the operator sees: the real app and the real providers against the in-process simulators, opened on the
 * users built for each diagnosis rule. The diagnosis sits under the user's name, says what is wrong and the key
 * for the next step; that key does what it says. At 80×24 and at the 60×12 minimum nothing wraps and the key of
 * the next step stays on screen.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {WELL_KNOWN as OKTA} from '../../src/sim/okta/index.js';
import {WELL_KNOWN as WACHT} from '../../src/sim/wacht/seed.js';
import type {WachtSimulator} from '../../src/sim/wacht/server.js';
import {appOn, type Size} from '../helpers/app.js';
import {KEY, type Rendered} from '../helpers/render.js';

async function wacht(t: TestContext, size: Size = {columns: 100, rows: 30}): Promise<{sim: WachtSimulator; app: Rendered}> {
	const app = await appOn(t, 'wacht', {wacht: {userCount: 60, manySessions: 10}, ...size});
	return {sim: app.sim, app};
}

async function okta(t: TestContext, size: Size = {columns: 100, rows: 30}): Promise<Rendered> {
	return appOn(t, 'okta', {okta: {userCount: 40}, ...size});
}

/** Types a lookup and waits until the user view holds `text` (the diagnosis needs the details loaded). */
async function open(app: Rendered, query: string, text: string | ((frame: string) => boolean)): Promise<string> {
	await app.type(query);
	await app.press(KEY.enter);
	return app.waitFor((f) => (typeof text === 'string' ? f.includes(text) : text(f)) && !f.includes('Loading'));
}

/** The screen's lines, checked against the terminal: none wider, the frame at most rows − 1 tall. */
function assertFits(frame: string, size: Size): string[] {
	const lines = frame.split('\n');
	for (const line of lines) assert.ok(line.length <= size.columns, `line wider than ${size.columns}: ${JSON.stringify(line)}\n${frame}`);
	assert.ok(lines.length <= size.rows - 1, `frame taller than ${size.rows - 1} rows:\n${frame}`);
	return lines;
}

/**
 * The diagnosis: the line right under the status and name line, joined with the next when that one continues it
 * (a lone finding too long for one line gives its step a line of its own, or wraps its words there).
 */
const diagnosisLine = (frame: string, name: string): string => {
	const lines = frame.split('\n');
	const i = lines.findIndex((l) => l.includes(name));
	assert.ok(i >= 0, `${name} not on screen:\n${frame}`);
	const first = lines[i + 1] ?? '';
	const second = lines[i + 2] ?? '';
	// A lone finding without a step wraps its words onto the second line, indented.
	return second.startsWith('  ') && second.trim() !== '' ? `${first} ${second.trim()}` : first;
};

test('Okta, locked out: "Problem: Locked out since HH:MM after too many failed sign-ins → unlock (L)", and L offers Unlock', async (t) => {
	const app = await okta(t);
	const frame = await open(app, OKTA.lockedOut.login, 'Locked out since');
	assert.match(diagnosisLine(frame, 'Zoë Ångström'), /^Problem: Locked out since (\d\d:\d\d|yesterday \d\d:\d\d) after (too many failed sign-ins|\d wrong passwords \S+ from Stockholm, Sw.*) → unlock \(L\)$/);
	await app.press('L');
	const menu = await app.waitFor('Change the state of');
	assert.match(menu, /› Unlock user/, 'the key named in the diagnosis opens the menu on that step');
});

test('Okta, AD-mastered lockout: no key offered, the place to unlock it named instead', async (t) => {
	const app = await okta(t);
	const frame = await open(app, OKTA.adLockedOut.login, 'Locked out since');
	const line = diagnosisLine(frame, 'Dmitri Volkov');
	assert.match(line, /^Problem: Locked out since .+?: unlock in AD, Okta cannot \(mastered by Active Directory \(corp\.example\.com\)\), after (too many failed sign-ins|5 wrong passwords .*)$/);
	assert.ok(!line.includes('(L)'), line);
});

test('Okta, one line per status: suspended, deactivated, password expired, in recovery, each with its step', async (t) => {
	const app = await okta(t);
	const cases: [string, string, RegExp][] = [
		[OKTA.suspended.login, 'Mateus Gonçalves', /^Problem: Suspended since .+: cannot sign in \(groups and apps kept\) → unsuspend \(L\)$/],
		[OKTA.deprovisioned.login, "Siobhán O'Connor", /^Problem: Deactivated since .+: cannot sign in, removed from every app → reactivate \(L\)$/],
		[OKTA.passwordExpired.login, 'Łucja Wiśniewska', /^Problem: Password expired since .+: they must set a new one at their next sign-in → reset password \(L\)$/],
		[OKTA.recovery.login, 'José Álvarez', /^Problem: In recovery since .+ after a password reset: no sign-in until they finish it → new reset link \(L\)$/],
	];
	for (const [login, name, expected] of cases) {
		const frame = await open(app, login, (f: string) => f.includes(name) && /^Problem: /m.test(f));
		assert.match(diagnosisLine(frame, name), expected, frame);
		await app.press(KEY.esc, '/');
		// Clear the lookup line before the next query.
		for (let i = 0; i < login.length + 5; i++) await app.press(KEY.backspace);
	}
});

test('Okta, no factor: a note with the MFA tab key; pressing it there starts the enrollment', async (t) => {
	const app = await okta(t);
	const frame = await open(app, OKTA.noFactors.login, 'No active MFA factor');
	assert.match(diagnosisLine(frame, 'Liam Walsh'), /^Note: No active MFA factor: .* → enroll TOTP \(a on MFA\)$/);
	await app.press('3', 'a');
	await app.waitFor('y to confirm');
});

test('Wacht, disabled: what enabling restores → enable (L)', async (t) => {
	const {app} = await wacht(t);
	const frame = await open(app, WACHT.disabled, 'Problem: Disabled');
	assert.match(diagnosisLine(frame, 'Dana Whitfield'), /^Problem: Disabled: cannot sign in\. Enabling lets them in again.* → enable \(L\)$/);
});

test('Wacht, MFA enforced with nothing on record → add an authenticator (a on MFA), and a then asks to confirm', async (t) => {
	const {app} = await wacht(t);
	const frame = await open(app, WACHT.mfaMissing, 'Check: MFA is enforced');
	assert.match(diagnosisLine(frame, 'Kwame Mensah'), /^Check: MFA is enforced but no second factor is on record: .* → add an authenticator \(a on MFA\) or relax the MFA policy \(p on MFA\)$/);
	await app.press('3', 'a');
	await app.waitFor('Add a TOTP authenticator');
});

test('Wacht, every sign-in expired: a note, and the Sessions tab says why it looks empty', async (t) => {
	const {app} = await wacht(t);
	const frame = await open(app, WACHT.expiredSessions, 'Every sign-in has expired');
	assert.match(diagnosisLine(frame, 'Inés Navarro'), /^Note: Every sign-in has expired \(last active \S+ ago\): they must sign in again$/);
	assert.match(frame, /3 expired hidden \(e shows\)/);
});

test('Wacht, a sign-in from a new country: named in the diagnosis, on top of the list, marked and flagged; x targets it', async (t) => {
	const {sim, app} = await wacht(t);
	const frame = await open(app, WACHT.newCountry, 'Check: Signed in from a country');
	assert.match(diagnosisLine(frame, 'Piotr Zieliński'), /^Check: Signed in from a country never seen before for this user: Lagos, NG, \d+m ago .*→ revoke if unknown \(x on Sessions\)$/);
	const rows = frame.split('\n').filter((l) => /^(›| ) \S+ ago/.test(l));
	// Newest activity first; * the latest, ! new; the new place says NEW.
	assert.match(rows[0]!, /^› \S+ ago\s+\*!\s+Chrome · macOS · Mac\s+NEW Lagos, NG\s+198\.51\.100\.250/);
	assert.match(rows[1]!, /^ {2}\S+ ago\s+ {2}\s*Chrome · macOS · Mac\s+Kraków, PL/);
	assert.match(frame, /\* latest · ! new country\/device/);
	await app.press('x');
	const dialog = await app.waitFor('y to confirm');
	const lagos = sim.store.activeSessionsOf(sim.store.userByEmail(WACHT.newCountry).id).find((s) => s.city === 'Lagos')!;
	assert.ok(dialog.includes(`Revoke session ${lagos.id}`) && dialog.includes('Lagos'), dialog);
});

test('Wacht, a sign-in on a new device (140 columns): browser, OS and device read from the client fields, NEW on the device', async (t) => {
	const {app} = await wacht(t, {columns: 140, rows: 30});
	const frame = await open(app, WACHT.newDevice, 'Check: Signed in on a device');
	assert.match(diagnosisLine(frame, 'Mette Sørensen'), /^Check: Signed in on a device never seen before for this user: Chrome Mobile · Android · Samsung SM-A546B, \d+m ago \(Copenhagen, DK\) → revoke if unknown \(x on Sessions\)$/);
	assert.match(frame, /^› \S+ ago\s+\*!\s+NEW Chrome Mobile · Android · Samsung SM-A546B\s+Copenhagen, DK/m);
	assert.match(frame, /^ {2}\S+ ago\s+Safari · macOS · Mac\s+Copenhagen, DK/m);
});

test('Wacht, nothing wrong (Jane): says so, and the sessions show browser · OS · device', async (t) => {
	const {app} = await wacht(t);
	const frame = await open(app, WACHT.jane, 'Memberships (2)');
	assert.equal(diagnosisLine(frame, 'Jane Okafor'), 'No problem found in what is loaded');
	assert.match(frame, /Chrome · macOS · Mac\s+Lisbon, PT/);
	assert.match(frame, /Mobile Safari · iOS · iPhone\s+London, GB/);
});

for (const size of [
	{columns: 80, rows: 24},
	{columns: 60, rows: 12},
]) {
	test(`at ${size.columns}×${size.rows}: the diagnosis is cut, never wrapped, and keeps its key (Okta locked out, Wacht new country)`, async (t) => {
		const app = await okta(t, size);
		const frame = await open(app, OKTA.lockedOut.login, 'unlock (L)');
		const lines = assertFits(frame, size);
		// On its line, or (a lone finding too long for one) on the line right under it.
		const at = lines.findIndex((l) => l.startsWith('Problem: Locked out'));
		const line = lines[at]!.endsWith('→ unlock (L)') ? lines[at]! : lines[at + 1]!;
		assert.ok(line.endsWith('→ unlock (L)'), `the key stays on screen: ${lines.slice(at, at + 2).join(' | ')}`);
		assert.ok(lines.some((l) => /^\[1 Sess/.test(l)), `the tab bar is still on screen:\n${frame}`);

		const w = await wacht(t, size);
		const wf = await open(w.app, WACHT.newCountry, (f: string) => f.includes('Check: Signed in from') && /Sess(ions)? \(\d+\)/.test(f));
		const wl = assertFits(wf, size);
		const check = wl.find((l) => l.startsWith('Check: Signed in from'))!;
		// Wide enough: text and key on one line; else the second line holds the step.
		assert.ok(check.endsWith('(x on Sessions)') || wl.some((l) => l.trim() === '→ revoke if unknown (x on Sessions)' || l.endsWith('(x on Sessions)')), wf);
		assert.ok(wl.some((l) => /^› /.test(l)), `a session row is still on screen:\n${wf}`);
	});
}
