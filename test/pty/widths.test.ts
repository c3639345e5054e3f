/**
 * Text whose width terminals and string-width disagree on (Devanagari, Thai and Khmer clusters, emoji with skin
 * tones, ZWJ families, flags, the prepended concatenation marks) never breaks the frame: measured by a real terminal
 * emulator (xterm's, in a pseudo-terminal), no row wraps, the frame does not scroll, and the status bar with the
 * profile, the host and the READ-ONLY badge stays on the first row — in the lookup list, the header, Sessions and
 * Activity, on both backends, at 80×24 and 60×12.
 */
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {before, describe, it, type TestContext} from 'node:test';
import {startOktaSimulator} from '../../src/sim/okta/index.js';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {ensureBuilt, frame, spawnApp, type PtyApp} from '../helpers/pty.js';

const WAIT_MS = 15_000;
/** Names and places a terminal may draw wider than string-width says. */
const WIDE = ['क्षितिज शर्मा', 'น้ำฝน ใจดี', 'ខ្មែរ សុខា', 'Ana 👍🏽 Silva', 'Fam 👨‍👩‍👧 Ly', '🇵🇹🇧🇷 Costa', 'x\u0600\u06DD\u070F\u08E2y', 'नमस्ते दुनिया'];

before(() => ensureBuilt());

function stateDir(t: TestContext): string {
	const dir = mkdtempSync(join(tmpdir(), 'at-widths-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	return dir;
}

/** The frame is whole: nothing wrapped, the status bar on row 1 with its badge and host. */
function assertWhole(app: PtyApp, where: string, badge: RegExp): void {
	const lines = app.lines();
	assert.deepEqual(app.wrappedRows(), [], `no row wrapped (${where}):\n${frame(app.screen())}`);
	assert.match(lines[0] ?? '', badge, `the status bar and its badge are on the first row (${where}):\n${frame(app.screen())}`);
	assert.match(lines[0] ?? '', /127\.0\.0\.1/, `the host is on the first row (${where})`);
}

describe('characters of uncertain width, measured by a real terminal', () => {
	for (const [cols, rows] of [
		[80, 24],
		[60, 12],
	] as const) {
		it(`Wacht at ${cols}×${rows}: lookup list, header, Sessions, Activity`, async (t) => {
			const sim = await startWachtSimulator({
				data: {
					users: WIDE.map((name, i) => {
						const [first, ...rest] = name.split(' ');
						return {
							first_name: first!,
							last_name: rest.join(' ') || 'Wide',
							emails: [`wide${i}@example.test`],
							sessions: [0, 1].map((k) => ({browser: WIDE[(i + k + 1) % WIDE.length]!, device: WIDE[(i + k + 2) % WIDE.length]!, city: WIDE[(i + k + 3) % WIDE.length]!, ip_address: `203.0.113.${i * 2 + k}`})),
							passkeys: [{name: WIDE[(i + 4) % WIDE.length]!}],
						};
					}),
				},
			});
			t.after(() => sim.close());
			const app = spawnApp(t, {cols, rows, args: ['--read-only'], env: {WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey, XDG_STATE_HOME: stateDir(t)}});
			await app.waitFor('Find user', WAIT_MS);
			await app.type('wide');
			await app.press('enter');
			await app.waitFor(/of 8 for "wide"/, WAIT_MS);
			await app.settle();
			assertWhole(app, 'lookup list', /READ-ONLY/);
			for (let i = 0; i < 8; i++) {
				await app.press('enter');
				await app.waitFor((s) => /\[1 Sess/.test(s) && !s.includes('Loading'), WAIT_MS);
				await app.settle();
				assertWhole(app, `user ${i}, Sessions`, /READ-ONLY/);
				await app.press('2');
				await app.settle();
				assertWhole(app, `user ${i}, Passkeys`, /READ-ONLY/);
				await app.press('x');
				await app.settle();
				assertWhole(app, `user ${i}, a refused change`, /READ-ONLY/);
				await app.press('esc');
				await app.press('j');
			}
			await app.press('A');
			await app.waitFor('Activity', WAIT_MS);
			await app.settle();
			assertWhole(app, 'Activity', /READ-ONLY/);
		});
	}

	it('Okta at 80×24: the lookup list and the header', async (t) => {
		const sim = await startOktaSimulator({
			data: {users: WIDE.map((name, i) => ({login: `wide${i}@example.test`, email: `wide${i}@example.test`, firstName: name, lastName: WIDE[(i + 1) % WIDE.length]!}))},
		});
		t.after(() => sim.close());
		const app = spawnApp(t, {cols: 80, rows: 24, env: {OKTA_CLIENT_ORGURL: sim.url, OKTA_CLIENT_TOKEN: sim.token, XDG_STATE_HOME: stateDir(t)}});
		await app.waitFor('Find user', WAIT_MS);
		await app.type('wide');
		await app.press('enter');
		await app.waitFor(/of 8 for "wide"/, WAIT_MS);
		await app.settle();
		assertWhole(app, 'lookup list', /OKTA|DEMO/);
		for (let i = 0; i < 8; i++) {
			await app.press('enter');
			await app.waitFor((s) => /Memberships \(\d+\)/.test(s) && !s.includes('Loading'), WAIT_MS);
			await app.settle();
			assertWhole(app, `user ${i}`, /OKTA|DEMO/);
			await app.press('esc');
			await app.press('j');
		}
	});
});
