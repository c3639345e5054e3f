/** What the scripting tests share: the real `main()` with captured output, a private XDG home, the journal. */
import type {TestContext} from 'node:test';
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {main} from '../../src/cli.js';
import type {JournalEntry} from '../../src/api/journal.js';
import type {ScriptIO} from '../../src/script/io.js';

// Loopback only: a developer's or CI's proxy variables must not reroute the provider.
for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[name];

export interface CliRun {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
	/** Every prompt a typed confirmation showed. */
	readonly prompts: readonly string[];
}

export interface RunOptions {
	/** stdin is a terminal (default: not, as in a script). */
	readonly tty?: boolean;
	/** What the operator types at a confirmation prompt (null: Ctrl+D). */
	readonly typed?: string | null;
}

/** Runs the real `main()` in-process with this environment, capturing stdout and stderr. */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, options: RunOptions = {}): Promise<CliRun> {
	let stdout = '';
	let stderr = '';
	const prompts: string[] = [];
	const io: ScriptIO = {
		stdout: {write: (text: string) => (stdout += text)},
		stderr: {write: (text: string) => (stderr += text)},
		stdinIsTTY: options.tty ?? false,
		stdoutIsTTY: false,
		readLine: async (prompt) => {
			prompts.push(prompt);
			return options.typed ?? null;
		},
		flush: async () => undefined,
	};
	const code = await main(argv, env, io);
	return {code, stdout, stderr, prompts};
}

export interface Home {
	readonly dir: string;
	/** XDG_STATE_HOME and XDG_CONFIG_HOME in a private temporary folder, plus `extra`. */
	env(extra: Record<string, string>): NodeJS.ProcessEnv;
	readonly journalPath: string;
	/** Every journal line so far. */
	journal(): JournalEntry[];
	/** Writes config.toml (mode 600). */
	writeConfig(toml: string): void;
}

export function tempHome(t: TestContext): Home {
	const dir = mkdtempSync(join(tmpdir(), 'at-script-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	const state = join(dir, 'state');
	const config = join(dir, 'config');
	const journalPath = join(state, 'account-triage', 'journal.jsonl');
	return {
		dir,
		journalPath,
		env: (extra) => ({HOME: dir, USER: 'oncall', XDG_STATE_HOME: state, XDG_CONFIG_HOME: config, PATH: process.env['PATH'] ?? '', ...extra}),
		journal: () => {
			let text: string;
			try {
				text = readFileSync(journalPath, 'utf8');
			} catch {
				return [];
			}
			return text
				.split('\n')
				.filter((l) => l.trim() !== '')
				.map((l) => JSON.parse(l) as JournalEntry);
		},
		writeConfig: (toml) => {
			mkdirSync(join(config, 'account-triage'), {recursive: true, mode: 0o700});
			const path = join(config, 'account-triage', 'config.toml');
			writeFileSync(path, toml, {mode: 0o600});
			chmodSync(path, 0o600);
		},
	};
}

/** The only JSON object a `--json` run printed. */
export function parseJson(run: CliRun): Record<string, unknown> {
	const lines = run.stdout.split('\n').filter((l) => l.trim() !== '');
	if (lines.length !== 1) throw new Error(`expected one JSON line on stdout, got ${lines.length}:\n${run.stdout}\nstderr:\n${run.stderr}`);
	return JSON.parse(lines[0]!) as Record<string, unknown>;
}
