/**
 * Tokens out of the process environment, and a clean environment for token commands.
 *
 * `process.env` is Node's view of the C environment; deleting a variable unsets it there, so no child process gets
 * it. Linux also shows the environment the process was started with (`/proc/PID/environ`, `ps eww`): that block is
 * in the process's own memory, at env_start..env_end of /proc/self/stat, and is overwritten here through
 * /proc/self/mem (a process may write its own memory). What stays out of reach: the parent shell's copy (the
 * variable is still exported there), processes started before, and the initial block on other systems (macOS'
 * `ps eww`): there, use `token_file` or `token_command` instead of a variable.
 */
import {closeSync, openSync, readFileSync, readSync, writeSync} from 'node:fs';

type Env = Readonly<Record<string, string | undefined>>;

/** Every variable that held or names a token in this run (all profiles'), never passed to a token command. */
const hidden = new Set<string>();

/** What happened to the initial environment block: for tests and the README's promise. */
export type EnvironScrub = 'overwritten' | 'not-linux' | 'unavailable' | 'nothing-to-do';

/** Removes the variables from process.env and, on Linux, blanks their values in the initial environment block. */
export function hideTokenVariables(names: readonly string[]): EnvironScrub {
	const present = names.filter((name) => process.env[name] !== undefined);
	for (const name of names) {
		hidden.add(name);
		delete process.env[name];
	}
	if (process.platform !== 'linux') return 'not-linux';
	if (present.length === 0) return 'nothing-to-do';
	try {
		return overwriteInitialEnviron(new Set(present)) ? 'overwritten' : 'nothing-to-do';
	} catch {
		// A hardened kernel may refuse /proc/self/mem; process.env is still clean, and the README says so.
		return 'unavailable';
	}
}

function overwriteInitialEnviron(names: ReadonlySet<string>): boolean {
	const stat = readFileSync('/proc/self/stat', 'utf8');
	// Fields after the command name (which may hold spaces), which ends at the last ')'; env_start, env_end are 50, 51.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const start = Number(fields[50 - 3]);
	const end = Number(fields[51 - 3]);
	if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end <= start || end - start > 1 << 24) return false;
	const fd = openSync('/proc/self/mem', 'r+');
	try {
		const block = Buffer.alloc(end - start);
		readSync(fd, block, 0, block.length, start);
		let changed = false;
		for (let at = 0; at < block.length; ) {
			let stop = block.indexOf(0, at);
			if (stop < 0) stop = block.length;
			const eq = block.indexOf(0x3d, at);
			if (eq > at && eq < stop && names.has(block.toString('utf8', at, eq))) {
				// The value's bytes become NULs: the block keeps its size, the name stays, the value is gone.
				block.fill(0, eq + 1, stop);
				writeSync(fd, block, eq + 1, stop - eq - 1, start + eq + 1);
				changed = true;
			}
			at = stop + 1;
		}
		return changed;
	} finally {
		closeSync(fd);
	}
}

/**
 * The environment a token command starts with: what finding a binary, a home, a locale and a password manager's
 * session needs, and no token variable of any profile.
 */
const KEEP = new Set(['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'DBUS_SESSION_BUS_ADDRESS', 'SSH_AUTH_SOCK', 'GNUPGHOME', 'PASSWORD_STORE_DIR']);
/** Password managers' and secret stores' own settings and sessions (1Password, Bitwarden, Vault, gopass…). */
const KEEP_PREFIXES = ['LC_', 'XDG_', 'OP_', 'BW_', 'VAULT_', 'GOPASS_'];

export function tokenCommandEnv(env: Env): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(env)) {
		if (value === undefined || hidden.has(name)) continue;
		if (KEEP.has(name) || KEEP_PREFIXES.some((p) => name.startsWith(p))) out[name] = value;
	}
	return out;
}
