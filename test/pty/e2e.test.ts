/**
 * End to end: the built command in a real pseudo-terminal, against a Wacht simulator started in this process
 * (so the test can look at the store behind the app), and once against the embedded demo backend.
 */
import assert from 'node:assert/strict';
import {before, test, type TestContext} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {startWachtSimulator, type WachtSimulator} from '../../src/sim/wacht/server.js';
import {ensureBuilt, frame, spawnApp, type PtyApp, type SpawnOptions} from '../helpers/pty.js';

const JANE = 'jane.okafor@example.test';
const ALT_ON = '\u001B[?1049h';
const ALT_OFF = '\u001B[?1049l';
const CURSOR_SHOW = '\u001B[?25h';
/** The app ignores `y` this long after a confirm dialog opens (screens/app.tsx, confirmGuardMs default). */
const CONFIRM_GUARD_MS = 300;
const WAIT_MS = 10_000;

before(() => ensureBuilt());

async function simulator(t: TestContext): Promise<WachtSimulator> {
	const sim = await startWachtSimulator({userCount: 300});
	t.after(() => sim.close());
	return sim;
}

function appOn(t: TestContext, sim: WachtSimulator, options: SpawnOptions = {}): PtyApp {
	return spawnApp(t, {cols: 80, rows: 24, ...options, env: {WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey, ...options.env}});
}

/** From the lookup prompt to Jane's user view with her sessions listed. */
async function openJane(app: PtyApp, sessionsBadge = 'Sessions (3'): Promise<string> {
	await app.waitFor('Find user', WAIT_MS);
	await app.type(JANE);
	await app.press('enter');
	return app.waitFor((s) => s.includes('Jane Okafor') && s.includes(sessionsBadge) && /^›/m.test(s), WAIT_MS);
}

/** Index (0-based, among the data rows under the LAST ACTIVE header) of the row carrying the selection glyph. */
function selectedRow(screen: string): number {
	const rows = screen.split('\n');
	const header = rows.findIndex((r) => r.includes('LAST ACTIVE'));
	assert.ok(header >= 0, `no sessions table on screen:\n${frame(screen)}`);
	const marked = rows.flatMap((r, i) => (i > header && r.startsWith('›') ? [i - header - 1] : []));
	assert.equal(marked.length, 1, `expected exactly one selected row:\n${frame(screen)}`);
	return marked[0]!;
}

const ids = (sessions: readonly {id: string}[]): string[] => sessions.map((s) => s.id).sort();

test('revoke the selected session: exactly that one goes, q exits 0 and restores the terminal', async (t) => {
	const sim = await simulator(t);
	const jane = sim.store.userByEmail(JANE);
	const app = appOn(t, sim);
	const screen = await openJane(app);

	const before = sim.store.activeSessionsOf(jane.id);
	assert.equal(before.length, 3);
	assert.equal(selectedRow(screen), 0, 'the first listed session is selected on open');
	const firstRow = screen.split('\n').find((r) => r.startsWith('›'))!;
	const listed = before.filter((s) => firstRow.includes(s.city));
	assert.equal(listed.length, 1, `cannot tell which session the first row is: ${firstRow}`);
	const target = listed[0]!;

	await app.press('x');
	const dialog = await app.waitFor('y to confirm', WAIT_MS);
	assert.ok(dialog.includes(`Revoke session ${target.id}`), `the dialog names the selected session:\n${frame(dialog)}`);
	assert.deepEqual(ids(sim.store.activeSessionsOf(jane.id)), ids(before), 'opening the dialog changes nothing');
	// Not a synchronisation sleep: the dialog deliberately ignores `y` for its first 300 ms.
	await delay(CONFIRM_GUARD_MS + 150);
	await app.press('y');
	const done = await app.waitFor('Revoked session', WAIT_MS);
	assert.ok(done.includes(`Revoked session ${target.id}`), frame(done));

	const after = sim.store.activeSessionsOf(jane.id);
	assert.deepEqual(ids(after), ids(before.filter((s) => s.id !== target.id)), 'exactly the selected session is gone');
	assert.equal(sim.appliedCount(), 1, 'one mutation reached the backend');
	assert.notEqual(sim.store.sessionsOf(jane.id, {includeRevoked: true}).find((s) => s.id === target.id)?.deletedAt ?? null, null);

	await app.press('q');
	const exit = await app.exited;
	assert.equal(exit.exitCode, 0, `exit ${JSON.stringify(exit)}`);
	const raw = app.raw();
	const on = raw.indexOf(ALT_ON);
	assert.ok(on >= 0, 'entered the alternate screen');
	const off = raw.indexOf(ALT_OFF, on);
	assert.ok(off > on, 'left the alternate screen after entering it');
	assert.ok(raw.indexOf(CURSOR_SHOW, off) > off, 'showed the cursor after leaving the alternate screen');
	assert.ok(raw.lastIndexOf(ALT_ON) < raw.lastIndexOf(ALT_OFF), 'did not re-enter the alternate screen');
	const after_ = raw.slice(raw.lastIndexOf(ALT_OFF));
	assert.match(after_, /1 action this run:\r?\n\s+\[env · 127\.0\.0\.1:\d+\] ✓ Revoked/, 'the run is summarised in the normal screen, with profile and host');
	assert.ok(after_.includes(`Revoked session ${target.id}`), 'with the action taken');
});

test('cancel: Enter in the confirm dialog (default No) changes nothing; Esc goes back to the lookup', async (t) => {
	const sim = await simulator(t);
	const jane = sim.store.userByEmail(JANE);
	const app = appOn(t, sim);
	await openJane(app);
	const before = ids(sim.store.activeSessionsOf(jane.id));

	await app.press('x');
	await app.waitFor('y to confirm', WAIT_MS);
	await app.press('enter');
	const cancelled = await app.waitFor('Cancelled', WAIT_MS);
	assert.ok(!cancelled.includes('y to confirm'), `the dialog closed:\n${frame(cancelled)}`);
	assert.deepEqual(ids(sim.store.activeSessionsOf(jane.id)), before);
	assert.equal(sim.appliedCount(), 0);

	await app.press('esc');
	const lookup = await app.waitFor((s) => s.includes('Find user') && !s.includes('Sessions ('), WAIT_MS);
	assert.ok(!lookup.includes('Jane Okafor  <'), frame(lookup));
	assert.deepEqual(ids(sim.store.activeSessionsOf(jane.id)), before);
	assert.equal(sim.appliedCount(), 0);
});

test('key bursts: a pasted "xy" opens nothing and revokes nothing; a pasted "jjj" moves three rows', async (t) => {
	const sim = await simulator(t);
	const jane = sim.store.userByEmail(JANE);
	const app = appOn(t, sim);
	assert.equal(selectedRow(await openJane(app)), 0);
	const before = ids(sim.store.activeSessionsOf(jane.id));

	const mark = app.rawLength();
	await app.write('xy');
	// A single key after the burst: once its effect shows, the burst before it has been handled too.
	await app.press('j');
	const moved = await app.waitFor((s) => selectedRow(s) === 1, WAIT_MS);
	assert.ok(!moved.includes('to confirm'), frame(moved));
	const since = app.raw().slice(mark);
	assert.ok(!since.includes('to confirm') && !since.includes('Revoke session'), 'no confirm dialog was ever drawn after the burst');
	assert.deepEqual(ids(sim.store.activeSessionsOf(jane.id)), before);
	assert.equal(sim.appliedCount(), 0);
	const mutating = sim.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
	assert.deepEqual(mutating.map((r) => `${r.method} ${r.path}`), [], 'no mutating request was sent');

	await app.press('k');
	await app.waitFor((s) => selectedRow(s) === 0, WAIT_MS);
	// Show the 2 expired sessions too (5 rows), so three moves are told apart from "moved to the last row".
	await app.press('e');
	await app.waitFor((s) => s.includes('expired shown') && s.includes('of 5'), WAIT_MS);
	await app.write('jjj');
	const after = await app.waitFor((s) => selectedRow(s) === 3, WAIT_MS);
	assert.ok(!after.includes('to confirm'), frame(after));
	assert.equal(sim.appliedCount(), 0);
});

test('small terminal: resizing to 50×10 shows "Terminal too small" and q still quits with 0', async (t) => {
	const sim = await simulator(t);
	const app = appOn(t, sim, {cols: 80, rows: 24});
	await app.waitFor('Find user', WAIT_MS);
	await app.resize(50, 10);
	const small = await app.waitFor('Terminal too small', WAIT_MS);
	assert.ok(!small.includes('Find user'), `only the notice is left on screen:\n${frame(small)}`);
	await app.press('q');
	const exit = await app.exited;
	assert.equal(exit.exitCode, 0, `exit ${JSON.stringify(exit)}`);
});

test('small terminal: at 60×12 the lookup frame stays within 11 rows (the last row stays empty)', async (t) => {
	const sim = await simulator(t);
	const app = appOn(t, sim, {cols: 60, rows: 12});
	const check = (what: string): void => {
		const rows = app.lines();
		assert.equal(rows.length, 12);
		assert.equal(rows[11], '', `${what}: the last row is empty:\n${frame(rows.join('\n'))}`);
		assert.ok(rows[0]!.includes('account-triage'), `${what}: the status bar is still on the first row:\n${frame(rows.join('\n'))}`);
	};
	await app.waitFor((s) => s.includes('Find user') && s.includes('Enter search'), WAIT_MS);
	check('empty lookup');
	// A lookup with many matches fills the list: the frame must still not grow past rows − 1.
	await app.type('an');
	await app.press('enter');
	await app.waitFor(/ of \d+ for "an"/, WAIT_MS);
	check('lookup with results');
	await app.press('q');
	assert.equal((await app.exited).exitCode, 0);
});

test('demo: without WACHT_* the embedded backend runs (DEMO in the status bar) and Jane can be looked up', async (t) => {
	const app = spawnApp(t, {cols: 80, rows: 24, env: {WACHT_API_URL: undefined, WACHT_API_KEY: undefined}});
	const start = await app.waitFor((s) => s.includes('Find user') && s.includes('DEMO'), WAIT_MS);
	assert.ok(start.split('\n')[0]!.includes('DEMO'), `DEMO is in the status bar:\n${frame(start)}`);
	await openJane(app, 'Sessions (');
	await app.press('q');
	assert.equal((await app.exited).exitCode, 0);
});

test('SIGTERM in the user view: the app exits and leaves the alternate screen', async (t) => {
	const sim = await simulator(t);
	const app = appOn(t, sim);
	await openJane(app);
	const exit = await app.kill('SIGTERM');
	assert.notEqual(exit.signal, 9, 'exited on SIGTERM without needing SIGKILL');
	assert.equal(exit.exitCode, 143, `exit ${JSON.stringify(exit)}`);
	const raw = app.raw();
	const off = raw.lastIndexOf(ALT_OFF);
	assert.ok(off > raw.lastIndexOf(ALT_ON), 'the last alternate-screen switch is the leave');
	assert.ok(raw.indexOf(CURSOR_SHOW, off) > off, 'the cursor is shown again after leaving');
});
