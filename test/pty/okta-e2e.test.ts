/**
 * End to end on Okta: the built command in a real pseudo-terminal at 80×24, pointed at an Okta simulator started in
 * this process (OKTA_CLIENT_ORGURL / OKTA_CLIENT_TOKEN, so the test can look at the store behind the app), and once
 * on the embedded Okta demo (`--demo okta`).
 */
import assert from 'node:assert/strict';
import {before, test, type TestContext} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {startOktaSimulator, WELL_KNOWN as W, type OktaSimulator} from '../../src/sim/okta/index.js';
import {ensureBuilt, frame, spawnApp, type PtyApp} from '../helpers/pty.js';

const ALT_ON = '\u001B[?1049h';
const ALT_OFF = '\u001B[?1049l';
const CURSOR_SHOW = '\u001B[?25h';
/** The app ignores `y` this long after a confirm dialog opens (screens/app.tsx, confirmGuardMs default). */
const CONFIRM_GUARD_MS = 300;
const WAIT_MS = 10_000;

/** Neither backend configured from the developer's environment; proxies off (the simulator is on loopback). */
const CLEAN_ENV = {
	WACHT_API_URL: undefined,
	WACHT_API_KEY: undefined,
	OKTA_CLIENT_ORGURL: undefined,
	OKTA_CLIENT_TOKEN: undefined,
	OKTA_CLIENT_AUTHORIZATIONMODE: undefined,
	http_proxy: undefined,
	HTTP_PROXY: undefined,
	https_proxy: undefined,
	HTTPS_PROXY: undefined,
} as const;

before(() => ensureBuilt());

async function simulator(t: TestContext): Promise<OktaSimulator> {
	const sim = await startOktaSimulator({userCount: 100});
	t.after(() => sim.close());
	return sim;
}

function appOn(t: TestContext, sim: OktaSimulator): PtyApp {
	return spawnApp(t, {cols: 80, rows: 24, env: {...CLEAN_ENV, OKTA_CLIENT_ORGURL: sim.url, OKTA_CLIENT_TOKEN: sim.token}});
}

/** The choices of the menu box on screen, selection glyph and box edges removed; `selected` is the marked one. */
function menu(screen: string): {items: string[]; selected: number} {
	const rows = screen.split('\n');
	const top = rows.findIndex((r) => r.startsWith('╭'));
	const bottom = rows.findIndex((r, i) => i > top && r.startsWith('╰'));
	assert.ok(top >= 0 && bottom > top, `no menu on screen:\n${frame(screen)}`);
	const body = rows.slice(top + 2, bottom - 1).map((r) => r.replace(/^│\s?/, '').replace(/\s*│$/, ''));
	return {items: body.map((r) => r.replace(/^(› | {2})/, '').trim()), selected: body.findIndex((r) => r.startsWith('› '))};
}

test('unsuspend the suspended user: L → Unsuspend → y; the store holds ACTIVE; q exits 0 and restores the terminal', async (t) => {
	const sim = await simulator(t);
	const id = W.suspended.id;
	assert.equal(sim.store.user(id).status, 'SUSPENDED');
	const app = appOn(t, sim);

	const start = await app.waitFor('Find user', WAIT_MS);
	const bar = start.split('\n')[0]!;
	assert.ok(bar.includes('OKTA') && bar.includes('Okta') && !bar.includes('DEMO'), `a real Okta backend, not the demo:\n${frame(start)}`);
	assert.ok(bar.includes(sim.url.replace('http://', '')), `the status bar names the org host:\n${frame(start)}`);

	await app.type(W.suspended.login);
	await app.press('enter');
	let screen = await app.waitFor((s) => /SUSPENDED\s+Mateus Gonçalves/.test(s) && /Memberships \(\d+\)/.test(s), WAIT_MS);
	for (const row of screen.split('\n')) assert.ok(row.length <= 80, `fits 80 columns: ${row}`);

	await app.press('L');
	screen = await app.waitFor('Change the state of Mateus Gonçalves', WAIT_MS);
	const {items, selected} = menu(screen);
	const target = items.findIndex((i) => i.startsWith('Unsuspend user'));
	assert.ok(target >= 0, `Unsuspend is offered: ${JSON.stringify(items)}`);
	for (let i = selected; i < target; i++) await app.press('j');
	await app.waitFor((s) => menu(s).selected === target, WAIT_MS);
	await app.press('enter');
	screen = await app.waitFor('y to confirm', WAIT_MS);
	assert.ok(screen.includes('Unsuspend user?'), frame(screen));
	assert.equal(sim.store.user(id).status, 'SUSPENDED', 'opening the dialog changes nothing');
	// Not a synchronisation sleep: the dialog deliberately ignores `y` for its first 300 ms.
	await delay(CONFIRM_GUARD_MS + 150);
	await app.press('y');
	await app.waitFor('✓ Unsuspend user', WAIT_MS);
	assert.equal(sim.store.user(id).status, 'ACTIVE');
	const sent = sim.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD').map((r) => `${r.method} ${r.path} → ${r.status}`);
	assert.deepEqual(sent, [`POST /api/v1/users/${id}/lifecycle/unsuspend → 200`]);
	// The connection warm-up (a bare GET /) must not carry the token; every API call must.
	for (const r of sim.requests) {
		if (r.path.startsWith('/api/')) assert.equal(r.headers.authorization, `SSWS ${sim.token}`, `${r.method} ${r.path}`);
		else assert.equal(r.headers.authorization, undefined, `no token on ${r.method} ${r.path}`);
	}
	screen = await app.waitFor(/ ACTIVE\s+Mateus Gonçalves/, WAIT_MS);
	assert.ok(!screen.includes('SUSPENDED'), frame(screen));

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
});

test('--demo okta: the embedded Okta demo runs (DEMO and Okta in the status bar) and a user can be looked up', async (t) => {
	const app = spawnApp(t, {cols: 80, rows: 24, args: ['--demo', 'okta'], env: CLEAN_ENV});
	const start = await app.waitFor((s) => s.includes('Find user') && s.includes('DEMO'), WAIT_MS);
	const bar = start.split('\n')[0]!;
	assert.ok(bar.includes('DEMO') && bar.includes('Okta'), `DEMO and Okta in the status bar:\n${frame(start)}`);
	assert.ok(!bar.includes('Wacht'), frame(start));
	await app.type(W.lockedOut.login);
	await app.press('enter');
	await app.waitFor((s) => /LOCKED OUT\s+Zoë Ångström/.test(s) && s.includes("Okta cannot list a user's sessions"), WAIT_MS);
	await app.press('q');
	assert.equal((await app.exited).exitCode, 0);
});
