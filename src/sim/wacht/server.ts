/**
 * The Wacht backend API simulator: a loopback HTTP server speaking the real server's wire format
 * (shared/research/wacht-api.md), over a WachtStore, with hooks for tests:
 *
 *   const sim = await startWachtSimulator();            // seed 1, random port on 127.0.0.1
 *   sim.url, sim.apiKey                                 // point a client here
 *   sim.store.findUserByEmail(WELL_KNOWN.jane)          // inspect or prepare state
 *   sim.faults.add({path: /\/revoke$/, status: 500})    // next matching request fails
 *   sim.requests                                        // every request, with `applied` for mutations
 *   sim.latencyMs = 200                                 // delay every answer
 *   await sim.close()
 *
 * Per request (the shared loop, src/sim/shared/server.ts): faults → auth (401) → rate limit (429) → routes (api.ts)
 * → latency → answer.
 * Every response is `application/json` (except injected HTML pages); no Retry-After, rate-limit or request-id
 * headers, as the real backend sends none.
 */
import type {FaultQueue, LoggedRequest} from '../shared/faults.js';
import {RateWindows} from '../shared/rate-limit.js';
import {startSimServer, type SimAnswer, type SimDialect, type SimTls} from '../shared/server.js';
import {handleApiRequest, matchRoute, type ApiResponse, type RouteMatch} from './api.js';
import {loadWachtDataFile, readWachtDataFile, type WachtDataFile} from './data-file.js';
import {DEFAULT_ISSUER} from './mfa.js';
import {DEFAULT_SEED, seedSteps, seedStore, type SeedOptions} from './seed.js';
import type {WachtStore} from './store.js';
import {errorBody, normalizedMessage} from './wire.js';

/** The simulator's default API key: `sk_test_` + a 43-character base64url secret (the gateway's format). */
export const DEMO_API_KEY = 'sk_test_iwm42U-8a120KIS9DD1U8B2m9N8lD5cyMFnepbuxjG4';

export const DEFAULT_RATE_LIMIT = {limit: 1000, windowMs: 60_000} as const;

export interface WachtSimulatorOptions {
	/** Default 0 (a free port). */
	port?: number;
	/** Serve HTTPS with this key and certificate (PEM); default plain HTTP on loopback. */
	tls?: SimTls;
	/** The server's clock (its Date header) runs this many ms ahead; negative: behind. Default 0. */
	clockSkewMs?: number;

	/** Default 127.0.0.1. */
	host?: string;
	/** Seed for generated data and ids (default 1). */
	seed?: number;
	/** Serve this data (or the data file at this path) instead of seeded users. */
	data?: WachtDataFile | string;
	/** Default DEMO_API_KEY. */
	apiKey?: string;
	/** Default 1000 requests per 60 s per key. */
	rateLimit?: {limit: number; windowMs: number};
	/** TOTP issuer in otpauth URLs (the deployment's app name). Default "Acme Support"; '' gives "Wacht". */
	issuer?: string;
	/** Delay before every answer, in ms (default 0). Settable later via `sim.latencyMs`. */
	latencyMs?: number;
	/** Seeded users in total (default 2,000); only without `data`. */
	userCount?: number;
	/** Sign-ins of many.sessions@example.test (default 10,000); only without `data`. */
	manySessions?: number;
	/**
	 * Listen at once and seed in slices behind it (the embedded demo: the app draws its first frame meanwhile).
	 * Requests wait until the seed is complete, so no answer ever comes from a half-built store.
	 */
	seedBehind?: boolean;
}

export {FaultQueue} from '../shared/faults.js';
/** Faults (shared with the Okta simulator, src/sim/shared/faults.ts): `malformed-json` sends `{"data": [`. */
export type {FaultKind, FaultRule, FaultSpec} from '../shared/faults.js';

export interface RequestLogEntry extends LoggedRequest {
	/** Path without the query, e.g. /users/590070605789839457/sessions */
	readonly path: string;
}

export interface WachtSimulator {
	/** e.g. http://127.0.0.1:43817 (no trailing slash). */
	readonly url: string;
	readonly port: number;
	readonly apiKey: string;
	readonly store: WachtStore;
	readonly faults: FaultQueue;
	/** Every request in arrival order; clear with `sim.requests.length = 0`. */
	readonly requests: RequestLogEntry[];
	/** Delay before every answer, in ms. */
	latencyMs: number;
	/** The rate limit in force (mutable); changing it starts a new window. */
	rateLimit: {limit: number; windowMs: number};
	/** Starts a fresh rate-limit window. */
	resetRateLimit(): void;
	/** Requests that changed state (the `applied` entries), optionally for one method/path pattern. */
	appliedCount(match?: {method?: string; path?: RegExp | string}): number;
	close(): Promise<void>;
}

function faultMessage(status: number): string {
	switch (status) {
		case 401:
			return 'Authentication failed';
		case 403:
			return 'Permission denied for this resource';
		case 404:
			return 'Resource not found';
		case 409:
			return 'Resource already exists';
		case 429:
			return 'Rate limit exceeded. Retry after 60 seconds';
		case 504:
			return 'Operation timed out';
		default:
			return normalizedMessage(status);
	}
}

function jsonResponse(status: number, message: string): ApiResponse {
	return {status, body: JSON.stringify(errorBody(status, message)), headers: {}, applied: false};
}

/**
 * Runs seedSteps one slice per turn of the event loop, so the app draws and reads keys meanwhile. Once a request
 * waits (`hurry`), the rest runs in one go: that answer is what the operator waits for, and frames in between only
 * delay it.
 */
function seedBehind(options: SeedOptions): {store: Promise<WachtStore>; hurry: () => void} {
	const steps = seedSteps(options);
	let hurried = false;
	const store = new Promise<WachtStore>((resolve, reject) => {
		const slice = (): void => {
			try {
				for (;;) {
					const step = steps.next();
					if (step.done) return resolve(step.value);
					if (!hurried) return void setImmediate(slice);
				}
			} catch (error) {
				reject(error as Error);
			}
		};
		setImmediate(slice);
	});
	return {store, hurry: () => (hurried = true)};
}

/** One bucket: the key's. */
type Bucket = 'key';

export async function startWachtSimulator(opts: WachtSimulatorOptions = {}): Promise<WachtSimulator> {
	const seed = opts.seed ?? DEFAULT_SEED;
	let store: WachtStore | undefined;
	let seeded: Promise<WachtStore> | undefined;
	let hurry = (): void => {};
	const seedOptions = {seed, ...(opts.userCount !== undefined ? {userCount: opts.userCount} : {}), ...(opts.manySessions !== undefined ? {manySessions: opts.manySessions} : {})};
	if (opts.data !== undefined) {
		const data = typeof opts.data === 'string' ? await readWachtDataFile(opts.data) : opts.data;
		store = loadWachtDataFile(data, {seed});
	} else if (opts.seedBehind) {
		const behind = seedBehind(seedOptions);
		hurry = behind.hurry;
		seeded = behind.store.then((s) => (store = s));
	} else {
		store = seedStore(seedOptions);
	}
	const apiKey = opts.apiKey ?? DEMO_API_KEY;
	const issuer = opts.issuer ?? DEFAULT_ISSUER;
	let rateLimit = {...(opts.rateLimit ?? DEFAULT_RATE_LIMIT)};
	const limiter = new RateWindows<Bucket>({key: rateLimit});

	const dialect: SimDialect<RequestLogEntry, RouteMatch | null, true, Bucket> = {
		name: 'wacht',
		// The path as a URL parser reads it (dot segments resolved), like the real server's router.
		target(rawUrl) {
			const url = new URL(rawUrl, 'http://simulator.invalid');
			return {path: url.pathname, rawQuery: url.search.slice(1)};
		},
		entry: (base) => base,
		route: (req) => matchRoute(req.path),
		bucket: () => 'key',
		authenticate(req) {
			const auth = req.headers.authorization;
			if (typeof auth !== 'string' || !auth.startsWith('Bearer ')) return {answer: jsonResponse(401, 'Authorization header must be Bearer token')};
			if (auth.slice('Bearer '.length) !== apiKey) return {answer: jsonResponse(401, 'Authentication failed')};
			return {grant: true};
		},
		rateLimited(window, now) {
			const seconds = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
			return jsonResponse(429, `Rate limit exceeded. Retry after ${seconds} seconds`);
		},
		handle: async (req, match) => handleApiRequest(store ?? (hurry(), await seeded!), {method: req.method, pathname: req.path, query: req.query, headers: req.headers, body: req.body}, match, {issuer}),
		// Every answer is JSON; the real backend sends no Retry-After, rate-limit or request-id headers.
		finalize: (answer): SimAnswer => ({...answer, headers: {'content-type': 'application/json', ...answer.headers}}),
		internalError: () => jsonResponse(500, 'Something went wrong'),
		crashAnswer: () => ({...jsonResponse(500, 'Something went wrong'), headers: {'content-type': 'application/json'}}),
		faultAnswers: () => ({
			malformedJson: '{"data": [',
			truncatedBody: (real) => real?.body ?? '{"data":[{"id":"590070605789839457","created_at":"2026-01-01T00:00:00Z"}],"has_more":false}',
			statusBody: (status) => JSON.stringify(errorBody(status, faultMessage(status))),
		}),
	};

	const loop = await startSimServer({dialect, limiter, port: opts.port ?? 0, host: opts.host ?? '127.0.0.1', latencyMs: opts.latencyMs ?? 0, ...(opts.tls ? {tls: opts.tls} : {}), ...(opts.clockSkewMs ? {clockSkewMs: opts.clockSkewMs} : {})});

	return {
		url: loop.url,
		port: loop.port,
		apiKey,
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
		get rateLimit() {
			return rateLimit;
		},
		set rateLimit(value: {limit: number; windowMs: number}) {
			rateLimit = {...value};
			limiter.set('key', rateLimit.limit, rateLimit.windowMs);
		},
		resetRateLimit() {
			limiter.reset();
		},
		appliedCount: (match) => loop.appliedCount(match),
		close: () => loop.close(),
	};
}
