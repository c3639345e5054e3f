/**
 * `account-triage events <user> [--since DURATION|TIME] [--until …] [--outcome failure|success|deny] [--json]
 * [--follow]`: the user's sign-in trail (Okta's System Log), oldest first as a log reads. `--json` prints one object
 * (`events`), or with `--follow` one JSON line per event. Following polls at the pace the trail's own rate-limit
 * bucket allows, and stops cleanly on Ctrl+C or when the reader closes the pipe (`| head`): exit 0, no stack trace.
 * A backend that keeps no trail (Wacht) is refused before anything is read: exit 5.
 */
import {parseArgs, UsageError} from '../command/args.js';
import {startRun} from '../command/start.js';
import {commandHelp, commandNamed} from '../command/spec.js';
import {followTrail, readTrail, type OutcomeFilter} from '../api/trail.js';
import type {AuditEvent} from '../api/types.js';
import {reasonLine, reasonWords, eventText, placeOf} from '../diagnosis/event-words.js';
import {processIO, type ScriptIO} from './io.js';
import {EXIT, quoteArg, reported, type Reporter, ScriptExit, type ExitCode} from './report.js';
import {resolveUser} from './resolve.js';

const OUTCOMES: readonly OutcomeFilter[] = ['failure', 'success', 'deny'];
const UNITS: Readonly<Record<string, number>> = {s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000};
/** A followed trail starts this far before the window's end, so an event Okta files late is still seen (once). */
const FOLLOW_OVERLAP_MS = 5 * 60_000;

export interface EventsArgs {
	readonly query: string;
	readonly since: string | null;
	readonly until: string | null;
	readonly outcome: OutcomeFilter | null;
	readonly follow: boolean;
	readonly json: boolean;
	/** The rest, for the app's own flag parser (profile, demo, read-only…). */
	readonly rest: readonly string[];
}

/** "30m", "2h", "7d", "1w" (that long before `now`) or an ISO 8601 time ("2026-12-01T08:00Z", "2026-12-01"). */
export function parseWhen(text: string, now: number, flag: string): string {
	const span = /^(\d+)([smhdw])$/.exec(text.trim());
	if (span) return new Date(now - Number(span[1]) * UNITS[span[2]!]!).toISOString();
	const t = /^\d{4}-\d\d-\d\d/.test(text.trim()) ? Date.parse(text.trim()) : Number.NaN;
	if (Number.isNaN(t)) throw new UsageError(`${flag} takes a duration (30m, 2h, 7d, 1w) or a time (2026-12-01T08:00Z), not ${JSON.stringify(text)}`);
	return new Date(t).toISOString();
}

export function parseEventsArgs(argv: readonly string[]): EventsArgs {
	let since: string | null = null;
	let until: string | null = null;
	let outcome: OutcomeFilter | null = null;
	let follow = false;
	let json = false;
	let named = false;
	const rest: string[] = [];
	const value = (i: number, flag: string): string => {
		const v = argv[i + 1];
		if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value (see account-triage events --help)`);
		return v;
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const take = (): string => inline ?? value(i++, flag);
		if (arg === '--') {
			rest.push(...argv.slice(i));
			break;
		}
		if (flag === '--since') since = take();
		else if (flag === '--until') until = take();
		else if (flag === '--outcome') {
			const v = take();
			if (!(OUTCOMES as readonly string[]).includes(v)) throw new UsageError(`--outcome takes ${OUTCOMES.join(', ')}, not ${v}`);
			outcome = v as OutcomeFilter;
		} else if (arg === '--follow' || arg === '-f') follow = true;
		else if (arg === '--json') json = true;
		else if (arg === 'events' && !named) named = true;
		else rest.push(arg);
	}
	if (follow && until !== null) throw new UsageError('--until cannot go with --follow: a followed trail has no end');
	const parsed = parseArgs(rest, commandNamed('events') ?? null);
	return {query: parsed.query ?? '', since, until, outcome, follow, json, rest};
}

/** "2026-12-03 07:41:05 UTC": an event's time to the second (pushes come 45 s apart). */
const second = (iso: string): string => `${iso.slice(0, 19).replace('T', ' ')} UTC`;

/** One event as a text line: time, outcome, what happened, why (words and Okta's code), where, IP, request id. */
export function eventLine(e: AuditEvent): string {
	const mark = e.outcome.result === 'FAILURE' || e.outcome.result === 'DENY' ? '✗' : ' ';
	return [`${second(e.at)} ${mark}`, e.outcome.result ?? '—', e.type, eventText(e) === e.type ? null : eventText(e), reasonLine(e) || null, placeOf(e) || null, e.client.ip, e.requestId ? `request ${e.requestId}` : null]
		.filter(Boolean)
		.join('  ');
}

/** One event as a script reads it: the domain event, and why it failed in words. */
const eventJson = (e: AuditEvent): AuditEvent & {readonly why: string | null} => ({...e, why: reasonWords(e)});

export async function runEvents(argv: readonly string[], env: NodeJS.ProcessEnv, given?: ScriptIO): Promise<number> {
	const io = given ?? processIO();
	return reported(io, argv.includes('--json'), (report) => run(argv, env, io, report));
}

async function run(argv: readonly string[], env: NodeJS.ProcessEnv, io: ScriptIO, report: Reporter): Promise<ExitCode> {
	const args = parseEventsArgs(argv);
	if (argv.includes('--help') || argv.includes('-h')) {
		io.stdout.write(commandHelp(commandNamed('events')!) + '\n');
		return EXIT.ok;
	}
	if (!args.query.trim()) throw new UsageError('usage: account-triage events <user> [--since DURATION|TIME] [--until …] [--outcome failure|success|deny] [--json] [--follow]');
	const now = Date.now();
	const since = args.since === null ? undefined : parseWhen(args.since, now, '--since');
	const until = args.until === null ? undefined : parseWhen(args.until, now, '--until');
	if (since && until && since >= until) throw new UsageError(`--since (${since}) must come before --until (${until})`);

	const started = await startRun(parseArgs(args.rest, commandNamed('events') ?? null), env, {onWait: (notice) => report.note(`account-triage: ${notice.message}`)});
	report.secrets = started.secrets;
	try {
		const {provider, profile} = started.backend;
		Object.assign(report.context, {profile: profile.name, backend: provider.kind, host: provider.host, query: args.query});
		// Refused before anything is read: the answer does not depend on the user.
		const can = provider.capabilities['events.list'];
		if (can !== true) {
			throw new ScriptExit(EXIT.refused, `${provider.label}'s backend API keeps no sign-in attempt or audit log: there are no events to list (nothing was read)`, {
				hint: `account-triage show ${quoteArg(args.query)} lists the sign-ins it holds, expired ones included`,
			});
		}

		report.context.stage = `look up ${args.query}`;
		const user = await resolveUser(provider, args.query);
		report.context.user = {id: user.id, name: user.displayName, email: user.email, login: user.login};
		report.context.stage = `read the sign-in trail of ${user.displayName}`;
		const trail = await readTrail(provider, user.id, {...(since ? {since} : {}), ...(until ? {until} : {}), ...(args.outcome ? {outcome: args.outcome} : {})});
		const events = [...trail.events].reverse();
		if (!args.follow) {
			if (args.json) report.emit({ok: true, exitCode: EXIT.ok, ...report.where(), since: trail.since, until: trail.until, capped: trail.capped, events: events.map(eventJson)});
			else {
				for (const e of events) report.out(eventLine(e));
				report.note(`account-triage: ${events.length} event${events.length === 1 ? '' : 's'} of ${user.displayName}, ${second(trail.since)} to ${second(trail.until)}${trail.capped ? ` (the newest ${events.length} only: narrow --since)` : ''}`);
			}
			return EXIT.ok;
		}
		return await follow(provider, user, events, trail.until, args, io, report);
	} finally {
		await started.connections.closeAll();
	}
}

/** Prints the window read, then each new event as it comes, until Ctrl+C or a closed pipe. */
async function follow(
	provider: Parameters<typeof followTrail>[0],
	user: {readonly id: string; readonly displayName: string},
	events: readonly AuditEvent[],
	until: string,
	args: EventsArgs,
	io: ScriptIO,
	report: Reporter,
): Promise<ExitCode> {
	const print = (e: AuditEvent): void => (args.json ? report.line(eventJson(e)) : report.out(eventLine(e)));
	for (const e of events) print(e);
	const stop = new AbortController();
	const unhook = io.onStop?.(() => stop.abort());
	report.note(`account-triage: following the sign-in trail of ${user.displayName} (Ctrl+C stops)`);
	try {
		const polls = followTrail(provider, user.id, {
			since: new Date(Date.parse(until) - FOLLOW_OVERLAP_MS).toISOString(),
			seen: events.map((e) => e.id),
			signal: stop.signal,
			...(args.outcome ? {outcome: args.outcome} : {}),
		});
		for await (const poll of polls) for (const e of poll.events) print(e);
		return EXIT.ok;
	} catch (error) {
		// Stopped while a poll was on the wire: that is the reader's choice, not a failure.
		if (stop.signal.aborted) return EXIT.ok;
		throw error;
	} finally {
		unhook?.();
	}
}
