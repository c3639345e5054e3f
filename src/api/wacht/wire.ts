/**
 * Wacht backend API wire shapes (shared/research/wacht-api.md §4) and their mapping to domain types.
 * Nothing outside src/api/wacht reads these field names.
 */
import type {
	EmailAddress,
	Membership,
	MfaPolicy,
	Passkey,
	PhoneNumber,
	Session,
	SocialConnection,
	UserDetails,
	UserSummary,
} from '../types.js';
import {clientOf} from '../user-agent.js';

type Obj = Record<string, unknown>;

const str = (o: Obj, k: string): string | null => (typeof o[k] === 'string' ? (o[k] as string) : null);
const bool = (o: Obj, k: string): boolean | null => (typeof o[k] === 'boolean' ? (o[k] as boolean) : null);
const num = (o: Obj, k: string): number | null => (typeof o[k] === 'number' ? (o[k] as number) : null);
const arr = (o: Obj, k: string): Obj[] => (Array.isArray(o[k]) ? (o[k] as unknown[]).filter(isObj) : []);
const nonEmpty = (v: string | null): string | null => (v === null || v.trim() === '' ? null : v);

export function isObj(v: unknown): v is Obj {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Snowflake ids arrive as strings; a number would already have lost precision, so it is refused. */
function id(o: Obj, k = 'id'): string {
	const v = o[k];
	if (typeof v === 'string' && v !== '') return v;
	throw new WireError(`missing ${k}`);
}

export class WireError extends Error {}

export interface Page {
	readonly data: Obj[];
	readonly hasMore: boolean;
}

export function page(body: unknown): Page {
	if (!isObj(body) || !Array.isArray(body['data'])) throw new WireError('expected a {data: [...]} list');
	return {data: (body['data'] as unknown[]).filter(isObj), hasMore: body['has_more'] === true};
}

function names(o: Obj): {firstName: string; lastName: string; displayName: string} {
	const firstName = str(o, 'first_name') ?? '';
	const lastName = str(o, 'last_name') ?? '';
	const username = nonEmpty(str(o, 'username'));
	const displayName = [firstName, lastName].filter(Boolean).join(' ') || username || str(o, 'primary_email_address') || `user ${id(o)}`;
	return {firstName, lastName, displayName};
}

export function userSummary(o: Obj): UserSummary {
	return {
		id: id(o),
		...names(o),
		email: nonEmpty(str(o, 'primary_email_address')),
		phone: nonEmpty(str(o, 'primary_phone_number')),
		login: nonEmpty(str(o, 'username')),
		status: null,
		statusText: null,
		createdAt: str(o, 'created_at'),
		lastSignInAt: null,
	};
}

const POLICIES = new Set<MfaPolicy>(['none', 'optional', 'enforced']);

export function userDetails(o: Obj): UserDetails {
	const disabled = bool(o, 'disabled') === true;
	const policyRaw = str(o, 'second_factor_policy');
	const mfaPolicy = policyRaw && POLICIES.has(policyRaw as MfaPolicy) ? (policyRaw as MfaPolicy) : null;
	const hasPassword = bool(o, 'has_password');
	const emails: EmailAddress[] = arr(o, 'email_addresses').map((e) => ({
		id: id(e),
		email: str(e, 'email') ?? '',
		primary: bool(e, 'is_primary') === true,
		verified: bool(e, 'verified') === true,
	}));
	const phones: PhoneNumber[] = arr(o, 'phone_numbers').map((p) => ({
		id: id(p),
		number: `${str(p, 'country_code') ?? ''}${str(p, 'phone_number') ?? ''}`,
		primary: str(o, 'primary_phone_number_id') === str(p, 'id'),
		verified: bool(p, 'verified') === true,
	}));
	const flags: string[] = [];
	if (disabled) flags.push('disabled');
	if (hasPassword === false) flags.push('no password');
	if (mfaPolicy === 'enforced') flags.push('MFA enforced');
	if (emails.length > 0 && !emails.some((e) => e.verified)) flags.push('no verified email');
	const primaryPhone = phones.find((p) => p.primary)?.number ?? nonEmpty(str(o, 'primary_phone_number'));
	return {
		...userSummary(o),
		phone: primaryPhone,
		status: disabled ? 'disabled' : 'active',
		statusText: disabled ? 'disabled' : 'active',
		updatedAt: str(o, 'updated_at'),
		flags,
		mfaPolicy,
		hasPassword,
		hasBackupCodes: bool(o, 'has_backup_codes'),
		passwordChangedAt: str(o, 'last_password_reset_at'),
		// Wacht has no status history, no asynchronous transitions, no external credential masters and no blocks.
		statusChangedAt: null,
		transitioningTo: null,
		credentialSource: null,
		signInBlocks: [],
		emails,
		phones,
		socialConnections: arr(o, 'social_connections').map(socialConnection),
		credentialProvider: null,
		identityProviders: null,
		userType: null,
		// Emails and phones are rows of their own (contacts.*), not profile fields.
		profileFields: {firstName: str(o, 'first_name') ?? '', lastName: str(o, 'last_name') ?? '', username: nonEmpty(str(o, 'username'))},
	};
}

/** Provider tokens were already dropped by the transport; only what a screen may show is kept. */
export function socialConnection(o: Obj): SocialConnection {
	return {
		id: id(o),
		provider: (str(o, 'provider') ?? 'unknown').replace(/_oauth$/, ''),
		email: nonEmpty(str(o, 'email_address')),
		createdAt: str(o, 'created_at'),
	};
}

export function session(o: Obj, now: number): Session {
	const expiresAt = str(o, 'expires_at');
	const expiresMs = expiresAt ? Date.parse(expiresAt) : NaN;
	// `browser` and `device` are ua-parser families (or, should the server store them, raw User-Agent headers).
	const client = clientOf(str(o, 'browser'), str(o, 'device'));
	return {
		id: id(o),
		// The server writes "0" for a sign-in that has no browser session: no id at all.
		sessionId: ((v) => (v === '0' ? null : v))(nonEmpty(str(o, 'session_id'))),
		createdAt: str(o, 'created_at'),
		lastActiveAt: str(o, 'last_active_at'),
		expiresAt,
		expired: Number.isFinite(expiresMs) && expiresMs <= now,
		ip: nonEmpty(str(o, 'ip_address')),
		browser: client.browser,
		os: client.os,
		device: client.device,
		city: nonEmpty(str(o, 'city')),
		region: nonEmpty(str(o, 'region')),
		country: nonEmpty(str(o, 'country')),
		countryCode: nonEmpty(str(o, 'country_code')),
		// Set for the whole list by arrangeSessions (src/diagnosis/sessions.ts).
		latest: false,
		unusual: [],
	};
}

export function passkey(o: Obj): Passkey {
	const transports = Array.isArray(o['transports']) ? (o['transports'] as unknown[]).filter((t): t is string => typeof t === 'string') : [];
	return {
		id: id(o),
		name: str(o, 'name') ?? '',
		createdAt: str(o, 'created_at'),
		lastUsedAt: str(o, 'last_used_at'),
		signCount: num(o, 'sign_count'),
		transports,
		deviceType: str(o, 'device_type'),
		backedUp: bool(o, 'backed_up'),
		status: null,
	};
}

function roles(o: Obj): string[] {
	return arr(o, 'roles')
		.map((r) => str(r, 'name') ?? '')
		.filter(Boolean);
}

export function organizationMembership(o: Obj): Membership {
	const org = isObj(o['organization']) ? o['organization'] : {};
	return {
		id: id(o),
		kind: 'organization',
		name: str(org, 'name') ?? `organization ${str(o, 'organization_id') ?? '?'}`,
		parentName: null,
		parentId: null,
		roles: roles(o),
		description: nonEmpty(str(org, 'description')),
		createdAt: str(o, 'created_at'),
	};
}

export function workspaceMembership(o: Obj, orgNames: ReadonlyMap<string, string>): Membership {
	const ws = isObj(o['workspace']) ? o['workspace'] : {};
	const orgId = str(o, 'organization_id');
	return {
		id: id(o),
		kind: 'workspace',
		name: str(ws, 'name') ?? `workspace ${str(o, 'workspace_id') ?? '?'}`,
		parentName: orgId ? (orgNames.get(orgId) ?? null) : null,
		parentId: orgId,
		roles: roles(o),
		description: nonEmpty(str(ws, 'description')),
		createdAt: str(o, 'created_at'),
	};
}

/** The organization id → name map for grouping workspace rows under their organization. */
export function organizationNames(rows: readonly Obj[]): Map<string, string> {
	const out = new Map<string, string>();
	for (const row of rows) {
		const org = isObj(row['organization']) ? row['organization'] : null;
		const orgId = str(row, 'organization_id');
		const name = org ? str(org, 'name') : null;
		if (orgId && name) out.set(orgId, name);
	}
	return out;
}
