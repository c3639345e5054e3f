/**
 * Okta help-desk fixes on screen (issue 14): the real app and provider against the simulator. Each test checks what
 * the operator sees and what the simulator ends up holding; a cancelled dialog sends nothing.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {WELL_KNOWN as W, type OktaSimulator} from '../../src/sim/okta/index.js';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Journal} from '../../src/api/journal.js';
import {appOn, pressAction} from '../helpers/app.js';
import {KEY, type Rendered} from '../helpers/render.js';

const mutations = (sim: OktaSimulator): string[] =>
	sim.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD').map((r) => `${r.method} ${r.path}${Object.keys(r.query).length ? `?${new URLSearchParams(r.query as Record<string, string>)}` : ''}`);

async function openUser(app: Rendered, query: string, name: string): Promise<string> {
	await app.type(query);
	await app.press(KEY.enter);
	return app.waitFor((f) => f.includes(name) && /Memberships \(\d+\)/.test(f) && !f.includes('Loading'));
}

/** Opens the state-change menu and moves to the item starting with `label`. */
async function choose(app: Rendered, label: string): Promise<void> {
	await app.press('L');
	const frame = await app.waitFor('Change the state of');
	const items = frame
		.split('\n')
		.filter((l) => l.startsWith('│ '))
		.map((l) => l.replace(/^│\s?/, '').replace(/^(› | {2})/, ''));
	const index = items.findIndex((l) => l.startsWith(label));
	assert.ok(index >= 0, `"${label}" not in the menu:\n${frame}`);
	// The first │ row is the menu's title.
	for (let i = 1; i < index; i++) await app.press('j');
	await app.waitFor((f) => (f.split('\n').find((l) => l.startsWith('│ › ')) ?? '').includes(label));
}

test('temporary password: cancelled sends nothing; confirmed shows the password once, whole, and keeps the sessions', async (t) => {
	const app = await appOn(t, 'okta', {columns: 120, rows: 40});
	const {sim} = app;
	const id = W.active.id;
	const sessions = sim.store.user(id).sessions;
	assert.ok(sessions > 0);
	await openUser(app, W.active.login, sim.store.user(id).profile.firstName ?? "");

	await choose(app, 'Temporary password  ');
	await app.press(KEY.enter);
	let frame = await app.waitFor('⚠ Temporary password?');
	assert.match(frame, /shown once here \(never journaled\)/);
	assert.match(frame, /Current sessions are kept/);
	await app.press('n');
	await app.waitFor('Cancelled: nothing changed');
	assert.deepEqual(mutations(sim), []);
	assert.equal(sim.store.user(id).status, 'ACTIVE');

	await choose(app, 'Temporary password  ');
	await app.press(KEY.enter);
	await app.waitFor('⚠ Temporary password?');
	await app.press('y');
	await app.waitFor(() => sim.store.user(id).tempPassword !== null && app.frame().includes(sim.store.user(id).tempPassword!));
	const temp = sim.store.user(id).tempPassword!;
	assert.ok(temp.length >= 8);
	assert.deepEqual(mutations(sim), [`POST /api/v1/users/${id}/lifecycle/expire_password_with_temp_password`]);
	assert.equal(sim.store.user(id).status, 'PASSWORD_EXPIRED');
	assert.equal(sim.store.user(id).sessions, sessions, 'sessions kept');
	// Leaving the view forgets it: the password is not on screen any more.
	await app.press(KEY.esc);
	frame = await app.waitFor((f) => !f.includes(temp));
	assert.match(frame, /✓ Temporary password: temporary password set; pass it on/);
});

test('temporary password and sign out everywhere: revokeSessions=true, every session ended', async (t) => {
	const app = await appOn(t, 'okta', {columns: 120, rows: 40});
	const {sim} = app;
	const id = W.active.id;
	await openUser(app, W.active.login, sim.store.user(id).profile.firstName ?? "");
	await choose(app, 'Temporary password and sign out everywhere');
	await app.press(KEY.enter);
	const frame = await app.waitFor('⚠ Temporary password and sign out everywhere?');
	assert.match(frame, /Every Okta session of the user ends too/);
	await app.press('y');
	await app.waitFor(() => sim.store.user(id).tempPassword !== null && app.frame().includes(sim.store.user(id).tempPassword!));
	assert.deepEqual(mutations(sim), [`POST /api/v1/users/${id}/lifecycle/expire_password_with_temp_password?revokeSessions=true`]);
	assert.equal(sim.store.user(id).sessions, 0);
	assert.equal(sim.store.user(id).status, 'PASSWORD_EXPIRED');
});

test('temporary password under read-only: refused before a byte is sent', async (t) => {
	const app = await appOn(t, 'okta', {columns: 120, rows: 40, readOnly: true});
	const {sim} = app;
	await openUser(app, W.active.login, sim.store.user(W.active.id).profile.firstName ?? "");
	await app.press('L');
	await app.waitFor(/Read-only: nothing is sent/);
	assert.deepEqual(mutations(sim), []);
	assert.equal(sim.store.user(W.active.id).tempPassword ?? null, null);
});

test('recovery email (forgot password): the dialog says what the user receives; cancelled sends nothing; confirmed mails the link, status unchanged', async (t) => {
	const app = await appOn(t, 'okta', {columns: 120, rows: 40});
	const {sim} = app;
	const id = W.admin.id;
	await openUser(app, W.admin.login, 'Ingrid Solberg');
	await choose(app, 'Send the recovery email');
	await app.press(KEY.enter);
	const frame = await app.waitFor('⚠ Send the recovery email?');
	assert.match(frame.replace(/[│\s]+/g, ' '), /Okta emails ingrid\.solberg@example\.com a one-time password-reset link: opening it, the user answers their recovery question/);
	await app.press('n');
	await app.waitFor('Cancelled: nothing changed');
	assert.deepEqual(mutations(sim), []);

	await choose(app, 'Send the recovery email');
	await app.press(KEY.enter);
	await app.waitFor('⚠ Send the recovery email?');
	await app.press('y');
	await app.waitFor('✓ Send the recovery email: recovery email sent');
	assert.deepEqual(mutations(sim), [`POST /api/v1/users/${id}/credentials/forgot_password?sendEmail=true`]);
	const mail = sim.store.outbox.filter((m) => m.kind === 'forgot_password');
	assert.deepEqual(
		mail.map((m) => [m.userId, m.to]),
		[[id, sim.store.user(id).profile.email]],
	);
	assert.equal(sim.store.user(id).status, 'ACTIVE');
	assert.ok(!app.frame().includes(mail[0]!.token!), 'the token is not shown: it went to the user');
});

/** Opens the Profile tab's edit menu (n) and picks the field whose line starts with `label`. */
async function editField(app: Rendered, label: string): Promise<void> {
	await pressAction(app, 'profile/edit', 'profile');
	const frame = await app.waitFor('Change the mobile phone');
	const items = frame
		.split('\n')
		.filter((l) => l.startsWith('│ '))
		.map((l) => l.replace(/^│\s?/, '').replace(/^(› | {2})/, ''));
	const index = items.findIndex((l) => l.startsWith(label));
	assert.ok(index >= 1, `"${label}" not in the menu:\n${frame}`);
	for (let i = 1; i < index; i++) await app.press('j');
	await app.waitFor((f) => (f.split('\n').find((l) => l.startsWith('│ › ')) ?? '').includes(label));
	await app.press(KEY.enter);
	await app.waitFor('New value ›');
	await app.press('\u0015');
}

test('profile correction (email): the dialog shows the exact before → after; cancelled sends nothing; confirmed is one partial POST, journaled', async (t) => {
	const dir = mkdtempSync(join(tmpdir(), 'okta-profile-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	const journalPath = join(dir, 'journal.jsonl');
	const app = await appOn(t, 'okta', {columns: 120, rows: 40, journal: Journal.open({path: journalPath})});
	const {sim} = app;
	const id = W.active.id;
	const before = {...sim.store.user(id).profile};
	await openUser(app, W.active.login, 'Aoife');
	await app.press('5');
	await app.waitFor('Email (primary)');
	await editField(app, 'Change the email');
	await app.type('aoife.nb@example.net');
	await app.press(KEY.enter);
	const frame = await app.waitFor('y to confirm');
	assert.ok(frame.includes(`Change the email "${before.email}" → "aoife.nb@example.net"?`), frame);
	assert.match(frame.replace(/[│\s]+/g, ' '), /password-reset emails go to the new address/);
	await app.press('n');
	await app.waitFor('Cancelled: nothing changed');
	assert.deepEqual(mutations(sim), []);

	await editField(app, 'Change the email');
	await app.type('aoife.nb@example.net');
	await app.press(KEY.enter);
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor('✓ The email of');
	assert.deepEqual(mutations(sim), [`POST /api/v1/users/${id}`]);
	assert.deepEqual(JSON.parse(sim.requests.find((r) => r.method === 'POST')!.body), {profile: {email: 'aoife.nb@example.net'}}, 'only the changed field is sent');
	assert.deepEqual({...sim.store.user(id).profile}, {...before, email: 'aoife.nb@example.net'});
	await app.waitFor((f) => f.includes('<aoife.nb@example.net>'));
	const lines = readFileSync(journalPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as {phase: string; action: string; detail?: unknown});
	assert.deepEqual(lines.map((l) => [l.phase, l.action]), [['intent', 'profile.edit'], ['outcome', 'profile.edit']]);
	assert.deepEqual(lines[0]!.detail, {field: 'email', from: before.email, to: 'aoife.nb@example.net'});
});

test("profile correction: Okta's validation errors are shown field by field; nothing changes", async (t) => {
	const app = await appOn(t, 'okta', {columns: 120, rows: 40});
	const {sim} = app;
	const id = W.active.id;
	const login = sim.store.user(id).profile.login;
	await openUser(app, W.active.login, 'Aoife');
	await app.press('5');
	await app.waitFor('Email (primary)');
	await editField(app, 'Change the login');
	await app.type(W.admin.login.toUpperCase());
	await app.press(KEY.enter);
	await app.waitFor('y to confirm');
	await app.press('y');
	const frame = await app.waitFor('failed');
	assert.match(frame.replace(/\s+/g, ' '), /✗ Change the login .* failed: login: An object with this field already exists in the current organization \(E0000001\)/);
	assert.equal(sim.store.user(id).profile.login, login);
});

test('profile correction under read-only: refused before a byte is sent', async (t) => {
	const app = await appOn(t, 'okta', {columns: 120, rows: 40, readOnly: true});
	const {sim} = app;
	await openUser(app, W.active.login, 'Aoife');
	await app.press('5');
	await app.waitFor('Email (primary)');
	await pressAction(app, 'profile/edit', 'profile');
	await app.waitFor(/Read-only: nothing is sent/);
	assert.deepEqual(mutations(sim), []);
});

test('identity source: the Google-federated user — header and diagnosis say where the password is reset, Profile lists the IdP, user type and dates; L offers no Okta password action', async (t) => {
	const app = await appOn(t, 'okta', {columns: 120, rows: 40});
	const {sim} = app;
	const u = sim.store.user(W.googleFederated.id);
	await openUser(app, W.googleFederated.login, 'Kwame Mensah');
	// The user and then their IdPs: two reads in a row.
	let frame = await app.waitFor('Note: Signs in through');
	assert.match(frame, /Note: Signs in through Google Workspace: the password is reset there, not in Okta/);
	assert.match(frame, /\nsigns in through Google Workspace · /);
	await app.press('5');
	frame = await app.waitFor('Identity providers');
	assert.match(frame, /Identity source\s+signs in through Google Workspace · password reset there, not here {2}\(SOCIAL\)/);
	assert.match(frame, /Identity providers\s+Google Workspace \(GOOGLE\)/);
	assert.match(frame, new RegExp(`User type\\s+Contractor · type ${u.typeId}`));
	assert.match(frame, new RegExp(`Status changed\\s+${new Date(u.statusChanged!).toISOString().slice(0, 16).replace('T', ' ')}`));
	assert.match(frame, new RegExp(`Last updated\\s+${new Date(u.lastUpdated).toISOString().slice(0, 16).replace('T', ' ')}`));
	await app.press('L');
	frame = await app.waitFor('Change the state of');
	for (const label of ['Reset password', 'Send the recovery email', 'Temporary password', 'Expire password']) assert.ok(!frame.includes(label), `${label} offered:\n${frame}`);
	assert.deepEqual(mutations(sim), []);
});

test('identity source: the AD-mastered user — Profile says password and unlock are in AD, with when the password and status last changed', async (t) => {
	const app = await appOn(t, 'okta', {columns: 120, rows: 40});
	const {sim} = app;
	const u = sim.store.user(W.adLockedOut.id);
	await openUser(app, W.adLockedOut.login, 'Dmitri Volkov');
	let frame = await app.waitFor('unlock in AD');
	assert.match(frame, /\nProblem: Locked out since .+?: unlock in AD, Okta cannot \(mastered by Active Directory \(corp\.example\.com\)\), after/);
	await app.press('5');
	frame = await app.waitFor('Identity source');
	assert.match(frame, /Identity source\s+mastered by Active Directory \(corp\.example\.com\) · password and unlock in AD {2}\(ACTIVE_DIRECTORY\)/);
	assert.ok(!frame.includes('Identity providers'), 'not read for a directory-mastered user');
	assert.match(frame, new RegExp(`Password changed\\s+${new Date(u.passwordChanged!).toISOString().slice(0, 16).replace('T', ' ')}`));
	assert.ok(!sim.requests.some((r) => r.path.endsWith('/idps')));
});
