import {Box, Text} from 'ink';
import {KEYMAP, type Scope} from './keymap.js';
import {fit} from './format.js';
import {color} from './theme.js';

const SECTIONS: readonly {readonly title: string; readonly scopes: readonly Scope[]}[] = [
	{title: 'Everywhere', scopes: ['global']},
	{title: 'Lookup', scopes: ['lookup-input', 'lookup-results']},
	{title: 'User view', scopes: ['user', 'list']},
	{title: 'Sessions', scopes: ['sessions']},
	{title: 'Passkeys', scopes: ['passkeys']},
	{title: 'MFA', scopes: ['mfa']},
	{title: 'Dialogs', scopes: ['confirm', 'typed-confirm']},
];

/** The `?` overlay, generated from the key table so it can never disagree with what the keys do. */
export function HelpOverlay({width, height}: {readonly width: number; readonly height: number}) {
	const lines: {text: string; title?: boolean}[] = [];
	for (const section of SECTIONS) {
		lines.push({text: section.title, title: true});
		const seen = new Set<string>();
		for (const b of KEYMAP) {
			if (!b.scopes.some((s) => section.scopes.includes(s)) || seen.has(b.action)) continue;
			seen.add(b.action);
			const keys = b.keys.map((k) => (k.length === 1 ? k : k.replace(/^./, (c) => c.toUpperCase()))).join(' ');
			lines.push({text: `  ${fit(keys, 22)} ${b.label || b.action}${b.destructive ? '  (asks first)' : ''}`});
		}
	}
	const colWidth = Math.min(width, 60);
	const perColumn = Math.max(1, height - 2);
	const cols: (typeof lines)[] = [];
	for (let i = 0; i < lines.length; i += perColumn) cols.push(lines.slice(i, i + perColumn));
	const fitting = cols.slice(0, Math.max(1, Math.floor(width / colWidth)));
	return (
		<Box flexDirection="column" height={height}>
			<Text bold>Keys · Esc closes · a burst of typed keys only ever moves; actions need one deliberate press</Text>
			<Box>
				{fitting.map((col, i) => (
					<Box key={i} flexDirection="column" width={colWidth}>
						{col.map((l, j) => (
							<Text key={j} bold={l.title} color={l.title ? color('accent') : undefined} wrap="truncate-end">
								{l.text}
							</Text>
						))}
					</Box>
				))}
			</Box>
		</Box>
	);
}
