/** The tab bodies: windowed one-line rows whose columns line up whatever the data holds. */
import {Box, Text} from 'ink';
import {memo} from 'react';
import {mfaRows, profileRows, visibleGrants, visibleMemberships, visiblePasskeys, visibleSessions, type InfoRow, type UserView} from '../src/state/store.js';
import {columns, fit, relTime} from '../src/ui/format.js';
import {color, SELECTED} from '../src/ui/theme.js';
import {pageWindow, windowLabel} from '../src/ui/windowed.js';

export interface TabProps {
	readonly view: UserView;
	readonly width: number;
	readonly height: number;
}

interface Column {
	readonly title: string;
	readonly width: number;
	readonly align?: 'left' | 'right';
}

/** Spreads the spare width over the flexible columns (those with width 0). */
function layout(cols: readonly Column[], total: number): Column[] {
	const fixed = cols.reduce((sum, c) => sum + c.width + 1, 2);
	const flex = cols.filter((c) => c.width === 0).length;
	const spare = Math.max(flex * 8, total - fixed);
	return cols.map((c) => (c.width === 0 ? {...c, width: Math.floor(spare / Math.max(1, flex))} : c));
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
	readonly keyOf: (row: T) => string;
	readonly selected: number;
	readonly width: number;
	readonly height: number;
	readonly empty: string;
	readonly extra?: string;
}) {
	const cols = layout(props.cols, props.width);
	const listHeight = Math.max(1, props.height - 2);
	const win = pageWindow(props.selected, props.rows.length, listHeight);
	const line = (cells: string[]): string => columns(cells.map((text, i) => [text, cols[i]!.width, cols[i]!.align] as const));
	return (
		<Box flexDirection="column">
			<Text color={color('dim')} wrap="truncate-end">
				{'  ' + line(cols.map((c) => c.title))}
			</Text>
			{props.rows.length === 0 ? <Text color={color('dim')}>{'  ' + props.empty}</Text> : null}
			{props.rows.slice(win.start, win.end).map((row, i) => (
				<Row key={props.keyOf(row)} text={line(props.cells(row))} isSelected={win.start + i === props.selected} tone={props.tone?.(row)} />
			))}
			<Text color={color('dim')} wrap="truncate-end">
				{props.rows.length > 0 ? `  ${windowLabel(win, props.rows.length)}` : ''}
				{props.extra ? `  ${props.extra}` : ''}
			</Text>
		</Box>
	);
}

export function SessionsTab({view, width, height}: TabProps) {
	const rows = visibleSessions(view);
	const now = Date.now();
	const all = view.sessions.status === 'ok' ? view.sessions.data.length : rows.length;
	const hiddenExpired = view.showExpired ? 0 : (view.sessions.status === 'ok' ? view.sessions.data.filter((s) => s.expired).length : 0);
	const extra = [
		view.filter.sessions ? `filter "${view.filter.sessions}"` : null,
		hiddenExpired > 0 ? `${hiddenExpired} expired hidden (e shows)` : view.showExpired ? 'expired shown (e hides)' : null,
	]
		.filter(Boolean)
		.join(' · ');
	return (
		<Table
			rows={rows}
			cols={[
				{title: 'LAST ACTIVE', width: 11},
				{title: 'CLIENT', width: 0},
				{title: 'LOCATION', width: 0},
				{title: 'IP', width: 15},
				{title: 'SIGNED IN', width: 10},
				{title: 'EXPIRES', width: 10},
			]}
			cells={(s) => [
				relTime(s.lastActiveAt, now),
				[s.browser, s.device && s.device !== 'Other' ? `on ${s.device}` : null].filter(Boolean).join(' ') || 'unknown',
				[s.city, s.countryCode ?? s.country].filter(Boolean).join(', ') || '—',
				s.ip ?? '—',
				relTime(s.createdAt, now),
				s.expired ? 'EXPIRED' : relTime(s.expiresAt, now),
			]}
			tone={(s) => (s.expired ? 'dim' : undefined)}
			keyOf={(s) => s.id}
			selected={view.selected.sessions}
			width={width}
			height={height}
			empty={all === 0 ? 'No sessions: this user is signed in nowhere.' : 'No session matches (e shows expired ones, / changes the filter).'}
			extra={extra}
		/>
	);
}

/** Where sessions cannot be listed (Okta): say so, and list the OAuth grants and refresh tokens instead. */
export function GrantsTab({view, width, height, note}: TabProps & {readonly note: string}) {
	const rows = visibleGrants(view);
	const now = Date.now();
	return (
		<Box flexDirection="column">
			<Text color={color('warn')} wrap="truncate-end">
				{note}
			</Text>
			<Text color={color('dim')} wrap="truncate-end">
				X signs out everywhere · x revokes the selected OAuth grant or refresh token:
			</Text>
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
				keyOf={(g) => `${g.kind}:${g.id}`}
				selected={view.selected.sessions}
				width={width}
				height={Math.max(1, height - 2)}
				empty="No OAuth grants or refresh tokens."
			/>
		</Box>
	);
}

export function PasskeysTab({view, width, height}: TabProps) {
	const rows = visiblePasskeys(view);
	const now = Date.now();
	return (
		<Table
			rows={rows}
			cols={[
				{title: 'NAME', width: 0},
				{title: 'TYPE', width: 14},
				{title: 'TRANSPORTS', width: 0},
				{title: 'LAST USED', width: 10},
				{title: 'CREATED', width: 10},
				{title: 'USES', width: 6, align: 'right'},
			]}
			cells={(p) => [
				p.name || '(unnamed)',
				[p.deviceType?.replace('_', '-') ?? p.status ?? '', p.backedUp ? 'synced' : ''].filter(Boolean).join(' '),
				p.transports.join(', ') || '—',
				relTime(p.lastUsedAt, now),
				relTime(p.createdAt, now),
				p.signCount === null ? '—' : String(p.signCount),
			]}
			keyOf={(p) => p.id}
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
			keyOf={(m) => `${m.kind}:${m.id}`}
			selected={view.selected.memberships}
			width={width}
			height={height}
			empty="No memberships."
		/>
	);
}

const toneOf = (row: InfoRow): 'dim' | 'warn' | 'ok' | 'bad' | undefined => row.tone;

/** Key/value tabs: MFA and Profile. */
export function InfoTab({view, width, height}: TabProps) {
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
			{view.tab === 'mfa' ? (
				<Text color={color('dim')} wrap="truncate-end">
					{rows.some((r) => r.factor)
						? '  a enrolls a TOTP factor (QR code, then the code from the app) · x unenrolls the selected factor'
						: '  a adds a TOTP authenticator (QR code shown once) · x deletes it · b regenerates backup codes'}
				</Text>
			) : null}
		</Box>
	);
}

