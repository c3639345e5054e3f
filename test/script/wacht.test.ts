/**
 * Scripting subcommands on Wacht: the real `main()` in-process against the Wacht simulator over loopback, with a
 * private XDG home. Each test checks the exit code, what was printed, what the simulator holds afterwards (and
 * that nothing was sent when nothing should be), and the journal lines the guard wrote.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync} from 'node:fs';
import {startWachtSimulator, type WachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {parseJson, runCli, tempHome, type Home} from './helpers.js';

const JANE = WELL_KNOWN.jane;

interface Setup {
	readonly sim: WachtSimulator;
	readonly home: Home;
	readonly env: NodeJS.ProcessEnv;
	readonly janeId: string;
	/** Mutations the simulator received (any method but GET). */
	readonly sent: () => number;
}

async function setup(t: TestContext): Promise<Setup> {
	const sim = await startWachtSimulator({userCount: 80, manySessions: 300});
	t.after(() => sim.close());
	const home = tempHome(t);
	const env = home.env({WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey});
	return {sim, home, env, janeId: sim.store.userByEmail(JANE).id, sent: () => sim.requests.filter((r) => r.method !== 'GET').length};
}

test('show --json: one object with the user and every tab, from what the simulator holds', async (t) => {
	const {sim, env, janeId, sent} = await setup(t);
	const run = await runCli(['show', JANE, '--json'], env);
	assert.equal(run.code, 0, run.stderr);
	const out = parseJson(run);
	assert.equal(out['profile'], 'env');
	assert.equal(out['backend'], 'wacht');
	assert.equal(out['host'], new URL(sim.url).host);
	const user = out['user'] as {id: string; email: string; displayName: string};
	assert.equal(user.id, janeId);
	assert.equal(user.email, JANE);
	const sessions = out['sessions'] as {id: string}[];
	assert.deepEqual(
		sessions.map((s) => s.id).sort(),
		sim.store.sessionsOf(janeId, {includeExpired: true}).map((s) => s.id).sort(),
		'every sign-in the backend holds, expired ones included',
	);
	assert.deepEqual((out['passkeys'] as {id: string}[]).map((p) => p.id).sort(), sim.store.passkeysOf(janeId).map((p) => p.id).sort());
	assert.equal((out['memberships'] as unknown[]).length, 2);
	assert.equal((out['mfa'] as {backupCodes: string}).backupCodes, sim.store.hasBackupCodes(janeId) ? 'yes' : 'no');
	assert.equal(out['grants'], null, 'Wacht cannot list grants');
	assert.equal(out['events'], null, 'Wacht keeps no trail');
	assert.deepEqual(out['unsupported'], {grants: 'Wacht has no per-user OAuth grant list', events: 'Wacht keeps no sign-in or audit log its API can read; the Sessions tab lists the sign-ins it holds'});
	assert.deepEqual(out['errors'], {});
	assert.deepEqual(out['lifecycleActions'], [{id: 'disable', label: 'Disable user'}, {id: 'delete', label: 'Delete user for good'}]);
	assert.deepEqual(out['findings'], [], 'nothing wrong with Jane');
	assert.equal(sent(), 0);
	assert.equal(run.stderr, '');
});

test('show in text: every tab, plain text without escape sequences', async (t) => {
	const {env} = await setup(t);
	const run = await runCli(['show', JANE], env);
	assert.equal(run.code, 0, run.stderr);
	assert.match(run.stdout, /^Jane Okafor <jane\.okafor@example\.test>/);
	assert.match(run.stdout, /Sessions \(5\)/);
	assert.match(run.stdout, /Chrome on macOS \(Mac\) in Lisbon, PT \(203\.0\.113\.24\)/);
	assert.match(run.stdout, /OAuth grants and tokens: not available: Wacht has no per-user OAuth grant list/);
	assert.match(run.stdout, /Passkeys \(2\)/);
	assert.match(run.stdout, /Memberships \(2\)/);
	assert.match(run.stdout, /State changes: disable \(Disable user\)/);
	assert.doesNotMatch(run.stdout, /\u001B/);
});

test('the user: an exact email wins over 34 partial matches; no match → 3; several → 4 with candidates', async (t) => {
	const {env} = await setup(t);
	const ana = await runCli(['show', WELL_KNOWN.ana, '--json'], env);
	assert.equal(ana.code, 0, ana.stderr);
	assert.equal((parseJson(ana)['user'] as {email: string}).email, WELL_KNOWN.ana);

	const none = await runCli(['show', 'nobody@nowhere.test'], env);
	assert.equal(none.code, 3);
	assert.equal(none.stdout, '');
	assert.match(none.stderr, /^account-triage: no user matches nobody@nowhere\.test\n$/);

	const many = await runCli(['sessions', 'revoke-all', 'ana', '--yes'], env);
	assert.equal(many.code, 4);
	assert.match(many.stderr, /users match ana:/);
	const listed = many.stderr.split('\n').filter((l) => /^ {2}\d+ {2}/.test(l));
	assert.equal(listed.length, 10, 'at most ten candidates');
	assert.match(many.stderr, /… and \d+ more/);

	const json = await runCli(['show', 'ana', '--json'], env);
	const out = parseJson(json);
	assert.equal(out['ok'], false);
	assert.equal(out['outcome'], 'ambiguous');
	assert.equal(out['exitCode'], 4);
	assert.equal((out['candidates'] as unknown[]).length, 10);
});

test('sessions revoke: exactly that session goes; the journal has the intent and the outcome', async (t) => {
	const {sim, env, home, janeId} = await setup(t);
	const before = sim.store.activeSessionsOf(janeId).map((s) => s.id);
	const target = before[1]!;
	const run = await runCli(['sessions', 'revoke', JANE, target, '--yes'], env);
	assert.equal(run.code, 0, run.stderr);
	assert.match(run.stdout, new RegExp(`^Revoked session ${target} of Jane Okafor <jane\\.okafor@example\\.test>, request at-`));
	assert.deepEqual(
		sim.store.activeSessionsOf(janeId).map((s) => s.id),
		before.filter((id) => id !== target),
	);
	const lines = home.journal();
	assert.deepEqual(
		lines.map((l) => [l.phase, l.action]),
		[
			['intent', 'sessions.revoke'],
			['outcome', 'sessions.revoke'],
		],
	);
	const [intent, outcome] = lines as [(typeof lines)[0], (typeof lines)[0] & {outcome: string; status: number; requestId: string}];
	assert.equal(intent.profile, 'env');
	assert.equal(intent.operator.length > 0, true);
	assert.equal(intent.target.userId, janeId);
	assert.equal(intent.target.userLabel, JANE);
	assert.equal(intent.target.object?.id, target);
	assert.equal(outcome.outcome, 'ok');
	assert.equal(outcome.status, 200);
	assert.match(outcome.requestId, /^at-/);

	const gone = await runCli(['sessions', 'revoke', JANE, '123456789', '--yes'], env);
	assert.equal(gone.code, 3, 'no such session');
	assert.match(gone.stderr, /Jane Okafor has no session 123456789/);
});

test('sessions revoke-all --json: every sign-in revoked, the count and request id printed', async (t) => {
	const {sim, env, home, janeId} = await setup(t);
	const count = sim.store.sessionsOf(janeId, {includeExpired: true}).length;
	const run = await runCli(['sessions', 'revoke-all', JANE, '--yes', '--json'], env);
	assert.equal(run.code, 0, run.stderr);
	const out = parseJson(run);
	assert.equal(out['ok'], true);
	assert.equal(out['outcome'], 'ok');
	assert.equal(out['status'], 200);
	assert.match(String(out['requestId']), /^at-/);
	assert.equal(out['action'], 'sessions.revokeAll');
	assert.equal(out['revoked'], count);
	assert.equal((out['user'] as {email: string}).email, JANE);
	assert.equal(sim.store.activeSessionsOf(janeId).length, 0);
	assert.deepEqual(
		home.journal().map((l) => `${l.phase} ${l.action}`),
		['intent sessions.revokeAll', 'outcome sessions.revokeAll'],
	);
	const okta = await runCli(['sessions', 'revoke-all', JANE, '--oauth-tokens', '--yes'], env);
	assert.equal(okta.code, 2, 'the Okta-only flags are a usage error on Wacht');
});

test('passkeys rename and delete change exactly that passkey', async (t) => {
	const {sim, env, janeId} = await setup(t);
	const [first, second] = sim.store.passkeysOf(janeId);
	const renamed = await runCli(['passkeys', 'rename', JANE, first!.id, 'Old', 'laptop', '--yes'], env);
	assert.equal(renamed.code, 0, renamed.stderr);
	assert.equal(sim.store.passkeysOf(janeId).find((p) => p.id === first!.id)?.name, 'Old laptop');
	assert.equal(sim.store.passkeysOf(janeId).find((p) => p.id === second!.id)?.name, second!.name);

	const same = await runCli(['passkeys', 'rename', JANE, first!.id, 'Old laptop', '--yes'], env);
	assert.equal(same.code, 0);
	assert.match(same.stderr, /already called "Old laptop": nothing changed/);

	const deleted = await runCli(['passkeys', 'delete', JANE, second!.id, '--yes'], env);
	assert.equal(deleted.code, 0, deleted.stderr);
	assert.deepEqual(
		sim.store.passkeysOf(janeId).map((p) => p.id),
		[first!.id],
	);
});

test('mfa delete removes the authenticator; mfa backup-codes prints 12 new codes once, never to the journal', async (t) => {
	const {sim, env, home} = await setup(t);
	const mfaUser = sim.store.userByEmail(WELL_KNOWN.mfa).id;
	const oldCodes = sim.store.backupCodeHashes(mfaUser);
	const codes = await runCli(['mfa', 'backup-codes', WELL_KNOWN.mfa, '--yes'], env);
	assert.equal(codes.code, 0, codes.stderr);
	const lines = codes.stdout.trim().split('\n');
	assert.match(lines[0]!, /^New backup codes for Łukasz Nowak <mfa\.user@example\.test>; the old ones no longer work/);
	const printed = lines.slice(1);
	assert.equal(printed.length, 12);
	assert.notDeepEqual(sim.store.backupCodeHashes(mfaUser), oldCodes);
	const journalText = JSON.stringify(home.journal());
	for (const code of printed) assert.ok(!journalText.includes(code), 'no backup code in the journal');
	assert.deepEqual(
		home.journal().map((l) => `${l.phase} ${l.action}`),
		['intent mfa.backupCodes.regenerate', 'outcome mfa.backupCodes.regenerate'],
	);

	const json = await runCli(['mfa', 'backup-codes', WELL_KNOWN.mfa, '--yes', '--json'], env);
	assert.equal((parseJson(json)['codes'] as string[]).length, 12);

	assert.ok(sim.store.authenticatorOf(mfaUser));
	const del = await runCli(['mfa', 'delete', WELL_KNOWN.mfa, '--yes'], env);
	assert.equal(del.code, 0, del.stderr);
	assert.equal(sim.store.authenticatorOf(mfaUser), null);
	const withId = await runCli(['mfa', 'delete', WELL_KNOWN.mfa, 'abc', '--yes'], env);
	assert.equal(withId.code, 2, 'Wacht has no factor ids');
});

test('user disable / enable: only what the backend offers for the user now', async (t) => {
	const {sim, env, home, janeId, sent} = await setup(t);
	const notOffered = await runCli(['user', 'enable', JANE, '--yes'], env);
	assert.equal(notOffered.code, 5);
	assert.match(notOffered.stderr, /does not offer "enable" for Jane Okafor \(status active\): nothing was sent/);
	assert.match(notOffered.stderr, /offered now: disable/);
	assert.equal(sent(), 0);

	const disabled = await runCli(['user', 'disable', JANE, '--yes'], env);
	assert.equal(disabled.code, 0, disabled.stderr);
	assert.match(disabled.stdout, /^Disable user: user disabled \(Jane Okafor/);
	assert.equal(sim.store.user(janeId)?.disabled, true);
	const enabled = await runCli(['user', 'enable', JANE, '--yes'], env);
	assert.equal(enabled.code, 0, enabled.stderr);
	assert.equal(sim.store.user(janeId)?.disabled, false);
	assert.deepEqual(
		home.journal().map((l) => `${l.phase} ${l.action}`),
		['intent lifecycle.disable', 'outcome lifecycle.disable', 'intent lifecycle.enable', 'outcome lifecycle.enable'],
	);
	const bad = await runCli(['user', 'explode', JANE], env);
	assert.equal(bad.code, 2);
	assert.match(bad.stderr, /action is one of disable, enable/);
});

test('off a terminal without --yes: exit 5, nothing sent, nothing journaled', async (t) => {
	const {sim, env, home, janeId, sent} = await setup(t);
	const run = await runCli(['sessions', 'revoke-all', JANE], env);
	assert.equal(run.code, 5);
	assert.match(run.stderr, /stdin is not a terminal and --yes was not given; nothing was sent/);
	assert.match(run.stderr, /add --yes/);
	assert.equal(sent(), 0);
	assert.equal(sim.store.activeSessionsOf(janeId).length, 3);
	assert.deepEqual(home.journal(), []);

	const json = await runCli(['sessions', 'revoke-all', JANE, '--json'], env);
	const out = parseJson(json);
	assert.equal(out['outcome'], 'refused');
	assert.equal(out['exitCode'], 5);
	assert.equal(out['action'], 'sessions.revokeAll');
});

test('--read-only: exit 5 with the guard’s words, nothing sent, nothing journaled; show still works', async (t) => {
	const {env, home, sent} = await setup(t);
	const run = await runCli(['--read-only', 'sessions', 'revoke-all', JANE, '--yes'], env);
	assert.equal(run.code, 5);
	assert.match(run.stderr, /read-only mode: nothing was sent/);
	assert.equal(sent(), 0);
	assert.deepEqual(home.journal(), []);
	const show = await runCli(['show', JANE, '--json', '--read-only'], env);
	assert.equal(show.code, 0);
	const out = parseJson(show);
	assert.equal(out['readOnly'], true);
	assert.deepEqual(out['lifecycleActions'], [], 'no state change is offered in read-only mode');
});

test('profiles: a read_only profile refuses; a protected one acts with --yes off a terminal but asks on one', async (t) => {
	const {sim, env: base, home, janeId, sent} = await setup(t);
	home.writeConfig(
		[
			'[profiles.look]',
			'provider = "wacht"',
			`url = "${sim.url}"`,
			'token_env = "LOOK_KEY"',
			'read_only = true',
			'',
			'[profiles.prod]',
			'provider = "wacht"',
			`url = "${sim.url}"`,
			'token_env = "PROD_KEY"',
			'protected = true',
			'',
		].join('\n'),
	);
	const env = {...base, WACHT_API_URL: '', WACHT_API_KEY: '', LOOK_KEY: sim.apiKey, PROD_KEY: sim.apiKey};
	const look = await runCli(['--profile', 'look', 'sessions', 'revoke-all', JANE, '--yes'], env);
	assert.equal(look.code, 5);
	assert.match(look.stderr, /read-only mode: nothing was sent/);
	assert.match(look.stderr, /profile look is read-only/);
	assert.equal(sent(), 0);

	// At a terminal, --yes is not enough on a protected profile: the email must be typed.
	const session = sim.store.activeSessionsOf(janeId)[0]!.id;
	const wrong = await runCli(['--profile', 'prod', 'sessions', 'revoke', JANE, session, '--yes'], env, {tty: true, typed: 'y'});
	assert.equal(wrong.code, 5);
	assert.match(wrong.stderr, /About to: Revoke session \d+ — Chrome on macOS \(Mac\)/);
	assert.match(wrong.stderr, /user {5}Jane Okafor <jane\.okafor@example\.test · jokafor> · id \d+/);
	assert.match(wrong.stderr, /backend {2}prod · Wacht · 127\.0\.0\.1:\d+ · PROTECTED/);
	assert.match(wrong.stderr, /effect {3}That device is signed out at its next request/);
	assert.match(wrong.stderr, /--yes is not enough at a terminal/);
	assert.match(wrong.stderr, /cancelled: that is not jane\.okafor@example\.test; nothing was sent/);
	assert.deepEqual(wrong.prompts, ['Type jane.okafor@example.test to confirm (anything else cancels): ']);
	assert.equal(sent(), 0);

	const typed = await runCli(['--profile', 'prod', 'sessions', 'revoke', JANE, session], env, {tty: true, typed: ' Jane.Okafor@example.test '});
	assert.equal(typed.code, 0, typed.stderr);
	assert.ok(!sim.store.activeSessionsOf(janeId).some((s) => s.id === session));

	// A script (no terminal) with --yes may act on a protected profile.
	const scripted = await runCli(['--profile', 'prod', 'sessions', 'revoke-all', JANE, '--yes', '--json'], env);
	assert.equal(scripted.code, 0, scripted.stderr);
	assert.equal(parseJson(scripted)['profile'], 'prod');
	assert.equal(sim.store.activeSessionsOf(janeId).length, 0);
	const actions = home.journal().filter((l) => l.phase === 'outcome');
	assert.deepEqual(
		actions.map((l) => [l.profile, l.action]),
		[
			['prod', 'sessions.revoke'],
			['prod', 'sessions.revokeAll'],
		],
	);
});

test('at a terminal without --yes: the typed email confirms; Ctrl+D cancels', async (t) => {
	const {sim, env, janeId, sent} = await setup(t);
	const cancelled = await runCli(['sessions', 'revoke-all', JANE], env, {tty: true, typed: null});
	assert.equal(cancelled.code, 5);
	assert.match(cancelled.stderr, /About to: Revoke all 5 sessions/);
	assert.match(cancelled.stderr, /cancelled; nothing was sent/);
	assert.equal(sent(), 0);
	const done = await runCli(['sessions', 'revoke-all', JANE], env, {tty: true, typed: JANE});
	assert.equal(done.code, 0, done.stderr);
	assert.equal(sim.store.activeSessionsOf(janeId).length, 0);
});

test('a journal that cannot be written: exit 5, nothing sent', async (t) => {
	const {env, home, sent} = await setup(t);
	// Creates the journal, then opens it to others: the guard must refuse to act.
	await runCli(['show', JANE], env);
	chmodSync(home.journalPath, 0o644);
	const run = await runCli(['sessions', 'revoke-all', JANE, '--yes'], env);
	assert.equal(run.code, 5);
	assert.match(run.stderr, /the audit journal cannot be written .*chmod 600.*nothing was sent/);
	assert.equal(sent(), 0);
});

test('a 500 from the backend → 1 with the hint and request id; the journal says failed', async (t) => {
	const {sim, env, home, janeId} = await setup(t);
	sim.faults.add({method: 'POST', path: /\/sessions\/revoke-all$/, status: 500});
	const run = await runCli(['sessions', 'revoke-all', JANE, '--yes'], env);
	assert.equal(run.code, 1);
	assert.match(run.stderr, /^account-triage: Revoke all 5 sessions failed: HTTP 500/);
	assert.match(run.stderr, /the backend failed; try again/);
	assert.match(run.stderr, /request id: at-[\w-]+/);
	assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
	assert.ok(!run.stderr.includes(sim.apiKey), 'no key');
	assert.equal(sim.store.activeSessionsOf(janeId).length, 3);
	const outcome = home.journal().find((l) => l.phase === 'outcome') as {outcome: string; status: number; requestId: string} | undefined;
	assert.equal(outcome?.outcome, 'failed');
	assert.equal(outcome?.status, 500);
	assert.ok(run.stderr.includes(outcome.requestId));

	sim.faults.add({method: 'POST', path: /\/sessions\/revoke-all$/, status: 500});
	const json = parseJson(await runCli(['sessions', 'revoke-all', JANE, '--yes', '--json'], env));
	assert.equal(json['ok'], false);
	assert.equal(json['outcome'], 'failed');
	assert.equal(json['status'], 500);
	assert.match(String(json['requestId']), /^at-/);
});

test('the connection dropped after the request was sent → 6, outcome unknown, "refresh to see"', async (t) => {
	const {sim, env, home, janeId} = await setup(t);
	sim.faults.add({method: 'POST', path: /\/sessions\/revoke-all$/, kind: 'reset', applyThenFail: true});
	const run = await runCli(['sessions', 'revoke-all', JANE, '--yes', '--json'], env);
	assert.equal(run.code, 6);
	assert.match(run.stderr, /outcome unknown/);
	assert.match(run.stderr, /run account-triage show jane\.okafor@example\.test to see the result before trying again/);
	assert.equal(parseJson(run)['outcome'], 'unknown');
	assert.equal(sim.store.activeSessionsOf(janeId).length, 0, 'the simulator did apply it');
	const outcome = home.journal().find((l) => l.phase === 'outcome') as {outcome: string} | undefined;
	assert.equal(outcome?.outcome, 'unknown');
});

test('usage errors → 2; a key on the command line is refused; --help lists the subcommands', async (t) => {
	const {env} = await setup(t);
	for (const argv of [['sessions'], ['sessions', 'revoke', JANE], ['grants', 'revoke-all'], ['show'], ['mfa', 'backup-codes', JANE, 'extra'], ['show', JANE, '--frobnicate']]) {
		const run = await runCli(argv, env);
		assert.equal(run.code, 2, `${argv.join(' ')}: ${run.stderr}`);
		assert.match(run.stderr, /^account-triage: /);
	}
	const key = await runCli(['show', JANE, '--api-key', 'sk_test_x'], env);
	assert.equal(key.code, 2);
	assert.match(key.stderr, /never taken on the command line/);
	const help = await runCli(['sessions', '--help'], env);
	assert.equal(help.code, 0);
	assert.match(help.stdout, /account-triage \[options\] sessions revoke-all <user>/);
	assert.match(help.stdout, /Exit codes: 0 done/);
});

test('a read that fails → 1, naming what was being read; the key never shows', async (t) => {
	const {sim, env, sent} = await setup(t);
	sim.faults.add({method: 'GET', path: '/users', status: 401});
	const run = await runCli(['sessions', 'revoke-all', JANE, '--yes'], env);
	assert.equal(run.code, 1);
	assert.match(run.stderr, /^account-triage: could not look up jane\.okafor@example\.test: HTTP 401/);
	assert.match(run.stderr, /the API key or token was rejected: check it\n/);
	assert.ok(!run.stderr.includes(sim.apiKey));
	assert.equal(sent(), 0);
});
