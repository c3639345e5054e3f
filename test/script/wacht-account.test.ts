/**
 * The account-fix subcommands on Wacht with --json, against the simulator: each one's answer, what the simulator
 * holds afterwards, and the journal (never the temporary password).
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {startWachtSimulator, type WachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {parseJson, runCli, tempHome, type Home} from './helpers.js';

const JANE = WELL_KNOWN.jane;

async function setup(t: TestContext): Promise<{sim: WachtSimulator; home: Home; env: NodeJS.ProcessEnv; id: string}> {
	const sim = await startWachtSimulator({userCount: 60, manySessions: 20});
	t.after(() => sim.close());
	const home = tempHome(t);
	return {sim, home, env: home.env({WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey}), id: sim.store.userByEmail(JANE).id};
}

test('password temporary --json prints it once in reveal; the journal has the flag, never the password', async (t) => {
	const {sim, home, env, id} = await setup(t);
	const run = await runCli(['password', 'temporary', JANE, '--yes', '--json'], env);
	assert.equal(run.code, 0, run.stderr);
	const out = parseJson(run);
	const [item] = out['reveal'] as {label: string; value: string}[];
	const sent = sim.requests.find((r) => r.method === 'PATCH' && r.path === `/users/${id}/password`)!;
	assert.equal(JSON.parse(sent.body).new_password, item!.value);
	assert.equal(JSON.parse(sent.body).skip_password_check, undefined);
	assert.equal(out['action'], 'password.temporary');
	const journal = JSON.stringify(home.journal());
	assert.equal(journal.includes(item!.value), false, 'the password is never journaled');
	assert.deepEqual(home.journal().map((l) => `${l.phase} ${l.action}`), ['intent password.temporary', 'outcome password.temporary']);

	const skip = await runCli(['password', 'temporary', JANE, '--skip-password-check', '--yes', '--json'], env);
	assert.equal(skip.code, 0, skip.stderr);
	assert.equal(JSON.parse(sim.requests.filter((r) => r.method === 'PATCH').at(-1)!.body).skip_password_check, true);
	const misplaced = await runCli(['passkeys', 'delete', JANE, '1', '--skip-password-check', '--yes'], env);
	assert.equal(misplaced.code, 2);
	assert.match(misplaced.stderr, /--skip-password-check goes with: password temporary <user>/);
});

test('password remove, mfa policy, profile edit --json change what the simulator holds', async (t) => {
	const {sim, env, id} = await setup(t);
	const removed = await runCli(['password', 'remove', JANE, '--yes', '--json'], env);
	assert.equal(removed.code, 0, removed.stderr);
	assert.equal(sim.store.user(id)!.hasPassword, false);
	assert.equal((await runCli(['password', 'remove', JANE, '--yes'], env)).code, 5, 'no password left to remove');

	const policy = await runCli(['mfa', 'policy', JANE, 'enforced', '--yes', '--json'], env);
	assert.equal(policy.code, 0, policy.stderr);
	assert.equal(parseJson(policy)['policy'], 'enforced');
	assert.equal(sim.store.user(id)!.secondFactorPolicy, 'enforced');
	const bad = await runCli(['mfa', 'policy', JANE, 'sometimes', '--yes', '--json'], env);
	assert.equal(bad.code, 5);
	assert.match(JSON.stringify(parseJson(bad)['error']), /one of: none, optional, enforced/);

	const edit = await runCli(['profile', 'edit', JANE, 'last-name=Okafor-Bello', '--yes', '--json'], env);
	assert.equal(edit.code, 0, edit.stderr);
	assert.equal(sim.store.user(id)!.lastName, 'Okafor-Bello');
	const taken = [...sim.store.users.values()].find((u) => u.id !== id && u.username !== '')!.username;
	const clash = await runCli(['profile', 'edit', JANE, `username=${taken}`, '--yes', '--json'], env);
	assert.equal(clash.code, 1, 'the server refuses a username another user has');
	assert.match(clash.stderr + JSON.stringify(parseJson(clash)), /Resource already exists/);
});

test('contacts add / verify / primary / delete and social unlink, by id, with --json', async (t) => {
	const {sim, env, id} = await setup(t);
	const add = await runCli(['contacts', 'add', JANE, 'jane.new@example.test', '--yes', '--json'], env);
	assert.equal(add.code, 0, add.stderr);
	const newId = parseJson(add)['id'] as string;
	assert.equal(sim.store.emails.get(newId)!.verified, false);
	const early = await runCli(['contacts', 'primary', JANE, newId, '--yes', '--json'], env);
	assert.equal(early.code, 5, 'only a verified email can be primary: refused before anything is sent');
	assert.equal((await runCli(['contacts', 'verify', JANE, newId, '--yes', '--json'], env)).code, 0);
	assert.equal(sim.store.emails.get(newId)!.verified, true);
	// A re-run asks for the same state: refused with nothing sent, never flipped back to unverified.
	const again = await runCli(['contacts', 'verify', JANE, newId, '--yes', '--json'], env);
	assert.equal(again.code, 5, again.stderr);
	assert.match(again.stderr + again.stdout, /already verified/);
	assert.equal(sim.store.emails.get(newId)!.verified, true);
	assert.equal((await runCli(['contacts', 'verify', JANE, newId, '--unverified', '--yes', '--json'], env)).code, 0);
	assert.equal(sim.store.emails.get(newId)!.verified, false);
	assert.equal((await runCli(['contacts', 'verify', JANE, newId, '--yes', '--json'], env)).code, 0);
	assert.equal(sim.store.emails.get(newId)!.verified, true);
	assert.equal((await runCli(['contacts', 'add', JANE, 'x@example.test', '--unverified', '--yes'], env)).code, 2, '--unverified goes with verify only');
	assert.equal((await runCli(['contacts', 'primary', JANE, newId, '--yes', '--json'], env)).code, 0);
	assert.equal(sim.store.primaryEmail(id)!.id, newId);

	const phone = await runCli(['contacts', 'add', JANE, '+49 30 1234567', '--yes', '--json'], env);
	assert.equal(phone.code, 0, phone.stderr);
	const phoneId = parseJson(phone)['id'] as string;
	assert.deepEqual([sim.store.phones.get(phoneId)!.countryCode, sim.store.phones.get(phoneId)!.phoneNumber], ['+49', '301234567']);
	assert.equal((await runCli(['contacts', 'delete', JANE, phoneId, '--yes', '--json'], env)).code, 0);
	assert.equal(sim.store.phones.has(phoneId), false);
	assert.equal((await runCli(['contacts', 'delete', JANE, '123456789012345678', '--yes'], env)).code, 3, 'no such contact');

	const [conn] = sim.store.socialConnectionsOf(id);
	const unlink = await runCli(['social', 'unlink', JANE, conn!.id, '--yes', '--json'], env);
	assert.equal(unlink.code, 0, unlink.stderr);
	assert.equal(sim.store.socialConnectionsOf(id).length, 0);
});

test('user delete: the typed email at a terminal, then the user is gone for good', async (t) => {
	const {sim, env, id} = await setup(t);
	const wrong = await runCli(['user', 'delete', JANE], env, {tty: true, typed: 'nope'});
	assert.equal(wrong.code, 5);
	assert.match(wrong.stderr.replace(/\s+/g, ' '), /2 email addresses, 1 phone number, 1 social connection/);
	assert.ok(sim.store.user(id));
	const run = await runCli(['user', 'delete', JANE, '--json'], env, {tty: true, typed: JANE});
	assert.equal(run.code, 0, run.stderr);
	assert.equal(sim.store.user(id), undefined);
});

test('--read-only refuses every one of them before anything is sent', async (t) => {
	const {sim, env} = await setup(t);
	for (const argv of [
		['password', 'temporary', JANE],
		['password', 'remove', JANE],
		['mfa', 'policy', JANE, 'none'],
		['profile', 'edit', JANE, 'first-name=X'],
		['contacts', 'add', JANE, 'x@example.test'],
		['user', 'delete', JANE],
	]) {
		const run = await runCli([...argv, '--read-only', '--yes', '--json'], env);
		assert.equal(run.code, 5, argv.join(' '));
	}
	assert.equal(sim.requests.filter((r) => r.method !== 'GET').length, 0);
});
