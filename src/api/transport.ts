/**
 * The one HTTP transport, and the only module that imports undici.
 *
 * - One keep-alive dispatcher per backend, proxy-aware (HTTP(S)_PROXY / NO_PROXY via EnvHttpProxyAgent). Where
 *   no proxy applies, its connections are opened ahead with nothing sent on them (src/api/preconnect.ts).
 * - Short timeouts suited to an interactive tool, and the caller's AbortSignal. Besides the per-phase timeouts,
 *   every request has a total deadline (reads 20 s, mutations 40 s, retries included, 429 waits not): a body
 *   trickled a byte at a time is cut too, and a mutation cut after it was sent is "outcome unknown".
 * - For a mutation, a 502/503/504 that is not the API's own error body (a gateway's HTML page, a proxy's own
 *   error) is "outcome unknown": the intermediary may have given up after the backend acted.
 * - Bodies parsed defensively (empty, HTML pages, truncated JSON); secrets dropped and every string sanitized
 *   while parsing, so nothing raw ever leaves this module.
 * - The retry policy, in one place:
 *     GET: network errors, timeouts, 5xx and unreadable bodies are retried with capped, jittered backoff.
 *     Any method: a 429 waits what the backend says (capped), tells the caller, then tries again: a 429 means the
 *     server did not act.
 *     Mutations are never retried otherwise. undici's own retry handler is not used: it retries PUT and DELETE,
 *     and a retried Okta user DELETE turns a deactivation into a permanent deletion.
 */
import {randomUUID} from 'node:crypto';
import {getMaxListeners, setMaxListeners} from 'node:events';
import {STATUS_CODES} from 'node:http';
import type {Dispatcher, FormData} from 'undici';
import {ApiError} from './errors.js';
import {Preconnector, type Connector} from './preconnect.js';
import {proxyFor} from './proxy.js';
import {holdsKnownSecret, redactText, rememberSecret, scrubKnown} from './redact.js';
import {jsonNeedsNoSanitizing, sanitizeText} from './sanitize.js';
import type {WaitNotice} from './types.js';
import {USER_AGENT} from '../version.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type Query = Readonly<Record<string, string | number | boolean | undefined | null>>;

export interface TransportRequest {
	readonly method: Method;
	/** Path below the base URL, already encoded (use `encodePath`). */
	readonly path: string;
	readonly query?: Query;
	/** Sent as application/json. */
	readonly json?: unknown;
	/** Sent as multipart/form-data. */
	readonly form?: Readonly<Record<string, string>>;
	readonly signal?: AbortSignal;
	readonly onWait?: (notice: WaitNotice) => void;
	/** Statuses the caller handles itself instead of getting an ApiError. */
	readonly accept?: readonly number[];
	/**
	 * Sees a 2xx answer's headers as soon as they arrive, before the body is read (a pager requests the next page
	 * from the `Link` header while this one is still coming). May be called again if the request is retried.
	 */
	readonly onHeaders?: (headers: Headers) => void;
}

export interface TransportResponse {
	readonly status: number;
	readonly headers: Readonly<Record<string, string>>;
	/** Parsed, sanitized JSON; null for an empty body. */
	readonly body: unknown;
	/** The backend's request id, or the one this client sent when the backend echoes none. */
	readonly requestId: string | null;
	readonly at: string;
}

export type Headers = Readonly<Record<string, string>>;

/** What differs between backends on the wire; each provider supplies one. */
export interface Dialect {
	/** Error code, message and detail lines from an error response. */
	parseError(status: number, body: unknown, headers: Headers): {code: string | null; message: string | null; causes?: string[]};
	/** How long a 429 asks us to wait, in ms, or null when it does not say. */
	rateLimitWaitMs(body: unknown, headers: Headers, now: number): number | null;
	/** The backend's request id from a response. */
	requestId(headers: Headers): string | null;
	/** A header carrying a client-made request id, for backends that send none back. */
	readonly clientRequestIdHeader?: string;
	/** Keys whose values are secrets the app must never hold; dropped while parsing. */
	readonly dropKeys?: ReadonlySet<string>;
	/** Sees every response's headers (rate-limit budgets). */
	observe?(headers: Headers, now: number): void;
}

export interface Timeouts {
	readonly connectMs: number;
	/** Time to the response headers for a read. */
	readonly headersMs: number;
	/** Time to the response headers for a mutation (lifecycle calls can be slow). */
	readonly mutationHeadersMs: number;
	/** Longest silence between body chunks. */
	readonly bodyMs: number;
	/** The most a read may take in all, retries and their backoff included (429 waits are not counted). */
	readonly readTotalMs: number;
	/** The most one mutation may take in all. */
	readonly mutationTotalMs: number;
}

export interface RetryPolicy {
	/** Extra attempts for a GET after a network error, timeout, 5xx or unreadable body. */
	readonly getRetries: number;
	readonly baseDelayMs: number;
	readonly maxDelayMs: number;
	/** How many 429s in a row we wait out before giving up. */
	readonly rateLimitWaits: number;
	/** Longest 429 wait we do on the caller's behalf; beyond it the error goes to the caller. */
	readonly maxRateLimitWaitMs: number;
	/** Used when a 429 does not say how long. */
	readonly defaultRateLimitWaitMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {connectMs: 5_000, headersMs: 15_000, mutationHeadersMs: 30_000, bodyMs: 15_000, readTotalMs: 20_000, mutationTotalMs: 40_000};
export const DEFAULT_RETRY: RetryPolicy = {
	getRetries: 2,
	baseDelayMs: 250,
	maxDelayMs: 2_000,
	rateLimitWaits: 3,
	maxRateLimitWaitMs: 60_000,
	defaultRateLimitWaitMs: 5_000,
};

export interface TransportOptions {
	readonly baseUrl: string;
	/** Value of the Authorization header; a function so the secret never sits in an inspectable options object. */
	readonly authorization: () => string;
	readonly dialect: Dialect;
	readonly timeouts?: Partial<Timeouts>;
	readonly retry?: Partial<RetryPolicy>;
	/** For tests; by default a keep-alive, proxy-aware agent. */
	readonly dispatcher?: Dispatcher;
	/** For tests: how to wait. */
	readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
	readonly now?: () => number;
	/** Sees the waits (429s, retries) of requests that bring no `onWait` of their own: a script says why it waits. */
	readonly onWait?: (notice: WaitNotice) => void;
	/** Sees one event per attempt, for `--debug` logs. Carries no header and no body, so no secret. */
	readonly debug?: (event: DebugEvent) => void;
}

export interface DebugEvent {
	readonly at: string;
	readonly method: Method;
	/** Path and query, as sent. */
	readonly path: string;
	readonly attempt: number;
	readonly status: number | null;
	readonly ms: number;
	readonly requestId: string | null;
	readonly error: string | null;
}

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);
/** Statuses a gateway or proxy answers with itself when the backend is slow or gone. */
const GATEWAY_STATUS = new Set([502, 503, 504]);
/** Error codes that mean the request never reached the server. */
/** Certificate checks that failed during the handshake: nothing was sent. */
const TLS_CODES = new Set([
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_GET_ISSUER_CERT',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'CERT_UNTRUSTED',
]);
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', ...TLS_CODES]);

/** Encodes each segment: `encodePath('users', id, 'sessions')` → `/users/123/sessions`. */
export function encodePath(...segments: readonly string[]): string {
	return '/' + segments.map((s) => encodeURIComponent(s)).join('/');
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(signal.reason);
			return;
		}
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = (): void => {
			clearTimeout(timer);
			reject(signal?.reason);
		};
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

/** Connections per origin: enough for a user view's parallel reads, well under Okta's per-org concurrency limit. */
export const MAX_CONNECTIONS = 8;

/** What this module uses of undici; the bundle carries exactly these (scripts/undici-slim.cjs: its index loads fetch, WebSocket…). */
type Undici = Pick<typeof import('undici'), 'EnvHttpProxyAgent' | 'FormData' | 'buildConnector' | 'request'>;

let undici: Promise<Undici> | null = null;

/**
 * undici is loaded on the first request (or warm-up), not at start-up: the first frame does not wait for the HTTP
 * client and the network modules it pulls in.
 */
function loadUndici(): Promise<Undici> {
	// Node gives a CommonJS module's exports both as names and as `default`; the bundle's chunk only as `default`.
	undici ??= import('undici').then((m) => (typeof m.request === 'function' ? m : (m as unknown as {default: Undici}).default));
	return undici;
}

/** undici's own connector with the dispatcher's connect options: what its pool would build without one. */
function createConnector({buildConnector}: Undici, timeouts: Timeouts): Connector {
	return buildConnector({timeout: timeouts.connectMs}) as Connector;
}

/** `connect`: the preconnector's, for the origins that go direct (undici's ProxyAgent puts its own in its place). */
function createDispatcher({EnvHttpProxyAgent}: Undici, timeouts: Timeouts, connect?: Connector): Dispatcher {
	return new EnvHttpProxyAgent({
		connect: connect ?? {timeout: timeouts.connectMs},
		headersTimeout: timeouts.mutationHeadersMs,
		bodyTimeout: timeouts.bodyMs,
		keepAliveTimeout: 60_000,
		keepAliveMaxTimeout: 600_000,
		connections: MAX_CONNECTIONS,
	});
}

/**
 * The server's Date header for an unauthenticated `GET /` through the same proxy-aware dispatcher as every request
 * (for `doctor`'s clock check; also proves the TLS tunnel through a proxy). Throws what undici throws.
 */
export async function serverDate(baseUrl: string, timeouts: Timeouts = DEFAULT_TIMEOUTS): Promise<string | null> {
	const u = await loadUndici();
	const dispatcher = createDispatcher(u, timeouts);
	try {
		const {headers, body} = await u.request(baseUrl + '/', {method: 'GET', dispatcher, headers: {'user-agent': USER_AGENT, accept: '*/*'}, headersTimeout: timeouts.headersMs, bodyTimeout: timeouts.bodyMs});
		await body.dump({limit: 64 * 1024});
		const date = headers['date'];
		return typeof date === 'string' ? date : null;
	} finally {
		await dispatcher.close();
	}
}

interface Attempt {
	readonly response?: TransportResponse;
	readonly error?: ApiError;
	/** True when a new attempt may help for a GET. */
	readonly transient: boolean;
}

export class Transport {
	readonly baseUrl: string;
	readonly host: string;
	private readonly options: TransportOptions;
	private readonly timeouts: Timeouts;
	private readonly retry: RetryPolicy;
	/** The caller's dispatcher, or ours once the first request made it. */
	private dispatcher: Promise<Dispatcher> | null;
	private readonly ownsDispatcher: boolean;
	private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
	private readonly now: () => number;
	private warming: Promise<void> | null = null;
	/** Holds connections open ahead of the requests; null through a proxy or with the caller's dispatcher. */
	private preconnector: Preconnector | null = null;
	private closed = false;

	constructor(options: TransportOptions) {
		const url = new URL(options.baseUrl);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported URL scheme ${url.protocol}`);
		this.baseUrl = url.origin + url.pathname.replace(/\/+$/, '');
		this.host = url.host;
		this.options = options;
		this.timeouts = {...DEFAULT_TIMEOUTS, ...options.timeouts};
		this.retry = {...DEFAULT_RETRY, ...options.retry};
		this.dispatcher = options.dispatcher ? Promise.resolve(options.dispatcher) : null;
		this.ownsDispatcher = options.dispatcher === undefined;
		this.sleep = options.sleep ?? defaultSleep;
		this.now = options.now ?? Date.now;
	}

	/** Sends one request, applying the retry policy. Rejects with ApiError only. */
	async send(req: TransportRequest): Promise<TransportResponse> {
		// One screen's signal is shared by its parallel requests (a grant list per client…): each adds a listener.
		if (req.signal && getMaxListeners(req.signal) < 100) setMaxListeners(100, req.signal);
		this.preconnector?.touch();
		const isRead = req.method === 'GET';
		const onWait = req.onWait ?? this.options.onWait;
		const totalMs = isRead ? this.timeouts.readTotalMs : this.timeouts.mutationTotalMs;
		// Moved on by every 429 wait: the backend asked for that time, and the caller was told.
		let deadline = performance.now() + totalMs;
		let transientFailures = 0;
		let rateLimited = 0;
		for (let n = 1; ; n++) {
			const started = performance.now();
			const attempt = await this.attempt(req, Math.max(1, deadline - started), totalMs);
			if (this.options.debug) {
				const url = new URL(this.url(req));
				this.options.debug({
					at: new Date().toISOString(),
					method: req.method,
					path: url.pathname + url.search,
					attempt: n,
					status: attempt.response?.status ?? attempt.error?.status ?? null,
					ms: Math.round(performance.now() - started),
					requestId: attempt.response?.requestId ?? attempt.error?.requestId ?? null,
					error: attempt.error ? attempt.error.summary : null,
				});
			}
			if (attempt.response) return attempt.response;
			const error = attempt.error!;
			if (error.status === 429 && rateLimited < this.retry.rateLimitWaits) {
				const wait = error.retryAfterMs ?? this.retry.defaultRateLimitWaitMs;
				if (wait <= this.retry.maxRateLimitWaitMs) {
					rateLimited++;
					const seconds = Math.ceil(wait / 1000);
					deadline = Math.max(deadline, performance.now() + totalMs) + wait;
					onWait?.({
						reason: 'rate_limited',
						ms: wait,
						attempt: rateLimited,
						givesUpInMs: Math.round(deadline - performance.now()),
						message: `rate limited by the backend: waiting ${seconds} s as it asks (wait ${rateLimited} of at most ${this.retry.rateLimitWaits})`,
					});
					await this.wait(wait, req, error);
					continue;
				}
			}
			if (isRead && attempt.transient && error.kind !== 'aborted' && transientFailures < this.retry.getRetries) {
				transientFailures++;
				const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (transientFailures - 1));
				const wait = Math.round(backoff / 2 + Math.random() * (backoff / 2));
				const left = deadline - performance.now();
				// A retry that could not start before the deadline is not worth the wait.
				if (left > wait + 50) {
					onWait?.({reason: 'retrying', ms: wait, attempt: transientFailures, givesUpInMs: Math.round(left), message: `${error.summary}; retry ${transientFailures}, gives up in ${Math.ceil(left / 1000)} s`});
					await this.wait(wait, req, error);
					continue;
				}
			}
			throw error;
		}
	}

	/**
	 * Holds `connections` connections to the backend open ahead of the real requests (a user view reads its tabs in
	 * parallel, one connection each), so a lookup does not pay the TCP and TLS handshakes. Never rejects or throws.
	 * Where no proxy applies: connections with nothing sent on them (src/api/preconnect.ts), kept open (reopened when
	 * the server closes one) while edits or requests keep coming; resolves once their handshakes have settled.
	 * Through a proxy (undici tunnels with a connector of its own): a bare `GET /` per connection, no credentials,
	 * its answer read and dropped, at most MAX_CONNECTIONS - 1 so a request made meanwhile (a pasted `email⏎`) gets a
	 * connection of its own; not HEAD: undici closes the connection after every HEAD (nodejs/undici#258).
	 */
	warm(connections = 1): Promise<void> {
		if (this.closed) return Promise.resolve();
		const n = Math.max(1, Math.min(connections, MAX_CONNECTIONS));
		return this.getDispatcher().then(
			() => {
				if (this.preconnector) return this.preconnector.want(n);
				// One GET warm-up at a time: a second call while one runs shares it.
				this.warming ??= Promise.all(Array.from({length: Math.min(n, MAX_CONNECTIONS - 1)}, () => this.warmOne())).then(() => {
					this.warming = null;
				});
				return this.warming;
			},
			() => undefined,
		);
	}

	/**
	 * Loads undici and makes the dispatcher, so the first request does not load the HTTP client first (~50 ms of a
	 * busy core); where no proxy applies, also opens `connections` connections with nothing sent on them. The app
	 * calls it behind its first frame, so a pasted `email⏎` finds its connections open. Through a proxy it sends
	 * nothing: the `GET /` warm-ups wait for the operator to type (warm).
	 */
	prepare(connections = 1): void {
		void this.getDispatcher().then(
			() => this.preconnector?.want(Math.max(1, Math.min(connections, MAX_CONNECTIONS))),
			() => undefined,
		);
	}

	private async warmOne(): Promise<void> {
		try {
			const [{request}, dispatcher] = await Promise.all([loadUndici(), this.getDispatcher()]);
			const {body} = await request(this.baseUrl + '/', {
				method: 'GET',
				dispatcher,
				headers: {'user-agent': USER_AGENT, accept: '*/*'},
				headersTimeout: this.timeouts.headersMs,
				bodyTimeout: this.timeouts.bodyMs,
			});
			// A page bigger than this closes the socket instead of reading it all: the warm-up is only worth a small answer.
			await body.dump({limit: 64 * 1024});
		} catch {
			// Only a warm-up: the real request reports any problem.
		}
	}

	async close(): Promise<void> {
		this.closed = true;
		this.preconnector?.close();
		if (this.ownsDispatcher && this.dispatcher) await (await this.dispatcher).close();
	}

	private getDispatcher(): Promise<Dispatcher> {
		this.dispatcher ??= loadUndici().then((u) => {
			// The same rule EnvHttpProxyAgent applies, on the same environment.
			if (!this.closed && !proxyFor(new URL(this.baseUrl), process.env)) {
				this.preconnector = new Preconnector({origin: this.baseUrl, build: createConnector(u, this.timeouts), limit: MAX_CONNECTIONS});
			}
			return createDispatcher(u, this.timeouts, this.preconnector?.connect);
		});
		return this.dispatcher;
	}

	private async wait(ms: number, req: TransportRequest, error: ApiError): Promise<void> {
		try {
			await this.sleep(ms, req.signal);
		} catch {
			throw new ApiError({kind: 'aborted', message: 'cancelled while waiting to retry', method: req.method, path: req.path, status: error.status});
		}
	}

	private url(req: TransportRequest): string {
		let url = this.baseUrl + req.path;
		if (req.query) {
			const params = new URLSearchParams();
			for (const [key, value] of Object.entries(req.query)) {
				if (value !== undefined && value !== null) params.set(key, String(value));
			}
			const qs = params.toString();
			if (qs) url += '?' + qs;
		}
		return url;
	}

	/** One attempt, cut at `leftMs` (what is left of the request's total deadline of `totalMs`). */
	private async attempt(req: TransportRequest, leftMs: number, totalMs: number): Promise<Attempt> {
		const deadline = new AbortController();
		const timer = setTimeout(() => deadline.abort(), leftMs);
		try {
			return await this.attemptUntil(req, deadline.signal, totalMs);
		} finally {
			clearTimeout(timer);
		}
	}

	private async attemptUntil(req: TransportRequest, deadline: AbortSignal, totalMs: number): Promise<Attempt> {
		const {dialect} = this.options;
		const [{request, FormData}, dispatcher] = await Promise.all([loadUndici(), this.getDispatcher()]);
		const isRead = req.method === 'GET';
		const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
		const pastDeadline = (): boolean => deadline.aborted && !req.signal?.aborted;
		const tookTooLong = `${this.host} took longer than ${Math.round(totalMs / 1000)} s in all`;
		const headers: Record<string, string> = {
			accept: 'application/json',
			'user-agent': USER_AGENT,
			authorization: this.options.authorization(),
		};
		// A backend or gateway that quotes the credential back must not get it onto a screen or into a file.
		rememberSecret(headers.authorization!);
		const clientRequestId = dialect.clientRequestIdHeader ? `at-${randomUUID()}` : null;
		if (clientRequestId && dialect.clientRequestIdHeader) headers[dialect.clientRequestIdHeader.toLowerCase()] = clientRequestId;
		let body: string | FormData | undefined;
		if (req.json !== undefined) {
			headers['content-type'] = 'application/json';
			body = JSON.stringify(req.json);
		} else if (req.form) {
			const form = new FormData();
			for (const [key, value] of Object.entries(req.form)) form.append(key, value);
			body = form;
		} else if (req.method !== 'GET' && req.method !== 'DELETE') {
			headers['content-length'] = '0';
		}
		const base = {method: req.method, path: req.path};
		let status: number;
		let responseHeaders: Record<string, string>;
		let text: string;
		try {
			const res = await request(this.url(req), {
				method: req.method,
				headers,
				body,
				signal,
				dispatcher,
				headersTimeout: isRead ? this.timeouts.headersMs : this.timeouts.mutationHeadersMs,
				bodyTimeout: this.timeouts.bodyMs,
			});
			status = res.statusCode;
			responseHeaders = flattenHeaders(res.headers);
			if (req.onHeaders && status >= 200 && status < 300) {
				try {
					req.onHeaders(responseHeaders);
				} catch {
					// A hook's failure is not the request's.
				}
			}
			try {
				text = await res.body.text();
			} catch (error) {
				// The status line arrived but the body did not: for a mutation the server has acted.
				const requestId = headerText(dialect.requestId(responseHeaders)) ?? clientRequestId;
				if (pastDeadline()) {
					// A body trickled past the deadline: for a mutation the status line says whether the server acted.
					return {transient: true, error: new ApiError({...base, kind: 'timeout', status, requestId, message: `${tookTooLong} (the answer was still arriving)`, outcomeUnknown: !isRead && status < 400, cause: error})};
				}
				if (req.signal?.aborted) {
					// The caller cancelled mid-body: not a dropped connection, and nothing to retry.
					const outcomeUnknown = !isRead && status < 400;
					return {transient: false, error: new ApiError({...base, kind: 'aborted', status, requestId, message: 'cancelled', outcomeUnknown, cause: error})};
				}
				return {
					transient: true,
					error: new ApiError({
						...base,
						kind: 'network',
						status,
						requestId,
						message: `the connection dropped while reading the answer (${errorCode(error) ?? 'body'})`,
						outcomeUnknown: !isRead && status < 400,
						cause: error,
					}),
				};
			}
		} catch (error) {
			// A certificate the machine does not trust will not be trusted a second later: no retry.
			const code = errorCode(error) ?? errorCode((error as {cause?: unknown} | null)?.cause);
			if (pastDeadline()) {
				// Cut before an answer came: a mutation may have been applied.
				return {transient: true, error: new ApiError({method: req.method, path: req.path, requestId: clientRequestId, kind: 'timeout', message: tookTooLong, outcomeUnknown: !isRead, cause: error})};
			}
			return {transient: code === undefined || !TLS_CODES.has(code), error: this.transportError(error, req, clientRequestId)};
		}
		const now = this.now();
		dialect.observe?.(responseHeaders, now);
		const requestId = headerText(dialect.requestId(responseHeaders)) ?? clientRequestId;
		const parsed = parseBody(text, dialect.dropKeys);
		const at = new Date(now).toISOString();
		const ok = (status >= 200 && status < 300) || req.accept?.includes(status);
		if (ok) {
			if (!parsed.ok) {
				return {
					transient: true,
					error: new ApiError({
						...base,
						kind: 'malformed',
						status,
						requestId,
						message: isRead
							? `unreadable answer from the backend (${parsed.problem})`
							: `the backend accepted it (HTTP ${status}) but its answer is unreadable (${parsed.problem})`,
						// A mutation that got a 2xx was applied even if the body is garbage: never resend, and have the
						// caller re-read what the backend now holds.
						outcomeUnknown: !isRead,
					}),
				};
			}
			return {transient: false, response: {status, headers: responseHeaders, body: parsed.value, requestId, at}};
		}
		const detail = parsed.ok ? dialect.parseError(status, parsed.value, responseHeaders) : {code: null, message: null};
		const retryAfterMs = status === 429 ? retryAfter(dialect, parsed.ok ? parsed.value : null, responseHeaders, now) : null;
		const message = detail.message ?? (parsed.ok ? null : describeNonJson(text)) ?? statusText(status);
		if (!isRead && GATEWAY_STATUS.has(status) && detail.message === null) {
			// Not the API's own error: a gateway or proxy answered, and it may have given up after the backend acted.
			return {
				transient: false,
				error: new ApiError({...base, kind: 'http', status, code: detail.code, requestId, outcomeUnknown: true, message: `a gateway or proxy answered HTTP ${status} (${message}): the backend may have acted`}),
			};
		}
		return {
			transient: RETRYABLE_STATUS.has(status),
			error: new ApiError({...base, kind: 'http', status, code: detail.code, message, requestId, retryAfterMs, causes: detail.causes}),
		};
	}

	private transportError(error: unknown, req: TransportRequest, requestId: string | null): ApiError {
		const base = {method: req.method, path: req.path, requestId, cause: error};
		const isRead = req.method === 'GET';
		const code = errorCode(error);
		const name = error instanceof Error ? error.name : '';
		if (req.signal?.aborted || name === 'AbortError' || code === 'UND_ERR_ABORTED') {
			return new ApiError({...base, kind: 'aborted', message: 'cancelled', outcomeUnknown: !isRead});
		}
		const sent = code === undefined || !NOT_SENT_CODES.has(code);
		const outcomeUnknown = !isRead && sent;
		switch (code) {
			case 'UND_ERR_CONNECT_TIMEOUT':
				return new ApiError({...base, kind: 'timeout', message: `could not connect to ${this.host} in time`});
			case 'UND_ERR_HEADERS_TIMEOUT':
				return new ApiError({...base, kind: 'timeout', message: `${this.host} did not answer in time`, outcomeUnknown});
			case 'UND_ERR_BODY_TIMEOUT':
				return new ApiError({...base, kind: 'timeout', message: `${this.host} stopped sending the answer`, outcomeUnknown});
			case 'ECONNREFUSED':
				return new ApiError({...base, kind: 'network', message: `connection refused by ${this.host}`});
			case 'ENOTFOUND':
			case 'EAI_AGAIN':
				return new ApiError({...base, kind: 'network', message: `cannot resolve ${this.host}`});
			default:
				if (code !== undefined && TLS_CODES.has(code)) {
					const why = code === 'CERT_HAS_EXPIRED' ? 'has expired' : code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'is for another host name' : 'is not trusted here';
					return new ApiError({
						...base,
						kind: 'network',
						message: `TLS: the certificate of ${this.host} ${why} (${code}); behind a TLS-inspecting proxy, point NODE_EXTRA_CA_CERTS at its CA file`,
					});
				}
				return new ApiError({
					...base,
					kind: 'network',
					message: `the connection to ${this.host} failed (${code ?? (error instanceof Error ? error.message : 'unknown error')})`,
					outcomeUnknown,
				});
		}
	}
}

/** A request id for output: the header is already sanitized (flattenHeaders); a quoted credential goes too. */
function headerText(value: string | null): string | null {
	return value === null ? null : redactText(value);
}

function errorCode(error: unknown): string | undefined {
	if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
	return undefined;
}

/** Printable ASCII: what a well-behaved header value is, passed on untouched (a long Link header is never cut). */
const PLAIN_HEADER = /^[\x20-\x7e]*$/;

/**
 * Response headers as one string per name, each value backend text like any body string: through the one
 * sanitizer (C1 controls from 8-bit bytes, ESC, bidi marks become visible escapes) and the known secrets scrubbed,
 * so a request id, a rate-limit or Retry-After value, a Link or WWW-Authenticate header reaches no dialect, pager,
 * screen, journal or stdout raw.
 */
function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		const text = Array.isArray(value) ? value.join(', ') : value;
		out[key.toLowerCase()] = PLAIN_HEADER.test(text) ? scrubKnown(text) : sanitizeText(scrubKnown(text));
	}
	return out;
}

type Parsed = {ok: true; value: unknown} | {ok: false; problem: string};

/**
 * Parses a body as JSON, dropping secret keys and sanitizing every string (values and keys). Plain JSON.parse, then
 * one walk over the result: a reviver costs a call per value, which made a 200-user Okta page take twice as long.
 * The walk is skipped when the text itself shows it would change nothing: no string the sanitizer would rewrite
 * (jsonNeedsNoSanitizing), no secret this process knows, no key to drop (a key, like any string of a text with no
 * backslash, appears in it as `"key"`). `alwaysWalk` is for the test that proves the two ways agree.
 */
export function parseBody(text: string, dropKeys?: ReadonlySet<string>, alwaysWalk = false): Parsed {
	const trimmed = text.trim();
	if (trimmed === '') return {ok: true, value: null};
	if (trimmed.startsWith('<')) return {ok: false, problem: 'an HTML page instead of JSON'};
	try {
		const value = JSON.parse(trimmed) as unknown;
		if (!alwaysWalk && jsonNeedsNoSanitizing(trimmed) && !holdsKnownSecret(trimmed) && !holdsKey(trimmed, dropKeys)) return {ok: true, value};
		return {ok: true, value: clean(value, dropKeys)};
	} catch {
		// Includes a RangeError from nesting too deep to walk.
		return {ok: false, problem: trimmed.startsWith('{') || trimmed.startsWith('[') ? 'the JSON is cut short or broken' : 'not JSON'};
	}
}

/** `"key"` for any of the keys, one regular expression per set (one scan instead of one per key). */
const keyPatterns = new WeakMap<ReadonlySet<string>, RegExp>();

function holdsKey(text: string, keys: ReadonlySet<string> | undefined): boolean {
	if (!keys || keys.size === 0) return false;
	let pattern = keyPatterns.get(keys);
	if (!pattern) {
		pattern = new RegExp(`"(?:${[...keys].map((key) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})"`);
		keyPatterns.set(keys, pattern);
	}
	return pattern.test(text);
}

/** Sanitizes a parsed value in place (objects and arrays are fresh from JSON.parse); returns the value to use. */
function clean(value: unknown, dropKeys: ReadonlySet<string> | undefined): unknown {
	if (typeof value === 'string') return sanitizeText(scrubKnown(value));
	if (value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) {
			const item: unknown = value[i];
			const cleaned = clean(item, dropKeys);
			if (cleaned !== item) value[i] = cleaned;
		}
		return value;
	}
	const object = value as Record<string, unknown>;
	let keysNeedWork = false;
	for (const key of Object.keys(object)) {
		if (dropKeys?.has(key)) {
			delete object[key];
			continue;
		}
		const item = object[key];
		const cleaned = clean(item, dropKeys);
		// defineProperty, not assignment: a "__proto__" key must stay data and never become the prototype.
		if (cleaned !== item) Object.defineProperty(object, key, {value: cleaned, writable: true, enumerable: true, configurable: true});
		if (!keysNeedWork && sanitizeText(key) !== key) keysNeedWork = true;
	}
	// Keys are backend text too (metadata maps get drawn as key: value); the object is rebuilt only when one needs
	// escaping. fromEntries defines own properties, so "__proto__" stays data here too.
	return keysNeedWork ? Object.fromEntries(Object.keys(object).map((key) => [sanitizeText(key), object[key]])) : object;
}

function describeNonJson(text: string): string | null {
	const trimmed = text.trim();
	if (trimmed === '') return null;
	if (trimmed.startsWith('<')) {
		const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(trimmed)?.[1];
		return title ? `an HTML error page: ${sanitizeText(redactText(title.trim()))}` : 'an HTML error page (a proxy or gateway answered?)';
	}
	return null;
}

function retryAfter(dialect: Dialect, body: unknown, headers: Headers, now: number): number | null {
	const fromDialect = dialect.rateLimitWaitMs(body, headers, now);
	if (fromDialect !== null) return fromDialect;
	return parseRetryAfterHeader(headers['retry-after'], now);
}

/** `Retry-After` as seconds or an HTTP date. */
export function parseRetryAfterHeader(value: string | undefined, now: number): number | null {
	if (!value) return null;
	if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not found',
	405: 'Method not allowed',
	409: 'Conflict',
	413: 'request too large',
	414: 'request URL too long',
	415: 'Unsupported media type',
	422: 'Invalid request payload',
	429: 'Too many requests',
	431: 'request headers too large',
	500: 'Internal server error',
	502: 'Bad gateway',
	503: 'Service unavailable',
	504: 'Gateway timeout',
};

/** The words for a status whose answer said none: ours, else the standard reason phrase, never just the number again. */
function statusText(status: number): string {
	return STATUS_TEXT[status] ?? STATUS_CODES[status] ?? 'no reason given';
}
