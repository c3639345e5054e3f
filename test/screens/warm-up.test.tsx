/**
 * Typing a query opens the backend connections once (Provider.warm), not once per key, and nothing but typing does:
 * the real app and Wacht provider against the in-process simulator, warm() counted. No timing is involved.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {App} from '../../screens/app.js';
import type {Provider} from '../../src/api/provider.js';
import {WachtProvider} from '../../src/api/wacht/provider.js';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {KEY, renderApp} from '../helpers/render.js';

test('typing a lookup query triggers one warm-up, however many keys; searching and opening none; the next query one more', async (t) => {
	const sim = await startWachtSimulator({userCount: 40, manySessions: 10});
	const inner = new WachtProvider({baseUrl: sim.url, apiKey: sim.apiKey});
	let warms = 0;
	// Everything else is the real provider.
	const provider: Provider = Object.assign(Object.create(inner) as Provider, {
		warm: (): Promise<void> => {
			warms++;
			return inner.warm();
		},
	});
	const app = renderApp(<App provider={provider} isDemo />, {columns: 100, rows: 30});
	t.after(async () => {
		app.unmount();
		await inner.close();
		await sim.close();
	});
	await app.waitFor('Find user');
	const atStart = warms;

	await app.type('ana');
	assert.equal(warms - atStart, 1, 'three keys, one warm-up');
	await app.press(KEY.backspace, KEY.backspace, KEY.backspace);
	await app.type('Jane Okafo');
	assert.equal(warms - atStart, 1, 'editing the same query does not warm again');

	await app.press('r', KEY.enter);
	await app.waitFor('1 of 1');
	assert.equal(warms - atStart, 1, 'a search ending in a result list does not warm (the text did not change)');
	await app.press(KEY.enter);
	await app.waitFor('Sessions (3)');
	assert.equal(warms - atStart, 1, 'opening the user does not warm');

	await app.press(KEY.esc, '/');
	await app.type('many.sessions@example.test');
	assert.equal(warms - atStart, 2, 'a new query after a search: one more warm-up');
});
