/**
 * In-memory state of the Wacht simulator: one deployment with its users, sign-ins, passkeys, MFA,
 * organizations, workspaces, roles and memberships.
 *
 * Records use camelCase and times in µs (see time.ts); wire.ts turns them into the server's JSON.
 * Every mutation changes the records for real, with the server's semantics (shared/research/wacht-api.md):
 * revoking a sign-in soft-deletes it (deleted_at), disabling a user hard-deletes all of their sign-ins,
 * passkeys and authenticators are soft-deleted, deleting a user hard-deletes everything of theirs,
 * backup codes are kept only as hashes and regenerating replaces them all.
 *
 * A user's heavier records can be deferred (`defer`, used by the seed): built the first time a reader or a
 * mutation names that user, so what the API answers never depends on whether they were built before.
 */
import {createHash, randomInt} from 'node:crypto';
import {Prng, SnowflakeIds} from '../shared/prng.js';
import {nowMicros, type Micros} from './time.js';

export type SecondFactorPolicy = 'none' | 'optional' | 'enforced';
export const SECOND_FACTOR_POLICIES: readonly SecondFactorPolicy[] = ['none', 'optional', 'enforced'];

export type Json = Record<string, unknown>;

export interface UserRecord {
	readonly id: string;
	createdAt: Micros;
	updatedAt: Micros;
	firstName: string;
	lastName: string;
	/** '' when the user has none (the list sends '', details sends null). */
	username: string;
	profilePictureUrl: string;
	schemaVersion: 'v1' | 'v2';
	disabled: boolean;
	secondFactorPolicy: SecondFactorPolicy;
	availability: string;
	lastPasswordResetAt: Micros | null;
	activeOrganizationMembershipId: string | null;
	activeWorkspaceMembershipId: string | null;
	publicMetadata: Json;
	privateMetadata: Json;
	hasPassword: boolean;
	primaryEmailId: string | null;
	primaryPhoneId: string | null;
}

export interface EmailRecord {
	readonly id: string;
	createdAt: Micros;
	updatedAt: Micros;
	readonly userId: string;
	email: string;
	verified: boolean;
	/** null in the database; the server then sends the request time (see wire.ts). */
	verifiedAt: Micros | null;
	verificationStrategy: string;
}

export interface PhoneRecord {
	readonly id: string;
	createdAt: Micros;
	updatedAt: Micros;
	readonly userId: string;
	/** Without the country code, e.g. '5550100123'. */
	phoneNumber: string;
	/** With the plus, e.g. '+1'. */
	countryCode: string;
	verified: boolean;
	verifiedAt: Micros | null;
}

export interface SocialConnectionRecord {
	readonly id: string;
	createdAt: Micros;
	updatedAt: Micros;
	readonly userId: string;
	userEmailAddressId: string;
	provider: string;
	emailAddress: string;
	/** Plaintext, as the real server sends it. */
	accessToken: string;
	refreshToken: string;
}

export interface SignInRecord {
	readonly id: string;
	createdAt: Micros;
	updatedAt: Micros;
	/** Parent browser session; '0' when it had none. */
	sessionId: string;
	readonly userId: string;
	activeOrganizationMembershipId: string | null;
	activeWorkspaceMembershipId: string | null;
	expiresAt: Micros;
	lastActiveAt: Micros;
	ipAddress: string;
	browser: string;
	device: string;
	city: string;
	region: string;
	regionCode: string;
	country: string;
	countryCode: string;
	/** Set by revoke / revoke-all. Revoked rows are never listed. */
	deletedAt: Micros | null;
}

export interface PasskeyRecord {
	readonly id: string;
	createdAt: Micros | null;
	updatedAt: Micros | null;
	readonly userId: string;
	name: string;
	signCount: number;
	transports: string[] | null;
	lastUsedAt: Micros | null;
	backedUp: boolean | null;
	deviceType: string | null;
	deletedAt: Micros | null;
}

export interface AuthenticatorRecord {
	readonly id: string;
	createdAt: Micros;
	updatedAt: Micros;
	readonly userId: string;
	/** Normalized base32 secret (the real server stores it encrypted; never readable over the API). */
	secret: string;
	otpUrl: string;
	deletedAt: Micros | null;
}

export interface OrganizationRecord {
	readonly id: string;
	createdAt: Micros;
	updatedAt: Micros;
	name: string;
	imageUrl: string;
	description: string;
	publicMetadata: Json;
	privateMetadata: Json;
}

export interface WorkspaceRecord extends OrganizationRecord {
	readonly organizationId: string;
}

export type RoleScope = 'organization' | 'workspace';

export interface RoleRecord {
	readonly id: string;
	createdAt: Micros;
	updatedAt: Micros;
	name: string;
	permissions: string[];
	/** true: a deployment-wide role template; false: defined in one organization or workspace (`ownerId`). */
	isDeploymentLevel: boolean;
	readonly scope: RoleScope;
	readonly ownerId: string | null;
}

export interface OrganizationMembershipRecord {
	readonly id: string;
	createdAt: Micros;
	updatedAt: Micros;
	readonly organizationId: string;
	readonly userId: string;
	publicMetadata: Json;
	roleIds: string[];
}

export interface WorkspaceMembershipRecord {
	readonly id: string;
	createdAt: Micros;
	updatedAt: Micros;
	readonly workspaceId: string;
	readonly organizationId: string;
	readonly organizationMembershipId: string;
	readonly userId: string;
	publicMetadata: Json;
	roleIds: string[];
}

export type UserSortKey = 'created_at' | 'username' | 'email' | 'phone_number';
export type SortOrder = 'asc' | 'desc';

export interface ListUsersQuery {
	search?: string;
	sortKey?: UserSortKey;
	sortOrder?: SortOrder;
	limit?: number;
	offset?: number;
}

/** Fields `PATCH /users/{id}` can change (already validated). */
export interface UserPatch {
	firstName?: string;
	lastName?: string;
	username?: string;
	disabled?: boolean;
	secondFactorPolicy?: SecondFactorPolicy;
	publicMetadata?: Json;
	privateMetadata?: Json;
	profilePictureUrl?: string;
}

/** sha256 hex of a backup code: what the store keeps instead of the code. */
export function hashBackupCode(code: string): string {
	return createHash('sha256').update(code, 'utf8').digest('hex');
}

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 12 codes `XXXX-XXXX` over [A-Za-z0-9]; crypto-random unless a seeded generator is given. */
export function generateBackupCodes(prng?: Prng): string[] {
	const char = () => CODE_ALPHABET[prng ? prng.int(0, 61) : randomInt(62)];
	const codes: string[] = [];
	for (let i = 0; i < 12; i++) {
		let code = '';
		for (let j = 0; j < 9; j++) code += j === 4 ? '-' : char();
		codes.push(code);
	}
	return codes;
}

function pushTo<T>(index: Map<string, T[]>, key: string, value: T): void {
	const list = index.get(key);
	if (list) list.push(value);
	else index.set(key, [value]);
}

const collator = new Intl.Collator('en');

/** ILIKE '%term%' as a RegExp: `%` any run, `_` any one character, `\` escapes the next character. */
export function ilikeContains(term: string): RegExp {
	const pattern = `%${term.toLowerCase()}%`;
	let re = '';
	const chars = [...pattern];
	for (let i = 0; i < chars.length; i++) {
		const c = chars[i] as string;
		if (c === '\\' && i + 1 < chars.length) {
			re += escapeRegExp(chars[++i] as string);
		} else if (c === '%') re += '.*';
		else if (c === '_') re += '.';
		else re += escapeRegExp(c);
	}
	return new RegExp(`^${re}$`, 'su');
}

function escapeRegExp(c: string): string {
	return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export class WachtStore {
	readonly deploymentId: string;
	/** Id generator: deterministic for the seed and the order of creation. */
	readonly ids: SnowflakeIds;
	/** The clock used for updated_at / deleted_at / expiry checks. Replace it in tests to freeze time. */
	clock: () => Micros = nowMicros;

	readonly users = new Map<string, UserRecord>();
	readonly emails = new Map<string, EmailRecord>();
	readonly phones = new Map<string, PhoneRecord>();
	readonly socialConnections = new Map<string, SocialConnectionRecord>();
	readonly signIns = new Map<string, SignInRecord>();
	readonly passkeys = new Map<string, PasskeyRecord>();
	readonly authenticators = new Map<string, AuthenticatorRecord>();
	readonly organizations = new Map<string, OrganizationRecord>();
	readonly workspaces = new Map<string, WorkspaceRecord>();
	readonly roles = new Map<string, RoleRecord>();
	readonly organizationMemberships = new Map<string, OrganizationMembershipRecord>();
	readonly workspaceMemberships = new Map<string, WorkspaceMembershipRecord>();

	private readonly emailsByUser = new Map<string, EmailRecord[]>();
	private readonly phonesByUser = new Map<string, PhoneRecord[]>();
	private readonly socialByUser = new Map<string, SocialConnectionRecord[]>();
	private readonly signInsByUser = new Map<string, SignInRecord[]>();
	private readonly passkeysByUser = new Map<string, PasskeyRecord[]>();
	private readonly authenticatorsByUser = new Map<string, AuthenticatorRecord[]>();
	private readonly backupCodes = new Map<string, string[]>();
	private readonly orgMembershipsByUser = new Map<string, OrganizationMembershipRecord[]>();
	private readonly wsMembershipsByUser = new Map<string, WorkspaceMembershipRecord[]>();
	private readonly searchText = new Map<string, string>();
	/** Parts of users built on first touch (see defer), in the order they were registered. */
	private readonly deferred = new Map<string, {ids: () => SnowflakeIds; build: () => void}>();
	/** Where new ids come from: `ids`, or a deferred part's own block while it is built. */
	private idSource: SnowflakeIds;

	constructor(opts: {seed?: number; deploymentId?: string} = {}) {
		this.ids = new SnowflakeIds(new Prng((opts.seed ?? 1) ^ 0x1d5));
		this.idSource = this.ids;
		this.deploymentId = opts.deploymentId ?? this.ids.next();
	}

	// ---------------------------------------------------------------- parts built on first touch

	/**
	 * Registers a part of a user's records (sign-ins, passkeys, MFA, …) that is built the first time anything
	 * reads or changes that user, with ids from what `ids` makes (a block of its own, SnowflakeIds.block), so the records
	 * are the same whenever, and in whatever order, users are touched. The seed uses it so that the demo opens
	 * without building 15,000 records nobody may look at. `build` must only add records for this user.
	 */
	defer(userId: string, ids: () => SnowflakeIds, build: () => void): void {
		this.requireUser(userId);
		if (this.deferred.has(userId)) throw new Error(`user ${userId} already has a deferred part`);
		this.deferred.set(userId, {ids, build});
	}

	/** Builds the user's deferred part now, if it has one still unbuilt. */
	private touch(userId: string): void {
		const part = this.deferred.get(userId);
		if (!part) return;
		this.deferred.delete(userId);
		const previous = this.idSource;
		this.idSource = part.ids();
		try {
			part.build();
		} finally {
			this.idSource = previous;
		}
	}

	/** Builds every deferred part: the state a store seeded eagerly holds. The maps above hold built parts only. */
	buildAll(): void {
		for (const userId of [...this.deferred.keys()]) this.touch(userId);
	}

	/** How many users still have an unbuilt part (tests, the bench). */
	get unbuiltCount(): number {
		return this.deferred.size;
	}

	// ---------------------------------------------------------------- readers

	user(userId: string): UserRecord | undefined {
		return this.users.get(userId);
	}

	/** By any of the user's email addresses, case-insensitive. */
	findUserByEmail(email: string): UserRecord | undefined {
		const wanted = email.trim().toLowerCase();
		for (const e of this.emails.values()) if (e.email.toLowerCase() === wanted) return this.users.get(e.userId);
		return undefined;
	}

	/** Like findUserByEmail but throws when missing (handy in tests). */
	userByEmail(email: string): UserRecord {
		const u = this.findUserByEmail(email);
		if (!u) throw new Error(`no simulated user with email ${email}`);
		return u;
	}

	emailsOf(userId: string): EmailRecord[] {
		return [...(this.emailsByUser.get(userId) ?? [])];
	}

	phonesOf(userId: string): PhoneRecord[] {
		return [...(this.phonesByUser.get(userId) ?? [])];
	}

	primaryEmail(userId: string): EmailRecord | undefined {
		const u = this.users.get(userId);
		return u?.primaryEmailId ? this.emails.get(u.primaryEmailId) : undefined;
	}

	primaryPhone(userId: string): PhoneRecord | undefined {
		const u = this.users.get(userId);
		return u?.primaryPhoneId ? this.phones.get(u.primaryPhoneId) : undefined;
	}

	/** Newest first (created_at DESC), as the server lists them. */
	socialConnectionsOf(userId: string): SocialConnectionRecord[] {
		this.touch(userId);
		return [...(this.socialByUser.get(userId) ?? [])].sort((a, b) => b.createdAt - a.createdAt);
	}

	/**
	 * Sign-ins of a user, newest activity first. By default every row not revoked, expired ones included;
	 * `includeExpired: false` keeps only the active ones; `includeRevoked: true` adds the revoked rows.
	 * Rows removed by disable/delete are gone for good.
	 */
	sessionsOf(userId: string, opts: {includeRevoked?: boolean; includeExpired?: boolean} = {}): SignInRecord[] {
		this.touch(userId);
		const now = this.clock();
		return (this.signInsByUser.get(userId) ?? [])
			.filter((s) => (opts.includeRevoked || s.deletedAt === null) && (opts.includeExpired !== false || s.expiresAt > now))
			.sort((a, b) => b.lastActiveAt - a.lastActiveAt);
	}

	/** Not revoked and not expired: what `GET /users/{id}/sessions` returns. */
	activeSessionsOf(userId: string): SignInRecord[] {
		return this.sessionsOf(userId, {includeExpired: false});
	}

	/** Not deleted, newest first. */
	passkeysOf(userId: string, opts: {includeDeleted?: boolean} = {}): PasskeyRecord[] {
		this.touch(userId);
		return (this.passkeysByUser.get(userId) ?? [])
			.filter((p) => opts.includeDeleted || p.deletedAt === null)
			.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
	}

	/** The active authenticator, if any (not readable through the API; tests only). */
	authenticatorOf(userId: string): AuthenticatorRecord | null {
		this.touch(userId);
		return (this.authenticatorsByUser.get(userId) ?? []).find((a) => a.deletedAt === null) ?? null;
	}

	authenticatorHistoryOf(userId: string): AuthenticatorRecord[] {
		this.touch(userId);
		return [...(this.authenticatorsByUser.get(userId) ?? [])];
	}

	backupCodeHashes(userId: string): string[] {
		this.touch(userId);
		return [...(this.backupCodes.get(userId) ?? [])];
	}

	hasBackupCodes(userId: string): boolean {
		this.touch(userId);
		return (this.backupCodes.get(userId)?.length ?? 0) > 0;
	}

	/** Newest first. */
	organizationMembershipsOf(userId: string): OrganizationMembershipRecord[] {
		return [...(this.orgMembershipsByUser.get(userId) ?? [])]
			.filter((m) => this.organizations.has(m.organizationId))
			.sort((a, b) => b.createdAt - a.createdAt);
	}

	/** Newest first. */
	workspaceMembershipsOf(userId: string): WorkspaceMembershipRecord[] {
		return [...(this.wsMembershipsByUser.get(userId) ?? [])]
			.filter((m) => this.workspaces.has(m.workspaceId))
			.sort((a, b) => b.createdAt - a.createdAt);
	}

	/** Roles of a membership, sorted by name (as the server does). */
	rolesOf(roleIds: readonly string[]): RoleRecord[] {
		return roleIds
			.map((id) => this.roles.get(id))
			.filter((r): r is RoleRecord => r !== undefined)
			.sort((a, b) => collator.compare(a.name, b.name));
	}

	organizationMemberCount(orgId: string): number {
		let n = 0;
		for (const m of this.organizationMemberships.values()) if (m.organizationId === orgId) n++;
		return n;
	}

	workspaceMemberCount(wsId: string): number {
		let n = 0;
		for (const m of this.workspaceMemberships.values()) if (m.workspaceId === wsId) n++;
		return n;
	}

	findOrganizationByName(name: string): OrganizationRecord | undefined {
		for (const o of this.organizations.values()) if (o.name === name) return o;
		return undefined;
	}

	findWorkspaceByName(orgId: string, name: string): WorkspaceRecord | undefined {
		for (const w of this.workspaces.values()) if (w.organizationId === orgId && w.name === name) return w;
		return undefined;
	}

	/** Org-specific role first, then the deployment-level template of that name. */
	findRole(scope: RoleScope, ownerId: string | null, name: string): RoleRecord | undefined {
		let template: RoleRecord | undefined;
		for (const r of this.roles.values()) {
			if (r.scope !== scope || r.name !== name) continue;
			if (!r.isDeploymentLevel && r.ownerId === ownerId) return r;
			if (r.isDeploymentLevel) template ??= r;
		}
		return template;
	}

	/** The lowercased text `GET /users?search=` matches against. */
	searchTextOf(userId: string): string {
		let text = this.searchText.get(userId);
		if (text === undefined) {
			const u = this.users.get(userId);
			if (!u) return '';
			const primary = this.primaryEmail(userId);
			const parts = [u.firstName, u.lastName, u.username, primary?.email ?? ''];
			for (const e of this.emailsByUser.get(userId) ?? []) parts.push(e.email);
			for (const p of this.phonesByUser.get(userId) ?? []) parts.push(p.phoneNumber, `${p.countryCode}${p.phoneNumber}`);
			text = parts.filter((p) => p !== '').join(' ').toLowerCase();
			this.searchText.set(userId, text);
		}
		return text;
	}

	/** `GET /users`: filter, sort, then fetch limit+1 rows to know whether another page exists. */
	listUsers(q: ListUsersQuery = {}): {rows: UserRecord[]; hasMore: boolean} {
		const limit = q.limit ?? 10;
		const offset = q.offset ?? 0;
		const term = (q.search ?? '').trim();
		let rows = [...this.users.values()];
		if (term !== '') {
			const re = ilikeContains(term);
			rows = rows.filter((u) => re.test(this.searchTextOf(u.id)));
		}
		const dir = q.sortOrder === 'asc' ? 1 : -1;
		const key = q.sortKey ?? 'created_at';
		const value = (u: UserRecord): string | number | null => {
			switch (key) {
				case 'created_at':
					return u.createdAt;
				case 'username':
					return u.username;
				case 'email':
					return this.primaryEmail(u.id)?.email ?? null;
				case 'phone_number': {
					const p = this.primaryPhone(u.id);
					return p ? `${p.countryCode}${p.phoneNumber}` : null;
				}
			}
		};
		const byId = (a: UserRecord, b: UserRecord) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0);
		rows.sort((a, b) => {
			const va = value(a);
			const vb = value(b);
			// Postgres: NULLs sort as larger than any value (last in ASC, first in DESC).
			let c: number;
			if (va === null || vb === null) c = va === vb ? 0 : va === null ? 1 : -1;
			else if (typeof va === 'number' && typeof vb === 'number') c = va - vb;
			else c = collator.compare(String(va), String(vb));
			return (c || byId(a, b)) * dir;
		});
		const page = rows.slice(offset, offset + limit + 1);
		return {rows: page.slice(0, limit), hasMore: page.length > limit};
	}

	// ---------------------------------------------------------------- builders (seed, data files)

	private claimId(id: string | undefined, taken: Map<string, unknown>): string {
		// Generated ids are decimal by construction: only a given one is checked (the seed claims ~6,000).
		if (id !== undefined && !/^\d+$/.test(id)) throw new Error(`id must be a decimal string, got ${JSON.stringify(id)}`);
		const value = id ?? this.idSource.next();
		if (taken.has(value)) throw new Error(`duplicate id ${value}`);
		return value;
	}

	addUser(input: Partial<UserRecord> & {firstName: string; lastName: string}): UserRecord {
		// The clock only when a time is missing: the seed gives both for 2,000 users.
		const createdAt = input.createdAt ?? this.clock();
		const u: UserRecord = {
			id: this.claimId(input.id, this.users),
			createdAt,
			updatedAt: input.updatedAt ?? createdAt,
			firstName: input.firstName,
			lastName: input.lastName,
			username: input.username ?? '',
			profilePictureUrl: input.profilePictureUrl ?? '',
			schemaVersion: input.schemaVersion ?? 'v2',
			disabled: input.disabled ?? false,
			secondFactorPolicy: input.secondFactorPolicy ?? 'optional',
			availability: input.availability ?? 'available',
			lastPasswordResetAt: input.lastPasswordResetAt ?? null,
			activeOrganizationMembershipId: input.activeOrganizationMembershipId ?? null,
			activeWorkspaceMembershipId: input.activeWorkspaceMembershipId ?? null,
			publicMetadata: input.publicMetadata ?? {},
			privateMetadata: input.privateMetadata ?? {},
			hasPassword: input.hasPassword ?? true,
			primaryEmailId: null,
			primaryPhoneId: null,
		};
		this.users.set(u.id, u);
		return u;
	}

	private requireUser(userId: string): UserRecord {
		const u = this.users.get(userId);
		if (!u) throw new Error(`unknown user ${userId}`);
		this.touch(userId);
		return u;
	}

	/** The first email added becomes primary unless `primary: false`; `primary: true` makes it primary. */
	addEmail(userId: string, input: Partial<Omit<EmailRecord, 'userId'>> & {email: string; primary?: boolean}): EmailRecord {
		const u = this.requireUser(userId);
		const createdAt = input.createdAt ?? u.createdAt;
		const verified = input.verified ?? true;
		const e: EmailRecord = {
			id: this.claimId(input.id, this.emails),
			createdAt,
			updatedAt: input.updatedAt ?? createdAt,
			userId,
			email: input.email,
			verified,
			verifiedAt: input.verifiedAt !== undefined ? input.verifiedAt : verified ? createdAt + 95_000_000 : null,
			verificationStrategy: input.verificationStrategy ?? 'otp',
		};
		this.emails.set(e.id, e);
		pushTo(this.emailsByUser, userId, e);
		if (input.primary === true || (input.primary === undefined && u.primaryEmailId === null)) u.primaryEmailId = e.id;
		this.searchText.delete(userId);
		return e;
	}

	addPhone(userId: string, input: Partial<Omit<PhoneRecord, 'userId'>> & {phoneNumber: string; countryCode: string; primary?: boolean}): PhoneRecord {
		const u = this.requireUser(userId);
		const createdAt = input.createdAt ?? u.createdAt;
		const verified = input.verified ?? true;
		const p: PhoneRecord = {
			id: this.claimId(input.id, this.phones),
			createdAt,
			updatedAt: input.updatedAt ?? createdAt,
			userId,
			phoneNumber: input.phoneNumber,
			countryCode: input.countryCode,
			verified,
			verifiedAt: input.verifiedAt !== undefined ? input.verifiedAt : verified ? createdAt + 70_000_000 : null,
		};
		this.phones.set(p.id, p);
		pushTo(this.phonesByUser, userId, p);
		if (input.primary === true || (input.primary === undefined && u.primaryPhoneId === null)) u.primaryPhoneId = p.id;
		this.searchText.delete(userId);
		return p;
	}

	addSocialConnection(
		userId: string,
		input: Partial<Omit<SocialConnectionRecord, 'userId'>> & {provider: string},
	): SocialConnectionRecord {
		const u = this.requireUser(userId);
		const email = (input.userEmailAddressId ? this.emails.get(input.userEmailAddressId) : undefined) ?? this.primaryEmail(userId);
		const createdAt = input.createdAt ?? u.createdAt;
		const s: SocialConnectionRecord = {
			id: this.claimId(input.id, this.socialConnections),
			createdAt,
			updatedAt: input.updatedAt ?? createdAt,
			userId,
			userEmailAddressId: input.userEmailAddressId ?? email?.id ?? '0',
			provider: input.provider,
			emailAddress: input.emailAddress ?? email?.email ?? '',
			accessToken: input.accessToken ?? '',
			refreshToken: input.refreshToken ?? '',
		};
		this.socialConnections.set(s.id, s);
		pushTo(this.socialByUser, userId, s);
		return s;
	}

	addSignIn(userId: string, input: Partial<Omit<SignInRecord, 'userId'>> & {createdAt: Micros; expiresAt: Micros}): SignInRecord {
		this.requireUser(userId);
		const s: SignInRecord = {
			id: this.claimId(input.id, this.signIns),
			createdAt: input.createdAt,
			updatedAt: input.updatedAt ?? input.lastActiveAt ?? input.createdAt,
			sessionId: input.sessionId ?? this.idSource.next(),
			userId,
			activeOrganizationMembershipId: input.activeOrganizationMembershipId ?? null,
			activeWorkspaceMembershipId: input.activeWorkspaceMembershipId ?? null,
			expiresAt: input.expiresAt,
			lastActiveAt: input.lastActiveAt ?? input.createdAt,
			ipAddress: input.ipAddress ?? '',
			browser: input.browser ?? '',
			device: input.device ?? '',
			city: input.city ?? '',
			region: input.region ?? '',
			regionCode: input.regionCode ?? '',
			country: input.country ?? '',
			countryCode: input.countryCode ?? '',
			deletedAt: input.deletedAt ?? null,
		};
		this.signIns.set(s.id, s);
		pushTo(this.signInsByUser, userId, s);
		return s;
	}

	addPasskey(userId: string, input: Partial<Omit<PasskeyRecord, 'userId'>> & {name: string}): PasskeyRecord {
		const u = this.requireUser(userId);
		const createdAt = input.createdAt !== undefined ? input.createdAt : u.createdAt;
		const p: PasskeyRecord = {
			id: this.claimId(input.id, this.passkeys),
			createdAt,
			updatedAt: input.updatedAt !== undefined ? input.updatedAt : createdAt,
			userId,
			name: input.name,
			signCount: input.signCount ?? 0,
			transports: input.transports !== undefined ? input.transports : ['internal'],
			lastUsedAt: input.lastUsedAt ?? null,
			backedUp: input.backedUp !== undefined ? input.backedUp : false,
			deviceType: input.deviceType !== undefined ? input.deviceType : 'single_device',
			deletedAt: input.deletedAt ?? null,
		};
		this.passkeys.set(p.id, p);
		pushTo(this.passkeysByUser, userId, p);
		return p;
	}

	addAuthenticator(userId: string, input: {id?: string; secret: string; otpUrl: string; createdAt?: Micros}): AuthenticatorRecord {
		this.requireUser(userId);
		const createdAt = input.createdAt ?? this.clock();
		const a: AuthenticatorRecord = {
			id: this.claimId(input.id, this.authenticators),
			createdAt,
			updatedAt: createdAt,
			userId,
			secret: input.secret,
			otpUrl: input.otpUrl,
			deletedAt: null,
		};
		this.authenticators.set(a.id, a);
		pushTo(this.authenticatorsByUser, userId, a);
		return a;
	}

	/** Replaces the user's backup codes with these (stored as hashes). */
	setBackupCodes(userId: string, codes: readonly string[]): void {
		this.requireUser(userId);
		this.backupCodes.set(userId, codes.map(hashBackupCode));
	}

	addOrganization(input: Partial<OrganizationRecord> & {name: string}): OrganizationRecord {
		const now = this.clock();
		const createdAt = input.createdAt ?? now;
		const o: OrganizationRecord = {
			id: this.claimId(input.id, this.organizations),
			createdAt,
			updatedAt: input.updatedAt ?? createdAt,
			name: input.name,
			imageUrl: input.imageUrl ?? '',
			description: input.description ?? '',
			publicMetadata: input.publicMetadata ?? {},
			privateMetadata: input.privateMetadata ?? {},
		};
		this.organizations.set(o.id, o);
		return o;
	}

	addWorkspace(input: Partial<WorkspaceRecord> & {name: string; organizationId: string}): WorkspaceRecord {
		if (!this.organizations.has(input.organizationId)) throw new Error(`unknown organization ${input.organizationId}`);
		const now = this.clock();
		const createdAt = input.createdAt ?? now;
		const w: WorkspaceRecord = {
			id: this.claimId(input.id, this.workspaces),
			createdAt,
			updatedAt: input.updatedAt ?? createdAt,
			organizationId: input.organizationId,
			name: input.name,
			imageUrl: input.imageUrl ?? '',
			description: input.description ?? '',
			publicMetadata: input.publicMetadata ?? {},
			privateMetadata: input.privateMetadata ?? {},
		};
		this.workspaces.set(w.id, w);
		return w;
	}

	addRole(input: Partial<RoleRecord> & {name: string; scope: RoleScope; permissions: string[]}): RoleRecord {
		const now = this.clock();
		const createdAt = input.createdAt ?? now;
		const ownerId = input.ownerId ?? null;
		const r: RoleRecord = {
			id: this.claimId(input.id, this.roles),
			createdAt,
			updatedAt: input.updatedAt ?? createdAt,
			name: input.name,
			permissions: [...input.permissions],
			isDeploymentLevel: input.isDeploymentLevel ?? ownerId === null,
			scope: input.scope,
			ownerId,
		};
		this.roles.set(r.id, r);
		return r;
	}

	addOrganizationMembership(input: {
		id?: string;
		userId: string;
		organizationId: string;
		roleIds: string[];
		createdAt?: Micros;
		publicMetadata?: Json;
	}): OrganizationMembershipRecord {
		const u = this.requireUser(input.userId);
		if (!this.organizations.has(input.organizationId)) throw new Error(`unknown organization ${input.organizationId}`);
		const createdAt = input.createdAt ?? u.createdAt;
		const m: OrganizationMembershipRecord = {
			id: this.claimId(input.id, this.organizationMemberships),
			createdAt,
			updatedAt: createdAt,
			organizationId: input.organizationId,
			userId: input.userId,
			publicMetadata: input.publicMetadata ?? {},
			roleIds: [...input.roleIds],
		};
		this.organizationMemberships.set(m.id, m);
		pushTo(this.orgMembershipsByUser, input.userId, m);
		return m;
	}

	addWorkspaceMembership(input: {
		id?: string;
		userId: string;
		workspaceId: string;
		organizationMembershipId: string;
		roleIds: string[];
		createdAt?: Micros;
		publicMetadata?: Json;
	}): WorkspaceMembershipRecord {
		const u = this.requireUser(input.userId);
		const ws = this.workspaces.get(input.workspaceId);
		if (!ws) throw new Error(`unknown workspace ${input.workspaceId}`);
		const createdAt = input.createdAt ?? u.createdAt;
		const m: WorkspaceMembershipRecord = {
			id: this.claimId(input.id, this.workspaceMemberships),
			createdAt,
			updatedAt: createdAt,
			workspaceId: ws.id,
			organizationId: ws.organizationId,
			organizationMembershipId: input.organizationMembershipId,
			userId: input.userId,
			publicMetadata: input.publicMetadata ?? {},
			roleIds: [...input.roleIds],
		};
		this.workspaceMemberships.set(m.id, m);
		pushTo(this.wsMembershipsByUser, input.userId, m);
		return m;
	}

	// ---------------------------------------------------------------- mutations (API semantics)

	/** Soft-deletes one sign-in. false when missing, already revoked, or another user's. Expired rows can be revoked. */
	revokeSignIn(userId: string, signInId: string): boolean {
		this.touch(userId);
		const s = this.signIns.get(signInId);
		if (!s || s.userId !== userId || s.deletedAt !== null) return false;
		const now = this.clock();
		s.deletedAt = now;
		s.updatedAt = now;
		return true;
	}

	/** Soft-deletes every unrevoked sign-in, expired ones included; returns how many. */
	revokeAllSignIns(userId: string): number {
		this.touch(userId);
		const now = this.clock();
		let n = 0;
		for (const s of this.signInsByUser.get(userId) ?? []) {
			if (s.deletedAt !== null) continue;
			s.deletedAt = now;
			s.updatedAt = now;
			n++;
		}
		return n;
	}

	/** Hard delete (what disabling a user does): the rows vanish, revoked ones too. Returns how many. */
	deleteAllSignIns(userId: string): number {
		this.touch(userId);
		const list = this.signInsByUser.get(userId) ?? [];
		for (const s of list) this.signIns.delete(s.id);
		this.signInsByUser.delete(userId);
		return list.length;
	}

	private livePasskey(userId: string, passkeyId: string): PasskeyRecord | undefined {
		this.touch(userId);
		const p = this.passkeys.get(passkeyId);
		return p && p.userId === userId && p.deletedAt === null ? p : undefined;
	}

	renamePasskey(userId: string, passkeyId: string, name: string): boolean {
		const p = this.livePasskey(userId, passkeyId);
		if (!p) return false;
		p.name = name;
		p.updatedAt = this.clock();
		return true;
	}

	deletePasskey(userId: string, passkeyId: string): boolean {
		const p = this.livePasskey(userId, passkeyId);
		if (!p) return false;
		const now = this.clock();
		p.deletedAt = now;
		p.updatedAt = now;
		return true;
	}

	/** Soft-deletes the active authenticator(s); false when there is none. */
	deleteAuthenticator(userId: string): boolean {
		this.touch(userId);
		const now = this.clock();
		let any = false;
		for (const a of this.authenticatorsByUser.get(userId) ?? []) {
			if (a.deletedAt !== null) continue;
			a.deletedAt = now;
			a.updatedAt = now;
			any = true;
		}
		return any;
	}

	/** New crypto-random codes replacing all previous ones; null for an unknown user. */
	regenerateBackupCodes(userId: string): string[] | null {
		this.touch(userId);
		if (!this.users.has(userId)) return null;
		const codes = generateBackupCodes();
		this.setBackupCodes(userId, codes);
		return codes;
	}

	/** Applies an already validated patch. Disabling hard-deletes every sign-in of the user. */
	updateUser(userId: string, patch: UserPatch): UserRecord | undefined {
		this.touch(userId);
		const u = this.users.get(userId);
		if (!u) return undefined;
		if (patch.firstName !== undefined) u.firstName = patch.firstName;
		if (patch.lastName !== undefined) u.lastName = patch.lastName;
		if (patch.username !== undefined) u.username = patch.username;
		if (patch.secondFactorPolicy !== undefined) u.secondFactorPolicy = patch.secondFactorPolicy;
		if (patch.publicMetadata !== undefined) u.publicMetadata = patch.publicMetadata;
		if (patch.privateMetadata !== undefined) u.privateMetadata = patch.privateMetadata;
		if (patch.profilePictureUrl !== undefined) u.profilePictureUrl = patch.profilePictureUrl;
		if (patch.disabled !== undefined) {
			u.disabled = patch.disabled;
			if (patch.disabled) this.deleteAllSignIns(userId);
		}
		u.updatedAt = this.clock();
		this.searchText.delete(userId);
		return u;
	}

	setPassword(userId: string): boolean {
		this.touch(userId);
		const u = this.users.get(userId);
		if (!u) return false;
		u.hasPassword = true;
		u.lastPasswordResetAt = this.clock();
		u.updatedAt = u.lastPasswordResetAt;
		return true;
	}

	removePassword(userId: string): boolean {
		this.touch(userId);
		const u = this.users.get(userId);
		if (!u) return false;
		u.hasPassword = false;
		u.updatedAt = this.clock();
		return true;
	}

	/**
	 * `POST /users/{id}/emails`: 'no-user' is the server's foreign-key violation, 'taken' its unique violation (an
	 * address another row of the deployment holds). `isPrimary` moves the primary mark to it.
	 */
	createEmail(userId: string, input: {email: string; verified: boolean; isPrimary: boolean}): EmailRecord | 'no-user' | 'taken' {
		this.touch(userId);
		const u = this.users.get(userId);
		if (!u) return 'no-user';
		if (this.findUserByEmail(input.email)) return 'taken';
		const now = this.clock();
		const e = this.addEmail(userId, {email: input.email, verified: input.verified, verifiedAt: now, createdAt: now, primary: input.isPrimary});
		u.updatedAt = now;
		return e;
	}

	/** `PATCH /users/{id}/emails/{email_id}`: undefined when the user has no such email (404). */
	updateEmail(userId: string, emailId: string, patch: {email?: string; verified?: boolean; isPrimary?: boolean}): EmailRecord | undefined {
		this.touch(userId);
		const e = this.emails.get(emailId);
		if (!e || e.userId !== userId) return undefined;
		const now = this.clock();
		if (patch.email !== undefined) e.email = patch.email;
		if (patch.verified !== undefined) {
			e.verified = patch.verified;
			if (patch.verified) e.verifiedAt = now;
		}
		if (patch.isPrimary === true) this.requireUser(userId).primaryEmailId = e.id;
		e.updatedAt = now;
		this.searchText.delete(userId);
		return e;
	}

	/** `POST …/make-primary`: the email must be verified. */
	makeEmailPrimary(userId: string, emailId: string): 'ok' | 'missing' | 'unverified' {
		this.touch(userId);
		const e = this.emails.get(emailId);
		if (!e || e.userId !== userId) return 'missing';
		if (!e.verified) return 'unverified';
		const u = this.requireUser(userId);
		u.primaryEmailId = e.id;
		u.updatedAt = e.updatedAt = this.clock();
		return 'ok';
	}

	/**
	 * `DELETE /users/{id}/emails/{email_id}`: the social connections signed in through that address go with it; no row
	 * check (the server answers 200 whether or not it existed). Returns whether anything was deleted.
	 */
	deleteEmail(userId: string, emailId: string): boolean {
		this.touch(userId);
		const e = this.emails.get(emailId);
		if (!e || e.userId !== userId) return false;
		for (const s of this.socialByUser.get(userId) ?? []) if (s.userEmailAddressId === emailId) this.deleteSocialConnection(userId, s.id);
		this.emails.delete(emailId);
		this.emailsByUser.set(
			userId,
			(this.emailsByUser.get(userId) ?? []).filter((x) => x.id !== emailId),
		);
		const u = this.requireUser(userId);
		if (u.primaryEmailId === emailId) u.primaryEmailId = null;
		u.updatedAt = this.clock();
		this.searchText.delete(userId);
		return true;
	}

	/** `POST /users/{id}/phones`: null for an unknown user (the server's foreign-key violation). */
	createPhone(userId: string, input: {phoneNumber: string; countryCode: string; verified: boolean; isPrimary: boolean}): PhoneRecord | null {
		this.touch(userId);
		const u = this.users.get(userId);
		if (!u) return null;
		const now = this.clock();
		const p = this.addPhone(userId, {...input, verifiedAt: input.verified ? now : null, createdAt: now, primary: input.isPrimary});
		u.updatedAt = now;
		return p;
	}

	updatePhone(userId: string, phoneId: string, patch: {phoneNumber?: string; countryCode?: string; verified?: boolean; isPrimary?: boolean}): PhoneRecord | undefined {
		this.touch(userId);
		const p = this.phones.get(phoneId);
		if (!p || p.userId !== userId) return undefined;
		const now = this.clock();
		if (patch.phoneNumber !== undefined) p.phoneNumber = patch.phoneNumber;
		if (patch.countryCode !== undefined) p.countryCode = patch.countryCode;
		if (patch.verified !== undefined) {
			p.verified = patch.verified;
			if (patch.verified) p.verifiedAt = now;
		}
		if (patch.isPrimary === true) this.requireUser(userId).primaryPhoneId = p.id;
		p.updatedAt = now;
		this.searchText.delete(userId);
		return p;
	}

	makePhonePrimary(userId: string, phoneId: string): 'ok' | 'missing' | 'unverified' {
		this.touch(userId);
		const p = this.phones.get(phoneId);
		if (!p || p.userId !== userId) return 'missing';
		if (!p.verified) return 'unverified';
		const u = this.requireUser(userId);
		u.primaryPhoneId = p.id;
		u.updatedAt = this.clock();
		return 'ok';
	}

	deletePhone(userId: string, phoneId: string): boolean {
		this.touch(userId);
		const p = this.phones.get(phoneId);
		if (!p || p.userId !== userId) return false;
		this.phones.delete(phoneId);
		this.phonesByUser.set(
			userId,
			(this.phonesByUser.get(userId) ?? []).filter((x) => x.id !== phoneId),
		);
		const u = this.requireUser(userId);
		if (u.primaryPhoneId === phoneId) u.primaryPhoneId = null;
		u.updatedAt = this.clock();
		this.searchText.delete(userId);
		return true;
	}

	deleteSocialConnection(userId: string, connectionId: string): boolean {
		this.touch(userId);
		const s = this.socialConnections.get(connectionId);
		if (!s || s.userId !== userId) return false;
		this.socialConnections.delete(connectionId);
		const list = this.socialByUser.get(userId) ?? [];
		this.socialByUser.set(
			userId,
			list.filter((x) => x.id !== connectionId),
		);
		return true;
	}

	/** Hard delete of the user and everything of theirs. */
	deleteUser(userId: string): boolean {
		this.touch(userId);
		if (!this.users.delete(userId)) return false;
		const drop = <T extends {id: string}>(byUser: Map<string, T[]>, all: Map<string, T>) => {
			for (const r of byUser.get(userId) ?? []) all.delete(r.id);
			byUser.delete(userId);
		};
		drop(this.emailsByUser, this.emails);
		drop(this.phonesByUser, this.phones);
		drop(this.socialByUser, this.socialConnections);
		drop(this.signInsByUser, this.signIns);
		drop(this.passkeysByUser, this.passkeys);
		drop(this.authenticatorsByUser, this.authenticators);
		drop(this.orgMembershipsByUser, this.organizationMemberships);
		drop(this.wsMembershipsByUser, this.workspaceMemberships);
		this.backupCodes.delete(userId);
		this.searchText.delete(userId);
		return true;
	}

	/** Username uniqueness check for PATCH (case-insensitive). */
	usernameTaken(username: string, exceptUserId: string): boolean {
		const wanted = username.toLowerCase();
		for (const u of this.users.values()) if (u.id !== exceptUserId && u.username.toLowerCase() === wanted) return true;
		return false;
	}
}
