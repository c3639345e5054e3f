/** Moving a selection through a list: one row, a page, the ends. */
import type {ActionId} from '../keymap.js';

export const MOVES: ReadonlySet<ActionId> = new Set<ActionId>(['list/down', 'list/up', 'list/top', 'list/bottom', 'list/pageDown', 'list/pageUp']);

export function moveSelection(current: number, count: number, action: ActionId, page: number): number {
	if (count === 0) return 0;
	const step = Math.max(1, page);
	switch (action) {
		case 'list/down':
			return Math.min(count - 1, current + 1);
		case 'list/up':
			return Math.max(0, current - 1);
		case 'list/top':
			return 0;
		case 'list/bottom':
			return count - 1;
		case 'list/pageDown':
			return Math.min(count - 1, current + step);
		case 'list/pageUp':
			return Math.max(0, current - step);
		default:
			return current;
	}
}
