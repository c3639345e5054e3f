/**
 * What the running process shows of itself, and a terminal that cannot draw the app. The built command in a real
 * pseudo-terminal: once it runs, /proc/PID/environ (what `ps eww` prints) holds no token value; with TERM=dumb it
 * draws nothing (no alternate screen, no cursor moves) and says what to use instead, exit 2.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {before, test} from 'node:test';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import * as pty from '@lydell/node-pty';
import {BUNDLE, ensureBuilt, ROOT, spawnApp} from '../helpers/pty.js';

before(() => ensureBuilt());

test('the running app: /proc/PID/environ keeps the variable name but not the key', {skip: process.platform !== 'linux'}, async (t) => {
	const sim = await startWachtSimulator({userCount: 20, manySessions: 5});
	t.after(() => sim.close());
	const app = spawnApp(t, {env: {WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey}});
	await app.waitFor('Find user', 15_000);
	const environ = readFileSync(`/proc/${app.pid}/environ`, 'utf8').split('\0');
	assert.ok(environ.includes(`WACHT_API_URL=${sim.url}`), 'the block is readable, the rest is untouched');
	assert.ok(environ.includes('WACHT_API_KEY='), 'the name stays, its value is blanked');
	assert.ok(!environ.join('\n').includes(sim.apiKey), 'no key in /proc/PID/environ');
	await app.type('jane.okafor@example.test');
	await app.press('enter');
	await app.waitFor('Sessions (3)', 15_000);
	assert.ok(sim.requests.some((r) => r.headers.authorization === `Bearer ${sim.apiKey}`), 'the app still holds the key it read');
});

test('TERM=dumb: no alternate screen and no cursor moves, a message naming show, exit 2', async () => {
	// node-pty sets TERM from its `name`, so the variable is set by env(1) inside the pseudo-terminal.
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'CI') env[k] = v;
	const child = pty.spawn('/usr/bin/env', ['TERM=dumb', process.execPath, BUNDLE, '--demo'], {name: 'dumb', cols: 80, rows: 24, cwd: ROOT, env});
	let raw = '';
	child.onData((d) => (raw += d));
	const exitCode = await new Promise<number>((resolve) => child.onExit(({exitCode: code}) => resolve(code)));
	assert.equal(exitCode, 2, raw);
	assert.doesNotMatch(raw, /\u001B\[\?1049h/, 'no alternate screen');
	assert.doesNotMatch(raw, /\u001B\[\d*[ABCDHJK]/, 'no cursor movement or erasing');
	assert.match(raw, /TERM=dumb/);
	assert.match(raw, /account-triage show <user>/);
});
