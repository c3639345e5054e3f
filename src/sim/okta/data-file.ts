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
 *     ],
 *     "events": [
 *       {"eventType": "user.session.start", "user": "dana.ops@example.com", "published": "-45m", "repeat": 5,
 *        "every": "60s", "outcome": {"result": "FAILURE", "reason": "INVALID_CREDENTIALS"},
 *        "client": {"city": "Dublin", "userAgent": "chromeMac"}},
 *       {"eventType": "user.account.lock", "user": "dana.ops@example.com", "published": "-40m",
 *        "outcome": {"result": "FAILURE", "reason": "LOCKED_OUT"}, "client": {"city": "Dublin"}},
 *       {"eventType": "user.lifecycle.suspend", "user": "dana.ops@example.com", "published": "-10m"}
 *     ]
 *   }
 *
 * The schema below (valibot, src/sim/shared/data-file.ts) is the format; a bad file is refused with the first problem
 * at its exact path, e.g. `users[3].emails[0].email: expected a non-empty string` or `users[0].login: required (…)`.
 * Unknown keys are ignored.
 *
 * Field reference:
 *   top level     org?: {userTypeId?, userSchemaId?, authorizationServer?: {id?, name?}, everyoneGroupId?},
 *                 tokenOwner? (login or id of the admin behind the API token: GET /api/v1/users/me),
 *                 groups?: Group[], idps?: Idp[], apps?: App[], clients?: Client[], users: User[], events?: Event[]
 *   Idp           id? (0oa…), name ("Google Workspace"), type? (IdentityProviderType: "SAML2", GOOGLE, MICROSOFT, OIDC…),
 *                 protocol? (SAML2 | OIDC | OAUTH2; from the type), status? ("ACTIVE"), created?
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
 *                 recoveryQuestion?, provider?: {type ("OKTA"), name?}, idps?: (name | id)[], blocks?: [{appliesTo}],
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
 *   Event         a System Log event (GET /api/v1/logs serves them as LogEvent): eventType (any string; the ones in
 *                 events.ts EVENT_TYPES get Okta's displayMessage, legacyEventType and severity), published? ("now"),
 *                 user? (login or id: who it is about), actor? (login or id, or "system"; default: the user for what
 *                 users do themselves — user.session.*, user.authentication.*, user.mfa.okta_verify.*,
 *                 user.account.lock, policy.*, app.generic.*, security.threat.*, system.push.* — else the token owner,
 *                 with the user as target), outcome? ("SUCCESS"; a result, or {result, reason}), reason?, severity?,
 *                 displayMessage?, client?: {city? (a known city — events.ts PLACES — fills state, country,
 *                 geolocation and the network), state?, country?, postalCode?, lat?, lon?, ip? (drawn from the city's
 *                 network), userAgent? (raw, or a name from events.ts USER_AGENTS: chromeMac, safariIphone…), zone?,
 *                 device?}, security?: {asNumber?, asOrg?, isp?, domain?, isProxy?}, auth?: {credentialType?,
 *                 credentialProvider?, provider?, sessionId?}, app? (name, label or id: an AppInstance target),
 *                 targets?: [{type, id?, displayName?, alternateId?, detailEntry?, changeDetails?: {from, to}}],
 *                 behaviors? (the POSITIVE ones: "New Country", "New Device", "Velocity"…), threatSuspected?, risk?
 *                 ("LOW" | "MEDIUM" | "HIGH"), debugData?, repeat? (copies), every? ("60s" between copies)
 *                 A user's lastLogin, when not given, is their newest successful user.session.start.
 */
import {bool, list, nonNegative, oneOf, opt, readJsonDataFile, record, str, strings, text, v, validateWith} from '../shared/data-file.js';
import {BASE62, Prng} from '../shared/prng.js';
import {base32Decode} from './totp.js';
import {PLACES, USER_AGENTS, signInDebugData, type ClientSpec, type Party as EventParty, type Place} from './events.js';
import {factorIdPrefix, newUserRecord, OktaStore, PROVIDER_TYPES, USER_STATUSES, userParty, type FactorRecord, type Profile, type UserRecord, type UserStatus} from './store.js';

// ------------------------------------------------------------------ the format (valibot; types inferred)

const OKTA_ID = 'expected an Okta id (letters and digits)';
const id = () => v.pipe(v.string(OKTA_ID), v.regex(/^[A-Za-z0-9]{3,40}$/, OKTA_ID));

const TIME = 'expected an ISO 8601 time or a relative time like "-30d"';
const TIME_RE = /^(now|[+-]\d+(\.\d+)?[smhdw])$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const time = () => v.pipe(v.string(TIME), v.check((t) => TIME_RE.test(t) || (ISO_RE.test(t) && !Number.isNaN(Date.parse(t))), TIME));

const Org = v.object(
	{userTypeId: opt(id()), userSchemaId: opt(id()), everyoneGroupId: opt(id()), authorizationServer: opt(v.object({id: opt(id()), name: opt(str())}, 'expected an object'))},
	'expected an object',
);

const Group = v.object({
	id: opt(id()),
	name: text(),
	description: opt(str()),
	type: opt(oneOf(['OKTA_GROUP', 'APP_GROUP', 'BUILT_IN'])),
	profile: opt(record()),
	sourceApp: opt(str()),
	created: opt(time()),
	lastUpdated: opt(time()),
	lastMembershipUpdated: opt(time()),
});

const Idp = v.object({
	id: opt(id()),
	name: text(),
	type: opt(str()),
	protocol: opt(oneOf(['SAML2', 'OIDC', 'OAUTH2'])),
	status: opt(oneOf(['ACTIVE', 'INACTIVE'])),
	created: opt(time()),
});

const App = v.object({id: opt(id()), name: text(), label: text(), logoUrl: opt(str())});

const Client = v.object({client_id: opt(id()), client_name: text(), client_uri: opt(str()), logo_uri: opt(str())});

const Role = v.object({
	id: opt(id()),
	type: text(),
	label: opt(str()),
	status: opt(oneOf(['ACTIVE', 'INACTIVE'])),
	assignmentType: opt(oneOf(['USER', 'GROUP', 'CLIENT'])),
	role: opt(str()),
	resourceSet: opt(str()),
	created: opt(time()),
});

const BASE32_SECRET = 'expected base32 (at least 16 characters)';
const isBase32Secret = (secret: string) => {
	try {
		return base32Decode(secret).length >= 10;
	} catch {
		return false;
	}
};

const Factor = v.object({
	id: opt(id()),
	factorType: text(),
	provider: opt(str()),
	vendorName: opt(str()),
	status: opt(str()),
	profile: opt(record()),
	secret: opt(v.pipe(v.string(BASE32_SECRET), v.check(isBase32Secret, BASE32_SECRET))),
	created: opt(time()),
	lastUpdated: opt(time()),
});

const AppLink = v.object({app: text(), label: opt(str()), hidden: opt(bool()), credentialsSetup: opt(bool()), sortOrder: opt(nonNegative()), appAssignmentId: opt(id())});

const Grant = v.object({
	id: opt(id()),
	client: text(),
	scopeId: text(),
	source: opt(oneOf(['ADMIN', 'END_USER'])),
	status: opt(oneOf(['ACTIVE', 'REVOKED'])),
	created: opt(time()),
	repeat: opt(nonNegative()),
});

const RefreshToken = v.object({id: opt(id()), client: text(), scopes: opt(strings()), created: opt(time()), expiresAt: opt(time()), repeat: opt(nonNegative())});

const LOGIN_LENGTH = 'must be 5 to 100 characters';

const User = v.object({
	id: opt(id()),
	login: v.pipe(text(), v.check((l) => l.length >= 5 && l.length <= 100, LOGIN_LENGTH)),
	email: opt(str()),
	firstName: text(),
	lastName: opt(str()),
	profile: opt(record()),
	status: opt(oneOf(USER_STATUSES)),
	transitioningToStatus: opt(oneOf(['ACTIVE', 'DEPROVISIONED', 'PROVISIONED'])),
	created: opt(time()),
	activated: opt(time()),
	statusChanged: opt(time()),
	lastLogin: opt(time()),
	lastUpdated: opt(time()),
	passwordChanged: opt(time()),
	password: opt(bool()),
	recoveryQuestion: opt(str()),
	provider: opt(v.object({type: oneOf(PROVIDER_TYPES), name: opt(str())}, 'expected an object')),
	blocks: opt(list(v.object({type: opt(oneOf(['DEVICE_BASED'])), appliesTo: oneOf(['ANY_DEVICES', 'UNKNOWN_DEVICES'])}))),
	sessions: opt(nonNegative()),
	rememberedDevices: opt(nonNegative()),
	groups: opt(strings()),
	idps: opt(strings()),
	roles: opt(list(v.union([v.string(), Role], 'expected a role type or an object'))),
	factors: opt(list(Factor)),
	appLinks: opt(list(AppLink)),
	grants: opt(list(Grant)),
	refreshTokens: opt(list(RefreshToken)),
});

const Party = v.object({type: text(), id: opt(str()), displayName: opt(str()), alternateId: opt(str()), detailEntry: opt(record()), changeDetails: opt(v.object({from: opt(record()), to: opt(record())}, 'expected an object'))});

const Event = v.object({
	eventType: text(),
	published: opt(time()),
	user: opt(str()),
	actor: opt(str()),
	outcome: opt(v.union([v.string(), v.object({result: text(), reason: opt(str())})], 'expected a result ("FAILURE") or {result, reason}')),
	reason: opt(str()),
	severity: opt(oneOf(['DEBUG', 'INFO', 'WARN', 'ERROR'])),
	displayMessage: opt(str()),
	client: opt(
		v.object(
			{
				city: opt(str()),
				state: opt(str()),
				country: opt(str()),
				postalCode: opt(str()),
				lat: opt(v.number('expected a number')),
				lon: opt(v.number('expected a number')),
				ip: opt(str()),
				userAgent: opt(str()),
				zone: opt(str()),
				device: opt(str()),
			},
			'expected an object',
		),
	),
	security: opt(v.object({asNumber: opt(nonNegative()), asOrg: opt(str()), isp: opt(str()), domain: opt(str()), isProxy: opt(bool())}, 'expected an object')),
	auth: opt(v.object({credentialType: opt(str()), credentialProvider: opt(str()), provider: opt(str()), sessionId: opt(str())}, 'expected an object')),
	app: opt(str()),
	targets: opt(list(Party)),
	behaviors: opt(strings()),
	threatSuspected: opt(bool()),
	risk: opt(oneOf(['LOW', 'MEDIUM', 'HIGH'])),
	debugData: opt(record()),
	repeat: opt(nonNegative()),
	every: opt(v.pipe(v.string('expected a duration like "30s"'), v.regex(/^\d+(\.\d+)?[smhd]$/, 'expected a duration like "30s"'))),
});

const DataFile = v.object(
	{
		users: list(User),
		events: opt(list(Event)),
		org: opt(Org),
		tokenOwner: opt(str()),
		groups: opt(list(Group)),
		idps: opt(list(Idp)),
		apps: opt(list(App)),
		clients: opt(list(Client)),
	},
	'expected an object',
);

export type DataGroup = v.InferOutput<typeof Group>;
export type DataApp = v.InferOutput<typeof App>;
export type DataClient = v.InferOutput<typeof Client>;
export type DataRole = v.InferOutput<typeof Role>;
export type DataFactor = v.InferOutput<typeof Factor>;
export type DataAppLink = v.InferOutput<typeof AppLink>;
export type DataGrant = v.InferOutput<typeof Grant>;
export type DataRefreshToken = v.InferOutput<typeof RefreshToken>;
export type DataUser = v.InferOutput<typeof User>;
export type DataEvent = v.InferOutput<typeof Event>;
export type OktaDataFile = v.InferOutput<typeof DataFile>;

export class DataFileError extends Error {
	override name = 'DataFileError';
}

/** Reads and parses a data file; errors name the file. */
export async function readOktaDataFile(path: string): Promise<OktaDataFile> {
	return readJsonDataFile(path, validateOktaDataFile, DataFileError);
}

/** Checks the shape of a parsed data file and returns it typed. Throws DataFileError naming the bad field. */
export function validateOktaDataFile(value: unknown): OktaDataFile {
	return validateWith(DataFile, value, DataFileError);
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

/**
 * Builds a store from a data file, validated first unless `ownSeed` (the seed's own file, checked against the schema
 * by test/sim/okta-data-file.test.ts: validating it again was a tenth of the demo's start). Ids not given are
 * generated from `seed`.
 */
export function loadOktaDataFile(input: OktaDataFile, opts: {seed?: number; now?: number; ownSeed?: boolean} = {}): OktaStore {
	const data = opts.ownSeed ? input : validateOktaDataFile(input);
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

	// Identity providers, by name or id.
	const idpRefs = new Map<string, string>();
	(data.idps ?? []).forEach((d, i) => {
		const id = d.id ?? store.newId('0oa');
		if (store.idps.has(id) || idpRefs.has(d.name)) throw new DataFileError(`idps[${i}]: duplicate name or id`);
		const created = t(d.created, orgCreated);
		const type = d.type ?? 'SAML2';
		store.idps.set(id, {id, name: d.name, type, protocol: d.protocol ?? (type === 'SAML2' ? 'SAML2' : type === 'FACEBOOK' || type === 'GITHUB' || type === 'LINKEDIN' ? 'OAUTH2' : 'OIDC'), status: d.status ?? 'ACTIVE', created, lastUpdated: created});
		idpRefs.set(d.name, id).set(id, id);
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
					idpIds: (du.idps ?? []).map((ref) => {
						const idp = idpRefs.get(ref);
						if (!idp) throw new Error(`idps: unknown identity provider ${JSON.stringify(ref)}`);
						return idp;
					}),
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
	loadEvents(store, data.events ?? [], data.users, now, new Prng((opts.seed ?? 1) ^ 0x10e));
	return store;
}

// ------------------------------------------------------------------ System Log events

/** Event types the user writes themselves (the actor is the user, not the token's admin). */
const SELF_EVENT = /^(user\.session\.|user\.authentication\.|user\.mfa\.okta_verify\.|user\.account\.lock|user\.account\.update_profile|user\.mfa\.factor\.activate|policy\.|app\.generic\.|security\.threat\.|system\.push\.)/;

const SYSTEM: EventParty = {type: 'SystemPrincipal', id: 'system@okta.com', alternateId: 'system@okta.com', displayName: 'Okta System'};

function uuidFrom(rng: Prng): string {
	const hex = rng.string('0123456789abcdef', 32);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[rng.int(0, 3)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Adds the file's events, in order of `published`; a user's `lastLogin` (when the file leaves it out) becomes the
 * time of their newest successful sign-in.
 */
function loadEvents(store: OktaStore, events: readonly DataEvent[], users: readonly DataUser[], now: number, rng: Prng): void {
	const find = (ref: string, at: string): UserRecord => {
		const u = store.users.get(ref) ?? store.userByLogin(ref);
		if (!u) throw new DataFileError(`${at}: no user with id or login ${JSON.stringify(ref)}`);
		return u;
	};
	const apps = new Map<string, {id: string; label: string; name: string}>();
	for (const a of store.apps.values()) for (const key of [a.id, a.name, a.label]) if (!apps.has(key)) apps.set(key, a);
	const owner = store.tokenOwnerId ? store.users.get(store.tokenOwnerId) : undefined;
	events.forEach((e, i) => {
		const at = `events[${i}]`;
		const user = e.user !== undefined ? find(e.user, `${at}.user`) : undefined;
		const self = SELF_EVENT.test(e.eventType);
		const actor: EventParty = e.actor === 'system' ? SYSTEM : e.actor !== undefined ? userParty(find(e.actor, `${at}.actor`)) : self && user ? userParty(user) : owner ? userParty(owner) : SYSTEM;
		const targets: EventParty[] = [];
		if (user && actor.id !== user.id) targets.push(userParty(user));
		if (e.app !== undefined) {
			const app = apps.get(e.app);
			if (!app) throw new DataFileError(`${at}.app: unknown app ${JSON.stringify(e.app)}`);
			targets.push({type: 'AppInstance', id: app.id, alternateId: app.label, displayName: app.label, detailEntry: {signOnModeType: 'SAML_2_0'}});
		}
		for (const t of e.targets ?? []) {
			targets.push({
				type: t.type,
				id: t.id ?? store.newId(t.type === 'PolicyRule' ? '0pr' : '00p'),
				...(t.alternateId !== undefined ? {alternateId: t.alternateId} : {}),
				...(t.displayName !== undefined ? {displayName: t.displayName} : {}),
				...(t.detailEntry ? {detailEntry: t.detailEntry} : {}),
				...(t.changeDetails ? {changeDetails: t.changeDetails} : {}),
			});
		}
		const c = e.client;
		let client: ClientSpec | undefined;
		if (c) {
			const known: Place | undefined = c.city !== undefined ? PLACES[c.city] : undefined;
			const place: Place | undefined =
				known ??
				(c.city !== undefined || c.country !== undefined
					? {city: c.city ?? '', state: c.state ?? '', country: c.country ?? '', ...(c.postalCode ? {postalCode: c.postalCode} : {}), lat: c.lat ?? 0, lon: c.lon ?? 0}
					: undefined);
			const agent = c.userAgent !== undefined ? ((USER_AGENTS as Record<string, {raw: string}>)[c.userAgent]?.raw ?? c.userAgent) : undefined;
			client = {
				ip: c.ip ?? `${place?.net ?? '192.0.2.'}${rng.int(2, 254)}`,
				...(agent ? {userAgent: agent} : {}),
				...(place ? {place} : {}),
				...(c.zone ? {zone: c.zone} : {}),
				...(c.device ? {device: c.device} : {}),
			};
		}
		const outcome = typeof e.outcome === 'string' ? {result: e.outcome, reason: e.reason} : e.outcome ? {result: e.outcome.result, reason: e.outcome.reason ?? e.reason} : {result: 'SUCCESS', reason: e.reason};
		const sessionId = e.auth?.sessionId ?? (self ? `idx${rng.string(BASE62, 23)}` : undefined);
		const signIn = e.behaviors !== undefined || e.threatSuspected !== undefined || e.risk !== undefined || /^user\.session\.start$|^security\.threat\./.test(e.eventType);
		const debugData = {
			...(signIn ? signInDebugData({...(e.behaviors ? {positive: e.behaviors} : {}), ...(e.risk ? {risk: e.risk} : {}), ...(e.threatSuspected !== undefined ? {threatSuspected: e.threatSuspected} : {})}) : {}),
			...e.debugData,
		};
		const start = e.published !== undefined ? parseDataTime(e.published, now) : now;
		const every = e.every !== undefined ? parseDataTime(`+${e.every}`, 0) : 30_000;
		for (let k = 0; k < Math.max(1, e.repeat ?? 1); k++) {
			store.addEvent(
				{
					eventType: e.eventType,
					published: start + k * every,
					actor,
					targets,
					outcome,
					...(e.severity ? {severity: e.severity} : {}),
					...(e.displayMessage ? {displayMessage: e.displayMessage} : {}),
					...(client ? {client} : {}),
					...(e.security ? {security: e.security} : {}),
					authentication: {
						...(e.auth?.credentialType ? {credentialType: e.auth.credentialType} : self && e.eventType === 'user.session.start' ? {credentialType: 'PASSWORD'} : {}),
						...(e.auth?.credentialProvider ? {credentialProvider: e.auth.credentialProvider} : {}),
						...(e.auth?.provider ? {provider: e.auth.provider} : self ? {provider: 'OKTA_AUTHENTICATION_PROVIDER'} : {}),
						...(sessionId ? {sessionId} : {}),
					},
					debugData,
					uuid: uuidFrom(rng),
					transactionId: rng.string(BASE62, 27),
				},
				() => rng.next(),
			);
		}
	});
	store.sortEvents();
	const explicit = new Set(users.filter((u) => u.lastLogin !== undefined).map((u) => u.id ?? u.login));
	for (const ev of store.events) {
		const json = ev.json as {eventType?: string; outcome?: {result?: string}; actor?: {id?: string; alternateId?: string}};
		if (json.eventType !== 'user.session.start' || json.outcome?.result !== 'SUCCESS' || !json.actor?.id) continue;
		const u = store.users.get(json.actor.id);
		if (!u || explicit.has(u.id) || explicit.has(u.profile.login) || ev.published > now) continue;
		u.lastLogin = ev.published;
	}
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
