/**
 * The diagnosis module on its own: local times, keys taken from the key table, severity order, what runs when data
 * is still loading, and rules that must not fire on the other backend.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Capabilities, LifecycleAction} from '../../src/api/provider.js';
import type {MfaState, Session, UserDetails} from '../../src/api/types.js';
import {diagnose, type DiagnosisInput} from '../../src/diagnosis/diagnose.js';
import {keyOf, stepText} from '../../screens/steps.js';
import {localWhen, since} from '../../src/diagnosis/when.js';
import {findBinding} from '../../screens/keymap.js';

const local = (y: number, mo: number, d: number, h: number, mi: number): string => new Date(y, mo - 1, d, h, mi).toISOString();
const NOW = new Date(2026, 7, 20, 9, 30).getTime();

describe('localWhen: the operator’s local time', () => {
	it('today as HH:MM, yesterday with the word, older as a date', () => {
		assert.equal(localWhen(local(2026, 8, 20, 7, 41), NOW), '07:41');
		assert.equal(localWhen(local(2026, 8, 20, 0, 5), NOW), '00:05');
		assert.equal(localWhen(local(2026, 8, 19, 23, 59), NOW), 'yesterday 23:59');
		assert.equal(localWhen(local(2026, 8, 3, 12, 0), NOW), '2026-08-03');
		assert.equal(localWhen(local(2025, 12, 31, 12, 0), NOW), '2025-12-31');
	});

	it('nothing for an absent or unreadable time', () => {
		assert.equal(localWhen(null, NOW), null);
		assert.equal(localWhen('not a time', NOW), null);
		assert.equal(since(null, NOW), '');
		assert.equal(since(local(2026, 8, 20, 7, 41), NOW), ' since 07:41');
	});
});

describe('keys come from the one key table', () => {
	it('each next step uses the key bound to its action, in the scope where it is pressed', () => {
		const cases: [Parameters<typeof keyOf>[0], string, Parameters<typeof findBinding>[1]][] = [
			['user/lifecycle', 'L', ['user']],
			['mfa/enroll', 'a', ['mfa']],
			['session/revoke', 'x', ['sessions']],
			['data/refresh', 'r', ['user']],
		];
		for (const [action, key, scopes] of cases) {
			assert.equal(keyOf(action), key);
			assert.equal(findBinding(key, scopes)?.action, action, `${key} does ${action} in ${scopes.join(',')}`);
		}
	});

	it('a tab key is written with its tab', () => {
		assert.equal(stepText({label: 'unlock', does: 'lifecycle'}), 'unlock (L)');
		assert.equal(stepText({label: 'add an authenticator', does: 'mfa.totp.enroll'}), 'add an authenticator (a on MFA)');
		assert.equal(stepText({label: 'revoke if unknown', does: 'sessions.revoke'}), 'revoke if unknown (x on Sessions)');
		assert.equal(stepText({label: 'refresh', does: 'refresh'}), 'refresh (r)');
	});
});

// ---------------------------------------------------------------- fixtures

const CAPS: Capabilities = {
	'sessions.list': true,
	'sessions.revoke': true,
	'sessions.revokeAll': true,
	'passkeys.list': true,
	'passkeys.rename': true,
	'passkeys.delete': true,
	'mfa.totp.enroll': true,
	'mfa.totp.delete': true,
	'mfa.backupCodes.regenerate': true,
	'memberships.list': true,
	'grants.list': 'not here',
	'grants.revoke': 'not here',
	'mfa.factors.delete': 'not here',
	'events.list': 'not here',
	'password.temporary': true,
	'password.remove': true,
	'mfa.policy': true,
	'profile.edit': true,
	'contacts.edit': true,
	'social.unlink': true,
	'roles.unassign': true,
	'caller.verify': true,
};

function user(over: Partial<UserDetails> = {}): UserDetails {
	return {
		id: 'u1',
		displayName: 'Test User',
		firstName: 'Test',
		lastName: 'User',
		email: 'test@example.test',
		phone: null,
		login: null,
		status: 'active',
		statusText: 'active',
		createdAt: null,
		lastSignInAt: null,
		updatedAt: null,
		flags: [],
		mfaPolicy: 'optional',
		hasPassword: true,
		hasBackupCodes: false,
		passwordChangedAt: null,
		statusChangedAt: null,
		transitioningTo: null,
		credentialSource: null,
		signInBlocks: [],
		emails: [],
		phones: [],
		socialConnections: [],
		profileFields: {},
		credentialProvider: null,
		identityProviders: null,
		userType: null,
		...over,
	};
}

const MFA: MfaState = {policy: 'optional', totp: 'unknown', totpNote: null, backupCodes: 'no', factors: []};

function session(over: Partial<Session> = {}): Session {
	return {
		id: 's1',
		sessionId: null,
		createdAt: local(2026, 6, 1, 10, 0),
		lastActiveAt: local(2026, 6, 20, 10, 0),
		expiresAt: local(2026, 7, 1, 10, 0),
		expired: true,
		ip: null,
		browser: 'Chrome',
		os: 'macOS',
		device: 'Mac',
		city: 'Warsaw',
		region: null,
		country: 'Poland',
		countryCode: 'PL',
		latest: false,
		unusual: [],
		...over,
	};
}

const action = (id: LifecycleAction['id']): LifecycleAction => ({id, label: id, effect: '', blast: 'normal'});

function input(over: Partial<DiagnosisInput>): DiagnosisInput {
	return {backend: 'wacht', caps: CAPS, details: user(), lifecycle: [], sessions: [], mfa: MFA, now: NOW, ...over};
}

describe('diagnose', () => {
	it('says nothing until the user details are loaded (a failed load included)', () => {
		assert.deepEqual(diagnose(input({details: undefined, sessions: [session()], mfa: {...MFA, policy: 'enforced'}})), []);
	});

	it('runs what it can while other tabs load: no sign-in or MFA rule without their data', () => {
		const d = user({mfaPolicy: 'enforced'});
		assert.deepEqual(diagnose(input({details: d, sessions: undefined, mfa: undefined})), []);
		assert.deepEqual(
			diagnose(input({details: d, sessions: [session()], mfa: undefined})).map((f) => f.id),
			['all_expired'],
		);
	});

	it('most severe first: a warning before a note, whatever the rule order', () => {
		const found = diagnose(input({details: user({mfaPolicy: 'enforced'}), sessions: [session()], mfa: {...MFA, policy: 'enforced'}}));
		assert.deepEqual(
			found.map((f) => [f.id, f.severity]),
			[
				['mfa_missing', 'warning'],
				['all_expired', 'note'],
			],
		);
	});

	it('names the most recent unusual live sign-in and counts the others', () => {
		const a = session({id: 'a', expired: false, unusual: ['country'], city: 'Lagos', countryCode: 'NG', lastActiveAt: new Date(NOW - 5 * 60_000).toISOString()});
		const b = session({id: 'b', expired: false, unusual: ['device'], lastActiveAt: new Date(NOW - 60 * 60_000).toISOString()});
		const c = session({id: 'c', expired: true, unusual: ['country']});
		const [f] = diagnose(input({sessions: [b, c, a]}));
		assert.equal(f!.text, 'Signed in from a country never seen before for this user: Lagos, NG, 5m ago (Chrome · macOS · Mac) · +1 more');
	});

	it('a disabled Wacht user without an enable action gets the finding but no key', () => {
		const [f] = diagnose(input({details: user({status: 'disabled'})}));
		assert.equal(f!.id, 'disabled');
		assert.equal(f!.action, null);
		const [g] = diagnose(input({details: user({status: 'disabled'}), lifecycle: [action('enable')]}));
		assert.equal(stepText(g!.action!), 'enable (L)');
	});

	it('Okta: the lifecycle step only when the user’s links offer it', () => {
		const locked = user({status: 'locked_out', statusText: 'LOCKED_OUT', statusChangedAt: local(2026, 8, 20, 7, 41)});
		const [f] = diagnose(input({backend: 'okta', details: locked, lifecycle: [action('unlock'), action('reset_password')], mfa: undefined}));
		assert.equal(f!.text, 'Locked out since 07:41 after too many failed sign-ins');
		assert.equal(stepText(f!.action!), 'unlock (L)');
		const [g] = diagnose(input({backend: 'okta', details: locked, lifecycle: [], mfa: undefined}));
		assert.equal(g!.text, 'Locked out since 07:41 after too many failed sign-ins; Okta offers no unlock for this user');
		assert.equal(g!.action, null);
	});

	it('Okta statuses never fire on Wacht, and Wacht’s MFA policy rule never on Okta', () => {
		const locked = user({status: 'locked_out'});
		assert.deepEqual(diagnose(input({backend: 'wacht', details: locked, lifecycle: [action('unlock')]})), []);
		const enforced = user({mfaPolicy: 'enforced'});
		assert.deepEqual(
			diagnose(input({backend: 'okta', details: enforced, mfa: {...MFA, policy: 'enforced', factors: [{id: 'f', type: 'push', provider: 'OKTA', name: 'push', status: 'ACTIVE', createdAt: null, lastUsedAt: null}]}})),
			[],
		);
	});

	it('sign-in rules only where the backend lists sign-ins', () => {
		const noList = {...CAPS, 'sessions.list': 'Okta cannot list sessions'};
		assert.deepEqual(diagnose(input({caps: noList, sessions: [session()]})), []);
	});

	it('a transitioning Okta user gets the wait, not a second "activation not finished"', () => {
		const found = diagnose(input({backend: 'okta', details: user({status: 'provisioned', transitioningTo: 'ACTIVE'}), lifecycle: [action('reactivate')], mfa: undefined}));
		assert.deepEqual(
			found.map((f) => f.id),
			['transitioning'],
		);
	});

	it('an unknown Okta status is said as sent', () => {
		const [f] = diagnose(input({backend: 'okta', details: user({status: 'unknown', statusText: 'ACTIVATING'}), mfa: undefined}));
		assert.equal(f!.text, 'Okta reports a status this app does not know: ACTIVATING');
	});
});
