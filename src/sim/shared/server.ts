/**
 * The request loop both simulators run: read the request, log it (the `requests` tests read), take a fault from the
 * queue, then the same pipeline in the same order for either backend:
 *
 *   route (pure: the handler or the routing error, and the rate-limit bucket)
 *   → preflight (Okta: 411 without a length) → authenticate (401) → admit (Okta: the concurrency limit)
 *   → rate limit (the bucket's window; a spent one answers the backend's 429) → authorize (Okta: scopes, 403)
 *   → handle (routing errors and handlers) → finalize (headers every answer carries) → latency → answer.
 *
 * Faults (src/sim/shared/faults.ts) wrap the pipeline: before it, instead of it, or after it (applyThenFail).
 * Everything a backend says in its own way (error bodies, its 429, its headers) is a `SimDialect`.
 */
import {createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {countApplied, FaultQueue, runRequest, sendFault, Stalls, type FaultAnswers, type FaultRule, type LoggedRequest} from './faults.js';
import {createServer as createHttpsServer} from 'node:https';
import {listen} from './http.js';
import type {RateWindow, RateWindows} from './rate-limit.js';

export interface SimRequest {
	/** As received (upper case for the methods Node accepts). */
	readonly method: string;
	/** Path without the query, as the simulator reads it (see `SimDialect.target`). */
	readonly path: string;
	/** The query without `?` ('' when none). */
	readonly rawQuery: string;
	readonly query: URLSearchParams;
	/** Lowercased header names, as node:http gives them. */
	readonly headers: IncomingHttpHeaders;
	readonly body: Buffer;
	/** The client's address ('' when unknown). */
	readonly remoteAddress: string;
}

export interface SimAnswer {
	readonly status: number;
	/** Serialized JSON (or an HTML page), '' for none. */
	readonly body: string;
	readonly headers: Readonly<Record<string, string | string[]>>;
	/** True when the request changed the store. */
	readonly applied: boolean;
}

/** What the request log holds of every request: the shared fields plus the path. */
export interface SimLogEntry extends LoggedRequest {
	readonly path: string;
}

/** How one backend speaks; `R` is its routing result, `G` what authentication grants. */
export interface SimDialect<E extends SimLogEntry, R, G, B extends string> {
	/** For console messages: "wacht", "okta". */
	readonly name: string;
	/** Splits the request target into path and query (default: as received, nothing decoded). */
	target?(rawUrl: string): {path: string; rawQuery: string};
	/** The log entry with the backend's own fields added. */
	entry(base: SimLogEntry): E;
	/** Finds the route (no side effects): a handler or the routing error to answer, decided later. */
	route(req: SimRequest, entry: E): R;
	/** The rate-limit bucket a routed request counts against. */
	bucket(routed: R): B;
	/** Answers before authentication (Okta: 411 Length Required), or null. */
	preflight?(req: SimRequest, routed: R): SimAnswer | null;
	/** The grant for the request's credentials, or the 401 to answer. */
	authenticate(req: SimRequest, routed: R): {grant: G} | {answer: SimAnswer};
	/** An answer refusing the request before it is counted (Okta: concurrency), or null. `inFlight` includes it. */
	admit?(req: SimRequest, routed: R, inFlight: number): SimAnswer | null;
	/** The 429 for a spent window. */
	rateLimited(window: RateWindow, now: number): SimAnswer;
	/** A refusal for what the grant may not do (Okta: scopes), or null. */
	authorize?(grant: G, routed: R, req: SimRequest): SimAnswer | null;
	/** Routing errors and handlers. A throw becomes `internalError()`. */
	handle(req: SimRequest, routed: R, grant: G, entry: E): SimAnswer | Promise<SimAnswer>;
	/** Adds what every answer carries (Okta: request id, rate-limit headers, cache headers, content type). */
	finalize(answer: SimAnswer, entry: E, window: RateWindow): SimAnswer;
	internalError(): SimAnswer;
	/** The answer when the request loop itself failed (nothing was sent yet). */
	crashAnswer(): SimAnswer;
	/** How faults read: bodies and headers (sending is the loop's). */
	faultAnswers(entry: E): Omit<FaultAnswers<SimAnswer>, 'send'>;
	/** Sees every real answer just before it is sent (Okta keeps bodies for `recordResponses`). */
	onAnswer?(entry: E, answer: SimAnswer): void;
	/** Called when the simulator closes, before the server stops. */
	onClose?(): void;
}

export interface SimServerOptions<E extends SimLogEntry, R, G, B extends string> {
	readonly dialect: SimDialect<E, R, G, B>;
	readonly limiter: RateWindows<B>;
	readonly port: number;
	readonly host: string;
	readonly latencyMs: number;
	/** Receives the base URL once listening, before the first request can arrive. */
	readonly onListening?: (url: string) => void;
	/** Serve HTTPS with this key and certificate (PEM), as the real backends do; tests use a self-signed one. */
	readonly tls?: SimTls;
	/** The server's clock runs this far ahead (negative: behind); its Date header says so (default 0). */
	readonly clockSkewMs?: number;
}

export interface SimTls {
	readonly key: string;
	readonly cert: string;
}

/** What every simulator object exposes of its loop. */
export interface SimServer<E extends SimLogEntry> {
	readonly url: string;
	readonly port: number;
	readonly faults: FaultQueue;
	/** Every request in arrival order; clear with `requests.length = 0`. */
	readonly requests: E[];
	/** Delay before every answer, in ms; read before every wait. */
	latencyMs: number;
	/** Requests that changed state (the `applied` entries), optionally for one method/path pattern. */
	appliedCount(match?: {method?: string; path?: RegExp | string}): number;
	close(): Promise<void>;
}

const rawTarget = (rawUrl: string) => {
	const q = rawUrl.indexOf('?');
	return q < 0 ? {path: rawUrl, rawQuery: ''} : {path: rawUrl.slice(0, q), rawQuery: rawUrl.slice(q + 1)};
};

function send(res: ServerResponse, answer: {status: number; body: string; headers: Readonly<Record<string, string | string[]>>}, clockSkewMs = 0): void {
	if (res.destroyed) return;
	const headers: Record<string, string | string[]> = {...answer.headers};
	if (clockSkewMs !== 0) headers['date'] = new Date(Date.now() + clockSkewMs).toUTCString();
	if (answer.status !== 204) headers['content-length'] = String(Buffer.byteLength(answer.body));
	res.writeHead(answer.status, headers);
	res.end(answer.status === 204 ? undefined : answer.body);
}

export async function startSimServer<E extends SimLogEntry, R, G, B extends string>(opts: SimServerOptions<E, R, G, B>): Promise<SimServer<E>> {
	const {dialect, limiter} = opts;
	const faults = new FaultQueue();
	const requests: E[] = [];
	const stalls = new Stalls();
	let inFlight = 0;
	let closing = false;

	async function pipeline(req: SimRequest, entry: E): Promise<SimAnswer> {
		const routed = dialect.route(req, entry);
		const bucket = dialect.bucket(routed);
		const now = Date.now();
		const early = (answer: SimAnswer) => dialect.finalize(answer, entry, limiter.peek(bucket, now));
		const pre = dialect.preflight?.(req, routed);
		if (pre) return early(pre);
		const auth = dialect.authenticate(req, routed);
		if ('answer' in auth) return early(auth.answer);
		const refused = dialect.admit?.(req, routed, inFlight);
		if (refused) return early(refused);
		const taken = limiter.take(bucket, now);
		if (!taken.ok) return dialect.finalize(dialect.rateLimited(taken.window, now), entry, taken.window);
		const denied = dialect.authorize?.(auth.grant, routed, req);
		if (denied) return dialect.finalize(denied, entry, taken.window);
		let answer: SimAnswer;
		try {
			answer = await dialect.handle(req, routed, auth.grant, entry);
		} catch (e) {
			console.error(`${dialect.name} simulator: handler error`, e);
			answer = dialect.internalError();
		}
		return dialect.finalize(answer, entry, taken.window);
	}

	async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks);
		const {path, rawQuery} = (dialect.target ?? rawTarget)(req.url ?? '/');
		const method = req.method ?? 'GET';
		const query = new URLSearchParams(rawQuery);
		const entry = dialect.entry({method, path, query: Object.fromEntries(query), status: 0, applied: false, at: Date.now(), fault: null, headers: req.headers, body: body.toString('utf8')});
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
		const simReq: SimRequest = {method, path, rawQuery, query, headers: req.headers, body, remoteAddress: req.socket.remoteAddress ?? ''};
		await runRequest({
			rule: faults.take(method, path, rawQuery ? `?${rawQuery}` : ''),
			method,
			entry,
			res,
			stalls,
			latencyMs: () => api.latencyMs,
			handle: () => pipeline(simReq, entry),
			fault: (rule: FaultRule, real: SimAnswer | null) =>
				sendFault(res, entry, rule, real, {...dialect.faultAnswers(entry), send: (status, text, contentType, headers) => send(res, {status, body: text, headers: {'content-type': contentType, ...headers}})}),
			answer: (answer) => {
				entry.status = answer.status;
				dialect.onAnswer?.(entry, answer);
				send(res, answer, opts.clockSkewMs);
			},
		});
	}

	const handle = (req: IncomingMessage, res: ServerResponse): void => {
		onRequest(req, res).catch((e: unknown) => {
			console.error(`${dialect.name} simulator: request failed`, e);
			if (!res.headersSent) send(res, dialect.crashAnswer(), opts.clockSkewMs);
		});
	};
	const server: Server = opts.tls ? createHttpsServer({key: opts.tls.key, cert: opts.tls.cert}, handle) : createServer(handle);
	server.keepAliveTimeout = 5_000;
	const listening = await listen(server, opts.port, opts.host);
	const {port} = listening;
	const url = opts.tls ? listening.url.replace(/^http:/, 'https:') : listening.url;
	opts.onListening?.(url);

	const api: SimServer<E> = {
		url,
		port,
		faults,
		requests,
		latencyMs: opts.latencyMs,
		appliedCount: (match) => countApplied(requests, match),
		async close() {
			if (closing) return;
			closing = true;
			dialect.onClose?.();
			stalls.close();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
	return api;
}
