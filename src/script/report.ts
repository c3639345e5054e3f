/**
 * Exit codes, and how a subcommand's result or failure is written: plain text (stdout for results, stderr for the
 * rest) or, with `--json`, exactly one JSON object on stdout whatever happened. Every line to stderr is sanitized
 * (no escape sequence from an argument or a backend reaches the terminal) and redacted like a crash report (no
 * key or token, whatever an error captured). No stack trace is ever printed.
 */
import {ApiError} from '../api/errors.js';
import {redactText} from '../api/redact.js';
import {sanitizeText} from '../api/sanitize.js';
import type {UserSummary} from '../api/types.js';
import {UsageError} from '../command/args.js';
import {ConfigError} from '../config/profiles.js';
import type {ScriptIO} from './io.js';

/** The documented exit codes (README "Scripting"). */
export const EXIT = {
	ok: 0,
	/** The backend refused or failed. */
	failed: 1,
	/** Bad command line or configuration. */
	usage: 2,
	/** No such user (or no such session, grant, passkey or factor of that user). */
	notFound: 3,
	/** The query matches several users. */
	ambiguous: 4,
	/** Refused here, nothing sent: read-only, unsupported, journal not writable, no --yes off a terminal, confirmation wrong. */
	refused: 5,
	/** Sent, but no answer came back: the change may or may not have happened. */
	unknown: 6,
	/** verify: the caller is not verified (the push was denied, the code was wrong). */
	notVerified: 7,
	/** verify: the push expired unanswered. */
	timedOut: 8,
	/** verify: an SMS or call code was sent; the code is checked by a run with --code. */
	codeSent: 9,
	internal: 70,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type ScriptOutcome = 'ok' | 'failed' | 'usage' | 'not_found' | 'ambiguous' | 'refused' | 'unknown' | 'not_verified' | 'timed_out' | 'code_sent' | 'internal';

const OUTCOME_OF: Record<ExitCode, ScriptOutcome> = {0: 'ok', 1: 'failed', 2: 'usage', 3: 'not_found', 4: 'ambiguous', 5: 'refused', 6: 'unknown', 7: 'not_verified', 8: 'timed_out', 9: 'code_sent', 70: 'internal'};

/** A planned stop with its exit code (not found, ambiguous, refused here…). */
export class ScriptExit extends Error {
	override readonly name = 'ScriptExit';
	constructor(
		readonly code: ExitCode,
		message: string,
		readonly extra: {readonly hint?: string; readonly candidates?: readonly UserSummary[]} = {},
	) {
		super(message);
	}
}

/** Who and what a result is about, as far as it is known when it is written. */
export interface Context {
	profile?: string;
	backend?: string;
	host?: string;
	/** The journal's action name, e.g. `sessions.revoke`. */
	action?: string;
	/** What was (to be) done, in the app's words: "Revoke session 123 — Chrome on Mac". */
	describe?: string;
	user?: {readonly id: string; readonly name: string; readonly email: string | null; readonly login: string | null};
	object?: {readonly type: string; readonly id: string; readonly label: string | null};
	/** The query the user was found with, for "see account-triage show <query>". */
	query?: string;
	/** What was being read when no action was planned yet: "look up jane", "read Jane Okafor". */
	stage?: string;
}

/** The reason, then what a script's reader does next: a command, never a key. */
export function scriptHint(error: ApiError, query: string | undefined): string {
	const show = `account-triage show ${query ? quoteArg(query) : '<user>'}`;
	const next = error.remedy === 'refresh' ? `run ${show} to ${error.remedyWords}` : error.remedy === 'retry' ? 'try again' : '';
	return [error.hint, next].filter(Boolean).join('; ');
}

/** A shell word for a suggestion line. */
export function quoteArg(word: string): string {
	return /^[A-Za-z0-9@%+=:,./_-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export class Reporter {
	/** Tokens read this run: scrubbed from every message. */
	secrets: readonly string[] = [];
	readonly context: Context = {};

	constructor(
		private readonly io: ScriptIO,
		readonly json: boolean,
	) {}

	/** A line to stderr (progress, prompts' context, notes), sanitized and redacted. */
	note(text: string): void {
		this.io.stderr.write(this.clean(text) + '\n');
	}

	/** A result line to stdout (text mode). */
	out(text: string): void {
		this.io.stdout.write(redactText(text, this.secrets) + '\n');
	}

	/** The one JSON object of a `--json` run. */
	emit(value: unknown): void {
		this.io.stdout.write(redactText(JSON.stringify(value, null, this.io.stdoutIsTTY ? 2 : undefined), this.secrets) + '\n');
	}

	/** One compact JSON line (a followed trail prints one per event). */
	line(value: unknown): void {
		this.io.stdout.write(redactText(JSON.stringify(value), this.secrets) + '\n');
	}

	/** The fields every JSON result carries about where and on whom. */
	where(): Record<string, unknown> {
		const c = this.context;
		return {
			profile: c.profile ?? null,
			backend: c.backend ?? null,
			host: c.host ?? null,
			action: c.action ?? null,
			user: c.user ?? null,
			...(c.object ? {object: c.object} : {}),
		};
	}

	/** Writes why the run stopped and returns its exit code. */
	fail(error: unknown): ExitCode {
		const {code, message, hint, api, candidates} = this.classify(error);
		const lines = [`account-triage: ${message}`];
		if (candidates) {
			for (const u of candidates.slice(0, 10)) lines.push(`  ${u.id}  ${u.email ?? u.login ?? '—'}  ${u.displayName}${u.status ? `  ${u.status}` : ''}`);
			if (candidates.length > 10) lines.push(`  … and ${candidates.length - 10} more`);
		}
		// Okta's errorCauses: one line per field it refused.
		for (const cause of api?.causes ?? []) lines.push(`  ${cause}`);
		if (hint) lines.push(`  ${hint}`);
		if (api?.requestId) lines.push(`  request id: ${api.requestId}`);
		this.note(lines.join('\n'));
		if (this.json) {
			this.emit({
				ok: false,
				outcome: OUTCOME_OF[code],
				exitCode: code,
				...this.where(),
				status: api?.status ?? null,
				code: api?.code ?? null,
				requestId: api?.requestId ?? null,
				error: {message: this.clean(message), hint: hint ? this.clean(hint) : null, ...(api && api.causes.length > 0 ? {causes: api.causes.map((c) => this.clean(c))} : {})},
				...(candidates ? {candidates: candidates.slice(0, 10).map((u) => ({id: u.id, email: u.email, login: u.login, name: u.displayName, status: u.status}))} : {}),
			});
		}
		return code;
	}

	private classify(error: unknown): {code: ExitCode; message: string; hint: string; api: ApiError | null; candidates?: readonly UserSummary[]} {
		if (error instanceof ScriptExit) return {code: error.code, message: error.message, hint: error.extra.hint ?? '', api: null, ...(error.extra.candidates ? {candidates: error.extra.candidates} : {})};
		if (error instanceof UsageError || error instanceof ConfigError) return {code: EXIT.usage, message: error.message, hint: '', api: null};
		if (error instanceof ApiError) {
			const what = this.context.describe;
			const hint = scriptHint(error, this.context.query);
			if (error.kind === 'refused') return {code: EXIT.refused, message: what ? `${what}: ${error.message}` : error.message, hint, api: error};
			if (error.outcomeUnknown) return {code: EXIT.unknown, message: `${what ?? 'the request'}: outcome unknown: ${error.message}`, hint, api: error};
			const stage = this.context.stage;
			// The backend says the thing is not there (deleting an authenticator never enrolled, a session gone): "no such", 3.
			if (error.kind === 'http' && error.status === 404) {
				return {code: EXIT.notFound, message: `${what ?? (stage ? `could not ${stage}` : 'the request')}: no such thing (${error.summary})`, hint, api: error};
			}
			return {code: EXIT.failed, message: what ? `${what} failed: ${error.summary}` : stage ? `could not ${stage}: ${error.summary}` : error.summary, hint, api: error};
		}
		const text = error instanceof Error ? error.message : String(error);
		return {code: EXIT.internal, message: `unexpected error: ${text}`, hint: '', api: null};
	}

	private clean(text: string): string {
		// Line by line: the sanitizer caps one field at 1,000 characters, and a candidate list is longer.
		return redactText(text, this.secrets)
			.split('\n')
			.map((line) => sanitizeText(line))
			.join('\n');
	}
}

/** Runs a subcommand's body with its reporter: a thrown error becomes its message and exit code, output is flushed. */
export async function reported(io: ScriptIO, json: boolean, body: (report: Reporter) => Promise<ExitCode>): Promise<number> {
	const report = new Reporter(io, json);
	let code: ExitCode;
	try {
		code = await body(report);
	} catch (error) {
		code = report.fail(error);
	}
	await io.flush();
	return code;
}
