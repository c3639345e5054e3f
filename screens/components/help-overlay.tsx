import {Box, Text} from 'ink';
import {KEYMAP, type ActionId, type Scope} from '../keymap.js';
import {fit} from '../../src/format.js';
import {color} from './theme.js';

const SECTIONS: readonly {readonly title: string; readonly scopes: readonly Scope[]}[] = [
	{title: 'Everywhere', scopes: ['global']},
	{title: 'Lists', scopes: ['list', 'lookup-results']},
	{title: 'Lookup', scopes: ['lookup-input']},
	{title: 'User view', scopes: ['user']},
	{title: 'Sessions tab', scopes: ['sessions']},
	{title: 'Passkeys tab', scopes: ['passkeys']},
	{title: 'MFA tab', scopes: ['mfa']},
	{title: 'Confirm dialogs', scopes: ['confirm', 'typed-confirm']},
];

const KEY_WORDS: Record<string, string> = {down: '↓', up: '↑', left: '←', right: '→', enter: 'Enter', esc: 'Esc', tab: 'Tab', 'shift+tab': 'S-Tab', pagedown: 'PgDn', pageup: 'PgUp', home: 'Home', end: 'End'};
const keyWord = (k: string): string => KEY_WORDS[k] ?? (k.startsWith('ctrl+') ? `C-${k.slice(5)}` : k);

interface Line {
	readonly text: string;
	readonly isTitle?: boolean;
}

/** The `?` overlay, generated from the key table so it can never disagree with what the keys do. */
export function helpLines(): Line[] {
	const lines: Line[] = [];
	const shown = new Set<string>();
	for (const section of SECTIONS) {
		const entries: Line[] = [];
		for (const b of KEYMAP) {
			const id = `${b.action}:${b.keys.join()}`;
			if (!b.scopes.some((s) => section.scopes.includes(s)) || shown.has(id)) continue;
			shown.add(id);
			const label = b.help ?? (b.label || (b.action as ActionId));
			entries.push({text: `${fit(b.keys.slice(0, 3).map(keyWord).join(' '), 12)} ${label}${b.destructive ? ' (asks)' : ''}`});
		}
		if (entries.length > 0) lines.push({text: section.title, isTitle: true}, ...entries);
	}
	return lines;
}

export function HelpOverlay({width, height}: {readonly width: number; readonly height: number}) {
	const lines = helpLines();
	const colWidth = 36;
	const perColumn = Math.max(1, height - 1);
	const cols: Line[][] = [];
	for (let i = 0; i < lines.length; i += perColumn) cols.push(lines.slice(i, i + perColumn));
	const fitting = cols.slice(0, Math.max(1, Math.floor(width / colWidth)));
	const cut = fitting.length < cols.length;
	return (
		<Box flexDirection="column" height={height}>
			<Text bold wrap="truncate-end">
				Keys · Esc closes · a burst of keys only moves: actions need one deliberate press{cut ? ' · (widen the terminal for more)' : ''}
			</Text>
			<Box>
				{fitting.map((col, i) => (
					<Box key={i} flexDirection="column" width={colWidth}>
						{col.map((l, j) => (
							<Text key={j} bold={l.isTitle} color={l.isTitle ? color('accent') : undefined} wrap="truncate-end">
								{l.isTitle ? l.text : ` ${l.text}`}
							</Text>
						))}
					</Box>
				))}
			</Box>
		</Box>
	);
}
