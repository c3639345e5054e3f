/**
 * The user view read ahead: when a search (run ahead while typing, or shown) settles on exactly one user, the tabs
 * that user's view would load are read at once, so the Enter that follows finds them in flight or answered instead
 * of starting a round trip (issue 15: Enter → view complete). Reads only, one user at a time, each answer (or
 * failure) used once and only while fresh; a read that meets a rate limit stops, and the view's own load then reads
 * and shows the wait.
 */
import type {GuardedProvider} from '../src/api/guard.js';
import type {UserData, UserDataKey, WaitNotice} from '../src/api/types.js';
import {isLoadable, readUserData} from '../src/api/user-data.js';
import {USER_DATA_KEYS} from '../src/api/types.js';

/** An answer read ahead is used for this long after it arrived (a search ahead keeps the same). */
export const PREFETCH_TTL_MS = 10_000;

export interface Fetched<K extends UserDataKey = UserDataKey> {
	readonly data: UserData[K];
	/** When the answer arrived: what the view says it is "as of". */
	readonly at: number;
}

interface Entry {
	/** null when it was stopped before an answer. */
	readonly answer: Promise<Fetched | null>;
	readonly controller: AbortController;
	arrivedAt: number | null;
}

export class ViewPrefetch {
	#userId: string | null = null;
	readonly #entries = new Map<UserDataKey, Entry>();

	constructor(
		private readonly provider: GuardedProvider,
		private readonly now: () => number = Date.now,
	) {}

	/** Reads ahead every tab `caps` allows for `userId`; a prefetch of someone else is dropped. */
	start(userId: string, caps: Parameters<typeof isLoadable>[0]): void {
		if (this.#userId === userId && [...this.#entries.values()].every((e) => !this.#stale(e))) return;
		this.drop();
		this.#userId = userId;
		for (const key of USER_DATA_KEYS) {
			if (!isLoadable(caps, key)) continue;
			const controller = new AbortController();
			// A 429 on a read ahead: stop rather than wait it out; the view's own load then shows the wait.
			const onWait = (_notice: WaitNotice): void => controller.abort();
			const entry: Entry = {
				answer: readUserData(this.provider, key, userId, {signal: controller.signal, onWait}).then(
					(data) => {
						entry.arrivedAt = this.now();
						return {data, at: entry.arrivedAt} as Fetched;
					},
					(error: unknown) => {
						// Stopped (a rate limit, dropped, the view left): no answer; the view reads for itself.
						if (controller.signal.aborted) return null;
						// The backend's answer (the transport already retried what it retries): shown as it is, not read twice.
						entry.arrivedAt = this.now();
						throw error;
					},
				),
				controller,
				arrivedAt: null,
			};
			// Nobody may ever take it: its failure must not be unhandled.
			entry.answer.catch(() => undefined);
			this.#entries.set(key, entry);
		}
	}

	/**
	 * The read ahead for this tab of this user, once: in flight, or answered within the TTL; else null. `signal` is
	 * the view's own: leaving the view stops a taken read as it would stop its own. Asking for someone else drops
	 * what was read ahead: the operator opened another user.
	 */
	take<K extends UserDataKey>(userId: string, key: K, signal: AbortSignal): Promise<Fetched<K> | null> | null {
		if (this.#userId !== userId) {
			this.drop();
			return null;
		}
		const entry = this.#entries.get(key);
		if (!entry) return null;
		this.#entries.delete(key);
		if (this.#stale(entry)) return null;
		if (signal.aborted) entry.controller.abort();
		else signal.addEventListener('abort', () => entry.controller.abort(), {once: true});
		// Once taken, a 429 still stops it (the view reads again and shows the wait), but drop() no longer does.
		return entry.answer as Promise<Fetched<K> | null>;
	}

	#stale(entry: Entry): boolean {
		return entry.arrivedAt !== null && this.now() - entry.arrivedAt > PREFETCH_TTL_MS;
	}

	/** Forgets and cancels what was read ahead and not taken: another user, the app closing. A taken read runs on. */
	drop(): void {
		for (const entry of this.#entries.values()) entry.controller.abort();
		this.#userId = null;
		this.#entries.clear();
	}
}
