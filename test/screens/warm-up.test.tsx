/**
 * The backend connections a lookup uses are open before the operator's Enter: the app holds them ready from behind
 * its first frame (Provider.prepare), typing a query asks once more (Provider.warm, not once per key), and the search
 * and the user view after it go over those connections, never more than the pool's limit. The real app and Wacht
 * provider against the in-process simulator, behind a relay that counts what the backend sees. No timing is involved.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Provider} from '../../src/api/provider.js';
import {MAX_CONNECTIONS} from '../../src/api/transport.js';
import {WachtProvider} from '../../src/api/wacht/provider.js';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {mountApp} from '../helpers/app.js';
import {KEY} from '../helpers/render.js';
import {countConnections} from '../helpers/tcp-counter.js';

test('connections held from the first frame carry the search and the user view; typing warms once per query, however many keys', async (t) => {
	const sim = await startWachtSimulator({userCount: 40, manySessions: 10});
	const backend = await countConnections(t, sim.url);
	let warms = 0;
	const inner = new WachtProvider({baseUrl: backend.url, apiKey: sim.apiKey, retry: {baseDelayMs: 1, maxDelayMs: 2}});
	// Everything else is the real provider.
	const counted = Object.assign(Object.create(inner) as Provider, {
		warm: (): Promise<void> => {
			warms++;
			return inner.warm();
		},
	});
	const app = mountApp(t, counted, {guardMs: 300}, () => sim.close());
	await app.waitFor('Find user');
	await backend.until(() => backend.connections.length === MAX_CONNECTIONS, `${MAX_CONNECTIONS} connections before the first key`);
	assert.equal(sim.requests.length, 0, 'held ready: no request sent');
	assert.equal(warms, 0, 'prepare is not a warm-up per query');

	await app.type('ana');
	assert.equal(warms, 1, 'three keys, one warm-up');
	await app.press(KEY.backspace, KEY.backspace, KEY.backspace);
	await app.type('Jane Okafo');
	assert.equal(warms, 1, 'editing the same query does not warm again');

	await app.press('r', KEY.enter);
	await app.waitFor('1 of 1');
	assert.equal(warms, 1, 'a search ending in a result list does not warm (the text did not change)');
	await app.press(KEY.enter);
	await app.waitFor('Sessions (3)');
	assert.equal(warms, 1, 'opening the user does not warm');
	assert.equal(backend.connections.length, MAX_CONNECTIONS, 'the search and every read of the view went over the held connections');

	await app.press(KEY.esc, '/');
	await app.type('many.sessions@example.test');
	assert.equal(warms, 2, 'a new query after a search: one more warm-up');
	assert.ok(backend.open().length <= MAX_CONNECTIONS, 'never more open than the pool holds');
});
