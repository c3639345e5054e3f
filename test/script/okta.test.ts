/**
 * Scripting subcommands on Okta: the real `main()` in-process against the Okta simulator. What Okta cannot do
 * (list or end one session, rename a passkey, backup codes) is refused with its reason before anything is sent;
 * what it can do changes exactly that in the simulator and is journaled.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {startOktaSimulator, WELL_KNOWN as W, type OktaSimulator} from '../../src/sim/okta/index.js';
import {parseJson, runCli, tempHome, type Home} from './helpers.js';

interface Setup {
	readonly sim: OktaSimulator;
	readonly home: Home;
	readonly env: NodeJS.ProcessEnv;
	readonly sent: () => number;
}

async function setup(t: TestContext): Promise<Setup> {
	const sim = await startOktaSimulator({userCount: 100});
	t.after(() => sim.close());
	const home = tempHome(t);
	const env = home.env({OKTA_CLIENT_ORGURL: sim.url, OKTA_CLIENT_TOKEN: sim.token});
	return {sim, home, env, sent: () => sim.requests.filter((r) => r.method !== 'GET').length};
}

test('show --json on Okta: sessions are null with the reason; factors, passkeys, grants and state changes from the store', async (t) => {
	const {sim, env, sent} = await setup(t);
	const run = await runCli(['show', W.active.login, '--json'], env);
	assert.equal(run.code, 0, run.stderr);
	const out = parseJson(run);
	assert.equal(out['backend'], 'okta');
	assert.equal((out['user'] as {id: string}).id, W.active.id);
	assert.equal(out['sessions'], null);
	assert.match((out['unsupported'] as {sessions: string}).sessions, /^Okta cannot list a user's sessions; sessions revoke-all clears them all$/);
	const factors = sim.store.factorsOf(W.active.id);
	assert.deepEqual(
		(out['mfa'] as {factors: {id: string}[]}).factors.map((f) => f.id).sort(),
		factors.map((f) => f.id).sort(),
	);
	assert.deepEqual(
		(out['passkeys'] as {id: string}[]).map((p) => p.id).sort(),
		factors.filter((f) => f.factorType === 'webauthn').map((f) => f.id).sort(),
	);
	assert.ok(Array.isArray(out['grants']));
	const ids = (out['lifecycleActions'] as {id: string}[]).map((a) => a.id);
	assert.ok(ids.includes('suspend') && ids.includes('deactivate'), ids.join(','));
	assert.equal(sent(), 0);

	const slash = await runCli(['show', W.slashLogin.login, '--json'], env);
	assert.equal(slash.code, 0, slash.stderr);
	assert.equal((parseJson(slash)['user'] as {id: string}).id, W.slashLogin.id, 'a login with a slash resolves');
});

test('sessions revoke-all --oauth-tokens --forget-devices: the DELETE carries both, the store and journal agree', async (t) => {
	const {sim, env, home} = await setup(t);
	const user = sim.store.user(W.active.id);
	assert.ok(user.sessions > 0);
	const run = await runCli(['sessions', 'revoke-all', W.active.login, '--oauth-tokens', '--forget-devices', '--yes', '--json'], env);
	assert.equal(run.code, 0, run.stderr);
	const out = parseJson(run);
	assert.equal(out['revoked'], null, 'Okta gives no count');
	assert.equal(out['oauthTokens'], true);
	const del = sim.requests.filter((r) => r.method === 'DELETE');
	assert.equal(del.length, 1);
	assert.match(del[0]!.path, new RegExp(`/api/v1/users/${W.active.id}/sessions$`));
	assert.deepEqual(del[0]!.query, {oauthTokens: 'true', forgetDevices: 'true'});
	assert.equal(out['requestId'], del[0]!.requestId);
	assert.equal(sim.store.user(W.active.id).sessions, 0);
	assert.equal(sim.store.user(W.active.id).rememberedDevices, 0);
	const intent = home.journal()[0]!;
	assert.equal(intent.action, 'sessions.revokeAll');
	assert.equal(intent.target.userLabel, W.active.login);
	assert.deepEqual(intent.detail, {alsoOauth: true, forgetDevices: true});
});

test('what Okta cannot do is refused with its reason, before anything is sent: exit 5', async (t) => {
	const {env, sent, home} = await setup(t);
	const one = await runCli(['sessions', 'revoke', W.active.login, 'abc', '--yes'], env);
	assert.equal(one.code, 5);
	assert.match(one.stderr, /Okta cannot end one session; sessions revoke-all clears them all: nothing was sent/);
	assert.match(one.stderr, /instead: account-triage sessions revoke-all <user>/);
	const rename = await runCli(['passkeys', 'rename', W.active.login, 'abc', 'New', '--yes', '--json'], env);
	assert.equal(rename.code, 5);
	assert.equal(parseJson(rename)['outcome'], 'refused');
	assert.match(rename.stderr, /Okta cannot rename a WebAuthn factor/);
	const codes = await runCli(['mfa', 'backup-codes', W.active.login, '--yes'], env);
	assert.equal(codes.code, 5);
	assert.match(codes.stderr, /Okta has no backup codes to regenerate/);
	assert.equal(sent(), 0);
	assert.deepEqual(home.journal(), []);
});

test('grants revoke and revoke-all; passkeys delete; mfa delete <factor-id>: exactly that goes', async (t) => {
	const {sim, env, home} = await setup(t);
	const grants = sim.store.grantsOf(W.manyGrants.id);
	const first = grants[0]!;
	const one = await runCli(['grants', 'revoke', W.manyGrants.login, first.id, '--yes'], env);
	assert.equal(one.code, 0, one.stderr);
	assert.match(one.stdout, /^Revoked the grant of 陈静/);
	assert.deepEqual(
		sim.store.grantsOf(W.manyGrants.id).map((g) => g.id),
		grants.slice(1).map((g) => g.id),
	);
	const all = await runCli(['grants', 'revoke-all', W.manyGrants.login, '--yes'], env);
	assert.equal(all.code, 0, all.stderr);
	assert.equal(sim.store.grantsOf(W.manyGrants.id).length, 0);
	for (const c of sim.store.clientsOf(W.manyGrants.id)) assert.equal(sim.store.tokensOf(W.manyGrants.id, c.clientId).length, 0);

	const factors = sim.store.factorsOf(W.active.id);
	const yubikey = factors.find((f) => f.factorType === 'webauthn')!;
	const pk = await runCli(['passkeys', 'delete', W.active.login, yubikey.id, '--yes'], env);
	assert.equal(pk.code, 0, pk.stderr);
	const google = factors.find((f) => f.factorType === 'token:software:totp' && f.provider === 'GOOGLE')!;
	const noId = await runCli(['mfa', 'delete', W.active.login, '--yes'], env);
	assert.equal(noId.code, 2, 'Okta needs the factor named');
	assert.ok(noId.stderr.includes(google.id), 'the factors are listed');
	const mfa = await runCli(['mfa', 'delete', W.active.login, google.id, '--yes'], env);
	assert.equal(mfa.code, 0, mfa.stderr);
	assert.deepEqual(
		sim.store.factorsOf(W.active.id).map((f) => f.id).sort(),
		factors.filter((f) => f.id !== yubikey.id && f.id !== google.id).map((f) => f.id).sort(),
	);
	assert.deepEqual(
		home.journal().filter((l) => l.phase === 'outcome').map((l) => l.action),
		['grants.revoke', 'grants.revokeAll', 'passkeys.delete', 'mfa.factors.delete'],
	);
	const missing = await runCli(['mfa', 'delete', W.active.login, 'ufsNOPE', '--yes'], env);
	assert.equal(missing.code, 3, 'no such factor');
});

test('user <action>: unlock, a one-time reset link on stdout only, and what is not offered now', async (t) => {
	const {sim, env, home, sent} = await setup(t);
	// show carries the app's diagnosis: what is wrong and the step, in JSON and in text.
	const diagnosed = await runCli(['show', W.lockedOut.login, '--json'], env);
	const findings = parseJson(diagnosed)['findings'] as {id: string; severity: string; text: string; next: string | null}[];
	assert.equal(findings[0]?.severity, 'blocker');
	assert.match(findings[0]!.text, /^Locked out since .+ after 5 wrong passwords (yesterday )?\d\d:\d\d–(yesterday )?\d\d:\d\d from Stockholm, Sweden \(198\.51\.100\.\d+\)$/);
	assert.equal(findings[0]!.next, 'unlock');
	// The events it rests on: the lock and the five wrong passwords, each with its time, place and IP.
	const cited = (findings[0] as unknown as {events: {type: string; why: string; city: string; ip: string; at: string}[]}).events;
	assert.deepEqual(cited.map((e) => e.why), ['locked out after too many wrong passwords', ...Array(5).fill('wrong password')]);
	assert.ok(cited.every((e) => e.city === 'Stockholm' && /^198\.51\.100\./.test(e.ip) && e.at));
	const text = await runCli(['show', W.lockedOut.login], env);
	assert.match(text.stdout, /\nProblem: Locked out since .+ → unlock\n/);
	const unlock = await runCli(['user', 'unlock', W.lockedOut.login, '--yes', '--json'], env);
	assert.equal(unlock.code, 0, unlock.stderr);
	assert.equal(parseJson(unlock)['action'], 'lifecycle.unlock');
	assert.equal(sim.store.user(W.lockedOut.id).status, 'ACTIVE');
	const after = await runCli(['show', W.lockedOut.login, '--json'], env);
	assert.ok(!(parseJson(after)['findings'] as {id: string}[]).some((f) => /lock/i.test(f.id)), 'unlocked: no lockout finding');

	const reset = await runCli(['user', 'reset-password', W.active.login, '--yes'], env);
	assert.equal(reset.code, 0, reset.stderr);
	const link = /https?:\/\/\S+\/signin\/reset-password\/\S+/.exec(reset.stdout)?.[0];
	assert.ok(link, reset.stdout);
	assert.ok(!reset.stderr.includes(link));
	assert.ok(!JSON.stringify(home.journal()).includes(link), 'the link is never journaled');

	const before = sent();
	const suspend = await runCli(['user', 'suspend', W.deprovisioned.login, '--yes'], env);
	assert.equal(suspend.code, 5);
	assert.match(suspend.stderr, /Okta does not offer "suspend" for Siobhán O'Connor \(status DEPROVISIONED\): nothing was sent/);
	assert.match(suspend.stderr, /offered now: activate, delete/);
	assert.equal(sent(), before);
});

test('an Okta error → 1 with its code, its words and X-Okta-Request-Id', async (t) => {
	const {sim, env} = await setup(t);
	sim.faults.add({method: 'POST', path: /\/lifecycle\/suspend$/, status: 500});
	const run = await runCli(['user', 'suspend', W.active.login, '--yes'], env);
	assert.equal(run.code, 1);
	const sentReq = sim.requests.find((r) => r.method === 'POST')!;
	assert.ok(sentReq.requestId);
	assert.match(run.stderr, /^account-triage: Suspend user failed: HTTP 500 E0000\d+: /);
	assert.match(run.stderr, /the backend failed; try again/);
	assert.ok(run.stderr.includes(`request id: ${sentReq.requestId}`), run.stderr);
	assert.ok(!run.stderr.includes(sim.token), 'no token');
	assert.equal(sim.store.user(W.active.id).status, 'ACTIVE');
});

test('user temp_password --json: the temporary password on stdout once, in the journal never; read-only sends nothing', async (t) => {
	const {sim, env, home, sent} = await setup(t);
	const refused = await runCli(['user', 'temp_password', W.active.login, '--yes', '--json', '--read-only'], env);
	assert.equal(refused.code, 5, refused.stderr);
	assert.equal(sent(), 0, 'read-only: nothing sent');

	const run = await runCli(['user', 'temp_password_revoke_sessions', W.active.login, '--yes', '--json'], env);
	assert.equal(run.code, 0, run.stderr);
	const out = parseJson(run);
	const temp = sim.store.user(W.active.id).tempPassword!;
	assert.deepEqual(out['reveal'], [{label: 'Temporary password', value: temp}]);
	assert.match(String(out['message']), /temporary password set and every session ended/);
	assert.equal(sim.store.user(W.active.id).sessions, 0);
	assert.equal(sim.store.user(W.active.id).status, 'PASSWORD_EXPIRED');
	const journal = home.journal();
	assert.equal(journal[0]!.action, 'lifecycle.temp_password_revoke_sessions');
	assert.ok(!JSON.stringify(journal).includes(temp), 'the journal never holds the password');
});

test('user forgot-password --json: the recovery email goes to the user; read-only and without a recovery question nothing is sent', async (t) => {
	const {sim, env, home, sent} = await setup(t);
	const shown = parseJson(await runCli(['show', W.admin.login, '--json'], env));
	assert.ok((shown['lifecycleActions'] as {id: string}[]).some((a) => a.id === 'forgot_password'), 'show --json lists it');
	const refused = await runCli(['user', 'forgot-password', W.admin.login, '--yes', '--json', '--read-only'], env);
	assert.equal(refused.code, 5, refused.stderr);
	assert.equal(sent(), 0, 'read-only: nothing sent');
	const run = await runCli(['user', 'forgot-password', W.admin.login, '--yes', '--json'], env);
	assert.equal(run.code, 0, run.stderr);
	const out = parseJson(run);
	assert.match(String(out['message']), /recovery email sent/);
	assert.equal(out['reveal'], undefined);
	assert.deepEqual(
		sim.store.outbox.filter((m) => m.kind === 'forgot_password').map((m) => m.userId),
		[W.admin.id],
	);
	assert.equal(home.journal()[0]!.action, 'lifecycle.forgot_password');
	const before = sent();
	assert.equal(sim.store.user(W.noFactors.id).recoveryQuestion, null);
	const none = await runCli(['user', 'forgot-password', W.noFactors.login, '--yes', '--json'], env);
	assert.notEqual(none.code, 0);
	assert.match(none.stderr, /does not offer "forgot_password"/);
	assert.equal(sent(), before, 'nothing sent for a user without a recovery question');
});

test('profile edit --json on Okta: several fields in one partial POST; refusals field by field; read-only sends nothing', async (t) => {
	const {sim, env, home, sent} = await setup(t);
	const id = W.noFactors.id;
	const before = {...sim.store.user(id).profile};
	const refused = await runCli(['profile', 'edit', W.noFactors.login, 'email=liam.walsh@example.net', '--yes', '--json', '--read-only'], env);
	assert.equal(refused.code, 5, refused.stderr);
	assert.equal(sent(), 0, 'read-only: nothing sent');

	const run = await runCli(['profile', 'edit', W.noFactors.login, 'email=liam.walsh@example.net', 'mobile-phone=+353 87 555 0199', 'last-name=Walsh Ó Briain', '--yes', '--json'], env);
	assert.equal(run.code, 0, run.stderr);
	const out = parseJson(run);
	assert.deepEqual(out['changes'], [
		{field: 'email', value: 'liam.walsh@example.net'},
		{field: 'mobilePhone', value: '+353 87 555 0199'},
		{field: 'lastName', value: 'Walsh Ó Briain'},
	]);
	const posts = sim.requests.filter((r) => r.method === 'POST');
	assert.equal(posts.length, 1);
	assert.deepEqual(JSON.parse(posts[0]!.body), {profile: {email: 'liam.walsh@example.net', mobilePhone: '+353 87 555 0199', lastName: 'Walsh Ó Briain'}});
	assert.deepEqual({...sim.store.user(id).profile}, {...before, email: 'liam.walsh@example.net', mobilePhone: '+353 87 555 0199', lastName: 'Walsh Ó Briain'});
	const journal = home.journal();
	assert.equal(journal[0]!.action, 'profile.edit');
	assert.deepEqual((journal[0] as {detail?: {changes?: unknown[]}}).detail?.changes?.length, 3);

	const bad = await runCli(['profile', 'edit', W.noFactors.login, `login=${W.admin.login}`, 'second-email=nope', '--yes', '--json'], env);
	assert.equal(bad.code, 1, bad.stderr);
	assert.match(bad.stderr, /\n {2}login: An object with this field already exists in the current organization\n {2}secondEmail: Does not match required pattern\n/);
	const failed = parseJson(bad);
	assert.deepEqual((failed['error'] as {causes: string[]}).causes, ['login: An object with this field already exists in the current organization', 'secondEmail: Does not match required pattern']);
	assert.equal(sim.store.user(id).profile.login, before.login);
});

test('show --json: where the identity comes from (identity, user.credentialProvider, identityProviders, userType) and the diagnosis built on it', async (t) => {
	const {env, sent} = await setup(t);
	const out = parseJson(await runCli(['show', W.googleFederated.login, '--json'], env));
	assert.deepEqual(out['identity'], {kind: 'idp', where: 'Google Workspace', short: 'Google Workspace', summary: 'signs in through Google Workspace', providerType: 'SOCIAL'});
	const user = out['user'] as {credentialProvider: unknown; identityProviders: {name: string; type: string}[]; userType: {name: string}};
	assert.deepEqual(user.credentialProvider, {type: 'SOCIAL', name: 'SOCIAL'});
	assert.deepEqual(user.identityProviders.map((i) => [i.name, i.type]), [['Google Workspace', 'GOOGLE']]);
	assert.equal(user.userType.name, 'Contractor');
	assert.deepEqual((out['findings'] as {id: string; next: string | null}[]).map((f) => [f.id, f.next]), [['identity_source', null]]);
	const ad = parseJson(await runCli(['show', W.adLockedOut.login, '--json'], env));
	assert.equal((ad['identity'] as {summary: string}).summary, 'mastered by Active Directory (corp.example.com)');
	const text = await runCli(['show', W.adLockedOut.login], env);
	assert.match(text.stdout, /\n {2}identity: mastered by Active Directory \(corp\.example\.com\)\n/);
	assert.match(text.stdout, /\n {2}password changed: \d{4}-\d\d-\d\d \d\d:\d\d/);
	assert.equal(sent(), 0);
});
