/**
 * The one key table. It drives input dispatch, the footer legend and the `?` help overlay.
 *
 * Scopes say who listens; the app's state decides which scopes are live (see screens/app.tsx), so no focus
 * manager is involved. A burst of characters (key repeat, paste, tmux send-keys) is split into single keys:
 * only `repeatable` bindings (movement) fire per character, so a burst can never start or confirm an action.
 */
import type {Key} from 'ink';
import type {OperationId} from '../src/operations/index.js';

export type Scope =
	| 'global'
	| 'lookup-input'
	| 'lookup-results'
	| 'user'
	| 'sessions'
	| 'passkeys'
	| 'mfa'
	| 'memberships'
	| 'profile'
	| 'trail'
	| 'record'
	| 'list'
	| 'confirm'
	| 'typed-confirm'
	| 'menu'
	| 'secret'
	| 'text-entry'
	| 'help'
	| 'activity';

export type ActionId =
	| 'app/quit'
	| 'app/help'
	| 'app/profiles'
	| 'app/activity'
	| 'app/command'
	| 'app/writes'
	| 'export/summary'
	| 'export/copyId'
	| 'nav/previous'
	| 'nav/back'
	| 'nav/open'
	| 'lookup/focus'
	| 'tab/next'
	| 'tab/prev'
	| 'tab/1'
	| 'tab/2'
	| 'tab/3'
	| 'tab/4'
	| 'tab/5'
	| 'tab/6'
	| 'trail/outcome'
	| 'trail/follow'
	| 'list/down'
	| 'list/up'
	| 'list/top'
	| 'list/bottom'
	| 'list/pageDown'
	| 'list/pageUp'
	| 'list/filter'
	| 'data/refresh'
	| 'session/revoke'
	| 'session/revokeAll'
	| 'session/toggleExpired'
	| 'passkey/rename'
	| 'passkey/delete'
	| 'mfa/enroll'
	| 'mfa/delete'
	| 'mfa/backupCodes'
	| 'user/lifecycle'
	| 'mfa/policy'
	| 'mfa/verify'
	| 'profile/password'
	| 'profile/edit'
	| 'contact/add'
	| 'contact/verify'
	| 'contact/primary'
	| 'contact/delete'
	| 'role/remove'
	| 'confirm/yes'
	| 'confirm/no'
	| 'text/submit'
	| 'text/cancel';

export interface Binding {
	readonly action: ActionId;
	/** Names as produced by keyNames(): 'j', 'down', 'esc', 'enter', 'tab', 'shift+tab', 'pageup', 'X'. */
	readonly keys: readonly string[];
	/** Shown in the footer and the help overlay; empty = not shown in the footer. */
	readonly label: string;
	/** How the keys are written in the legend. */
	readonly legend: string;
	readonly scopes: readonly Scope[];
	/** May fire once per character of a burst. @default false */
	readonly repeatable?: boolean;
	/** Opens a confirm dialog; never acts directly. @default false */
	readonly destructive?: boolean;
	/** Left out of the footer (still in help). @default false */
	readonly helpOnly?: boolean;
	/** The help overlay's wording when it differs from the footer's. */
	readonly help?: string;
	/**
	 * The operations the key asks for (src/operations/), in order: the first that applies on the current tab and that
	 * the backend can do now is used, and all their choices together are offered.
	 */
	readonly operations?: readonly OperationId[];
	/** Several choices are offered in a menu with this title (`always`: even a single one, so the operator sees what is offered). */
	readonly menu?: {readonly title: (name: string) => string; readonly always?: boolean};
}

export const KEYMAP: readonly Binding[] = [
	// Dialogs first: when a dialog is up, it is the only scope that listens.
	{action: 'confirm/yes', keys: ['y'], legend: 'y', label: 'yes, do it', help: 'yes, do it (ignored for a moment as the dialog opens)', scopes: ['confirm']},
	{action: 'confirm/no', keys: ['n', 'esc', 'enter'], legend: 'n/Esc/Enter', label: 'no (default)', help: 'no: nothing is sent (the default)', scopes: ['confirm']},
	{action: 'text/submit', keys: ['enter'], legend: 'Enter', label: 'submit', help: 'submit what was typed (a typed confirmation must match exactly)', scopes: ['typed-confirm', 'text-entry']},
	{action: 'text/cancel', keys: ['esc'], legend: 'Esc', label: 'cancel', help: 'cancel: nothing is sent', scopes: ['typed-confirm', 'text-entry']},
	{action: 'nav/open', keys: ['enter'], legend: 'Enter', label: 'choose', help: 'choose (a confirm dialog follows for a change)', scopes: ['menu']},
	{action: 'nav/back', keys: ['esc', 'enter', 'q', '?'], legend: 'Esc', label: 'close', help: 'close this view', scopes: ['secret', 'help']},
	{action: 'nav/back', keys: ['esc', 'q'], legend: 'Esc', label: 'close', help: 'close Activity', scopes: ['activity']},
	{action: 'data/refresh', keys: ['r'], legend: 'r', label: 'refresh', help: 'read the journal again', scopes: ['activity']},
	{action: 'nav/back', keys: ['esc', 'q'], legend: 'Esc', label: 'close', help: 'close the menu: nothing is sent', scopes: ['menu']},
	{action: 'export/copyId', keys: ['c'], legend: 'c', label: 'copy record', help: 'copy the whole record (request id included)', scopes: ['record']},
	{action: 'nav/back', keys: ['esc', 'q', 'enter'], legend: 'Esc', label: 'close', help: 'close the record', scopes: ['record']},

	{action: 'list/down', keys: ['j', 'down'], legend: 'j/k ↑/↓', label: 'move', help: 'move down (scroll, in this help)', scopes: ['list', 'menu', 'lookup-results', 'activity', 'help', 'record'], repeatable: true},
	{action: 'list/up', keys: ['k', 'up'], legend: 'k', label: '', help: 'move up', scopes: ['list', 'menu', 'lookup-results', 'activity', 'help', 'record'], repeatable: true, helpOnly: true},
	{action: 'list/down', keys: ['down'], legend: '↓', label: 'recent', help: 'pick a recent lookup (empty field), or move through the results', scopes: ['lookup-input'], repeatable: true},
	{action: 'list/up', keys: ['up'], legend: '↑', label: '', help: 'move up the recent lookups or the results', scopes: ['lookup-input'], repeatable: true, helpOnly: true},
	{action: 'list/top', keys: ['g', 'home'], legend: 'g/G', label: 'top/bottom', help: 'first row', scopes: ['list', 'lookup-results', 'activity'], helpOnly: true},
	{action: 'list/bottom', keys: ['G', 'end'], legend: 'G', label: 'bottom', help: 'last row', scopes: ['list', 'lookup-results', 'activity'], helpOnly: true},
	{action: 'list/pageDown', keys: ['pagedown', 'ctrl+d', 'ctrl+f'], legend: 'PgDn', label: 'page down', scopes: ['list', 'lookup-results', 'activity', 'help', 'record'], repeatable: true, helpOnly: true},
	{action: 'list/pageUp', keys: ['pageup', 'ctrl+u', 'ctrl+b'], legend: 'PgUp', label: 'page up', scopes: ['list', 'lookup-results', 'activity', 'help', 'record'], repeatable: true, helpOnly: true},

	{action: 'nav/open', keys: ['enter'], legend: 'Enter', label: 'open', help: 'open the selected user', scopes: ['lookup-results']},
	// Searching is harmless, so a pasted "email⏎" may submit the lookup.
	{action: 'nav/open', keys: ['enter'], legend: 'Enter', label: 'search', help: 'search for the query (or open the one exact match)', scopes: ['lookup-input'], repeatable: true},
	{action: 'lookup/focus', keys: ['/', 'i'], legend: '/', label: 'new lookup', help: 'edit the query for a new lookup', scopes: ['lookup-results']},
	{action: 'nav/back', keys: ['esc'], legend: 'Esc', label: 'back', help: 'back: clear a filter, leave the user, stop a search, clear the field', scopes: ['user', 'lookup-input']},

	{action: 'tab/next', keys: ['right', 'tab', 'l'], legend: '←/→', label: 'tabs', help: 'next tab', scopes: ['user'], repeatable: true},
	{action: 'tab/prev', keys: ['left', 'shift+tab', 'h'], legend: '←', label: '', help: 'previous tab', scopes: ['user'], repeatable: true, helpOnly: true},
	{action: 'tab/1', keys: ['1'], legend: '1', label: 'Sessions', help: 'Sessions tab', scopes: ['user'], helpOnly: true},
	{action: 'tab/2', keys: ['2'], legend: '2', label: 'Passkeys', help: 'Passkeys tab', scopes: ['user'], helpOnly: true},
	{action: 'tab/3', keys: ['3'], legend: '3', label: 'MFA', help: 'MFA tab', scopes: ['user'], helpOnly: true},
	{action: 'tab/4', keys: ['4'], legend: '4', label: 'Memberships', help: 'Memberships tab', scopes: ['user'], helpOnly: true},
	{action: 'tab/5', keys: ['5'], legend: '5', label: 'Profile', help: 'Profile tab', scopes: ['user'], helpOnly: true},
	{action: 'tab/6', keys: ['6'], legend: '6', label: 'Sign-ins', help: 'Sign-ins tab: the sign-in trail (Okta System Log; Wacht: the sign-ins as a timeline)', scopes: ['user'], helpOnly: true},
	{action: 'list/filter', keys: ['/'], legend: '/', label: 'filter', help: 'filter the rows of this tab (Esc clears it)', scopes: ['list']},
	{action: 'data/refresh', keys: ['r'], legend: 'r', label: 'refresh', help: 'read the user and every tab again', scopes: ['user']},

	{action: 'session/revoke', keys: ['x'], legend: 'x', label: 'revoke', help: 'revoke the selected sign-in (Okta: the selected OAuth grant or refresh token)', scopes: ['sessions'], destructive: true, operations: ['sessions.revoke', 'grants.revoke']},
	{
		action: 'session/revokeAll',
		keys: ['X'],
		legend: 'X',
		label: 'revoke all',
		help: 'sign the user out everywhere (Okta: how far, from a menu)',
		scopes: ['sessions'],
		destructive: true,
		operations: ['sessions.revokeAll', 'grants.revokeAll'],
		menu: {title: (name) => `Sign ${name} out everywhere`},
	},
	{action: 'session/toggleExpired', keys: ['e'], legend: 'e', label: 'expired', help: 'show or hide the expired sign-ins', scopes: ['sessions']},
	{action: 'nav/open', keys: ['enter'], legend: 'Enter', label: 'record', help: 'open the selected event’s whole record', scopes: ['trail']},
	{action: 'trail/outcome', keys: ['o'], legend: 'o', label: 'outcome', help: 'show all events, failures, denials or successes (cycles)', scopes: ['trail']},
	{action: 'trail/follow', keys: ['f'], legend: 'f', label: 'follow', help: 'follow the trail live: new events as they happen (Esc or f stops)', scopes: ['trail']},
	{action: 'passkey/rename', keys: ['n'], legend: 'n', label: 'rename', help: 'rename the selected passkey', scopes: ['passkeys'], operations: ['passkeys.rename']},
	{action: 'passkey/delete', keys: ['x'], legend: 'x', label: 'delete', help: 'delete the selected passkey', scopes: ['passkeys'], destructive: true, operations: ['passkeys.delete']},
	{action: 'mfa/verify', keys: ['v'], legend: 'v', label: 'verify caller', help: 'verify the caller with the selected push, SMS, call or TOTP factor (a push, or the code they read out); nothing changes on the account', scopes: ['mfa'], operations: ['caller.verify']},
	{action: 'mfa/enroll', keys: ['a'], legend: 'a', label: 'add TOTP', help: 'add a TOTP authenticator: its QR code and secret, shown once', scopes: ['mfa'], operations: ['mfa.totp.enroll']},
	{action: 'mfa/delete', keys: ['x'], legend: 'x', label: 'delete TOTP/factor', help: 'unenroll the selected factor (Wacht: delete the TOTP authenticator)', scopes: ['mfa'], destructive: true, operations: ['mfa.factors.delete', 'mfa.totp.delete']},
	{action: 'mfa/backupCodes', keys: ['b'], legend: 'b', label: 'new backup codes', help: 'regenerate the backup codes: the old ones stop working, 12 new ones shown once', scopes: ['mfa'], destructive: true, operations: ['mfa.backupCodes.regenerate']},
	{
		action: 'mfa/policy',
		keys: ['p'],
		legend: 'p',
		label: 'MFA policy…',
		help: 'set the per-user MFA policy: none, optional or enforced (Wacht)',
		scopes: ['mfa'],
		destructive: true,
		operations: ['mfa.policy'],
		menu: {title: (name) => `MFA policy of ${name}`, always: true},
	},
	{
		action: 'profile/password',
		keys: ['p'],
		legend: 'p',
		label: 'password…',
		help: 'set a temporary password (shown once) or remove the password (passwordless)',
		scopes: ['profile'],
		destructive: true,
		operations: ['password.temporary', 'password.remove'],
		menu: {title: (name) => `Password of ${name}`, always: true},
	},
	{action: 'profile/edit', keys: ['n'], legend: 'n', label: 'edit profile…', help: 'correct a profile field: names and sign-in name (Okta: also email, second email, mobile phone)', scopes: ['profile'], operations: ['profile.edit'], menu: {title: (name) => `Edit ${name}`, always: true}},
	{action: 'contact/add', keys: ['a'], legend: 'a', label: 'add email/phone', help: 'add an email or phone (unverified, not primary)', scopes: ['profile'], operations: ['contacts.add']},
	{action: 'contact/verify', keys: ['v'], legend: 'v', label: 'mark verified', help: 'mark the selected email or phone verified (or unverified again)', scopes: ['profile'], operations: ['contacts.verify']},
	{action: 'contact/primary', keys: ['m'], legend: 'm', label: 'make primary', help: 'make the selected (verified) email or phone primary', scopes: ['profile'], operations: ['contacts.makePrimary']},
	{action: 'contact/delete', keys: ['x'], legend: 'x', label: 'delete/unlink', help: 'delete the selected email or phone, or unlink the selected social connection', scopes: ['profile'], destructive: true, operations: ['contacts.delete', 'social.unlink']},
	{action: 'role/remove', keys: ['x'], legend: 'x', label: 'remove role', help: 'remove the selected admin role from the user (Okta; the login is typed)', scopes: ['memberships'], destructive: true, operations: ['roles.unassign']},
	{
		action: 'user/lifecycle',
		keys: ['L'],
		legend: 'L',
		label: 'account state…',
		help: 'change the account’s state: unlock, suspend, disable, reset… (what the backend offers now)',
		scopes: ['user'],
		destructive: true,
		operations: ['lifecycle'],
		menu: {title: (name) => `Change the state of ${name}`, always: true},
	},

	{action: 'app/command', keys: [':'], legend: ':', label: 'command', help: 'prompt: :user <query>, :profile <name>, :activity (also : in an empty lookup field)', scopes: ['global']},
	{action: 'app/profiles', keys: ['P'], legend: 'P', label: 'profile', help: 'switch profile (backend, tenant) without restarting', scopes: ['global']},
	{action: 'app/profiles', keys: ['ctrl+p'], legend: 'Ctrl+P', label: '', help: 'switch profile, from the lookup field', scopes: ['lookup-input'], helpOnly: true},
	{action: 'export/summary', keys: ['S'], legend: 'S', label: 'summary', help: 'incident summary (Markdown) to the clipboard (OSC 52) and a file', scopes: ['user']},
	{action: 'export/copyId', keys: ['c'], legend: 'c', label: 'copy id', help: 'copy the selected id (the user id on Profile)', scopes: ['user', 'lookup-results'], helpOnly: true},
	{action: 'nav/previous', keys: ['-'], legend: '-', label: 'previous user', help: 'back to the user viewed before this one', scopes: ['global'], helpOnly: true},
	{action: 'app/writes', keys: ['W'], legend: 'W', label: 'unlock writes', help: 'read-only profile: allow changes for a while (type the profile name); W again locks', scopes: ['global'], helpOnly: true},
	{action: 'app/activity', keys: ['A'], legend: 'A', label: 'activity', help: 'your recent actions, from the audit journal', scopes: ['global']},
	{action: 'app/help', keys: ['?'], legend: '?', label: 'help', help: 'this help (also ? in an empty lookup field)', scopes: ['global']},
	{action: 'app/quit', keys: ['q'], legend: 'q', label: 'quit', help: 'quit (the run’s actions are printed as it ends)', scopes: ['global']},
	{action: 'app/quit', keys: ['ctrl+c'], legend: 'Ctrl+C', label: 'quit', help: 'quit, from anywhere', scopes: ['global', 'lookup-input', 'text-entry', 'typed-confirm', 'confirm', 'menu', 'secret', 'help', 'activity'], helpOnly: true},
];

/** Names one Ink input event. A plain multi-character chunk (key repeat, paste) becomes several names. */
export function keyNames(input: string, key: Key): string[] {
	const named: ReadonlyArray<readonly [boolean, string]> = [
		[key.upArrow, 'up'],
		[key.downArrow, 'down'],
		[key.leftArrow, 'left'],
		[key.rightArrow, 'right'],
		[key.pageUp, 'pageup'],
		[key.pageDown, 'pagedown'],
		[key.home, 'home'],
		[key.end, 'end'],
		[key.escape, 'esc'],
		[key.return, 'enter'],
		[key.tab, key.shift ? 'shift+tab' : 'tab'],
		[key.backspace || key.delete, 'backspace'],
	];
	const hit = named.find(([pressed]) => pressed);
	if (hit) return [hit[1]];
	if (key.ctrl) return [`ctrl+${input}`];
	// Inside a burst (keys coalesced over a slow link, a paste), Enter, Tab, Backspace and Ctrl+letter arrive as raw
	// bytes: "\x15abc" is Ctrl+U then "abc", not text that silently loses its Ctrl+U.
	return [...input].map((ch) => {
		if (ch === '\r' || ch === '\n') return 'enter';
		if (ch === '\t') return 'tab';
		if (ch === '\u007F' || ch === '\b') return 'backspace';
		const code = ch.charCodeAt(0);
		return code >= 1 && code <= 26 ? `ctrl+${String.fromCharCode(code + 96)}` : ch;
	});
}

/** The bindings that answer `name` in the live scopes, in table order. */
export function findBinding(name: string, scopes: readonly Scope[]): Binding | undefined {
	return KEYMAP.find((b) => b.keys.includes(name) && b.scopes.some((s) => scopes.includes(s)));
}

/**
 * Resolves one key name. In a burst (several names from one input event) only repeatable actions resolve:
 * a pasted "xy" or a key-repeated "X" cannot open or confirm anything.
 */
export function resolveKey(name: string, scopes: readonly Scope[], isBurst: boolean): ActionId | undefined {
	const binding = findBinding(name, scopes);
	if (!binding || (isBurst && !binding.repeatable)) return undefined;
	return binding.action;
}

/** The footer legend for the live scopes: deduplicated by action, in table order. */
export function legendFor(scopes: readonly Scope[], hidden: ReadonlySet<ActionId> = new Set()): {keys: string; label: string}[] {
	const seen = new Set<ActionId>();
	const out: {keys: string; label: string}[] = [];
	for (const b of KEYMAP) {
		if (b.helpOnly || !b.label || seen.has(b.action) || hidden.has(b.action)) continue;
		if (!b.scopes.some((s) => scopes.includes(s))) continue;
		seen.add(b.action);
		out.push({keys: b.legend, label: b.label});
	}
	return out;
}

/** The binding that asks for operations under `action`, if any. */
export function operationBinding(action: ActionId): Binding | undefined {
	return KEYMAP.find((b) => b.action === action && b.operations !== undefined);
}

const KEY_WORDS: Readonly<Record<string, string>> = {
	down: '↓',
	up: '↑',
	left: '←',
	right: '→',
	enter: 'Enter',
	esc: 'Esc',
	tab: 'Tab',
	'shift+tab': 'Shift+Tab',
	pagedown: 'PgDn',
	pageup: 'PgUp',
	home: 'Home',
	end: 'End',
	backspace: 'Backspace',
};

/** "Ctrl+D", "↓", "x": how a key name is written for a person. */
export function keyWord(name: string): string {
	return KEY_WORDS[name] ?? (name.startsWith('ctrl+') ? `Ctrl+${name.slice(5).toUpperCase()}` : name);
}

/** The key the key table binds to `action` where `scope` is live, as a person writes it ("r", "Enter"): hints name it. */
export function keyIn(action: ActionId, scope: Scope): string {
	const binding = KEYMAP.find((b) => b.action === action && b.scopes.includes(scope));
	if (!binding || binding.keys.length === 0) throw new Error(`no key is bound to ${action} in ${scope}`);
	return keyWord(binding.keys[0]!);
}
