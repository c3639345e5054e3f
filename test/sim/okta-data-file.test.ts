/** The Okta simulator's seed (determinism, coverage, well-known users) and its `--data FILE` format. */
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {DataFileError, loadOktaDataFile, parseDataTime, readOktaDataFile, validateOktaDataFile, type OktaDataFile} from '../../src/sim/okta/data-file.js';
import {seedDataFile, seedStore, WELL_KNOWN, MANY_GRANTS_COUNT, MANY_TOKENS_COUNT} from '../../src/sim/okta/seed.js';
import {startOktaSimulator} from '../../src/sim/okta/server.js';
import {FACTOR_STATUSES, USER_STATUSES, type OktaStore} from '../../src/sim/okta/store.js';
import {makeCaller} from '../helpers/okta-sim.js';
import {totp, verifyTotp} from '../../src/sim/okta/totp.js';

const EXAMPLE = fileURLToPath(new URL('../../src/sim/okta/example-data.json', import.meta.url));
let dir: string;
before(async () => {
	dir = await mkdtemp(join(tmpdir(), 'okta-data-'));
});
after(() => rm(dir, {recursive: true, force: true}));

describe('the seed', () => {
	let store: OktaStore;
	before(() => {
		store = seedStore();
	});

	it('is deterministic for a seed; well-known ids do not depend on it', () => {
		const again = seedStore();
		assert.deepEqual([...again.users.keys()], [...store.users.keys()]);
		assert.deepEqual([...again.factors.keys()], [...store.factors.keys()]);
		const other = seedStore({seed: 2});
		assert.notDeepEqual([...other.users.keys()].slice(20, 40), [...store.users.keys()].slice(20, 40));
		for (const w of Object.values(WELL_KNOWN)) {
			assert.equal(other.user(w.id).profile.login, w.login);
			assert.equal(store.user(w.id).profile.login, w.login);
		}
	});

	it('has 2,000 users in every status, with non-ASCII names and unique logins', () => {
		assert.equal(store.users.size, 2000);
		const statuses = new Set([...store.users.values()].map((u) => u.status));
		assert.deepEqual([...statuses].sort(), [...USER_STATUSES].sort());
		for (const s of USER_STATUSES) assert.ok([...store.users.values()].filter((u) => u.status === s).length >= 20, `enough ${s}`);
		const names = [...store.users.values()].map((u) => `${u.profile.firstName} ${u.profile.lastName}`);
		assert.ok(names.some((n) => /[À-ɏ]/.test(n)) && names.some((n) => /[\u4e00-\u9fff]/.test(n)) && names.some((n) => /[Ѐ-ӿ]/.test(n)) && names.some((n) => /[\u0600-\u06ff]/.test(n)));
		assert.equal(new Set([...store.users.values()].map((u) => u.profile.login.toLowerCase())).size, store.users.size);
		assert.equal(seedStore({userCount: 120}).users.size, 120);
	});

	it('has factors of every type (and beyond the enum), groups, admin roles, app links, grants and tokens', () => {
		const types = new Set([...store.factors.values()].map((f) => f.factorType));
		for (const t of ['call', 'email', 'push', 'question', 'signed_nonce', 'sms', 'token', 'token:hardware', 'token:hotp', 'token:software:totp', 'u2f', 'web', 'webauthn', 'claims_provider']) assert.ok(types.has(t), t);
		assert.ok([...store.factors.values()].some((f) => f.status === 'PENDING_ACTIVATION'));
		assert.ok([...store.factors.values()].every((f) => (FACTOR_STATUSES as readonly string[]).includes(f.status)));
		assert.ok([...store.groups.values()].some((g) => g.type === 'APP_GROUP') && [...store.groups.values()].some((g) => g.type === 'BUILT_IN'));
		assert.ok(new Set([...store.roles.values()].map((r) => r.type)).size >= 5);
		assert.ok(store.appLinks.length > 1000);
		assert.ok([...store.users.values()].filter((u) => u.provider.type === 'ACTIVE_DIRECTORY').length > 50);
		assert.equal(store.grantsOf(WELL_KNOWN.manyGrants.id).length, MANY_GRANTS_COUNT);
		assert.equal(store.clientsOf(WELL_KNOWN.manyGrants.id).length, 6);
		assert.equal([...store.refreshTokens.values()].filter((t) => t.userId === WELL_KNOWN.manyGrants.id).length, MANY_TOKENS_COUNT);
		assert.equal(store.tokenOwnerId, WELL_KNOWN.admin.id);
	});

	it('well-known users are in their documented state', () => {
		for (const [name, w] of Object.entries(WELL_KNOWN)) assert.equal(store.user(w.id).status, w.status, name);
		assert.equal(store.user(WELL_KNOWN.activating.id).transitioningToStatus, 'ACTIVE');
		assert.equal(store.user(WELL_KNOWN.adLockedOut.id).provider.type, 'ACTIVE_DIRECTORY');
		assert.deepEqual(store.user(WELL_KNOWN.blocked.id).blocks, [{type: 'DEVICE_BASED', appliesTo: 'UNKNOWN_DEVICES'}]);
		assert.ok(WELL_KNOWN.slashLogin.login.includes('/'));
		assert.deepEqual(store.factorsOf(WELL_KNOWN.noFactors.id), []);
		const active = store.factorsOf(WELL_KNOWN.active.id);
		assert.ok(active.some((f) => f.factorType === 'webauthn') && active.some((f) => f.factorType === 'token:software:totp'));
		assert.ok([...store.factors.values()].some((f) => f.userId === WELL_KNOWN.deprovisioned.id), 'factors are kept for the deprovisioned user');
	});

	it('times are consistent: created ≤ activated ≤ statusChanged ≤ now, lastUpdated ≤ now', () => {
		const now = Date.now();
		for (const u of store.users.values()) {
			assert.ok(u.created <= now && u.lastUpdated <= now, u.id);
			if (u.activated !== null) assert.ok(u.activated >= u.created, `${u.id} activated`);
			if (u.statusChanged !== null) assert.ok(u.statusChanged >= u.created && u.statusChanged <= now, `${u.id} statusChanged`);
			if (u.status === 'STAGED') assert.equal(u.activated, null);
		}
	});
});

describe('the data file format', () => {
	it('the example file loads: users, factors (incl. a TOTP secret), groups, roles, links, grants, token owner', async () => {
		const data = await readOktaDataFile(EXAMPLE);
		const store = loadOktaDataFile(data);
		assert.equal(store.users.size, 5);
		const dana = store.userByLogin('dana.ops@example.com');
		assert.ok(dana);
		assert.equal(dana.status, 'LOCKED_OUT');
		assert.equal(dana.profile['department'], 'SRE');
		assert.deepEqual(store.groupsOf(dana.id).map((g) => g.profile.name), ['Everyone', 'SRE On-call', 'GG-Engineering']);
		const totpFactor = store.factorsOf(dana.id).find((f) => f.factorType === 'token:software:totp');
		assert.equal(totpFactor?.secret, 'JBSWY3DPEHPK3PXP');
		assert.ok(verifyTotp('JBSWY3DPEHPK3PXP', totp('JBSWY3DPEHPK3PXP')));
		assert.ok(store.factorsOf(dana.id).some((f) => f.factorType === 'claims_provider'));
		assert.equal(store.grantsOf(dana.id).length, 3);
		assert.equal(store.clientsOf(dana.id).length, 2);
		assert.deepEqual(store.appLinksOf(dana.id).map((l) => l.label), ['Gmail', 'PagerDuty']);
		const ines = store.userByLogin('INES.ADMIN@example.com');
		assert.equal(store.tokenOwnerId, ines?.id);
		assert.deepEqual(store.rolesOf(ines?.id as string).map((r) => r.type), ['SUPER_ADMIN', 'CUSTOM']);
		assert.equal(store.userByLogin('corp/priya@example.com')?.hasPassword, false, 'STAGED users have no password by default');
		assert.equal(store.userByLogin('old.timer@example.com')?.status, 'DEPROVISIONED');
	});

	it('the simulator serves a data file given by path', async () => {
		const sim = await startOktaSimulator({data: EXAMPLE});
		try {
			const call = makeCaller(sim);
			const me = await call('GET', '/api/v1/users/me');
			assert.equal(me.json.profile.login, 'ines.admin@example.com');
			assert.deepEqual(me.specErrors, []);
			const list = await call('GET', '/api/v1/users');
			assert.equal(list.json.length, 4, 'the DEPROVISIONED user is not listed');
		} finally {
			await sim.close();
		}
	});

	it('the example file carries System Log events, served valid; lastLogin follows the newest sign-in', async () => {
		const sim = await startOktaSimulator({data: EXAMPLE});
		try {
			const call = makeCaller(sim);
			const dana = sim.store.userByLogin('dana.ops@example.com');
			assert.ok(dana);
			const r = await call('GET', `/api/v1/logs?filter=${encodeURIComponent(`actor.id eq "${dana.id}" or target.id eq "${dana.id}"`)}`);
			assert.equal(r.status, 200);
			assert.deepEqual(r.specErrors, []);
			assert.deepEqual(
				r.json.map((e: {eventType: string}) => e.eventType),
				['user.session.start', 'user.authentication.sso', ...Array(5).fill('user.session.start'), 'user.account.lock'],
			);
			assert.equal(r.json[0].client.geographicalContext.city, 'Dublin');
			assert.equal(r.json[1].target[0].displayName, 'PagerDuty');
			assert.equal(dana.lastLogin, Date.parse(r.json[0].published));
			const suspend = sim.store.events.find((e) => e.json['eventType'] === 'user.lifecycle.suspend');
			assert.equal((suspend?.json['actor'] as {alternateId: string}).alternateId, 'ines.admin@example.com', 'admin events: the token owner acts');
		} finally {
			await sim.close();
		}
	});

	it('relative and absolute times', () => {
		const now = Date.UTC(2026, 0, 10, 12);
		assert.equal(parseDataTime('now', now), now);
		assert.equal(parseDataTime('-2h', now), now - 7_200_000);
		assert.equal(parseDataTime('+30d', now), now + 30 * 86_400_000);
		assert.equal(parseDataTime('-1w', now), now - 604_800_000);
		assert.equal(parseDataTime('2025-03-11T09:14:02.000Z', now), Date.UTC(2025, 2, 11, 9, 14, 2));
		const store = loadOktaDataFile({users: [{login: 'tim@example.com', firstName: 'Tim', created: '-10d', lastLogin: '-5m'}]}, {now});
		const tim = store.userByLogin('tim@example.com');
		assert.equal(tim?.created, now - 10 * 86_400_000);
		assert.equal(tim?.lastLogin, now - 300_000);
	});

	it('ids given in the file are kept; missing ones are generated per seed', () => {
		const data: OktaDataFile = {users: [{id: '00uFixedId0000000001', login: 'a@example.com', firstName: 'A'}, {login: 'b@example.com', firstName: 'B'}]};
		const s1 = loadOktaDataFile(data, {seed: 1});
		const s2 = loadOktaDataFile(data, {seed: 1});
		assert.ok(s1.users.has('00uFixedId0000000001'));
		assert.deepEqual([...s1.users.keys()], [...s2.users.keys()]);
		assert.match([...s1.users.keys()][1] as string, /^00u[A-Za-z0-9]{17}$/);
	});

	it('validation errors name the field', () => {
		const bad = (data: unknown, pattern: RegExp) => assert.throws(() => loadOktaDataFile(data as OktaDataFile), (e: unknown) => e instanceof DataFileError && pattern.test(e.message));
		bad({}, /^users: required/);
		bad({users: [{firstName: 'x'}]}, /^users\[0\]\.login: required/);
		bad({users: [{login: 'abc', firstName: 'x'}]}, /^users\[0\]\.login: must be 5 to 100 characters/);
		bad({users: [{login: 'a@example.com', firstName: 'x', status: 'GONE'}]}, /^users\[0\]\.status: expected one of STAGED/);
		bad({users: [{login: 'a@example.com', firstName: 'x', created: 'yesterday'}]}, /^users\[0\]\.created: expected an ISO 8601 time/);
		bad({users: [{login: 'a@example.com', firstName: 'x', groups: ['Nope']}]}, /^users\[0\]\.groups: unknown group "Nope"/);
		bad({users: [{login: 'a@example.com', firstName: 'x', factors: [{factorType: 'token:software:totp', secret: 'not base32!'}]}]}, /^users\[0\]\.factors\[0\]\.secret: expected base32/);
		bad({users: [{login: 'a@example.com', firstName: 'x', grants: [{client: 'Nope', scopeId: 'openid'}]}]}, /^users\[0\]\.grants\[0\]\.client: unknown client "Nope"/);
		bad({users: [{login: 'Zoë@example.com', firstName: 'x'}, {login: 'zoe@EXAMPLE.com', firstName: 'y'}]}, /^users\[1\]: duplicate login/);
		bad({users: [{login: 'a@example.com', firstName: 'x', provider: {name: 'corp'}}]}, /^users\[0\]\.provider\.type: required/);
		bad({tokenOwner: 'nobody@example.com', users: [{login: 'a@example.com', firstName: 'x'}]}, /^tokenOwner: no user/);
		bad({users: [{login: 'a@example.com', firstName: 'x'}], events: [{eventType: 'user.session.start', user: 'nobody@example.com'}]}, /^events\[0\]\.user: no user/);
		bad({users: [{login: 'a@example.com', firstName: 'x'}], events: [{user: 'a@example.com'}]}, /^events\[0\]\.eventType: required/);
		bad({users: [{login: 'a@example.com', firstName: 'x'}], events: [{eventType: 'x', published: 'yesterday'}]}, /^events\[0\]\.published: expected an ISO 8601 time/);
		bad({users: [{login: 'a@example.com', firstName: 'x'}], events: [{eventType: 'x', app: 'nope'}]}, /^events\[0\]\.app: unknown app/);
		// The seed's own file is loaded without this check (loadOktaDataFile's ownSeed): it must pass it, in full.
		assert.doesNotThrow(() => validateOktaDataFile(seedDataFile()));
		assert.doesNotThrow(() => validateOktaDataFile(seedDataFile({userCount: 50, seed: 2})));
	});

	it('reading: a missing file and invalid JSON name the path', async () => {
		await assert.rejects(readOktaDataFile(join(dir, 'missing.json')), (e: unknown) => e instanceof DataFileError && e.message.includes('missing.json'));
		const path = join(dir, 'broken.json');
		await writeFile(path, '{"users": [');
		await assert.rejects(readOktaDataFile(path), (e: unknown) => e instanceof DataFileError && /broken\.json is not valid JSON/.test(e.message));
		const wrong = join(dir, 'wrong.json');
		await writeFile(wrong, JSON.stringify({users: [{login: 'a@example.com'}]}));
		await assert.rejects(readOktaDataFile(wrong), /wrong\.json: users\[0\]\.firstName: required/);
	});
});
