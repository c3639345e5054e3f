/**
 * Which argv is a scripting subcommand. Kept free of heavy imports: `main()` asks this on every start, before it
 * loads the scripting module (or draws the app).
 */

export const SCRIPT_COMMANDS = ['show', 'sessions', 'grants', 'passkeys', 'mfa', 'user', 'password', 'profile', 'contacts', 'social'] as const;
export type ScriptCommandName = (typeof SCRIPT_COMMANDS)[number];

/** Global options that take the next word as their value (`--profile prod`). */
export const VALUE_OPTIONS: ReadonlySet<string> = new Set(['--profile', '--provider', '--url']);

/** `--demo` takes `wacht` or `okta` as an optional next word. */
export const isDemoValue = (word: string | undefined): boolean => word === 'wacht' || word === 'okta';

/**
 * The subcommand when the first word that is neither an option nor an option's value names one, else null.
 * Global options may come first (`account-triage --profile prod show jane`); after `--` every word is a query.
 */
export function scriptCommandOf(argv: readonly string[]): ScriptCommandName | null {
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--') return null;
		if (VALUE_OPTIONS.has(arg)) {
			i++;
			continue;
		}
		if (arg === '--demo') {
			if (isDemoValue(argv[i + 1])) i++;
			continue;
		}
		if (arg.startsWith('-') && arg.length > 1) continue;
		return (SCRIPT_COMMANDS as readonly string[]).includes(arg) ? (arg as ScriptCommandName) : null;
	}
	return null;
}
