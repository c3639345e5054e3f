/**
 * Okta's System Log for the simulator: event records, how one is built in the `LogEvent` shape of the OpenAPI
 * description (only fields it declares; no nulls, which its enums refuse), the catalogue of the event types the
 * simulator writes (display message, legacy type, severity, as Okta shows them), the places and clients seeded
 * events come from, and how `GET /api/v1/logs` filters (`filter`, `q`).
 *
 * Addresses are from the documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32).
 */
import {randomUUID} from 'node:crypto';
import * as err from './errors.js';
import {parseExpression, type Expr} from './search.js';

export type Json = Record<string, unknown>;

/** One System Log event as the store keeps it: the wire JSON without `published`, plus its order key. */
export interface LogEventRecord {
	/** Epoch ms. */
	readonly published: number;
	/** Arrival order (ties on `published`). */
	readonly seq: number;
	readonly json: Json;
	/** Lower-case text of every string value, for `q` (computed on the first keyword query). */
	haystack?: string;
}

export type Severity = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface Party {
	readonly type: string;
	readonly id: string;
	readonly alternateId?: string;
	readonly displayName?: string;
	readonly detailEntry?: Json;
	/** What an update changed (`{from, to}`), on the target it changed. */
	readonly changeDetails?: Json;
}

/** Where a request came from (a seeded city, or what the simulator saw). */
export interface Place {
	readonly city: string;
	readonly state: string;
	readonly country: string;
	readonly postalCode?: string;
	readonly lat: number;
	readonly lon: number;
	/** The network it is on (absent for a place a data file describes by hand). */
	readonly asNumber?: number;
	readonly asOrg?: string;
	readonly isp?: string;
	readonly domain?: string;
	readonly isProxy?: boolean;
	/** The IP prefix addresses are drawn from ("203.0.113."). */
	readonly net?: string;
}

export interface ClientSpec {
	readonly ip: string;
	readonly userAgent?: string;
	readonly place?: Place;
	readonly zone?: string;
	readonly device?: string;
	/** OAuth client id or agent id. */
	readonly id?: string;
}

export interface EventSpec {
	readonly eventType: string;
	readonly published: number;
	readonly actor: Party;
	readonly targets?: readonly Party[];
	readonly outcome?: {readonly result: string; readonly reason?: string | undefined};
	readonly severity?: Severity;
	readonly displayMessage?: string;
	readonly client?: ClientSpec;
	readonly authentication?: {readonly provider?: string; readonly credentialProvider?: string; readonly credentialType?: string; readonly sessionId?: string; readonly interface?: string};
	/** Overrides of the security context the place gives. */
	readonly security?: {readonly asNumber?: number; readonly asOrg?: string; readonly isp?: string; readonly domain?: string; readonly isProxy?: boolean};
	readonly debugData?: Json;
	/** Defaults to a fresh id; API actions use the X-Okta-Request-Id. */
	readonly transactionId?: string;
	readonly transactionType?: 'WEB' | 'JOB';
	readonly transactionDetail?: Json;
	readonly uuid?: string;
}

// ------------------------------------------------------------------ catalogue

interface CatalogueEntry {
	readonly message: string;
	readonly legacy?: string;
	readonly severity: Severity;
}

/** The event types the simulator writes, with Okta's display message and legacy type. Others are served as given. */
export const EVENT_TYPES: Readonly<Record<string, CatalogueEntry>> = {
	'user.session.start': {message: 'User login to Okta', legacy: 'core.user_auth.login_success', severity: 'INFO'},
	'user.session.end': {message: 'User logout from Okta', legacy: 'core.user_auth.logout_success', severity: 'INFO'},
	'user.session.clear': {message: 'Clear user session', legacy: 'core.user.session.clear', severity: 'INFO'},
	'user.authentication.sso': {message: 'User single sign on to app', legacy: 'app.auth.sso', severity: 'INFO'},
	'user.authentication.auth_via_mfa': {message: 'Authentication of user via MFA', legacy: 'core.user.factor.attempt_success', severity: 'INFO'},
	'user.authentication.verify': {message: 'Verify user identity', severity: 'INFO'},
	'system.push.send_factor_verify_push': {message: 'Push notification sent to user for verification', severity: 'INFO'},
	'system.sms.send_factor_verify_message': {message: 'Send SMS verification message to user', severity: 'INFO'},
	'system.voice.send_call': {message: 'Send voice call verification to user', severity: 'INFO'},
	'system.email.send_factor_verify_message': {message: 'Send email verification message to user', severity: 'INFO'},
	'user.mfa.okta_verify.deny_push': {message: 'User rejected Okta push verify', legacy: 'core.user.factor.attempt_fail', severity: 'WARN'},
	'user.account.lock': {message: 'Max sign in attempts exceeded', legacy: 'core.user_auth.account_locked', severity: 'WARN'},
	'user.account.unlock_by_admin': {message: 'Unlock user account by admin', legacy: 'core.user.config.user_unlocked', severity: 'INFO'},
	'user.account.update_profile': {message: 'Update user profile for Okta', legacy: 'core.user.config.profile_update.success', severity: 'INFO'},
	'user.account.reset_password': {message: 'Reset user password', legacy: 'core.user.config.password_reset', severity: 'INFO'},
	'user.account.privilege.revoke': {message: 'Revoke user privilege', legacy: 'core.user.admin_privilege.revoked', severity: 'INFO'},
	'user.account.expire_password': {message: 'Expire user password', legacy: 'core.user.config.password_expired', severity: 'INFO'},
	'policy.evaluate_sign_on': {message: 'Evaluation of sign-on policy', severity: 'INFO'},
	'app.generic.unauth_app_access_attempt': {message: 'User attempted unauthorized access to app', legacy: 'app.generic.unauth_app_access_attempt', severity: 'WARN'},
	'security.threat.detected': {message: 'Request from suspicious actor', legacy: 'security.threat.detected', severity: 'WARN'},
	'user.mfa.factor.activate': {message: 'Activate factor for user', legacy: 'core.user.factor.activate', severity: 'INFO'},
	'user.mfa.factor.update': {message: 'Update factor for user', legacy: 'core.user.factor.update', severity: 'INFO'},
	'user.mfa.factor.deactivate': {message: 'Reset factor for user', legacy: 'core.user.factor.deactivate', severity: 'INFO'},
	'user.mfa.factor.reset_all': {message: 'Reset all factors for user', legacy: 'core.user.factor.reset_all', severity: 'INFO'},
	'user.lifecycle.activate': {message: 'Activate Okta user', legacy: 'core.user.config.user_activated', severity: 'INFO'},
	'user.lifecycle.reactivate': {message: 'Reactivate Okta user', legacy: 'core.user.config.user_reactivated', severity: 'INFO'},
	'user.lifecycle.deactivate': {message: 'Deactivate Okta user', legacy: 'core.user.config.user_deactivated', severity: 'INFO'},
	'user.lifecycle.suspend': {message: 'Suspend Okta user', legacy: 'core.user.config.user_status.suspended', severity: 'INFO'},
	'user.lifecycle.unsuspend': {message: 'Unsuspend Okta user', legacy: 'core.user.config.user_status.unsuspended', severity: 'INFO'},
	'user.lifecycle.delete.initiated': {message: 'Delete Okta user', legacy: 'core.user.config.user_deleted', severity: 'INFO'},
	'app.oauth2.as.consent.revoke': {message: 'User consent for scopes revoked', severity: 'INFO'},
	'app.oauth2.as.token.revoke': {message: 'OAuth2 refresh token revocation request', severity: 'INFO'},
};

// ------------------------------------------------------------------ places and clients

const place = (city: string, state: string, country: string, postalCode: string, lat: number, lon: number, asNumber: number, asOrg: string, isp: string, domain: string, net: string, isProxy = false): Place => ({
	city,
	state,
	country,
	postalCode,
	lat,
	lon,
	asNumber,
	asOrg,
	isp,
	domain,
	net,
	isProxy,
});

/** Seeded locations by city name (a data file's `client.city` picks one). */
export const PLACES: Readonly<Record<string, Place>> = {
	Stockholm: place('Stockholm', 'Stockholm County', 'Sweden', '111 20', 59.3293, 18.0686, 3301, 'telia company ab', 'telia company ab', 'telia.com', '198.51.100.'),
	Dublin: place('Dublin', 'Leinster', 'Ireland', 'D02', 53.3498, -6.2603, 5466, 'eircom limited', 'eir', 'eir.ie', '198.51.100.'),
	Lisbon: place('Lisbon', 'Lisbon', 'Portugal', '1100-148', 38.7223, -9.1393, 3243, 'meo - servicos de comunicacoes e multimedia s.a.', 'meo', 'meo.pt', '203.0.113.'),
	Madrid: place('Madrid', 'Madrid', 'Spain', '28001', 40.4168, -3.7038, 3352, 'telefonica de espana s.a.u.', 'movistar', 'telefonica.es', '203.0.113.'),
	Berlin: place('Berlin', 'Land Berlin', 'Germany', '10115', 52.52, 13.405, 3320, 'deutsche telekom ag', 'deutsche telekom ag', 'telekom.de', '192.0.2.'),
	Warsaw: place('Warsaw', 'Mazovia', 'Poland', '00-001', 52.2297, 21.0122, 5617, 'orange polska spolka akcyjna', 'orange polska', 'orange.pl', '192.0.2.'),
	Oslo: place('Oslo', 'Oslo County', 'Norway', '0150', 59.9139, 10.7522, 2119, 'telenor norge as', 'telenor', 'telenor.no', '198.51.100.'),
	'New York': place('New York', 'New York', 'United States', '10001', 40.7128, -74.006, 7922, 'comcast cable communications, llc', 'comcast cable', 'comcast.net', '203.0.113.'),
	'San Francisco': place('San Francisco', 'California', 'United States', '94103', 37.7749, -122.4194, 7018, 'at&t services, inc.', 'at&t', 'att.net', '203.0.113.'),
	Austin: place('Austin', 'Texas', 'United States', '78701', 30.2672, -97.7431, 11427, 'charter communications inc', 'spectrum', 'spectrum.com', '203.0.113.'),
	Bengaluru: place('Bengaluru', 'Karnataka', 'India', '560001', 12.9716, 77.5946, 24560, 'bharti airtel ltd.', 'airtel', 'airtel.in', '192.0.2.'),
	Tokyo: place('Tokyo', 'Tokyo', 'Japan', '100-0001', 35.6762, 139.6503, 2516, 'kddi corporation', 'kddi', 'kddi.com', '192.0.2.'),
	Shanghai: place('Shanghai', 'Shanghai', 'China', '200000', 31.2304, 121.4737, 4812, 'china telecom group', 'china telecom', 'chinatelecom.com.cn', '192.0.2.'),
	Lagos: place('Lagos', 'Lagos', 'Nigeria', '100001', 6.5244, 3.3792, 29465, 'mtn nigeria communication limited', 'mtn nigeria', 'mtnnigeria.net', '198.51.100.'),
	'São Paulo': place('São Paulo', 'São Paulo', 'Brazil', '01000-000', -23.5505, -46.6333, 28573, 'claro nxt telecomunicacoes ltda', 'claro', 'claro.com.br', '198.51.100.'),
	Bucharest: place('Bucharest', 'Bucuresti', 'Romania', '010011', 44.4268, 26.1025, 8708, 'rcs & rds s.a.', 'digi', 'rcs-rds.ro', '198.51.100.'),
	Copenhagen: place('Copenhagen', 'Capital Region', 'Denmark', '1050', 55.6761, 12.5683, 3292, 'tdc holding a/s', 'tdc net', 'tdc.dk', '198.51.100.'),
	Istanbul: place('Istanbul', 'Istanbul', 'Turkey', '34000', 41.0082, 28.9784, 9121, 'turk telekomunikasyon anonim sirketi', 'turk telekom', 'turktelekom.com.tr', '192.0.2.'),
	Hanoi: place('Hanoi', 'Hanoi', 'Vietnam', '100000', 21.0278, 105.8342, 7552, 'viettel group', 'viettel', 'viettel.vn', '192.0.2.'),
	Almaty: place('Almaty', 'Almaty', 'Kazakhstan', '050000', 43.222, 76.8512, 9198, 'jsc kazakhtelecom', 'kazakhtelecom', 'telecom.kz', '198.51.100.'),
	Dubai: place('Dubai', 'Dubai', 'United Arab Emirates', '00000', 25.2048, 55.2708, 5384, 'emirates telecommunications group company (etisalat group) pjsc', 'etisalat', 'etisalat.ae', '198.51.100.'),
	Amsterdam: place('Amsterdam', 'North Holland', 'Netherlands', '1012', 52.3676, 4.9041, 9009, 'm247 europe srl', 'm247 europe srl', 'm247.com', '203.0.113.', true),
	Frankfurt: place('Frankfurt am Main', 'Hesse', 'Germany', '60313', 50.1109, 8.6821, 14061, 'digitalocean, llc', 'digitalocean', 'digitalocean.com', '192.0.2.', true),
	Singapore: place('Singapore', 'Singapore', 'Singapore', '018956', 1.3521, 103.8198, 45102, 'alibaba (us) technology co., ltd.', 'alibaba', 'alibaba-inc.com', '192.0.2.', true),
};

/** Clients people sign in from, as Okta parses them (rawUserAgent, os, browser). */
export const USER_AGENTS = {
	chromeMac: {raw: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', os: 'Mac OS X', browser: 'CHROME', device: 'Computer'},
	safariIphone: {raw: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', os: 'iOS', browser: 'SAFARI', device: 'Mobile'},
	firefoxWindows: {raw: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0', os: 'Windows 10', browser: 'FIREFOX', device: 'Computer'},
	edgeWindows: {raw: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', os: 'Windows 10', browser: 'EDGE', device: 'Computer'},
	chromeAndroid: {raw: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', os: 'Android', browser: 'CHROME', device: 'Mobile'},
	chromeLinux: {raw: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', os: 'Linux', browser: 'CHROME', device: 'Computer'},
	oktaVerifyIos: {raw: 'OktaVerify/9.27.1 (iPhone; iOS 17.5.1; Scale/3.00) Okta-Verify-iOS', os: 'iOS', browser: 'UNKNOWN', device: 'Mobile'},
	pythonRequests: {raw: 'python-requests/2.31.0', os: 'Unknown', browser: 'UNKNOWN', device: 'Unknown'},
	curl: {raw: 'curl/8.5.0', os: 'Unknown', browser: 'UNKNOWN', device: 'Unknown'},
} as const;

export type UserAgentName = keyof typeof USER_AGENTS;

/** Okta's os/browser words for a raw User-Agent (enough for what the simulator sees). */
const agentCache = new Map<string, {os: string; browser: string; device: string}>();
function parseAgent(raw: string): {os: string; browser: string; device: string} {
	let hit = agentCache.get(raw);
	if (!hit) {
		if (agentCache.size > 500) agentCache.clear();
		agentCache.set(raw, (hit = readAgent(raw)));
	}
	return hit;
}

function readAgent(raw: string): {os: string; browser: string; device: string} {
	const known = Object.values(USER_AGENTS).find((a) => a.raw === raw);
	if (known) return known;
	const os = /iPhone|iPad/.test(raw) ? 'iOS' : /Android/.test(raw) ? 'Android' : /Mac OS X/.test(raw) ? 'Mac OS X' : /Windows NT 10/.test(raw) ? 'Windows 10' : /Linux/.test(raw) ? 'Linux' : 'Unknown';
	const browser = /Edg\//.test(raw) ? 'EDGE' : /Firefox\//.test(raw) ? 'FIREFOX' : /Chrome\//.test(raw) ? 'CHROME' : /Safari\//.test(raw) ? 'SAFARI' : 'UNKNOWN';
	const device = /Mobile|iPhone|Android/.test(raw) ? 'Mobile' : os === 'Unknown' ? 'Unknown' : 'Computer';
	return {os, browser, device};
}

// ------------------------------------------------------------------ building

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A transaction / request id in Okta's shape (27 characters). */
export function newTransactionId(random: () => number = Math.random): string {
	let s = '';
	for (let i = 0; i < 27; i++) s += ID_CHARS[Math.floor(random() * ID_CHARS.length)];
	return s;
}

const party = (p: Party): Json => ({id: p.id, type: p.type, ...(p.alternateId !== undefined ? {alternateId: p.alternateId} : {}), ...(p.displayName !== undefined ? {displayName: p.displayName} : {}), ...(p.detailEntry ? {detailEntry: p.detailEntry} : {}), ...(p.changeDetails ? {changeDetails: p.changeDetails} : {})});

const geoCache = new WeakMap<Place, Json>();
/** The geographical context of a place (one shared, never-mutated object per place: seeds build thousands). */
function geo(p: Place): Json {
	let g = geoCache.get(p);
	if (!g) geoCache.set(p, (g = geoOf(p)));
	return g;
}

function geoOf(p: Place): Json {
	return {city: p.city, state: p.state, country: p.country, ...(p.postalCode ? {postalCode: p.postalCode} : {}), geolocation: {lat: p.lat, lon: p.lon}};
}

/** A LogEvent (without `published`) from a spec, in Okta's key order. */
export function buildEvent(spec: EventSpec, random: () => number = Math.random): Json {
	const cat = EVENT_TYPES[spec.eventType];
	const outcome = spec.outcome ?? {result: 'SUCCESS'};
	const failed = outcome.result !== 'SUCCESS' && outcome.result !== 'ALLOW';
	const severity = spec.severity ?? (failed && cat?.severity === 'INFO' ? 'WARN' : (cat?.severity ?? 'INFO'));
	const legacy = spec.eventType === 'user.session.start' && failed ? 'core.user_auth.login_failed' : cat?.legacy;
	const c = spec.client;
	const transactionId = spec.transactionId ?? newTransactionId(random);
	const json: Json = {
		actor: party(spec.actor),
	};
	if (c) {
		const agent = c.userAgent ? parseAgent(c.userAgent) : null;
		json['client'] = {
			...(c.userAgent ? {userAgent: {rawUserAgent: c.userAgent, os: agent?.os, browser: agent?.browser}} : {}),
			zone: c.zone ?? 'null',
			device: c.device ?? agent?.device ?? 'Unknown',
			...(c.id ? {id: c.id} : {}),
			ipAddress: c.ip,
			...(c.place ? {geographicalContext: geo(c.place)} : {}),
		};
	}
	const a = spec.authentication;
	json['authenticationContext'] = {
		...(a?.provider ? {authenticationProvider: a.provider} : {}),
		...(a?.credentialProvider ? {credentialProvider: a.credentialProvider} : {}),
		...(a?.credentialType ? {credentialType: a.credentialType} : {}),
		...(a?.interface ? {interface: a.interface} : {}),
		authenticationStep: 0,
		...(a?.sessionId ? {externalSessionId: a.sessionId} : {}),
	};
	json['displayMessage'] = spec.displayMessage ?? cat?.message ?? spec.eventType;
	json['eventType'] = spec.eventType;
	json['outcome'] = {result: outcome.result, ...(outcome.reason ? {reason: outcome.reason} : {})};
	json['securityContext'] = securityContext(c?.place, spec.security, c?.ip);
	json['severity'] = severity;
	json['debugContext'] = {debugData: {requestId: transactionId, ...spec.debugData}};
	if (legacy) json['legacyEventType'] = legacy;
	json['transaction'] = {type: spec.transactionType ?? 'WEB', id: transactionId, detail: spec.transactionDetail ?? {}};
	json['uuid'] = spec.uuid ?? randomUUID();
	json['version'] = '0';
	json['request'] = {ipChain: c ? [{ip: c.ip, ...(c.place ? {geographicalContext: geo(c.place)} : {}), version: c.ip.includes(':') ? 'V6' : 'V4'}] : []};
	json['target'] = (spec.targets ?? []).map(party);
	return json;
}

function securityContext(p: Place | undefined, o: EventSpec['security'], ip: string | undefined): Json {
	const loopback = ip !== undefined && (ip.startsWith('127.') || ip === '::1');
	if (!p && !o) return loopback ? {isProxy: false} : {};
	const out: Json = {};
	const asNumber = o?.asNumber ?? p?.asNumber;
	const asOrg = o?.asOrg ?? p?.asOrg;
	const isp = o?.isp ?? p?.isp;
	const domain = o?.domain ?? p?.domain;
	const isProxy = o?.isProxy ?? p?.isProxy;
	if (asNumber !== undefined) out['asNumber'] = asNumber;
	if (asOrg !== undefined) out['asOrg'] = asOrg;
	if (isp !== undefined) out['isp'] = isp;
	if (domain !== undefined) out['domain'] = domain;
	if (isProxy !== undefined) out['isProxy'] = isProxy;
	return out;
}

/** Okta's rendering of behaviour results in debugData: `{New Country=POSITIVE, New Device=NEGATIVE}`. */
export function behaviorsText(behaviors: Readonly<Record<string, 'POSITIVE' | 'NEGATIVE' | 'UNKNOWN'>>): string {
	return `{${Object.entries(behaviors)
		.map(([k, v]) => `${k}=${v}`)
		.join(', ')}}`;
}

/** The behaviours Okta evaluates for a sign-in, all NEGATIVE but those given. */
export function signInBehaviors(positive: readonly string[] = []): Record<string, 'POSITIVE' | 'NEGATIVE'> {
	const all = ['New Geo-Location', 'New Device', 'New IP', 'New State', 'New Country', 'Velocity', 'New City'];
	return Object.fromEntries(all.map((b) => [b, positive.includes(b) ? 'POSITIVE' : 'NEGATIVE']));
}

/** debugData of a sign-in: behaviours and risk in Okta's two forms (the text one and logOnlySecurityData). */
const debugCache = new Map<string, Json>();
export function signInDebugData(opts: {positive?: readonly string[]; risk?: 'LOW' | 'MEDIUM' | 'HIGH'; threatSuspected?: boolean; requestUri?: string}): Json {
	const key = JSON.stringify(opts);
	let hit = debugCache.get(key);
	if (!hit) {
		if (debugCache.size > 200) debugCache.clear();
		debugCache.set(key, (hit = debugDataOf(opts)));
	}
	return hit;
}

function debugDataOf(opts: {positive?: readonly string[]; risk?: 'LOW' | 'MEDIUM' | 'HIGH'; threatSuspected?: boolean; requestUri?: string}): Json {
	const behaviors = signInBehaviors(opts.positive);
	const risk = opts.risk ?? (opts.positive?.length ? 'MEDIUM' : 'LOW');
	return {
		requestUri: opts.requestUri ?? '/idp/idx/authenticators/poll',
		threatSuspected: String(opts.threatSuspected ?? false),
		behaviors: behaviorsText(behaviors),
		risk: `{level=${risk}}`,
		logOnlySecurityData: JSON.stringify({risk: {level: risk}, behaviors}),
	};
}

export function haystackOf(value: unknown): string {
	const parts: string[] = [];
	const walk = (v: unknown): void => {
		if (typeof v === 'string') parts.push(v.toLowerCase());
		else if (Array.isArray(v)) v.forEach(walk);
		else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
	};
	walk(value);
	return parts.join('\u0000');
}

// ------------------------------------------------------------------ filter and q

type Value = string | number | boolean | null;

/** Values at a dotted path; arrays (the `target` list) give every element's. */
function valuesAt(json: unknown, path: readonly string[], from = 0, out: unknown[] = []): unknown[] {
	if (Array.isArray(json)) {
		if (from === path.length) out.push(...json);
		else for (const item of json) valuesAt(item, path, from, out);
	} else if (from === path.length) out.push(json);
	else if (json !== null && typeof json === 'object') valuesAt((json as Json)[path[from] as string], path, from + 1, out);
	return out;
}

function compare(actual: unknown, op: string, expected: Value, isDate: boolean): boolean {
	if (op === 'pr') return actual !== undefined && actual !== null && actual !== '';
	if (op === 'ne') return !compare(actual, 'eq', expected, isDate);
	if (actual === undefined || actual === null) return op === 'eq' && expected === null;
	if (isDate) {
		const a = Date.parse(String(actual));
		const e = typeof expected === 'string' ? Date.parse(expected) : NaN;
		if (Number.isNaN(e)) throw err.validationFailed('filter', ['filter: Invalid date value in the filter expression.']);
		return op === 'eq' ? a === e : op === 'gt' ? a > e : op === 'ge' ? a >= e : op === 'lt' ? a < e : op === 'le' ? a <= e : false;
	}
	if (typeof actual === 'boolean' || typeof expected === 'boolean') return op === 'eq' && String(actual) === String(expected);
	if (expected === null) return false;
	const a = String(actual).toLowerCase();
	const e = String(expected).toLowerCase();
	switch (op) {
		case 'eq':
			return a === e;
		case 'sw':
			return a.startsWith(e);
		case 'co':
			return a.includes(e);
		case 'gt':
			return a > e;
		case 'ge':
			return a >= e;
		case 'lt':
			return a < e;
		case 'le':
			return a <= e;
		default:
			return false;
	}
}

type Test = (json: Json, published: () => string) => boolean;

/**
 * The filter as a tree of closures, each attribute path split and each literal lowered once: it runs against every
 * event in the window (thousands), and a user view asks for it on every open.
 */
function compileExpr(expr: Expr): Test {
	switch (expr.kind) {
		case 'and': {
			const left = compileExpr(expr.left);
			const right = compileExpr(expr.right);
			return (json, published) => left(json, published) && right(json, published);
		}
		case 'or': {
			const left = compileExpr(expr.left);
			const right = compileExpr(expr.right);
			return (json, published) => left(json, published) || right(json, published);
		}
		case 'not': {
			const inner = compileExpr(expr.expr);
			return (json, published) => !inner(json, published);
		}
		case 'cmp': {
			const {op, value} = expr;
			if (expr.attr === 'published') return (_json, published) => compare(published(), op, value, true);
			const path = expr.attr.split('.');
			// The common case (eq on a string): one lowered literal, no per-value String() of the expected side.
			const lowered = op === 'eq' && typeof value === 'string' ? value.toLowerCase() : null;
			const one =
				lowered !== null
					? (v: unknown): boolean => v !== undefined && v !== null && (typeof v === 'boolean' ? String(v) === value : String(v).toLowerCase() === lowered)
					: (v: unknown): boolean => compare(v, op, value, false);
			return (json) => {
				const values = valuesAt(json, path);
				if (op === 'ne') return values.every((v) => compare(v, 'ne', value, false));
				if (values.length === 0) return compare(undefined, op, value, false);
				return values.some(one);
			};
		}
	}
}

/** Compiles `filter` (SCIM: eq, ne, sw, co, gt, ge, lt, le, pr, and, or, not, parentheses); 400 E0000001 when invalid. */
export function compileLogFilter(text: string): (e: LogEventRecord) => boolean {
	let expr: Expr;
	try {
		expr = parseExpression(text, {allowNe: true});
	} catch {
		throw err.validationFailed('filter', ['filter: Invalid filter expression.']);
	}
	const test = compileExpr(expr);
	return (e) => test(e.json, () => new Date(e.published).toISOString());
}

/** `q`: every keyword (case-insensitive, at most 10 of at most 40 characters) must appear in the event. */
export function compileKeywords(q: string): (e: LogEventRecord) => boolean {
	const words = q
		.trim()
		.split(/\s+/)
		.filter(Boolean)
		.map((w) => w.toLowerCase());
	if (words.length > 10 || words.some((w) => [...w].length > 40)) throw err.validationFailed('q', ['q: At most 10 keywords of at most 40 characters each.']);
	return (e) => {
		e.haystack ??= haystackOf(e.json);
		const text = e.haystack;
		return words.every((w) => text.includes(w));
	};
}
