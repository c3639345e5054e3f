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
 * The schema below (valibot, src/sim/shared/data-file.ts) is the format; a bad file is refused with the first problem
 * at its exact path, e.g. `users[3].emails[0].email: expected a non-empty string` or `users[0].login: required (…)`.
 * Unknown keys are ignored.
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
import {bool, list, nonNegative, opt, readJsonDataFile, record, str, strings, text, v, validateWith} from '../shared/data-file.js';
import {Prng, BASE32} from '../shared/prng.js';
import {base32ByteLength, DEFAULT_ISSUER, normalizeTotpSecret, otpUrl} from './mfa.js';
import {city as seedCity} from './seed.js';
import {SECOND_FACTOR_POLICIES, generateBackupCodes, type Json, type OrganizationMembershipRecord, WachtStore} from './store.js';
import {nowMicros, parseTime, US_PER_DAY, US_PER_H, type Micros} from './time.js';

// ---------------------------------------------------------------- the format (valibot; types inferred)

const id = () => v.pipe(v.string('expected a decimal id string'), v.regex(/^\d+$/, 'expected a decimal id string'));
/** Times are checked when loaded (they may be relative to the simulator's start). */
const time = str;
const json = () => record() as v.GenericSchema<unknown, Json>;

const Role = v.object({id: opt(id()), name: text(), permissions: opt(strings())});

const Workspace = v.object({id: opt(id()), name: text(), description: opt(str()), image_url: opt(str()), created_at: opt(time()), roles: opt(list(Role))});

const Organization = v.object({
	id: opt(id()),
	name: text(),
	description: opt(str()),
	image_url: opt(str()),
	created_at: opt(time()),
	public_metadata: opt(json()),
	private_metadata: opt(json()),
	roles: opt(list(Role)),
	workspaces: opt(list(Workspace)),
});

const Email = v.object({id: opt(id()), email: text(), verified: opt(bool()), primary: opt(bool()), verification_strategy: opt(str()), created_at: opt(time())});

const PHONE_TEXT = 'expected "+CC NUMBER" (e.g. "+1 5550100123") or an object';
const Phone = v.object({id: opt(id()), country_code: text(), number: text(), verified: opt(bool()), primary: opt(bool()), created_at: opt(time())});

const Session = v.pipe(
	v.object({
		id: opt(id()),
		session_id: opt(id()),
		created_at: opt(time()),
		last_active_at: opt(time()),
		expires_at: opt(time()),
		expired: opt(bool()),
		revoked: opt(bool()),
		ip_address: opt(str()),
		browser: opt(str()),
		device: opt(str()),
		city: opt(str()),
		region: opt(str()),
		region_code: opt(str()),
		country: opt(str()),
		country_code: opt(str()),
		organization: opt(str()),
		repeat: opt(v.pipe(v.number('expected a positive integer'), v.integer('expected a positive integer'), v.minValue(1, 'expected a positive integer'))),
	}),
	v.check((s) => s.repeat === undefined || s.id === undefined || s.repeat === 1, '"id" and "repeat" cannot be combined'),
);

const Passkey = v.object({
	id: opt(id()),
	name: text(),
	transports: opt(v.nullable(strings())),
	device_type: opt(v.nullable(str())),
	backed_up: opt(v.nullable(bool())),
	sign_count: opt(nonNegative()),
	created_at: opt(time()),
	last_used_at: opt(time()),
	deleted: opt(bool()),
});

const TOTP_SECRET = 'expected base32 of at least 16 bytes (26+ characters)';
const Authenticator = v.object({
	secret: opt(v.pipe(v.string(TOTP_SECRET), v.check((s) => (base32ByteLength(normalizeTotpSecret(s)) ?? 0) >= 16, TOTP_SECRET))),
	created_at: opt(time()),
});

const SocialConnection = v.object({id: opt(id()), provider: text(), email_address: opt(str()), access_token: opt(str()), refresh_token: opt(str()), created_at: opt(time())});

const Membership = v.object({
	organization: text(),
	roles: opt(strings()),
	created_at: opt(time()),
	active: opt(bool()),
	workspaces: opt(list(v.object({workspace: text(), roles: opt(strings()), created_at: opt(time())}))),
});

const User = v.object({
	id: opt(id()),
	first_name: text(),
	last_name: opt(str()),
	username: opt(str()),
	created_at: opt(time()),
	updated_at: opt(time()),
	disabled: opt(bool()),
	has_password: opt(bool()),
	second_factor_policy: opt(v.picklist(SECOND_FACTOR_POLICIES, `expected one of ${SECOND_FACTOR_POLICIES.join(', ')}`)),
	profile_picture_url: opt(str()),
	schema_version: opt(v.picklist(['v1', 'v2'], 'expected "v1" or "v2"')),
	public_metadata: opt(json()),
	private_metadata: opt(json()),
	last_password_reset_at: opt(time()),
	emails: opt(list(v.union([v.string(), Email], 'expected an email address or an object'))),
	phones: opt(list(v.union([v.pipe(v.string(), v.check((p) => /^\+\d{1,4} \d{3,15}$/.test(p.trim()), PHONE_TEXT)), Phone], PHONE_TEXT))),
	sessions: opt(list(Session)),
	passkeys: opt(list(Passkey)),
	authenticator: opt(v.union([v.boolean(), Authenticator], 'expected true, false or an object')),
	backup_codes: opt(v.union([v.boolean(), strings()], 'expected true, false or an array of strings')),
	social_connections: opt(list(SocialConnection)),
	memberships: opt(list(Membership)),
});

const DataFile = v.object(
	{
		deployment_id: opt(id()),
		roles: opt(v.object({organization: opt(list(Role)), workspace: opt(list(Role))}, 'expected an object')),
		organizations: opt(list(Organization)),
		users: list(User),
	},
	'expected an object',
);

export type DataRole = v.InferOutput<typeof Role>;
export type DataWorkspace = v.InferOutput<typeof Workspace>;
export type DataOrganization = v.InferOutput<typeof Organization>;
export type DataEmail = v.InferOutput<typeof Email>;
export type DataPhone = v.InferOutput<typeof Phone>;
export type DataSession = v.InferOutput<typeof Session>;
export type DataPasskey = v.InferOutput<typeof Passkey>;
export type DataSocialConnection = v.InferOutput<typeof SocialConnection>;
export type DataMembership = v.InferOutput<typeof Membership>;
export type DataUser = v.InferOutput<typeof User>;
export type WachtDataFile = v.InferOutput<typeof DataFile>;

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

/** Checks the shape of a parsed data file and returns it typed. Throws DataFileError naming the bad field. */
export function validateDataFile(value: unknown): WachtDataFile {
	return validateWith(DataFile, value, DataFileError);
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
