/**
 * The TUI's state, the actions that change it and the effects the reducer asks for. The reducer is pure: every
 * piece of I/O it wants (a search, a load, a change sent through an operation, a file written) comes back from it
 * as an Effect, which the one runner (screens/effects.ts) carries out and answers with actions.
 */
import type {ApiError} from '../../src/api/errors.js';
import type {ActivityItem} from '../../src/api/journal.js';
import type {Capabilities, LifecycleAction} from '../../src/api/provider.js';
import type {OutcomeFilter} from '../../src/api/trail.js';
import type {AuditEvent, Session, TotpEnrollment, UserData, UserDataKey, UserSummary, WaitNotice} from '../../src/api/types.js';
import type {OperationId, Pending, UserRef} from '../../src/operations/index.js';
import type {ActionId, Scope} from '../keymap.js';
import type {Resource} from './resource.js';

export const TABS = ['sessions', 'passkeys', 'mfa', 'memberships', 'profile', 'trail'] as const;
export type TabId = (typeof TABS)[number];
export const TAB_TITLES: Readonly<Record<TabId, string>> = {
	sessions: 'Sessions',
	passkeys: 'Passkeys',
	mfa: 'MFA',
	memberships: 'Memberships',
	profile: 'Profile',
	trail: 'Sign-ins',
};

export type {UserRef};

export type Overlay =
	| {readonly type: 'none'}
	/** The cheat sheet: the keys of the screen under it (`under`) first; scrolled by `scroll` lines. */
	| {readonly type: 'help'; readonly under: readonly Scope[]; readonly scroll: number}
	| {readonly type: 'confirm'; readonly pending: Pending; readonly openedAt: number; readonly expected: string | null; readonly input: string; readonly error: string | null}
	/** Text an operation asks for before it runs (a passkey's new name). */
	| {readonly type: 'form'; readonly pending: Pending; readonly label: string; readonly input: string; readonly error: string | null}
	| {readonly type: 'filter'; readonly input: string}
	/** One trail event's whole record, scrolled by `scroll` lines. */
	| {readonly type: 'event'; readonly event: AuditEvent; readonly scroll: number}
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
	/** Asks for the typed email/login rather than a single y. */
	readonly typed: boolean;
}

/** What a view holds for each key of the user's data, typed by key. */
export type UserResources = {readonly [K in UserDataKey]: Resource<UserData[K]>};

export interface UserView {
	readonly id: string;
	readonly summary: UserSummary | null;
	readonly data: UserResources;
	/** What the Sessions tab lists: sign-ins, or (where sessions cannot be listed) OAuth grants and tokens. */
	readonly sessionsMode: 'sessions' | 'grants';
	readonly lifecycle: readonly LifecycleAction[];
	readonly tab: TabId;
	readonly selected: Readonly<Record<TabId, number>>;
	readonly filter: Readonly<Record<TabId, string>>;
	readonly showExpired: boolean;
	/** What the Sign-ins tab lists: the backend's trail, or (where it keeps none: Wacht) the sign-ins as a timeline. */
	readonly trailMode: 'events' | 'sessions';
	/** The Sign-ins tab's outcome filter (`o` cycles it). */
	readonly outcome: OutcomeFilter | null;
	/** Following the trail live (`f`): when the last poll answered, and why following stopped if it failed. */
	readonly follow: {readonly lastPollAt: number | null} | null;
	/** Sign-ins this view listed that a later load no longer has (revoked or deleted by an action here), and when. */
	readonly gone: readonly {readonly session: Session; readonly at: number}[];
	/** Bumped per load; an answer for an older nonce is dropped. */
	readonly nonce: Readonly<Record<UserDataKey, number>>;
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
	/** The search stopped at the app's own limit (LOOKUP_MAX): there may be more matches than listed. */
	readonly capped: boolean;
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
	/** The user a result line is about: it is not shown over another user's view. */
	readonly userId?: string;
}

/** One action of this run, and whom it was about. */
export interface HistoryEntry {
	readonly userId: string;
	readonly line: string;
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
	/** `source`: the tab whose read waits, so another tab's answer does not clear it. */
	readonly wait: (WaitNotice & {readonly until: number; readonly givesUpAt: number; readonly source?: string}) | null;
	/** What the backend can do; `readOnly` says whether changes are refused right now (src/operations availability). */
	readonly caps: Capabilities;
	readonly readOnly: boolean;
	/** The result line of every action taken in this run, oldest first (printed to the normal screen on quit). */
	readonly history: readonly HistoryEntry[];
	/** What a wide action asks the operator to type: the user's email (Wacht) or login (Okta). */
	readonly confirmWith: 'email' | 'login';
	/** Keys for `y` in a confirm dialog are ignored this long after it opens (a held key cannot confirm). */
	readonly confirmGuardMs: number;
	/** A protected profile: every destructive action asks for the typed email/login, not a single y. */
	readonly isProtected: boolean;
	/**
	 * A `verify_caller` profile: how many minutes an approval counts, and the approvals seen in this run by user id
	 * (the guard, reading the journal too, is what refuses; this is what the dialogs say).
	 */
	readonly callerCheck: {readonly minutes: number; readonly verified: Readonly<Record<string, {readonly at: number; readonly how: string}>>} | null;
	readonly profiles: readonly ProfileChoice[];
	/** Time-boxed writes on a read-only profile: null when this profile has none (writable, or forced read-only). */
	readonly writes: {readonly minutes: number; readonly until: number | null} | null;
	/** Why W does nothing here, when `writes` is null. */
	readonly writesNote: string;
	/** The user viewed before the current one: `-` goes back to it (and back again). */
	readonly previousUser: {readonly id: string; readonly summary: UserSummary | null} | null;
	/** The time of the last action (epoch ms): what "3m ago" is measured from, so a render reads no clock. */
	readonly now: number;
	/** The terminal's size: how many result rows a lookup page shows, how the help wraps. */
	readonly rows: number;
	readonly columns: number;
}

export type Action =
	/** Key names from one input event; resolved against the scopes live in the state at that moment. */
	| {readonly type: 'input'; readonly names: readonly string[]; readonly now: number; readonly page: number}
	| {readonly type: 'key'; readonly action: ActionId; readonly now: number; readonly page: number}
	| {readonly type: 'resize'; readonly rows: number; readonly columns: number}
	| {readonly type: 'tick'; readonly now: number}
	| {readonly type: 'lookup/page'; readonly searchId: number; readonly users: readonly UserSummary[]}
	| {readonly type: 'lookup/done'; readonly searchId: number; readonly capped?: boolean}
	| {readonly type: 'lookup/failed'; readonly searchId: number; readonly error: ApiError}
	/** Status learned for a result row after the list came back (lists that carry no status). */
	| {readonly type: 'lookup/enrich'; readonly searchId: number; readonly user: UserSummary}
	| LoadDone
	/** A poll of the followed trail answered (its new events, oldest first). */
	| {readonly type: 'trail/poll'; readonly userId: string; readonly events: readonly AuditEvent[]; readonly at: number}
	| {readonly type: 'trail/followFailed'; readonly userId: string; readonly error: ApiError}
	| {readonly type: 'load/failed'; readonly key: UserDataKey; readonly userId: string; readonly nonce: number; readonly error: ApiError}
	| {
			readonly type: 'command/done';
			readonly id: number;
			readonly line: string;
			readonly secret?: Overlay;
			readonly now: number;
			readonly gone?: boolean;
			/** The answer is a no (a denied push): shown as a failure. */
			readonly negative?: boolean;
			/** The step that follows (the code an SMS just sent). */
			readonly then?: Pending;
			readonly verified?: {readonly at: number; readonly how: string};
	  }
	| {readonly type: 'command/failed'; readonly id: number; readonly line: string; readonly now: number}
	| {readonly type: 'wait'; readonly notice: WaitNotice | null; readonly now: number; readonly source?: string}
	| {readonly type: 'flash'; readonly flash: Flash | null}
	| {readonly type: 'activity/done'; readonly nonce: number; readonly items: readonly ActivityItem[]; readonly now: number}
	| {readonly type: 'activity/failed'; readonly nonce: number; readonly error: ApiError}
	/** Writes were unlocked, locked, or their time ran out. */
	| {readonly type: 'writes'; readonly readOnly: boolean; readonly until: number | null; readonly flash: Flash; readonly now: number};

/** A load's answer, typed by its key. */
export type LoadDone = {
	readonly [K in UserDataKey]: {
		readonly type: 'load/done';
		readonly key: K;
		readonly userId: string;
		readonly nonce: number;
		readonly data: UserData[K];
		/** With the details: the state changes the backend offers this user now. */
		readonly lifecycle?: readonly LifecycleAction[];
		readonly now: number;
	};
}[UserDataKey];

/** What the reducer asks the runner to do. */
export type Effect =
	| {readonly type: 'search'; readonly searchId: number; readonly query: string}
	/** Stop the running search (Esc while it runs). */
	| {readonly type: 'cancelSearch'}
	/** The operator edited the lookup field: warm the connections, search ahead a whole identifier. */
	| {readonly type: 'typed'; readonly query: string; readonly searchId: number}
	/** Fetch the status of these result rows (lists that carry none). */
	| {readonly type: 'enrich'; readonly searchId: number; readonly ids: readonly string[]}
	| {readonly type: 'load'; readonly userId: string; readonly key: UserDataKey; readonly nonce: number}
	| {readonly type: 'run'; readonly id: number; readonly pending: Pending}
	/** Follow the user's trail from `since` (events in `seen` are shown already), or stop following. */
	| {readonly type: 'follow'; readonly userId: string; readonly since: string; readonly seen: readonly string[]}
	| {readonly type: 'unfollow'}
	| {readonly type: 'activity'; readonly nonce: number}
	| {readonly type: 'writes'; readonly op: 'unlock' | 'lock'}
	/** When a write unlock runs out (null: none running). */
	| {readonly type: 'writesTimer'; readonly until: number | null}
	/** The incident summary of the open user; `all`: with this run's actions on other users too. */
	| {readonly type: 'summary'; readonly all: boolean}
	| {readonly type: 'copy'; readonly text: string; readonly what: string}
	| {readonly type: 'switchProfile'; readonly name: string}
	| {readonly type: 'saveRecent'; readonly recent: readonly string[]}
	/** An action's result line, for the run's summary on quit. */
	| {readonly type: 'record'; readonly line: string}
	/** Tick once a second (a countdown is on screen) or stop. */
	| {readonly type: 'ticker'; readonly on: boolean}
	| {readonly type: 'quit'};

/** A reducer's answer: the next state and what to do. */
export type Step = readonly [State, readonly Effect[]];

export type {OperationId};
