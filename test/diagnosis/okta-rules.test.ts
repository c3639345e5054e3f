/**
 * The Okta diagnosis rules against the Okta simulator's users built for them (one per lifecycle status, plus the
 * AD-mastered lockout, the device block, the mid-transition user and the user without factors), read through the
 * real provider: the next step is offered only when the user's fresh `_links` allow it.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {OktaProvider} from '../../src/api/okta/provider.js';
import type {MfaState} from '../../src/api/types.js';
import {diagnose, type Finding} from '../../src/diagnosis/diagnose.js';
import {stepText} from '../../screens/steps.js';
import {startOktaSimulator, WELL_KNOWN as W, type OktaSimulator, type WellKnownName} from '../../src/sim/okta/index.js';

for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[name];

let sim: OktaSimulator;
let provider: OktaProvider;

before(async () => {
	sim = await startOktaSimulator({userCount: 40});
	provider = new OktaProvider({orgUrl: sim.url, token: sim.token, retry: {baseDelayMs: 1, maxDelayMs: 2}});
});
after(async () => {
	await provider.close();
	await sim.close();
});

interface Diagnosed {
	readonly findings: Finding[];
	readonly statusChanged: string | null;
}

async function diagnoseUser(name: WellKnownName): Promise<Diagnosed> {
	const id = W[name].id;
	const details = await provider.getUser(id);
	// A deactivated user's factors answer 404: the MFA rules then simply do not run, as in the app.
	const mfa: MfaState | undefined = await provider.getMfa(id).catch(() => undefined);
	const findings = diagnose({backend: 'okta', caps: provider.capabilities, details, lifecycle: provider.lifecycleActions(details), sessions: [], mfa, now: Date.now()});
	return {findings, statusChanged: details.statusChangedAt};
}

/** "07:41" today, "yesterday 07:41", else the date: written here from Date's local getters, not with the app's helper. */
function expectedWhen(iso: string): string {
	const at = new Date(iso);
	const now = new Date();
	const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
	if (at.toDateString() === now.toDateString()) return hhmm;
	const y = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
	if (at.toDateString() === y.toDateString()) return `yesterday ${hhmm}`;
	return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

function only(d: Diagnosed): Finding {
	assert.equal(d.findings.length, 1, JSON.stringify(d.findings));
	return d.findings[0]!;
}

describe('Okta rules, each on the seeded user built for it', () => {
	it(`LOCKED_OUT (${W.lockedOut.login}): since when, why, → unlock (L)`, async () => {
		const d = await diagnoseUser('lockedOut');
		const f = only(d);
		assert.equal(f.id, 'locked_out');
		assert.equal(f.severity, 'blocker');
		assert.equal(f.text, `Locked out since ${expectedWhen(d.statusChanged!)} after too many failed sign-ins`);
		assert.equal(stepText(f.action!), 'unlock (L)');
	});

	it(`LOCKED_OUT but AD-mastered (${W.adLockedOut.login}): no unlock link, so no key; where to unlock instead`, async () => {
		const f = only(await diagnoseUser('adLockedOut'));
		assert.equal(f.id, 'locked_out');
		assert.match(f.text, /^Locked out since .+: unlock in AD, Okta cannot \(mastered by Active Directory \(corp\.example\.com\)\), after too many failed sign-ins$/);
		assert.equal(f.action, null);
	});

	it(`signs in through Google (${W.googleFederated.login}): said once, and no Okta password step offered`, async () => {
		const f = only(await diagnoseUser('googleFederated'));
		assert.equal(f.id, 'identity_source');
		assert.equal(f.text, 'Signs in through Google Workspace: the password is reset there, not in Okta');
		assert.equal(f.action, null);
	});

	it('the AD-mastered user, or the Google one, whose password expired or who mistyped it: no reset or temporary password offered as the fix', async () => {
		const details = await provider.getUser(W.adLockedOut.id);
		const lifecycle = [
			{id: 'reset_password', label: 'Reset password', effect: '', blast: 'normal'},
			{id: 'temp_password', label: 'Temporary password', effect: '', blast: 'normal'},
		] as const;
		const expired = diagnose({backend: 'okta', caps: provider.capabilities, details: {...details, status: 'password_expired'}, lifecycle, sessions: [], mfa: undefined, now: Date.now()});
		assert.equal(expired[0]!.id, 'password_expired');
		assert.match(expired[0]!.text, /: mastered by Active Directory \(corp\.example\.com\): the password is changed and unlocked in AD$/);
		assert.equal(expired[0]!.action, null);
		// The same user were their password Okta's: the reset is offered.
		const okta = diagnose({backend: 'okta', caps: provider.capabilities, details: {...details, status: 'password_expired', credentialProvider: {type: 'OKTA', name: 'OKTA'}}, lifecycle, sessions: [], mfa: undefined, now: Date.now()});
		assert.equal(stepText(okta[0]!.action!), 'reset password (L)');
		const google = await provider.getUser(W.googleFederated.id);
		const active = diagnose({backend: 'okta', caps: provider.capabilities, details: google, lifecycle, sessions: [], mfa: undefined, now: Date.now()});
		assert.deepEqual(active.map((x) => [x.id, x.action]), [['identity_source', null]]);
	});

	it(`SUSPENDED (${W.suspended.login}) → unsuspend (L)`, async () => {
		const d = await diagnoseUser('suspended');
		const f = only(d);
		assert.equal(f.text, `Suspended since ${expectedWhen(d.statusChanged!)}: cannot sign in (groups and apps kept)`);
		assert.equal(stepText(f.action!), 'unsuspend (L)');
	});

	it(`DEPROVISIONED (${W.deprovisioned.login}) → reactivate (L)`, async () => {
		const d = await diagnoseUser('deprovisioned');
		const f = only(d);
		assert.equal(f.text, `Deactivated since ${expectedWhen(d.statusChanged!)}: cannot sign in, removed from every app`);
		assert.equal(stepText(f.action!), 'reactivate (L)');
	});

	it(`PASSWORD_EXPIRED (${W.passwordExpired.login}) → reset password (L)`, async () => {
		const d = await diagnoseUser('passwordExpired');
		const f = only(d);
		assert.equal(f.text, `Password expired since ${expectedWhen(d.statusChanged!)}: they must set a new one at their next sign-in`);
		assert.equal(stepText(f.action!), 'reset password (L)');
	});

	it(`RECOVERY (${W.recovery.login}): in recovery since a reset → new reset link (L)`, async () => {
		const d = await diagnoseUser('recovery');
		const f = only(d);
		assert.equal(f.text, `In recovery since ${expectedWhen(d.statusChanged!)} after a password reset: no sign-in until they finish it`);
		assert.equal(stepText(f.action!), 'new reset link (L)');
	});

	it(`STAGED (${W.staged.login}) → activate (L); PROVISIONED (${W.provisioned.login}) → resend activation (L)`, async () => {
		const staged = only(await diagnoseUser('staged'));
		assert.equal(staged.text, 'Never activated: cannot sign in yet');
		assert.equal(stepText(staged.action!), 'activate (L)');
		const d = await diagnoseUser('provisioned');
		const provisioned = only(d);
		assert.equal(provisioned.text, `Activation not finished since ${expectedWhen(d.statusChanged!)}: no password set yet`);
		assert.equal(stepText(provisioned.action!), 'resend activation (L)');
	});

	it(`mid-transition (${W.activating.login}): wait for Okta → refresh (r), nothing else`, async () => {
		const f = only(await diagnoseUser('activating'));
		assert.equal(f.id, 'transitioning');
		assert.equal(f.text, 'Okta is still changing this account to ACTIVE: state changes fail until it is done');
		assert.equal(stepText(f.action!), 'refresh (r)');
	});

	it(`ACTIVE but blocked on unknown devices (${W.blocked.login}) → unlock (L), which clears the block`, async () => {
		const f = only(await diagnoseUser('blocked'));
		assert.equal(f.id, 'blocked');
		assert.equal(f.text, 'Sign-in blocked on unknown devices');
		assert.equal(stepText(f.action!), 'unlock (L)');
	});

	it(`ACTIVE without any factor (${W.noFactors.login}): a note → enroll TOTP (a on MFA)`, async () => {
		const f = only(await diagnoseUser('noFactors'));
		assert.equal(f.id, 'no_factor');
		assert.equal(f.severity, 'note');
		assert.equal(f.text, 'No active MFA factor: Okta asks them to enroll at sign-in if a policy requires one');
		assert.equal(stepText(f.action!), 'enroll TOTP (a on MFA)');
	});

	it(`ACTIVE with factors (${W.active.login}, ${W.allFactors.login}): nothing to say`, async () => {
		assert.deepEqual((await diagnoseUser('active')).findings, []);
		assert.deepEqual((await diagnoseUser('allFactors')).findings, []);
	});

	it('after the unlock the same user has nothing wrong (the rule follows the fresh state)', async () => {
		await provider.getUser(W.lockedOut.id);
		await provider.runLifecycle(W.lockedOut.id, 'unlock');
		assert.deepEqual((await diagnoseUser('lockedOut')).findings, []);
	});
});
