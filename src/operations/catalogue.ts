/**
 * The operation catalogue: one record per change an operator can make. Its id is the journal's action, the
 * capability it needs is named here, and the app's key table and the scripting subcommands refer to it by id.
 * Adding an operation is its record here, its provider method, and its key binding (screens/keymap.ts).
 */
import {plural} from '../format.js';
import {ACCOUNT_OPERATIONS} from './account.js';
import {HELPDESK_OPERATIONS} from './helpdesk.js';
import {sessionLabel, sessionTag} from './labels.js';
import type {Operation, OperationId} from './types.js';

const clearChoice = (oauthTokens: boolean, forgetDevices: boolean): string =>
	oauthTokens ? (forgetDevices ? 'Clear all sessions, revoke OAuth tokens and forget devices' : 'Clear all sessions and revoke OAuth tokens') : 'Clear all sessions';

const grantWord = (kind: 'grant' | 'refresh_token'): string => (kind === 'grant' ? 'grant' : 'refresh token');

export const OPERATIONS: {readonly [K in OperationId]: Operation<K>} = {
	'sessions.revoke': {
		id: 'sessions.revoke',
		capability: 'sessions.revoke',
		target: 'session',
		prepare: ({user, target}) => [{user, session: target}],
		danger: () => 'destructive',
		title: ({session}) => `Revoke session ${session.id} — ${sessionLabel(session)}`,
		effect: () => 'That device is signed out at its next request. Other sessions stay signed in.',
		affects: ['sessions', 'grants', 'tokens'],
		journal: ({session}) => ({action: 'sessions.revoke', object: {type: 'session', id: session.id, label: sessionTag(session)}}),
		async run({user, session}, mutate) {
			const outcome = await mutate((backend, options) => backend.revokeSession(user.id, session.id, options));
			return {outcome, text: (who) => `Revoked session ${session.id} of ${who}`};
		},
		script: {words: 'sessions revoke', args: '<session-id>'},
	},

	'sessions.revokeAll': {
		id: 'sessions.revokeAll',
		capability: 'sessions.revokeAll',
		target: null,
		needs: ['sessions'],
		prepare: ({user, data, caps, options}) => {
			if (caps['sessions.list'] === true) {
				if (!data.sessions) return 'sessions are not loaded yet';
				return [{user, count: data.sessions.length, oauthTokens: false, forgetDevices: false}];
			}
			// A backend that cannot list sessions offers how far "sign out everywhere" should reach.
			if (options.oauthTokens !== undefined || options.forgetDevices !== undefined) {
				return [{user, count: null, oauthTokens: options.oauthTokens === true, forgetDevices: options.forgetDevices === true}];
			}
			return [
				{user, count: null, oauthTokens: false, forgetDevices: false},
				{user, count: null, oauthTokens: true, forgetDevices: false},
				{user, count: null, oauthTokens: true, forgetDevices: true},
			];
		},
		choice: (input) => clearChoice(input.oauthTokens, input.forgetDevices),
		danger: () => 'wide',
		title: ({count, oauthTokens, forgetDevices}) => {
			const extra = [oauthTokens ? 'revoke OAuth tokens' : null, forgetDevices ? 'forget devices' : null].filter(Boolean).join(', ');
			return `Revoke ${count === null ? 'all' : `all ${count}`} sessions${extra ? ` and ${extra}` : ''}`;
		},
		effect: ({count, oauthTokens, forgetDevices}) => {
			if (count !== null) return `Every sign-in the backend holds for this user is revoked (${count}, expired ones included): they are signed out everywhere.`;
			return [
				'Every identity-provider session of this user ends: they must sign in again everywhere.',
				oauthTokens ? 'Their OAuth access and refresh tokens are revoked too, so apps sign them out.' : 'OAuth tokens already issued to apps stay valid.',
				forgetDevices ? 'Remembered devices are forgotten: the next sign-in asks for MFA again.' : '',
			]
				.filter(Boolean)
				.join(' ');
		},
		affects: ['sessions', 'grants', 'tokens'],
		journal: ({count, oauthTokens, forgetDevices}) => ({action: 'sessions.revokeAll', ...(count === null ? {detail: {alsoOauth: oauthTokens, forgetDevices}} : {})}),
		async run({user, count, oauthTokens, forgetDevices}, mutate) {
			const reach = count === null ? {oauthTokens, forgetDevices} : {};
			const outcome = await mutate(
				(backend, options) => backend.revokeAllSessions(user.id, {...options, ...reach}),
				(o) => ({revoked: o.value.revoked}),
			);
			const n = outcome.value.revoked;
			const extra = [oauthTokens ? 'OAuth tokens revoked' : null, forgetDevices ? 'devices forgotten' : null].filter(Boolean).join(', ');
			return {
				outcome,
				text: (who) => `Revoked ${n === null ? 'all sessions' : plural(n, 'sign-in')} of ${who}${extra ? ` (${extra})` : ''}`,
				facts: {revoked: n, ...reach},
			};
		},
		script: {
			words: 'sessions revoke-all',
			flags: ['--oauth-tokens', '--forget-devices'],
			check: (caps, {oauthTokens, forgetDevices}) =>
				caps['sessions.list'] === true && (oauthTokens || forgetDevices) ? '--oauth-tokens and --forget-devices are for Okta, which cannot list sessions; this backend ends every sign-in it holds' : null,
		},
	},

	'grants.revoke': {
		id: 'grants.revoke',
		capability: 'grants.revoke',
		target: 'grant',
		prepare: ({user, target}) => [{user, grant: target}],
		danger: () => 'destructive',
		title: ({grant}) => `Revoke the ${grant.kind === 'grant' ? 'OAuth grant' : 'refresh token'} for ${grant.clientName}`,
		effect: ({grant}) =>
			`${grant.clientName} loses this ${grant.kind === 'grant' ? 'grant' : 'token'} (scopes: ${grant.scopes.join(' ') || '—'}); the user must consent or sign in to it again.`,
		affects: ['sessions', 'grants', 'tokens'],
		journal: ({grant}) => ({action: 'grants.revoke', object: {type: grant.kind, id: grant.id, label: grant.clientName || grant.clientId}}),
		async run({user, grant}, mutate) {
			const outcome = await mutate((backend, options) => backend.revokeGrant(user.id, grant, options));
			return {outcome, text: (who) => `Revoked the ${grantWord(grant.kind)} of ${who} for ${grant.clientName}`};
		},
		script: {words: 'grants revoke', args: '<grant-id>'},
	},

	'grants.revokeAll': {
		id: 'grants.revokeAll',
		capability: 'grants.revoke',
		target: null,
		needs: ['grants'],
		prepare: ({user, data}) => {
			if (!data.grants) return 'OAuth grants are not loaded yet';
			if (data.grants.length === 0) return 'no OAuth grants or refresh tokens to revoke';
			return [{user, count: data.grants.length}];
		},
		choice: ({count}) => `Revoke all ${count} OAuth grants and tokens`,
		danger: () => 'wide',
		title: ({count}) => `Revoke all ${count} OAuth grants and tokens`,
		effect: () => 'Every app loses the access this user granted it; they must consent again.',
		affects: ['sessions', 'grants', 'tokens'],
		journal: () => ({action: 'grants.revokeAll'}),
		async run({user, count}, mutate) {
			const outcome = await mutate((backend, options) => backend.revokeAllGrants(user.id, options));
			return {outcome, text: (who) => `Revoked all OAuth grants and tokens of ${who}`, facts: {count}};
		},
		script: {words: 'grants revoke-all'},
	},

	'passkeys.rename': {
		id: 'passkeys.rename',
		capability: 'passkeys.rename',
		target: 'passkey',
		prepare: ({user, target, options}) => [{user, passkey: target, name: options.name ?? target.name}],
		form: {
			label: 'New name',
			initial: ({passkey}) => passkey.name,
			apply: (input, text) => (text.trim() === '' ? 'a passkey name cannot be empty' : {...input, name: text.trim()}),
			unchanged: ({passkey}, text) => (text.trim() === passkey.name ? `passkey ${passkey.id} is already called "${passkey.name}": nothing changed` : null),
		},
		danger: () => 'none',
		title: ({passkey, name}) => `Rename passkey "${passkey.name}" to "${name}"`,
		effect: () => 'Only the label changes; the passkey keeps working.',
		affects: ['passkeys'],
		journal: ({passkey, name}) => ({action: 'passkeys.rename', object: {type: 'passkey', id: passkey.id, label: passkey.name}, detail: {newName: name}}),
		async run({user, passkey, name}, mutate) {
			const outcome = await mutate((backend, options) => backend.renamePasskey(user.id, passkey.id, name, options));
			return {outcome, text: (who) => `Renamed passkey "${passkey.name}" to "${name}" (${who})`, facts: {name}};
		},
		script: {words: 'passkeys rename', args: '<passkey-id> <new name>'},
	},

	'passkeys.delete': {
		id: 'passkeys.delete',
		capability: 'passkeys.delete',
		target: 'passkey',
		prepare: ({user, target}) => [{user, passkey: target}],
		danger: () => 'destructive',
		title: ({passkey}) => `Delete passkey "${passkey.name}"`,
		effect: () => 'The user can no longer sign in with this passkey. It cannot be restored; they must register it again.',
		// Okta lists passkeys among the factors too.
		affects: ['passkeys', 'mfa'],
		journal: ({passkey}) => ({action: 'passkeys.delete', object: {type: 'passkey', id: passkey.id, label: passkey.name}}),
		async run({user, passkey}, mutate) {
			const outcome = await mutate((backend, options) => backend.deletePasskey(user.id, passkey.id, options));
			return {outcome, text: (who) => `Deleted passkey "${passkey.name}" of ${who}`};
		},
		script: {words: 'passkeys delete', args: '<passkey-id>'},
	},

	'mfa.totp.enroll': {
		id: 'mfa.totp.enroll',
		capability: 'mfa.totp.enroll',
		target: null,
		needs: ['details'],
		prepare: ({user, data}) => (data.details ? [{user, details: data.details}] : 'the user is not loaded yet'),
		danger: () => 'confirm',
		title: () => 'Add a TOTP authenticator',
		effect: () => 'Creates a new authenticator secret and shows its QR code once. Fails if the user already has one.',
		affects: ['mfa', 'details'],
		journal: () => ({action: 'mfa.totp.enroll'}),
		async run({details}, mutate) {
			// The enrollment holds the secret and the otpauth URL: only its id is journaled.
			const outcome = await mutate(
				(backend, options) => backend.enrollTotp(details, options),
				(o) => ({enrollmentId: o.value.id, needsActivation: o.value.needsActivation}),
			);
			return {
				outcome,
				text: (who) => `TOTP authenticator created for ${who}`,
				...(outcome.value.needsActivation ? {next: 'scan it, then enter the code the app shows'} : {}),
				secret: {kind: 'totp', enrollment: outcome.value},
			};
		},
		script: null,
	},

	'mfa.totp.activate': {
		id: 'mfa.totp.activate',
		capability: 'mfa.totp.enroll',
		target: null,
		// Asked for from the enrollment's own view, with the code the user reads out.
		prepare: () => 'a TOTP factor is activated from its enrollment, with the code from the app',
		danger: () => 'none',
		title: () => 'Activate the TOTP factor',
		effect: () => 'The factor becomes active.',
		affects: ['mfa'],
		// The passcode is never journaled.
		journal: ({enrollmentId}) => ({action: 'mfa.totp.activate', object: {type: 'factor', id: enrollmentId, label: null}}),
		async run({user, enrollmentId, passCode}, mutate) {
			const outcome = await mutate((backend, options) => backend.activateTotp(user.id, enrollmentId, passCode, options));
			return {outcome, text: (who) => `TOTP factor of ${who} activated`};
		},
		script: null,
	},

	'mfa.factors.delete': {
		id: 'mfa.factors.delete',
		capability: 'mfa.factors.delete',
		target: 'factor',
		noTarget: 'select a factor row to unenroll it',
		prepare: ({user, target, data}) => {
			const active = (data.mfa?.factors ?? []).filter((f) => f.status === 'ACTIVE');
			return [{user, factor: target, onlyActive: target.status === 'ACTIVE' && active.length === 1}];
		},
		// The last factor goes the way of Wacht's one authenticator: typed, like every change with that consequence.
		danger: ({onlyActive}) => (onlyActive ? 'wide' : 'destructive'),
		title: ({factor}) => `Unenroll the ${factor.type} factor${factor.name && factor.name !== factor.type ? ` "${factor.name}"` : ''}`,
		effect: ({onlyActive}) =>
			onlyActive
				? 'It is the only active factor: the user has nothing left to verify with, and where MFA is required they cannot sign in until they enroll one again.'
				: 'The user can no longer verify with this factor; they must enroll it again. Other factors stay.',
		affects: ['mfa', 'passkeys'],
		journal: ({factor}) => ({action: 'mfa.factors.delete', object: {type: 'factor', id: factor.id, label: factor.name || factor.type}}),
		async run({user, factor}, mutate) {
			const outcome = await mutate((backend, options) => backend.deleteFactor(user.id, factor.id, options));
			return {outcome, text: (who) => `Unenrolled the ${factor.type} factor ${factor.id} of ${who}`};
		},
		script: {words: 'mfa delete', args: '<factor-id>'},
	},

	'mfa.totp.delete': {
		id: 'mfa.totp.delete',
		capability: 'mfa.totp.delete',
		target: null,
		prepare: ({user}) => [{user}],
		danger: () => 'wide',
		title: () => 'Delete the TOTP authenticator',
		effect: () => "The user's authenticator app stops working for this account. Backup codes and the MFA policy are unchanged.",
		affects: ['mfa', 'details'],
		journal: () => ({action: 'mfa.totp.delete'}),
		async run({user}, mutate) {
			const outcome = await mutate((backend, options) => backend.deleteTotp(user.id, options));
			return {outcome, text: (who) => `TOTP authenticator of ${who} deleted`};
		},
		script: {words: 'mfa delete'},
	},

	'mfa.backupCodes.regenerate': {
		id: 'mfa.backupCodes.regenerate',
		capability: 'mfa.backupCodes.regenerate',
		target: null,
		prepare: ({user}) => [{user}],
		danger: () => 'destructive',
		title: () => 'Regenerate backup codes',
		effect: () => 'All existing backup codes stop working at once; 12 new ones are shown once.',
		affects: ['mfa', 'details'],
		journal: () => ({action: 'mfa.backupCodes.regenerate'}),
		async run({user}, mutate) {
			// Only how many, never the codes.
			const outcome = await mutate(
				(backend, options) => backend.regenerateBackupCodes(user.id, options),
				(o) => ({count: o.value.length}),
			);
			return {outcome, text: (who) => `New backup codes for ${who}; the old ones no longer work`, secret: {kind: 'codes', codes: outcome.value}};
		},
		script: {words: 'mfa backup-codes'},
	},

	lifecycle: {
		id: 'lifecycle',
		capability: null,
		target: null,
		needs: ['details'],
		prepare: ({user, data, lifecycle, backend, options}) => {
			const offered = options.action === undefined ? lifecycle : lifecycle.filter((a) => a.id === options.action);
			if (offered.length > 0) return offered.map((action) => ({user, action}));
			const status = data.details ? ` (status ${data.details.statusText ?? data.details.status})` : '';
			if (lifecycle.length === 0) return `${backend} offers no state change for ${user.name}${status} right now`;
			return {refused: `${backend} does not offer "${options.action}" for ${user.name}${status}`, hint: `offered now: ${lifecycle.map((a) => a.id).join(', ')}`};
		},
		choice: ({action}) => action.label,
		danger: ({action}) => (action.blast === 'wide' ? 'wide' : 'destructive'),
		title: ({action}) => action.label,
		effect: ({action}) => action.effect,
		affects: ['details', 'sessions', 'grants', 'tokens', 'passkeys', 'mfa'],
		journal: ({action}) => ({action: `lifecycle.${action.id}`}),
		async run({user, action}, mutate) {
			// The result's message and reveal (reset / activation links) are never journaled.
			const outcome = await mutate(
				(backend, options) => backend.runLifecycle(user.id, action.id, options),
				(o) => (o.value.reveal?.length ? {revealed: o.value.reveal.length} : undefined),
			);
			const {message, reveal} = outcome.value;
			return {
				outcome,
				text: (who) => `${action.label}: ${message} (${who})`,
				facts: {message},
				// Okta offers delete only for a deactivated user, and the second DELETE deletes for good.
				...(action.id === 'delete' ? {gone: true} : {}),
				...(reveal && reveal.length > 0 ? {secret: {kind: 'links', title: `${action.label}: ${user.name}`, items: reveal}} : {}),
			};
		},
		script: {words: 'user', args: '<action>'},
	},

	...ACCOUNT_OPERATIONS,
	...HELPDESK_OPERATIONS,
};
