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
 *   sim.store.answerPush(userId, 'approve')              // the user answers a verification push (never on the wire)
 *   await sim.close()
 *
 * Per request (the shared loop, src/sim/shared/server.ts): faults → 411 (POST/PUT without a length) → auth (401 E0000011) → route (404/405) → concurrency
 * (429, limit 0) → rate-limit bucket (429 E0000047) → scope (403 E0000006) → handler (api.ts) → latency → answer.
 * Every answer carries X-Okta-Request-Id, X-Rate-Limit-Limit/Remaining/Reset (the bucket the request matched;
 * not consumed by 401s) and Date; JSON answers are `application/json`; lists carry `Link` self/next headers.
 */
import {randomBytes} from 'node:crypto';
import type {FaultQueue, LoggedRequest} from '../shared/faults.js';
import {RateWindows, type RateSetting, type RateWindow} from '../shared/rate-limit.js';
import {startSimServer, type SimAnswer, type SimDialect, type SimTls} from '../shared/server.js';
import {errorResponse, handleRoute, matchRoute, type RateLimitBucket, type RouteMatch, type Scope} from './api.js';
import {loadOktaDataFile, readOktaDataFile, type OktaDataFile} from './data-file.js';
import * as err from './errors.js';
import {OktaApiError, summaryForStatus} from './errors.js';
import {DEFAULT_SEED, DEMO_PUSH_RESPONDER, loadSeededStore, seedDataFile, seedStore} from './seed.js';
import type {OktaStore} from './store.js';

/** The simulator's default API token (an SSWS token's shape: `00` + 40 characters). Also accepted as a Bearer token. */
export const OKTA_DEMO_TOKEN = '00sIm-0ktaDem0T0ken4TriageTuiXq7Lw2pV9cRb';
/** A second token limited to okta.users.read, okta.roles.read and okta.logs.read: manage calls with it answer 403 E0000006. */
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
	'GET /api/v1/logs': 120,
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
	/**
	 * Listen at once and seed behind it (the embedded demo: the app draws its first frame meanwhile). Requests wait
	 * until the seed is complete, so no answer ever comes from a half-built store.
	 */
	seedBehind?: boolean;
	/** Overrides per bucket (requests per window, or {limit, windowMs}). */
	rateLimits?: Partial<Record<RateLimitBucket, RateLimitSetting>>;
	/** Concurrent requests before 429 with X-Rate-Limit-Limit: 0 (default 75). */
	concurrencyLimit?: number;
	/** Delay before every answer, in ms (default 0). Settable later via `sim.latencyMs`. */
	latencyMs?: number;
	/** Keep answer bodies in the request log (default false). Settable later via `sim.recordResponses`. */
	recordResponses?: boolean;
	/** More tokens, each with only these scopes: a call needing another answers 403 E0000006 (with `www-authenticate` for Bearer). */
	scopedTokens?: Readonly<Record<string, readonly Scope[]>>;
	/** Serve HTTPS with this key and certificate (PEM); default plain HTTP on loopback. */
	tls?: SimTls;
	/** The server's clock (its Date header) runs this many ms ahead; negative: behind. Default 0. */
	clockSkewMs?: number;
	/** >0: activate/deactivate complete asynchronously after this many ms (E0000112 meanwhile). Default 0. */
	transitionMs?: number;
	/**
	 * The demo's phones answer verification pushes by themselves (DEMO_PUSH_RESPONDER: approved after a few seconds,
	 * Marta's rejected). Default false: a push waits for `sim.store.answerPush(userId, …)` (a test hook, not on the
	 * wire) or expires.
	 */
	demoPhones?: boolean;
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

/** X-Rate-Limit-Limit/Remaining/Reset (epoch seconds) of a bucket's window. */
function rateHeaders(w: RateWindow): Record<string, string> {
	return {'x-rate-limit-limit': String(w.limit), 'x-rate-limit-remaining': String(w.remaining), 'x-rate-limit-reset': String(Math.ceil(w.resetAt / 1000))};
}

function rateSettings(overrides: Partial<Record<RateLimitBucket, RateLimitSetting>> = {}): Record<RateLimitBucket, RateSetting> {
	const out = {} as Record<RateLimitBucket, RateSetting>;
	for (const [bucket, limit] of Object.entries(DEFAULT_RATE_LIMITS) as [RateLimitBucket, number][]) {
		const o = overrides[bucket];
		const setting = o === undefined ? {limit} : typeof o === 'number' ? {limit: o} : o;
		out[bucket] = {limit: setting.limit, windowMs: setting.windowMs ?? RATE_LIMIT_WINDOW_MS};
	}
	return out;
}

/** What routing found: the route, or the error to answer once the request is authenticated and counted. */
type Routed = {match: RouteMatch; error: null} | {match: null; error: OktaApiError};

/** The tokens' ids (Security > API > Tokens), as System Log events name them (transaction.detail.requestApiTokenId). */
const DEMO_TOKEN_ID = '00Tsim0ktaDem0T0ken1';
const READONLY_TOKEN_ID = '00Tsim0ktaReadOnly01';

interface TokenGrant {
	readonly id: string;
	readonly scopes: ReadonlySet<Scope> | 'all';
}

export async function startOktaSimulator(opts: OktaSimulatorOptions = {}): Promise<OktaSimulator> {
	const seed = opts.seed ?? DEFAULT_SEED;
	let store: OktaStore | undefined;
	let seeded: Promise<OktaStore> | undefined;
	const ready = (s: OktaStore): OktaStore => {
		s.transitionMs = opts.transitionMs ?? 0;
		if (opts.demoPhones) s.pushResponder = DEMO_PUSH_RESPONDER;
		return (store = s);
	};
	const seedOptions = {seed, ...(opts.userCount !== undefined ? {userCount: opts.userCount} : {})};
	if (opts.data !== undefined) {
		const data = typeof opts.data === 'string' ? await readOktaDataFile(opts.data) : opts.data;
		ready(loadOktaDataFile(data, {seed}));
	} else if (opts.seedBehind) {
		// Two turns of the event loop: the data file, then the store built from it.
		seeded = nextTurn(() => seedDataFile(seedOptions)).then((data) => nextTurn(() => ready(loadSeededStore(data, seedOptions))));
	} else {
		ready(seedStore(seedOptions));
	}
	const token = opts.token ?? OKTA_DEMO_TOKEN;
	const readOnlyToken = opts.readOnlyToken === undefined ? OKTA_READONLY_TOKEN : opts.readOnlyToken;
	const tokens = new Map<string, TokenGrant>([[token, {id: DEMO_TOKEN_ID, scopes: 'all'}]]);
	if (readOnlyToken !== null && readOnlyToken !== token) tokens.set(readOnlyToken, {id: READONLY_TOKEN_ID, scopes: new Set<Scope>(['okta.users.read', 'okta.roles.read', 'okta.logs.read'])});
	Object.entries(opts.scopedTokens ?? {}).forEach(([value, scopes], i) => tokens.set(value, {id: `00Tsim0ktaScoped${String(i).padStart(4, '0')}`, scopes: new Set(scopes)}));
	const limiter = new RateWindows<RateLimitBucket>(rateSettings(opts.rateLimits));
	const concurrency = {limit: opts.concurrencyLimit ?? DEFAULT_CONCURRENCY_LIMIT};
	let recordResponses = opts.recordResponses ?? false;
	let base = '';

	const wwwAuthenticate = (scope: string, error: string, description: string, path: string) => ({
		'www-authenticate': `Bearer authorization_uri="${base}/oauth2/v1/authorize", realm="${base}", scope="${scope}", error="${error}", error_description="${description}", resource="${path}"`,
	});

	const dialect: SimDialect<RequestLogEntry, Routed, {grant: TokenGrant; bearer: boolean}, RateLimitBucket> = {
		name: 'okta',
		entry: (base) => ({...base, requestId: '', operationId: null}),
		route(req, entry) {
			entry.requestId = newRequestId();
			try {
				const match = matchRoute(req.method.toUpperCase(), req.path);
				entry.operationId = match.operationId;
				return {match, error: null};
			} catch (e) {
				if (!(e instanceof OktaApiError)) throw e;
				return {match: null, error: e};
			}
		},
		bucket: (routed) => routed.match?.bucket ?? '/api/v1/*',
		preflight(req) {
			const method = req.method.toUpperCase();
			if ((method === 'POST' || method === 'PUT') && req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
				return {status: 411, body: LENGTH_REQUIRED_PAGE, headers: {'content-type': 'text/html'}, applied: false};
			}
			return null;
		},
		authenticate(req) {
			const m = /^(SSWS|Bearer)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
			const grant = m ? tokens.get(m[2] as string) : undefined;
			const bearer = m?.[1]?.toLowerCase() === 'bearer';
			if (grant) return {grant: {grant, bearer}};
			const extra = bearer ? wwwAuthenticate('okta.users.read', 'invalid_token', 'The token is not valid.', req.path) : {};
			return {answer: {...errorResponse(err.invalidToken()), headers: extra}};
		},
		admit(_req, routed, inFlight) {
			// Only a request that routed counts against the org's concurrency (a routing error is answered first).
			if (!routed.match || inFlight <= concurrency.limit) return null;
			const reset = String(Math.ceil((Date.now() + RATE_LIMIT_WINDOW_MS) / 1000));
			return {...errorResponse(err.rateLimited()), headers: {'x-rate-limit-limit': '0', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset}};
		},
		rateLimited: () => errorResponse(err.rateLimited()),
		authorize({grant, bearer}, routed, req) {
			if (!routed.match || grant.scopes === 'all' || grant.scopes.has(routed.match.scope)) return null;
			const extra = bearer ? wwwAuthenticate(routed.match.scope, 'insufficient_scope', 'The access token provided does not contain the required scopes.', req.path) : {};
			return errorResponse(err.accessDenied(extra));
		},
		async handle(req, routed, {grant}, entry) {
			if (!routed.match) return errorResponse(routed.error);
			const ua = req.headers['user-agent'];
			const context = {requestId: entry.requestId, ip: req.remoteAddress, userAgent: typeof ua === 'string' ? ua : null, url: `${req.path}${req.rawQuery ? `?${req.rawQuery}` : ''}`, apiTokenId: grant.id};
			return handleRoute(store ?? (await seeded!), routed.match, {method: req.method.toUpperCase(), rawPath: req.path, rawQuery: req.rawQuery, query: req.query, headers: req.headers, body: req.body, base, context});
		},
		finalize(answer, entry, window): SimAnswer {
			const headers: Record<string, string | string[]> = {'x-okta-request-id': entry.requestId, ...rateHeaders(window), ...answer.headers};
			if (answer.status !== 204) {
				headers['content-type'] ??= 'application/json';
				headers['cache-control'] ??= 'no-cache, no-store';
				headers['pragma'] ??= 'no-cache';
				headers['expires'] ??= '0';
			}
			return {...answer, headers};
		},
		internalError: () => errorResponse(err.internalError()),
		crashAnswer: () => ({status: 500, body: JSON.stringify(err.errorBody('E0000009', 'Internal Server Error')), headers: {'content-type': 'application/json', 'x-okta-request-id': newRequestId()}, applied: false}),
		faultAnswers(entry) {
			if (!entry.requestId) entry.requestId = newRequestId();
			return {
				jsonHeaders: {'x-okta-request-id': entry.requestId, ...rateHeaders(limiter.peek(bucketOf(entry.method, entry.path), Date.now()))},
				malformedJson: '[{"id":"00u',
				truncatedBody: (r) => r?.body || '[{"id":"00u1a2b3c4d5e6f7g8h9","status":"ACTIVE"}]',
				statusBody: (status) => {
					const {code, summary} = summaryForStatus(status);
					return JSON.stringify(err.errorBody(code, summary));
				},
				statusHeaders: (status): Record<string, string> => (status === 429 ? {'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 1)} : {}),
			};
		},
		onAnswer(entry, answer) {
			if (recordResponses) entry.responseBody = answer.body;
		},
		onClose: () => {
			if (store) store.dispose();
			else void seeded?.then((s) => s.dispose());
		},
	};

	const loop = await startSimServer({
		dialect,
		limiter,
		port: opts.port ?? 0,
		host: opts.host ?? '127.0.0.1',
		latencyMs: opts.latencyMs ?? 0,
		...(opts.tls ? {tls: opts.tls} : {}),
		...(opts.clockSkewMs ? {clockSkewMs: opts.clockSkewMs} : {}),
		onListening: (url) => {
			base = url;
		},
	});

	return {
		url: loop.url,
		port: loop.port,
		token,
		readOnlyToken,
		get store() {
			if (!store) throw new Error('the simulator is still seeding (seedBehind)');
			return store;
		},
		faults: loop.faults,
		requests: loop.requests,
		get latencyMs() {
			return loop.latencyMs;
		},
		set latencyMs(value: number) {
			loop.latencyMs = value;
		},
		get recordResponses() {
			return recordResponses;
		},
		set recordResponses(value: boolean) {
			recordResponses = value;
		},
		get concurrencyLimit() {
			return concurrency.limit;
		},
		set concurrencyLimit(value: number) {
			concurrency.limit = value;
		},
		get rateLimits() {
			const out = {} as Record<RateLimitBucket, RateLimitState>;
			for (const [bucket, w] of limiter.states()) out[bucket] = {limit: w.limit, windowMs: w.windowMs, used: w.used, windowStart: w.windowStart};
			return out;
		},
		setRateLimit(bucket, limit, windowMs) {
			limiter.set(bucket, limit, windowMs);
		},
		resetRateLimits() {
			limiter.reset();
		},
		appliedCount: (match) => loop.appliedCount(match),
		close: () => loop.close(),
	};
}

/** `run` on a later turn of the event loop. */
function nextTurn<T>(run: () => T): Promise<T> {
	return new Promise((resolve, reject) =>
		setImmediate(() => {
			try {
				resolve(run());
			} catch (error) {
				reject(error as Error);
			}
		}),
	);
}

/** The bucket a request falls in (the catch-all for unknown paths), for injected faults' headers. */
function bucketOf(method: string, rawPath: string): RateLimitBucket {
	try {
		return matchRoute(method.toUpperCase(), rawPath).bucket;
	} catch {
		return '/api/v1/*';
	}
}
