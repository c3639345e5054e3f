/**
 * The user view: a header that answers "what is going on with this account", the tab bar with counts, and the
 * active tab (or the dialog the operator opened over it).
 */
import {Box, Text} from 'ink';
import {TextField} from '../src/ui/text-field.js';
import type {Provider} from '../src/api/provider.js';
import type {MfaState, Session} from '../src/api/types.js';
import {dataOf, type Resource} from '../src/state/resource.js';
import {
	describePending,
	effectOf,
	TAB_TITLES,
	TABS,
	type Action,
	type State,
	type TabId,
	type UserView,
} from '../src/state/store.js';
import {ConfirmDialog} from '../src/ui/confirm-dialog.js';
import {plural, relTime, stamp, truncate} from '../src/ui/format.js';
import {TabBar, type TabSpec} from '../src/ui/tab-bar.js';
import {color, SELECTED} from '../src/ui/theme.js';
import {SessionsTab, GrantsTab, PasskeysTab, MembershipsTab, InfoTab} from './tabs.js';

/** Rows the user view needs besides the list: app chrome (status, flash, footer, frame margin) + header + tabs. */
export const CHROME_ROWS = 10;
const HEADER_ROWS = 3;

export interface UserScreenProps {
	readonly state: State;
	readonly view: UserView;
	readonly dispatch: (action: Action) => void;
	readonly provider: Provider;
	readonly width: number;
	readonly height: number;
}

export function UserScreen({state, view, dispatch, provider, width, height}: UserScreenProps) {
	// On a short terminal a dialog takes the whole body: what is being confirmed matters more than the header.
	const isDialog = state.overlay.type === 'confirm' || state.overlay.type === 'rename' || state.overlay.type === 'menu';
	const hideChrome = isDialog && height < 16;
	const contentHeight = Math.max(1, hideChrome ? height : height - HEADER_ROWS - 1);
	return (
		<Box flexDirection="column" width={width}>
			{hideChrome ? null : <Header view={view} width={width} />}
			{hideChrome ? null : <TabBar tabs={tabSpecs(view)} active={view.tab} width={width} />}
			<Box flexDirection="column" height={contentHeight} overflow="hidden">
				<Content state={state} view={view} dispatch={dispatch} provider={provider} width={width} height={contentHeight} />
			</Box>
		</Box>
	);
}

function Content({state, view, dispatch, provider, width, height}: UserScreenProps) {
	const {overlay} = state;
	if (overlay.type === 'confirm') {
		const p = overlay.pending;
		const target = p.user.email ?? p.user.login ?? p.user.id;
		return (
			<ConfirmDialog
				title={describePending(p)}
				facts={[
					['User', `${p.user.name} <${target}> · id ${p.user.id}`],
					['Backend', `${provider.label} · ${provider.host}`],
					['Effect', effectOf(p)],
				]}
				expected={overlay.expected}
				input={overlay.input}
				error={overlay.error}
				width={width}
				isCompact={height < 9}
			/>
		);
	}
	if (overlay.type === 'rename') {
		return (
			<Box flexDirection="column" borderStyle="round" paddingX={1} width={Math.min(width, 100)}>
				<Text bold>Rename passkey "{overlay.passkey.name}" of {overlay.user.name}</Text>
				<Box>
					<Text color={color('accent')}>New name › </Text>
					<TextField value={overlay.input} />
				</Box>
				{overlay.error ? <Text color={color('error')}>{overlay.error}</Text> : null}
				<Text color={color('dim')}>Enter saves · Esc cancels</Text>
			</Box>
		);
	}
	if (overlay.type === 'menu') {
		return (
			<Box flexDirection="column" borderStyle="round" paddingX={1} width={Math.min(width, 100)}>
				<Text bold>{overlay.title}</Text>
				{overlay.items.map((item, i) => (
					<Text key={item.label} inverse={i === overlay.selected} wrap="truncate-end">
						{i === overlay.selected ? `${SELECTED} ` : '  '}
						{item.label}
						{item.typed ? '  (type to confirm)' : ''}
					</Text>
				))}
				<Text color={color('dim')}>j/k move · Enter chooses (a confirm dialog follows) · Esc closes</Text>
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
			<TabBody view={view} width={width} height={listHeight} sessionsNote={provider.capabilities['sessions.list'] === true ? '' : provider.capabilities['sessions.list']} />
		</Box>
	);
}

function TabBody({view, width, height, sessionsNote}: {view: UserView; width: number; height: number; sessionsNote: string}) {
	const resource = resourceOf(view, view.tab);
	const problem = resource.status === 'error' ? resource.error : null;
	const stale = resource.status === 'loading' && dataOf(resource as Resource<unknown>) !== undefined;
	// An error takes two lines: what failed, then what to do next (which a long message must never push off screen).
	const nextStep = problem ? `→ ${problem.hint || 'press r to retry'}${problem.requestId ? ` · request ${problem.requestId}` : ''}` : null;
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
					<GrantsTab view={view} width={width} height={h} note={sessionsNote} />
				) : (
					<SessionsTab view={view} width={width} height={h} />
				);
			case 'passkeys':
				return <PasskeysTab view={view} width={width} height={h} />;
			case 'memberships':
				return <MembershipsTab view={view} width={width} height={h} />;
			case 'mfa':
			case 'profile':
				return <InfoTab view={view} width={width} height={h} />;
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
	if (tab === 'sessions' && view.sessionsMode === 'grants') return view.grants;
	return tab === 'profile' ? view.details : view[tab];
}

/** Last sign-in: the newest activity among the sign-ins the backend still holds. */
export function lastSignIn(sessions: readonly Session[] | undefined): string | null {
	let best: string | null = null;
	for (const s of sessions ?? []) if (s.lastActiveAt && (!best || s.lastActiveAt > best)) best = s.lastActiveAt;
	return best;
}

const TAB_SHORT: Record<TabId, string> = {sessions: 'Sess', passkeys: 'Keys', mfa: 'MFA', memberships: 'Memb', profile: 'Prof'};

function tabSpecs(view: UserView): TabSpec[] {
	return TABS.map((tab) => {
		const resource = resourceOf(view, tab);
		const data = dataOf(resource);
		let badge = '';
		if (resource.status === 'error') badge = '!';
		else if (data === undefined) badge = '…';
		else if (tab === 'sessions' && view.sessionsMode === 'grants') badge = `${(data as readonly unknown[]).length} grants`;
		else if (tab === 'sessions') {
			const sessions = data as readonly Session[];
			const active = sessions.filter((s) => !s.expired).length;
			// Live sessions only: the expired ones are counted in the tab itself, and a long badge would push tabs off an 80-column line.
			badge = String(active);
		} else if (tab === 'passkeys' || tab === 'memberships') badge = String((data as readonly unknown[]).length);
		return {id: tab, title: TAB_TITLES[tab], short: TAB_SHORT[tab], badge, tone: resource.status === 'error' ? 'bad' : undefined};
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

function Header({view, width}: {view: UserView; width: number}) {
	const details = dataOf(view.details);
	const who = details ?? view.summary;
	const now = Date.now();
	const status = details?.status ?? (view.details.status === 'error' ? 'unknown' : '…');
	const statusTone = status === 'active' ? 'ok' : status === '…' ? 'dim' : 'bad';
	const sessions = dataOf(view.sessions);
	const mfa = dataOf(view.mfa);
	const last = view.sessionsMode === 'grants' ? (who?.lastSignInAt ?? null) : lastSignIn(sessions);
	const facts = [
		`last sign-in ${last ? `${relTime(last, now)} (${stamp(last)})` : sessions ? 'none on record' : '…'}`,
		`created ${stamp(who?.createdAt)}`,
		`id ${view.id}`,
		who?.login ? `login ${who.login}` : null,
	]
		.filter(Boolean)
		.join(' · ');
	const activeCount = sessions?.filter((s) => !s.expired).length;
	const summary = [
		view.sessionsMode === 'grants' ? null : sessions ? `${activeCount} active session${activeCount === 1 ? '' : 's'}` : null,
		dataOf(view.passkeys) ? plural(dataOf(view.passkeys)!.length, 'passkey') : null,
		mfa ? mfaSummary(mfa) : null,
		...(details?.flags.filter((f) => f !== 'disabled') ?? []),
	]
		.filter(Boolean)
		.join(' · ');
	const detailsError = view.details.status === 'error' ? view.details.error : null;
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
			<Text color={color('dim')} wrap="truncate-end">
				{facts}
			</Text>
			<Text color={color(detailsError ? 'error' : undefined)} wrap="truncate-end">
				{detailsError ? `User details failed: ${detailsError.summary} — ${detailsError.hint || 'press r to retry'}` : summary || ' '}
			</Text>
		</Box>
	);
}
