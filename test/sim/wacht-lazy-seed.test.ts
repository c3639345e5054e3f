/**
 * The seed builds each user's heavier records on first touch (WachtStore.defer): every answer must be byte for
 * byte what a store built at once gives, whatever order the users are touched in, and changes must stick.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {handleApiRequest, matchRoute} from '../../src/sim/wacht/api.js';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN, seedStore} from '../../src/sim/wacht/seed.js';
import {Prng, SnowflakeIds, snowflakeDecimal} from '../../src/sim/shared/prng.js';
import type {WachtStore} from '../../src/sim/wacht/store.js';
import {call} from './wacht-helpers.js';

const NOW = 1_790_000_000_000_000;
/** The store's clock frozen a little after the seed's time base, so "expired" means the same in both stores. */
const CLOCK = NOW + 1_000_000;

function stores(opts: {userCount?: number; manySessions?: number} = {}): {eager: WachtStore; lazy: WachtStore} {
	const eager = seedStore({...opts, now: NOW, eager: true});
	const lazy = seedStore({...opts, now: NOW});
	eager.clock = lazy.clock = () => CLOCK;
	return {eager, lazy};
}

async function get(store: WachtStore, path: string): Promise<{status: number; body: string}> {
	const url = new URL(path, 'http://sim.invalid');
	const r = await handleApiRequest(store, {method: 'GET', pathname: url.pathname, query: url.searchParams, headers: {}, body: Buffer.alloc(0)}, matchRoute(url.pathname), {issuer: 'Acme Support'});
	return {status: r.status, body: r.body};
}

/** Every per-user read the API has. */
const USER_READS = ['details', 'sessions', 'sessions?include_expired=true', 'passkeys', 'social-connections', 'organization-memberships', 'workspace-memberships'];

/** The whole state, in id order (a store built lazily adds records to its maps in the order users are touched). */
function dump(s: WachtStore): string {
	const byId = <T extends {id: string}>(m: Map<string, T>) => [...m.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	const users = [...s.users.values()].map((u) => ({
		u,
		backup: s.backupCodeHashes(u.id),
		auth: s.authenticatorHistoryOf(u.id),
		sessions: s.sessionsOf(u.id, {includeRevoked: true}).map((x) => x.id),
	}));
	return JSON.stringify({users, emails: byId(s.emails), phones: byId(s.phones), social: byId(s.socialConnections), signIns: byId(s.signIns), passkeys: byId(s.passkeys), authenticators: byId(s.authenticators), orgs: byId(s.organizationMemberships), ws: byId(s.workspaceMemberships)});
}

describe('the seed, built on first touch', () => {
	it('opens with the heavy parts unbuilt: no sign-ins but the well-known users’, every user listed and searchable', async () => {
		const {eager, lazy} = stores();
		assert.ok(lazy.unbuiltCount > 1900, `${lazy.unbuiltCount} users unbuilt`);
		assert.equal(eager.unbuiltCount, 0);
		assert.ok(lazy.signIns.size < 100, `${lazy.signIns.size} sign-ins built at once`);
		assert.equal(lazy.users.size, 2000);
		for (const path of ['/users?limit=50', '/users?search=okafor', `/users?search=${encodeURIComponent(WELL_KNOWN.ana)}&limit=10&offset=20`, '/users?sort_key=email&sort_order=asc&limit=100', '/users?sort_key=phone_number&limit=100']) {
			assert.equal((await get(lazy, path)).body, (await get(eager, path)).body, path);
		}
		// Listing and searching touched nobody.
		assert.ok(lazy.unbuiltCount > 1900);
	});

	it('every read of a sample of users, in a shuffled order, is byte for byte the eager store’s', async () => {
		const {eager, lazy} = stores();
		const users = [...eager.users.values()];
		const prng = new Prng(7);
		const sample = prng.sample(users, 150).map((u) => u.id);
		for (const email of [WELL_KNOWN.manySessions, WELL_KNOWN.jane, WELL_KNOWN.mfa, WELL_KNOWN.disabled, WELL_KNOWN.noSessions]) sample.splice(prng.int(0, sample.length), 0, eager.userByEmail(email).id);
		// The sample's reads in a shuffled order: a user's first read may be any of them.
		const reads = prng.sample(
			sample.flatMap((id) => USER_READS.map((r) => `/users/${id}/${r}`)),
			sample.length * USER_READS.length,
		);
		let withRecords = 0;
		for (const path of reads) {
			const [a, b] = [await get(lazy, path), await get(eager, path)];
			assert.equal(a.status, 200, path);
			assert.equal(a.body, b.body, path);
			if (path.endsWith('/sessions?include_expired=true') && JSON.parse(a.body).data.length > 0) withRecords++;
		}
		assert.ok(withRecords > 60, `${withRecords} sampled users have sign-ins`);
		const soren = lazy.userByEmail(WELL_KNOWN.manySessions).id;
		assert.equal(lazy.sessionsOf(soren).length, 10_000);
	});

	it('touched in any order, then all of it: the same state as built at once', () => {
		const {eager, lazy} = stores({userCount: 300, manySessions: 500});
		const ids = new Prng(11).sample([...lazy.users.keys()], 300);
		for (const id of ids.slice(0, 100)) lazy.passkeysOf(id);
		lazy.buildAll();
		assert.equal(lazy.unbuiltCount, 0);
		assert.equal(dump(lazy), dump(eager));
		// Another order again.
		const other = seedStore({userCount: 300, manySessions: 500, now: NOW});
		for (const id of [...ids].reverse()) other.hasBackupCodes(id);
		assert.equal(dump(other), dump(eager));
	});

	it('a change to a user not built yet is made to the built records and stays', async () => {
		const sim = await startWachtSimulator({userCount: 200, manySessions: 300});
		try {
			const {store} = sim;
			const unbuilt = [...store.users.values()].filter((u) => !u.disabled).slice(60);
			// Revoke-all first thing: the user's sign-ins are built, then revoked.
			const probe = seedStore({userCount: 200, manySessions: 300, eager: true});
			const target = unbuilt.find((u) => probe.sessionsOf(u.id).length >= 2)!;
			const before = store.unbuiltCount;
			const r = await call(sim, 'POST', `/users/${target.id}/sessions/revoke-all`);
			assert.equal(r.status, 200);
			assert.equal(store.unbuiltCount, before - 1);
			assert.equal((await call(sim, 'GET', `/users/${target.id}/sessions?include_expired=true`)).json.data.length, 0);
			assert.ok(store.sessionsOf(target.id, {includeRevoked: true}).length >= 2);

			// One revoke on Søren's 300: the other 299 stay, and the revoked one stays revoked.
			const soren = store.userByEmail(WELL_KNOWN.manySessions).id;
			const listed = (await call(sim, 'GET', `/users/${soren}/sessions?include_expired=true`)).json.data as {id: string}[];
			assert.equal(listed.length, 300);
			assert.equal((await call(sim, 'POST', `/users/${soren}/sessions/${listed[7]!.id}/revoke`)).status, 200);
			const after = (await call(sim, 'GET', `/users/${soren}/sessions?include_expired=true`)).json.data as {id: string}[];
			assert.equal(after.length, 299);
			assert.ok(!after.some((s) => s.id === listed[7]!.id));

			// Backup codes regenerated before anything read them: the new codes are the ones kept.
			const other = unbuilt.at(-1)!;
			const codes = (await call(sim, 'POST', `/users/${other.id}/backup-codes/regenerate`)).json.backup_codes as string[];
			assert.equal(codes.length, 12);
			assert.equal(store.backupCodeHashes(other.id).length, 12);
			assert.equal((await call(sim, 'GET', `/users/${other.id}/details`)).json.has_backup_codes, true);
		} finally {
			await sim.close();
		}
	});

	it('ids from blocks of the virtual clock: the same decimal strings BigInt gives, none shared between blocks', () => {
		const root = new SnowflakeIds(new Prng(5));
		const a = root.block(new Prng(1), 2 ** 36, 2 ** 20);
		const b = root.block(new Prng(1), 2 ** 36 + 2 ** 20, 2 ** 20);
		const seen = new Set<string>();
		for (let i = 0; i < 400; i++) for (const id of [root.next(), a.next(), b.next()]) seen.add(id);
		assert.equal(seen.size, 1200);
		const prng = new Prng(3);
		for (let i = 0; i < 2000; i++) {
			const ms = prng.int(0, 2 ** 41 - 1);
			const low = prng.int(0, 2 ** 22 - 1);
			assert.equal(snowflakeDecimal(ms, low), ((BigInt(ms) << 22n) | BigInt(low)).toString());
		}
		assert.equal(snowflakeDecimal(0, 5), '5');
		assert.throws(() => {
			const tiny = root.block(new Prng(2), 0, 3_000);
			for (let i = 0; i < 10; i++) tiny.next();
		}, /exhausted/);
	});
});
