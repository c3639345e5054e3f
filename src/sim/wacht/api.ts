/**
 * The Wacht backend API routes, handled against a WachtStore (shared/research/wacht-api.md §3).
 * Transport concerns (auth, rate limit, faults, latency, logging) live in server.ts; this module turns one
 * authenticated request into one response, the way the real axum router would:
 *   route match (src/sim/shared/routes.ts; 404 "Not found") → method (405 "Method not allowed") → path ids (400 "Bad request")
 *   → query / body extractors (400, 415, 422) → handler.
 */
import {SECOND_FACTOR_POLICIES, type Json, type SecondFactorPolicy, type UserPatch, type WachtStore} from './store.js';
import * as wire from './wire.js';
import {RouteTable, type ParamNames, type RouteHit} from '../shared/routes.js';
import {base32ByteLength, defaultAccountName, normalizeTotpSecret, otpUrl} from './mfa.js';

export interface ApiRequest {
	readonly method: string;
	readonly pathname: string;
	readonly query: URLSearchParams;
	/** Lowercased header names, as node:http gives them. */
	readonly headers: Readonly<Record<string, string | string[] | undefined>>;
	readonly body: Buffer;
}

export interface ApiResponse {
	readonly status: number;
	/** Serialized JSON. */
	readonly body: string;
	readonly headers: Readonly<Record<string, string>>;
	/** True when the request changed the store. */
	readonly applied: boolean;
}

export interface ApiOptions {
	/** TOTP issuer (the deployment's app name); '' means the server's fallback, "Wacht". */
	readonly issuer: string;
}

interface Ctx<K extends string = never> {
	readonly store: WachtStore;
	readonly req: ApiRequest;
	/** Path ids, already parsed as i64 and normalised. */
	readonly params: Readonly<Record<K, string>>;
	readonly opts: ApiOptions;
}

interface Result {
	status: number;
	json: unknown;
	applied?: boolean;
	headers?: Record<string, string>;
}

type Handler<K extends string = never> = (ctx: Ctx<K>) => Result | Promise<Result>;

class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

const fail = (status: number, message: string): never => {
	throw new HttpError(status, message);
};
const ok = (json: unknown, applied = false): Result => ({status: 200, json, applied});
const UNIT = {};

// ---------------------------------------------------------------- routing

const ROUTES = new RouteTable<Handler<string>>();
/** Adds a route; each handler's parameters must be the pattern's. */
function route<P extends string>(pattern: P, handlers: Partial<Record<'GET' | 'POST' | 'PATCH' | 'DELETE', Handler<ParamNames<P>>>>): void {
	ROUTES.add(pattern, handlers as Partial<Record<string, Handler<string>>>);
}

route('/users', {GET: listUsers, POST: createUser});
route('/users/{user_id}', {PATCH: updateUser, DELETE: deleteUser});
route('/users/{user_id}/details', {GET: getUserDetails});
route('/users/{user_id}/password', {PATCH: updatePassword, DELETE: removePassword});
route('/users/{user_id}/emails', {POST: addEmail});
route('/users/{user_id}/emails/{email_id}', {PATCH: updateEmail, DELETE: deleteEmail});
route('/users/{user_id}/emails/{email_id}/make-primary', {POST: makeEmailPrimary});
route('/users/{user_id}/phones', {POST: addPhone});
route('/users/{user_id}/phones/{phone_id}', {PATCH: updatePhone, DELETE: deletePhone});
route('/users/{user_id}/phones/{phone_id}/make-primary', {POST: makePhonePrimary});
route('/users/{user_id}/social-connections', {GET: listSocialConnections});
route('/users/{user_id}/social-connections/{connection_id}', {DELETE: deleteSocialConnection});
route('/users/{user_id}/sessions', {GET: listSessions});
route('/users/{user_id}/sessions/revoke-all', {POST: revokeAllSessions});
route('/users/{user_id}/sessions/{signin_id}/revoke', {POST: revokeSession});
route('/users/{user_id}/passkeys', {GET: listPasskeys});
route('/users/{user_id}/passkeys/{passkey_id}', {PATCH: renamePasskey, DELETE: deletePasskey});
route('/users/{user_id}/authenticators', {POST: createAuthenticator, DELETE: deleteAuthenticator});
route('/users/{user_id}/backup-codes/regenerate', {POST: regenerateBackupCodes});
route('/users/{user_id}/organization-memberships', {GET: listOrganizationMemberships});
route('/users/{user_id}/workspace-memberships', {GET: listWorkspaceMemberships});

export type RouteMatch = RouteHit<Handler<string>>;

/** The route for a path (segments as received; ids are parsed later), or null (404). */
export function matchRoute(pathname: string): RouteMatch | null {
	return ROUTES.match(pathname.split('/').slice(1));
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Path ids are i64: anything else is an axum Path rejection → 400 "Bad request". */
function parseId(raw: string): string {
	let text: string;
	try {
		text = decodeURIComponent(raw);
	} catch {
		return fail(400, 'Bad request');
	}
	if (!/^[+-]?\d+$/.test(text)) return fail(400, 'Bad request');
	const n = BigInt(text);
	if (n < I64_MIN || n > I64_MAX) return fail(400, 'Bad request');
	return n.toString();
}

/** Handles one request that already passed auth and the rate limit; `match` null is a path no route knows. */
export async function handleApiRequest(store: WachtStore, req: ApiRequest, match: RouteMatch | null, opts: ApiOptions): Promise<ApiResponse> {
	let result: Result;
	try {
		if (!match) return fail(404, 'Not found');
		const method = req.method === 'HEAD' ? 'GET' : req.method;
		const handler = match.route.methods[method];
		if (!handler) {
			const allow = Object.keys(match.route.methods);
			if (allow.includes('GET')) allow.push('HEAD');
			result = {status: 405, json: wire.errorBody(405, 'Method not allowed'), headers: {allow: allow.join(',')}};
		} else {
			const params: Record<string, string> = {};
			for (const [k, v] of Object.entries(match.params)) params[k] = parseId(v);
			result = await handler({store, req, params, opts});
		}
	} catch (err) {
		if (!(err instanceof HttpError)) throw err;
		result = {status: err.status, json: wire.errorBody(err.status, err.message)};
	}
	return {
		status: result.status,
		body: JSON.stringify(result.json),
		headers: result.headers ?? {},
		applied: result.applied ?? false,
	};
}

// ---------------------------------------------------------------- extractors

/** serde_urlencoded: a repeated known key is an error. */
function singleQuery(query: URLSearchParams, key: string): string | undefined {
	const all = query.getAll(key);
	if (all.length > 1) return fail(400, 'Bad request');
	return all[0];
}

function header(req: ApiRequest, name: string): string {
	const v = req.headers[name];
	return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

/** axum's Json extractor: 415 without a JSON content type, 400 for a syntax error, 422 for a shape error. */
function jsonBody(req: ApiRequest): Record<string, unknown> {
	const mime = header(req, 'content-type').split(';')[0]?.trim().toLowerCase() ?? '';
	const isJson = mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));
	if (!isJson) return fail(415, 'Request failed');
	let value: unknown;
	try {
		value = JSON.parse(req.body.toString('utf8'));
	} catch {
		return fail(400, 'Bad request');
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail(422, 'Invalid request payload');
	return value as Record<string, unknown>;
}

function requiredString(body: Record<string, unknown>, key: string): string {
	const v = body[key];
	if (typeof v !== 'string') return fail(422, 'Invalid request payload');
	return v;
}

function optionalString(body: Record<string, unknown>, key: string): string | null {
	const v = body[key];
	if (v === undefined || v === null) return null;
	if (typeof v !== 'string') return fail(422, 'Invalid request payload');
	return v;
}

function optionalBool(body: Record<string, unknown>, key: string): boolean | null {
	const v = body[key];
	if (v === undefined || v === null) return null;
	if (typeof v !== 'boolean') return fail(422, 'Invalid request payload');
	return v;
}

/** axum's Multipart extractor: 400 unless multipart/form-data with a boundary. */
async function multipartBody(req: ApiRequest): Promise<FormData> {
	const contentType = header(req, 'content-type');
	if (!/^multipart\/form-data\s*;.*boundary=/i.test(contentType)) return fail(400, 'Bad request');
	try {
		return await new Response(req.body, {headers: {'content-type': contentType}}).formData();
	} catch {
		return fail(400, 'Bad request');
	}
}

const userId = (ctx: Ctx<'user_id'>): string => ctx.params.user_id;

// ---------------------------------------------------------------- users

const SORT_KEYS = ['created_at', 'username', 'email', 'phone_number'] as const;
const SORT_ORDERS = ['asc', 'desc'] as const;

function listUsers({store, req}: Ctx): Result {
	const q = req.query;
	const limitText = singleQuery(q, 'limit');
	const offsetText = singleQuery(q, 'offset');
	const sortKey = singleQuery(q, 'sort_key');
	const sortOrder = singleQuery(q, 'sort_order');
	const search = singleQuery(q, 'search');
	let limit = 10;
	let offset = 0;
	if (limitText !== undefined) {
		if (!/^\+?\d+$/.test(limitText) || Number(limitText) > Number.MAX_SAFE_INTEGER) return fail(400, 'Bad request');
		limit = Number(limitText);
	}
	if (offsetText !== undefined) {
		// i64 in the server; a negative OFFSET is refused (the simulator's choice: 400 rather than a 500 from Postgres).
		if (!/^\+?\d+$/.test(offsetText) || Number(offsetText) > Number.MAX_SAFE_INTEGER) return fail(400, 'Bad request');
		offset = Number(offsetText);
	}
	if (sortKey !== undefined && !(SORT_KEYS as readonly string[]).includes(sortKey)) return fail(400, 'Bad request');
	if (sortOrder !== undefined && !(SORT_ORDERS as readonly string[]).includes(sortOrder)) return fail(400, 'Bad request');
	const {rows, hasMore} = store.listUsers({
		...(search !== undefined ? {search} : {}),
		sortKey: (sortKey as (typeof SORT_KEYS)[number] | undefined) ?? 'created_at',
		sortOrder: (sortOrder as (typeof SORT_ORDERS)[number] | undefined) ?? 'desc',
		limit,
		offset,
	});
	return ok({data: rows.map((u) => wire.userListItem(store, u)), has_more: hasMore, limit, offset});
}

/** `POST /users` (multipart, like PATCH): 200 with the new user as `GET /users` lists it. */
async function createUser(ctx: Ctx): Promise<Result> {
	const form = await multipartBody(ctx.req);
	const text = (key: string): string | undefined => {
		const v = form.get(key);
		return typeof v === 'string' ? v : undefined;
	};
	const trimmed = (key: string): string | undefined => {
		const v = text(key)?.trim();
		return v === undefined || v === '' ? undefined : v;
	};
	const firstName = text('first_name') ?? '';
	const lastName = text('last_name') ?? '';
	if (firstName.trim() === '') return fail(400, 'First name is required');
	if (lastName.trim() === '') return fail(400, 'Last name is required');
	const email = trimmed('email_address');
	const phone = trimmed('phone_number');
	const username = trimmed('username');
	const password = trimmed('password');
	if (password !== undefined && text('skip_password_check') !== 'true' && [...password].length < 8) return fail(400, 'Password must be at least 8 characters');
	if (email !== undefined && ctx.store.findUserByEmail(email)) return fail(409, 'Resource already exists');
	if (username !== undefined && ctx.store.usernameTaken(username, '')) return fail(409, 'Resource already exists');
	const u = ctx.store.addUser({firstName, lastName, username: username ?? '', hasPassword: password !== undefined, schemaVersion: 'v1'});
	if (email !== undefined) ctx.store.addEmail(u.id, {email, verified: true, createdAt: u.createdAt, verifiedAt: u.createdAt, primary: true});
	if (phone !== undefined) {
		// One field, "+CC NUMBER" or bare digits; the simulator keeps a leading "+CC " as the country code.
		const m = /^(\+\d{1,4})\s+(.+)$/.exec(phone);
		ctx.store.addPhone(u.id, {countryCode: m?.[1] ?? '', phoneNumber: m?.[2] ?? phone, verified: true, createdAt: u.createdAt, verifiedAt: u.createdAt, primary: true});
	}
	return ok(wire.userListItem(ctx.store, u), true);
}

function getUserDetails(ctx: Ctx<'user_id'>): Result {
	const u = ctx.store.user(userId(ctx));
	if (!u) return fail(404, 'Resource not found');
	return ok(wire.userDetails(ctx.store, u, ctx.store.clock()));
}

async function updateUser(ctx: Ctx<'user_id'>): Promise<Result> {
	const form = await multipartBody(ctx.req);
	const text = (key: string): string | undefined => {
		const v = form.get(key);
		return typeof v === 'string' ? v : undefined;
	};
	const patch: UserPatch = {};
	const nonEmpty = (key: string): string | undefined => {
		const v = text(key);
		return v === undefined || v === '' ? undefined : v;
	};
	const firstName = nonEmpty('first_name');
	const lastName = nonEmpty('last_name');
	const username = nonEmpty('username');
	if (firstName !== undefined) patch.firstName = firstName;
	if (lastName !== undefined) patch.lastName = lastName;
	if (username !== undefined) {
		if (username.trim() === '') return fail(400, 'Username cannot be empty');
		patch.username = username.trim();
	}
	const disabled = text('disabled');
	if (disabled === 'true') patch.disabled = true;
	else if (disabled === 'false') patch.disabled = false;
	const policy = nonEmpty('second_factor_policy');
	if (policy !== undefined) {
		if (!(SECOND_FACTOR_POLICIES as readonly string[]).includes(policy)) {
			return fail(400, 'second_factor_policy must be one of: none, optional, enforced');
		}
		patch.secondFactorPolicy = policy as SecondFactorPolicy;
	}
	for (const [key, field] of [
		['public_metadata', 'publicMetadata'],
		['private_metadata', 'privateMetadata'],
	] as const) {
		const raw = nonEmpty(key);
		if (raw === undefined) continue;
		try {
			const parsed: unknown = JSON.parse(raw);
			if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) patch[field] = parsed as Json;
		} catch {
			// invalid metadata JSON is silently ignored, like the server
		}
	}
	const id = userId(ctx);
	if (text('remove_profile_image') === 'true') patch.profilePictureUrl = '';
	const image = form.get('profile_image');
	if (image !== null && typeof image !== 'string') patch.profilePictureUrl = `https://img.wacht.example/users/${id}/${ctx.store.ids.next()}.png`;

	const u = ctx.store.user(id);
	if (!u) return fail(404, 'Resource not found');
	if (patch.username !== undefined && ctx.store.usernameTaken(patch.username, id)) return fail(409, 'Resource already exists');
	ctx.store.updateUser(id, patch);
	return ok(wire.userDetails(ctx.store, u, ctx.store.clock()), true);
}

function deleteUser(ctx: Ctx<'user_id'>): Result {
	if (!ctx.store.deleteUser(userId(ctx))) return fail(404, 'User not found');
	return ok(UNIT, true);
}

function updatePassword(ctx: Ctx<'user_id'>): Result {
	const body = jsonBody(ctx.req);
	const password = requiredString(body, 'new_password');
	const skip = optionalBool(body, 'skip_password_check') ?? false;
	if (!skip && [...password].length < 8) return fail(400, 'Validation failed: password must be at least 8 characters long');
	// The real server has no row check here: an unknown user still gets 200 {}.
	const applied = ctx.store.setPassword(userId(ctx));
	return ok(UNIT, applied);
}

function removePassword(ctx: Ctx<'user_id'>): Result {
	if (!ctx.store.removePassword(userId(ctx))) return fail(404, 'user not found');
	return ok(UNIT, true);
}

function listSocialConnections(ctx: Ctx<'user_id'>): Result {
	return ok(wire.list(ctx.store.socialConnectionsOf(userId(ctx)).map(wire.socialConnection)));
}

// The identifier commands (commands/src/user/identifier_commands.rs) delete by `id AND user_id` with no row check:
// a missing row is still 200 {}.
function deleteSocialConnection(ctx: Ctx<'user_id' | 'connection_id'>): Result {
	return ok(UNIT, ctx.store.deleteSocialConnection(userId(ctx), ctx.params.connection_id));
}

// ---------------------------------------------------------------- emails and phones

function addEmail(ctx: Ctx<'user_id'>): Result {
	const body = jsonBody(ctx.req);
	const email = requiredString(body, 'email');
	const verified = optionalBool(body, 'verified') ?? false;
	const isPrimary = optionalBool(body, 'is_primary') ?? false;
	const e = ctx.store.createEmail(userId(ctx), {email, verified, isPrimary});
	// The insert's foreign-key and unique violations, as the error mapper words them.
	if (e === 'no-user') return fail(404, 'Related resource not found');
	if (e === 'taken') return fail(409, 'Resource already exists');
	return ok(wire.emailAddress(ctx.store, e, ctx.store.clock()), true);
}

function updateEmail(ctx: Ctx<'user_id' | 'email_id'>): Result {
	const body = jsonBody(ctx.req);
	const email = optionalString(body, 'email');
	const verified = optionalBool(body, 'verified');
	const isPrimary = optionalBool(body, 'is_primary');
	const e = ctx.store.updateEmail(userId(ctx), ctx.params.email_id, {
		...(email !== null ? {email} : {}),
		...(verified !== null ? {verified} : {}),
		...(isPrimary !== null ? {isPrimary} : {}),
	});
	if (!e) return fail(404, 'Email not found');
	return ok(wire.emailAddress(ctx.store, e, ctx.store.clock()), true);
}

function deleteEmail(ctx: Ctx<'user_id' | 'email_id'>): Result {
	return ok(UNIT, ctx.store.deleteEmail(userId(ctx), ctx.params.email_id));
}

function makeEmailPrimary(ctx: Ctx<'user_id' | 'email_id'>): Result {
	const result = ctx.store.makeEmailPrimary(userId(ctx), ctx.params.email_id);
	if (result === 'missing') return fail(404, 'email not found');
	if (result === 'unverified') return fail(400, 'email must be verified before it can be marked primary');
	return ok(UNIT, true);
}

function addPhone(ctx: Ctx<'user_id'>): Result {
	const body = jsonBody(ctx.req);
	const phoneNumber = requiredString(body, 'phone_number');
	const countryCode = requiredString(body, 'country_code');
	const verified = optionalBool(body, 'verified') ?? false;
	const isPrimary = optionalBool(body, 'is_primary') ?? false;
	const p = ctx.store.createPhone(userId(ctx), {phoneNumber, countryCode, verified, isPrimary});
	if (!p) return fail(404, 'Related resource not found');
	return ok(wire.phoneNumber(p, ctx.store.clock()), true);
}

function updatePhone(ctx: Ctx<'user_id' | 'phone_id'>): Result {
	const body = jsonBody(ctx.req);
	const phoneNumber = optionalString(body, 'phone_number');
	const countryCode = optionalString(body, 'country_code');
	const verified = optionalBool(body, 'verified');
	const isPrimary = optionalBool(body, 'is_primary');
	const p = ctx.store.updatePhone(userId(ctx), ctx.params.phone_id, {
		...(phoneNumber !== null ? {phoneNumber} : {}),
		...(countryCode !== null ? {countryCode} : {}),
		...(verified !== null ? {verified} : {}),
		...(isPrimary !== null ? {isPrimary} : {}),
	});
	if (!p) return fail(404, 'Phone number not found');
	return ok(wire.phoneNumber(p, ctx.store.clock()), true);
}

function deletePhone(ctx: Ctx<'user_id' | 'phone_id'>): Result {
	return ok(UNIT, ctx.store.deletePhone(userId(ctx), ctx.params.phone_id));
}

function makePhonePrimary(ctx: Ctx<'user_id' | 'phone_id'>): Result {
	const result = ctx.store.makePhonePrimary(userId(ctx), ctx.params.phone_id);
	if (result === 'missing') return fail(404, 'phone not found');
	if (result === 'unverified') return fail(400, 'phone must be verified before it can be marked primary');
	return ok(UNIT, true);
}

// ---------------------------------------------------------------- sessions

function listSessions(ctx: Ctx<'user_id'>): Result {
	const raw = singleQuery(ctx.req.query, 'include_expired');
	if (raw !== undefined && raw !== 'true' && raw !== 'false') return fail(400, 'Bad request');
	const includeExpired = raw === 'true';
	return ok(wire.list(ctx.store.sessionsOf(userId(ctx), {includeExpired}).map(wire.signIn)));
}

function revokeSession(ctx: Ctx<'user_id' | 'signin_id'>): Result {
	if (!ctx.store.revokeSignIn(userId(ctx), ctx.params.signin_id)) return fail(404, 'signin not found');
	return ok(UNIT, true);
}

function revokeAllSessions(ctx: Ctx<'user_id'>): Result {
	const revoked = ctx.store.revokeAllSignIns(userId(ctx));
	return ok({revoked}, revoked > 0);
}

// ---------------------------------------------------------------- passkeys

function listPasskeys(ctx: Ctx<'user_id'>): Result {
	return ok(wire.list(ctx.store.passkeysOf(userId(ctx)).map(wire.passkey)));
}

function renamePasskey(ctx: Ctx<'user_id' | 'passkey_id'>): Result {
	const name = requiredString(jsonBody(ctx.req), 'name').trim();
	if (name === '') return fail(400, 'name cannot be empty');
	if (!ctx.store.renamePasskey(userId(ctx), ctx.params.passkey_id, name)) return fail(404, 'passkey not found');
	return ok(UNIT, true);
}

function deletePasskey(ctx: Ctx<'user_id' | 'passkey_id'>): Result {
	if (!ctx.store.deletePasskey(userId(ctx), ctx.params.passkey_id)) return fail(404, 'passkey not found');
	return ok(UNIT, true);
}

// ---------------------------------------------------------------- MFA

function createAuthenticator(ctx: Ctx<'user_id'>): Result {
	const body = jsonBody(ctx.req);
	const secretRaw = requiredString(body, 'secret');
	const accountRaw = optionalString(body, 'account_name');
	const secret = normalizeTotpSecret(secretRaw);
	const bytes = base32ByteLength(secret);
	if (bytes === null) return fail(400, 'invalid base32 secret');
	if (bytes < 16) return fail(400, 'secret too short — TOTP secrets must be at least 128 bits (16 bytes)');
	const id = userId(ctx);
	if (!ctx.store.user(id)) return fail(404, 'user not found');
	if (ctx.store.authenticatorOf(id)) return fail(409, 'user already has an active authenticator');
	const trimmed = accountRaw?.trim() ?? '';
	if (trimmed.includes(':')) return fail(400, "account_name cannot contain ':'");
	const account = trimmed !== '' ? trimmed : defaultAccountName(ctx.store, id);
	const issuer = ctx.opts.issuer.trim() !== '' ? ctx.opts.issuer : 'Wacht';
	const url = otpUrl(issuer, account, secret);
	const a = ctx.store.addAuthenticator(id, {secret, otpUrl: url, createdAt: ctx.store.clock()});
	return ok({id: a.id, otp_url: url}, true);
}

function deleteAuthenticator(ctx: Ctx<'user_id'>): Result {
	if (!ctx.store.deleteAuthenticator(userId(ctx))) return fail(404, 'authenticator not found');
	return ok(UNIT, true);
}

function regenerateBackupCodes(ctx: Ctx<'user_id'>): Result {
	const codes = ctx.store.regenerateBackupCodes(userId(ctx));
	if (!codes) return fail(404, 'user not found');
	return ok({backup_codes: codes}, true);
}

// ---------------------------------------------------------------- memberships

function listOrganizationMemberships(ctx: Ctx<'user_id'>): Result {
	const {store} = ctx;
	return ok(wire.list(store.organizationMembershipsOf(userId(ctx)).map((m) => wire.organizationMembership(store, m))));
}

function listWorkspaceMemberships(ctx: Ctx<'user_id'>): Result {
	const {store} = ctx;
	return ok(wire.list(store.workspaceMembershipsOf(userId(ctx)).map((m) => wire.workspaceMembership(store, m))));
}
