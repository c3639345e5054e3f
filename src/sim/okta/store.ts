/**
 * In-memory state of the Okta simulator: one org with its users, factors, groups, admin role assignments,
 * app links, OAuth clients, consent grants and refresh tokens, and the user lifecycle state machine.
 *
 * Records use camelCase and epoch-ms times; wire.ts turns them into Okta's JSON. Every mutation changes the
 * records for real, with Okta's semantics (shared/research/okta-api.md §4-§6), and throws OktaApiError with the
 * code Okta answers when a call is not allowed:
 *
 *   operation        allowed from                                   result                       otherwise
 *   activate         STAGED, DEPROVISIONED                          ACTIVE (password or federated) 403 E0000016 (ACTIVE)
 *                                                                   else PROVISIONED              403 E0000038
 *   reactivate       PROVISIONED, RECOVERY                          PROVISIONED, new token        403 E0000038
 *   deactivate       any but DEPROVISIONED                          DEPROVISIONED                 403 E0000038
 *   suspend          ACTIVE                                         SUSPENDED                     400 E0000001
 *   unsuspend        SUSPENDED                                      ACTIVE                        400 E0000001
 *   unlock           LOCKED_OUT; ACTIVE (clears device blocks)      ACTIVE                        403 E0000038;
 *                                                                                                 403 E0000032 directory-sourced
 *   reset_password   ACTIVE, RECOVERY, PASSWORD_EXPIRED,            RECOVERY                      403 E0000038
 *                    LOCKED_OUT, PROVISIONED
 *   expire_password  ACTIVE, PASSWORD_EXPIRED, RECOVERY (with a     PASSWORD_EXPIRED              403 E0000038
 *                    password)
 *   reset_factors    any but DEPROVISIONED                          factors removed               403 E0000038
 *   DELETE user      DEPROVISIONED: deleted; otherwise deactivated (the two-step delete)
 *   any of the above while `transitioningToStatus` is set:                                       409 E0000112
 *
 * `transitionMs` > 0 makes activate/deactivate asynchronous like Okta's: the user carries
 * `transitioningToStatus` for that long and lifecycle calls meanwhile fail with E0000112.
 */
import {randomBytes, randomInt} from 'node:crypto';
import {BASE62, Prng} from '../shared/prng.js';
import * as err from './errors.js';
import {BASE_PROFILE_ATTRIBUTES} from './search.js';
import {buildEvent, type EventSpec, type Json, type LogEventRecord, type Party} from './events.js';
import {newTotpSecret, verifyTotp} from './totp.js';

export const USER_STATUSES = ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'SUSPENDED', 'DEPROVISIONED'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export type TransitioningStatus = 'ACTIVE' | 'DEPROVISIONED' | 'PROVISIONED';
export const PROVIDER_TYPES = ['OKTA', 'ACTIVE_DIRECTORY', 'LDAP', 'FEDERATION', 'SOCIAL', 'IMPORT'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];
/** Okta's default login pattern and its email format check: something@something.something, no spaces. */
const EMAIL_FORM = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Profile = Record<string, unknown> & {login: string; email: string; firstName?: string | null; lastName?: string | null};

export interface UserBlock {
	type: 'DEVICE_BASED';
	appliesTo: 'ANY_DEVICES' | 'UNKNOWN_DEVICES';
}

export interface UserRecord {
	readonly id: string;
	status: UserStatus;
	transitioningToStatus: TransitioningStatus | null;
	created: number;
	activated: number | null;
	statusChanged: number | null;
	lastLogin: number | null;
	lastUpdated: number;
	passwordChanged: number | null;
	typeId: string;
	profile: Profile;
	hasPassword: boolean;
	recoveryQuestion: string | null;
	provider: {type: ProviderType; name: string};
	blocks: UserBlock[];
	groupIds: string[];
	/** Identity providers the user is linked to (GET /users/{id}/idps). */
	idpIds: string[];
	/** Active Okta (IdP) sessions; DELETE /sessions ends them. */
	sessions: number;
	/** Devices with remembered factors; DELETE /sessions?forgetDevices=true (the default) forgets them. */
	rememberedDevices: number;
	/** Last activation / reset token handed out (tests read them). */
	activationToken: string | null;
	resetPasswordToken: string | null;
	tempPassword: string | null;
}

export const FACTOR_STATUSES = ['ACTIVE', 'PENDING_ACTIVATION', 'ENROLLED', 'NOT_SETUP', 'INACTIVE', 'EXPIRED', 'DISABLED'] as const;

export interface FactorRecord {
	readonly id: string;
	readonly userId: string;
	factorType: string;
	provider: string;
	vendorName: string;
	status: string;
	created: number;
	lastUpdated: number;
	profile: Record<string, unknown>;
	/** Base32 shared secret (token:software:totp). */
	secret: string | null;
	/** The OTP last "sent" for sms/call/email activation. */
	pendingCode: string | null;
	/** Activation attempts (ms) in the last five minutes; Okta allows five. */
	activationAttempts: number[];
}

export type GroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

export interface GroupRecord {
	readonly id: string;
	created: number;
	lastUpdated: number;
	lastMembershipUpdated: number;
	objectClass: string[];
	type: GroupType;
	profile: Record<string, unknown> & {name: string; description?: string | null};
	/** App that sources an APP_GROUP. */
	sourceAppId: string | null;
}

/** An identity provider of the org (Okta's IdentityProvider, the fields a user's IdP list shows). */
export interface IdpRecord {
	readonly id: string;
	name: string;
	/** IdentityProviderType: GOOGLE, MICROSOFT, SAML2, OIDC, FACEBOOK… */
	type: string;
	/** The protocol's type: SAML2, OIDC or OAUTH2. */
	protocol: 'SAML2' | 'OIDC' | 'OAUTH2';
	status: 'ACTIVE' | 'INACTIVE';
	created: number;
	lastUpdated: number;
}

export interface RoleRecord {
	readonly id: string;
	readonly userId: string;
	type: string;
	label: string;
	status: 'ACTIVE' | 'INACTIVE';
	assignmentType: 'USER' | 'GROUP' | 'CLIENT';
	created: number;
	lastUpdated: number;
	/** Custom roles: the role id (cr0…) and resource set id (iam…). */
	role: string | null;
	resourceSet: string | null;
}

export interface AppRecord {
	readonly id: string;
	/** Okta app name, e.g. `google`, `salesforce`, `oidc_client`. */
	name: string;
	label: string;
	logoUrl: string;
}

export interface AppLinkRecord {
	readonly userId: string;
	readonly appId: string;
	label: string;
	linkPath: string;
	logoUrl: string;
	appAssignmentId: string;
	credentialsSetup: boolean;
	hidden: boolean;
	sortOrder: number;
}

export interface ClientRecord {
	readonly clientId: string;
	clientName: string;
	clientUri: string;
	logoUri: string;
}

export interface GrantRecord {
	readonly id: string;
	readonly userId: string;
	readonly clientId: string;
	scopeId: string;
	source: 'ADMIN' | 'END_USER';
	status: 'ACTIVE' | 'REVOKED';
	created: number;
	lastUpdated: number;
	createdBy: {id: string; type: string};
}

export interface RefreshTokenRecord {
	readonly id: string;
	readonly userId: string;
	readonly clientId: string;
	scopes: string[];
	status: 'ACTIVE' | 'REVOKED';
	created: number;
	lastUpdated: number;
	expiresAt: number;
}

/** A push sent by `POST …/factors/{id}/verify`, polled at `…/factors/{id}/transactions/{id}`. */
export interface PushTransaction {
	readonly id: string;
	readonly userId: string;
	readonly factorId: string;
	readonly created: number;
	readonly expiresAt: number;
	result: 'WAITING' | 'SUCCESS' | 'REJECTED' | 'TIMEOUT';
	answeredAt: number | null;
}

/** How a simulated user's phone answers a push: approve or reject after a while, or never (null). */
export type PushResponder = (tx: PushTransaction, user: UserRecord) => {readonly answer: 'approve' | 'reject'; readonly afterMs: number} | null;

export interface OutboxEntry {
	readonly at: number;
	readonly kind: 'activation' | 'password_reset' | 'forgot_password' | 'deactivation' | 'factor_code';
	readonly userId: string;
	readonly to: string;
	readonly token?: string;
	readonly code?: string;
	readonly factorId?: string;
}

export interface OrgInfo {
	/** The default user type (oty…). */
	userTypeId: string;
	/** The user schema id (osc…). */
	userSchemaId: string;
	/** The default custom authorization server. */
	authServer: {id: string; name: string};
	/** The built-in Everyone group. */
	everyoneGroupId: string;
}

/** Security questions Okta offers (`GET /factors/questions`), key → text. */
export const SECURITY_QUESTIONS: Readonly<Record<string, string>> = {
	disliked_food: 'What is the food you least liked as a child?',
	name_of_first_plush_toy: 'What is the name of your first stuffed animal?',
	first_award: 'What did you earn your first medal or award for?',
	favorite_security_question: 'What is your favorite security question?',
	favorite_toy: 'What is the toy/stuffed animal you liked the most as a kid?',
	first_computer_game: 'What was the first computer game you played?',
	favorite_movie_quote: 'What is your favorite movie quote?',
	first_sports_team_mascot: 'What was the mascot of the first sports team you played on?',
	first_music_purchase: 'What music album or song did you first purchase?',
	favorite_art_piece: 'What is your favorite piece of art?',
	grandmother_favorite_desert: 'What was your grandmother\'s favorite dessert?',
	first_thing_cooked: 'What was the first thing you learned to cook?',
	childhood_dream_job: 'What was your dream job as a child?',
	first_kiss_location: 'Where did you have your first kiss?',
	place_where_significant_other_was_met: 'Where did you meet your spouse/significant other?',
	favorite_vacation_location: 'Where did you go for your favorite vacation?',
	new_years_two_thousand: 'Where were you on New Year\'s Eve in the year 2000?',
	favorite_speaker_actor: 'Who is your favorite speaker/orator?',
	favorite_book_movie_character: 'Who is your favorite book/movie character?',
	favorite_sports_player: 'Who is your favorite sports player?',
};

/** Id prefixes Okta uses for factors, by type/provider. */
export function factorIdPrefix(factorType: string, provider: string): string {
	switch (factorType) {
		case 'sms':
			return 'mbl';
		case 'call':
			return 'clf';
		case 'email':
			return 'emf';
		case 'push':
			return 'opf';
		case 'token:software:totp':
			return provider === 'GOOGLE' ? 'uft' : 'ost';
		case 'webauthn':
			return 'fwf';
		case 'u2f':
			return 'fuf';
		case 'question':
			return 'ufs';
		case 'signed_nonce':
			return 'crp';
		case 'token:hardware':
			return 'ykf';
		case 'token':
			return 'rsf';
		case 'token:hotp':
			return 'chf';
		case 'web':
			return 'dsf';
		default:
			return 'cpf';
	}
}

const FIVE_MINUTES = 5 * 60_000;

/** Login comparison: case- and diacritic-insensitive (Okta's uniqueness rule for logins). */
export function foldLogin(text: string): string {
	return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

function randomToken(length = 20): string {
	const bytes = randomBytes(length);
	let s = '';
	for (const b of bytes) s += BASE62[b % 62];
	return s;
}

/** The API request being handled: where an action written to the System Log came from. */
export interface RequestContext {
	/** X-Okta-Request-Id of the answer (the event's transaction id). */
	readonly requestId: string;
	readonly ip: string;
	readonly userAgent: string | null;
	/** Path and query, as received. */
	readonly url: string;
	/** The id of the API token used (transaction.detail.requestApiTokenId). */
	readonly apiTokenId: string | null;
}

/** How the System Log names a factor (the authenticator's name in the Admin Console). */
export function factorDisplayName(f: Pick<FactorRecord, 'factorType' | 'provider'>): string {
	switch (f.factorType) {
		case 'push':
		case 'signed_nonce':
			return 'Okta Verify';
		case 'token:software:totp':
			return f.provider === 'GOOGLE' ? 'Google Authenticator' : 'Okta Verify';
		case 'sms':
			return 'SMS Authentication';
		case 'call':
			return 'Voice Call Authentication';
		case 'email':
			return 'Email Authentication';
		case 'question':
			return 'Security Question';
		case 'webauthn':
			return 'Security Key or Biometric';
		case 'u2f':
			return 'FIDO U2F';
		default:
			return f.factorType;
	}
}

/** A user as an actor or target of an event. */
export function userParty(u: UserRecord): Party {
	const name = [u.profile.firstName, u.profile.lastName].filter((x) => typeof x === 'string' && x !== '').join(' ');
	return {type: 'User', id: u.id, alternateId: u.profile.login, displayName: name || u.profile.login};
}

/** Results of lifecycle calls, before they become JSON. */
export type ActivationResult = {activationToken: string} | null;

export class OktaStore {
	readonly users = new Map<string, UserRecord>();
	readonly factors = new Map<string, FactorRecord>();
	readonly groups = new Map<string, GroupRecord>();
	readonly idps = new Map<string, IdpRecord>();
	readonly apps = new Map<string, AppRecord>();
	readonly clients = new Map<string, ClientRecord>();
	readonly grants = new Map<string, GrantRecord>();
	readonly refreshTokens = new Map<string, RefreshTokenRecord>();
	readonly roles = new Map<string, RoleRecord>();
	readonly appLinks: AppLinkRecord[] = [];
	/** The System Log, oldest first (ordered by published, then arrival). */
	readonly events: LogEventRecord[] = [];
	/** Set by the API around each handler, so actions are logged with their request (null: a direct call). */
	requestContext: RequestContext | null = null;
	private eventSeq = 0;
	/** Emails and codes the org "sent" (activation links, reset links, factor OTPs). */
	readonly outbox: OutboxEntry[] = [];
	readonly org: OrgInfo;
	/** Pushes sent for verification, by transaction id. */
	readonly pushes = new Map<string, PushTransaction>();
	/** How long a verification push waits for the user (Okta: five minutes). */
	pushLifetimeMs = 5 * 60_000;
	/** The demo's phones; null (tests): a push waits until `answerPush` (a test hook, not on the wire) or it expires. */
	pushResponder: PushResponder | null = null;
	/** The admin the API token belongs to (`/api/v1/users/me`). */
	tokenOwnerId: string | null = null;
	/** 0: lifecycle transitions complete at once; otherwise activate/deactivate take this long (E0000112 meanwhile). */
	transitionMs = 0;
	private readonly idPrng: Prng;
	private readonly loginIndex = new Map<string, string>();
	private readonly timers = new Set<NodeJS.Timeout>();

	constructor(opts: {seed?: number; org?: Partial<OrgInfo>} = {}) {
		this.idPrng = new Prng((opts.seed ?? 1) ^ 0x0c7a);
		this.org = {
			userTypeId: opts.org?.userTypeId ?? this.newId('oty'),
			userSchemaId: opts.org?.userSchemaId ?? this.newId('osc'),
			authServer: opts.org?.authServer ?? {id: this.newId('aus'), name: 'default'},
			everyoneGroupId: opts.org?.everyoneGroupId ?? this.newId('00g'),
		};
	}

	/** An Okta-shaped id: the prefix plus base62 characters, 20 in all, unique in this store. */
	newId(prefix: string): string {
		for (;;) {
			const id = prefix + this.idPrng.string(BASE62, 20 - prefix.length);
			if (!this.users.has(id) && !this.factors.has(id) && !this.groups.has(id) && !this.apps.has(id) && !this.grants.has(id) && !this.refreshTokens.has(id) && !this.roles.has(id))
				return id;
		}
	}

	/** Stops pending asynchronous transitions (the simulator calls this on close). */
	dispose(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
	}

	// ------------------------------------------------------------------ the System Log

	/**
	 * Adds an event. Seeds and data files add theirs in any order and call `sortEvents()` once; events written at
	 * run time are published now (never before the newest event, so a poller that has seen the end sees them next).
	 */
	addEvent(spec: EventSpec, random?: () => number): LogEventRecord {
		const json = buildEvent(spec, random);
		const record: LogEventRecord = {published: spec.published, seq: this.eventSeq++, json};
		this.events.push(record);
		return record;
	}

	sortEvents(): void {
		this.events.sort((a, b) => a.published - b.published || a.seq - b.seq);
	}

	/** Writes the event Okta writes for an action on `u`, by the token's owner, from the current request. */
	private audit(eventType: string, u: UserRecord, extra: {targets?: Party[]; debugData?: Json; outcome?: {result: string; reason?: string}} = {}): void {
		const ctx = this.requestContext;
		const owner = this.tokenOwnerId ? this.users.get(this.tokenOwnerId) : undefined;
		const actor: Party = owner ? userParty(owner) : {type: 'SystemPrincipal', id: 'system@okta.com', alternateId: 'system@okta.com', displayName: 'Okta System'};
		const last = this.events[this.events.length - 1];
		this.addEvent({
			eventType,
			published: Math.max(Date.now(), last?.published ?? 0),
			actor,
			targets: [userParty(u), ...(extra.targets ?? [])],
			...(extra.outcome ? {outcome: extra.outcome} : {}),
			...(ctx ? {client: {ip: ctx.ip, ...(ctx.userAgent ? {userAgent: ctx.userAgent} : {})}, transactionId: ctx.requestId, transactionDetail: ctx.apiTokenId ? {requestApiTokenId: ctx.apiTokenId} : {}} : {transactionType: 'JOB' as const}),
			debugData: {...(ctx ? {requestUri: ctx.url.split('?')[0], url: ctx.url} : {}), ...extra.debugData},
		});
	}

	private factorTarget(f: FactorRecord): Party {
		return {type: 'AuthenticatorEnrollment', id: f.id, displayName: factorDisplayName(f), detailEntry: {methodTypeUsed: f.factorType, factorProvider: f.provider}};
	}

	// ------------------------------------------------------------------ users

	addUser(user: UserRecord): UserRecord {
		if (this.users.has(user.id)) throw new Error(`duplicate user id ${user.id}`);
		const login = foldLogin(user.profile.login);
		if (this.loginIndex.has(login)) throw new Error(`duplicate login ${user.profile.login}`);
		this.users.set(user.id, user);
		this.loginIndex.set(login, user.id);
		return user;
	}

	/** All users ordered by id (Okta's list order). */
	allUsers(): UserRecord[] {
		return [...this.users.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	}

	user(id: string): UserRecord {
		const u = this.users.get(id);
		if (!u) throw err.notFound(id, 'User');
		return u;
	}

	/** The user whose login matches (case- and diacritic-insensitive), or undefined. */
	userByLogin(login: string): UserRecord | undefined {
		const id = this.loginIndex.get(foldLogin(login));
		const u = id === undefined ? undefined : this.users.get(id);
		// Logins are read-only through this API surface, but tests may edit records: verify before trusting the index.
		if (u && foldLogin(u.profile.login) === foldLogin(login)) return u;
		const folded = foldLogin(login);
		for (const other of this.users.values()) if (foldLogin(other.profile.login) === folded) return other;
		return undefined;
	}

	/**
	 * Resolves the `{id}` of `/api/v1/users/{id}…`: an id, `me` (the token's owner), a login, or an unambiguous
	 * login short name (the part before `@`). `idOnly` for the `{userId}` routes (factors, grants, roles…).
	 */
	resolveUser(ref: string, opts: {idOnly?: boolean} = {}): UserRecord {
		const byId = this.users.get(ref);
		if (byId) return byId;
		if (!opts.idOnly) {
			if (ref === 'me' && this.tokenOwnerId) return this.user(this.tokenOwnerId);
			const byLogin = this.userByLogin(ref);
			if (byLogin) return byLogin;
			if (!ref.includes('@')) {
				const folded = foldLogin(ref);
				const matches = [...this.users.values()].filter((u) => {
					const login = foldLogin(u.profile.login);
					const at = login.indexOf('@');
					return at > 0 && login.slice(0, at) === folded;
				});
				if (matches.length === 1) return matches[0] as UserRecord;
			}
		}
		throw err.notFound(ref, 'User');
	}

	/** Profile attribute names in use beyond the base schema (searchable as `profile.<name>`). */
	profileAttributes(): Set<string> {
		const names = new Set<string>();
		for (const u of this.users.values()) for (const k of Object.keys(u.profile)) names.add(k);
		return names;
	}

	// ------------------------------------------------------------------ lifecycle

	private touch(u: UserRecord, status?: UserStatus): void {
		const now = Date.now();
		if (status && status !== u.status) {
			u.status = status;
			u.statusChanged = now;
		}
		u.lastUpdated = now;
	}

	private notTransitioning(u: UserRecord): void {
		if (u.transitioningToStatus) throw err.stillActivating();
	}

	/** Puts `u` into `target`, at once or after transitionMs (with transitioningToStatus meanwhile). */
	private transition(u: UserRecord, target: UserStatus, onDone?: () => void): void {
		const finish = () => {
			u.transitioningToStatus = null;
			this.touch(u, target);
			if (target === 'ACTIVE') u.activated = u.lastUpdated;
			onDone?.();
		};
		if (this.transitionMs <= 0 || !(target === 'ACTIVE' || target === 'DEPROVISIONED' || target === 'PROVISIONED')) {
			finish();
			return;
		}
		u.transitioningToStatus = target;
		this.touch(u);
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			if (this.users.get(u.id) === u && u.transitioningToStatus === target) finish();
		}, this.transitionMs);
		timer.unref?.();
		this.timers.add(timer);
	}

	/** Completes a pending transition now (tests; the seeded "activating" user never completes by itself). */
	completeTransition(userId: string): void {
		const u = this.user(userId);
		const target = u.transitioningToStatus;
		if (!target) return;
		u.transitioningToStatus = null;
		this.touch(u, target);
		if (target === 'ACTIVE') u.activated = u.lastUpdated;
	}

	activate(userId: string, sendEmail: boolean): ActivationResult {
		const u = this.user(userId);
		this.notTransitioning(u);
		if (u.status === 'ACTIVE') throw err.alreadyActive();
		if (u.status !== 'STAGED' && u.status !== 'DEPROVISIONED') throw err.wrongStatus();
		const federated = u.provider.type === 'FEDERATION' || u.provider.type === 'SOCIAL';
		const target: UserStatus = u.hasPassword || federated ? 'ACTIVE' : 'PROVISIONED';
		const token = randomToken();
		u.activationToken = token;
		if (target === 'PROVISIONED') u.activated = Date.now();
		this.transition(u, target);
		this.audit('user.lifecycle.activate', u);
		if (sendEmail) {
			this.outbox.push({at: Date.now(), kind: 'activation', userId: u.id, to: u.profile.email, token});
			return null;
		}
		return {activationToken: token};
	}

	reactivate(userId: string, sendEmail: boolean): ActivationResult {
		const u = this.user(userId);
		this.notTransitioning(u);
		if (u.status !== 'PROVISIONED' && u.status !== 'RECOVERY') throw err.wrongStatus();
		const token = randomToken();
		u.activationToken = token;
		this.touch(u, 'PROVISIONED');
		this.audit('user.lifecycle.reactivate', u);
		if (sendEmail) {
			this.outbox.push({at: Date.now(), kind: 'activation', userId: u.id, to: u.profile.email, token});
			return null;
		}
		return {activationToken: token};
	}

	/** Deactivation deprovisions the user from every app: app links, sessions and refresh tokens go. */
	deactivate(userId: string, sendEmail: boolean): void {
		const u = this.user(userId);
		this.notTransitioning(u);
		if (u.status === 'DEPROVISIONED') throw err.wrongStatus();
		this.transition(u, 'DEPROVISIONED', () => this.deprovision(u));
		this.audit('user.lifecycle.deactivate', u);
		if (sendEmail && this.tokenOwnerId) {
			const admin = this.users.get(this.tokenOwnerId);
			if (admin) this.outbox.push({at: Date.now(), kind: 'deactivation', userId: u.id, to: admin.profile.email});
		}
	}

	private deprovision(u: UserRecord): void {
		u.sessions = 0;
		u.rememberedDevices = 0;
		u.blocks = [];
		for (let i = this.appLinks.length - 1; i >= 0; i--) if ((this.appLinks[i] as AppLinkRecord).userId === u.id) this.appLinks.splice(i, 1);
		for (const [id, t] of this.refreshTokens) if (t.userId === u.id) this.refreshTokens.delete(id);
	}

	suspend(userId: string): void {
		const u = this.user(userId);
		this.notTransitioning(u);
		if (u.status !== 'ACTIVE') throw err.validationFailed('status', ['status: Only users with an ACTIVE status can be suspended.']);
		u.sessions = 0;
		this.touch(u, 'SUSPENDED');
		this.audit('user.lifecycle.suspend', u);
	}

	unsuspend(userId: string): void {
		const u = this.user(userId);
		this.notTransitioning(u);
		if (u.status !== 'SUSPENDED') throw err.validationFailed('status', ['status: Only users with a SUSPENDED status can be unsuspended.']);
		this.touch(u, 'ACTIVE');
		this.audit('user.lifecycle.unsuspend', u);
	}

	/** Returns false when nothing was locked (an ACTIVE user without device blocks). */
	unlock(userId: string): boolean {
		const u = this.user(userId);
		this.notTransitioning(u);
		if (u.provider.type === 'ACTIVE_DIRECTORY' || u.provider.type === 'LDAP') throw err.unlockNotAllowed();
		if (u.status === 'LOCKED_OUT') {
			u.blocks = [];
			this.touch(u, 'ACTIVE');
			this.audit('user.account.unlock_by_admin', u);
			return true;
		}
		if (u.status === 'ACTIVE') {
			const had = u.blocks.length > 0;
			u.blocks = [];
			if (had) {
				this.touch(u);
				this.audit('user.account.unlock_by_admin', u);
			}
			return had;
		}
		throw err.wrongStatus();
	}

	resetPassword(userId: string, sendEmail: boolean, revokeSessions: boolean): {token: string} | null {
		const u = this.user(userId);
		this.notTransitioning(u);
		const allowed: UserStatus[] = ['ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'PROVISIONED'];
		if (!allowed.includes(u.status)) throw err.wrongStatus();
		if (u.provider.type === 'FEDERATION' || u.provider.type === 'SOCIAL') throw err.passwordResetFailed();
		const token = randomToken();
		u.resetPasswordToken = token;
		u.blocks = [];
		if (revokeSessions) u.sessions = 0;
		this.touch(u, 'RECOVERY');
		this.audit('user.account.reset_password', u, {debugData: {revokeSessions: String(revokeSessions)}});
		if (sendEmail) {
			this.outbox.push({at: Date.now(), kind: 'password_reset', userId: u.id, to: u.profile.email, token});
			return null;
		}
		return {token};
	}

	/**
	 * POST /users/{id} with `{profile}`: a partial update, validated as Okta's base schema does (login and email in
	 * email form, login unique across the org, names not blank, lengths); every failing field is one errorCause.
	 * A profile mastered by a directory (AD, LDAP) is changed there, not here.
	 */
	updateProfile(userId: string, patch: Record<string, unknown>): UserRecord {
		const u = this.user(userId);
		this.notTransitioning(u);
		if (u.provider.type === 'ACTIVE_DIRECTORY' || u.provider.type === 'LDAP') throw err.profileMastered();
		const known = new Set<string>([...BASE_PROFILE_ATTRIBUTES, ...Object.keys(u.profile)]);
		const causes: [string, string][] = [];
		const fail = (k: string, why: string) => causes.push([k, `${k}: ${why}`]);
		for (const [k, v] of Object.entries(patch)) {
			if (!known.has(k)) {
				fail(k, `Property name '${k}' is not defined in profile`);
				continue;
			}
			if (v !== null && typeof v !== 'string') {
				fail(k, 'Does not match required type');
				continue;
			}
			const text = v ?? '';
			if ((k === 'login' || k === 'email' || k === 'firstName' || k === 'lastName') && text.trim() === '') fail(k, 'The field cannot be left blank');
			else if ((k === 'firstName' || k === 'lastName') && text.length > 50) fail(k, 'The field cannot exceed 50 characters');
			else if ((k === 'login' || k === 'email') && (text.length < 5 || text.length > 100)) fail(k, `The field must be between 5 and 100 characters`);
			else if (k === 'login' && !EMAIL_FORM.test(text)) fail(k, 'Username must be in the form of an email address');
			else if ((k === 'email' || k === 'secondEmail') && text !== '' && !EMAIL_FORM.test(text)) fail(k, 'Does not match required pattern');
			else if (k === 'mobilePhone' && text.length > 100) fail(k, 'The field cannot exceed 100 characters');
			else if (k === 'login') {
				const other = this.userByLogin(text);
				if (other && other.id !== u.id) fail(k, 'An object with this field already exists in the current organization');
			}
		}
		if (causes.length > 0) throw err.validationFailed(causes[0]![0], causes.map(([, c]) => c));
		const oldLogin = u.profile.login;
		for (const [k, v] of Object.entries(patch)) u.profile[k] = v;
		if (foldLogin(oldLogin) !== foldLogin(u.profile.login)) {
			this.loginIndex.delete(foldLogin(oldLogin));
			this.loginIndex.set(foldLogin(u.profile.login), u.id);
		}
		u.lastUpdated = Date.now();
		this.audit('user.account.update_profile', u, {debugData: {changedAttributes: Object.keys(patch).join(',')}});
		return u;
	}

	/**
	 * credentials/forgot_password: a one-time reset token; the user answers their recovery question when they open
	 * it. Only for an ACTIVE user with a password and a recovery question; the status does not change.
	 */
	forgotPassword(userId: string, sendEmail: boolean): {token: string} | null {
		const u = this.user(userId);
		this.notTransitioning(u);
		if (u.status !== 'ACTIVE') throw err.wrongStatus();
		if (!u.hasPassword || !u.recoveryQuestion) throw err.forgotPasswordNotAllowed();
		const token = randomToken();
		u.resetPasswordToken = token;
		this.audit('user.account.reset_password', u, {debugData: {flow: 'forgot_password'}});
		if (sendEmail) {
			this.outbox.push({at: Date.now(), kind: 'forgot_password', userId: u.id, to: u.profile.email, token});
			return null;
		}
		return {token};
	}

	/** `tempPassword`: also sets a temporary password and returns it (expire_password_with_temp_password). */
	expirePassword(userId: string, opts: {tempPassword?: boolean; revokeSessions?: boolean} = {}): string | null {
		const u = this.user(userId);
		this.notTransitioning(u);
		const allowed: UserStatus[] = ['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY'];
		if (!allowed.includes(u.status) || !u.hasPassword) throw err.wrongStatus();
		let temp: string | null = null;
		if (opts.tempPassword) {
			temp = randomToken(8);
			u.tempPassword = temp;
			u.passwordChanged = Date.now();
		}
		if (opts.revokeSessions) u.sessions = 0;
		this.touch(u, 'PASSWORD_EXPIRED');
		this.audit('user.account.expire_password', u);
		return temp;
	}

	resetFactors(userId: string): void {
		const u = this.user(userId);
		this.notTransitioning(u);
		if (u.status === 'DEPROVISIONED') throw err.wrongStatus();
		for (const [id, f] of this.factors) if (f.userId === u.id) this.factors.delete(id);
		this.touch(u);
		this.audit('user.mfa.factor.reset_all', u);
	}

	/** DELETE /api/v1/users/{id}: the first call on a non-DEPROVISIONED user deactivates, the next deletes. */
	deleteUser(userId: string, sendEmail: boolean): 'deactivated' | 'deleted' {
		const u = this.user(userId);
		if (u.status !== 'DEPROVISIONED') {
			this.deactivate(userId, sendEmail);
			return 'deactivated';
		}
		this.notTransitioning(u);
		this.users.delete(u.id);
		this.loginIndex.delete(foldLogin(u.profile.login));
		for (const [id, f] of this.factors) if (f.userId === u.id) this.factors.delete(id);
		for (const [id, g] of this.grants) if (g.userId === u.id) this.grants.delete(id);
		for (const [id, t] of this.refreshTokens) if (t.userId === u.id) this.refreshTokens.delete(id);
		for (const [id, r] of this.roles) if (r.userId === u.id) this.roles.delete(id);
		for (let i = this.appLinks.length - 1; i >= 0; i--) if ((this.appLinks[i] as AppLinkRecord).userId === u.id) this.appLinks.splice(i, 1);
		this.audit('user.lifecycle.delete.initiated', u);
		if (this.tokenOwnerId === u.id) this.tokenOwnerId = null;
		return 'deleted';
	}

	/** DELETE /sessions: ends IdP sessions; `oauthTokens` also revokes refresh tokens; `forgetDevices` forgets remembered factors. */
	revokeSessions(userId: string, opts: {oauthTokens: boolean; forgetDevices: boolean}): void {
		const u = this.user(userId);
		u.sessions = 0;
		if (opts.forgetDevices) u.rememberedDevices = 0;
		if (opts.oauthTokens) for (const [id, t] of this.refreshTokens) if (t.userId === u.id) this.refreshTokens.delete(id);
		this.audit('user.session.clear', u, {debugData: {revokeOauthTokens: String(opts.oauthTokens), forgetDevices: String(opts.forgetDevices)}});
	}

	// ------------------------------------------------------------------ factors

	/** Enrolled factors of a user, in enrollment order. DEPROVISIONED users have none to show (404 E0000007). */
	factorsOf(userId: string): FactorRecord[] {
		const u = this.user(userId);
		if (u.status === 'DEPROVISIONED') throw err.notFound(userId, 'User');
		return [...this.factors.values()].filter((f) => f.userId === userId);
	}

	factor(userId: string, factorId: string): FactorRecord {
		const u = this.user(userId);
		if (u.status === 'DEPROVISIONED') throw err.notFound(userId, 'User');
		const f = this.factors.get(factorId);
		if (!f || f.userId !== userId) throw err.notFound(factorId, 'UserFactor');
		return f;
	}

	addFactor(f: FactorRecord): FactorRecord {
		this.factors.set(f.id, f);
		return f;
	}

	/**
	 * Unenrolls a factor. Unenrolling `push` or `signed_nonce` also unenrolls the user's other Okta Verify
	 * factors (OKTA-provider totp, push, signed_nonce), as Okta documents. Returns the removed ids.
	 */
	deleteFactor(userId: string, factorId: string): string[] {
		const f = this.factor(userId, factorId);
		const removed = [f.id];
		const gone = [f];
		this.factors.delete(f.id);
		if (f.factorType === 'push' || f.factorType === 'signed_nonce') {
			for (const [id, other] of this.factors) {
				if (other.userId !== userId || other.provider !== 'OKTA') continue;
				if (other.factorType === 'token:software:totp' || other.factorType === 'push' || other.factorType === 'signed_nonce') {
					this.factors.delete(id);
					removed.push(id);
					gone.push(other);
				}
			}
		}
		const u = this.user(userId);
		u.lastUpdated = Date.now();
		for (const g of gone) this.audit('user.mfa.factor.deactivate', u, {targets: [this.factorTarget(g)]});
		return removed;
	}

	/**
	 * POST /factors. Supported: token:software:totp (OKTA, GOOGLE) → PENDING_ACTIVATION with a fresh shared
	 * secret; question → ACTIVE; sms/call/email → PENDING_ACTIVATION (or ACTIVE with activate=true) with the
	 * OTP recorded in the outbox. Other types answer 400 E0000001 (not enrollable through the simulator).
	 */
	enrollFactor(userId: string, body: Record<string, unknown>, opts: {activate: boolean}): FactorRecord {
		const u = this.user(userId);
		if (u.status === 'DEPROVISIONED') throw err.notFound(userId, 'User');
		const factorType = body['factorType'];
		const provider = body['provider'] ?? 'OKTA';
		const profile = (body['profile'] !== null && typeof body['profile'] === 'object' ? body['profile'] : {}) as Record<string, unknown>;
		if (typeof factorType !== 'string' || factorType === '') throw err.validationFailed('factorEnrollRequest', ['factorType: The field cannot be left blank.']);
		if (typeof provider !== 'string') throw err.validationFailed('factorEnrollRequest', ['provider: Invalid provider.']);
		const existing = [...this.factors.values()].filter((f) => f.userId === userId && f.factorType === factorType && f.provider === provider);
		if (existing.some((f) => f.status === 'ACTIVE')) throw err.validationFailed('factorEnrollRequest', ['A factor of this type is already set up.']);
		for (const f of existing) this.factors.delete(f.id);
		const now = Date.now();
		const base = {userId, factorType, provider, created: now, lastUpdated: now, secret: null, pendingCode: null, activationAttempts: []};
		let record: FactorRecord;
		switch (factorType) {
			case 'token:software:totp': {
				if (provider !== 'OKTA' && provider !== 'GOOGLE') throw err.validationFailed('factorEnrollRequest', ['provider: Invalid provider for token:software:totp.']);
				record = {...base, id: this.newId(factorIdPrefix(factorType, provider)), vendorName: provider, status: 'PENDING_ACTIVATION', profile: {credentialId: u.profile.login}, secret: newTotpSecret()};
				break;
			}
			case 'question': {
				const question = profile['question'];
				const answer = profile['answer'];
				if (typeof question !== 'string' || !(question in SECURITY_QUESTIONS)) throw err.validationFailed('factorEnrollRequest', ['question: The question is not valid.']);
				if (typeof answer !== 'string' || answer.trim().length < 4) throw err.validationFailed('factorEnrollRequest', ['answer: The security question answer must be at least 4 characters in length.']);
				record = {...base, id: this.newId('ufs'), vendorName: 'OKTA', status: 'ACTIVE', profile: {question, questionText: SECURITY_QUESTIONS[question]}};
				break;
			}
			case 'sms':
			case 'call': {
				const phone = profile['phoneNumber'];
				if (typeof phone !== 'string' || !/^\+[1-9]\d{1,14}$/.test(phone.replace(/[\s-]/g, ''))) throw new err.OktaApiError(400, 'E0000098', 'This phone number is invalid.');
				const p: Record<string, unknown> = {phoneNumber: phone.replace(/[\s-]/g, '')};
				if (factorType === 'call') p['phoneExtension'] = typeof profile['phoneExtension'] === 'string' ? profile['phoneExtension'] : null;
				record = {...base, id: this.newId(factorIdPrefix(factorType, provider)), vendorName: 'OKTA', status: opts.activate ? 'ACTIVE' : 'PENDING_ACTIVATION', profile: p};
				break;
			}
			case 'email': {
				const email = typeof profile['email'] === 'string' ? profile['email'] : u.profile.email;
				record = {...base, id: this.newId('emf'), vendorName: 'OKTA', status: opts.activate ? 'ACTIVE' : 'PENDING_ACTIVATION', profile: {email}};
				break;
			}
			default:
				throw err.validationFailed('factorEnrollRequest', [`factorType: ${factorType} factors can't be enrolled through the simulator.`]);
		}
		if (record.status === 'PENDING_ACTIVATION' && factorType !== 'token:software:totp') this.sendCode(u, record);
		this.factors.set(record.id, record);
		u.lastUpdated = now;
		this.audit(record.status === 'ACTIVE' ? 'user.mfa.factor.activate' : 'user.mfa.factor.update', u, {targets: [this.factorTarget(record)]});
		return record;
	}

	private sendCode(u: UserRecord, f: FactorRecord): void {
		const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
		f.pendingCode = code;
		const to = String(f.profile['phoneNumber'] ?? f.profile['email'] ?? u.profile.email);
		this.outbox.push({at: Date.now(), kind: 'factor_code', userId: u.id, to, code, factorId: f.id});
	}

	/** POST /factors/{id}/lifecycle/activate with `{passCode}`: real TOTP (SHA1/6/30, ±1 step) or the sent OTP. */
	activateFactor(userId: string, factorId: string, passCode: unknown, now = Date.now()): FactorRecord {
		const f = this.factor(userId, factorId);
		if (f.status !== 'PENDING_ACTIVATION') throw err.validationFailed('factor', ['The factor is not pending activation.']);
		f.activationAttempts = f.activationAttempts.filter((t) => now - t < FIVE_MINUTES);
		if (f.activationAttempts.length >= 5) throw err.rateLimited();
		f.activationAttempts.push(now);
		if (typeof passCode !== 'string' || passCode === '') throw err.validationFailed('passCode', ['passCode: The field cannot be left blank.']);
		const ok = f.secret !== null ? verifyTotp(f.secret, passCode, now) : f.pendingCode !== null && f.pendingCode === passCode;
		if (!ok) throw err.invalidPasscode();
		f.status = 'ACTIVE';
		f.pendingCode = null;
		f.activationAttempts = [];
		f.lastUpdated = now;
		this.audit('user.mfa.factor.activate', this.user(userId), {targets: [this.factorTarget(f)]});
		return f;
	}

	// ------------------------------------------------------------------ verifying a factor (a caller check)

	/**
	 * POST /factors/{id}/verify. push: a transaction, WAITING until the user answers (`answerPush`, or the demo's
	 * `pushResponder`) or `pushLifetimeMs` passes. sms/call without a code: a code is sent (the outbox) and the answer
	 * is CHALLENGE. With `passCode`: TOTP checked for real (±1 step), sms/call against the code sent; wrong: 403
	 * E0000068. Only ACTIVE factors verify (400 E0000001 otherwise). The System Log gets Okta's events.
	 */
	verifyFactor(userId: string, factorId: string, body: Record<string, unknown>, now = Date.now()): {kind: 'push'; tx: PushTransaction} | {kind: 'challenge'} | {kind: 'success'} {
		const f = this.factor(userId, factorId);
		const u = this.user(userId);
		if (f.status !== 'ACTIVE') throw err.validationFailed('factor', ['The factor is not active.']);
		const passCode = body['passCode'];
		const target = [this.factorTarget(f)];
		if (f.factorType === 'push') {
			const tx: PushTransaction = {id: randomToken(20), userId, factorId, created: now, expiresAt: now + this.pushLifetimeMs, result: 'WAITING', answeredAt: null};
			this.pushes.set(tx.id, tx);
			this.audit('system.push.send_factor_verify_push', u, {targets: target});
			const plan = this.pushResponder?.(tx, u) ?? null;
			if (plan) {
				const timer = setTimeout(() => {
					this.timers.delete(timer);
					if (tx.result === 'WAITING' && Date.now() < tx.expiresAt) this.answerPush(userId, plan.answer);
				}, plan.afterMs);
				timer.unref?.();
				this.timers.add(timer);
			}
			return {kind: 'push', tx};
		}
		if (passCode === undefined || passCode === null || passCode === '') {
			if (f.factorType !== 'sms' && f.factorType !== 'call' && f.factorType !== 'email') throw err.validationFailed('passCode', ['passCode: The field cannot be left blank.']);
			this.sendCode(u, f);
			this.audit(f.factorType === 'call' ? 'system.voice.send_call' : f.factorType === 'email' ? 'system.email.send_factor_verify_message' : 'system.sms.send_factor_verify_message', u, {targets: target});
			return {kind: 'challenge'};
		}
		if (typeof passCode !== 'string') throw err.validationFailed('passCode', ['passCode: The value must be a string.']);
		const ok = f.secret !== null ? verifyTotp(f.secret, passCode, now) : f.pendingCode !== null && f.pendingCode === passCode;
		if (!ok) {
			this.audit('user.authentication.auth_via_mfa', u, {targets: target, outcome: {result: 'FAILURE', reason: 'INVALID_CREDENTIALS'}});
			throw err.invalidPasscode();
		}
		f.pendingCode = null;
		this.audit('user.authentication.auth_via_mfa', u, {targets: target});
		return {kind: 'success'};
	}

	/** The push transaction of that factor; a WAITING one past its time becomes TIMEOUT. */
	pushTransaction(userId: string, factorId: string, transactionId: string, now = Date.now()): PushTransaction {
		this.factor(userId, factorId);
		const tx = this.pushes.get(transactionId);
		if (!tx || tx.userId !== userId || tx.factorId !== factorId) throw err.notFound(transactionId, 'Transaction');
		if (tx.result === 'WAITING' && now >= tx.expiresAt) tx.result = 'TIMEOUT';
		return tx;
	}

	/**
	 * The user answers the push on their phone (a test or the demo, never the API): their newest WAITING push is
	 * approved or rejected, and the System Log says so with the user as actor. Returns it, or null when none waits.
	 */
	answerPush(userId: string, answer: 'approve' | 'reject', now = Date.now()): PushTransaction | null {
		const waiting = [...this.pushes.values()].filter((t) => t.userId === userId && t.result === 'WAITING' && now < t.expiresAt);
		const tx = waiting.at(-1);
		if (!tx) return null;
		tx.result = answer === 'approve' ? 'SUCCESS' : 'REJECTED';
		tx.answeredAt = now;
		const u = this.user(userId);
		const f = this.factors.get(tx.factorId);
		const last = this.events[this.events.length - 1];
		this.addEvent({
			eventType: answer === 'approve' ? 'user.authentication.auth_via_mfa' : 'user.mfa.okta_verify.deny_push',
			published: Math.max(now, last?.published ?? 0),
			actor: userParty(u),
			targets: [userParty(u), ...(f ? [this.factorTarget(f)] : [])],
			...(answer === 'reject' ? {outcome: {result: 'FAILURE', reason: 'User rejected Okta push verify'}} : {}),
			transactionType: 'WEB',
		});
		return tx;
	}

	// ------------------------------------------------------------------ groups, roles, app links

	groupsOf(userId: string): GroupRecord[] {
		const u = this.user(userId);
		return u.groupIds.map((id) => this.groups.get(id)).filter((g): g is GroupRecord => g !== undefined);
	}

	rolesOf(userId: string): RoleRecord[] {
		this.user(userId);
		return [...this.roles.values()].filter((r) => r.userId === userId);
	}

	role(userId: string, roleAssignmentId: string): RoleRecord {
		this.user(userId);
		const r = this.roles.get(roleAssignmentId);
		if (!r || r.userId !== userId) throw err.notFound(roleAssignmentId, 'Role');
		return r;
	}

	/**
	 * DELETE /users/{id}/roles/{roleAssignmentId}: the assignment goes, and the System Log says which privilege
	 * (`user.account.privilege.revoke`). A role the user holds through a group is not theirs to unassign: 404.
	 */
	unassignRole(userId: string, roleAssignmentId: string): void {
		const r = this.role(userId, roleAssignmentId);
		if (r.assignmentType !== 'USER') throw err.notFound(roleAssignmentId, 'Role');
		this.roles.delete(r.id);
		this.audit('user.account.privilege.revoke', this.user(userId), {debugData: {privilegeRevoked: r.label}});
	}

	appLinksOf(userId: string): AppLinkRecord[] {
		this.user(userId);
		return this.appLinks.filter((l) => l.userId === userId).sort((a, b) => a.sortOrder - b.sortOrder);
	}

	// ------------------------------------------------------------------ OAuth clients, grants, refresh tokens

	private clientTarget(clientId: string): Party {
		const c = this.clients.get(clientId);
		return {type: 'AppInstance', id: clientId, alternateId: c?.clientName ?? clientId, displayName: c?.clientName ?? clientId};
	}

	client(clientId: string): ClientRecord {
		const c = this.clients.get(clientId);
		if (!c) throw err.notFound(clientId, 'AppInstance');
		return c;
	}

	/** Clients the user has grants or refresh tokens for, in catalogue order. */
	clientsOf(userId: string): ClientRecord[] {
		this.user(userId);
		const ids = new Set<string>();
		for (const g of this.grants.values()) if (g.userId === userId) ids.add(g.clientId);
		for (const t of this.refreshTokens.values()) if (t.userId === userId) ids.add(t.clientId);
		return [...this.clients.values()].filter((c) => ids.has(c.clientId));
	}

	grantsOf(userId: string, clientId?: string): GrantRecord[] {
		this.user(userId);
		if (clientId !== undefined) this.client(clientId);
		return [...this.grants.values()].filter((g) => g.userId === userId && (clientId === undefined || g.clientId === clientId)).sort(byCreatedThenId);
	}

	grant(userId: string, grantId: string): GrantRecord {
		this.user(userId);
		const g = this.grants.get(grantId);
		if (!g || g.userId !== userId) throw err.notFound(grantId, 'OAuth2ScopeConsentGrant');
		return g;
	}

	/** Revokes (removes) grants; returns how many. */
	revokeGrants(userId: string, filter: {clientId?: string; grantId?: string} = {}): number {
		const list = filter.grantId !== undefined ? [this.grant(userId, filter.grantId)] : this.grantsOf(userId, filter.clientId);
		const u = this.user(userId);
		for (const g of list) {
			this.grants.delete(g.id);
			this.audit('app.oauth2.as.consent.revoke', u, {targets: [this.clientTarget(g.clientId)], debugData: {grantId: g.id, scopes: g.scopeId}});
		}
		return list.length;
	}

	tokensOf(userId: string, clientId: string): RefreshTokenRecord[] {
		this.user(userId);
		this.client(clientId);
		return [...this.refreshTokens.values()].filter((t) => t.userId === userId && t.clientId === clientId).sort(byCreatedThenId);
	}

	refreshToken(userId: string, clientId: string, tokenId: string): RefreshTokenRecord {
		this.user(userId);
		this.client(clientId);
		const t = this.refreshTokens.get(tokenId);
		if (!t || t.userId !== userId || t.clientId !== clientId) throw err.notFound(tokenId, 'OAuth2RefreshToken');
		return t;
	}

	revokeTokens(userId: string, clientId: string, tokenId?: string): number {
		const list = tokenId !== undefined ? [this.refreshToken(userId, clientId, tokenId)] : this.tokensOf(userId, clientId);
		const u = this.user(userId);
		for (const t of list) {
			this.refreshTokens.delete(t.id);
			this.audit('app.oauth2.as.token.revoke', u, {targets: [this.clientTarget(clientId)], debugData: {tokenId: t.id, scopes: t.scopes.join(' ')}});
		}
		return list.length;
	}
}

function byCreatedThenId(a: {created: number; id: string}, b: {created: number; id: string}): number {
	return a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A user record with every field defaulted (for seeds and data files). */
export function newUserRecord(fields: Partial<UserRecord> & {id: string; profile: Profile; typeId: string}): UserRecord {
	const now = Date.now();
	return {
		status: 'ACTIVE',
		transitioningToStatus: null,
		created: now,
		activated: null,
		statusChanged: null,
		lastLogin: null,
		lastUpdated: now,
		passwordChanged: null,
		hasPassword: true,
		recoveryQuestion: null,
		provider: {type: 'OKTA', name: 'OKTA'},
		blocks: [],
		groupIds: [],
		idpIds: [],
		sessions: 0,
		rememberedDevices: 0,
		activationToken: null,
		resetPasswordToken: null,
		tempPassword: null,
		...fields,
	};
}
