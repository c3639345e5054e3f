/**
 * `guardProvider` wraps a Provider so every mutation is safe by construction:
 *
 * - Read-only mode: every mutating method throws `ApiError({kind: 'refused', message: 'read-only mode: nothing was
 *   sent'})` before the inner provider is called, so no byte reaches the network. Nothing is journaled for these
 *   refusals: nothing happened, a read-only session writes no state at all (it works even where the journal cannot
 *   be written), and the UI hides those actions anyway (`capabilities` say 'read-only mode', `lifecycleActions`
 *   is empty), so such a call is a programming slip rather than an operator act.
 * - Otherwise, with a journal: the intent line is written first; if that fails the mutation is refused
 *   ("the audit journal cannot be written (<reason>): nothing was sent") and the inner provider is not called.
 *   Then the inner provider runs, and the outcome line records status / requestId from the Outcome, or from the
 *   ApiError: 'unknown' when `outcomeUnknown`, 'refused' when the inner provider refused locally (kind 'refused',
 *   nothing sent), else 'failed'. The value is returned / the error rethrown unchanged.
 *   An outcome line that cannot be written does not hide the result (a TOTP secret or reset link is shown only
 *   once); it is reported through `onJournalError`, and the next mutation's intent write will refuse.
 * - With `journal: null` and not read-only, mutations pass straight through (no audit).
 *
 * Reads pass straight through. The guard remembers the labels reads returned (a user's email/login, a passkey's
 * name, a factor's name, a session's browser/device) so journal lines name what was acted on without extra calls.
 * Nothing secret goes into the journal: no passcodes, TOTP secrets, otpauth URLs, backup codes or reveal values.
 */
import {ApiError} from './errors.js';
import {activityOf, Journal, reason, type ActivityItem, type JournalDetail, type JournalTarget} from './journal.js';
import type {Capabilities, Capability, LifecycleAction, LifecycleActionId, LifecycleResult, Provider, SearchOptions} from './provider.js';
import type {
	CallOptions,
	ClearSessionsOptions,
	EventCursor,
	EventPage,
	EventQuery,
	Id,
	Membership,
	MfaState,
	OAuthGrant,
	Outcome,
	Passkey,
	RateBudget,
	Session,
	TotpEnrollment,
	UserDetails,
	UserSummary,
} from './types.js';

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
	/** For tests. @default Date.now */
	readonly now?: () => number;
}

/** A Provider plus what the UI needs to show the guard's state. */
export interface GuardedProvider extends Provider {
	/** True in read-only mode (and not unlocked just now): show a READ-ONLY badge. */
	readonly isReadOnly: boolean;
	readonly journal: Journal | null;
}

/** The capabilities that change state; in read-only mode each says 'read-only mode'. */
export const MUTATING_CAPABILITIES: readonly Capability[] = [
	'sessions.revoke',
	'sessions.revokeAll',
	'passkeys.rename',
	'passkeys.delete',
	'mfa.totp.enroll',
	'mfa.totp.delete',
	'mfa.backupCodes.regenerate',
	'grants.revoke',
	'mfa.factors.delete',
];

export const READ_ONLY_REASON = 'read-only mode';
export const READ_ONLY_MESSAGE = 'read-only mode: nothing was sent';

/**
 * Supported mutating capabilities become 'read-only mode'; ones the backend lacks keep their own reason (they were
 * hidden already, and that reason is the more useful one). Read capabilities are unchanged.
 */
export function readOnlyCapabilities(capabilities: Capabilities): Capabilities {
	const out: Record<Capability, true | string> = {...capabilities};
	for (const key of MUTATING_CAPABILITIES) if (out[key] === true) out[key] = READ_ONLY_REASON;
	return Object.freeze(out);
}

export function guardProvider(provider: Provider, options: GuardOptions): GuardedProvider {
	return new Guarded(provider, options);
}

/** Labels learned from reads, bounded so a user with 10,000 sessions cannot grow it without end. */
class LabelCache {
	private readonly map = new Map<string, string>();
	constructor(private readonly max = 50_000) {}
	set(key: string, label: string | null | undefined): void {
		if (!label) return;
		if (this.map.size >= this.max) this.map.clear();
		this.map.set(key, label);
	}
	get(key: string): string | null {
		return this.map.get(key) ?? null;
	}
}

function sessionLabel(s: Session): string | null {
	const parts = [s.browser, s.device, s.ip].filter((p): p is string => !!p);
	return parts.length ? parts.join(' · ') : null;
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
	#writableUntil: number | null = null;
	readonly #now: () => number;
	readonly #innerCapabilities: Capabilities;
	readonly #readOnlyCapabilities: Capabilities;

	readonly #inner: Provider;
	readonly #profile: string | null;
	readonly #journalError: Error | null;
	readonly #onJournalError: (error: unknown) => void;
	readonly #labels = new LabelCache();

	constructor(inner: Provider, options: GuardOptions) {
		this.#inner = inner;
		this.kind = inner.kind;
		this.label = inner.label;
		this.host = inner.host;
		this.confirmWith = inner.confirmWith;
		this.#readOnly = options.readOnly;
		this.#unlockMinutes = options.readOnly ? (options.unlockMinutes ?? null) : null;
		this.#now = options.now ?? Date.now;
		const guard = this;
		this.writeUnlock =
			this.#unlockMinutes === null
				? null
				: {
						minutes: this.#unlockMinutes,
						get until() {
							return guard.isReadOnly ? null : guard.#writableUntil;
						},
					};
		this.journal = options.journal instanceof Error ? null : options.journal;
		this.#journalError = options.journal instanceof Error ? options.journal : null;
		this.#profile = options.profile;
		this.#onJournalError = options.onJournalError ?? (() => undefined);
		this.#innerCapabilities = inner.capabilities;
		this.#readOnlyCapabilities = readOnlyCapabilities(inner.capabilities);
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

	get capabilities(): Capabilities {
		return this.isReadOnly ? this.#readOnlyCapabilities : this.#innerCapabilities;
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

	async *searchUsers(query: string, options?: SearchOptions): AsyncIterable<readonly UserSummary[]> {
		for await (const page of this.#inner.searchUsers(query, options)) {
			for (const user of page) this.#rememberUser(user);
			yield page;
		}
	}

	async getUser(userId: Id, options?: CallOptions): Promise<UserDetails> {
		const user = await this.#inner.getUser(userId, options);
		this.#rememberUser(user);
		return user;
	}

	async listSessions(userId: Id, options?: CallOptions): Promise<readonly Session[]> {
		const sessions = await this.#inner.listSessions(userId, options);
		for (const s of sessions) this.#labels.set(`session:${s.id}`, sessionLabel(s));
		return sessions;
	}

	listGrants(userId: Id, options?: CallOptions): Promise<readonly OAuthGrant[]> {
		return this.#inner.listGrants(userId, options);
	}

	/** The trail is a read: allowed in read-only mode, nothing journaled. */
	listEvents(userId: Id, query?: EventQuery): Promise<EventPage> {
		return this.#inner.listEvents(userId, query);
	}

	pollEvents(cursor: EventCursor, options?: CallOptions): Promise<EventPage> {
		return this.#inner.pollEvents(cursor, options);
	}

	async listPasskeys(userId: Id, options?: CallOptions): Promise<readonly Passkey[]> {
		const passkeys = await this.#inner.listPasskeys(userId, options);
		for (const p of passkeys) this.#labels.set(`passkey:${p.id}`, p.name);
		return passkeys;
	}

	async getMfa(userId: Id, options?: CallOptions): Promise<MfaState> {
		const mfa = await this.#inner.getMfa(userId, options);
		for (const f of mfa.factors) this.#labels.set(`factor:${f.id}`, f.name || f.type);
		return mfa;
	}

	listMemberships(userId: Id, options?: CallOptions): Promise<readonly Membership[]> {
		return this.#inner.listMemberships(userId, options);
	}

	lifecycleActions(user: UserDetails): readonly LifecycleAction[] {
		this.#rememberUser(user);
		return this.isReadOnly ? [] : this.#inner.lifecycleActions(user);
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

	close(): Promise<void> {
		return this.#inner.close();
	}

	// ------------------------------------------------------------------ mutations (guarded)

	revokeSession(userId: Id, sessionId: Id, options?: CallOptions): Promise<Outcome<void>> {
		return this.#mutate('sessions.revoke', this.#target(userId, 'session', sessionId), undefined, () =>
			this.#inner.revokeSession(userId, sessionId, options),
		);
	}

	revokeAllSessions(userId: Id, options?: ClearSessionsOptions): Promise<Outcome<{readonly revoked: number | null}>> {
		const detail: Record<string, unknown> = {};
		if (options?.oauthTokens !== undefined) detail['alsoOauth'] = options.oauthTokens;
		if (options?.forgetDevices !== undefined) detail['forgetDevices'] = options.forgetDevices;
		return this.#mutate(
			'sessions.revokeAll',
			this.#target(userId),
			Object.keys(detail).length ? detail : undefined,
			() => this.#inner.revokeAllSessions(userId, options),
			(o) => ({revoked: o.value.revoked}),
		);
	}

	revokeGrant(userId: Id, grant: OAuthGrant, options?: CallOptions): Promise<Outcome<void>> {
		const target: JournalTarget = {...this.#target(userId), object: {type: grant.kind, id: grant.id, label: grant.clientName || grant.clientId}};
		return this.#mutate('grants.revoke', target, undefined, () => this.#inner.revokeGrant(userId, grant, options));
	}

	revokeAllGrants(userId: Id, options?: CallOptions): Promise<Outcome<void>> {
		return this.#mutate('grants.revokeAll', this.#target(userId), undefined, () => this.#inner.revokeAllGrants(userId, options));
	}

	renamePasskey(userId: Id, passkeyId: Id, name: string, options?: CallOptions): Promise<Outcome<void>> {
		return this.#mutate('passkeys.rename', this.#target(userId, 'passkey', passkeyId), {newName: name}, () =>
			this.#inner.renamePasskey(userId, passkeyId, name, options),
		);
	}

	deletePasskey(userId: Id, passkeyId: Id, options?: CallOptions): Promise<Outcome<void>> {
		return this.#mutate('passkeys.delete', this.#target(userId, 'passkey', passkeyId), undefined, () =>
			this.#inner.deletePasskey(userId, passkeyId, options),
		);
	}

	enrollTotp(user: UserDetails, options?: CallOptions): Promise<Outcome<TotpEnrollment>> {
		this.#rememberUser(user);
		// The enrollment holds the secret and the otpauth URL: only its id is journaled.
		return this.#mutate(
			'mfa.totp.enroll',
			this.#target(user.id),
			undefined,
			() => this.#inner.enrollTotp(user, options),
			(o) => ({enrollmentId: o.value.id, needsActivation: o.value.needsActivation}),
		);
	}

	activateTotp(userId: Id, enrollmentId: Id, passCode: string, options?: CallOptions): Promise<Outcome<void>> {
		// The passcode is never journaled.
		return this.#mutate('mfa.totp.activate', this.#target(userId, 'factor', enrollmentId), undefined, () =>
			this.#inner.activateTotp(userId, enrollmentId, passCode, options),
		);
	}

	deleteFactor(userId: Id, factorId: Id, options?: CallOptions): Promise<Outcome<void>> {
		return this.#mutate('mfa.factors.delete', this.#target(userId, 'factor', factorId), undefined, () =>
			this.#inner.deleteFactor(userId, factorId, options),
		);
	}

	deleteTotp(userId: Id, options?: CallOptions): Promise<Outcome<void>> {
		return this.#mutate('mfa.totp.delete', this.#target(userId), undefined, () => this.#inner.deleteTotp(userId, options));
	}

	regenerateBackupCodes(userId: Id, options?: CallOptions): Promise<Outcome<readonly string[]>> {
		// Only how many, never the codes.
		return this.#mutate(
			'mfa.backupCodes.regenerate',
			this.#target(userId),
			undefined,
			() => this.#inner.regenerateBackupCodes(userId, options),
			(o) => ({count: o.value.length}),
		);
	}

	runLifecycle(userId: Id, action: LifecycleActionId, options?: CallOptions): Promise<Outcome<LifecycleResult>> {
		// The result's message and reveal (reset / activation links) are never journaled.
		return this.#mutate(
			`lifecycle.${action}`,
			this.#target(userId),
			undefined,
			() => this.#inner.runLifecycle(userId, action, options),
			(o) => (o.value.reveal?.length ? {revealed: o.value.reveal.length} : undefined),
		);
	}

	// ------------------------------------------------------------------ the guard itself

	#rememberUser(user: UserSummary): void {
		const label = this.confirmWith === 'login' ? (user.login ?? user.email) : (user.email ?? user.login);
		this.#labels.set(`user:${user.id}`, label ?? (user.displayName || null));
	}

	#target(userId: Id, type?: 'session' | 'passkey' | 'factor', objectId?: Id): JournalTarget {
		const base = {userId, userLabel: this.#labels.get(`user:${userId}`)};
		if (!type) return base;
		return {...base, object: {type, id: objectId ?? null, label: objectId ? this.#labels.get(`${type}:${objectId}`) : null}};
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
		if (!journal) return run();

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
