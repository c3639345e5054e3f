/**
 * The command model: one record per subcommand (its name, summary, words, flags, examples, how it runs). The top
 * help, `account-triage X --help`, the shell completion scripts (src/command/completion.ts), the did-you-mean for a
 * mistyped subcommand or flag, and `main()`'s dispatch (dispatch.ts) all follow from COMMANDS. Adding a subcommand
 * is one record here and its runner in dispatch.ts (the type-check asks for it). Data only, no imports: `main()`
 * reads it on every start, and the modules it describes read it too.
 */

export interface FlagSpec {
	/** `--profile`. */
	readonly name: string;
	readonly short?: string;
	/** The value's placeholder (`NAME`) when the flag takes the next word; optional values say so with `optional`. */
	readonly value?: string;
	readonly optional?: boolean;
	/** What completion offers for the value: fixed words, the config file's profiles, or file names. */
	readonly complete?: readonly string[] | 'profiles' | 'files';
	readonly summary: string;
}

export interface CommandSpec {
	readonly name: string;
	readonly summary: string;
	/** Usage lines, each after `account-triage `. */
	readonly usage: readonly string[];
	/** The second word's choices (`sessions revoke-all`, `completion zsh`), for completion and suggestions. */
	readonly words?: readonly string[];
	/** This command's own flags; `globals` adds the profile flags every backend-talking command takes. */
	readonly flags: readonly FlagSpec[];
	readonly globals: boolean;
	readonly examples: readonly string[];
	/** More text for `X --help` (what the arguments mean, exit codes). */
	readonly details?: string;
	/** The last paragraph of `X --help` (exit codes). */
	readonly footer?: string;
	/** Left out of help, completion and suggestions (internal helpers of the completion scripts). */
	readonly hidden?: boolean;
}

/** The flags that choose and shape the backend, taken by the app and every command that talks to a backend. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
	{name: '--profile', value: 'NAME', complete: 'profiles', summary: 'use this profile from the config file (or env, demo, demo-okta)'},
	{name: '--provider', value: 'wacht|okta', complete: ['wacht', 'okta'], summary: 'which backend, when the environment configures both'},
	{name: '--url', value: 'URL', summary: "the backend's base URL (default: $WACHT_API_URL or $OKTA_CLIENT_ORGURL)"},
	{name: '--demo', value: 'wacht|okta', optional: true, complete: ['wacht', 'okta'], summary: 'use an embedded demo backend (default wacht) even when one is configured'},
	{name: '--read-only', summary: 'look, never change: every mutation is refused before anything is sent'},
	{name: '--debug', summary: 'log every HTTP attempt (no headers, bodies or secrets) to debug.log beside the journal'},
];

const HELP_FLAG: FlagSpec = {name: '--help', short: '-h', summary: 'this help'};

/** The app's own flags (no subcommand). */
export const APP_FLAGS: readonly FlagSpec[] = [
	...GLOBAL_FLAGS,
	{name: '--no-alt-screen', summary: 'draw in the normal screen instead of the alternate one'},
	HELP_FLAG,
	{name: '--version', short: '-v', summary: 'the version'},
];

const YES: FlagSpec = {name: '--yes', short: '-y', summary: 'act without asking (required when stdin is not a terminal; a protected profile still asks on one)'};
const JSON_FLAG: FlagSpec = {name: '--json', summary: 'print one JSON object on stdout, whatever happens'};

export const SCRIPT_EXIT_CODES = `Exit codes: 0 done · 1 the backend refused or failed · 2 usage or configuration · 3 no such user (or session,
grant, passkey, factor) · 4 several users match · 5 refused here, nothing sent (read-only, unsupported, journal
not writable, no --yes off a terminal, confirmation not typed) · 6 sent but no answer: outcome unknown · 70 internal`;

const DOCTOR_EXIT_CODES = `Exit codes: 0 all passed (warnings allowed) · 2 config file or token source · 10 DNS · 11 TCP · 12 TLS trust
· 13 proxy or URL · 14 clock off by more than a minute · 15 token rejected · 16 a read or the actions not allowed
· 17 rate-limit headroom. With several failures, the first one's.`;

const USER_TEXT = '<user> is an email, login, id or name: an exact email, login or id wins, else it must match one user only.';
const ACTS = 'Asks first (or needs --yes when stdin is not a terminal); journaled; obeys --read-only and the profile.';

/** `user <action>`: the lifecycle actions, as typed (script/args.ts maps them to LifecycleActionId; a test keeps both in step). */
export const USER_ACTIONS = ['disable', 'enable', 'activate', 'reactivate', 'deactivate', 'suspend', 'unsuspend', 'unlock', 'reset-password', 'forgot-password', 'expire-password', 'temp-password', 'temp-password-revoke-sessions', 'reset-factors', 'delete'] as const;

const RECORDS = [
	{
		name: 'show',
		summary: 'print the user and every tab (one JSON object with --json)',
		usage: ['show <user> [--json]'],
		flags: [JSON_FLAG],
		globals: true,
		examples: ['account-triage show jane.okafor@example.com', 'account-triage --profile prod show 00u1abcd --json | jq .sessions'],
		details: USER_TEXT,
		footer: SCRIPT_EXIT_CODES,
	},
	{
		name: 'events',
		summary: "the user's sign-in trail (Okta System Log), oldest first; --follow tails it",
		usage: ['events <user> [--since DURATION|TIME] [--until …] [--outcome failure|success|deny] [--json] [--follow]'],
		flags: [
			{name: '--since', value: 'DURATION|TIME', summary: 'from this long ago (30m, 2h, 7d, 1w) or this time (2026-12-01T08:00Z); default 7d'},
			{name: '--until', value: 'DURATION|TIME', summary: 'up to this long ago or this time; default now (not with --follow)'},
			{name: '--outcome', value: 'failure|success|deny', complete: ['failure', 'success', 'deny'], summary: 'only events with this outcome'},
			{name: '--follow', short: '-f', summary: 'keep printing new events as they come, until Ctrl+C (JSON lines with --json)'},
			{name: '--json', summary: 'one JSON object with the events; with --follow, one JSON line per event'},
		],
		globals: true,
		examples: ['account-triage --demo okta events zoe.angstrom@example.com --since 2h --outcome failure', 'account-triage events 00u1abcd --follow --json | jq -r .type'],
		details: `${USER_TEXT}\nPolls at the pace the System Log's own rate limit allows (never more often than every 5 s). Wacht keeps no\nsign-in or audit log its API can read: there the command says so and exits 5.`,
		footer: `${SCRIPT_EXIT_CODES}\nA followed trail stopped by Ctrl+C or a closed pipe (| head) exits 0.`,
	},
	{
		name: 'sessions',
		summary: "revoke one sign-in or all of a user's sign-ins",
		usage: ['sessions revoke <user> <session-id>', 'sessions revoke-all <user> [--oauth-tokens] [--forget-devices]'],
		words: ['revoke', 'revoke-all'],
		flags: [
			{name: '--oauth-tokens', summary: "Okta: revoke the user's OAuth tokens too"},
			{name: '--forget-devices', summary: "Okta: forget the user's remembered devices too"},
			YES,
			JSON_FLAG,
		],
		globals: true,
		examples: ['account-triage sessions revoke-all jane@example.com --yes', 'account-triage sessions revoke jane@example.com sess_123'],
		details: `${USER_TEXT}\n${ACTS}`,
		footer: SCRIPT_EXIT_CODES,
	},
	{
		name: 'grants',
		summary: "revoke one of a user's app grants, or all of them",
		usage: ['grants revoke <user> <grant-id>', 'grants revoke-all <user>'],
		words: ['revoke', 'revoke-all'],
		flags: [YES, JSON_FLAG],
		globals: true,
		examples: ['account-triage grants revoke-all jane@example.com'],
		details: `${USER_TEXT}\n${ACTS}`,
		footer: SCRIPT_EXIT_CODES,
	},
	{
		name: 'passkeys',
		summary: "rename or delete one of a user's passkeys",
		usage: ['passkeys rename <user> <passkey-id> <new name>', 'passkeys delete <user> <passkey-id>'],
		words: ['rename', 'delete'],
		flags: [YES, JSON_FLAG],
		globals: true,
		examples: ['account-triage passkeys rename jane@example.com pk_1 "Work laptop"'],
		details: `${USER_TEXT}\n${ACTS}`,
		footer: SCRIPT_EXIT_CODES,
	},
	{
		name: 'mfa',
		summary: 'remove a factor, regenerate backup codes (printed once), or set the MFA policy (Wacht)',
		usage: ['mfa delete <user> [<factor-id>]', 'mfa backup-codes <user>', 'mfa policy <user> <none|optional|enforced>'],
		words: ['delete', 'backup-codes', 'policy'],
		flags: [YES, JSON_FLAG],
		globals: true,
		examples: ['account-triage --demo okta mfa delete zoe@example.com', 'account-triage mfa backup-codes jane@example.com'],
		details: `Okta: mfa delete unenrolls that factor; Wacht: it deletes the TOTP authenticator.\n${USER_TEXT}\n${ACTS}`,
		footer: SCRIPT_EXIT_CODES,
	},
	{
		name: 'password',
		summary: 'Wacht: set a temporary password (printed once) or remove the password (passwordless)',
		usage: ['password temporary <user> [--skip-password-check]', 'password remove <user>'],
		words: ['temporary', 'remove'],
		flags: [{name: '--skip-password-check', summary: "skip the deployment's password policy check (only when you mean it)"}, YES, JSON_FLAG],
		globals: true,
		examples: ['account-triage password temporary jane@example.com', 'account-triage password remove jane@example.com --yes'],
		details: `The temporary password is generated here, printed once on stdout and never journaled.\n${USER_TEXT}\n${ACTS}`,
		footer: SCRIPT_EXIT_CODES,
	},
	{
		name: 'profile',
		summary: 'correct profile fields in one partial update (names, sign-in name; Okta: email, second email, mobile phone)',
		usage: ['profile edit <user> <field>=<value> [<field>=<value> …]'],
		words: ['edit'],
		flags: [YES, JSON_FLAG],
		globals: true,
		examples: ['account-triage profile edit jane@example.com last-name=Okafor-Bello', 'account-triage profile edit aoife@example.com email=aoife.nb@example.com mobile-phone="+353 87 123 4567"'],
		details: `Fields: first-name, last-name, username (Wacht) or login (Okta), and on Okta email, second-email, mobile-phone; an empty value clears second-email or mobile-phone. Okta's refusals are printed field by field.\n${USER_TEXT}\n${ACTS}`,
		footer: SCRIPT_EXIT_CODES,
	},
	{
		name: 'contacts',
		summary: "Wacht: add an email or phone, mark it verified (or unverified), make it primary, delete it",
		usage: ['contacts add <user> <email | +CC number>', 'contacts verify <user> <contact-id> [--unverified]', 'contacts primary <user> <contact-id>', 'contacts delete <user> <contact-id>'],
		words: ['add', 'verify', 'primary', 'delete'],
		flags: [{name: '--unverified', summary: 'with verify: mark it unverified instead'}, YES, JSON_FLAG],
		globals: true,
		examples: ['account-triage contacts add jane@example.com "+1 5550100123"', 'account-triage contacts primary jane@example.com 598374615209631745'],
		details: `Added contacts are unverified and not primary; verify marks one verified (--unverified the reverse; already so: refused, nothing sent); only a verified one can be primary. The ids are in show --json (user.emails, user.phones).\n${USER_TEXT}\n${ACTS}`,
		footer: SCRIPT_EXIT_CODES,
	},
	{
		name: 'social',
		summary: 'Wacht: unlink a social connection',
		usage: ['social unlink <user> <connection-id>'],
		words: ['unlink'],
		flags: [YES, JSON_FLAG],
		globals: true,
		examples: ['account-triage social unlink jane@example.com 599000000000000401'],
		details: `${USER_TEXT}\n${ACTS}`,
		footer: SCRIPT_EXIT_CODES,
	},
	{
		name: 'roles',
		summary: 'Okta: remove an admin role from a user',
		usage: ['roles remove <user> <role-assignment-id>'],
		words: ['remove'],
		flags: [YES, JSON_FLAG],
		globals: true,
		examples: ['account-triage --demo okta roles remove ingrid.solberg@example.com ra1AbCdEfGhIjKlMnOp'],
		details: `The role assignment ids are the admin_role rows of show --json (memberships); a role given through a group is removed from the group instead.\nThe user's login is typed to confirm at a terminal.\n${USER_TEXT}\n${ACTS}`,
		footer: SCRIPT_EXIT_CODES,
	},
	{
		name: 'verify',
		summary: 'Okta: verify the caller is the user: a push they approve, or the code they read out',
		usage: ['verify <user> [--factor ID] [--code CODE]'],
		flags: [
			{name: '--factor', value: 'ID', summary: "the factor to challenge (default: the user's Okta Verify push); ids from show --json (mfa.factors)"},
			{name: '--code', value: 'CODE', summary: 'the code the caller reads out (TOTP, or the SMS/call code sent by an earlier run)'},
			JSON_FLAG,
		],
		globals: true,
		examples: ['account-triage --demo okta verify aoife.nibhriain@example.com', 'account-triage verify jane@example.com --factor mbl1AbC… --code 123456 --json'],
		details: `A push waits for the user's answer (Okta gives five minutes). An SMS or call factor without --code sends the code:\nat a terminal it then asks for it; in a script, run again with --code. Nothing about the account changes, so\nit asks nothing first; it obeys --read-only (Okta files it under okta.users.manage) and is journaled with its\nresult. On a verify_caller profile an approval lets that user's resets and fixes through for 10 minutes.\n${USER_TEXT}`,
		footer: `Exit codes: 0 verified (approved, or the right code) · 7 not verified: the push was denied or the code was wrong ·
8 timed out: no answer before the push expired · 9 the SMS or call code was sent: run again with --code · and as
for every action: 1 backend failed · 2 usage · 3 no such user or factor · 4 several users · 5 refused here ·
6 outcome unknown · 70 internal`,
	},
	{
		name: 'user',
		summary: 'change the lifecycle: disable, suspend, unlock, deactivate, … (as the backend offers)',
		usage: ['user <action> <user>'],
		words: USER_ACTIONS,
		flags: [YES, JSON_FLAG],
		globals: true,
		examples: ['account-triage user unlock jane@example.com', 'account-triage --demo okta user reset-password zoe@example.com --yes'],
		details: `<action> is one of ${USER_ACTIONS.join(', ')}: whichever the backend offers now.\n${USER_TEXT}\n${ACTS}`,
		footer: SCRIPT_EXIT_CODES,
	},
	{
		name: 'doctor',
		summary: 'check the profile: config and token, DNS, TCP, TLS, proxy, clock, token, reads, actions, rate limit',
		usage: ['doctor [--profile NAME] [--json]'],
		flags: [JSON_FLAG],
		globals: true,
		examples: ['account-triage doctor --profile prod', 'account-triage doctor --json | jq \'.checks[] | select(.status == "fail")\''],
		details: 'Runs every check in order and says how to fix what fails; nothing is changed (actions are judged by their\ndocumented scopes, never tried).',
		footer: DOCTOR_EXIT_CODES,
	},
	{
		name: 'simulate',
		summary: 'run a backend simulator on 127.0.0.1',
		usage: ['simulate wacht|okta [--port N] [--data FILE] [--seed N]'],
		words: ['wacht', 'okta'],
		flags: [
			{name: '--port', value: 'N', summary: 'listen on this port (default: any free one)'},
			{name: '--data', value: 'FILE', complete: 'files', summary: 'seed from this JSON data file instead of the built-in users'},
			{name: '--seed', value: 'N', summary: 'the random seed for generated data'},
		],
		globals: false,
		examples: ['account-triage simulate okta --port 8443'],
	},
	{
		name: 'completion',
		summary: 'print a shell completion script (bash, zsh or fish)',
		usage: ['completion bash|zsh|fish'],
		words: ['bash', 'zsh', 'fish'],
		flags: [],
		globals: false,
		examples: [
			'account-triage completion bash > ~/.local/share/bash-completion/completions/account-triage',
			'account-triage completion zsh > "${fpath[1]}/_account-triage"',
			'account-triage completion fish > ~/.config/fish/completions/account-triage.fish',
		],
		details: 'Completes subcommands, their words and flags, and profile names from the config file.',
	},
	{
		name: '__complete-profiles',
		summary: "the config file's profile names, one a line (for the completion scripts)",
		usage: ['__complete-profiles'],
		flags: [],
		globals: false,
		examples: [],
		hidden: true,
	},
] as const satisfies readonly CommandSpec[];

export type CommandName = (typeof RECORDS)[number]['name'];
export const COMMANDS: readonly (CommandSpec & {readonly name: CommandName})[] = RECORDS;

export const commandNamed = (name: string): (CommandSpec & {readonly name: CommandName}) | undefined => COMMANDS.find((c) => c.name === name);
export const visibleCommands = (): CommandSpec[] => COMMANDS.filter((c) => !c.hidden);

/** Every flag a command accepts: its own, the global ones if it talks to a backend, and --help. */
export function flagsOf(command: CommandSpec | null): readonly FlagSpec[] {
	if (command === null) return APP_FLAGS;
	return [...command.flags, ...(command.globals ? GLOBAL_FLAGS : []), HELP_FLAG];
}

/** Flags (of any command) that take the next word as their value; `--demo`'s value is optional. */
const VALUE_FLAGS = new Set(COMMANDS.flatMap((c) => c.flags).concat(GLOBAL_FLAGS).filter((f) => f.value !== undefined && !f.optional).map((f) => f.name));
export const takesValue = (flag: string): boolean => VALUE_FLAGS.has(flag);
export const isDemoValue = (word: string | undefined): boolean => word === 'wacht' || word === 'okta';

export type Lookup =
	| {readonly kind: 'command'; readonly command: CommandSpec & {readonly name: CommandName}; readonly index: number}
	| {readonly kind: 'unknown'; readonly word: string; readonly suggestion: string}
	| {readonly kind: 'app'};

/**
 * Which command argv names: the first word that is neither an option nor an option's value. A word a typo away from
 * a command (`sesions`) is an error that names it, since a query that close to a command name is far likelier a
 * slip than a user; after `--` every word is a query, so `account-triage -- shaw` still looks a user up.
 */
export function lookupCommand(argv: readonly string[]): Lookup {
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--') return {kind: 'app'};
		if (takesValue(arg)) {
			i++;
			continue;
		}
		if (arg === '--demo') {
			if (isDemoValue(argv[i + 1])) i++;
			continue;
		}
		if (arg.startsWith('-') && arg.length > 1) continue;
		const command = commandNamed(arg);
		if (command) return {kind: 'command', command, index: i};
		const suggestion = /^[a-z][a-z-]{3,}$/.test(arg) ? closest(arg, visibleCommands().map((c) => c.name), arg.length >= 7 ? 2 : 1) : null;
		return suggestion === null ? {kind: 'app'} : {kind: 'unknown', word: arg, suggestion};
	}
	return {kind: 'app'};
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps cost one each. */
export function editDistance(a: string, b: string): number {
	const d: number[][] = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
		}
	}
	return d[a.length]![b.length]!;
}

/** The candidate nearest to word within max edits (a prefix counts as near), or null. */
export function closest(word: string, candidates: readonly string[], max: number): string | null {
	let best: string | null = null;
	let bestDistance = Infinity;
	for (const c of candidates) {
		const distance = c.startsWith(word) && word.length >= 3 ? 0.5 : editDistance(word, c);
		if (distance < bestDistance) [best, bestDistance] = [c, distance];
	}
	return bestDistance <= max ? best : null;
}

/** `unknown option --jsn; did you mean --json?` for an option the command does not take. */
export function unknownFlagMessage(arg: string, command: CommandSpec | null): string {
	const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
	const names = flagsOf(command).flatMap((f) => (f.short ? [f.name, f.short] : [f.name]));
	const near = name.startsWith('--') ? closest(name, names.filter((n) => n.startsWith('--')), Math.max(2, Math.floor(name.length / 4))) : null;
	const help = command ? `account-triage ${command.name} --help` : 'account-triage --help';
	return `unknown option ${name}${command ? ` for ${command.name}` : ''}; ${near ? `did you mean ${near}? (see ${help})` : `see ${help}`}`;
}

const pad = (text: string, width: number): string => text + ' '.repeat(Math.max(1, width - text.length));

function flagLines(flags: readonly FlagSpec[]): string[] {
	const heads = flags.map((f) => `${[f.name, f.short].filter(Boolean).join(', ')}${f.value ? (f.optional ? ` [${f.value}]` : ` ${f.value}`) : ''}`);
	const width = Math.max(...heads.map((h) => h.length)) + 2;
	return flags.map((f, i) => `  ${pad(heads[i]!, width)}${f.summary}`);
}

/** `account-triage X --help`. */
export function commandHelp(command: CommandSpec): string {
	const lines = [`account-triage ${command.name}: ${command.summary}`, '', 'Usage', ...command.usage.map((u) => `  account-triage ${command.globals ? '[options] ' : ''}${u}`)];
	if (command.details) lines.push('', command.details);
	lines.push('', 'Options', ...flagLines(flagsOf(command)));
	if (command.examples.length > 0) lines.push('', 'Examples', ...command.examples.map((e) => `  ${e}`));
	if (command.footer) lines.push('', command.footer);
	return lines.join('\n');
}

/** The top help's list of subcommands: each one's usage lines, then what it does. */
export function commandList(): string {
	return visibleCommands()
		.map((c) => [...c.usage.map((u) => `  account-triage ${u}`), `      ${c.summary}`].join('\n'))
		.join('\n');
}

/** The app's options for the top help. */
export const appFlagLines = (): string => flagLines(APP_FLAGS).join('\n');
