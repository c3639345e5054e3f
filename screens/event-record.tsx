/** One trail event's whole record (Enter on the Sign-ins tab): every field, scrolled, copyable with its request id. */
import {Box, Text} from 'ink';
import type {AuditEvent} from '../src/api/types.js';
import {eventRecord, reasonLine} from '../src/diagnosis/event-words.js';
import {fit, relTime, stamp, truncate, wrapWords} from '../src/format.js';
import {color} from './components/theme.js';
import {keyIn} from './keymap.js';

const LABEL = 17;

export function EventRecord({event, scroll, now, width, height}: {event: AuditEvent; scroll: number; now: number; width: number; height: number}) {
	// A long value (a user agent) wraps under its label rather than being cut: the record is there to be read whole.
	const lines = eventRecord(event).flatMap(([label, value]) => wrapWords(value, Math.max(10, width - LABEL - 1)).map((part, i) => `${fit(i === 0 ? label : '', LABEL)} ${part}`));
	const bodyHeight = Math.max(1, height - 2);
	const start = Math.min(scroll, Math.max(0, lines.length - bodyHeight));
	const shown = lines.slice(start, start + bodyHeight);
	const title = `${event.type} · ${stamp(event.at)} (${relTime(event.at, now)})${reasonLine(event) ? ` · ${reasonLine(event)}` : ''}`;
	const more = lines.length > bodyHeight ? `lines ${start + 1}–${start + shown.length} of ${lines.length} · ${keyIn('list/down', 'record')}/${keyIn('list/up', 'record')} scroll · ` : '';
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate-end">
				{truncate(title, width)}
			</Text>
			{shown.map((line, i) => (
				<Text key={start + i} wrap="truncate-end">
					{truncate(line, width)}
				</Text>
			))}
			<Text color={color('dim')} wrap="truncate-end">
				{truncate(`${more}${keyIn('export/copyId', 'record')} copies the record · ${keyIn('nav/back', 'record')} closes`, width)}
			</Text>
		</Box>
	);
}
