/**
 * Issue 17, item 17, the last place: the quit summary printed to the normal screen (it stays in the scrollback).
 * A backend that quotes the key back in its error gets the words there, never the key: the built command in a real
 * pseudo-terminal, every byte it wrote searched.
 */
import assert from 'node:assert/strict';
import {before, test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {errorBody} from '../../src/sim/wacht/wire.js';
import {ensureBuilt, spawnApp} from '../helpers/pty.js';

const JANE = 'jane.okafor@example.test';
const WAIT_MS = 10_000;

before(() => ensureBuilt());

test('a failed revoke whose error quotes "Bearer <key>": the quit summary keeps the words, not the key', async (t) => {
	const sim = await startWachtSimulator({userCount: 40, manySessions: 5});
	t.after(() => sim.close());
	sim.faults.add({method: 'POST', path: /\/sessions\/[^/]+\/revoke$/, status: 400, body: JSON.stringify(errorBody(400, `gateway refused Authorization: Bearer ${sim.apiKey} (policy)`))});
	const app = spawnApp(t, {cols: 120, rows: 30, env: {WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey}});
	await app.waitFor('Find user', WAIT_MS);
	await app.type(JANE);
	await app.press('enter');
	await app.waitFor((s) => s.includes('Sessions (3') && /^›/m.test(s), WAIT_MS);
	await app.press('x');
	await app.waitFor('y to confirm', WAIT_MS);
	await delay(450); // the dialog ignores y for its first 300 ms
	await app.press('y');
	await app.waitFor('✗', WAIT_MS);
	await app.press('q');
	assert.equal((await app.exited).exitCode, 0);
	const raw = app.raw();
	const after = raw.slice(raw.lastIndexOf('\u001B[?1049l'));
	assert.match(after, /1 action this run:\r?\n\s+\[env · 127\.0\.0\.1:\d+\] ✗ .*gateway refused Authorization: Bearer \[REDACTED\] \(policy\)/);
	assert.ok(!raw.includes(sim.apiKey), 'the key is nowhere in what the app wrote to the terminal');
	assert.equal(sim.store.activeSessionsOf(sim.store.userByEmail(JANE).id).length, 3, 'nothing was revoked');
});
