/**
 * The provider interface: what every backend offers the screens, in domain terms only.
 * A backend that cannot do something says so in `capabilities` with a one-line reason a screen can show.
 */
import type {ActivityItem} from './journal.js';
import type {
	CallOptions,
	ClearSessionsOptions,
	EventCursor,
	EventPage,
	EventQuery,
	OAuthGrant,
	RateBudget,
	Id,
	Membership,
	MfaState,
	Outcome,
	Passkey,
	Session,
	TotpEnrollment,
	UserDetails,
	UserSummary,
} from './types.js';

export type Capability =
	| 'sessions.list'
	| 'sessions.revoke'
	| 'sessions.revokeAll'
	| 'passkeys.list'
	| 'passkeys.rename'
	| 'passkeys.delete'
	| 'mfa.totp.enroll'
	| 'mfa.totp.delete'
	| 'mfa.backupCodes.regenerate'
	| 'memberships.list'
	| 'grants.list'
	| 'grants.revoke'
	| 'mfa.factors.delete'
	| 'events.list';

/** `true` when supported; otherwise the reason it is not, in one line. */
export type Capabilities = Readonly<Record<Capability, true | string>>;

export type LifecycleActionId =
	| 'disable'
	| 'enable'
	| 'activate'
	| 'reactivate'
	| 'deactivate'
	| 'suspend'
	| 'unsuspend'
	| 'unlock'
	| 'reset_password'
	| 'expire_password'
	| 'reset_factors'
	| 'delete';

/** A state change offered for a user in its current state. */
export interface LifecycleAction {
	readonly id: LifecycleActionId;
	/** Verb phrase for menus and dialogs: "Disable user". */
	readonly label: string;
	/** What happens, side effects included, for the confirm dialog. */
	readonly effect: string;
	/** Wide actions need the operator to type the user's email or login. */
	readonly blast: 'normal' | 'wide';
}

export interface LifecycleResult {
	readonly message: string;
	/** One-time values to show once (a reset link…); never logged. */
	readonly reveal?: readonly {readonly label: string; readonly value: string}[];
}

export interface SearchOptions extends CallOptions {
	/** Rows per backend page. */
	readonly pageSize?: number;
	/** Stop after this many rows. */
	readonly maxResults?: number;
}

export interface Provider {
	readonly kind: 'wacht' | 'okta';
	/** Backend name for the status bar and dialogs. */
	readonly label: string;
	/** Host the provider talks to, so nobody acts on the wrong tenant. */
	readonly host: string;
	readonly capabilities: Capabilities;
	/** True when mutations are refused before anything is sent (read-only mode, src/api/guard.ts). */
	readonly isReadOnly?: boolean;
	/** What the widest actions ask the operator to type: the user's email or their login. */
	readonly confirmWith: 'email' | 'login';

	/** Pages of matches as they arrive; the caller ranks them (see rankUsers). */
	searchUsers(query: string, options?: SearchOptions): AsyncIterable<readonly UserSummary[]>;
	getUser(userId: Id, options?: CallOptions): Promise<UserDetails>;

	/** Every session the backend still holds, expired ones included, newest activity first. */
	listSessions(userId: Id, options?: CallOptions): Promise<readonly Session[]>;
	revokeSession(userId: Id, sessionId: Id, options?: CallOptions): Promise<Outcome<void>>;
	/** `revoked` is the backend's count, or null when it gives none. */
	revokeAllSessions(userId: Id, options?: ClearSessionsOptions): Promise<Outcome<{readonly revoked: number | null}>>;

	/** OAuth grants and refresh tokens per client (where capabilities say `grants.list`). */
	listGrants(userId: Id, options?: CallOptions): Promise<readonly OAuthGrant[]>;
	revokeGrant(userId: Id, grant: OAuthGrant, options?: CallOptions): Promise<Outcome<void>>;
	revokeAllGrants(userId: Id, options?: CallOptions): Promise<Outcome<void>>;

	listPasskeys(userId: Id, options?: CallOptions): Promise<readonly Passkey[]>;
	renamePasskey(userId: Id, passkeyId: Id, name: string, options?: CallOptions): Promise<Outcome<void>>;
	deletePasskey(userId: Id, passkeyId: Id, options?: CallOptions): Promise<Outcome<void>>;

	getMfa(userId: Id, options?: CallOptions): Promise<MfaState>;
	enrollTotp(user: UserDetails, options?: CallOptions): Promise<Outcome<TotpEnrollment>>;
	/** Finishes an enrollment that `needsActivation` with the code the user reads from their app. */
	activateTotp(userId: Id, enrollmentId: Id, passCode: string, options?: CallOptions): Promise<Outcome<void>>;
	/** Unenrolls one factor listed in MfaState.factors (or a passkey listed as a factor). */
	deleteFactor(userId: Id, factorId: Id, options?: CallOptions): Promise<Outcome<void>>;
	deleteTotp(userId: Id, options?: CallOptions): Promise<Outcome<void>>;
	regenerateBackupCodes(userId: Id, options?: CallOptions): Promise<Outcome<readonly string[]>>;

	listMemberships(userId: Id, options?: CallOptions): Promise<readonly Membership[]>;

	/** The state changes this user's current state allows. */
	lifecycleActions(user: UserDetails): readonly LifecycleAction[];
	runLifecycle(userId: Id, action: LifecycleActionId, options?: CallOptions): Promise<Outcome<LifecycleResult>>;

	/** The last rate-limit budget the backend reported, for the status bar; absent where it reports none. */
	rateLimit?(): RateBudget | null;

	/** A user's sign-in and audit trail, one page (where capabilities say `events.list`). */
	listEvents(userId: Id, query?: EventQuery): Promise<EventPage>;
	/** The next page or poll from a cursor a page gave, exactly as given. */
	pollEvents(cursor: EventCursor, options?: CallOptions): Promise<EventPage>;
	/** The trail's own rate-limit budget (Okta's System Log bucket is separate from the users one `rateLimit` shows). */
	eventsRateLimit?(): RateBudget | null;
	/** How long a poller waits before its next poll so it never polls faster than the trail's budget allows. */
	eventsPollDelayMs?(now?: number): number;

	/**
	 * Time-boxed writes on a read-only profile (the guard): how long an unlock lasts, and until when the current one
	 * runs (null when locked). Absent or null when writes cannot be unlocked.
	 */
	readonly writeUnlock?: {readonly minutes: number; readonly until: number | null} | null;
	/** Starts an unlock (journaled); resolves with when it ends (epoch ms). */
	unlockWrites?(): Promise<number>;
	lockWrites?(): Promise<void>;

	/** This operator's recent actions from the audit journal, newest first (the guard has the journal). */
	recentActivity?(limit: number): Promise<readonly ActivityItem[]>;

	/** Opens a connection early so the first lookup does not pay the handshakes. */
	warm(): Promise<void>;
	close(): Promise<void>;
}
