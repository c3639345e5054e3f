/** The user view: opening a user, loading and reloading what its tabs show, moving between tabs and rows. */
import {isLoadable} from '../../src/api/user-data.js';
import {USER_DATA_KEYS, type UserData, type UserDataKey, type UserSummary} from '../../src/api/types.js';
import type {ActionId} from '../keymap.js';
import {MOVES, moveSelection} from './moves.js';
import {changedBy, type OutcomeFilter} from '../../src/api/trail.js';
import type {AuditEvent} from '../../src/api/types.js';
import {dataOf, failed, idle, loading, type Resource} from './resource.js';
import {clampSelection, rowCount, visibleEvents} from './rows.js';
import {TABS, type Action, type Effect, type State, type Step, type TabId, type UserRef, type UserResources, type UserView} from './types.js';

const NO_TRAIL = {events: [], since: '', until: '', capped: false} as const;

const perTab = <T>(value: T): Record<TabId, T> => ({sessions: value, passkeys: value, mfa: value, memberships: value, profile: value, trail: value});

const OUTCOMES: readonly (OutcomeFilter | null)[] = [null, 'failure', 'deny', 'success'];

/** Who a view is about, as the operator sees them now. */
export function userRef(view: UserView): UserRef {
	const s = dataOf(view.data.details) ?? view.summary;
	return {id: view.id, name: s?.displayName ?? view.id, email: s?.email ?? null, login: s?.login ?? null};
}

/** Opens a user: every tab the backend can load starts loading, in parallel. */
export function openUser(state: State, id: string, summary: UserSummary | null): Step {
	const current = state.user;
	const previousUser = current && current.id !== id ? {id: current.id, summary: dataOf(current.data.details) ?? current.summary} : state.previousUser;
	const n = (current?.nonce.details ?? 0) + 1;
	// Data a backend cannot give is "loaded, empty" from the start, so no request is made for it.
	const empty = {status: 'ok', data: [], at: 0} as const;
	const data: UserResources = {
		details: loading(idle),
		sessions: isLoadable(state.caps, 'sessions') ? loading(idle) : empty,
		grants: isLoadable(state.caps, 'grants') ? loading(idle) : empty,
		tokens: isLoadable(state.caps, 'tokens') ? loading(idle) : {status: 'ok', data: {clientIds: [], tokens: []}, at: 0},
		passkeys: loading(idle),
		mfa: loading(idle),
		memberships: loading(idle),
		// Wacht keeps no trail: its tab shows the sign-ins list instead.
		events: isLoadable(state.caps, 'events') ? loading(idle) : {status: 'ok', data: NO_TRAIL, at: 0},
	};
	const user: UserView = {
		id,
		summary,
		data,
		sessionsMode: isLoadable(state.caps, 'sessions') ? 'sessions' : 'grants',
		lifecycle: [],
		tab: 'sessions',
		selected: perTab(0),
		filter: perTab(''),
		showExpired: false,
		trailMode: isLoadable(state.caps, 'events') ? 'events' : 'sessions',
		outcome: null,
		follow: null,
		gone: [],
		nonce: {details: n, sessions: n, grants: n, tokens: n, passkeys: n, mfa: n, memberships: n, events: n},
	};
	const loads: Effect[] = USER_DATA_KEYS.filter((key) => isLoadable(state.caps, key)).map((key) => ({type: 'load', userId: id, key, nonce: n}));
	// A result line about someone else does not follow the operator to this user.
	const flash = state.flash?.userId !== undefined && state.flash.userId !== id ? null : state.flash;
	return [{...state, screen: 'user', user, overlay: {type: 'none'}, previousUser, flash}, loads];
}

/** Reads `keys` of the open user again (what the backend cannot load is skipped); older answers are dropped. */
export function reload(state: State, keys: readonly UserDataKey[]): Step {
	const view = state.user;
	const loadable = keys.filter((key) => isLoadable(state.caps, key));
	if (!view || loadable.length === 0) return [state, []];
	const nonce = {...view.nonce};
	const data: Record<UserDataKey, Resource<unknown>> = {...view.data};
	for (const key of loadable) {
		nonce[key] += 1;
		data[key] = loading(view.data[key] as Resource<unknown>);
	}
	const effects: Effect[] = loadable.map((key) => ({type: 'load', userId: view.id, key, nonce: nonce[key]}));
	return [{...state, user: {...view, data: data as unknown as UserResources, nonce}}, effects];
}

/** An answer for one tab: kept when it is for the view and load still current, dropped otherwise. */
export function onLoadAnswer(state: State, action: Extract<Action, {type: 'load/done' | 'load/failed'}>): Step {
	const view = state.user;
	if (!view || view.id !== action.userId || view.nonce[action.key] !== action.nonce) return [state, []];
	// Another tab's read may still be waiting: its notice stays until its own answer.
	const wait = state.wait?.source === undefined || state.wait.source === action.key ? null : state.wait;
	if (action.type === 'load/failed') {
		const current = view.data[action.key] as Resource<unknown>;
		return [{...state, user: {...view, data: {...view.data, [action.key]: failed(current, action.error)}}, wait}, []];
	}
	const resource: Resource<UserData[typeof action.key]> = {status: 'ok', data: action.data, at: action.now};
	const gone = action.key === 'sessions' ? goneSessions(view, action.data as UserData['sessions'], action.now) : view.gone;
	const next: UserView = {...view, data: {...view.data, [action.key]: resource}, lifecycle: action.lifecycle ?? view.lifecycle, gone};
	return [{...state, user: clampSelection(next), wait}, []];
}

/** The sign-ins listed before and missing now join those already gone; one that is back is not gone. */
function goneSessions(view: UserView, sessions: UserData['sessions'], now: number): UserView['gone'] {
	const before = dataOf(view.data.sessions);
	if (!before || before.length === 0) return view.gone;
	const listed = new Set(sessions.map((s) => s.id));
	const kept = view.gone.filter((g) => !listed.has(g.session.id));
	const known = new Set(kept.map((g) => g.session.id));
	const missing = before.filter((s) => !listed.has(s.id) && !known.has(s.id)).map((session) => ({session, at: now}));
	return missing.length === 0 && kept.length === view.gone.length ? view.gone : [...kept, ...missing];
}

/** Keys that only look or move around the view; null when `action` is not one of them. */
export function onViewKey(state: State, view: UserView, action: ActionId, page: number): Step | null {
	if (MOVES.has(action)) {
		const selected = moveSelection(view.selected[view.tab], rowCount(view), action, page);
		return [{...state, user: {...view, selected: {...view.selected, [view.tab]: selected}}}, []];
	}
	const tabIndex = TABS.indexOf(view.tab);
	const toTab = (tab: TabId): Step => [{...state, user: {...view, tab}}, []];
	switch (action) {
		case 'nav/back':
			// Following stops first, then a filter is cleared; the next Esc leaves the user.
			if (view.follow) return [{...state, user: {...view, follow: null}, flash: {text: 'Stopped following the trail', tone: 'info'}}, []];
			if (view.tab === 'trail' && view.outcome !== null) return [{...state, user: clampSelection({...view, outcome: null})}, []];
			if (view.filter[view.tab] !== '') return [{...state, user: clampSelection({...view, filter: {...view.filter, [view.tab]: ''}})}, []];
			return [{...state, screen: 'lookup', lookup: {...state.lookup, focus: state.lookup.results.length > 0 ? 'results' : 'input'}}, []];
		case 'tab/next':
			return toTab(TABS[(tabIndex + 1) % TABS.length]!);
		case 'tab/prev':
			return toTab(TABS[(tabIndex + TABS.length - 1) % TABS.length]!);
		case 'tab/1':
		case 'tab/2':
		case 'tab/3':
		case 'tab/4':
		case 'tab/5':
		case 'tab/6':
			return toTab(TABS[Number(action.slice(4)) - 1]!);
		case 'list/filter':
			return [{...state, overlay: {type: 'filter', input: view.filter[view.tab]}}, []];
		case 'data/refresh':
			return reload({...state, flash: null}, USER_DATA_KEYS);
		case 'trail/outcome': {
			const outcome = OUTCOMES[(OUTCOMES.indexOf(view.outcome) + 1) % OUTCOMES.length] ?? null;
			return [{...state, user: clampSelection({...view, outcome, selected: {...view.selected, trail: 0}})}, []];
		}
		case 'trail/follow':
			return toggleFollow(state, view);
		case 'nav/open': {
			if (view.tab !== 'trail' || view.trailMode !== 'events') return null;
			const event = visibleEvents(view)[view.selected.trail];
			return event ? [{...state, overlay: {type: 'event', event, scroll: 0}}, []] : [state, []];
		}
		case 'session/toggleExpired':
			return [{...state, user: clampSelection({...view, showExpired: !view.showExpired})}, []];
		default:
			return null;
	}
}

/** `f`: follow the trail from its newest event (what is listed is not listed again), or stop. */
function toggleFollow(state: State, view: UserView): Step {
	if (view.follow) return [{...state, user: {...view, follow: null}, flash: {text: 'Stopped following the trail', tone: 'info'}}, []];
	const trail = dataOf(view.data.events);
	if (!trail) return [{...state, flash: {text: 'The trail is still loading: follow it once it is listed', tone: 'info'}}, []];
	const newest = trail.events[0]?.at ?? trail.until;
	const effect: Effect = {type: 'follow', userId: view.id, since: newest || new Date(state.now).toISOString(), seen: trail.events.map((e) => e.id)};
	return [{...state, user: {...view, follow: {lastPollAt: null}}, flash: null}, [effect]];
}

/** A poll of the followed trail: its new events go on top (newest first); the poll time is what the tab shows. */
export function onTrailPoll(state: State, action: Extract<Action, {type: 'trail/poll' | 'trail/followFailed'}>): Step {
	const view = state.user;
	if (!view || view.id !== action.userId || !view.follow) return [state, []];
	if (action.type === 'trail/followFailed') {
		return [{...state, user: {...view, follow: null}, flash: {text: `✗ Stopped following the trail: ${action.error.summary}`, tone: 'error', userId: view.id}}, []];
	}
	const trail = dataOf(view.data.events);
	const follow = {lastPollAt: action.at};
	if (!trail || action.events.length === 0) return [{...state, now: action.at, user: {...view, follow}}, []];
	const known = new Set(trail.events.map((e) => e.id));
	const added: AuditEvent[] = action.events.filter((e) => !known.has(e.id)).reverse();
	const events = {...trail, events: [...added, ...trail.events], until: new Date(action.at).toISOString()};
	// The selection stays on the row it was on.
	const selected = view.tab === 'trail' && view.selected.trail > 0 ? view.selected.trail + added.length : view.selected.trail;
	const data = {...view.data, events: {status: 'ok' as const, data: events, at: action.at}};
	const next = {...state, now: action.at, user: clampSelection({...view, data, follow, selected: {...view.selected, trail: selected}})};
	// A change made elsewhere (another console, a script) shows in the trail first: what it changed is read again.
	const changed = [...new Set(added.flatMap(changedBy))];
	return changed.length > 0 ? reload(next, changed) : [next, []];
}
