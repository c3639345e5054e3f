/**
 * The help-desk routes of the Okta simulator (issue 14), on the wire and through the official SDK: every answer is
 * checked against the OpenAPI description, and what the SDK sees against the store.
 *   - DELETE /api/v1/users/{userId}/roles/{roleAssignmentId} (unassignRoleFromUser, scope okta.roles.manage)
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import okta from '@okta/okta-sdk-nodejs';
import {startOktaSimulator, type OktaSimulator} from '../../src/sim/okta/server.js';
import {WELL_KNOWN as W} from '../../src/sim/okta/seed.js';
import {makeCaller, specErrorsInLog, type CallOptions, type Reply} from '../helpers/okta-sim.js';

let sim: OktaSimulator;
let raw: ReturnType<typeof makeCaller>;
let client: okta.Client;

before(async () => {
	sim = await startOktaSimulator({userCount: 100, recordResponses: true, scopedTokens: {'00sIm-rolesReadOnlyT0ken000000000000000000': ['okta.roles.read', 'okta.users.read']}});
	raw = makeCaller(sim);
	const config = {orgUrl: sim.url, token: sim.token, testing: {disableHttpsCheck: true}, cacheMiddleware: null};
	client = new okta.Client(config);
});
after(() => sim.close());

async function call(method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
	const r = await raw(method, path, opts);
	assert.deepEqual(r.specErrors, [], `${method} ${path} → ${r.status} doesn't match the OpenAPI description`);
	return r;
}

/** The OktaApiError an SDK call rejects with. */
async function oktaError(p: Promise<unknown>): Promise<okta.OktaApiError> {
	try {
		await p;
	} catch (e) {
		assert.ok(e instanceof okta.OktaApiError, `expected OktaApiError, got ${String(e)}`);
		return e;
	}
	assert.fail('expected the call to fail');
}

describe('admin roles: unassign', () => {
	it('on the wire: GET the assignment, DELETE answers 204 and it is gone; 404 after; the scope is okta.roles.manage', async () => {
		const role = sim.store.rolesOf(W.active.id)[0]!;
		const base = `/api/v1/users/${W.active.id}/roles/${role.id}`;
		const got = await call('GET', base);
		assert.equal(got.status, 200);
		assert.equal(got.json.type, 'HELP_DESK_ADMIN');
		assert.equal(got.json.assignmentType, 'USER');

		const denied = await call('DELETE', base, {auth: 'SSWS 00sIm-rolesReadOnlyT0ken000000000000000000'});
		assert.equal(denied.status, 403);
		assert.equal(denied.json.errorCode, 'E0000006');
		assert.equal(sim.store.rolesOf(W.active.id).length, 1, 'nothing removed without the scope');

		const del = await call('DELETE', base);
		assert.equal(del.status, 204);
		assert.equal(del.text, '');
		assert.deepEqual(sim.store.rolesOf(W.active.id), []);
		const again = await call('DELETE', base);
		assert.equal(again.status, 404);
		assert.equal(again.json.errorCode, 'E0000007');
		const event = sim.store.events.at(-1)!.json as {eventType: string; actor: {id: string}; displayMessage: string};
		assert.equal(event.eventType, 'user.account.privilege.revoke');
		assert.equal(event.displayMessage, 'Revoke user privilege');
		assert.equal(event.actor.id, W.admin.id);
		// Another user's assignment id under this user is not found.
		const admins = sim.store.rolesOf(W.admin.id)[0]!;
		assert.equal((await call('DELETE', `/api/v1/users/${W.active.id}/roles/${admins.id}`)).status, 404);
	});

	it('the official SDK: roleAssignmentApi.unassignRoleFromUser removes it; a second call rejects with 404 E0000007', async () => {
		const role = sim.store.rolesOf(W.admin.id)[0]!;
		sim.requests.length = 0;
		await client.roleAssignmentApi.unassignRoleFromUser({userId: W.admin.id, roleId: role.id});
		assert.deepEqual(sim.store.rolesOf(W.admin.id), []);
		const e = await oktaError(client.roleAssignmentApi.unassignRoleFromUser({userId: W.admin.id, roleId: role.id}));
		assert.equal(e.status, 404);
		assert.equal(e.errorCode, 'E0000007');
		assert.deepEqual(specErrorsInLog(sim.requests), []);
	});
});
