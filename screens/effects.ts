/**
 * The effect runner: the one place the TUI does I/O. The reducer returns effects (screens/state/types.ts); this
 * carries each out (a search, a tab's load, a change through its operation, a file, a timer) and answers with
 * actions. Loads and searches are cancelled when something newer replaces them; a change is never aborted once
 * sent (the backend may have acted): it is awaited and reported.
 */
import {toApiError} from '../src/api/errors.js';
import type {GuardedProvider} from '../src/api/guard.js';
import {readUserData} from '../src/api/user-data.js';
import {followTrail} from '../src/api/trail.js';
import type {UserDataKey, UserSummary, WaitNotice} from '../src/api/types.js';
import type {RecentStore} from '../src/config/recent.js';
import {clock} from '../src/format.js';
import type {Output} from '../src/incident/output.js';
import {incidentSummary} from '../src/incident/summary.js';
import {runOperation, titleOf, type Done, type Pending} from '../src/operations/index.js';
import {VERSION} from '../src/version.js';
import {exactMatch} from '../src/api/search.js';
import {LOOKUP_MAX} from './state/lookup.js';
import {ViewPrefetch, type Fetched} from './prefetch.js';
import {dataOf} from './state/resource.js';
import {lastSignIn, SOURCE_WORDS, viewFindings} from './state/evidence.js';
import type {Action, Effect, Overlay, State} from './state/types.js';
import {errorHint, stepText} from './steps.js';

/** Okta's validation refusal (E0000001), field by field as its errorCauses say ("login: An object with this field…"). */
function fieldErrors(e: ReturnType<typeof toApiError>): string | null {
	return e.code === 'E0000001' && e.causes.length > 0 ? `${e.causes.join(' · ')} (${e.code})` : null;
}

/** What the app's host provides: where things go that leave the app. */
export interface Host {
	/** The clipboard (OSC 52) and summary files; without it, S and c say there is nowhere to copy to. */
	readonly output?: Output;
	/** Who is at the keyboard, for the summary's footer. */
	readonly operator?: string;
	readonly profile: string | null;
	/** Where this profile's recent lookups are kept between runs. */
	readonly recent?: RecentStore;
	/** Connects another profile; resolves with why it could not, or null once the host switched. */
	readonly switchProfile?: (name: string) => Promise<string | null>;
	/** An action's result line, as it happens (the host prints the run's lines on quit). */
	readonly onRecord?: (line: string) => void;
	/** The operator quits. */
	readonly onQuit: (state: State) => void;
}

export interface Runner {
	run(effect: Effect): void;
	/** Cancels everything still running (the app is unmounted). */
	dispose(): void;
}

type Dispatch = (...actions: Action[]) => void;

/** A search run ahead is used for this long after it answered. */
const AHEAD_TTL_MS = 10_000;
/** Started this long after the last key, so a paste or a fast typist starts one search, not one per key. */
const AHEAD_DELAY_MS = 30;
/**
 * An answer that arrives while other tabs of the same view are still loading waits up to this long for them. The
 * tabs' requests leave together and come back within a few ms of each other; drawn one by one, the first would be
 * drawn at once and the rest only after Ink's frame throttle (33 ms), so the complete view would come later.
 */
const GATHER_MS = 12;

interface Ahead {
	readonly users: Promise<readonly UserSummary[]>;
	settledAt: number | null;
}

export function createRunner(provider: GuardedProvider, host: Host, dispatch: Dispatch, getState: () => State): Runner {
	const onWait = (notice: WaitNotice): void => dispatch({type: 'wait', notice, now: Date.now()});
	let search: AbortController | null = null;
	const ahead = new Map<string, Ahead>();
	let aheadTimer: ReturnType<typeof setTimeout> | null = null;
	let warmedFor = -1;
	const loads = new Map<UserDataKey, {readonly userId: string; readonly controller: AbortController}>();
	const gather = {pending: 0, queued: [] as Action[], timer: null as ReturnType<typeof setTimeout> | null};
	const enriched = {searchId: -1, asked: new Set<string>(), controller: null as AbortController | null};
	let ticker: ReturnType<typeof setInterval> | null = null;
	let following: AbortController | null = null;
	let writesTimer: ReturnType<typeof setTimeout> | null = null;
	let disposed = false;
	const prefetch = new ViewPrefetch(provider);

	/** A search that settles on one user: that user's view is what Enter opens next, so its reads start now. */
	const readAhead = (users: readonly UserSummary[], query: string): void => {
		const state = getState();
		if (disposed || state.screen !== 'lookup') return;
		const target = exactMatch(users, query) ?? (users.length === 1 ? users[0]! : null);
		if (target) prefetch.start(target.id, state.caps);
	};

	const flash = (text: string, tone: 'ok' | 'error' | 'info'): void => dispatch({type: 'flash', flash: {text, tone}});

	/** The search for an email or id, run while the operator is still at the keyboard (never shown before Enter). */
	const searchAhead = (query: string): void => {
		if (aheadTimer) clearTimeout(aheadTimer);
		aheadTimer = null;
		const state = getState();
		// Not the query whose results are already listed: Enter there opens a row, it does not search.
		const eligible = state.screen === 'lookup' && state.lookup.focus === 'input' && query !== state.lookup.query && provider.isWholeIdentifier(query);
		if (!eligible || ahead.has(query)) return;
		aheadTimer = setTimeout(() => {
			const controller = new AbortController();
			const entry: Ahead = {
				users: (async () => {
					const all: UserSummary[] = [];
					// A search ahead that meets a rate limit stops, so the operator's own search shows the wait.
					for await (const page of provider.searchUsers(query, {signal: controller.signal, onWait: () => controller.abort(), maxResults: LOOKUP_MAX})) all.push(...page);
					return all;
				})(),
				settledAt: null,
			};
			entry.users.then(
				(users) => {
					entry.settledAt = Date.now();
					// Only while the field still holds this query: the operator may have typed on.
					if (getState().lookup.input.trim() === query) readAhead(users, query);
				},
				() => ahead.delete(query),
			);
			ahead.set(query, entry);
			// The last few queries are enough: older ones are stale anyway.
			for (const key of ahead.keys()) if (ahead.size > 4) ahead.delete(key);
		}, AHEAD_DELAY_MS);
	};

	const takeAhead = (query: string): Promise<readonly UserSummary[]> | null => {
		const entry = ahead.get(query);
		if (!entry) return null;
		ahead.delete(query);
		if (entry.settledAt !== null && Date.now() - entry.settledAt > AHEAD_TTL_MS) return null;
		return entry.users;
	};

	const runSearch = async (searchId: number, query: string, signal: AbortSignal): Promise<void> => {
		const early = takeAhead(query.trim());
		if (early) {
			try {
				const users = await early;
				if (signal.aborted) return;
				readAhead(users, query.trim());
				dispatch({type: 'lookup/page', searchId, users}, {type: 'lookup/done', searchId, capped: users.length >= LOOKUP_MAX});
				return;
			} catch {
				// It failed or was dropped: search now, in view of the operator.
			}
		}
		try {
			const found: UserSummary[] = [];
			for await (const users of provider.searchUsers(query, {signal, onWait, maxResults: LOOKUP_MAX})) {
				if (signal.aborted) return;
				found.push(...users);
				dispatch({type: 'lookup/page', searchId, users});
			}
			const count = found.length;
			readAhead(found, query.trim());
			dispatch({type: 'lookup/done', searchId, capped: count >= LOOKUP_MAX});
		} catch (error) {
			if (!signal.aborted) dispatch({type: 'lookup/failed', searchId, error: toApiError(error)});
		} finally {
			dispatch({type: 'wait', notice: null, now: Date.now()});
		}
	};

	const flushGather = (): void => {
		if (gather.timer) clearTimeout(gather.timer);
		gather.timer = null;
		const actions = gather.queued;
		gather.queued = [];
		// Dispatched in one go: drawn as one frame.
		if (actions.length > 0) dispatch(...actions);
	};

	const load = (userId: string, key: UserDataKey, nonce: number): void => {
		// A newer load of the same tab replaces the older; another user's loads are of no use any more.
		for (const [k, running] of loads) {
			if (k === key || running.userId !== userId) {
				running.controller.abort();
				loads.delete(k);
			}
		}
		const controller = new AbortController();
		loads.set(key, {userId, controller});
		gather.pending++;
		let settled = false;
		const settle = (action: Action | null): void => {
			if (settled) return;
			settled = true;
			gather.pending--;
			if (loads.get(key)?.controller === controller) loads.delete(key);
			if (action) gather.queued.push(action);
			if (gather.queued.length === 0) return;
			if (gather.pending === 0) flushGather();
			else gather.timer ??= setTimeout(flushGather, GATHER_MS);
		};
		controller.signal.addEventListener('abort', () => settle(null), {once: true});
		const read = async (): Promise<Fetched> => {
			const data = await readUserData(provider, key, userId, {signal: controller.signal, onWait: (notice) => dispatch({type: 'wait', notice, now: Date.now(), source: key})});
			return {data, at: Date.now()};
		};
		// Read ahead when a search settled on this user: taken once; if it was stopped before answering, read in view.
		const early = prefetch.take(userId, key, controller.signal);
		(early ? early.then((fetched) => fetched ?? read()) : read()).then(
			({data, at}) => {
				if (controller.signal.aborted) return;
				const lifecycle = key === 'details' ? provider.lifecycleActions(data as Parameters<GuardedProvider['lifecycleActions']>[0]) : undefined;
				settle({type: 'load/done', key, userId, nonce, data, lifecycle, now: at} as Action);
			},
			(error: unknown) => {
				if (!controller.signal.aborted) settle({type: 'load/failed', key, userId, nonce, error: toApiError(error)});
			},
		);
	};

	/** Fetches the status of result rows whose list carried none, four at a time, once per search. */
	const enrich = (searchId: number, ids: readonly string[]): void => {
		if (enriched.searchId !== searchId) {
			enriched.controller?.abort();
			enriched.searchId = searchId;
			enriched.asked = new Set();
			enriched.controller = new AbortController();
		}
		const {asked} = enriched;
		const controller = enriched.controller!;
		const queue = ids.filter((id) => !asked.has(id));
		for (const id of queue) asked.add(id);
		const worker = async (): Promise<void> => {
			for (let id = queue.shift(); id !== undefined && !controller.signal.aborted; id = queue.shift()) {
				try {
					const user = await provider.getUser(id, {signal: controller.signal});
					if (!controller.signal.aborted) dispatch({type: 'lookup/enrich', searchId, user});
				} catch {
					asked.delete(id); // a row whose status could not be read stays blank; no error for a nicety
				}
			}
		};
		void Promise.all([worker(), worker(), worker(), worker()]);
	};

	const runChange = (id: number, pending: Pending): void => {
		const name = pending.input.user.name;
		runOperation(provider, pending, {onWait}).then(
			(done) =>
				dispatch({
					type: 'command/done',
					id,
					line: resultLine(done, name),
					now: Date.now(),
					...(done.secret ? {secret: secretOverlay(done, pending)} : {}),
					...(done.gone ? {gone: true} : {}),
					...(done.negative ? {negative: true} : {}),
					...(done.then ? {then: done.then} : {}),
					...(done.verified ? {verified: done.verified} : {}),
				}),
			(error: unknown) => {
				const e = toApiError(error);
				const what = titleOf(pending);
				const line = e.outcomeUnknown
					? `? outcome unknown, refreshed to show what the backend now holds: ${what} — ${e.message}`
					: `✗ ${what} failed: ${fieldErrors(e) ?? e.summary}${errorHint(e, 'user') ? ` — ${errorHint(e, 'user')}` : ''}${e.requestId ? ` · request ${e.requestId}` : ''}`;
				dispatch({type: 'command/failed', id, line, now: Date.now()});
			},
		);
	};

	/** Tails the user's trail until unfollowed: each poll (empty ones too) is answered, a failure stops it. */
	const follow = (userId: string, since: string, seen: readonly string[]): void => {
		following?.abort();
		const controller = new AbortController();
		following = controller;
		void (async () => {
			try {
				for await (const poll of followTrail(provider, userId, {since, seen, signal: controller.signal, onWait})) {
					if (controller.signal.aborted) return;
					dispatch({type: 'trail/poll', userId, events: poll.events, at: poll.at});
				}
			} catch (error) {
				if (!controller.signal.aborted) dispatch({type: 'trail/followFailed', userId, error: toApiError(error)});
			}
		})();
	};

	const writes = (op: 'unlock' | 'lock'): void => {
		const done = op === 'unlock' ? provider.unlockWrites() : provider.lockWrites().then(() => null);
		done.then(
			(until) =>
				dispatch({
					type: 'writes',
					readOnly: provider.isReadOnly,
					until,
					now: Date.now(),
					flash:
						until === null
							? {text: 'Writes locked: the profile is read-only again (journaled)', tone: 'info'}
							: {text: `Writes allowed until ${clock(until)} (journaled); W locks them sooner`, tone: 'ok'},
				}),
			(error: unknown) => flash(`✗ Writes stay locked: ${error instanceof Error ? error.message : String(error)}`, 'error'),
		);
	};

	const exportSummary = (all: boolean): void => {
		const {output} = host;
		if (!output) return flash('Nowhere to copy to in this mode', 'info');
		const state = getState();
		const view = state.user;
		if (!view) return;
		const user = dataOf(view.data.details) ?? view.summary;
		if (!user) return flash('The user is not loaded yet', 'info');
		try {
			const now = Date.now();
			const text = incidentSummary({
				user,
				sessions: dataOf(view.data.sessions) ?? null,
				passkeys: dataOf(view.data.passkeys) ?? null,
				mfa: dataOf(view.data.mfa) ?? null,
				memberships: dataOf(view.data.memberships) ?? null,
				// The same figure and findings the screen shows, evidence seen before an action here included.
				lastSignIn: ((l) => ({at: l.at, source: SOURCE_WORDS[l.source]}))(lastSignIn(view)),
				findings: viewFindings(view, provider.kind, state.caps, now).map((f) => ({text: f.action ? `${f.text} → ${stepText(f.action)}` : f.text, events: f.cites ?? []})),
				// Only the actions on this user, unless asked for all of them (`:summary all`).
				history: state.history.filter((h) => all || h.userId === view.id).map((h) => h.line),
				backend: `${provider.label} · ${provider.host}`,
				profile: host.profile,
				operator: host.operator ?? null,
				version: VERSION,
				now,
			});
			const stampText = new Date(now).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
			const path = output.save(`${stampText}-${user.email ?? user.login ?? user.id}`, text);
			const copied = output.copy(text);
			flash(
				copied.sent
					? `Summary sent to the terminal's clipboard (${copied.via}; paste to check it arrived) and saved: ${path}`
					: `Summary saved: ${path} (not on the clipboard: ${copied.why})`,
				copied.sent ? 'ok' : 'info',
			);
		} catch (error) {
			flash(`✗ Could not write the summary: ${error instanceof Error ? error.message : String(error)}`, 'error');
		}
	};

	const copy = (text: string, what: string): void => {
		if (!host.output) return flash('Nowhere to copy to in this mode', 'info');
		try {
			const copied = host.output.copy(text);
			if (copied.sent) flash(`Sent the ${what} to the terminal's clipboard (${copied.via}; paste to check it arrived): ${text}`, 'ok');
			else flash(`The ${what} is ${text} (not sent to the clipboard: ${copied.why})`, 'info');
		} catch (error) {
			flash(`✗ Could not copy: ${error instanceof Error ? error.message : String(error)}`, 'error');
		}
	};

	return {
		run(effect) {
			if (disposed) return;
			switch (effect.type) {
				case 'search': {
					search?.abort();
					const controller = new AbortController();
					search = controller;
					void runSearch(effect.searchId, effect.query, controller.signal);
					return;
				}
				case 'cancelSearch':
					search?.abort();
					search = null;
					return;
				case 'typed':
					// Opens the backend connections while the operator types, so the search and the user view after it skip
					// the TCP and TLS handshakes: at most once per query typed, however many keys follow.
					if (warmedFor !== effect.searchId) {
						warmedFor = effect.searchId;
						// warm() never rejects; this guards against one that throws anyway: a warm-up must not reach the UI.
						void Promise.resolve()
							.then(() => provider.warm())
							.catch(() => undefined);
					}
					searchAhead(effect.query.trim());
					return;
				case 'enrich':
					return enrich(effect.searchId, effect.ids);
				case 'load':
					return load(effect.userId, effect.key, effect.nonce);
				case 'run':
					return runChange(effect.id, effect.pending);
				case 'follow':
					return follow(effect.userId, effect.since, effect.seen);
				case 'unfollow':
					following?.abort();
					following = null;
					return;
				case 'activity':
					provider.recentActivity(500).then(
						(items) => dispatch({type: 'activity/done', nonce: effect.nonce, items, now: Date.now()}),
						(error: unknown) => dispatch({type: 'activity/failed', nonce: effect.nonce, error: toApiError(error)}),
					);
					return;
				case 'writes':
					return writes(effect.op);
				case 'writesTimer':
					if (writesTimer) clearTimeout(writesTimer);
					writesTimer = null;
					if (effect.until === null) return;
					// The guard refuses writes from that moment by itself, whatever the screen shows; this tells the screen.
					writesTimer = setTimeout(
						() =>
							dispatch({
								type: 'writes',
								readOnly: provider.isReadOnly,
								until: null,
								now: Date.now(),
								flash: {text: 'The write unlock ran out: the profile is read-only again', tone: 'info'},
							}),
						Math.max(0, effect.until - Date.now()) + 50,
					);
					return;
				case 'summary':
					return exportSummary(effect.all);
				case 'copy':
					return copy(effect.text, effect.what);
				case 'switchProfile':
					if (!host.switchProfile) return flash('No other profile to switch to here', 'info');
					void host.switchProfile(effect.name).then((problem) => problem && !disposed && flash(problem, 'error'));
					return;
				case 'saveRecent':
					host.recent?.save(effect.recent);
					return;
				case 'record':
					host.onRecord?.(effect.line);
					return;
				case 'ticker':
					if (ticker) clearInterval(ticker);
					ticker = effect.on ? setInterval(() => dispatch({type: 'tick', now: Date.now()}), 1000) : null;
					return;
				case 'quit':
					host.onQuit(getState());
					return;
			}
		},
		dispose() {
			disposed = true;
			search?.abort();
			prefetch.drop();
			for (const running of loads.values()) running.controller.abort();
			enriched.controller?.abort();
			following?.abort();
			for (const timer of [aheadTimer, gather.timer, writesTimer]) if (timer) clearTimeout(timer);
			if (ticker) clearInterval(ticker);
		},
	};
}

/** "✓ Revoked session 59… of Jane Okafor at 12:01:07 UTC · request abc": what happened, when, and its request id. */
function resultLine(done: Done, name: string): string {
	const rid = done.outcome.requestId ? ` · request ${done.outcome.requestId}` : '';
	// A verification says its own time (when the answer came); others, when the change was made.
	const at = done.verified || done.negative || done.then ? '' : ` at ${clock(Date.parse(done.outcome.at))}`;
	return `${done.negative ? '✗' : '✓'} ${done.text(name)}${at}${rid}${done.next ? `; ${done.next}` : ''}`;
}

/** The view that shows a change's one-time value, once. */
function secretOverlay(done: Done, pending: Pending): Overlay | undefined {
	const secret = done.secret;
	if (!secret) return undefined;
	switch (secret.kind) {
		case 'totp':
			return {type: 'totp', enrollment: secret.enrollment, user: pending.input.user, input: '', error: null};
		case 'codes':
			return {type: 'codes', codes: secret.codes, user: pending.input.user};
		case 'links':
			return {type: 'reveal', title: secret.title, items: secret.items};
	}
}
