/**
 * Fault injection shared by the simulators (Wacht, Okta): the queue of one-shot faults tests add with
 * `sim.faults.add(…)`, the stalls, and the order a request goes through faults → handler → latency → answer.
 * What a fault's answer looks like (bodies, extra headers) stays with each simulator (`FaultAnswers`).
 */
import type {IncomingHttpHeaders, ServerResponse} from 'node:http';
import type {Socket} from 'node:net';

export type FaultKind = 'status' | 'reset' | 'html' | 'malformed-json' | 'truncated' | 'stall';

/**
 * A one-shot (or `times`-shot) fault for the next matching requests.
 *   status          answer `status` (default 500) with the backend's real error body (or `body`)
 *   reset           destroy the socket without answering
 *   html            an HTML error page (default 502), Content-Type text/html
 *   malformed-json  `application/json` but cut short (default status 200)
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

type MutableRule = FaultSpec & {kind: FaultKind; remaining: number; hits: number; remove(): void};

export class FaultQueue {
	private rules: MutableRule[] = [];

	/** Queues a fault; rules match in the order they were added. */
	add(spec: FaultSpec): FaultRule {
		const rule: MutableRule = {
			...spec,
			kind: spec.kind ?? 'status',
			remaining: spec.times ?? 1,
			hits: 0,
			remove: () => {
				this.rules = this.rules.filter((r) => r !== rule);
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
			if (!matchesRequest(rule, method, path, search)) continue;
			rule.remaining--;
			rule.hits++;
			if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
			return rule;
		}
		return null;
	}
}

/** True when a method/path pattern (a fault rule's, or `appliedCount`'s) matches the request. `search` is '' or `?…`. */
export function matchesRequest(rule: {method?: string; path?: RegExp | string}, method: string, path: string, search: string): boolean {
	if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
	if (rule.path === undefined) return true;
	const full = `${path}${search}`;
	if (typeof rule.path === 'string') return rule.path === path || rule.path === full;
	rule.path.lastIndex = 0;
	let hit = rule.path.test(path);
	rule.path.lastIndex = 0;
	hit ||= search !== '' && rule.path.test(full);
	rule.path.lastIndex = 0;
	return hit;
}

/** How many logged requests changed state, optionally only those matching a method/path pattern. */
export function countApplied(requests: readonly {readonly method: string; readonly path: string; readonly query: Readonly<Record<string, string>>; applied: boolean}[], match?: {method?: string; path?: RegExp | string}): number {
	return requests.filter((r) => {
		if (!r.applied) return false;
		if (!match) return true;
		const search = new URLSearchParams(r.query as Record<string, string>).toString();
		return matchesRequest(match, r.method, r.path, search ? `?${search}` : '');
	}).length;
}

/** What both simulators log of every request (each adds `path` and its own fields). */
export interface LoggedRequest {
	readonly method: string;
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

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An nginx-style gateway error page, what a proxy in front of either backend sends. */
export const HTML_PAGE = (status: number) =>
	`<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

/** Drops the connection without an answer (a TCP reset where Node supports it). */
export function destroySocket(res: ServerResponse): void {
	const socket = res.socket as (Socket & {resetAndDestroy?: () => void}) | null;
	if (socket?.resetAndDestroy) socket.resetAndDestroy();
	else socket?.destroy();
}

/** The stalls in progress; `close()` ends them all (the sim is shutting down). */
export class Stalls {
	private readonly waiters = new Set<() => void>();
	private closed = false;

	/** Resolves true after `ms` (or never, until the client or the sim goes away), false if the client left. */
	stall(ms: number | undefined, res: ServerResponse): Promise<boolean> {
		return new Promise((resolve) => {
			let timer: NodeJS.Timeout | undefined;
			const done = (alive: boolean) => {
				if (timer) clearTimeout(timer);
				res.off('close', onClose);
				this.waiters.delete(onAbort);
				resolve(alive);
			};
			const onClose = () => done(false);
			const onAbort = () => done(false);
			res.on('close', onClose);
			this.waiters.add(onAbort);
			if (ms !== undefined) timer = setTimeout(() => done(!res.destroyed && !this.closed), ms);
		});
	}

	/** Ends every stall (their requests get no answer). */
	close(): void {
		this.closed = true;
		for (const wake of [...this.waiters]) wake();
	}
}

/** How one simulator words a fault's answer. */
export interface FaultAnswers<R extends {readonly status: number; readonly body: string}> {
	/** Writes a whole answer with this content type and headers, in the simulator's own way. */
	send(status: number, body: string, contentType: string, headers: Record<string, string>): void;
	/** Headers the JSON-shaped faults (malformed-json, truncated, status) carry before the rule's own. */
	jsonHeaders?: Record<string, string>;
	/** The cut-short body of `malformed-json`. */
	malformedJson: string;
	/** The full body `truncated` sends half of, when the rule has no `body`. */
	truncatedBody(real: R | null): string;
	/** The error body of `status` (and `stall` with applyThenFail), when the rule has no `body`. */
	statusBody(status: number): string;
	/** Extra headers for `status` answers, between jsonHeaders and the rule's own. */
	statusHeaders?(status: number): Record<string, string>;
}

/** Sends the fault `rule` instead of the real answer (`real`, when it was computed) and logs it in `entry`. */
export function sendFault<R extends {readonly status: number; readonly body: string}>(
	res: ServerResponse,
	entry: {fault: FaultKind | null; status: number},
	rule: FaultRule,
	real: R | null,
	answers: FaultAnswers<R>,
): void {
	const headers = rule.headers ?? {};
	entry.fault = rule.kind;
	switch (rule.kind) {
		case 'reset':
			entry.status = 0;
			destroySocket(res);
			return;
		case 'html': {
			const status = rule.status ?? 502;
			entry.status = status;
			answers.send(status, rule.body ?? HTML_PAGE(status), 'text/html', headers);
			return;
		}
		case 'malformed-json': {
			const status = rule.status ?? 200;
			entry.status = status;
			answers.send(status, rule.body ?? answers.malformedJson, 'application/json', {...answers.jsonHeaders, ...headers});
			return;
		}
		case 'truncated': {
			const status = rule.status ?? real?.status ?? 200;
			const full = Buffer.from(rule.body ?? answers.truncatedBody(real), 'utf8');
			entry.status = status;
			if (res.destroyed) return;
			res.writeHead(status, {'content-type': 'application/json', 'content-length': String(full.length), ...answers.jsonHeaders, ...headers});
			res.write(full.subarray(0, Math.max(1, Math.floor(full.length / 2))), () => setTimeout(() => destroySocket(res), 5));
			return;
		}
		case 'stall':
		case 'status':
		default: {
			const status = rule.status ?? 500;
			entry.status = status;
			answers.send(status, rule.body ?? answers.statusBody(status), 'application/json', {...answers.jsonHeaders, ...answers.statusHeaders?.(status), ...headers});
		}
	}
}

export interface FaultedRequest<R extends {readonly applied: boolean}> {
	/** The fault taken from the queue for this request, if any. */
	rule: FaultRule | null;
	method: string;
	entry: {fault: FaultKind | null; applied: boolean};
	res: ServerResponse;
	stalls: Stalls;
	/** Read before every wait (it can change while a request is in progress). */
	latencyMs(): number;
	/** Handles the request for real (auth, limits, routes). */
	handle(): R | Promise<R>;
	/** Sends the fault instead of the answer (`real`: the real answer, when it was computed). */
	fault(rule: FaultRule, real: R | null): void;
	/** Sends the real answer. */
	answer(result: R): void;
}

const isPromise = <T>(v: T | Promise<T>): v is Promise<T> => v instanceof Promise;

/**
 * Runs a request through its fault (if any), the handler and the latency:
 * stall before handling / fault instead of handling / handle then fault (applyThenFail) / handle and answer.
 */
export async function runRequest<R extends {readonly applied: boolean}>(r: FaultedRequest<R>): Promise<void> {
	let rule = r.rule;
	if (rule && rule.kind === 'stall' && !rule.applyThenFail) {
		r.entry.fault = 'stall';
		if (!(await r.stalls.stall(rule.delayMs, r.res))) return;
		rule = null;
	}
	if (rule && !rule.applyThenFail) {
		const needsReal = rule.kind === 'truncated' && rule.body === undefined && (r.method === 'GET' || r.method === 'HEAD');
		let real: R | null = null;
		if (needsReal) {
			const out = r.handle();
			real = isPromise(out) ? await out : out;
		}
		if (rule.delayMs) await sleep(rule.delayMs);
		if (r.latencyMs() > 0) await sleep(r.latencyMs());
		r.fault(rule, real);
		return;
	}

	const out = r.handle();
	const result = isPromise(out) ? await out : out;
	r.entry.applied = result.applied;
	if (rule) {
		// applyThenFail: the request was handled; now the answer fails.
		if (rule.kind === 'stall') {
			r.entry.fault = 'stall';
			if (!(await r.stalls.stall(rule.delayMs, r.res))) return;
		} else {
			if (rule.delayMs) await sleep(rule.delayMs);
			if (r.latencyMs() > 0) await sleep(r.latencyMs());
			r.fault(rule, result);
			return;
		}
	}
	if (r.latencyMs() > 0) await sleep(r.latencyMs());
	r.answer(result);
}
