/**
 * The provider interface: what every backend offers the screens, in domain terms only.
 * A backend that cannot do something says so in `capabilities` with a one-line reason a screen can show.
 */
import type {
	CallOptions,
	ProviderId,
	ClearSessionsOptions,
	ContactRef,
	MfaPolicy,
	NewContact,
	ProfilePatch,
	TemporaryPasswordOptions,
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
	ClientTokens,
	CallerVerification,
	Factor,
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
	| 'events.list'
	| 'password.temporary'
	| 'password.remove'
	| 'mfa.policy'
	| 'profile.edit'
	| 'contacts.edit'
	| 'social.unlink'
	| 'roles.unassign'
	| 'caller.verify';

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
	/** Okta credentials/forgot_password: the recovery email (a reset link, then the recovery question). */
	| 'forgot_password'
	| 'expire_password'
	/** Okta expire_password_with_temp_password: a temporary password shown once, sessions kept or revoked. */
	| 'temp_password'
	| 'temp_password_revoke_sessions'
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

/** What a provider reads: passed straight through by the guard. */
export interface ProviderReads {
	readonly kind: ProviderId;
	/** Backend name for the status bar and dialogs. */
	readonly label: string;
	/** Host the provider talks to, so nobody acts on the wrong tenant. */
	readonly host: string;
	readonly capabilities: Capabilities;
	/** What the widest actions ask the operator to type: the user's email or their login. */
	readonly confirmWith: 'email' | 'login';

	/**
	 * Whether `query` is a whole identifier of this backend (an email, or an id in this backend's format), not a
	 * prefix or a name: such a query can be searched while the operator is still typing.
	 */
	isWholeIdentifier(query: string): boolean;

	/** Pages of matches as they arrive; the caller ranks them (see rankUsers). */
	searchUsers(query: string, options?: SearchOptions): AsyncIterable<readonly UserSummary[]>;
	getUser(userId: Id, options?: CallOptions): Promise<UserDetails>;
	/** Every session the backend still holds, expired ones included, newest activity first. */
	listSessions(userId: Id, options?: CallOptions): Promise<readonly Session[]>;
	/**
	 * OAuth grants and refresh tokens per client (where capabilities say `grants.list`); `kind` asks for one kind only
	 * (Okta lists the grants in one call and the tokens per client, a round trip later: the view loads them apart).
	 */
	listGrants(userId: Id, options?: CallOptions, kind?: OAuthGrant['kind']): Promise<readonly OAuthGrant[]>;
	/** The user's OAuth clients and their refresh tokens (where capabilities say `grants.list`). */
	listRefreshTokens(userId: Id, options?: CallOptions): Promise<ClientTokens>;
	listPasskeys(userId: Id, options?: CallOptions): Promise<readonly Passkey[]>;
	getMfa(userId: Id, options?: CallOptions): Promise<MfaState>;
	listMemberships(userId: Id, options?: CallOptions): Promise<readonly Membership[]>;
	/** The state changes this user's current state allows. */
	lifecycleActions(user: UserDetails): readonly LifecycleAction[];

	/** A user's sign-in and audit trail, one page (where capabilities say `events.list`). */
	listEvents(userId: Id, query?: EventQuery): Promise<EventPage>;
	/** The next page or poll from a cursor a page gave, exactly as given. */
	pollEvents(cursor: EventCursor, options?: CallOptions): Promise<EventPage>;

	/** The last rate-limit budget the backend reported, for the status bar; absent where it reports none. */
	rateLimit?(): RateBudget | null;
	/** The trail's own rate-limit budget (Okta's System Log bucket is separate from the users one `rateLimit` shows). */
	eventsRateLimit?(): RateBudget | null;
	/** How long a poller waits before its next poll so it never polls faster than the trail's budget allows. */
	eventsPollDelayMs?(now?: number): number;
	/**
	 * The operator is typing a lookup: have the connections a user view reads over open (and keep them open), so the
	 * search and the reads after it pay no TCP or TLS handshake. Called once per query typed; never rejects.
	 */
	warm(): Promise<void>;
	/**
	 * Behind the app's first frame: loads the HTTP client and, where no proxy applies, opens those connections with
	 * nothing sent on them (src/api/preconnect.ts), so even a pasted `email⏎` finds them open. No request is sent.
	 */
	prepare?(): void;
	close(): Promise<void>;
}

/**
 * What a provider changes. Only the guard (src/api/guard.ts) holds an object with these methods: everything else
 * changes state through an operation (src/operations/), which goes through the guard's `mutate`.
 */
export interface ProviderMutations {
	revokeSession(userId: Id, sessionId: Id, options?: CallOptions): Promise<Outcome<void>>;
	/** `revoked` is the backend's count, or null when it gives none. */
	revokeAllSessions(userId: Id, options?: ClearSessionsOptions): Promise<Outcome<{readonly revoked: number | null}>>;
	revokeGrant(userId: Id, grant: OAuthGrant, options?: CallOptions): Promise<Outcome<void>>;
	revokeAllGrants(userId: Id, options?: CallOptions): Promise<Outcome<void>>;
	renamePasskey(userId: Id, passkeyId: Id, name: string, options?: CallOptions): Promise<Outcome<void>>;
	deletePasskey(userId: Id, passkeyId: Id, options?: CallOptions): Promise<Outcome<void>>;
	enrollTotp(user: UserDetails, options?: CallOptions): Promise<Outcome<TotpEnrollment>>;
	/** Finishes an enrollment that `needsActivation` with the code the user reads from their app. */
	activateTotp(userId: Id, enrollmentId: Id, passCode: string, options?: CallOptions): Promise<Outcome<void>>;
	/** Unenrolls one factor listed in MfaState.factors (or a passkey listed as a factor). */
	deleteFactor(userId: Id, factorId: Id, options?: CallOptions): Promise<Outcome<void>>;
	deleteTotp(userId: Id, options?: CallOptions): Promise<Outcome<void>>;
	regenerateBackupCodes(userId: Id, options?: CallOptions): Promise<Outcome<readonly string[]>>;
	runLifecycle(userId: Id, action: LifecycleActionId, options?: CallOptions): Promise<Outcome<LifecycleResult>>;
	/** Sets a strong generated password and returns it, to be shown once: never logged or journaled. */
	setTemporaryPassword(userId: Id, options?: TemporaryPasswordOptions): Promise<Outcome<{readonly password: string}>>;
	/** Removes the password: the user signs in passwordless (email code, passkey, social) from then on. */
	removePassword(userId: Id, options?: CallOptions): Promise<Outcome<void>>;
	setMfaPolicy(userId: Id, policy: MfaPolicy, options?: CallOptions): Promise<Outcome<void>>;
	updateProfile(userId: Id, patch: ProfilePatch, options?: CallOptions): Promise<Outcome<void>>;
	/** Adds an email or phone, unverified and not primary; returns its id. */
	addContact(userId: Id, contact: NewContact, options?: CallOptions): Promise<Outcome<{readonly id: Id}>>;
	setContactVerified(userId: Id, contact: ContactRef, verified: boolean, options?: CallOptions): Promise<Outcome<void>>;
	makeContactPrimary(userId: Id, contact: ContactRef, options?: CallOptions): Promise<Outcome<void>>;
	deleteContact(userId: Id, contact: ContactRef, options?: CallOptions): Promise<Outcome<void>>;
	unlinkSocialConnection(userId: Id, connectionId: Id, options?: CallOptions): Promise<Outcome<void>>;
	/** Takes one admin role assignment (a Memberships row of kind admin_role) away from the user. */
	unassignRole(userId: Id, roleAssignmentId: Id, options?: CallOptions): Promise<Outcome<void>>;
	/**
	 * Challenges the user on one of their factors, to check that a caller is who they say: a push is sent and its
	 * transaction polled until the user answers or it expires; an SMS or call challenge is sent (`passCode` absent);
	 * a code the caller reads out is checked (`passCode`). Nothing about the account changes.
	 */
	verifyFactor(userId: Id, factor: Factor, passCode: string | null, options?: CallOptions): Promise<Outcome<CallerVerification>>;
}

/** A backend: everything it reads and changes, in domain terms. */
export interface Provider extends ProviderReads, ProviderMutations {}
