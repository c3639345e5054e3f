/**
 * What the status bar says while the app waits on a slow backend: after a failed attempt, which retry is running
 * and when it gives up (counting down), not a "retrying in 0s" that sticks; then the error once the deadline passes.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {WachtProvider} from '../../src/api/wacht/provider.js';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {mountApp} from '../helpers/app.js';
import {KEY} from '../helpers/render.js';

test('a hung tab read: "retry 1 · gives up in Ns" counts down, then the tab says it timed out', async (t) => {
	const sim = await startWachtSimulator({userCount: 40, manySessions: 5});
	const provider = new WachtProvider({baseUrl: sim.url, apiKey: sim.apiKey, retry: {baseDelayMs: 1, maxDelayMs: 2}, timeouts: {headersMs: 1500, readTotalMs: 4000}});
	const app = mountApp(t, provider, {columns: 120, rows: 30}, () => sim.close());
	sim.faults.add({method: 'GET', path: /\/passkeys$/, kind: 'stall', times: 5});
	await app.type('jane.okafor@example.test');
	await app.press(KEY.enter);
	const first = await app.waitFor(/retry 1 · gives up in [1-3]s/, 5000);
	const seconds = Number(/gives up in (\d)s/.exec(first)![1]);
	await app.waitFor(new RegExp(`retry 1 · gives up in [0-${seconds - 1}]s`), 3000);
	assert.doesNotMatch(app.frame(), /retrying in 0s/);
	await app.press('2');
	const failed = await app.waitFor(/Passkeys failed to load: .*took longer than 4 s in all/, 6000);
	assert.doesNotMatch(failed, /gives up in/);
});
