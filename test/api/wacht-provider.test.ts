/**
 * The Wacht provider against the Wacht simulator over real loopback HTTP: every operation of the Provider
 * interface. Each test checks what the caller gets in domain terms AND what the simulator's store ends up holding.
 * Every test gets its own small simulator (60 users; the well-known users are always there), so tests never see
 * each other's mutations. Waits go through an injected `sleep` that records them and returns at once.
 * Error paths and the @wacht/backend cross-check: wacht-provider-errors.test.ts.
 */
import assert from 'node:assert/strict';
import {describe, it, type TestContext} from 'node:test';
import {ApiError} from '../../src/api/errors.js';
import {exactMatch, rankUsers} from '../../src/api/search.js';
import type {UserSummary} from '../../src/api/types.js';
import {WachtProvider, type WachtProviderOptions} from '../../src/api/wacht/provider.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {startWachtSimulator, type RequestLogEntry, type WachtSimulator, type WachtSimulatorOptions} from '../../src/sim/wacht/server.js';
import {hashBackupCode} from '../../src/sim/wacht/store.js';
import {nowMicros} from '../../src/sim/wacht/time.js';
import {closeAfter, recordingSleep, requestFilter} from '../helpers/provider-setup.js';

// These tests talk to 127.0.0.1 directly: a developer's or CI's proxy variables must not reroute them.
for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[name];

/** An id no seeded record has (snowflake-sized, so it passes the server's i64 path check). */
const UNKNOWN_ID = '123456789012345678';

interface Setup {
	readonly sim: WachtSimulator;
	readonly provider: WachtProvider;
	/** Every wait the transport asked for, in ms. */
	readonly waits: number[];
	/** Jane Okafor's id. */
	readonly jane: string;
	/** Requests that reached the simulator since setup, optionally only those matching. */
	requests(match?: {method?: string; path?: RegExp}): RequestLogEntry[];
}

async function setup(t: TestContext, simOptions: WachtSimulatorOptions = {}, providerOptions: Partial<WachtProviderOptions> = {}): Promise<Setup> {
	const sim = await startWachtSimulator({userCount: 60, manySessions: 10, ...simOptions});
	const {waits, sleep} = recordingSleep();
	const provider = new WachtProvider({
		baseUrl: sim.url,
		apiKey: sim.apiKey,
		sleep,
		...providerOptions,
	});
	closeAfter(t, provider, sim);
	return {
		sim,
		provider,
		waits,
		jane: sim.store.userByEmail(WELL_KNOWN.jane).id,
		requests: requestFilter(sim.requests),
	};
}

async function pages<T>(iterable: AsyncIterable<readonly T[]>): Promise<T[][]> {
	const out: T[][] = [];
	for await (const page of iterable) out.push([...page]);
	return out;
}

const ids = (rows: readonly {id: string}[]): string[] => rows.map((r) => r.id);

function isApiError(expected: {kind?: ApiError['kind']; status?: number; message?: string | RegExp}): (error: unknown) => true {
	return (error: unknown) => {
		assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
		if (expected.kind !== undefined) assert.equal(error.kind, expected.kind);
		if (expected.status !== undefined) assert.equal(error.status, expected.status);
		if (typeof expected.message === 'string') assert.equal(error.message, expected.message);
		else if (expected.message) assert.match(error.message, expected.message);
		return true;
	};
}

describe('WachtProvider.searchUsers', () => {
	it('by email: the exact match ranks first and is the exact match', async (t) => {
		const {provider, jane, requests} = await setup(t);
		const found = (await pages(provider.searchUsers(WELL_KNOWN.jane))).flat();
		assert.equal(rankUsers(found, WELL_KNOWN.jane)[0]?.id, jane);
		assert.equal(exactMatch(found, WELL_KNOWN.jane)?.id, jane);
		const row = found.find((u) => u.id === jane)!;
		assert.equal(row.displayName, 'Jane Okafor');
		assert.equal(row.email, WELL_KNOWN.jane);
		assert.equal(row.phone, '+15550100123');
		assert.equal(row.login, 'jokafor');
		// Lists carry no status on Wacht.
		assert.equal(row.status, null);
		const sent = requests({method: 'GET', path: /^\/users$/});
		assert.equal(sent.length, 1);
		assert.equal(sent[0]!.query['search'], WELL_KNOWN.jane);
	});

	it('ana@example.test: her exact match is not on the first server page; following has_more finds her', async (t) => {
		const {sim, provider, requests} = await setup(t);
		const ana = sim.store.userByEmail(WELL_KNOWN.ana).id;
		// 34 other users' emails contain "ana@example.test"; 20 are newer, so at 10 per page she is on page 3.
		const got = await pages(provider.searchUsers(WELL_KNOWN.ana, {pageSize: 10}));
		assert.equal(
			got[0]!.some((u) => u.id === ana),
			false,
			'Ana must not be on the first page for this test to mean anything',
		);
		const found = got.flat();
		assert.equal(found.length, 35);
		assert.equal(rankUsers(found, WELL_KNOWN.ana)[0]?.id, ana);
		assert.equal(exactMatch(found, WELL_KNOWN.ana)?.id, ana);
		// What the simulator holds for that search, in its order.
		assert.deepEqual(ids(found), ids(sim.store.listUsers({search: WELL_KNOWN.ana, limit: 1000}).rows));
		const sent = requests({method: 'GET', path: /^\/users$/});
		assert.ok(sent.length > 1, 'more than one page was requested');
		assert.deepEqual(
			sent.map((r) => [r.query['limit'], r.query['offset']]),
			[
				['10', '0'],
				['10', '10'],
				['10', '20'],
				['10', '30'],
			],
		);
	});

	it('maxResults stops paging early', async (t) => {
		const {provider, requests} = await setup(t);
		const got = await pages(provider.searchUsers(WELL_KNOWN.ana, {pageSize: 10, maxResults: 15}));
		assert.equal(got.length, 2);
		assert.equal(requests({method: 'GET', path: /^\/users$/}).length, 2);
	});

	it('by name fragment: every match the simulator has, in its order', async (t) => {
		const {sim, provider, jane} = await setup(t);
		const found = (await pages(provider.searchUsers('  OKAFO '))).flat();
		assert.ok(found.some((u) => u.id === jane));
		assert.deepEqual(ids(found), ids(sim.store.listUsers({search: 'okafo', limit: 1000}).rows));
		for (const u of found) assert.match(sim.store.searchTextOf(u.id), /okafo/);
		// A fragment is no exact match.
		assert.equal(exactMatch(found, 'okafo'), null);
	});

	it('by login: the user with that username is the exact match', async (t) => {
		const {provider, jane} = await setup(t);
		const found = (await pages(provider.searchUsers('jokafor'))).flat();
		assert.equal(exactMatch(found, 'jokafor')?.id, jane);
		assert.equal(rankUsers(found, 'jokafor')[0]?.id, jane);
	});

	it('by numeric id: goes to the details endpoint first, and that user is the exact match', async (t) => {
		const {provider, jane, requests} = await setup(t);
		const got = await pages(provider.searchUsers(jane));
		assert.deepEqual(ids(got[0]!), [jane]);
		// The first page is the full details (it has the status a list row lacks).
		assert.equal(got[0]![0]!.status, 'active');
		assert.equal(exactMatch(got.flat(), jane)?.id, jane);
		assert.equal(requests({method: 'GET', path: new RegExp(`^/users/${jane}/details$`)}).length, 1);
		assert.equal(requests()[0]!.path, `/users/${jane}/details`);
	});

	it('digits that are no id (a phone number) fall through to the search', async (t) => {
		const {provider, jane, requests} = await setup(t);
		const found = (await pages(provider.searchUsers('5550100123'))).flat();
		assert.ok(found.some((u) => u.id === jane));
		const details = requests({path: /\/details$/});
		assert.equal(details.length, 1);
		assert.equal(details[0]!.status, 404);
	});

	it('no match: no pages, one request', async (t) => {
		const {provider, requests} = await setup(t);
		const got = await pages(provider.searchUsers('zz-no-such-user-qq'));
		assert.deepEqual(got, []);
		assert.equal(requests({method: 'GET', path: /^\/users$/}).length, 1);
	});
});

describe('WachtProvider.getUser', () => {
	it("maps Jane's details, and no social token reaches the result", async (t) => {
		const {sim, provider, jane} = await setup(t);
		const user = await provider.getUser(jane);
		const store = sim.store;
		const record = store.user(jane)!;

		assert.equal(user.id, jane);
		assert.equal(user.firstName, 'Jane');
		assert.equal(user.lastName, 'Okafor');
		assert.equal(user.displayName, 'Jane Okafor');
		assert.equal(user.email, WELL_KNOWN.jane);
		assert.equal(user.login, 'jokafor');
		assert.equal(user.phone, '+15550100123');
		assert.equal(user.status, 'active');
		assert.equal(record.disabled, false);
		assert.deepEqual(user.flags, []);
		assert.equal(user.mfaPolicy, 'optional');
		assert.equal(user.hasPassword, true);
		assert.equal(user.hasBackupCodes, false);
		assert.equal(user.hasBackupCodes, store.hasBackupCodes(jane));

		assert.deepEqual(
			user.emails.map((e) => ({...e})),
			store.emailsOf(jane).map((e) => ({id: e.id, email: e.email, primary: record.primaryEmailId === e.id, verified: e.verified})),
		);
		assert.deepEqual(
			user.emails.map((e) => [e.email, e.primary, e.verified]),
			[
				[WELL_KNOWN.jane, true, true],
				[WELL_KNOWN.janeSecondary, false, false],
			],
		);
		const phone = store.primaryPhone(jane)!;
		assert.deepEqual(user.phones, [{id: phone.id, number: '+15550100123', primary: true, verified: true}]);

		const social = store.socialConnectionsOf(jane);
		assert.equal(social.length, 1);
		assert.deepEqual(
			user.socialConnections.map((s) => ({...s})),
			[{id: social[0]!.id, provider: 'github', email: WELL_KNOWN.jane, createdAt: user.socialConnections[0]!.createdAt}],
		);
		// The simulator holds (and sends) real-looking tokens; none of them may survive parsing.
		const {accessToken, refreshToken} = social[0]!;
		assert.match(accessToken, /^gho_.{20,}/);
		assert.match(refreshToken, /^ghr_.{20,}/);
		const json = JSON.stringify(user);
		assert.equal(json.includes(accessToken), false);
		assert.equal(json.includes(refreshToken), false);
		assert.equal(/access_token|refresh_token|accessToken|refreshToken/.test(json), false);
	});

	it('a disabled user is status disabled, with the flag', async (t) => {
		const {sim, provider} = await setup(t);
		const dana = sim.store.userByEmail(WELL_KNOWN.disabled);
		assert.equal(dana.disabled, true);
		const user = await provider.getUser(dana.id);
		assert.equal(user.status, 'disabled');
		assert.ok(user.flags.includes('disabled'));
	});

	it('an unknown id is a 404 ApiError with the server message', async (t) => {
		const {sim, provider} = await setup(t);
		assert.equal(sim.store.user(UNKNOWN_ID), undefined);
		await assert.rejects(provider.getUser(UNKNOWN_ID), (error: unknown) => {
			isApiError({kind: 'http', status: 404, message: 'Resource not found'})(error);
			assert.match((error as ApiError).hint, /no longer exists/);
			return true;
		});
	});

	it('a non-numeric id is a 400', async (t) => {
		const {provider} = await setup(t);
		await assert.rejects(provider.getUser('not-a-number'), isApiError({kind: 'http', status: 400, message: 'Bad request'}));
	});
});

describe('WachtProvider sessions', () => {
	it('listSessions: active and expired (flagged), newest activity first', async (t) => {
		const {sim, provider, jane, requests} = await setup(t);
		const sessions = await provider.listSessions(jane);
		const held = sim.store.sessionsOf(jane);
		assert.equal(sessions.length, 5);
		assert.deepEqual(ids(sessions), ids(held));
		const now = nowMicros();
		assert.deepEqual(
			sessions.map((s) => s.expired),
			held.map((s) => s.expiresAt <= now),
		);
		assert.equal(sessions.filter((s) => s.expired).length, 2);
		const active = sim.store.activeSessionsOf(jane);
		assert.deepEqual(ids(sessions.filter((s) => !s.expired)).sort(), ids(active).sort());
		for (let i = 1; i < sessions.length; i++) assert.ok(Date.parse(sessions[i - 1]!.lastActiveAt!) >= Date.parse(sessions[i]!.lastActiveAt!));
		// The newest one, field by field.
		const first = sessions[0]!;
		assert.equal(first.sessionId, held[0]!.sessionId);
		assert.equal(first.browser, 'Chrome');
		assert.equal(first.device, 'Mac');
		assert.equal(first.ip, '203.0.113.24');
		assert.equal(first.city, 'Lisbon');
		assert.equal(first.countryCode, 'PT');
		assert.equal(first.expired, false);
		// The blank expired sign-in: empty strings become null.
		const blank = sessions.find((s) => s.id === held.find((h) => h.browser === '')!.id)!;
		assert.equal(blank.browser, null);
		assert.equal(blank.ip, null);
		assert.equal(blank.expired, true);
		assert.equal(requests({path: /\/sessions$/})[0]!.query['include_expired'], 'true');
	});

	it('listSessions: the 10,000-session user gets all 10,000', async (t) => {
		const {sim, provider} = await setup(t, {manySessions: 10_000});
		const soren = sim.store.userByEmail(WELL_KNOWN.manySessions).id;
		const sessions = await provider.listSessions(soren);
		assert.equal(sessions.length, 10_000);
		const held = sim.store.sessionsOf(soren);
		assert.deepEqual(ids(sessions), ids(held));
		const now = nowMicros();
		const expiredHeld = held.filter((s) => s.expiresAt <= now).length;
		assert.ok(expiredHeld > 2_000);
		assert.equal(sessions.filter((s) => s.expired).length, expiredHeld);
	});

	it('revokeSession: the store no longer holds it as a live sign-in', async (t) => {
		const {sim, provider, jane} = await setup(t);
		const target = sim.store.activeSessionsOf(jane)[1]!;
		const outcome = await provider.revokeSession(jane, target.id);
		assert.equal(outcome.status, 200);
		assert.equal(outcome.value, undefined);
		assert.notEqual(sim.store.signIns.get(target.id)!.deletedAt, null);
		assert.equal(ids(sim.store.sessionsOf(jane)).includes(target.id), false);
		assert.equal(sim.appliedCount({method: 'POST', path: /\/revoke$/}), 1);
		const after = await provider.listSessions(jane);
		assert.equal(after.length, 4);
		assert.equal(ids(after).includes(target.id), false);
	});

	it('revokeSession: an unknown or already revoked sign-in is 404 "signin not found"', async (t) => {
		const {sim, provider, jane} = await setup(t);
		await assert.rejects(provider.revokeSession(jane, UNKNOWN_ID), isApiError({kind: 'http', status: 404, message: 'signin not found'}));
		const target = sim.store.activeSessionsOf(jane)[0]!;
		await provider.revokeSession(jane, target.id);
		await assert.rejects(provider.revokeSession(jane, target.id), isApiError({status: 404, message: 'signin not found'}));
		assert.equal(sim.appliedCount(), 1);
		assert.equal(sim.store.sessionsOf(jane).length, 4);
	});

	it('revokeAllSessions: the count includes expired sign-ins and the store holds none', async (t) => {
		const {sim, provider, jane} = await setup(t);
		const before = sim.store.sessionsOf(jane).length;
		assert.equal(before, 5);
		const outcome = await provider.revokeAllSessions(jane);
		assert.equal(outcome.status, 200);
		assert.deepEqual(outcome.value, {revoked: 5});
		assert.equal(sim.store.sessionsOf(jane).length, 0);
		// Soft-deleted, as the server does: the rows are still there, revoked.
		const revoked = sim.store.sessionsOf(jane, {includeRevoked: true});
		assert.equal(revoked.length, 5);
		assert.ok(revoked.every((s) => s.deletedAt !== null));
		assert.deepEqual(await provider.listSessions(jane), []);
	});
});

describe('WachtProvider passkeys', () => {
	it('listPasskeys: transports, device type, backed up', async (t) => {
		const {sim, provider, jane} = await setup(t);
		const passkeys = await provider.listPasskeys(jane);
		assert.deepEqual(ids(passkeys), ids(sim.store.passkeysOf(jane)));
		const byName = new Map(passkeys.map((p) => [p.name, p]));
		assert.deepEqual([...byName.keys()], ['YubiKey 5C', 'Work laptop']);
		const laptop = byName.get('Work laptop')!;
		assert.deepEqual(laptop.transports, ['internal', 'hybrid']);
		assert.equal(laptop.deviceType, 'multi_device');
		assert.equal(laptop.backedUp, true);
		assert.equal(laptop.signCount, 14);
		assert.ok(laptop.lastUsedAt);
		const key = byName.get('YubiKey 5C')!;
		assert.deepEqual(key.transports, ['usb', 'nfc']);
		assert.equal(key.deviceType, 'single_device');
		assert.equal(key.backedUp, false);
		assert.equal(key.signCount, 37);
	});

	it('renamePasskey: the store holds the new, trimmed name', async (t) => {
		const {sim, provider, jane, requests} = await setup(t);
		const pk = sim.store.passkeysOf(jane).find((p) => p.name === 'Work laptop')!;
		const outcome = await provider.renamePasskey(jane, pk.id, '  Laptop (IT-issued)  ');
		assert.equal(outcome.status, 200);
		assert.equal(sim.store.passkeys.get(pk.id)!.name, 'Laptop (IT-issued)');
		const sent = requests({method: 'PATCH'});
		assert.equal(sent.length, 1);
		assert.match(String(sent[0]!.headers['content-type']), /^application\/json/);
		assert.deepEqual(JSON.parse(sent[0]!.body), {name: 'Laptop (IT-issued)'});
		assert.equal((await provider.listPasskeys(jane)).find((p) => p.id === pk.id)!.name, 'Laptop (IT-issued)');
	});

	it('renamePasskey: an empty name is refused locally and nothing is sent', async (t) => {
		const {sim, provider, jane} = await setup(t);
		const pk = sim.store.passkeysOf(jane)[0]!;
		await assert.rejects(provider.renamePasskey(jane, pk.id, '   '), isApiError({kind: 'refused'}));
		assert.equal(sim.requests.length, 0);
		assert.equal(sim.store.passkeys.get(pk.id)!.name, pk.name);
	});

	it('deletePasskey: gone from the store; a second delete is 404', async (t) => {
		const {sim, provider, jane} = await setup(t);
		const pk = sim.store.passkeysOf(jane)[0]!;
		const outcome = await provider.deletePasskey(jane, pk.id);
		assert.equal(outcome.status, 200);
		assert.equal(ids(sim.store.passkeysOf(jane)).includes(pk.id), false);
		assert.notEqual(sim.store.passkeys.get(pk.id)!.deletedAt, null);
		assert.equal(ids(await provider.listPasskeys(jane)).includes(pk.id), false);
		await assert.rejects(provider.deletePasskey(jane, pk.id), isApiError({kind: 'http', status: 404, message: 'passkey not found'}));
		assert.equal(sim.appliedCount({method: 'DELETE'}), 1);
		assert.equal(sim.store.passkeysOf(jane).length, 1);
	});
});

describe('WachtProvider MFA', () => {
	it("getMfa for Jane: totp unknown with a note, no backup codes", async (t) => {
		const {sim, provider, jane} = await setup(t);
		const mfa = await provider.getMfa(jane);
		assert.equal(mfa.policy, 'optional');
		assert.equal(mfa.totp, 'unknown');
		assert.ok(mfa.totpNote && mfa.totpNote.length > 0);
		assert.equal(mfa.backupCodes, 'no');
		assert.deepEqual(mfa.factors, []);
		assert.equal(sim.store.authenticatorOf(jane), null);
		assert.equal(sim.store.hasBackupCodes(jane), false);
	});

	it('enrollTotp → delete → delete again: URL, store, and known state at each step', async (t) => {
		const {sim, provider, jane, requests} = await setup(t);
		const user = await provider.getUser(jane);
		const {value: enrollment, status} = await provider.enrollTotp(user);
		assert.equal(status, 200);

		// A fresh secret of at least 20 bytes (32 base32 characters), in the URL, for the primary email.
		assert.match(enrollment.secret, /^[A-Z2-7]{32,}$/);
		assert.ok(Math.floor((enrollment.secret.length * 5) / 8) >= 20);
		assert.equal(enrollment.accountName, WELL_KNOWN.jane);
		const url = new URL(enrollment.otpUrl);
		assert.equal(url.protocol, 'otpauth:');
		assert.equal(url.searchParams.get('secret'), enrollment.secret);
		assert.equal(decodeURIComponent(url.pathname.replace(/^\/+/, '')), `Acme Support:${WELL_KNOWN.jane}`);
		assert.ok(enrollment.otpUrl.includes(enrollment.secret));

		// The store holds that authenticator.
		const held = sim.store.authenticatorOf(jane)!;
		assert.ok(held);
		assert.equal(held.id, enrollment.id);
		assert.equal(held.secret, enrollment.secret);
		assert.equal(held.otpUrl, enrollment.otpUrl);
		const sent = requests({method: 'POST', path: /\/authenticators$/});
		assert.deepEqual(JSON.parse(sent[0]!.body), {secret: enrollment.secret, account_name: WELL_KNOWN.jane});

		assert.equal((await provider.getMfa(jane)).totp, 'yes');

		// A second enrollment: 409, nothing new in the store, and the known state stays 'yes'.
		await assert.rejects(provider.enrollTotp(user), isApiError({kind: 'http', status: 409, message: 'user already has an active authenticator'}));
		assert.equal(sim.store.authenticatorHistoryOf(jane).length, 1);
		assert.equal(sim.store.authenticatorOf(jane)!.id, enrollment.id);
		assert.equal((await provider.getMfa(jane)).totp, 'yes');

		// Delete: none left in the store, and the app now knows 'no'.
		const deleted = await provider.deleteTotp(jane);
		assert.equal(deleted.status, 200);
		assert.equal(sim.store.authenticatorOf(jane), null);
		assert.notEqual(sim.store.authenticatorHistoryOf(jane)[0]!.deletedAt, null);
		const after = await provider.getMfa(jane);
		assert.equal(after.totp, 'no');
		assert.ok(after.totpNote);

		await assert.rejects(provider.deleteTotp(jane), isApiError({kind: 'http', status: 404, message: 'authenticator not found'}));
		assert.equal((await provider.getMfa(jane)).totp, 'no');
		assert.equal(sim.appliedCount(), 2);
	});

	it('enrollTotp for a user who already has an authenticator: the 409 tells the app TOTP is on', async (t) => {
		const {sim, provider} = await setup(t);
		const lukasz = sim.store.userByEmail(WELL_KNOWN.mfa).id;
		const before = sim.store.authenticatorOf(lukasz)!;
		assert.ok(before);
		assert.equal((await provider.getMfa(lukasz)).totp, 'unknown');
		await assert.rejects(provider.enrollTotp(await provider.getUser(lukasz)), isApiError({status: 409, message: 'user already has an active authenticator'}));
		assert.equal(sim.store.authenticatorOf(lukasz)!.id, before.id);
		assert.equal(sim.store.authenticatorHistoryOf(lukasz).length, 1);
		// The server just said one is active: the MFA tab should not keep saying "unknown".
		assert.equal((await provider.getMfa(lukasz)).totp, 'yes');
	});

	it('regenerateBackupCodes: 12 codes, the store holds their hashes, details now has backup codes', async (t) => {
		const {sim, provider, jane} = await setup(t);
		assert.deepEqual(sim.store.backupCodeHashes(jane), []);
		const {value: codes, status} = await provider.regenerateBackupCodes(jane);
		assert.equal(status, 200);
		assert.equal(codes.length, 12);
		for (const code of codes) assert.match(code, /^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$/);
		assert.equal(new Set(codes).size, 12);
		assert.deepEqual(sim.store.backupCodeHashes(jane), codes.map(hashBackupCode));
		assert.equal((await provider.getUser(jane)).hasBackupCodes, true);
		assert.equal((await provider.getMfa(jane)).backupCodes, 'yes');
	});

	it('regenerateBackupCodes replaces every previous hash', async (t) => {
		const {sim, provider} = await setup(t);
		const lukasz = sim.store.userByEmail(WELL_KNOWN.mfa).id;
		const old = sim.store.backupCodeHashes(lukasz);
		assert.equal(old.length, 12);
		const {value: codes} = await provider.regenerateBackupCodes(lukasz);
		const now = sim.store.backupCodeHashes(lukasz);
		assert.deepEqual(now, codes.map(hashBackupCode));
		assert.equal(
			now.some((h) => old.includes(h)),
			false,
		);
	});
});

describe('WachtProvider.listMemberships', () => {
	it("Jane: her organization, then its workspace with the parent's name", async (t) => {
		const {sim, provider, jane} = await setup(t);
		const memberships = await provider.listMemberships(jane);
		const [orgHeld] = sim.store.organizationMembershipsOf(jane);
		const [wsHeld] = sim.store.workspaceMembershipsOf(jane);
		assert.ok(orgHeld && wsHeld);
		assert.deepEqual(
			memberships.map((m) => ({id: m.id, kind: m.kind, name: m.name, roles: m.roles, parentName: m.parentName, parentId: m.parentId})),
			[
				{id: orgHeld.id, kind: 'organization', name: 'Northwind Ltd', roles: ['admin'], parentName: null, parentId: null},
				{id: wsHeld.id, kind: 'workspace', name: 'Support', roles: ['editor'], parentName: 'Northwind Ltd', parentId: orgHeld.organizationId},
			],
		);
		assert.equal(memberships[1]!.description, sim.store.workspaces.get(wsHeld.workspaceId)!.description || null);
	});

	it('a user in several organizations: each workspace follows its own organization', async (t) => {
		const {sim, provider} = await setup(t, {userCount: 200});
		const store = sim.store;
		const user = [...store.users.values()].find((u) => {
			const orgs = store.organizationMembershipsOf(u.id);
			const ws = store.workspaceMembershipsOf(u.id);
			return orgs.length >= 2 && ws.length >= 2 && new Set(ws.map((w) => w.organizationId)).size >= 2;
		});
		assert.ok(user, 'the seed has a user in two organizations with workspaces in both');
		const memberships = await provider.listMemberships(user.id);
		assert.equal(memberships.length, store.organizationMembershipsOf(user.id).length + store.workspaceMembershipsOf(user.id).length);
		let currentOrg: string | null = null;
		for (const m of memberships) {
			if (m.kind === 'organization') currentOrg = store.organizationMemberships.get(m.id)!.organizationId;
			else {
				assert.equal(m.parentId, currentOrg, `${m.name} sits under its own organization`);
				assert.equal(m.parentName, store.organizations.get(m.parentId!)!.name);
			}
		}
	});
});

describe('WachtProvider lifecycle', () => {
	it('lifecycleActions: disable (wide) for an active user, enable for a disabled one', async (t) => {
		const {sim, provider, jane} = await setup(t);
		const active = provider.lifecycleActions(await provider.getUser(jane));
		assert.deepEqual(
			active.map((a) => [a.id, a.blast]),
			[
				['disable', 'wide'],
				['delete', 'wide'],
			],
		);
		const disabled = provider.lifecycleActions(await provider.getUser(sim.store.userByEmail(WELL_KNOWN.disabled).id));
		assert.deepEqual(
			disabled.map((a) => [a.id, a.blast]),
			[
				['enable', 'normal'],
				['delete', 'wide'],
			],
		);
	});

	it('runLifecycle disable: the user is disabled and every sign-in is gone; enable brings the user back', async (t) => {
		const {sim, provider, jane, requests} = await setup(t);
		assert.equal(sim.store.sessionsOf(jane).length, 5);
		const disabled = await provider.runLifecycle(jane, 'disable');
		assert.equal(disabled.status, 200);
		assert.equal(disabled.value.message, 'user disabled');
		assert.equal(sim.store.user(jane)!.disabled, true);
		// The real server hard-deletes the sign-ins: not even revoked rows remain.
		assert.equal(sim.store.sessionsOf(jane, {includeRevoked: true}).length, 0);
		assert.equal(
			[...sim.store.signIns.values()].some((s) => s.userId === jane),
			false,
		);
		assert.equal((await provider.getUser(jane)).status, 'disabled');
		assert.deepEqual(await provider.listSessions(jane), []);

		// Sent as multipart/form-data with the exact string "true".
		const [patch] = requests({method: 'PATCH', path: new RegExp(`^/users/${jane}$`)});
		assert.match(String(patch!.headers['content-type']), /^multipart\/form-data; ?boundary=/);
		assert.match(patch!.body, /name="disabled"\r\n\r\ntrue\r\n/);

		const enabled = await provider.runLifecycle(jane, 'enable');
		assert.equal(enabled.value.message, 'user enabled');
		assert.equal(sim.store.user(jane)!.disabled, false);
		assert.equal((await provider.getUser(jane)).status, 'active');
		assert.equal(sim.appliedCount({method: 'PATCH'}), 2);
	});

	it('runLifecycle with an action Wacht does not have is refused locally', async (t) => {
		const {sim, provider, jane} = await setup(t);
		await assert.rejects(provider.runLifecycle(jane, 'suspend'), isApiError({kind: 'refused'}));
		assert.equal(sim.requests.length, 0);
		assert.ok(sim.store.user(jane));
	});

	it('runLifecycle delete: DELETE /users/{id}, the user and everything of theirs gone; again → 404', async (t) => {
		const {sim, provider, jane} = await setup(t);
		const done = await provider.runLifecycle(jane, 'delete');
		assert.equal(done.status, 200);
		assert.equal(sim.store.user(jane), undefined);
		assert.equal(sim.store.emailsOf(jane).length + sim.store.passkeysOf(jane).length + sim.store.sessionsOf(jane, {includeRevoked: true}).length, 0);
		await assert.rejects(provider.runLifecycle(jane, 'delete'), isApiError({status: 404}));
	});
});

describe('WachtProvider basics', () => {
	it('host, kind and capabilities', async (t) => {
		const {sim, provider} = await setup(t);
		assert.equal(provider.kind, 'wacht');
		assert.equal(provider.host, new URL(sim.url).host);
		// Every operation these tests prove is offered; anything else must carry a one-line reason.
		for (const capability of [
			'sessions.list',
			'sessions.revoke',
			'sessions.revokeAll',
			'passkeys.list',
			'passkeys.rename',
			'passkeys.delete',
			'mfa.totp.enroll',
			'mfa.totp.delete',
			'mfa.backupCodes.regenerate',
			'memberships.list',
		] as const) {
			assert.equal(provider.capabilities[capability], true, capability);
		}
		for (const [capability, value] of Object.entries(provider.capabilities)) {
			assert.ok(value === true || (typeof value === 'string' && value.length > 0), capability);
		}
	});

	it('results are plain domain objects (ids as strings above 2^53)', async (t) => {
		const {provider, jane} = await setup(t);
		const found: UserSummary[] = (await pages(provider.searchUsers(WELL_KNOWN.jane))).flat();
		for (const u of found) {
			assert.equal(typeof u.id, 'string');
			assert.ok(BigInt(u.id) > 2n ** 53n);
		}
		assert.ok(BigInt(jane) > 2n ** 53n);
	});
});
