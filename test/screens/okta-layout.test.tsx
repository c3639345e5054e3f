/**
 * Okta screens in Okta's terms, not Wacht's layout (issue 17, item 5): the MFA tab with no active factor offers no
 * MFA policy or backup codes (Okta has neither here, and `b` does nothing); Passkeys lists what Okta says (status,
 * enrolled), no empty LAST USED / USES and no TYPE column reading ACTIVE; Profile marks no email UNVERIFIED (Okta
 * does not say) and says so once; statuses and logins are whole at 120 columns.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {WELL_KNOWN as W} from '../../src/sim/okta/index.js';
import {appOn, openUser} from '../helpers/app.js';
import {KEY} from '../helpers/render.js';

const loaded = (name: string) => (f: string) => f.includes(name) && /Memberships \(\d+\)/.test(f) && /Passkeys \(\d+\)/.test(f);

test('Okta MFA tab with no active factor: no policy, no backup codes, and b sends nothing', async (t) => {
	const app = await appOn(t, 'okta', {okta: {userCount: 40}, columns: 120, rows: 30});
	await openUser(app, W.noFactors.login, loaded('Liam Walsh'));
	await app.press('3');
	const mfa = await app.waitFor('TOTP authenticator');
	assert.match(mfa, /TOTP authenticator {3}none/);
	assert.doesNotMatch(mfa, /Policy|Backup codes|backup codes|unknown/, mfa);
	const mutations = () => app.sim.requests.filter((r) => r.method !== 'GET').length;
	const before = mutations();
	await app.press('b');
	await app.press('y');
	assert.doesNotMatch(app.frame(), /Regenerate backup codes/);
	assert.equal(mutations(), before, 'nothing sent');
});

test('Okta Passkeys: the columns Okta fills (status, enrolled), none left empty', async (t) => {
	const app = await appOn(t, 'okta', {okta: {userCount: 40}, columns: 120, rows: 30});
	await openUser(app, W.allFactors.login, loaded('Björn'));
	await app.press('2');
	const frame = await app.waitFor('Windows Hello');
	const header = frame.split('\n').find((l) => /\bNAME\b/.test(l)) ?? '';
	assert.match(header, /NAME\s+STATUS\s+CREATED/, frame);
	assert.doesNotMatch(header, /TYPE|LAST USED|USES/);
	const row = frame.split('\n').find((l) => l.includes('Windows Hello')) ?? '';
	assert.match(row, /Windows Hello\s+ACTIVE\s+\S+/);
	assert.doesNotMatch(row, /—/, 'no empty cell');
});

test('Okta Profile: no email marked UNVERIFIED; that Okta does not say is said once', async (t) => {
	const app = await appOn(t, 'okta', {okta: {userCount: 40}, columns: 120, rows: 30});
	await openUser(app, W.allFactors.login, loaded('Björn'));
	await app.press('5');
	const frame = await app.waitFor('Email (primary)');
	assert.doesNotMatch(frame, /UNVERIFIED|unverified/);
	assert.equal(frame.split('this backend does not say whether emails and phones are verified').length, 2, frame);
});

test('at 120 columns the longest statuses and a long login are whole', async (t) => {
	const app = await appOn(t, 'okta', {okta: {userCount: 40}, columns: 120, rows: 60});
	await app.type('o');
	await app.press(KEY.enter);
	const list = await app.waitFor((f) => f.includes('Siobhán'));
	assert.match(list.split('\n').find((l) => l.includes('Siobhán')) ?? '', /^ {2}DEPROVISIONED +Siobhán/m);
	assert.doesNotMatch(list, /\b[A-Z_]{4,}…/, `no status cut:\n${list}`);

	const app2 = await appOn(t, 'okta', {okta: {userCount: 40}, columns: 120, rows: 30});
	const header = await openUser(app2, W.policyDenied.login, loaded('Rafael'));
	assert.ok(header.includes(`login ${W.policyDenied.login}`), header);
	const app3 = await appOn(t, 'okta', {okta: {userCount: 40}, columns: 120, rows: 30});
	const expired = await openUser(app3, W.passwordExpired.login, loaded('Łucja'));
	assert.match(expired.split('\n')[1] ?? '', /PASSWORD_EXPIRED|PASSWORD EXPIRED/, expired);
	assert.doesNotMatch(expired, /\b[A-Z_]{4,}…/);
});
