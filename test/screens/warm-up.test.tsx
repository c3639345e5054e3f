/**
 * Typing a query opens the backend connections once (Provider.warm), not once per key, and nothing but typing does:
 * the real app and Wacht provider against the in-process simulator, warm() counted. No timing is involved.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Provider} from '../../src/api/provider.js';
import {appOn} from '../helpers/app.js';
import {KEY} from '../helpers/render.js';

test('typing a lookup query triggers one warm-up, however many keys; searching and opening none; the next query one more', async (t) => {
	let warms = 0;
	const app = await appOn(t, 'wacht', {
		wacht: {userCount: 40, manySessions: 10},
		guardMs: 300,
		// Everything else is the real provider.
		wrap: (inner) =>
			Object.assign(Object.create(inner) as Provider, {
				warm: (): Promise<void> => {
					warms++;
					return inner.warm();
				},
			}),
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
