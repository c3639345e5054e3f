/**
 * The app's state and the reducer that gives every key its meaning. Pure: no React, no I/O, no clock
 * (the time arrives in the action). Effects (screens/effects.ts) load data and run confirmed commands.
 *
 * Keys are interpreted here, against the current state, so a handler can never act on stale data, and the
 * target of a destructive action is copied into the dialog when it opens: a refresh cannot change it.
 */
import type {Capabilities, Capability, LifecycleAction} from '../../src/api/provider.js';
import type {ApiError} from '../../src/api/errors.js';
import type {ActivityItem} from '../../src/api/journal.js';
import type {Factor, Membership, MfaState, OAuthGrant, Passkey, Session, TotpEnrollment, UserDetails, UserSummary, WaitNotice} from '../../src/api/types.js';
import {exactMatch, rankUsers} from '../../src/api/search.js';
import {resolveKey, type ActionId, type Scope} from '../keymap.js';
import {dataOf, failed, idle, loading, type Resource} from './resource.js';
import {editLine} from './line-edit.js';

export const TABS = ['sessions', 'passkeys', 'mfa', 'memberships', 'profile'] as const;
export type TabId = (typeof TABS)[number];
export const TAB_TITLES: Record<TabId, string> = {
	sessions: 'Sessions',
	passkeys: 'Passkeys',
	mfa: 'MFA',
	memberships: 'Memberships',
	profile: 'Profile',
};

/** What each tab loads; `details` feeds the header and the Profile tab. */
export type LoadKey = 'details' | 'sessions' | 'grants' | 'passkeys' | 'mfa' | 'memberships';
export const LOAD_KEYS: readonly LoadKey[] = ['details', 'sessions', 'grants', 'passkeys', 'mfa', 'memberships'];

export interface LoadedData {
	details: UserDetails;
	sessions: readonly Session[];
	passkeys: readonly Passkey[];
	mfa: MfaState;
	memberships: readonly Membership[];
	grants: readonly OAuthGrant[];
}

/** A destructive or state-changing command, with its target fixed when it was asked for. */
export type Pending =
	| {readonly kind: 'revokeSession'; readonly user: UserRef; readonly session: Session}
	| {readonly kind: 'revokeAllSessions'; readonly user: UserRef; readonly count: number | null; readonly oauthTokens: boolean; readonly forgetDevices: boolean}
	| {readonly kind: 'revokeGrant'; readonly user: UserRef; readonly grant: OAuthGrant}
	| {readonly kind: 'revokeAllGrants'; readonly user: UserRef; readonly count: number}
	| {readonly kind: 'deleteFactor'; readonly user: UserRef; readonly factor: Factor}
	| {readonly kind: 'activateTotp'; readonly user: UserRef; readonly enrollmentId: string; readonly passCode: string}
	| {readonly kind: 'renamePasskey'; readonly user: UserRef; readonly passkey: Passkey; readonly name: string}
	| {readonly kind: 'deletePasskey'; readonly user: UserRef; readonly passkey: Passkey}
	| {readonly kind: 'enrollTotp'; readonly user: UserRef; readonly details: UserDetails}
	| {readonly kind: 'deleteTotp'; readonly user: UserRef}
	| {readonly kind: 'regenerateBackupCodes'; readonly user: UserRef}
	| {readonly kind: 'lifecycle'; readonly user: UserRef; readonly action: LifecycleAction};

/** Who a command is about, as the operator saw it. */
export interface UserRef {
	readonly id: string;
	readonly name: string;
	readonly email: string | null;
	readonly login: string | null;
}

export type Overlay =
	| {readonly type: 'none'}
	| {readonly type: 'help'}
	| {readonly type: 'confirm'; readonly pending: Pending; readonly openedAt: number; readonly expected: string | null; readonly input: string; readonly error: string | null}
	| {readonly type: 'rename'; readonly passkey: Passkey; readonly user: UserRef; readonly input: string; readonly error: string | null}
	| {readonly type: 'filter'; readonly input: string}
	| {readonly type: 'menu'; readonly title: string; readonly items: readonly MenuItem[]; readonly selected: number}
	| {readonly type: 'totp'; readonly enrollment: TotpEnrollment; readonly user: UserRef; readonly input: string; readonly error: string | null}
	| {readonly type: 'reveal'; readonly title: string; readonly items: readonly {readonly label: string; readonly value: string}[]}
	| {readonly type: 'codes'; readonly codes: readonly string[]; readonly user: UserRef}
	| {readonly type: 'profiles'; readonly selected: number}
	| {readonly type: 'activity'; readonly items: Resource<readonly ActivityItem[]>; readonly selected: number; readonly nonce: number}
	/** Unlocking writes on a read-only profile: the profile's name must be typed. */
	| {readonly type: 'unlock'; readonly input: string; readonly error: string | null}
	/** The `:` prompt: `:user <query>`, `:profile <name>`, `:activity`. */
	| {readonly type: 'command'; readonly input: string; readonly error: string | null};

/** A profile the operator can switch to (from the config file, the environment or the built-in demos). */
export interface ProfileChoice {
	readonly name: string;
	/** "okta · acme.okta.com · read-only" */
	readonly description: string;
	readonly current: boolean;
}

/** A choice in a menu; choosing it opens the confirm dialog for `pending`. */
export interface MenuItem {
	readonly label: string;
	readonly pending: Pending;
	/** Ask for the typed email/login rather than a single y. */
	readonly typed: boolean;
}

export interface UserView {
	readonly id: string;
	readonly summary: UserSummary | null;
	readonly details: Resource<UserDetails>;
	readonly sessions: Resource<readonly Session[]>;
	readonly passkeys: Resource<readonly Passkey[]>;
	readonly mfa: Resource<MfaState>;
	readonly memberships: Resource<readonly Membership[]>;
	readonly grants: Resource<readonly OAuthGrant[]>;
	/** What the Sessions tab lists: sign-ins, or (where sessions cannot be listed) OAuth grants and tokens. */
	readonly sessionsMode: 'sessions' | 'grants';
	readonly lifecycle: readonly LifecycleAction[];
	readonly tab: TabId;
	readonly selected: Readonly<Record<TabId, number>>;
	readonly filter: Readonly<Record<TabId, string>>;
	readonly showExpired: boolean;
	/** Bumped to (re)load; a response for an older nonce is dropped. */
	readonly nonce: Readonly<Record<LoadKey, number>>;
}

export interface LookupState {
	readonly input: string;
	readonly focus: 'input' | 'results';
	readonly query: string;
	readonly status: 'idle' | 'searching' | 'done' | 'error';
	readonly results: readonly UserSummary[];
	readonly selected: number;
	readonly error: ApiError | null;
	/** Bumped per search; pages of an older search are dropped. */
	readonly searchId: number;
	/** Open the user at once when the finished search has a single exact match. */
	readonly openExact: boolean;
	/** Earlier lookups (newest first, persisted by the host), offered while the field is empty. */
	readonly recent: readonly string[];
	/** The highlighted recent lookup, or -1. */
	readonly recentSelected: number;
}

export interface Flash {
	readonly text: string;
	readonly tone: 'ok' | 'error' | 'info';
}

export type Command = {readonly status: 'idle'} | {readonly status: 'running'; readonly pending: Pending; readonly id: number};

export interface State {
	readonly screen: 'lookup' | 'user';
	readonly lookup: LookupState;
	readonly user: UserView | null;
	readonly overlay: Overlay;
	readonly command: Command;
	readonly commandSeq: number;
	readonly flash: Flash | null;
	readonly wait: (WaitNotice & {readonly until: number}) | null;
	readonly caps: Capabilities;
	/** The result line of every action taken in this run, oldest first (printed to the normal screen on quit). */
	readonly history: readonly string[];
	/** What a wide action asks the operator to type: the user's email (Wacht) or login (Okta). */
	readonly confirmWith: 'email' | 'login';
	readonly quit: boolean;
	/** Keys for `y` in a confirm dialog are ignored this long after it opens (a held key cannot confirm). */
	readonly confirmGuardMs: number;
	/** A protected profile: every destructive action asks for the typed email/login, not a single y. */
	readonly isProtected: boolean;
	readonly profiles: readonly ProfileChoice[];
	/** Set when the operator chose another profile; the app hands it to its host, which reconnects. */
	readonly switchTo: {readonly name: string; readonly seq: number} | null;
	/** Time-boxed writes on a read-only profile: null when this profile has none (writable, or forced read-only). */
	readonly writes: {readonly minutes: number; readonly until: number | null} | null;
	/** Why W does nothing here, when `writes` is null. */
	readonly writesNote: string;
	/** Set when the operator unlocked (after typing the profile name) or locked writes; the app asks the guard. */
	readonly writeRequest: {readonly op: 'unlock' | 'lock'; readonly seq: number} | null;
	/** Something to put on the clipboard (and, for a summary, in a file); the app does the writing. */
	readonly exportRequest: ExportRequest | null;
	/** The user viewed before the current one: `-` goes back to it (and back again). */
	readonly previousUser: {readonly id: string; readonly summary: UserSummary | null} | null;
}

export type ExportRequest =
	| {readonly kind: 'summary'; readonly seq: number}
	| {readonly kind: 'copy'; readonly seq: number; readonly text: string; readonly what: string};

export type Action =
	/** Key names from one input event; resolved against the scopes live in the state at that moment. */
	| {readonly type: 'input'; readonly names: readonly string[]; readonly now: number; readonly page: number}
	| {readonly type: 'key'; readonly action: ActionId; readonly now: number; readonly page: number}
	| {readonly type: 'text'; readonly value: string}
	| {readonly type: 'lookup/start'; readonly query: string; readonly openExact: boolean}
	| {readonly type: 'lookup/page'; readonly searchId: number; readonly users: readonly UserSummary[]}
	| {readonly type: 'lookup/done'; readonly searchId: number}
	| {readonly type: 'lookup/failed'; readonly searchId: number; readonly error: ApiError}
	/** Status learned for a result row after the list came back (lists that carry no status). */
	| {readonly type: 'lookup/enrich'; readonly searchId: number; readonly user: UserSummary}
	| {readonly type: 'user/open'; readonly id: string; readonly summary: UserSummary | null}
	| {readonly type: 'load/done'; readonly key: LoadKey; readonly userId: string; readonly nonce: number; readonly data: unknown; readonly lifecycle?: readonly LifecycleAction[]; readonly now: number}
	| {readonly type: 'load/failed'; readonly key: LoadKey; readonly userId: string; readonly nonce: number; readonly error: ApiError}
	| {readonly type: 'command/done'; readonly id: number; readonly flash: string; readonly reload: readonly LoadKey[]; readonly reveal?: Overlay}
	| {readonly type: 'command/failed'; readonly id: number; readonly flash: string; readonly reload: readonly LoadKey[]}
	| {readonly type: 'wait'; readonly notice: WaitNotice | null; readonly now: number}
	| {readonly type: 'flash'; readonly flash: Flash | null}
	| {readonly type: 'activity/done'; readonly nonce: number; readonly items: readonly ActivityItem[]; readonly now: number}
	/** Writes were unlocked, locked, or their time ran out: the capabilities changed with them. */
	| {readonly type: 'writes'; readonly caps: Capabilities; readonly until: number | null; readonly flash: Flash}
	| {readonly type: 'activity/failed'; readonly nonce: number; readonly error: ApiError};

export interface InitOptions {
	readonly caps: Capabilities;
	readonly confirmWith?: 'email' | 'login';
	readonly query?: string;
	readonly confirmGuardMs?: number;
	readonly isProtected?: boolean;
	readonly profiles?: readonly ProfileChoice[];
	readonly writes?: {readonly minutes: number; readonly until: number | null} | null;
	readonly writesNote?: string;
	readonly recent?: readonly string[];
}

const zeroTabs = <T>(value: T): Record<TabId, T> => ({sessions: value, passkeys: value, mfa: value, memberships: value, profile: value});

export function initialState(options: InitOptions): State {
	const query = options.query?.trim() ?? '';
	const base: State = {
		screen: 'lookup',
		lookup: {input: query, focus: 'input', query: '', status: 'idle', results: [], selected: 0, error: null, searchId: 0, openExact: false, recent: options.recent ?? [], recentSelected: -1},
		user: null,
		overlay: {type: 'none'},
		command: {status: 'idle'},
		commandSeq: 0,
		flash: null,
		wait: null,
		caps: options.caps,
		history: [],
		confirmWith: options.confirmWith ?? 'email',
		quit: false,
		confirmGuardMs: options.confirmGuardMs ?? 300,
		isProtected: options.isProtected ?? false,
		profiles: options.profiles ?? [],
		switchTo: null,
		writes: options.writes ?? null,
		writesNote: options.writesNote ?? 'writes are allowed on this profile',
		writeRequest: null,
		exportRequest: null,
		previousUser: null,
	};
	return query ? startLookup(base, query, true) : base;
}

/** An empty lookup field offers the recent lookups (instead of the last results). */
export function offersRecentLookups(lookup: LookupState): boolean {
	return lookup.focus === 'input' && lookup.input === '' && lookup.recent.length > 0;
}

/** How many earlier lookups are kept and offered. */
export const RECENT_MAX = 10;

function startLookup(state: State, query: string, openExact: boolean): State {
	const recent = [query, ...state.lookup.recent.filter((q) => q !== query)].slice(0, RECENT_MAX);
	return {
		...state,
		lookup: {
			...state.lookup,
			recent,
			recentSelected: -1,
			input: query,
			query,
			status: 'searching',
			results: [],
			selected: 0,
			error: null,
			searchId: state.lookup.searchId + 1,
			openExact,
		},
	};
}

function newUserView(id: string, summary: UserSummary | null, previous: UserView | null): UserView {
	const n = (previous?.nonce.details ?? 0) + 1;
	return {
		id,
		summary,
		details: idle,
		sessions: idle,
		passkeys: idle,
		mfa: idle,
		memberships: idle,
		grants: idle,
		sessionsMode: 'sessions',
		lifecycle: [],
		tab: 'sessions',
		selected: zeroTabs(0),
		filter: zeroTabs(''),
		showExpired: false,
		nonce: {details: n, sessions: n, grants: n, passkeys: n, mfa: n, memberships: n},
	};
}

export function openUser(state: State, id: string, summary: UserSummary | null): State {
	const view = newUserView(id, summary, state.user);
	const current = state.user;
	const previousUser = current && current.id !== id ? {id: current.id, summary: dataOf(current.details) ?? current.summary} : state.previousUser;
	// Data a backend cannot give is "loaded, empty" from the start, so no request is made for it.
	const grants: Resource<readonly OAuthGrant[]> = state.caps['grants.list'] === true ? {status: 'loading'} : {status: 'ok', data: [], at: 0};
	const listsSessions = state.caps['sessions.list'] === true;
	const sessions: Resource<readonly Session[]> = listsSessions ? {status: 'loading'} : {status: 'ok', data: [], at: 0};
	const user: UserView = {
		...view,
		sessionsMode: listsSessions ? 'sessions' : 'grants',
		details: loading(idle),
		sessions,
		grants,
		passkeys: loading(idle),
		mfa: loading(idle),
		memberships: loading(idle),
	};
	return {...state, screen: 'user', user, overlay: {type: 'none'}, previousUser};
}

export function userRef(view: UserView): UserRef {
	const d = dataOf(view.details);
	const s = d ?? view.summary;
	return {id: view.id, name: s?.displayName ?? view.id, email: s?.email ?? null, login: s?.login ?? null};
}

// ---- Derived rows ------------------------------------------------------------------------------------------

const matches = (filter: string, ...fields: (string | null | undefined)[]): boolean => {
	if (!filter) return true;
	const f = filter.toLowerCase();
	return fields.some((x) => x?.toLowerCase().includes(f));
};

/** Sessions as shown: live ones (all when expired are shown), matching the filter. */
export function visibleSessions(view: UserView): readonly Session[] {
	const all = dataOf(view.sessions) ?? [];
	return memo(all, `${view.showExpired}\u0000${view.filter.sessions}`, () =>
		all.filter(
			(s) =>
				(view.showExpired || !s.expired) &&
				matches(view.filter.sessions, s.ip, s.browser, s.os, s.device, s.city, s.country, s.countryCode, s.id),
		),
	);
}

export function visibleGrants(view: UserView): readonly OAuthGrant[] {
	const all = dataOf(view.grants) ?? [];
	return all.filter((g) => matches(view.filter.sessions, g.clientName, g.clientId, g.kind, g.scopes.join(' ')));
}

export function visiblePasskeys(view: UserView): readonly Passkey[] {
	const all = dataOf(view.passkeys) ?? [];
	return all.filter((p) => matches(view.filter.passkeys, p.name, p.deviceType, p.transports.join(' ')));
}

export function visibleMemberships(view: UserView): readonly Membership[] {
	const all = dataOf(view.memberships) ?? [];
	return all.filter((m) => matches(view.filter.memberships, m.name, m.parentName, m.roles.join(' '), m.kind));
}

/** One line of a key/value tab (MFA, Profile). */
export interface InfoRow {
	readonly label: string;
	readonly value: string;
	readonly tone?: 'ok' | 'warn' | 'bad' | 'dim';
	/** The factor this row shows, when it is one (so it can be unenrolled). */
	readonly factor?: Factor;
}

export function mfaRows(view: UserView): readonly InfoRow[] {
	const mfa = dataOf(view.mfa);
	if (!mfa) return [];
	const word = (t: 'yes' | 'no' | 'unknown', yes: string, no: string): string => (t === 'yes' ? yes : t === 'no' ? no : 'unknown');
	const rows: InfoRow[] = [];
	// A backend that has no per-user policy or backup codes (Okta) gets no row for them, rather than "unknown".
	if (mfa.policy !== null || mfa.factors.length === 0) {
		rows.push({label: 'Policy', value: mfa.policy ?? 'unknown', tone: mfa.policy === 'enforced' ? 'warn' : undefined});
	}
	rows.push(
		{
			label: 'TOTP authenticator',
			value: word(mfa.totp, 'enrolled', 'none') + (mfa.totpNote ? `  (${mfa.totpNote})` : ''),
			tone: mfa.totp === 'yes' ? 'ok' : mfa.totp === 'unknown' ? 'dim' : undefined,
		},
	);
	if (mfa.backupCodes !== 'unknown' || mfa.factors.length === 0) {
		rows.push({label: 'Backup codes', value: word(mfa.backupCodes, 'generated', 'none'), tone: mfa.backupCodes === 'yes' ? 'ok' : undefined});
	}
	for (const f of mfa.factors) {
		const tone = f.status === 'ACTIVE' ? 'ok' : f.status === 'PENDING_ACTIVATION' ? 'warn' : undefined;
		rows.push({label: f.type, value: [f.name, f.status, f.provider].filter(Boolean).join(' · '), tone, factor: f});
	}
	return rows.filter((r) => matches(view.filter.mfa, r.label, r.value));
}

export function profileRows(view: UserView): readonly InfoRow[] {
	const d = dataOf(view.details);
	if (!d) return [];
	const rows: InfoRow[] = [
		{label: 'Name', value: d.displayName},
		{label: 'Login', value: d.login ?? '—', tone: d.login ? undefined : 'dim'},
		{label: 'User id', value: d.id},
		{label: 'Password', value: d.hasPassword === null ? 'unknown' : d.hasPassword ? 'set' : 'none', tone: d.hasPassword === false ? 'warn' : undefined},
	];
	for (const e of d.emails) {
		rows.push({label: e.primary ? 'Email (primary)' : 'Email', value: `${e.email}  ${e.verified ? 'verified' : 'UNVERIFIED'}`, tone: e.verified ? undefined : 'warn'});
	}
	for (const p of d.phones) {
		rows.push({label: p.primary ? 'Phone (primary)' : 'Phone', value: `${p.number}  ${p.verified ? 'verified' : 'UNVERIFIED'}`, tone: p.verified ? undefined : 'warn'});
	}
	for (const s of d.socialConnections) rows.push({label: `Social: ${s.provider}`, value: s.email ?? '—'});
	if (d.emails.length === 0) rows.push({label: 'Email', value: 'none', tone: 'dim'});
	return rows.filter((r) => matches(view.filter.profile, r.label, r.value));
}

/** How many rows the current tab shows (for moving the selection). */
export function rowCount(view: UserView, tab: TabId = view.tab): number {
	switch (tab) {
		case 'sessions':
			return view.sessionsMode === 'grants' ? visibleGrants(view).length : visibleSessions(view).length;
		case 'passkeys':
			return visiblePasskeys(view).length;
		case 'memberships':
			return visibleMemberships(view).length;
		case 'mfa':
			return mfaRows(view).length;
		case 'profile':
			return profileRows(view).length;
	}
}

// A one-entry cache per source array: filtering 10,000 sessions on every key press would be wasted work.
const memoCache = new WeakMap<object, {key: string; value: unknown}>();
function memo<T>(source: object, key: string, compute: () => T): T {
	const hit = memoCache.get(source);
	if (hit && hit.key === key) return hit.value as T;
	const value = compute();
	memoCache.set(source, {key, value});
	return value;
}

/** Which key scopes listen in this state: the top layer only (dialog > help > text entry > list). */
export function scopesOf(state: State): Scope[] {
	switch (state.overlay.type) {
		case 'help':
			return ['help'];
		case 'totp':
			return state.overlay.enrollment.needsActivation ? ['text-entry'] : ['secret'];
		case 'codes':
		case 'reveal':
			return ['secret'];
		case 'confirm':
			return state.overlay.expected === null ? ['confirm'] : ['typed-confirm'];
		case 'rename':
		case 'filter':
			return ['text-entry'];
		case 'menu':
		case 'profiles':
			return ['menu'];
		case 'activity':
			return ['activity'];
		case 'command':
			return ['text-entry'];
		case 'unlock':
			return ['typed-confirm'];
		case 'none':
			break;
	}
	if (state.screen === 'lookup' || !state.user) {
		return state.lookup.focus === 'input' ? ['lookup-input'] : ['lookup-results', 'global'];
	}
	const tab = state.user.tab;
	const tabScope: Scope[] = tab === 'sessions' || tab === 'passkeys' || tab === 'mfa' ? [tab] : [];
	return ['user', 'list', ...tabScope, 'global'];
}

// ---- Reducer -----------------------------------------------------------------------------------------------

export function reducer(state: State, action: Action): State {
	switch (action.type) {
		case 'input': {
			let next = state;
			// Each key of a burst is resolved against the state the previous one produced.
			const isBurst = action.names.length > 1;
			for (const name of action.names) {
				const scopes = scopesOf(next);
				const id = resolveKey(name, scopes, isBurst);
				if (id) next = onKey(next, id, action.now, action.page);
				else if (scopes.some((s) => TEXT_SCOPES.has(s))) next = onEdit(next, name);
			}
			return next;
		}
		case 'key':
			return onKey(state, action.action, action.now, action.page);
		case 'text':
			return onText(state, action.value);
		case 'lookup/start':
			return startLookup(state, action.query, action.openExact);
		case 'lookup/page': {
			if (action.searchId !== state.lookup.searchId) return state;
			const results = rankUsers([...state.lookup.results, ...action.users], state.lookup.query);
			return {...state, lookup: {...state.lookup, results}};
		}
		case 'lookup/done': {
			if (action.searchId !== state.lookup.searchId) return state;
			const {lookup} = state;
			const done: State = {...state, lookup: {...lookup, status: 'done', focus: lookup.results.length > 0 ? 'results' : 'input'}};
			const exact = exactMatch(lookup.results, lookup.query);
			if (lookup.openExact && exact && state.screen === 'lookup') return openUser(done, exact.id, exact);
			return done;
		}
		case 'lookup/enrich': {
			if (action.searchId !== state.lookup.searchId) return state;
			const results = state.lookup.results.map((u) => (u.id === action.user.id ? {...u, status: action.user.status, statusText: action.user.statusText} : u));
			return {...state, lookup: {...state.lookup, results}};
		}
		case 'lookup/failed':
			if (action.searchId !== state.lookup.searchId) return state;
			return {...state, lookup: {...state.lookup, status: 'error', error: action.error}};
		case 'user/open':
			return openUser(state, action.id, action.summary);
		case 'load/done': {
			const view = state.user;
			if (!view || view.id !== action.userId || view.nonce[action.key] !== action.nonce) return state;
			const next: UserView = {
				...view,
				[action.key]: {status: 'ok', data: action.data, at: action.now},
				lifecycle: action.lifecycle ?? view.lifecycle,
			};
			return {...state, user: clampSelection(next), wait: null};
		}
		case 'load/failed': {
			const view = state.user;
			if (!view || view.id !== action.userId || view.nonce[action.key] !== action.nonce) return state;
			const current = view[action.key] as Resource<unknown>;
			return {...state, user: {...view, [action.key]: failed(current, action.error)}, wait: null};
		}
		case 'command/done':
		case 'command/failed': {
			if (state.command.status !== 'running' || state.command.id !== action.id) return state;
			const tone = action.type === 'command/done' ? 'ok' : 'error';
			let next: State = {...state, command: {status: 'idle'}, flash: {text: action.flash, tone}, wait: null, history: [...state.history, action.flash]};
			if (action.type === 'command/done' && action.reveal) next = {...next, overlay: action.reveal};
			// An activation code is entered in the secret view: close it once accepted, keep it to retry a wrong code.
			if (state.command.pending.kind === 'activateTotp' && state.overlay.type === 'totp') {
				next = action.type === 'command/done' ? {...next, overlay: {type: 'none'}} : {...next, overlay: {...state.overlay, error: action.flash}};
			}
			return reload(next, action.reload);
		}
		case 'wait':
			return {...state, wait: action.notice ? {...action.notice, until: action.now + action.notice.ms} : null};
		case 'flash':
			return {...state, flash: action.flash};
		case 'writes': {
			const next: State = {...state, caps: action.caps, writes: state.writes ? {...state.writes, until: action.until} : null, flash: action.flash};
			// Lifecycle actions come with the user's details and depend on whether writes are allowed.
			return reload(next, ['details']);
		}
		case 'activity/done':
		case 'activity/failed': {
			const {overlay} = state;
			if (overlay.type !== 'activity' || overlay.nonce !== action.nonce) return state;
			const items: Resource<readonly ActivityItem[]> =
				action.type === 'activity/done' ? {status: 'ok', data: action.items, at: action.now} : failed(overlay.items, action.error);
			return {...state, overlay: {...overlay, items}};
		}
	}
}

/** Whether this backend can load `key` at all; what it cannot is shown as empty and never requested. */
export function isLoadable(caps: Capabilities, key: LoadKey): boolean {
	if (key === 'sessions') return caps['sessions.list'] === true;
	if (key === 'grants') return caps['grants.list'] === true;
	return true;
}

export function reload(state: State, all: readonly LoadKey[]): State {
	const view = state.user;
	const keys = all.filter((key) => isLoadable(state.caps, key));
	if (!view || keys.length === 0) return state;
	const nonce = {...view.nonce};
	const next: Record<string, unknown> = {...view};
	for (const key of keys) {
		nonce[key] += 1;
		next[key] = loading(view[key] as Resource<unknown>);
	}
	return {...state, user: {...(next as unknown as UserView), nonce}};
}

function clampSelection(view: UserView): UserView {
	const selected = {...view.selected};
	for (const tab of TABS) {
		const count = rowCount(view, tab);
		selected[tab] = Math.max(0, Math.min(selected[tab], count - 1));
	}
	return {...view, selected};
}

function supported(state: State, cap: Capability): true | string {
	return state.caps[cap];
}

function refuse(state: State, reason: string): State {
	return {...state, flash: {text: reason, tone: 'info'}};
}

/** Opens a confirm dialog for `pending`; `expected` is the text the operator must type, for wide actions. */
/** What a protected profile asks to type for: everything that removes or changes access. */
const DESTRUCTIVE_KINDS = new Set<Pending['kind']>([
	'revokeSession',
	'revokeAllSessions',
	'revokeGrant',
	'revokeAllGrants',
	'deleteFactor',
	'deletePasskey',
	'deleteTotp',
	'regenerateBackupCodes',
	'lifecycle',
]);

function ask(state: State, pending: Pending, now: number, typed: string | null): State {
	const expected = typed ?? (state.isProtected && DESTRUCTIVE_KINDS.has(pending.kind) ? typedTarget(pending.user, state.confirmWith) : null);
	return {...state, overlay: {type: 'confirm', pending, openedAt: now, expected, input: '', error: null}, flash: null};
}

/** The text a wide action asks the operator to type: the user's email (or login, per backend), else the id. */
export function typedTarget(user: UserRef, confirmWith: 'email' | 'login' = 'email'): string {
	return (confirmWith === 'login' ? (user.login ?? user.email) : (user.email ?? user.login)) ?? user.id;
}

function run(state: State, pending: Pending): State {
	const id = state.commandSeq + 1;
	return {...state, overlay: {type: 'none'}, command: {status: 'running', pending, id}, commandSeq: id, flash: {text: `${describePending(pending)}…`, tone: 'info'}};
}

function moveSelection(current: number, count: number, action: ActionId, page: number): number {
	if (count === 0) return 0;
	const step = Math.max(1, page);
	switch (action) {
		case 'list/down':
			return Math.min(count - 1, current + 1);
		case 'list/up':
			return Math.max(0, current - 1);
		case 'list/top':
			return 0;
		case 'list/bottom':
			return count - 1;
		case 'list/pageDown':
			return Math.min(count - 1, current + step);
		case 'list/pageUp':
			return Math.max(0, current - step);
		default:
			return current;
	}
}

const MOVES = new Set<ActionId>(['list/down', 'list/up', 'list/top', 'list/bottom', 'list/pageDown', 'list/pageUp']);

function onKey(state: State, action: ActionId, now: number, page: number): State {
	if (action === 'app/quit') return {...state, quit: true};
	const {overlay} = state;
	if (overlay.type !== 'none') return onOverlayKey(state, overlay, action, now);
	if (action === 'app/help') return {...state, overlay: {type: 'help'}};
	if (action === 'app/profiles') return openProfiles(state);
	if (action === 'app/activity') return openActivity(state);
	if (action === 'app/command') return {...state, overlay: {type: 'command', input: '', error: null}};
	if (action === 'app/writes') return toggleWrites(state, now);
	if (action === 'export/copyId') return copySelectedId(state);
	if (action === 'nav/previous') return goBack(state);
	if (action === 'export/summary') {
		if (state.screen !== 'user' || !state.user) return refuse(state, 'open a user first: the summary is about one user');
		return {...state, exportRequest: {kind: 'summary', seq: (state.exportRequest?.seq ?? 0) + 1}};
	}
	if (state.screen === 'lookup') return onLookupKey(state, action, page);
	const view = state.user;
	if (!view) return state;
	if (MOVES.has(action)) {
		const selected = moveSelection(view.selected[view.tab], rowCount(view), action, page);
		return {...state, user: {...view, selected: {...view.selected, [view.tab]: selected}}};
	}
	const tabIndex = TABS.indexOf(view.tab);
	switch (action) {
		case 'nav/back':
			return {...state, screen: 'lookup', lookup: {...state.lookup, focus: state.lookup.results.length > 0 ? 'results' : 'input'}};
		case 'tab/next':
			return {...state, user: {...view, tab: TABS[(tabIndex + 1) % TABS.length]!}};
		case 'tab/prev':
			return {...state, user: {...view, tab: TABS[(tabIndex + TABS.length - 1) % TABS.length]!}};
		case 'tab/1':
		case 'tab/2':
		case 'tab/3':
		case 'tab/4':
		case 'tab/5':
			return {...state, user: {...view, tab: TABS[Number(action.slice(4)) - 1]!}};
		case 'list/filter':
			return {...state, overlay: {type: 'filter', input: view.filter[view.tab]}};
		case 'data/refresh':
			return reload({...state, flash: null}, LOAD_KEYS);
		case 'session/toggleExpired': {
			const next = clampSelection({...view, showExpired: !view.showExpired});
			return {...state, user: next};
		}
		default:
			break;
	}
	if (state.command.status === 'running') return refuse(state, 'wait for the running action to finish');
	const user = userRef(view);
	switch (action) {
		case 'session/revoke': {
			if (state.caps['sessions.list'] !== true) {
				const ok = supported(state, 'grants.revoke');
				if (ok !== true) return refuse(state, ok);
				const grant = visibleGrants(view)[view.selected.sessions];
				if (!grant) return refuse(state, 'no grant or token selected');
				return ask(state, {kind: 'revokeGrant', user, grant}, now, null);
			}
			const ok = supported(state, 'sessions.revoke');
			if (ok !== true) return refuse(state, ok);
			const session = visibleSessions(view)[view.selected.sessions];
			if (!session) return refuse(state, 'no session selected');
			return ask(state, {kind: 'revokeSession', user, session}, now, null);
		}
		case 'session/revokeAll': {
			const ok = supported(state, 'sessions.revokeAll');
			if (ok !== true) return refuse(state, ok);
			const typed = typedTarget(user, state.confirmWith);
			if (state.caps['sessions.list'] === true) {
				const all = dataOf(view.sessions);
				if (!all) return refuse(state, 'sessions are not loaded yet');
				return ask(state, {kind: 'revokeAllSessions', user, count: all.length, oauthTokens: false, forgetDevices: false}, now, typed);
			}
			// A backend that cannot list sessions offers how far "sign out everywhere" should reach.
			const clear = (oauthTokens: boolean, forgetDevices: boolean): Pending => ({kind: 'revokeAllSessions', user, count: null, oauthTokens, forgetDevices});
			const items: MenuItem[] = [
				{label: 'Clear all sessions', pending: clear(false, false), typed: true},
				{label: 'Clear all sessions and revoke OAuth tokens', pending: clear(true, false), typed: true},
				{label: 'Clear all sessions, revoke OAuth tokens and forget devices', pending: clear(true, true), typed: true},
			];
			const grants = dataOf(view.grants);
			if (state.caps['grants.revoke'] === true && grants && grants.length > 0) {
				items.push({label: `Revoke all ${grants.length} OAuth grants and tokens`, pending: {kind: 'revokeAllGrants', user, count: grants.length}, typed: true});
			}
			return {...state, overlay: {type: 'menu', title: `Sign ${user.name} out everywhere`, items, selected: 0}};
		}
		case 'passkey/rename': {
			const ok = supported(state, 'passkeys.rename');
			if (ok !== true) return refuse(state, ok);
			const passkey = visiblePasskeys(view)[view.selected.passkeys];
			if (!passkey) return refuse(state, 'no passkey selected');
			return {...state, overlay: {type: 'rename', passkey, user, input: passkey.name, error: null}};
		}
		case 'passkey/delete': {
			const ok = supported(state, 'passkeys.delete');
			if (ok !== true) return refuse(state, ok);
			const passkey = visiblePasskeys(view)[view.selected.passkeys];
			if (!passkey) return refuse(state, 'no passkey selected');
			return ask(state, {kind: 'deletePasskey', user, passkey}, now, null);
		}
		case 'mfa/enroll': {
			const ok = supported(state, 'mfa.totp.enroll');
			if (ok !== true) return refuse(state, ok);
			const details = dataOf(view.details);
			if (!details) return refuse(state, 'the user is not loaded yet');
			return ask(state, {kind: 'enrollTotp', user, details}, now, null);
		}
		case 'mfa/delete': {
			if (state.caps['mfa.factors.delete'] === true) {
				const factor = mfaRows(view)[view.selected.mfa]?.factor;
				if (!factor) return refuse(state, 'select a factor row to unenroll it');
				return ask(state, {kind: 'deleteFactor', user, factor}, now, null);
			}
			const ok = supported(state, 'mfa.totp.delete');
			if (ok !== true) return refuse(state, ok);
			return ask(state, {kind: 'deleteTotp', user}, now, typedTarget(user, state.confirmWith));
		}
		case 'mfa/backupCodes': {
			const ok = supported(state, 'mfa.backupCodes.regenerate');
			if (ok !== true) return refuse(state, ok);
			return ask(state, {kind: 'regenerateBackupCodes', user}, now, null);
		}
		case 'user/lifecycle': {
			if (view.lifecycle.length === 0) return refuse(state, 'no state change is available for this user right now');
			const items = view.lifecycle.map((action): MenuItem => ({label: action.label, pending: {kind: 'lifecycle', user, action}, typed: action.blast === 'wide'}));
			return {...state, overlay: {type: 'menu', title: `Change the state of ${user.name}`, items, selected: 0}};
		}
		default:
			return state;
	}
}

function onLookupKey(state: State, action: ActionId, page: number): State {
	const {lookup} = state;
	// An empty field offers the recent lookups: ↑/↓ pick one, Enter runs it.
	const offersRecent = offersRecentLookups(lookup);
	if (offersRecent && MOVES.has(action)) {
		const last = lookup.recent.length - 1;
		const at = action === 'list/down' ? Math.min(last, lookup.recentSelected + 1) : action === 'list/up' ? Math.max(-1, lookup.recentSelected - 1) : lookup.recentSelected;
		return {...state, lookup: {...lookup, recentSelected: at}};
	}
	if (offersRecent && action === 'nav/open' && lookup.recentSelected >= 0) {
		const query = lookup.recent[lookup.recentSelected];
		return query ? startLookup(state, query, true) : state;
	}
	if (MOVES.has(action)) {
		const selected = moveSelection(lookup.selected, lookup.results.length, action, page);
		return {...state, lookup: {...lookup, selected}};
	}
	switch (action) {
		case 'nav/open': {
			const input = lookup.input.trim();
			if (lookup.focus === 'input' && input !== '' && (input !== lookup.query || lookup.status === 'error')) {
				return startLookup(state, input, true);
			}
			const user = lookup.results[lookup.selected];
			if (!user) return state;
			return openUser(state, user.id, user);
		}
		case 'lookup/focus':
			return {...state, lookup: {...lookup, focus: 'input'}};
		case 'nav/back':
			return lookup.results.length > 0 ? {...state, lookup: {...lookup, focus: 'results'}} : {...state, lookup: {...lookup, input: ''}};
		default:
			return state;
	}
}

function onOverlayKey(state: State, overlay: Exclude<Overlay, {type: 'none'}>, action: ActionId, now: number): State {
	const close = (flash: Flash | null = state.flash): State => ({...state, overlay: {type: 'none'}, flash});
	switch (overlay.type) {
		case 'help':
		case 'codes':
		case 'reveal':
			// Closing a secret view drops the secret from state: it is never kept or shown again.
			return action === 'nav/back' ? close() : state;
		case 'totp': {
			if (!overlay.enrollment.needsActivation) return action === 'nav/back' ? close() : state;
			if (action === 'text/cancel') {
				return close({text: 'Enrollment left pending: the factor is not active until a code from the app is entered', tone: 'info'});
			}
			if (action === 'text/submit') {
				const passCode = overlay.input.replace(/\s+/g, '');
				if (!/^\d{6,8}$/.test(passCode)) return {...state, overlay: {...overlay, error: 'enter the 6-digit code the app shows'}};
				if (state.command.status === 'running') return refuse(state, 'wait for the running action to finish');
				// The secret view stays until the code is accepted, so a wrong code can be retried.
				const next = run(state, {kind: 'activateTotp', user: overlay.user, enrollmentId: overlay.enrollment.id, passCode});
				return {...next, overlay: {...overlay, input: '', error: null}};
			}
			return state;
		}
		case 'profiles': {
			if (action === 'nav/back') return close();
			if (MOVES.has(action)) return {...state, overlay: {...overlay, selected: moveSelection(overlay.selected, state.profiles.length, action, 1)}};
			if (action === 'nav/open') {
				const choice = state.profiles[overlay.selected];
				return choice ? requestSwitch(close(), choice.name) : state;
			}
			return state;
		}
		case 'activity': {
			if (action === 'nav/back') return close();
			if (action === 'data/refresh') return openActivity(state);
			const count = dataOf(overlay.items)?.length ?? 0;
			if (MOVES.has(action)) return {...state, overlay: {...overlay, selected: moveSelection(overlay.selected, count, action, 10)}};
			return state;
		}
		case 'unlock': {
			if (action === 'text/cancel') return close({text: 'Writes stay locked', tone: 'info'});
			if (action === 'text/submit') {
				const name = state.profiles.find((p) => p.current)?.name ?? '';
				if (overlay.input.trim() !== name) return {...state, overlay: {...overlay, error: `that is not ${name}; type the profile name exactly, or Esc`}};
				return {...close({text: `Unlocking writes on ${name}…`, tone: 'info'}), writeRequest: {op: 'unlock', seq: (state.writeRequest?.seq ?? 0) + 1}};
			}
			return state;
		}
		case 'command': {
			if (action === 'text/cancel') return close();
			if (action === 'text/submit') return runPrompt({...state, overlay: {type: 'none'}}, overlay.input);
			return state;
		}
		case 'menu': {
			if (action === 'nav/back') return close();
			if (MOVES.has(action)) return {...state, overlay: {...overlay, selected: moveSelection(overlay.selected, overlay.items.length, action, 1)}};
			if (action === 'nav/open' && state.user) {
				const item = overlay.items[overlay.selected];
				if (!item) return state;
				return ask(state, item.pending, now, item.typed ? typedTarget(item.pending.user, state.confirmWith) : null);
			}
			return state;
		}
		case 'confirm': {
			if (overlay.expected !== null) {
				if (action === 'text/cancel') return close({text: 'Cancelled: nothing changed', tone: 'info'});
				if (action === 'text/submit') {
					if (overlay.input.trim().toLowerCase() === overlay.expected.toLowerCase()) return run(state, overlay.pending);
					return {...state, overlay: {...overlay, error: `that is not ${overlay.expected}; type it exactly, or Esc to cancel`}};
				}
				return state;
			}
			if (action === 'confirm/no') return close({text: 'Cancelled: nothing changed', tone: 'info'});
			if (action === 'confirm/yes') {
				if (now - overlay.openedAt >= state.confirmGuardMs) return run(state, overlay.pending);
				return {...state, overlay: {...overlay, error: 'y ignored: it came as the dialog opened. Press y again to confirm.'}};
			}
			return state;
		}
		case 'rename': {
			if (action === 'text/cancel') return close({text: 'Rename cancelled: nothing changed', tone: 'info'});
			if (action === 'text/submit') {
				const name = overlay.input.trim();
				if (name === '') return {...state, overlay: {...overlay, error: 'a passkey name cannot be empty'}};
				if (name === overlay.passkey.name) return close({text: 'Same name: nothing changed', tone: 'info'});
				if (state.command.status === 'running') return refuse(state, 'wait for the running action to finish');
				return run(state, {kind: 'renamePasskey', user: overlay.user, passkey: overlay.passkey, name});
			}
			return state;
		}
		case 'filter': {
			const view = state.user;
			if (!view) return close();
			if (action === 'text/cancel' || action === 'text/submit') {
				const text = action === 'text/cancel' ? '' : overlay.input.trim();
				const next = clampSelection({...view, filter: {...view.filter, [view.tab]: text}, selected: {...view.selected, [view.tab]: 0}});
				return {...state, user: next, overlay: {type: 'none'}};
			}
			return state;
		}
	}
}

const TEXT_SCOPES = new Set<Scope>(['lookup-input', 'text-entry', 'typed-confirm']);

/** The id of what is selected: the row in the current tab (or the user, on Profile), or the lookup row's user. */
export function selectedId(state: State): {readonly id: string; readonly what: string} | null {
	if (state.screen === 'lookup' || !state.user) {
		const user = state.lookup.results[state.lookup.selected];
		return user ? {id: user.id, what: `user id of ${user.displayName || user.email || user.id}`} : null;
	}
	const view = state.user;
	const at = view.selected[view.tab];
	switch (view.tab) {
		case 'sessions': {
			if (view.sessionsMode === 'grants') {
				const grant = visibleGrants(view)[at];
				return grant ? {id: grant.id, what: `${grant.kind === 'grant' ? 'grant' : 'token'} id (${grant.clientName})`} : null;
			}
			const session = visibleSessions(view)[at];
			return session ? {id: session.id, what: 'session id'} : null;
		}
		case 'passkeys': {
			const passkey = visiblePasskeys(view)[at];
			return passkey ? {id: passkey.id, what: `passkey id (${passkey.name})`} : null;
		}
		case 'mfa': {
			const factor = mfaRows(view)[at]?.factor;
			if (factor) return {id: factor.id, what: `${factor.type} factor id`};
			break;
		}
		case 'memberships': {
			const membership = visibleMemberships(view)[at];
			return membership ? {id: membership.id, what: `${membership.kind.replace('_', ' ')} id (${membership.name})`} : null;
		}
		case 'profile':
			break;
	}
	return {id: view.id, what: 'user id'};
}

/** `-`: back to the user viewed before this one (and, pressed again, forth). */
function goBack(state: State): State {
	const previous = state.previousUser;
	if (!previous) return refuse(state, 'no earlier user in this run to go back to');
	if (state.command.status === 'running') return refuse(state, 'wait for the running action to finish');
	return openUser(state, previous.id, previous.summary);
}

function copySelectedId(state: State): State {
	const selected = selectedId(state);
	if (!selected) return refuse(state, 'nothing selected to copy');
	return {...state, exportRequest: {kind: 'copy', seq: (state.exportRequest?.seq ?? 0) + 1, text: selected.id, what: selected.what}};
}

/** W: on a read-only profile, ask for the profile name and unlock writes for a while; W again locks at once. */
function toggleWrites(state: State, now: number): State {
	if (!state.writes) return refuse(state, state.writesNote);
	if (state.writes.until !== null && state.writes.until > now) {
		return {...state, writeRequest: {op: 'lock', seq: (state.writeRequest?.seq ?? 0) + 1}, flash: {text: 'Locking writes…', tone: 'info'}};
	}
	if (state.command.status === 'running') return refuse(state, 'wait for the running action to finish');
	return {...state, overlay: {type: 'unlock', input: '', error: null}, flash: null};
}

function openProfiles(state: State): State {
	if (state.profiles.length === 0) return refuse(state, 'no other profile: add some to the config file (see README, Configuration)');
	const current = Math.max(0, state.profiles.findIndex((p) => p.current));
	return {...state, overlay: {type: 'profiles', selected: current}, flash: null};
}

function openActivity(state: State): State {
	const nonce = (state.overlay.type === 'activity' ? state.overlay.nonce : 0) + 1;
	const previous = state.overlay.type === 'activity' ? state.overlay.items : (idle as Resource<readonly ActivityItem[]>);
	return {...state, overlay: {type: 'activity', items: loading(previous), selected: 0, nonce}, flash: null};
}

function requestSwitch(state: State, name: string): State {
	const current = state.profiles.find((p) => p.current);
	if (current?.name === name) return {...state, flash: {text: `Already on profile ${name}`, tone: 'info'}};
	if (state.command.status === 'running') return refuse(state, 'wait for the running action to finish before switching profile');
	return {...state, switchTo: {name, seq: (state.switchTo?.seq ?? 0) + 1}, flash: {text: `Connecting to profile ${name}…`, tone: 'info'}};
}

export const PROMPT_HELP = ':user <query> · :profile [name] · :activity · :back · :help · :quit';

/** Runs one `:` command. Unknown input reopens the prompt with what went wrong, keeping the text. */
export function runPrompt(state: State, input: string): State {
	const text = input.trim().replace(/^:/, '');
	const [word = '', ...rest] = text.split(/\s+/);
	const arg = rest.join(' ').trim();
	const again = (error: string): State => ({...state, overlay: {type: 'command', input, error}});
	switch (word.toLowerCase()) {
		case '':
			return state;
		case 'u':
		case 'user':
		case 'find':
			if (!arg) return again('which user? :user <email, id, login or name>');
			return {...startLookup({...state, screen: 'lookup'}, arg, true), user: state.user};
		case 'p':
		case 'profile': {
			if (!arg) return openProfiles(state);
			const choice = state.profiles.find((p) => p.name === arg) ?? state.profiles.find((p) => p.name.toLowerCase() === arg.toLowerCase());
			if (!choice) return again(`no profile "${arg}" (have: ${state.profiles.map((p) => p.name).join(', ') || 'none'})`);
			return requestSwitch(state, choice.name);
		}
		case 'a':
		case 'activity':
			return openActivity(state);
		case 'b':
		case 'back':
			return goBack(state);
		case 'h':
		case 'help':
			return {...state, overlay: {type: 'help'}};
		case 'q':
		case 'quit':
			return {...state, quit: true};
		default:
			return again(`unknown command "${word}": ${PROMPT_HELP}`);
	}
}

/** Feeds a key that no binding took to the text field that has focus. */
function onEdit(state: State, name: string): State {
	const {overlay} = state;
	// `:` in an empty lookup field opens the prompt: no email, id, login or name starts with one.
	if (name === ':' && overlay.type === 'none' && state.lookup.input === '') return {...state, overlay: {type: 'command', input: '', error: null}};
	const current =
		overlay.type === 'confirm' || overlay.type === 'rename' || overlay.type === 'filter' || overlay.type === 'totp' || overlay.type === 'command' || overlay.type === 'unlock'
			? overlay.input
			: state.lookup.input;
	const value = editLine(current, name);
	return value === null ? state : onText(state, value);
}

function onText(state: State, value: string): State {
	const {overlay} = state;
	switch (overlay.type) {
		case 'confirm':
			return {...state, overlay: {...overlay, input: value, error: null}};
		case 'rename':
		case 'totp':
		case 'command':
		case 'unlock':
			return {...state, overlay: {...overlay, input: value, error: null}};
		case 'filter':
			return {...state, overlay: {...overlay, input: value}};
		case 'none':
			if (state.screen === 'lookup') return {...state, lookup: {...state.lookup, input: value}};
			return state;
		default:
			return state;
	}
}

// ---- Descriptions shared by dialogs, result lines and (later) the journal ---------------------------------

export function sessionLabel(s: Session): string {
	const where = [s.city, s.countryCode ?? s.country].filter(Boolean).join(', ');
	// "Chrome on macOS (Mac)": the same browser, OS and device the Sessions tab shows.
	const on = [s.os, s.device && s.device !== 'Other' && s.device !== s.os ? s.device : null].filter(Boolean);
	const what = [s.browser, on.length ? `on ${on[0]}${on[1] ? ` (${on[1]})` : ''}` : null].filter(Boolean).join(' ');
	return [what || 'unknown client', where ? `in ${where}` : null, s.ip ? `(${s.ip})` : null].filter(Boolean).join(' ');
}

export function describePending(p: Pending): string {
	switch (p.kind) {
		case 'revokeSession':
			return `Revoke session ${p.session.id} — ${sessionLabel(p.session)}`;
		case 'revokeAllSessions': {
			const count = p.count === null ? 'all' : `all ${p.count}`;
			const extra = [p.oauthTokens ? 'revoke OAuth tokens' : null, p.forgetDevices ? 'forget devices' : null].filter(Boolean).join(', ');
			return `Revoke ${count} sessions${extra ? ` and ${extra}` : ''}`;
		}
		case 'revokeGrant':
			return `Revoke the ${p.grant.kind === 'grant' ? 'OAuth grant' : 'refresh token'} for ${p.grant.clientName}`;
		case 'revokeAllGrants':
			return `Revoke all ${p.count} OAuth grants and tokens`;
		case 'deleteFactor':
			return `Unenroll the ${p.factor.type} factor${p.factor.name && p.factor.name !== p.factor.type ? ` "${p.factor.name}"` : ''}`;
		case 'activateTotp':
			return 'Activate the TOTP factor';
		case 'renamePasskey':
			return `Rename passkey "${p.passkey.name}" to "${p.name}"`;
		case 'deletePasskey':
			return `Delete passkey "${p.passkey.name}"`;
		case 'enrollTotp':
			return 'Add a TOTP authenticator';
		case 'deleteTotp':
			return 'Delete the TOTP authenticator';
		case 'regenerateBackupCodes':
			return 'Regenerate backup codes';
		case 'lifecycle':
			return p.action.label;
	}
}

/** What happens, side effects included, in words for the confirm dialog. */
export function effectOf(p: Pending): string {
	switch (p.kind) {
		case 'revokeSession':
			return 'That device is signed out at its next request. Other sessions stay signed in.';
		case 'revokeAllSessions':
			if (p.count === null) {
				return [
					'Every identity-provider session of this user ends: they must sign in again everywhere.',
					p.oauthTokens ? 'Their OAuth access and refresh tokens are revoked too, so apps sign them out.' : 'OAuth tokens already issued to apps stay valid.',
					p.forgetDevices ? 'Remembered devices are forgotten: the next sign-in asks for MFA again.' : '',
				]
					.filter(Boolean)
					.join(' ');
			}
			return `Every sign-in the backend holds for this user is revoked (${p.count}, expired ones included): they are signed out everywhere.`;
		case 'revokeGrant':
			return `${p.grant.clientName} loses this ${p.grant.kind === 'grant' ? 'grant' : 'token'} (scopes: ${p.grant.scopes.join(' ') || '—'}); the user must consent or sign in to it again.`;
		case 'revokeAllGrants':
			return 'Every app loses the access this user granted it; they must consent again.';
		case 'deleteFactor':
			return 'The user can no longer verify with this factor; they must enroll it again. Other factors stay.';
		case 'activateTotp':
			return 'The factor becomes active.';
		case 'renamePasskey':
			return 'Only the label changes; the passkey keeps working.';
		case 'deletePasskey':
			return 'The user can no longer sign in with this passkey. It cannot be restored; they must register it again.';
		case 'enrollTotp':
			return 'Creates a new authenticator secret and shows its QR code once. Fails if the user already has one.';
		case 'deleteTotp':
			return "The user's authenticator app stops working for this account. Backup codes and the MFA policy are unchanged.";
		case 'regenerateBackupCodes':
			return 'All existing backup codes stop working at once; 12 new ones are shown once.';
		case 'lifecycle':
			return p.action.effect;
	}
}

/** Which tabs a command changes, to reload after it. */
export function affects(p: Pending): LoadKey[] {
	switch (p.kind) {
		case 'revokeSession':
		case 'revokeAllSessions':
		case 'revokeGrant':
		case 'revokeAllGrants':
			return ['sessions', 'grants'];
		case 'deleteFactor':
			return ['mfa', 'passkeys'];
		case 'activateTotp':
			return ['mfa'];
		case 'renamePasskey':
		case 'deletePasskey':
			return ['passkeys'];
		case 'enrollTotp':
		case 'deleteTotp':
		case 'regenerateBackupCodes':
			return ['mfa', 'details'];
		case 'lifecycle':
			return ['details', 'sessions', 'grants', 'passkeys', 'mfa'];
	}
}
