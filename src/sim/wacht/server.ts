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
 * Per request: faults → auth (401) → rate limit (429) → routes (api.ts) → latency → answer.
 * Every response is `application/json` (except injected HTML pages); no Retry-After, rate-limit or request-id
 * headers, as the real backend sends none.
 */
import {createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {handleApiRequest, type ApiResponse} from './api.js';
import {loadWachtDataFile, readWachtDataFile, type WachtDataFile} from './data-file.js';
import {DEFAULT_ISSUER} from './mfa.js';
import {DEFAULT_SEED, seedStore} from './seed.js';
import type {WachtStore} from './store.js';
import {errorBody, normalizedMessage} from './wire.js';

/** The simulator's default API key: `sk_test_` + a 43-character base64url secret (the gateway's format). */
export const DEMO_API_KEY = 'sk_test_iwm42U-8a120KIS9DD1U8B2m9N8lD5cyMFnepbuxjG4';

export const DEFAULT_RATE_LIMIT = {limit: 1000, windowMs: 60_000} as const;

export interface WachtSimulatorOptions {
	/** Default 0 (a free port). */
	port?: number;
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
}

export type FaultKind = 'status' | 'reset' | 'html' | 'malformed-json' | 'truncated' | 'stall';

/**
 * A one-shot (or `times`-shot) fault for the next matching requests.
 *   status          answer `status` (default 500) with a real-format error body (or `body`)
 *   reset           destroy the socket without answering
 *   html            an HTML error page (default 502), Content-Type text/html
 *   malformed-json  `application/json` but cut short: `{"data": [` (default status 200)
 *   truncated       Content-Length of the full body but only half of it sent, then the socket closes
 *                   (the real response when the request is a GET or `applyThenFail`, else `body`)
 *   stall           no answer for `delayMs` (default: until the client gives up or the sim closes), then the normal answer;
 *                   the request is only handled after the stall, so a client that gave up changed nothing
 * `applyThenFail`: the request is handled first (a mutation IS applied and logged as applied), then the fault is sent
 * instead of the real answer (for stall: the stall happens after applying). `delayMs` on other kinds waits before the fault.
 */
export interface FaultSpec {
	/** Case-insensitive; any method when missing. */
	method?: string;
	/** RegExp tested against the path (and path?query); a string must equal the path or path?query. Any when missing. */
	path?: RegExp | string;
	/** How many matching requests to affect (default 1). */
	times?: number;
	status?: number;
	body?: string;
	headers?: Record<string, string>;
	kind?: FaultKind;
	delayMs?: number;
	applyThenFail?: boolean;
}

export interface FaultRule extends Readonly<FaultSpec> {
	readonly kind: FaultKind;
	/** Matching requests still to affect. */
	readonly remaining: number;
	/** Requests affected so far. */
	readonly hits: number;
	remove(): void;
}

export class FaultQueue {
	private rules: MutableRule[] = [];

	/** Queues a fault; rules match in the order they were added. */
	add(spec: FaultSpec): FaultRule {
		const queue = this;
		const rule: MutableRule = {
			...spec,
			kind: spec.kind ?? 'status',
			remaining: spec.times ?? 1,
			hits: 0,
			remove() {
				queue.rules = queue.rules.filter((r) => r !== rule);
			},
		};
		this.rules.push(rule);
		return rule;
	}

	clear(): void {
		this.rules = [];
	}

	/** Rules with requests still to affect. */
	get pending(): readonly FaultRule[] {
		return [...this.rules];
	}

	/** Finds and consumes the first rule matching this request. */
	take(method: string, path: string, search: string): FaultRule | null {
		for (const rule of this.rules) {
			if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
			if (rule.path !== undefined) {
				const full = `${path}${search}`;
				let hit: boolean;
				if (typeof rule.path === 'string') hit = rule.path === path || rule.path === full;
				else {
					rule.path.lastIndex = 0;
					hit = rule.path.test(path);
					rule.path.lastIndex = 0;
					hit ||= search !== '' && rule.path.test(full);
				}
				if (!hit) continue;
			}
			rule.remaining--;
			rule.hits++;
			if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
			return rule;
		}
		return null;
	}
}

type MutableRule = FaultSpec & {kind: FaultKind; remaining: number; hits: number; remove(): void};

export interface RequestLogEntry {
	readonly method: string;
	/** Path without the query, e.g. /users/590070605789839457/sessions */
	readonly path: string;
	readonly query: Readonly<Record<string, string>>;
	/** Status sent; 0 when no answer was sent (reset, client gone during a stall). */
	status: number;
	/** True when the request changed the store. */
	applied: boolean;
	/** Date.now() when the request arrived. */
	readonly at: number;
	/** The injected fault, if any. */
	fault: FaultKind | null;
	readonly headers: IncomingHttpHeaders;
	/** Request body as UTF-8 text ('' when none). */
	readonly body: string;
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

const HTML_PAGE = (status: number) =>
	`<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function jsonResponse(status: number, message: string): ApiResponse {
	return {status, body: JSON.stringify(errorBody(status, message)), headers: {}, applied: false};
}

export async function startWachtSimulator(opts: WachtSimulatorOptions = {}): Promise<WachtSimulator> {
	const seed = opts.seed ?? DEFAULT_SEED;
	let store: WachtStore;
	if (opts.data !== undefined) {
		const data = typeof opts.data === 'string' ? await readWachtDataFile(opts.data) : opts.data;
		store = loadWachtDataFile(data, {seed});
	} else {
		store = seedStore({seed, ...(opts.userCount !== undefined ? {userCount: opts.userCount} : {}), ...(opts.manySessions !== undefined ? {manySessions: opts.manySessions} : {})});
	}
	const apiKey = opts.apiKey ?? DEMO_API_KEY;
	const issuer = opts.issuer ?? DEFAULT_ISSUER;
	const host = opts.host ?? '127.0.0.1';
	const faults = new FaultQueue();
	const requests: RequestLogEntry[] = [];
	let rateLimit = {...(opts.rateLimit ?? DEFAULT_RATE_LIMIT)};
	let window: {start: number; count: number} | null = null;
	let closing = false;
	const stallWaiters = new Set<() => void>();

	/** Auth, rate limit, routes. */
	async function process(req: IncomingMessage, url: URL, body: Buffer): Promise<ApiResponse> {
		const auth = req.headers.authorization;
		if (typeof auth !== 'string' || !auth.startsWith('Bearer ')) return jsonResponse(401, 'Authorization header must be Bearer token');
		if (auth.slice('Bearer '.length) !== apiKey) return jsonResponse(401, 'Authentication failed');
		const now = Date.now();
		if (!window || now >= window.start + rateLimit.windowMs) window = {start: now, count: 0};
		if (window.count >= rateLimit.limit) {
			const seconds = Math.max(1, Math.ceil((window.start + rateLimit.windowMs - now) / 1000));
			return jsonResponse(429, `Rate limit exceeded. Retry after ${seconds} seconds`);
		}
		window.count++;
		try {
			return await handleApiRequest(store, {method: req.method ?? 'GET', pathname: url.pathname, query: url.searchParams, headers: req.headers, body}, {issuer});
		} catch (err) {
			console.error('wacht simulator: handler error', err);
			return jsonResponse(500, 'Something went wrong');
		}
	}

	/** Resolves true after `ms` (or never, until the client or the sim goes away), false if the client left. */
	function stall(ms: number | undefined, res: ServerResponse): Promise<boolean> {
		return new Promise((resolve) => {
			let timer: NodeJS.Timeout | undefined;
			const done = (alive: boolean) => {
				if (timer) clearTimeout(timer);
				res.off('close', onClose);
				stallWaiters.delete(onAbort);
				resolve(alive);
			};
			const onClose = () => done(false);
			const onAbort = () => done(false);
			res.on('close', onClose);
			stallWaiters.add(onAbort);
			if (ms !== undefined) timer = setTimeout(() => done(!res.destroyed && !closing), ms);
		});
	}

	function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>, contentType = 'application/json'): void {
		if (res.destroyed) return;
		res.writeHead(status, {'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), ...headers});
		res.end(body);
	}

	function destroy(res: ServerResponse): void {
		const socket = res.socket as (Socket & {resetAndDestroy?: () => void}) | null;
		if (socket?.resetAndDestroy) socket.resetAndDestroy();
		else socket?.destroy();
	}

	function sendFault(res: ServerResponse, entry: RequestLogEntry, rule: FaultRule, real: ApiResponse | null): void {
		const headers = rule.headers ?? {};
		entry.fault = rule.kind;
		switch (rule.kind) {
			case 'reset':
				entry.status = 0;
				destroy(res);
				return;
			case 'html': {
				const status = rule.status ?? 502;
				entry.status = status;
				send(res, status, rule.body ?? HTML_PAGE(status), headers, 'text/html');
				return;
			}
			case 'malformed-json': {
				const status = rule.status ?? 200;
				entry.status = status;
				send(res, status, rule.body ?? '{"data": [', headers);
				return;
			}
			case 'truncated': {
				const status = rule.status ?? real?.status ?? 200;
				const full = Buffer.from(rule.body ?? real?.body ?? '{"data":[{"id":"590070605789839457","created_at":"2026-01-01T00:00:00Z"}],"has_more":false}', 'utf8');
				entry.status = status;
				if (res.destroyed) return;
				res.writeHead(status, {'content-type': 'application/json', 'content-length': String(full.length), ...headers});
				res.write(full.subarray(0, Math.max(1, Math.floor(full.length / 2))), () => setTimeout(() => destroy(res), 5));
				return;
			}
			case 'stall':
			case 'status':
			default: {
				const status = rule.status ?? 500;
				entry.status = status;
				send(res, status, rule.body ?? JSON.stringify(errorBody(status, faultMessage(status))), headers);
			}
		}
	}

	async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://simulator.invalid');
		const method = req.method ?? 'GET';
		const entry: RequestLogEntry = {
			method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			status: 0,
			applied: false,
			at: Date.now(),
			fault: null,
			headers: req.headers,
			body: body.toString('utf8'),
		};
		requests.push(entry);
		const sim = api;

		let rule = faults.take(method, url.pathname, url.search);
		if (rule && rule.kind === 'stall' && !rule.applyThenFail) {
			entry.fault = 'stall';
			if (!(await stall(rule.delayMs, res))) return;
			rule = null;
		}
		if (rule && !rule.applyThenFail) {
			const needsReal = rule.kind === 'truncated' && rule.body === undefined && (method === 'GET' || method === 'HEAD');
			const real = needsReal ? await process(req, url, body) : null;
			if (rule.delayMs) await sleep(rule.delayMs);
			if (sim.latencyMs > 0) await sleep(sim.latencyMs);
			sendFault(res, entry, rule, real);
			return;
		}

		const result = await process(req, url, body);
		entry.applied = result.applied;
		if (rule) {
			// applyThenFail: the request was handled; now the answer fails.
			if (rule.kind === 'stall') {
				entry.fault = 'stall';
				if (!(await stall(rule.delayMs, res))) return;
			} else {
				if (rule.delayMs) await sleep(rule.delayMs);
				if (sim.latencyMs > 0) await sleep(sim.latencyMs);
				sendFault(res, entry, rule, result);
				return;
			}
		}
		if (sim.latencyMs > 0) await sleep(sim.latencyMs);
		entry.status = result.status;
		send(res, result.status, result.body, result.headers);
	}

	const server: Server = createServer((req, res) => {
		onRequest(req, res).catch((err: unknown) => {
			console.error('wacht simulator: request failed', err);
			if (!res.headersSent) send(res, 500, JSON.stringify(errorBody(500, 'Something went wrong')), {});
		});
	});
	server.keepAliveTimeout = 5_000;

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const hostInUrl = host.includes(':') ? `[${host}]` : host;

	const api: WachtSimulator = {
		url: `http://${hostInUrl}:${port}`,
		port,
		apiKey,
		store,
		faults,
		requests,
		latencyMs: opts.latencyMs ?? 0,
		get rateLimit() {
			return rateLimit;
		},
		set rateLimit(value: {limit: number; windowMs: number}) {
			rateLimit = {...value};
			window = null;
		},
		resetRateLimit() {
			window = null;
		},
		appliedCount(match) {
			const probe = new FaultQueue();
			return requests.filter((r) => {
				if (!r.applied) return false;
				if (!match) return true;
				probe.clear();
				probe.add({...(match.method ? {method: match.method} : {}), ...(match.path !== undefined ? {path: match.path} : {})});
				const search = new URLSearchParams(r.query as Record<string, string>).toString();
				return probe.take(r.method, r.path, search ? `?${search}` : '') !== null;
			}).length;
		},
		async close() {
			if (closing) return;
			closing = true;
			for (const wake of [...stallWaiters]) wake();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
	return api;
}
