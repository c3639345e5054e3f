/**
 * A value shown once is shown whole, at every terminal size, or not at all: the built command in a real
 * pseudo-terminal at 60×12, 70×16, 80×24 and 120×40, the TOTP secret, the otpauth URL and the backup codes read back
 * off the screen and compared with what the backend holds (the simulator runs in this process, so its store is
 * there to compare with). A secret row with a letter missing, a URL half drawn or a code list cut short fails.
 */
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {before, describe, it, type TestContext} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {startOktaSimulator, WELL_KNOWN as OKTA} from '../../src/sim/okta/index.js';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {ensureBuilt, frame, spawnApp, type PtyApp} from '../helpers/pty.js';

const JANE = 'jane.okafor@example.test';
const WAIT_MS = 15_000;
/** The app ignores `y` this long after a confirm dialog opens. */
const CONFIRM_GUARD_MS = 350;
const SIZES = [
	[60, 12],
	[70, 16],
	[80, 24],
	[120, 40],
] as const;

before(() => ensureBuilt());

/** The base32 secret rows on screen (groups of four, beside a QR code or not), joined. */
function secretOnScreen(app: PtyApp): string {
	const rows = app.lines().flatMap((line) => {
		const m = /(?:^|\s)((?:[A-Z2-7]{4} ){1,3}[A-Z2-7]{1,4})\s*$/.exec(line) ?? /(?:^|\s)([A-Z2-7]{4})\s*$/.exec(line);
		return m ? [m[1]!.replace(/ /g, '')] : [];
	});
	return rows.join('');
}

/** The otpauth URL on screen, its pieces joined (it is wrapped to the text column), or null when not shown. */
function urlOnScreen(app: PtyApp): string | null {
	const lines = app.lines();
	const start = lines.findIndex((l) => l.includes('otpauth://'));
	if (start < 0) return null;
	const column = lines[start]!.indexOf('otpauth://');
	let url = '';
	for (let i = start; i < lines.length; i++) {
		const piece = lines[i]!.slice(column).trimEnd();
		if (i > start && (piece === '' || /\s/.test(piece))) break;
		url += piece;
	}
	return url;
}

async function enrollOnWacht(t: TestContext, cols: number, rows: number, env: Record<string, string> = {}) {
	const sim = await startWachtSimulator({userCount: 40, manySessions: 5});
	t.after(() => sim.close());
	const app = spawnApp(t, {cols, rows, env: {WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey, ...env}});
	await app.waitFor('Find user', WAIT_MS);
	await app.type(JANE);
	await app.press('enter');
	await app.waitFor('Jane Okafor', WAIT_MS);
	await app.press('3');
	await app.waitFor('TOTP authenticator', WAIT_MS);
	return {sim, app, jane: sim.store.userByEmail(JANE).id};
}

async function confirmWithY(app: PtyApp, dialog: string): Promise<void> {
	await app.waitFor(dialog, WAIT_MS);
	await delay(CONFIRM_GUARD_MS);
	await app.press('y');
}

describe('the TOTP secret and the backup codes, read back off a real terminal', () => {
	for (const [cols, rows] of SIZES) {
		it(`Wacht at ${cols}×${rows}: the secret whole (and the URL whole or not at all), then all 12 codes`, async (t) => {
			const {sim, app, jane} = await enrollOnWacht(t, cols, rows);
			await app.press('a');
			await confirmWithY(app, 'Add a TOTP authenticator?');
			await app.waitFor('TOTP authenticator for Jane Okafor', WAIT_MS);
			await app.settle();
			const stored = sim.store.authenticatorOf(jane);
			assert.ok(stored, 'the authenticator exists');
			const screen = app.screen();
			assert.equal(secretOnScreen(app), stored.secret, `the secret on screen is the stored one:\n${frame(screen)}`);
			const url = urlOnScreen(app);
			if (url !== null) assert.equal(url, stored.otpUrl, `the URL is whole:\n${frame(screen)}`);
			if (cols >= 80) assert.notEqual(url, null, 'a roomy terminal shows the URL');
			// The lines around it whole, with nothing of an earlier frame left on them (70×16 once showed " HA1").
			const lines = app.lines().map((l) => l.trimEnd());
			assert.ok(lines.some((l) => /(^|\s)SHA1 · 6 digits · 30 s$/.test(l)), `the parameters line whole:\n${frame(screen)}`);
			assert.ok(lines.some((l) => /(^|\s)Account: jane\.okafor@example\.test$/.test(l)), `the account line whole:\n${frame(screen)}`);

			await app.press('esc');
			await app.waitFor((s) => !s.includes('TOTP authenticator for'), WAIT_MS);
			await app.press('b');
			await confirmWithY(app, 'Regenerate backup codes?');
			await app.waitFor('New backup codes for Jane Okafor', WAIT_MS);
			await app.settle();
			const codes = [...app.screen().matchAll(/\b(\d{1,2})\. (\S{4}-\S{4})/g)].sort((a, b) => Number(a[1]) - Number(b[1])).map((m) => m[2]!);
			assert.equal(codes.length, 12, `all 12 codes on screen:\n${frame(app.screen())}`);
			const hash = (code: string): string => createHash('sha256').update(code, 'utf8').digest('hex');
			assert.deepEqual(codes.map(hash).sort(), sim.store.backupCodeHashes(jane).sort(), 'exactly the codes the backend now accepts');
		});
	}

	for (const [cols, rows] of [
		[60, 12],
		[70, 16],
	] as const) {
		it(`Wacht at ${cols}×${rows} with ACCOUNT_TRIAGE_FULL_REDRAW=1: the secret and its lines whole`, async (t) => {
			const {sim, app, jane} = await enrollOnWacht(t, cols, rows, {ACCOUNT_TRIAGE_FULL_REDRAW: '1'});
			await app.press('a');
			await confirmWithY(app, 'Add a TOTP authenticator?');
			await app.waitFor('TOTP authenticator for Jane Okafor', WAIT_MS);
			await app.settle();
			assert.equal(secretOnScreen(app), sim.store.authenticatorOf(jane)!.secret, frame(app.screen()));
			assert.ok(app.lines().some((l) => /(^|\s)SHA1 · 6 digits · 30 s$/.test(l.trimEnd())), frame(app.screen()));
		});
	}

	it('a terminal enlarged while the secret is shown adds what was left out (the URL), the secret unchanged', async (t) => {
		const {sim, app, jane} = await enrollOnWacht(t, 60, 12);
		await app.press('a');
		await confirmWithY(app, 'Add a TOTP authenticator?');
		await app.waitFor('TOTP authenticator for Jane Okafor', WAIT_MS);
		const stored = sim.store.authenticatorOf(jane)!;
		await app.settle();
		assert.equal(secretOnScreen(app), stored.secret);
		assert.equal(urlOnScreen(app), null, 'at 60×12 the URL does not fit whole, so it is not shown');
		await app.resize(120, 40);
		await app.waitFor('otpauth://', WAIT_MS);
		await app.settle();
		assert.equal(secretOnScreen(app), stored.secret);
		assert.equal(urlOnScreen(app), stored.otpUrl);
	});

	for (const [cols, rows] of [
		[60, 12],
		[80, 24],
	] as const) {
		it(`Okta at ${cols}×${rows}: the TOTP factor's secret whole, then the code from the app activates it`, async (t) => {
			const sim = await startOktaSimulator({userCount: 40});
			t.after(() => sim.close());
			const app = spawnApp(t, {cols, rows, env: {OKTA_CLIENT_ORGURL: sim.url, OKTA_CLIENT_TOKEN: sim.token}});
			await app.waitFor('Find user', WAIT_MS);
			await app.type(OKTA.noFactors.login);
			await app.press('enter');
			await app.waitFor('Liam Walsh', WAIT_MS);
			await app.press('3');
			await app.waitFor('TOTP', WAIT_MS);
			await app.press('a');
			await confirmWithY(app, 'Add a TOTP authenticator?');
			await app.waitFor('Code from the app', WAIT_MS);
			await app.settle();
			const factor = sim.store.factorsOf(OKTA.noFactors.id).find((f) => f.secret !== null);
			assert.ok(factor?.secret, 'a pending TOTP factor with a secret');
			assert.equal(secretOnScreen(app), factor.secret, frame(app.screen()));
		});
	}
});
