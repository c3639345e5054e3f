/**
 * The help-desk routes of the Okta simulator (issue 14), on the wire and through the official SDK: every answer is
 * checked against the OpenAPI description, and what the SDK sees against the store.
 *   - DELETE /api/v1/users/{userId}/roles/{roleAssignmentId} (unassignRoleFromUser, scope okta.roles.manage)
 *   - POST /api/v1/users/{userId}/factors/{factorId}/verify and GET …/transactions/{transactionId} (a caller check)
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import okta from '@okta/okta-sdk-nodejs';
import {startOktaSimulator, type OktaSimulator} from '../../src/sim/okta/server.js';
import {ACTIVE_USER_TOTP_SECRET, DEMO_PUSH_RESPONDER, WELL_KNOWN as W} from '../../src/sim/okta/seed.js';
import {totp} from '../../src/sim/okta/totp.js';
import {makeCaller, specErrorsInLog, type CallOptions, type Reply} from '../helpers/okta-sim.js';
import {oktaError} from '../helpers/okta-sdk.js';

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

const factorOf = (userId: string, type: string, provider = 'OKTA') => sim.store.factorsOf(userId).find((f) => f.factorType === type && f.provider === provider)!;

describe('verifying a factor (a caller check)', () => {
	it('push: 201 WAITING with a poll link on this org; polls WAITING until the user answers; approve, reject, time out', async () => {
		const push = factorOf(W.active.id, 'push');
		const start = await call('POST', `/api/v1/users/${W.active.id}/factors/${push.id}/verify`);
		assert.equal(start.status, 201);
		assert.equal(start.json.factorResult, 'WAITING');
		assert.ok(Date.parse(start.json.expiresAt) > Date.now() + 60_000, 'five minutes to answer');
		const poll: string = start.json._links.poll.href;
		assert.match(poll, new RegExp(`^${sim.url}/api/v1/users/${W.active.id}/factors/${push.id}/transactions/[A-Za-z0-9]{20}$`));
		const path = poll.slice(sim.url.length);
		assert.equal((await call('GET', path)).json.factorResult, 'WAITING');
		assert.ok(sim.store.answerPush(W.active.id, 'approve'));
		const approved = await call('GET', path);
		assert.deepEqual(approved.json, {factorResult: 'SUCCESS'});
		assert.equal(sim.store.events.at(-1)!.json['eventType'], 'user.authentication.auth_via_mfa');

		const second = await call('POST', `/api/v1/users/${W.active.id}/factors/${push.id}/verify`);
		sim.store.answerPush(W.active.id, 'reject');
		const rejected = await call('GET', second.json._links.poll.href.slice(sim.url.length));
		assert.equal(rejected.json.factorResult, 'REJECTED');
		assert.equal(rejected.json.profile.credentialId, W.active.login);
		const deny = sim.store.events.at(-1)!.json as {eventType: string; actor: {id: string}; outcome: {result: string}};
		assert.equal(deny.eventType, 'user.mfa.okta_verify.deny_push');
		assert.equal(deny.actor.id, W.active.id, 'the user answered');

		sim.store.pushLifetimeMs = 50;
		const third = await call('POST', `/api/v1/users/${W.active.id}/factors/${push.id}/verify`);
		await new Promise((resolve) => setTimeout(resolve, 80));
		assert.equal((await call('GET', third.json._links.poll.href.slice(sim.url.length))).json.factorResult, 'TIMEOUT');
		assert.equal(sim.store.answerPush(W.active.id, 'approve'), null, 'too late to answer');
		sim.store.pushLifetimeMs = 5 * 60_000;
		const sent = sim.store.events.filter((e) => e.json['eventType'] === 'system.push.send_factor_verify_push');
		assert.equal((sent.at(-1)!.json as {actor: {id: string}}).actor.id, W.admin.id, 'the token owner sent it');
	});

	it('SMS: CHALLENGE sends a code (the outbox), then the code SUCCESS, a wrong one 403 E0000068; TOTP checked for real', async () => {
		const sms = factorOf(W.active.id, 'sms');
		const challenge = await call('POST', `/api/v1/users/${W.active.id}/factors/${sms.id}/verify`);
		assert.equal(challenge.status, 200);
		assert.equal(challenge.json.factorResult, 'CHALLENGE');
		const code = sim.store.outbox.filter((o) => o.factorId === sms.id).at(-1)!.code!;
		const wrong = await call('POST', `/api/v1/users/${W.active.id}/factors/${sms.id}/verify`, {json: {passCode: code === '000000' ? '111111' : '000000'}});
		assert.equal(wrong.status, 403);
		assert.equal(wrong.json.errorCode, 'E0000068');
		const right = await call('POST', `/api/v1/users/${W.active.id}/factors/${sms.id}/verify`, {json: {passCode: code}});
		assert.deepEqual(right.json, {factorResult: 'SUCCESS'});

		const otp = factorOf(W.active.id, 'token:software:totp');
		assert.deepEqual((await call('POST', `/api/v1/users/${W.active.id}/factors/${otp.id}/verify`, {json: {passCode: totp(ACTIVE_USER_TOTP_SECRET)}})).json, {factorResult: 'SUCCESS'});
		assert.equal((await call('POST', `/api/v1/users/${W.active.id}/factors/${otp.id}/verify`, {json: {passCode: '12345'}})).status, 403);
		const missing = await call('GET', `/api/v1/users/${W.active.id}/factors/${sms.id}/transactions/gPAQcN3NDjSGOCAeG2Jv`);
		assert.equal(missing.status, 404);
	});

	it('the official SDK: userFactorApi.verifyFactor, then getFactorTransactionStatus until the push is approved', async () => {
		const push = factorOf(W.allFactors.id, 'push');
		sim.requests.length = 0;
		const started = await client.userFactorApi.verifyFactor({userId: W.allFactors.id, factorId: push.id});
		assert.equal(started.factorResult, 'WAITING');
		const transactionId = String(started._links?.poll?.href).split('/').at(-1)!;
		assert.equal((await client.userFactorApi.getFactorTransactionStatus({userId: W.allFactors.id, factorId: push.id, transactionId})).factorResult, 'WAITING');
		sim.store.answerPush(W.allFactors.id, 'approve');
		assert.equal((await client.userFactorApi.getFactorTransactionStatus({userId: W.allFactors.id, factorId: push.id, transactionId})).factorResult, 'SUCCESS');
		const otp = factorOf(W.active.id, 'token:software:totp');
		const checked = await client.userFactorApi.verifyFactor({userId: W.active.id, factorId: otp.id, body: {passCode: totp(ACTIVE_USER_TOTP_SECRET, Date.now() + 30_000)}});
		assert.equal(checked.factorResult, 'SUCCESS');
		assert.deepEqual(specErrorsInLog(sim.requests), []);
	});
});

describe('who answers a push', () => {
	it("the demo's phones: approved after a few seconds, Marta's rejected; a responder's answer reaches the poll", async () => {
		const demo = await startOktaSimulator({userCount: 60, demoPhones: true});
		try {
			assert.equal(demo.store.pushResponder, DEMO_PUSH_RESPONDER);
			const tx = {id: 't', userId: '', factorId: '', created: 0, expiresAt: 0, result: 'WAITING' as const, answeredAt: null};
			assert.deepEqual(DEMO_PUSH_RESPONDER(tx, demo.store.user(W.active.id)), {answer: 'approve', afterMs: 4_000});
			assert.equal(DEMO_PUSH_RESPONDER(tx, demo.store.user(W.pushBombed.id))?.answer, 'reject');
			demo.store.pushResponder = (_tx, user) => ({answer: user.id === W.pushBombed.id ? 'reject' : 'approve', afterMs: 20});
			const demoCall = makeCaller(demo);
			const results: string[] = [];
			for (const id of [W.active.id, W.pushBombed.id]) {
				const push = demo.store.factorsOf(id).find((f) => f.factorType === 'push')!;
				const start = await demoCall('POST', `/api/v1/users/${id}/factors/${push.id}/verify`);
				assert.deepEqual(start.specErrors, []);
				await new Promise((resolve) => setTimeout(resolve, 60));
				const poll = await demoCall('GET', String(start.json._links.poll.href).slice(demo.url.length));
				assert.deepEqual(poll.specErrors, []);
				results.push(poll.json.factorResult);
			}
			assert.deepEqual(results, ['SUCCESS', 'REJECTED']);
		} finally {
			await demo.close();
		}
	});
	it('without demo phones a push waits: only the test hook or the clock ends it', () => {
		assert.equal(sim.store.pushResponder, null);
	});
});
