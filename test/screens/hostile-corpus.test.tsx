/**
 * The hostile corpus (src/sim/shared/hostile.ts) in every user field both simulators serve, through the real
 * providers and the real app: whatever the data holds, the terminal gets no escape sequence but Ink's own SGR,
 * no C0/C1 control, no bidi or zero-width character, and the layout keeps its width and height. The operator can
 * still act on a hostile user, and a hostile error message from a 500 arrives sanitized.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import {mountApp} from '../helpers/app.js';
import {WachtProvider} from '../../src/api/wacht/provider.js';
import {OktaProvider} from '../../src/api/okta/provider.js';
import type {Provider} from '../../src/api/provider.js';
import {startWachtSimulator, type WachtSimulator} from '../../src/sim/wacht/server.js';
import type {WachtDataFile, DataUser as WachtUser, DataOrganization} from '../../src/sim/wacht/data-file.js';
import {startOktaSimulator, type OktaSimulator, type OktaDataFile} from '../../src/sim/okta/index.js';
import type {DataUser as OktaUser} from '../../src/sim/okta/data-file.js';
import {HOSTILE, showHostile, terminalLeaks} from '../helpers/hostile.js';
import {MAX_FIELD_LENGTH, sanitizeText} from '../../src/api/sanitize.js';
import {KEY, type Rendered} from '../helpers/render.js';

// Loopback only: a developer's or CI's proxy variables must not reroute the provider.
for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[name];

const SIZES = [
	{columns: 100, rows: 30},
	{columns: 80, rows: 24},
] as const;

const pad = (i: number): string => String(i).padStart(3, '0');
const cleanEmail = (i: number): string => `hostile.${pad(i)}@example.test`;

/**
 * Every corpus string goes on screen. The 10,000-character ones arrive cut at MAX_FIELD_LENGTH by the sanitizer:
 * before that cap, 10,000 zero-width spaces became 80,000 characters of `⟨U+200B⟩` and string-width took ~15 s to
 * measure each row holding one (see the test at the end).
 */
const ON_SCREEN = HOSTILE;

/** Required fields (names) refuse blank strings: a blank one is embedded in a name instead. */
const nonBlank = (s: string): string => (s.trim() === '' ? `Eve${s}Adams` : s);

/** Hands out corpus strings in order, wrapping; `used` says how much of the corpus was placed. */
class Cursor {
	private i = 0;
	next(): string {
		return nonBlank(ON_SCREEN[this.i++ % ON_SCREEN.length]!);
	}
	get used(): number {
		return this.i;
	}
}

/** Users whose email local part itself carries zero-width or bidi characters; looked up by their clean last name. */
const TAINTED_EMAILS = [
	{last: 'Zwspmail', email: 'zw\u200Bsp.user@example.test'},
	{last: 'Rlomail', email: 'rlo\u202Euser@example.test'},
	{last: 'Isomail', email: '\u2067iso\u2069.user@example.test'},
	{last: 'Zwjmail', email: 'zw\u200Dj\u200Cnj\uFEFF@example.test'},
] as const;

// ------------------------------------------------------------------------------------------------- Wacht data

const WACHT_USERS = 20;
const WACHT_ORGS = 10;

function wachtData(): WachtDataFile {
	const c = new Cursor();
	const organizations: DataOrganization[] = Array.from({length: WACHT_ORGS}, () => ({
		name: c.next(),
		description: c.next(),
		workspaces: [
			{name: c.next(), description: c.next()},
			{name: c.next(), description: c.next()},
		],
	}));
	const users: WachtUser[] = [];
	for (let i = 0; i < WACHT_USERS; i++) {
		const org = organizations[i % WACHT_ORGS]!;
		users.push({
			first_name: c.next(),
			last_name: c.next(),
			emails: [cleanEmail(i)],
			sessions: [0, 1, 2].map((k) => ({browser: c.next(), device: c.next(), city: c.next(), ip_address: `203.0.113.${i * 3 + k}`, created_at: `-${k + 1}h`})),
			passkeys: [{name: c.next()}, {name: c.next()}, {name: c.next()}],
			authenticator: i % 2 === 0,
			backup_codes: i % 3 === 0,
			memberships: [{organization: org.name, roles: ['admin'], workspaces: org.workspaces!.map((w) => ({workspace: w.name, roles: ['editor']}))}],
		});
	}
	for (const t of TAINTED_EMAILS) {
		users.push({first_name: c.next(), last_name: t.last, emails: [t.email], sessions: [{browser: c.next(), device: c.next(), city: c.next()}], passkeys: [{name: c.next()}]});
	}
	assert.ok(c.used >= ON_SCREEN.length, `the Wacht data holds the whole corpus (${c.used} slots for ${ON_SCREEN.length} strings)`);
	return {organizations, users};
}

// -------------------------------------------------------------------------------------------------- Okta data

const OKTA_USERS = 24;
const OKTA_GROUPS = 12;
const OKTA_APPS = 6;
const OKTA_CLIENTS = 6;

function oktaData(): OktaDataFile {
	const c = new Cursor();
	const groups = Array.from({length: OKTA_GROUPS}, () => ({name: c.next(), description: c.next()}));
	const apps = Array.from({length: OKTA_APPS}, (_, i) => ({name: `hostile_app_${i}`, label: c.next()}));
	const clients = Array.from({length: OKTA_CLIENTS}, () => ({client_name: c.next()}));
	const users: OktaUser[] = [];
	for (let i = 0; i < OKTA_USERS; i++) {
		users.push({
			login: cleanEmail(i),
			firstName: c.next(),
			lastName: c.next(),
			profile: {
				...(i % 2 === 1 ? {displayName: c.next()} : {}),
				title: c.next(),
				department: c.next(),
				mobilePhone: c.next(),
			},
			sessions: 1,
			groups: [groups[i % OKTA_GROUPS]!.name, groups[(i + 1) % OKTA_GROUPS]!.name],
			factors: [
				{factorType: 'webauthn', profile: {authenticatorName: c.next()}},
				{factorType: 'webauthn', profile: {authenticatorName: c.next()}},
				{factorType: 'sms', profile: {phoneNumber: c.next()}},
				{factorType: c.next(), vendorName: c.next(), profile: {name: c.next()}},
			],
			appLinks: [{app: apps[i % OKTA_APPS]!.name, label: c.next()}],
			grants: [{client: clients[i % OKTA_CLIENTS]!.client_name, scopeId: 'okta.users.read'}],
			refreshTokens: [{client: clients[(i + 1) % OKTA_CLIENTS]!.client_name}],
		});
	}
	for (const t of TAINTED_EMAILS) {
		users.push({login: `${t.last.toLowerCase()}@example.test`, email: t.email, firstName: c.next(), lastName: t.last, factors: [{factorType: 'webauthn', profile: {authenticatorName: c.next()}}]});
	}
	assert.ok(c.used >= ON_SCREEN.length, `the Okta data holds the whole corpus (${c.used} slots for ${ON_SCREEN.length} strings)`);
	return {groups, apps, clients, users};
}

// ------------------------------------------------------------------------------------------------ assertions

/**
 * Checks every raw frame written since `from` for control characters (the styling SGR Ink writes excepted), and
 * the frame on screen now (`app.frame()`, colours stripped) for its layout: no line wider than the terminal, no
 * more lines than rows − 1.
 */
function checkFrames(app: Rendered, size: {columns: number; rows: number}, where: string, from = 0): number {
	const frames = app.stdout.frames;
	for (let f = from; f < frames.length; f++) {
		const leaks = terminalLeaks(frames[f]!);
		assert.deepEqual(leaks, [], `${where}: frame ${f} leaks control characters to the terminal:\n${leaks.join('\n')}`);
	}
	const lines = app.frame().replace(/\n$/, '').split('\n');
	assert.ok(lines.length <= size.rows - 1, `${where}: ${lines.length} lines for ${size.rows} rows:\n${lines.join('\n')}`);
	for (const line of lines) {
		const w = stringWidth(line);
		assert.ok(w <= size.columns, `${where}: a line ${w} columns wide for ${size.columns}: ${showHostile(line, 400)}`);
	}
	return frames.length;
}

/** From wherever the app is, back to an empty lookup prompt. */
async function toPrompt(app: Rendered): Promise<void> {
	for (let i = 0; i < 3 && !/Find user ›/.test(app.frame()); i++) await app.press(KEY.esc);
	if (/Enter opens/.test(app.frame())) await app.press('/');
	await app.press('\u0015');
}

/** Looks a user up and opens them (straight away for an exact email, else the first result). */
async function openUser(app: Rendered, query: string): Promise<string> {
	await toPrompt(app);
	await app.burst(query);
	await app.press(KEY.enter);
	const f = await app.waitFor((fr) => /Enter opens/.test(fr) || /Sess/.test(fr.split('\n').slice(0, 8).join('\n')), 8000);
	if (/Enter opens/.test(f) && !/Sess/.test(f)) await app.press(KEY.enter);
	// The header's email may be cut off entirely by a long hostile name: tour() checks the Profile tab instead.
	return app.waitFor((fr) => /Sess/.test(fr) && !/Loading|loading/.test(fr), 8000);
}

/** Every tab, then the help overlay, checking the frames after each. */
async function tour(app: Rendered, size: {columns: number; rows: number}, where: string, from: number, expect: string): Promise<number> {
	for (const key of ['1', '2', '3', '4', '5']) {
		await app.press(key);
		if (key === '5') await app.waitFor(expect);
		await app.press('G'); // the last rows of the tab too
		from = checkFrames(app, size, `${where}, tab ${key}`, from);
	}
	await app.press('1', '?');
	await app.waitFor('Keys · lines 1–');
	from = checkFrames(app, size, `${where}, help`, from);
	await app.press(KEY.esc);
	return from;
}

/** Lists every hostile user in the lookup results and pages through them all. */
async function scanResults(app: Rendered, size: {columns: number; rows: number}, where: string, from: number, total: number): Promise<number> {
	await toPrompt(app);
	await app.burst("hostile.");
	await app.press(KEY.enter);
	await app.waitFor((f) => new RegExp(`of ${total}\\b|${total} users|${total} match`).test(f) || /Enter opens/.test(f), 8000);
	for (let i = 0; i < Math.ceil(total / 5); i++) await app.press(KEY.pageDown);
	return checkFrames(app, size, `${where}, results`, from);
}

async function withApp(t: TestContext, provider: Provider & {close(): Promise<void>}, size: {columns: number; rows: number}): Promise<Rendered> {
	return mountApp(t, provider, size);
}

// ------------------------------------------------------------------------------------------------------ tests

test('the corpus: at least 200 distinct hostile strings, every class the issue names', () => {
	assert.ok(HOSTILE.length >= 200, `${HOSTILE.length} strings`);
	const joined = HOSTILE.join('');
	for (const cp of [0x1b, 0x9b, 0x9d, 0x90, 0x9f, 0x9e, 0x98, 0x07, 0x0d, 0x202e, 0x2066, 0x200b, 0x200d, 0xfeff, 0x0301, 0xd800])
		assert.ok(joined.includes(String.fromCharCode(cp)), `has U+${cp.toString(16)}`);
	assert.ok(HOSTILE.some((s) => s.length >= 10_000));
	for (const s of ['✓ Revoked', 'y to confirm', 'DEMO']) assert.ok(HOSTILE.includes(s), s);
	assert.ok(HOSTILE.some((s) => s.includes('\u001B]52;')) && HOSTILE.some((s) => s.includes('\u001B]8;;')) && HOSTILE.some((s) => s.includes('\u001B]0;')));
	assert.equal(new Set(HOSTILE).size, HOSTILE.length, 'no duplicates');
	// The leak check is not vacuous: raw, almost every entry is caught; sanitized, none is.
	assert.ok(HOSTILE.filter((s) => terminalLeaks(s).length > 0).length >= 150);
	assert.deepEqual(HOSTILE.filter((s) => terminalLeaks(sanitizeText(s)).length > 0).map((s) => showHostile(s)), []);
	assert.deepEqual(terminalLeaks('\u001B[31mred\u001B[39m'), [], 'SGR is allowed');
	assert.equal(ON_SCREEN.length, HOSTILE.length, 'every string goes on screen');
});

/** Users toured at each size: all of them at 80×24 (the tighter layout), every other one at 100×30 (time). */
const toured = (size: {columns: number}, i: number): boolean => size.columns <= 80 || i % 2 === 0;

for (const size of SIZES) {
	test(`Wacht ${size.columns}×${size.rows}: hostile users (all at 80×24, every other at 100×30), every tab and the help draw no control sequence and keep the layout`, async (t) => {
		const sim: WachtSimulator = await startWachtSimulator({data: wachtData()});
		t.after(() => sim.close());
		const provider = new WachtProvider({baseUrl: sim.url, apiKey: sim.apiKey, retry: {baseDelayMs: 1, maxDelayMs: 2}});
		const app = await withApp(t, provider, size);
		let from = checkFrames(app, size, 'start');
		from = await scanResults(app, size, 'Wacht', from, WACHT_USERS);
		for (let i = 0; i < WACHT_USERS; i++) {
			if (!toured(size, i)) continue;
			await openUser(app, cleanEmail(i));
			from = await tour(app, size, `Wacht user ${i}`, from, cleanEmail(i));
		}
		for (const tainted of TAINTED_EMAILS) {
			await openUser(app, tainted.last);
			from = await tour(app, size, `Wacht ${tainted.last}`, from, sanitizeText(tainted.email));
		}
		checkFrames(app, size, 'end', from);
	});

	test(`Okta ${size.columns}×${size.rows}: hostile users (all at 80×24, every other at 100×30), every tab and the help draw no control sequence and keep the layout`, async (t) => {
		const sim: OktaSimulator = await startOktaSimulator({data: oktaData()});
		t.after(() => sim.close());
		const provider = new OktaProvider({orgUrl: sim.url, token: sim.token, retry: {baseDelayMs: 1, maxDelayMs: 2}});
		const app = await withApp(t, provider, size);
		let from = checkFrames(app, size, 'start');
		from = await scanResults(app, size, 'Okta', from, OKTA_USERS);
		for (let i = 0; i < OKTA_USERS; i++) {
			if (!toured(size, i)) continue;
			await openUser(app, cleanEmail(i));
			from = await tour(app, size, `Okta user ${i}`, from, cleanEmail(i));
		}
		for (const tainted of TAINTED_EMAILS) {
			await openUser(app, tainted.last);
			from = await tour(app, size, `Okta ${tainted.last}`, from, sanitizeText(tainted.email));
		}
		checkFrames(app, size, 'end', from);
	});
}

const HOSTILE_MESSAGE = 'boom\u001B]52;c;ZXZpbA==\u0007\u001B[2J\u202Eevil\u200B\r\n\u009B31m✓ Revoked';
const SANITIZED_MESSAGE = 'boom␛]52;c;ZXZpbA==^G␛[2J⟨U+202E⟩evil⟨U+200B⟩^M^J⟨U+009B⟩31m✓ Revoked';

test('Wacht: a hostile user\'s session can still be revoked; a hostile 500 message is shown sanitized', async (t) => {
	const size = SIZES[0];
	const sim = await startWachtSimulator({data: wachtData()});
	t.after(() => sim.close());
	const provider = new WachtProvider({baseUrl: sim.url, apiKey: sim.apiKey, retry: {baseDelayMs: 1, maxDelayMs: 2}});
	const app = await withApp(t, provider, size);
	const id = sim.store.userByEmail(cleanEmail(0)).id;
	assert.equal(sim.store.activeSessionsOf(id).length, 3);
	await openUser(app, cleanEmail(0));
	await app.press('1', 'x');
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor('✓ Revoked session');
	assert.equal(sim.store.activeSessionsOf(id).length, 2, 'the simulator lost exactly one session');
	await app.waitFor((f) => f.includes('Sessions (2)') && !f.includes('refreshing'));

	sim.faults.add({method: 'POST', path: /\/revoke$/, status: 500, times: 10, body: JSON.stringify({errors: [{message: HOSTILE_MESSAGE, code: 500}]})});
	await app.press('x');
	await app.waitFor('y to confirm');
	await app.press('y');
	const frame = await app.waitFor('✗', 8000);
	assert.ok(frame.includes('boom␛]52;c;ZXZpbA==^G'), `the message is shown, escaped:\n${frame}`);
	const rawAll = app.stdout.frames.join('');
	assert.ok(rawAll.includes(SANITIZED_MESSAGE.slice(0, 30)) || frame.includes(SANITIZED_MESSAGE.slice(0, 30)));
	assert.equal(sim.store.activeSessionsOf(id).length, 2, 'the failed revoke changed nothing');
	checkFrames(app, size, 'Wacht actions');
});

test('Okta: a hostile user\'s factor can still be unenrolled and grant revoked; a hostile 500 summary is shown sanitized', async (t) => {
	const size = SIZES[1];
	const sim = await startOktaSimulator({data: oktaData()});
	t.after(() => sim.close());
	const provider = new OktaProvider({orgUrl: sim.url, token: sim.token, retry: {baseDelayMs: 1, maxDelayMs: 2}});
	const app = await withApp(t, provider, size);
	const id = sim.store.userByLogin(cleanEmail(0))!.id;
	const before = sim.store.factorsOf(id).map((f) => f.id);
	assert.equal(before.length, 4);
	await openUser(app, cleanEmail(0));
	await app.press('3', 'j');
	await app.press('x');
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor('✓');
	assert.equal(sim.store.factorsOf(id).length, 3, 'the simulator lost exactly one factor');

	const grants = sim.store.grantsOf(id).length;
	await app.press('1', 'x');
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor(/✓ Revoked/);
	assert.equal(sim.store.grantsOf(id).length, grants - 1, 'the simulator lost the grant');

	sim.faults.add({
		method: 'DELETE',
		status: 500,
		times: 10,
		body: JSON.stringify({errorCode: 'E0000009', errorSummary: HOSTILE_MESSAGE, errorLink: 'E0000009', errorId: 'oaeHostile', errorCauses: [{errorSummary: HOSTILE_MESSAGE}]}),
	});
	await app.press('3', 'j', 'x');
	await app.waitFor('y to confirm');
	await app.press('y');
	const frame = await app.waitFor('✗', 8000);
	assert.ok(frame.includes('boom␛]52;c;ZXZpbA==^G'), `the summary is shown, escaped:\n${frame}`);
	assert.equal(sim.store.factorsOf(id).length, 3, 'the failed unenroll changed nothing');
	checkFrames(app, size, 'Okta actions');
});

test('a 10,000-character hostile value is shown cut, with its mark, and the tab stays usable', async (t) => {
	// Before the sanitizer's length cap, this value (80,000 characters once escaped) froze every render for ~15 s.
	const huge = HOSTILE.find((s) => s.length >= 10_000 && sanitizeText(s).includes('⟨U+'))!;
	assert.ok(huge, 'the corpus holds a long string of escaped characters');
	assert.ok(sanitizeText(huge).length < MAX_FIELD_LENGTH + 20);
	const sim = await startOktaSimulator({data: {users: [{login: cleanEmail(0), firstName: 'Frozen', factors: [{factorType: 'sms', profile: {phoneNumber: huge}}]}]}});
	t.after(() => sim.close());
	const provider = new OktaProvider({orgUrl: sim.url, token: sim.token});
	const app = await withApp(t, provider, SIZES[0]);
	await openUser(app, cleanEmail(0));
	await app.press('3');
	await app.waitFor(/SMS|sms/);
	await app.press('?');
	await app.waitFor(/help|Keys/i);
	checkFrames(app, SIZES[0], 'long value');
});
