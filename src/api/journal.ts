/**
 * The audit journal: one JSON line per mutation intent and one per its outcome, appended to
 * `$XDG_STATE_HOME/account-triage/journal.jsonl` (or `~/.local/state/account-triage/journal.jsonl`).
 *
 * - Append-only and synchronous: every line is written with one `write(2)` on a descriptor opened with O_APPEND
 *   (opened per line, so a deleted, replaced or unwritable file is noticed at once instead of writing into an
 *   unlinked inode). Concurrent appenders (two terminals) interleave by whole lines.
 * - Private: the directory is created 0700 and the file 0600; an existing file that group or others can read or
 *   write is refused with a `JournalError` that says how to fix it (`chmod 600 <path>`).
 * - Never a secret: the fixed fields carry ids, labels, statuses and short messages only, and every free-form part
 *   (`target`, `detail`) goes through `scrub`, which drops keys that name secrets (tokens, TOTP secrets, otpauth
 *   URLs, backup codes, reset/activation links, passwords, passcodes) and cuts URLs out of messages.
 */
import {randomUUID} from 'node:crypto';
import {closeSync, fstatSync, mkdirSync, openSync, readSync, writeSync} from 'node:fs';
import {homedir, userInfo} from 'node:os';
import {dirname, isAbsolute, join} from 'node:path';
import {redactText} from './redact.js';
import {sanitizeText} from './sanitize.js';
import {openModeProblem} from './private-file.js';

export type JournalPhase = 'intent' | 'outcome';
export type JournalOutcome = 'ok' | 'failed' | 'unknown' | 'refused';

/** What the operator acted on: the user, and the one thing of theirs when the action has one. */
export interface JournalTarget {
	readonly userId: string;
	/** The user's email or login, so a reader needs no lookup; null when the app had not seen the user yet. */
	readonly userLabel: string | null;
	readonly object?: {readonly type: string; readonly id: string | null; readonly label: string | null};
}

/** Free-form, non-secret facts about the action (e.g. `{oauthTokens: true}`, `{revoked: 3}`); scrubbed. */
export type JournalDetail = Readonly<Record<string, unknown>>;

interface EntryBase {
	/** ISO 8601, when the line was written. */
	readonly time: string;
	readonly phase: JournalPhase;
	/** Per-action uuid linking the intent and its outcome. */
	readonly id: string;
	readonly operator: string;
	readonly profile: string | null;
	/** A ProviderId: 'wacht' or 'okta'. */
	readonly backend: string;
	readonly host: string;
	/** e.g. 'sessions.revoke', 'lifecycle.disable' */
	readonly action: string;
	readonly target: JournalTarget;
	readonly detail?: JournalDetail;
}

export interface IntentEntry extends EntryBase {
	readonly phase: 'intent';
}

export interface OutcomeEntry extends EntryBase {
	readonly phase: 'outcome';
	readonly outcome: JournalOutcome;
	/** HTTP status, or null when no answer came (or nothing was sent). */
	readonly status: number | null;
	/** The provider's error code (Okta E0000…), or null. */
	readonly code: string | null;
	readonly requestId: string | null;
	/** Short; set for failed / unknown / refused outcomes, null for ok. */
	readonly message: string | null;
}

export type JournalEntry = IntentEntry | OutcomeEntry;

/** What the caller supplies for an intent; the journal adds time, phase and operator. */
export interface IntentInput {
	readonly id: string;
	readonly profile: string | null;
	readonly backend: string;
	readonly host: string;
	readonly action: string;
	readonly target: JournalTarget;
	readonly detail?: JournalDetail;
}

export interface OutcomeInput extends IntentInput {
	readonly outcome: JournalOutcome;
	readonly status?: number | null;
	readonly code?: string | null;
	readonly requestId?: string | null;
	readonly message?: string | null;
}

export interface JournalOpenOptions {
	/** Explicit file path; otherwise resolved from `env` (see `journalPath`). */
	readonly path?: string;
	/** Defaults to process.env (XDG_STATE_HOME, HOME, USER). */
	readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The message an `unknown` outcome carries. */
export const UNKNOWN_OUTCOME_MESSAGE = 'unknown — the request was sent and no answer from the backend came back (a dropped connection, a gateway error, the deadline); refresh to see the result';

const MESSAGE_MAX = 240;

export class JournalError extends Error {
	override readonly name = 'JournalError';
	readonly path: string;
	constructor(message: string, path: string, cause?: unknown) {
		super(message, cause === undefined ? undefined : {cause});
		this.path = path;
	}
}

/** `$XDG_STATE_HOME/account-triage/journal.jsonl`, else `$HOME/.local/state/account-triage/journal.jsonl`. */
export function journalPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
	return join(stateDir(env), 'journal.jsonl');
}

/** `$XDG_STATE_HOME/account-triage`, else `$HOME/.local/state/account-triage`: the journal, debug log, summaries. */
export function stateDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
	const xdg = env['XDG_STATE_HOME'];
	// The XDG spec says relative values are invalid and must be ignored.
	const base = xdg && isAbsolute(xdg) ? xdg : join(env['HOME'] || homedir(), '.local', 'state');
	return join(base, 'account-triage');
}

/** Keys whose values are (or may carry) secrets. Matched against every key of a free-form part. */
export const SECRET_KEY = /secret|token|password|passcode|otp|code(s)?$|url$/i;

/**
 * A copy of `value` without any field whose key matches SECRET_KEY, at any depth, and with URLs cut out of
 * strings (reset and activation links carry their token in the URL). Functions and symbols are dropped.
 */
export function scrub(value: unknown, depth = 0): unknown {
	if (depth > 8) return '[too deep]';
	if (typeof value === 'string') return scrubText(value);
	if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
	if (typeof value === 'bigint') return value.toString();
	if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
	if (typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
			if (SECRET_KEY.test(key) || v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
			out[key] = scrub(v, depth + 1);
		}
		return out;
	}
	return undefined;
}

/** One line, no URLs (they may hold a token), at most MESSAGE_MAX characters. */
export function scrubText(text: string, max = MESSAGE_MAX): string {
	const flat = text
		.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '[url removed]')
		.replace(/\botpauth:\S+/gi, '[url removed]')
		.replace(/\s+/g, ' ')
		.trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function currentOperator(env: Readonly<Record<string, string | undefined>>): string {
	try {
		const name = userInfo().username;
		if (name) return name;
	} catch {
		// No passwd entry (some containers): fall back to the environment.
	}
	return env['USER'] || env['LOGNAME'] || 'unknown';
}

export class Journal {
	readonly path: string;
	readonly operator: string;

	private constructor(path: string, operator: string) {
		this.path = path;
		this.operator = operator;
	}

	/**
	 * Resolves the path, creates the directory (0700) and the file (0600) if missing, and checks an existing file's
	 * mode. Throws JournalError when the file is open to group/others or cannot be created.
	 */
	static open(options: JournalOpenOptions = {}): Journal {
		const env = options.env ?? process.env;
		const path = options.path ?? journalPath(env);
		try {
			mkdirSync(dirname(path), {recursive: true, mode: 0o700});
		} catch (error) {
			throw new JournalError(`cannot create the audit journal's folder ${dirname(path)}: ${reason(error)}`, path, error);
		}
		const journal = new Journal(path, currentOperator(env));
		// Checks an existing file's mode, or creates it 0600.
		journal.withFd(() => undefined);
		return journal;
	}

	/** A fresh per-action id linking an intent to its outcome. */
	static newId(): string {
		return randomUUID();
	}

	/** The fields every line carries, scrubbed; `phase` is set by the caller. */
	private common(input: IntentInput) {
		return {
			time: new Date().toISOString(),
			id: input.id,
			operator: this.operator,
			profile: input.profile,
			backend: input.backend,
			host: input.host,
			action: input.action,
			target: scrubTarget(input.target),
			...(input.detail ? {detail: scrub(input.detail) as JournalDetail} : {}),
		};
	}

	/** Appends the intent line; throws (JournalError) when it cannot be written. */
	intent(input: IntentInput): IntentEntry {
		const entry: IntentEntry = {...this.common(input), phase: 'intent'};
		this.append(entry);
		return entry;
	}

	/** Appends the outcome line; throws (JournalError) when it cannot be written. */
	outcome(input: OutcomeInput): OutcomeEntry {
		const message =
			input.outcome === 'unknown'
				? UNKNOWN_OUTCOME_MESSAGE
				: input.outcome === 'ok'
					? null
					: input.message
						? scrubText(input.message)
						: null;
		const entry: OutcomeEntry = {
			...this.common(input),
			phase: 'outcome',
			outcome: input.outcome,
			status: input.status ?? null,
			code: input.code ? scrubText(input.code, 64) : null,
			requestId: input.requestId ? scrubText(input.requestId, 128) : null,
			message,
		};
		this.append(entry);
		return entry;
	}

	/**
	 * The last `limit` well-formed entries, newest first, for the Activity screen. Reads only the file's tail;
	 * lines that are not JSON entries (a torn write, a hand edit) are skipped. A missing file gives [].
	 */
	readRecent(limit: number): JournalEntry[] {
		if (limit <= 0) return [];
		let fd: number;
		try {
			fd = openSync(this.path, 'r');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
			throw new JournalError(`cannot read the audit journal ${this.path}: ${reason(error)}`, this.path, error);
		}
		try {
			const size = fstatSync(fd).size;
			const chunk = 64 * 1024;
			let start = size;
			let tail = Buffer.alloc(0);
			let lines: string[] = [];
			// Read backwards until there are more complete lines than asked for (or the file's start).
			while (start > 0) {
				const from = Math.max(0, start - chunk);
				const buf = Buffer.alloc(start - from);
				readSync(fd, buf, 0, buf.length, from);
				tail = Buffer.concat([buf, tail]);
				start = from;
				lines = tail.toString('utf8').split('\n');
				// The first piece may be a partial line unless we reached the start.
				const complete = start === 0 ? lines.length : lines.length - 1;
				if (complete > limit * 2 + 1) break;
			}
			if (start > 0) lines = lines.slice(1);
			const out: JournalEntry[] = [];
			for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
				const entry = parseEntry(lines[i]!);
				if (entry) out.push(entry);
			}
			return out;
		} finally {
			closeSync(fd);
		}
	}

	private append(entry: JournalEntry): void {
		// Outcome messages quote the backend: no credential it echoed reaches the file.
		const line = Buffer.from(`${redactText(JSON.stringify(entry))}\n`, 'utf8');
		this.withFd((fd) => {
			// One write(2) with O_APPEND: concurrent appenders interleave by whole lines.
			const written = writeSync(fd, line, 0, line.length);
			if (written !== line.length) throw new Error(`short write (${written} of ${line.length} bytes)`);
		});
	}

	private withFd(use: (fd: number) => void): void {
		let fd: number;
		try {
			fd = openSync(this.path, 'a', 0o600);
		} catch (error) {
			throw new JournalError(`cannot open the audit journal ${this.path}: ${reason(error)}`, this.path, error);
		}
		try {
			const stat = fstatSync(fd);
			if (!stat.isFile()) throw new JournalError(`the audit journal ${this.path} is not a regular file`, this.path);
			const problem = openModeProblem('the audit journal', this.path, stat.mode);
			if (problem) throw new JournalError(problem, this.path);
			try {
				use(fd);
			} catch (error) {
				throw new JournalError(`cannot write the audit journal ${this.path}: ${reason(error)}`, this.path, error);
			}
		} finally {
			closeSync(fd);
		}
	}
}

function scrubTarget(target: JournalTarget): JournalTarget {
	const object = target.object ? (scrub(target.object) as Record<string, unknown>) : undefined;
	return {
		userId: target.userId,
		userLabel: target.userLabel === null ? null : scrubText(target.userLabel, 200),
		...(object
			? {
					object: {
						type: typeof object['type'] === 'string' ? object['type'] : 'unknown',
						id: typeof object['id'] === 'string' ? object['id'] : null,
						label: typeof object['label'] === 'string' ? object['label'] : null,
					},
				}
			: {}),
	};
}

function parseEntry(line: string): JournalEntry | null {
	if (!line.trim()) return null;
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return null;
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
	const e = value as Record<string, unknown>;
	if (e['phase'] !== 'intent' && e['phase'] !== 'outcome') return null;
	if (typeof e['id'] !== 'string' || typeof e['time'] !== 'string' || typeof e['action'] !== 'string') return null;
	const target = e['target'] as Record<string, unknown> | null | undefined;
	if (typeof target !== 'object' || target === null || typeof target['userId'] !== 'string') return null;
	if (e['phase'] === 'outcome' && !['ok', 'failed', 'unknown', 'refused'].includes(e['outcome'] as string)) return null;
	return value as JournalEntry;
}

/** A short reason for an fs error: "EACCES: permission denied, open '…'" → the message as Node words it. */
export function reason(error: unknown): string {
	if (error instanceof JournalError) return error.message;
	return error instanceof Error ? error.message : String(error);
}

/** One action as the Activity screen lists it: an intent and its outcome, or an intent that never got one. */
export interface ActivityItem {
	readonly id: string;
	/** When it ended (or, with no outcome yet, when it was asked for), ISO 8601. */
	readonly time: string;
	readonly profile: string | null;
	readonly backend: string;
	readonly host: string;
	readonly action: string;
	readonly user: string;
	readonly object: string | null;
	/** `pending`: an intent with no outcome line (the app was killed mid-request, or it is still running). */
	readonly outcome: JournalOutcome | 'pending';
	readonly status: number | null;
	readonly code: string | null;
	readonly requestId: string | null;
	readonly message: string | null;
}

function resultOf(detail: JournalDetail | undefined): string | null {
	const result = detail?.['result'];
	if (typeof result !== 'string') return null;
	const reason = detail?.['reason'];
	return sanitizeText(`result: ${result}${typeof reason === 'string' ? ` (${reason})` : ''}`);
}

/**
 * Pairs intents with their outcomes for one operator, newest first. Every string is sanitized on the way out:
 * the journal is plain text anyone with the operator's rights can edit.
 */
export function activityOf(entries: readonly JournalEntry[], operator: string): ActivityItem[] {
	const outcomes = new Map<string, OutcomeEntry>();
	for (const e of entries) if (e.phase === 'outcome' && e.operator === operator) outcomes.set(e.id, e);
	const seen = new Set<string>();
	const items: ActivityItem[] = [];
	for (const e of entries) {
		if (e.operator !== operator || seen.has(e.id)) continue;
		seen.add(e.id);
		const outcome = e.phase === 'outcome' ? e : outcomes.get(e.id);
		const s = (text: string | null | undefined): string | null => (text ? sanitizeText(String(text)) : null);
		const object = e.target.object ? (s(e.target.object.label) ?? s(e.target.object.id)) : null;
		items.push({
			id: e.id,
			time: e.time,
			profile: s(e.profile),
			backend: s(e.backend) ?? '',
			host: s(e.host) ?? '',
			action: s(e.action) ?? '',
			user: s(e.target.userLabel) ?? s(e.target.userId) ?? '?',
			object: object ? `${e.target.object!.type} ${object}` : null,
			outcome: outcome?.outcome ?? 'pending',
			status: outcome?.status ?? null,
			code: s(outcome?.code),
			requestId: s(outcome?.requestId),
			// An answer that is itself a result (a caller verification: approved, rejected…) says it where no error does.
			message: s(outcome?.message) ?? resultOf(outcome?.detail),
		});
	}
	return items;
}
