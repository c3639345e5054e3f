/**
 * The only code that calls the provider. Loaders fire when a nonce in state changes and drop stale answers;
 * commands run when the reducer marks one running, and are never aborted once sent (the server may have acted):
 * they are awaited and reported.
 */
import {useEffect, useRef, type Dispatch} from 'react';
import {toApiError} from '../src/api/errors.js';
import type {Provider} from '../src/api/provider.js';
import type {UserSummary, WaitNotice} from '../src/api/types.js';
import {affects, describePending, isLoadable, LOAD_KEYS, type Action, type LoadKey, type Pending, type State} from './state/store.js';
import {clock, plural} from '../src/format.js';

export function useLookup(provider: Provider, state: State, dispatch: Dispatch<Action>): void {
	const {searchId, query, status} = state.lookup;
	useTypingWarmUp(provider, state);
	const ahead = useSearchAhead(provider, state);
	useEffect(() => {
		if (status !== 'searching' || searchId === 0) return;
		const controller = new AbortController();
		const onWait = (notice: WaitNotice): void => dispatch({type: 'wait', notice, now: Date.now()});
		void (async () => {
			// The same search, already run while the operator typed: its answer, without another round trip.
			const early = ahead.take(query);
			if (early) {
				try {
					const users = await early;
					if (controller.signal.aborted) return;
					dispatch({type: 'lookup/page', searchId, users});
					dispatch({type: 'lookup/done', searchId});
					return;
				} catch {
					// It failed or was dropped: search now, in view of the operator.
				}
			}
			try {
				for await (const users of provider.searchUsers(query, {signal: controller.signal, onWait})) {
					if (controller.signal.aborted) return;
					dispatch({type: 'lookup/page', searchId, users});
				}
				dispatch({type: 'lookup/done', searchId});
			} catch (error) {
				if (!controller.signal.aborted) dispatch({type: 'lookup/failed', searchId, error: toApiError(error)});
			} finally {
				dispatch({type: 'wait', notice: null, now: Date.now()});
			}
		})();
		return () => controller.abort();
		// Only a new search id starts a search.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [searchId]);
}

/** What looks like a whole identifier, not a prefix or a name: an email with a domain, a Wacht or Okta id. */
const LOOKS_EXACT = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$|^\d{15,20}$|^00u[A-Za-z0-9]{17}$/;
/** A search run ahead is used for this long after it answered. */
const AHEAD_TTL_MS = 10_000;
/** Started this long after the last key, so a paste or a fast typist starts one search, not one per key. */
const AHEAD_DELAY_MS = 30;

interface Ahead {
	readonly users: Promise<readonly UserSummary[]>;
	settledAt: number | null;
}

/**
 * Runs the search for an email or id while the operator is still at the keyboard, so Enter opens the user after one
 * round trip (the user's reads) instead of two (the search, then the reads). Only whole identifiers qualify; the
 * answer is never shown until Enter, and is used only for exactly the query searched, within AHEAD_TTL_MS. A search
 * ahead that meets a rate limit stops, so the operator's own search shows the wait.
 */
function useSearchAhead(provider: Provider, state: State): {take(query: string): Promise<readonly UserSummary[]> | null} {
	const cache = useRef(new Map<string, Ahead>());
	const {input, focus} = state.lookup;
	const query = input.trim();
	// Not the query whose results are already listed: Enter there opens a row, it does not search.
	const eligible = state.screen === 'lookup' && focus === 'input' && query !== state.lookup.query && LOOKS_EXACT.test(query);
	useEffect(() => {
		if (!eligible || cache.current.has(query)) return;
		const timer = setTimeout(() => {
			const controller = new AbortController();
			const entry: Ahead = {
				users: (async () => {
					const all: UserSummary[] = [];
					for await (const page of provider.searchUsers(query, {signal: controller.signal, onWait: () => controller.abort()})) all.push(...page);
					return all;
				})(),
				settledAt: null,
			};
			entry.users.then(
				() => (entry.settledAt = Date.now()),
				() => cache.current.delete(query),
			);
			cache.current.set(query, entry);
			// The last few queries are enough: older ones are stale anyway.
			for (const key of cache.current.keys()) if (cache.current.size > 4) cache.current.delete(key);
		}, AHEAD_DELAY_MS);
		return () => clearTimeout(timer);
	}, [eligible, query, provider]);
	return {
		take(q) {
			const entry = cache.current.get(q.trim());
			if (!entry) return null;
			cache.current.delete(q.trim());
			if (entry.settledAt !== null && Date.now() - entry.settledAt > AHEAD_TTL_MS) return null;
			return entry.users;
		},
	};
}

/**
 * Opens the backend connections while the operator types a query, so the search and the user view after it skip the
 * TCP and TLS handshakes (a keep-alive connection opened at start-up may be gone by the time they have the email).
 * At most one warm-up per query typed: the first edit after the last search started, however many keys follow.
 */
function useTypingWarmUp(provider: Provider, state: State): void {
	const {input, searchId} = state.lookup;
	const warmedFor = useRef(-1);
	const lastInput = useRef(input);
	useEffect(() => {
		// Only an edit counts: a search starting or ending leaves the text as it was, and warming then would hold the
		// connections the operator's next Enter needs.
		const edited = input !== lastInput.current;
		lastInput.current = input;
		if (!edited || input === '' || state.screen !== 'lookup' || warmedFor.current === searchId) return;
		warmedFor.current = searchId;
		// warm() never rejects; this guards against one that throws or rejects anyway: a warm-up must not reach the UI.
		void Promise.resolve()
			.then(() => provider.warm())
			.catch(() => undefined);
	}, [input, searchId, state.screen, provider]);
}

/**
 * Some backends' lists carry no status (Wacht's do not), yet "disabled" is often the whole answer. Fetch the
 * status of the rows on screen, a few at a time, once per search.
 */
export function useLookupStatuses(provider: Provider, state: State, dispatch: Dispatch<Action>, visible: number): void {
	const {searchId, status, results, selected} = state.lookup;
	const asked = useRef(new Map<number, Set<string>>());
	const start = Math.floor(selected / Math.max(1, visible)) * Math.max(1, visible);
	useEffect(() => {
		if (status !== 'done' || state.screen !== 'lookup') return;
		const seen = asked.current.get(searchId) ?? new Set<string>();
		asked.current = new Map([[searchId, seen]]);
		const missing = results.slice(start, start + visible).filter((u) => u.status === null && !seen.has(u.id));
		if (missing.length === 0) return;
		const controller = new AbortController();
		for (const u of missing) seen.add(u.id);
		void (async () => {
			const queue = [...missing];
			const worker = async (): Promise<void> => {
				for (let u = queue.shift(); u && !controller.signal.aborted; u = queue.shift()) {
					const id = u.id;
					try {
						const user = await provider.getUser(id, {signal: controller.signal});
						if (!controller.signal.aborted) dispatch({type: 'lookup/enrich', searchId, user});
					} catch {
						seen.delete(id); // a row whose status could not be read stays blank; no error for a nicety
					}
				}
			};
			await Promise.all([worker(), worker(), worker(), worker()]);
		})();
		return () => controller.abort();
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [searchId, status, start, visible, state.screen]);
}

function loader(provider: Provider, key: LoadKey, userId: string, signal: AbortSignal, onWait: (n: WaitNotice) => void) {
	const options = {signal, onWait};
	switch (key) {
		case 'details':
			return provider.getUser(userId, options);
		case 'sessions':
			return provider.listSessions(userId, options);
		case 'passkeys':
			return provider.listPasskeys(userId, options);
		case 'mfa':
			return provider.getMfa(userId, options);
		case 'memberships':
			return provider.listMemberships(userId, options);
		case 'grants':
			return provider.listGrants(userId, options);
	}
}

/**
 * An answer that arrives while other tabs of the same view are still loading waits up to this long for them. The
 * tabs' requests leave together and come back within a few ms of each other; drawn one by one, the first would be
 * drawn at once and the rest only after Ink's frame throttle (33 ms), so the complete view would come later.
 */
const GATHER_MS = 12;

interface Gather {
	/** Loads started and not yet settled or cancelled. */
	pending: number;
	queued: Action[];
	timer: ReturnType<typeof setTimeout> | null;
}

/** One effect per tab: all tabs load in parallel, each with its own state, so one failure breaks no other. */
export function useUserLoaders(provider: Provider, state: State, dispatch: Dispatch<Action>): void {
	const view = state.user;
	const userId = view?.id ?? null;
	const gather = useRef<Gather>({pending: 0, queued: [], timer: null}).current;
	const flush = (): void => {
		if (gather.timer) clearTimeout(gather.timer);
		gather.timer = null;
		const actions = gather.queued;
		gather.queued = [];
		// Dispatched in one go: React renders them as one update.
		for (const action of actions) dispatch(action);
	};
	for (const key of LOAD_KEYS) {
		const nonce = view?.nonce[key] ?? 0;
		// The hook count is fixed (LOAD_KEYS is constant), so calling hooks in this loop is safe.
		// eslint-disable-next-line react-hooks/rules-of-hooks
		useEffect(() => {
			if (!userId || nonce === 0 || !isLoadable(provider.capabilities, key)) return;
			const controller = new AbortController();
			const onWait = (notice: WaitNotice): void => dispatch({type: 'wait', notice, now: Date.now()});
			let settled = false;
			gather.pending++;
			const settle = (action: Action | null): void => {
				if (settled) return;
				settled = true;
				gather.pending--;
				if (action) gather.queued.push(action);
				if (gather.queued.length === 0) return;
				if (gather.pending === 0) flush();
				else gather.timer ??= setTimeout(flush, GATHER_MS);
			};
			loader(provider, key, userId, controller.signal, onWait).then(
				(data) => {
					if (controller.signal.aborted) return;
					const lifecycle = key === 'details' ? provider.lifecycleActions(data as Parameters<Provider['lifecycleActions']>[0]) : undefined;
					settle({type: 'load/done', key, userId, nonce, data, lifecycle, now: Date.now()});
				},
				(error: unknown) => {
					if (!controller.signal.aborted) settle({type: 'load/failed', key, userId, nonce, error: toApiError(error)});
				},
			);
			return () => {
				controller.abort();
				settle(null);
			};
			// eslint-disable-next-line react-hooks/exhaustive-deps
		}, [userId, nonce]);
	}
}

async function execute(provider: Provider, p: Pending, onWait: (n: WaitNotice) => void): Promise<Action> {
	const options = {onWait};
	const at = (iso: string): string => clock(Date.parse(iso));
	const rid = (id: string | null): string => (id ? ` · request ${id}` : '');
	switch (p.kind) {
		case 'revokeSession': {
			const r = await provider.revokeSession(p.user.id, p.session.id, options);
			return done(`✓ Revoked session ${p.session.id} of ${p.user.name} at ${at(r.at)}${rid(r.requestId)}`, p);
		}
		case 'revokeAllSessions': {
			const r = await provider.revokeAllSessions(p.user.id, {...options, oauthTokens: p.oauthTokens, forgetDevices: p.forgetDevices});
			const count = r.value.revoked === null ? 'all sessions' : plural(r.value.revoked, 'sign-in');
			const extra = [p.oauthTokens ? 'OAuth tokens revoked' : null, p.forgetDevices ? 'devices forgotten' : null].filter(Boolean).join(', ');
			return done(`✓ Revoked ${count} of ${p.user.name}${extra ? ` (${extra})` : ''} at ${at(r.at)}${rid(r.requestId)}`, p);
		}
		case 'revokeGrant': {
			const r = await provider.revokeGrant(p.user.id, p.grant, options);
			return done(`✓ Revoked the ${p.grant.kind === 'grant' ? 'grant' : 'refresh token'} of ${p.user.name} for ${p.grant.clientName} at ${at(r.at)}${rid(r.requestId)}`, p);
		}
		case 'revokeAllGrants': {
			const r = await provider.revokeAllGrants(p.user.id, options);
			return done(`✓ Revoked all OAuth grants of ${p.user.name} at ${at(r.at)}${rid(r.requestId)}`, p);
		}
		case 'deleteFactor': {
			const r = await provider.deleteFactor(p.user.id, p.factor.id, options);
			return done(`✓ Unenrolled the ${p.factor.type} factor of ${p.user.name} at ${at(r.at)}${rid(r.requestId)}`, p);
		}
		case 'activateTotp': {
			const r = await provider.activateTotp(p.user.id, p.enrollmentId, p.passCode, options);
			return done(`✓ TOTP factor of ${p.user.name} activated at ${at(r.at)}${rid(r.requestId)}`, p);
		}
		case 'renamePasskey': {
			const r = await provider.renamePasskey(p.user.id, p.passkey.id, p.name, options);
			return done(`✓ Renamed passkey "${p.passkey.name}" to "${p.name}" at ${at(r.at)}${rid(r.requestId)}`, p);
		}
		case 'deletePasskey': {
			const r = await provider.deletePasskey(p.user.id, p.passkey.id, options);
			return done(`✓ Deleted passkey "${p.passkey.name}" of ${p.user.name} at ${at(r.at)}${rid(r.requestId)}`, p);
		}
		case 'enrollTotp': {
			const r = await provider.enrollTotp(p.details, options);
			const next = r.value.needsActivation ? '; scan it, then enter the code the app shows' : '';
			return done(`✓ TOTP authenticator created for ${p.user.name} at ${at(r.at)}${rid(r.requestId)}${next}`, p, {type: 'totp', enrollment: r.value, user: p.user, input: '', error: null});
		}
		case 'deleteTotp': {
			const r = await provider.deleteTotp(p.user.id, options);
			return done(`✓ TOTP authenticator of ${p.user.name} deleted at ${at(r.at)}${rid(r.requestId)}`, p);
		}
		case 'regenerateBackupCodes': {
			const r = await provider.regenerateBackupCodes(p.user.id, options);
			return done(`✓ New backup codes for ${p.user.name} at ${at(r.at)}; the old ones no longer work${rid(r.requestId)}`, p, {
				type: 'codes',
				codes: r.value,
				user: p.user,
			});
		}
		case 'lifecycle': {
			const r = await provider.runLifecycle(p.user.id, p.action.id, options);
			const reveal = r.value.reveal && r.value.reveal.length > 0 ? ({type: 'reveal', title: `${p.action.label}: ${p.user.name}`, items: r.value.reveal} as const) : undefined;
			return done(`✓ ${p.action.label}: ${r.value.message} (${p.user.name}) at ${at(r.at)}${rid(r.requestId)}`, p, reveal);
		}
	}
}

function done(flash: string, p: Pending, reveal?: Extract<Action, {type: 'command/done'}>['reveal']): Action {
	return {type: 'command/done', id: 0, flash, reload: affects(p), reveal};
}

/** Runs the command the reducer marked running, once. */
export function useCommandRunner(provider: Provider, state: State, dispatch: Dispatch<Action>): void {
	const started = useRef(0);
	const {command} = state;
	useEffect(() => {
		if (command.status !== 'running' || started.current >= command.id) return;
		started.current = command.id;
		const {pending, id} = command;
		const onWait = (notice: WaitNotice): void => dispatch({type: 'wait', notice, now: Date.now()});
		execute(provider, pending, onWait).then(
			(action) => dispatch({...action, id} as Action),
			(error: unknown) => {
				const e = toApiError(error);
				const what = describePending(pending);
				const flash = e.outcomeUnknown
					? `? outcome unknown, refreshed to show what the backend now holds: ${what} — ${e.message}`
					: `✗ ${what} failed: ${e.summary}${e.hint ? ` — ${e.hint}` : ''}${e.requestId ? ` · request ${e.requestId}` : ''}`;
				dispatch({type: 'command/failed', id, flash, reload: affects(pending)});
			},
		);
	}, [command, provider, dispatch]);
}

/** Loads the Activity list from the audit journal when the overlay asks (opened or refreshed). */
export function useActivityLoader(provider: Provider, state: State, dispatch: Dispatch<Action>): void {
	const overlay = state.overlay;
	const nonce = overlay.type === 'activity' && overlay.items.status === 'loading' ? overlay.nonce : 0;
	useEffect(() => {
		if (nonce === 0) return;
		let live = true;
		void (async () => {
			try {
				const items = provider.recentActivity ? await provider.recentActivity(500) : [];
				if (live) dispatch({type: 'activity/done', nonce, items, now: Date.now()});
			} catch (error) {
				if (live) dispatch({type: 'activity/failed', nonce, error: toApiError(error)});
			}
		})();
		return () => {
			live = false;
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [nonce]);
}
