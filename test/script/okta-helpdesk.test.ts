/**
 * The help-desk subcommands on Okta (issue 14), through the real `main()` against the simulator: what they send,
 * what the simulator holds after, what the journal says, and the refusals that send nothing.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {startOktaSimulator, WELL_KNOWN as W, type OktaSimulator} from '../../src/sim/okta/index.js';
import {parseJson, runCli, tempHome, type Home} from './helpers.js';

interface Setup {
	readonly sim: OktaSimulator;
	readonly home: Home;
	readonly env: NodeJS.ProcessEnv;
	readonly sent: () => string[];
}

async function setup(t: TestContext): Promise<Setup> {
	const sim = await startOktaSimulator({userCount: 100});
	t.after(() => sim.close());
	const home = tempHome(t);
	const env = home.env({OKTA_CLIENT_ORGURL: sim.url, OKTA_CLIENT_TOKEN: sim.token});
	return {sim, home, env, sent: () => sim.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)};
}

test('roles remove --json: the DELETE, the role gone, the journal names the assignment', async (t) => {
	const {sim, env, home, sent} = await setup(t);
	const role = sim.store.rolesOf(W.active.id)[0]!;
	const run = await runCli(['roles', 'remove', W.active.login, role.id, '--yes', '--json'], env);
	assert.equal(run.code, 0, run.stderr);
	const out = parseJson(run);
	assert.equal(out['ok'], true);
	assert.equal(out['action'], 'roles.unassign');
	assert.equal(out['status'], 204);
	assert.deepEqual(sent(), [`DELETE /api/v1/users/${W.active.id}/roles/${role.id}`]);
	assert.deepEqual(sim.store.rolesOf(W.active.id), []);
	const [intent, outcome] = home.journal();
	assert.equal(intent!.action, 'roles.unassign');
	assert.deepEqual(intent!.target.object, {type: 'admin_role', id: role.id, label: 'HELP_DESK_ADMIN'});
	assert.equal((outcome as {outcome: string}).outcome, 'ok');
});

test('roles remove: the login must be typed at a terminal; read-only, a group row and an unknown id send nothing', async (t) => {
	const {sim, env, sent} = await setup(t);
	const role = sim.store.rolesOf(W.active.id)[0]!;
	const wrong = await runCli(['roles', 'remove', W.active.login, role.id], env, {tty: true, typed: 'aoife'});
	assert.equal(wrong.code, 5, wrong.stderr);
	assert.match(wrong.prompts[0] ?? '', new RegExp(W.active.login.replace('.', '\\.')));
	const readOnly = await runCli(['--read-only', 'roles', 'remove', W.active.login, role.id, '--yes'], env);
	assert.equal(readOnly.code, 5);
	assert.match(readOnly.stderr, /read-only/);
	const group = sim.store.groupsOf(W.active.id)[0]!;
	const notRole = await runCli(['roles', 'remove', W.active.login, group.id, '--yes'], env);
	assert.equal(notRole.code, 5, notRole.stderr);
	assert.match(notRole.stderr, /not an admin role/);
	const unknown = await runCli(['roles', 'remove', W.active.login, 'ra1NotThere0000000000', '--yes'], env);
	assert.equal(unknown.code, 3);
	assert.deepEqual(sent(), []);
	assert.equal(sim.store.rolesOf(W.active.id).length, 1);

	const typed = await runCli(['roles', 'remove', W.active.login, role.id], env, {tty: true, typed: W.active.login});
	assert.equal(typed.code, 0, typed.stderr);
	assert.deepEqual(sim.store.rolesOf(W.active.id), []);
});
