import {Box, Text} from 'ink';
import {helpLines} from '../help.js';
import type {Scope} from '../keymap.js';
import {color} from './theme.js';

/** The `?` cheat sheet (screens/help.ts), one screenful at a time: j/k and PgDn/PgUp scroll, Esc closes. */
export function HelpOverlay({under, scroll, width, height}: {readonly under: readonly Scope[]; readonly scroll: number; readonly width: number; readonly height: number}) {
	const lines = helpLines(under, width);
	const room = Math.max(1, height - 1);
	const start = Math.max(0, Math.min(scroll, lines.length - room));
	const shown = lines.slice(start, start + room);
	const where = lines.length > room ? ` · lines ${start + 1}–${start + shown.length} of ${lines.length} · j/k PgDn/PgUp scroll` : '';
	return (
		<Box flexDirection="column" height={height}>
			<Text bold wrap="truncate-end">
				Keys{where} · Esc closes
			</Text>
			{shown.map((l, i) => (
				<Text key={start + i} bold={l.isTitle} color={l.isTitle ? color('accent') : undefined} wrap="truncate-end">
					{l.text}
				</Text>
			))}
		</Box>
	);
}
