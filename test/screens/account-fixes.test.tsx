/**
 * The account fixes on Wacht, from the keyboard, against the simulator: each cancelled (the server holds what it
 * held) and confirmed (it holds the change). Temporary password and passwordless, the MFA policy, name fields,
 * emails and phones, social connections, and deleting the user for good.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import type {WachtSimulator} from '../../src/sim/wacht/server.js';
import {appOn, openUser, pressAction, selectedLine} from '../helpers/app.js';
import {KEY, type Rendered} from '../helpers/render.js';

const JANE = WELL_KNOWN.jane;

async function jane(t: TestContext): Promise<{sim: WachtSimulator; app: Rendered; id: string}> {
	const app = await appOn(t, 'wacht');
	await openUser(app, JANE, 'Memberships (2)');
	await app.press('5');
	await app.waitFor('Social: github');
	return {sim: app.sim, app, id: app.sim.store.userByEmail(JANE).id};
}

/** Moves the Profile selection down to the row whose line contains `text`. */
async function select(app: Rendered, text: string): Promise<void> {
	await app.press('g');
	for (let i = 0; i < 20 && !selectedLine(app.frame()).includes(text); i++) await app.press('j');
	assert.match(selectedLine(app.frame()), new RegExp(text.replace(/[.+]/g, '\\$&')));
}

test('temporary password: n cancels; y sets a generated one, shown once whole, exactly what the server got', async (t) => {
	const {sim, app, id} = await jane(t);
	const before = sim.store.user(id)!.lastPasswordResetAt;
	await pressAction(app, 'profile/password', 'profile');
	await app.waitFor("skipping the deployment's password policy");
	await app.press(KEY.enter);
	await app.waitFor('Set a temporary password?');
	assert.match(app.frame(), /old password stops working at once/);
	await app.press('n');
	await app.waitFor('Cancelled: nothing changed');
	assert.equal(sim.store.user(id)!.lastPasswordResetAt, before);
	assert.equal(sim.appliedCount(), 0);

	await pressAction(app, 'profile/password', 'profile');
	await app.waitFor('Password of Jane Okafor');
	await app.press(KEY.enter);
	await app.waitFor('y to confirm');
	await app.press('y');
	const frame = await app.waitFor('Temporary password for Jane Okafor: shown once');
	const sent = sim.requests.find((r) => r.method === 'PATCH' && r.path === `/users/${id}/password`)!;
	const body = JSON.parse(sent.body) as {new_password: string; skip_password_check?: boolean};
	assert.equal(body.skip_password_check, undefined, 'the policy is checked unless asked');
	assert.ok(body.new_password.length >= 20);
	assert.ok(frame.includes(body.new_password), 'the whole password is on screen');
	assert.notEqual(sim.store.user(id)!.lastPasswordResetAt, before);
	await app.press(KEY.esc);
	await app.waitFor((f) => !f.includes(body.new_password) && f.includes('Temporary password set for Jane Okafor'));
});

test('temporary password skipping the policy only when chosen; remove the password names the other ways in', async (t) => {
	const {sim, app, id} = await jane(t);
	await pressAction(app, 'profile/password', 'profile');
	await app.waitFor('Password of Jane Okafor');
	await app.press('j', KEY.enter);
	await app.waitFor('(policy check skipped)?');
	await app.press('y');
	await app.waitFor('shown once');
	const sent = sim.requests.filter((r) => r.method === 'PATCH' && r.path === `/users/${id}/password`);
	assert.equal(JSON.parse(sent.at(-1)!.body).skip_password_check, true);
	await app.press(KEY.esc);

	await pressAction(app, 'profile/password', 'profile');
	await app.waitFor('Remove the password');
	await app.press('j', 'j', KEY.enter);
	const dialog = await app.waitFor('Remove the password (passwordless from now on)?');
	assert.match(dialog.replace(/[│\s]+/g, ' '), /a code or link to a verified email/);
	await app.press(KEY.esc);
	await app.waitFor('Cancelled: nothing changed');
	assert.equal(sim.store.user(id)!.hasPassword, true);
	await pressAction(app, 'profile/password', 'profile');
	await app.waitFor('Remove the password');
	await app.press('j', 'j', KEY.enter);
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor('✓ Password of Jane Okafor removed');
	assert.equal(sim.store.user(id)!.hasPassword, false);
	await app.waitFor(/Password\s+none/);
});

test('MFA enforced with nothing enrolled: the diagnosis offers the policy (p on MFA); optional lets them in', async (t) => {
	const app = await appOn(t, 'wacht');
	const id = app.sim.store.userByEmail(WELL_KNOWN.mfaMissing).id;
	await openUser(app, WELL_KNOWN.mfaMissing, 'relax the MFA policy (p on MFA)');
	await app.press('3', 'p');
	await app.waitFor('MFA policy of');
	assert.doesNotMatch(app.frame(), /MFA enforced \(always asked\)/, 'the current policy is not offered');
	await app.press('j', KEY.enter);
	await app.waitFor('Set the MFA policy enforced → optional?');
	await app.press('n');
	await app.waitFor('Cancelled: nothing changed');
	assert.equal(app.sim.store.user(id)!.secondFactorPolicy, 'enforced');
	await app.press('p');
	await app.waitFor('MFA policy of');
	await app.press('j', KEY.enter);
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor('✓ MFA policy of');
	assert.equal(app.sim.store.user(id)!.secondFactorPolicy, 'optional');
	await app.waitFor((f) => !f.includes('relax the MFA policy') && /Policy\s+optional/.test(f));
});

test('name fields: a menu of first name, last name and username, each a form then a confirm showing before → after', async (t) => {
	const {sim, app, id} = await jane(t);
	await pressAction(app, 'profile/edit', 'profile');
	await app.waitFor('Change the username');
	await app.press(KEY.enter);
	await app.waitFor('New value ›');
	await app.press('\u0015');
	await app.type('Janet');
	await app.press(KEY.enter);
	await app.waitFor('Change the first name "Jane" → "Janet"?');
	await app.press('n');
	await app.waitFor('Cancelled: nothing changed');
	assert.equal(sim.store.user(id)!.firstName, 'Jane');
	await pressAction(app, 'profile/edit', 'profile');
	await app.waitFor('Change the username');
	await app.press(KEY.enter);
	await app.press('\u0015');
	await app.type('Janet');
	await app.press(KEY.enter);
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor('✓ The first name of');
	assert.equal(sim.store.user(id)!.firstName, 'Janet');
	await app.waitFor('Janet Okafor');
});

test('emails: add (unverified), verify, make primary, delete the old one, which unlinks its GitHub connection', async (t) => {
	const {sim, app, id} = await jane(t);
	await pressAction(app, 'contact/add', 'profile');
	await app.waitFor('Email or phone (+CC number) ›');
	await app.type('not an address');
	await app.press(KEY.enter);
	await app.waitFor('an email address (name@example.com) or a phone');
	await app.press('\u0015');
	await app.type('jane.work@example.test');
	await app.press(KEY.enter);
	await app.waitFor('Add email jane.work@example.test?');
	await app.press('n');
	await app.waitFor('Cancelled: nothing changed');
	assert.equal(sim.store.emailsOf(id).length, 2);
	await pressAction(app, 'contact/add', 'profile');
	await app.type('jane.work@example.test');
	await app.press(KEY.enter);
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor('✓ Added email jane.work@example.test');
	const added = sim.store.emailsOf(id).find((e) => e.email === 'jane.work@example.test')!;
	assert.equal(added.verified, false);
	await app.waitFor('jane.work@example.test  UNVERIFIED');

	await select(app, 'jane.work@example.test');
	await pressAction(app, 'contact/primary', 'profile');
	await app.waitFor('Wacht makes only a verified email primary');
	await pressAction(app, 'contact/verify', 'profile');
	await app.waitFor('Mark email jane.work@example.test verified?');
	await app.press('y');
	await app.waitFor('✓ email jane.work@example.test of Jane Okafor is now verified');
	assert.equal(sim.store.emails.get(added.id)!.verified, true);
	await app.waitFor('jane.work@example.test  verified');
	await select(app, 'jane.work@example.test');
	await pressAction(app, 'contact/primary', 'profile');
	await app.waitFor('Make email jane.work@example.test primary?');
	await app.press('y');
	await app.waitFor('✓ email jane.work@example.test is now primary');
	assert.equal(sim.store.primaryEmail(id)!.email, 'jane.work@example.test');

	await app.waitFor((f) => /Email \(primary\)\s+jane\.work/.test(f));
	await select(app, `${JANE}  verified`);
	await pressAction(app, 'contact/delete', 'profile');
	const dialog = (await app.waitFor(`Delete email ${JANE}?`)).replace(/[│\s]+/g, ' ');
	assert.match(dialog, /also unlinks the social connection signed in through it: github/);
	await app.press('y');
	await app.waitFor(`✓ Deleted email ${JANE}`);
	assert.equal(sim.store.emailsOf(id).some((e) => e.email === JANE), false);
	assert.equal(sim.store.socialConnectionsOf(id).length, 0);
	await app.waitFor((f) => !f.includes('Social: github'));
});

test('phones: add one with its country code; deleting the primary asks for the email typed', async (t) => {
	const {sim, app, id} = await jane(t);
	await pressAction(app, 'contact/add', 'profile');
	await app.type('+44 7700 900123');
	await app.press(KEY.enter);
	await app.waitFor('Add phone +44 7700900123?');
	await app.press('y');
	await app.waitFor('✓ Added phone +44 7700900123');
	assert.deepEqual(sim.store.phonesOf(id).map((p) => `${p.countryCode}${p.phoneNumber}`).sort(), ['+15550100123', '+447700900123']);
	await app.waitFor('+447700900123  UNVERIFIED');
	await select(app, '+15550100123');
	await pressAction(app, 'contact/delete', 'profile');
	await app.waitFor('Delete phone +15550100123 (primary)');
	assert.match(app.frame(), /Type jane\.okafor@example\.test/);
	await app.press(KEY.esc);
	await app.waitFor('Cancelled: nothing changed');
	assert.equal(sim.store.phonesOf(id).length, 2);
	await pressAction(app, 'contact/delete', 'profile');
	await app.type(JANE);
	await app.press(KEY.enter);
	await app.waitFor('✓ Deleted phone +15550100123');
	assert.deepEqual(sim.store.phonesOf(id).map((p) => p.phoneNumber), ['7700900123']);
	assert.equal(sim.store.user(id)!.primaryPhoneId, null);
});

test('social connection: x on its row unlinks it, after a confirm', async (t) => {
	const {sim, app, id} = await jane(t);
	await select(app, 'Social: github');
	await pressAction(app, 'contact/delete', 'profile');
	await app.waitFor('Unlink the github');
	await app.press('n');
	await app.waitFor('Cancelled: nothing changed');
	assert.equal(sim.store.socialConnectionsOf(id).length, 1);
	await pressAction(app, 'contact/delete', 'profile');
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor('✓ Unlinked the github');
	assert.equal(sim.store.socialConnectionsOf(id).length, 0);
});

test('delete the user for good: L lists what is destroyed, the email typed, then the view closes', async (t) => {
	const {sim, app, id} = await jane(t);
	await app.press('L');
	await app.waitFor('Delete user for good');
	await app.press('j', KEY.enter);
	const dialog = (await app.waitFor('Delete user for good?')).replace(/[│\s]+/g, ' ');
	assert.match(dialog, /2 email addresses, 1 phone number, 1 social connection, every passkey/);
	assert.match(dialog, /cannot be undone/);
	await app.type('someone@else.test');
	await app.press(KEY.enter);
	await app.waitFor('that is not jane.okafor@example.test');
	await app.press(KEY.esc);
	await app.waitFor('Cancelled: nothing changed');
	assert.ok(sim.store.user(id));
	await app.press('L');
	await app.waitFor('Delete user for good');
	await app.press('j', KEY.enter);
	await app.waitFor('Delete user for good?');
	await app.type(JANE);
	await app.press(KEY.enter);
	await app.waitFor('✓ Delete user for good: user deleted for good');
	assert.equal(sim.store.user(id), undefined);
	assert.equal(sim.store.passkeysOf(id).length, 0);
	await app.waitFor((f) => f.includes('Find user'));
});

test('at 60×12 the temporary password is shown whole on one line, or the view says how large to make the terminal', async (t) => {
	const app = await appOn(t, 'wacht', {columns: 60, rows: 12});
	const id = app.sim.store.userByEmail(JANE).id;
	await openUser(app, JANE, 'Jane Okafor');
	await app.press('5');
	await app.waitFor('› Name');
	await pressAction(app, 'profile/password', 'profile');
	await app.waitFor('Set a temporary password');
	await app.press(KEY.enter);
	await app.waitFor('y to confirm');
	await app.press('y');
	const frame = await app.waitFor((f) => f.includes('shown once') || /make the terminal|at least/i.test(f));
	const sent = app.sim.requests.find((r) => r.method === 'PATCH' && r.path === `/users/${id}/password`)!;
	const password = (JSON.parse(sent.body) as {new_password: string}).new_password;
	if (frame.includes('shown once')) assert.ok(frame.split('\n').some((l) => l.includes(password)), 'the whole password on one line');
	else assert.equal(frame.includes(password.slice(0, 6)), false, 'no part of it when it cannot be shown whole');
});

test('Profile names its change keys on a line of their own, which an 80- or 60-column footer has no room for', async (t) => {
	for (const [columns, rows] of [
		[80, 24],
		[60, 12],
	] as const) {
		const app = await appOn(t, 'wacht', {columns, rows});
		await openUser(app, JANE, 'Memb');
		await app.press('5');
		const frame = await app.waitFor('p password… · n edit profile…');
		const footer = frame.trimEnd().split('\n').at(-1)!;
		assert.doesNotMatch(footer, /p password/, `at ${columns} columns the footer alone would not show them`);
		app.unmount();
	}
});
