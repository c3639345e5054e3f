/**
 * The Okta provider: the Management API's users surface (`/api/v1/users…`) in domain terms.
 * Wire format: shared/research/okta-api.md and the official OpenAPI description. Only this folder knows Okta paths
 * and fields.
 *
 * Decisions worth knowing:
 * - Lifecycle actions come from the user's fresh `_links` (Okta's own gating), remembered per user by getUser and
 *   forgotten after any lifecycle call, so an action is never sent from a stale menu. `delete` is only offered for a
 *   DEPROVISIONED user, and the user is re-read right before the DELETE: Okta's first DELETE on anyone else
 *   deactivates, the second deletes for good.
 * - One-time values (activation / reset links, tokens, temporary passwords) reach the caller only in
 *   LifecycleResult.reveal; they are not kept, not logged, and not put in any message.
 * - Next pages are followed exactly as Okta's `Link: <…>; rel="next"` gives them, and only on the org's own host
 *   (the token is never sent anywhere else).
 * - Memberships: a 403 on admin roles (token without okta.roles.read) does not fail the tab: groups and apps are
 *   returned with one extra row saying the roles could not be read, and why.
 * - Factors of a DEPROVISIONED user answer 404 E0000007; that becomes an empty list with a note, not an error.
 * - The System Log (`listEvents`, `pollEvents`) has its own rate-limit bucket: it goes through a second transport
 *   whose dialect records that bucket's budget (`eventsRateLimit`), so `rateLimit()` stays the users bucket the status
 *   bar shows, and a 429 on the logs waits for the logs bucket's reset. Cursors are the `next` links as Okta gives them.
 */
import {isWholeEmail} from '../search.js';
import type {Capabilities, LifecycleAction, LifecycleActionId, LifecycleResult, Provider, SearchOptions} from '../provider.js';
import {ApiError} from '../errors.js';
import {SharedReads} from '../shared-read.js';
import {encodePath, Transport, type Dialect, type Headers, type Method, type TransportOptions, type TransportResponse} from '../transport.js';
import type {
	CallOptions,
	ClearSessionsOptions,
	EventCursor,
	EventPage,
	EventQuery,
	Factor,
	Id,
	LinkedIdentityProvider,
	Membership,
	MfaState,
	OAuthGrant,
	Outcome,
	Passkey,
	ProfilePatch,
	RateBudget,
	Session,
	TotpEnrollment,
	UserDetails,
	UserSummary,
	ClientTokens,
	CallerVerification,
} from '../types.js';
import {explainOktaError} from './errors.js';
import {auditEvent, logQuery, pollDelayMs} from './events.js';
import * as wire from './wire.js';

export {explainOktaError} from './errors.js';

// ------------------------------------------------------------------ dialect

/** Epoch seconds → ms, from a header that may have been repeated (joined with ", "): the latest value wins. */
function headerNumber(headers: Headers, name: string): number | null {
	const raw = headers[name];
	if (raw === undefined) return null;
	const values = raw
		.split(',')
		.map((v) => v.trim())
		.filter((v) => /^\d+$/.test(v))
		.map(Number);
	return values.length > 0 ? Math.max(...values) : null;
}

/**
 * How Okta speaks errors, rate limits and request ids. `onBudget` receives every rate-limit budget a response
 * reports (X-Rate-Limit-Limit/Remaining/Reset).
 */
export function createOktaDialect(onBudget?: (budget: RateBudget) => void): Dialect {
	return {
		parseError(_status, body) {
			const detail = wire.errorDetail(body);
			const explanation = explainOktaError(detail.code);
			const message = detail.summary && explanation ? `${detail.summary} — ${explanation}` : (detail.summary ?? explanation);
			return {code: detail.code, message, causes: detail.causes};
		},
		/** The SDK's formula: X-Rate-Limit-Reset (epoch s) measured against the server's Date, plus 1 s. */
		rateLimitWaitMs(_body, headers, now) {
			const reset = headerNumber(headers, 'x-rate-limit-reset');
			if (reset === null) return null;
			const date = headers['date'] ? Date.parse(headers['date']) : NaN;
			const serverNow = Number.isNaN(date) ? now : date;
			return Math.max(0, reset * 1000 - serverNow + 1000);
		},
		requestId: (headers) => headers['x-okta-request-id'] ?? null,
		// Activation tokens and links, reset links and temporary passwords are NOT dropped: they are shown once to the
		// operator (LifecycleResult.reveal). Dropped: values this app never shows and nobody should hold.
		dropKeys: new Set(['deviceToken', 'client_secret']),
		observe(headers) {
			const limit = headerNumber(headers, 'x-rate-limit-limit');
			const remaining = headerNumber(headers, 'x-rate-limit-remaining');
			const reset = headerNumber(headers, 'x-rate-limit-reset');
			// A concurrency rejection reports Limit 0: that is not the bucket's budget.
			if (limit === null || remaining === null || reset === null || limit <= 0) return;
			onBudget?.({limit, remaining: Math.min(remaining, limit), resetAt: reset * 1000});
		},
	};
}

// ------------------------------------------------------------------ options, capabilities

export interface OktaProviderOptions extends Omit<TransportOptions, 'baseUrl' | 'authorization' | 'dialect'> {
	/** https://{yourOktaDomain}; plain http only for loopback (simulators). */
	readonly orgUrl: string;
	/** An API token (SSWS) or an OAuth 2.0 access token (Bearer). A pasted "SSWS …" / "Bearer …" prefix is understood. */
	readonly token: string;
	/** Default SSWS. */
	readonly scheme?: 'SSWS' | 'Bearer';
}

const NO_SESSION_LIST = 'Okta cannot list a user\'s sessions; X clears them all';

const CAPABILITIES: Capabilities = {
	'sessions.list': NO_SESSION_LIST,
	'sessions.revoke': 'Okta cannot end one session; X clears them all',
	'sessions.revokeAll': true,
	'grants.list': true,
	'grants.revoke': true,
	'passkeys.list': true,
	'passkeys.rename': 'Okta cannot rename a WebAuthn factor',
	'passkeys.delete': true,
	'mfa.totp.enroll': true,
	'mfa.totp.delete': 'Okta: unenroll the TOTP factor from the factor list',
	'mfa.factors.delete': true,
	'mfa.backupCodes.regenerate': 'Okta has no backup codes to regenerate',
	'memberships.list': true,
	'events.list': true,
	// Okta's versions of these are its own operations (temporary password through the lifecycle, a partial profile update).
	'password.temporary': "Okta's temporary password is an account-state action: L, or account-triage user temp-password <user>",
	'password.remove': 'Okta has no passwordless switch per user; its sign-on policy decides',
	'mfa.policy': 'Okta sets MFA in its sign-on and authenticator enrollment policies, not per user',
	'profile.edit': true,
	'contacts.edit': 'Okta keeps emails and phones as profile fields, without their own ids',
	'social.unlink': 'Okta links identity providers per IdP, not as social connections of the user',
	'roles.unassign': true,
	'caller.verify': true,
};

/** How often a push transaction is polled (Okta's own clients poll every few seconds). */
const PUSH_POLL_MS = 2_000;
/** A push Okta has not closed this long after its `expiresAt` counts as timed out here. */
const PUSH_GRACE_MS = 15_000;
/** When a push without `expiresAt` is given up on (Okta's push transactions last five minutes). */
const PUSH_DEFAULT_LIFETIME_MS = 5 * 60_000;
/** Factor types whose code the operator types as the caller reads it out (SMS and call first send a code). */
const CODE_FACTORS = new Set(['token:software:totp', 'token:hotp', 'token:hardware', 'token', 'sms', 'call']);
const CHALLENGE_FACTORS = new Set(['sms', 'call']);

const MAX_PAGE = 200;
/** Pages followed before giving up on a list that never ends. */
const MAX_PAGES = 500;
/** Parallel requests for per-client grant and token lists (Okta's org-wide concurrency limit is 75 by default). */
const CLIENT_PARALLELISM = 4;

/** The profile fields a correction changes on Okta (the base schema's names). */
const OKTA_PROFILE_FIELDS: ReadonlySet<keyof ProfilePatch> = new Set(['firstName', 'lastName', 'login', 'email', 'secondEmail', 'mobilePhone']);

const ACTION_ORDER: readonly LifecycleActionId[] = ['unlock', 'unsuspend', 'activate', 'reactivate', 'reset_password', 'forgot_password', 'temp_password', 'temp_password_revoke_sessions', 'expire_password', 'reset_factors', 'suspend', 'deactivate', 'delete'];

/** What each action does, in plain words for the confirm dialog. */
function describeAction(id: LifecycleActionId, status: string | null, user: UserDetails): LifecycleAction | null {
	switch (id) {
		case 'activate':
			return status === 'DEPROVISIONED'
				? {
						id,
						label: 'Reactivate deactivated user',
						effect:
							'The deactivated account becomes usable again (ACTIVE, or PROVISIONED until the user finishes activation when they have no password). No email is sent: the activation link is shown once here. Apps they were removed from may need to provision them again.',
						blast: 'normal',
					}
				: {
						id,
						label: 'Activate user',
						effect:
							'Activates the account. No email is sent: the activation link is shown once here for you to pass on. A user without a password stays PROVISIONED until they finish activation with it.',
						blast: 'normal',
					};
		case 'reactivate':
			return {
				id,
				label: 'Resend activation',
				effect: 'Restarts activation for a user who never finished it: earlier activation links stop working and a new one is shown once here (no email is sent).',
				blast: 'normal',
			};
		case 'deactivate':
			return {
				id,
				label: 'Deactivate user',
				effect:
					'The user can no longer sign in, every session ends, and Okta deprovisions them from ALL assigned apps (app accounts may be disabled or deleted downstream). Activating again is possible, but what the apps removed may not come back.',
				blast: 'wide',
			};
		case 'suspend':
			return {
				id,
				label: 'Suspend user',
				effect: 'The user can no longer sign in anywhere and their Okta sessions end; groups and app assignments are kept. Unsuspend reverses it.',
				blast: 'wide',
			};
		case 'unsuspend':
			return {id, label: 'Unsuspend user', effect: 'The user can sign in again with their existing password and factors.', blast: 'normal'};
		case 'unlock':
			return {
				id,
				label: 'Unlock user',
				effect: 'Clears the lockout (and any block on unknown devices): the user can sign in again with their existing password.',
				blast: 'normal',
			};
		case 'reset_password':
			return {
				id,
				label: 'Reset password',
				effect:
					'The user goes to RECOVERY: they cannot sign in with their old password until they set a new one. No email is sent: the reset link is shown once here for you to pass on. Existing sessions are kept.',
				blast: 'normal',
			};
		case 'forgot_password':
			return {
				id,
				label: 'Send the recovery email',
				effect:
					`Okta emails ${user.email ?? 'the primary email'} a one-time password-reset link: opening it, the user answers their recovery question and chooses a new password. Nothing is shown here; the status, the old password and the sessions stay as they are until the user does it.`,
				blast: 'normal',
			};
		case 'expire_password':
			return {id, label: 'Expire password', effect: 'The user must change their password at their next sign-in. Current sessions are kept.', blast: 'normal'};
		case 'temp_password':
		case 'temp_password_revoke_sessions':
			return {
				id,
				label: id === 'temp_password' ? 'Temporary password' : 'Temporary password and sign out everywhere',
				effect: `Okta replaces the password with a temporary one, shown once here (never journaled): the user signs in with it and must choose a new password at once. The old password stops working. ${
					id === 'temp_password' ? 'Current sessions are kept.' : 'Every Okta session of the user ends too.'
				} Where Active Directory masters the password, it is expired there as well.`,
				blast: 'normal',
			};
		case 'reset_factors':
			return {
				id,
				label: 'Reset all factors',
				effect:
					'Unenrolls EVERY factor of the user (Okta Verify, SMS, TOTP, security keys…): they must enroll MFA again at their next sign-in. Their password and sessions are kept.',
				blast: 'wide',
			};
		case 'delete':
			return {
				id,
				label: 'Delete user permanently',
				effect:
					'Okta deletes in two steps: the user was deactivated first, and this second step deletes them and everything Okta holds for them (factors, grants, group memberships, app assignments) for good. This cannot be undone.',
				blast: 'wide',
			};
		case 'disable':
		case 'enable':
			return null;
	}
}

/** What the user's last fresh read allows. */
interface KnownState {
	readonly status: string | null;
	readonly actions: ReadonlySet<LifecycleActionId>;
}

/** A response plus the request it answers, so a body we cannot read is reported against the right call. */
type Answer = TransportResponse & {readonly method: Method; readonly path: string};

function isLoopback(host: string): boolean {
	const h = host.replace(/^\[|\]$/g, '');
	return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

function queryString(query: Readonly<Record<string, string | number | boolean | undefined>>): string {
	const parts = Object.entries(query)
		.filter((e): e is [string, string | number | boolean] => e[1] !== undefined)
		.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
	return parts.length > 0 ? `?${parts.join('&')}` : '';
}

export class OktaProvider implements Provider {
	readonly kind = 'okta' as const;
	readonly label = 'Okta';
	readonly capabilities = CAPABILITIES;
	readonly confirmWith = 'login' as const;
	readonly host: string;
	private readonly transport: Transport;
	/** The System Log's calls: same org and token, its own rate-limit bucket. */
	private readonly logs: Transport;
	private readonly known = new Map<Id, KnownState>();
	private readonly shared = new SharedReads();
	private budget: RateBudget | null = null;
	private logsBudget: RateBudget | null = null;

	constructor(options: OktaProviderOptions) {
		const {orgUrl, token, scheme, ...rest} = options;
		const url = new URL(orgUrl);
		if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
			throw new Error(`Okta needs an https:// org URL (got ${url.protocol}//${url.host}): the token must not travel in clear text`);
		}
		// The org URL, not an API path: "https://acme.okta.com/api/v1" is accepted too.
		const baseUrl = url.origin + url.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
		const pasted = /^\s*(SSWS|Bearer)\s+(\S+)\s*$/i.exec(token);
		const secret = pasted ? (pasted[2] as string) : token.trim();
		const prefix = scheme ?? (pasted ? ((pasted[1] as string).toLowerCase() === 'bearer' ? 'Bearer' : 'SSWS') : 'SSWS');
		if (secret === '') throw new Error('an Okta API token is required');
		const dialect = createOktaDialect((budget) => {
			this.budget = budget;
		});
		this.transport = new Transport({...rest, baseUrl, dialect, authorization: () => `${prefix} ${secret}`});
		const logsDialect = createOktaDialect((budget) => {
			this.logsBudget = budget;
		});
		this.logs = new Transport({...rest, baseUrl, dialect: logsDialect, authorization: () => `${prefix} ${secret}`});
		this.host = this.transport.host;
	}

	/** The rate-limit budget of the last users-surface response that reported one (the bucket that request matched). */
	rateLimit(): RateBudget | null {
		return this.budget;
	}

	/** The System Log bucket's budget, from its last answer. */
	eventsRateLimit(): RateBudget | null {
		return this.logsBudget;
	}

	/** How long a poller of the System Log waits before its next poll (the budget spread over its window). */
	eventsPollDelayMs(now = Date.now()): number {
		return pollDelayMs(this.logsBudget, now);
	}

	// ------------------------------------------------------------------ the System Log

	/** One page of what the user did and what was done to them (`actor.id` or `target.id`), oldest first by default. */
	async listEvents(userId: Id, query: EventQuery = {}): Promise<EventPage> {
		if (query.after !== undefined) return this.pollEvents(query.after, query);
		return this.readEvents(`/api/v1/logs${queryString(logQuery(userId, query))}`, query);
	}

	/** The page a cursor names: Okta's `next` link as it was given (a polling query always has one). */
	async pollEvents(cursor: EventCursor, options: CallOptions = {}): Promise<EventPage> {
		const path = this.sameOrigin(cursor, {method: 'GET', path: '/api/v1/logs', status: 0, requestId: null});
		if (!/^\/api\/v1\/logs(\?|$)/.test(path)) throw new ApiError({kind: 'refused', message: 'not a System Log cursor: nothing was sent', method: 'GET', path: '/api/v1/logs'});
		return this.readEvents(path, options);
	}

	private async readEvents(path: string, options: CallOptions): Promise<EventPage> {
		const sent = await this.logs.send({method: 'GET', path, signal: options.signal, onWait: options.onWait});
		const res: Answer = {...sent, method: 'GET', path};
		const events = this.parse(res, 'System Log', () => wire.list(res.body).map(auditEvent));
		const href = wire.nextLink(res.headers['link']);
		return {events, next: href === null ? null : this.sameOrigin(href, res), budget: this.logsBudget};
	}

	// ------------------------------------------------------------------ users

	async *searchUsers(query: string, options: SearchOptions = {}): AsyncIterable<readonly UserSummary[]> {
		const q = query.trim();
		if (q === '') return;
		const pageSize = Math.max(1, Math.min(MAX_PAGE, options.pageSize ?? MAX_PAGE));
		const max = options.maxResults ?? 1_000;
		if (wire.classifyOktaQuery(q) === 'id') {
			const byId = await this.readUser(q, options).catch((error: unknown) => {
				if (error instanceof ApiError && error.status === 404) return null;
				throw error;
			});
			if (byId) {
				yield [this.parse(byId.res, 'user', () => wire.userSummary(byId.body))];
				return;
			}
		}
		const seen = new Set<Id>();
		const first = `/api/v1/users${queryString({search: wire.searchExpression(q), limit: pageSize})}`;
		for await (const {rows, res} of this.pages(first, options)) {
			const users = this.parse(res, 'users', () => rows.map(wire.userSummary)).filter((u) => !seen.has(u.id));
			const page = users.slice(0, Math.max(0, max - seen.size));
			for (const u of page) seen.add(u.id);
			if (page.length > 0) yield page;
			if (seen.size >= max) return;
		}
	}

	/**
	 * The user; for one who signs in through an IdP (credentials FEDERATION or SOCIAL), also which IdP
	 * (GET …/idps): that is where their password is reset. A failed IdP read leaves them null, the user still loads.
	 */
	async getUser(userId: Id, options?: CallOptions): Promise<UserDetails> {
		const {body, res} = await this.readUser(userId, options, true);
		const details = this.parse(res, 'user', () => wire.userDetails(body));
		const federated = details.credentialProvider?.type === 'FEDERATION' || details.credentialProvider?.type === 'SOCIAL';
		return federated ? {...details, identityProviders: await this.identityProviders(details.id, options)} : details;
	}

	private async identityProviders(userId: Id, options?: CallOptions): Promise<readonly LinkedIdentityProvider[] | null> {
		try {
			const res = await this.call('GET', encodePath('api', 'v1', 'users', userId, 'idps'), options);
			return this.parse(res, 'identity providers', () => wire.list(res.body).map(wire.identityProvider));
		} catch (error) {
			// Where they sign in is worth showing, not worth failing the user over; an abort still stops the read.
			if (error instanceof ApiError && error.kind !== 'aborted') return null;
			throw error;
		}
	}

	// ------------------------------------------------------------------ sessions

	listSessions(_userId: Id, _options?: CallOptions): Promise<readonly Session[]> {
		return Promise.resolve([]);
	}

	revokeSession(userId: Id, _sessionId: Id, _options?: CallOptions): Promise<Outcome<void>> {
		return Promise.reject(refused('revoke one session', `/api/v1/users/${userId}/sessions`, CAPABILITIES['sessions.revoke'], 'DELETE'));
	}

	/** Ends every Okta session. Unset options are sent as false, so the result never depends on Classic vs OIE defaults. */
	async revokeAllSessions(userId: Id, options: ClearSessionsOptions = {}): Promise<Outcome<{readonly revoked: number | null}>> {
		const res = await this.call('DELETE', encodePath('api', 'v1', 'users', userId, 'sessions') + queryString({oauthTokens: options.oauthTokens ?? false, forgetDevices: options.forgetDevices ?? false}), options);
		return outcome(res, {revoked: null});
	}

	// ------------------------------------------------------------------ grants

	/**
	 * The user's consent grants in one list (`GET /users/{id}/grants`, every client's: one round trip) and the refresh
	 * tokens, which Okta lists per client only (the clients, then each client's tokens: two). Both kinds: shown per
	 * client in the clients list's order, each client's grants before its tokens.
	 */
	async listGrants(userId: Id, options?: CallOptions, kind?: OAuthGrant['kind']): Promise<readonly OAuthGrant[]> {
		if (kind === 'grant') return this.consentGrants(userId, options);
		const clients = this.clientsOf(userId, options);
		const tokens = this.tokensOf(userId, clients, options);
		if (kind === 'refresh_token') return (await tokens).flat();
		const [grants, list, perClient] = await Promise.all([this.consentGrants(userId, options, clients), clients, tokens]);
		const named = new Set(list.map((c) => c.clientId));
		const ordered = list.flatMap((c, i) => [...grants.filter((g) => g.clientId === c.clientId), ...perClient[i]!]);
		return [...ordered, ...grants.filter((g) => !named.has(g.clientId))];
	}

	async listRefreshTokens(userId: Id, options?: CallOptions): Promise<ClientTokens> {
		const clients = this.clientsOf(userId, options);
		const [list, perClient] = await Promise.all([clients, this.tokensOf(userId, clients, options)]);
		return {clientIds: list.map((c) => c.clientId), tokens: perClient.flat()};
	}

	/** Each client's refresh tokens (Okta lists them per client only), in the clients' order. */
	private async tokensOf(userId: Id, clients: Promise<wire.Client[]>, options?: CallOptions): Promise<OAuthGrant[][]> {
		return mapLimit(await clients, CLIENT_PARALLELISM, (c) =>
			this.all(encodePath('api', 'v1', 'users', userId, 'clients', c.clientId, 'tokens') + queryString({limit: MAX_PAGE}), options, 'refresh tokens', (row) => wire.refreshToken(row, c)),
		);
	}

	/** Every consent grant of the user; a client's name from the clients list when it is read anyway, else the grant's links. */
	private async consentGrants(userId: Id, options?: CallOptions, clients?: Promise<wire.Client[]>): Promise<OAuthGrant[]> {
		const grants = await this.all(encodePath('api', 'v1', 'users', userId, 'grants') + queryString({limit: MAX_PAGE}), options, 'grants', (row) => wire.grant(row, wire.grantClient(row)));
		const byId = new Map((clients ? await clients : []).map((c) => [c.clientId, c.clientName]));
		return grants.map((g) => ({...g, clientName: byId.get(g.clientId) ?? g.clientName}));
	}

	async revokeGrant(userId: Id, grant: OAuthGrant, options?: CallOptions): Promise<Outcome<void>> {
		const path =
			grant.kind === 'grant'
				? encodePath('api', 'v1', 'users', userId, 'grants', grant.id)
				: encodePath('api', 'v1', 'users', userId, 'clients', grant.clientId, 'tokens', grant.id);
		return outcome(await this.call('DELETE', path, options), undefined);
	}

	/**
	 * Every consent grant (`DELETE /users/{id}/grants`), then every client's refresh tokens, which that call leaves in
	 * place: the screen offers "revoke all grants and tokens". The clients are read before anything is revoked.
	 */
	async revokeAllGrants(userId: Id, options?: CallOptions): Promise<Outcome<void>> {
		const clients = await this.clientsOf(userId, options);
		const res = await this.call('DELETE', encodePath('api', 'v1', 'users', userId, 'grants'), options);
		let last = res;
		for (const c of clients) {
			try {
				last = await this.call('DELETE', encodePath('api', 'v1', 'users', userId, 'clients', c.clientId, 'tokens'), options);
			} catch (error) {
				throw partial(error, `grants revoked, but the refresh tokens for ${c.clientName} were not`);
			}
		}
		return {value: undefined, status: res.status, requestId: res.requestId, at: last.at};
	}

	// ------------------------------------------------------------------ factors: passkeys, MFA

	async listPasskeys(userId: Id, options?: CallOptions): Promise<readonly Passkey[]> {
		const {rows, res} = await this.factorRows(userId, options);
		if (!res) return [];
		return this.parse(res, 'factors', () => rows.filter(wire.isWebauthn).filter((r) => typeof r['id'] === 'string').map(wire.passkey));
	}

	renamePasskey(userId: Id, passkeyId: Id, _name: string, _options?: CallOptions): Promise<Outcome<void>> {
		return Promise.reject(refused('rename a passkey', `/api/v1/users/${userId}/factors/${passkeyId}`, CAPABILITIES['passkeys.rename'], 'PUT'));
	}

	deletePasskey(userId: Id, passkeyId: Id, options?: CallOptions): Promise<Outcome<void>> {
		return this.deleteFactor(userId, passkeyId, options);
	}

	async getMfa(userId: Id, options?: CallOptions): Promise<MfaState> {
		const {rows, res} = await this.factorRows(userId, options);
		if (!res) {
			return {policy: null, totp: 'unknown', totpNote: 'Okta hides the factors of a deactivated user', backupCodes: 'unknown', factors: []};
		}
		const factors: Factor[] = this.parse(res, 'factors', () => wire.factors(rows));
		const totps = factors.filter((f) => f.type === wire.TOTP_TYPE);
		const active = totps.filter((f) => f.status === 'ACTIVE');
		const pending = totps.filter((f) => f.status === 'PENDING_ACTIVATION');
		return {
			policy: null,
			totp: active.length > 0 ? 'yes' : 'no',
			totpNote:
				active.length > 0
					? active.map((f) => f.name).join(', ')
					: pending.length > 0
						? 'a TOTP enrollment is waiting for its activation code'
						: 'from the factor list (which shows only factors the enrollment policy allows)',
			backupCodes: 'unknown',
			factors,
		};
	}

	async enrollTotp(user: UserDetails, options?: CallOptions): Promise<Outcome<TotpEnrollment>> {
		const res = await this.call('POST', encodePath('api', 'v1', 'users', user.id, 'factors'), options, {factorType: wire.TOTP_TYPE, provider: 'OKTA'});
		let activation: wire.TotpActivation;
		try {
			if (!wire.isObj(res.body)) throw new wire.WireError('expected a factor object');
			activation = wire.totpActivation(res.body);
		} catch (error) {
			const detail = error instanceof Error ? error.message : String(error);
			// The factor now exists (pending activation) but its secret is not readable: never resend, have it removed.
			throw new ApiError({
				kind: 'malformed',
				message: `Okta created the TOTP factor but its answer is unusable (${detail}); unenroll it from the factor list and try again`,
				method: res.method,
				path: res.path,
				status: res.status,
				requestId: res.requestId,
				outcomeUnknown: true,
			});
		}
		const accountName = user.login ?? user.email ?? user.id;
		const issuer = this.host;
		const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(accountName)}`;
		const params = `secret=${activation.secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${activation.digits}&period=${activation.period}`;
		return outcome(res, {
			id: activation.factorId,
			otpUrl: `otpauth://totp/${label}?${params}`,
			secret: activation.secret,
			accountName,
			needsActivation: activation.status !== 'ACTIVE',
		});
	}

	async activateTotp(userId: Id, enrollmentId: Id, passCode: string, options?: CallOptions): Promise<Outcome<void>> {
		const code = passCode.replace(/\s+/g, '');
		const path = encodePath('api', 'v1', 'users', userId, 'factors', enrollmentId, 'lifecycle', 'activate');
		if (!/^\d{6,8}$/.test(code)) throw new ApiError({kind: 'refused', message: 'the code is the 6 digits the authenticator app shows', method: 'POST', path});
		const res = await this.call('POST', path, options, {passCode: code});
		const status = wire.factorStatus(res.body);
		if (status !== null && status !== 'ACTIVE') {
			throw new ApiError({kind: 'malformed', message: `Okta accepted the code but the factor is ${status}`, method: 'POST', path, status: res.status, requestId: res.requestId});
		}
		return outcome(res, undefined);
	}

	async deleteFactor(userId: Id, factorId: Id, options?: CallOptions): Promise<Outcome<void>> {
		return outcome(await this.call('DELETE', encodePath('api', 'v1', 'users', userId, 'factors', factorId), options), undefined);
	}

	deleteTotp(userId: Id, _options?: CallOptions): Promise<Outcome<void>> {
		return Promise.reject(refused('delete TOTP', `/api/v1/users/${userId}/factors`, CAPABILITIES['mfa.totp.delete'], 'DELETE'));
	}

	regenerateBackupCodes(userId: Id, _options?: CallOptions): Promise<Outcome<readonly string[]>> {
		return Promise.reject(refused('regenerate backup codes', `/api/v1/users/${userId}`, CAPABILITIES['mfa.backupCodes.regenerate'], 'POST'));
	}

	// ------------------------------------------------------------------ memberships

	async listMemberships(userId: Id, options?: CallOptions): Promise<readonly Membership[]> {
		const base = ['api', 'v1', 'users', userId];
		const [groups, roles, apps] = await Promise.all([
			this.all(encodePath(...base, 'groups'), options, 'groups', wire.group),
			this.all(encodePath(...base, 'roles'), options, 'admin roles', wire.role).catch((error: unknown): Membership[] => {
				if (!(error instanceof ApiError) || error.status !== 403) throw error;
				return [
					{
						id: 'okta:roles-unreadable',
						kind: 'admin_role',
						name: 'Admin roles could not be read',
						parentName: null,
						parentId: null,
						roles: [],
						description: `the token may not read roles (needs okta.roles.read): ${error.summary}`,
						createdAt: null,
					},
				];
			}),
			this.all(encodePath(...base, 'appLinks'), options, 'app links', (row, i) => wire.appLink(row, i)),
		]);
		return [...roles, ...groups, ...apps];
	}

	// ------------------------------------------------------------------ lifecycle

	isWholeIdentifier(query: string): boolean {
		// Okta user ids are `00u` and 17 letters or digits; logins are usually emails.
		return isWholeEmail(query) || /^00u[A-Za-z0-9]{17}$/.test(query.trim());
	}

	lifecycleActions(user: UserDetails): readonly LifecycleAction[] {
		const known = this.known.get(user.id);
		if (!known) return [];
		return ACTION_ORDER.filter((id) => known.actions.has(id))
			.map((id) => describeAction(id, known.status, user))
			.filter((a): a is LifecycleAction => a !== null);
	}

	setTemporaryPassword(userId: Id): Promise<Outcome<{readonly password: string}>> {
		return Promise.reject(refused('set a temporary password', `/api/v1/users/${userId}`, CAPABILITIES['password.temporary'], 'POST'));
	}

	removePassword(userId: Id): Promise<Outcome<void>> {
		return Promise.reject(refused('remove the password', `/api/v1/users/${userId}`, CAPABILITIES['password.remove'], 'POST'));
	}

	setMfaPolicy(userId: Id): Promise<Outcome<void>> {
		return Promise.reject(refused('set an MFA policy', `/api/v1/users/${userId}`, CAPABILITIES['mfa.policy'], 'POST'));
	}

	/** A partial update (POST, not PUT): only the fields named are sent; Okta answers the whole user, checked here. */
	async updateProfile(userId: Id, patch: ProfilePatch, options?: CallOptions): Promise<Outcome<void>> {
		const path = encodePath('api', 'v1', 'users', userId);
		const profile: Record<string, string | null> = {};
		for (const [field, value] of Object.entries(patch) as [keyof ProfilePatch, string | null | undefined][]) {
			if (value === undefined) continue;
			if (!OKTA_PROFILE_FIELDS.has(field)) throw new ApiError({kind: 'refused', message: `not sent: Okta has no profile field "${field}"`, method: 'POST', path});
			profile[field] = value;
		}
		if (Object.keys(profile).length === 0) throw new ApiError({kind: 'refused', message: 'not sent: no profile field to change', method: 'POST', path});
		const res = await this.call('POST', path, options, {profile});
		const after = this.parse(res, 'user', () => wire.userDetails(wire.isObj(res.body) ? res.body : {}));
		const differs = Object.entries(profile).filter(([field, value]) => (after.profileFields[field as keyof ProfilePatch] ?? null) !== value);
		if (differs.length > 0) {
			throw new ApiError({kind: 'malformed', message: `Okta answered, but ${differs.map(([f]) => f).join(', ')} came back unchanged`, method: 'POST', path, status: res.status, requestId: res.requestId});
		}
		return outcome(res, undefined);
	}

	addContact(userId: Id): Promise<Outcome<{readonly id: Id}>> {
		return Promise.reject(refused('add an email or phone', `/api/v1/users/${userId}`, CAPABILITIES['contacts.edit'], 'POST'));
	}

	setContactVerified(userId: Id): Promise<Outcome<void>> {
		return Promise.reject(refused('mark an email or phone verified', `/api/v1/users/${userId}`, CAPABILITIES['contacts.edit'], 'POST'));
	}

	makeContactPrimary(userId: Id): Promise<Outcome<void>> {
		return Promise.reject(refused('make an email or phone primary', `/api/v1/users/${userId}`, CAPABILITIES['contacts.edit'], 'POST'));
	}

	deleteContact(userId: Id): Promise<Outcome<void>> {
		return Promise.reject(refused('delete an email or phone', `/api/v1/users/${userId}`, CAPABILITIES['contacts.edit'], 'POST'));
	}

	async unassignRole(userId: Id, roleAssignmentId: Id, options?: CallOptions): Promise<Outcome<void>> {
		return outcome(await this.call('DELETE', encodePath('api', 'v1', 'users', userId, 'roles', roleAssignmentId), options), undefined);
	}

	/**
	 * `POST …/factors/{id}/verify`: with a code, checks it (a wrong one, 403 E0000068, is a rejection, not a failure);
	 * without, a push is sent and its `poll` link followed until the user answers or it expires, and an SMS or call
	 * sends its code. The outcome is the verify request's status and request id, with the time of the answer.
	 */
	async verifyFactor(userId: Id, factor: Factor, passCode: string | null, options: CallOptions = {}): Promise<Outcome<CallerVerification>> {
		const path = encodePath('api', 'v1', 'users', userId, 'factors', factor.id, 'verify');
		const done = (res: {status: number; requestId: string | null}, result: CallerVerification['result'], reason: string | null): Outcome<CallerVerification> => {
			const at = new Date().toISOString();
			return {value: {result, at, reason}, status: res.status, requestId: res.requestId, at};
		};
		if (passCode !== null) {
			const code = passCode.replace(/\s+/g, '');
			if (!CODE_FACTORS.has(factor.type)) throw new ApiError({kind: 'refused', message: `a ${factor.type} factor is not verified with a code: nothing was sent`, method: 'POST', path});
			if (!/^\d{4,10}$/.test(code)) throw new ApiError({kind: 'refused', message: 'the code is the digits the caller reads out: nothing was sent', method: 'POST', path});
			try {
				const res = await this.call('POST', path, options, {passCode: code});
				const result = wire.verifyAnswer(res.body).factorResult;
				return result === 'SUCCESS' ? done(res, 'approved', null) : done(res, 'rejected', verifyWords(result));
			} catch (error) {
				if (error instanceof ApiError && error.code === 'E0000068') return done({status: error.status ?? 403, requestId: error.requestId}, 'rejected', 'the code did not match');
				throw error;
			}
		}
		if (factor.type === 'push') return this.pushVerification(path, options, done);
		if (!CHALLENGE_FACTORS.has(factor.type)) {
			throw new ApiError({kind: 'refused', message: `${factor.type === 'token:software:totp' ? 'a TOTP factor is verified with the code the caller reads from their app' : `a ${factor.type} factor cannot verify a caller here`}: nothing was sent`, method: 'POST', path});
		}
		const res = await this.call('POST', path, options);
		const result = wire.verifyAnswer(res.body).factorResult;
		return result === 'CHALLENGE' || result === 'WAITING' ? done(res, 'challenged', null) : done(res, 'rejected', verifyWords(result));
	}

	/** Sends the push, then follows its `poll` link (on this org only) until Okta closes the transaction or it expires. */
	private async pushVerification(
		path: string,
		options: CallOptions,
		done: (res: {status: number; requestId: string | null}, result: CallerVerification['result'], reason: string | null) => Outcome<CallerVerification>,
	): Promise<Outcome<CallerVerification>> {
		const res = await this.call('POST', path, options);
		let answer = wire.verifyAnswer(res.body);
		const expires = answer.expiresAt !== null && !Number.isNaN(Date.parse(answer.expiresAt)) ? Date.parse(answer.expiresAt) : Date.now() + PUSH_DEFAULT_LIFETIME_MS;
		while (answer.factorResult === 'WAITING') {
			if (answer.poll === null) throw new ApiError({kind: 'malformed', message: 'Okta sent the push but no poll link to follow it', method: 'POST', path, status: res.status, requestId: res.requestId});
			if (Date.now() > expires + PUSH_GRACE_MS) return done(res, 'timeout', 'no answer before the push expired');
			await new Promise((resolve) => setTimeout(resolve, PUSH_POLL_MS));
			if (options.signal?.aborted) throw new ApiError({kind: 'aborted', message: 'stopped waiting for the push', method: 'GET', path});
			const poll = await this.call('GET', this.sameOrigin(answer.poll, res), options);
			answer = wire.verifyAnswer(poll.body);
		}
		switch (answer.factorResult) {
			case 'SUCCESS':
				return done(res, 'approved', null);
			case 'TIMEOUT':
				return done(res, 'timeout', 'the push expired unanswered');
			case 'REJECTED':
				return done(res, 'rejected', 'the user denied the push');
			default:
				return done(res, 'rejected', verifyWords(answer.factorResult));
		}
	}

	unlinkSocialConnection(userId: Id): Promise<Outcome<void>> {
		return Promise.reject(refused('unlink a social connection', `/api/v1/users/${userId}`, CAPABILITIES['social.unlink'], 'DELETE'));
	}

	async runLifecycle(userId: Id, action: LifecycleActionId, options?: CallOptions): Promise<Outcome<LifecycleResult>> {
		const known = this.known.get(userId);
		const lifecyclePath =
			action === 'forgot_password'
				? encodePath('api', 'v1', 'users', userId, 'credentials', 'forgot_password')
				: encodePath('api', 'v1', 'users', userId, 'lifecycle', action.startsWith('temp_password') ? 'expire_password_with_temp_password' : action);
		if (!known || !known.actions.has(action)) {
			const why = !known ? 'refresh the user first' : `Okta does not offer "${action}" for this user in status ${known.status ?? 'unknown'}`;
			const method = action === 'delete' ? 'DELETE' : 'POST';
			throw new ApiError({kind: 'refused', message: `not sent: ${why}`, method, path: action === 'delete' ? encodePath('api', 'v1', 'users', userId) : lifecyclePath});
		}
		// Whatever happens next, the menu must come from a fresh read.
		this.known.delete(userId);
		if (action === 'delete') return this.deleteDeprovisioned(userId, options);
		const sendEmail = action === 'activate' || action === 'reactivate' || action === 'reset_password' || action === 'deactivate' ? {sendEmail: false} : {};
		// The temporary-password variants are one call that differs only in `revokeSessions`.
		const query = action === 'temp_password_revoke_sessions' ? {revokeSessions: true} : action === 'forgot_password' ? {sendEmail: true} : sendEmail;
		const res = await this.call('POST', lifecyclePath + queryString(query), options);
		const reveal = wire.revealItems(res.body);
		const message = lifecycleMessage(action, reveal.length > 0);
		return outcome(res, reveal.length > 0 ? {message, reveal} : {message});
	}

	/** One connection per read a user view makes at once: user, factors (one read for two tabs), groups, roles, app links, clients and grants; then tokens per client. */
	warm(): Promise<void> {
		// The System Log has a transport (and connections) of its own: warmed too, or the Sign-ins tab paid the TCP and
		// TLS handshakes after every other tab had its answer.
		return Promise.all([this.transport.warm(8), this.logs.warm(1)]).then(() => undefined);
	}

	/** Behind the first frame: undici loaded and the connections open before the first key. */
	prepare(): void {
		this.transport.prepare(8);
		this.logs.prepare(1);
	}

	async close(): Promise<void> {
		await Promise.all([this.transport.close(), this.logs.close()]);
	}

	// ------------------------------------------------------------------ internals

	/** GET /users/{id}; `remember` records what its `_links` allow. Ids only: a login with `/` cannot be a path. */
	private async readUser(userId: Id, options?: CallOptions, remember = false): Promise<{body: wire.Obj; res: Answer}> {
		const res = await this.call('GET', encodePath('api', 'v1', 'users', userId) + queryString({expand: 'blocks'}), options);
		const body = res.body;
		if (!wire.isObj(body) || typeof body['id'] !== 'string') {
			throw new ApiError({kind: 'malformed', message: 'unexpected user answer from Okta: expected a user object', method: res.method, path: res.path, status: res.status, requestId: res.requestId});
		}
		if (remember) this.known.set(body['id'], {status: typeof body['status'] === 'string' ? body['status'] : null, actions: wire.allowedActions(body)});
		return {body, res};
	}

	/** The second DELETE only: the user is re-read first and must be DEPROVISIONED and settled. */
	private async deleteDeprovisioned(userId: Id, options?: CallOptions): Promise<Outcome<LifecycleResult>> {
		const path = encodePath('api', 'v1', 'users', userId);
		const {body: fresh} = await this.readUser(userId, options, true);
		if (!wire.allowedActions(fresh).has('delete')) {
			throw new ApiError({
				kind: 'refused',
				message: `not sent: the user is ${String(fresh['status'])}${fresh['transitioningToStatus'] ? ` (becoming ${String(fresh['transitioningToStatus'])})` : ''} now; Okta would deactivate instead of deleting`,
				method: 'DELETE',
				path,
			});
		}
		this.known.delete(userId);
		const res = await this.call('DELETE', path + queryString({sendEmail: false}), options);
		return outcome(res, {message: 'user deleted permanently'});
	}

	/** Factor rows, or `res: null` when Okta hides them because the user is deactivated (404 on …/factors). */
	private factorRows(userId: Id, options: CallOptions = {}): Promise<{rows: wire.Obj[]; res: Answer | null}> {
		// The Passkeys and MFA tabs ask at the same moment: one request, one connection.
		const path = encodePath('api', 'v1', 'users', userId, 'factors');
		return this.shared.read(path, options.signal, (signal) => this.readFactorRows(userId, {...options, signal}));
	}

	private async readFactorRows(userId: Id, options: CallOptions): Promise<{rows: wire.Obj[]; res: Answer | null}> {
		try {
			const res = await this.call('GET', encodePath('api', 'v1', 'users', userId, 'factors'), options);
			return {rows: this.parse(res, 'factors', () => wire.list(res.body)), res};
		} catch (error) {
			if (!(error instanceof ApiError) || error.status !== 404) throw error;
			const user = await this.readUser(userId, options).catch(() => null);
			if (user && user.body['status'] === 'DEPROVISIONED') return {rows: [], res: null};
			throw error;
		}
	}

	private async clientsOf(userId: Id, options?: CallOptions): Promise<wire.Client[]> {
		return this.all(encodePath('api', 'v1', 'users', userId, 'clients'), options, 'clients', wire.client);
	}

	/** Every row of a list, across pages, mapped. */
	private async all<T>(path: string, options: CallOptions | undefined, what: string, map: (row: wire.Obj, index: number) => T): Promise<T[]> {
		const out: T[] = [];
		for await (const {rows, res} of this.pages(path, options)) {
			const offset = out.length;
			out.push(...this.parse(res, what, () => rows.map((row, i) => map(row, offset + i))));
		}
		return out;
	}

	/**
	 * Pages of a list: the first path, then each `rel="next"` exactly as Okta gives it. A next link on another host is
	 * refused (the token goes nowhere else); a link seen before ends the walk instead of looping.
	 * The next page is requested as soon as the headers of the page the caller waits for name it, before that page's
	 * body is read: Okta works on page n + 1 while this process reads and maps page n. Never more than one page
	 * ahead of the caller (a walk the caller ends early has read one page for nothing).
	 */
	private async *pages(firstPath: string, options?: CallOptions): AsyncIterable<{rows: wire.Obj[]; res: Answer}> {
		interface Page {
			readonly n: number;
			readonly path: string;
			readonly answer: Promise<Answer>;
			next: Page | null;
			/** The next link from this page's headers once they are in (they may come before the caller gets here). */
			link?: string | null;
		}
		const visited = new Set<string>([firstPath]);
		let current = 1;
		const follow = (page: Page, path: string | null): void => {
			if (path === null || page.next !== null || page.n >= MAX_PAGES || visited.has(path)) return;
			visited.add(path);
			const next = request(path, page.n + 1);
			// Also handled here: a walk the caller abandons must not leave an unhandled rejection behind.
			next.answer.catch(() => undefined);
			page.next = next;
		};
		const followEarly = (page: Page): void => {
			try {
				if (page.link) follow(page, this.sameOrigin(page.link, {method: 'GET', path: page.path, status: 200, requestId: null}));
			} catch {
				// Refused again, with its error, once the page is complete.
			}
		};
		const request = (path: string, n: number): Page => {
			const page: Page = {
				n,
				path,
				next: null,
				answer: this.call('GET', path, options, undefined, (headers) => {
					page.link = wire.nextLink(headers['link']);
					if (n === current) followEarly(page);
				}),
			};
			return page;
		};
		for (let page: Page | null = request(firstPath, 1); page !== null; page = page.next) {
			current = page.n;
			// Its headers came while the caller was still on the page before: ask for the next one now, not after this
			// page's body is read and parsed.
			followEarly(page);
			const res = await page.answer;
			const rows = this.parse(res, 'list', () => wire.list(res.body));
			let refused: unknown = null;
			try {
				const href = wire.nextLink(res.headers['link']);
				follow(page, href === null ? null : this.sameOrigin(href, res));
			} catch (error) {
				refused = error;
			}
			yield {rows, res};
			// As before: the caller gets this page, then the refusal of its next link.
			if (refused !== null) throw refused;
		}
	}

	/** The path below the base URL for a next link, or an error when it leaves the org. */
	private sameOrigin(href: string, res: Pick<Answer, 'method' | 'path' | 'status' | 'requestId'>): string {
		const base = this.transport.baseUrl;
		if (href.startsWith(`${base}/`)) return href.slice(base.length);
		let url: URL;
		try {
			url = new URL(href, `${base}/`);
		} catch {
			throw new ApiError({kind: 'malformed', message: 'Okta sent an unreadable next-page link', method: res.method, path: res.path, status: res.status, requestId: res.requestId});
		}
		const basePath = new URL(base).pathname.replace(/\/+$/, '');
		if (url.origin !== new URL(base).origin || !url.pathname.startsWith(`${basePath}/`)) {
			throw new ApiError({
				kind: 'malformed',
				message: `Okta's next-page link points to ${url.host}, not ${this.host}; not following it with the token`,
				method: res.method,
				path: res.path,
				status: res.status,
				requestId: res.requestId,
			});
		}
		return url.pathname.slice(basePath.length) + url.search;
	}

	private async call(method: Method, path: string, options: CallOptions = {}, json?: unknown, onHeaders?: (headers: Headers) => void): Promise<Answer> {
		const res = await this.transport.send({method, path, json, signal: options.signal, onWait: options.onWait, onHeaders});
		return {...res, method, path};
	}

	/** Maps a 2xx body, turning a shape we cannot read into a clear ApiError instead of a crash. */
	private parse<T>(res: Answer, what: string, map: () => T): T {
		try {
			return map();
		} catch (error) {
			const detail = error instanceof Error ? error.message : String(error);
			throw new ApiError({kind: 'malformed', message: `unexpected ${what} answer from Okta: ${detail}`, method: res.method, path: res.path, status: res.status, requestId: res.requestId});
		}
	}
}

function lifecycleMessage(action: LifecycleActionId, revealed: boolean): string {
	switch (action) {
		case 'activate':
			return revealed ? 'activation started; pass the activation link on (no email was sent)' : 'activation started';
		case 'reactivate':
			return revealed ? 'activation restarted; pass the new activation link on (no email was sent)' : 'activation restarted';
		case 'reset_password':
			return revealed ? 'password reset started; pass the reset link on (no email was sent)' : 'password reset started';
		case 'expire_password':
			return revealed ? 'password expired; pass the temporary password on' : 'password expired: they must change it at their next sign-in';
		case 'forgot_password':
			return revealed ? 'recovery started; pass the reset link on' : 'recovery email sent: they open the link, answer their recovery question and choose a new password';
		case 'temp_password':
			return revealed ? 'temporary password set; pass it on: they choose a new one at their next sign-in' : 'password expired, but Okta returned no temporary password';
		case 'temp_password_revoke_sessions':
			return revealed ? 'temporary password set and every session ended; pass it on: they choose a new one at their next sign-in' : 'password expired and sessions ended, but Okta returned no temporary password';
		case 'deactivate':
			return 'user deactivated';
		case 'suspend':
			return 'user suspended';
		case 'unsuspend':
			return 'user unsuspended';
		case 'unlock':
			return 'user unlocked';
		case 'reset_factors':
			return 'every factor unenrolled: the user enrolls MFA again at their next sign-in';
		case 'delete':
			return 'user deleted permanently';
		case 'disable':
		case 'enable':
			return action;
	}
}

/** A verification result other than SUCCESS, in words. */
function verifyWords(result: string | null): string {
	switch (result) {
		case 'PASSCODE_REPLAYED':
			return 'the code was already used: ask for the next one';
		case 'TIME_WINDOW_EXCEEDED':
		case 'EXPIRED':
			return 'the code had expired';
		case 'REJECTED':
			return 'the user denied it';
		case 'TIMEOUT':
			return 'it timed out';
		default:
			return `Okta answered ${result ?? 'nothing readable'}`;
	}
}

function refused(what: string, path: string, reason: true | string, method: Method): ApiError {
	return new ApiError({kind: 'refused', method, path, message: `cannot ${what}: ${reason === true ? 'unsupported' : reason}`});
}

/** The same error, saying what was already done before it. */
function partial(error: unknown, done: string): ApiError {
	if (!(error instanceof ApiError)) return new ApiError({kind: 'network', message: `${done}: ${String(error)}`, method: 'DELETE', path: '', outcomeUnknown: true, cause: error});
	return new ApiError({
		kind: error.kind,
		message: `${done}: ${error.message}`,
		method: error.method,
		path: error.path,
		status: error.status,
		code: error.code,
		requestId: error.requestId,
		retryAfterMs: error.retryAfterMs,
		outcomeUnknown: error.outcomeUnknown,
		causes: error.causes,
		cause: error,
	});
}

function outcome<T>(res: TransportResponse, value: T): Outcome<T> {
	return {value, status: res.status, requestId: res.requestId, at: res.at};
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping the order of `items` in the result. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
	const out = new Array<R>(items.length);
	let next = 0;
	let failed = false;
	const worker = async (): Promise<void> => {
		while (!failed && next < items.length) {
			const i = next++;
			try {
				out[i] = await fn(items[i] as T);
			} catch (error) {
				// The call fails as a whole: start no more requests for it.
				failed = true;
				throw error;
			}
		}
	};
	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	return out;
}
