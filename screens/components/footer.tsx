import {Text} from 'ink';
import type {ActionId, Scope} from '../keymap.js';
import {legendFor} from '../keymap.js';
import {color} from './theme.js';
import {cellWidth} from '../../src/format.js';

export interface FooterProps {
	readonly scopes: readonly Scope[];
	/** Actions not offered here (unsupported by the backend, read-only…). */
	readonly hidden?: ReadonlySet<ActionId>;
	readonly width: number;
}

/** Scopes where `?` opens the help (in an empty lookup field too) and `q` quits (elsewhere only Ctrl+C does). */
const HELP_SCOPES: readonly Scope[] = ['global', 'lookup-input'];

/**
 * The key legend for what is live right now, built from the key table like the help. How to get help and how to quit
 * are always there, at the end, at every width down to the app's minimum; the other keys fill what is left in table
 * order, and what does not fit is in `?`.
 */
export function Footer({scopes, hidden, width}: FooterProps) {
	const items = legendFor(scopes, hidden).map(({keys, label}) => `${keys} ${label}`);
	const help = scopes.some((s) => HELP_SCOPES.includes(s)) ? '? help' : null;
	const quit = scopes.includes('global') ? 'q quit' : 'Ctrl+C quit';
	const tail = [help, quit].filter((x): x is string => x !== null).join('  ');
	const rest = items.filter((i) => i !== '? help' && i !== 'q quit');
	let line = '';
	for (const item of rest) {
		const next = line ? `${line}  ${item}` : item;
		if (cellWidth(next) + 2 + cellWidth(tail) > width) break;
		line = next;
	}
	const text = line ? `${line}  ${tail}` : tail;
	return (
		<Text color={color('dim')} wrap="truncate-end">
			{text}
		</Text>
	);
}
