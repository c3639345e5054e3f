/**
 * Removing an admin role on screen (issue 14): the Memberships tab's admin role rows, `x`, the typed login, and what
 * the simulator holds afterwards (the assignment gone, Okta's `user.account.privilege.revoke` event by the token owner).
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {WELL_KNOWN as W, type OktaSimulator} from '../../src/sim/okta/index.js';
import {appOn, openUser, pressAction, selectedLine} from '../helpers/app.js';
import {KEY} from '../helpers/render.js';

const mutations = (sim: OktaSimulator): string[] => sim.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path} → ${r.status}`);
const rolesOf = (sim: OktaSimulator, id: string): string[] => sim.store.rolesOf(id).map((r) => r.type);

test('remove an admin role: cancelled sends nothing; the login typed removes it and the System Log says so', async (t) => {
	const app = await appOn(t, 'okta', {columns: 120, rows: 40});
	const {sim} = app;
	const id = W.active.id;
	const role = sim.store.rolesOf(id)[0]!;
	assert.equal(role.type, 'HELP_DESK_ADMIN');
	await openUser(app, W.active.login, /Memberships \(\d+\)/);
	await app.press('4');
	let frame = await app.waitFor('Help Desk Administrator');
	// Admin roles come first on the tab.
	assert.match(selectedLine(frame), /Help Desk Administrator/);

	await pressAction(app, 'role/remove', 'memberships');
	frame = await app.waitFor(`Type ${W.active.login} and press Enter`);
	assert.match(frame, /Remove the admin role Help Desk Administrator \(HELP_DESK_ADMIN\)\?/);
	assert.match(frame, /It is their only admin role/);
	await app.press(KEY.esc);
	await app.waitFor('Cancelled: nothing changed');
	assert.deepEqual(mutations(sim), []);
	assert.deepEqual(rolesOf(sim, id), ['HELP_DESK_ADMIN']);

	await pressAction(app, 'role/remove', 'memberships');
	await app.waitFor(`Type ${W.active.login} and press Enter`);
	await app.type(W.active.login);
	await app.press(KEY.enter);
	await app.waitFor('✓ Removed the admin role Help Desk Administrator (HELP_DESK_ADMIN) from');
	assert.deepEqual(mutations(sim), [`DELETE /api/v1/users/${id}/roles/${role.id} → 204`]);
	assert.deepEqual(rolesOf(sim, id), []);
	await app.waitFor((f) => !f.includes('Help Desk Administrator  '));
	const event = sim.store.events.at(-1)!.json as {eventType: string; actor: {id: string}; target: {id: string}[]; debugContext: {debugData: Record<string, unknown>}; transaction: {id: string}};
	assert.equal(event.eventType, 'user.account.privilege.revoke');
	assert.equal(event.actor.id, W.admin.id, 'the token owner acted');
	assert.equal(event.target[0]!.id, id);
	assert.equal(event.debugContext.debugData['privilegeRevoked'], 'Help Desk Administrator');
	assert.equal(event.transaction.id, sim.requests.find((r) => r.method === 'DELETE')!.requestId);
});

test('remove an admin role: refused under read-only before a byte is sent', async (t) => {
	const app = await appOn(t, 'okta', {columns: 120, rows: 40, readOnly: true});
	const {sim} = app;
	await openUser(app, W.active.login, /Memberships \(\d+\)/);
	await app.press('4');
	await app.waitFor('Help Desk Administrator');
	await pressAction(app, 'role/remove', 'memberships');
	await app.waitFor(/Read-only: nothing is sent/);
	assert.deepEqual(mutations(sim), []);
	assert.deepEqual(rolesOf(sim, W.active.id), ['HELP_DESK_ADMIN']);
});

test('a group row is not an admin role: x says so and sends nothing', async (t) => {
	const app = await appOn(t, 'okta', {columns: 120, rows: 40});
	const {sim} = app;
	await openUser(app, W.active.login, /Memberships \(\d+\)/);
	await app.press('4');
	await app.waitFor('Help Desk Administrator');
	await app.press('j');
	await app.waitFor((f) => !selectedLine(f).includes('Help Desk Administrator'));
	await pressAction(app, 'role/remove', 'memberships');
	await app.waitFor(/not an admin role: select an admin role row/);
	assert.deepEqual(mutations(sim), []);
});
