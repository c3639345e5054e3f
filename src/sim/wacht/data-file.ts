/**
 * The `--data FILE` format: a JSON document describing the users (and orgs) to serve instead of seeded ones.
 * Written by hand, so nearly everything is optional:
 *   - ids are generated (deterministically for the seed) when left out; when given they must be decimal strings;
 *   - times are RFC 3339 ("2026-03-11T09:14:02Z") or relative to the simulator's start:
 *     "now", "-2h", "+30d", "-15m", "-90s", "-1w";
 *   - roles default to the deployment-level templates admin/member/billing (organizations) and
 *     admin/editor/viewer (workspaces).
 *
 * Example (a complete file):
 *
 *   {
 *     "organizations": [
 *       {"name": "Northwind Ltd", "description": "Importer",
 *        "roles": [{"name": "auditor", "permissions": ["org:read", "org:audit_logs:read"]}],
 *        "workspaces": [{"name": "Support", "description": "Tier-2 support"}]}
 *     ],
 *     "users": [
 *       {"first_name": "Jane", "last_name": "Okafor", "username": "jokafor", "created_at": "-90d",
 *        "emails": ["jane.okafor@example.test", {"email": "jane@okafor.example", "verified": false}],
 *        "phones": ["+1 5550100123"],
 *        "second_factor_policy": "optional",
 *        "sessions": [
 *          {"browser": "Chrome", "device": "Mac", "city": "Lisbon", "ip_address": "203.0.113.24",
 *           "created_at": "-2d", "last_active_at": "-5m"},
 *          {"browser": "Edge", "device": "Other", "expired": true},
 *          {"browser": "Firefox", "repeat": 50}
 *        ],
 *        "passkeys": [{"name": "YubiKey 5C", "transports": ["usb", "nfc"], "device_type": "single_device"}],
 *        "authenticator": true,
 *        "backup_codes": true,
 *        "social_connections": [{"provider": "github_oauth", "access_token": "gho_x", "refresh_token": ""}],
 *        "memberships": [{"organization": "Northwind Ltd", "roles": ["admin"],
 *                         "workspaces": [{"workspace": "Support", "roles": ["editor"]}]}]},
 *       {"first_name": "Dana", "last_name": "Whitfield", "emails": ["dana@example.test"], "disabled": true}
 *     ]
 *   }
 *
 * Field reference (all snake_case, like the wire format):
 *   top level   deployment_id?, roles?: {organization?: Role[], workspace?: Role[]}, organizations?: Org[], users: User[]
 *   Role        id?, name, permissions?: string[]
 *   Org         id?, name, description?, image_url?, created_at?, public_metadata?, private_metadata?, roles?: Role[],
 *               workspaces?: [{id?, name, description?, image_url?, created_at?, roles?: Role[]}]
 *   User        id?, first_name, last_name?, username?, created_at? ("-30d"), updated_at?, disabled?, has_password? (true),
 *               second_factor_policy? ("optional"), profile_picture_url?, schema_version?, public_metadata?,
 *               private_metadata?, last_password_reset_at?,
 *               emails?: (string | {id?, email, verified? (true), primary?, verification_strategy?, created_at?})[]
 *                        — the first is primary unless another says "primary": true,
 *               phones?: ("+CC NUMBER" | {id?, country_code, number, verified?, primary?, created_at?})[],
 *               sessions?: Session[], passkeys?: Passkey[],
 *               authenticator?: boolean | {secret?: base32, created_at?},
 *               backup_codes?: boolean | string[] (plaintext "XXXX-XXXX"; only hashes are kept),
 *               social_connections?: [{id?, provider, email_address?, access_token?, refresh_token?, created_at?}],
 *               memberships?: [{organization: name-or-id, roles? (["member"]), created_at?, active?,
 *                               workspaces?: [{workspace: name-or-id, roles? (["viewer"]), created_at?}]}]
 *   Session     id?, session_id?, created_at? ("-1h"), last_active_at? (= created_at), expires_at? (created_at + 30d),
 *               expired? (shorthand: created 40 days ago, so already expired), revoked? (soft-deleted),
 *               ip_address?, browser?, device?, city? (a known city fills region/country), region?, region_code?,
 *               country?, country_code?, organization? (name or id of one of the user's memberships),
 *               repeat? (add this many copies, ids generated)
 *   Passkey     id?, name, transports? (["internal"]; null allowed), device_type? ("single_device"; null allowed),
 *               backed_up?, sign_count?, created_at?, last_used_at?, deleted?
 */
import {isObj, readJsonDataFile, shapeChecks, type Obj} from '../shared/data-file.js';
import {Prng, BASE32} from '../shared/prng.js';
import {base32ByteLength, DEFAULT_ISSUER, normalizeTotpSecret, otpUrl} from './mfa.js';
import {city as seedCity} from './seed.js';
import {SECOND_FACTOR_POLICIES, generateBackupCodes, type Json, type OrganizationMembershipRecord, type SecondFactorPolicy, WachtStore} from './store.js';
import {nowMicros, parseTime, US_PER_DAY, US_PER_H, type Micros} from './time.js';

export interface DataRole {
	id?: string;
	name: string;
	permissions?: string[];
}

export interface DataWorkspace {
	id?: string;
	name: string;
	description?: string;
	image_url?: string;
	created_at?: string;
	roles?: DataRole[];
}

export interface DataOrganization {
	id?: string;
	name: string;
	description?: string;
	image_url?: string;
	created_at?: string;
	public_metadata?: Json;
	private_metadata?: Json;
	roles?: DataRole[];
	workspaces?: DataWorkspace[];
}

export interface DataEmail {
	id?: string;
	email: string;
	verified?: boolean;
	primary?: boolean;
	verification_strategy?: string;
	created_at?: string;
}

export interface DataPhone {
	id?: string;
	country_code: string;
	number: string;
	verified?: boolean;
	primary?: boolean;
	created_at?: string;
}

export interface DataSession {
	id?: string;
	session_id?: string;
	created_at?: string;
	last_active_at?: string;
	expires_at?: string;
	expired?: boolean;
	revoked?: boolean;
	ip_address?: string;
	browser?: string;
	device?: string;
	city?: string;
	region?: string;
	region_code?: string;
	country?: string;
	country_code?: string;
	organization?: string;
	repeat?: number;
}

export interface DataPasskey {
	id?: string;
	name: string;
	transports?: string[] | null;
	device_type?: string | null;
	backed_up?: boolean | null;
	sign_count?: number;
	created_at?: string;
	last_used_at?: string;
	deleted?: boolean;
}

export interface DataSocialConnection {
	id?: string;
	provider: string;
	email_address?: string;
	access_token?: string;
	refresh_token?: string;
	created_at?: string;
}

export interface DataMembership {
	organization: string;
	roles?: string[];
	created_at?: string;
	active?: boolean;
	workspaces?: {workspace: string; roles?: string[]; created_at?: string}[];
}

export interface DataUser {
	id?: string;
	first_name: string;
	last_name?: string;
	username?: string;
	created_at?: string;
	updated_at?: string;
	disabled?: boolean;
	has_password?: boolean;
	second_factor_policy?: SecondFactorPolicy;
	profile_picture_url?: string;
	schema_version?: 'v1' | 'v2';
	public_metadata?: Json;
	private_metadata?: Json;
	last_password_reset_at?: string;
	emails?: (string | DataEmail)[];
	phones?: (string | DataPhone)[];
	sessions?: DataSession[];
	passkeys?: DataPasskey[];
	authenticator?: boolean | {secret?: string; created_at?: string};
	backup_codes?: boolean | string[];
	social_connections?: DataSocialConnection[];
	memberships?: DataMembership[];
}

export interface WachtDataFile {
	deployment_id?: string;
	roles?: {organization?: DataRole[]; workspace?: DataRole[]};
	organizations?: DataOrganization[];
	users: DataUser[];
}

export class DataFileError extends Error {
	override name = 'DataFileError';
}

const DEFAULT_ORG_ROLES: DataRole[] = [
	{name: 'admin', permissions: ['org:read', 'org:update', 'org:delete', 'org:members:read', 'org:members:invite', 'org:members:remove', 'org:roles:manage', 'org:billing:read', 'org:billing:manage']},
	{name: 'member', permissions: ['org:read', 'org:members:read']},
	{name: 'billing', permissions: ['org:read', 'org:billing:read', 'org:billing:manage']},
];
const DEFAULT_WORKSPACE_ROLES: DataRole[] = [
	{name: 'admin', permissions: ['workspace:read', 'workspace:update', 'workspace:members:manage']},
	{name: 'editor', permissions: ['workspace:read', 'workspace:write']},
	{name: 'viewer', permissions: ['workspace:read']},
];

/** Reads and parses a data file; errors name the file. */
export async function readWachtDataFile(path: string): Promise<WachtDataFile> {
	return readJsonDataFile(path, validateDataFile, DataFileError);
}

// ---------------------------------------------------------------- validation


const {expectObj, expectArray, requireString} = shapeChecks(DataFileError);

function checkTypes(o: Obj, at: string, spec: Record<string, 'string' | 'boolean' | 'number' | 'object' | 'string[]' | 'id'>): void {
	for (const [key, type] of Object.entries(spec)) {
		const v = o[key];
		if (v === undefined) continue;
		const bad = () => new DataFileError(`${at}.${key}: expected ${type === 'id' ? 'a decimal id string' : type}`);
		switch (type) {
			case 'id':
				if (typeof v !== 'string' || !/^\d+$/.test(v)) throw bad();
				break;
			case 'string[]':
				if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw bad();
				break;
			case 'object':
				if (!isObj(v)) throw bad();
				break;
			default:
				if (typeof v !== type) throw bad();
		}
	}
}

/** Checks the shape of a parsed data file and returns it typed. Throws DataFileError naming the bad field. */
export function validateDataFile(value: unknown): WachtDataFile {
	const root = expectObj(value, '(root)');
	checkTypes(root, '(root)', {deployment_id: 'id'});
	if (!Array.isArray(root['users'])) throw new DataFileError('users: required (an array)');
	const roleList = (list: unknown, at: string) =>
		expectArray(list, at).forEach((r, i) => {
			const o = expectObj(r, `${at}[${i}]`);
			requireString(o, 'name', `${at}[${i}]`);
			checkTypes(o, `${at}[${i}]`, {id: 'id', permissions: 'string[]'});
		});
	if (root['roles'] !== undefined) {
		const roles = expectObj(root['roles'], 'roles');
		roleList(roles['organization'], 'roles.organization');
		roleList(roles['workspace'], 'roles.workspace');
	}
	expectArray(root['organizations'], 'organizations').forEach((org, i) => {
		const at = `organizations[${i}]`;
		const o = expectObj(org, at);
		requireString(o, 'name', at);
		checkTypes(o, at, {id: 'id', description: 'string', image_url: 'string', created_at: 'string', public_metadata: 'object', private_metadata: 'object'});
		roleList(o['roles'], `${at}.roles`);
		expectArray(o['workspaces'], `${at}.workspaces`).forEach((ws, j) => {
			const wat = `${at}.workspaces[${j}]`;
			const w = expectObj(ws, wat);
			requireString(w, 'name', wat);
			checkTypes(w, wat, {id: 'id', description: 'string', image_url: 'string', created_at: 'string'});
			roleList(w['roles'], `${wat}.roles`);
		});
	});
	(root['users'] as unknown[]).forEach((user, i) => {
		const at = `users[${i}]`;
		const u = expectObj(user, at);
		requireString(u, 'first_name', at);
		checkTypes(u, at, {
			id: 'id',
			last_name: 'string',
			username: 'string',
			created_at: 'string',
			updated_at: 'string',
			disabled: 'boolean',
			has_password: 'boolean',
			second_factor_policy: 'string',
			profile_picture_url: 'string',
			schema_version: 'string',
			public_metadata: 'object',
			private_metadata: 'object',
			last_password_reset_at: 'string',
		});
		const policy = u['second_factor_policy'];
		if (policy !== undefined && !(SECOND_FACTOR_POLICIES as readonly unknown[]).includes(policy)) {
			throw new DataFileError(`${at}.second_factor_policy: expected one of ${SECOND_FACTOR_POLICIES.join(', ')}`);
		}
		if (u['schema_version'] !== undefined && u['schema_version'] !== 'v1' && u['schema_version'] !== 'v2') throw new DataFileError(`${at}.schema_version: expected "v1" or "v2"`);
		expectArray(u['emails'], `${at}.emails`).forEach((e, j) => {
			if (typeof e === 'string') return;
			const eo = expectObj(e, `${at}.emails[${j}]`);
			requireString(eo, 'email', `${at}.emails[${j}]`);
			checkTypes(eo, `${at}.emails[${j}]`, {id: 'id', verified: 'boolean', primary: 'boolean', verification_strategy: 'string', created_at: 'string'});
		});
		expectArray(u['phones'], `${at}.phones`).forEach((p, j) => {
			if (typeof p === 'string') {
				if (!/^\+\d{1,4} \d{3,15}$/.test(p.trim())) throw new DataFileError(`${at}.phones[${j}]: expected "+CC NUMBER" (e.g. "+1 5550100123") or an object`);
				return;
			}
			const po = expectObj(p, `${at}.phones[${j}]`);
			requireString(po, 'country_code', `${at}.phones[${j}]`);
			requireString(po, 'number', `${at}.phones[${j}]`);
			checkTypes(po, `${at}.phones[${j}]`, {id: 'id', verified: 'boolean', primary: 'boolean', created_at: 'string'});
		});
		expectArray(u['sessions'], `${at}.sessions`).forEach((s, j) => {
			const so = expectObj(s, `${at}.sessions[${j}]`);
			checkTypes(so, `${at}.sessions[${j}]`, {
				id: 'id',
				session_id: 'id',
				created_at: 'string',
				last_active_at: 'string',
				expires_at: 'string',
				expired: 'boolean',
				revoked: 'boolean',
				ip_address: 'string',
				browser: 'string',
				device: 'string',
				city: 'string',
				region: 'string',
				region_code: 'string',
				country: 'string',
				country_code: 'string',
				organization: 'string',
				repeat: 'number',
			});
			if (so['repeat'] !== undefined && (!Number.isInteger(so['repeat']) || (so['repeat'] as number) < 1)) throw new DataFileError(`${at}.sessions[${j}].repeat: expected a positive integer`);
			if (so['repeat'] !== undefined && so['id'] !== undefined && so['repeat'] !== 1) throw new DataFileError(`${at}.sessions[${j}]: "id" and "repeat" cannot be combined`);
		});
		expectArray(u['passkeys'], `${at}.passkeys`).forEach((p, j) => {
			const po = expectObj(p, `${at}.passkeys[${j}]`);
			requireString(po, 'name', `${at}.passkeys[${j}]`);
			checkTypes(po, `${at}.passkeys[${j}]`, {id: 'id', sign_count: 'number', created_at: 'string', last_used_at: 'string', deleted: 'boolean'});
			if (po['transports'] !== undefined && po['transports'] !== null) checkTypes(po, `${at}.passkeys[${j}]`, {transports: 'string[]'});
			if (po['device_type'] !== undefined && po['device_type'] !== null) checkTypes(po, `${at}.passkeys[${j}]`, {device_type: 'string'});
			if (po['backed_up'] !== undefined && po['backed_up'] !== null) checkTypes(po, `${at}.passkeys[${j}]`, {backed_up: 'boolean'});
		});
		const auth = u['authenticator'];
		if (auth !== undefined && typeof auth !== 'boolean') {
			const ao = expectObj(auth, `${at}.authenticator`);
			checkTypes(ao, `${at}.authenticator`, {secret: 'string', created_at: 'string'});
			if (typeof ao['secret'] === 'string') {
				const bytes = base32ByteLength(normalizeTotpSecret(ao['secret']));
				if (bytes === null || bytes < 16) throw new DataFileError(`${at}.authenticator.secret: expected base32 of at least 16 bytes (26+ characters)`);
			}
		}
		const codes = u['backup_codes'];
		if (codes !== undefined && typeof codes !== 'boolean') checkTypes(u, at, {backup_codes: 'string[]'});
		expectArray(u['social_connections'], `${at}.social_connections`).forEach((s, j) => {
			const so = expectObj(s, `${at}.social_connections[${j}]`);
			requireString(so, 'provider', `${at}.social_connections[${j}]`);
			checkTypes(so, `${at}.social_connections[${j}]`, {id: 'id', email_address: 'string', access_token: 'string', refresh_token: 'string', created_at: 'string'});
		});
		expectArray(u['memberships'], `${at}.memberships`).forEach((m, j) => {
			const mat = `${at}.memberships[${j}]`;
			const mo = expectObj(m, mat);
			requireString(mo, 'organization', mat);
			checkTypes(mo, mat, {roles: 'string[]', created_at: 'string', active: 'boolean'});
			expectArray(mo['workspaces'], `${mat}.workspaces`).forEach((w, k) => {
				const wo = expectObj(w, `${mat}.workspaces[${k}]`);
				requireString(wo, 'workspace', `${mat}.workspaces[${k}]`);
				checkTypes(wo, `${mat}.workspaces[${k}]`, {roles: 'string[]', created_at: 'string'});
			});
		});
	});
	return root as unknown as WachtDataFile;
}

// ---------------------------------------------------------------- loading

export interface LoadOptions {
	/** Seeds id generation and the random bits (authenticator secrets, backup codes) the file leaves out. */
	seed?: number;
	/** Time base for relative times (µs); defaults to now. */
	now?: Micros;
}

/** Builds a store from a data file (validated first). */
export function loadWachtDataFile(input: unknown, opts: LoadOptions = {}): WachtStore {
	const data = validateDataFile(input);
	const seed = opts.seed ?? 1;
	const now = opts.now ?? nowMicros();
	const prng = new Prng(seed ^ 0xda7a);
	const store = new WachtStore({seed, ...(data.deployment_id !== undefined ? {deploymentId: data.deployment_id} : {})});

	const time = (text: string | undefined, fallback: Micros, at: string): Micros => {
		if (text === undefined) return fallback;
		const t = parseTime(text, now);
		if (t === null) throw new DataFileError(`${at}: expected an RFC 3339 time or a relative one like "-2h" / "+30d", got ${JSON.stringify(text)}`);
		return t;
	};
	const wrap = <T>(at: string, fn: () => T): T => {
		try {
			return fn();
		} catch (err) {
			if (err instanceof DataFileError) throw err;
			throw new DataFileError(`${at}: ${(err as Error).message}`);
		}
	};

	const base = now - 365 * US_PER_DAY;
	for (const r of data.roles?.organization ?? DEFAULT_ORG_ROLES) wrap('roles.organization', () => store.addRole({...(r.id ? {id: r.id} : {}), name: r.name, permissions: r.permissions ?? [], scope: 'organization', createdAt: base}));
	for (const r of data.roles?.workspace ?? DEFAULT_WORKSPACE_ROLES) wrap('roles.workspace', () => store.addRole({...(r.id ? {id: r.id} : {}), name: r.name, permissions: r.permissions ?? [], scope: 'workspace', createdAt: base}));

	(data.organizations ?? []).forEach((o, i) => {
		const at = `organizations[${i}]`;
		const createdAt = time(o.created_at, now - 180 * US_PER_DAY, `${at}.created_at`);
		const org = wrap(at, () =>
			store.addOrganization({
				...(o.id ? {id: o.id} : {}),
				name: o.name,
				description: o.description ?? '',
				imageUrl: o.image_url ?? '',
				createdAt,
				publicMetadata: o.public_metadata ?? {},
				privateMetadata: o.private_metadata ?? {},
			}),
		);
		for (const r of o.roles ?? []) wrap(`${at}.roles`, () => store.addRole({...(r.id ? {id: r.id} : {}), name: r.name, permissions: r.permissions ?? [], scope: 'organization', ownerId: org.id, createdAt}));
		(o.workspaces ?? []).forEach((w, j) => {
			const wat = `${at}.workspaces[${j}]`;
			const ws = wrap(wat, () =>
				store.addWorkspace({
					...(w.id ? {id: w.id} : {}),
					organizationId: org.id,
					name: w.name,
					description: w.description ?? '',
					imageUrl: w.image_url ?? '',
					createdAt: time(w.created_at, createdAt, `${wat}.created_at`),
				}),
			);
			for (const r of w.roles ?? []) wrap(`${wat}.roles`, () => store.addRole({...(r.id ? {id: r.id} : {}), name: r.name, permissions: r.permissions ?? [], scope: 'workspace', ownerId: ws.id, createdAt}));
		});
	});

	const findOrg = (ref: string) => store.organizations.get(ref) ?? store.findOrganizationByName(ref);

	data.users.forEach((d, i) => {
		const at = `users[${i}]`;
		const createdAt = time(d.created_at, now - 30 * US_PER_DAY, `${at}.created_at`);
		const u = wrap(at, () =>
			store.addUser({
				...(d.id ? {id: d.id} : {}),
				firstName: d.first_name,
				lastName: d.last_name ?? '',
				username: d.username ?? '',
				createdAt,
				updatedAt: time(d.updated_at, createdAt, `${at}.updated_at`),
				disabled: d.disabled ?? false,
				hasPassword: d.has_password ?? true,
				secondFactorPolicy: d.second_factor_policy ?? 'optional',
				profilePictureUrl: d.profile_picture_url ?? '',
				schemaVersion: d.schema_version ?? 'v2',
				publicMetadata: d.public_metadata ?? {},
				privateMetadata: d.private_metadata ?? {},
				lastPasswordResetAt: d.last_password_reset_at !== undefined ? time(d.last_password_reset_at, now, `${at}.last_password_reset_at`) : null,
			}),
		);

		const emails = (d.emails ?? []).map((e): DataEmail => (typeof e === 'string' ? {email: e} : e));
		const explicitPrimary = emails.some((e) => e.primary === true);
		emails.forEach((e, j) => {
			const eat = `${at}.emails[${j}]`;
			const verified = e.verified ?? true;
			const primary = explicitPrimary ? e.primary === true : j === 0;
			if (store.findUserByEmail(e.email)) throw new DataFileError(`${eat}: email ${e.email} is used twice`);
			wrap(eat, () =>
				store.addEmail(u.id, {
					...(e.id ? {id: e.id} : {}),
					email: e.email,
					verified,
					...(verified ? {} : {verifiedAt: null}),
					primary,
					verificationStrategy: e.verification_strategy ?? 'otp',
					createdAt: time(e.created_at, createdAt, `${eat}.created_at`),
				}),
			);
		});

		const phones = (d.phones ?? []).map((p): DataPhone => {
			if (typeof p !== 'string') return p;
			const [cc, number] = p.trim().split(' ') as [string, string];
			return {country_code: cc, number};
		});
		const explicitPrimaryPhone = phones.some((p) => p.primary === true);
		phones.forEach((p, j) => {
			const pat = `${at}.phones[${j}]`;
			const verified = p.verified ?? true;
			wrap(pat, () =>
				store.addPhone(u.id, {
					...(p.id ? {id: p.id} : {}),
					countryCode: p.country_code.startsWith('+') ? p.country_code : `+${p.country_code}`,
					phoneNumber: p.number,
					verified,
					...(verified ? {} : {verifiedAt: null}),
					primary: explicitPrimaryPhone ? p.primary === true : j === 0,
					createdAt: time(p.created_at, createdAt, `${pat}.created_at`),
				}),
			);
		});

		(d.social_connections ?? []).forEach((s, j) => {
			const sat = `${at}.social_connections[${j}]`;
			const email = s.email_address !== undefined ? store.emailsOf(u.id).find((e) => e.email === s.email_address) : store.primaryEmail(u.id);
			wrap(sat, () =>
				store.addSocialConnection(u.id, {
					...(s.id ? {id: s.id} : {}),
					provider: s.provider,
					...(email ? {userEmailAddressId: email.id} : {}),
					emailAddress: s.email_address ?? email?.email ?? '',
					accessToken: s.access_token ?? '',
					refreshToken: s.refresh_token ?? '',
					createdAt: time(s.created_at, createdAt, `${sat}.created_at`),
				}),
			);
		});

		const memberships: OrganizationMembershipRecord[] = [];
		(d.memberships ?? []).forEach((m, j) => {
			const mat = `${at}.memberships[${j}]`;
			const org = findOrg(m.organization);
			if (!org) throw new DataFileError(`${mat}.organization: no organization named or with id ${JSON.stringify(m.organization)}`);
			const roleIds = (m.roles ?? ['member']).map((name) => {
				const r = store.findRole('organization', org.id, name);
				if (!r) throw new DataFileError(`${mat}.roles: no organization role ${JSON.stringify(name)}`);
				return r.id;
			});
			const mCreated = time(m.created_at, createdAt + US_PER_H, `${mat}.created_at`);
			const om = store.addOrganizationMembership({userId: u.id, organizationId: org.id, roleIds, createdAt: mCreated});
			memberships.push(om);
			if (m.active === true || (u.activeOrganizationMembershipId === null && m.active !== false)) u.activeOrganizationMembershipId = om.id;
			(m.workspaces ?? []).forEach((w, k) => {
				const wat = `${mat}.workspaces[${k}]`;
				const ws = store.workspaces.get(w.workspace) ?? store.findWorkspaceByName(org.id, w.workspace);
				if (!ws || ws.organizationId !== org.id) throw new DataFileError(`${wat}.workspace: no workspace ${JSON.stringify(w.workspace)} in ${org.name}`);
				const wsRoleIds = (w.roles ?? ['viewer']).map((name) => {
					const r = store.findRole('workspace', ws.id, name);
					if (!r) throw new DataFileError(`${wat}.roles: no workspace role ${JSON.stringify(name)}`);
					return r.id;
				});
				store.addWorkspaceMembership({userId: u.id, workspaceId: ws.id, organizationMembershipId: om.id, roleIds: wsRoleIds, createdAt: time(w.created_at, mCreated + 60_000_000, `${wat}.created_at`)});
			});
		});

		(d.sessions ?? []).forEach((s, j) => {
			const sat = `${at}.sessions[${j}]`;
			const sCreated = time(s.created_at, s.expired ? now - 40 * US_PER_DAY : now - US_PER_H, `${sat}.created_at`);
			const expiresAt = time(s.expires_at, sCreated + 30 * US_PER_DAY, `${sat}.expires_at`);
			const lastActiveAt = time(s.last_active_at, sCreated, `${sat}.last_active_at`);
			let membershipId: string | null = null;
			if (s.organization !== undefined) {
				const org = findOrg(s.organization);
				const m = memberships.find((x) => x.organizationId === org?.id);
				if (!m) throw new DataFileError(`${sat}.organization: the user has no membership in ${JSON.stringify(s.organization)}`);
				membershipId = m.id;
			}
			let place: {region: string; regionCode: string; country: string; countryCode: string} | undefined;
			if (s.city !== undefined) {
				try {
					place = seedCity(s.city);
				} catch {
					place = undefined;
				}
			}
			for (let k = 0; k < (s.repeat ?? 1); k++) {
				wrap(sat, () =>
					store.addSignIn(u.id, {
						...(s.id ? {id: s.id} : {}),
						...(s.session_id ? {sessionId: s.session_id} : {}),
						createdAt: sCreated,
						lastActiveAt,
						updatedAt: lastActiveAt,
						expiresAt,
						activeOrganizationMembershipId: membershipId,
						ipAddress: s.ip_address ?? '',
						browser: s.browser ?? '',
						device: s.device ?? '',
						city: s.city ?? '',
						region: s.region ?? place?.region ?? '',
						regionCode: s.region_code ?? place?.regionCode ?? '',
						country: s.country ?? place?.country ?? '',
						countryCode: s.country_code ?? place?.countryCode ?? '',
						deletedAt: s.revoked ? Math.min(now, lastActiveAt + 60_000_000) : null,
					}),
				);
			}
		});

		(d.passkeys ?? []).forEach((p, j) => {
			const pat = `${at}.passkeys[${j}]`;
			const pCreated = time(p.created_at, createdAt, `${pat}.created_at`);
			wrap(pat, () =>
				store.addPasskey(u.id, {
					...(p.id ? {id: p.id} : {}),
					name: p.name,
					createdAt: pCreated,
					updatedAt: pCreated,
					signCount: p.sign_count ?? 0,
					transports: p.transports === undefined ? ['internal'] : p.transports,
					deviceType: p.device_type === undefined ? 'single_device' : p.device_type,
					backedUp: p.backed_up === undefined ? false : p.backed_up,
					lastUsedAt: p.last_used_at !== undefined ? time(p.last_used_at, now, `${pat}.last_used_at`) : null,
					deletedAt: p.deleted ? now : null,
				}),
			);
		});

		if (d.authenticator) {
			const spec = typeof d.authenticator === 'object' ? d.authenticator : {};
			const secret = spec.secret !== undefined ? normalizeTotpSecret(spec.secret) : prng.string(BASE32, 32);
			const account = store.primaryEmail(u.id)?.email ?? (u.username || `user-${u.id}`);
			store.addAuthenticator(u.id, {secret, otpUrl: otpUrl(DEFAULT_ISSUER, account, secret), createdAt: time(spec.created_at, createdAt, `${at}.authenticator.created_at`)});
		}
		if (d.backup_codes) store.setBackupCodes(u.id, Array.isArray(d.backup_codes) ? d.backup_codes : generateBackupCodes(prng));
	});
	return store;
}
