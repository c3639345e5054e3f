/**
 * A diagnosis's next step, written with the key that does it: "unlock (L)", "add an authenticator (a on MFA)".
 * The step names an operation (or a refresh); the key and the tab come from the one key table.
 */
import type {ApiError} from '../src/api/errors.js';
import type {NextStep} from '../src/diagnosis/diagnose.js';
import {KEYMAP, keyIn, type ActionId} from './keymap.js';
import {TAB_TITLES, type TabId} from './state/types.js';

/** The first key the key table binds to `action`. */
export function keyOf(action: ActionId): string {
	const binding = KEYMAP.find((b) => b.action === action);
	if (!binding || binding.keys.length === 0) throw new Error(`no key is bound to ${action}`);
	return binding.keys[0]!;
}

/** The key that asks for a step, and the tab it works on when it is a tab's key. */
export function keyForStep(step: NextStep): {readonly key: string; readonly tab: TabId | null} {
	const binding = step.does === 'refresh' ? KEYMAP.find((b) => b.action === 'data/refresh' && b.scopes.includes('user')) : KEYMAP.find((b) => b.operations?.includes(step.does as never));
	if (!binding || binding.keys.length === 0) throw new Error(`no key asks for ${step.does}`);
	const tab = (['sessions', 'passkeys', 'mfa', 'profile'] as const).find((t) => binding.scopes.includes(t)) ?? null;
	return {key: binding.keys[0]!, tab};
}

export function stepText(step: NextStep): string {
	const {key, tab} = keyForStep(step);
	const text = tab ? `${step.label} (${key} on ${TAB_TITLES[tab]})` : `${step.label} (${key})`;
	const then = step.then ? `${text}, then ${stepText(step.then)}` : text;
	return step.or ? `${then} or ${stepText(step.or)}` : then;
}

/**
 * A failure's hint with the key that acts on it where the hint is shown: on a user view `r` reads everything again;
 * in the lookup field `r` is text, so Enter searches again.
 */
export function errorHint(error: ApiError, where: 'user' | 'lookup'): string {
	const key = where === 'user' ? keyIn('data/refresh', 'user') : keyIn('nav/open', 'lookup-input');
	const verb = where === 'lookup' ? 'search again' : error.remedyWords;
	const next = error.remedy === null ? '' : `press ${key} to ${verb}`;
	return [error.hint, next].filter(Boolean).join('; ');
}
