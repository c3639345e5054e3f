/**
 * The root: one reducer, one input hook, the effects, and the layout. The frame is never taller than rows − 1
 * (a frame as tall as the terminal makes Ink clear the screen on every render).
 */
import {Box, Text, useApp, useInput} from 'ink';
import {useEffect, useReducer, useRef, useState} from 'react';
import type {Provider} from '../src/api/provider.js';
import {initialState, reducer, scopesOf, type Action, type Flash, type ProfileChoice, type State} from './state/store.js';
import {keyNames, type ActionId} from './keymap.js';
import {StatusBar} from './components/status-bar.js';
import {Footer} from './components/footer.js';
import {HelpOverlay} from './components/help-overlay.js';
import {MIN_COLUMNS, MIN_ROWS, TooSmall} from './components/too-small.js';
import {useTerminalSize} from './components/use-terminal-size.js';
import {color} from './components/theme.js';
import {clock, truncate} from '../src/format.js';
import {dataOf} from './state/resource.js';
import {incidentSummary} from '../src/incident/summary.js';
import {diagnose, stepText} from '../src/diagnosis/diagnose.js';
import type {Output} from '../src/incident/output.js';
import type {RecentStore} from '../src/config/recent.js';
import {VERSION} from '../src/version.js';
import {useActivityLoader, useCommandRunner, useLookup, useLookupStatuses, useUserLoaders} from './effects.js';
import {ActivityView, ProfilesOverlay, PromptLine, UnlockDialog} from './app-overlays.js';
import {LookupScreen, lookupListHeight} from './lookup-screen.js';
import {UserScreen, CHROME_ROWS} from './user-screen.js';
import {SecretView} from './secret-view.js';

export interface AppProps {
	readonly provider: Provider;
	readonly isDemo: boolean;
	/** `account-triage <query>` opens straight on that lookup. */
	readonly initialQuery?: string;
	/** Ignore `y` this long after a confirm dialog opens. @default 300 */
	readonly confirmGuardMs?: number;
	/** Called with the final state when the operator quits. */
	readonly onQuit?: (state: State) => void;
	/** For tests: start from a prepared state. */
	readonly initial?: State;
	/** The profile in use: named in the status bar; a protected one turns it red and asks to type for every destructive action. */
	readonly profile?: {readonly name: string; readonly isProtected: boolean};
	/** What P (and `:profile`) offer. */
	readonly profiles?: readonly ProfileChoice[];
	/** The operator chose another profile; the host reconnects and remounts the app. */
	readonly onSwitchProfile?: (name: string) => void;
	/** A message from the host (a switch that failed, or succeeded), shown once per `seq`. */
	readonly notice?: (Flash & {readonly seq: number}) | null;
	/** Called with the run's action lines whenever one is added (the host prints them on quit). */
	readonly onHistory?: (history: readonly string[]) => void;
	/** The clipboard (OSC 52) and summary files; without it, S and c say there is nowhere to copy to. */
	readonly output?: Output;
	/** Who is at the keyboard, for the summary's footer. */
	readonly operator?: string;
	/** Where this profile's recent lookups are kept between runs. */
	readonly recent?: RecentStore;
}

export function App({provider, isDemo, initialQuery, confirmGuardMs, onQuit, initial, profile, profiles, onSwitchProfile, notice, onHistory, output, operator, recent}: AppProps) {
	// Computed once: the initial state reads the recent lookups from disk.
	const [state, dispatch] = useReducer(reducer, undefined, () =>
		initial ??
			initialState({
				caps: provider.capabilities,
				confirmWith: provider.confirmWith,
				query: initialQuery,
				confirmGuardMs,
				isProtected: profile?.isProtected ?? false,
				profiles,
				writes: provider.writeUnlock ?? null,
				recent: recent?.load() ?? [],
				writesNote: provider.isReadOnly ? 'read-only for this run (--read-only): restart without it to make changes' : 'writes are allowed on this profile: W unlocks only read-only profiles',
			}),
	);
	const {columns, rows} = useTerminalSize();
	const app = useApp();
	const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
	const listHeight = Math.max(1, rows - 1 - CHROME_ROWS);

	useInput((input, key) => {
		const names = keyNames(input, key);
		if (tooSmall) {
			if (names.includes('q') || names.includes('ctrl+c')) dispatch({type: 'key', action: 'app/quit', now: Date.now(), page: 1});
			return;
		}
		dispatch({type: 'input', names, now: Date.now(), page: listHeight});
	});

	useLookup(provider, state, dispatch);
	useLookupStatuses(provider, state, dispatch, lookupListHeight(rows));
	useUserLoaders(provider, state, dispatch);
	useCommandRunner(provider, state, dispatch);
	useActivityLoader(provider, state, dispatch);
	useCountdown(state);

	const switchSeq = state.switchTo?.seq ?? 0;
	useEffect(() => {
		if (state.switchTo) onSwitchProfile?.(state.switchTo.name);
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [switchSeq]);

	useWriteUnlock(provider, state, dispatch);
	const recentList = state.lookup.recent;
	const firstRecent = useRef(recentList);
	useEffect(() => {
		if (recentList !== firstRecent.current) recent?.save(recentList);
	}, [recentList, recent]);
	useExport(state, dispatch, {output, operator, profile: profile?.name ?? null, backend: `${provider.label} · ${provider.host}`, kind: provider.kind});

	const noticeSeq = notice?.seq ?? 0;
	useEffect(() => {
		if (notice) dispatch({type: 'flash', flash: {text: notice.text, tone: notice.tone}});
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [noticeSeq]);

	useEffect(() => {
		if (state.history.length > 0) onHistory?.(state.history);
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [state.history]);

	useEffect(() => {
		if (!state.quit) return;
		onQuit?.(state);
		app.exit();
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [state.quit]);

	if (tooSmall) {
		return (
			<Box height={rows - 1} width={columns}>
				<TooSmall columns={columns} rows={rows} />
			</Box>
		);
	}

	const scopes = scopesOf(state);
	const hidden = hiddenActions(state);
	const activity = activityText(state, provider);
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
				isReadOnly={provider.isReadOnly === true}
				writableUntil={state.writes?.until ?? null}
				profile={profile?.name ?? null}
				isProtected={profile?.isProtected === true}
				activity={activity}
				width={columns}
			/>
			<Box flexDirection="column" height={bodyHeight} overflow="hidden">
				<Body state={state} dispatch={dispatch} provider={provider} width={columns} height={bodyHeight} />
			</Box>
			{isSecret ? null : state.overlay.type === 'command' ? <PromptLine overlay={state.overlay} width={columns} /> : <FlashLine state={state} width={columns} />}
			<Footer scopes={scopes} hidden={hidden} width={columns} />
		</Box>
	);
}

function Body({state, dispatch, provider, width, height}: {state: State; dispatch: (a: Action) => void; provider: Provider; width: number; height: number}) {
	const {overlay} = state;
	if (overlay.type === 'help') return <HelpOverlay width={width} height={height} />;
	if (overlay.type === 'profiles') return <ProfilesOverlay state={state} selected={overlay.selected} width={width} height={height} />;
	if (overlay.type === 'activity') return <ActivityView overlay={overlay} width={width} height={height} />;
	if (overlay.type === 'unlock') return <UnlockDialog overlay={overlay} state={state} width={width} height={height} />;
	if (overlay.type === 'totp' || overlay.type === 'codes' || overlay.type === 'reveal') return <SecretView overlay={overlay} width={width} height={height} />;
	if (state.screen === 'user' && state.user) {
		return <UserScreen state={state} view={state.user} dispatch={dispatch} provider={provider} width={width} height={height} />;
	}
	return <LookupScreen state={state} dispatch={dispatch} width={width} height={height} />;
}

function FlashLine({state, width}: {state: State; width: number}) {
	const flash = state.flash;
	const tone = flash?.tone === 'ok' ? 'ok' : flash?.tone === 'error' ? 'error' : 'info';
	// Two lines, so an error's explanation and what to do next fit beside what failed.
	return (
		<Box width={width} height={2} overflow="hidden">
			<Text color={color(tone)} wrap="wrap">
				{flash ? truncate(flash.text, width * 2 - 1) : ' '}
			</Text>
		</Box>
	);
}

/** Actions the footer leaves out: unsupported by this backend. */
function hiddenActions(state: State): ReadonlySet<ActionId> {
	const hidden = new Set<ActionId>();
	const map: [ActionId, keyof State['caps']][] = [
		['session/revokeAll', 'sessions.revokeAll'],
		['passkey/rename', 'passkeys.rename'],
		['passkey/delete', 'passkeys.delete'],
		['mfa/enroll', 'mfa.totp.enroll'],
		['mfa/backupCodes', 'mfa.backupCodes.regenerate'],
	];
	for (const [action, cap] of map) if (state.caps[cap] !== true) hidden.add(action);
	if (state.caps['mfa.totp.delete'] !== true && state.caps['mfa.factors.delete'] !== true) hidden.add('mfa/delete');
	if (state.user && state.user.lifecycle.length === 0) hidden.add('user/lifecycle');
	if (state.caps['sessions.list'] !== true) hidden.add('session/toggleExpired');
	const revokeCap = state.caps['sessions.list'] === true ? 'sessions.revoke' : 'grants.revoke';
	if (state.caps[revokeCap] !== true) hidden.add('session/revoke');
	return hidden;
}

function activityText(state: State, provider: Provider): string | null {
	const budget = provider.rateLimit?.() ?? null;
	const api = budget ? `API ${budget.remaining}/${budget.limit} ` : '';
	const busy = busyText(state);
	return busy || api ? `${busy ?? ''}${api}` : null;
}

function busyText(state: State): string | null {
	if (state.wait) {
		const left = Math.max(0, Math.ceil((state.wait.until - Date.now()) / 1000));
		return state.wait.reason === 'rate_limited' ? `rate limited · retry in ${left}s ` : `retrying in ${left}s `;
	}
	if (state.command.status === 'running') return 'working… ';
	if (state.screen === 'lookup' && state.lookup.status === 'searching') return 'searching… ';
	return null;
}

/** Copies what S or c asked for; a summary also goes to a file, for terminals that ignore OSC 52. */
function useExport(
	state: State,
	dispatch: (a: Action) => void,
	context: {output: Output | undefined; operator: string | undefined; profile: string | null; backend: string; kind: Provider['kind']},
): void {
	const request = state.exportRequest;
	useEffect(() => {
		if (!request) return;
		const {output} = context;
		const say = (text: string, tone: 'ok' | 'error' | 'info'): void => dispatch({type: 'flash', flash: {text, tone}});
		if (!output) return say('Nowhere to copy to in this mode', 'info');
		try {
			if (request.kind === 'copy') {
				output.copy(request.text);
				return say(`Copied the ${request.what} to the clipboard (OSC 52): ${request.text}`, 'ok');
			}
			const view = state.user;
			if (!view) return;
			const user = dataOf(view.details) ?? view.summary;
			if (!user) return say('The user is not loaded yet', 'info');
			const now = Date.now();
			const text = incidentSummary({
				user,
				sessions: dataOf(view.sessions) ?? null,
				passkeys: dataOf(view.passkeys) ?? null,
				mfa: dataOf(view.mfa) ?? null,
				memberships: dataOf(view.memberships) ?? null,
				// The same findings the diagnosis line shows, with their next step.
				findings: diagnose({
					backend: context.kind,
					caps: state.caps,
					details: dataOf(view.details),
					lifecycle: view.lifecycle,
					sessions: dataOf(view.sessions),
					mfa: dataOf(view.mfa),
					now,
				}).map((f) => (f.action ? `${f.text} → ${stepText(f.action)}` : f.text)),
				history: state.history,
				backend: context.backend,
				profile: context.profile,
				operator: context.operator ?? null,
				version: VERSION,
				now,
			});
			const stampText = new Date(now).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
			const path = output.save(`${stampText}-${user.email ?? user.login ?? user.id}`, text);
			const copied = output.copy(text);
			say(`${copied ? 'Summary copied to the clipboard (OSC 52) and saved' : 'Summary too long for the clipboard; saved'}: ${path}`, 'ok');
		} catch (error) {
			say(`✗ Could not write the summary: ${error instanceof Error ? error.message : String(error)}`, 'error');
		}
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [request?.seq]);
}

/**
 * Asks the guard to unlock or lock writes when the reducer says so, and locks the screen again when an unlock's
 * time is up (the guard itself refuses writes from that moment, whatever the screen shows).
 */
function useWriteUnlock(provider: Provider, state: State, dispatch: (a: Action) => void): void {
	const request = state.writeRequest;
	useEffect(() => {
		if (!request) return;
		const run = request.op === 'unlock' ? provider.unlockWrites?.() : provider.lockWrites?.().then(() => null);
		if (!run) return;
		run.then(
			(until) =>
				dispatch({
					type: 'writes',
					caps: provider.capabilities,
					until,
					flash:
						until === null
							? {text: 'Writes locked: the profile is read-only again (journaled)', tone: 'info'}
							: {text: `Writes allowed until ${clock(until)} (journaled); W locks them sooner`, tone: 'ok'},
				}),
			(error: unknown) => dispatch({type: 'flash', flash: {text: `✗ Writes stay locked: ${error instanceof Error ? error.message : String(error)}`, tone: 'error'}}),
		);
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [request?.seq]);

	const until = state.writes?.until ?? null;
	useEffect(() => {
		if (until === null) return;
		const timer = setTimeout(
			() => dispatch({type: 'writes', caps: provider.capabilities, until: null, flash: {text: 'The write unlock ran out: the profile is read-only again', tone: 'info'}}),
			Math.max(0, until - Date.now()) + 50,
		);
		return () => clearTimeout(timer);
	}, [until, provider, dispatch]);
}

/** Re-renders once a second while a wait or a write unlock is counting down; no timer otherwise (an idle app draws nothing). */
function useCountdown(state: State): void {
	const [, setTick] = useState(0);
	const waiting = state.wait !== null || (state.writes?.until ?? null) !== null;
	useEffect(() => {
		if (!waiting) return;
		const timer = setInterval(() => setTick((t) => t + 1), 1000);
		return () => clearInterval(timer);
	}, [waiting]);
}
