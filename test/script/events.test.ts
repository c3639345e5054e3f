/**
 * `account-triage events`: the trail of one user as a script reads it. In-process for the window, the outcome filter,
 * JSON and the errors; as a child process for --follow, which must print an event an action from another process
 * (the official SDK, here) just wrote, and stop cleanly on SIGINT and on a closed pipe.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import okta from '@okta/okta-sdk-nodejs';
import {startOktaSimulator, WELL_KNOWN as W, type OktaSimulator} from '../../src/sim/okta/index.js';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN as WW} from '../../src/sim/wacht/seed.js';
import {parseJson, runCli, tempHome} from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface EventJson {
	id: string;
	at: string;
	type: string;
	outcome: {result: string | null; reason: string | null};
	why: string | null;
	client: {city: string | null; ip: string | null};
	actor: {id: string | null; alternateId: string | null} | null;
}

async function okt(t: TestContext): Promise<{sim: OktaSimulator; env: NodeJS.ProcessEnv}> {
	const sim = await startOktaSimulator({userCount: 60});
	t.after(() => sim.close());
	const env = tempHome(t).env({OKTA_CLIENT_ORGURL: sim.url, OKTA_CLIENT_TOKEN: sim.token});
	return {sim, env};
}

test('events --since/--until: the window asked for, oldest first; the System Log is asked for exactly it', async (t) => {
	const {sim, env} = await okt(t);
	const run = await runCli(['events', W.lockedOut.login, '--since', '50m', '--until', '35m', '--json'], env);
	assert.equal(run.code, 0, run.stderr);
	const out = parseJson(run) as unknown as {since: string; until: string; events: EventJson[]; user: {id: string}};
	assert.equal(out.user.id, W.lockedOut.id);
	// Five wrong passwords a minute apart, then the lock (40 min ago); the try on the locked account (31 min ago) is after the window.
	assert.deepEqual(
		out.events.map((e) => e.why),
		[...Array(5).fill('wrong password'), 'locked out after too many wrong passwords'],
	);
	const times = out.events.map((e) => Date.parse(e.at));
	assert.deepEqual(times, [...times].sort((a, b) => a - b), 'oldest first');
	assert.ok(times.every((at) => at >= Date.parse(out.since) && at <= Date.parse(out.until)));
	assert.ok(Math.abs(Date.parse(out.until) - (Date.now() - 35 * 60_000)) < 60_000, out.until);
	assert.ok(out.events.every((e) => e.client.city === 'Stockholm' && /^198\.51\.100\./.test(e.client.ip ?? '')));
	const asked = sim.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/logs');
	assert.equal(asked.length, 1);
	const query = asked[0]!.query;
	assert.equal(query['since'], out.since);
	assert.equal(query['until'], out.until);
	assert.match(query['filter'] ?? '', new RegExp(`actor\\.id eq "${W.lockedOut.id}"`));

	// A time works as well as a duration.
	const iso = await runCli(['events', W.lockedOut.login, '--since', out.since, '--until', out.until, '--json'], env);
	assert.deepEqual((parseJson(iso) as unknown as {events: EventJson[]}).events.map((e) => e.id), out.events.map((e) => e.id));
});

test('events --outcome: failures, successes or denials only; text lines mark failures and say why beside the code', async (t) => {
	const {env} = await okt(t);
	const failures = await runCli(['events', W.pushBombed.login, '--since', '1h', '--outcome', 'failure', '--json'], env);
	const pushes = (parseJson(failures) as unknown as {events: EventJson[]}).events;
	assert.equal(pushes.length, 8);
	assert.ok(pushes.every((e) => e.type === 'user.mfa.okta_verify.deny_push' && e.outcome.result === 'FAILURE' && e.client.city === 'São Paulo'));

	const denies = await runCli(['events', W.policyDenied.login, '--outcome', 'deny', '--json'], env);
	const denied = (parseJson(denies) as unknown as {events: EventJson[]}).events;
	assert.equal(denied.length, 4);
	assert.ok(denied.every((e) => e.outcome.result === 'DENY' && /^denied by rule "Block unmanaged devices"/.test(e.why ?? '')));

	const successes = await runCli(['events', W.active.login, '--outcome', 'success', '--json'], env);
	const ok = (parseJson(successes) as unknown as {events: EventJson[]}).events;
	assert.ok(ok.length > 0 && ok.every((e) => e.outcome.result === 'SUCCESS'));

	const text = await runCli(['events', W.lockedOut.login, '--since', '2h'], env);
	assert.equal(text.code, 0, text.stderr);
	const lines = text.stdout.trim().split('\n');
	assert.equal(lines.filter((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC ✗ {2}FAILURE {2}user\.session\.start .*wrong password · INVALID_CREDENTIALS {2}Stockholm, Sweden {2}198\.51\.100\.\d+ {2}request \S+$/.test(l)).length, 5, text.stdout);
	assert.match(text.stderr, /^account-triage: 7 events of Zoë Ångström, \d{4}-.* UTC to \d{4}-.* UTC\n$/);
});

test('events: bad windows and flags are usage errors (2); an unknown user is 3; Wacht says it keeps no audit log (5), nothing read', async (t) => {
	const {env} = await okt(t);
	for (const [argv, message] of [
		[['events', W.active.login, '--since', 'yesterday'], /--since takes a duration \(30m, 2h, 7d, 1w\) or a time/],
		[['events', W.active.login, '--since', '1h', '--until', '2h'], /--since .* must come before --until/],
		[['events', W.active.login, '--follow', '--until', '1h'], /--until cannot go with --follow/],
		[['events', W.active.login, '--outcome', 'maybe'], /--outcome takes failure, success, deny, not maybe/],
		[['events'], /usage: account-triage events <user>/],
	] as const) {
		const run = await runCli(argv, env);
		assert.equal(run.code, 2, `${argv.join(' ')}: ${run.stderr}`);
		assert.match(run.stderr, message);
	}
	const missing = await runCli(['events', 'nobody@nowhere.test', '--json'], env);
	assert.equal(missing.code, 3);
	assert.equal(parseJson(missing)['outcome'], 'not_found');

	const wacht = await startWachtSimulator({userCount: 20});
	t.after(() => wacht.close());
	const wenv = tempHome(t).env({WACHT_API_URL: wacht.url, WACHT_API_KEY: wacht.apiKey});
	const refused = await runCli(['events', WW.jane], wenv);
	assert.equal(refused.code, 5);
	assert.match(refused.stderr, /Wacht's backend API keeps no sign-in attempt or audit log: there are no events to list \(nothing was read\)\n {2}account-triage show jane\.okafor@example\.test lists the sign-ins it holds/);
	assert.equal(refused.stdout, '');
	assert.equal(wacht.requests.length, 0, 'refused before anything is read');
});

/** `events … --follow --json` as a child process, its stdout read line by line. */
function follower(args: readonly string[], env: NodeJS.ProcessEnv): {child: ChildProcessWithoutNullStreams; lines: string[]; stderr: () => string; next: (test: (line: string) => boolean, ms?: number) => Promise<string>; exit: Promise<number | null>} {
	const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'events', ...args], {cwd: root, env: {...env, CI: 'true'}});
	const lines: string[] = [];
	let buffer = '';
	let err = '';
	const waiting: {test: (line: string) => boolean; resolve: (line: string) => void}[] = [];
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		buffer += chunk;
		let at;
		while ((at = buffer.indexOf('\n')) !== -1) {
			const line = buffer.slice(0, at);
			buffer = buffer.slice(at + 1);
			lines.push(line);
			for (const w of [...waiting]) {
				if (!w.test(line)) continue;
				waiting.splice(waiting.indexOf(w), 1);
				w.resolve(line);
			}
		}
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
	const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	const next = (test: (line: string) => boolean, ms = 30_000): Promise<string> =>
		new Promise((resolve, reject) => {
			const seen = lines.find(test);
			if (seen !== undefined) return resolve(seen);
			const timer = setTimeout(() => reject(new Error(`no such line in ${ms} ms; stdout:\n${lines.join('\n')}\nstderr:\n${err}`)), ms);
			waiting.push({test, resolve: (line) => (clearTimeout(timer), resolve(line))});
		});
	return {child, lines, stderr: () => err, next, exit};
}

/** The official SDK, as another program acting on the same org would use it (plain http on loopback allowed). */
function sdk(sim: OktaSimulator): okta.Client {
	const config = {orgUrl: sim.url, token: sim.token, testing: {disableHttpsCheck: true}, cacheMiddleware: null};
	return new okta.Client(config);
}

const until = async (ok: () => boolean, ms = 30_000): Promise<void> => {
	const end = Date.now() + ms;
	while (!ok()) {
		if (Date.now() > end) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 50));
	}
};

test('events --follow --json: JSON lines; an action from another process (the SDK suspends the user) appears with its actor; SIGINT stops it, exit 0', async (t) => {
	const {sim, env} = await okt(t);
	const f = follower([W.noFactors.login, '--since', '1h', '--follow', '--json'], env);
	t.after(() => f.child.kill('SIGKILL'));
	await until(() => f.stderr().includes('following the sign-in trail of Liam Walsh'));

	const client = sdk(sim);
	await client.userApi.suspendUser({userId: W.noFactors.id});
	const line = await f.next((l) => l.includes('user.lifecycle.suspend'));
	const event = JSON.parse(line) as EventJson;
	assert.equal(event.type, 'user.lifecycle.suspend');
	assert.equal(event.actor?.id, W.admin.id, "the API token's owner is the actor");
	assert.ok(f.lines.every((l) => JSON.parse(l) && !l.includes('\n')), 'every line one JSON value');
	assert.equal(f.lines.filter((l) => l.includes('user.lifecycle.suspend')).length, 1, 'printed once');

	f.child.kill('SIGINT');
	assert.equal(await f.exit, 0);
	assert.doesNotMatch(f.stderr(), /Error|at .*\.ts:\d+/, f.stderr());
});

test('events --follow | head -1: a closed pipe ends it quietly, exit 0, no stack trace', async (t) => {
	const {sim, env} = await okt(t);
	const f = follower([W.noFactors.login, '--since', '1h', '--follow'], env);
	t.after(() => f.child.kill('SIGKILL'));
	await until(() => f.stderr().includes('following'));
	// The reader goes away; the next event written makes the follower write into the closed pipe.
	f.child.stdout.destroy();
	const client = sdk(sim);
	await client.userApi.suspendUser({userId: W.noFactors.id});
	assert.equal(await Promise.race([f.exit, new Promise((r) => setTimeout(() => r('still running'), 30_000))]), 0);
	assert.doesNotMatch(f.stderr(), /EPIPE|Error|at .*\.ts:\d+/, f.stderr());
});

test('show --json: a trail finding with its next step and the events it cites (time, place, IP, request id)', async (t) => {
	const {env} = await okt(t);
	const run = await runCli(['show', W.pushBombed.login, '--json'], env);
	assert.equal(run.code, 0, run.stderr);
	const findings = parseJson(run)['findings'] as {id: string; severity: string; text: string; next: string | null; events: {at: string; type: string; why: string; city: string; country: string; ip: string; requestId: string}[]}[];
	const fatigue = findings.find((f) => f.id === 'push_fatigue');
	assert.ok(fatigue, JSON.stringify(findings));
	assert.equal(fatigue.severity, 'blocker');
	assert.equal(fatigue.next, 'suspend, then sign out everywhere');
	assert.equal(fatigue.events.length, 8);
	assert.ok(fatigue.events.every((e) => e.type === 'user.mfa.okta_verify.deny_push' && e.city === 'São Paulo' && e.country === 'Brazil' && /^\d+\.\d+\.\d+\.\d+$/.test(e.ip) && e.requestId && !Number.isNaN(Date.parse(e.at))));
	const text = await runCli(['show', W.pushBombed.login], env);
	assert.match(text.stdout, /\nProblem: Possible MFA-fatigue attack: .* → suspend, then sign out everywhere\n( {4}\d{4}-\d\d-\d\d \d\d:\d\d UTC {2}user\.mfa\.okta_verify\.deny_push {2}Okta Verify push rejected on their phone {2}São Paulo, Brazil {2}\S+\n){5} {4}… 3 more\n/);
});
