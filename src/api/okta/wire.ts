/**
 * Okta Management API wire shapes (shared/research/okta-api.md §2-§7; the official OpenAPI description) and their
 * mapping to domain types. Nothing outside src/api/okta reads these field names.
 *
 * Every mapper tolerates what Okta may add or leave out: unknown statuses and factor types are kept as sent,
 * null-valued profile properties may be absent, and a row without an id is reported, never guessed.
 */
import type {LifecycleActionId} from '../provider.js';
import type {EmailAddress, Factor, LinkedIdentityProvider, Membership, OAuthGrant, Passkey, PhoneNumber, UserDetails, UserStatus, UserSummary} from '../types.js';

export type Obj = Record<string, unknown>;

export class WireError extends Error {}

export function isObj(v: unknown): v is Obj {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const str = (o: Obj, k: string): string | null => (typeof o[k] === 'string' ? (o[k] as string) : null);
const obj = (o: Obj, k: string): Obj => (isObj(o[k]) ? (o[k] as Obj) : {});
const nonEmpty = (v: string | null): string | null => (v === null || v.trim() === '' ? null : v);

function id(o: Obj, k = 'id'): string {
	const v = o[k];
	if (typeof v === 'string' && v !== '') return v;
	throw new WireError(`missing ${k}`);
}

/** A JSON array of objects (Okta lists are bare arrays); anything else is not an Okta list. */
export function list(body: unknown): Obj[] {
	if (!Array.isArray(body)) throw new WireError('expected a JSON array');
	return body.filter(isObj);
}

// ------------------------------------------------------------------ Link header

export interface LinkValue {
	readonly url: string;
	readonly rels: readonly string[];
}

/**
 * Parses an RFC 8288 `Link` header. Okta sends `self` and `next` as two separate headers, which arrive joined with
 * ", " (the transport flattens repeated headers); commas inside `<…>` or a quoted parameter do not split links.
 * `rel` may be quoted or not and may hold several space-separated relations; names compare case-insensitively.
 */
export function parseLinkHeader(header: string | null | undefined): LinkValue[] {
	const out: LinkValue[] = [];
	if (!header) return out;
	let i = 0;
	const n = header.length;
	while (i < n) {
		const open = header.indexOf('<', i);
		if (open < 0) break;
		const close = header.indexOf('>', open + 1);
		if (close < 0) break;
		const url = header.slice(open + 1, close).trim();
		i = close + 1;
		// Parameters up to the next comma that is outside quotes.
		let params = '';
		let quoted = false;
		for (; i < n; i++) {
			const c = header[i] as string;
			if (c === '\\' && quoted && i + 1 < n) {
				params += c + header[i + 1];
				i++;
				continue;
			}
			if (c === '"') quoted = !quoted;
			if (c === ',' && !quoted) {
				i++;
				break;
			}
			params += c;
		}
		const rels: string[] = [];
		for (const part of params.split(';')) {
			const m = /^\s*rel\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;,]+))\s*$/i.exec(part);
			if (m) rels.push(...(m[1] ?? m[2] ?? '').split(/\s+/).filter(Boolean).map((r) => r.toLowerCase()));
		}
		out.push({url, rels});
	}
	return out;
}

/** The `rel="next"` URL exactly as Okta sent it, or null at the end of the list. */
export function nextLink(header: string | null | undefined): string | null {
	return parseLinkHeader(header).find((l) => l.rels.includes('next'))?.url ?? null;
}

// ------------------------------------------------------------------ search

/** A string literal for Okta's search grammar: `"` and `\` escaped, control characters dropped. */
export function quote(value: string): string {
	const clean = value.replace(/[\u0000-\u001F\u007F]/g, '');
	return `"${clean.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export type OktaQueryKind = 'email' | 'id' | 'login' | 'text';

const OKTA_USER_ID = /^00u[A-Za-z0-9]{17}$/;

/**
 * What the operator typed, for Okta: an `00u…` id, an email-shaped string (logins are usually emails, and a login
 * such as `corp/jane@example.com` is one too), a login that is not a name (no spaces, with `/` or `\`, such as
 * `corp/jane` or `DOMAIN\jane`), or free text.
 */
export function classifyOktaQuery(query: string): OktaQueryKind {
	const q = query.trim();
	if (OKTA_USER_ID.test(q)) return 'id';
	if (/^[^\s@]+@[^\s@]+$/.test(q)) return 'email';
	if (/^\S+$/.test(q) && /[/\\]/.test(q)) return 'login';
	return 'text';
}

/** The `search=` expression for a query (shared/research/okta-api.md §3); `search` includes DEPROVISIONED users. */
export function searchExpression(query: string): string {
	const q = query.trim();
	const v = quote(q);
	switch (classifyOktaQuery(q)) {
		case 'email':
			return `profile.email eq ${v} or profile.login eq ${v}`;
		case 'login':
			// `sw` also matches the whole login, and finds it when only its start was typed.
			return `profile.login sw ${v}`;
		case 'id':
		case 'text': {
			const parts = [`profile.firstName sw ${v}`, `profile.lastName sw ${v}`, `profile.email sw ${v}`, `profile.login sw ${v}`];
			// "Dana Ops": first name and last name, in either order.
			const words = q.split(/\s+/);
			if (words.length >= 2) {
				const first = quote(words[0] as string);
				const rest = quote(words.slice(1).join(' '));
				const last = quote(words[words.length - 1] as string);
				const before = quote(words.slice(0, -1).join(' '));
				parts.push(`(profile.firstName sw ${first} and profile.lastName sw ${rest})`, `(profile.lastName sw ${before} and profile.firstName sw ${last})`);
			}
			return parts.join(' or ');
		}
	}
}

// ------------------------------------------------------------------ users

const STATUSES: Readonly<Record<string, UserStatus>> = {
	ACTIVE: 'active',
	STAGED: 'staged',
	PROVISIONED: 'provisioned',
	RECOVERY: 'recovery',
	LOCKED_OUT: 'locked_out',
	PASSWORD_EXPIRED: 'password_expired',
	SUSPENDED: 'suspended',
	DEPROVISIONED: 'deprovisioned',
};

export function userStatus(raw: string | null): UserStatus {
	return raw !== null ? (STATUSES[raw] ?? 'unknown') : 'unknown';
}

function names(o: Obj, profile: Obj): {firstName: string; lastName: string; displayName: string} {
	const firstName = str(profile, 'firstName') ?? '';
	const lastName = str(profile, 'lastName') ?? '';
	const displayName =
		nonEmpty(str(profile, 'displayName')) ??
		(nonEmpty([firstName, lastName].filter(Boolean).join(' ')) || nonEmpty(str(profile, 'login')) || nonEmpty(str(profile, 'email')) || `user ${id(o)}`);
	return {firstName, lastName, displayName};
}

export function userSummary(o: Obj): UserSummary {
	const profile = obj(o, 'profile');
	const statusText = str(o, 'status');
	return {
		id: id(o),
		...names(o, profile),
		email: nonEmpty(str(profile, 'email')),
		phone: nonEmpty(str(profile, 'mobilePhone')) ?? nonEmpty(str(profile, 'primaryPhone')),
		login: nonEmpty(str(profile, 'login')),
		status: userStatus(statusText),
		statusText,
		createdAt: str(o, 'created'),
		lastSignInAt: str(o, 'lastLogin'),
	};
}

/** Directory or app that masters the user's credentials, when it is not Okta itself. */
function credentialSource(credentials: Obj): string | null {
	const provider = obj(credentials, 'provider');
	const type = str(provider, 'type');
	if (!type || type === 'OKTA') return null;
	const name = nonEmpty(str(provider, 'name'));
	return name && name !== type ? `${type} (${name})` : type;
}

export function userDetails(o: Obj): UserDetails {
	const summary = userSummary(o);
	const profile = obj(o, 'profile');
	const credentials = isObj(o['credentials']) ? (o['credentials'] as Obj) : null;
	const hasPassword = credentials === null ? null : isObj(credentials['password']);
	const transitioning = nonEmpty(str(o, 'transitioningToStatus'));
	const flags: string[] = [];
	if (transitioning) flags.push(`transitioning to ${transitioning}`);
	switch (summary.status) {
		case 'locked_out':
			flags.push('locked out');
			break;
		case 'password_expired':
			flags.push('password expired');
			break;
		case 'recovery':
			flags.push('password reset pending');
			break;
		case 'suspended':
			flags.push('suspended');
			break;
		case 'deprovisioned':
			flags.push('deactivated');
			break;
		case 'staged':
			flags.push('never activated');
			break;
		case 'provisioned':
			flags.push('activation not finished');
			break;
		case 'unknown':
			flags.push(`unknown Okta status ${summary.statusText ?? '(none)'}`);
			break;
		case 'active':
		case 'disabled':
			break;
	}
	const blocks = Array.isArray(obj(o, '_embedded')['blocks']) ? (obj(o, '_embedded')['blocks'] as unknown[]).filter(isObj) : [];
	const signInBlocks: UserDetails['signInBlocks'][number][] = [];
	for (const block of blocks) {
		const applies = str(block, 'appliesTo');
		signInBlocks.push(applies === 'UNKNOWN_DEVICES' ? 'unknown_devices' : applies === 'ANY_DEVICES' ? 'any_device' : 'other');
		flags.push(applies === 'UNKNOWN_DEVICES' ? 'blocked on unknown devices' : applies === 'ANY_DEVICES' ? 'blocked on all devices' : 'sign-in blocked');
	}
	if (hasPassword === false) flags.push('no password');
	// Said as the identity source (src/diagnosis/identity.ts), not as a flag.
	const source = credentials ? credentialSource(credentials) : null;

	// Okta keeps no verification state for profile emails or phones: `verified` is null, "not known".
	const emails: EmailAddress[] = [];
	const primaryEmail = nonEmpty(str(profile, 'email'));
	const secondEmail = nonEmpty(str(profile, 'secondEmail'));
	if (primaryEmail) emails.push({id: 'profile.email', email: primaryEmail, primary: true, verified: null});
	if (secondEmail && secondEmail !== primaryEmail) emails.push({id: 'profile.secondEmail', email: secondEmail, primary: false, verified: null});
	const phones: PhoneNumber[] = [];
	const mobile = nonEmpty(str(profile, 'mobilePhone'));
	const primaryPhone = nonEmpty(str(profile, 'primaryPhone'));
	if (mobile) phones.push({id: 'profile.mobilePhone', number: mobile, primary: true, verified: null});
	if (primaryPhone && primaryPhone !== mobile) phones.push({id: 'profile.primaryPhone', number: primaryPhone, primary: mobile === null, verified: null});

	return {
		...summary,
		status: summary.status ?? 'unknown',
		updatedAt: str(o, 'lastUpdated'),
		flags,
		mfaPolicy: null,
		hasPassword,
		hasBackupCodes: null,
		passwordChangedAt: str(o, 'passwordChanged'),
		statusChangedAt: str(o, 'statusChanged'),
		transitioningTo: transitioning,
		credentialSource: source,
		signInBlocks,
		emails,
		phones,
		socialConnections: [],
		credentialProvider: credentials && nonEmpty(str(obj(credentials, 'provider'), 'type')) ? {type: str(obj(credentials, 'provider'), 'type')!, name: nonEmpty(str(obj(credentials, 'provider'), 'name'))} : null,
		// Read on their own (GET /users/{id}/idps) and added by the provider.
		identityProviders: null,
		userType: {id: nonEmpty(str(obj(o, 'type'), 'id')), name: nonEmpty(str(profile, 'userType'))},
		profileFields: {
			firstName: str(profile, 'firstName'),
			lastName: str(profile, 'lastName'),
			login: str(profile, 'login'),
			email: str(profile, 'email'),
			secondEmail: str(profile, 'secondEmail'),
			mobilePhone: str(profile, 'mobilePhone'),
		},
	};
}

/** One entry of GET /users/{id}/idps. */
export function identityProvider(o: Obj): LinkedIdentityProvider {
	return {id: id(o), name: nonEmpty(str(o, 'name')) ?? id(o), type: nonEmpty(str(o, 'type')), status: nonEmpty(str(o, 'status'))};
}

/** `_links` relation → the action it allows. */
const LINK_ACTIONS: Readonly<Record<string, LifecycleActionId>> = {
	activate: 'activate',
	reactivate: 'reactivate',
	deactivate: 'deactivate',
	suspend: 'suspend',
	unsuspend: 'unsuspend',
	unlock: 'unlock',
	resetPassword: 'reset_password',
	forgotPassword: 'forgot_password',
	expirePassword: 'expire_password',
	resetFactors: 'reset_factors',
};

/**
 * The lifecycle actions a single user's fresh `_links` allow (Okta's own gating: a relation is present only when the
 * action is allowed in the user's current status). `delete` is never a link: it is offered only for a DEPROVISIONED
 * user that is not mid-transition, because a DELETE on anyone else deactivates instead.
 */
export function allowedActions(o: Obj): Set<LifecycleActionId> {
	const out = new Set<LifecycleActionId>();
	const links = obj(o, '_links');
	for (const [rel, action] of Object.entries(LINK_ACTIONS)) if (rel in links && links[rel] !== null) out.add(action);
	// A temporary password is an expiry that answers with one: allowed wherever expiring the password is.
	if (out.has('expire_password')) {
		out.add('temp_password');
		out.add('temp_password_revoke_sessions');
	}
	if (str(o, 'status') === 'DEPROVISIONED' && !nonEmpty(str(o, 'transitioningToStatus'))) out.add('delete');
	return out;
}

// ------------------------------------------------------------------ factors

const WEBAUTHN = 'webauthn';
export const TOTP_TYPE = 'token:software:totp';

/** A readable name per factor type; unknown types are shown as their raw type. */
function factorName(o: Obj, type: string, profile: Obj): string {
	const provider = str(o, 'provider');
	switch (type) {
		case 'sms':
		case 'call':
			return nonEmpty(str(profile, 'phoneNumber')) ?? type;
		case 'email':
			return nonEmpty(str(profile, 'email')) ?? 'email';
		case 'question':
			return nonEmpty(str(profile, 'questionText')) ?? nonEmpty(str(profile, 'question')) ?? 'security question';
		case 'push':
			return `Okta Verify push${nonEmpty(str(profile, 'name')) ? ` on ${str(profile, 'name')}` : ''}`;
		case 'signed_nonce':
			return `Okta FastPass${nonEmpty(str(profile, 'name')) ? ` on ${str(profile, 'name')}` : ''}`;
		case TOTP_TYPE:
			return provider === 'GOOGLE' ? 'Google Authenticator' : provider === 'OKTA' ? 'Okta Verify (TOTP)' : `TOTP (${provider ?? 'unknown app'})`;
		case WEBAUTHN:
			return nonEmpty(str(profile, 'authenticatorName')) ?? 'security key or biometric';
		case 'u2f':
			return 'U2F security key';
		case 'token:hardware':
			return 'YubiKey OTP';
		case 'token:hotp':
			return 'HOTP token';
		case 'token':
			return `${provider ?? 'hardware'} token`;
		case 'web':
			return `${provider ?? 'web'} factor`;
		default:
			return type;
	}
}

export function factor(o: Obj): Factor {
	const type = str(o, 'factorType') ?? 'unknown';
	const profile = obj(o, 'profile');
	return {
		id: id(o),
		type,
		provider: str(o, 'provider'),
		name: factorName(o, type, profile),
		status: str(o, 'status'),
		createdAt: str(o, 'created'),
		lastUsedAt: null,
	};
}

/** Factors from a list; rows without an id are dropped rather than failing the whole tab. */
export function factors(rows: readonly Obj[]): Factor[] {
	return rows.filter((r) => typeof r['id'] === 'string' && r['id'] !== '').map(factor);
}

export function isWebauthn(o: Obj): boolean {
	return str(o, 'factorType') === WEBAUTHN;
}

export function passkey(o: Obj): Passkey {
	const profile = obj(o, 'profile');
	return {
		id: id(o),
		name: nonEmpty(str(profile, 'authenticatorName')) ?? 'security key or biometric',
		createdAt: str(o, 'created'),
		// Okta reports no last use; lastUpdated is a change of the factor record, not a sign-in.
		lastUsedAt: null,
		signCount: null,
		transports: [],
		deviceType: null,
		backedUp: null,
		status: str(o, 'status'),
	};
}

export interface TotpActivation {
	readonly factorId: string;
	readonly status: string | null;
	readonly secret: string;
	readonly period: number;
	readonly digits: number;
}

/** The enrollment answer of a TOTP factor: its id and `_embedded.activation.sharedSecret`. */
export function totpActivation(o: Obj): TotpActivation {
	const activation = obj(obj(o, '_embedded'), 'activation');
	const secret = str(activation, 'sharedSecret');
	if (!secret) throw new WireError('no _embedded.activation.sharedSecret in the enrollment');
	const period = typeof activation['timeStep'] === 'number' && activation['timeStep'] > 0 ? activation['timeStep'] : 30;
	const keyLength = activation['keyLength'];
	const digits = typeof keyLength === 'number' && keyLength >= 6 && keyLength <= 8 ? keyLength : 6;
	return {factorId: id(o), status: str(o, 'status'), secret: secret.replace(/\s+/g, '').toUpperCase(), period, digits};
}

/** A verify or push-transaction answer: `factorResult`, the `poll` link while WAITING, and `expiresAt`. */
export function verifyAnswer(body: unknown): {factorResult: string | null; poll: string | null; expiresAt: string | null} {
	if (!isObj(body)) return {factorResult: null, poll: null, expiresAt: null};
	return {factorResult: str(body, 'factorResult'), poll: str(obj(obj(body, '_links'), 'poll'), 'href'), expiresAt: str(body, 'expiresAt')};
}

export function factorStatus(o: unknown): string | null {
	return isObj(o) ? str(o, 'status') : null;
}

// ------------------------------------------------------------------ memberships

export function group(o: Obj): Membership {
	const profile = obj(o, 'profile');
	const type = str(o, 'type');
	return {
		id: id(o),
		kind: 'group',
		name: nonEmpty(str(profile, 'name')) ?? `group ${id(o)}`,
		parentName: null,
		parentId: null,
		roles: [],
		description: nonEmpty(str(profile, 'description')) ?? (type === 'APP_GROUP' ? 'imported from an app' : type === 'BUILT_IN' ? 'built-in group' : null),
		createdAt: str(o, 'created'),
	};
}

export function role(o: Obj): Membership {
	const type = str(o, 'type');
	const label = nonEmpty(str(o, 'label')) ?? type ?? 'admin role';
	const notes: string[] = [];
	const via = str(o, 'assignmentType');
	if (via && via !== 'USER') notes.push(`assigned through a ${via.toLowerCase()}`);
	const status = str(o, 'status');
	if (status && status !== 'ACTIVE') notes.push(status.toLowerCase());
	return {
		id: id(o),
		kind: 'admin_role',
		name: label,
		parentName: null,
		parentId: null,
		roles: type ? [type] : [],
		description: notes.length > 0 ? notes.join(', ') : null,
		createdAt: str(o, 'created'),
		assignmentType: via === 'USER' || via === 'GROUP' || via === 'CLIENT' ? via : null,
	};
}

/** App links carry the user's id as `id` in Okta's own examples: they are keyed by assignment and label instead. */
export function appLink(o: Obj, index: number): Membership {
	const label = nonEmpty(str(o, 'label')) ?? nonEmpty(str(o, 'appName')) ?? 'app';
	const assignment = nonEmpty(str(o, 'appAssignmentId')) ?? nonEmpty(str(o, 'appInstanceId')) ?? `#${index}`;
	const appName = nonEmpty(str(o, 'appName'));
	return {
		id: `${assignment}:${label}`,
		kind: 'app',
		name: label,
		parentName: null,
		parentId: nonEmpty(str(o, 'appInstanceId')),
		roles: [],
		description: appName ? `${appName}${o['hidden'] === true ? ' (hidden)' : ''}` : null,
		createdAt: null,
	};
}

// ------------------------------------------------------------------ OAuth clients, grants, refresh tokens

export interface Client {
	readonly clientId: string;
	readonly clientName: string;
}

export function client(o: Obj): Client {
	const clientId = id(o, 'client_id');
	return {clientId, clientName: nonEmpty(str(o, 'client_name')) ?? clientId};
}

/** A grant's client from its own links, for a client the user's clients list does not name. */
export function grantClient(o: Obj): Client {
	const clientId = nonEmpty(str(o, 'clientId')) ?? '';
	return {clientId, clientName: nonEmpty(str(obj(obj(o, '_links'), 'client'), 'title')) ?? nonEmpty(str(obj(obj(o, '_links'), 'app'), 'title')) ?? clientId};
}

export function grant(o: Obj, c: Client): OAuthGrant {
	// `scopeId` is the scope's name (OAuth2ScopeConsentGrant); expand=scope and the scope link carry it too.
	const scope = nonEmpty(str(o, 'scopeId')) ?? nonEmpty(str(obj(obj(o, '_embedded'), 'scope'), 'id')) ?? nonEmpty(str(obj(obj(o, '_links'), 'scope'), 'title'));
	return {
		id: id(o),
		kind: 'grant',
		clientId: str(o, 'clientId') ?? c.clientId,
		clientName: c.clientName,
		scopes: scope ? [scope] : [],
		status: str(o, 'status'),
		createdAt: str(o, 'created'),
		expiresAt: null,
	};
}

export function refreshToken(o: Obj, c: Client): OAuthGrant {
	const scopes = Array.isArray(o['scopes']) ? (o['scopes'] as unknown[]).filter((s): s is string => typeof s === 'string') : [];
	return {
		id: id(o),
		kind: 'refresh_token',
		clientId: str(o, 'clientId') ?? c.clientId,
		clientName: c.clientName,
		scopes,
		status: str(o, 'status'),
		createdAt: str(o, 'created'),
		expiresAt: str(o, 'expiresAt'),
	};
}

// ------------------------------------------------------------------ lifecycle answers

/** One-time values a lifecycle answer may carry, with the label the operator sees. Never logged. */
const REVEAL_KEYS: readonly (readonly [string, string])[] = [
	['activationUrl', 'Activation link'],
	['activationToken', 'Activation token'],
	['resetPasswordUrl', 'Password reset link'],
	['tempPassword', 'Temporary password'],
];

export function revealItems(body: unknown): {label: string; value: string}[] {
	if (!isObj(body)) return [];
	const out: {label: string; value: string}[] = [];
	for (const [key, label] of REVEAL_KEYS) {
		const value = str(body, key);
		if (value && value.trim() !== '') out.push({label, value});
	}
	return out;
}

// ------------------------------------------------------------------ errors

export interface OktaErrorDetail {
	readonly code: string | null;
	readonly summary: string | null;
	readonly causes: string[];
}

/** `{errorCode, errorSummary, errorCauses[{errorSummary}], errorId}`, or an OAuth-style `{error, error_description}`. */
export function errorDetail(body: unknown): OktaErrorDetail {
	if (!isObj(body)) return {code: null, summary: null, causes: []};
	const causes = Array.isArray(body['errorCauses'])
		? (body['errorCauses'] as unknown[])
				.filter(isObj)
				.map((c) => nonEmpty(str(c, 'errorSummary')))
				.filter((c): c is string => c !== null)
		: [];
	const code = nonEmpty(str(body, 'errorCode')) ?? nonEmpty(str(body, 'error'));
	const summary = nonEmpty(str(body, 'errorSummary')) ?? nonEmpty(str(body, 'error_description'));
	return {code, summary, causes};
}
