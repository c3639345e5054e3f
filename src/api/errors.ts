/**
 * The one error type every provider call rejects with. It carries what a screen and an audit line need and
 * never the request's headers (so no token can ride along into a log or a crash report).
 */

import {redactText} from './redact.js';

export type ApiErrorKind =
	/** The backend answered with an error status. */
	| 'http'
	/** No usable answer: refused, reset, DNS, TLS. */
	| 'network'
	/** Connect, headers or body took too long. */
	| 'timeout'
	/** The caller cancelled. */
	| 'aborted'
	/** The backend answered 2xx but the body is not what the API sends. */
	| 'malformed'
	/** Refused locally before anything was sent (read-only mode, unsupported action…). */
	| 'refused';

export interface ApiErrorInit {
	readonly kind: ApiErrorKind;
	readonly message: string;
	readonly method: string;
	readonly path: string;
	readonly status?: number | null;
	readonly code?: string | null;
	readonly requestId?: string | null;
	readonly retryAfterMs?: number | null;
	/** True when a mutation may have been applied: the request went out and no answer came back. */
	readonly outcomeUnknown?: boolean;
	/** Extra detail lines from the backend (Okta errorCauses). */
	readonly causes?: readonly string[];
	readonly cause?: unknown;
}

/** How a failure is acted on: read again (the state may have changed), or try again. */
export type Remedy = 'refresh' | 'retry' | null;

export class ApiError extends Error {
	override readonly name = 'ApiError';
	readonly kind: ApiErrorKind;
	readonly method: string;
	readonly path: string;
	readonly status: number | null;
	readonly code: string | null;
	readonly requestId: string | null;
	readonly retryAfterMs: number | null;
	readonly outcomeUnknown: boolean;
	readonly causes: readonly string[];

	constructor(init: ApiErrorInit) {
		super(redactText(init.message), init.cause === undefined ? undefined : {cause: init.cause});
		this.kind = init.kind;
		this.method = init.method;
		this.path = init.path;
		this.status = init.status ?? null;
		this.code = init.code ?? null;
		this.requestId = init.requestId ?? null;
		this.retryAfterMs = init.retryAfterMs ?? null;
		this.outcomeUnknown = init.outcomeUnknown ?? false;
		this.causes = (init.causes ?? []).map((c) => redactText(c));
	}

	/** One line for a status bar: what failed and the backend's words. */
	get summary(): string {
		const status = this.status === null ? this.kind : `HTTP ${this.status}`;
		const code = this.code && this.code !== String(this.status) ? ` ${this.code}` : '';
		return `${status}${code}: ${this.message}`;
	}

	/**
	 * Why it failed, in the operator's terms, naming no key or command: the screen and the scripts each add how to
	 * act on it (`remedy`) in their own words, so a hint never names a key that does not work where it is shown.
	 */
	get hint(): string {
		if (this.outcomeUnknown) return 'the request was sent but no answer came back';
		switch (this.kind) {
			case 'network':
				return 'check the backend URL, proxy and network';
			case 'timeout':
				return 'the backend is slow or unreachable';
			case 'aborted':
				return 'cancelled';
			case 'malformed':
				return 'the backend sent a body this app cannot read';
			case 'refused':
				return '';
			case 'http':
				break;
		}
		if (this.status === 401) return 'the API key or token was rejected: check it';
		// Okta also answers 403 for refusals that have nothing to do with permissions (E0000032, E0000068).
		if (this.status === 403 && (this.code === null || this.code === '403' || this.code === 'E0000006')) return 'the key or token lacks permission for this';
		if (this.status === 404) return 'it no longer exists';
		if (this.status === 429) return 'rate limited: wait';
		// Our requests are small: what made them too large is something in between (a proxy adding headers) or the query.
		if (this.status === 431) return 'check HTTPS_PROXY (a proxy may add headers); nothing was changed';
		if (this.status === 413) return 'over a size limit of the server or a proxy; nothing was changed';
		if (this.status === 414) return 'shorten the search; nothing was changed';
		if (this.status !== null && this.status >= 500) return 'the backend failed';
		return '';
	}

	/** What to do next, however the caller does it: read again to see what is there now, or try again. */
	get remedyWords(): string {
		return this.remedy === 'refresh' ? (this.outcomeUnknown ? 'see the result before trying again' : 'see what is there now') : this.remedy === 'retry' ? 'retry' : '';
	}

	/** Whether reading again or trying again is what helps. */
	get remedy(): Remedy {
		if (this.outcomeUnknown || this.status === 404) return 'refresh';
		if (this.kind === 'network' || this.kind === 'timeout' || this.kind === 'malformed') return 'retry';
		if (this.kind === 'http' && this.status !== null && (this.status === 429 || this.status >= 500)) return 'retry';
		return null;
	}

	/** Safe for logs and JSON: no headers, no bodies. */
	toJSON(): Record<string, unknown> {
		return {
			kind: this.kind,
			method: this.method,
			path: this.path,
			status: this.status,
			code: this.code,
			message: this.message,
			requestId: this.requestId,
			outcomeUnknown: this.outcomeUnknown,
			...(this.causes.length > 0 ? {causes: this.causes} : {}),
		};
	}
}

/** Turns anything thrown into an ApiError so screens have one shape to show. */
export function toApiError(error: unknown, method = '', path = ''): ApiError {
	if (error instanceof ApiError) return error;
	const message = error instanceof Error ? error.message : String(error);
	return new ApiError({kind: 'network', message, method, path, cause: error});
}
