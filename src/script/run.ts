/**
 * The scripting subcommands (`account-triage show …`, `sessions revoke-all …`, …): argv → profile → user → plan →
 * confirmation → one guarded provider call → result and exit code. See README "Scripting".
 *
 * Confirmation:
 *   stdin not a terminal   acts only with --yes (else exit 5, nothing sent); a protected profile too (scripts).
 *   stdin a terminal       without --yes, says what will happen on stderr and asks for the user's email (or login)
 *                          typed; with --yes it acts, except on a protected profile, which always asks.
 */
import {READ_ONLY_MESSAGE} from '../api/guard.js';
import {startRun, type StartedRun} from '../command/start.js';
import {commandHelp, lookupCommand, SCRIPT_EXIT_CODES} from '../command/spec.js';
import {readAloud} from '../format.js';
import {operation, runningOf, runOperation, typedTarget, userWithAddress, type Pending} from '../operations/index.js';
import {chooseOperation, planAction, userRef, type Plan} from './actions.js';
import type {Done} from '../operations/index.js';
import {parseScriptArgs, wantsJson, type ActionCommand, type ScriptArgs} from './args.js';
import {processIO, type ScriptIO} from './io.js';
import {EXIT, reported, Reporter, ScriptExit, type ExitCode} from './report.js';
import {resolveUser} from './resolve.js';
import {loadShow, showText} from './show.js';

export async function runScript(argv: readonly string[], env: NodeJS.ProcessEnv, io: ScriptIO = processIO()): Promise<number> {
	return reported(io, wantsJson(argv), (report) => run(argv, env, io, report));
}

async function run(argv: readonly string[], env: NodeJS.ProcessEnv, io: ScriptIO, report: Reporter): Promise<ExitCode> {
	const args = parseScriptArgs(argv);
	if (args.command.kind === 'help') {
		const found = lookupCommand(argv);
		io.stdout.write((found.kind === 'command' ? commandHelp(found.command) : SCRIPT_EXIT_CODES) + '\n');
		return EXIT.ok;
	}
	// A script that waits out a 429 or retries says so on stderr, with how long: a silent minute looks like a hang.
	const started = await startRun(args.global, env, {onWait: (notice) => report.note(`account-triage: ${notice.message}`)});
	report.secrets = started.secrets;
	try {
		return await runStarted(args, started, io, report);
	} catch (error) {
		return report.fail(error);
	} finally {
		await started.connections.closeAll();
	}
}

async function runStarted(args: ScriptArgs, started: StartedRun, io: ScriptIO, report: Reporter): Promise<ExitCode> {
	const {backend} = started;
	const {provider, profile} = backend;
	Object.assign(report.context, {profile: profile.name, backend: provider.kind, host: provider.host});
	if (backend.isDemo && !args.global.demo && args.global.profile === null && profile.source === 'built-in') {
		report.note(`account-triage: no backend configured: using the embedded demo (${profile.name}); set WACHT_* or OKTA_CLIENT_*, or --profile`);
	}
	const command = args.command;
	if (command.kind === 'help') return EXIT.ok;

	if (command.kind === 'show') {
		report.context.query = command.query;
		report.context.stage = `look up ${command.query}`;
		const summary = await resolveUser(provider, command.query);
		report.context.stage = `read ${summary.displayName}`;
		const user = await provider.getUser(summary.id);
		report.context.user = userRef(user);
		const result = await loadShow(provider, profile.name, user);
		if (args.json) report.emit(result);
		else report.out(showText(result));
		const failed = Object.entries(result.errors);
		for (const [tab, e] of failed) report.note(`account-triage: ${tab} could not be read: ${e?.message ?? ''}${e?.requestId ? ` (request id ${e.requestId})` : ''}`);
		return failed.length > 0 ? EXIT.failed : EXIT.ok;
	}
	return act(args, command, started, io, report);
}

async function act(args: ScriptArgs, command: ActionCommand, started: StartedRun, io: ScriptIO, report: Reporter): Promise<ExitCode> {
	const {provider, profile} = started.backend;
	report.context.query = command.user;
	// Refused before anything is read: the answer does not depend on the user.
	if (provider.isReadOnly === true) throw new ScriptExit(EXIT.refused, READ_ONLY_MESSAGE, {hint: profile.readOnly ? `profile ${profile.name} is read-only` : '--read-only is set for this run'});
	chooseOperation(provider, command);

	report.context.stage = `look up ${command.user}`;
	const summary = await resolveUser(provider, command.user);
	report.context.stage = `read ${summary.displayName}`;
	const user = await provider.getUser(summary.id);
	report.context.user = userRef(user);
	const plan = await planAction(provider, command, user);
	Object.assign(report.context, {action: plan.action, describe: plan.describe, ...(plan.object ? {object: plan.object} : {})});

	if (plan.nothingToDo) {
		report.note(`account-triage: ${plan.nothingToDo}`);
		if (args.json) report.emit({ok: true, outcome: 'nothing_to_do', exitCode: EXIT.ok, ...report.where(), status: null, requestId: null, message: plan.nothingToDo});
		return EXIT.ok;
	}

	// A verification changes nothing on the account: it asks nothing first (read-only still refuses it, above).
	if (operation(plan.pending.op).script?.confirm !== false) await confirm(args, plan, started, io, report);

	// A wait on someone else (a push to the user's phone) says so on stderr: a silent minute looks like a hang.
	if (operation(plan.pending.op).running) report.note(`account-triage: ${runningOf(plan.pending)}`);
	let done = await plan.run();
	// An SMS or call code was sent: at a terminal, the code the caller reads out is asked for and checked at once.
	if (done.then && io.stdinIsTTY) {
		report.note(`account-triage: ${done.line}`);
		const typed = await io.readLine('Code the caller reads out (empty: stop here): ');
		const code = typed?.replace(/\s+/g, '') ?? '';
		if (code !== '') {
			const next = {...done.then, input: {...done.then.input, passCode: code}} as Pending;
			const checked = await runOperation(provider, next);
			const rid = checked.outcome.requestId ? `, request ${checked.outcome.requestId}` : '';
			done = {...checked, line: `${checked.text(userWithAddress(next.input.user))}${rid}`};
		}
	}
	const exitCode = verdictExit(done);
	if (args.json) {
		report.emit({
			ok: exitCode === EXIT.ok,
			outcome: exitCode === EXIT.ok ? 'ok' : OUTCOMES[exitCode],
			exitCode,
			...report.where(),
			status: done.outcome.status,
			requestId: done.outcome.requestId,
			at: done.outcome.at,
			message: done.line,
			...done.facts,
			...secretFields(done.secret),
		});
	} else {
		report.out(done.line);
		// Shown once, here, and nowhere else (not in the journal, not on stderr).
		for (const line of secretLines(done.secret)) report.out(line);
		// Which look-alike is which, beside the codes and not among them (stdout stays one code a line).
		const lookAlikes = done.secret?.kind === 'codes' ? readAloud(done.secret.codes) : null;
		if (lookAlikes) report.note(lookAlikes);
	}
	return exitCode;
}

/** A verification's answer as an exit code: only an approval is 0. Every other change that came back is 0. */
function verdictExit(done: Done): ExitCode {
	if (done.then) return EXIT.codeSent;
	if (!done.negative) return EXIT.ok;
	return done.facts?.['result'] === 'timeout' ? EXIT.timedOut : EXIT.notVerified;
}

const OUTCOMES: Readonly<Partial<Record<ExitCode, string>>> = {[EXIT.codeSent]: 'code_sent', [EXIT.timedOut]: 'timed_out', [EXIT.notVerified]: 'not_verified'};

/** Asks, or refuses, per the rules at the top of this file. Returns only when the action may go ahead. */
async function confirm(args: ScriptArgs, plan: Plan, started: StartedRun, io: ScriptIO, report: Reporter): Promise<void> {
	const {provider, profile} = started.backend;
	if (!io.stdinIsTTY) {
		if (args.yes) return;
		throw new ScriptExit(EXIT.refused, `${plan.describe} (${plan.pending.input.user.name}): not done: stdin is not a terminal and --yes was not given; nothing was sent`, {
			hint: 'add --yes to act without asking',
		});
	}
	if (args.yes && !profile.protected) return;
	const expected = typedTarget(plan.pending.input.user, provider.confirmWith);
	const u = plan.pending.input.user;
	const who = [u.email, u.login].filter((v, i, all): v is string => !!v && all.indexOf(v) === i).join(' · ');
	report.note(
		[
			`About to: ${plan.describe}`,
			`  user     ${u.name}${who ? ` <${who}>` : ''} · id ${u.id}`,
			`  backend  ${profile.name} · ${provider.label} · ${provider.host}${profile.protected ? ' · PROTECTED' : ''}`,
			`  effect   ${plan.effect}`,
			...(args.yes && profile.protected ? [`  profile ${profile.name} is protected: --yes is not enough at a terminal`] : []),
		].join('\n'),
	);
	const typed = await io.readLine(`Type ${expected} to confirm (anything else cancels): `);
	if (typed === null || typed.trim().toLowerCase() !== expected.toLowerCase()) {
		throw new ScriptExit(EXIT.refused, `${plan.describe}: cancelled${typed === null ? '' : `: that is not ${expected}`}; nothing was sent`);
	}
}

/** A one-time value in a result object: `codes` for backup codes, `reveal` for links. */
function secretFields(secret: Done['secret']): Record<string, unknown> {
	if (!secret) return {};
	if (secret.kind === 'codes') return {codes: secret.codes};
	if (secret.kind === 'links') return {reveal: secret.items};
	return {};
}

/** A one-time value as stdout lines: one code per line; a link after its label. */
function secretLines(secret: Done['secret']): string[] {
	if (!secret) return [];
	if (secret.kind === 'codes') return [...secret.codes];
	if (secret.kind === 'links') return secret.items.map((r) => `${r.label}: ${r.value}`);
	return [];
}
