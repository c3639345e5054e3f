/**
 * The command as a script runs it: a child process with stdout and stdin on pipes. Its stdout is one parseable
 * JSON object, its exit code is the subcommand's, and off a terminal without --yes it sends nothing.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {tempHome} from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `node --import tsx src/main.ts …` without blocking this process (the simulator answers from here). */
function command(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise((resolve) => {
		const child = execFile(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {cwd: root, env, encoding: 'utf8', timeout: 60_000}, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
			resolve({code, stdout, stderr});
		});
		child.stdin?.end();
	});
}

test('a child process: show --json prints parseable JSON; exit codes propagate; no --yes off a terminal sends nothing', async (t) => {
	const sim = await startWachtSimulator({userCount: 80, manySessions: 300});
	t.after(() => sim.close());
	const home = tempHome(t);
	const env = home.env({WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey, CI: 'true'});
	const janeId = sim.store.userByEmail(WELL_KNOWN.jane).id;

	const [show, missing, refused] = await Promise.all([
		command(['show', WELL_KNOWN.jane, '--json'], env),
		command(['show', 'nobody@nowhere.test'], env),
		command(['sessions', 'revoke-all', WELL_KNOWN.jane], env),
	]);
	assert.equal(show.code, 0, show.stderr);
	const out = JSON.parse(show.stdout) as {user: {id: string}; sessions: unknown[]};
	assert.equal(out.user.id, janeId);
	assert.equal(out.sessions.length, 5);
	assert.doesNotMatch(show.stdout, /\u001B/, 'no escape sequence on a pipe');

	assert.equal(missing.code, 3);
	assert.equal(missing.stdout, '');
	assert.match(missing.stderr, /no user matches nobody@nowhere\.test/);

	assert.equal(refused.code, 5, refused.stderr);
	assert.match(refused.stderr, /stdin is not a terminal and --yes was not given/);
	assert.equal(sim.requests.filter((r) => r.method !== 'GET').length, 0);
	assert.equal(sim.store.activeSessionsOf(janeId).length, 3);

	const done = await command(['sessions', 'revoke-all', WELL_KNOWN.jane, '--yes'], env);
	assert.equal(done.code, 0, done.stderr);
	assert.equal(sim.store.activeSessionsOf(janeId).length, 0);
	assert.ok(!done.stderr.includes(sim.apiKey) && !done.stdout.includes(sim.apiKey));
});
