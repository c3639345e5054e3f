/** Keys while an overlay is up: dialogs, menus, text forms, secret views, the profile list, Activity, the prompt. */
import {titleOf} from '../../src/operations/index.js';
import {eventRecord, recordText} from '../../src/diagnosis/event-words.js';
import {helpHeight, helpLines} from '../help.js';
import type {ActionId} from '../keymap.js';
import {openActivity, requestSwitch} from './app-keys.js';
import {MOVES, moveSelection} from './moves.js';
import {ask, refuse, run, submitForm} from './operations.js';
import {runPrompt} from './prompt.js';
import {dataOf} from './resource.js';
import {clampSelection} from './rows.js';
import type {Flash, Overlay, State, Step} from './types.js';

export function onOverlayKey(state: State, overlay: Exclude<Overlay, {type: 'none'}>, action: ActionId, now: number): Step {
	const close = (flash: Flash | null = state.flash): Step => [{...state, overlay: {type: 'none'}, flash}, []];
	const stay: Step = [state, []];
	switch (overlay.type) {
		case 'help': {
			if (action === 'nav/back') return close();
			if (!MOVES.has(action)) return stay;
			// Scrolled by whole lines, never past the last screenful.
			const height = helpHeight(state.rows);
			const last = Math.max(0, helpLines(overlay.under, state.columns).length - height);
			const step = action === 'list/pageDown' || action === 'list/pageUp' ? height : 1;
			return [{...state, overlay: {...overlay, scroll: Math.min(last, moveSelection(overlay.scroll, last + 1, action, step))}}, []];
		}
		case 'event': {
			if (action === 'nav/back') return close();
			if (action === 'export/copyId') return [state, [{type: 'copy', text: recordText(overlay.event), what: 'the event record'}]];
			if (!MOVES.has(action)) return stay;
			const last = Math.max(0, eventRecord(overlay.event).length - 1);
			const step = action === 'list/pageDown' || action === 'list/pageUp' ? Math.max(1, state.rows - 10) : 1;
			return [{...state, overlay: {...overlay, scroll: Math.min(last, moveSelection(overlay.scroll, last + 1, action, step))}}, []];
		}
		case 'codes':
		case 'reveal':
			// Closing a secret view drops the secret from state: it is never kept or shown again.
			return action === 'nav/back' ? close() : stay;
		case 'totp': {
			if (!overlay.enrollment.needsActivation) return action === 'nav/back' ? close() : stay;
			if (action === 'text/cancel') return close({text: 'Enrollment left pending: the factor is not active until a code from the app is entered', tone: 'info'});
			if (action === 'text/submit') {
				const passCode = overlay.input.replace(/\s+/g, '');
				if (!/^\d{6,8}$/.test(passCode)) return [{...state, overlay: {...overlay, error: 'enter the 6-digit code the app shows'}}, []];
				if (state.command.status === 'running') return refuse(state, 'wait for the running action to finish');
				// The secret view stays until the code is accepted, so a wrong code can be retried.
				const [next, effects] = run(state, {op: 'mfa.totp.activate', input: {user: overlay.user, enrollmentId: overlay.enrollment.id, passCode}});
				return [{...next, overlay: {...overlay, input: '', error: null}}, effects];
			}
			return stay;
		}
		case 'profiles': {
			if (action === 'nav/back') return close();
			if (MOVES.has(action)) return [{...state, overlay: {...overlay, selected: moveSelection(overlay.selected, state.profiles.length, action, 1)}}, []];
			if (action === 'nav/open') {
				const choice = state.profiles[overlay.selected];
				return choice ? requestSwitch({...state, overlay: {type: 'none'}}, choice.name) : stay;
			}
			return stay;
		}
		case 'activity': {
			if (action === 'nav/back') return close();
			if (action === 'data/refresh') return openActivity(state);
			const count = dataOf(overlay.items)?.length ?? 0;
			if (MOVES.has(action)) return [{...state, overlay: {...overlay, selected: moveSelection(overlay.selected, count, action, 10)}}, []];
			return stay;
		}
		case 'unlock': {
			if (action === 'text/cancel') return close({text: 'Writes stay locked', tone: 'info'});
			if (action === 'text/submit') {
				const name = state.profiles.find((p) => p.current)?.name ?? '';
				if (overlay.input.trim() !== name) return [{...state, overlay: {...overlay, error: `that is not ${name}; type the profile name exactly, or Esc`}}, []];
				return [{...state, overlay: {type: 'none'}, flash: {text: `Unlocking writes on ${name}…`, tone: 'info'}}, [{type: 'writes', op: 'unlock'}]];
			}
			return stay;
		}
		case 'command': {
			if (action === 'text/cancel') return close();
			if (action === 'text/submit') return runPrompt({...state, overlay: {type: 'none'}}, overlay.input);
			return stay;
		}
		case 'menu': {
			if (action === 'nav/back') return close();
			if (MOVES.has(action)) return [{...state, overlay: {...overlay, selected: moveSelection(overlay.selected, overlay.items.length, action, 1)}}, []];
			if (action === 'nav/open' && state.user) {
				const item = overlay.items[overlay.selected];
				return item ? ask(state, item.pending, now) : stay;
			}
			return stay;
		}
		case 'confirm': {
			if (overlay.expected !== null) {
				if (action === 'text/cancel') return close({text: 'Cancelled: nothing changed', tone: 'info'});
				if (action === 'text/submit') {
					if (overlay.input.trim().toLowerCase() === overlay.expected.toLowerCase()) return run(state, overlay.pending);
					return [{...state, overlay: {...overlay, error: `that is not ${overlay.expected}; type it exactly, or Esc to cancel`}}, []];
				}
				return stay;
			}
			if (action === 'confirm/no') return close({text: 'Cancelled: nothing changed', tone: 'info'});
			if (action === 'confirm/yes') {
				if (now - overlay.openedAt >= state.confirmGuardMs) return run(state, overlay.pending);
				return [{...state, overlay: {...overlay, error: 'y ignored: it came as the dialog opened. Press y again to confirm.'}}, []];
			}
			return stay;
		}
		case 'form': {
			// "Rename cancelled": the operation's verb, so the line says which form was left.
			if (action === 'text/cancel') return close({text: `${titleOf(overlay.pending).split(' ')[0]} cancelled: nothing changed`, tone: 'info'});
			if (action === 'text/submit') return submitForm(state, overlay, now);
			return stay;
		}
		case 'filter': {
			const view = state.user;
			if (!view) return close();
			if (action === 'text/cancel' || action === 'text/submit') {
				const text = action === 'text/cancel' ? '' : overlay.input.trim();
				const next = clampSelection({...view, filter: {...view.filter, [view.tab]: text}, selected: {...view.selected, [view.tab]: 0}});
				return [{...state, user: next, overlay: {type: 'none'}}, []];
			}
			return stay;
		}
	}
}
