/**
 * guardProvider + Journal against the simulators over real loopback HTTP: read-only mode refuses every mutation
 * before a byte is sent; otherwise each mutation writes an intent line, then an outcome line (ok / failed / unknown)
 * with status and request id; an unwritable or too-open journal refuses the mutation; and no secret (TOTP secret,
 * otpauth URL, backup codes, reset link) ever reaches the file. Each test has its own simulator and XDG_STATE_HOME.
 */
import assert from 'node:assert/strict';
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it, type TestContext} from 'node:test';
import {ApiError} from '../../src/api/errors.js';
import {guardProvider, READ_ONLY_MESSAGE, type GuardedProvider} from '../../src/api/guard.js';
import {contactsOf, effectiveCapabilities, MUTATING_CAPABILITIES, runOperation, type OperationId, type Pending, type UserRef} from '../../src/operations/index.js';
import {Journal, JournalError, UNKNOWN_OUTCOME_MESSAGE, type JournalEntry, type OutcomeEntry} from '../../src/api/journal.js';
import {OktaProvider} from '../../src/api/okta/provider.js';
import type {Provider} from '../../src/api/provider.js';
import type {OAuthGrant, Session, UserDetails} from '../../src/api/types.js';
import {WachtProvider} from '../../src/api/wacht/provider.js';
import {startOktaSimulator, WELL_KNOWN as OKTA} from '../../src/sim/okta/index.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {startWachtSimulator, type WachtSimulator} from '../../src/sim/wacht/server.js';

for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[name];

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const noSleep = async (_ms: number, signal?: AbortSignal) => {
	if (signal?.aborted) throw signal.reason;
};

function stateHome(t: TestContext): string {
	const dir = mkdtempSync(join(tmpdir(), 'guard-test-'));
	t.after(() => {
		// Undo any chmod a test did so the cleanup can remove everything.
		try {
			chmodSync(join(dir, 'account-triage'), 0o700);
		} catch {
			// already gone
		}
		rmSync(dir, {recursive: true, force: true});
	});
	return dir;
}

interface Setup {
	readonly sim: WachtSimulator;
	readonly inner: WachtProvider;
	readonly guarded: GuardedProvider;
	readonly journal: Journal;
	readonly jane: string;
	lines(): JournalEntry[];
	mutations(): WachtSimulator['requests'];
}

async function setup(t: TestContext, readOnly = false): Promise<Setup> {
	const home = stateHome(t);
	const sim = await startWachtSimulator({userCount: 60, manySessions: 10});
	const inner = new WachtProvider({baseUrl: sim.url, apiKey: sim.apiKey, sleep: noSleep});
	t.after(async () => {
		await inner.close();
		await sim.close();
	});
	const journal = Journal.open({env: {XDG_STATE_HOME: home}});
	assert.equal(journal.path, join(home, 'account-triage', 'journal.jsonl'));
	const guarded = guardProvider(inner, {readOnly, journal, profile: 'test-profile'});
	return {
		sim,
		inner,
		guarded,
		journal,
		jane: sim.store.userByEmail(WELL_KNOWN.jane).id,
		lines: () =>
			readFileSync(journal.path, 'utf8')
				.split('\n')
				.filter(Boolean)
				.map((l) => JSON.parse(l) as JournalEntry),
		mutations: () => sim.requests.filter((r) => r.method !== 'GET'),
	};
}

const refOf = (user: UserDetails): UserRef => ({id: user.id, name: user.displayName, email: user.email, login: user.login});

/** The user's sign-in `id` as the provider lists it (what the app would have selected). */
async function sessionOf(guarded: GuardedProvider, userId: string, id: string): Promise<Session> {
	return (await guarded.listSessions(userId)).find((s) => s.id === id)!;
}

/** Revokes one sign-in through its operation, as the app and the scripts do. */
async function revoke(guarded: GuardedProvider, userId: string, sessionId: string) {
	const user = await guarded.getUser(userId);
	return runOperation(guarded, {op: 'sessions.revoke', input: {user: refOf(user), session: await sessionOf(guarded, userId, sessionId)}});
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
		return error;
	}
	assert.fail('expected a rejection');
}

describe('guardProvider: read-only mode', () => {
	it('refuses every mutation before anything is sent; reads still work; capabilities say why', async (t) => {
		const {sim, guarded, inner, jane, journal, mutations} = await setup(t, true);
		assert.equal(guarded.isReadOnly, true);
		assert.equal(guarded.kind, 'wacht');
		assert.equal(guarded.label, inner.label);
		assert.equal(guarded.host, inner.host);
		assert.equal(guarded.confirmWith, 'email');

		// Reads go through.
		const user = await guarded.getUser(jane);
		assert.equal(user.email, WELL_KNOWN.jane);
		const sessions = await guarded.listSessions(jane);
		assert.ok(sessions.length > 0);
		const passkeys = await guarded.listPasskeys(jane);
		assert.ok(passkeys.length > 0);
		await guarded.getMfa(jane);
		assert.ok((await guarded.listMemberships(jane)).length > 0);
		const found: string[] = [];
		for await (const page of guarded.searchUsers(WELL_KNOWN.jane)) found.push(...page.map((u) => u.id));
		assert.ok(found.includes(jane));

		// Capabilities as the operations see them: every supported mutating one says 'read-only mode'; reads unchanged.
		const caps = effectiveCapabilities(guarded.capabilities, guarded.isReadOnly);
		for (const key of MUTATING_CAPABILITIES) {
			assert.notEqual(caps[key], true, key);
			if (inner.capabilities[key] === true) assert.equal(caps[key], 'read-only mode', key);
		}
		assert.equal(caps['sessions.list'], true);
		assert.equal(caps['passkeys.list'], true);
		assert.ok(inner.lifecycleActions(user).length > 0);
		assert.deepEqual(guarded.lifecycleActions(user), []);

		const grant: OAuthGrant = {id: 'g1', kind: 'grant', clientId: 'c1', clientName: 'App', scopes: [], status: null, createdAt: null, expiresAt: null};
		const ref = refOf(user);
		// Every operation of the catalogue (the type fails to check when one is missing).
		const every: {readonly [K in OperationId]: Extract<Pending, {op: K}>} = {
			'sessions.revoke': {op: 'sessions.revoke', input: {user: ref, session: sessions[0]!}},
			'sessions.revokeAll': {op: 'sessions.revokeAll', input: {user: ref, count: sessions.length, oauthTokens: false, forgetDevices: false}},
			'grants.revoke': {op: 'grants.revoke', input: {user: ref, grant}},
			'grants.revokeAll': {op: 'grants.revokeAll', input: {user: ref, count: 1}},
			'passkeys.rename': {op: 'passkeys.rename', input: {user: ref, passkey: passkeys[0]!, name: 'x'}},
			'passkeys.delete': {op: 'passkeys.delete', input: {user: ref, passkey: passkeys[0]!}},
			'mfa.totp.enroll': {op: 'mfa.totp.enroll', input: {user: ref, details: user}},
			'mfa.totp.activate': {op: 'mfa.totp.activate', input: {user: ref, enrollmentId: 'e1', passCode: '123456'}},
			'mfa.factors.delete': {op: 'mfa.factors.delete', input: {user: ref, factor: {id: 'f1', type: 'token:software:totp', provider: null, name: 'f1', status: 'ACTIVE', createdAt: null, lastUsedAt: null}, onlyActive: false}},
			'mfa.totp.delete': {op: 'mfa.totp.delete', input: {user: ref}},
			'mfa.backupCodes.regenerate': {op: 'mfa.backupCodes.regenerate', input: {user: ref}},
			lifecycle: {op: 'lifecycle', input: {user: ref, action: inner.lifecycleActions(user)[0]!}},
			'password.temporary': {op: 'password.temporary', input: {user: ref, skipPolicyCheck: true}},
			'password.remove': {op: 'password.remove', input: {user: ref, otherWays: []}},
			'mfa.policy': {op: 'mfa.policy', input: {user: ref, from: 'optional', to: 'none'}},
			'profile.edit': {op: 'profile.edit', input: {user: ref, changes: [{field: 'firstName', from: user.firstName, to: 'X'}]}},
			'contacts.add': {op: 'contacts.add', input: {user: ref, contact: {kind: 'email', email: 'new@example.test'}}},
			'contacts.verify': {op: 'contacts.verify', input: {user: ref, contact: contactsOf(user)[0]!, verified: false}},
			'contacts.makePrimary': {op: 'contacts.makePrimary', input: {user: ref, contact: contactsOf(user)[0]!}},
			'contacts.delete': {op: 'contacts.delete', input: {user: ref, contact: contactsOf(user)[0]!, social: []}},
			'social.unlink': {op: 'social.unlink', input: {user: ref, connection: user.socialConnections[0]!, hasPassword: true}},
			'roles.unassign': {op: 'roles.unassign', input: {user: ref, role: {id: 'ra1', kind: 'admin_role', name: 'Super Administrator', parentName: null, parentId: null, roles: ['SUPER_ADMIN'], description: null, createdAt: null}, otherRoles: []}},
			'caller.verify': {op: 'caller.verify', input: {user: ref, factor: {id: 'f1', type: 'push', provider: 'OKTA', name: 'Okta Verify', status: 'ACTIVE', createdAt: null, lastUsedAt: null}, step: 'push', passCode: null}},
		};
		// Deleting for good is a lifecycle action too.
		const del = inner.lifecycleActions(user).find((a) => a.id === 'delete')!;
		assert.equal((await rejection(runOperation(guarded, {op: 'lifecycle', input: {user: ref, action: del}}))).message, READ_ONLY_MESSAGE);
		for (const [name, pending] of Object.entries(every)) {
			const error = await rejection(runOperation(guarded, pending));
			assert.equal(error.kind, 'refused', name);
			assert.equal(error.message, READ_ONLY_MESSAGE, name);
			assert.equal(error.outcomeUnknown, false, name);
		}
		await settle();
		assert.deepEqual(mutations(), []);
		assert.ok(sim.requests.length > 0, 'the reads did reach the simulator');
		assert.equal(sim.appliedCount(), 0);
		// Read-only refusals are not journaled.
		assert.equal(readFileSync(journal.path, 'utf8'), '');
	});

	it('keeps rateLimit when the inner provider has one, and has none when it has none', async (t) => {
		const {guarded} = await setup(t, true);
		assert.equal(guarded.rateLimit, undefined);
		assert.equal('rateLimit' in guarded, false);
		const fake = {rateLimit: () => ({limit: 10, remaining: 3, resetAt: 1})} as unknown as Provider;
		const withBudget = guardProvider({...fake, capabilities: guarded.capabilities, kind: guarded.kind, label: guarded.label, host: guarded.host, confirmWith: guarded.confirmWith} as Provider, {readOnly: false, journal: null, profile: null});
		assert.deepEqual(withBudget.rateLimit?.(), {limit: 10, remaining: 3, resetAt: 1});
	});
});

describe('guardProvider: the journal', () => {
	it('a revoke writes exactly two lines, intent then outcome ok with the request id, and the store changed', async (t) => {
		const {sim, guarded, jane, lines, mutations} = await setup(t);
		const sessions = await guarded.listSessions(jane);
		const target = sessions.find((s) => !s.expired)!;
		const user = await guarded.getUser(jane);
		const {outcome} = await runOperation(guarded, {op: 'sessions.revoke', input: {user: refOf(user), session: target}});
		assert.equal(outcome.status, 200);
		assert.notEqual(sim.store.signIns.get(target.id)!.deletedAt, null);

		const [intent, result, ...rest] = lines();
		assert.deepEqual(rest, []);
		assert.equal(intent!.phase, 'intent');
		assert.equal(result!.phase, 'outcome');
		assert.equal(intent!.id, result!.id);
		assert.match(intent!.id, /^[0-9a-f-]{36}$/);
		const ok = result as OutcomeEntry;
		assert.equal(ok.outcome, 'ok');
		assert.equal(ok.status, 200);
		assert.equal(ok.code, null);
		assert.equal(ok.message, null);
		assert.equal(ok.requestId, outcome.requestId);
		assert.equal(ok.requestId, mutations()[0]!.headers['x-request-id']);
		for (const e of [intent!, ok]) {
			assert.equal(e.action, 'sessions.revoke');
			assert.equal(e.backend, 'wacht');
			assert.equal(e.host, guarded.host);
			assert.equal(e.profile, 'test-profile');
			assert.ok(e.operator.length > 0);
			assert.ok(!Number.isNaN(Date.parse(e.time)));
			assert.equal(e.target.userId, jane);
			assert.equal(e.target.userLabel, WELL_KNOWN.jane);
			assert.equal(e.target.object!.type, 'session');
			assert.equal(e.target.object!.id, target.id);
		}
		assert.ok(Date.parse(intent!.time) <= Date.parse(ok.time));
	});

	it('a failing mutation (HTTP 500) journals failed with status 500 and rethrows', async (t) => {
		const {sim, guarded, jane, lines} = await setup(t);
		const target = sim.store.activeSessionsOf(jane)[0]!;
		sim.faults.add({method: 'POST', path: /\/revoke$/, status: 500});
		const error = await rejection(revoke(guarded, jane, target.id));
		assert.equal(error.status, 500);
		const [intent, result] = lines();
		assert.equal(intent!.phase, 'intent');
		const failed = result as OutcomeEntry;
		assert.equal(failed.outcome, 'failed');
		assert.equal(failed.status, 500);
		assert.equal(failed.requestId, error.requestId);
		assert.ok(failed.message && failed.message.length > 0);
		assert.equal(lines().length, 2);
	});

	it('a dropped connection after the request was applied journals unknown; the store shows it applied once', async (t) => {
		const {sim, guarded, jane, lines, mutations} = await setup(t);
		const target = sim.store.activeSessionsOf(jane)[0]!;
		sim.faults.add({method: 'POST', path: /\/revoke$/, kind: 'reset', applyThenFail: true});
		const error = await rejection(revoke(guarded, jane, target.id));
		assert.equal(error.outcomeUnknown, true);
		await settle();
		assert.equal(mutations().length, 1);
		assert.equal(sim.appliedCount({method: 'POST', path: /\/revoke$/}), 1);
		assert.notEqual(sim.store.signIns.get(target.id)!.deletedAt, null);
		const unknown = lines()[1] as OutcomeEntry;
		assert.equal(unknown.outcome, 'unknown');
		assert.equal(unknown.message, UNKNOWN_OUTCOME_MESSAGE);
		assert.equal(unknown.status, null);
		assert.equal(lines().length, 2);
	});

	it('a journal that cannot be written refuses the mutation and nothing is sent', async (t) => {
		const {sim, guarded, jane, journal, mutations} = await setup(t);
		const target = sim.store.activeSessionsOf(jane)[0]!;
		// The journal's path is now a directory: no open for append can succeed (even as root).
		rmSync(journal.path);
		mkdirSync(journal.path);
		const error = await rejection(revoke(guarded, jane, target.id));
		assert.equal(error.kind, 'refused');
		assert.match(error.message, /^the audit journal cannot be written \(.+\): nothing was sent$/);
		assert.match(error.message, /EISDIR|not a regular file/);
		await settle();
		assert.deepEqual(mutations(), []);
		assert.equal(sim.store.signIns.get(target.id)!.deletedAt, null);
	});

	it('a journal in a folder made read-only (0500) refuses the mutation', {skip: isRoot ? 'root ignores file modes' : false}, async (t) => {
		const {sim, guarded, jane, journal, mutations} = await setup(t);
		rmSync(journal.path);
		chmodSync(join(journal.path, '..'), 0o500);
		const user = await guarded.getUser(jane);
		const error = await rejection(runOperation(guarded, {op: 'sessions.revokeAll', input: {user: refOf(user), count: null, oauthTokens: false, forgetDevices: false}}));
		assert.equal(error.kind, 'refused');
		assert.match(error.message, /EACCES.*nothing was sent$/);
		await settle();
		assert.deepEqual(mutations(), []);
		assert.ok(sim.store.activeSessionsOf(jane).length > 0);
	});

	it('the file is 0600 in a 0700 folder; a 0644 journal is refused with the chmod hint', async (t) => {
		const home = stateHome(t);
		const journal = Journal.open({env: {XDG_STATE_HOME: home}});
		assert.equal(statSync(journal.path).mode & 0o777, 0o600);
		assert.equal(statSync(join(home, 'account-triage')).mode & 0o777, 0o700);

		chmodSync(journal.path, 0o644);
		assert.throws(
			() => Journal.open({env: {XDG_STATE_HOME: home}}),
			(error: unknown) => {
				assert.ok(error instanceof JournalError);
				assert.ok(error.message.includes(`chmod 600 ${journal.path}`), error.message);
				assert.match(error.message, /mode 0644/);
				return true;
			},
		);
		// An already-open journal notices too, and the guard refuses.
		const refused = guardProvider({kind: 'wacht', host: 'x', capabilities: {}} as unknown as Provider, {readOnly: false, journal, profile: null});
		const error = await rejection(runOperation(refused, {op: 'mfa.totp.delete', input: {user: {id: '1', name: 'One', email: null, login: null}}}));
		assert.match(error.message, /chmod 600/);

		const other = join(home, 'other.jsonl');
		writeFileSync(other, '', {mode: 0o600});
		chmodSync(other, 0o640);
		assert.throws(() => Journal.open({path: other}), /chmod 600/);
		chmodSync(other, 0o600);
		assert.equal(Journal.open({path: other}).path, other);
	});

	it('enrollTotp and regenerateBackupCodes leave no secret in the file', async (t) => {
		const {guarded, jane, journal, lines} = await setup(t);
		const user = await guarded.getUser(jane);
		const enrolled = await runOperation(guarded, {op: 'mfa.totp.enroll', input: {user: refOf(user), details: user}});
		const regenerated = await runOperation(guarded, {op: 'mfa.backupCodes.regenerate', input: {user: refOf(user)}});
		assert.ok(enrolled.secret?.kind === 'totp' && regenerated.secret?.kind === 'codes');
		const enrollment = enrolled.secret.enrollment;
		const codes = regenerated.secret.codes;
		assert.equal(codes.length, 12);
		const text = readFileSync(journal.path, 'utf8');
		assert.ok(enrollment.secret.length >= 32);
		assert.equal(text.includes(enrollment.secret), false);
		assert.equal(text.includes(enrollment.otpUrl), false);
		assert.equal(text.toLowerCase().includes('otpauth'), false);
		for (const code of codes) assert.equal(text.includes(code), false, code);
		const outcomes = lines().filter((l): l is OutcomeEntry => l.phase === 'outcome');
		assert.deepEqual(
			outcomes.map((o) => [o.action, o.outcome]),
			[
				['mfa.totp.enroll', 'ok'],
				['mfa.backupCodes.regenerate', 'ok'],
			],
		);
		assert.deepEqual(outcomes[1]!.detail, {count: 12});
		assert.equal(outcomes[0]!.detail!['enrollmentId'], enrollment.id);
	});

	it("Okta reset_password: the revealed reset link is not in the file", async (t) => {
		const home = stateHome(t);
		const sim = await startOktaSimulator({userCount: 20});
		const inner = new OktaProvider({orgUrl: sim.url, token: sim.token, sleep: noSleep});
		t.after(async () => {
			await inner.close();
			await sim.close();
		});
		const journal = Journal.open({env: {XDG_STATE_HOME: home}});
		const guarded = guardProvider(inner, {readOnly: false, journal, profile: null});
		const user = await guarded.getUser(OKTA.active.id);
		const action = guarded.lifecycleActions(user).find((a) => a.id === 'reset_password');
		assert.ok(action);
		const done = await runOperation(guarded, {op: 'lifecycle', input: {user: refOf(user), action}});
		assert.ok(done.secret?.kind === 'links');
		const link = done.secret.items[0]!.value;
		const token = sim.store.user(OKTA.active.id).resetPasswordToken!;
		assert.ok(link.endsWith(token));
		const text = readFileSync(journal.path, 'utf8');
		assert.equal(text.includes(link), false);
		assert.equal(text.includes(token), false);
		const entries = journal.readRecent(10);
		assert.equal(entries.length, 2);
		const [outcome, intent] = entries as [OutcomeEntry, JournalEntry];
		assert.equal(intent.action, 'lifecycle.reset_password');
		assert.equal(outcome.outcome, 'ok');
		assert.equal(outcome.backend, 'okta');
		assert.equal(outcome.target.userLabel, user.login);
		assert.deepEqual(outcome.detail, {revealed: 1});
	});
});

/** A simulator and an unguarded provider on it, closed when the test ends. */
async function plainWacht(t: TestContext): Promise<{sim: WachtSimulator; inner: WachtProvider}> {
	const sim = await startWachtSimulator({userCount: 60, manySessions: 10});
	const inner = new WachtProvider({baseUrl: sim.url, apiKey: sim.apiKey, sleep: noSleep});
	t.after(async () => {
		await inner.close();
		await sim.close();
	});
	return {sim, inner};
}

describe('time-boxed writes on a read-only profile', () => {
	it('unlocks for the profile’s minutes, ends by itself when the time is up, and journals unlock and lock', async (t) => {
		const home = stateHome(t);
		const {sim, inner} = await plainWacht(t);
		const journal = Journal.open({env: {XDG_STATE_HOME: home}});
		let now = Date.parse('2026-11-23T03:00:00Z');
		const guarded = guardProvider(inner, {readOnly: true, unlockMinutes: 10, journal, profile: 'prod', now: () => now});
		const jane = sim.store.userByEmail(WELL_KNOWN.jane).id;
		const session = sim.store.activeSessionsOf(jane)[0]!.id;
		assert.equal(guarded.isReadOnly, true);
		assert.equal(effectiveCapabilities(guarded.capabilities, guarded.isReadOnly)['sessions.revoke'], 'read-only mode');
		await assert.rejects(revoke(guarded, jane, session), (e: ApiError) => e.message === READ_ONLY_MESSAGE);

		const until = await guarded.unlockWrites!();
		assert.equal(until, now + 10 * 60_000);
		assert.equal(guarded.isReadOnly, false);
		assert.equal(guarded.writeUnlock?.until, until);
		assert.equal(effectiveCapabilities(guarded.capabilities, guarded.isReadOnly)['sessions.revoke'], true);
		now += 9 * 60_000;
		await revoke(guarded, jane, session);
		now += 60_000;
		assert.equal(guarded.isReadOnly, true, 'read-only again at the minute');
		assert.equal(guarded.writeUnlock?.until, null);
		const other = sim.store.activeSessionsOf(jane)[0]!.id;
		await assert.rejects(revoke(guarded, jane, other), (e: ApiError) => e.message === READ_ONLY_MESSAGE);
		await guarded.unlockWrites!();
		await guarded.lockWrites!();
		assert.equal(guarded.isReadOnly, true);
		const outcomes = journal.readRecent(20).filter((e) => e.phase === 'outcome').reverse();
		assert.deepEqual(outcomes.map((e) => e.action), ['writes.unlock', 'sessions.revoke', 'writes.unlock', 'writes.lock']);
		assert.deepEqual(outcomes[0]!.detail, {minutes: 10, until: new Date(until).toISOString()});
		assert.equal(outcomes[0]!.profile, 'prod');
	});

	it('forced read-only (--read-only) and writable profiles have nothing to unlock', async (t) => {
		const {inner} = await plainWacht(t);
		const forced = guardProvider(inner, {readOnly: true, unlockMinutes: null, journal: null, profile: 'x'});
		assert.equal(forced.writeUnlock, null);
		await assert.rejects(forced.unlockWrites!(), /--read-only/);
		const writable = guardProvider(inner, {readOnly: false, unlockMinutes: 10, journal: null, profile: 'x'});
		assert.equal(writable.writeUnlock, null);
		await assert.rejects(writable.unlockWrites!(), /already allowed/);
	});

	it('an unlock that cannot be journaled does not happen', async (t) => {
		const {inner} = await plainWacht(t);
		const guarded = guardProvider(inner, {readOnly: true, unlockMinutes: 10, journal: new Error('EACCES'), profile: 'x'});
		await assert.rejects(guarded.unlockWrites!(), /audit journal cannot be written.*writes stay locked/);
		assert.equal(guarded.isReadOnly, true);
	});
});
