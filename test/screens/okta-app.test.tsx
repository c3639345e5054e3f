/**
 * Screen tests on Okta: the real app and the real Okta provider against the in-process Okta simulator over
 * loopback. Each test checks what the operator sees AND what the simulator ends up holding (and, where the wire
 * matters, what it was sent). Every test gets its own small simulator, so no test sees another's mutations.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {createHmac} from 'node:crypto';
import {WELL_KNOWN as W, type OktaSimulator, type RequestLogEntry} from '../../src/sim/okta/index.js';
import {appOn} from '../helpers/app.js';
import {KEY, type Rendered} from '../helpers/render.js';

interface Setup {
	readonly sim: OktaSimulator;
	readonly app: Rendered;
}

async function setup(t: TestContext, opts: {columns?: number; rows?: number; prepare?: (sim: OktaSimulator) => void} = {}): Promise<Setup> {
	const app = await appOn(t, 'okta', opts);
	return {sim: app.sim, app};
}

/** The membership rows Okta holds for a user: groups, admin roles, app links. */
function membershipCount(sim: OktaSimulator, id: string): number {
	return sim.store.groupsOf(id).length + sim.store.rolesOf(id).length + sim.store.appLinksOf(id).length;
}

/** From the lookup prompt to the user view, every tab loaded (no badge still "…"). */
async function openUser(app: Rendered, query: string, name: string): Promise<string> {
	await app.type(query);
	await app.press(KEY.enter);
	return app.waitFor((f) => f.includes(name) && /Memberships \(\d+\)/.test(f) && /Sessions \(\d+ grants\)/.test(f) && /Passkeys \(\d+\)/.test(f) && !f.includes('Loading'));
}

/** The first line of the frame: the status bar. */
const statusBar = (frame: string): string => frame.split('\n')[0] ?? '';

/** The selected row of the tab body (the line starting with the selection glyph). */
const selectedLine = (frame: string): string => frame.split('\n').find((l) => l.startsWith('› ')) ?? '';

/** The choices of the menu box on screen, without the selection glyph and the box edges. */
function menuItems(frame: string): string[] {
	const lines = frame.split('\n');
	const top = lines.findIndex((l) => l.startsWith('╭'));
	const bottom = lines.findIndex((l, i) => i > top && l.startsWith('╰'));
	assert.ok(top >= 0 && bottom > top, `no menu box on screen:\n${frame}`);
	// Title first, hint last; the items are between.
	return lines
		.slice(top + 2, bottom - 1)
		.map((l) => l.replace(/^│\s?/, '').replace(/\s*│$/, '').replace(/^(› | {2})/, '').trimEnd());
}

/** Moves the menu selection to the item whose label starts with `label`. */
async function chooseInMenu(app: Rendered, label: string): Promise<void> {
	const items = menuItems(app.frame());
	const index = items.findIndex((i) => i.startsWith(label));
	assert.ok(index >= 0, `"${label}" is not in the menu: ${JSON.stringify(items)}`);
	for (let i = 0; i < index; i++) await app.press('j');
	await app.waitFor((f) => (f.split('\n').find((l) => l.startsWith('│ › ')) ?? '').includes(label));
}

/** The text beside the QR code of the secret view, as one line: QR blocks stripped, wrapped lines joined. */
const secretViewText = (frame: string): string =>
	frame
		.split('\n')
		.map((l) => l.replace(/^.*[█▀▄] ?/, ''))
		.join(' ')
		.replace(/\s+/g, ' ');

const mutations = (sim: OktaSimulator): RequestLogEntry[] => sim.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
const describeRequests = (rs: readonly RequestLogEntry[]): string[] => rs.map((r) => `${r.method} ${r.path}${Object.keys(r.query).length ? `?${new URLSearchParams(r.query as Record<string, string>)}` : ''} → ${r.status}`);

// ---- RFC 6238 (SHA1, 6 digits, 30 s) with node:crypto, independent of the app's and the simulator's code ----

function base32Bytes(secret: string): Buffer {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0;
	let value = 0;
	const out: number[] = [];
	for (const ch of secret.replace(/[\s=]/g, '').toUpperCase()) {
		const v = alphabet.indexOf(ch);
		assert.ok(v >= 0, `not base32: ${ch}`);
		value = (value << 5) | v;
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}

function totpCode(secret: string, atMs: number): string {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 1000 / 30)));
	const mac = createHmac('sha1', base32Bytes(secret)).update(counter).digest();
	const offset = mac[mac.length - 1]! & 0x0f;
	const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
	return String(binary).padStart(6, '0');
}

// ---------------------------------------------------------------------------------------------------------------

test('the locked-out user, looked up by email: LOCKED OUT, why sessions are not listed, memberships counted; unlock is cancellable, then works', async (t) => {
	const {sim, app} = await setup(t);
	const id = W.lockedOut.id;
	const email = sim.store.user(id).profile.email;
	let frame = await openUser(app, email, 'Zoë Ångström');
	assert.match(frame, /LOCKED OUT\s+Zoë Ångström\s+<zoe\.angstrom@example\.com>/);
	assert.ok(frame.includes("Okta cannot list a user's sessions"), `the Sessions tab says why no sessions are listed:\n${frame}`);
	const memberships = membershipCount(sim, id);
	assert.ok(memberships > 0);
	assert.ok(frame.includes(`Memberships (${memberships})`), `memberships counted (${memberships}):\n${frame}`);
	assert.ok(frame.includes(`id ${id}`));

	await app.press('L');
	frame = await app.waitFor('Change the state of Zoë Ångström');
	assert.equal(menuItems(frame)[0], 'Unlock user', `unlock is the first choice: ${JSON.stringify(menuItems(frame))}`);
	await app.press(KEY.enter);
	frame = await app.waitFor('⚠ Unlock user?');
	assert.match(frame, /y to confirm/);
	assert.match(frame, /Okta · 127\.0\.0\.1:\d+/);
	await app.press('n');
	await app.waitFor('Cancelled: nothing changed');
	assert.equal(sim.store.user(id).status, 'LOCKED_OUT');
	assert.deepEqual(describeRequests(mutations(sim)), [], 'nothing was sent');

	await app.press('L');
	await app.waitFor('Change the state of');
	await app.press(KEY.enter);
	await app.waitFor('⚠ Unlock user?');
	await app.press('y');
	await app.waitFor('✓ Unlock user: user unlocked (Zoë Ångström)');
	assert.equal(sim.store.user(id).status, 'ACTIVE');
	assert.deepEqual(describeRequests(mutations(sim)), [`POST /api/v1/users/${id}/lifecycle/unlock → 200`]);
	frame = await app.waitFor(/ ACTIVE\s+Zoë Ångström/);
	assert.ok(!frame.includes('LOCKED OUT'), `the header no longer says LOCKED OUT:\n${frame}`);
});

test('deactivate is wide: the typed login is required (the email is not enough); then only Delete and Reactivate are offered', async (t) => {
	const {sim, app} = await setup(t);
	// Priya's login (corp/priya.raman@example.com) differs from her email, so "type the LOGIN" is really tested.
	const id = W.slashLogin.id;
	const user = sim.store.user(id);
	assert.notEqual(user.profile.login, user.profile.email);
	await openUser(app, user.profile.email, 'Priya Raman');

	await app.press('L');
	let frame = await app.waitFor('Change the state of Priya Raman');
	const before = menuItems(frame);
	assert.ok(before.includes('Deactivate user  (type to confirm)'), JSON.stringify(before));
	await chooseInMenu(app, 'Deactivate user');
	await app.press(KEY.enter);
	frame = await app.waitFor('⚠ Deactivate user?');
	assert.match(frame, /Okta deprovisions them from/, 'the dialog warns about the apps');
	assert.ok(frame.includes(`Type ${W.slashLogin.login} and press Enter`), `asks for the login:\n${frame}`);

	await app.type(user.profile.email); // the email, not the login
	await app.press(KEY.enter);
	await app.waitFor(`that is not ${W.slashLogin.login}`);
	assert.equal(sim.store.user(id).status, 'ACTIVE');
	assert.deepEqual(describeRequests(mutations(sim)), [], 'a wrong entry sends nothing');

	await app.press('\u0015'); // Ctrl+U clears the field
	await app.type(W.slashLogin.login);
	await app.press(KEY.enter);
	await app.waitFor('✓ Deactivate user: user deactivated (Priya Raman)');
	assert.equal(sim.store.user(id).status, 'DEPROVISIONED');
	assert.deepEqual(describeRequests(mutations(sim)), [`POST /api/v1/users/${id}/lifecycle/deactivate?sendEmail=false → 200`]);
	await app.waitFor(/DEPROVISIONED\s+Priya Raman/);

	await app.press('L');
	frame = await app.waitFor('Change the state of Priya Raman');
	const after = menuItems(frame);
	assert.ok(after.includes('Delete user permanently  (type to confirm)'), `Delete is offered: ${JSON.stringify(after)}`);
	const others = after.filter((i) => !i.startsWith('Delete user permanently'));
	// Okta's _links for a DEPROVISIONED user carry only `activate` (shown as "Reactivate deactivated user").
	assert.deepEqual(others, ['Reactivate deactivated user'], `nothing but Delete and Reactivate: ${JSON.stringify(after)}`);
	await app.press(KEY.esc);
	assert.equal(sim.store.user(id).status, 'DEPROVISIONED');
});

test('the many-grants user: grants and tokens listed with app names; x revokes exactly one; X → clear sessions + OAuth tokens sends oauthTokens=true', async (t) => {
	const {sim, app} = await setup(t);
	const id = W.manyGrants.id;
	const grantsOf = (): string[] => sim.store.grantsOf(id).map((g) => g.id);
	const tokensOf = (): string[] => [...sim.store.refreshTokens.values()].filter((r) => r.userId === id).map((r) => r.id);
	const clients = sim.store.clientsOf(id);
	const total = grantsOf().length + tokensOf().length;
	assert.equal(total, 210);
	let frame = await openUser(app, W.manyGrants.login, '陈静 (Chen Jing)');
	assert.ok(frame.includes(`Sessions (${total} grants)`), frame);
	assert.ok(frame.includes("Okta cannot list a user's sessions"));
	// The first client's grants come first, each row naming its app.
	const first = clients[0]!;
	assert.match(selectedLine(frame), new RegExp(`^› grant\\s+${first.clientName}\\s`));

	// x on the first row (a consent grant), cancelled, then confirmed.
	const grantsBefore = grantsOf();
	const firstGrant = sim.store.grantsOf(id, first.clientId)[0]!.id;
	await app.press('x');
	await app.waitFor(`⚠ Revoke the OAuth grant for ${first.clientName}?`);
	await app.press(KEY.enter);
	await app.waitFor('Cancelled: nothing changed');
	assert.deepEqual(grantsOf(), grantsBefore);
	await app.press('x');
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor(`✓ Revoked the grant of 陈静 (Chen Jing) for ${first.clientName}`);
	let sent = mutations(sim);
	assert.equal(sent.length, 1, describeRequests(sent).join('\n'));
	const grantId = /^\/api\/v1\/users\/[^/]+\/grants\/([^/]+)$/.exec(sent[0]!.path)?.[1];
	assert.ok(grantId && sent[0]!.method === 'DELETE', describeRequests(sent).join('\n'));
	assert.ok(grantsBefore.includes(grantId), 'the revoked grant was the user’s');
	assert.deepEqual(grantsOf(), grantsBefore.filter((g) => g !== grantId), 'exactly that grant is gone');
	assert.equal(grantId, firstGrant, 'the first row was the first grant of the first app');
	await app.waitFor(`Sessions (${total - 1} grants)`);

	// x on the last row (a refresh token of the last app).
	await app.press('G');
	frame = await app.waitFor((f) => selectedLine(f).startsWith('› refresh token'));
	const last = clients.at(-1)!;
	assert.match(selectedLine(frame), new RegExp(`^› refresh token\\s+${last.clientName.replace(/[()]/g, '\\$&')}\\s`));
	const tokensBefore = tokensOf();
	await app.press('x');
	await app.waitFor(`⚠ Revoke the refresh token for ${last.clientName}?`);
	await app.press('y');
	await app.waitFor(`✓ Revoked the refresh token of 陈静 (Chen Jing) for ${last.clientName}`);
	sent = mutations(sim);
	const tokenPath = sent.at(-1)!.path;
	const m = new RegExp(`^/api/v1/users/${id}/clients/${last.clientId}/tokens/([^/]+)$`).exec(tokenPath);
	assert.ok(m && sent.at(-1)!.method === 'DELETE', describeRequests(sent).join('\n'));
	assert.deepEqual(tokensOf(), tokensBefore.filter((x) => x !== m[1]), 'exactly that token is gone');
	await app.waitFor(`Sessions (${total - 2} grants)`);

	// X: how far "sign out everywhere" reaches.
	const sessionsBefore = sim.store.user(id).sessions;
	const devicesBefore = sim.store.user(id).rememberedDevices;
	assert.ok(sessionsBefore > 0);
	await app.press('X');
	frame = await app.waitFor('Sign 陈静 (Chen Jing) out everywhere');
	const items = menuItems(frame);
	assert.deepEqual(items.slice(0, 3), [
		'Clear all sessions  (type to confirm)',
		'Clear all sessions and revoke OAuth tokens  (type to confirm)',
		'Clear all sessions, revoke OAuth tokens and forget devices  (type to confirm)',
	]);
	await chooseInMenu(app, 'Clear all sessions and revoke OAuth tokens');
	await app.press(KEY.enter);
	frame = await app.waitFor(`Type ${W.manyGrants.login} and press Enter`);
	assert.match(frame, /Revoke all sessions and revoke OAuth tokens\?/);
	const count = sim.requests.length;
	await app.type(W.manyGrants.login);
	await app.press(KEY.enter);
	await app.waitFor('✓ Revoked all sessions of 陈静 (Chen Jing) (OAuth tokens revoked)');
	const clear = sim.requests.slice(count).filter((r) => r.method === 'DELETE');
	assert.deepEqual(describeRequests(clear), [`DELETE /api/v1/users/${id}/sessions?oauthTokens=true&forgetDevices=false → 204`]);
	assert.equal(sim.store.user(id).sessions, 0, 'sessions cleared');
	assert.deepEqual(tokensOf(), [], 'refresh tokens revoked');
	assert.equal(sim.store.user(id).rememberedDevices, devicesBefore, 'devices not forgotten');
	assert.equal(grantsOf().length, grantsBefore.length - 1, 'consent grants are not touched by clearing sessions');
	await app.waitFor(`Sessions (${grantsBefore.length - 1} grants)`);
});

test('TOTP on the user without factors: QR and secret shown; a wrong code is refused and leaves it pending; the right code activates it', async (t) => {
	const {sim, app} = await setup(t);
	const id = W.noFactors.id;
	assert.deepEqual(sim.store.factorsOf(id), []);
	await openUser(app, W.noFactors.login, 'Liam Walsh');
	await app.press('3');
	await app.waitFor(/TOTP authenticator\s+none/);
	await app.press('a');
	await app.waitFor('⚠ Add a TOTP authenticator?');
	await app.press('y');
	let frame = await app.waitFor('TOTP authenticator for Liam Walsh');
	assert.match(frame, /█/, 'a QR code is drawn');
	assert.ok(frame.includes('otpauth://totp/'), frame);
	const factors = sim.store.factorsOf(id);
	assert.equal(factors.length, 1);
	const factor = factors[0]!;
	assert.equal(factor.factorType, 'token:software:totp');
	assert.equal(factor.status, 'PENDING_ACTIVATION');
	// The secret as the operator reads it: rows of four-character groups under the title.
	const shown = frame
		.split('\n')
		.flatMap((l) => l.match(/(?:\b[A-Z2-7]{4}\b ?){2,}/g) ?? [])
		.join('')
		.replace(/\s+/g, '');
	assert.equal(shown, factor.secret, `the secret on screen is the one the server holds:\n${frame}`);

	// A wrong code: none of the codes valid around now.
	const now = Date.now();
	const valid = new Set([-1, 0, 1, 2].map((k) => totpCode(shown, now + k * 30_000)));
	let wrong = '000000';
	for (let n = 0; valid.has(wrong); n++) wrong = String(n * 7919).padStart(6, '0').slice(-6);
	await app.type(wrong);
	await app.press(KEY.enter);
	frame = await app.waitFor('✗ Activate the TOTP factor failed');
	assert.match(secretViewText(frame), /E0000068: Invalid Passcode\/Answer — the code is wrong or expired; check the clock/, 'the refusal is explained beside the code field');
	assert.ok(frame.includes('TOTP authenticator for Liam Walsh'), 'the secret view stays open to retry');
	assert.equal(sim.store.factor(id, factor.id).status, 'PENDING_ACTIVATION');

	await app.type(totpCode(shown, Date.now()));
	await app.press(KEY.enter);
	await app.waitFor('✓ TOTP factor of Liam Walsh activated');
	assert.equal(sim.store.factor(id, factor.id).status, 'ACTIVE');
	frame = await app.waitFor((f) => /token:software:totp\s+Okta Verify \(TOTP\) · ACTIVE/.test(f) && /TOTP authenticator\s+enrolled/.test(f));
	assert.ok(!frame.includes(`${shown.slice(0, 4)} ${shown.slice(4, 8)}`) && !frame.includes(shown), 'the secret left the screen');
});

test('Passkeys on Okta: both WebAuthn factors listed; rename explains it is unsupported; x then y unenrolls the selected one', async (t) => {
	const {sim, app} = await setup(t);
	const id = W.active.id;
	const webauthn = (): string[] => sim.store.factorsOf(id).filter((f) => f.factorType === 'webauthn').map((f) => String(f.profile['authenticatorName']));
	assert.deepEqual(webauthn().sort(), ['MacBook Touch ID', 'YubiKey 5C NFC']);
	const otherFactors = sim.store.factorsOf(id).filter((f) => f.factorType !== 'webauthn').map((f) => f.id);
	await openUser(app, W.active.login, 'Aoife Ní Bhriain');
	await app.press('2');
	let frame = await app.waitFor((f) => f.includes('Passkeys (2)') && f.includes('MacBook Touch ID') && f.includes('YubiKey 5C NFC'));
	const footer = frame.split('\n').at(-1)!;
	assert.ok(!footer.includes('rename'), `rename is not in the footer: ${footer}`);
	const selected = selectedLine(frame).includes('MacBook Touch ID') ? 'MacBook Touch ID' : 'YubiKey 5C NFC';

	await app.press('n');
	frame = await app.waitFor('Okta cannot rename a WebAuthn factor');
	assert.ok(!frame.includes('New name ›'), 'no rename field opened');
	assert.deepEqual(describeRequests(mutations(sim)), []);

	await app.press('x');
	await app.waitFor(`⚠ Delete passkey "${selected}"?`);
	await app.press('n');
	await app.waitFor('Cancelled: nothing changed');
	assert.equal(webauthn().length, 2);
	await app.press('x');
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor(`✓ Deleted passkey "${selected}" of Aoife Ní Bhriain`);
	assert.deepEqual(webauthn(), [selected === 'MacBook Touch ID' ? 'YubiKey 5C NFC' : 'MacBook Touch ID']);
	const sent = mutations(sim);
	assert.equal(sent.length, 1);
	assert.match(sent[0]!.path, new RegExp(`^/api/v1/users/${id}/factors/fwf`));
	assert.equal(sent[0]!.method, 'DELETE');
	await app.waitFor('Passkeys (1)');
	// The other factors are untouched.
	assert.deepEqual(sim.store.factorsOf(id).filter((f) => f.factorType !== 'webauthn').map((f) => f.id), otherFactors);
});

test('a login with "/" is found and opened', async (t) => {
	const {sim, app} = await setup(t);
	const frame = await openUser(app, W.slashLogin.login, 'Priya Raman');
	assert.match(frame, /ACTIVE\s+Priya Raman\s+<priya\.raman@example\.com>/);
	assert.ok(frame.includes(`id ${W.slashLogin.id}`), frame);
	assert.ok(frame.includes(`Memberships (${membershipCount(sim, W.slashLogin.id)})`), frame);
	await app.press('5');
	await app.waitFor(/Login\s+corp\/priya\.raman@example\.com/);
	// The login never went into a path (Okta would route "corp/…" as two segments).
	assert.ok(!sim.requests.some((r) => r.path.includes('priya') || r.path.includes('corp%2F')), sim.requests.map((r) => r.path).join('\n'));
});

test('the status bar shows the rate-limit budget after a user loads', async (t) => {
	// Distinct budgets per bucket, so the number on screen can be traced to its bucket.
	const limits = {'GET /api/v1/users': 321, 'GET /api/v1/users/{id}': 777, 'POST|PUT|DELETE /api/v1/users/{id}': 432, '/api/v1/*': 555, 'POST /api/v1/users': 654} as const;
	const {sim, app} = await setup(t, {
		prepare: (s) => {
			for (const [bucket, limit] of Object.entries(limits)) s.setRateLimit(bucket as keyof typeof limits, limit);
		},
	});
	let frame = await app.waitFor('Find user');
	assert.ok(!/API \d+\/\d+/.test(statusBar(frame)), `no budget before any request:\n${statusBar(frame)}`);
	frame = await openUser(app, W.active.login, 'Aoife Ní Bhriain');
	const m = /API (\d+)\/(\d+)/.exec(statusBar(frame));
	assert.ok(m, `API remaining/limit in the status bar:\n${statusBar(frame)}`);
	const [remaining, limit] = [Number(m[1]), Number(m[2])];
	const bucket = (Object.keys(limits) as (keyof typeof limits)[]).find((b) => limits[b] === limit);
	assert.ok(bucket, `the limit shown (${limit}) is one of the buckets' budgets`);
	const used = sim.rateLimits[bucket].used;
	assert.ok(used > 0 && remaining < limit && remaining >= limit - used, `remaining ${remaining} of ${limit}, ${used} used in ${bucket}`);
});

/**
 * Sends Unlock for the AD-mastered locked-out user through the UI. Fresh data never offers it (the simulator, like
 * Okta, leaves `unlock` out of a directory-mastered user's _links), so the user is Okta-mastered when the app reads
 * them and AD-mastered again by the time Unlock is sent. Returns the frame showing the failure.
 */
async function unlockAdUser(t: TestContext, columns: number): Promise<{sim: OktaSimulator; app: Rendered; frame: string; lastUpdated: number}> {
	const {sim, app} = await setup(t, {columns});
	const user = sim.store.user(W.adLockedOut.id);
	const lastUpdated = user.lastUpdated;
	user.provider = {type: 'OKTA', name: 'OKTA'};
	await openUser(app, W.adLockedOut.login, 'Dmitri Volkov');
	await app.press('L');
	await app.waitFor((f) => f.includes('Change the state of') && menuItems(f)[0] === 'Unlock user');
	user.provider = {type: 'ACTIVE_DIRECTORY', name: 'corp.example.com'};
	await app.press(KEY.enter);
	await app.waitFor('⚠ Unlock user?');
	await app.press('y');
	const frame = await app.waitFor('✗ Unlock user failed');
	return {sim, app, frame, lastUpdated};
}

/** The result area: two wrapped lines above the footer, joined. */
const resultLine = (frame: string): string => {
	const lines = frame.split('\n');
	const i = lines.findIndex((l) => /^[✓✗?] /.test(l));
	return i < 0 ? '' : lines.slice(i, i + 2).map((l) => l.trim()).filter(Boolean).join(' ');
};

test('the AD-mastered locked-out user: Unlock is not offered from fresh data, and the header says why', async (t) => {
	const {sim, app} = await setup(t);
	assert.equal(sim.store.user(W.adLockedOut.id).provider.type, 'ACTIVE_DIRECTORY');
	let frame = await openUser(app, W.adLockedOut.login, 'Dmitri Volkov');
	assert.match(frame, /LOCKED OUT\s+Dmitri Volkov/);
	assert.match(frame, /mastered by Active Directory \(corp\.example\.com\)/);
	await app.press('L');
	frame = await app.waitFor('Change the state of Dmitri Volkov');
	assert.ok(!menuItems(frame).includes('Unlock user'), `Okta's _links offer no unlock for a directory-mastered user: ${JSON.stringify(menuItems(frame))}`);
	await app.press(KEY.esc);
	assert.deepEqual(describeRequests(mutations(sim)), []);
});

test('unlock refused with E0000032 (user became AD-mastered): the result line names the code and starts the explanation; nothing changes', async (t) => {
	const {sim, app, frame, lastUpdated} = await unlockAdUser(t, 100);
	const id = W.adLockedOut.id;
	const result = resultLine(frame);
	assert.match(result, /^✗ Unlock user failed: HTTP 403 E0000032: Unlock is not allowed for this user\. — Okta cannot unlock/, result);
	assert.deepEqual(describeRequests(mutations(sim)), [`POST /api/v1/users/${id}/lifecycle/unlock → 403`]);
	assert.equal(sim.store.user(id).status, 'LOCKED_OUT');
	assert.equal(sim.store.user(id).lastUpdated, lastUpdated, 'the record was not touched');
	await app.waitFor((f) => /LOCKED OUT\s+Dmitri Volkov/.test(f) && !f.includes('refreshing'));
});

test(
	'unlock refused with E0000032: the plain-words remedy is readable in the result line at 100 columns',
	async (t) => {
		const {frame} = await unlockAdUser(t, 100);
		const result = resultLine(frame);
		assert.ok(/AD\/LDAP|unlock them there/.test(result), `the plain-words remedy is on screen:\n${result}`);
	},
);

test(
	'a wrong TOTP code (403 E0000068) is not explained as a token-permission problem',
	async (t) => {
		const {sim, app} = await setup(t);
		await openUser(app, W.noFactors.login, 'Liam Walsh');
		await app.press('3');
		await app.waitFor(/TOTP authenticator\s+none/);
		await app.press('a');
		await app.waitFor('⚠ Add a TOTP authenticator?');
		await app.press('y');
		await app.waitFor('TOTP authenticator for Liam Walsh');
		const secret = sim.store.factorsOf(W.noFactors.id)[0]!.secret!;
		const valid = new Set([-1, 0, 1, 2].map((k) => totpCode(secret, Date.now() + k * 30_000)));
		const wrong = ['000000', '111111', '222222', '333333', '444444'].find((c) => !valid.has(c))!;
		await app.type(wrong);
		await app.press(KEY.enter);
		const text = secretViewText(await app.waitFor('✗ Activate the TOTP factor failed'));
		assert.match(text, /E0000068: Invalid Passcode\/Answer — the code is wrong or expired/);
		assert.ok(!/lacks permission/.test(text), `a wrong code is not a permission problem:\n${text}`);
	},
);
