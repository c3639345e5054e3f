/**
 * The help-desk subcommands on Okta (issue 14), through the real `main()` against the simulator: what they send,
 * what the simulator holds after, what the journal says, and the refusals that send nothing.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {startOktaSimulator, WELL_KNOWN as W, type OktaSimulator} from '../../src/sim/okta/index.js';
import {ACTIVE_USER_TOTP_SECRET} from '../../src/sim/okta/seed.js';
import {totp} from '../../src/sim/okta/totp.js';
import {activityOf} from '../../src/api/journal.js';
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

/** Answers the user's next push as their phone would, once the run has sent it. */
async function answerWhenSent(sim: OktaSimulator, userId: string, answer: 'approve' | 'reject'): Promise<void> {
	for (let i = 0; i < 200; i++) {
		if (sim.store.answerPush(userId, answer)) return;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	throw new Error('no push was sent');
}

test('verify: a push approved exits 0 with the result and time; denied exits 7; unanswered exits 8; journaled with the result', async (t) => {
	const {sim, env, home} = await setup(t);
	const push = sim.store.factorsOf(W.active.id).find((f) => f.factorType === 'push')!;
	const [approved] = await Promise.all([runCli(['verify', W.active.login, '--json'], env), answerWhenSent(sim, W.active.id, 'approve')]);
	assert.equal(approved.code, 0, approved.stderr);
	const out = parseJson(approved);
	assert.equal(out['ok'], true);
	assert.equal(out['result'], 'approved');
	assert.equal(out['factorId'], push.id, 'the push factor by default');
	assert.ok(!Number.isNaN(Date.parse(String(out['answeredAt']))));
	const [intent, outcome] = home.journal();
	assert.equal(intent!.action, 'caller.verify');
	assert.deepEqual(intent!.target.object, {type: 'factor', id: push.id, label: 'push'});
	assert.deepEqual((outcome as {detail: unknown}).detail, {step: 'push', result: 'approved', callerVerified: true});
	const shown = parseJson(await runCli(['show', W.active.login, '--json'], env));
	assert.equal((shown['callerVerified'] as {how: string}).how, 'push');
	assert.equal(Date.parse((shown['callerVerified'] as {until: string}).until) - Date.parse((shown['callerVerified'] as {at: string}).at), 10 * 60_000);
	assert.equal(parseJson(await runCli(['show', W.allFactors.login, '--json'], env))['callerVerified'], null);

	const [denied] = await Promise.all([runCli(['verify', W.active.login], env), answerWhenSent(sim, W.active.id, 'reject')]);
	assert.equal(denied.code, 7, denied.stderr);
	assert.match(denied.stdout, /Caller NOT verified: REJECTED \(the user denied the push\)/);
	assert.match(denied.stderr, /Push sent: waiting for Aoife Ní Bhriain to approve it on their phone/);
	sim.store.pushLifetimeMs = 300;
	const unanswered = await runCli(['verify', W.active.login, '--json'], env);
	assert.equal(unanswered.code, 8, unanswered.stderr);
	assert.equal(parseJson(unanswered)['outcome'], 'timed_out');
	assert.equal(home.journal().filter((e) => e.phase === 'outcome' && e.detail?.['callerVerified'] === true).length, 1, 'only the approval counts');
	// The Activity list says what each verification came to.
	const activity = activityOf([...home.journal()].reverse(), home.journal()[0]!.operator).filter((a) => a.action === 'caller.verify');
	assert.deepEqual(activity.map((a) => a.message), ['result: timeout (the push expired unanswered)', 'result: rejected (the user denied the push)', 'result: approved']);
});

test('verify with SMS: without --code the code is sent (exit 9); with the code the caller reads out, exit 0; a wrong one exit 7; never journaled', async (t) => {
	const {sim, env, home} = await setup(t);
	const sms = sim.store.factorsOf(W.active.id).find((f) => f.factorType === 'sms')!;
	const sent = await runCli(['verify', W.active.login, '--factor', sms.id, '--json'], env);
	assert.equal(sent.code, 9, sent.stderr);
	assert.equal(parseJson(sent)['result'], 'challenged');
	const code = sim.store.outbox.filter((o) => o.factorId === sms.id).at(-1)!.code!;
	const wrong = await runCli(['verify', W.active.login, '--factor', sms.id, '--code', code === '000000' ? '111111' : '000000'], env);
	assert.equal(wrong.code, 7, wrong.stderr);
	assert.match(wrong.stdout, /the code did not match/);
	const right = await runCli(['verify', W.active.login, '--factor', sms.id, '--code', code, '--json'], env);
	assert.equal(right.code, 0, right.stderr);
	assert.equal(parseJson(right)['result'], 'approved');
	assert.ok(!JSON.stringify(home.journal()).includes(code), 'the code is not in the journal');
	// At a terminal the code is asked for at once.
	const tty = await runCli(['verify', W.active.login, '--factor', sms.id], env, {tty: true, typed: null});
	assert.equal(tty.code, 9, 'an empty answer stops after sending');
	assert.match(tty.prompts.at(-1) ?? '', /Code the caller reads out/);
	const readOnly = await runCli(['--read-only', 'verify', W.active.login], env);
	assert.equal(readOnly.code, 5);
	const usage = await runCli(['sessions', 'revoke-all', W.active.login, '--code', '123456'], env);
	assert.equal(usage.code, 2);
});

test('verify_caller profile: a reset is refused (exit 5, nothing sent) until a verification approves the caller, even from another run', async (t) => {
	const {sim, home} = await setup(t);
	home.writeConfig(`[profiles.helpdesk]\nprovider = "okta"\nurl = "${sim.url}"\ntoken_env = "HELPDESK_TOKEN"\nverify_caller = true\n`);
	const env = home.env({HELPDESK_TOKEN: sim.token});
	const refused = await runCli(['--profile', 'helpdesk', 'user', 'reset-password', W.active.login, '--yes', '--json'], env);
	assert.equal(refused.code, 5, refused.stderr);
	assert.match(String((parseJson(refused)['error'] as {message: string}).message), /this profile needs the caller verified first/);
	assert.equal(sim.requests.filter((r) => r.method === 'POST').length, 0);
	assert.equal(sim.store.user(W.active.id).status, 'ACTIVE');

	const otp = sim.store.factorsOf(W.active.id).find((f) => f.factorType === 'token:software:totp' && f.provider === 'OKTA')!;
	const verified = await runCli(['--profile', 'helpdesk', 'verify', W.active.login, '--factor', otp.id, '--code', totp(ACTIVE_USER_TOTP_SECRET)], env);
	assert.equal(verified.code, 0, verified.stderr);
	const reset = await runCli(['--profile', 'helpdesk', 'user', 'reset-password', W.active.login, '--yes'], env);
	assert.equal(reset.code, 0, reset.stderr);
	assert.equal(sim.store.user(W.active.id).status, 'RECOVERY');
	// Another user is not verified by Aoife's approval.
	const other = await runCli(['--profile', 'helpdesk', 'user', 'reset-password', W.allFactors.login, '--yes'], env);
	assert.equal(other.code, 5);
});
