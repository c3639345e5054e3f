/**
 * `guardProvider` wraps a Provider so every change is safe by construction. The guarded provider has the reads
 * and one way to change anything, `mutate`, which the operations (src/operations/) call; nothing else holds the
 * inner provider's mutating methods.
 *
 * - Read-only mode: `mutate` throws `ApiError({kind: 'refused', message: 'read-only mode: nothing was sent'})`
 *   before the inner provider is called, so no byte reaches the network. Nothing is journaled for these refusals:
 *   nothing happened, a read-only session writes no state at all (it works even where the journal cannot be
 *   written), and the operations say 'read-only mode' for every change anyway (`lifecycleActions` is empty), so
 *   such a call is a programming slip rather than an operator act.
 * - Otherwise, with a journal: the intent line is written first; if that fails the change is refused ("the audit
 *   journal cannot be written (<reason>): nothing was sent") and the inner provider is not called. Then the inner
 *   provider runs, and the outcome line records status / requestId from the Outcome, or from the ApiError:
 *   'unknown' when `outcomeUnknown`, 'refused' when the inner provider refused locally (kind 'refused', nothing
 *   sent), else 'failed'. The value is returned / the error rethrown unchanged. An outcome line that cannot be
 *   written does not hide the result (a TOTP secret or reset link is shown only once); it is reported through
 *   `onJournalError`, and the next change's intent write will refuse.
 * - With `journal: null` and not read-only, changes pass straight through (no audit).
 *
 * - Caller verification (`verifyCallerMinutes`, a profile's `verify_caller`): a change whose record says it
 *   `needsVerifiedCaller` is refused before anything is sent unless that user's caller was verified (an outcome line
 *   with `callerVerified: true`, from this run or the journal, same host) in the last that many minutes. The journal is
 *   the operator's own file: this is a procedure rail against social engineering, not a security boundary.
 *
 * The journal line's action, target and detail come from the operation (its id, the user and object it acts on,
 * the facts worth keeping): nothing secret goes into the journal — no passcodes, TOTP secrets, otpauth URLs,
 * backup codes or reveal values.
 */
import {ApiError} from './errors.js';
import {activityOf, Journal, reason, type ActivityItem, type JournalDetail, type JournalTarget} from './journal.js';
import type {LifecycleAction, Provider, ProviderMutations, ProviderReads, SearchOptions} from './provider.js';
import type {CallOptions, ClientTokens, EventCursor, EventPage, EventQuery, Id, Membership, MfaState, OAuthGrant, Outcome, Passkey, RateBudget, Session, UserDetails, UserSummary} from './types.js';

export interface GuardOptions {
	readonly readOnly: boolean;
	/** The journal to write; an error when it could not be opened (every mutation is then refused, nothing sent). */
	readonly journal: Journal | Error | null;
	/** The config profile in use, recorded on every line. */
	readonly profile: string | null;
	/** Called when an outcome line cannot be written (the mutation already happened). Default: ignored. */
	readonly onJournalError?: (error: unknown) => void;
	/**
	 * A read-only profile whose writes may be unlocked for this many minutes (`W`); null when read-only is forced
	 * for the run (`--read-only`) or the profile is not read-only.
	 */
	readonly unlockMinutes?: number | null;
	/** Changes that say they need a verified caller wait for an approval this recent (minutes); null: no such rule. */
	readonly verifyCallerMinutes?: number | null;
	/** For tests. @default Date.now */
	readonly now?: () => number;
}

/** The outcome detail that records an approved caller verification: what the caller check reads. */
export const CALLER_VERIFIED = 'callerVerified';

/** The last approved verification of a user's caller that still counts. */
export interface CallerApproval {
	readonly at: number;
	readonly until: number;
	/** How: the factor's label the journal line named ("push", "sms"…). */
	readonly how: string | null;
}

/** What one change records in the journal. */
export interface MutationRecord<T> {
	/** The operation's id ('sessions.revoke', 'lifecycle.disable'). */
	readonly action: string;
	readonly target: JournalTarget;
	readonly detail?: JournalDetail;
	/** Facts from the answer worth keeping (counts, ids; never a secret). */
	readonly outcomeDetail?: (outcome: Outcome<T>) => JournalDetail | undefined;
	/** Refused unless the user's caller was verified recently, where the profile asks for that. */
	readonly needsVerifiedCaller?: boolean;
}

/** The reads, the guard's state for the UI, and `mutate`: the only way to change anything. */
export interface GuardedProvider extends ProviderReads {
	/** True in read-only mode (and not unlocked just now): show a READ-ONLY badge. */
	readonly isReadOnly: boolean;
	readonly journal: Journal | null;
	/**
	 * Time-boxed writes on a read-only profile: how long an unlock lasts, and until when the current one runs (null
	 * when locked). Null when writes cannot be unlocked.
	 */
	readonly writeUnlock: {readonly minutes: number; readonly until: number | null} | null;
	/** Starts an unlock (journaled); resolves with when it ends (epoch ms). */
	unlockWrites(): Promise<number>;
	lockWrites(): Promise<void>;
	/** Minutes a caller verification counts for on this profile; null when changes need none. */
	readonly verifyCallerMinutes: number | null;
	/** The approval of this user's caller that still counts (this run's or the journal's), or null. */
	callerApproval(userId: Id): CallerApproval | null;
	/** This operator's recent actions from the audit journal, newest first. */
	recentActivity(limit: number): Promise<readonly ActivityItem[]>;
	/** Refuses in read-only mode, journals the intent, sends, journals the outcome. */
	mutate<T>(record: MutationRecord<T>, send: (backend: ProviderMutations) => Promise<Outcome<T>>): Promise<Outcome<T>>;
}

export const READ_ONLY_REASON = 'read-only mode';
export const READ_ONLY_MESSAGE = 'read-only mode: nothing was sent';
/** Journal lines read back for a caller check: far more than a window's worth of actions. */
const CALLER_LOOKBACK_LINES = 400;

export function guardProvider(provider: Provider, options: GuardOptions): GuardedProvider {
	return new Guarded(provider, options);
}

class Guarded implements GuardedProvider {
	readonly kind: Provider['kind'];
	readonly label: string;
	readonly host: string;
	readonly confirmWith: Provider['confirmWith'];
	readonly journal: Journal | null;
	declare readonly rateLimit?: () => RateBudget | null;
	declare readonly eventsRateLimit?: () => RateBudget | null;
	declare readonly eventsPollDelayMs?: (now?: number) => number;
	readonly writeUnlock: {readonly minutes: number; readonly until: number | null} | null;

	readonly #readOnly: boolean;
	readonly #unlockMinutes: number | null;
	readonly verifyCallerMinutes: number | null;
	/** Approvals seen in this run (the journal may be absent): user id → when, how. */
	readonly #approvals = new Map<Id, {at: number; how: string | null}>();
	#writableUntil: number | null = null;
	readonly #now: () => number;

	readonly #inner: Provider;
	readonly #profile: string | null;
	readonly #journalError: Error | null;
	readonly #onJournalError: (error: unknown) => void;

	constructor(inner: Provider, options: GuardOptions) {
		this.#inner = inner;
		this.kind = inner.kind;
		this.label = inner.label;
		this.host = inner.host;
		this.confirmWith = inner.confirmWith;
		this.#readOnly = options.readOnly;
		this.#unlockMinutes = options.readOnly ? (options.unlockMinutes ?? null) : null;
		this.#now = options.now ?? Date.now;
		this.verifyCallerMinutes = options.verifyCallerMinutes ?? null;
		// `until` is read live: an unlock ends by itself when its time is up.
		this.writeUnlock =
			this.#unlockMinutes === null
				? null
				: Object.defineProperty({minutes: this.#unlockMinutes} as {minutes: number; until: number | null}, 'until', {
						get: () => (this.isReadOnly ? null : this.#writableUntil),
						enumerable: true,
					});
		this.journal = options.journal instanceof Error ? null : options.journal;
		this.#journalError = options.journal instanceof Error ? options.journal : null;
		this.#profile = options.profile;
		this.#onJournalError = options.onJournalError ?? (() => undefined);
		if (typeof inner.rateLimit === 'function') {
			const rateLimit = inner.rateLimit.bind(inner);
			this.rateLimit = () => rateLimit();
		}
		if (typeof inner.eventsRateLimit === 'function') this.eventsRateLimit = inner.eventsRateLimit.bind(inner);
		if (typeof inner.eventsPollDelayMs === 'function') this.eventsPollDelayMs = inner.eventsPollDelayMs.bind(inner);
	}

	/** Read-only, unless a time-boxed unlock is running; it ends by itself when its time is up. */
	get isReadOnly(): boolean {
		return this.#readOnly && !(this.#writableUntil !== null && this.#now() < this.#writableUntil);
	}

	/** The backend's own capabilities; what read-only mode refuses is for the operations to say (src/operations/). */
	get capabilities(): Provider['capabilities'] {
		return this.#inner.capabilities;
	}

	isWholeIdentifier(query: string): boolean {
		return this.#inner.isWholeIdentifier(query);
	}

	/**
	 * Allows writes for the profile's minutes. Journaled like a mutation (intent, then outcome): an unlock that
	 * cannot be recorded does not happen.
	 */
	async unlockWrites(): Promise<number> {
		if (this.#unlockMinutes === null) {
			throw new ApiError({kind: 'refused', message: this.#readOnly ? 'read-only for this run (--read-only): restart without it to make changes' : 'writes are already allowed on this profile', method: '', path: ''});
		}
		const until = this.#now() + this.#unlockMinutes * 60_000;
		this.#journalLocal('writes.unlock', {minutes: this.#unlockMinutes, until: new Date(until).toISOString()});
		this.#writableUntil = until;
		return until;
	}

	/** Ends an unlock now. */
	async lockWrites(): Promise<void> {
		if (this.#writableUntil === null) return;
		this.#writableUntil = null;
		try {
			this.#journalLocal('writes.lock', undefined);
		} catch {
			// Locking must always work; the journal's failure will refuse the next unlock or mutation anyway.
		}
	}

	#journalLocal(action: string, detail: JournalDetail | undefined): void {
		if (this.#journalError) {
			throw new ApiError({kind: 'refused', message: `the audit journal cannot be written (${reason(this.#journalError)}): writes stay locked`, method: '', path: ''});
		}
		const journal = this.journal;
		if (!journal) return;
		const line = this.#line(action, {userId: '', userLabel: `profile ${this.#profile ?? '?'}`}, detail);
		try {
			journal.intent(line);
			journal.outcome({...line, outcome: 'ok', status: null, requestId: null});
		} catch (error) {
			throw new ApiError({kind: 'refused', message: `the audit journal cannot be written (${reason(error)}): writes stay locked`, method: '', path: '', cause: error});
		}
	}

	// ------------------------------------------------------------------ reads (straight through)

	searchUsers(query: string, options?: SearchOptions): AsyncIterable<readonly UserSummary[]> {
		return this.#inner.searchUsers(query, options);
	}

	getUser(userId: Id, options?: CallOptions): Promise<UserDetails> {
		return this.#inner.getUser(userId, options);
	}

	listSessions(userId: Id, options?: CallOptions): Promise<readonly Session[]> {
		return this.#inner.listSessions(userId, options);
	}

	listGrants(userId: Id, options?: CallOptions, kind?: OAuthGrant['kind']): Promise<readonly OAuthGrant[]> {
		return this.#inner.listGrants(userId, options, kind);
	}

	listRefreshTokens(userId: Id, options?: CallOptions): Promise<ClientTokens> {
		return this.#inner.listRefreshTokens(userId, options);
	}

	/** The trail is a read: allowed in read-only mode, nothing journaled. */
	listEvents(userId: Id, query?: EventQuery): Promise<EventPage> {
		return this.#inner.listEvents(userId, query);
	}

	pollEvents(cursor: EventCursor, options?: CallOptions): Promise<EventPage> {
		return this.#inner.pollEvents(cursor, options);
	}

	listPasskeys(userId: Id, options?: CallOptions): Promise<readonly Passkey[]> {
		return this.#inner.listPasskeys(userId, options);
	}

	getMfa(userId: Id, options?: CallOptions): Promise<MfaState> {
		return this.#inner.getMfa(userId, options);
	}

	listMemberships(userId: Id, options?: CallOptions): Promise<readonly Membership[]> {
		return this.#inner.listMemberships(userId, options);
	}

	lifecycleActions(user: UserDetails): readonly LifecycleAction[] {
		return this.isReadOnly ? [] : this.#inner.lifecycleActions(user);
	}

	callerApproval(userId: Id): CallerApproval | null {
		const minutes = this.verifyCallerMinutes ?? 10;
		const since = this.#now() - minutes * 60_000;
		let best = this.#approvals.get(userId) ?? null;
		try {
			for (const e of this.journal?.readRecent(CALLER_LOOKBACK_LINES) ?? []) {
				if (e.phase !== 'outcome' || e.outcome !== 'ok' || e.detail?.[CALLER_VERIFIED] !== true || e.target.userId !== userId || e.host !== this.host) continue;
				const at = Date.parse(e.time);
				if (!Number.isNaN(at) && (best === null || at > best.at)) best = {at, how: e.target.object?.label ?? null};
			}
		} catch {
			// An unreadable journal refuses the change anyway (its intent line cannot be written).
		}
		return best && best.at >= since ? {...best, until: best.at + minutes * 60_000} : null;
	}

	async recentActivity(limit: number): Promise<readonly ActivityItem[]> {
		if (this.#journalError) throw this.#journalError;
		if (!this.journal) return [];
		// Intents and outcomes are two lines each: read enough for `limit` actions.
		return activityOf(this.journal.readRecent(limit * 2), this.journal.operator).slice(0, limit);
	}

	warm(): Promise<void> {
		return this.#inner.warm();
	}

	prepare(): void {
		this.#inner.prepare?.();
	}

	close(): Promise<void> {
		return this.#inner.close();
	}

	// ------------------------------------------------------------------ changes (guarded)

	mutate<T>(record: MutationRecord<T>, send: (backend: ProviderMutations) => Promise<Outcome<T>>): Promise<Outcome<T>> {
		if (record.needsVerifiedCaller && this.verifyCallerMinutes !== null && !this.isReadOnly && this.callerApproval(record.target.userId) === null) {
			const who = record.target.userLabel ?? record.target.userId;
			return Promise.reject(
				new ApiError({
					kind: 'refused',
					message: `this profile needs the caller verified first: no approved verification of ${who} in the last ${this.verifyCallerMinutes} minutes (v on MFA, or account-triage verify); nothing was sent`,
					method: '',
					path: '',
				}),
			);
		}
		return this.#mutate(record.action, record.target, record.detail, () => send(this.#inner), record.outcomeDetail);
	}

	async #mutate<T>(
		action: string,
		target: JournalTarget,
		detail: JournalDetail | undefined,
		run: () => Promise<Outcome<T>>,
		outcomeDetail?: (outcome: Outcome<T>) => JournalDetail | undefined,
	): Promise<Outcome<T>> {
		if (this.isReadOnly) throw new ApiError({kind: 'refused', message: READ_ONLY_MESSAGE, method: '', path: ''});
		if (this.#journalError) {
			throw new ApiError({kind: 'refused', message: `the audit journal cannot be written (${reason(this.#journalError)}): nothing was sent`, method: '', path: ''});
		}
		const journal = this.journal;
		if (!journal) {
			const result = await run();
			this.#noteApproval(target, outcomeDetail, result);
			return result;
		}

		const line = this.#line(action, target, detail);
		try {
			journal.intent(line);
		} catch (error) {
			throw new ApiError({
				kind: 'refused',
				message: `the audit journal cannot be written (${reason(error)}): nothing was sent`,
				method: '',
				path: '',
				cause: error,
			});
		}

		let result: Outcome<T>;
		try {
			result = await run();
		} catch (error) {
			const e = error instanceof ApiError ? error : null;
			this.#writeOutcome(journal, {
				...line,
				outcome: e?.outcomeUnknown ? 'unknown' : e?.kind === 'refused' ? 'refused' : 'failed',
				status: e?.status ?? null,
				code: e?.code ?? null,
				requestId: e?.requestId ?? null,
				message: e ? e.message : error instanceof Error ? error.message : String(error),
			});
			throw error;
		}
		let extra: JournalDetail | undefined;
		try {
			extra = outcomeDetail?.(result);
		} catch {
			extra = undefined;
		}
		if (extra?.[CALLER_VERIFIED] === true) this.#approvals.set(target.userId, {at: this.#now(), how: target.object?.label ?? null});
		this.#writeOutcome(journal, {
			...line,
			...(extra || detail ? {detail: {...detail, ...extra}} : {}),
			outcome: 'ok',
			status: result.status,
			code: null,
			requestId: result.requestId,
			message: null,
		});
		return result;
	}

	/** Remembers an approved caller verification where no journal line records it. */
	#noteApproval<T>(target: JournalTarget, outcomeDetail: ((outcome: Outcome<T>) => JournalDetail | undefined) | undefined, result: Outcome<T>): void {
		try {
			if (outcomeDetail?.(result)?.[CALLER_VERIFIED] === true) this.#approvals.set(target.userId, {at: this.#now(), how: target.object?.label ?? null});
		} catch {
			// Facts that cannot be read are not an approval.
		}
	}

	/** The fields an intent and its outcome share. */
	#line(action: string, target: JournalTarget, detail: JournalDetail | undefined) {
		return {id: Journal.newId(), profile: this.#profile, backend: this.kind, host: this.host, action, target, ...(detail ? {detail} : {})};
	}

	#writeOutcome(journal: Journal, input: Parameters<Journal['outcome']>[0]): void {
		try {
			journal.outcome(input);
		} catch (error) {
			try {
				this.#onJournalError(error);
			} catch {
				// A faulty reporter must not turn a finished mutation into a failure.
			}
		}
	}
}
