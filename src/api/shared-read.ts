/**
 * One GET for callers that ask for the same thing at the same time: Okta's Passkeys and MFA tabs both read a user's
 * factor list when a view opens, and two requests took two connections (the ninth read then paid a new handshake).
 * Shared only while in flight, so a read after it settles (a refresh after a change) always goes to the wire.
 * Each caller keeps its own cancel: the request is aborted only when every caller that joined it has gone.
 */
import {ApiError} from './errors.js';

interface Entry<T> {
	readonly result: Promise<T>;
	readonly controller: AbortController;
	callers: number;
}

export class SharedReads {
	readonly #inFlight = new Map<string, Entry<unknown>>();

	read<T>(key: string, signal: AbortSignal | undefined, fetch: (signal: AbortSignal) => Promise<T>): Promise<T> {
		let entry = this.#inFlight.get(key) as Entry<T> | undefined;
		if (!entry) {
			const controller = new AbortController();
			const result = fetch(controller.signal);
			const created: Entry<T> = {result, controller, callers: 0};
			entry = created;
			this.#inFlight.set(key, created);
			const forget = (): void => {
				if (this.#inFlight.get(key) === created) this.#inFlight.delete(key);
			};
			result.then(forget, forget);
		}
		return this.#join(key, entry, signal);
	}

	#join<T>(key: string, entry: Entry<T>, signal: AbortSignal | undefined): Promise<T> {
		if (signal?.aborted) return Promise.reject(cancelled(key));
		entry.callers++;
		if (!signal) return entry.result;
		return new Promise<T>((resolve, reject) => {
			const leave = (): void => {
				signal.removeEventListener('abort', onAbort);
			};
			const onAbort = (): void => {
				leave();
				reject(cancelled(key));
				// The last one out cancels the request; one that another caller still waits for runs on.
				if (--entry.callers === 0) {
					if (this.#inFlight.get(key) === entry) this.#inFlight.delete(key);
					entry.controller.abort();
				}
			};
			signal.addEventListener('abort', onAbort, {once: true});
			entry.result.then(
				(value) => (leave(), resolve(value)),
				(error: unknown) => (leave(), reject(error)),
			);
		});
	}
}

function cancelled(key: string): ApiError {
	return new ApiError({kind: 'aborted', message: 'cancelled', method: 'GET', path: key});
}
