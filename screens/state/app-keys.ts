/** Keys that work everywhere: profiles, Activity, time-boxed writes, copying, the incident summary, `-`. */
import type {ActivityItem} from '../../src/api/journal.js';
import {idle, loading, type Resource} from './resource.js';
import {selectedId} from './rows.js';
import {refuse} from './operations.js';
import {openUser} from './user-view.js';
import type {State, Step} from './types.js';
import {scopesOf} from './scopes.js';

/** `?`: the cheat sheet, the keys of the screen it is opened on first. */
export function openHelp(state: State): Step {
	return [{...state, overlay: {type: 'help', under: scopesOf(state), scroll: 0}}, []];
}

/** `-`: back to the user viewed before this one (and, pressed again, forth). */
export function goBack(state: State): Step {
	const previous = state.previousUser;
	if (!previous) return refuse(state, 'no earlier user in this run to go back to');
	if (state.command.status === 'running') return refuse(state, 'wait for the running action to finish');
	return openUser(state, previous.id, previous.summary);
}

export function copySelectedId(state: State): Step {
	const selected = selectedId(state);
	if (!selected) return refuse(state, 'nothing selected to copy');
	return [state, [{type: 'copy', text: selected.id, what: selected.what}]];
}

export function summary(state: State, all = false): Step {
	if (state.screen !== 'user' || !state.user) return refuse(state, 'open a user first: the summary is about one user');
	return [state, [{type: 'summary', all}]];
}

/** W: on a read-only profile, ask for the profile name and unlock writes for a while; W again locks at once. */
export function toggleWrites(state: State, now: number): Step {
	if (!state.writes) return refuse(state, state.writesNote);
	if (state.writes.until !== null && state.writes.until > now) return [{...state, flash: {text: 'Locking writes…', tone: 'info'}}, [{type: 'writes', op: 'lock'}]];
	if (state.command.status === 'running') return refuse(state, 'wait for the running action to finish');
	return [{...state, overlay: {type: 'unlock', input: '', error: null}, flash: null}, []];
}

export function openProfiles(state: State): Step {
	if (state.profiles.length === 0) return refuse(state, 'no other profile: add some to the config file (see README, Configuration)');
	const current = Math.max(0, state.profiles.findIndex((p) => p.current));
	return [{...state, overlay: {type: 'profiles', selected: current}, flash: null}, []];
}

export function openActivity(state: State): Step {
	const nonce = (state.overlay.type === 'activity' ? state.overlay.nonce : 0) + 1;
	const previous = state.overlay.type === 'activity' ? state.overlay.items : (idle as Resource<readonly ActivityItem[]>);
	return [{...state, overlay: {type: 'activity', items: loading(previous), selected: 0, nonce}, flash: null}, [{type: 'activity', nonce}]];
}

export function requestSwitch(state: State, name: string): Step {
	const current = state.profiles.find((p) => p.current);
	if (current?.name === name) return [{...state, flash: {text: `Already on profile ${name}`, tone: 'info'}}, []];
	if (state.command.status === 'running') return refuse(state, 'wait for the running action to finish before switching profile');
	return [{...state, flash: {text: `Connecting to profile ${name}…`, tone: 'info'}}, [{type: 'switchProfile', name}]];
}
