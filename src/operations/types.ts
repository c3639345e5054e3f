/**
 * The shape of an operation: one record says everything about one change an operator can make (its id, what the
 * backend must support, how dangerous it is, its words, what it affects and how it runs). The app (screens/) and
 * the scripting subcommands (src/script/) both start, confirm, describe and run changes through these records only.
 */
import type {JournalDetail} from '../api/journal.js';
import type {Capability, LifecycleAction, ProviderMutations} from '../api/provider.js';
import type {CallOptions, Factor, Membership, MfaPolicy, NewContact, OAuthGrant, Outcome, Passkey, ProfileField, Session, SocialConnection, TotpEnrollment, UserData, UserDataKey, UserDetails} from '../api/types.js';
import type {GuardedProvider} from '../api/guard.js';

/** An email address or phone number of a user, as a row a contact change acts on. */
export interface Contact {
	readonly kind: 'email' | 'phone';
	readonly id: string;
	/** The address, or the phone with its country code (`+15550100123`). */
	readonly value: string;
	readonly primary: boolean;
	readonly verified: boolean | null;
}

export type {ProfileField} from '../api/types.js';

/** One field of a profile edit, as it is and as it will be (null: not set, or cleared). */
export interface ProfileChange {
	readonly field: ProfileField;
	readonly from: string | null;
	readonly to: string | null;
}

/** Who a change is about, as the operator saw them when they asked for it. */
export interface UserRef {
	readonly id: string;
	readonly name: string;
	readonly email: string | null;
	readonly login: string | null;
}

/** Every operation's input, by id. The target is copied in when the change is asked for: a refresh cannot move it. */
export interface Inputs {
	'sessions.revoke': {readonly user: UserRef; readonly session: Session};
	/** `count` is how many sign-ins the backend listed; null where it cannot list them (Okta). */
	'sessions.revokeAll': {readonly user: UserRef; readonly count: number | null; readonly oauthTokens: boolean; readonly forgetDevices: boolean};
	'grants.revoke': {readonly user: UserRef; readonly grant: OAuthGrant};
	'grants.revokeAll': {readonly user: UserRef; readonly count: number};
	'passkeys.rename': {readonly user: UserRef; readonly passkey: Passkey; readonly name: string};
	'passkeys.delete': {readonly user: UserRef; readonly passkey: Passkey};
	'mfa.totp.enroll': {readonly user: UserRef; readonly details: UserDetails};
	'mfa.totp.activate': {readonly user: UserRef; readonly enrollmentId: string; readonly passCode: string};
	/** `onlyActive`: it is the user's only active factor, so nothing is left to verify with after it. */
	'mfa.factors.delete': {readonly user: UserRef; readonly factor: Factor; readonly onlyActive: boolean};
	'mfa.totp.delete': {readonly user: UserRef};
	'mfa.backupCodes.regenerate': {readonly user: UserRef};
	lifecycle: {readonly user: UserRef; readonly action: LifecycleAction};
	'password.temporary': {readonly user: UserRef; readonly skipPolicyCheck: boolean};
	/** `otherWays`: what the user can still sign in with, as far as what is loaded says. */
	'password.remove': {readonly user: UserRef; readonly otherWays: readonly string[]};
	'mfa.policy': {readonly user: UserRef; readonly from: MfaPolicy | null; readonly to: MfaPolicy};
	/** Every field changed, in one partial update; the app changes one at a time, a script may name several. */
	'profile.edit': {readonly user: UserRef; readonly changes: readonly ProfileChange[]};
	/** `contact` is null until the form's text is read. */
	'contacts.add': {readonly user: UserRef; readonly contact: NewContact | null};
	'contacts.verify': {readonly user: UserRef; readonly contact: Contact; readonly verified: boolean};
	'contacts.makePrimary': {readonly user: UserRef; readonly contact: Contact};
	/** `social`: the connections signed in through that email, which go with it. */
	'contacts.delete': {readonly user: UserRef; readonly contact: Contact; readonly social: readonly SocialConnection[]};
	'social.unlink': {readonly user: UserRef; readonly connection: SocialConnection; readonly hasPassword: boolean | null};
	/** `otherRoles`: the user's other admin roles, which stay. */
	'roles.unassign': {readonly user: UserRef; readonly role: Membership; readonly otherRoles: readonly string[]};
	/**
	 * A caller check on one factor: `push` (sent, then polled), `challenge` (an SMS or call code sent), or `code` (the
	 * code the caller reads out; null until the operator types it).
	 */
	'caller.verify': {readonly user: UserRef; readonly factor: Factor; readonly step: 'push' | 'challenge' | 'code'; readonly passCode: string | null};
}

export type OperationId = keyof Inputs;

/** The kind of row each operation acts on (null: the user as a whole). */
export interface TargetOf {
	'sessions.revoke': 'session';
	'sessions.revokeAll': null;
	'grants.revoke': 'grant';
	'grants.revokeAll': null;
	'passkeys.rename': 'passkey';
	'passkeys.delete': 'passkey';
	'mfa.totp.enroll': null;
	'mfa.totp.activate': null;
	'mfa.factors.delete': 'factor';
	'mfa.totp.delete': null;
	'mfa.backupCodes.regenerate': null;
	lifecycle: null;
	'password.temporary': null;
	'password.remove': null;
	'mfa.policy': null;
	'profile.edit': null;
	'contacts.add': null;
	'contacts.verify': 'contact';
	'contacts.makePrimary': 'contact';
	'contacts.delete': 'contact';
	'social.unlink': 'social';
	'roles.unassign': 'membership';
	'caller.verify': 'factor';
}

/** A change asked for, its target fixed: what a confirm dialog shows and what runs when it is confirmed. */
export type Pending = {readonly [K in OperationId]: {readonly op: K; readonly input: Inputs[K]}}[OperationId];

/**
 * How a change is confirmed:
 * - `none`: it runs when asked (what the operator typed is the confirmation: a new name, a code read from an app);
 * - `confirm`: a y/N dialog, default No;
 * - `destructive`: y/N, and on a protected profile the user's email or login typed;
 * - `wide`: the user's email or login typed, always.
 */
export type Danger = 'none' | 'confirm' | 'destructive' | 'wide';

/** Rows of a loaded list that an operation can act on. */
export type TargetKind = 'session' | 'grant' | 'passkey' | 'factor' | 'membership' | 'contact' | 'social';
export interface Targets {
	readonly session: Session;
	readonly grant: OAuthGrant;
	readonly passkey: Passkey;
	readonly factor: Factor;
	readonly membership: Membership;
	readonly contact: Contact;
	readonly social: SocialConnection;
}

/** What an operation's choices are made from: what is loaded for the user, and what the operator gave. */
export interface PrepareContext<T extends TargetKind | null> {
	readonly user: UserRef;
	/** What is loaded (the app's view; a script loads what `needs` names). */
	readonly data: Partial<UserData>;
	/** The row acted on, for an operation with a target. */
	readonly target: T extends TargetKind ? Targets[T] : null;
	/** The state changes the backend offers this user now. */
	readonly lifecycle: readonly LifecycleAction[];
	readonly caps: GuardedProvider['capabilities'];
	/** The backend's name, for words like "Okta does not offer …". */
	readonly backend: string;
	/** Choices the operator made up front (a script's flags and words); absent in the app, which offers them all. */
	readonly options: Readonly<{oauthTokens?: boolean; forgetDevices?: boolean; skipPasswordCheck?: boolean; verified?: boolean; name?: string; action?: string; code?: string}>;
}

/** Why an operation offers nothing here: a reason, and what would work instead when something does. */
export type Refusal = string | {readonly refused: string; readonly hint: string};

/** A one-time value to show whole, once, and forget: never journaled, logged or kept. */
export type Secret =
	| {readonly kind: 'totp'; readonly enrollment: TotpEnrollment}
	| {readonly kind: 'codes'; readonly codes: readonly string[]}
	| {readonly kind: 'links'; readonly title: string; readonly items: readonly {readonly label: string; readonly value: string}[]};

/** What a change came back with. */
export interface Done {
	readonly outcome: Outcome<unknown>;
	/** The result in words, naming the user as `who` ("Revoked session 59… of Jane Okafor"). */
	readonly text: (who: string) => string;
	/** What comes next, when the change needs a step from the operator ("scan it, then enter the code the app shows"). */
	readonly next?: string;
	/** Extra facts for a script's JSON (counts, messages); never a secret. */
	readonly facts?: Readonly<Record<string, unknown>>;
	readonly secret?: Secret;
	/** The user no longer exists (deleted for good): a view of them has nothing left to show. */
	readonly gone?: boolean;
	/** The call went through but its answer is a no (a push denied, a wrong code): shown as a failure. */
	readonly negative?: boolean;
	/** The step that follows at once (after an SMS code is sent: typing the code the caller reads out). */
	readonly then?: Pending;
	/** The caller was verified (an approval a `verify_caller` profile's changes wait for): when (epoch ms) and how. */
	readonly verified?: {readonly at: number; readonly how: string};
}

/** The journal's view of one change: what it names and the facts worth keeping. */
export interface JournalSpec {
	readonly action: string;
	readonly object?: {readonly type: string; readonly id: string; readonly label: string | null};
	readonly detail?: JournalDetail;
}

/** Sends one change through the guard, journaled as the operation says; `outcomeDetail` adds facts from the answer. */
export type Mutate = <T>(
	send: (backend: ProviderMutations, options: CallOptions) => Promise<Outcome<T>>,
	outcomeDetail?: (outcome: Outcome<T>) => JournalDetail | undefined,
) => Promise<Outcome<T>>;

export interface Operation<K extends OperationId, T extends TargetKind | null = TargetOf[K]> {
	readonly id: K;
	/** The capability the backend must have; null when it depends on the user only (lifecycle). */
	readonly capability: Capability | null;
	/** The row it acts on, picked by the operator: the selected row of that list in the app, an id in a script. */
	readonly target: T;
	/** Why nothing happens when no row is selected (default: "no <kind> selected"). */
	readonly noTarget?: string;
	/** What must be loaded before it can be asked for (besides the target's list). */
	readonly needs?: readonly UserDataKey[];
	/**
	 * The changes to choose from, or why there is none. One is confirmed directly; several are offered in a menu
	 * (labelled by `choice`).
	 */
	prepare(context: PrepareContext<T>): readonly Inputs[K][] | Refusal;
	/** A menu line for one of several choices. */
	choice?(input: Inputs[K]): string;
	/** Asks for text first (a passkey's new name): its label, the starting text, and how the text becomes the input. */
	readonly form?: {
		readonly label: string;
		/** Asked only for inputs this says need it (default: always). */
		when?(input: Inputs[K]): boolean;
		initial(input: Inputs[K]): string;
		/** The input with the text applied, or why the text cannot be used. */
		apply(input: Inputs[K], text: string): Inputs[K] | string;
		/** Set when the text changes nothing, so nothing needs doing. */
		unchanged?(input: Inputs[K], text: string): string | null;
	};
	danger(input: Inputs[K]): Danger;
	/** The dialog's title, the running line and the journal's words: "Revoke session 59… — Chrome on macOS…". */
	title(input: Inputs[K]): string;
	/** The line shown while it runs, where the title is not enough (a push waiting for the user's answer). */
	running?(input: Inputs[K]): string;
	/** What happens, side effects included, in words for the confirm dialog and a script's prompt. */
	effect(input: Inputs[K]): string;
	/** What to read again after it ran (or failed, or may have run). */
	readonly affects: readonly UserDataKey[];
	journal(input: Inputs[K]): JournalSpec;
	/** Sends it with `mutate`: through the guard (read-only refusal, the journal), the one way to change anything. */
	run(input: Inputs[K], mutate: Mutate): Promise<Done>;
	/** The scripting subcommand: its words and its arguments after the user; null when only the app offers it. */
	readonly script: {
		readonly words: string;
		readonly args?: string;
		readonly flags?: readonly ('--oauth-tokens' | '--forget-devices' | '--skip-password-check' | '--unverified')[];
		/** Takes free text after the user (and the row's id) without a form in the app (a policy, `field=value`). */
		readonly text?: boolean;
		/** A usage error for flags this backend has no use for. */
		check?(caps: GuardedProvider['capabilities'], options: PrepareContext<null>['options']): string | null;
		/** The row acted on when no id is given (a verification's push factor), from the loaded rows. */
		defaultTarget?(rows: readonly (T extends TargetKind ? Targets[T] : never)[]): string | null;
		/** Runs without asking (`--yes` not needed): it changes nothing on the account. @default true */
		readonly confirm?: boolean;
	} | null;
}
