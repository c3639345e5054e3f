/**
 * The Okta simulator's `--data FILE` format: a JSON document describing the org to serve instead of seeded
 * users. Written by hand, so nearly everything is optional:
 *   - ids are generated (deterministically for the seed) when left out; when given they must look like Okta ids
 *     (letters and digits, e.g. "00ub0oNGTSWTBKOLGLNR");
 *   - times are ISO 8601 ("2026-03-11T09:14:02.000Z") or relative to the simulator's start:
 *     "now", "-2h", "+30d", "-15m", "-90s", "-1w";
 *   - every user is in the built-in "Everyone" group; other groups, apps and clients are referenced by name or id.
 *
 * Example (a complete file; src/sim/okta/example-data.json is a longer one):
 *
 *   {
 *     "tokenOwner": "ines.admin@example.com",
 *     "groups": [{"name": "SRE On-call", "description": "Pager rotation"},
 *                {"name": "Engineering", "type": "APP_GROUP", "sourceApp": "active_directory",
 *                 "profile": {"samAccountName": "Engineering", "dn": "CN=Engineering,OU=Groups,DC=corp,DC=example,DC=com"}}],
 *     "apps": [{"name": "google", "label": "Google Workspace"}, {"name": "active_directory", "label": "corp.example.com"}],
 *     "clients": [{"client_name": "Triage CLI", "client_uri": "https://triage.example.com"}],
 *     "users": [
 *       {"login": "ines.admin@example.com", "firstName": "Inês", "lastName": "Admin", "roles": ["SUPER_ADMIN"]},
 *       {"login": "dana.ops@example.com", "firstName": "Dana", "lastName": "Ops", "status": "LOCKED_OUT",
 *        "profile": {"department": "SRE", "mobilePhone": "+1 555 010 0199"},
 *        "groups": ["SRE On-call"], "sessions": 2,
 *        "factors": [{"factorType": "token:software:totp", "secret": "JBSWY3DPEHPK3PXP"},
 *                    {"factorType": "webauthn", "profile": {"authenticatorName": "YubiKey 5C NFC"}},
 *                    {"factorType": "sms", "profile": {"phoneNumber": "+15550100199"}}],
 *        "appLinks": [{"app": "google", "label": "Gmail"}],
 *        "grants": [{"client": "Triage CLI", "scopeId": "okta.users.read", "repeat": 3}],
 *        "refreshTokens": [{"client": "Triage CLI"}]},
 *       {"login": "corp/priya@example.com", "email": "priya@example.com", "firstName": "Priya", "status": "STAGED"}
 *     ]
 *   }
 *
 * Field reference:
 *   top level     org?: {userTypeId?, userSchemaId?, authorizationServer?: {id?, name?}, everyoneGroupId?},
 *                 tokenOwner? (login or id of the admin behind the API token: GET /api/v1/users/me),
 *                 groups?: Group[], apps?: App[], clients?: Client[], users: User[]
 *   Group         id?, name, description?, type? ("OKTA_GROUP" | "APP_GROUP" | "BUILT_IN"; APP_GROUP gets
 *                 objectClass okta:windows_security_principal), profile? (extra attributes), sourceApp? (app),
 *                 created?, lastUpdated?, lastMembershipUpdated?
 *   App           id? (0oa…), name (Okta app name, e.g. "google"), label, logoUrl?
 *   Client        client_id?, client_name, client_uri?, logo_uri?
 *   User          id?, login (5-100 chars, unique ignoring case and diacritics), email? (= login), firstName,
 *                 lastName?, profile? (any other profile attributes, custom ones included),
 *                 status? ("ACTIVE"; any UserStatus), transitioningToStatus? ("ACTIVE" | "DEPROVISIONED" | "PROVISIONED"),
 *                 created? ("-400d"), activated?, statusChanged?, lastLogin?, lastUpdated?, passwordChanged?,
 *                 password? (default true, except STAGED/PROVISIONED and FEDERATION/SOCIAL users),
 *                 recoveryQuestion?, provider?: {type ("OKTA"), name?}, blocks?: [{appliesTo}],
 *                 sessions? (0), rememberedDevices? (0), groups?: (name | id)[], roles?: (type | Role)[],
 *                 factors?: Factor[], appLinks?: AppLink[], grants?: Grant[], refreshTokens?: RefreshToken[]
 *   Role          id?, type (SUPER_ADMIN, ORG_ADMIN, HELP_DESK_ADMIN, … or CUSTOM), label?, status? ("ACTIVE"),
 *                 assignmentType? ("USER"), role? / resourceSet? (custom roles), created?
 *   Factor        id?, factorType (any string: types outside Okta's enum are served as they are), provider?
 *                 (by type: OKTA, FIDO for webauthn/u2f, YUBICO, RSA, CUSTOM, DUO), vendorName?, status? ("ACTIVE"),
 *                 profile?, secret? (base32, token:software:totp: enables real TOTP checks), created?, lastUpdated?
 *   AppLink       app (name or id), label? (app label), hidden?, credentialsSetup?, sortOrder?, appAssignmentId?
 *   Grant         id?, client (client_id or name), scopeId, source? ("END_USER"), status? ("ACTIVE"), created?, repeat?
 *   RefreshToken  id?, client, scopes? (["openid", "offline_access"]), created?, expiresAt? (created + 90d), repeat?
 */
import {isObj, readJsonDataFile, shapeChecks, type Obj} from '../shared/data-file.js';
import {BASE62, Prng} from '../shared/prng.js';
import {base32Decode} from './totp.js';
import {
	factorIdPrefix,
	newUserRecord,
	OktaStore,
	PROVIDER_TYPES,
	USER_STATUSES,
	type FactorRecord,
	type GroupType,
	type Profile,
	type ProviderType,
	type UserStatus,
} from './store.js';

export interface DataGroup {
	id?: string;
	name: string;
	description?: string;
	type?: GroupType;
	profile?: Record<string, unknown>;
	sourceApp?: string;
	created?: string;
	lastUpdated?: string;
	lastMembershipUpdated?: string;
}

export interface DataApp {
	id?: string;
	name: string;
	label: string;
	logoUrl?: string;
}

export interface DataClient {
	client_id?: string;
	client_name: string;
	client_uri?: string;
	logo_uri?: string;
}

export interface DataRole {
	id?: string;
	type: string;
	label?: string;
	status?: 'ACTIVE' | 'INACTIVE';
	assignmentType?: 'USER' | 'GROUP' | 'CLIENT';
	role?: string;
	resourceSet?: string;
	created?: string;
}

export interface DataFactor {
	id?: string;
	factorType: string;
	provider?: string;
	vendorName?: string;
	status?: string;
	profile?: Record<string, unknown>;
	secret?: string;
	created?: string;
	lastUpdated?: string;
}

export interface DataAppLink {
	app: string;
	label?: string;
	hidden?: boolean;
	credentialsSetup?: boolean;
	sortOrder?: number;
	appAssignmentId?: string;
}

export interface DataGrant {
	id?: string;
	client: string;
	scopeId: string;
	source?: 'ADMIN' | 'END_USER';
	status?: 'ACTIVE' | 'REVOKED';
	created?: string;
	repeat?: number;
}

export interface DataRefreshToken {
	id?: string;
	client: string;
	scopes?: string[];
	created?: string;
	expiresAt?: string;
	repeat?: number;
}

export interface DataUser {
	id?: string;
	login: string;
	email?: string;
	firstName: string;
	lastName?: string;
	profile?: Record<string, unknown>;
	status?: UserStatus;
	transitioningToStatus?: 'ACTIVE' | 'DEPROVISIONED' | 'PROVISIONED';
	created?: string;
	activated?: string;
	statusChanged?: string;
	lastLogin?: string;
	lastUpdated?: string;
	passwordChanged?: string;
	password?: boolean;
	recoveryQuestion?: string;
	provider?: {type: ProviderType; name?: string};
	blocks?: {type?: 'DEVICE_BASED'; appliesTo: 'ANY_DEVICES' | 'UNKNOWN_DEVICES'}[];
	sessions?: number;
	rememberedDevices?: number;
	groups?: string[];
	roles?: (string | DataRole)[];
	factors?: DataFactor[];
	appLinks?: DataAppLink[];
	grants?: DataGrant[];
	refreshTokens?: DataRefreshToken[];
}

export interface OktaDataFile {
	org?: {userTypeId?: string; userSchemaId?: string; authorizationServer?: {id?: string; name?: string}; everyoneGroupId?: string};
	tokenOwner?: string;
	groups?: DataGroup[];
	apps?: DataApp[];
	clients?: DataClient[];
	users: DataUser[];
}

export class DataFileError extends Error {
	override name = 'DataFileError';
}

/** Reads and parses a data file; errors name the file. */
export async function readOktaDataFile(path: string): Promise<OktaDataFile> {
	return readJsonDataFile(path, validateOktaDataFile, DataFileError);
}

// ------------------------------------------------------------------ validation

type FieldType = 'string' | 'boolean' | 'number' | 'object' | 'string[]' | 'id' | 'time';

const {expectObj, expectArray, requireString} = shapeChecks(DataFileError);

const TIME_RE = /^(now|[+-]\d+(\.\d+)?[smhdw])$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function checkTypes(o: Obj, at: string, spec: Record<string, FieldType>): void {
	for (const [key, type] of Object.entries(spec)) {
		const v = o[key];
		if (v === undefined) continue;
		const bad = (what: string) => new DataFileError(`${at}.${key}: expected ${what}`);
		switch (type) {
			case 'id':
				if (typeof v !== 'string' || !/^[A-Za-z0-9]{3,40}$/.test(v)) throw bad('an Okta id (letters and digits)');
				break;
			case 'time':
				if (typeof v !== 'string' || !(TIME_RE.test(v) || (ISO_RE.test(v) && !Number.isNaN(Date.parse(v))))) throw bad('an ISO 8601 time or a relative time like "-30d"');
				break;
			case 'string[]':
				if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw bad('an array of strings');
				break;
			case 'object':
				if (!isObj(v)) throw bad('an object');
				break;
			case 'number':
				if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad('a non-negative number');
				break;
			default:
				if (typeof v !== type) throw bad(type);
		}
	}
}

function oneOf(o: Obj, key: string, at: string, allowed: readonly string[]): void {
	const v = o[key];
	if (v !== undefined && (typeof v !== 'string' || !allowed.includes(v))) throw new DataFileError(`${at}.${key}: expected one of ${allowed.join(', ')}`);
}

/** Checks the shape of a parsed data file and returns it typed. Throws DataFileError naming the bad field. */
export function validateOktaDataFile(value: unknown): OktaDataFile {
	const root = expectObj(value, '(root)');
	if (!Array.isArray(root['users'])) throw new DataFileError('users: required (an array)');
	checkTypes(root, '(root)', {tokenOwner: 'string', org: 'object'});
	if (root['org'] !== undefined) {
		const org = root['org'] as Obj;
		checkTypes(org, 'org', {userTypeId: 'id', userSchemaId: 'id', everyoneGroupId: 'id', authorizationServer: 'object'});
		if (org['authorizationServer'] !== undefined) checkTypes(org['authorizationServer'] as Obj, 'org.authorizationServer', {id: 'id', name: 'string'});
	}
	expectArray(root['groups'], 'groups').forEach((g, i) => {
		const at = `groups[${i}]`;
		const o = expectObj(g, at);
		requireString(o, 'name', at);
		checkTypes(o, at, {id: 'id', description: 'string', profile: 'object', sourceApp: 'string', created: 'time', lastUpdated: 'time', lastMembershipUpdated: 'time'});
		oneOf(o, 'type', at, ['OKTA_GROUP', 'APP_GROUP', 'BUILT_IN']);
	});
	expectArray(root['apps'], 'apps').forEach((a, i) => {
		const at = `apps[${i}]`;
		const o = expectObj(a, at);
		requireString(o, 'name', at);
		requireString(o, 'label', at);
		checkTypes(o, at, {id: 'id', logoUrl: 'string'});
	});
	expectArray(root['clients'], 'clients').forEach((c, i) => {
		const at = `clients[${i}]`;
		const o = expectObj(c, at);
		requireString(o, 'client_name', at);
		checkTypes(o, at, {client_id: 'id', client_uri: 'string', logo_uri: 'string'});
	});
	(root['users'] as unknown[]).forEach((u, i) => {
		const at = `users[${i}]`;
		const o = expectObj(u, at);
		requireString(o, 'login', at);
		requireString(o, 'firstName', at);
		const login = o['login'] as string;
		if (login.length < 5 || login.length > 100) throw new DataFileError(`${at}.login: must be 5 to 100 characters`);
		checkTypes(o, at, {
			id: 'id',
			email: 'string',
			lastName: 'string',
			profile: 'object',
			created: 'time',
			activated: 'time',
			statusChanged: 'time',
			lastLogin: 'time',
			lastUpdated: 'time',
			passwordChanged: 'time',
			password: 'boolean',
			recoveryQuestion: 'string',
			provider: 'object',
			sessions: 'number',
			rememberedDevices: 'number',
			groups: 'string[]',
		});
		oneOf(o, 'status', at, USER_STATUSES);
		oneOf(o, 'transitioningToStatus', at, ['ACTIVE', 'DEPROVISIONED', 'PROVISIONED']);
		if (o['provider'] !== undefined) {
			const p = o['provider'] as Obj;
			oneOf(p, 'type', `${at}.provider`, PROVIDER_TYPES);
			if (p['type'] === undefined) throw new DataFileError(`${at}.provider.type: required`);
			checkTypes(p, `${at}.provider`, {name: 'string'});
		}
		expectArray(o['blocks'], `${at}.blocks`).forEach((b, j) => {
			const bo = expectObj(b, `${at}.blocks[${j}]`);
			oneOf(bo, 'type', `${at}.blocks[${j}]`, ['DEVICE_BASED']);
			if (bo['appliesTo'] === undefined) throw new DataFileError(`${at}.blocks[${j}].appliesTo: required`);
			oneOf(bo, 'appliesTo', `${at}.blocks[${j}]`, ['ANY_DEVICES', 'UNKNOWN_DEVICES']);
		});
		expectArray(o['roles'], `${at}.roles`).forEach((r, j) => {
			if (typeof r === 'string') return;
			const ro = expectObj(r, `${at}.roles[${j}]`);
			requireString(ro, 'type', `${at}.roles[${j}]`);
			checkTypes(ro, `${at}.roles[${j}]`, {id: 'id', label: 'string', role: 'string', resourceSet: 'string', created: 'time'});
			oneOf(ro, 'status', `${at}.roles[${j}]`, ['ACTIVE', 'INACTIVE']);
			oneOf(ro, 'assignmentType', `${at}.roles[${j}]`, ['USER', 'GROUP', 'CLIENT']);
		});
		expectArray(o['factors'], `${at}.factors`).forEach((f, j) => {
			const fat = `${at}.factors[${j}]`;
			const fo = expectObj(f, fat);
			requireString(fo, 'factorType', fat);
			checkTypes(fo, fat, {id: 'id', provider: 'string', vendorName: 'string', status: 'string', profile: 'object', secret: 'string', created: 'time', lastUpdated: 'time'});
			if (typeof fo['secret'] === 'string') {
				try {
					if (base32Decode(fo['secret']).length < 10) throw new Error('short');
				} catch {
					throw new DataFileError(`${fat}.secret: expected base32 (at least 16 characters)`);
				}
			}
		});
		expectArray(o['appLinks'], `${at}.appLinks`).forEach((l, j) => {
			const lo = expectObj(l, `${at}.appLinks[${j}]`);
			requireString(lo, 'app', `${at}.appLinks[${j}]`);
			checkTypes(lo, `${at}.appLinks[${j}]`, {label: 'string', hidden: 'boolean', credentialsSetup: 'boolean', sortOrder: 'number', appAssignmentId: 'id'});
		});
		expectArray(o['grants'], `${at}.grants`).forEach((g, j) => {
			const gat = `${at}.grants[${j}]`;
			const go = expectObj(g, gat);
			requireString(go, 'client', gat);
			requireString(go, 'scopeId', gat);
			checkTypes(go, gat, {id: 'id', created: 'time', repeat: 'number'});
			oneOf(go, 'source', gat, ['ADMIN', 'END_USER']);
			oneOf(go, 'status', gat, ['ACTIVE', 'REVOKED']);
		});
		expectArray(o['refreshTokens'], `${at}.refreshTokens`).forEach((t, j) => {
			const tat = `${at}.refreshTokens[${j}]`;
			const to = expectObj(t, tat);
			requireString(to, 'client', tat);
			checkTypes(to, tat, {id: 'id', scopes: 'string[]', created: 'time', expiresAt: 'time', repeat: 'number'});
		});
	});
	return value as OktaDataFile;
}

// ------------------------------------------------------------------ loading

const UNITS: Record<string, number> = {s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000};

/** "now", "-2h", "+30d" relative to `now`, or an ISO time. */
export function parseDataTime(text: string, now: number): number {
	if (text === 'now') return now;
	const m = /^([+-]\d+(?:\.\d+)?)([smhdw])$/.exec(text);
	if (m) return Math.round(now + Number(m[1]) * (UNITS[m[2] as string] as number));
	const ms = Date.parse(text);
	if (Number.isNaN(ms)) throw new DataFileError(`invalid time ${JSON.stringify(text)}`);
	return ms;
}

const DEFAULT_PROVIDER: Record<string, string> = {
	webauthn: 'FIDO',
	u2f: 'FIDO',
	'token:hardware': 'YUBICO',
	token: 'RSA',
	'token:hotp': 'CUSTOM',
	web: 'DUO',
};

const ROLE_LABELS: Record<string, string> = {
	SUPER_ADMIN: 'Super Administrator',
	ORG_ADMIN: 'Organizational Administrator',
	APP_ADMIN: 'Application Administrator',
	USER_ADMIN: 'Group Administrator',
	HELP_DESK_ADMIN: 'Help Desk Administrator',
	READ_ONLY_ADMIN: 'Read Only Administrator',
	MOBILE_ADMIN: 'Mobile Administrator',
	GROUP_MEMBERSHIP_ADMIN: 'Group Membership Administrator',
	REPORT_ADMIN: 'Report Administrator',
	API_ACCESS_MANAGEMENT_ADMIN: 'API Access Management Administrator',
	WORKFLOWS_ADMIN: 'Workflows Administrator',
	ACCESS_CERTIFICATIONS_ADMIN: 'Access Certifications Administrator',
	ACCESS_REQUESTS_ADMIN: 'Access Requests Administrator',
	CUSTOM: 'Custom Role',
};

/** Builds a store from a (validated) data file. Ids not given are generated from `seed`. */
export function loadOktaDataFile(data: OktaDataFile, opts: {seed?: number; now?: number} = {}): OktaStore {
	validateOktaDataFile(data);
	const now = opts.now ?? Date.now();
	const t = (text: string | undefined, fallback: number) => (text === undefined ? fallback : parseDataTime(text, now));
	const store = new OktaStore({
		seed: opts.seed ?? 1,
		org: {
			...(data.org?.userTypeId ? {userTypeId: data.org.userTypeId} : {}),
			...(data.org?.userSchemaId ? {userSchemaId: data.org.userSchemaId} : {}),
			...(data.org?.everyoneGroupId ? {everyoneGroupId: data.org.everyoneGroupId} : {}),
		},
	});
	if (data.org?.authorizationServer) {
		store.org.authServer = {id: data.org.authorizationServer.id ?? store.org.authServer.id, name: data.org.authorizationServer.name ?? 'default'};
	}
	const jitter = new Prng((opts.seed ?? 1) ^ 0x5eed);
	const orgCreated = now - 5 * 365 * UNITS['d']!;

	// Groups: Everyone first.
	const groupRefs = new Map<string, string>();
	const addGroupRef = (key: string, id: string, at: string) => {
		if (groupRefs.has(key) && groupRefs.get(key) !== id) throw new DataFileError(`${at}: duplicate group name or id ${JSON.stringify(key)}`);
		groupRefs.set(key, id);
	};
	const everyone = data.groups?.find((g) => g.type === 'BUILT_IN' && g.name === 'Everyone');
	if (!everyone) {
		store.groups.set(store.org.everyoneGroupId, {
			id: store.org.everyoneGroupId,
			created: orgCreated,
			lastUpdated: orgCreated,
			lastMembershipUpdated: now - 3_600_000,
			objectClass: ['okta:user_group'],
			type: 'BUILT_IN',
			profile: {name: 'Everyone', description: 'All users in your organization'},
			sourceAppId: null,
		});
		addGroupRef('Everyone', store.org.everyoneGroupId, 'groups');
		addGroupRef(store.org.everyoneGroupId, store.org.everyoneGroupId, 'groups');
	}

	// Apps (needed by APP_GROUP sources and app links).
	const appRefs = new Map<string, string>();
	(data.apps ?? []).forEach((a, i) => {
		const id = a.id ?? store.newId('0oa');
		if (store.apps.has(id)) throw new DataFileError(`apps[${i}].id: duplicate ${id}`);
		store.apps.set(id, {id, name: a.name, label: a.label, logoUrl: a.logoUrl ?? `/assets/img/logos/${a.name}.png`});
		appRefs.set(id, id);
		if (!appRefs.has(a.name)) appRefs.set(a.name, id);
		if (!appRefs.has(a.label)) appRefs.set(a.label, id);
	});
	const app = (ref: string, at: string) => {
		const id = appRefs.get(ref);
		if (!id) throw new DataFileError(`${at}: unknown app ${JSON.stringify(ref)}`);
		return id;
	};

	(data.groups ?? []).forEach((g, i) => {
		const at = `groups[${i}]`;
		const type = g.type ?? 'OKTA_GROUP';
		const id = g.id ?? (everyone === g ? store.org.everyoneGroupId : store.newId('00g'));
		if (store.groups.has(id)) throw new DataFileError(`${at}.id: duplicate ${id}`);
		const created = t(g.created, orgCreated + jitter.int(0, 400) * UNITS['d']!);
		const profile: Record<string, unknown> & {name: string} = {name: g.name, description: g.description ?? null, ...(g.profile ?? {})};
		if (type === 'APP_GROUP') {
			profile['samAccountName'] ??= g.name;
			profile['windowsDomainQualifiedName'] ??= `CORP\\${g.name}`;
		}
		store.groups.set(id, {
			id,
			created,
			lastUpdated: t(g.lastUpdated, created),
			lastMembershipUpdated: t(g.lastMembershipUpdated, now - jitter.int(1, 72) * 3_600_000),
			objectClass: [type === 'APP_GROUP' ? 'okta:windows_security_principal' : 'okta:user_group'],
			type,
			profile,
			sourceAppId: g.sourceApp ? app(g.sourceApp, `${at}.sourceApp`) : null,
		});
		addGroupRef(g.name, id, at);
		addGroupRef(id, id, at);
	});

	const clientRefs = new Map<string, string>();
	(data.clients ?? []).forEach((c, i) => {
		const id = c.client_id ?? store.newId('0oa');
		if (store.clients.has(id)) throw new DataFileError(`clients[${i}].client_id: duplicate ${id}`);
		store.clients.set(id, {
			clientId: id,
			clientName: c.client_name,
			clientUri: c.client_uri ?? `https://${c.client_name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example.com`,
			logoUri: c.logo_uri ?? `https://${c.client_name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example.com/logo.png`,
		});
		clientRefs.set(id, id);
		if (!clientRefs.has(c.client_name)) clientRefs.set(c.client_name, id);
	});
	const client = (ref: string, at: string) => {
		const id = clientRefs.get(ref);
		if (!id) throw new DataFileError(`${at}: unknown client ${JSON.stringify(ref)}`);
		return id;
	};

	/** One assignment per user and app (an app's several links share it). */
	const assignments = new Map<string, string>();
	data.users.forEach((du, i) => {
		const at = `users[${i}]`;
		const status: UserStatus = du.status ?? 'ACTIVE';
		const providerType = du.provider?.type ?? 'OKTA';
		const federated = providerType === 'FEDERATION' || providerType === 'SOCIAL';
		const hasPassword = du.password ?? !(status === 'STAGED' || status === 'PROVISIONED' || federated);
		const created = t(du.created, now - jitter.int(30, 900) * UNITS['d']!);
		const neverActivated = status === 'STAGED' || (status === 'PROVISIONED' && !du.activated);
		const activated = du.activated !== undefined ? t(du.activated, created) : neverActivated ? null : created + jitter.int(1, 3600) * 1000;
		// Defaults fall between activation (or creation) and now.
		const between = (from: number, fraction: number) => Math.round(from + Math.max(0, now - from) * fraction);
		const since = activated ?? created;
		const statusChanged = du.statusChanged !== undefined ? t(du.statusChanged, created) : status === 'STAGED' ? null : status === 'ACTIVE' ? between(since, jitter.next() * 0.3) : between(since, 0.5 + jitter.next() * 0.5);
		const lastLogin = du.lastLogin !== undefined ? t(du.lastLogin, now) : status === 'STAGED' || status === 'PROVISIONED' ? null : Math.max(since, now - jitter.int(60, 40 * 86_400) * 1000);
		const passwordChanged = du.passwordChanged !== undefined ? t(du.passwordChanged, created) : hasPassword ? between(since, jitter.next() * 0.6) : null;
		const clamp = (x: number | null) => (x === null ? null : Math.min(x, now));
		const lastUpdated = t(du.lastUpdated, Math.max(created, clamp(statusChanged) ?? 0, clamp(passwordChanged) ?? 0));
		const profile: Profile = {
			firstName: du.firstName,
			lastName: du.lastName ?? null,
			...(du.profile ?? {}),
			login: du.login,
			email: du.email ?? du.login,
		};
		const id = du.id ?? store.newId('00u');
		const groupIds = [store.org.everyoneGroupId];
		for (const ref of du.groups ?? []) {
			const gid = groupRefs.get(ref);
			if (!gid) throw new DataFileError(`${at}.groups: unknown group ${JSON.stringify(ref)}`);
			if (!groupIds.includes(gid)) groupIds.push(gid);
		}
		try {
			store.addUser(
				newUserRecord({
					id,
					status,
					transitioningToStatus: du.transitioningToStatus ?? null,
					created,
					activated: clamp(activated),
					statusChanged: clamp(statusChanged),
					lastLogin: clamp(lastLogin),
					lastUpdated,
					passwordChanged: clamp(passwordChanged),
					typeId: store.org.userTypeId,
					profile,
					hasPassword,
					recoveryQuestion: du.recoveryQuestion ?? null,
					provider: {type: providerType, name: du.provider?.name ?? (providerType === 'OKTA' || providerType === 'IMPORT' ? providerType : providerType === 'ACTIVE_DIRECTORY' ? 'corp.example.com' : providerType.toLowerCase())},
					blocks: (du.blocks ?? []).map((b) => ({type: 'DEVICE_BASED' as const, appliesTo: b.appliesTo})),
					groupIds,
					sessions: du.sessions ?? 0,
					rememberedDevices: du.rememberedDevices ?? 0,
				}),
			);
		} catch (e) {
			throw new DataFileError(`${at}: ${(e as Error).message}`);
		}

		(du.roles ?? []).forEach((r, j) => {
			const role: DataRole = typeof r === 'string' ? {type: r} : r;
			const custom = role.type === 'CUSTOM' || role.role !== undefined;
			const rid = role.id ?? store.newId(custom ? 'irb' : 'ra1');
			if (store.roles.has(rid)) throw new DataFileError(`${at}.roles[${j}].id: duplicate ${rid}`);
			const rc = t(role.created, Math.max(created, now - jitter.int(10, 700) * UNITS['d']!));
			store.roles.set(rid, {
				id: rid,
				userId: id,
				type: role.type,
				label: role.label ?? ROLE_LABELS[role.type] ?? role.type,
				status: role.status ?? 'ACTIVE',
				assignmentType: role.assignmentType ?? 'USER',
				created: rc,
				lastUpdated: rc,
				role: custom ? (role.role ?? `cr0${jitter.string(BASE62, 17)}`) : null,
				resourceSet: custom ? (role.resourceSet ?? `iam${jitter.string(BASE62, 17)}`) : null,
			});
		});

		(du.factors ?? []).forEach((f, j) => {
			const provider = f.provider ?? DEFAULT_PROVIDER[f.factorType] ?? 'OKTA';
			const fid = f.id ?? store.newId(factorIdPrefix(f.factorType, provider));
			if (store.factors.has(fid)) throw new DataFileError(`${at}.factors[${j}].id: duplicate ${fid}`);
			const fc = t(f.created, Math.min(now, (activated ?? created) + jitter.int(0, 300) * UNITS['d']!));
			const record: FactorRecord = {
				id: fid,
				userId: id,
				factorType: f.factorType,
				provider,
				vendorName: f.vendorName ?? provider,
				status: f.status ?? 'ACTIVE',
				created: fc,
				lastUpdated: t(f.lastUpdated, fc),
				profile: {...defaultFactorProfile(f.factorType, profile), ...(f.profile ?? {})},
				secret: f.secret ? f.secret.replace(/[\s=]/g, '').toUpperCase() : null,
				pendingCode: null,
				activationAttempts: [],
			};
			store.addFactor(record);
		});

		(du.appLinks ?? []).forEach((l, j) => {
			const appId = app(l.app, `${at}.appLinks[${j}].app`);
			const a = store.apps.get(appId)!;
			const assignment = assignments.get(`${id}:${appId}`) ?? l.appAssignmentId ?? store.newId('0ua');
			assignments.set(`${id}:${appId}`, assignment);
			store.appLinks.push({
				userId: id,
				appId,
				label: l.label ?? a.label,
				linkPath: `/home/${a.name}/${appId}/aln${jitter.string(BASE62, 17)}`,
				logoUrl: a.logoUrl,
				appAssignmentId: l.appAssignmentId ?? assignment,
				credentialsSetup: l.credentialsSetup ?? false,
				hidden: l.hidden ?? false,
				sortOrder: l.sortOrder ?? j,
			});
		});

		(du.grants ?? []).forEach((g, j) => {
			const cid = client(g.client, `${at}.grants[${j}].client`);
			for (let k = 0; k < (g.repeat ?? 1); k++) {
				const gid = g.id && k === 0 ? g.id : store.newId('oag');
				if (store.grants.has(gid)) throw new DataFileError(`${at}.grants[${j}].id: duplicate ${gid}`);
				const gc = g.created !== undefined ? t(g.created, now) - k * 60_000 : Math.min(now, created + jitter.int(0, 600) * UNITS['d']!) - k * jitter.int(1, 3600) * 1000;
				store.grants.set(gid, {
					id: gid,
					userId: id,
					clientId: cid,
					scopeId: g.scopeId,
					source: g.source ?? 'END_USER',
					status: g.status ?? 'ACTIVE',
					created: gc,
					lastUpdated: gc,
					createdBy: g.source === 'ADMIN' && store.tokenOwnerId ? {id: store.tokenOwnerId, type: 'User'} : {id, type: 'User'},
				});
			}
		});

		(du.refreshTokens ?? []).forEach((rt, j) => {
			const cid = client(rt.client, `${at}.refreshTokens[${j}].client`);
			for (let k = 0; k < (rt.repeat ?? 1); k++) {
				const tid = rt.id && k === 0 ? rt.id : store.newId('oar');
				if (store.refreshTokens.has(tid)) throw new DataFileError(`${at}.refreshTokens[${j}].id: duplicate ${tid}`);
				const tc = rt.created !== undefined ? t(rt.created, now) - k * 60_000 : now - jitter.int(60, 60 * 86_400) * 1000;
				store.refreshTokens.set(tid, {
					id: tid,
					userId: id,
					clientId: cid,
					scopes: rt.scopes ?? ['openid', 'offline_access'],
					status: 'ACTIVE',
					created: tc,
					lastUpdated: tc,
					expiresAt: rt.expiresAt !== undefined ? t(rt.expiresAt, now) : tc + 90 * UNITS['d']!,
				});
			}
		});
	});

	if (data.tokenOwner !== undefined) {
		const owner = store.users.get(data.tokenOwner) ?? store.userByLogin(data.tokenOwner);
		if (!owner) throw new DataFileError(`tokenOwner: no user with id or login ${JSON.stringify(data.tokenOwner)}`);
		store.tokenOwnerId = owner.id;
		for (const g of store.grants.values()) if (g.source === 'ADMIN') g.createdBy = {id: owner.id, type: 'User'};
	} else {
		const admin = [...store.roles.values()].find((r) => r.type === 'SUPER_ADMIN');
		store.tokenOwnerId = admin?.userId ?? null;
	}
	return store;
}

/** Profile defaults by factor type (what Okta fills in when the factor is enrolled). */
function defaultFactorProfile(factorType: string, user: Profile): Record<string, unknown> {
	switch (factorType) {
		case 'email':
			return {email: user.email};
		case 'token:software:totp':
			return {credentialId: user.login};
		case 'token:hotp':
			// The spec's profile for Custom TOTP only has the write-only sharedSecret: nothing to show.
			return {};
		case 'push':
			return {credentialId: user.login, deviceType: 'SmartPhone_IPhone', name: 'iPhone', platform: 'IOS', version: '17.5.1'};
		case 'signed_nonce':
			return {credentialId: user.login, deviceType: 'Desktop_MacOS', name: 'MacBook Pro', platform: 'MACOS', version: '14.5.0'};
		case 'webauthn':
			return {credentialId: `${user.login.replace(/[^A-Za-z0-9]/g, '')}WebAuthnCredential`, authenticatorName: 'Security Key'};
		case 'u2f':
			return {credentialId: `${user.login.replace(/[^A-Za-z0-9]/g, '')}U2fCredential`};
		case 'web':
			return {credentialId: user.login};
		case 'token:hardware':
			return {credentialId: '000007447128'};
		case 'token':
			return {credentialId: user.login};
		default:
			return {};
	}
}
