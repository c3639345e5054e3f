/**
 * The Okta simulator's state: the user lifecycle state machine (and its agreement with `_links`), the two-step
 * delete, sessions, factors (real TOTP enrollment), grants, clients and refresh tokens. Each test starts a small
 * fresh simulator; every answer is checked against the OpenAPI description.
 */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {startOktaSimulator, type OktaSimulator, type OktaSimulatorOptions} from '../../src/sim/okta/server.js';
import {ACTIVE_USER_TOTP_SECRET, GOOGLE_IDP_ID, MANY_GRANTS_COUNT, MANY_TOKENS_COUNT, WELL_KNOWN} from '../../src/sim/okta/seed.js';
import type {UserStatus} from '../../src/sim/okta/store.js';
import {makeCaller, parseLinks, type CallOptions, type Reply} from '../helpers/okta-sim.js';
import {base32Decode, totp} from '../../src/sim/okta/totp.js';

const W = WELL_KNOWN;
const sims: OktaSimulator[] = [];
afterEach(async () => {
	await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function fresh(opts: OktaSimulatorOptions = {}) {
	const sim = await startOktaSimulator({userCount: 40, ...opts});
	sims.push(sim);
	const raw = makeCaller(sim);
	const call = async (method: string, path: string, o: CallOptions = {}): Promise<Reply> => {
		const r = await raw(method, path, o);
		assert.deepEqual(r.specErrors, [], `${method} ${path} → ${r.status} doesn't match the OpenAPI description`);
		return r;
	};
	return {sim, call, store: sim.store};
}

function assertError(r: Reply, status: number, code: string): void {
	assert.equal(r.status, status, r.text);
	assert.equal(r.json?.errorCode, code, r.text);
}

// ------------------------------------------------------------------ the state machine, from every status

/** One well-known user per status. */
const BY_STATUS: Record<UserStatus, {id: string}> = {
	STAGED: W.staged,
	PROVISIONED: W.provisioned,
	ACTIVE: W.noFactors,
	RECOVERY: W.recovery,
	LOCKED_OUT: W.lockedOut,
	PASSWORD_EXPIRED: W.passwordExpired,
	SUSPENDED: W.suspended,
	DEPROVISIONED: W.deprovisioned,
};

type Outcome = UserStatus | `${400 | 403}-${string}`;
/** What Okta does for each operation from each status (shared/research/okta-api.md §4): new status or status-code. */
const EXPECTED: Record<string, {path: string; link: string | null; from: Record<UserStatus, Outcome>}> = {
	activate: {
		path: 'lifecycle/activate?sendEmail=false',
		link: 'activate',
		from: {STAGED: 'PROVISIONED', PROVISIONED: '403-E0000038', ACTIVE: '403-E0000016', RECOVERY: '403-E0000038', LOCKED_OUT: '403-E0000038', PASSWORD_EXPIRED: '403-E0000038', SUSPENDED: '403-E0000038', DEPROVISIONED: 'ACTIVE'},
	},
	reactivate: {
		path: 'lifecycle/reactivate?sendEmail=false',
		link: 'reactivate',
		from: {STAGED: '403-E0000038', PROVISIONED: 'PROVISIONED', ACTIVE: '403-E0000038', RECOVERY: 'PROVISIONED', LOCKED_OUT: '403-E0000038', PASSWORD_EXPIRED: '403-E0000038', SUSPENDED: '403-E0000038', DEPROVISIONED: '403-E0000038'},
	},
	deactivate: {
		path: 'lifecycle/deactivate',
		link: 'deactivate',
		from: {STAGED: 'DEPROVISIONED', PROVISIONED: 'DEPROVISIONED', ACTIVE: 'DEPROVISIONED', RECOVERY: 'DEPROVISIONED', LOCKED_OUT: 'DEPROVISIONED', PASSWORD_EXPIRED: 'DEPROVISIONED', SUSPENDED: 'DEPROVISIONED', DEPROVISIONED: '403-E0000038'},
	},
	suspend: {
		path: 'lifecycle/suspend',
		link: 'suspend',
		from: {STAGED: '400-E0000001', PROVISIONED: '400-E0000001', ACTIVE: 'SUSPENDED', RECOVERY: '400-E0000001', LOCKED_OUT: '400-E0000001', PASSWORD_EXPIRED: '400-E0000001', SUSPENDED: '400-E0000001', DEPROVISIONED: '400-E0000001'},
	},
	unsuspend: {
		path: 'lifecycle/unsuspend',
		link: 'unsuspend',
		from: {STAGED: '400-E0000001', PROVISIONED: '400-E0000001', ACTIVE: '400-E0000001', RECOVERY: '400-E0000001', LOCKED_OUT: '400-E0000001', PASSWORD_EXPIRED: '400-E0000001', SUSPENDED: 'ACTIVE', DEPROVISIONED: '400-E0000001'},
	},
	unlock: {
		path: 'lifecycle/unlock',
		link: 'unlock',
		from: {STAGED: '403-E0000038', PROVISIONED: '403-E0000038', ACTIVE: 'ACTIVE', RECOVERY: '403-E0000038', LOCKED_OUT: 'ACTIVE', PASSWORD_EXPIRED: '403-E0000038', SUSPENDED: '403-E0000038', DEPROVISIONED: '403-E0000038'},
	},
	reset_password: {
		path: 'lifecycle/reset_password?sendEmail=false',
		link: 'resetPassword',
		from: {STAGED: '403-E0000038', PROVISIONED: 'RECOVERY', ACTIVE: 'RECOVERY', RECOVERY: 'RECOVERY', LOCKED_OUT: 'RECOVERY', PASSWORD_EXPIRED: 'RECOVERY', SUSPENDED: '403-E0000038', DEPROVISIONED: '403-E0000038'},
	},
	expire_password: {
		path: 'lifecycle/expire_password',
		link: 'expirePassword',
		from: {STAGED: '403-E0000038', PROVISIONED: '403-E0000038', ACTIVE: 'PASSWORD_EXPIRED', RECOVERY: 'PASSWORD_EXPIRED', LOCKED_OUT: '403-E0000038', PASSWORD_EXPIRED: 'PASSWORD_EXPIRED', SUSPENDED: '403-E0000038', DEPROVISIONED: '403-E0000038'},
	},
	// W.noFactors (the ACTIVE one here) has no recovery question: the flow needs one (E0000034); see below for one that has.
	forgot_password: {
		path: 'credentials/forgot_password?sendEmail=false',
		link: 'forgotPassword',
		from: {STAGED: '403-E0000038', PROVISIONED: '403-E0000038', ACTIVE: '403-E0000034', RECOVERY: '403-E0000038', LOCKED_OUT: '403-E0000038', PASSWORD_EXPIRED: '403-E0000038', SUSPENDED: '403-E0000038', DEPROVISIONED: '403-E0000038'},
	},
	reset_factors: {
		path: 'lifecycle/reset_factors',
		link: 'resetFactors',
		from: {STAGED: 'STAGED', PROVISIONED: 'PROVISIONED', ACTIVE: 'ACTIVE', RECOVERY: 'RECOVERY', LOCKED_OUT: 'LOCKED_OUT', PASSWORD_EXPIRED: 'PASSWORD_EXPIRED', SUSPENDED: 'SUSPENDED', DEPROVISIONED: '403-E0000038'},
	},
};

describe('lifecycle state machine', () => {
	for (const [op, spec] of Object.entries(EXPECTED)) {
		it(`${op} from every status, and the ${spec.link} link is only offered where it works`, async () => {
			const {call, store} = await fresh();
			for (const [status, user] of Object.entries(BY_STATUS) as [UserStatus, {id: string}][]) {
				const expected = spec.from[status];
				assert.equal(store.user(user.id).status, status);
				const links = (await call('GET', `/api/v1/users/${user.id}`)).json._links;
				const r = await call('POST', `/api/v1/users/${user.id}/${spec.path}`);
				if (/^\d{3}-/.test(expected)) {
					const [code, errorCode] = expected.split('-') as [string, string];
					assertError(r, Number(code), errorCode);
					assert.equal(store.user(user.id).status, status, `${op} from ${status} changed nothing`);
					assert.equal(links[spec.link as string], undefined, `no ${spec.link} link on a ${status} user`);
				} else {
					assert.equal(r.status, 200, `${op} from ${status}: ${r.text}`);
					assert.equal(store.user(user.id).status, expected, `${op} from ${status}`);
				}
			}
		});
	}

	it('success bodies: activation token + URL, reset URL, the full user, empty 200s', async () => {
		const {call, sim} = await fresh();
		const act = await call('POST', `/api/v1/users/${W.staged.id}/lifecycle/activate?sendEmail=false`);
		assert.deepEqual(Object.keys(act.json).sort(), ['activationToken', 'activationUrl']);
		assert.equal(act.json.activationUrl, `${sim.url}/tokens/${act.json.activationToken}/verify`);
		assert.match(act.json.activationToken, /^[A-Za-z0-9]{20}$/);
		const emailed = await call('POST', `/api/v1/users/${W.provisioned.id}/lifecycle/reactivate?sendEmail=true`);
		assert.deepEqual(emailed.json, {}, 'sendEmail=true: {}');
		assert.equal(sim.store.outbox.at(-1)?.kind, 'activation');
		const reset = await call('POST', `/api/v1/users/${W.lockedOut.id}/lifecycle/reset_password?sendEmail=false&revokeSessions=true`);
		assert.match(reset.json.resetPasswordUrl, new RegExp(`^${sim.url}/signin/reset-password/[A-Za-z0-9]{20}$`));
		const expired = await call('POST', `/api/v1/users/${W.noFactors.id}/lifecycle/expire_password`);
		assert.equal(expired.json.id, W.noFactors.id);
		assert.equal(expired.json.status, 'PASSWORD_EXPIRED');
		assert.ok(expired.json._links.resetPassword, 'a single user, with links');
		const suspend = await call('POST', `/api/v1/users/${W.active.id}/lifecycle/suspend`);
		assert.equal(suspend.status, 200);
		assert.equal(suspend.text, '', 'suspend answers 200 with an empty body');
		assert.equal(suspend.headers['content-type'], 'application/json');
	});

	it('forgot_password: a one-time reset link (sendEmail=false) or the email (default), status unchanged; no recovery question → 403 E0000034', async () => {
		const {call, sim, store} = await fresh();
		const before = store.user(W.admin.id);
		assert.ok(before.recoveryQuestion, 'the admin has a recovery question');
		assert.ok((await call('GET', `/api/v1/users/${W.admin.id}`)).json._links.forgotPassword);
		const link = await call('POST', `/api/v1/users/${W.admin.id}/credentials/forgot_password?sendEmail=false`);
		assert.equal(link.status, 200, link.text);
		assert.deepEqual(Object.keys(link.json), ['resetPasswordUrl']);
		assert.match(link.json.resetPasswordUrl, new RegExp(`^${sim.url}/signin/reset-password/[A-Za-z0-9]{20}$`));
		const mailed = await call('POST', `/api/v1/users/${W.admin.id}/credentials/forgot_password`);
		assert.deepEqual(mailed.json, {}, 'sendEmail defaults to true: {}');
		assert.deepEqual(
			store.outbox.filter((m) => m.kind === 'forgot_password').map((m) => [m.userId, m.to]),
			[[W.admin.id, before.profile.email]],
		);
		assert.equal(store.user(W.admin.id).status, 'ACTIVE');
		const none = await call('POST', `/api/v1/users/${W.noFactors.id}/credentials/forgot_password`);
		assertError(none, 403, 'E0000034');
		assert.deepEqual(none.json.errorCauses, [{errorSummary: 'Recovery credential not set.'}]);
	});

	it('POST /users/{id}: a partial profile update answers the whole user; each refused field is an errorCause; a directory-mastered profile → 403 E0000023', async () => {
		const {call, store} = await fresh();
		const before = {...store.user(W.active.id).profile};
		const ok = await call('POST', `/api/v1/users/${W.active.id}`, {json: {profile: {login: 'aoife.nb@example.com', secondEmail: null}}});
		assert.equal(ok.status, 200, ok.text);
		assert.equal(ok.json.id, W.active.id);
		assert.equal(ok.json.profile.login, 'aoife.nb@example.com');
		assert.ok(ok.json._links.self, 'a single user, with links');
		assert.deepEqual({...store.user(W.active.id).profile}, {...before, login: 'aoife.nb@example.com', secondEmail: null});
		assert.equal((await call('GET', `/api/v1/users/${encodeURIComponent('aoife.nb@example.com')}`)).json.id, W.active.id, 'the new login resolves');
		assert.equal((await call('GET', `/api/v1/users/${encodeURIComponent(W.active.login)}`)).status, 404, 'the old one no longer does');

		const bad = await call('POST', `/api/v1/users/${W.noFactors.id}`, {json: {profile: {login: 'not-an-email', email: 'jane@example', firstName: ' ', nickname2: 'x'}}});
		assertError(bad, 400, 'E0000001');
		assert.equal(bad.json.errorSummary, 'Api validation failed: login');
		assert.deepEqual(bad.json.errorCauses.map((c: {errorSummary: string}) => c.errorSummary), [
			'login: Username must be in the form of an email address',
			'email: Does not match required pattern',
			'firstName: The field cannot be left blank',
			"nickname2: Property name 'nickname2' is not defined in profile",
		]);
		const dup = await call('POST', `/api/v1/users/${W.noFactors.id}`, {json: {profile: {login: 'AOIFE.NB@example.com'}}});
		assertError(dup, 400, 'E0000001');
		assert.deepEqual(dup.json.errorCauses, [{errorSummary: 'login: An object with this field already exists in the current organization'}]);
		assertError(await call('POST', `/api/v1/users/${W.adLockedOut.id}`, {json: {profile: {mobilePhone: '+1 202 555 0100'}}}), 403, 'E0000023');
		assert.equal(store.user(W.adLockedOut.id).profile['mobilePhone'] ?? null, null);
		assertError(await call('POST', `/api/v1/users/${W.activating.id}`, {json: {profile: {firstName: 'T'}}}), 409, 'E0000112');
	});

	it('GET /users/{id}/idps: the IdentityProvider a federated user signs in through (by id or login); [] for others; no Okta password actions for them', async () => {
		const {call, store} = await fresh();
		const r = await call('GET', `/api/v1/users/${W.googleFederated.id}/idps`);
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.map((i: {id: string; name: string; type: string}) => [i.id, i.name, i.type]), [[GOOGLE_IDP_ID, 'Google Workspace', 'GOOGLE']]);
		assert.deepEqual(r.json[0].protocol, {type: 'OIDC', scopes: ['openid', 'email', 'profile']});
		assert.ok(r.json[0]._links.authorize.templated);
		assert.deepEqual((await call('GET', `/api/v1/users/${encodeURIComponent(W.googleFederated.login)}/idps`)).json.length, 1);
		assert.deepEqual((await call('GET', `/api/v1/users/${W.adLockedOut.id}/idps`)).json, []);
		assertError(await call('GET', '/api/v1/users/00uNotThere000000000/idps'), 404, 'E0000007');
		const user = (await call('GET', `/api/v1/users/${W.googleFederated.id}`)).json;
		assert.deepEqual(user.credentials, {provider: {type: 'SOCIAL', name: 'SOCIAL'}}, 'no password, no recovery question');
		for (const rel of ['resetPassword', 'expirePassword', 'forgotPassword', 'changePassword']) assert.equal(user._links[rel], undefined, rel);
		assertError(await call('POST', `/api/v1/users/${W.googleFederated.id}/lifecycle/reset_password?sendEmail=false`), 403, 'E0000017');
		assert.equal(store.user(W.googleFederated.id).status, 'ACTIVE');
	});

	it('reset_password needs sendEmail (400 E0000028); expire with a temp password, both forms', async () => {
		const {call, store} = await fresh();
		assertError(await call('POST', `/api/v1/users/${W.active.id}/lifecycle/reset_password`), 400, 'E0000028');
		assert.equal(store.user(W.active.id).status, 'ACTIVE');
		const temp = await call('POST', `/api/v1/users/${W.active.id}/lifecycle/expire_password_with_temp_password`);
		assert.match(temp.json.tempPassword, /^[A-Za-z0-9]{8}$/);
		assert.equal(store.user(W.active.id).status, 'PASSWORD_EXPIRED');
		const legacy = await call('POST', `/api/v1/users/${W.recovery.id}/lifecycle/expire_password?tempPassword=true`);
		assert.equal(legacy.json.status, 'PASSWORD_EXPIRED', 'the retired ?tempPassword=true form answers the user, as the current description says');
		assert.equal(legacy.json.tempPassword, undefined);
	});

	it('suspend → unsuspend; lock states: unlock restores ACTIVE; a directory-mastered user → 403 E0000032', async () => {
		const {call, store} = await fresh();
		await call('POST', `/api/v1/users/${W.noFactors.id}/lifecycle/suspend`);
		assert.equal(store.user(W.noFactors.id).status, 'SUSPENDED');
		await call('POST', `/api/v1/users/${W.noFactors.id}/lifecycle/unsuspend`);
		assert.equal(store.user(W.noFactors.id).status, 'ACTIVE');
		const ad = await call('POST', `/api/v1/users/${W.adLockedOut.id}/lifecycle/unlock`);
		assertError(ad, 403, 'E0000032');
		assert.equal(ad.json.errorSummary, 'Unlock is not allowed for this user.');
		assert.equal(store.user(W.adLockedOut.id).status, 'LOCKED_OUT');
		await call('POST', `/api/v1/users/${W.blocked.id}/lifecycle/unlock`);
		assert.deepEqual(store.user(W.blocked.id).blocks, [], 'unlock clears device blocks of an ACTIVE user');
	});

	it('error bodies for wrong-state calls', async () => {
		const {call} = await fresh();
		const r = await call('POST', `/api/v1/users/${W.suspended.id}/lifecycle/reactivate?sendEmail=false`);
		assert.deepEqual({...r.json, errorId: 'x'}, {errorCode: 'E0000038', errorSummary: "This operation is not allowed in the user's current status.", errorLink: 'E0000038', errorId: 'x', errorCauses: []});
		const s = await call('POST', `/api/v1/users/${W.suspended.id}/lifecycle/suspend`);
		assert.equal(s.json.errorSummary, 'Api validation failed: status');
		assert.equal(s.json.errorCauses.length, 1);
		const a = await call('POST', `/api/v1/users/${W.active.id}/lifecycle/activate?sendEmail=false`);
		assert.equal(a.json.errorSummary, 'Activation failed because the user is already active');
	});

	it('a user still being activated → 409 E0000112 for every lifecycle call and DELETE, until the transition completes', async () => {
		const {call, store} = await fresh();
		for (const op of ['reactivate?sendEmail=false', 'deactivate', 'suspend', 'unlock', 'reset_password?sendEmail=false', 'reset_factors']) {
			assertError(await call('POST', `/api/v1/users/${W.activating.id}/lifecycle/${op}`), 409, 'E0000112');
		}
		assertError(await call('DELETE', `/api/v1/users/${W.activating.id}`), 409, 'E0000112');
		store.completeTransition(W.activating.id);
		const u = (await call('GET', `/api/v1/users/${W.activating.id}`)).json;
		assert.equal(u.status, 'ACTIVE');
		assert.equal(u.transitioningToStatus, undefined);
	});

	it('with transitionMs, activate and deactivate are asynchronous (transitioningToStatus meanwhile)', async () => {
		const {call, store} = await fresh({transitionMs: 120});
		await call('POST', `/api/v1/users/${W.deprovisioned.id}/lifecycle/activate?sendEmail=false`);
		const during = (await call('GET', `/api/v1/users/${W.deprovisioned.id}`)).json;
		assert.equal(during.status, 'DEPROVISIONED');
		assert.equal(during.transitioningToStatus, 'ACTIVE');
		assertError(await call('POST', `/api/v1/users/${W.deprovisioned.id}/lifecycle/suspend`), 409, 'E0000112');
		await new Promise((r) => setTimeout(r, 180));
		assert.equal(store.user(W.deprovisioned.id).status, 'ACTIVE');
		assert.equal(store.user(W.deprovisioned.id).transitioningToStatus, null);
	});
});

describe('delete', () => {
	it('first DELETE deactivates (204), second deletes (204), then 404 E0000007', async () => {
		const {call, store} = await fresh();
		const id = W.active.id;
		assert.ok(store.appLinksOf(id).length > 0);
		const first = await call('DELETE', `/api/v1/users/${id}`);
		assert.equal(first.status, 204);
		assert.equal(first.text, '');
		assert.equal(store.user(id).status, 'DEPROVISIONED');
		assert.equal(store.user(id).sessions, 0);
		assert.deepEqual(store.appLinksOf(id), [], 'deprovisioned from every app');
		assert.equal(((await call('GET', `/api/v1/users/${id}`)).json as {status: string}).status, 'DEPROVISIONED');
		assert.equal((await call('DELETE', `/api/v1/users/${id}?sendEmail=true`)).status, 204);
		assert.equal(store.users.has(id), false);
		assertError(await call('GET', `/api/v1/users/${id}`), 404, 'E0000007');
		assertError(await call('DELETE', `/api/v1/users/${id}`), 404, 'E0000007');
		assert.equal([...store.factors.values()].filter((f) => f.userId === id).length, 0);
		assert.equal([...store.grants.values()].filter((g) => g.userId === id).length, 0);
	});

	it('deactivate then delete (okta-sdk-nodejs #222) works; a DEPROVISIONED user goes at once', async () => {
		const {call, store} = await fresh();
		await call('POST', `/api/v1/users/${W.suspended.id}/lifecycle/deactivate`);
		assert.equal((await call('DELETE', `/api/v1/users/${W.suspended.id}`)).status, 204);
		assert.equal(store.users.has(W.suspended.id), false);
		assert.equal((await call('DELETE', `/api/v1/users/${W.deprovisioned.id}`)).status, 204);
		assert.equal(store.users.has(W.deprovisioned.id), false);
		assert.equal((await call('GET', `/api/v1/users?search=${encodeURIComponent(`id eq "${W.deprovisioned.id}"`)}`)).json.length, 0);
	});
});

describe('sessions', () => {
	it('DELETE /sessions ends sessions and forgets devices by default; oauthTokens=true also revokes refresh tokens', async () => {
		const {call, store} = await fresh();
		const u = store.user(W.active.id);
		assert.ok(u.sessions > 0 && u.rememberedDevices > 0);
		const tokensBefore = [...store.refreshTokens.values()].filter((t) => t.userId === u.id).length;
		assert.ok(tokensBefore > 0);
		assert.equal((await call('DELETE', `/api/v1/users/${u.id}/sessions`)).status, 204);
		assert.equal(u.sessions, 0);
		assert.equal(u.rememberedDevices, 0);
		assert.equal([...store.refreshTokens.values()].filter((t) => t.userId === u.id).length, tokensBefore, 'tokens kept by default');
		u.rememberedDevices = 2;
		await call('DELETE', `/api/v1/users/${u.id}/sessions?oauthTokens=true&forgetDevices=false`);
		assert.equal(u.rememberedDevices, 2);
		assert.equal([...store.refreshTokens.values()].filter((t) => t.userId === u.id).length, 0);
		assertError(await call('DELETE', '/api/v1/users/00uNope00000000000000/sessions'), 404, 'E0000007');
	});
});

describe('factors', () => {
	it('list: every enrolled factor with type, provider, status, profile and links', async () => {
		const {call} = await fresh();
		const list = (await call('GET', `/api/v1/users/${W.active.id}/factors`)).json as any[];
		assert.deepEqual(list.map((f) => `${f.factorType}/${f.provider}`), ['email/OKTA', 'sms/OKTA', 'call/OKTA', 'push/OKTA', 'token:software:totp/OKTA', 'token:software:totp/GOOGLE', 'webauthn/FIDO', 'webauthn/FIDO', 'question/OKTA']);
		assert.deepEqual(list.filter((f) => f.factorType === 'webauthn').map((f) => f.profile.authenticatorName), ['MacBook Touch ID', 'YubiKey 5C NFC']);
		for (const f of list) {
			assert.equal(f.status, 'ACTIVE');
			assert.ok(f._links.self.href.endsWith(`/factors/${f.id}`));
			assert.ok(f._links.verify, 'ACTIVE factors can be verified');
			assert.equal(f._embedded, undefined, 'no secrets in lists');
		}
		assert.equal(list.find((f) => f.factorType === 'sms').profile.phoneNumber, '+353861234567');
	});

	it('types outside the spec: the list carries them as they are (the description has no schema for them)', async () => {
		const {sim} = await fresh();
		const raw = makeCaller(sim);
		const r = await raw('GET', `/api/v1/users/${W.allFactors.id}/factors`);
		assert.equal(r.status, 200);
		const types = (r.json as any[]).map((f) => f.factorType);
		for (const t of ['call', 'email', 'push', 'question', 'sms', 'token', 'token:hardware', 'token:hotp', 'token:software:totp', 'u2f', 'web', 'webauthn', 'signed_nonce', 'claims_provider']) {
			assert.ok(types.includes(t), `has ${t}`);
		}
		if (r.specErrors.length) {
			// Only the types the description can't describe are flagged: signed_nonce (in the enum, not in the oneOf) and
			// claims_provider (outside the enum).
			assert.deepEqual(r.specErrors.map((e) => /"([^"]+)" is not one of the discriminator mapping values/.exec(e)?.[1]).sort(), ['claims_provider', 'signed_nonce']);
		}
	});

	it('a DEPROVISIONED user has no factors to list (404 E0000007, okta-sdk-java #646)', async () => {
		const {call} = await fresh();
		assertError(await call('GET', `/api/v1/users/${W.deprovisioned.id}/factors`), 404, 'E0000007');
	});

	it('enroll token:software:totp → PENDING_ACTIVATION with the shared secret; activate verifies a real TOTP (±1 step)', async () => {
		const {call, store, sim} = await fresh();
		const id = W.noFactors.id;
		const enrolled = await call('POST', `/api/v1/users/${id}/factors`, {json: {factorType: 'token:software:totp', provider: 'OKTA'}});
		assert.equal(enrolled.status, 200);
		const f = enrolled.json;
		assert.equal(f.status, 'PENDING_ACTIVATION');
		assert.match(f.id, /^ost[A-Za-z0-9]{17}$/);
		assert.deepEqual(f.profile, {credentialId: W.noFactors.login});
		const activation = f._embedded.activation;
		assert.equal(activation.timeStep, 30);
		assert.equal(activation.keyLength, 6);
		assert.equal(activation.encoding, 'base32');
		assert.ok(base32Decode(activation.sharedSecret).length >= 10);
		assert.ok(activation._links.qrcode.href.startsWith(`${sim.url}/api/v1/users/${id}/factors/${f.id}/qr/`));
		assert.equal(activation._links.qrcode.type, 'image/png');
		assert.ok(f._links.activate.href.endsWith(`/factors/${f.id}/lifecycle/activate`));

		const wrong = await call('POST', `/api/v1/users/${id}/factors/${f.id}/lifecycle/activate`, {json: {passCode: '000000' === totp(activation.sharedSecret) ? '111111' : '000000'}});
		assertError(wrong, 403, 'E0000068');
		assert.equal(wrong.json.errorSummary, 'Invalid Passcode/Answer');
		assert.deepEqual(wrong.json.errorCauses, [{errorSummary: "Your passcode doesn't match our records. Please try again."}]);
		const stale = totp(activation.sharedSecret, Date.now() - 95_000);
		if (stale !== totp(activation.sharedSecret) && stale !== totp(activation.sharedSecret, Date.now() - 30_000) && stale !== totp(activation.sharedSecret, Date.now() + 30_000)) {
			assertError(await call('POST', `/api/v1/users/${id}/factors/${f.id}/lifecycle/activate`, {json: {passCode: stale}}), 403, 'E0000068');
		}
		const previousStep = totp(activation.sharedSecret, Date.now() - 30_000);
		const ok = await call('POST', `/api/v1/users/${id}/factors/${f.id}/lifecycle/activate`, {json: {passCode: previousStep}});
		assert.equal(ok.status, 200, ok.text);
		assert.equal(ok.json.status, 'ACTIVE');
		assert.ok(ok.json._links.verify);
		assert.equal(ok.json._links.activate, undefined);
		assert.equal(ok.json._embedded, undefined);
		assert.equal(store.factor(id, f.id).status, 'ACTIVE');

		assertError(await call('POST', `/api/v1/users/${id}/factors/${f.id}/lifecycle/activate`, {json: {passCode: totp(activation.sharedSecret)}}), 400, 'E0000001');
		assertError(await call('POST', `/api/v1/users/${id}/factors`, {json: {factorType: 'token:software:totp', provider: 'OKTA'}}), 400, 'E0000001');
		assert.ok((await call('GET', `/api/v1/users/${id}`)).json._links.resetFactors, 'resetFactors appears once a factor is enrolled');
	});

	it('activation allows five attempts per five minutes, then 429 E0000047', async () => {
		const {call} = await fresh();
		const f = (await call('POST', `/api/v1/users/${W.noFactors.id}/factors`, {json: {factorType: 'token:software:totp', provider: 'GOOGLE'}})).json;
		assert.match(f.id, /^uft/);
		const bad = totp(f._embedded.activation.sharedSecret) === '123456' ? '654321' : '123456';
		for (let i = 0; i < 5; i++) assertError(await call('POST', `/api/v1/users/${W.noFactors.id}/factors/${f.id}/lifecycle/activate`, {json: {passCode: bad}}), 403, 'E0000068');
		assertError(await call('POST', `/api/v1/users/${W.noFactors.id}/factors/${f.id}/lifecycle/activate`, {json: {passCode: totp(f._embedded.activation.sharedSecret)}}), 429, 'E0000047');
	});

	it("the seeded active user's Okta Verify TOTP uses ACTIVE_USER_TOTP_SECRET", async () => {
		const {store} = await fresh();
		const f = store.factorsOf(W.active.id).find((x) => x.factorType === 'token:software:totp' && x.provider === 'OKTA');
		assert.equal(f?.secret, ACTIVE_USER_TOTP_SECRET);
	});

	it('sms and email enrollment send a code (the outbox) that activates; a question is active at once', async () => {
		const {call, store} = await fresh();
		const id = W.noFactors.id;
		const sms = (await call('POST', `/api/v1/users/${id}/factors`, {json: {factorType: 'sms', provider: 'OKTA', profile: {phoneNumber: '+1 555 010 0177'}}})).json;
		assert.equal(sms.status, 'PENDING_ACTIVATION');
		assert.equal(sms.profile.phoneNumber, '+15550100177');
		const sent = store.outbox.at(-1);
		assert.equal(sent?.kind, 'factor_code');
		assert.equal(sent?.to, '+15550100177');
		assert.equal((await call('POST', `/api/v1/users/${id}/factors/${sms.id}/lifecycle/activate`, {json: {passCode: sent?.code}})).json.status, 'ACTIVE');
		assertError(await call('POST', `/api/v1/users/${id}/factors`, {json: {factorType: 'call', provider: 'OKTA', profile: {phoneNumber: '555-0100'}}}), 400, 'E0000098');
		const q = (await call('POST', `/api/v1/users/${id}/factors`, {json: {factorType: 'question', provider: 'OKTA', profile: {question: 'disliked_food', answer: 'mushrooms'}}})).json;
		assert.equal(q.status, 'ACTIVE');
		assert.deepEqual(q.profile, {question: 'disliked_food', questionText: 'What is the food you least liked as a child?'});
		const questions = (await call('GET', `/api/v1/users/${id}/factors/questions`)).json;
		assert.ok(questions.some((x: {question: string}) => x.question === 'disliked_food'));
		assertError(await call('POST', `/api/v1/users/${id}/factors`, {json: {factorType: 'webauthn', provider: 'FIDO'}}), 400, 'E0000001');
	});

	it('unenroll: 204, then 404; unenrolling push also removes the Okta Verify TOTP but not Google Authenticator', async () => {
		const {call, store} = await fresh();
		const id = W.active.id;
		const list = (await call('GET', `/api/v1/users/${id}/factors`)).json as any[];
		const sms = list.find((f) => f.factorType === 'sms');
		assert.equal((await call('DELETE', `/api/v1/users/${id}/factors/${sms.id}`)).status, 204);
		assertError(await call('DELETE', `/api/v1/users/${id}/factors/${sms.id}`), 404, 'E0000007');
		assertError(await call('GET', `/api/v1/users/${id}/factors/${sms.id}`), 404, 'E0000007');
		const push = list.find((f) => f.factorType === 'push');
		await call('DELETE', `/api/v1/users/${id}/factors/${push.id}`);
		const left = store.factorsOf(id).map((f) => `${f.factorType}/${f.provider}`);
		assert.ok(!left.includes('push/OKTA') && !left.includes('token:software:totp/OKTA'));
		assert.ok(left.includes('token:software:totp/GOOGLE'));
		const other = list.find((f) => f.factorType === 'email');
		assertError(await call('DELETE', `/api/v1/users/${W.noFactors.id}/factors/${other.id}`), 404, 'E0000007');
	});

	it('reset_factors unenrolls everything and drops the resetFactors link', async () => {
		const {call, store} = await fresh();
		assert.equal((await call('POST', `/api/v1/users/${W.lockedOut.id}/lifecycle/reset_factors`)).status, 200);
		assert.deepEqual((await call('GET', `/api/v1/users/${W.lockedOut.id}/factors`)).json, []);
		assert.equal(store.user(W.lockedOut.id).status, 'LOCKED_OUT');
		assert.equal((await call('GET', `/api/v1/users/${W.lockedOut.id}`)).json._links.resetFactors, undefined);
	});
});

describe('groups, roles and app links', () => {
	it('groups: Everyone first, Okta and AD groups with their object classes', async () => {
		const {call} = await fresh();
		const groups = (await call('GET', `/api/v1/users/${W.active.id}/groups`)).json as any[];
		assert.deepEqual(groups.map((g) => g.profile.name), ['Everyone', 'Support', 'Help Desk', 'VPN Users', 'GG-VPN']);
		assert.equal(groups[0].type, 'BUILT_IN');
		const ad = groups.find((g) => g.type === 'APP_GROUP');
		assert.deepEqual(ad.objectClass, ['okta:windows_security_principal']);
		assert.equal(ad.profile.samAccountName, 'GG-VPN');
		assert.ok(ad._links.source.href.includes('/api/v1/apps/0oa'));
		assert.match(groups[1].id, /^00g[A-Za-z0-9]{17}$/);
	});

	it('roles: standard and custom assignments', async () => {
		const {call, store} = await fresh({userCount: 2000});
		assert.deepEqual((await call('GET', `/api/v1/users/${W.admin.id}/roles`)).json.map((r: {type: string}) => r.type), ['SUPER_ADMIN']);
		const helpDesk = (await call('GET', `/api/v1/users/${W.active.id}/roles`)).json[0];
		assert.equal(helpDesk.label, 'Help Desk Administrator');
		assert.equal(helpDesk.assignmentType, 'USER');
		assert.equal(helpDesk._links.assignee.href.endsWith(`/api/v1/users/${W.active.id}`), true);
		const custom = [...store.roles.values()].find((r) => r.type === 'CUSTOM');
		assert.ok(custom, 'the seed has a custom role');
		const c = (await call('GET', `/api/v1/users/${custom.userId}/roles`)).json.find((r: {type: string}) => r.type === 'CUSTOM');
		assert.match(c.role, /^cr0/);
		assert.match(c['resource-set'], /^iam/);
		assert.deepEqual((await call('GET', `/api/v1/users/${W.noFactors.id}/roles`)).json, []);
	});

	it('app links: one per link, the user id as `id` (as Okta does), hidden links included', async () => {
		const {call, sim} = await fresh();
		const links = (await call('GET', `/api/v1/users/${W.active.id}/appLinks`)).json as any[];
		assert.deepEqual(links.map((l) => l.label), ['Gmail', 'Google Drive', 'Zendesk', 'Slack', 'PagerDuty']);
		assert.ok(links.every((l) => l.id === W.active.id));
		assert.equal(links[0].appAssignmentId, links[1].appAssignmentId, 'two links of one assignment');
		assert.equal(links[0].appName, 'google');
		assert.ok(links[0].linkUrl.startsWith(`${sim.url}/home/google/${links[0].appInstanceId}/`));
		assert.equal(links.find((l) => l.label === 'PagerDuty').hidden, true);
	});
});

describe('clients, grants and refresh tokens', () => {
	it('user grants: 20 per page by default, every grant across pages, scopeId filter, expand=scope', async () => {
		const {call} = await fresh();
		const id = W.manyGrants.id;
		let next: string | undefined = `/api/v1/users/${id}/grants`;
		const all: any[] = [];
		let pages = 0;
		while (next) {
			const r: Reply = await call('GET', next);
			assert.ok(r.json.length <= 20);
			all.push(...r.json);
			pages++;
			next = parseLinks(r.headers['link'])['next']?.replace(/^http:\/\/[^/]+/, '');
		}
		assert.equal(all.length, MANY_GRANTS_COUNT);
		assert.equal(pages, Math.ceil(MANY_GRANTS_COUNT / 20));
		assert.equal(new Set(all.map((g) => g.id)).size, MANY_GRANTS_COUNT);
		assert.ok(all.every((g) => g.userId === id && g.status === 'ACTIVE' && /^oag/.test(g.id)));
		const scope = all[0].scopeId;
		const filtered = (await call('GET', `/api/v1/users/${id}/grants?scopeId=${encodeURIComponent(scope)}&limit=200`)).json as any[];
		assert.equal(filtered.length, all.filter((g) => g.scopeId === scope).length);
		const expanded = (await call('GET', `/api/v1/users/${id}/grants?expand=scope&limit=1`)).json[0];
		assert.deepEqual(expanded._embedded, {scope: {id: expanded.scopeId}});
		assertError(await call('GET', `/api/v1/users/${id}/grants?limit=0`), 400, 'E0000001');
	});

	it('clients: six for the many-grants user, each with grant and token links', async () => {
		const {call} = await fresh();
		const clients = (await call('GET', `/api/v1/users/${W.manyGrants.id}/clients`)).json as any[];
		assert.equal(clients.length, 6);
		for (const c of clients) {
			assert.match(c.client_id, /^0oa/);
			assert.ok(c._links.grants.href.endsWith(`/users/${W.manyGrants.id}/clients/${c.client_id}/grants`));
			assert.ok(c._links.tokens.href.endsWith(`/users/${W.manyGrants.id}/clients/${c.client_id}/tokens`));
		}
		assert.deepEqual((await call('GET', `/api/v1/users/${W.noFactors.id}/clients`)).json, []);
	});

	it('per-client grants and tokens: list, get, revoke one, revoke all; an unknown client → 404', async () => {
		const {call, store} = await fresh();
		const id = W.manyGrants.id;
		const [c1, c2] = (await call('GET', `/api/v1/users/${id}/clients`)).json as any[];
		const grants = (await call('GET', `/api/v1/users/${id}/clients/${c1.client_id}/grants?limit=200`)).json as any[];
		assert.equal(grants.length, MANY_GRANTS_COUNT / 6);
		assert.ok(grants.every((g) => g.clientId === c1.client_id));
		const tokens = (await call('GET', `/api/v1/users/${id}/clients/${c1.client_id}/tokens?expand=scope`)).json as any[];
		assert.equal(tokens.length, MANY_TOKENS_COUNT / 6);
		assert.deepEqual(tokens[0]._embedded.scopes.map((s: {name: string}) => s.name), tokens[0].scopes);
		assert.ok(Date.parse(tokens[0].expiresAt) > Date.parse(tokens[0].created));
		const one = (await call('GET', `/api/v1/users/${id}/clients/${c1.client_id}/tokens/${tokens[0].id}`)).json;
		assert.equal(one.id, tokens[0].id);
		assert.equal(one._links.revoke.hints.allow[0], 'DELETE');
		assert.equal((await call('DELETE', `/api/v1/users/${id}/clients/${c1.client_id}/tokens/${tokens[0].id}`)).status, 204);
		assertError(await call('GET', `/api/v1/users/${id}/clients/${c1.client_id}/tokens/${tokens[0].id}`), 404, 'E0000007');
		assert.equal((await call('DELETE', `/api/v1/users/${id}/clients/${c1.client_id}/tokens`)).status, 204);
		assert.equal(store.tokensOf(id, c1.client_id).length, 0);
		assert.equal((await call('DELETE', `/api/v1/users/${id}/clients/${c1.client_id}/grants`)).status, 204);
		assert.deepEqual((await call('GET', `/api/v1/users/${id}/clients/${c1.client_id}/grants`)).json, []);
		assert.ok(!(await call('GET', `/api/v1/users/${id}/clients`)).json.some((c: {client_id: string}) => c.client_id === c1.client_id), 'no grants or tokens left: the client is gone from the list');
		assert.ok(store.grantsOf(id, c2.client_id).length > 0, 'other clients untouched');
		assertError(await call('GET', `/api/v1/users/${id}/clients/0oaNoSuchClient00000/grants`), 404, 'E0000007');
	});

	it('one grant: get, revoke (204), then 404; revoke all', async () => {
		const {call, store} = await fresh();
		const id = W.manyGrants.id;
		const g = (await call('GET', `/api/v1/users/${id}/grants?limit=1`)).json[0];
		const got = (await call('GET', `/api/v1/users/${id}/grants/${g.id}?expand=scope`)).json;
		assert.equal(got.id, g.id);
		assert.equal(got._links.self.href.endsWith(`/users/${id}/grants/${g.id}`), true);
		assert.equal((await call('DELETE', `/api/v1/users/${id}/grants/${g.id}`)).status, 204);
		assertError(await call('GET', `/api/v1/users/${id}/grants/${g.id}`), 404, 'E0000007');
		assertError(await call('GET', `/api/v1/users/${W.active.id}/grants/${[...store.grants.values()].find((x) => x.userId === id)?.id}`), 404, 'E0000007');
		assert.equal((await call('DELETE', `/api/v1/users/${id}/grants`)).status, 204);
		assert.equal(store.grantsOf(id).length, 0);
	});
});

describe('seeded behind (the embedded demo)', () => {
	it('listens before the seed is done; a request made meanwhile waits and is answered from the whole store', async () => {
		const sim = await startOktaSimulator({userCount: 40, seedBehind: true});
		sims.push(sim);
		assert.throws(() => sim.store, /still seeding/);
		const call = makeCaller(sim);
		const [user, list] = await Promise.all([call('GET', `/api/v1/users/${W.active.id}`), call('GET', '/api/v1/users?limit=200')]);
		assert.equal(user.status, 200);
		assert.equal(user.json.profile.login, W.active.login);
		assert.deepEqual(user.specErrors, []);
		const plain = await startOktaSimulator({userCount: 40});
		sims.push(plain);
		assert.equal(list.json.length, [...plain.store.users.values()].filter((u) => u.status !== 'DEPROVISIONED').length);
		assert.equal(sim.store.users.size, plain.store.users.size);
	});
});
