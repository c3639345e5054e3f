/** Which keys listen in a state: the top layer only (dialog > help > text entry > list). */
import type {Scope} from '../keymap.js';
import type {State} from './types.js';

export const TEXT_SCOPES: ReadonlySet<Scope> = new Set<Scope>(['lookup-input', 'text-entry', 'typed-confirm']);

/** Which key scopes listen in this state: the top layer only (dialog > help > text entry > list). */
export function scopesOf(state: State): Scope[] {
	switch (state.overlay.type) {
		case 'help':
			return ['help'];
		case 'totp':
			return state.overlay.enrollment.needsActivation ? ['text-entry'] : ['secret'];
		case 'codes':
		case 'reveal':
			return ['secret'];
		case 'confirm':
			return state.overlay.expected === null ? ['confirm'] : ['typed-confirm'];
		case 'form':
		case 'filter':
		case 'command':
			return ['text-entry'];
		case 'menu':
		case 'profiles':
			return ['menu'];
		case 'activity':
			return ['activity'];
		case 'event':
			return ['record'];
		case 'unlock':
			return ['typed-confirm'];
		case 'none':
			break;
	}
	if (state.screen === 'lookup' || !state.user) return state.lookup.focus === 'input' ? ['lookup-input'] : ['lookup-results', 'global'];
	const tab = state.user.tab;
	const tabScope: Scope[] = tab === 'sessions' || tab === 'passkeys' || tab === 'mfa' || tab === 'memberships' || tab === 'profile' ? [tab] : tab === 'trail' && state.user.trailMode === 'events' ? ['trail'] : [];
	return ['user', 'list', ...tabScope, 'global'];
}

