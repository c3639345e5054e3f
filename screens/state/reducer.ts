/**
 * The reducer: (state, action) → [state, effects]. Pure: no React, no I/O, no clock (the time arrives in the
 * action). Keys are resolved here against the state they act on, so a handler never acts on stale data, and the
 * target of a change is copied into its dialog when it opens: a refresh cannot change it. The scopes below
 * (lookup, user view, operations, overlays, the prompt, text editing) each return their own effects; what follows
 * from a transition itself (the operator edited the query, a countdown appeared) is added here, once.
 */
import type {Capabilities} from '../../src/api/provider.js';
import {effectiveCapabilities} from '../../src/operations/index.js';
import {operationBinding, resolveKey, type ActionId} from '../keymap.js';
import {scopesOf, TEXT_SCOPES} from './scopes.js';
import {copySelectedId, goBack, openActivity, openHelp, openProfiles, summary, toggleWrites} from './app-keys.js';
import {editLine} from './line-edit.js';
import {onLookupKey, onSearchAnswer, rowsToEnrich, startLookup} from './lookup.js';
import {onCommandAnswer, refuse, startOperations} from './operations.js';
import {onOverlayKey} from './overlays.js';
import {reload, onLoadAnswer, onTrailPoll, onViewKey} from './user-view.js';
import {failed} from './resource.js';
import type {Action, Effect, ProfileChoice, State, Step} from './types.js';

export interface InitOptions {
	readonly caps: Capabilities;
	readonly readOnly?: boolean;
	readonly confirmWith?: 'email' | 'login';
	readonly query?: string;
	readonly confirmGuardMs?: number;
	readonly isProtected?: boolean;
	/** Minutes an approved caller verification counts on a `verify_caller` profile; null/absent: no such rule. */
	readonly verifyCallerMinutes?: number | null;
	readonly profiles?: readonly ProfileChoice[];
	readonly writes?: {readonly minutes: number; readonly until: number | null} | null;
	readonly writesNote?: string;
	readonly recent?: readonly string[];
	readonly now?: number;
	readonly rows?: number;
	readonly columns?: number;
	/** A line to show at once (the host's word on a profile switch). */
	readonly flash?: State['flash'];
}

/** The first state, and what to do at once (a query given on the command line is searched). */
export function initialState(options: InitOptions): Step {
	const query = options.query?.trim() ?? '';
	const base: State = {
		screen: 'lookup',
		lookup: {input: query, focus: 'input', query: '', status: 'idle', results: [], selected: 0, error: null, searchId: 0, openExact: false, capped: false, recent: options.recent ?? [], recentSelected: -1},
		user: null,
		overlay: {type: 'none'},
		command: {status: 'idle'},
		commandSeq: 0,
		flash: options.flash ?? null,
		wait: null,
		caps: options.caps,
		readOnly: options.readOnly ?? false,
		history: [],
		confirmWith: options.confirmWith ?? 'email',
		confirmGuardMs: options.confirmGuardMs ?? 300,
		isProtected: options.isProtected ?? false,
		callerCheck: options.verifyCallerMinutes ? {minutes: options.verifyCallerMinutes, verified: {}} : null,
		profiles: options.profiles ?? [],
		// A copy: the guard's `until` is read live, and the state must only change through actions.
		writes: options.writes ? {minutes: options.writes.minutes, until: options.writes.until} : null,
		writesNote: options.writesNote ?? 'writes are allowed on this profile',
		previousUser: null,
		now: options.now ?? 0,
		rows: options.rows ?? 24,
		columns: options.columns ?? 80,
	};
	return query ? startLookup(base, query, true) : [base, []];
}

/** The capabilities as the screens show them: every change 'read-only mode' while writes are locked. */
export const shownCapabilities = (state: State): Capabilities => effectiveCapabilities(state.caps, state.readOnly);

export {scopesOf};

export function reducer(state: State, action: Action): Step {
	const [next, effects] = reduce(state, action);
	const derived = transitions(state, next);
	return derived.length === 0 ? [next, effects] : [next, [...effects, ...derived]];
}

function reduce(state: State, action: Action): Step {
	switch (action.type) {
		case 'input': {
			// Each key of a burst is resolved against the state the previous one produced.
			let step: Step = [{...state, now: action.now}, []];
			const isBurst = action.names.length > 1;
			for (const name of action.names) {
				const [current, done] = step;
				const scopes = scopesOf(current);
				const id = resolveKey(name, scopes, isBurst);
				const [after, more] = id ? onKey(current, id, action.now, action.page) : scopes.some((s) => TEXT_SCOPES.has(s)) ? onEdit(current, name) : [current, []];
				step = [after, [...done, ...more]];
			}
			return step;
		}
		case 'key':
			return onKey({...state, now: action.now}, action.action, action.now, action.page);
		case 'resize':
			return [{...state, rows: action.rows, columns: action.columns}, []];
		case 'tick':
			return [{...state, now: action.now}, []];
		case 'lookup/page':
		case 'lookup/done':
		case 'lookup/failed':
		case 'lookup/enrich':
			return onSearchAnswer(state, action);
		case 'load/done':
		case 'load/failed':
			return onLoadAnswer({...state, now: action.type === 'load/done' ? action.now : state.now}, action);
		case 'command/done':
		case 'command/failed':
			return onCommandAnswer(state, action);
		case 'trail/poll':
		case 'trail/followFailed':
			return onTrailPoll(state, action);
		case 'wait':
			return [{...state, now: action.now, wait: action.notice ? {...action.notice, until: action.now + action.notice.ms, givesUpAt: action.now + action.notice.givesUpInMs, ...(action.source ? {source: action.source} : {})} : null}, []];
		case 'flash':
			return [{...state, flash: action.flash}, []];
		case 'writes': {
			// A dialog asking for a change cannot outlive the unlock it was opened under: it closes, nothing sent.
			const asking = state.overlay.type === 'confirm' || state.overlay.type === 'form' || state.overlay.type === 'menu';
			const closes = action.readOnly && !state.readOnly && asking;
			const flash = closes ? {text: `${action.flash.text}; the open dialog was closed and nothing was sent`, tone: action.flash.tone} : action.flash;
			const next: State = {
				...state,
				now: action.now,
				readOnly: action.readOnly,
				writes: state.writes ? {...state.writes, until: action.until} : null,
				flash,
				overlay: closes ? {type: 'none'} : state.overlay,
			};
			// Lifecycle actions come with the user's details and depend on whether writes are allowed.
			return reload(next, ['details']);
		}
		case 'activity/done':
		case 'activity/failed': {
			const {overlay} = state;
			if (overlay.type !== 'activity' || overlay.nonce !== action.nonce) return [state, []];
			const items = action.type === 'activity/done' ? ({status: 'ok', data: action.items, at: action.now} as const) : failed(overlay.items, action.error);
			return [{...state, overlay: {...overlay, items}}, []];
		}
	}
}

function onKey(state: State, action: ActionId, now: number, page: number): Step {
	if (action === 'app/quit') return [state, [{type: 'quit'}]];
	const {overlay} = state;
	if (overlay.type !== 'none') return onOverlayKey(state, overlay, action, now);
	switch (action) {
		case 'app/help':
			return openHelp(state);
		case 'app/profiles':
			return openProfiles(state);
		case 'app/activity':
			return openActivity(state);
		case 'app/command':
			return [{...state, overlay: {type: 'command', input: '', error: null}}, []];
		case 'app/writes':
			return toggleWrites(state, now);
		case 'export/copyId':
			return copySelectedId(state);
		case 'nav/previous':
			return goBack(state);
		case 'export/summary':
			return summary(state);
		default:
			break;
	}
	if (state.screen === 'lookup') return onLookupKey(state, action, page);
	const view = state.user;
	if (!view) return [state, []];
	const moved = onViewKey(state, view, action, page);
	if (moved) return moved;
	const binding = operationBinding(action);
	if (binding) return startOperations(state, view, binding, now);
	return refuse(state, 'nothing to do here');
}

/** Feeds a key that no binding took to the text field that has focus. */
function onEdit(state: State, name: string): Step {
	const {overlay} = state;
	// `:` and `?` in an empty lookup field open the prompt and the help: no email, id, login or name starts with one
	// (after a character they are typed, for a query that needs them).
	if (name === ':' && overlay.type === 'none' && state.lookup.input === '') return [{...state, overlay: {type: 'command', input: '', error: null}}, []];
	if (name === '?' && overlay.type === 'none' && state.screen === 'lookup' && state.lookup.input === '') return openHelp(state);
	const hasInput = overlay.type === 'confirm' || overlay.type === 'form' || overlay.type === 'filter' || overlay.type === 'totp' || overlay.type === 'command' || overlay.type === 'unlock';
	const value = editLine(hasInput ? overlay.input : state.lookup.input, name);
	if (value === null) return [state, []];
	if (hasInput) {
		const error = overlay.type === 'filter' ? {} : {error: null};
		return [{...state, overlay: {...overlay, input: value, ...error}}, []];
	}
	if (overlay.type === 'none' && state.screen === 'lookup') return [{...state, lookup: {...state.lookup, input: value}}, []];
	return [state, []];
}

/** What follows from a transition itself, whichever scope made it. */
function transitions(before: State, after: State): Effect[] {
	const effects: Effect[] = [];
	// An edit of the query (not a search starting or ending, which leaves the text as it was).
	if (after.lookup.input !== before.lookup.input && after.screen === 'lookup' && after.lookup.input !== '') {
		effects.push({type: 'typed', query: after.lookup.input, searchId: after.lookup.searchId});
	}
	const enrich = rowsToEnrich(after);
	if (enrich.length > 0 && enrich.join() !== rowsToEnrich(before).join()) effects.push({type: 'enrich', searchId: after.lookup.searchId, ids: enrich});
	// Following the trail ticks too: "last poll 3s ago" stays true.
	const ticking = (s: State): boolean => s.wait !== null || (s.writes?.until ?? null) !== null || Boolean(s.user?.follow);
	if (ticking(after) !== ticking(before)) effects.push({type: 'ticker', on: ticking(after)});
	// A followed trail whose view stopped following, or left the user, stops polling.
	const following = (s: State): string | null => (s.screen === 'user' && s.user?.follow ? s.user.id : null);
	if (following(before) !== null && following(after) !== following(before)) effects.push({type: 'unfollow'});
	const until = after.writes?.until ?? null;
	if (until !== (before.writes?.until ?? null)) effects.push({type: 'writesTimer', until});
	return effects;
}
