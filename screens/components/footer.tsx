import {Text} from 'ink';
import type {ActionId, Scope} from '../keymap.js';
import {legendFor} from '../keymap.js';
import {color} from './theme.js';

export interface FooterProps {
	readonly scopes: readonly Scope[];
	/** Actions not offered here (unsupported by the backend, read-only…). */
	readonly hidden?: ReadonlySet<ActionId>;
	readonly width: number;
}

/** The key legend for what is live right now, cut to one line. Built from the key table, like the help. */
export function Footer({scopes, hidden, width}: FooterProps) {
	const items = legendFor(scopes, hidden);
	let line = '';
	for (const {keys, label} of items) {
		const item = `${keys} ${label}`;
		const next = line ? `${line}  ${item}` : item;
		if (next.length > width) break;
		line = next;
	}
	return (
		<Text color={color('dim')} wrap="truncate-end">
			{line}
		</Text>
	);
}
