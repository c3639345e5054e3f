/**
 * Asking for a change from the keyboard: a key's operations (screens/keymap.ts) → the one that applies here and
 * that this backend can do → its choices from what is loaded and selected → a menu, a text form or the confirm
 * dialog, with the target fixed when it opens → the run effect. The words and rules are the operations' own
 * (src/operations/); nothing here knows one operation from another.
 */
import {READ_ONLY_REASON} from '../../src/api/guard.js';
import {availability, choiceOf, dangerOf, operation, OPERATIONS, prepare, runningOf, typedTarget, type OperationId, type Pending, type TargetKind} from '../../src/operations/index.js';
import {keyIn, type Binding} from '../keymap.js';
import {loadedData, selectedTarget, targetOnScreen} from './rows.js';
import {reload, userRef} from './user-view.js';
import type {Action, Effect, MenuItem, Overlay, State, Step, UserView} from './types.js';

export const refuse = (state: State, reason: string): Step => [{...state, flash: {text: reason, tone: 'info'}}, []];

/** Why a change does nothing on a read-only profile, and how to allow it when that is possible. */
export function readOnlyText(state: State): string {
	if (state.writes) return `Read-only profile: nothing is sent. ${keyIn('app/writes', 'global')} allows changes for ${state.writes.minutes} minute${state.writes.minutes === 1 ? '' : 's'} (type the profile name; journaled)`;
	return `Read-only: nothing is sent. ${state.writesNote}`;
}

const NOUN: Readonly<Record<TargetKind, string>> = {session: 'session', grant: 'grant or token', passkey: 'passkey', factor: 'factor', membership: 'membership', contact: 'email or phone', social: 'social connection'};

/** The operations of `binding` that apply on the current tab: those acting on its rows, or on the user. */
export function applicable(view: UserView, ops: readonly OperationId[]): OperationId[] {
	return ops.filter((id) => {
		const target = OPERATIONS[id].target;
		return target === null || targetOnScreen(view, target);
	});
}

/** Whether a key's operations offer anything here: the footer leaves out those that do not. */
export function isOffered(state: State, ops: readonly OperationId[]): boolean {
	const view = state.user;
	if (!view) return false;
	return applicable(view, ops).some((id) => availability(id, state.caps, state.readOnly) === true);
}

/** A key bound to operations: the changes it offers here, asked for the way each one says. */
export function startOperations(state: State, view: UserView, binding: Binding, now: number): Step {
	if (state.command.status === 'running') return refuse(state, 'wait for the running action to finish');
	const ops = applicable(view, binding.operations ?? []);
	const usable = ops.filter((id) => availability(id, state.caps, state.readOnly) === true);
	if (usable.length === 0) {
		const reason = ops.length > 0 ? availability(ops[0]!, state.caps, state.readOnly) : 'nothing to do here';
		return refuse(state, reason === READ_ONLY_REASON ? readOnlyText(state) : String(reason));
	}
	const user = userRef(view);
	const data = loadedData(view);
	const choices: Pending[] = [];
	let refusal: string | null = null;
	for (const id of usable) {
		const op = OPERATIONS[id];
		const target = op.target === null ? null : selectedTarget(view, op.target);
		if (op.target !== null && target === null) {
			refusal ??= op.noTarget ?? `no ${NOUN[op.target]} selected`;
			continue;
		}
		const offered = prepare(id, {user, data, target: target as never, lifecycle: view.lifecycle, caps: state.caps, backend: '', options: {}});
		if (Array.isArray(offered)) choices.push(...(offered as readonly Pending[]));
		else refusal ??= (offered as {refused: string}).refused;
	}
	if (choices.length === 0) return refuse(state, refusal ?? 'nothing to do here');
	if (choices.length === 1 && !binding.menu?.always) return ask(state, choices[0]!, now);
	const items: MenuItem[] = choices.map((pending) => ({label: choiceOf(pending), pending, typed: dangerOf(pending) === 'wide'}));
	return [{...state, overlay: {type: 'menu', title: binding.menu?.title(user.name) ?? 'Choose', items, selected: 0}, flash: null}, []];
}

/** What the operator must type to confirm `pending`: its user's email or login, or null for a y/N. */
function expectedText(state: State, pending: Pending): string | null {
	const danger = dangerOf(pending);
	const typed = danger === 'wide' || (danger === 'destructive' && state.isProtected);
	return typed ? typedTarget(pending.input.user, state.confirmWith) : null;
}

/** Asks for `pending` the way its operation says: a text form first, or the confirm dialog, or at once. */
export function ask(state: State, pending: Pending, now: number): Step {
	const op = operation(pending.op);
	const asks = op.form ? ((op.form as {when?(input: unknown): boolean}).when?.(pending.input) ?? true) : false;
	if (op.form && asks) {
		const form = op.form as {label: string; initial(input: unknown): string};
		return [{...state, overlay: {type: 'form', pending, label: form.label, input: form.initial(pending.input), error: null}, flash: null}, []];
	}
	return confirmOrRun(state, pending, now);
}

export function confirmOrRun(state: State, pending: Pending, now: number): Step {
	if (dangerOf(pending) === 'none') return run(state, pending);
	return [{...state, overlay: {type: 'confirm', pending, openedAt: now, expected: expectedText(state, pending), input: '', error: null}, flash: null}, []];
}

/** The form's text, applied: the change confirmed (or run), or the reason the text cannot be used. */
export function submitForm(state: State, overlay: Extract<Overlay, {type: 'form'}>, now: number): Step {
	const form = operation(overlay.pending.op).form as {apply(input: unknown, text: string): unknown; unchanged?(input: unknown, text: string): string | null};
	const unchanged = form.unchanged?.(overlay.pending.input, overlay.input);
	if (unchanged) return [{...state, overlay: {type: 'none'}, flash: {text: unchanged, tone: 'info'}}, []];
	const applied = form.apply(overlay.pending.input, overlay.input);
	if (typeof applied === 'string') return [{...state, overlay: {...overlay, error: applied}}, []];
	if (state.command.status === 'running') return refuse(state, 'wait for the running action to finish');
	return confirmOrRun({...state, overlay: {type: 'none'}}, {op: overlay.pending.op, input: applied} as Pending, now);
}

/** Marks `pending` running and asks the runner to send it, once. */
export function run(state: State, pending: Pending): Step {
	const id = state.commandSeq + 1;
	const next: State = {...state, overlay: {type: 'none'}, command: {status: 'running', pending, id}, commandSeq: id, flash: {text: runningOf(pending), tone: 'info'}};
	return [next, [{type: 'run', id, pending}]];
}

/** A change came back (or failed, or may have happened): its line, its secret, and the tabs it affects read again. */
export function onCommandAnswer(state: State, action: Extract<Action, {type: 'command/done' | 'command/failed'}>): Step {
	if (state.command.status !== 'running' || state.command.id !== action.id) return [state, []];
	const {pending} = state.command;
	const ok = action.type === 'command/done';
	const userId = pending.input.user.id;
	const positive = ok && !(action.type === 'command/done' && action.negative);
	const verified = action.type === 'command/done' ? action.verified : undefined;
	let next: State = {
		...state,
		command: {status: 'idle'},
		flash: {text: action.line, tone: positive ? 'ok' : 'error', userId},
		...(verified && state.callerCheck ? {callerCheck: {...state.callerCheck, verified: {...state.callerCheck.verified, [userId]: verified}}} : {}),
		wait: null,
		history: [...state.history, {userId, line: action.line}],
		now: action.now,
	};
	if (ok && action.secret) next = {...next, overlay: action.secret};
	// An activation code is entered in the secret view: close it once accepted, keep it to retry a wrong code.
	if (pending.op === 'mfa.totp.activate' && state.overlay.type === 'totp') {
		next = ok ? {...next, overlay: {type: 'none'}} : {...next, overlay: {...state.overlay, error: action.line}};
	}
	const record: Effect = {type: 'record', line: action.line};
	// A user deleted for good has nothing left to show: back to the lookup, without them in the results.
	if (ok && action.gone && next.user?.id === userId) {
		const results = next.lookup.results.filter((u) => u.id !== userId);
		const lookup = {...next.lookup, results, selected: Math.min(next.lookup.selected, Math.max(0, results.length - 1)), focus: results.length > 0 ? ('results' as const) : ('input' as const)};
		return [{...next, screen: 'lookup', user: null, overlay: {type: 'none'}, lookup, previousUser: next.previousUser?.id === userId ? null : next.previousUser}, [record]];
	}
	// The trail too, after every change: the operator's own action is in it (Okta writes an event for each).
	const [reloaded, loads] = reload(next, [...new Set([...OPERATIONS[pending.op].affects, 'events' as const])]);
	// A step that follows at once (an SMS code was sent: type what the caller reads out), kept on the flash's line.
	if (ok && action.type === 'command/done' && action.then && reloaded.overlay.type === 'none') {
		const [asked, more] = ask(reloaded, action.then, action.now);
		return [{...asked, flash: reloaded.flash}, [record, ...loads, ...more]];
	}
	return [reloaded, [record, ...loads]];
}
