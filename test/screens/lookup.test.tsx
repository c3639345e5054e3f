/**
 * The lookup says what it found and nothing more: `%` and `_` are literal characters, not wildcards; a list cut at
 * the app's own limit says "1,000+" instead of a total it does not know; the status of every row on a page is
 * fetched for the page the operator jumps to; Esc during a search cancels it. Against the Wacht simulator.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {likeLiteral} from '../../src/api/wacht/provider.js';
import {appOn} from '../helpers/app.js';
import {KEY} from '../helpers/render.js';

test('ILIKE wildcards are escaped: "%", "_" and "\\" match only themselves', () => {
	assert.equal(likeLiteral('a_b%c\\d'), 'a\\_b\\%c\\\\d');
	assert.equal(likeLiteral('jane.okafor@example.test'), 'jane.okafor@example.test');
});

test('"%" and "_" are literal: "%" finds no one, "_" only users with an underscore', async (t) => {
	const app = await appOn(t, 'wacht', {wacht: {userCount: 60, manySessions: 5}});
	await app.waitFor('Find user');
	await app.type('%');
	await app.press(KEY.enter);
	await app.waitFor('No user matches "%"');
	await app.press('\u0015');
	await app.type('_');
	await app.press(KEY.enter);
	const frame = await app.waitFor(/of \d+ for "_"/);
	const total = Number(/of (\d+) for "_"/.exec(frame)![1]);
	const underscored = [...app.sim.store.users.values()].filter((u) => app.sim.store.searchTextOf(u.id).includes('_')).length;
	assert.equal(total, underscored, 'exactly the users whose name, email or phone holds an underscore');
	assert.ok(total < app.sim.store.users.size, 'not everyone');
});

test('a list cut at the app’s limit says "1,000+", and the statuses of the page jumped to (G) are filled in', async (t) => {
	const app = await appOn(t, 'wacht', {wacht: {userCount: 1_100, manySessions: 5}, rows: 30});
	await app.waitFor('Find user');
	await app.type('example');
	await app.press(KEY.enter);
	const frame = await app.waitFor(/of 1,000\+/, 20_000);
	assert.doesNotMatch(frame, /of 1,000 for/, 'never a bare total at the cap');
	await app.press('G');
	const last = await app.waitFor((f) => /1,000 of 1,000\+/.test(f) && !/^[› ] …\s/m.test(f), 10_000);
	const rows = last.split('\n').filter((l) => /^[› ] \S/.test(l) && !l.includes('STATUS'));
	assert.ok(rows.length > 5, last);
	assert.ok(rows.every((l) => /^[› ] (ACTIVE|DISABLED)\s/.test(l)), `every row on the last page has its status:\n${last}`);
});

test('Esc during a hung search stops it: the lookup is usable at once, the query kept, a new search works', async (t) => {
	const app = await appOn(t, 'wacht', {wacht: {userCount: 40, manySessions: 5}});
	await app.waitFor('Find user');
	const stall = app.sim.faults.add({method: 'GET', path: /^\/users$/, kind: 'stall'});
	await app.type('ana');
	await app.press(KEY.enter);
	await app.waitFor('Searching for "ana"');
	await app.press(KEY.esc);
	const frame = await app.waitFor('Search for "ana" stopped');
	assert.match(frame, /Find user › ana/, 'the query stays to edit');
	assert.doesNotMatch(frame, /searching…/);
	stall.remove();
	await app.press(KEY.enter);
	await app.waitFor(/of \d+ for "ana"/);
});

test('a failed lookup names a key that works in the lookup field: Enter searches again, r stays a letter', async (t) => {
	const app = await appOn(t, 'wacht', {wacht: {userCount: 40, manySessions: 5}});
	await app.waitFor('Find user');
	app.sim.faults.add({method: 'GET', path: /^\/users/, status: 500, times: 10});
	await app.type('jane');
	await app.press(KEY.enter);
	const failed = await app.waitFor('Lookup failed');
	assert.match(failed, /the backend failed; press Enter to search again/);
	assert.doesNotMatch(failed, /press r\b/, 'r would be typed into the query here');
	app.sim.faults.clear();
	await app.press(KEY.enter);
	await app.waitFor(/Jane Okafor/);
});

test('Ctrl+U and the next query in one input chunk (keys coalesced over SSH) clear the field, then type', async (t) => {
	const app = await appOn(t, 'wacht', {wacht: {userCount: 20, manySessions: 5}});
	await app.waitFor('Find user');
	await app.type('jane.okafor@example.com');
	await app.waitFor('jane.okafor@example.com');
	await app.press('\u0015ana@example.test');
	const frame = await app.waitFor(/Find user › ana@example\.test/);
	assert.doesNotMatch(frame, /example\.comana/);
});
