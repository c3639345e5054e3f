/** The tab bodies: windowed one-line rows whose columns line up whatever the data holds. */
import {Box, Text} from 'ink';
import {memo} from 'react';
import {dataOf} from './state/resource.js';
import {mfaRows, profileRows, sessionCounts, visibleEvents, visibleGrants, visibleMemberships, visiblePasskeys, visibleSessions, visibleTimeline, type InfoRow} from './state/rows.js';
import {isFailure} from '../src/api/trail.js';
import {appOf, eventText, placeOf, reasonLine} from '../src/diagnosis/event-words.js';
import type {UserView} from './state/types.js';
import {describeClient} from '../src/api/user-agent.js';
import type {AuditEvent, Passkey, RateBudget, Session} from '../src/api/types.js';
import {columns, fit, plural, relTime, truncate} from '../src/format.js';
import {color, SELECTED} from './components/theme.js';
import {pageWindow, windowLabel} from './components/windowed.js';
import {keyIn} from './keymap.js';

export interface TabProps {
	readonly view: UserView;
	/** What relative times are measured from. */
	readonly now: number;
	readonly width: number;
	readonly height: number;
}

interface Column {
	readonly title: string;
	readonly width: number;
	readonly align?: 'left' | 'right';
	/** A flexible column's share of the spare width (default 1). */
	readonly weight?: number;
}

/** Spreads the spare width over the flexible columns (those with width 0), by weight. */
function layout(cols: readonly Column[], total: number): Column[] {
	const fixed = cols.reduce((sum, c) => sum + c.width + 1, 2);
	const flex = cols.filter((c) => c.width === 0);
	const weights = flex.reduce((sum, c) => sum + (c.weight ?? 1), 0);
	const spare = Math.max(flex.length * 8, total - fixed);
	return cols.map((c) => (c.width === 0 ? {...c, width: Math.max(8, Math.floor((spare * (c.weight ?? 1)) / Math.max(1, weights)))} : c));
}

const Row = memo(function Row({text, isSelected, tone}: {text: string; isSelected: boolean; tone?: 'dim' | 'warn' | 'ok' | 'bad'}) {
	return (
		<Text inverse={isSelected} color={color(tone)} wrap="truncate-end">
			{isSelected ? `${SELECTED} ` : '  '}
			{text}
		</Text>
	);
});

function Table<T>(props: {
	readonly rows: readonly T[];
	readonly cols: readonly Column[];
	readonly cells: (row: T) => string[];
	readonly tone?: (row: T) => 'dim' | 'warn' | 'ok' | 'bad' | undefined;
	readonly selected: number;
	readonly width: number;
	readonly height: number;
	readonly empty: string;
	readonly extra?: string;
}) {
	const cols = layout(props.cols, props.width);
	// Never more lines than the height: on a short body the position line goes first, then the column titles
	// (lines that do not fit would be drawn over each other).
	const showLabel = props.height >= 3;
	const showTitles = props.height >= 2;
	const listHeight = Math.max(1, props.height - (showLabel ? 1 : 0) - (showTitles ? 1 : 0));
	const win = pageWindow(props.selected, props.rows.length, listHeight);
	const line = (cells: string[]): string => columns(cells.map((text, i) => [text, cols[i]!.width, cols[i]!.align] as const));
	return (
		<Box flexDirection="column">
			{showTitles ? (
				<Text color={color('dim')} wrap="truncate-end">
					{'  ' + line(cols.map((c) => c.title))}
				</Text>
			) : null}
			{props.rows.length === 0 ? (
				<Text color={color('dim')} wrap="truncate-end">
					{'  ' + props.empty}
				</Text>
			) : null}
			{/* Keyed by place on the page, not by row: a page flip gives the same Row components new text (an update of
			    each line) instead of unmounting the page and mounting the next, with its Ink and layout nodes. */}
			{props.rows.slice(win.start, win.end).map((row, i) => (
				<Row key={i} text={line(props.cells(row))} isSelected={win.start + i === props.selected} tone={props.tone?.(row)} />
			))}
			{showLabel ? (
				<Text color={color('dim')} wrap="truncate-end">
					{props.rows.length > 0 ? `  ${windowLabel(win, props.rows.length)}` : ''}
					{props.extra ? `  ${props.extra}` : ''}
				</Text>
			) : null}
		</Box>
	);
}

/** `*` the live sign-in with the newest activity (as `git branch` marks the current one), `!` new country or device. */
export function sessionMarks(s: Session): string {
	return `${s.latest ? '*' : ' '}${s.unusual.length > 0 ? '!' : ' '}`;
}

/** Browser · OS · device, NEW in front when this device is new for the user. */
export function sessionClient(s: Session): string {
	const client = describeClient(s) || 'unknown';
	return s.unusual.includes('device') ? `NEW ${client}` : client;
}

/** City, country; NEW in front when the country is new for the user. */
export function sessionPlace(s: Session): string {
	const place = [s.city, s.countryCode ?? s.country].filter(Boolean).join(', ') || '—';
	return s.unusual.includes('country') ? `NEW ${place}` : place;
}

export function SessionsTab({view, now, width, height}: TabProps) {
	// Sorted by last activity and marked once per load by the provider (src/diagnosis/sessions.ts): rows are only read here.
	const rows = visibleSessions(view);
	const all = view.data.sessions.status === 'ok' ? view.data.sessions.data.length : rows.length;
	const hiddenExpired = view.showExpired ? 0 : view.data.sessions.status === 'ok' ? sessionCounts(view.data.sessions.data).expired : 0;
	const extra = [
		view.filter.sessions ? `filter "${view.filter.sessions}"` : null,
		hiddenExpired > 0 ? `${hiddenExpired} expired hidden (${keyIn('session/toggleExpired', 'sessions')} shows)` : view.showExpired ? `expired shown (${keyIn('session/toggleExpired', 'sessions')} hides)` : null,
		rows.length > 0 ? '* latest · ! new country/device' : null,
	]
		.filter(Boolean)
		.join(' · ');
	// On narrower terminals the sign-in time, then the expiry, give their room to the client and the place, which
	// say more.
	const wide = width >= 120;
	const expiry = width >= 72;
	return (
		<Table
			rows={rows}
			cols={[
				{title: 'LAST ACTIVE', width: 11},
				{title: '', width: 2},
				{title: 'CLIENT', width: 0, weight: 3},
				{title: 'LOCATION', width: 0, weight: 2},
				{title: 'IP', width: 15},
				...(wide ? [{title: 'SIGNED IN', width: 10}] : []),
				...(expiry ? [{title: 'EXPIRES', width: 10}] : []),
			]}
			cells={(s) => [
				relTime(s.lastActiveAt, now),
				sessionMarks(s),
				sessionClient(s),
				sessionPlace(s),
				s.ip ?? '—',
				...(wide ? [relTime(s.createdAt, now)] : []),
				...(expiry ? [s.expired ? 'EXPIRED' : relTime(s.expiresAt, now)] : []),
			]}
			tone={(s) => (s.expired ? 'dim' : s.unusual.length > 0 ? 'warn' : undefined)}
			selected={view.selected.sessions}
			width={width}
			height={height}
			empty={all === 0 ? 'No sessions: this user is signed in nowhere.' : `No session matches (${keyIn('session/toggleExpired', 'sessions')} shows expired ones, ${keyIn('list/filter', 'list')} changes the filter).`}
			extra={extra}
		/>
	);
}

/** Where sessions cannot be listed (Okta): say so, and list the OAuth grants and refresh tokens instead. */
export function GrantsTab({view, now, width, height, note}: TabProps & {readonly note: string}) {
	const rows = visibleGrants(view);
	// The key legend is the first thing to go on a short body (the footer lists x and X too).
	const legend = height >= 5;
	return (
		<Box flexDirection="column">
			<Text color={color('warn')} wrap="truncate-end">
				{note}
			</Text>
			{legend ? (
				<Text color={color('dim')} wrap="truncate-end">
					X signs out everywhere · x revokes the selected OAuth grant or refresh token:
				</Text>
			) : null}
			<Table
				rows={rows}
				cols={[
					{title: 'KIND', width: 13},
					{title: 'APP', width: 0},
					{title: 'SCOPES', width: 0},
					{title: 'STATUS', width: 8},
					{title: 'CREATED', width: 10},
					{title: 'EXPIRES', width: 10},
				]}
				cells={(g) => [g.kind === 'grant' ? 'grant' : 'refresh token', g.clientName, g.scopes.join(' ') || '—', g.status ?? '—', relTime(g.createdAt, now), relTime(g.expiresAt, now)]}
				selected={view.selected.sessions}
				width={width}
				height={Math.max(1, height - (legend ? 2 : 1))}
				empty="No OAuth grants or refresh tokens."
			/>
		</Box>
	);
}

export function PasskeysTab({view, now, width, height}: TabProps) {
	const rows = visiblePasskeys(view);
	// Columns for what this backend says about passkeys: Wacht gives the device type, transports, last use and use
	// count; Okta (a passkey is a WebAuthn factor) a status and when it was enrolled. A column nobody fills is left out.
	const all = dataOf(view.data.passkeys) ?? [];
	type PasskeyColumn = Column & {readonly cell: (p: Passkey) => string; readonly shown: boolean};
	const candidates: readonly PasskeyColumn[] = [
		{title: 'NAME', width: 0, shown: true, cell: (p) => p.name || '(unnamed)'},
		{title: 'TYPE', width: 14, shown: all.some((p) => p.deviceType), cell: (p) => [p.deviceType?.replace('_', '-') ?? '', p.backedUp ? 'synced' : ''].filter(Boolean).join(' ') || '—'},
		{title: 'STATUS', width: 10, shown: all.some((p) => p.status), cell: (p) => p.status ?? '—'},
		{title: 'TRANSPORTS', width: 0, shown: all.some((p) => p.transports.length > 0), cell: (p) => p.transports.join(', ') || '—'},
		{title: 'LAST USED', width: 10, shown: all.some((p) => p.lastUsedAt), cell: (p) => relTime(p.lastUsedAt, now)},
		{title: 'CREATED', width: 10, shown: true, cell: (p) => relTime(p.createdAt, now)},
		{title: 'USES', width: 6, align: 'right', shown: all.some((p) => p.signCount !== null), cell: (p) => (p.signCount === null ? '—' : String(p.signCount))},
	];
	const columns = candidates.filter((c) => c.shown);
	return (
		<Table
			rows={rows}
			cols={columns}
			cells={(p) => columns.map((c) => c.cell(p))}
			selected={view.selected.passkeys}
			width={width}
			height={height}
			empty="No passkeys registered."
		/>
	);
}

export function MembershipsTab({view, width, height}: TabProps) {
	const rows = visibleMemberships(view);
	return (
		<Table
			rows={rows}
			cols={[
				{title: 'KIND', width: 12},
				{title: 'NAME', width: 0},
				{title: 'ROLES', width: 0},
			]}
			cells={(m) => [m.kind, m.kind === 'workspace' && m.parentName ? `  ${m.parentName} › ${m.name}` : m.name, m.roles.join(', ') || '—']}
			selected={view.selected.memberships}
			width={width}
			height={height}
			empty="No memberships."
		/>
	);
}

const toneOf = (row: InfoRow): 'dim' | 'warn' | 'ok' | 'bad' | undefined => row.tone;

/** Key/value tabs: MFA and Profile. */
export function InfoTab({view, height, hint}: Pick<TabProps, 'view' | 'height'> & {readonly hint?: string}) {
	const rows = view.tab === 'mfa' ? mfaRows(view) : profileRows(view);
	const labelWidth = 20;
	const win = pageWindow(view.selected[view.tab], rows.length, Math.max(1, height - 1));
	return (
		<Box flexDirection="column">
			{rows.slice(win.start, win.end).map((row, i) => (
				<Row
					key={`${row.label}:${win.start + i}`}
					text={`${fit(row.label, labelWidth)} ${row.value}`}
					isSelected={win.start + i === view.selected[view.tab]}
					tone={toneOf(row)}
				/>
			))}
			{hint ? (
				<Text color={color('dim')} wrap="truncate-end">
					{`  ${hint}`}
				</Text>
			) : null}
		</Box>
	);
}


const OUTCOME_WORDS: Readonly<Record<string, string>> = {failure: 'failures', deny: 'denials', success: 'successes'};

/** ✗ for a failure or a denial (visible without colour), ! for a threat Okta suspected. */
export function eventMark(e: AuditEvent): string {
	return `${isFailure(e) ? '✗' : ' '}${e.threatSuspected ? '!' : ' '}`;
}

/** The Sign-ins tab on a backend with a trail: a status line (the window, the filter, following), then the events. */
export function TrailTab({view, now, width, height, budget}: TabProps & {readonly budget: RateBudget | null}) {
	const trail = dataOf(view.data.events);
	const rows = visibleEvents(view);
	const all = trail?.events ?? [];
	const failed = all.filter(isFailure).length;
	const bucket = budget ? `System Log ${budget.remaining}/${budget.limit}` : null;
	const days = trail && trail.since ? Math.round((Date.parse(trail.until) - Date.parse(trail.since)) / 86_400_000) : 7;
	const status = view.follow
		? [`following · ${view.follow.lastPollAt === null ? 'first poll…' : `last poll ${Math.max(0, Math.round((now - view.follow.lastPollAt) / 1000))}s ago`}`, `${keyIn('nav/back', 'user')} stops`, bucket]
		: [
				`last ${days} day${days === 1 ? '' : 's'} · ${plural(all.length, 'event')}${trail?.capped ? ' (the newest only)' : ''}${failed > 0 ? `, ${failed} failed or denied` : ''}`,
				`${keyIn('trail/outcome', 'trail')} ${view.outcome ? `shows ${OUTCOME_WORDS[view.outcome]}` : 'filters by outcome'}`,
				`${keyIn('trail/follow', 'trail')} follows`,
				bucket,
			];
	const wide = width >= 100;
	return (
		<Box flexDirection="column">
			<Text color={color(view.follow ? 'accent' : 'dim')} wrap="truncate-end">
				{truncate(status.filter(Boolean).join(' · '), width)}
			</Text>
			<Table
				rows={rows}
				cols={[
					{title: 'WHEN', width: 9},
					{title: '', width: 2},
					{title: 'EVENT', width: 0, weight: 2},
					{title: 'WHY', width: 0, weight: 4},
					{title: 'PLACE', width: 0, weight: 2},
					...(wide ? [{title: 'IP', width: 15}] : []),
				]}
				cells={(e) => [relTime(e.at, now), eventMark(e), eventText(e), reasonLine(e) || appOf(e) || (e.actor && e.actor.id !== view.id ? `by ${e.actor.displayName ?? e.actor.alternateId ?? e.actor.type}` : '') || (e.outcome.result ?? ''), placeOf(e) || '—', ...(wide ? [e.client.ip ?? '—'] : [])]}
				tone={(e) => (isFailure(e) ? 'bad' : undefined)}
				selected={view.selected.trail}
				width={width}
				height={Math.max(1, height - 1)}
				empty={all.length === 0 ? `No events for this user in the last ${days} days.` : `No event matches (${keyIn('trail/outcome', 'trail')} changes the outcome, ${keyIn('list/filter', 'list')} the filter).`}
				extra={[view.filter.trail ? `filter "${view.filter.trail}"` : null, rows.length > 0 ? `✗ failed/denied · ${keyIn('nav/open', 'trail')} opens the record` : null].filter(Boolean).join(' · ')}
			/>
		</Box>
	);
}

/** The Sign-ins tab where the backend keeps no trail (Wacht): said in one line, then its sign-ins as a timeline. */
export function TimelineTab({view, now, width, height, note}: TabProps & {readonly note: string}) {
	const rows = visibleTimeline(view);
	return (
		<Box flexDirection="column">
			<Text color={color('warn')} wrap="truncate-end">
				{truncate(note, width)}
			</Text>
			<Table
				rows={rows}
				cols={[
					{title: 'SIGNED IN', width: 10},
					{title: 'LAST ACTIVE', width: 11},
					{title: 'CLIENT', width: 0, weight: 3},
					{title: 'LOCATION', width: 0, weight: 2},
					{title: 'IP', width: 15},
					{title: 'NOW', width: 8},
				]}
				cells={(s) => [relTime(s.createdAt, now), relTime(s.lastActiveAt, now), sessionClient(s), sessionPlace(s), s.ip ?? '—', s.expired ? 'EXPIRED' : 'active']}
				tone={(s) => (s.expired ? 'dim' : s.unusual.length > 0 ? 'warn' : undefined)}
				selected={view.selected.trail}
				width={width}
				height={Math.max(1, height - 1)}
				empty="No sign-ins on record: Wacht keeps none for this user (disabling a user deletes them)."
				extra={view.filter.trail ? `filter "${view.filter.trail}"` : 'newest sign-in first, expired ones included'}
			/>
		</Box>
	);
}
