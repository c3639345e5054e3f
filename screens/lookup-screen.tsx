import {Box, Text} from 'ink';
import {TextField} from './components/text-field.js';
import {offersRecentLookups} from './state/lookup.js';
import type {State} from './state/types.js';
import {columns, relTime} from '../src/format.js';
import {color, SELECTED} from './components/theme.js';
import {pageWindow, windowLabel} from './components/windowed.js';
import {errorHint} from './steps.js';
import {keyIn} from './keymap.js';

export interface LookupScreenProps {
	readonly state: State;
	readonly width: number;
	readonly height: number;
}

/** One input for email, id, login or name; matches listed as they arrive, exact ones first. */
export function LookupScreen({state, width, height}: LookupScreenProps) {
	const {lookup} = state;
	const isTyping = lookup.focus === 'input' && state.overlay.type === 'none';
	const offersRecent = offersRecentLookups(lookup);
	const listHeight = Math.max(1, height - 3);
	const win = pageWindow(lookup.selected, lookup.results.length, listHeight);
	const now = state.now;
	// As wide as the longest status listed (Okta's DEPROVISIONED, PASSWORD_EXPIRED), so none is cut.
	const statusW = Math.min(16, Math.max(10, ...lookup.results.map((u) => (u.statusText ?? u.status ?? '').length)));
	// Backends whose lists carry the last sign-in (Okta) show it; the others show when the account was created.
	const showsLastSignIn = lookup.results.some((u) => u.lastSignInAt !== null);
	const timeTitle = showsLastSignIn ? 'LAST SIGN-IN' : 'CREATED';
	// Prefix, four gaps, status and created are fixed; email gets half of the rest, name 30%, login the remainder.
	const flexible = Math.max(30, width - 2 - 4 - statusW - 12);
	const emailW = Math.floor(flexible * 0.5);
	const nameW = Math.floor(flexible * 0.3);
	const loginW = flexible - emailW - nameW;
	let status: string;
	switch (lookup.status) {
		case 'idle':
			status =
				lookup.recent.length > 0
					? 'Type an email, user id, login or name and press Enter, or ↓ to pick a recent lookup. : for commands.'
					: 'Type an email, user id, login or name and press Enter. : for commands.';
			break;
		case 'searching':
			status = `Searching for "${lookup.query}"… ${lookup.results.length} so far`;
			break;
		case 'done':
			status =
				lookup.results.length === 0
					? `No user matches "${lookup.query}". Check the spelling, or try part of the name or email.`
					: `${windowLabel(win, lookup.results.length)}${lookup.capped ? '+ (the first 1,000: narrow the query)' : ''} for "${lookup.query}" · ${keyIn('nav/open', 'lookup-results')} opens · ${keyIn('lookup/focus', 'lookup-results')} edits the query`;
			break;
		case 'error':
			status = `Lookup failed: ${lookup.error?.summary ?? 'unknown error'} — ${(lookup.error && errorHint(lookup.error, 'lookup')) || 'press Enter to search again'}.`;
			break;
	}
	if (offersRecent && lookup.status !== 'searching') status = 'Type an email, user id, login or name and press Enter, or ↓ to pick a recent lookup. : for commands.';
	return (
		<Box flexDirection="column" width={width}>
			<Box>
				<Text bold color={color(isTyping ? 'accent' : 'dim')}>
					Find user ›{' '}
				</Text>
				<TextField value={lookup.input} focus={isTyping} placeholder="email, id, login or name" />
			</Box>
			<Text color={color(lookup.status === 'error' ? 'error' : 'dim')} wrap="truncate-end">
				{status}
			</Text>
			{lookup.results.length > 0 && !offersRecent ? (
				<Text color={color('dim')} wrap="truncate-end">
					{'  ' + columns([['STATUS', statusW], ['NAME', nameW], ['EMAIL', emailW], ['LOGIN', loginW], [timeTitle, 12]])}
				</Text>
			) : null}
			{(offersRecent ? [] : lookup.results.slice(win.start, win.end)).map((user, i) => {
				const index = win.start + i;
				const isSelected = index === lookup.selected;
				const line = columns([
					[user.status === null ? '…' : (user.statusText ?? user.status).toUpperCase(), statusW],
					[user.displayName, nameW],
					[user.email ?? '—', emailW],
					[user.login ?? '', loginW],
					[relTime(showsLastSignIn ? user.lastSignInAt : user.createdAt, now), 12],
				]);
				const tone = user.status === null || user.status === 'active' ? undefined : 'bad';
				return (
					<Text key={user.id} inverse={isSelected && !isTyping} color={color(tone)} wrap="truncate-end">
						{isSelected ? `${SELECTED} ` : '  '}
						{line}
					</Text>
				);
			})}
			{offersRecent ? (
				<Box flexDirection="column" marginTop={1}>
					<Text color={color('dim')}>Recent lookups</Text>
					{lookup.recent.slice(0, Math.max(1, listHeight - 2)).map((query, i) => (
						<Text key={query} inverse={i === lookup.recentSelected} wrap="truncate-end">
							{i === lookup.recentSelected ? `${SELECTED} ` : '  '}
							{query}
						</Text>
					))}
				</Box>
			) : null}
		</Box>
	);
}
