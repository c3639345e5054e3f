/**
 * Help-desk records (spread into OPERATIONS in catalogue.ts): taking an admin role away from a (possibly hijacked)
 * admin, and verifying that a caller is the user (a push, or the code they read out) before anything is reset.
 */
import {CALLER_VERIFIED} from '../api/guard.js';
import type {CallerVerification, Factor, Membership} from '../api/types.js';
import {clock} from '../format.js';
import type {Inputs, Operation, OperationId, Pending} from './types.js';

type HelpdeskOp = 'roles.unassign' | 'caller.verify';

/** Factors whose code the caller reads out (an authenticator app or hardware token). */
const CODE_TYPES = new Set(['token:software:totp', 'token:hotp', 'token:hardware', 'token']);
/** Factors that are first sent a code (SMS, voice call). */
const SENT_TYPES = new Set(['sms', 'call']);

/** "Okta Verify push", "SMS to +353…", "Google Authenticator code": the factor as the caller knows it. */
function factorWord(f: Factor): string {
	switch (f.type) {
		case 'push':
			return 'Okta Verify push';
		case 'sms':
			return `SMS to ${f.name}`;
		case 'call':
			return `voice call to ${f.name}`;
		default:
			return `${f.name || f.type} code`;
	}
}

const RESULT_WORDS: Readonly<Record<CallerVerification['result'], string>> = {approved: 'approved', rejected: 'REJECTED', timeout: 'TIMED OUT', challenged: 'code sent'};

/** "Super Administrator (SUPER_ADMIN)": a role named by its label and, where they differ, its type. */
const roleWord = (role: Membership): string => {
	const type = role.roles[0];
	return type && type !== role.name ? `${role.name} (${type})` : role.name;
};

export const HELPDESK_OPERATIONS: {readonly [K in HelpdeskOp]: Operation<K>} = {
	'roles.unassign': {
		id: 'roles.unassign',
		capability: 'roles.unassign',
		target: 'membership',
		noTarget: 'select an admin role row on Memberships',
		prepare: ({user, target, data}) => {
			if (target.kind !== 'admin_role') return `${target.name} is a ${target.kind === 'app' ? 'app assignment' : target.kind}, not an admin role: select an admin role row`;
			if (target.roles.length === 0) return target.description ?? 'this row is not a role assignment';
			if (target.assignmentType === 'GROUP') {
				return {refused: `${roleWord(target)} comes to ${user.name} through a group`, hint: 'remove them from that group, or the role from the group, in Okta (Security > Administrators)'};
			}
			const others = (data.memberships ?? []).filter((m) => m.kind === 'admin_role' && m.id !== target.id && m.roles.length > 0);
			return [{user, role: target, otherRoles: others.map(roleWord)}];
		},
		// An admin role is the widest thing a user holds: the login is typed, always.
		danger: () => 'wide',
		title: ({role}) => `Remove the admin role ${roleWord(role)}`,
		effect: ({otherRoles}) =>
			[
				'The user loses what this role allowed at once: the Admin Console and admin API calls under it stop working, and so do API tokens they created, as far as this role carried them.',
				otherRoles.length > 0 ? `Their other admin roles stay: ${otherRoles.join(', ')}.` : 'It is their only admin role: they are no longer an admin.',
				'Their sessions stay signed in: sign them out everywhere (X on Sessions) if the account may be taken over.',
			].join(' '),
		affects: ['memberships'],
		journal: ({role}) => ({action: 'roles.unassign', object: {type: 'admin_role', id: role.id, label: role.roles[0] ?? role.name}}),
		async run({user, role}, mutate) {
			const outcome = await mutate((backend, options) => backend.unassignRole(user.id, role.id, options));
			return {outcome, text: (who) => `Removed the admin role ${roleWord(role)} from ${who}`};
		},
		script: {words: 'roles remove', args: '<role-assignment-id>'},
	},

	'caller.verify': {
		id: 'caller.verify',
		capability: 'caller.verify',
		target: 'factor',
		noTarget: 'select a push, SMS, call or TOTP factor on MFA to verify the caller with',
		prepare: ({user, target, options}) => {
			if (target.status !== 'ACTIVE') return `the ${target.type} factor is ${target.status ?? 'not active'}: only an active factor can verify the caller`;
			const code = options.code?.replace(/\s+/g, '') || null;
			if (target.type === 'push') {
				return code ? {refused: 'a push is approved on the phone, not with a code', hint: 'leave out --code, or name the TOTP or SMS factor with --factor'} : [{user, factor: target, step: 'push', passCode: null}];
			}
			if (CODE_TYPES.has(target.type)) return [{user, factor: target, step: 'code', passCode: code}];
			if (SENT_TYPES.has(target.type)) return [{user, factor: target, step: code ? 'code' : 'challenge', passCode: code}];
			return {refused: `a ${target.type} factor cannot verify a caller here`, hint: 'choose a push, SMS, call or TOTP factor'};
		},
		form: {
			label: 'Code the caller reads out',
			when: ({step, passCode}) => step === 'code' && passCode === null,
			initial: () => '',
			apply: (input, text) => {
				const code = text.replace(/\s+/g, '');
				return /^\d{4,10}$/.test(code) ? {...input, passCode: code} : 'type the digits the caller reads out';
			},
		},
		// Sending a push or a code reaches the user's phone: asked first. A typed code is its own confirmation.
		danger: ({step}) => (step === 'code' ? 'none' : 'confirm'),
		title: ({factor, step}) =>
			step === 'push' ? 'Verify the caller: send an Okta Verify push' : step === 'challenge' ? `Verify the caller: send a code by ${factorWord(factor)}` : `Verify the caller with the ${factorWord(factor)}`,
		running: ({user, step, factor}) =>
			step === 'push' ? `Push sent: waiting for ${user.name} to approve it on their phone (Okta gives five minutes)…` : step === 'challenge' ? `Sending a code by ${factorWord(factor)}…` : 'Checking the code…',
		effect: ({step}) =>
			[
				step === 'push'
					? 'Okta sends a push to the Okta Verify app on the user\'s phone: ask the caller to approve it. Approved, rejected or timed out (Okta gives five minutes) shows here with the time.'
					: step === 'challenge'
						? 'Okta sends a one-time code to the user\'s phone; then type the code the caller reads out.'
						: 'Okta checks the code the caller read out.',
				'Nothing about the account changes. An approval counts for 10 minutes on a verify_caller profile; the verification and its result are journaled.',
			].join(' '),
		affects: [],
		// The code is never journaled; the result is, and an approval is what a verify_caller profile's changes wait for.
		journal: ({factor, step}) => ({action: 'caller.verify', object: {type: 'factor', id: factor.id, label: factor.type}, detail: {step}}),
		async run(input, mutate) {
			const {user, factor, passCode} = input;
			const outcome = await mutate(
				(backend, options) => backend.verifyFactor(user.id, factor, passCode, options),
				(o) => ({result: o.value.result, ...(o.value.reason ? {reason: o.value.reason} : {}), [CALLER_VERIFIED]: o.value.result === 'approved'}),
			);
			const {result, reason, at} = outcome.value;
			const when = clock(Date.parse(at));
			const text = (who: string): string => {
				switch (result) {
					case 'approved':
						return `Caller verified: ${who} ${factor.type === 'push' ? 'approved the push' : 'read out the right code'} (${factorWord(factor)}) at ${when}`;
					case 'challenged':
						return `Code sent by ${factorWord(factor)} at ${when}: type the code the caller reads out`;
					default:
						return `Caller NOT verified: ${RESULT_WORDS[result]} (${reason ?? result}) at ${when}, ${factorWord(factor)} of ${who}`;
				}
			};
			const next: Inputs['caller.verify'] = {user, factor, step: 'code', passCode: null};
			return {
				outcome,
				text,
				facts: {result, reason, answeredAt: at, factorId: factor.id, factorType: factor.type},
				...(result === 'rejected' || result === 'timeout' ? {negative: true} : {}),
				...(result === 'challenged' ? {then: {op: 'caller.verify', input: next}} : {}),
				...(result === 'approved' ? {verified: {at: Date.parse(at), how: factorWord(factor)}} : {}),
			};
		},
		script: {
			words: 'verify',
			// Flags, not words: `verify` parses them itself (src/script/args.ts).
			args: '[--factor ID] [--code CODE]',
			confirm: false,
			// A push when the user has one: the quickest check for someone on the phone.
			defaultTarget: (rows) => rows.find((f) => f.type === 'push' && f.status === 'ACTIVE')?.id ?? null,
		},
	},
};

/**
 * Whether a change waits for a verified caller on a `verify_caller` profile: resets, temporary passwords, factor
 * changes and profile corrections, the steps a social engineer on the phone asks a help desk for. Every operation is
 * listed, so a new one cannot be added without deciding (the type-check asks).
 */
const CALLER_CHECKED: {readonly [K in OperationId]: boolean | ((input: Inputs[K]) => boolean)} = {
	'sessions.revoke': false,
	'sessions.revokeAll': false,
	'grants.revoke': false,
	'grants.revokeAll': false,
	'passkeys.rename': false,
	'passkeys.delete': true,
	'mfa.totp.enroll': true,
	// Finishes an enrollment already allowed.
	'mfa.totp.activate': false,
	'mfa.factors.delete': true,
	'mfa.totp.delete': true,
	'mfa.backupCodes.regenerate': true,
	lifecycle: ({action}) => ['reset_password', 'forgot_password', 'expire_password', 'temp_password', 'temp_password_revoke_sessions', 'reset_factors'].includes(action.id),
	'password.temporary': true,
	'password.remove': true,
	'mfa.policy': false,
	'profile.edit': true,
	'contacts.add': true,
	'contacts.verify': true,
	'contacts.makePrimary': true,
	'contacts.delete': true,
	'social.unlink': true,
	'roles.unassign': false,
	'caller.verify': false,
};

export function needsVerifiedCaller(p: Pending): boolean {
	const rule = CALLER_CHECKED[p.op] as boolean | ((input: Pending['input']) => boolean);
	return typeof rule === 'function' ? rule(p.input) : rule;
}
