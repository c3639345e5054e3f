/**
 * Views that belong to the app rather than to one user: the profile switcher, the Activity list (this operator's
 * recent actions from the audit journal) and the `:` prompt line.
 */
import {Box, Text} from 'ink';
import type {ActivityItem} from '../src/api/journal.js';
import {PROMPT_HELP} from './state/prompt.js';
import type {Overlay, State} from './state/types.js';
import {dataOf} from './state/resource.js';
import {columns, relTime, stamp, truncate} from '../src/format.js';
import {pageWindow, windowLabel} from './components/windowed.js';
import {color, SELECTED} from './components/theme.js';
import {TextField} from './components/text-field.js';
import {keyIn} from './keymap.js';

export function ProfilesOverlay({state, selected, width, height}: {state: State; selected: number; width: number; height: number}) {
	// Border, title, the list, the hint: on a short terminal the hint goes first, then the list is windowed.
	const showHint = height >= state.profiles.length + 4;
	const win = pageWindow(selected, state.profiles.length, Math.max(1, height - 3));
	const nameW = Math.min(20, Math.max(...state.profiles.map((p) => p.name.length), 4));
	const descW = Math.max(10, Math.min(60, width - nameW - 20, Math.max(...state.profiles.map((p) => p.description.length))));
	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1} width={Math.min(width, 100)}>
			<Text bold>Switch profile</Text>
			{state.profiles.slice(win.start, win.end).map((p, j) => {
				const i = win.start + j;
				return (
					<Text key={p.name} inverse={i === selected} wrap="truncate-end">
						{i === selected ? `${SELECTED} ` : '  '}
						{columns([[p.name, nameW], [p.description, descW]])}
						{p.current ? '  (current)' : ''}
					</Text>
				);
			})}
			{showHint ? (
				<Text color={color('dim')} wrap="truncate-end">
					{`${keyIn('list/down', 'menu')}/${keyIn('list/up', 'menu')} move · ${keyIn('nav/open', 'menu')} switches (the lookup starts fresh there) · ${keyIn('nav/back', 'menu')} closes`}
				</Text>
			) : null}
		</Box>
	);
}

const OUTCOME_MARK: Record<ActivityItem['outcome'], string> = {ok: '✓ ok', failed: '✗ failed', unknown: '? unknown', refused: '⊘ refused', pending: '… no outcome'};

export function ActivityView({overlay, now, width, height}: {overlay: Extract<Overlay, {type: 'activity'}>; now: number; width: number; height: number}) {
	const items = dataOf(overlay.items) ?? [];
	// Title, column header, and three lines for the selected entry's details.
	const listHeight = Math.max(1, height - 5);
	const win = pageWindow(overlay.selected, items.length, listHeight);
	const flexible = Math.max(20, width - 2 - 10 - 12 - 5);
	const actionW = Math.floor(flexible * 0.3);
	const targetW = Math.floor(flexible * 0.4);
	const whereW = flexible - actionW - targetW;
	const selected = items[overlay.selected];
	let status: string;
	if (overlay.items.status === 'error') status = `The audit journal could not be read: ${overlay.items.error.summary}`;
	else if (overlay.items.status === 'loading' && items.length === 0) status = 'Reading the audit journal…';
	else if (items.length === 0) status = 'No actions recorded for you yet: every change made with this app is listed here.';
	else status = `${windowLabel(win, items.length)} · your recent actions, newest first · ${keyIn('data/refresh', 'activity')} refreshes · ${keyIn('nav/back', 'activity')} closes`;
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate-end">
				Activity{' '}
				<Text color={color(overlay.items.status === 'error' ? 'error' : 'dim')} bold={false}>
					{status}
				</Text>
			</Text>
			<Text color={color('dim')} wrap="truncate-end">
				{'  ' + columns([['WHEN', 10], ['RESULT', 12], ['ACTION', actionW], ['TARGET', targetW], ['PROFILE · HOST', whereW]])}
			</Text>
			{items.slice(win.start, win.end).map((item, i) => {
				const index = win.start + i;
				const isSelected = index === overlay.selected;
				const tone = item.outcome === 'ok' ? 'ok' : item.outcome === 'refused' ? 'dim' : 'error';
				return (
					<Text key={item.id} inverse={isSelected} wrap="truncate-end">
						{isSelected ? `${SELECTED} ` : '  '}
						{columns([[relTime(item.time, now), 10]])}{' '}
						<Text color={color(tone)}>{columns([[OUTCOME_MARK[item.outcome], 12]])}</Text>{' '}
						{columns([
							[item.action, actionW],
							[[item.user, item.object].filter(Boolean).join(' · '), targetW],
							[[item.profile, item.host].filter(Boolean).join(' · '), whereW],
						])}
					</Text>
				);
			})}
			{selected ? (
				<Box flexDirection="column" marginTop={items.length > 0 ? 0 : 1}>
					<Text color={color('dim')} wrap="truncate-end">
						{truncate(
							`${stamp(selected.time)} · ${selected.action} · ${selected.user}${selected.object ? ` · ${selected.object}` : ''}`,
							width,
						)}
					</Text>
					<Text color={color('dim')} wrap="truncate-end">
						{truncate(
							[
								selected.status !== null ? `HTTP ${selected.status}` : selected.action.startsWith('writes.') ? 'in this app only: nothing sent to the backend' : 'no HTTP answer',
								selected.code ? `code ${selected.code}` : null,
								selected.requestId ? `request id ${selected.requestId}` : null,
							]
								.filter(Boolean)
								.join(' · '),
							width,
						)}
					</Text>
					{selected.message ? (
						<Text color={color(selected.outcome === 'ok' ? 'dim' : 'error')} wrap="truncate-end">
							{truncate(selected.message, width)}
						</Text>
					) : null}
				</Box>
			) : null}
		</Box>
	);
}

/** The `:` prompt, drawn over the two result lines like a vi command line. */
export function PromptLine({overlay, width}: {overlay: Extract<Overlay, {type: 'command'}>; width: number}) {
	return (
		<Box flexDirection="column" width={width} height={2} overflow="hidden">
			<Box>
				<Text color={color('accent')} bold>
					:
				</Text>
				<TextField value={overlay.input} />
			</Box>
			<Text color={color(overlay.error ? 'error' : 'dim')} wrap="truncate-end">
				{overlay.error ?? `${PROMPT_HELP} · Enter runs · Esc cancels`}
			</Text>
		</Box>
	);
}

/** Unlocking writes on a read-only profile: says for how long, and asks for the profile name. */
export function UnlockDialog({overlay, state, width, height}: {overlay: Extract<Overlay, {type: 'unlock'}>; state: State; width: number; height: number}) {
	const name = state.profiles.find((p) => p.current)?.name ?? '?';
	const minutes = state.writes?.minutes ?? 0;
	// What to type comes first: on a small terminal the explanation is what gives way.
	const roomy = height >= 9;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={color('warn')} paddingX={1} width={Math.min(width, 100)}>
			<Text bold wrap="truncate-end">
				Allow changes on {name} for {minutes} minute{minutes === 1 ? '' : 's'}?
			</Text>
			<Box>
				<Text color={color('accent')}>Type {name} › </Text>
				<TextField value={overlay.input} />
			</Box>
			{overlay.error ? (
				<Text color={color('error')} wrap="truncate-end">
					{overlay.error}
				</Text>
			) : null}
			{roomy ? (
				<Text wrap="wrap">
					Every action still asks before it acts and is journaled; the unlock itself is journaled too. When the time is up the profile is read-only again, whatever is on screen; W locks sooner.
				</Text>
			) : null}
			<Text color={color('dim')} wrap="truncate-end">
				Enter unlocks · Esc keeps writes locked
			</Text>
		</Box>
	);
}
