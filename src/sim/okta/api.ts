/**
 * The Okta users-surface routes, handled against an OktaStore. Transport concerns (auth, rate limits, faults,
 * latency, headers, logging) live in server.ts; this module matches a route and turns one authorized request
 * into one response.
 *
 *   path ids: `{id}` (pathId) takes an id, `me`, a login or an unambiguous login short name; `{userId}` takes an id.
 *   A path segment that decodes to something containing `/` never resolves (logins with `/` can only be reached
 *   by id or search); an unknown path below /api/v1/users answers 405 E0000022, as Okta does for `/users/a/b`.
 */
import * as err from './errors.js';
import {OktaApiError} from './errors.js';
import {BASE_PROFILE_ATTRIBUTES, compileQuery, isSortableAttribute, matchesQ, sortValue} from './search.js';
import {compileKeywords, compileLogFilter, type LogEventRecord} from './events.js';
import {SECURITY_QUESTIONS, type OktaStore, type RequestContext, type UserRecord} from './store.js';
import * as wire from './wire.js';
import {RouteTable, type ParamNames} from '../shared/routes.js';

export interface ApiRequest {
	readonly method: string;
	/** Path as received (still percent-encoded), without the query. */
	readonly rawPath: string;
	/** The raw query string without `?` ('' when none). */
	readonly rawQuery: string;
	readonly query: URLSearchParams;
	/** Lowercased header names, as node:http gives them. */
	readonly headers: Readonly<Record<string, string | string[] | undefined>>;
	readonly body: Buffer;
	/** The simulator's base URL, used in links (stands in for https://{yourOktaDomain}). */
	readonly base: string;
	/** Where the request came from, for the System Log events its action writes. */
	readonly context?: RequestContext;
}

export interface ApiResponse {
	readonly status: number;
	/** Serialized JSON, or '' for no body. */
	readonly body: string;
	readonly headers: Readonly<Record<string, string | string[]>>;
	/** True when the request changed the store. */
	readonly applied: boolean;
}

/** Rate-limit buckets (shared/research/okta-api.md §8: per method + path, exact path before prefix). */
export type RateLimitBucket = 'GET /api/v1/users' | 'POST /api/v1/users' | 'GET /api/v1/users/{id}' | 'POST|PUT|DELETE /api/v1/users/{id}' | 'GET /api/v1/logs' | '/api/v1/*';

export type Scope = 'okta.users.read' | 'okta.users.manage' | 'okta.roles.read' | 'okta.roles.manage' | 'okta.logs.read';

interface Ctx<K extends string = never> {
	readonly store: OktaStore;
	readonly req: ApiRequest;
	/** Path parameters, percent-decoded. */
	readonly params: Readonly<Record<K, string>>;
}

type Handler<K extends string = never> = (ctx: Ctx<K>) => ApiResponse;

interface Operation<K extends string> {
	readonly handler: Handler<K>;
	readonly scope: Scope;
	readonly operationId: string;
}

export interface RouteMatch {
	readonly handler: Handler<string>;
	readonly params: Readonly<Record<string, string>>;
	readonly scope: Scope;
	readonly bucket: RateLimitBucket;
	/** The OpenAPI operationId this route implements. */
	readonly operationId: string;
	/** The OpenAPI path template, e.g. /api/v1/users/{id}/lifecycle/suspend. */
	readonly template: string;
}

// ------------------------------------------------------------------ helpers

const json = (value: unknown, status = 200, headers: Record<string, string | string[]> = {}, applied = false): ApiResponse => ({
	status,
	body: JSON.stringify(value),
	headers,
	applied,
});
const noContent = (applied = true): ApiResponse => ({status: 204, body: '', headers: {}, applied});
/** 200 with an empty body (deactivate, suspend, unsuspend, unlock, reset_factors). */
const emptyOk = (applied = true): ApiResponse => ({status: 200, body: '', headers: {}, applied});

function boolParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
	const v = query.get(name);
	if (v === null || v === '') return fallback;
	if (/^true$/i.test(v)) return true;
	if (/^false$/i.test(v)) return false;
	throw err.validationFailed(name, [`${name}: The value must be true or false.`]);
}

function limitParam(query: URLSearchParams, fallback: number, max: number): number {
	const v = query.get('limit');
	if (v === null || v === '') return fallback;
	if (!/^-?\d+$/.test(v)) throw err.validationFailed('limit', ['limit: The value must be an integer.']);
	const n = Number(v);
	if (n < 1) throw err.validationFailed('limit', ['limit: The value must be at least 1.']);
	return Math.min(n, max);
}

function header(req: ApiRequest, name: string): string {
	const v = req.headers[name];
	return Array.isArray(v) ? v.join(', ') : (v ?? '');
}

function jsonBody(req: ApiRequest): Record<string, unknown> | undefined {
	if (req.body.length === 0) return undefined;
	const type = header(req, 'content-type').toLowerCase();
	if (!type.includes('application/json')) throw err.unsupportedMediaType();
	let value: unknown;
	try {
		value = JSON.parse(req.body.toString('utf8'));
	} catch {
		throw err.malformedBody();
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) throw err.malformedBody();
	return value as Record<string, unknown>;
}

/** `Content-Type: application/json; okta-response=omitCredentials,omitCredentialsLinks,omitTransitioningToStatus`. */
function oktaResponse(req: ApiRequest): wire.UserJsonOptions {
	const m = /okta-response\s*=\s*"?([^";]*)"?/i.exec(header(req, 'content-type'));
	if (!m) return {};
	const parts = new Set((m[1] ?? '').split(',').map((s) => s.trim()));
	return {omitCredentials: parts.has('omitCredentials'), omitCredentialsLinks: parts.has('omitCredentialsLinks'), omitTransitioningToStatus: parts.has('omitTransitioningToStatus')};
}

// ------------------------------------------------------------------ pagination

type CursorKey = readonly (string | number)[];

function compareKeys(a: CursorKey, b: CursorKey): number {
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		const x = a[i];
		const y = b[i];
		if (x === y) continue;
		if (x === undefined) return -1;
		if (y === undefined) return 1;
		if (typeof x === 'number' && typeof y === 'number') return x - y;
		return String(x) < String(y) ? -1 : 1;
	}
	return 0;
}

/** Opaque cursors: base64url of the last item's sort key. Anything that doesn't decode answers 400 E0000029. */
function encodeCursor(key: CursorKey): string {
	return Buffer.from(JSON.stringify(['v1', ...key]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): CursorKey {
	try {
		if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('charset');
		const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
		if (!Array.isArray(value) || value[0] !== 'v1' || value.length < 2 || value.some((v) => typeof v !== 'string' && typeof v !== 'number')) throw new Error('shape');
		return value.slice(1) as (string | number)[];
	} catch {
		throw err.invalidPaging();
	}
}

/**
 * One page of `items` (already in order under `compare`), after the request's `after` cursor.
 * Returns the page and the Link header values (self always, next when more items follow).
 */
function paginate<T>(req: ApiRequest, items: readonly T[], keyOf: (item: T) => CursorKey, limit: number, direction: 1 | -1 = 1): {page: T[]; link: string[]} {
	const after = req.query.get('after');
	let start = 0;
	if (after !== null && after !== '') {
		const cursor = decodeCursor(after);
		// Same order as the list: the sort part in `direction`, ties by the trailing id ascending.
		const cmp = (a: CursorKey, b: CursorKey) => direction * compareKeys(a.slice(0, -1), b.slice(0, -1)) || compareKeys(a.slice(-1), b.slice(-1));
		start = items.findIndex((item) => cmp(keyOf(item), cursor) > 0);
		if (start < 0) start = items.length;
	}
	const page = items.slice(start, start + limit);
	const self = `${req.base}${req.rawPath}${req.rawQuery ? `?${req.rawQuery}` : ''}`;
	const link = [`<${self}>; rel="self"`];
	if (start + limit < items.length && page.length > 0) {
		const next = new URLSearchParams(req.query);
		next.set('after', encodeCursor(keyOf(page[page.length - 1] as T)));
		next.set('limit', String(limit));
		link.push(`<${req.base}${req.rawPath}?${next.toString().replace(/\+/g, '%20')}>; rel="next"`);
	}
	return {page, link};
}

// ------------------------------------------------------------------ users

function listUsers({store, req}: Ctx): ApiResponse {
	const q = req.query.get('q');
	const search = req.query.get('search');
	const filter = req.query.get('filter');
	if (search !== null && filter !== null) throw err.searchAndFilter();
	const profileAttrs = new Set<string>([...BASE_PROFILE_ATTRIBUTES, ...store.profileAttributes()]);
	const shape = {...oktaResponse(req), collection: true};
	const fields = req.query.get('fields');
	const render = (u: UserRecord) => {
		const j = wire.userJson(store, req.base, u, shape);
		return fields ? wire.projectFields(j, fields) : j;
	};

	if (search === null && filter === null && q !== null) {
		// q: starts-with, no DEPROVISIONED, no pagination (default limit 10).
		const limit = limitParam(req.query, 10, 200);
		const found = store.allUsers().filter((u) => u.status !== 'DEPROVISIONED' && matchesQ(u, q)).slice(0, limit);
		const self = `${req.base}${req.rawPath}${req.rawQuery ? `?${req.rawQuery}` : ''}`;
		return json(found.map(render), 200, {link: [`<${self}>; rel="self"`]});
	}

	let users: UserRecord[];
	let keyOf: (u: UserRecord) => CursorKey = (u) => [u.id];
	let direction: 1 | -1 = 1;
	if (search !== null) {
		const query = compileQuery(search, 'search', profileAttrs);
		users = store.allUsers().filter((u) => query.matches(u));
		const sortBy = req.query.get('sortBy');
		if (sortBy) {
			if (!isSortableAttribute(sortBy, profileAttrs)) throw err.invalidSearch();
			direction = (req.query.get('sortOrder') ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
			keyOf = (u) => [sortValue(u, sortBy), u.id];
			const dir = direction;
			users.sort((a, b) => dir * compareKeys([sortValue(a, sortBy)], [sortValue(b, sortBy)]) || compareKeys([a.id], [b.id]));
		}
	} else if (filter !== null) {
		const query = compileQuery(filter, 'filter', profileAttrs);
		users = store.allUsers().filter((u) => query.matches(u));
	} else {
		users = store.allUsers().filter((u) => u.status !== 'DEPROVISIONED');
	}
	const limit = limitParam(req.query, 200, 200);
	const {page, link} = paginate(req, users, keyOf, limit, direction);
	return json(page.map(render), 200, {link});
}

function getUser({store, req, params}: Ctx<'id'>): ApiResponse {
	const u = store.resolveUser(params.id);
	const expand = req.query.get('expand') ?? '';
	const body = wire.userJson(store, req.base, u, {...oktaResponse(req), embedBlocks: expand.split(',').includes('blocks')});
	return json(body, 200, {etag: `W/"${etagOf(u)}"`});
}

function etagOf(u: UserRecord): string {
	let h = 2166136261;
	for (const ch of `${u.id}:${u.lastUpdated}:${u.status}:${u.transitioningToStatus ?? ''}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
	return h.toString(16).padStart(8, '0') + u.lastUpdated.toString(16);
}

/** POST /users/{id}: a partial profile update (credentials are not taken here); answers the whole user. */
function updateUser({store, req, params}: Ctx<'id'>): ApiResponse {
	const u = store.resolveUser(params.id);
	const body = jsonBody(req);
	const profile = body?.['profile'];
	if (!body || (profile !== undefined && (profile === null || typeof profile !== 'object' || Array.isArray(profile)))) throw err.malformedBody();
	if (body['credentials'] !== undefined) throw err.unsupportedOperation();
	const updated = store.updateProfile(u.id, (profile ?? {}) as Record<string, unknown>);
	return json(wire.userJson(store, req.base, updated, oktaResponse(req)), 200, {etag: `W/"${etagOf(updated)}"`}, true);
}

function deleteUser({store, req, params}: Ctx<'id'>): ApiResponse {
	const u = store.resolveUser(params.id);
	store.deleteUser(u.id, boolParam(req.query, 'sendEmail', false));
	return noContent();
}

function listIdps({store, req, params}: Ctx<'id'>): ApiResponse {
	const u = store.resolveUser(params.id);
	return json(u.idpIds.map((id) => store.idps.get(id)).filter((i) => i !== undefined).map((i) => wire.idpJson(req.base, i)));
}

function listBlocks({store, params}: Ctx<'id'>): ApiResponse {
	const u = store.resolveUser(params.id);
	return json(u.blocks.map((b) => ({...b})));
}

function listGroups({store, req, params}: Ctx<'id'>): ApiResponse {
	const u = store.resolveUser(params.id);
	return json(store.groupsOf(u.id).map((g) => wire.groupJson(req.base, g)));
}

function listAppLinks({store, req, params}: Ctx<'id'>): ApiResponse {
	const u = store.resolveUser(params.id);
	return json(store.appLinksOf(u.id).map((l) => wire.appLinkJson(req.base, store, l)));
}

// ------------------------------------------------------------------ lifecycle

function activationBody(base: string, token: string): Record<string, string> {
	return {activationUrl: `${base}/tokens/${token}/verify`, activationToken: token};
}

function lifecycle(op: string): Handler<'id'> {
	return ({store, req, params}) => {
		const u = store.resolveUser(params.id);
		const q = req.query;
		switch (op) {
			case 'activate': {
				const r = store.activate(u.id, boolParam(q, 'sendEmail', true));
				return json(r ? activationBody(req.base, r.activationToken) : {}, 200, {}, true);
			}
			case 'reactivate': {
				const r = store.reactivate(u.id, boolParam(q, 'sendEmail', false));
				return json(r ? activationBody(req.base, r.activationToken) : {}, 200, {}, true);
			}
			case 'deactivate':
				store.deactivate(u.id, boolParam(q, 'sendEmail', false));
				return emptyOk();
			case 'suspend':
				store.suspend(u.id);
				return emptyOk();
			case 'unsuspend':
				store.unsuspend(u.id);
				return emptyOk();
			case 'unlock':
				return emptyOk(store.unlock(u.id));
			case 'reset_factors':
				store.resetFactors(u.id);
				return emptyOk();
			case 'reset_password': {
				if (q.get('sendEmail') === null) throw err.missingParameter();
				const r = store.resetPassword(u.id, boolParam(q, 'sendEmail', true), boolParam(q, 'revokeSessions', false));
				return json(r ? {resetPasswordUrl: `${req.base}/signin/reset-password/${r.token}`} : {}, 200, {}, true);
			}
			case 'expire_password':
				// The current description has no `tempPassword` parameter here (the legacy `?tempPassword=true` form is
				// replaced by expire_password_with_temp_password), so it answers the user whatever the query says.
				store.expirePassword(u.id);
				return json(wire.userJson(store, req.base, store.user(u.id)), 200, {}, true);
			case 'expire_password_with_temp_password': {
				const t = store.expirePassword(u.id, {tempPassword: true, revokeSessions: boolParam(q, 'revokeSessions', false)});
				return json({tempPassword: t}, 200, {}, true);
			}
			default:
				throw err.methodNotSupported();
		}
	};
}

function forgotPassword({store, req, params}: Ctx<'userId'>): ApiResponse {
	const u = store.resolveUser(params.userId, {idOnly: true});
	const r = store.forgotPassword(u.id, boolParam(req.query, 'sendEmail', true));
	return json(r ? {resetPasswordUrl: `${req.base}/signin/reset-password/${r.token}`} : {}, 200, {}, true);
}

function revokeSessions({store, req, params}: Ctx<'userId'>): ApiResponse {
	const u = store.resolveUser(params.userId, {idOnly: true});
	store.revokeSessions(u.id, {oauthTokens: boolParam(req.query, 'oauthTokens', false), forgetDevices: boolParam(req.query, 'forgetDevices', true)});
	return noContent();
}

// ------------------------------------------------------------------ factors

const userIdParam = (store: OktaStore, params: {readonly userId: string}) => store.resolveUser(params.userId, {idOnly: true});
/** The grant routes with and without `/clients/{clientId}`. */
type OptionalClient = {readonly params: {readonly clientId?: string}};

function listFactors({store, req, params}: Ctx<'userId'>): ApiResponse {
	const u = userIdParam(store, params);
	return json(store.factorsOf(u.id).map((f) => wire.factorJson(req.base, f)));
}

function enrollFactor({store, req, params}: Ctx<'userId'>): ApiResponse {
	const u = userIdParam(store, params);
	const body = jsonBody(req);
	if (!body) throw err.malformedBody();
	const f = store.enrollFactor(u.id, body, {activate: boolParam(req.query, 'activate', false)});
	return json(wire.factorJson(req.base, f, {enrollment: true}), 200, {}, true);
}

function listQuestions({store, params}: Ctx<'userId'>): ApiResponse {
	userIdParam(store, params);
	return json(Object.entries(SECURITY_QUESTIONS).map(([question, questionText]) => ({question, questionText})));
}

function getFactor({store, req, params}: Ctx<'userId' | 'factorId'>): ApiResponse {
	const u = userIdParam(store, params);
	return json(wire.factorJson(req.base, store.factor(u.id, params.factorId), {enrollment: true}));
}

function deleteFactor({store, params}: Ctx<'userId' | 'factorId'>): ApiResponse {
	const u = userIdParam(store, params);
	store.deleteFactor(u.id, params.factorId);
	return noContent();
}

function activateFactor({store, req, params}: Ctx<'userId' | 'factorId'>): ApiResponse {
	const u = userIdParam(store, params);
	const body = jsonBody(req) ?? {};
	const f = store.activateFactor(u.id, params.factorId, body['passCode']);
	return json(wire.factorJson(req.base, f), 200, {}, true);
}

const link = (href: string, allow: readonly string[]) => ({href, hints: {allow: [...allow]}});

/**
 * POST /factors/{factorId}/verify: a push answers 201 WAITING with its `poll` (and `cancel`) link; an SMS or call
 * challenge 200 CHALLENGE; a code 200 SUCCESS (a wrong one 403 E0000068, from the store).
 */
function verifyFactor({store, req, params}: Ctx<'userId' | 'factorId'>): ApiResponse {
	const u = userIdParam(store, params);
	const body = jsonBody(req) ?? {};
	const result = store.verifyFactor(u.id, params.factorId, body);
	const factorHref = `${req.base}/api/v1/users/${u.id}/factors/${params.factorId}`;
	switch (result.kind) {
		case 'push': {
			const poll = `${factorHref}/transactions/${result.tx.id}`;
			return json({expiresAt: new Date(result.tx.expiresAt).toISOString(), factorResult: 'WAITING', _links: {poll: link(poll, ['GET']), cancel: link(poll, ['DELETE'])}}, 201, {}, true);
		}
		case 'challenge':
			return json({factorResult: 'CHALLENGE', _links: {verify: link(`${factorHref}/verify`, ['POST']), factor: link(factorHref, ['GET', 'DELETE'])}}, 200, {}, true);
		case 'success':
			return json({factorResult: 'SUCCESS'}, 200, {}, true);
	}
}

/** GET /factors/{factorId}/transactions/{transactionId}: WAITING (poll again), SUCCESS, REJECTED or TIMEOUT. */
function pushTransaction({store, req, params}: Ctx<'userId' | 'factorId' | 'transactionId'>): ApiResponse {
	const u = userIdParam(store, params);
	const tx = store.pushTransaction(u.id, params.factorId, params.transactionId);
	const factorHref = `${req.base}/api/v1/users/${u.id}/factors/${params.factorId}`;
	const profile = {credentialId: u.profile.login};
	switch (tx.result) {
		case 'WAITING': {
			const poll = `${factorHref}/transactions/${tx.id}`;
			return json({factorResult: 'WAITING', profile, _links: {poll: link(poll, ['GET']), cancel: link(poll, ['DELETE'])}});
		}
		case 'SUCCESS':
			return json({factorResult: 'SUCCESS'});
		default:
			// The description types `_links.factor` here as a whole UserFactor, not a link: only `verify` is sent.
			return json({factorResult: tx.result, profile, _links: {verify: link(`${factorHref}/verify`, ['POST'])}});
	}
}

// ------------------------------------------------------------------ roles, clients, grants, tokens

function listRoles({store, req, params}: Ctx<'userId'>): ApiResponse {
	const u = userIdParam(store, params);
	return json(store.rolesOf(u.id).map((r) => wire.roleJson(req.base, r)));
}

function getRole({store, req, params}: Ctx<'userId' | 'roleAssignmentId'>): ApiResponse {
	const u = userIdParam(store, params);
	return json(wire.roleJson(req.base, store.role(u.id, params.roleAssignmentId)));
}

function unassignRole({store, params}: Ctx<'userId' | 'roleAssignmentId'>): ApiResponse {
	const u = userIdParam(store, params);
	store.unassignRole(u.id, params.roleAssignmentId);
	return noContent();
}

function listClients({store, req, params}: Ctx<'userId'>): ApiResponse {
	const u = userIdParam(store, params);
	return json(store.clientsOf(u.id).map((c) => wire.clientJson(req.base, u.id, c)));
}

const expandScope = (req: ApiRequest) => (req.query.get('expand') ?? '').split(',').includes('scope');
const createdKey = (x: {created: number; id: string}): CursorKey => [x.created, x.id];

function listGrants({store, req, params}: Ctx<'userId'> & OptionalClient): ApiResponse {
	const u = userIdParam(store, params);
	const scopeId = req.query.get('scopeId');
	const all = store.grantsOf(u.id, params.clientId).filter((g) => scopeId === null || g.scopeId === scopeId);
	const {page, link} = paginate(req, all, createdKey, limitParam(req.query, 20, 200));
	return json(page.map((g) => wire.grantJson(req.base, store, g, {expandScope: expandScope(req)})), 200, {link});
}

function revokeGrants({store, params}: Ctx<'userId'> & OptionalClient): ApiResponse {
	const u = userIdParam(store, params);
	store.revokeGrants(u.id, params.clientId !== undefined ? {clientId: params.clientId} : {});
	return noContent();
}

function getGrant({store, req, params}: Ctx<'userId' | 'grantId'>): ApiResponse {
	const u = userIdParam(store, params);
	return json(wire.grantJson(req.base, store, store.grant(u.id, params.grantId), {expandScope: expandScope(req)}));
}

function revokeGrant({store, params}: Ctx<'userId' | 'grantId'>): ApiResponse {
	const u = userIdParam(store, params);
	store.revokeGrants(u.id, {grantId: params.grantId});
	return noContent();
}

function listTokens({store, req, params}: Ctx<'userId' | 'clientId'>): ApiResponse {
	const u = userIdParam(store, params);
	const all = store.tokensOf(u.id, params.clientId);
	const {page, link} = paginate(req, all, createdKey, limitParam(req.query, 20, 200));
	return json(page.map((t) => wire.refreshTokenJson(req.base, store, t, {expandScope: expandScope(req)})), 200, {link});
}

function revokeTokens({store, params}: Ctx<'userId' | 'clientId'>): ApiResponse {
	const u = userIdParam(store, params);
	store.revokeTokens(u.id, params.clientId);
	return noContent();
}

function getToken({store, req, params}: Ctx<'userId' | 'clientId' | 'tokenId'>): ApiResponse {
	const u = userIdParam(store, params);
	const t = store.refreshToken(u.id, params.clientId, params.tokenId);
	return json(wire.refreshTokenJson(req.base, store, t, {expandScope: expandScope(req)}));
}

function revokeToken({store, params}: Ctx<'userId' | 'clientId' | 'tokenId'>): ApiResponse {
	const u = userIdParam(store, params);
	store.revokeTokens(u.id, params.clientId, params.tokenId);
	return noContent();
}

// ------------------------------------------------------------------ the System Log

const DAY_MS = 86_400_000;
/** Okta's page size for /api/v1/logs: 100 by default, at most 1,000. */
export const LOG_DEFAULT_LIMIT = 100;
export const LOG_MAX_LIMIT = 1_000;

function logTime(query: URLSearchParams, name: 'since' | 'until'): number | null {
	const v = query.get(name);
	if (v === null || v === '') return null;
	const ms = Date.parse(v);
	if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) || Number.isNaN(ms)) {
		throw err.validationFailed(name, [`${name}: The value must be an ISO 8601 timestamp.`]);
	}
	return ms;
}

type EventKey = readonly [number, number];
const keyOf = (e: LogEventRecord): EventKey => [e.published, e.seq];
const after = (a: EventKey, b: EventKey) => a[0] - b[0] || a[1] - b[1];

/**
 * GET /api/v1/logs. A bounded query (`until` given, or DESCENDING) pages through its window and ends; a polling
 * query (no `until`, ASCENDING) always answers a `next` link, even after an empty page, from where it stopped, so a
 * client can follow it to tail the log. `since` defaults to 7 days before `until` (or now); `until` is exclusive.
 */
function listLogEvents({store, req}: Ctx): ApiResponse {
	const q = req.query;
	const now = Date.now();
	const until = logTime(q, 'until');
	const since = logTime(q, 'since') ?? (until ?? now) - 7 * DAY_MS;
	const order = (q.get('sortOrder') ?? 'ASCENDING').toUpperCase();
	if (order !== 'ASCENDING' && order !== 'DESCENDING') throw err.validationFailed('sortOrder', ['sortOrder: The value must be ASCENDING or DESCENDING.']);
	const limitText = q.get('limit');
	let limit = LOG_DEFAULT_LIMIT;
	if (limitText !== null && limitText !== '') {
		if (!/^\d+$/.test(limitText)) throw err.validationFailed('limit', ['limit: The value must be an integer between 0 and 1000.']);
		limit = Math.min(Number(limitText), LOG_MAX_LIMIT);
	}
	const filterText = q.get('filter');
	const filter = filterText ? compileLogFilter(filterText) : null;
	const qText = q.get('q');
	const keywords = qText ? compileKeywords(qText) : null;
	const polling = until === null && order === 'ASCENDING';
	const upper = until ?? now + 1;
	const cursorText = q.get('after');
	const cursor = cursorText ? (decodeCursor(cursorText) as unknown as EventKey) : null;
	if (cursor && (cursor.length !== 2 || typeof cursor[0] !== 'number' || typeof cursor[1] !== 'number')) throw err.invalidPaging();

	const dir = order === 'ASCENDING' ? 1 : -1;
	const matches = (e: LogEventRecord) => {
		if (e.published < since || e.published >= upper) return false;
		if (cursor && dir * after(keyOf(e), cursor) <= 0) return false;
		if (keywords && !keywords(e)) return false;
		return !filter || filter(e);
	};
	const found: LogEventRecord[] = [];
	let more = false;
	const events = store.events;
	for (let i = dir === 1 ? 0 : events.length - 1; i >= 0 && i < events.length; i += dir) {
		const e = events[i] as LogEventRecord;
		if (!matches(e)) continue;
		if (found.length >= limit) {
			more = true;
			break;
		}
		found.push(e);
	}
	const self = `${req.base}${req.rawPath}${req.rawQuery ? `?${req.rawQuery}` : ''}`;
	const link = [`<${self}>; rel="self"`];
	const last = found[found.length - 1];
	// Polling: from the last event returned, else from where this page started.
	const nextKey: EventKey | null = last ? keyOf(last) : polling ? (cursor ?? [since, -1]) : null;
	if (nextKey && (more || polling)) {
		const next = new URLSearchParams(q);
		next.set('after', encodeCursor(nextKey));
		next.set('limit', String(limit));
		link.push(`<${req.base}${req.rawPath}?${next.toString().replace(/\+/g, '%20')}>; rel="next"`);
	}
	return json(found.map(wire.logEventJson), 200, {link});
}

const notSimulated: Handler = () => {
	throw err.unsupportedOperation();
};

// ------------------------------------------------------------------ routing

const READ: Scope = 'okta.users.read';
const MANAGE: Scope = 'okta.users.manage';
const r = <K extends string>(handler: Handler<K>, scope: Scope, operationId: string): Operation<K> => ({handler, scope, operationId});

const ROUTES = new RouteTable<Operation<string>>();
/** Adds a route (the pattern is the OpenAPI path template); each handler's parameters must be the pattern's. */
function route<P extends string>(pattern: P, operations: Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', Operation<ParamNames<P>>>>): void {
	ROUTES.add(pattern, operations as Partial<Record<string, Operation<string>>>);
}

const LIFECYCLE_OPS: Record<string, string> = {
	activate: 'activateUser',
	reactivate: 'reactivateUser',
	deactivate: 'deactivateUser',
	suspend: 'suspendUser',
	unsuspend: 'unsuspendUser',
	unlock: 'unlockUser',
	reset_factors: 'resetFactors',
	reset_password: 'resetPassword',
	expire_password: 'expirePassword',
	expire_password_with_temp_password: 'expirePasswordWithTempPassword',
};

route('/api/v1/logs', {GET: r(listLogEvents, 'okta.logs.read', 'listLogEvents')});
route('/api/v1/users', {GET: r(listUsers, READ, 'listUsers'), POST: r(notSimulated, MANAGE, 'createUser')});
route('/api/v1/users/{id}', {GET: r(getUser, READ, 'getUser'), DELETE: r(deleteUser, MANAGE, 'deleteUser'), POST: r(updateUser, MANAGE, 'updateUser'), PUT: r(notSimulated, MANAGE, 'replaceUser')});
route('/api/v1/users/{id}/idps', {GET: r(listIdps, READ, 'listUserIdentityProviders')});
route('/api/v1/users/{id}/blocks', {GET: r(listBlocks, READ, 'listUserBlocks')});
route('/api/v1/users/{id}/groups', {GET: r(listGroups, READ, 'listUserGroups')});
route('/api/v1/users/{id}/appLinks', {GET: r(listAppLinks, READ, 'listAppLinks')});
for (const [op, operationId] of Object.entries(LIFECYCLE_OPS)) route(`/api/v1/users/{id}/lifecycle/${op}`, {POST: r(lifecycle(op), MANAGE, operationId)});
route('/api/v1/users/{userId}/sessions', {DELETE: r(revokeSessions, MANAGE, 'revokeUserSessions')});
route('/api/v1/users/{userId}/factors', {GET: r(listFactors, READ, 'listFactors'), POST: r(enrollFactor, MANAGE, 'enrollFactor')});
route('/api/v1/users/{userId}/factors/questions', {GET: r(listQuestions, READ, 'listSupportedSecurityQuestions')});
route('/api/v1/users/{userId}/factors/{factorId}', {GET: r(getFactor, READ, 'getFactor'), DELETE: r(deleteFactor, MANAGE, 'unenrollFactor')});
route('/api/v1/users/{userId}/factors/{factorId}/lifecycle/activate', {POST: r(activateFactor, MANAGE, 'activateFactor')});
route('/api/v1/users/{userId}/factors/{factorId}/verify', {POST: r(verifyFactor, MANAGE, 'verifyFactor')});
route('/api/v1/users/{userId}/factors/{factorId}/transactions/{transactionId}', {GET: r(pushTransaction, READ, 'getFactorTransactionStatus')});
route('/api/v1/users/{userId}/credentials/forgot_password', {POST: r(forgotPassword, MANAGE, 'forgotPassword')});
route('/api/v1/users/{userId}/roles', {GET: r(listRoles, 'okta.roles.read', 'listAssignedRolesForUser')});
route('/api/v1/users/{userId}/roles/{roleAssignmentId}', {GET: r(getRole, 'okta.roles.read', 'getUserAssignedRole'), DELETE: r(unassignRole, 'okta.roles.manage', 'unassignRoleFromUser')});
route('/api/v1/users/{userId}/clients', {GET: r(listClients, READ, 'listUserClients')});
route('/api/v1/users/{userId}/clients/{clientId}/grants', {GET: r(listGrants, READ, 'listGrantsForUserAndClient'), DELETE: r(revokeGrants, MANAGE, 'revokeGrantsForUserAndClient')});
route('/api/v1/users/{userId}/clients/{clientId}/tokens', {GET: r(listTokens, READ, 'listRefreshTokensForUserAndClient'), DELETE: r(revokeTokens, MANAGE, 'revokeTokensForUserAndClient')});
route('/api/v1/users/{userId}/clients/{clientId}/tokens/{tokenId}', {GET: r(getToken, READ, 'getRefreshTokenForUserAndClient'), DELETE: r(revokeToken, MANAGE, 'revokeTokenForUserAndClient')});
route('/api/v1/users/{userId}/grants', {GET: r<'userId'>(listGrants, READ, 'listUserGrants'), DELETE: r<'userId'>(revokeGrants, MANAGE, 'revokeUserGrants')});
route('/api/v1/users/{userId}/grants/{grantId}', {GET: r(getGrant, READ, 'getUserGrant'), DELETE: r(revokeGrant, MANAGE, 'revokeUserGrant')});

function bucketFor(method: string, segments: readonly string[]): RateLimitBucket {
	if (segments[2] === 'logs') return 'GET /api/v1/logs';
	if (segments.length === 3) return method === 'GET' ? 'GET /api/v1/users' : 'POST /api/v1/users';
	if (segments.length === 4) return method === 'GET' ? 'GET /api/v1/users/{id}' : 'POST|PUT|DELETE /api/v1/users/{id}';
	return '/api/v1/*';
}

/**
 * Finds the route for a request (src/sim/shared/routes.ts: literal segments win over parameters, so
 * `factors/questions` beats `factors/{factorId}`). Throws 404 E0000007 for unknown paths, 405 E0000022 for a known
 * path with another method or an unknown path below /api/v1/users/{id}.
 */
export function matchRoute(method: string, rawPath: string): RouteMatch {
	const raw = rawPath.replace(/\/+$/, '').split('/').slice(1);
	let decoded: string[];
	try {
		decoded = raw.map((s) => decodeURIComponent(s));
	} catch {
		throw err.notFound(rawPath, 'Resource');
	}
	const best = ROUTES.match(decoded);
	if (!best) {
		if (decoded.length > 4 && decoded[0] === 'api' && decoded[1] === 'v1' && decoded[2] === 'users') throw err.methodNotSupported();
		throw err.notFound(rawPath, 'Resource');
	}
	const entry = best.route.methods[method.toUpperCase()];
	if (!entry) throw err.methodNotSupported();
	for (const value of Object.values(best.params)) if (value.includes('/')) throw err.notFound(value, 'User');
	return {
		handler: entry.handler,
		params: best.params,
		scope: entry.scope,
		operationId: entry.operationId,
		bucket: bucketFor(method.toUpperCase(), best.route.segments),
		template: best.route.pattern,
	};
}

/** Runs a matched route; OktaApiError becomes the error body. */
export function handleRoute(store: OktaStore, match: RouteMatch, req: ApiRequest): ApiResponse {
	try {
		store.requestContext = req.context ?? null;
		return match.handler({store, req, params: match.params});
	} catch (e) {
		if (e instanceof OktaApiError) return errorResponse(e);
		throw e;
	} finally {
		store.requestContext = null;
	}
}

export function errorResponse(e: OktaApiError): ApiResponse {
	return {status: e.status, body: JSON.stringify(err.errorBody(e.errorCode, e.errorSummary, e.errorCauses)), headers: {...e.headers}, applied: false};
}
