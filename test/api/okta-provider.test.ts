/**
 * The Okta provider against the Okta simulator over real loopback HTTP: every operation of the Provider interface
 * and the error paths. Each test checks what the caller gets in domain terms AND what the simulator received and
 * holds. Every test gets its own small simulator (the well-known users are always there), so tests never see each
 * other's mutations. Waits go through an injected `sleep` that records them and returns at once.
 */
import assert from 'node:assert/strict';
import {createHmac} from 'node:crypto';
import {describe, it, type TestContext} from 'node:test';
import {inspect} from 'node:util';
import {ApiError} from '../../src/api/errors.js';
import {createOktaDialect, explainOktaError, OktaProvider, type OktaProviderOptions} from '../../src/api/okta/provider.js';
import {classifyOktaQuery, nextLink, parseLinkHeader, searchExpression} from '../../src/api/okta/wire.js';
import type {OAuthGrant, RateBudget, WaitNotice} from '../../src/api/types.js';
import {GOOGLE_IDP_ID, startOktaSimulator, WELL_KNOWN, type OktaSimulator, type OktaSimulatorOptions, type RequestLogEntry} from '../../src/sim/okta/index.js';
import {newUserRecord} from '../../src/sim/okta/store.js';
import {closeAfter, recordingSleep, requestFilter} from '../helpers/provider-setup.js';

// These tests talk to 127.0.0.1 directly: a developer's or CI's proxy variables must not reroute them.
for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[name];

const W = WELL_KNOWN;
/** An id shaped like Okta's that no seeded user has. */
const UNKNOWN_ID = '00uNOSUCHUSER0000000';

interface Setup {
	readonly sim: OktaSimulator;
	readonly provider: OktaProvider;
	/** Every wait the transport asked for, in ms. */
	readonly waits: number[];
	readonly notices: WaitNotice[];
	readonly options: {onWait: (notice: WaitNotice) => void};
	requests(match?: {method?: string; path?: RegExp}): RequestLogEntry[];
}

async function setup(t: TestContext, simOptions: OktaSimulatorOptions = {}, providerOptions: Partial<OktaProviderOptions> = {}): Promise<Setup> {
	const sim = await startOktaSimulator({userCount: 120, ...simOptions});
	const {waits, sleep} = recordingSleep();
	const notices: WaitNotice[] = [];
	const provider = new OktaProvider({
		orgUrl: sim.url,
		token: sim.token,
		sleep,
		...providerOptions,
	});
	closeAfter(t, provider, sim);
	return {
		sim,
		provider,
		waits,
		notices,
		options: {onWait: (notice) => notices.push(notice)},
		requests: requestFilter(sim.requests),
	};
}

async function collect<T>(iterable: AsyncIterable<readonly T[]>): Promise<T[][]> {
	const out: T[][] = [];
	for await (const page of iterable) out.push([...page]);
	return out;
}

async function search(provider: OktaProvider, query: string, options = {}): Promise<{id: string; login: string | null; status: string | null}[]> {
	return (await collect(provider.searchUsers(query, options))).flat();
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof ApiError, `expected an ApiError, got ${inspect(error)}`);
		return error;
	}
	assert.fail('expected the call to fail');
}

// ------------------------------------------------------------------ a tiny RFC 6238 TOTP

function base32Decode(text: string): Buffer {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0;
	let value = 0;
	const out: number[] = [];
	for (const c of text.replace(/=+$/, '').toUpperCase()) {
		const v = alphabet.indexOf(c);
		if (v < 0) throw new Error(`not base32: ${c}`);
		value = (value << 5) | v;
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}

function totpCode(secret: string, atMs = Date.now(), period = 30, digits = 6): string {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 1000 / period)));
	const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
	const offset = mac[mac.length - 1]! & 0x0f;
	const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
	return String(binary).padStart(digits, '0');
}

// ------------------------------------------------------------------ construction and wire helpers

describe('OktaProvider: construction', () => {
	it('sends SSWS by default, Bearer when asked, and understands a pasted scheme', async (t) => {
		const {sim, provider} = await setup(t);
		assert.equal(provider.kind, 'okta');
		assert.equal(provider.label, 'Okta');
		assert.equal(provider.confirmWith, 'login');
		assert.equal(provider.host, new URL(sim.url).host);
		await provider.getUser(W.active.id);
		assert.equal(sim.requests.at(-1)!.headers.authorization, `SSWS ${sim.token}`);

		for (const [options, expected] of [
			[{token: sim.token, scheme: 'Bearer' as const}, `Bearer ${sim.token}`],
			[{token: `Bearer ${sim.token}`}, `Bearer ${sim.token}`],
			[{token: `SSWS ${sim.token}`}, `SSWS ${sim.token}`],
		] as const) {
			const other = new OktaProvider({orgUrl: `${sim.url}/api/v1/`, ...options});
			t.after(() => other.close());
			await other.getUser(W.active.id);
			assert.equal(sim.requests.at(-1)!.headers.authorization, expected);
			assert.equal(sim.requests.at(-1)!.path, `/api/v1/users/${W.active.id}`);
		}
	});

	it('refuses plain http to a real host, and keeps the token out of anything printable', async () => {
		assert.throws(() => new OktaProvider({orgUrl: 'http://acme.okta.com', token: 'x'}), /https/);
		assert.throws(() => new OktaProvider({orgUrl: 'https://acme.okta.com', token: '  '}), /token/);
		const token = '00SECRETsecretSECRETsecretSECRETsecret0001';
		const provider = new OktaProvider({orgUrl: 'https://acme.okta.com', token});
		assert.equal(inspect(provider, {depth: 10, showHidden: true}).includes(token), false);
		assert.equal(JSON.stringify(provider).includes(token), false);
		await provider.close();
	});

	it('capabilities: sessions cannot be listed or revoked one by one; the rest with reasons', () => {
		const provider = new OktaProvider({orgUrl: 'https://acme.okta.com', token: 'x'});
		const caps = provider.capabilities;
		assert.equal(caps['sessions.list'], "Okta cannot list a user's sessions; X clears them all");
		assert.equal(typeof caps['sessions.revoke'], 'string');
		assert.equal(caps['passkeys.rename'], 'Okta cannot rename a WebAuthn factor');
		assert.equal(typeof caps['mfa.totp.delete'], 'string');
		assert.equal(typeof caps['mfa.backupCodes.regenerate'], 'string');
		for (const cap of ['sessions.revokeAll', 'grants.list', 'grants.revoke', 'passkeys.list', 'passkeys.delete', 'mfa.totp.enroll', 'mfa.factors.delete', 'memberships.list'] as const) {
			assert.equal(caps[cap], true, cap);
		}
	});
});

describe('Okta wire helpers', () => {
	it('parses Link headers robustly and finds rel="next"', () => {
		const self = 'https://acme.okta.com/api/v1/users?limit=200';
		const next = 'https://acme.okta.com/api/v1/users?after=00uX%2C1&limit=200&search=profile.login%20sw%20%22a,b%22';
		assert.equal(nextLink(`<${self}>; rel="self", <${next}>; rel="next"`), next);
		assert.equal(nextLink(`<${self}>;rel=self,<${next}>;rel=next`), next);
		assert.equal(nextLink(`<${next}>; rel="next last"; title="a, b"`), next);
		assert.equal(nextLink(`<${next}>; title="x, rel=\\"next\\""; rel="NEXT"`), next);
		assert.equal(nextLink(`<${self}>; rel="self"`), null);
		assert.equal(nextLink(undefined), null);
		assert.equal(nextLink(''), null);
		assert.deepEqual(
			parseLinkHeader(`<a>; rel="self", <b,c>; rel="next"`).map((l) => [l.url, l.rels]),
			[
				['a', ['self']],
				['b,c', ['next']],
			],
		);
	});

	it('classifies queries and escapes quotes and backslashes', () => {
		assert.equal(classifyOktaQuery('00uFbaEPFjbD0kH8Oool'), 'id');
		assert.equal(classifyOktaQuery('dana@example.com'), 'email');
		assert.equal(classifyOktaQuery('corp/priya.raman@example.com'), 'email');
		assert.equal(classifyOktaQuery('corp/priya'), 'login');
		assert.equal(classifyOktaQuery('CORP\\priya'), 'login');
		assert.equal(classifyOktaQuery('Dana Ops'), 'text');
		assert.equal(classifyOktaQuery('123456'), 'text');
		assert.equal(searchExpression('dana@example.com'), 'profile.email eq "dana@example.com" or profile.login eq "dana@example.com"');
		assert.equal(searchExpression('CORP\\priya'), 'profile.login sw "CORP\\\\priya"');
		assert.equal(
			searchExpression('o"brien'),
			'profile.firstName sw "o\\"brien" or profile.lastName sw "o\\"brien" or profile.email sw "o\\"brien" or profile.login sw "o\\"brien"',
		);
	});

	it('the dialect: error body → code, message with explanation, causes; 429 wait from Reset and Date', () => {
		const dialect = createOktaDialect();
		const parsed = dialect.parseError(403, {errorCode: 'E0000038', errorSummary: "This operation is not allowed in the user's current status.", errorCauses: [{errorSummary: 'x: y'}], errorId: 'oae1'}, {});
		assert.equal(parsed.code, 'E0000038');
		assert.equal(parsed.message, `This operation is not allowed in the user's current status. — ${explainOktaError('E0000038')}`);
		assert.deepEqual(parsed.causes, ['x: y']);
		assert.deepEqual(dialect.parseError(500, 'nope', {}), {code: null, message: null, causes: []});
		const date = Date.UTC(2026, 7, 21, 10, 0, 0);
		const headers = {'x-rate-limit-reset': String(date / 1000 + 7), date: new Date(date).toUTCString()};
		// The server's clock, not ours: our `now` is 5 s off and does not matter.
		assert.equal(dialect.rateLimitWaitMs(null, headers, date + 5_000), 8_000);
		// No Date header: measured against now.
		assert.equal(dialect.rateLimitWaitMs(null, {'x-rate-limit-reset': '1000'}, 995_500), 5_500);
		assert.equal(dialect.rateLimitWaitMs(null, {}, 0), null);
		assert.equal(dialect.requestId({'x-okta-request-id': 'reqAbc'}), 'reqAbc');
		// Activation and reset values are not dropped by the transport: they are shown once.
		for (const key of ['activationUrl', 'activationToken', 'resetPasswordUrl', 'tempPassword', 'sharedSecret']) assert.equal(dialect.dropKeys?.has(key) ?? false, false, key);
	});

	it('the dialect records rate-limit budgets, but not a concurrency rejection (Limit 0)', () => {
		const seen: RateBudget[] = [];
		const dialect = createOktaDialect((b) => seen.push(b));
		dialect.observe!({'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '598', 'x-rate-limit-reset': '1787000000'}, 0);
		dialect.observe!({'x-rate-limit-limit': '0', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '1787000060'}, 0);
		dialect.observe!({}, 0);
		assert.deepEqual(seen, [{limit: 600, remaining: 598, resetAt: 1_787_000_000_000}]);
	});

	it('explains the codes an operator meets', () => {
		for (const code of ['E0000007', 'E0000011', 'E0000038', 'E0000001', 'E0000047', 'E0000006', 'E0000023', 'E0000112']) {
			const text = explainOktaError(code);
			assert.ok(text && text.length > 10 && text.length < 140, `${code}: ${text}`);
		}
		assert.equal(explainOktaError('E9999999'), null);
		assert.equal(explainOktaError(null), null);
	});
});

// ------------------------------------------------------------------ search

describe('OktaProvider.searchUsers', () => {
	it('an email is an exact search on email or login, 200 a page, deprovisioned users included', async (t) => {
		const {provider, requests} = await setup(t);
		const found = await search(provider, W.deprovisioned.login);
		assert.deepEqual(
			found.map((u) => [u.id, u.status]),
			[[W.deprovisioned.id, 'deprovisioned']],
		);
		const [req] = requests({path: /^\/api\/v1\/users$/});
		assert.equal(req!.query['search'], `profile.email eq "${W.deprovisioned.login}" or profile.login eq "${W.deprovisioned.login}"`);
		assert.equal(req!.query['limit'], '200');
		assert.equal(req!.query['q'], undefined);
	});

	it('a deprovisioned user is found by name too', async (t) => {
		const {provider} = await setup(t);
		const found = await search(provider, "Siobhán O'Connor");
		assert.ok(found.some((u) => u.id === W.deprovisioned.id && u.status === 'deprovisioned'));
	});

	it('an 00u… id is read directly, without a search', async (t) => {
		const {provider, requests} = await setup(t);
		const found = await search(provider, ` ${W.lockedOut.id} `);
		assert.deepEqual(
			found.map((u) => [u.id, u.status, u.login]),
			[[W.lockedOut.id, 'locked_out', W.lockedOut.login]],
		);
		assert.deepEqual(
			requests().map((r) => [r.method, r.path]),
			[['GET', `/api/v1/users/${W.lockedOut.id}`]],
		);
	});

	it('an unknown id falls back to a search and finds nothing', async (t) => {
		const {provider, requests} = await setup(t);
		assert.deepEqual(await search(provider, UNKNOWN_ID), []);
		assert.deepEqual(
			requests().map((r) => r.status),
			[404, 200],
		);
	});

	it('a login with "/" is found by search, never through the path', async (t) => {
		const {provider, requests} = await setup(t);
		for (const query of [W.slashLogin.login, 'corp/priya']) {
			const found = await search(provider, query);
			assert.deepEqual(
				found.map((u) => [u.id, u.login]),
				[[W.slashLogin.id, W.slashLogin.login]],
				query,
			);
		}
		assert.ok(requests().every((r) => r.path === '/api/v1/users'));
		// And the user's own calls go by id.
		const user = await provider.getUser(W.slashLogin.id);
		assert.equal(user.login, W.slashLogin.login);
		assert.equal(requests().at(-1)!.path, `/api/v1/users/${W.slashLogin.id}`);
	});

	it('text: first/last name, email and login prefixes; two words as first and last name', async (t) => {
		const {provider} = await setup(t);
		assert.ok((await search(provider, 'aoife')).some((u) => u.id === W.active.id));
		assert.ok((await search(provider, 'Ní Bhriain')).some((u) => u.id === W.active.id));
		assert.ok((await search(provider, 'Zoë Ångström')).some((u) => u.id === W.lockedOut.id));
		assert.ok((await search(provider, 'Ångström Zoë')).some((u) => u.id === W.lockedOut.id));
		assert.ok((await search(provider, 'zoe.ang')).some((u) => u.id === W.lockedOut.id));
		assert.deepEqual(await search(provider, '   '), []);
	});

	it('quotes and backslashes in the query are escaped, not an error', async (t) => {
		const {sim, provider} = await setup(t);
		sim.store.addUser(
			newUserRecord({id: '00uQUOTEDbackslash001', typeId: sim.store.org.userTypeId, profile: {login: 'CORP\\odd"one', email: 'odd.one@example.com', firstName: 'Ann "Ace"', lastName: 'Back\\Slash'}}),
		);
		assert.deepEqual(
			(await search(provider, 'Ann "Ace')).map((u) => u.id),
			['00uQUOTEDbackslash001'],
		);
		assert.deepEqual(
			(await search(provider, 'corp\\odd"')).map((u) => u.id),
			['00uQUOTEDbackslash001'],
		);
	});

	it('follows Link rel="next" exactly as given, across pages, and stops at maxResults', async (t) => {
		const {sim, provider, requests} = await setup(t);
		const all = await search(provider, 'a');
		assert.ok(all.length > 12, `only ${all.length} matches`);
		sim.requests.length = 0;
		const pages = await collect(provider.searchUsers('a', {pageSize: 5}));
		assert.ok(pages.length >= 3);
		assert.ok(pages.every((p) => p.length <= 5));
		assert.deepEqual(
			pages.flat().map((u) => u.id),
			all.map((u) => u.id),
		);
		const listReqs = requests({path: /^\/api\/v1\/users$/});
		assert.equal(listReqs.length, pages.length);
		assert.equal(listReqs[0]!.query['after'], undefined);
		for (const r of listReqs.slice(1)) {
			assert.ok(r.query['after'], 'a cursor from the Link header');
			assert.equal(r.query['limit'], '5');
			assert.equal(r.query['search'], listReqs[0]!.query['search']);
		}

		sim.requests.length = 0;
		const capped = await collect(provider.searchUsers('a', {pageSize: 5, maxResults: 7}));
		assert.equal(capped.flat().length, 7);
		assert.equal(requests({path: /^\/api\/v1\/users$/}).length, 2);
	});

	it('a next link to another host is not followed with the token', async (t) => {
		const {sim, provider} = await setup(t);
		sim.faults.add({method: 'GET', path: '/api/v1/users', status: 200, body: '[]', headers: {link: '<https://evil.example/api/v1/users?after=x>; rel="next"'}});
		const error = await rejection(collect(provider.searchUsers('a')));
		assert.equal(error.kind, 'malformed');
		assert.match(error.message, /evil\.example/);
		assert.equal(sim.requests.length, 1);
	});
});

// ------------------------------------------------------------------ users

describe('OktaProvider.getUser', () => {
	it('maps an Okta user: status, Okta word, dates, login, emails, phones, flags', async (t) => {
		const {sim, provider} = await setup(t);
		const record = sim.store.user(W.active.id);
		const user = await provider.getUser(W.active.id);
		assert.equal(user.id, W.active.id);
		assert.equal(user.status, 'active');
		assert.equal(user.statusText, 'ACTIVE');
		assert.equal(user.login, W.active.login);
		assert.equal(user.email, record.profile.email);
		assert.equal(user.firstName, 'Aoife');
		assert.equal(user.displayName, 'Aoife Ní Bhriain');
		assert.equal(user.lastSignInAt, record.lastLogin === null ? null : new Date(record.lastLogin).toISOString());
		assert.equal(user.passwordChangedAt, record.passwordChanged === null ? null : new Date(record.passwordChanged).toISOString());
		assert.equal(user.createdAt, new Date(record.created).toISOString());
		assert.equal(user.hasPassword, true);
		assert.equal(user.mfaPolicy, null);
		assert.deepEqual(
			user.emails.map((e) => [e.email, e.primary]),
			[[record.profile.email, true]],
		);
		assert.equal(user.phone, record.profile['mobilePhone']);
		assert.deepEqual(
			user.phones.map((p) => p.number),
			[record.profile['mobilePhone'], record.profile['primaryPhone']].filter(Boolean),
		);
		assert.deepEqual(user.socialConnections, []);
	});

	it('every Okta status maps, with flags worth a glance', async (t) => {
		const {provider} = await setup(t);
		const cases = [
			[W.lockedOut, 'locked_out', 'LOCKED_OUT', 'locked out'],
			[W.passwordExpired, 'password_expired', 'PASSWORD_EXPIRED', 'password expired'],
			[W.recovery, 'recovery', 'RECOVERY', 'password reset pending'],
			[W.suspended, 'suspended', 'SUSPENDED', 'suspended'],
			[W.deprovisioned, 'deprovisioned', 'DEPROVISIONED', 'deactivated'],
			[W.staged, 'staged', 'STAGED', 'no password'],
			[W.provisioned, 'provisioned', 'PROVISIONED', 'activation not finished'],
			[W.activating, 'provisioned', 'PROVISIONED', 'transitioning to ACTIVE'],
			[W.blocked, 'active', 'ACTIVE', 'blocked on unknown devices'],
			[W.adLockedOut, 'locked_out', 'LOCKED_OUT', 'locked out'],
		] as const;
		for (const [who, status, text, flag] of cases) {
			const user = await provider.getUser(who.id);
			assert.equal(user.status, status, who.login);
			assert.equal(user.statusText, text, who.login);
			assert.ok(
				user.flags.some((f) => f.startsWith(flag)),
				`${who.login}: ${user.flags.join(', ')}`,
			);
		}
	});

	it('where the identity comes from: credentials.provider, the user type, and the IdPs (GET …/idps, read with the user)', async (t) => {
		const {sim, provider} = await setup(t);
		const ad = await provider.getUser(W.adLockedOut.id);
		assert.deepEqual(ad.credentialProvider, {type: 'ACTIVE_DIRECTORY', name: 'corp.example.com'});
		assert.equal(ad.identityProviders, null, 'read only for a user who signs in through an IdP');
		assert.equal(ad.userType?.id, sim.store.user(W.adLockedOut.id).typeId);
		const google = await provider.getUser(W.googleFederated.id);
		assert.deepEqual(google.credentialProvider, {type: 'SOCIAL', name: 'SOCIAL'});
		assert.deepEqual(google.identityProviders, [{id: GOOGLE_IDP_ID, name: 'Google Workspace', type: 'GOOGLE', status: 'ACTIVE'}]);
		assert.deepEqual(google.userType, {id: sim.store.user(W.googleFederated.id).typeId, name: 'Contractor'});
		assert.equal(google.hasPassword, false);
		assert.ok(sim.requests.some((r) => r.method === 'GET' && r.path === `/api/v1/users/${W.googleFederated.id}/idps`));
		// A failed IdP read leaves them unknown; the user still loads.
		sim.faults.add({method: 'GET', path: `/api/v1/users/${W.googleFederated.id}/idps`, status: 403});
		const again = await provider.getUser(W.googleFederated.id);
		assert.equal(again.identityProviders, null);
		assert.equal(again.status, 'active');
	});

	it('an unknown Okta status is kept visible as unknown with its word', async (t) => {
		const {sim, provider} = await setup(t);
		const body = JSON.stringify({id: W.active.id, status: 'ACTIVATING', created: '2024-01-01T00:00:00.000Z', profile: {login: 'x@example.com', email: 'x@example.com'}, _links: {deactivate: {href: 'x'}}});
		sim.faults.add({method: 'GET', path: `/api/v1/users/${W.active.id}`, status: 200, body});
		const user = await provider.getUser(W.active.id);
		assert.equal(user.status, 'unknown');
		assert.equal(user.statusText, 'ACTIVATING');
		assert.ok(user.flags.includes('unknown Okta status ACTIVATING'));
		assert.equal(user.displayName, 'x@example.com');
		assert.equal(user.hasPassword, null);
	});

	it('unknown user: 404 E0000007 with the explanation and the request id', async (t) => {
		const {sim, provider, waits} = await setup(t);
		const error = await rejection(provider.getUser(UNKNOWN_ID));
		assert.equal(error.status, 404);
		assert.equal(error.code, 'E0000007');
		assert.equal(error.message, `Not found: Resource not found: ${UNKNOWN_ID} (User) — ${explainOktaError('E0000007')}`);
		assert.equal(error.requestId, sim.requests[0]!.requestId);
		assert.ok(error.requestId);
		assert.deepEqual(waits, []);
	});
});

// ------------------------------------------------------------------ lifecycle

describe('OktaProvider lifecycle', () => {
	it('offers what the fresh _links allow, and nothing before a read', async (t) => {
		const {provider} = await setup(t);
		const ids = async (who: {id: string}) => provider.lifecycleActions(await provider.getUser(who.id)).map((a) => a.id);
		const stale = await provider.getUser(W.lockedOut.id);
		const fresh = new OktaProvider({orgUrl: 'https://acme.okta.com', token: 'x'});
		assert.deepEqual(fresh.lifecycleActions(stale), []);
		await fresh.close();

		assert.deepEqual(await ids(W.lockedOut), ['unlock', 'reset_password', 'reset_factors', 'deactivate']);
		assert.deepEqual(await ids(W.adLockedOut), ['reset_password', 'reset_factors', 'deactivate']);
		assert.deepEqual(await ids(W.suspended), ['unsuspend', 'reset_factors', 'deactivate']);
		assert.deepEqual(await ids(W.deprovisioned), ['activate', 'delete']);
		assert.deepEqual(await ids(W.staged), ['activate', 'deactivate']);
		assert.deepEqual(await ids(W.provisioned), ['reactivate', 'reset_password', 'deactivate']);
		assert.deepEqual(await ids(W.active), ['reset_password', 'forgot_password', 'temp_password', 'temp_password_revoke_sessions', 'expire_password', 'reset_factors', 'suspend', 'deactivate']);
		assert.deepEqual(await ids(W.blocked), ['unlock', 'reset_password', 'temp_password', 'temp_password_revoke_sessions', 'expire_password', 'reset_factors', 'suspend', 'deactivate']);
		assert.deepEqual(await ids(W.activating), []);

		const actions = provider.lifecycleActions(await provider.getUser(W.deprovisioned.id));
		assert.equal(actions.find((a) => a.id === 'delete')!.blast, 'wide');
		assert.match(actions.find((a) => a.id === 'delete')!.effect, /cannot be undone/);
		const active = provider.lifecycleActions(await provider.getUser(W.active.id));
		assert.equal(active.find((a) => a.id === 'deactivate')!.blast, 'wide');
		assert.equal(active.find((a) => a.id === 'suspend')!.blast, 'wide');
		assert.equal(active.find((a) => a.id === 'reset_password')!.blast, 'normal');
		for (const a of active) assert.ok(a.label && a.effect.length > 20);
	});

	it('unlock, suspend, unsuspend, expire password and deactivate change the store', async (t) => {
		const {sim, provider, requests} = await setup(t);
		await provider.getUser(W.lockedOut.id);
		const unlocked = await provider.runLifecycle(W.lockedOut.id, 'unlock');
		assert.equal(unlocked.status, 200);
		assert.equal(unlocked.value.message, 'user unlocked');
		assert.equal(unlocked.value.reveal, undefined);
		assert.equal(unlocked.requestId, requests().at(-1)!.requestId);
		assert.equal(sim.store.user(W.lockedOut.id).status, 'ACTIVE');

		await provider.getUser(W.active.id);
		await provider.runLifecycle(W.active.id, 'suspend');
		assert.equal(sim.store.user(W.active.id).status, 'SUSPENDED');
		await provider.getUser(W.active.id);
		await provider.runLifecycle(W.active.id, 'unsuspend');
		assert.equal(sim.store.user(W.active.id).status, 'ACTIVE');
		await provider.getUser(W.active.id);
		const expired = await provider.runLifecycle(W.active.id, 'expire_password');
		assert.equal(expired.value.reveal, undefined);
		assert.equal(sim.store.user(W.active.id).status, 'PASSWORD_EXPIRED');

		await provider.getUser(W.noFactors.id);
		await provider.runLifecycle(W.noFactors.id, 'deactivate');
		assert.equal(sim.store.user(W.noFactors.id).status, 'DEPROVISIONED');
		const posts = requests({method: 'POST'});
		assert.deepEqual(
			posts.map((r) => r.path.split('/').at(-1)),
			['unlock', 'suspend', 'unsuspend', 'expire_password', 'deactivate'],
		);
		assert.equal(posts.at(-1)!.query['sendEmail'], 'false');
	});

	it('reset_password: no email, the reset link is revealed once and kept nowhere else', async (t) => {
		const {sim, provider, requests} = await setup(t);
		await provider.getUser(W.active.id);
		const result = await provider.runLifecycle(W.active.id, 'reset_password');
		const token = sim.store.user(W.active.id).resetPasswordToken!;
		assert.ok(token);
		assert.equal(sim.store.user(W.active.id).status, 'RECOVERY');
		assert.equal(requests({method: 'POST'})[0]!.query['sendEmail'], 'false');
		assert.deepEqual(sim.store.outbox, []);
		assert.equal(result.value.reveal!.length, 1);
		assert.equal(result.value.reveal![0]!.label, 'Password reset link');
		assert.ok(result.value.reveal![0]!.value.endsWith(token));
		assert.equal(result.value.message.includes(token), false);
		// The provider holds no copy.
		assert.equal(inspect(provider, {depth: 20, showHidden: true}).includes(token), false);
	});

	it('temp_password: expire_password_with_temp_password reveals the temporary password once; the revoke variant ends every session', async (t) => {
		const {sim, provider, requests} = await setup(t);
		await provider.getUser(W.active.id);
		const sessions = sim.store.user(W.active.id).sessions;
		const result = await provider.runLifecycle(W.active.id, 'temp_password');
		const temp = sim.store.user(W.active.id).tempPassword!;
		assert.deepEqual(result.value.reveal, [{label: 'Temporary password', value: temp}]);
		assert.equal(result.value.message.includes(temp), false);
		assert.equal(sim.store.user(W.active.id).status, 'PASSWORD_EXPIRED');
		assert.equal(sim.store.user(W.active.id).sessions, sessions);
		assert.equal(inspect(provider, {depth: 20, showHidden: true}).includes(temp), false, 'the provider holds no copy');

		await provider.getUser(W.blocked.id);
		await provider.runLifecycle(W.blocked.id, 'temp_password_revoke_sessions');
		assert.equal(sim.store.user(W.blocked.id).sessions, 0);
		const posts = requests({method: 'POST'});
		assert.deepEqual(
			posts.map((r) => [r.path.split('/').at(-1), r.query]),
			[
				['expire_password_with_temp_password', {}],
				['expire_password_with_temp_password', {revokeSessions: 'true'}],
			],
		);
	});

	it('activate and reactivate reveal the activation link and token', async (t) => {
		const {sim, provider, requests} = await setup(t);
		await provider.getUser(W.staged.id);
		const activated = await provider.runLifecycle(W.staged.id, 'activate');
		const token = sim.store.user(W.staged.id).activationToken!;
		assert.deepEqual(
			activated.value.reveal!.map((r) => r.label),
			['Activation link', 'Activation token'],
		);
		assert.ok(activated.value.reveal![0]!.value.includes(token));
		assert.equal(activated.value.reveal![1]!.value, token);
		assert.equal(requests({method: 'POST'})[0]!.query['sendEmail'], 'false');
		assert.equal(sim.store.user(W.staged.id).status, 'PROVISIONED');

		await provider.getUser(W.provisioned.id);
		const again = await provider.runLifecycle(W.provisioned.id, 'reactivate');
		assert.equal(again.value.reveal![1]!.value, sim.store.user(W.provisioned.id).activationToken);
		assert.equal(requests({method: 'POST'})[1]!.query['sendEmail'], 'false');
		assert.deepEqual(sim.store.outbox, []);
	});

	it('refuses, sending nothing, an action the last _links did not offer', async (t) => {
		const {sim, provider} = await setup(t);
		const never = await rejection(provider.runLifecycle(W.lockedOut.id, 'unlock'));
		assert.equal(never.kind, 'refused');
		assert.match(never.message, /refresh the user/);
		await provider.getUser(W.lockedOut.id);
		const count = sim.requests.length;
		for (const action of ['suspend', 'delete', 'activate', 'disable'] as const) {
			const error = await rejection(provider.runLifecycle(W.lockedOut.id, action));
			assert.equal(error.kind, 'refused');
		}
		assert.equal(sim.requests.length, count);
		assert.equal(sim.store.user(W.lockedOut.id).status, 'LOCKED_OUT');
	});

	it('wrong state on the server: 403 E0000038 explained, and the stale menu is forgotten', async (t) => {
		const {sim, provider} = await setup(t);
		const user = await provider.getUser(W.provisioned.id);
		sim.store.deactivate(W.provisioned.id, false);
		const error = await rejection(provider.runLifecycle(W.provisioned.id, 'reactivate'));
		assert.equal(error.status, 403);
		assert.equal(error.code, 'E0000038');
		assert.ok(error.message.endsWith(` — ${explainOktaError('E0000038')}`), error.message);
		assert.deepEqual(provider.lifecycleActions(user), []);
	});

	it('suspend in the wrong state: 400 E0000001 with its causes', async (t) => {
		const {sim, provider} = await setup(t);
		await provider.getUser(W.active.id);
		sim.store.suspend(W.active.id);
		const error = await rejection(provider.runLifecycle(W.active.id, 'suspend'));
		assert.equal(error.code, 'E0000001');
		assert.match(error.message, /— Okta refused the values sent/);
		assert.ok(error.causes.some((c) => /ACTIVE status/.test(c)));
	});

	it('a user mid-transition: 409 E0000112 explained', async (t) => {
		const {sim, provider} = await setup(t);
		await provider.getUser(W.active.id);
		sim.store.user(W.active.id).transitioningToStatus = 'DEPROVISIONED';
		const error = await rejection(provider.runLifecycle(W.active.id, 'deactivate'));
		assert.equal(error.status, 409);
		assert.equal(error.code, 'E0000112');
		assert.match(error.message, /still being activated or deactivated/);
	});

	it('delete: only a DEPROVISIONED user, re-read right before the one DELETE', async (t) => {
		const {sim, provider, requests} = await setup(t);
		await provider.getUser(W.deprovisioned.id);
		const result = await provider.runLifecycle(W.deprovisioned.id, 'delete');
		assert.equal(result.status, 204);
		assert.equal(result.value.message, 'user deleted permanently');
		assert.equal(sim.store.users.has(W.deprovisioned.id), false);
		assert.deepEqual(
			requests().map((r) => `${r.method} ${r.path}`),
			[`GET /api/v1/users/${W.deprovisioned.id}`, `GET /api/v1/users/${W.deprovisioned.id}`, `DELETE /api/v1/users/${W.deprovisioned.id}`],
		);
	});

	it('delete is refused when the user was reactivated since the menu was built: no DELETE goes out', async (t) => {
		const {sim, provider, requests} = await setup(t);
		await provider.getUser(W.deprovisioned.id);
		sim.store.activate(W.deprovisioned.id, false);
		const error = await rejection(provider.runLifecycle(W.deprovisioned.id, 'delete'));
		assert.equal(error.kind, 'refused');
		assert.match(error.message, /would deactivate/);
		assert.deepEqual(requests({method: 'DELETE'}), []);
		assert.equal(sim.store.user(W.deprovisioned.id).status, 'ACTIVE');
	});
});

// ------------------------------------------------------------------ sessions and grants

describe('OktaProvider sessions', () => {
	it('lists none, refuses one, clears all with the options sent explicitly', async (t) => {
		const {sim, provider, requests} = await setup(t);
		assert.deepEqual(await provider.listSessions(W.active.id), []);
		const one = await rejection(provider.revokeSession(W.active.id, 'x'));
		assert.equal(one.kind, 'refused');
		assert.equal(sim.requests.length, 0);

		const tokensOf = (userId: string) => [...sim.store.refreshTokens.values()].filter((r) => r.userId === userId).length;
		const before = tokensOf(W.manyGrants.id);
		assert.ok(before > 0);
		const plain = await provider.revokeAllSessions(W.manyGrants.id);
		assert.equal(plain.status, 204);
		assert.deepEqual(plain.value, {revoked: null});
		assert.deepEqual(requests()[0]!.query, {oauthTokens: 'false', forgetDevices: 'false'});
		assert.equal(sim.store.user(W.manyGrants.id).sessions, 0);
		assert.equal(tokensOf(W.manyGrants.id), before);

		assert.ok(sim.store.user(W.active.id).rememberedDevices > 0);
		await provider.revokeAllSessions(W.active.id, {oauthTokens: true, forgetDevices: true});
		assert.deepEqual(requests()[1]!.query, {oauthTokens: 'true', forgetDevices: 'true'});
		assert.equal(sim.store.user(W.active.id).sessions, 0);
		assert.equal(sim.store.user(W.active.id).rememberedDevices, 0);
		await provider.revokeAllSessions(W.manyGrants.id, {oauthTokens: true});
		assert.equal(tokensOf(W.manyGrants.id), 0);
	});
});

describe('OktaProvider grants', () => {
	it('the view reads the grants in one request (a round trip) and the tokens apart: the same rows, the client names the same', async (t) => {
		const {sim, provider, requests} = await setup(t);
		const id = W.manyGrants.id;
		const both = await provider.listGrants(id);
		sim.requests.length = 0;
		const grants = await provider.listGrants(id, {}, 'grant');
		assert.deepEqual(
			requests().map((r) => r.path),
			[`/api/v1/users/${id}/grants`],
		);
		assert.equal(grants.length, both.filter((g) => g.kind === 'grant').length);
		assert.deepEqual(new Map(grants.map((g) => [g.id, g.clientName])), new Map(both.filter((g) => g.kind === 'grant').map((g) => [g.id, g.clientName])));
		const tokens = await provider.listRefreshTokens(id);
		assert.deepEqual(tokens.clientIds, sim.store.clientsOf(id).map((c) => c.clientId));
		assert.deepEqual(tokens.tokens, both.filter((g) => g.kind === 'refresh_token'));
	});

	it('lists every grant and refresh token per client, with client names', async (t) => {
		const {sim, provider, requests} = await setup(t);
		const grants = await provider.listGrants(W.manyGrants.id);
		const storeGrants = [...sim.store.grants.values()].filter((g) => g.userId === W.manyGrants.id);
		const storeTokens = [...sim.store.refreshTokens.values()].filter((r) => r.userId === W.manyGrants.id);
		assert.equal(grants.filter((g) => g.kind === 'grant').length, storeGrants.length);
		assert.equal(grants.filter((g) => g.kind === 'refresh_token').length, storeTokens.length);
		assert.deepEqual(new Set(grants.map((g) => g.id)), new Set([...storeGrants, ...storeTokens].map((g) => g.id)));
		for (const g of grants) {
			assert.equal(g.clientName, sim.store.clients.get(g.clientId)!.clientName);
			assert.ok(g.scopes.length > 0);
		}
		const token = grants.find((g) => g.kind === 'refresh_token')!;
		assert.ok(token.expiresAt);
		const grant = grants.find((g) => g.kind === 'grant')!;
		assert.deepEqual(grant.scopes, [sim.store.grants.get(grant.id)!.scopeId]);
		// Every client's grants in one list and the clients at once, then the tokens of each client, at 200 a page.
		const clients = sim.store.clientsOf(W.manyGrants.id).length;
		assert.equal(requests({path: /\/clients$/}).length, 1);
		assert.equal(requests({path: new RegExp(`^/api/v1/users/${W.manyGrants.id}/grants$`)}).length, 1);
		assert.equal(requests({path: /\/clients\/[^/]+\/grants$/}).length, 0);
		assert.equal(requests({path: /\/clients\/[^/]+\/tokens$/}).length, clients);
		// Each client's grants, then its tokens, client by client.
		const order = grants.map((g) => g.clientId).filter((id, i, all) => i === 0 || all[i - 1] !== id);
		assert.equal(order.length, new Set(order).size);
		assert.ok(requests({path: /\/(grants|tokens)$/}).every((r) => r.query['limit'] === '200'));
		assert.deepEqual(await provider.listGrants(W.noFactors.id), []);
	});

	it('revokes one grant, one refresh token, then everything', async (t) => {
		const {sim, provider, requests} = await setup(t);
		const grants = await provider.listGrants(W.manyGrants.id);
		const grant = grants.find((g) => g.kind === 'grant') as OAuthGrant;
		const token = grants.find((g) => g.kind === 'refresh_token') as OAuthGrant;
		const r1 = await provider.revokeGrant(W.manyGrants.id, grant);
		assert.equal(r1.status, 204);
		assert.equal(sim.store.grants.has(grant.id), false);
		assert.equal(requests({method: 'DELETE'})[0]!.path, `/api/v1/users/${W.manyGrants.id}/grants/${grant.id}`);
		await provider.revokeGrant(W.manyGrants.id, token);
		assert.equal(sim.store.refreshTokens.has(token.id), false);
		assert.equal(requests({method: 'DELETE'})[1]!.path, `/api/v1/users/${W.manyGrants.id}/clients/${token.clientId}/tokens/${token.id}`);

		const all = await provider.revokeAllGrants(W.manyGrants.id);
		assert.equal(all.status, 204);
		assert.equal([...sim.store.grants.values()].filter((g) => g.userId === W.manyGrants.id).length, 0);
		assert.equal([...sim.store.refreshTokens.values()].filter((r) => r.userId === W.manyGrants.id).length, 0);
		assert.equal(requests({method: 'DELETE', path: /\/users\/[^/]+\/grants$/}).length, 1);
		assert.deepEqual(await provider.listGrants(W.manyGrants.id), []);
	});
});

// ------------------------------------------------------------------ factors

describe('OktaProvider passkeys and MFA', () => {
	it('passkeys are the webauthn factors; delete unenrolls; rename is refused', async (t) => {
		const {sim, provider, requests} = await setup(t);
		const passkeys = await provider.listPasskeys(W.active.id);
		assert.deepEqual(
			passkeys.map((p) => [p.name, p.status]),
			[
				['MacBook Touch ID', 'ACTIVE'],
				['YubiKey 5C NFC', 'ACTIVE'],
			],
		);
		assert.ok(passkeys.every((p) => p.createdAt && sim.store.factors.get(p.id)!.factorType === 'webauthn'));
		const out = await provider.deletePasskey(W.active.id, passkeys[0]!.id);
		assert.equal(out.status, 204);
		assert.equal(sim.store.factors.has(passkeys[0]!.id), false);
		assert.equal(requests({method: 'DELETE'})[0]!.path, `/api/v1/users/${W.active.id}/factors/${passkeys[0]!.id}`);
		const rename = await rejection(provider.renamePasskey(W.active.id, passkeys[1]!.id, 'x'));
		assert.equal(rename.kind, 'refused');
		assert.match(rename.message, /cannot rename a WebAuthn factor/);
		assert.deepEqual(await provider.listPasskeys(W.noFactors.id), []);
	});

	it('the Passkeys and MFA tabs opening together read the factor list once; a read after it settles goes to the wire again', async (t) => {
		const {sim, provider, requests} = await setup(t);
		const factorReads = () => requests({method: 'GET', path: new RegExp(`/users/${W.active.id}/factors$`)}).length;
		const passkeysTab = new AbortController();
		const [passkeys, mfa] = await Promise.all([provider.listPasskeys(W.active.id, {signal: passkeysTab.signal}), provider.getMfa(W.active.id)]);
		assert.equal(factorReads(), 1);
		assert.deepEqual(passkeys.map((p) => p.name), ['MacBook Touch ID', 'YubiKey 5C NFC']);
		assert.ok(mfa.factors.length > passkeys.length);
		// A change made since (another console deletes a passkey) is seen by the next read.
		sim.store.factors.delete(passkeys[0]!.id);
		assert.deepEqual((await provider.listPasskeys(W.active.id)).map((p) => p.name), ['YubiKey 5C NFC']);
		assert.equal(factorReads(), 2);
	});

	it('a tab cancelled while sharing the factor read leaves the other tab its answer', async (t) => {
		const {provider} = await setup(t, {latencyMs: 80});
		const passkeysTab = new AbortController();
		const passkeys = provider.listPasskeys(W.active.id, {signal: passkeysTab.signal});
		const mfa = provider.getMfa(W.active.id, {signal: new AbortController().signal});
		passkeysTab.abort();
		assert.equal((await rejection(passkeys)).kind, 'aborted');
		assert.ok((await mfa).factors.some((f) => f.type === 'token:software:totp'));
	});

	it('getMfa: every factor, unknown types kept, TOTP from an ACTIVE token:software:totp', async (t) => {
		const {sim, provider} = await setup(t);
		const mfa = await provider.getMfa(W.allFactors.id);
		const stored = sim.store.factorsOf(W.allFactors.id);
		assert.equal(mfa.factors.length, stored.length);
		assert.deepEqual(
			mfa.factors.map((f) => f.type),
			stored.map((f) => f.factorType),
		);
		const unknown = mfa.factors.find((f) => f.type === 'claims_provider');
		assert.ok(unknown, 'a type outside the enum is listed');
		assert.equal(unknown.name, 'claims_provider');
		assert.equal(mfa.totp, 'yes');
		assert.equal(mfa.policy, null);
		assert.equal(mfa.backupCodes, 'unknown');
		assert.ok(mfa.factors.every((f) => f.id && f.name && f.status));

		const none = await provider.getMfa(W.noFactors.id);
		assert.deepEqual(none.factors, []);
		assert.equal(none.totp, 'no');
	});

	it("a deactivated user's factors: Okta's 404 becomes an empty list with a note", async (t) => {
		const {provider} = await setup(t);
		const mfa = await provider.getMfa(W.deprovisioned.id);
		assert.equal(mfa.totp, 'unknown');
		assert.match(mfa.totpNote!, /deactivated/);
		assert.deepEqual(mfa.factors, []);
		assert.deepEqual(await provider.listPasskeys(W.deprovisioned.id), []);
		// An unknown user is still an error.
		const error = await rejection(provider.getMfa(UNKNOWN_ID));
		assert.equal(error.code, 'E0000007');
	});

	it('deleteFactor unenrolls any factor; deleteTotp and backup codes are refused', async (t) => {
		const {sim, provider} = await setup(t);
		const mfa = await provider.getMfa(W.active.id);
		const sms = mfa.factors.find((f) => f.type === 'sms')!;
		await provider.deleteFactor(W.active.id, sms.id);
		assert.equal(sim.store.factors.has(sms.id), false);
		const count = sim.requests.length;
		assert.equal((await rejection(provider.deleteTotp(W.active.id))).kind, 'refused');
		assert.equal((await rejection(provider.regenerateBackupCodes(W.active.id))).kind, 'refused');
		assert.equal(sim.requests.length, count);
	});

	it('TOTP: enroll gives an otpauth URL from the shared secret; activation with a real code', async (t) => {
		const {sim, provider, requests} = await setup(t);
		const user = await provider.getUser(W.noFactors.id);
		const enrolled = await provider.enrollTotp(user);
		const e = enrolled.value;
		assert.equal(e.needsActivation, true);
		assert.equal(e.accountName, W.noFactors.login);
		const record = sim.store.factors.get(e.id)!;
		assert.equal(record.status, 'PENDING_ACTIVATION');
		assert.equal(record.factorType, 'token:software:totp');
		assert.equal(e.secret, record.secret);
		assert.deepEqual(JSON.parse(requests({method: 'POST'})[0]!.body), {factorType: 'token:software:totp', provider: 'OKTA'});
		const url = new URL(e.otpUrl);
		assert.equal(url.protocol, 'otpauth:');
		assert.equal(url.host, 'totp');
		assert.equal(decodeURIComponent(url.pathname.slice(1)), `${provider.host}:${W.noFactors.login}`);
		assert.equal(url.searchParams.get('secret'), record.secret);
		assert.equal(url.searchParams.get('issuer'), provider.host);
		assert.equal(url.searchParams.get('period'), '30');
		assert.equal(url.searchParams.get('digits'), '6');
		assert.equal((await provider.getMfa(W.noFactors.id)).totp, 'no');

		const wrong = await rejection(provider.activateTotp(W.noFactors.id, e.id, totpCode(e.secret, Date.now() - 10 * 60_000)));
		assert.equal(wrong.code, 'E0000068');
		assert.equal(sim.store.factors.get(e.id)!.status, 'PENDING_ACTIVATION');
		const notDigits = await rejection(provider.activateTotp(W.noFactors.id, e.id, 'abc'));
		assert.equal(notDigits.kind, 'refused');

		const activated = await provider.activateTotp(W.noFactors.id, e.id, totpCode(e.secret));
		assert.equal(activated.status, 200);
		assert.equal(sim.store.factors.get(e.id)!.status, 'ACTIVE');
		assert.deepEqual(JSON.parse(requests({method: 'POST', path: /lifecycle\/activate$/}).at(-1)!.body), {passCode: totpCode(e.secret)});
		assert.equal((await provider.getMfa(W.noFactors.id)).totp, 'yes');
		// The secret is the caller's to show once; the provider keeps no copy.
		assert.equal(inspect(provider, {depth: 20, showHidden: true}).includes(e.secret), false);
	});
});

// ------------------------------------------------------------------ memberships

describe('OktaProvider memberships', () => {
	it('groups, admin roles and app links together', async (t) => {
		const {sim, provider} = await setup(t);
		const rows = await provider.listMemberships(W.active.id);
		const groups = rows.filter((r) => r.kind === 'group');
		const roles = rows.filter((r) => r.kind === 'admin_role');
		const apps = rows.filter((r) => r.kind === 'app');
		assert.deepEqual(
			groups.map((g) => g.name),
			sim.store.groupsOf(W.active.id).map((g) => g.profile.name),
		);
		assert.deepEqual(
			roles.map((r) => [r.name, r.roles]),
			sim.store.rolesOf(W.active.id).map((r) => [r.label, [r.type]]),
		);
		assert.deepEqual(
			apps.map((a) => a.name),
			sim.store.appLinksOf(W.active.id).map((l) => l.label),
		);
		assert.ok(apps.every((a) => a.description));
		assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, 'ids are unique');
	});

	it('a 403 on roles (scope missing) keeps the tab: one row says why', async (t) => {
		const {sim, provider} = await setup(t);
		sim.faults.add({method: 'GET', path: /\/roles$/, status: 403});
		const rows = await provider.listMemberships(W.active.id);
		const roleRows = rows.filter((r) => r.kind === 'admin_role');
		assert.equal(roleRows.length, 1);
		assert.equal(roleRows[0]!.name, 'Admin roles could not be read');
		assert.match(roleRows[0]!.description!, /okta\.roles\.read/);
		assert.ok(rows.some((r) => r.kind === 'group'));
		assert.ok(rows.some((r) => r.kind === 'app'));
	});
});

// ------------------------------------------------------------------ errors, retries, rate limits

describe('OktaProvider errors', () => {
	it('a bad token: 401 E0000011 explained, not retried, and the token never in the error', async (t) => {
		const bad = '00BADbadBADbadBADbadBADbadBADbadBADbad0001';
		const {sim, provider, waits} = await setup(t, {}, {token: bad});
		const error = await rejection(provider.getUser(W.active.id));
		assert.equal(error.status, 401);
		assert.equal(error.code, 'E0000011');
		assert.equal(error.message, `Invalid token provided — ${explainOktaError('E0000011')}`);
		assert.match(error.hint, /token/);
		assert.equal(error.requestId, sim.requests[0]!.requestId);
		for (const text of [JSON.stringify(error), String(error), error.summary, error.hint, inspect(error, {depth: 5})]) assert.equal(text.includes(bad), false);
		assert.equal(sim.requests.length, 1);
		assert.deepEqual(waits, []);
		assert.equal((await rejection(collect(provider.searchUsers('a')))).code, 'E0000011');
	});

	it('a 429 waits Reset − Date + 1 s, then the GET succeeds', async (t) => {
		const {sim, provider, waits, notices, options, requests} = await setup(t);
		const date = new Date(Math.floor(Date.now() / 1000) * 1000);
		sim.faults.add({method: 'GET', path: `/api/v1/users/${W.active.id}`, status: 429, headers: {date: date.toUTCString(), 'x-rate-limit-reset': String(date.getTime() / 1000 + 7)}});
		const user = await provider.getUser(W.active.id, options);
		assert.equal(user.id, W.active.id);
		assert.deepEqual(waits, [8_000]);
		assert.deepEqual(
			notices.map((n) => [n.reason, n.ms]),
			[['rate_limited', 8_000]],
		);
		assert.deepEqual(
			requests().map((r) => r.status),
			[429, 200],
		);
	});

	it('a mutation after a 429 is sent again and applied exactly once', async (t) => {
		const {sim, provider, waits} = await setup(t);
		await provider.getUser(W.active.id);
		sim.faults.add({method: 'POST', path: /\/lifecycle\/suspend$/, status: 429});
		const result = await provider.runLifecycle(W.active.id, 'suspend');
		assert.equal(result.status, 200);
		assert.equal(waits.length, 1);
		assert.ok(waits[0]! > 0 && waits[0]! <= 3_000, `wait ${waits[0]}`);
		assert.equal(sim.appliedCount({method: 'POST', path: /\/lifecycle\/suspend$/}), 1);
		assert.equal(sim.store.user(W.active.id).status, 'SUSPENDED');
	});

	it("the simulator's own rate limit: E0000047 explained once the waits are spent, nothing applied", async (t) => {
		const {sim, provider, waits} = await setup(t, {}, {retry: {rateLimitWaits: 1}});
		await provider.getUser(W.active.id);
		sim.setRateLimit('POST|PUT|DELETE /api/v1/users/{id}', 0, 5_000);
		sim.setRateLimit('/api/v1/*', 0, 5_000);
		const error = await rejection(provider.runLifecycle(W.active.id, 'suspend'));
		assert.equal(error.status, 429);
		assert.equal(error.code, 'E0000047');
		assert.match(error.message, /rate limit/);
		assert.ok(error.message.includes(explainOktaError('E0000047')!));
		assert.equal(waits.length, 1);
		assert.ok(waits[0]! > 0 && waits[0]! <= 7_000, `wait ${waits[0]}`);
		assert.equal(sim.appliedCount(), 0);
		assert.equal(sim.store.user(W.active.id).status, 'ACTIVE');
	});

	it('a 5xx on a GET is retried; on a mutation it is not', async (t) => {
		const {sim, provider, waits, requests} = await setup(t);
		sim.faults.add({method: 'GET', path: `/api/v1/users/${W.active.id}`, status: 500});
		await provider.getUser(W.active.id);
		assert.deepEqual(
			requests().map((r) => r.status),
			[500, 200],
		);
		assert.equal(waits.length, 1);

		sim.faults.add({method: 'POST', path: /\/lifecycle\/suspend$/, status: 500});
		const error = await rejection(provider.runLifecycle(W.active.id, 'suspend'));
		assert.equal(error.status, 500);
		assert.equal(error.code, 'E0000009');
		assert.equal(requests({method: 'POST'}).length, 1);
		assert.equal(waits.length, 1);
		assert.equal(sim.store.user(W.active.id).status, 'ACTIVE');

		sim.faults.add({method: 'DELETE', path: /\/sessions$/, status: 503});
		await rejection(provider.revokeAllSessions(W.active.id));
		assert.equal(requests({method: 'DELETE'}).length, 1);
	});

	it('a 403 on a manage call with the read-only token: E0000006 explained', async (t) => {
		const {sim, provider} = await setup(t);
		const reader = new OktaProvider({orgUrl: sim.url, token: sim.readOnlyToken!});
		t.after(() => reader.close());
		await reader.getUser(W.active.id);
		const error = await rejection(reader.runLifecycle(W.active.id, 'suspend'));
		assert.equal(error.code, 'E0000006');
		assert.ok(error.message.endsWith(explainOktaError('E0000006')!));
		assert.equal(sim.store.user(W.active.id).status, 'ACTIVE');
		assert.ok(provider);
	});

	it('an HTML error page and an unreadable list are reported, not crashed on', async (t) => {
		const {sim, provider} = await setup(t, {}, {retry: {getRetries: 0}});
		sim.faults.add({method: 'GET', path: /\/groups$/, kind: 'html'});
		const html = await rejection(provider.listMemberships(W.active.id));
		assert.equal(html.status, 502);
		sim.faults.add({method: 'GET', path: /\/factors$/, status: 200, body: '{"not":"a list"}'});
		const shape = await rejection(provider.getMfa(W.active.id));
		assert.equal(shape.kind, 'malformed');
		assert.match(shape.message, /JSON array/);
	});
});

describe('OktaProvider rate-limit budget', () => {
	it('reads X-Rate-Limit-Limit/Remaining/Reset from every answer', async (t) => {
		const {sim, provider} = await setup(t);
		assert.equal(provider.rateLimit(), null);
		sim.setRateLimit('GET /api/v1/users/{id}', 10);
		await provider.getUser(W.active.id);
		await provider.getUser(W.lockedOut.id);
		await provider.getUser(W.suspended.id);
		const state = sim.rateLimits['GET /api/v1/users/{id}'];
		assert.deepEqual(provider.rateLimit(), {limit: 10, remaining: 7, resetAt: Math.ceil((state.windowStart! + state.windowMs) / 1000) * 1000});
		// Another bucket answers next: the budget follows the last answer.
		await provider.listMemberships(W.active.id);
		assert.equal(provider.rateLimit()!.limit, sim.rateLimits['/api/v1/*'].limit);
	});
});
