/**
 * `account-triage doctor [--profile NAME] [--json]`: runs the checks (checks.ts) for the chosen profile and prints
 * each as it finishes (or one JSON object at the end). Exit 0 when none fails, else the first failure's code.
 */
import {parseArgs, UsageError} from '../command/args.js';
import {selectProfile} from '../command/start.js';
import {commandNamed} from '../command/spec.js';
import {ConfigError} from '../config/profiles.js';
import type {ScriptIO} from '../script/io.js';
import {CHECKS, runChecks, type CheckResult, type Status} from './checks.js';

const MARK: Record<Status, string> = {ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip'};

export async function runDoctor(argv: readonly string[], env: NodeJS.ProcessEnv, io?: ScriptIO): Promise<number> {
	const out = io?.stdout ?? process.stdout;
	const err = io?.stderr ?? process.stderr;
	const json = argv.includes('--json');
	const rest = argv.filter((a, i) => a !== '--json' && !(a === 'doctor' && argv.indexOf('doctor') === i));
	let selected: ReturnType<typeof selectProfile> & {urlOverride: string | null};
	try {
		const args = parseArgs(rest, commandNamed('doctor') ?? null);
		if (args.query !== null) throw new UsageError(`doctor takes no words (${args.query}): account-triage doctor [--profile NAME] [--json]`);
		selected = {...selectProfile(args, env), urlOverride: args.url};
	} catch (error) {
		const text = (error as Error).message;
		if (json) out.write(JSON.stringify({ok: false, exitCode: 2, profile: null, checks: [{id: 'config', title: CHECKS.config.title, status: 'fail', detail: text}]}) + '\n');
		else err.write(`account-triage: ${text}\n`);
		return error instanceof UsageError || error instanceof ConfigError ? 2 : 1;
	}
	const {config, profile, urlOverride} = selected;
	if (!json) out.write(`account-triage doctor: profile ${profile.name} (${profile.provider}${profile.url ? `, ${profile.url}` : profile.demo ? ', embedded demo' : ''})\n`);
	const width = Math.max(...Object.values(CHECKS).map((c) => c.title.length)) + 2;
	const print = (r: CheckResult): void => {
		if (json) return;
		// A long list (the reads per tab) one item a line.
		const parts = r.detail.length > 80 ? r.detail.split('; ') : [r.detail];
		out.write(parts.map((part, i) => `  ${i === 0 ? MARK[r.status] : '    '}  ${(i === 0 ? r.title : '').padEnd(width)}${part}\n`).join(''));
		if (r.fix && r.status !== 'ok' && r.status !== 'skip') out.write(`        ${' '.repeat(width)}fix: ${r.fix}\n`);
	};
	const results = await runChecks({env, config, profile, urlOverride}, print);
	const failed = results.find((r) => r.status === 'fail');
	const exitCode = failed ? CHECKS[failed.id].exit : 0;
	if (json) out.write(JSON.stringify({ok: !failed, exitCode, profile: profile.name, provider: profile.provider, checks: results}) + '\n');
	else out.write(failed ? `first failure: ${failed.title} (exit ${exitCode})\n` : 'all checks passed\n');
	return exitCode;
}
