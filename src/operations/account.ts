/**
 * The account fixes a help desk reaches for first, as catalogue records (spread into OPERATIONS in catalogue.ts): a
 * temporary password, passwordless, the MFA policy, name fields, emails and phones, social connections.
 */
import type {MfaPolicy, NewContact, ProfilePatch, SocialConnection, UserDetails} from '../api/types.js';
import type {Contact, Operation, ProfileChange, ProfileField} from './types.js';

type AccountOp = 'password.temporary' | 'password.remove' | 'mfa.policy' | 'profile.edit' | 'contacts.add' | 'contacts.verify' | 'contacts.makePrimary' | 'contacts.delete' | 'social.unlink';

const POLICY_EFFECT: Readonly<Record<MfaPolicy, string>> = {
	enforced: 'Every sign-in must pass a second factor (authenticator app or backup code); a user with none enrolled is stopped until they set one up.',
	optional: 'A second factor is used when the user has one enrolled; sign-in works without one.',
	none: 'No second factor is asked for, even when one is enrolled: a password alone signs in.',
};

const FIELD_WORDS: Readonly<Record<ProfileField, string>> = {
	firstName: 'first name',
	lastName: 'last name',
	username: 'username',
	login: 'login',
	email: 'email',
	secondEmail: 'second email',
	mobilePhone: 'mobile phone',
};

/** What a script writes before `=`: the field's words with a dash. */
const FIELD_ARG: Readonly<Record<ProfileField, string>> = {
	firstName: 'first-name',
	lastName: 'last-name',
	username: 'username',
	login: 'login',
	email: 'email',
	secondEmail: 'second-email',
	mobilePhone: 'mobile-phone',
};

const FIELD_EFFECT: Readonly<Record<ProfileField, string>> = {
	firstName: 'The name shown changes; sign-in is not affected.',
	lastName: 'The name shown changes; sign-in is not affected.',
	username: 'The user signs in with the new username from now on; the old one stops working and may be taken by someone else.',
	login: 'The user signs in with the new login from now on; the old one stops working and may be taken by someone else.',
	email: 'Notifications, activation and password-reset emails go to the new address from now on (the login does not change with it).',
	secondEmail: 'The secondary address changes; where recovery by email is allowed, reset emails may go there too.',
	mobilePhone: "Only the profile's phone changes: enrolled SMS and voice factors keep their own number (reset the factor to move codes).",
};

/** Fields that cannot be cleared: the sign-in name, the primary email and the names. */
const REQUIRED: ReadonlySet<ProfileField> = new Set(['firstName', 'lastName', 'username', 'login', 'email']);

const shown = (v: string | null): string => (v === null || v === '' ? 'none' : `"${v}"`);

/** The fields this backend edits for the user, in the order a help desk reads them. */
const editableFields = (d: UserDetails): readonly ProfileField[] =>
	(['firstName', 'lastName', 'username', 'login', 'email', 'secondEmail', 'mobilePhone'] as const).filter((f) => f in d.profileFields);

/** The change with the typed text as its new value, or why the text cannot be used (empty clears an optional field). */
function withValue(change: ProfileChange, text: string): ProfileChange | string {
	const to = text.trim();
	if (to === '') return REQUIRED.has(change.field) ? `the ${FIELD_WORDS[change.field]} cannot be set to nothing` : {...change, to: null};
	return {...change, to};
}

/**
 * A script's `field=value …` words as changes to the fields this user has, the unchanged ones left out. A value may
 * hold spaces ("last-name=Okafor Bello"): a pair ends where the next `field=` starts. `login` and `username` name
 * whichever sign-in name the backend has.
 */
function parseChanges(text: string, d: UserDetails): readonly ProfileChange[] | string {
	const fields = editableFields(d);
	const names = new Map<string, ProfileField>();
	for (const f of fields) names.set(FIELD_ARG[f], f).set(FIELD_ARG[f].replace('-', '_'), f).set(f.toLowerCase(), f);
	const signIn = fields.find((f) => f === 'login' || f === 'username');
	if (signIn) names.set('login', signIn).set('username', signIn);
	const pairs = text.trim().split(/\s+(?=[a-z_-]+=)/i);
	const changes: ProfileChange[] = [];
	for (const pair of pairs) {
		const m = /^([a-z_-]+)=(.*)$/is.exec(pair);
		const field = m ? names.get(m[1]!.toLowerCase()) : undefined;
		if (!m || !field) return `cannot read "${pair}" as a field of this user`;
		if (changes.some((c) => c.field === field)) return `the ${FIELD_WORDS[field]} is named twice`;
		const change = withValue({field, from: d.profileFields[field] ?? null, to: null}, m[2]!);
		if (typeof change === 'string') return change;
		if (change.to !== change.from) changes.push(change);
	}
	return changes;
}

/** The user's emails and phones as rows a contact change acts on. */
export function contactsOf(d: UserDetails | undefined): readonly Contact[] {
	if (!d) return [];
	return [
		...d.emails.map((e): Contact => ({kind: 'email', id: e.id, value: e.email, primary: e.primary, verified: e.verified})),
		...d.phones.map((p): Contact => ({kind: 'phone', id: p.id, value: p.number, primary: p.primary, verified: p.verified})),
	];
}

const contactWord = (c: Contact): string => `${c.kind === 'email' ? 'email' : 'phone'} ${c.value}`;
const newContactWord = (c: NewContact): string => (c.kind === 'email' ? `email ${c.email}` : `phone ${c.countryCode} ${c.number}`);
const socialWord = (s: SocialConnection): string => `${s.provider.replace(/_oauth$/, '')}${s.email ? ` (${s.email})` : ''}`;

/** "jane@x.test" → an email; "+1 5550100123" → a phone; anything else: why not. */
export function parseContact(text: string): NewContact | string {
	const t = text.trim();
	if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t)) return {kind: 'email', email: t};
	const phone = /^(\+\d{1,4})[\s-]+([\d\s-]{4,20})$/.exec(t);
	if (phone) return {kind: 'phone', countryCode: phone[1]!, number: phone[2]!.replace(/[\s-]/g, '')};
	return t.startsWith('+') ? 'write the country code, a space, then the number: +1 5550100123' : 'an email address (name@example.com) or a phone (+1 5550100123)';
}

export const ACCOUNT_OPERATIONS: {readonly [K in AccountOp]: Operation<K>} = {
	'password.temporary': {
		id: 'password.temporary',
		capability: 'password.temporary',
		target: null,
		prepare: ({user, options}) =>
			options.skipPasswordCheck !== undefined ? [{user, skipPolicyCheck: options.skipPasswordCheck}] : [{user, skipPolicyCheck: false}, {user, skipPolicyCheck: true}],
		choice: ({skipPolicyCheck}) => (skipPolicyCheck ? "Set a temporary password, skipping the deployment's password policy" : 'Set a temporary password'),
		danger: () => 'destructive',
		title: ({skipPolicyCheck}) => `Set a temporary password${skipPolicyCheck ? ' (policy check skipped)' : ''}`,
		effect: ({skipPolicyCheck}) =>
			[
				'A strong password is generated here and shown once: give it to the user over a channel you trust. Their old password stops working at once.',
				skipPolicyCheck ? "The deployment's password policy is not checked." : "The deployment's password policy must accept it.",
				'Signed-in sessions stay signed in (revoke them if the account may be taken over); Wacht cannot force a change at next sign-in, so ask the user to change it.',
			].join(' '),
		affects: ['details'],
		// The password itself is never journaled: only whether the policy was skipped.
		journal: ({skipPolicyCheck}) => ({action: 'password.temporary', detail: {skipPolicyCheck}}),
		async run({user, skipPolicyCheck}, mutate) {
			const outcome = await mutate((backend, options) => backend.setTemporaryPassword(user.id, {...options, skipPolicyCheck}));
			return {
				outcome,
				text: (who) => `Temporary password set for ${who}; the old one no longer works`,
				secret: {kind: 'links', title: `Temporary password for ${user.name}`, items: [{label: 'Temporary password', value: outcome.value.password}]},
			};
		},
		script: {words: 'password temporary', flags: ['--skip-password-check']},
	},

	'password.remove': {
		id: 'password.remove',
		capability: 'password.remove',
		target: null,
		needs: ['details', 'passkeys'],
		prepare: ({user, data}) => {
			const d = data.details;
			if (!d) return 'the user is not loaded yet';
			if (d.hasPassword === false) return `${user.name} has no password already: nothing to remove`;
			const ways = [
				...(d.emails.some((e) => e.verified) ? ['a code or link to a verified email'] : []),
				...(data.passkeys && data.passkeys.length > 0 ? [`${data.passkeys.length} passkey${data.passkeys.length === 1 ? '' : 's'}`] : []),
				...d.socialConnections.map((s) => socialWord(s)),
			];
			return [{user, otherWays: ways}];
		},
		danger: ({otherWays}) => (otherWays.length === 0 ? 'wide' : 'destructive'),
		title: () => 'Remove the password (passwordless from now on)',
		effect: ({otherWays}) =>
			`The password stops working at once and the user signs in passwordless: ${
				otherWays.length > 0 ? `with ${otherWays.join(', ')}` : 'NOTHING loaded here shows another way in (no verified email, passkey or social connection): they may be locked out'
			}. Signed-in sessions stay. A temporary password gives them one again.`,
		affects: ['details'],
		journal: () => ({action: 'password.remove'}),
		async run({user}, mutate) {
			const outcome = await mutate((backend, options) => backend.removePassword(user.id, options));
			return {outcome, text: (who) => `Password of ${who} removed: passwordless from now on`};
		},
		script: {words: 'password remove'},
	},

	'mfa.policy': {
		id: 'mfa.policy',
		capability: 'mfa.policy',
		target: null,
		needs: ['details'],
		prepare: ({user, data, options}) => {
			const from = data.details?.mfaPolicy ?? null;
			if (!data.details) return 'the user is not loaded yet';
			const all: readonly MfaPolicy[] = ['none', 'optional', 'enforced'];
			if (options.name !== undefined) {
				const to = options.name.trim().toLowerCase() as MfaPolicy;
				if (!all.includes(to)) return {refused: `"${options.name}" is not an MFA policy`, hint: 'one of: none, optional, enforced'};
				if (to === from) return `the MFA policy of ${user.name} is already ${to}: nothing to change`;
				return [{user, from, to}];
			}
			return all.filter((to) => to !== from).map((to) => ({user, from, to}));
		},
		choice: ({to}) => `MFA ${to}${to === 'optional' ? ' (sign in without one works)' : to === 'none' ? ' (never asked)' : ' (always asked)'}`,
		// Lowering the bar is the change to think twice about.
		danger: ({to}) => (to === 'enforced' ? 'confirm' : 'destructive'),
		title: ({from, to}) => `Set the MFA policy ${from ?? 'unknown'} → ${to}`,
		effect: ({to}) => POLICY_EFFECT[to],
		affects: ['details', 'mfa'],
		journal: ({from, to}) => ({action: 'mfa.policy', detail: {from, to}}),
		async run({user, to}, mutate) {
			const outcome = await mutate((backend, options) => backend.setMfaPolicy(user.id, to, options));
			return {outcome, text: (who) => `MFA policy of ${who} is now ${to}`, facts: {policy: to}};
		},
		script: {words: 'mfa policy', args: '<none|optional|enforced>', text: true},
	},

	'profile.edit': {
		id: 'profile.edit',
		capability: 'profile.edit',
		target: null,
		needs: ['details'],
		prepare: ({user, data, options}) => {
			const d = data.details;
			if (!d) return 'the user is not loaded yet';
			const fields = editableFields(d);
			if (options.name !== undefined) {
				const changes = parseChanges(options.name, d);
				if (typeof changes === 'string') return {refused: changes, hint: `write ${fields.map((f) => `${FIELD_ARG[f]}=…`).join(', ')}`};
				return changes.length === 0 ? `${user.name} already has ${options.name.trim()}: nothing changed` : [{user, changes}];
			}
			return fields.map((field) => ({user, changes: [{field, from: d.profileFields[field] ?? null, to: d.profileFields[field] ?? null}]}));
		},
		choice: ({changes}) => `Change the ${FIELD_WORDS[changes[0]!.field]} (now ${shown(changes[0]!.from)})`,
		form: {
			label: 'New value',
			initial: ({changes}) => changes[0]!.from ?? '',
			apply: (input, text) => {
				const change = withValue(input.changes[0]!, text);
				return typeof change === 'string' ? change : {...input, changes: [change]};
			},
			unchanged: ({changes}, text) => {
				const c = changes[0]!;
				const change = withValue(c, text);
				return typeof change !== 'string' && change.to === c.from ? `the ${FIELD_WORDS[c.field]} is already ${shown(c.from)}: nothing changed` : null;
			},
		},
		// A new sign-in name or address is where a help-desk takeover starts: typed on a protected profile.
		danger: ({changes}) => (changes.some((c) => c.field === 'login' || c.field === 'username' || c.field === 'email') ? 'destructive' : 'confirm'),
		title: ({changes}) =>
			changes.length === 1
				? changes[0]!.from === changes[0]!.to
					? // Not typed yet: the form's heading.
						`Change the ${FIELD_WORDS[changes[0]!.field]} (now ${shown(changes[0]!.from)})`
					: `Change the ${FIELD_WORDS[changes[0]!.field]} ${shown(changes[0]!.from)} → ${shown(changes[0]!.to)}`
				: `Change ${changes.length} profile fields: ${changes.map((c) => `${FIELD_WORDS[c.field]} ${shown(c.from)} → ${shown(c.to)}`).join(', ')}`,
		effect: ({changes}) => [...new Set(changes.map((c) => FIELD_EFFECT[c.field]))].join(' ') + ' Only the fields named change.',
		affects: ['details'],
		journal: ({changes}) => ({action: 'profile.edit', detail: changes.length === 1 ? {...changes[0]!} : {changes: changes.map((c) => ({...c}))}}),
		async run({user, changes}, mutate) {
			const patch = Object.fromEntries(changes.map((c) => [c.field, c.to])) as ProfilePatch;
			const outcome = await mutate((backend, options) => backend.updateProfile(user.id, patch, options));
			return {
				outcome,
				text: (who) => `${changes.map((c) => `The ${FIELD_WORDS[c.field]}`).join(', ')} of ${who} ${changes.length === 1 ? 'is' : 'are'} now ${changes.map((c) => shown(c.to)).join(', ')}`,
				facts: changes.length === 1 ? {field: changes[0]!.field, value: changes[0]!.to} : {changes: changes.map((c) => ({field: c.field, value: c.to}))},
			};
		},
		script: {words: 'profile edit', args: '<field>=<value> [<field>=<value> …]', text: true},
	},

	'contacts.add': {
		id: 'contacts.add',
		capability: 'contacts.edit',
		target: null,
		prepare: ({user, options}) => {
			if (options.name === undefined) return [{user, contact: null}];
			const contact = parseContact(options.name);
			return typeof contact === 'string' ? contact : [{user, contact}];
		},
		form: {
			label: 'Email or phone (+CC number)',
			initial: () => '',
			apply: (input, text) => {
				const contact = parseContact(text);
				return typeof contact === 'string' ? contact : {...input, contact};
			},
		},
		danger: () => 'confirm',
		title: ({contact}) => `Add ${contact ? newContactWord(contact) : 'an email or phone'}`,
		effect: () => 'It is added unverified and not primary: nothing is sent to it. Mark it verified once the user proved it is theirs, then make it primary if it should receive codes.',
		affects: ['details'],
		journal: ({contact}) => ({action: 'contacts.add', ...(contact ? {detail: {kind: contact.kind}} : {})}),
		async run({user, contact}, mutate) {
			if (!contact) throw new Error('contacts.add runs with the contact read from its form');
			const outcome = await mutate(
				(backend, options) => backend.addContact(user.id, contact, options),
				(o) => ({id: o.value.id}),
			);
			return {outcome, text: (who) => `Added ${newContactWord(contact)} to ${who} (unverified)`, facts: {id: outcome.value.id, kind: contact.kind}};
		},
		script: {words: 'contacts add', args: '<email | +CC number>', text: true},
	},

	'contacts.verify': {
		id: 'contacts.verify',
		capability: 'contacts.edit',
		target: 'contact',
		noTarget: 'select an email or phone row on Profile',
		// The app flips the selected row's flag (its dialog says which way); a script says which state it wants, so a
		// re-run changes nothing instead of flipping it back.
		prepare: ({user, target, options}) => {
			if (options.verified === undefined) return [{user, contact: target, verified: target.verified !== true}];
			if ((target.verified === true) === options.verified) {
				return {refused: `${contactWord(target)} is already ${options.verified ? 'verified' : 'unverified'}`, hint: options.verified ? 'add --unverified to mark it unverified' : 'drop --unverified to mark it verified'};
			}
			return [{user, contact: target, verified: options.verified}];
		},
		danger: () => 'confirm',
		title: ({contact, verified}) => `Mark ${contactWord(contact)} ${verified ? 'verified' : 'unverified'}`,
		effect: ({contact, verified}) =>
			verified
				? `Wacht treats the ${contact.kind} as proven to be the user's: it can be used to sign in and receive codes. Do this only when the user proved they own it.`
				: `The ${contact.kind} no longer counts as proven: it cannot be made primary until it is verified again.`,
		affects: ['details'],
		journal: ({contact, verified}) => ({action: 'contacts.verify', object: {type: contact.kind, id: contact.id, label: contact.value}, detail: {verified}}),
		async run({user, contact, verified}, mutate) {
			const outcome = await mutate((backend, options) => backend.setContactVerified(user.id, contact, verified, options));
			return {outcome, text: (who) => `${contactWord(contact)} of ${who} is now ${verified ? 'verified' : 'unverified'}`, facts: {verified}};
		},
		script: {words: 'contacts verify', args: '<contact-id>', flags: ['--unverified']},
	},

	'contacts.makePrimary': {
		id: 'contacts.makePrimary',
		capability: 'contacts.edit',
		target: 'contact',
		noTarget: 'select an email or phone row on Profile',
		prepare: ({user, target}) => {
			if (target.primary) return `${contactWord(target)} is already primary`;
			if (target.verified !== true) return {refused: `Wacht makes only a verified ${target.kind} primary`, hint: `mark ${target.value} verified first`};
			return [{user, contact: target}];
		},
		danger: () => 'confirm',
		title: ({contact}) => `Make ${contactWord(contact)} primary`,
		effect: ({contact}) =>
			contact.kind === 'email'
				? 'Sign-in emails, codes and notices go to this address from now on; the old primary stays as a secondary address.'
				: 'SMS codes go to this number from now on; the old primary stays as a secondary number.',
		affects: ['details'],
		journal: ({contact}) => ({action: 'contacts.makePrimary', object: {type: contact.kind, id: contact.id, label: contact.value}}),
		async run({user, contact}, mutate) {
			const outcome = await mutate((backend, options) => backend.makeContactPrimary(user.id, contact, options));
			return {outcome, text: (who) => `${contactWord(contact)} is now primary for ${who}`};
		},
		script: {words: 'contacts primary', args: '<contact-id>'},
	},

	'contacts.delete': {
		id: 'contacts.delete',
		capability: 'contacts.edit',
		target: 'contact',
		noTarget: 'select an email or phone row on Profile',
		needs: ['details'],
		prepare: ({user, target, data}) => [
			{user, contact: target, social: target.kind === 'email' ? (data.details?.socialConnections ?? []).filter((s) => s.email?.toLowerCase() === target.value.toLowerCase()) : []},
		],
		// The primary one is what codes go to: typed, like every change that can cut the user off.
		danger: ({contact}) => (contact.primary ? 'wide' : 'destructive'),
		title: ({contact}) => `Delete ${contactWord(contact)}${contact.primary ? ' (primary)' : ''}`,
		effect: ({contact, social}) =>
			[
				`The ${contact.kind} is deleted for good; the user can no longer sign in or get codes with it.`,
				contact.primary ? `It is the primary ${contact.kind}: the user has none until another is made primary.` : '',
				social.length > 0 ? `Wacht also unlinks the social connection${social.length === 1 ? '' : 's'} signed in through it: ${social.map(socialWord).join(', ')}.` : '',
			]
				.filter(Boolean)
				.join(' '),
		affects: ['details'],
		journal: ({contact, social}) => ({action: 'contacts.delete', object: {type: contact.kind, id: contact.id, label: contact.value}, ...(social.length ? {detail: {socialUnlinked: social.length}} : {})}),
		async run({user, contact}, mutate) {
			const outcome = await mutate((backend, options) => backend.deleteContact(user.id, contact, options));
			return {outcome, text: (who) => `Deleted ${contactWord(contact)} of ${who}`};
		},
		script: {words: 'contacts delete', args: '<contact-id>'},
	},

	'social.unlink': {
		id: 'social.unlink',
		capability: 'social.unlink',
		target: 'social',
		noTarget: 'select a social connection row on Profile',
		needs: ['details'],
		prepare: ({user, target, data}) => [{user, connection: target, hasPassword: data.details?.hasPassword ?? null}],
		danger: () => 'destructive',
		title: ({connection}) => `Unlink the ${socialWord(connection)} connection`,
		effect: ({connection, hasPassword}) =>
			[
				`The user can no longer sign in with ${connection.provider.replace(/_oauth$/, '')} until they link it again; the app's tokens for it are deleted.`,
				hasPassword === false ? 'They have no password: check they have another way in (a verified email, a passkey) first.' : '',
			]
				.filter(Boolean)
				.join(' '),
		affects: ['details'],
		journal: ({connection}) => ({action: 'social.unlink', object: {type: 'social_connection', id: connection.id, label: connection.provider}}),
		async run({user, connection}, mutate) {
			const outcome = await mutate((backend, options) => backend.unlinkSocialConnection(user.id, connection.id, options));
			return {outcome, text: (who) => `Unlinked the ${socialWord(connection)} connection of ${who}`};
		},
		script: {words: 'social unlink', args: '<connection-id>'},
	},
};
