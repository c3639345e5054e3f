/**
 * The root of one app on one backend: the store (reducer + effect runner), the input, and the layout. The frame is
 * never taller than rows − 1 (a frame as tall as the terminal makes Ink clear the screen on every render).
 */
import {Box, Text, useApp, useInput} from 'ink';
import {useEffect} from 'react';
import type {GuardedProvider} from '../src/api/guard.js';
import type {RecentStore} from '../src/config/recent.js';
import type {Output} from '../src/incident/output.js';
import {truncate, wrapWords} from '../src/format.js';
import {createRunner} from './effects.js';
import {keyNames, KEYMAP, type ActionId} from './keymap.js';
import {initialState, scopesOf} from './state/reducer.js';
import {isOffered} from './state/operations.js';
import type {Flash, ProfileChoice, State} from './state/types.js';
import {createStore, useStore} from './use-store.js';
import {StatusBar} from './components/status-bar.js';
import {Footer} from './components/footer.js';
import {HelpOverlay} from './components/help-overlay.js';
import {MIN_COLUMNS, MIN_ROWS, TooSmall} from './components/too-small.js';
import {useTerminalSize} from './components/use-terminal-size.js';
import {color} from './components/theme.js';
import {ActivityView, ProfilesOverlay, PromptLine, UnlockDialog} from './app-overlays.js';
import {EventRecord} from './event-record.js';
import {LookupScreen} from './lookup-screen.js';
import {UserScreen, CHROME_ROWS} from './user-screen.js';
import {SecretView} from './secret-view.js';

export interface AppProps {
	/** Guarded: every change goes through the guard's read-only refusal and journal (src/api/guard.ts). */
	readonly provider: GuardedProvider;
	readonly isDemo: boolean;
	/** `account-triage <query>` opens straight on that lookup. */
	readonly initialQuery?: string;
	/** Ignore `y` this long after a confirm dialog opens. @default 300 */
	readonly confirmGuardMs?: number;
	/** Called with the final state when the operator quits. */
	readonly onQuit?: (state: State) => void;
	/** The profile in use: named in the status bar; a protected one turns it red and asks to type for every destructive action. */
	readonly profile?: {readonly name: string; readonly isProtected: boolean};
	/** What P (and `:profile`) offer. */
	readonly profiles?: readonly ProfileChoice[];
	/** The operator chose another profile; resolves with why the host could not switch, or null once it did. */
	readonly onSwitchProfile?: (name: string) => Promise<string | null>;
	/** A line to show when the app opens (the host's word on a profile switch). */
	readonly greeting?: Flash | null;
	/** Called with each action's result line as it happens (the host prints the run's lines on quit). */
	readonly onRecord?: (line: string) => void;
	/** The clipboard (OSC 52) and summary files; without it, S and c say there is nowhere to copy to. */
	readonly output?: Output;
	/** Who is at the keyboard, for the summary's footer. */
	readonly operator?: string;
	/** Where this profile's recent lookups are kept between runs. */
	readonly recent?: RecentStore;
}

export function App({provider, isDemo, initialQuery, confirmGuardMs, onQuit, profile, profiles, onSwitchProfile, greeting, onRecord, output, operator, recent}: AppProps) {
	const {columns, rows} = useTerminalSize();
	const app = useApp();
	const [state, dispatch] = useStore(() =>
		createStore(
			initialState({
				caps: provider.capabilities,
				readOnly: provider.isReadOnly,
				confirmWith: provider.confirmWith,
				query: initialQuery,
				confirmGuardMs,
				isProtected: profile?.isProtected ?? false,
				verifyCallerMinutes: provider.verifyCallerMinutes,
				profiles,
				writes: provider.writeUnlock,
				recent: recent?.load() ?? [],
				flash: greeting ?? null,
				now: Date.now(),
				rows,
				columns,
				writesNote: provider.writeUnlock === null && provider.isReadOnly ? 'read-only for this run (--read-only): restart without it to make changes' : 'writes are allowed on this profile: W unlocks only read-only profiles',
			}),
			(dispatch, getState) =>
				createRunner(
					provider,
					{
						output,
						operator,
						profile: profile?.name ?? null,
						recent,
						switchProfile: onSwitchProfile,
						onRecord,
						onQuit: (final) => {
							onQuit?.(final);
							app.exit();
						},
					},
					dispatch,
					getState,
				),
		),
	);
	const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
	const listHeight = Math.max(1, rows - 1 - CHROME_ROWS);

	// The HTTP client loads behind the first frame, not at start-up (the frame would wait) nor on the first key (a
	// pasted email⏎ would wait).
	useEffect(() => {
		const timer = setTimeout(() => provider.prepare?.(), 50);
		return () => clearTimeout(timer);
	}, [provider]);

	useEffect(() => {
		if (state.rows !== rows || state.columns !== columns) dispatch({type: 'resize', rows, columns});
	}, [rows, columns, state.rows, state.columns, dispatch]);

	useInput((input, key) => {
		const names = keyNames(input, key);
		if (tooSmall) {
			if (names.includes('q') || names.includes('ctrl+c')) dispatch({type: 'key', action: 'app/quit', now: Date.now(), page: 1});
			return;
		}
		dispatch({type: 'input', names, now: Date.now(), page: listHeight});
	});

	if (tooSmall) {
		return (
			<Box height={rows - 1} width={columns}>
				<TooSmall columns={columns} rows={rows} />
			</Box>
		);
	}

	// Status bar, two result lines, footer. A secret view takes the result lines too: the QR code needs the height,
	// and the view says itself what happened.
	const isSecret = state.overlay.type === 'totp' || state.overlay.type === 'codes' || state.overlay.type === 'reveal';
	const bodyHeight = rows - 1 - (isSecret ? 2 : 4);
	return (
		<Box flexDirection="column" height={rows - 1} width={columns} overflow="hidden">
			<StatusBar
				backend={provider.label}
				host={provider.host}
				isDemo={isDemo}
				isReadOnly={state.readOnly}
				writableUntil={state.writes?.until ?? null}
				now={state.now}
				profile={profile?.name ?? null}
				isProtected={profile?.isProtected === true}
				activity={activityText(state, provider)}
				width={columns}
			/>
			<Box flexDirection="column" height={bodyHeight} overflow="hidden">
				<Body state={state} provider={provider} width={columns} height={bodyHeight} />
			</Box>
			{isSecret ? null : state.overlay.type === 'command' ? <PromptLine overlay={state.overlay} width={columns} /> : <FlashLine state={state} width={columns} />}
			<Footer scopes={scopesOf(state)} hidden={hiddenActions(state)} width={columns} />
		</Box>
	);
}

function Body({state, provider, width, height}: {state: State; provider: GuardedProvider; width: number; height: number}) {
	const {overlay} = state;
	if (overlay.type === 'help') return <HelpOverlay under={overlay.under} scroll={overlay.scroll} width={width} height={height} />;
	if (overlay.type === 'profiles') return <ProfilesOverlay state={state} selected={overlay.selected} width={width} height={height} />;
	if (overlay.type === 'activity') return <ActivityView overlay={overlay} now={state.now} width={width} height={height} />;
	if (overlay.type === 'event') return <EventRecord event={overlay.event} scroll={overlay.scroll} now={state.now} width={width} height={height} />;
	if (overlay.type === 'unlock') return <UnlockDialog overlay={overlay} state={state} width={width} height={height} />;
	if (overlay.type === 'totp' || overlay.type === 'codes' || overlay.type === 'reveal') return <SecretView overlay={overlay} width={width} height={height} />;
	if (state.screen === 'user' && state.user) return <UserScreen state={state} view={state.user} provider={provider} width={width} height={height} />;
	return <LookupScreen state={state} width={width} height={height} />;
}

function FlashLine({state, width}: {state: State; width: number}) {
	// A result line about another user is not shown over this one's view.
	const flash = state.flash?.userId !== undefined && state.screen === 'user' && state.user?.id !== state.flash.userId ? null : state.flash;
	const tone = flash?.tone === 'ok' ? 'ok' : flash?.tone === 'error' ? 'error' : 'info';
	// Two lines, so an error's explanation and what to do next fit beside what failed; wrapped here, to the widest a
	// terminal may draw the text, so a backend's words can never push the footer down.
	const lines = flash ? wrapWords(flash.text, width) : [' '];
	const shown = lines.length > 2 ? [lines[0]!, truncate(lines.slice(1).join(' '), width)] : lines;
	return (
		<Box width={width} height={2} flexDirection="column" overflow="hidden">
			{shown.map((line, i) => (
				<Text key={i} color={color(tone)} wrap="truncate-end">
					{line === '' ? ' ' : line}
				</Text>
			))}
		</Box>
	);
}

/** Keys the footer leaves out: their operations offer nothing here (unsupported by this backend, read-only…). */
function hiddenActions(state: State): ReadonlySet<ActionId> {
	const hidden = new Set<ActionId>();
	for (const b of KEYMAP) if (b.operations && !isOffered(state, b.operations)) hidden.add(b.action);
	if (state.user && state.user.lifecycle.length === 0) hidden.add('user/lifecycle');
	if (state.user?.sessionsMode !== 'sessions') hidden.add('session/toggleExpired');
	return hidden;
}

function activityText(state: State, provider: GuardedProvider): string | null {
	const budget = provider.rateLimit?.() ?? null;
	const api = budget ? `API ${budget.remaining}/${budget.limit} ` : '';
	const busy = busyText(state);
	return busy || api ? `${busy ?? ''}${api}` : null;
}

function busyText(state: State): string | null {
	if (state.wait) {
		const {until, givesUpAt, reason, attempt} = state.wait;
		const left = Math.ceil((until - state.now) / 1000);
		const givesUp = `gives up in ${Math.max(0, Math.ceil((givesUpAt - state.now) / 1000))}s`;
		// Once the wait is over the request is out again: say which try it is and when it gives up, not "in 0s".
		if (left > 0 && reason === 'rate_limited') return `rate limited · retry in ${left}s `;
		return `retry ${attempt} · ${givesUp} `;
	}
	if (state.command.status === 'running') return 'working… ';
	if (state.screen === 'lookup' && state.lookup.status === 'searching') return 'searching… ';
	return null;
}
