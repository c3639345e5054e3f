/**
 * A user's sign-in trail on the domain level, for the app, the diagnosis and the scripts alike: read a window of it
 * (newest first, paged through the backend's cursors to a cap), and follow it live (a polling query, each poll
 * spaced so the trail's own rate-limit bucket is never outrun). Which outcomes count as what is said once, here.
 */
import type {ProviderReads} from './provider.js';
import type {AuditEvent, CallOptions, Id, Iso, RateBudget, Trail, UserDataKey} from './types.js';

export const DEFAULT_WINDOW_MS = 7 * 24 * 3600_000;
/** How many events a read holds at most (ten of Okta's largest pages would be 10,000: more than anyone reads). */
export const TRAIL_CAP = 1_000;
const PAGE = 200;

/** The outcome filter a person asks for, and the results the backend writes for it. */
export type OutcomeFilter = 'failure' | 'deny' | 'success';
export const OUTCOME_RESULTS: Readonly<Record<OutcomeFilter, readonly string[]>> = {
	failure: ['FAILURE'],
	deny: ['DENY'],
	success: ['SUCCESS', 'ALLOW'],
};

/** A failed or denied attempt (what the trail marks). */
export function isFailure(e: AuditEvent): boolean {
	return e.outcome.result === 'FAILURE' || e.outcome.result === 'DENY';
}

/**
 * What an event says has changed about the user, so a view following the trail reads it again: a suspend or an
 * unlock made in another console changes the header, a factor reset the MFA tab. Failed attempts change nothing,
 * except the lock they end in.
 */
export function changedBy(e: AuditEvent): readonly UserDataKey[] {
	const t = e.type;
	if (t === 'user.account.lock') return ['details'];
	if (isFailure(e)) return [];
	if (t.startsWith('user.account.privilege.') || t.startsWith('group.user_membership.') || t.startsWith('application.user_membership.')) return ['memberships'];
	if (t.startsWith('user.lifecycle.') || t.startsWith('user.account.')) return ['details'];
	if (t.startsWith('user.mfa.factor.')) return ['mfa', 'passkeys'];
	if (t === 'user.session.clear' || t.startsWith('app.oauth2.as.consent.revoke') || t.startsWith('app.oauth2.as.token.revoke')) return ['grants', 'tokens'];
	return [];
}

export function matchesOutcome(e: AuditEvent, filter: OutcomeFilter | null): boolean {
	return filter === null || OUTCOME_RESULTS[filter].includes(e.outcome.result ?? '');
}

export interface TrailWindow {
	/** Default: `DEFAULT_WINDOW_MS` before `until`. */
	readonly since?: Iso;
	/** Default: now. */
	readonly until?: Iso;
	readonly outcome?: OutcomeFilter;
	readonly keyword?: string;
	/** Default TRAIL_CAP. */
	readonly cap?: number;
	/** Events per request (default 200). */
	readonly pageSize?: number;
}

/** The window a read covers: `until` (default now) and `since` (default a week before). */
export function trailWindow(w: Pick<TrailWindow, 'since' | 'until'>, now = Date.now()): {since: Iso; until: Iso} {
	const until = w.until ?? new Date(now).toISOString();
	const since = w.since ?? new Date(Date.parse(until) - DEFAULT_WINDOW_MS).toISOString();
	return {since, until};
}

/** Reads a window of the user's trail, newest first, following the backend's cursors up to the cap. */
export async function readTrail(provider: ProviderReads, userId: Id, w: TrailWindow = {}, options: CallOptions = {}): Promise<Trail> {
	const {since, until} = trailWindow(w);
	const cap = Math.max(1, w.cap ?? TRAIL_CAP);
	const events: AuditEvent[] = [];
	const seen = new Set<string>();
	let page = await provider.listEvents(userId, {
		...options,
		since,
		until,
		order: 'newest_first',
		limit: Math.min(w.pageSize ?? PAGE, cap),
		...(w.outcome ? {results: OUTCOME_RESULTS[w.outcome]} : {}),
		...(w.keyword?.trim() ? {keyword: w.keyword.trim()} : {}),
	});
	for (;;) {
		for (const e of page.events) {
			if (seen.has(e.id) || events.length >= cap) continue;
			seen.add(e.id);
			events.push(e);
		}
		if (page.next === null || page.events.length === 0) return {events, since, until, capped: false};
		if (events.length >= cap) return {events, since, until, capped: true};
		page = await provider.pollEvents(page.next, options);
	}
}

/** One poll of a followed trail: the new events (oldest first), when it was, and the bucket after it. */
export interface TrailPoll {
	readonly events: readonly AuditEvent[];
	readonly at: number;
	readonly budget: RateBudget | null;
}

export interface FollowOptions extends Omit<TrailWindow, 'until' | 'cap' | 'pageSize'> {
	readonly signal?: AbortSignal;
	readonly onWait?: CallOptions['onWait'];
	/** Events already shown: not yielded again (a poll from `since` repeats the newest one). */
	readonly seen?: Iterable<string>;
	/** The wait between polls (tests pass a recording one). */
	readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
	/** When the provider says nothing about its bucket: default 5 s. */
	readonly minDelayMs?: number;
}

const abortableSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
	new Promise((resolve) => {
		if (signal?.aborted) return resolve();
		const timer = setTimeout(done, ms);
		function done(): void {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		}
		signal?.addEventListener('abort', done, {once: true});
	});

/**
 * Follows the trail from `since` (default now): a polling query (no `until`, oldest first), then its `next` cursor
 * again and again, each poll yielded (empty ones too, so "last poll 3s ago" stays true). Between polls it waits as
 * long as the provider's trail budget asks (`eventsPollDelayMs`), never less than `minDelayMs`. Ends when `signal`
 * aborts; a failed poll rejects (the caller says so and may follow again).
 */
export async function* followTrail(provider: ProviderReads, userId: Id, o: FollowOptions = {}): AsyncGenerator<TrailPoll> {
	const sleep = o.sleep ?? abortableSleep;
	const seen = new Set(o.seen ?? []);
	const minDelay = o.minDelayMs ?? 5_000;
	const call = {signal: o.signal, onWait: o.onWait};
	const fresh = (events: readonly AuditEvent[]): AuditEvent[] => {
		const out = events.filter((e) => !seen.has(e.id) && matchesOutcome(e, o.outcome ?? null));
		for (const e of out) seen.add(e.id);
		return out;
	};
	let page = await provider.listEvents(userId, {
		...call,
		since: o.since ?? new Date().toISOString(),
		order: 'oldest_first',
		limit: PAGE,
		...(o.outcome ? {results: OUTCOME_RESULTS[o.outcome]} : {}),
		...(o.keyword?.trim() ? {keyword: o.keyword.trim()} : {}),
	});
	for (;;) {
		if (o.signal?.aborted) return;
		yield {events: fresh(page.events), at: Date.now(), budget: page.budget};
		if (page.next === null || o.signal?.aborted) return;
		// A full page means more is waiting: read it at once, unless the bucket is (nearly) spent.
		const paced = provider.eventsPollDelayMs?.() ?? minDelay;
		const full = page.events.length >= PAGE && (page.budget === null || page.budget.remaining > 1);
		const delay = full ? 0 : Math.max(minDelay, paced);
		try {
			await sleep(delay, o.signal);
		} catch (error) {
			if (o.signal?.aborted) return;
			throw error;
		}
		if (o.signal?.aborted) return;
		page = await provider.pollEvents(page.next, call);
	}
}
