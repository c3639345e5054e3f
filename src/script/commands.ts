/**
 * The scripting subcommands' names (their records, with words and flags, are in src/command/spec.ts).
 */
export {isDemoValue, takesValue} from '../command/spec.js';

export const SCRIPT_COMMANDS = ['show', 'sessions', 'grants', 'passkeys', 'mfa', 'user', 'password', 'profile', 'contacts', 'social', 'roles', 'verify'] as const;
export type ScriptCommandName = (typeof SCRIPT_COMMANDS)[number];
