/**
 * The official Node SDK (@wacht/backend), unmodified, against the simulator: if it works here, the simulator
 * speaks Wacht. The SDK calls go through its own fetch; we compare what it sees with the simulator's store.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {WachtClient, WachtError} from '@wacht/backend';
import {startWachtSimulator, type WachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {hashBackupCode} from '../../src/sim/wacht/store.js';

let sim: WachtSimulator;
let client: WachtClient;
let jane: string;

before(async () => {
	sim = await startWachtSimulator({userCount: 300, manySessions: 100});
	client = new WachtClient({apiKey: sim.apiKey, baseUrl: sim.url});
	jane = sim.store.userByEmail(WELL_KNOWN.jane).id;
});
after(() => sim.close());

describe('@wacht/backend against the simulator', () => {
	it('listUsers: search and pagination', async () => {
		const page = await client.users.listUsers({search: 'okafor', limit: 5});
		assert.ok(page.data.some((u) => u.id === jane && u.primary_email_address === WELL_KNOWN.jane));
		assert.equal(page.limit, 5);
		assert.equal(page.offset, 0);
		// The SDK's type declares `total`; the real server (and so the simulator) never sends it.
		assert.equal((page as {total?: number}).total, undefined);
		const first = await client.users.listUsers({search: WELL_KNOWN.ana, limit: 10, sort_key: 'created_at', sort_order: 'desc'});
		assert.equal(first.has_more, true);
		assert.equal(first.data.some((u) => u.primary_email_address === WELL_KNOWN.ana), false);
	});

	it('getUser returns the details the store holds', async () => {
		const d = await client.users.getUser(jane);
		assert.equal(d.id, jane);
		assert.equal(d.first_name, 'Jane');
		assert.equal(d.primary_email_address, WELL_KNOWN.jane);
		assert.equal(d.email_addresses.length, sim.store.emailsOf(jane).length);
	});

	it('listSignins: the 3 active sessions; include_expired adds the 2 expired', async () => {
		// SDK quirk: bound methods append the client as the last argument, so an omitted optional `options`
		// argument swallows the client ("client not initialized"). Pass `{}` explicitly.
		const active = await client.users.listSignins(jane, {});
		assert.deepEqual(
			active.map((s) => s.id).sort(),
			sim.store
				.activeSessionsOf(jane)
				.map((s) => s.id)
				.sort(),
		);
		assert.equal(active.length, 3);
		assert.equal((await client.users.listSignins(jane, {include_expired: true})).length, 5);
	});

	it('listPasskeys, listOrganizationMemberships, listWorkspaceMemberships, listSocialConnections', async () => {
		const passkeys = await client.users.listPasskeys(jane);
		assert.deepEqual(passkeys.map((p) => p.name).sort(), ['Work laptop', 'YubiKey 5C']);
		const orgs = await client.users.listOrganizationMemberships(jane);
		assert.equal(orgs.length, 1);
		const ws = await client.users.listWorkspaceMemberships(jane);
		assert.equal(ws.length, 1);
		const social = await client.users.listSocialConnections(jane);
		assert.equal(social.length, 1);
	});

	it('revokeSignin and revokeAllSignins change the store', async () => {
		const [s] = sim.store.activeSessionsOf(jane);
		await client.users.revokeSignin(jane, s!.id);
		assert.notEqual(sim.store.signIns.get(s!.id)!.deletedAt, null);
		assert.equal(sim.store.activeSessionsOf(jane).length, 2);
		const expected = sim.store.sessionsOf(jane).length;
		const res = await client.users.revokeAllSignins(jane);
		assert.deepEqual(res, {revoked: expected});
		assert.equal(sim.store.sessionsOf(jane).length, 0);
	});

	it('renamePasskey and deletePasskey', async () => {
		const pk = sim.store.passkeysOf(jane).find((p) => p.name === 'Work laptop')!;
		await client.users.renamePasskey(jane, pk.id, 'Laptop (IT-issued)');
		assert.equal(sim.store.passkeysOf(jane).find((p) => p.id === pk.id)!.name, 'Laptop (IT-issued)');
		await client.users.deletePasskey(jane, pk.id);
		assert.equal(sim.store.passkeysOf(jane).some((p) => p.id === pk.id), false);
	});

	it('createAuthenticator, deleteAuthenticator, regenerateBackupCodes', async () => {
		const created = await client.users.createAuthenticator(jane, {secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU', account_name: 'jane.okafor@example.test'});
		assert.equal(sim.store.authenticatorOf(jane)!.id, created.id);
		assert.match(created.otp_url, /^otpauth:\/\/totp\/Acme%20Support:jane\.okafor%40example\.test\?secret=KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU&/);
		await client.users.deleteAuthenticator(jane);
		assert.equal(sim.store.authenticatorOf(jane), null);
		const codes = await client.users.regenerateBackupCodes(jane);
		assert.deepEqual(sim.store.backupCodeHashes(jane), codes.backup_codes.map(hashBackupCode));
	});

	it('updateUser sends multipart: disable hard-deletes sign-ins, policy changes', async () => {
		const ana = sim.store.userByEmail(WELL_KNOWN.ana).id;
		assert.ok(sim.store.sessionsOf(ana).length > 0);
		const d = await client.users.updateUser(ana, {disabled: true, second_factor_policy: 'enforced'});
		assert.equal(d.disabled, true);
		assert.equal(sim.store.user(ana)!.secondFactorPolicy, 'enforced');
		assert.equal(sim.store.sessionsOf(ana, {includeRevoked: true}).length, 0);
		await client.users.updateUser(ana, {disabled: false});
		assert.equal(sim.store.user(ana)!.disabled, false);
	});

	it('emails, phones, social connections, passwords, createUser and deleteUser: the same calls the app makes', async () => {
		const created = await client.users.createUser({first_name: 'Sdk', last_name: 'Person', email_address: 'sdk.person@example.test', password: 'a long password'});
		const id = created.id;
		assert.equal(sim.store.userByEmail('sdk.person@example.test').id, id);
		const email = await client.users.addEmail(id, {email: 'sdk.second@example.test', verified: false});
		assert.equal(email.verified, false);
		const verified = await client.users.updateEmail(id, email.id, {verified: true});
		assert.equal(verified.verified, true);
		await client.users.makeEmailPrimary(id, email.id);
		assert.equal(sim.store.primaryEmail(id)?.email, 'sdk.second@example.test');
		const phone = await client.users.addPhone(id, {phone_number: '2025550142', country_code: '+1', verified: true});
		await client.users.makePhonePrimary(id, phone.id);
		assert.equal(sim.store.primaryPhone(id)?.phoneNumber, '2025550142');
		await client.users.deletePhone(id, phone.id);
		await client.users.deleteEmail(id, email.id);
		assert.deepEqual(sim.store.emailsOf(id).map((e) => e.email), ['sdk.person@example.test']);
		await client.users.updatePassword(id, {new_password: 'x', skip_password_check: true});
		await client.users.removePassword(id);
		assert.equal(sim.store.user(id)!.hasPassword, false);
		await client.users.updateUser(id, {first_name: 'Renamed', username: 'sdk_person'});
		assert.equal(sim.store.user(id)!.firstName, 'Renamed');
		const u = [...sim.store.users.values()].find((x) => sim.store.socialConnectionsOf(x.id).length > 0)!;
		const [conn] = await client.users.listSocialConnections(u.id);
		await client.users.deleteSocialConnection(u.id, conn!.id);
		assert.equal(sim.store.socialConnections.has(conn!.id), false);
		await client.users.deleteUser(id);
		assert.equal(sim.store.user(id), undefined);
		await assert.rejects(client.users.deleteUser(id), (e: unknown) => e instanceof WachtError && e.statusCode === 404);
	});

	it('errors: the SDK sees the status; its message parser expects another body shape', async () => {
		// The SDK's parseApiError reads a top-level `message`; the real server sends {"errors":[{message, code}]},
		// so the SDK reports "An error occurred". That is the SDK's limitation, not the simulator's format.
		await assert.rejects(
			client.users.createAuthenticator(sim.store.userByEmail(WELL_KNOWN.mfa).id, {secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU'}),
			(err: unknown) => err instanceof WachtError && err.statusCode === 409 && err.message === 'An error occurred',
		);
		await assert.rejects(client.users.getUser('123456789012345678'), (err: unknown) => err instanceof WachtError && err.statusCode === 404);
		const bad = new WachtClient({apiKey: 'sk_test_wrong', baseUrl: sim.url});
		await assert.rejects(bad.users.listUsers({}), (err: unknown) => err instanceof WachtError && err.statusCode === 401);
	});
});
