/**
 * What the screen says after an action, and where: the result line stays with its user, a user deleted for good
 * closes their view, a deleted passkey leaves the MFA tab too, the summary carries only its user's actions, Esc
 * clears a filter before it leaves, the same consequence asks the same confirmation, and a dialog never outlives the
 * write unlock it was opened under. Each test asserts what the operator sees and what the backend ends up holding.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {guardProvider} from '../../src/api/guard.js';
import {WachtProvider} from '../../src/api/wacht/provider.js';
import type {Output} from '../../src/incident/output.js';
import {WELL_KNOWN as OKTA} from '../../src/sim/okta/index.js';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {appOn, mountApp, openUser, pressAction} from '../helpers/app.js';
import {KEY} from '../helpers/render.js';

const JANE = 'jane.okafor@example.test';
const MFA_USER = 'mfa.user@example.test';

function recordingOutput(): Output & {copies: string[]} {
	const copies: string[] = [];
	return {copies, copy: (text) => (copies.push(text), {sent: true, via: 'OSC 52'}), save: () => '/tmp/summary.md'};
}

test('a result line stays with its user: it is not shown over the next user opened', async (t) => {
	const app = await appOn(t, 'wacht', {wacht: {userCount: 40, manySessions: 5}});
	await openUser(app, JANE, 'Sessions (3)');
	await pressAction(app, 'session/revoke');
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor('✓ Revoked session');
	await app.press(':');
	await app.type(`user ${MFA_USER}`);
	await app.press(KEY.enter);
	const frame = await app.waitFor((f) => f.includes(`<${MFA_USER}>`) && !f.includes('Loading'));
	assert.doesNotMatch(frame, /Revoked session/, `Jane's result line is not under mfa.user:\n${frame}`);
	await app.press('-');
	await app.waitFor((f) => f.includes(`<${JANE}>`));
});

test('the incident summary carries only the actions on its user; :summary all adds the others', async (t) => {
	const output = recordingOutput();
	const app = await appOn(t, 'wacht', {wacht: {userCount: 40, manySessions: 5}, columns: 110, props: {output}});
	await openUser(app, JANE, 'Sessions (3)');
	await pressAction(app, 'session/revoke');
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor('✓ Revoked session');
	await app.press(':');
	await app.type(`user ${MFA_USER}`);
	await app.press(KEY.enter);
	await app.waitFor((f) => f.includes(`<${MFA_USER}>`) && !f.includes('Loading'));
	await pressAction(app, 'export/summary');
	await app.waitFor('Summary sent');
	const own = output.copies.at(-1)!;
	assert.doesNotMatch(own, /Jane Okafor/, 'no action on Jane in the summary of mfa.user');
	assert.match(own, /None: nothing was changed/);
	await app.press(':');
	await app.type('summary all');
	await app.press(KEY.enter);
	await app.waitFor((f) => f.includes('Summary sent') && output.copies.length === 2);
	assert.match(output.copies.at(-1)!, /- ✓ Revoked session \d+ of Jane Okafor/);
});

test('Esc clears a filter first, and leaves the user only with the next Esc', async (t) => {
	const app = await appOn(t, 'wacht', {wacht: {userCount: 40, manySessions: 5}});
	await openUser(app, JANE, 'Sessions (3)');
	await pressAction(app, 'list/filter');
	await app.type('Lisbon');
	await app.press(KEY.enter);
	await app.waitFor('filter "Lisbon"');
	await app.press(KEY.esc);
	const frame = await app.waitFor((f) => !f.includes('filter "Lisbon"'));
	assert.match(frame, /<jane\.okafor@example\.test>/, 'still on Jane');
	assert.match(frame, /London, GB/, 'every sign-in listed again');
	await app.press(KEY.esc);
	await app.waitFor('Find user');
});

test('Okta: deleting a deactivated user for good closes their view and drops them from the results', async (t) => {
	const app = await appOn(t, 'okta', {okta: {userCount: 40}});
	await openUser(app, OKTA.deprovisioned.login, /Memberships \(\d+\)/);
	await pressAction(app, 'user/lifecycle');
	await app.waitFor('Delete user permanently');
	// The menu's last entry is the delete.
	for (let i = 0; i < 5; i++) await app.press('j');
	await app.waitFor('› Delete user permanently');
	await app.press(KEY.enter);
	await app.waitFor(`Type ${OKTA.deprovisioned.login}`);
	await app.type(OKTA.deprovisioned.login);
	await app.press(KEY.enter);
	const frame = await app.waitFor('✓ Delete user permanently');
	assert.match(frame, /Find user/, `back on the lookup:\n${frame}`);
	assert.doesNotMatch(frame, /404|failed to load/);
	assert.throws(() => app.sim.store.user(OKTA.deprovisioned.id), 'the simulator no longer holds the user');
});

test('Okta: a deleted passkey leaves the MFA tab as well, with its count', async (t) => {
	const app = await appOn(t, 'okta', {okta: {userCount: 40}});
	const id = OKTA.active.id;
	const webauthn = (): number => app.sim.store.factorsOf(id).filter((f) => f.factorType === 'webauthn').length;
	const before = webauthn();
	assert.ok(before > 0);
	await openUser(app, OKTA.active.login, /Passkeys \(\d+\)/);
	await app.press('3');
	const mfaBefore = await app.waitFor(/\d+ active factors/);
	const activeBefore = Number(/(\d+) active factors/.exec(mfaBefore)![1]);
	await app.press('2');
	await app.waitFor(/NAME\s+STATUS\s+CREATED/);
	await pressAction(app, 'passkey/delete');
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor('✓ Deleted passkey');
	assert.equal(webauthn(), before - 1);
	await app.press('3');
	const after = await app.waitFor((f) => f.includes(`${activeBefore - 1} active factor`) && !f.includes('refreshing'));
	assert.equal((after.match(/^\s*webauthn /gm) ?? []).length, before - 1, `the MFA tab lists one webauthn factor fewer:\n${after}`);
});

test('Okta: unenrolling the only active factor asks for the typed login, as Wacht does for its one authenticator', async (t) => {
	const app = await appOn(t, 'okta', {
		okta: {userCount: 40},
		prepare: (sim) => {
			const id = OKTA.allFactors.id;
			while (sim.store.factorsOf(id).length > 1) sim.store.deleteFactor(id, sim.store.factorsOf(id).at(-1)!.id);
		},
	});
	const id = OKTA.allFactors.id;
	await openUser(app, OKTA.allFactors.login, /Memberships \(\d+\)/);
	await app.press('3');
	await app.waitFor('1 active factor');
	for (let i = 0; i < 6; i++) await app.press('j');
	await pressAction(app, 'mfa/delete');
	const frame = await app.waitFor(`Type ${OKTA.allFactors.login}`);
	assert.match(frame, /only active factor/);
	await app.press('y');
	assert.equal(app.sim.store.factorsOf(id).length, 1, 'a y is just a letter in a typed confirmation');
	await app.press(KEY.esc);
	await app.waitFor('Cancelled: nothing changed');
});

test('read-only: a change says so and how to unlock; a dialog open when the unlock runs out closes, nothing sent', async (t) => {
	const sim = await startWachtSimulator({userCount: 40, manySessions: 5});
	const inner = new WachtProvider({baseUrl: sim.url, apiKey: sim.apiKey});
	// A write unlock of about a second, so the test sees it run out.
	const guarded = guardProvider(inner, {readOnly: true, unlockMinutes: 0.02, journal: null, profile: 'prod-ro'});
	const app = mountApp(t, guarded, {}, () => sim.close());
	const jane = sim.store.userByEmail(JANE).id;
	await openUser(app, JANE, 'Sessions (3)');
	await pressAction(app, 'session/revoke');
	await app.waitFor(/Read-only profile: nothing is sent\. W allows changes/);
	await pressAction(app, 'user/lifecycle');
	await app.waitFor(/Read-only profile: nothing is sent\. W allows changes/);
	await pressAction(app, 'app/writes');
	await app.waitFor('Allow changes');
	await app.press(KEY.enter);
	await app.waitFor('Writes allowed until');
	await pressAction(app, 'session/revoke');
	await app.waitFor('y to confirm');
	const frame = await app.waitFor('the open dialog was closed', 5000);
	assert.doesNotMatch(frame, /y to confirm/);
	await app.press('y');
	assert.equal(sim.store.activeSessionsOf(jane).length, 3, 'nothing was revoked');
	assert.equal(sim.requests.filter((r) => r.method !== 'GET').length, 0, 'nothing but reads reached the backend');
});

test('an action never erases the evidence: the revoked Lagos sign-in still stands in the diagnosis and the header, and the summary agrees', async (t) => {
	const output = recordingOutput();
	const app = await appOn(t, 'wacht', {wacht: {userCount: 60, manySessions: 5}, columns: 140, props: {output}});
	const before = await openUser(app, 'new.country@example.test', 'Check: Signed in from a country');
	const lastBefore = /last sign-in (\S+ ago) \(([^,)]+), newest session\)/.exec(before)!;
	assert.ok(lastBefore, `the header says where the last sign-in comes from:\n${before}`);
	await pressAction(app, 'session/revoke');
	await app.waitFor('y to confirm');
	await app.press('y');
	const after = await app.waitFor((f) => f.includes('✓ Revoked session') && !f.includes('refreshing') && /\d+ active sessions/.test(f));
	assert.doesNotMatch(after, /NEW Lagos/, 'the Lagos sign-in left the list');
	assert.match(after, /Check: Signed in from a country never seen before for this user: Lagos, NG.*signed out here at \d\d:\d\d:\d\d UTC/, `the finding stays, saying it was signed out here:\n${after}`);
	assert.match(after, new RegExp(`last sign-in ${lastBefore[1]} \\(.*newest session seen here, since signed out\\)`), `the last sign-in is what it was, with its source:\n${after}`);
	await pressAction(app, 'export/summary');
	await app.waitFor('Summary sent');
	const summary = output.copies.at(-1)!;
	assert.match(summary, /last sign-in \d{4}-\d\d-\d\d \d\d:\d\d UTC \(newest session seen here, since signed out\)/);
	assert.match(summary, /Lagos, NG/);
});
