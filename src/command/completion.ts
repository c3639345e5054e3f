/**
 * `account-triage completion bash|zsh|fish`: a completion script generated from the command model (spec.ts), so a
 * new subcommand or flag completes without touching this file. Subcommands, their second words and flags are in
 * the script itself (no process per Tab); profile names come from the hidden `__complete-profiles` subcommand,
 * which reads the config file only.
 */
import {COMMANDS, flagsOf, visibleCommands, type CommandSpec, type FlagSpec} from './spec.js';
import type {ScriptIO} from '../script/io.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const PROGRAM = 'account-triage';
const FN = '__account_triage';

const flagNames = (flags: readonly FlagSpec[]): string => flags.flatMap((f) => (f.short ? [f.name, f.short] : [f.name])).join(' ');
const allFlags = (): FlagSpec[] => [...new Map([...flagsOf(null), ...COMMANDS.flatMap((c) => flagsOf(c))].map((f) => [f.name, f])).values()];

/** What a flag's value completes to, as sh code that prints candidates (or the word `__files__`). */
function valueCase(flags: readonly FlagSpec[]): string {
	return flags
		.filter((f) => f.value !== undefined && !f.optional)
		.map((f) => {
			const body = f.complete === 'profiles' ? `${PROGRAM} __complete-profiles 2>/dev/null` : f.complete === 'files' ? 'echo __files__' : Array.isArray(f.complete) ? `printf '%s\\n' ${f.complete.join(' ')}` : ':';
			return `\t\t${f.name}) ${body}; return ;;`;
		})
		.join('\n');
}

/**
 * The candidates for the word being completed, one a line, from the words before it: shared by bash and zsh
 * (plain sh with `local`). Options and their values are skipped when finding the command and its second word.
 */
function shCandidates(): string {
	const flags = allFlags();
	const valued = flags.filter((f) => f.value !== undefined && !f.optional).map((f) => f.name).join('|');
	const visible = visibleCommands();
	return `${FN}_candidates() {
	local cur="$1" cmd="" sub="" prev="" skip="" w
	shift
	for w in "$@"; do
		if [ -n "$skip" ]; then skip=""; prev="$w"; continue; fi
		case "$w" in
			${valued}) skip=1 ;;
			-*) ;;
			*)
				if [ "$prev" = "--demo" ] && { [ "$w" = wacht ] || [ "$w" = okta ]; }; then :
				elif [ -z "$cmd" ]; then cmd="$w"
				elif [ -z "$sub" ]; then sub="$w"
				fi ;;
		esac
		prev="$w"
	done
	case "$prev" in
${valueCase(flags)}
	esac
	case "$cur" in
		-*)
			case "$cmd" in
${visible.map((c) => `\t\t\t\t${c.name}) printf '%s\\n' ${flagNames(flagsOf(c))} ;;`).join('\n')}
				*) printf '%s\\n' ${flagNames(flagsOf(null))} ;;
			esac
			return ;;
	esac
	if [ "$prev" = "--demo" ] && [ -z "$cmd" ]; then printf '%s\\n' wacht okta; fi
	if [ -z "$cmd" ]; then
		printf '%s\\n' ${visible.map((c) => c.name).join(' ')}
	elif [ -z "$sub" ]; then
		case "$cmd" in
${visible.filter((c) => c.words).map((c) => `\t\t\t${c.name}) printf '%s\\n' ${c.words!.join(' ')} ;;`).join('\n')}
		esac
	fi
}`;
}

function bash(): string {
	return `# ${PROGRAM} completion for bash: source this file, or put it in ~/.local/share/bash-completion/completions/${PROGRAM}
${shCandidates()}
${FN}_bash() {
	local cur="\${COMP_WORDS[COMP_CWORD]}" out
	out="$(${FN}_candidates "$cur" "\${COMP_WORDS[@]:1:COMP_CWORD-1}")"
	if [ "$out" = "__files__" ]; then
		COMPREPLY=($(compgen -f -- "$cur"))
	else
		COMPREPLY=($(compgen -W "$out" -- "$cur"))
	fi
}
complete -o default -F ${FN}_bash ${PROGRAM}
`;
}

function zsh(): string {
	return `#compdef ${PROGRAM}
# ${PROGRAM} completion for zsh: put this file as _${PROGRAM} in a directory of $fpath (before compinit runs)
${shCandidates()}
_${PROGRAM.replace(/-/g, '_')}() {
	local out
	out="$(${FN}_candidates "\${words[CURRENT]}" "\${(@)words[2,CURRENT-1]}")"
	if [ "$out" = "__files__" ]; then
		_files
	else
		compadd -- \${(f)out}
	fi
}
if (( $+functions[compdef] )); then
	compdef _${PROGRAM.replace(/-/g, '_')} ${PROGRAM}
fi
`;
}

const fishQuote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fishFlag(f: FlagSpec, condition: string | null): string {
	const parts = [`complete -c ${PROGRAM}`];
	if (condition) parts.push(`-n ${fishQuote(condition)}`);
	parts.push(`-l ${f.name.slice(2)}`);
	if (f.short) parts.push(`-s ${f.short.slice(1)}`);
	if (f.value !== undefined && !f.optional) {
		if (f.complete === 'profiles') parts.push(`-x -a ${fishQuote(`(${PROGRAM} __complete-profiles 2>/dev/null)`)}`);
		else if (f.complete === 'files') parts.push('-r -F');
		else if (Array.isArray(f.complete)) parts.push(`-x -a ${fishQuote(f.complete.join(' '))}`);
		else parts.push('-x');
	}
	parts.push(`-d ${fishQuote(f.summary)}`);
	return parts.join(' ');
}

function fish(): string {
	const visible = visibleCommands();
	const names = visible.map((c) => c.name).join(' ');
	const seen = (c: CommandSpec): string => `__fish_seen_subcommand_from ${c.name}`;
	const lines = [
		`# ${PROGRAM} completion for fish: put this file in ~/.config/fish/completions/${PROGRAM}.fish`,
		`complete -c ${PROGRAM} -f`,
		...visible.map((c) => `complete -c ${PROGRAM} -n ${fishQuote(`not __fish_seen_subcommand_from ${names}`)} -a ${c.name} -d ${fishQuote(c.summary)}`),
		...flagsOf(null).map((f) => fishFlag(f, `not __fish_seen_subcommand_from ${names}`)),
	];
	for (const c of visible) {
		if (c.words) lines.push(`complete -c ${PROGRAM} -n ${fishQuote(`${seen(c)}; and not __fish_seen_subcommand_from ${c.words.join(' ')}`)} -a ${fishQuote(c.words.join(' '))}`);
		for (const f of flagsOf(c)) lines.push(fishFlag(f, seen(c)));
	}
	return lines.join('\n') + '\n';
}

export function completionScript(shell: Shell): string {
	return shell === 'bash' ? bash() : shell === 'zsh' ? zsh() : fish();
}

export async function runCompletion(words: readonly string[], io?: ScriptIO): Promise<number> {
	const out = io?.stdout ?? process.stdout;
	const err = io?.stderr ?? process.stderr;
	const shell = words.find((w) => !w.startsWith('-'));
	if (!shell || !(SHELLS as readonly string[]).includes(shell)) {
		err.write(`account-triage: usage: account-triage completion ${SHELLS.join('|')}${shell ? ` (not ${shell})` : ''}\n`);
		return 2;
	}
	out.write(completionScript(shell as Shell));
	return 0;
}
