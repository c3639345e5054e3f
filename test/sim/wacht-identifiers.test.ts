/**
 * Emails, phones, social connections, passwords and user creation in the simulator, as the server's identifier and
 * account commands do them (status codes, bodies, side effects): no route the server has answers 501.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {after, before, describe, it} from 'node:test';
import {startWachtSimulator, type WachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {call, checkIdsAndTimes} from './wacht-helpers.js';

let sim: WachtSimulator;
before(async () => {
	sim = await startWachtSimulator({userCount: 60, manySessions: 20});
});
after(() => sim.close());

const err = (status: number, message: string) => ({errors: [{message, code: status}]});

describe('the Wacht simulator: identifiers', () => {
	it('no route answers 501', () => {
		const source = readFileSync(new URL('../../src/sim/wacht/api.ts', import.meta.url), 'utf8');
		assert.equal(/\b501\b/.test(source), false);
	});

	it('emails: add (unverified, then primary), verify by PATCH, make-primary needs verified, delete takes its social connections', async () => {
		const jane = sim.store.userByEmail(WELL_KNOWN.jane).id;
		const added = await call(sim, 'POST', `/users/${jane}/emails`, {json: {email: 'jane.new@example.test'}});
		assert.equal(added.status, 200);
		assert.equal(added.json.email, 'jane.new@example.test');
		assert.equal(added.json.verified, false);
		assert.equal(added.json.is_primary, false);
		assert.equal(added.json.user_id, jane);
		checkIdsAndTimes(added.json, (m) => assert.fail(m));
		assert.deepEqual((await call(sim, 'POST', `/users/${jane}/emails`, {json: {email: 'JANE.NEW@example.test'}})).json, err(409, 'Resource already exists'));
		assert.deepEqual((await call(sim, 'POST', `/users/${jane}/emails`, {json: {verified: true}})).json, err(422, 'Invalid request payload'));
		assert.deepEqual((await call(sim, 'POST', '/users/123456789012345678/emails', {json: {email: 'x@example.test'}})).json, err(404, 'Related resource not found'));

		const id = added.json.id as string;
		assert.deepEqual((await call(sim, 'POST', `/users/${jane}/emails/${id}/make-primary`)).json, err(400, 'email must be verified before it can be marked primary'));
		const verified = await call(sim, 'PATCH', `/users/${jane}/emails/${id}`, {json: {verified: true}});
		assert.equal(verified.json.verified, true);
		assert.deepEqual((await call(sim, 'PATCH', `/users/${jane}/emails/123456789012345678`, {json: {verified: true}})).json, err(404, 'Email not found'));
		const primary = await call(sim, 'POST', `/users/${jane}/emails/${id}/make-primary`);
		assert.equal(primary.text, '{}');
		const details = (await call(sim, 'GET', `/users/${jane}/details`)).json;
		assert.equal(details.primary_email_address, 'jane.new@example.test');
		assert.equal(details.email_addresses.filter((e: {is_primary: boolean}) => e.is_primary).length, 1);
		assert.deepEqual((await call(sim, 'POST', `/users/${jane}/emails/123456789012345678/make-primary`)).json, err(404, 'email not found'));

		// The old primary carries Jane's GitHub connection: deleting it unlinks that too.
		const old = sim.store.emailsOf(jane).find((e) => e.email === WELL_KNOWN.jane)!;
		assert.equal(sim.store.socialConnectionsOf(jane).length, 1);
		assert.equal((await call(sim, 'DELETE', `/users/${jane}/emails/${old.id}`)).text, '{}');
		assert.equal(sim.store.socialConnectionsOf(jane).length, 0);
		assert.equal(sim.store.emails.has(old.id), false);
		// No row check: a second delete is still 200 {}.
		const again = await call(sim, 'DELETE', `/users/${jane}/emails/${old.id}`);
		assert.equal(again.status, 200);
		assert.equal(again.text, '{}');
	});

	it('phones: add with a country code, verify, make primary, delete (the primary mark goes with it)', async () => {
		const ana = sim.store.userByEmail(WELL_KNOWN.ana).id;
		const added = await call(sim, 'POST', `/users/${ana}/phones`, {json: {phone_number: '2025550199', country_code: '+1'}});
		assert.equal(added.status, 200);
		assert.deepEqual([added.json.phone_number, added.json.country_code, added.json.verified], ['2025550199', '+1', false]);
		assert.deepEqual((await call(sim, 'POST', `/users/${ana}/phones`, {json: {phone_number: '2025550199'}})).json, err(422, 'Invalid request payload'));
		const id = added.json.id as string;
		assert.deepEqual((await call(sim, 'POST', `/users/${ana}/phones/${id}/make-primary`)).json, err(400, 'phone must be verified before it can be marked primary'));
		assert.equal((await call(sim, 'PATCH', `/users/${ana}/phones/${id}`, {json: {verified: true}})).json.verified, true);
		assert.deepEqual((await call(sim, 'PATCH', `/users/${ana}/phones/123456789012345678`, {json: {verified: true}})).json, err(404, 'Phone number not found'));
		assert.equal((await call(sim, 'POST', `/users/${ana}/phones/${id}/make-primary`)).text, '{}');
		assert.equal((await call(sim, 'GET', `/users/${ana}/details`)).json.primary_phone_number, '2025550199');
		assert.deepEqual((await call(sim, 'POST', `/users/${ana}/phones/123456789012345678/make-primary`)).json, err(404, 'phone not found'));
		assert.equal((await call(sim, 'DELETE', `/users/${ana}/phones/${id}`)).text, '{}');
		const after = (await call(sim, 'GET', `/users/${ana}/details`)).json;
		assert.equal(after.primary_phone_number_id, null);
		assert.equal(after.phone_numbers.some((p: {id: string}) => p.id === id), false);
	});

	it('social connections: DELETE unlinks; a missing one is still 200 {}', async () => {
		const u = [...sim.store.users.values()].find((x) => sim.store.socialConnectionsOf(x.id).length > 0)!;
		const [conn] = sim.store.socialConnectionsOf(u.id);
		assert.equal((await call(sim, 'DELETE', `/users/${u.id}/social-connections/${conn!.id}`)).text, '{}');
		assert.equal(sim.store.socialConnections.has(conn!.id), false);
		assert.equal((await call(sim, 'DELETE', `/users/${u.id}/social-connections/${conn!.id}`)).status, 200);
	});

	it('password: PATCH sets it (policy unless skipped, 200 even for an unknown user); DELETE removes it', async () => {
		const zoe = sim.store.userByEmail(WELL_KNOWN.noSessions).id;
		assert.deepEqual((await call(sim, 'PATCH', `/users/${zoe}/password`, {json: {new_password: 'short'}})).json, err(400, 'Validation failed: password must be at least 8 characters long'));
		assert.equal((await call(sim, 'PATCH', `/users/${zoe}/password`, {json: {new_password: 'short', skip_password_check: true}})).text, '{}');
		assert.equal((await call(sim, 'PATCH', '/users/123456789012345678/password', {json: {new_password: 'long enough pass'}})).status, 200);
		assert.equal((await call(sim, 'DELETE', `/users/${zoe}/password`)).text, '{}');
		assert.equal((await call(sim, 'GET', `/users/${zoe}/details`)).json.has_password, false);
		assert.deepEqual((await call(sim, 'DELETE', '/users/123456789012345678/password')).json, err(404, 'user not found'));
	});

	it('POST /users (multipart) creates a user with a verified primary email', async () => {
		const r = await call(sim, 'POST', '/users', {form: {first_name: 'Neo', last_name: 'Anders', email_address: 'neo@example.test', password: 'a long password'}});
		assert.equal(r.status, 200);
		assert.equal(r.json.primary_email_address, 'neo@example.test');
		assert.equal(sim.store.userByEmail('neo@example.test').id, r.json.id);
		assert.deepEqual((await call(sim, 'POST', '/users', {form: {first_name: 'Neo', last_name: 'Again', email_address: 'neo@example.test'}})).json, err(409, 'Resource already exists'));
		assert.deepEqual((await call(sim, 'POST', '/users', {form: {first_name: '', last_name: 'X'}})).json, err(400, 'First name is required'));
		assert.equal((await call(sim, 'POST', '/users', {json: {first_name: 'A', last_name: 'B'}})).status, 400, 'multipart only');
	});
});
