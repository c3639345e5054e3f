/**
 * Store records → the real server's JSON (shared/research/wacht-api.md §4 and §5), field for field and in
 * the server's field order. Ids are decimal strings, times RFC 3339 `Z` strings.
 */
import type {
	EmailRecord,
	OrganizationMembershipRecord,
	OrganizationRecord,
	PasskeyRecord,
	PhoneRecord,
	RoleRecord,
	SignInRecord,
	SocialConnectionRecord,
	UserRecord,
	WachtStore,
	WorkspaceMembershipRecord,
} from './store.js';
import {formatTs, type Micros} from './time.js';

const ts = (us: Micros): string => formatTs(us);
const tsOrNull = (us: Micros | null): string | null => (us === null ? null : formatTs(us));

/** `GET /users` row (UserWithIdentifiers). primary_phone_number is country code + number. */
export function userListItem(store: WachtStore, u: UserRecord): Record<string, unknown> {
	const email = store.primaryEmail(u.id);
	const phone = store.primaryPhone(u.id);
	return {
		id: u.id,
		created_at: ts(u.createdAt),
		updated_at: ts(u.updatedAt),
		first_name: u.firstName,
		last_name: u.lastName,
		username: u.username,
		profile_picture_url: u.profilePictureUrl,
		primary_email_address: email?.email ?? null,
		primary_phone_number: phone ? `${phone.countryCode}${phone.phoneNumber}` : null,
	};
}

export function emailAddress(store: WachtStore, e: EmailRecord, now: Micros): Record<string, unknown> {
	const u = store.user(e.userId);
	return {
		id: e.id,
		created_at: ts(e.createdAt),
		updated_at: ts(e.updatedAt),
		deployment_id: store.deploymentId,
		user_id: e.userId,
		email: e.email,
		is_primary: u?.primaryEmailId === e.id,
		verified: e.verified,
		// The server fills a NULL verified_at with the current time.
		verified_at: ts(e.verifiedAt ?? now),
		verification_strategy: e.verificationStrategy,
	};
}

export function phoneNumber(p: PhoneRecord, now: Micros): Record<string, unknown> {
	return {
		id: p.id,
		created_at: ts(p.createdAt),
		updated_at: ts(p.updatedAt),
		user_id: p.userId,
		phone_number: p.phoneNumber,
		country_code: p.countryCode,
		verified: p.verified,
		verified_at: ts(p.verifiedAt ?? now),
	};
}

/** Tokens are sent in plaintext, exactly as the real server does. */
export function socialConnection(s: SocialConnectionRecord): Record<string, unknown> {
	return {
		id: s.id,
		created_at: ts(s.createdAt),
		updated_at: ts(s.updatedAt),
		user_id: s.userId,
		user_email_address_id: s.userEmailAddressId,
		provider: s.provider,
		email_address: s.emailAddress,
		access_token: s.accessToken,
		refresh_token: s.refreshToken,
	};
}

/** `GET /users/{id}/details` and the response of `PATCH /users/{id}`. primary_phone_number is the bare number. */
export function userDetails(store: WachtStore, u: UserRecord, now: Micros): Record<string, unknown> {
	const email = store.primaryEmail(u.id);
	const phone = store.primaryPhone(u.id);
	return {
		id: u.id,
		created_at: ts(u.createdAt),
		updated_at: ts(u.updatedAt),
		first_name: u.firstName,
		last_name: u.lastName,
		username: u.username === '' ? null : u.username,
		profile_picture_url: u.profilePictureUrl,
		schema_version: u.schemaVersion,
		disabled: u.disabled,
		second_factor_policy: u.secondFactorPolicy,
		availability: u.availability,
		last_password_reset_at: tsOrNull(u.lastPasswordResetAt),
		active_organization_membership_id: u.activeOrganizationMembershipId,
		active_workspace_membership_id: u.activeWorkspaceMembershipId,
		deployment_id: store.deploymentId,
		public_metadata: u.publicMetadata,
		private_metadata: u.privateMetadata,
		primary_email_address_id: email?.id ?? null,
		primary_email_address: email?.email ?? null,
		primary_phone_number_id: phone?.id ?? null,
		primary_phone_number: phone?.phoneNumber ?? null,
		email_addresses: store.emailsOf(u.id).map((e) => emailAddress(store, e, now)),
		phone_numbers: store.phonesOf(u.id).map((p) => phoneNumber(p, now)),
		social_connections: store.socialConnectionsOf(u.id).map(socialConnection),
		segments: [],
		has_password: u.hasPassword,
		has_backup_codes: store.hasBackupCodes(u.id),
	};
}

export function signIn(s: SignInRecord): Record<string, unknown> {
	return {
		id: s.id,
		created_at: ts(s.createdAt),
		updated_at: ts(s.updatedAt),
		session_id: s.sessionId,
		user_id: s.userId,
		active_organization_membership_id: s.activeOrganizationMembershipId,
		active_workspace_membership_id: s.activeWorkspaceMembershipId,
		expires_at: ts(s.expiresAt),
		last_active_at: ts(s.lastActiveAt),
		ip_address: s.ipAddress,
		browser: s.browser,
		device: s.device,
		city: s.city,
		region: s.region,
		region_code: s.regionCode,
		country: s.country,
		country_code: s.countryCode,
	};
}

/** No credential id, public key or AAGUID: the server leaves them out by design. */
export function passkey(p: PasskeyRecord): Record<string, unknown> {
	return {
		id: p.id,
		created_at: tsOrNull(p.createdAt),
		updated_at: tsOrNull(p.updatedAt),
		user_id: p.userId,
		name: p.name,
		sign_count: p.signCount,
		transports: p.transports,
		last_used_at: tsOrNull(p.lastUsedAt),
		backed_up: p.backedUp,
		device_type: p.deviceType,
	};
}

export function role(r: RoleRecord): Record<string, unknown> {
	return {
		id: r.id,
		created_at: ts(r.createdAt),
		updated_at: ts(r.updatedAt),
		name: r.name,
		permissions: [...r.permissions],
		is_deployment_level: r.isDeploymentLevel,
	};
}

function group(o: OrganizationRecord, memberCount: number): Record<string, unknown> {
	return {
		id: o.id,
		created_at: ts(o.createdAt),
		updated_at: ts(o.updatedAt),
		name: o.name,
		image_url: o.imageUrl,
		description: o.description,
		member_count: memberCount,
		public_metadata: o.publicMetadata,
		private_metadata: o.privateMetadata,
	};
}

export function organizationMembership(store: WachtStore, m: OrganizationMembershipRecord): Record<string, unknown> {
	const org = store.organizations.get(m.organizationId);
	return {
		id: m.id,
		created_at: ts(m.createdAt),
		updated_at: ts(m.updatedAt),
		organization_id: m.organizationId,
		user_id: m.userId,
		public_metadata: m.publicMetadata,
		roles: store.rolesOf(m.roleIds).map(role),
		organization: org ? group(org, store.organizationMemberCount(org.id)) : null,
	};
}

export function workspaceMembership(store: WachtStore, m: WorkspaceMembershipRecord): Record<string, unknown> {
	const ws = store.workspaces.get(m.workspaceId);
	return {
		id: m.id,
		created_at: ts(m.createdAt),
		updated_at: ts(m.updatedAt),
		workspace_id: m.workspaceId,
		organization_id: m.organizationId,
		organization_membership_id: m.organizationMembershipId,
		user_id: m.userId,
		public_metadata: m.publicMetadata,
		roles: store.rolesOf(m.roleIds).map(role),
		workspace: ws ? group(ws, store.workspaceMemberCount(ws.id)) : null,
	};
}

/** An unpaginated per-user list. */
export function list(items: unknown[]): {data: unknown[]; has_more: false} {
	return {data: items, has_more: false};
}

/** The one error shape: exactly one element, code = HTTP status. */
export function errorBody(status: number, message: string): {errors: [{message: string; code: number}]} {
	return {errors: [{message, code: status}]};
}

/** Messages the server's normalizer puts on non-JSON errors (router.rs). */
export function normalizedMessage(status: number): string {
	switch (status) {
		case 400:
			return 'Bad request';
		case 401:
			return 'Unauthorized';
		case 403:
			return 'Forbidden';
		case 404:
			return 'Not found';
		case 405:
			return 'Method not allowed';
		case 422:
			return 'Invalid request payload';
		case 429:
			return 'Rate limit exceeded';
		default:
			return status >= 500 ? 'Something went wrong' : 'Request failed';
	}
}
