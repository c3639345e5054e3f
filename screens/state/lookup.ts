/** The lookup: typing a query, searching, moving over the results, recent lookups, opening a user. */
import {exactMatch, rankUsers} from '../../src/api/search.js';
import {pageWindow} from '../components/windowed.js';
import type {ActionId} from '../keymap.js';
import {MOVES, moveSelection} from './moves.js';
import {openUser} from './user-view.js';
import type {LookupState, State, Step} from './types.js';

/** Matches a lookup lists at most: past this the list says "1,000+", not a total it does not know. */
export const LOOKUP_MAX = 1_000;

/** How many earlier lookups are kept and offered. */
export const RECENT_MAX = 10;

/** Result rows on screen for a terminal of `rows` rows (app chrome, then prompt, status and column header). */
export function lookupListHeight(rows: number): number {
	return Math.max(1, rows - 1 - 4 - 3);
}

/** An empty lookup field offers the recent lookups (instead of the last results). */
export function offersRecentLookups(lookup: LookupState): boolean {
	return lookup.focus === 'input' && lookup.input === '' && lookup.recent.length > 0;
}

export function startLookup(state: State, query: string, openExact: boolean): Step {
	const recent = [query, ...state.lookup.recent.filter((q) => q !== query)].slice(0, RECENT_MAX);
	const searchId = state.lookup.searchId + 1;
	const next: State = {
		...state,
		lookup: {...state.lookup, recent, recentSelected: -1, input: query, query, status: 'searching', results: [], selected: 0, error: null, searchId, openExact, capped: false},
	};
	return [next, [{type: 'search', searchId, query}, ...(recent.join('\n') !== state.lookup.recent.join('\n') ? [{type: 'saveRecent', recent} as const] : [])]];
}

export function onLookupKey(state: State, action: ActionId, page: number): Step {
	const {lookup} = state;
	// An empty field offers the recent lookups: ↑/↓ pick one, Enter runs it.
	const offersRecent = offersRecentLookups(lookup);
	if (offersRecent && MOVES.has(action)) {
		const last = lookup.recent.length - 1;
		const at = action === 'list/down' ? Math.min(last, lookup.recentSelected + 1) : action === 'list/up' ? Math.max(-1, lookup.recentSelected - 1) : lookup.recentSelected;
		return [{...state, lookup: {...lookup, recentSelected: at}}, []];
	}
	if (offersRecent && action === 'nav/open' && lookup.recentSelected >= 0) {
		const query = lookup.recent[lookup.recentSelected];
		return query ? startLookup(state, query, true) : [state, []];
	}
	if (MOVES.has(action)) {
		const selected = moveSelection(lookup.selected, lookup.results.length, action, page);
		return [{...state, lookup: {...lookup, selected}}, []];
	}
	switch (action) {
		case 'nav/open': {
			const input = lookup.input.trim();
			if (lookup.focus === 'input' && input !== '' && (input !== lookup.query || lookup.status === 'error')) return startLookup(state, input, true);
			const user = lookup.results[lookup.selected];
			if (!user) return [state, []];
			return openUser(state, user.id, user);
		}
		case 'lookup/focus':
			return [{...state, lookup: {...lookup, focus: 'input'}}, []];
		case 'nav/back':
			// Esc during a search stops it (a hung backend must not hold the lookup); the query stays to edit.
			if (lookup.status === 'searching') {
				const stopped: State = {...state, lookup: {...lookup, status: 'idle', query: '', results: [], searchId: lookup.searchId + 1, focus: 'input'}, flash: {text: `Search for "${lookup.query}" stopped: nothing more is asked of the backend`, tone: 'info'}, wait: null};
				return [stopped, [{type: 'cancelSearch'}]];
			}
			return [lookup.results.length > 0 ? {...state, lookup: {...lookup, focus: 'results'}} : {...state, lookup: {...lookup, input: ''}}, []];
		default:
			return [state, []];
	}
}

/** A page of matches, the end of a search, its failure, a row's status learned later. */
export function onSearchAnswer(state: State, action: Extract<import('./types.js').Action, {type: `lookup/${string}`}>): Step {
	if (action.searchId !== state.lookup.searchId) return [state, []];
	const {lookup} = state;
	switch (action.type) {
		case 'lookup/page':
			return [{...state, lookup: {...lookup, results: rankUsers([...lookup.results, ...action.users], lookup.query)}}, []];
		case 'lookup/done': {
			const done: State = {...state, lookup: {...lookup, status: 'done', focus: lookup.results.length > 0 ? 'results' : 'input', capped: action.capped === true}};
			const exact = exactMatch(lookup.results, lookup.query);
			if (lookup.openExact && exact && state.screen === 'lookup') return openUser(done, exact.id, exact);
			return [done, []];
		}
		case 'lookup/enrich': {
			const results = lookup.results.map((u) => (u.id === action.user.id ? {...u, status: action.user.status, statusText: action.user.statusText} : u));
			return [{...state, lookup: {...lookup, results}}, []];
		}
		case 'lookup/failed':
			return [{...state, lookup: {...lookup, status: 'error', error: action.error}}, []];
	}
}

/**
 * The rows of the current result page whose status is not known yet (Wacht's lists carry none, yet "disabled" is
 * often the whole answer): fetched once a search is done, and for each page the selection moves to.
 */
export function rowsToEnrich(state: State): readonly string[] {
	const {lookup} = state;
	if (state.screen !== 'lookup' || lookup.status !== 'done') return [];
	// The same window the screen draws (the last page is pulled back to end at the last row).
	const win = pageWindow(lookup.selected, lookup.results.length, lookupListHeight(state.rows));
	return lookup.results.slice(win.start, win.end).flatMap((u) => (u.status === null ? [u.id] : []));
}
