/**
 * Domain types shared by every provider. Screens see only these, never wire fields.
 * Ids are strings everywhere: Wacht snowflakes exceed 2^53 and Okta ids are opaque.
 * Times are ISO 8601 strings (or null when the backend does not know).
 */

export type Id = string;
export type Iso = string;

/** The backends this app speaks to. */
export type ProviderId = 'wacht' | 'okta';

/** What state an account is in, across backends. `unknown` keeps an unexpected backend value visible. */
export type UserStatus =
	| 'active'
	| 'disabled'
	| 'staged'
	| 'provisioned'
	| 'recovery'
	| 'locked_out'
	| 'password_expired'
	| 'suspended'
	| 'deprovisioned'
	| 'unknown';

/** One row of a lookup result. */
export interface UserSummary {
	readonly id: Id;
	readonly displayName: string;
	readonly firstName: string;
	readonly lastName: string;
	readonly email: string | null;
	readonly phone: string | null;
	readonly login: string | null;
	/** Null when the list endpoint does not carry the status (Wacht lists do not). */
	readonly status: UserStatus | null;
	/** The backend's own word for the status, shown when it differs from ours (e.g. Okta `LOCKED_OUT`). */
	readonly statusText: string | null;
	readonly createdAt: Iso | null;
	readonly lastSignInAt: Iso | null;
}

export interface EmailAddress {
	readonly id: Id;
	readonly email: string;
	readonly primary: boolean;
	/** Null where the backend keeps no verification state (Okta's profile emails and phones). */
	readonly verified: boolean | null;
}

export interface PhoneNumber {
	readonly id: Id;
	readonly number: string;
	readonly primary: boolean;
	/** Null where the backend keeps no verification state (Okta's profile emails and phones). */
	readonly verified: boolean | null;
}

/** A linked social / federated identity. Provider tokens are never part of it. */
export interface SocialConnection {
	readonly id: Id;
	readonly provider: string;
	readonly email: string | null;
	readonly createdAt: Iso | null;
}

export type MfaPolicy = 'none' | 'optional' | 'enforced';

/** Everything the header and the Profile tab need. */
export interface UserDetails extends UserSummary {
	readonly status: UserStatus;
	readonly updatedAt: Iso | null;
	/** Short facts worth a glance: "no password", "MFA enforced", "locked out"… */
	readonly flags: readonly string[];
	readonly mfaPolicy: MfaPolicy | null;
	readonly hasPassword: boolean | null;
	readonly hasBackupCodes: boolean | null;
	readonly passwordChangedAt: Iso | null;
	/** When the status last changed (Okta `statusChanged`); null where the backend does not say (Wacht). */
	readonly statusChangedAt: Iso | null;
	/** Okta `transitioningToStatus`, raw: an asynchronous status change is still running. */
	readonly transitioningTo: string | null;
	/** The directory or app that masters the credentials when it is not the backend itself (Okta `credentials.provider`). */
	readonly credentialSource: string | null;
	/** Sign-in blocks the backend reports (Okta `_embedded.blocks`): on unknown devices, or on any device. */
	readonly signInBlocks: readonly ('unknown_devices' | 'any_device' | 'other')[];
	readonly emails: readonly EmailAddress[];
	readonly phones: readonly PhoneNumber[];
	readonly socialConnections: readonly SocialConnection[];
	/**
	 * Who holds the credentials (Okta `credentials.provider`): the type as sent (OKTA, ACTIVE_DIRECTORY, LDAP,
	 * FEDERATION, SOCIAL, IMPORT) and its name (an AD domain); null where the backend has no such notion (Wacht).
	 */
	readonly credentialProvider: {readonly type: string; readonly name: string | null} | null;
	/**
	 * The identity providers the user signs in through (Okta `/users/{id}/idps`, read for users whose credentials
	 * come from one: FEDERATION, SOCIAL); null when not read or the read failed.
	 */
	readonly identityProviders: readonly LinkedIdentityProvider[] | null;
	/** The user type: Okta's `type.id` and the profile's `userType` words, when set; null on Wacht. */
	readonly userType: {readonly id: string | null; readonly name: string | null} | null;
	/** The profile fields this backend's updateProfile changes for the user, with their values now (null: not set). */
	readonly profileFields: Readonly<Partial<Record<ProfileField, string | null>>>;
}

/** An identity provider a user signs in through (Okta IdP: SAML, OIDC, Google, Microsoft…). */
export interface LinkedIdentityProvider {
	readonly id: Id;
	readonly name: string;
	/** Okta's IdP type as sent: GOOGLE, MICROSOFT, SAML2, OIDC, FACEBOOK… */
	readonly type: string | null;
	readonly status: string | null;
}

/** A sign-in / session row. */
export interface Session {
	readonly id: Id;
	/** The browser session this sign-in belongs to, where the backend has one. */
	readonly sessionId: Id | null;
	readonly createdAt: Iso | null;
	readonly lastActiveAt: Iso | null;
	readonly expiresAt: Iso | null;
	readonly expired: boolean;
	readonly ip: string | null;
	/** Browser, operating system and device as read from the backend's client fields (src/api/user-agent.ts). */
	readonly browser: string | null;
	readonly os: string | null;
	readonly device: string | null;
	readonly city: string | null;
	readonly region: string | null;
	readonly country: string | null;
	readonly countryCode: string | null;
	/** The live session with the newest activity: the one the user is most likely on now. */
	readonly latest: boolean;
	/** What is new about it compared with the user's earlier sign-ins (see src/diagnosis/sessions.ts). */
	readonly unusual: readonly ('country' | 'device')[];
}

export interface Passkey {
	readonly id: Id;
	readonly name: string;
	readonly createdAt: Iso | null;
	readonly lastUsedAt: Iso | null;
	readonly signCount: number | null;
	readonly transports: readonly string[];
	/** `single_device` / `multi_device` on Wacht; the authenticator model elsewhere. */
	readonly deviceType: string | null;
	readonly backedUp: boolean | null;
	readonly status: string | null;
}

/** An enrolled factor (Okta lists them; Wacht exposes none, see MfaState.totp). */
export interface Factor {
	readonly id: Id;
	/** Backend factor type, kept as sent so unknown types are shown, not dropped. */
	readonly type: string;
	readonly provider: string | null;
	readonly name: string;
	readonly status: string | null;
	readonly createdAt: Iso | null;
	readonly lastUsedAt: Iso | null;
}

/** `unknown` when the backend cannot tell (Wacht has no read endpoint for authenticators). */
export type Tristate = 'yes' | 'no' | 'unknown';

export interface MfaState {
	readonly policy: MfaPolicy | null;
	readonly totp: Tristate;
	/** Why totp is unknown, or where the knowledge came from. */
	readonly totpNote: string | null;
	readonly backupCodes: Tristate;
	readonly factors: readonly Factor[];
}

export type MembershipKind = 'organization' | 'workspace' | 'group' | 'admin_role' | 'app';

export interface Membership {
	readonly id: Id;
	readonly kind: MembershipKind;
	readonly name: string;
	/** The parent organization's name, for a workspace. */
	readonly parentName: string | null;
	readonly parentId: Id | null;
	readonly roles: readonly string[];
	readonly description: string | null;
	readonly createdAt: Iso | null;
	/** An admin role's assignment: to the user directly, or through a group or an API client (Okta). */
	readonly assignmentType?: 'USER' | 'GROUP' | 'CLIENT' | null;
}

/**
 * What a caller verification came to: `approved` (push accepted, or the code matched), `rejected` (push denied, or
 * a wrong code), `timeout` (the push expired unanswered), or `challenged` (an SMS or call code was sent; the code
 * the caller reads out is checked next). `at` is when the answer came.
 */
export interface CallerVerification {
	readonly result: 'approved' | 'rejected' | 'timeout' | 'challenged';
	readonly at: Iso;
	/** Why, in a few words ("the code did not match", "the user denied the push"). */
	readonly reason: string | null;
}

/** Returned once by an authenticator enrollment. Holds a secret: never log or persist it. */
export interface TotpEnrollment {
	readonly id: Id;
	readonly otpUrl: string;
	readonly secret: string;
	readonly accountName: string;
	/** True when the backend wants a code from the user's app before the factor counts (Okta). */
	readonly needsActivation: boolean;
}

/** An OAuth grant or refresh token a user holds for a client (Okta); revoking signs that app out. */
export interface OAuthGrant {
	readonly id: Id;
	readonly kind: 'grant' | 'refresh_token';
	readonly clientId: Id;
	readonly clientName: string;
	readonly scopes: readonly string[];
	readonly status: string | null;
	readonly createdAt: Iso | null;
	readonly expiresAt: Iso | null;
}

/** An email address or phone number of a user, by kind and id: what a contact change acts on. */
export interface ContactRef {
	readonly kind: 'email' | 'phone';
	readonly id: Id;
}

/** A contact to add: an email, or a phone as its country code (`+1`) and the number without it. */
export type NewContact = {readonly kind: 'email'; readonly email: string} | {readonly kind: 'phone'; readonly countryCode: string; readonly number: string};

/**
 * Profile fields to change; an absent field stays as it is, null clears an optional one. `username` is Wacht's
 * sign-in name, `login` Okta's; the contact fields are Okta profile attributes (Wacht keeps emails and phones as rows).
 */
export interface ProfilePatch {
	readonly firstName?: string;
	readonly lastName?: string;
	readonly username?: string;
	readonly login?: string;
	readonly email?: string;
	readonly secondEmail?: string | null;
	readonly mobilePhone?: string | null;
}

export type ProfileField = keyof ProfilePatch;

/** Options for a temporary password. */
export interface TemporaryPasswordOptions extends CallOptions {
	/** Skip the deployment's password policy check (Wacht `skip_password_check`): only when the operator asks. */
	readonly skipPolicyCheck?: boolean;
}

/** Options for ending every session of a user. */
export interface ClearSessionsOptions extends CallOptions {
	/** Also revoke the user's OAuth access and refresh tokens (Okta). */
	readonly oauthTokens?: boolean;
	/** Also forget the devices the user marked as trusted (Okta). */
	readonly forgetDevices?: boolean;
}

/** What a mutation came back with: the value plus what an audit line or the result line needs. */
export interface Outcome<T> {
	readonly value: T;
	readonly status: number;
	readonly requestId: string | null;
	readonly at: Iso;
}

/** Progress of a wait the transport is doing on the caller's behalf (429 or retry backoff). */
export interface WaitNotice {
	readonly reason: 'rate_limited' | 'retrying';
	readonly ms: number;
	readonly attempt: number;
	/** How long until the request gives up, this wait included. */
	readonly givesUpInMs: number;
	readonly message: string;
}

export interface CallOptions {
	readonly signal?: AbortSignal;
	readonly onWait?: (notice: WaitNotice) => void;
}

/** What is left of the backend's rate-limit budget, where it says (Okta's X-Rate-Limit-* headers). */
export interface RateBudget {
	readonly limit: number;
	readonly remaining: number;
	/** Epoch ms when the budget refills. */
	readonly resetAt: number;
}

/** Someone or something an audit event names: its actor, or one of its targets (user, app, policy, rule, factor…). */
export interface AuditParty {
	/** As the backend sends it: `User`, `AppInstance`, `PolicyEntity`, `PolicyRule`, `AuthenticatorEnrollment`… */
	readonly type: string;
	readonly id: Id | null;
	readonly displayName: string | null;
	/** A login, an app's label, an email. */
	readonly alternateId: string | null;
	/** What an update changed (`{from: {email}, to: {email}}`), where the backend says. */
	readonly changes: {readonly from: Readonly<Record<string, unknown>>; readonly to: Readonly<Record<string, unknown>>} | null;
}

/**
 * One entry of a user's sign-in and audit trail (Okta's System Log): sign-ins, MFA, policy decisions, threats and
 * admin actions. Unknown event types are kept as sent; every field the backend may leave out is null.
 */
export interface AuditEvent {
	/** The event's own id (Okta `uuid`). */
	readonly id: Id;
	readonly at: Iso;
	/** The backend's event type, as sent (`user.session.start`, `policy.evaluate_sign_on`…). */
	readonly type: string;
	readonly message: string | null;
	/** `SUCCESS`, `FAILURE`, `DENY`, `ALLOW`, `CHALLENGE`… as sent, and why (`INVALID_CREDENTIALS`, `LOCKED_OUT`…). */
	readonly outcome: {readonly result: string | null; readonly reason: string | null};
	/** `DEBUG`, `INFO`, `WARN`, `ERROR`. */
	readonly severity: string | null;
	readonly client: {
		readonly ip: string | null;
		readonly city: string | null;
		readonly region: string | null;
		readonly country: string | null;
		/** The raw User-Agent header, and what src/api/user-agent.ts reads from it. */
		readonly userAgent: string | null;
		readonly browser: string | null;
		readonly os: string | null;
		readonly device: string | null;
		/** The network zone the address falls in, when the backend names one. */
		readonly zone: string | null;
	};
	readonly authentication: {
		readonly step: number | null;
		/** `PASSWORD`, `OTP`, `SMS`… */
		readonly credentialType: string | null;
		readonly credentialProvider: string | null;
		/** `OKTA_AUTHENTICATION_PROVIDER`, `ACTIVE_DIRECTORY`… */
		readonly provider: string | null;
		/** Shared by the events of one sign-in session. */
		readonly sessionId: string | null;
	};
	readonly security: {
		readonly proxy: boolean | null;
		readonly asn: number | null;
		readonly asOrg: string | null;
		readonly isp: string | null;
		readonly domain: string | null;
	};
	readonly threatSuspected: boolean | null;
	/** What the backend's behaviour detection found, e.g. `{name: 'New Country', positive: true}`. */
	readonly behaviors: readonly {readonly name: string; readonly positive: boolean}[];
	/** The risk level the backend gave the request (`LOW`, `MEDIUM`, `HIGH`). */
	readonly risk: string | null;
	readonly actor: AuditParty | null;
	readonly targets: readonly AuditParty[];
	readonly transactionId: string | null;
	/** The backend request id that produced it (matches an X-Okta-Request-Id the app logged). */
	readonly requestId: string | null;
}

/** An opaque position in a trail to continue from (for Okta, the `next` link exactly as given). */
export type EventCursor = string;

export interface EventQuery extends CallOptions {
	/** Default: 7 days before `until` (or now). */
	readonly since?: Iso;
	/** Default: now. A query without `until`, oldest first, is a polling query: it always gives a cursor to tail from. */
	readonly until?: Iso;
	/** Default oldest first. */
	readonly order?: 'oldest_first' | 'newest_first';
	/** Events per page (Okta: 100 by default, at most 1,000). */
	readonly limit?: number;
	/** Only these event types. */
	readonly types?: readonly string[];
	/** Only events with one of these outcome results (`FAILURE`, `DENY`, `SUCCESS`…), as the backend writes them. */
	readonly results?: readonly string[];
	/** Keywords that must all appear in an event. */
	readonly keyword?: string;
	/** Continue from here instead (the query's other options are in the cursor already). */
	readonly after?: EventCursor;
}

export interface EventPage {
	readonly events: readonly AuditEvent[];
	/** Where the next page (or, for a polling query, the next poll) starts; null at the end of a bounded query. */
	readonly next: EventCursor | null;
	/** The trail's own rate-limit budget after this call, where the backend reports it. */
	readonly budget: RateBudget | null;
}

/** A user's sign-in trail over a window, newest first (src/api/trail.ts reads it). */
export interface Trail {
	readonly events: readonly AuditEvent[];
	readonly since: Iso;
	readonly until: Iso;
	/** The window held more events than were read (the read stops at its cap): older ones are left out. */
	readonly capped: boolean;
}

/** The user's OAuth clients in the backend's order, and their refresh tokens. */
export interface ClientTokens {
	readonly clientIds: readonly Id[];
	readonly tokens: readonly OAuthGrant[];
}

/** What the app loads for one user, by key: the header and the Profile tab (`details`) and one list per tab. */
export interface UserData {
	readonly details: UserDetails;
	readonly sessions: readonly Session[];
	/** Okta's consent grants (one list for every client). */
	readonly grants: readonly OAuthGrant[];
	/** Okta's refresh tokens, listed per client: a round trip after the grants, so loaded as its own key. */
	readonly tokens: ClientTokens;
	readonly passkeys: readonly Passkey[];
	readonly mfa: MfaState;
	readonly memberships: readonly Membership[];
	/** The sign-in trail (where capabilities say `events.list`). */
	readonly events: Trail;
}
export type UserDataKey = keyof UserData;
export const USER_DATA_KEYS: readonly UserDataKey[] = ['details', 'sessions', 'grants', 'tokens', 'passkeys', 'mfa', 'memberships', 'events'];
