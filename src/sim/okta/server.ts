/**
 * The Okta Management API simulator (users surface): a loopback HTTP server speaking Okta's wire format
 * (shared/research/okta-api.md, checked against the official OpenAPI description) over an OktaStore, with hooks
 * for tests:
 *
 *   const sim = await startOktaSimulator();              // seed 1, ~2,000 users, random port on 127.0.0.1
 *   sim.url, sim.token                                   // orgUrl and SSWS/Bearer token for a client
 *   sim.store.user(WELL_KNOWN.lockedOut.id)              // inspect or prepare state
 *   sim.faults.add({path: /\/lifecycle\//, status: 500}) // next matching request fails
 *   sim.requests                                         // every request, with `applied` for mutations
 *   sim.latencyMs = 200                                  // delay every answer
 *   sim.setRateLimit('GET /api/v1/users', 3)             // make a bucket run out quickly
 *   await sim.close()
 *
 * Per request: faults → 411 (POST/PUT without a length) → auth (401 E0000011) → route (404/405) → concurrency
 * (429, limit 0) → rate-limit bucket (429 E0000047) → scope (403 E0000006) → handler (api.ts) → latency → answer.
 * Every answer carries X-Okta-Request-Id, X-Rate-Limit-Limit/Remaining/Reset (the bucket the request matched;
 * not consumed by 401s) and Date; JSON answers are `application/json`; lists carry `Link` self/next headers.
 */
import {randomBytes} from 'node:crypto';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {countApplied, FaultQueue, runRequest, sendFault, Stalls, type FaultRule, type LoggedRequest} from '../shared/faults.js';
import {listen} from '../shared/http.js';
import {errorResponse, handleRoute, matchRoute, type ApiResponse, type RateLimitBucket, type RouteMatch, type Scope} from './api.js';
import {loadOktaDataFile, readOktaDataFile, type OktaDataFile} from './data-file.js';
import * as err from './errors.js';
import {OktaApiError, summaryForStatus} from './errors.js';
import {DEFAULT_SEED, seedStore} from './seed.js';
import type {OktaStore} from './store.js';

/** The simulator's default API token (an SSWS token's shape: `00` + 40 characters). Also accepted as a Bearer token. */
export const OKTA_DEMO_TOKEN = '00sIm-0ktaDem0T0ken4TriageTuiXq7Lw2pV9cRb';
/** A second token limited to okta.users.read + okta.roles.read: manage calls with it answer 403 E0000006. */
export const OKTA_READONLY_TOKEN = '00sIm-0ktaReadOnlyT0kenTriageTuiZk3Hs8aNd';

/**
 * Per-minute budgets per bucket: Okta's published defaults for an Enterprise org (the retired per-endpoint table,
 * shared/research/okta-api.md §8). Windows start at a bucket's first request and last 60 s.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitBucket, number>> = {
	'GET /api/v1/users': 600,
	'POST /api/v1/users': 600,
	'GET /api/v1/users/{id}': 1000,
	'POST|PUT|DELETE /api/v1/users/{id}': 600,
	'/api/v1/*': 600,
};
export const RATE_LIMIT_WINDOW_MS = 60_000;
/** Okta's default org-wide concurrent request limit. */
export const DEFAULT_CONCURRENCY_LIMIT = 75;

export type RateLimitSetting = number | {limit: number; windowMs?: number};

export interface OktaSimulatorOptions {
	/** Default 0 (a free port). */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** Seed for generated data and ids (default 1). */
	seed?: number;
	/** Serve this data (or the data file at this path) instead of seeded users. */
	data?: OktaDataFile | string;
	/** Default OKTA_DEMO_TOKEN; accepted as `SSWS <token>` or `Bearer <token>`, with every scope. */
	token?: string;
	/** Default OKTA_READONLY_TOKEN; null: no read-only token. */
	readOnlyToken?: string | null;
	/** Seeded users in total (default 2,000); only without `data`. */
	userCount?: number;
	/** Overrides per bucket (requests per window, or {limit, windowMs}). */
	rateLimits?: Partial<Record<RateLimitBucket, RateLimitSetting>>;
	/** Concurrent requests before 429 with X-Rate-Limit-Limit: 0 (default 75). */
	concurrencyLimit?: number;
	/** Delay before every answer, in ms (default 0). Settable later via `sim.latencyMs`. */
	latencyMs?: number;
	/** Keep answer bodies in the request log (default false). Settable later via `sim.recordResponses`. */
	recordResponses?: boolean;
	/** >0: activate/deactivate complete asynchronously after this many ms (E0000112 meanwhile). Default 0. */
	transitionMs?: number;
}

export {FaultQueue} from '../shared/faults.js';
/**
 * Faults (shared with the Wacht simulator, src/sim/shared/faults.ts). Here `status` answers carry an Okta error body
 * and the usual headers (a 429: X-Rate-Limit-Remaining 0 and a Reset one second ahead); `malformed-json` sends
 * `[{"id":"00u`.
 */
export type {FaultKind, FaultRule, FaultSpec} from '../shared/faults.js';

export interface RequestLogEntry extends LoggedRequest {
	/** Path without the query, as received (percent-encoded), e.g. /api/v1/users/00u…/lifecycle/suspend */
	readonly path: string;
	/** X-Okta-Request-Id of the answer ('' when none was sent). */
	requestId: string;
	/** The OpenAPI operationId the request matched (null for unknown paths). */
	operationId: string | null;
	/** The body sent, when `recordResponses` is on (injected faults are not recorded). */
	responseBody?: string;
}

export interface RateLimitState {
	readonly limit: number;
	readonly windowMs: number;
	/** Requests counted in the current window. */
	readonly used: number;
	/** Epoch ms when the current window started (null: no request yet). */
	readonly windowStart: number | null;
}

export interface OktaSimulator {
	/** e.g. http://127.0.0.1:43817 (no trailing slash): the orgUrl for clients. */
	readonly url: string;
	readonly port: number;
	/** The full-access token (SSWS or Bearer). */
	readonly token: string;
	/** The read-only token (okta.users.read, okta.roles.read), or null. */
	readonly readOnlyToken: string | null;
	readonly store: OktaStore;
	readonly faults: FaultQueue;
	/** Every request in arrival order; clear with `sim.requests.length = 0`. */
	readonly requests: RequestLogEntry[];
	/** Delay before every answer, in ms. */
	latencyMs: number;
	/** Concurrent requests allowed before 429 (Limit 0). */
	concurrencyLimit: number;
	/** Keep each answer's body in its request-log entry (`responseBody`), e.g. to check a client's traffic against the spec. */
	recordResponses: boolean;
	/** Current state of every rate-limit bucket. */
	readonly rateLimits: Readonly<Record<RateLimitBucket, RateLimitState>>;
	/** Changes a bucket's budget (and window); starts a fresh window. */
	setRateLimit(bucket: RateLimitBucket, limit: number, windowMs?: number): void;
	/** Starts fresh windows for every bucket. */
	resetRateLimits(): void;
	/** Requests that changed state (the `applied` entries), optionally for one method/path pattern. */
	appliedCount(match?: {method?: string; path?: RegExp | string}): number;
	close(): Promise<void>;
}

const LENGTH_REQUIRED_PAGE =
	'<html>\r\n<head><title>411 Length Required</title></head>\r\n<body>\r\n<center><h1>411 Length Required</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** X-Okta-Request-Id: 27 URL-safe characters, like Okta's (e.g. `X5kPoTjwR8R0cCmhSMRHQAAAA4k`). */
function newRequestId(): string {
	return randomBytes(20).toString('base64url').slice(0, 27);
}

class RateLimiter {
	readonly buckets = new Map<RateLimitBucket, {limit: number; windowMs: number; used: number; windowStart: number | null}>();

	constructor(overrides: Partial<Record<RateLimitBucket, RateLimitSetting>> = {}) {
		for (const [bucket, limit] of Object.entries(DEFAULT_RATE_LIMITS) as [RateLimitBucket, number][]) {
			const o = overrides[bucket];
			const setting = o === undefined ? {limit} : typeof o === 'number' ? {limit: o} : o;
			this.buckets.set(bucket, {limit: setting.limit, windowMs: setting.windowMs ?? RATE_LIMIT_WINDOW_MS, used: 0, windowStart: null});
		}
	}

	private state(bucket: RateLimitBucket, now: number) {
		const b = this.buckets.get(bucket);
		if (!b) throw new Error(`unknown rate-limit bucket ${bucket}`);
		if (b.windowStart !== null && now >= b.windowStart + b.windowMs) {
			b.windowStart = null;
			b.used = 0;
		}
		return b;
	}

	private headers(b: {limit: number; windowMs: number; used: number; windowStart: number | null}, now: number): Record<string, string> {
		const reset = Math.ceil(((b.windowStart ?? now) + b.windowMs) / 1000);
		return {'x-rate-limit-limit': String(b.limit), 'x-rate-limit-remaining': String(Math.max(0, b.limit - b.used)), 'x-rate-limit-reset': String(reset)};
	}

	/** Headers without counting the request. */
	peek(bucket: RateLimitBucket, now: number): Record<string, string> {
		return this.headers(this.state(bucket, now), now);
	}

	/** Counts the request; `ok` false when the budget is spent (the request is not counted then). */
	take(bucket: RateLimitBucket, now: number): {ok: boolean; headers: Record<string, string>} {
		const b = this.state(bucket, now);
		if (b.windowStart === null) b.windowStart = now;
		if (b.used >= b.limit) return {ok: false, headers: this.headers(b, now)};
		b.used++;
		return {ok: true, headers: this.headers(b, now)};
	}

	set(bucket: RateLimitBucket, limit: number, windowMs?: number): void {
		const b = this.state(bucket, Date.now());
		b.limit = limit;
		if (windowMs !== undefined) b.windowMs = windowMs;
		b.used = 0;
		b.windowStart = null;
	}

	reset(): void {
		for (const b of this.buckets.values()) {
			b.used = 0;
			b.windowStart = null;
		}
	}
}

interface TokenGrant {
	readonly scopes: ReadonlySet<Scope> | 'all';
}

export async function startOktaSimulator(opts: OktaSimulatorOptions = {}): Promise<OktaSimulator> {
	const seed = opts.seed ?? DEFAULT_SEED;
	let store: OktaStore;
	if (opts.data !== undefined) {
		const data = typeof opts.data === 'string' ? await readOktaDataFile(opts.data) : opts.data;
		store = loadOktaDataFile(data, {seed});
	} else {
		store = seedStore({seed, ...(opts.userCount !== undefined ? {userCount: opts.userCount} : {})});
	}
	store.transitionMs = opts.transitionMs ?? 0;
	const token = opts.token ?? OKTA_DEMO_TOKEN;
	const readOnlyToken = opts.readOnlyToken === undefined ? OKTA_READONLY_TOKEN : opts.readOnlyToken;
	const tokens = new Map<string, TokenGrant>([[token, {scopes: 'all'}]]);
	if (readOnlyToken !== null && readOnlyToken !== token) tokens.set(readOnlyToken, {scopes: new Set<Scope>(['okta.users.read', 'okta.roles.read'])});
	const host = opts.host ?? '127.0.0.1';
	const faults = new FaultQueue();
	const requests: RequestLogEntry[] = [];
	const limiter = new RateLimiter(opts.rateLimits);
	let inFlight = 0;
	const concurrency = {limit: opts.concurrencyLimit ?? DEFAULT_CONCURRENCY_LIMIT};
	let closing = false;
	const stalls = new Stalls();
	let base = '';

	function finalize(res: ApiResponse, requestId: string, rate: Record<string, string>): ApiResponse {
		const headers: Record<string, string | string[]> = {'x-okta-request-id': requestId, ...rate, ...res.headers};
		if (res.status !== 204) {
			headers['content-type'] ??= 'application/json';
			headers['cache-control'] ??= 'no-cache, no-store';
			headers['pragma'] ??= 'no-cache';
			headers['expires'] ??= '0';
		}
		return {...res, headers};
	}

	/** 411 → auth → route → concurrency → rate limit → scope → handler. */
	function process(req: IncomingMessage, rawPath: string, rawQuery: string, body: Buffer, entry: RequestLogEntry): ApiResponse {
		const requestId = newRequestId();
		entry.requestId = requestId;
		const method = (req.method ?? 'GET').toUpperCase();
		const now = Date.now();
		let match: RouteMatch | null = null;
		let routeError: OktaApiError | null = null;
		try {
			match = matchRoute(method, rawPath);
			entry.operationId = match.operationId;
		} catch (e) {
			if (!(e instanceof OktaApiError)) throw e;
			routeError = e;
		}
		const bucket: RateLimitBucket = match?.bucket ?? '/api/v1/*';

		if ((method === 'POST' || method === 'PUT') && req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
			return finalize({status: 411, body: LENGTH_REQUIRED_PAGE, headers: {'content-type': 'text/html'}, applied: false}, requestId, limiter.peek(bucket, now));
		}

		const auth = req.headers.authorization ?? '';
		const m = /^(SSWS|Bearer)\s+(\S+)\s*$/i.exec(auth);
		const grant = m ? tokens.get(m[2] as string) : undefined;
		const bearer = m?.[1]?.toLowerCase() === 'bearer';
		if (!grant) {
			const e = err.invalidToken();
			const extra: Record<string, string> = bearer ? {'www-authenticate': `Bearer authorization_uri="${base}/oauth2/v1/authorize", realm="${base}", scope="okta.users.read", error="invalid_token", error_description="The token is not valid.", resource="${rawPath}"`} : {};
			return finalize({...errorResponse(e), headers: extra}, requestId, limiter.peek(bucket, now));
		}
		if (routeError || !match) {
			const taken = limiter.take(bucket, now);
			return finalize(errorResponse(taken.ok ? (routeError as OktaApiError) : err.rateLimited()), requestId, taken.headers);
		}
		if (inFlight > concurrency.limit) {
			const reset = String(Math.ceil((now + RATE_LIMIT_WINDOW_MS) / 1000));
			return finalize(errorResponse(err.rateLimited()), requestId, {'x-rate-limit-limit': '0', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset});
		}
		const taken = limiter.take(bucket, now);
		if (!taken.ok) return finalize(errorResponse(err.rateLimited()), requestId, taken.headers);
		if (grant.scopes !== 'all' && !grant.scopes.has(match.scope)) {
			const extra: Record<string, string> = bearer ? {'www-authenticate': `Bearer authorization_uri="${base}/oauth2/v1/authorize", realm="${base}", scope="${match.scope}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${rawPath}"`} : {};
			return finalize(errorResponse(err.accessDenied(extra)), requestId, taken.headers);
		}
		let res: ApiResponse;
		try {
			res = handleRoute(store, match, {method, rawPath, rawQuery, query: new URLSearchParams(rawQuery), headers: req.headers, body, base});
		} catch (e) {
			console.error('okta simulator: handler error', e);
			res = errorResponse(err.internalError());
		}
		return finalize(res, requestId, taken.headers);
	}

	function send(res: ServerResponse, status: number, body: string, headers: Record<string, string | string[]>): void {
		if (res.destroyed) return;
		const h: Record<string, string | string[]> = {...headers};
		if (status !== 204) h['content-length'] = String(Buffer.byteLength(body));
		res.writeHead(status, h);
		res.end(status === 204 ? undefined : body);
	}

	/** Rate-limit headers of the bucket a request falls in, without counting it (for injected faults). */
	function peekFor(method: string, rawPath: string): Record<string, string> {
		let bucket: RateLimitBucket = '/api/v1/*';
		try {
			bucket = matchRoute(method.toUpperCase(), rawPath).bucket;
		} catch {
			// unknown path: the catch-all bucket
		}
		return limiter.peek(bucket, Date.now());
	}

	function sendOktaFault(res: ServerResponse, entry: RequestLogEntry, rule: FaultRule, real: ApiResponse | null): void {
		if (!entry.requestId) entry.requestId = newRequestId();
		const idHeader = {'x-okta-request-id': entry.requestId, ...peekFor(entry.method, entry.path)};
		sendFault(res, entry, rule, real, {
			send: (status, body, contentType, headers) => send(res, status, body, {'content-type': contentType, ...headers}),
			jsonHeaders: idHeader,
			malformedJson: '[{"id":"00u',
			truncatedBody: (r) => r?.body || '[{"id":"00u1a2b3c4d5e6f7g8h9","status":"ACTIVE"}]',
			statusBody: (status) => {
				const {code, summary} = summaryForStatus(status);
				return JSON.stringify(err.errorBody(code, summary));
			},
			statusHeaders: (status): Record<string, string> => (status === 429 ? {'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 1)} : {}),
		});
	}

	async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks);
		const rawUrl = req.url ?? '/';
		const qIndex = rawUrl.indexOf('?');
		const rawPath = qIndex < 0 ? rawUrl : rawUrl.slice(0, qIndex);
		const rawQuery = qIndex < 0 ? '' : rawUrl.slice(qIndex + 1);
		const search = rawQuery ? `?${rawQuery}` : '';
		const method = req.method ?? 'GET';
		const entry: RequestLogEntry = {
			method,
			path: rawPath,
			query: Object.fromEntries(new URLSearchParams(rawQuery)),
			status: 0,
			applied: false,
			at: Date.now(),
			fault: null,
			requestId: '',
			operationId: null,
			headers: req.headers,
			body: body.toString('utf8'),
		};
		requests.push(entry);
		inFlight++;
		let released = false;
		const release = () => {
			if (!released) {
				released = true;
				inFlight--;
			}
		};
		res.once('close', release);
		res.once('finish', release);
		await runRequest({
			rule: faults.take(method, rawPath, search),
			method,
			entry,
			res,
			stalls,
			latencyMs: () => api.latencyMs,
			handle: () => process(req, rawPath, rawQuery, body, entry),
			fault: (rule, real) => sendOktaFault(res, entry, rule, real),
			answer: (result) => {
				entry.status = result.status;
				if (api.recordResponses) entry.responseBody = result.body;
				send(res, result.status, result.body, result.headers as Record<string, string | string[]>);
			},
		});
	}

	const server: Server = createServer((req, res) => {
		onRequest(req, res).catch((e: unknown) => {
			console.error('okta simulator: request failed', e);
			if (!res.headersSent) send(res, 500, JSON.stringify(err.errorBody('E0000009', 'Internal Server Error')), {'content-type': 'application/json', 'x-okta-request-id': newRequestId()});
		});
	});
	server.keepAliveTimeout = 5_000;

	const listening = await listen(server, opts.port ?? 0, host);
	const port = listening.port;
	base = listening.url;

	const api: OktaSimulator = {
		url: base,
		port,
		token,
		readOnlyToken,
		store,
		faults,
		requests,
		latencyMs: opts.latencyMs ?? 0,
		recordResponses: opts.recordResponses ?? false,
		get concurrencyLimit() {
			return concurrency.limit;
		},
		set concurrencyLimit(value: number) {
			concurrency.limit = value;
		},
		get rateLimits() {
			const out = {} as Record<RateLimitBucket, RateLimitState>;
			for (const [bucket, b] of limiter.buckets) out[bucket] = {limit: b.limit, windowMs: b.windowMs, used: b.used, windowStart: b.windowStart};
			return out;
		},
		setRateLimit(bucket, limit, windowMs) {
			limiter.set(bucket, limit, windowMs);
		},
		resetRateLimits() {
			limiter.reset();
		},
		appliedCount(match) {
			return countApplied(requests, match);
		},
		async close() {
			if (closing) return;
			closing = true;
			store.dispose();
			stalls.close();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
	return api;
}
