/**
 * The user view: a header that answers "what is going on with this account" (who, then the diagnosis: what is
 * wrong and the key for the next step, then the facts), the tab bar with counts, and the active tab (or the dialog
 * the operator opened over it).
 */
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import type {Finding, Severity} from '../src/diagnosis/diagnose.js';
import {identitySource} from '../src/diagnosis/identity.js';
import {lastSignIn, SOURCE_WORDS, viewFindings} from './state/evidence.js';
import type {GuardedProvider} from '../src/api/guard.js';
import type {MfaState, Session, Trail} from '../src/api/types.js';
import {isFailure} from '../src/api/trail.js';
import {effectOf, needsVerifiedCaller, titleOf, type Pending} from '../src/operations/index.js';
import {TextField} from './components/text-field.js';
import {pageWindow, windowLabel} from './components/windowed.js';
import {dataOf, type Resource} from './state/resource.js';
import {TAB_TITLES, TABS, type State, type TabId, type UserView} from './state/types.js';
import {errorHint, stepText} from './steps.js';
import {keyIn, KEYMAP} from './keymap.js';
import {isOffered} from './state/operations.js';
import {grantsResource, sessionCounts} from './state/rows.js';
import {ConfirmDialog} from './components/confirm-dialog.js';
import {cellWidth, clock, plural, relTime, stamp, truncate, wrapWords} from '../src/format.js';
import {TabBar, type TabSpec} from './components/tab-bar.js';
import {color, SELECTED, type Tone} from './components/theme.js';
import {SessionsTab, GrantsTab, PasskeysTab, MembershipsTab, InfoTab, TrailTab, TimelineTab} from './tabs.js';

/**
 * Rows the user view needs besides the list: app chrome (status bar, two result lines, footer, frame margin), the
 * header with its two diagnosis lines, the tab bar, and the table's title and position lines.
 */
export const CHROME_ROWS = 12;

/**
 * How the header shares a body of `height` rows: the diagnosis gets two lines when there is room and always one;
 * on a short terminal the header's summary line goes first (the diagnosis says what matters more).
 */
export function headerLayout(height: number): {readonly header: 2 | 3; readonly diagnosis: 1 | 2} {
	return {header: height >= 10 ? 3 : 2, diagnosis: height >= 14 ? 2 : 1};
}

export interface UserScreenProps {
	readonly state: State;
	readonly view: UserView;
	readonly provider: GuardedProvider;
	readonly width: number;
	readonly height: number;
}

export function UserScreen({state, view, provider, width, height}: UserScreenProps) {
	// On a short terminal a dialog takes the whole body: what is being confirmed matters more than the header.
	const isDialog = state.overlay.type === 'confirm' || state.overlay.type === 'form' || state.overlay.type === 'menu';
	const hideChrome = isDialog && height < 16;
	const rows = headerLayout(height);
	const contentHeight = Math.max(1, hideChrome ? height : height - rows.header - rows.diagnosis - 1);
	return (
		<Box flexDirection="column" width={width}>
			{hideChrome ? null : <Header state={state} view={view} provider={provider} width={width} lines={rows.header} diagnosisLines={rows.diagnosis} />}
			{hideChrome ? null : <TabBar tabs={tabSpecs(view)} active={view.tab} width={width} />}
			<Box flexDirection="column" height={contentHeight} overflow="hidden">
				<Content state={state} view={view} provider={provider} width={width} height={contentHeight} />
			</Box>
		</Box>
	);
}

/** On a `verify_caller` profile, what the dialog of a change that waits for a verified caller says about it. */
function callerFact(state: State, p: Pending): [string, string][] {
	const check = state.callerCheck;
	if (!check || !needsVerifiedCaller(p)) return [];
	const seen = check.verified[p.input.user.id];
	const until = seen ? seen.at + check.minutes * 60_000 : 0;
	if (seen && until > state.now) return [['Caller', `verified at ${clock(seen.at)} (${seen.how}); counts until ${clock(until)}`]];
	const verify = `${keyIn('mfa/verify', 'mfa')} on MFA`;
	return [['Caller', `NOT verified: this profile refuses it until the caller is verified (${verify}: a push or the code they read out; an approval counts ${check.minutes} minutes)`]];
}

function Content({state, view, provider, width, height}: UserScreenProps) {
	const {overlay} = state;
	if (overlay.type === 'confirm') {
		const p = overlay.pending;
		const user = p.input.user;
		const target = user.email ?? user.login ?? user.id;
		return (
			<ConfirmDialog
				title={titleOf(p)}
				facts={[
					['User', `${user.name} <${target}> · id ${user.id}`],
					['Backend', `${provider.label} · ${provider.host}`],
					['Effect', effectOf(p)],
					...callerFact(state, p),
				]}
				expected={overlay.expected}
				input={overlay.input}
				error={overlay.error}
				width={width}
				isCompact={height < 9}
			/>
		);
	}
	if (overlay.type === 'form') {
		return (
			<Box flexDirection="column" borderStyle="round" paddingX={1} width={Math.min(width, 100)}>
				<Text bold wrap="truncate-end">
					{truncate(`${titleOf(overlay.pending).replace(/ to ".*"$/, '')} of ${overlay.pending.input.user.name}`, Math.min(width, 100) - 4)}
				</Text>
				<Box>
					<Text color={color('accent')}>{overlay.label} › </Text>
					<TextField value={overlay.input} />
				</Box>
				{overlay.error ? <Text color={color('error')}>{overlay.error}</Text> : null}
				<Text color={color('dim')}>Enter saves · Esc cancels</Text>
			</Box>
		);
	}
	if (overlay.type === 'menu') {
		const inner = Math.min(width, 100) - 4;
		const hint = wrapWords(`${keyIn('list/down', 'menu')}/${keyIn('list/up', 'menu')} move · ${keyIn('nav/open', 'menu')} chooses (a confirm dialog follows) · ${keyIn('nav/back', 'menu')} closes`, inner);
		// Only the rows that fit: more than the box holds and Yoga lays rows over each other, mixing their words.
		const win = pageWindow(overlay.selected, overlay.items.length, height - 3 - hint.length);
		const windowed = win.end - win.start < overlay.items.length;
		return (
			<Box flexDirection="column" borderStyle="round" paddingX={1} width={Math.min(width, 100)}>
				<Text bold wrap="truncate-end">
					{truncate(windowed ? `${overlay.title} · ${windowLabel(win, overlay.items.length)}` : overlay.title, inner)}
				</Text>
				{overlay.items.slice(win.start, win.end).map((item, n) => {
					const i = win.start + n;
					return (
						<Text key={item.label} inverse={i === overlay.selected} wrap="truncate-end">
							{truncate(`${i === overlay.selected ? `${SELECTED} ` : '  '}${item.label}${item.typed ? '  (type to confirm)' : ''}`, inner)}
						</Text>
					);
				})}
				{hint.map((line) => (
					<Text key={line} color={color('dim')} wrap="truncate-end">
						{line}
					</Text>
				))}
			</Box>
		);
	}
	const filterLine =
		overlay.type === 'filter' ? (
			<Box>
				<Text color={color('accent')}>Filter {TAB_TITLES[view.tab]} › </Text>
				<TextField value={overlay.input} />
				<Text color={color('dim')}> Enter applies · Esc clears</Text>
			</Box>
		) : null;
	const listHeight = Math.max(1, height - (filterLine ? 1 : 0));
	return (
		<Box flexDirection="column">
			{filterLine}
			<TabBody
				view={view}
				now={state.now}
				width={width}
				height={listHeight}
				hint={view.tab === 'mfa' ? tabKeys(state, 'help') : view.tab === 'profile' ? tabKeys(state, 'label') : ''}
				sessionsNote={provider.capabilities['sessions.list'] === true ? '' : provider.capabilities['sessions.list']}
				provider={provider}
			/>
		</Box>
	);
}

/**
 * "a add TOTP · x delete TOTP/factor": the current tab's change keys that offer something here, from the key table.
 * Profile has six, so it names them by label: a narrow footer cuts them, and this line is where they stay visible.
 */
function tabKeys(state: State, words: 'help' | 'label'): string {
	const tab = state.user?.tab;
	return KEYMAP.filter((b) => b.operations && b.scopes.some((s) => s === tab) && isOffered(state, b.operations))
		.map((b) => `${b.legend} ${words === 'help' ? (b.help ?? b.label) : b.label}`)
		.join(' · ');
}

/** The Sign-ins tab's one line where the backend keeps no trail (Wacht; see README for the server source checked). */
export const NO_TRAIL_NOTE = 'Wacht keeps no sign-in attempt or audit log; these are its sign-ins, expired ones included';

function TabBody({view, now, width, height, hint, sessionsNote, provider}: {view: UserView; now: number; width: number; height: number; hint: string; sessionsNote: string; provider: GuardedProvider}) {
	const resource = resourceOf(view, view.tab);
	const problem = resource.status === 'error' ? resource.error : null;
	const stale = resource.status === 'loading' && dataOf(resource as Resource<unknown>) !== undefined;
	// An error takes two lines: what failed, then what to do next (which a long message must never push off screen).
	const nextStep = problem ? `→ ${errorHint(problem, 'user') || 'see the message above'}${problem.requestId ? ` · request ${problem.requestId}` : ''}` : null;
	const notice = problem
		? `${TAB_TITLES[view.tab]} failed to load: ${problem.summary}`
		: stale
			? 'refreshing…'
			: null;
	const body = (() => {
		if (dataOf(resource as Resource<unknown>) === undefined) {
			return <Text color={color('dim')}>{problem ? '' : `Loading ${TAB_TITLES[view.tab].toLowerCase()}…`}</Text>;
		}
		const h = Math.max(1, height - (notice ? 1 : 0) - (nextStep ? 1 : 0));
		switch (view.tab) {
			case 'sessions':
				return view.sessionsMode === 'grants' ? (
					<GrantsTab view={view} now={now} width={width} height={h} note={sessionsNote} />
				) : (
					<SessionsTab view={view} now={now} width={width} height={h} />
				);
			case 'passkeys':
				return <PasskeysTab view={view} now={now} width={width} height={h} />;
			case 'memberships':
				return <MembershipsTab view={view} now={now} width={width} height={h} />;
			case 'mfa':
			case 'profile':
				return <InfoTab view={view} height={h} hint={hint} />;
			case 'trail':
				return view.trailMode === 'events' ? (
					<TrailTab view={view} now={now} width={width} height={h} budget={provider.eventsRateLimit?.() ?? null} />
				) : (
					<TimelineTab view={view} now={now} width={width} height={h} note={NO_TRAIL_NOTE} />
				);
		}
	})();
	return (
		<Box flexDirection="column">
			{notice ? (
				<Text color={color(problem ? 'error' : 'dim')} wrap="truncate-end">
					{notice}
				</Text>
			) : null}
			{nextStep ? (
				<Text color={color('warn')} wrap="truncate-end">
					{nextStep}
				</Text>
			) : null}
			{body}
		</Box>
	);
}

function resourceOf(view: UserView, tab: TabId): Resource<unknown> {
	if (tab === 'sessions' && view.sessionsMode === 'grants') return grantsResource(view);
	if (tab === 'trail') return view.trailMode === 'events' ? view.data.events : view.data.sessions;
	return tab === 'profile' ? view.data.details : view.data[tab];
}


const TAB_SHORT: Record<TabId, string> = {sessions: 'Sess', passkeys: 'Keys', mfa: 'MFA', memberships: 'Memb', profile: 'Prof', trail: 'Trail'};
/** Which titles give way first on a narrow terminal: those whose short form says the most. */
const SHORT_RANK: Record<TabId, number> = {trail: 0, profile: 1, passkeys: 2, memberships: 3, sessions: 4, mfa: 5};

function tabSpecs(view: UserView): TabSpec[] {
	return TABS.map((tab) => {
		const resource = resourceOf(view, tab);
		const data = dataOf(resource);
		let badge = '';
		if (resource.status === 'error') badge = '!';
		else if (data === undefined) badge = '…';
		// The grants are in, the refresh tokens (a round trip later on Okta) not yet: the count says it will grow.
		else if (tab === 'sessions' && view.sessionsMode === 'grants') badge = `${(data as readonly unknown[]).length} grants${resource.status === 'loading' ? ' +…' : ''}`;
		else if (tab === 'sessions') {
			const active = sessionCounts(data as readonly Session[]).active;
			// Live sessions only: the expired ones are counted in the tab itself, and a long badge would push tabs off an 80-column line.
			badge = String(active);
		} else if (tab === 'passkeys' || tab === 'memberships') badge = String((data as readonly unknown[]).length);
		else if (tab === 'trail' && view.trailMode === 'events') {
			// The failures and denials: what an operator opens this tab for.
			const failed = (data as Trail).events.filter(isFailure).length;
			badge = failed > 0 ? `${failed}✗` : '';
		}
		return {id: tab, title: TAB_TITLES[tab], short: TAB_SHORT[tab], shortRank: SHORT_RANK[tab], badge, tone: resource.status === 'error' ? 'bad' : undefined};
	});
}

function mfaSummary(mfa: MfaState): string {
	const parts = [
		mfa.policy ? `MFA ${mfa.policy}` : null,
		mfa.factors.length > 0 ? plural(mfa.factors.filter((f) => f.status === 'ACTIVE').length, 'active factor') : null,
		`TOTP ${mfa.totp === 'yes' ? 'on' : mfa.totp === 'no' ? 'off' : '?'}`,
		mfa.backupCodes === 'unknown' ? null : `backup codes ${mfa.backupCodes}`,
	];
	return parts.filter(Boolean).join(' · ');
}

/**
 * "last sign-in 4m ago (2026-11-23 13:59 UTC) · created 2026-09-01 11:03 UTC · id 5900… · login jokafor", shortened
 * until it fits: the times lose their detail before anything is dropped, so the id and the login stay on screen.
 */
export function factsLine(f: {last: string | null; source: string; hasSessions: boolean; created: string | null; id: string; login: string | null; now: number}, width: number): string {
	// Where the figure comes from is said, shortest last: Wacht keeps no last-sign-in field, so it is the newest session.
	const lastWord = (full: boolean): string =>
		`last sign-in ${f.last ? (full ? `${relTime(f.last, f.now)} (${stamp(f.last)}, ${f.source})` : `${relTime(f.last, f.now)} (${f.source})`) : f.hasSessions ? 'none on record' : '…'}`;
	const created = (full: boolean): string | null => (f.created ? `created ${full ? stamp(f.created) : stamp(f.created).slice(0, 10)}` : null);
	const tail = [`id ${f.id}`, f.login ? `login ${f.login}` : null];
	const variants = [
		[lastWord(true), created(true), ...tail],
		[lastWord(true), created(false), ...tail],
		[lastWord(false), created(false), ...tail],
		[lastWord(false), ...tail],
	].map((parts) => parts.filter(Boolean).join(' · '));
	return variants.find((v) => cellWidth(v) <= width) ?? variants.at(-1)!;
}

/** A word, not a glyph, leads each line: readable without colour, and never mistaken for a result line (✓ ✗ ?). */
const SEVERITY: Readonly<Record<Severity, {readonly label: string; readonly tone: Tone}>> = {
	blocker: {label: 'Problem:', tone: 'bad'},
	warning: {label: 'Check:', tone: 'warn'},
	note: {label: 'Note:', tone: 'info'},
};

/**
 * One finding on one line of `width` cells: the text is cut before the next step is, so the key stays on screen.
 * Never wraps.
 */
export function findingLine(f: Finding, width: number): string {
	const head = `${SEVERITY[f.severity].label} `;
	// A long step loses what comes after its first key before the key itself goes: that key is the one to press now.
	const steps = f.action ? [stepText(f.action), stepText({label: f.action.label, does: f.action.does})].map((s) => ` → ${s}`) : [''];
	for (const step of steps) {
		const room = width - cellWidth(head) - cellWidth(step);
		if (room >= 12 || !step) return head + truncate(f.text, Math.max(0, room)) + step;
	}
	return truncate(head + f.text + steps.at(-1)!, width);
}

/** The diagnosis lines: one finding per line, most severe first; a lone finding that does not fit gets two. */
export function diagnosisLines(findings: readonly Finding[], lines: 1 | 2, width: number): {readonly text: string; readonly tone: Tone | undefined}[] {
	if (findings.length === 0) return [];
	const first = findings[0]!;
	const tone = (f: Finding): Tone => SEVERITY[f.severity].tone;
	const whole = `${SEVERITY[first.severity].label} ${first.text}${first.action ? ` → ${stepText(first.action)}` : ''}`;
	if (lines === 2 && findings.length === 1 && !first.action && cellWidth(whole) > width) {
		// No step to keep on screen: the words wrap, so the end of the sentence (where to unlock instead) still shows.
		const [one = '', ...rest] = wrapWords(whole, width);
		return [
			{text: one, tone: tone(first)},
			{text: truncate(`  ${rest.join(' ')}`, width), tone: tone(first)},
		];
	}
	if (lines === 2 && findings.length === 1 && first.action && cellWidth(whole) > width) {
		return [
			{text: truncate(`${SEVERITY[first.severity].label} ${first.text}`, width), tone: tone(first)},
			{text: truncate(`  → ${stepText(first.action)}`, width), tone: tone(first)},
		];
	}
	return findings.slice(0, lines).map((f) => ({text: findingLine(f, width), tone: tone(f)}));
}

function Diagnosis({state, view, provider, width, lines}: {state: State; view: UserView; provider: GuardedProvider; width: number; lines: 1 | 2}) {
	const details = dataOf(view.data.details);
	// Recomputed when the loaded data changes, not per key press (the time is when the details came): the sign-in scan
	// itself is cached per list.
	const at = view.data.details.status === 'ok' ? view.data.details.at : 0;
	const {data, lifecycle, gone} = view;
	const when = at || state.now;
	const findings = useMemo(() => viewFindings({data, lifecycle, gone}, provider.kind, state.caps, when), [data, lifecycle, gone, provider.kind, state.caps, when]);
	const shown = diagnosisLines(findings, lines, width);
	const filler = details === undefined ? (view.data.details.status === 'error' ? ' ' : 'checking…') : shown.length === 0 ? 'No problem found in what is loaded' : ' ';
	const out = shown.length > 0 ? shown : [{text: filler, tone: 'dim' as Tone}];
	while (out.length < lines) out.push({text: ' ', tone: undefined});
	return (
		<Box flexDirection="column" width={width} height={lines} overflow="hidden">
			{out.map((line, i) => (
				<Text key={i} color={color(line.tone)} wrap="truncate-end">
					{line.text}
				</Text>
			))}
		</Box>
	);
}

function Header({state, view, provider, width, lines, diagnosisLines: diagLines}: {state: State; view: UserView; provider: GuardedProvider; width: number; lines: 2 | 3; diagnosisLines: 1 | 2}) {
	const details = dataOf(view.data.details);
	const who = details ?? view.summary;
	const now = state.now;
	const status = details?.status ?? (view.data.details.status === 'error' ? 'unknown' : '…');
	const statusTone = status === 'active' ? 'ok' : status === '…' ? 'dim' : 'bad';
	const sessions = dataOf(view.data.sessions);
	const mfa = dataOf(view.data.mfa);
	// One pass over the sign-ins (10,000 of them for some users) per loaded list, not per key press.
	const {data, gone, sessionsMode, summary: listed} = view;
	const scanned = useMemo(
		() => ({last: lastSignIn({data, gone, sessionsMode, summary: listed}), active: sessions ? sessionCounts(sessions).active : undefined}),
		[data, gone, sessionsMode, listed, sessions],
	);
	const facts = factsLine(
		{last: scanned.last.at, source: SOURCE_WORDS[scanned.last.source], hasSessions: sessions !== undefined, created: who?.createdAt ?? null, id: view.id, login: who?.login ?? null, now},
		width,
	);
	const activeCount = scanned.active;
	// Where the password lives, when it is not the backend's, or the IdPs it is linked to: said before anything else.
	const source = details ? identitySource(details) : null;
	const summary = [
		source && (source.kind !== 'backend' || (details?.identityProviders?.length ?? 0) > 0) ? source.summary : null,
		view.sessionsMode === 'grants' ? null : sessions ? `${activeCount} active session${activeCount === 1 ? '' : 's'}` : null,
		dataOf(view.data.passkeys) ? plural(dataOf(view.data.passkeys)!.length, 'passkey') : null,
		mfa ? mfaSummary(mfa) : null,
		// The MFA summary already says the policy; a flag saying it again would only push the rest off the line.
		...(details?.flags.filter((f) => f !== 'disabled' && !(mfa?.policy && f === `MFA ${mfa.policy}`)) ?? []),
	]
		.filter(Boolean)
		.join(' · ');
	const detailsError = view.data.details.status === 'error' ? view.data.details.error : null;
	return (
		<Box flexDirection="column" width={width}>
			<Box>
				<Text color={color(statusTone)} bold inverse={status !== 'active' && status !== '…'}>
					{` ${status.toUpperCase().replace('_', ' ')} `}
				</Text>
				<Text bold wrap="truncate-end">
					{' '}
					{truncate(`${who?.displayName ?? view.id}  <${who?.email ?? 'no email'}>`, width - status.length - 4)}
				</Text>
			</Box>
			<Diagnosis state={state} view={view} provider={provider} width={width} lines={diagLines} />
			<Text color={color('dim')} wrap="truncate-end">
				{facts}
			</Text>
			{lines === 3 || detailsError ? (
				<Text color={color(detailsError ? 'error' : undefined)} wrap="truncate-end">
					{detailsError ? `User details failed: ${detailsError.summary}${errorHint(detailsError, 'user') ? ` — ${errorHint(detailsError, 'user')}` : ''}` : summary || ' '}
				</Text>
			) : null}
		</Box>
	);
}
