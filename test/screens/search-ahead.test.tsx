/**
 * The search for an email or id starts while the operator is still at the keyboard, so Enter costs one round
 * trip (the user's reads) instead of two. Only whole identifiers are searched ahead, once per query, and nothing
 * shows before Enter. Counted at the simulator; no timing is asserted.
 */
import assert from 'node:assert/strict';
import {test, type TestContext} from 'node:test';
import {appOn} from '../helpers/app.js';
import {KEY} from '../helpers/render.js';

const JANE = 'jane.okafor@example.test';

async function setup(t: TestContext) {
	const app = await appOn(t, 'wacht', {wacht: {userCount: 40, manySessions: 10}, guardMs: 300});
	const {sim} = app;
	const searches = (): string[] => sim.requests.filter((r) => r.method === 'GET' && r.path === '/users').map((r) => r.query['search'] ?? '');
	await app.waitFor('Find user');
	return {sim, app, searches};
}

const until = async (check: () => boolean, what: string): Promise<void> => {
	for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
	assert.ok(check(), what);
};

test('an email is searched once while typed; Enter then opens the user without searching again', async (t) => {
	const {app, searches} = await setup(t);
	await app.type(JANE);
	await until(() => searches().includes(JANE), 'the search ran ahead of Enter');
	assert.doesNotMatch(app.frame(), /Jane Okafor/, 'nothing is shown before Enter');
	await app.press(KEY.enter);
	await app.waitFor('Sessions (3)');
	assert.deepEqual(
		searches().filter((q) => q === JANE),
		[JANE],
		'one search for the email, however it was typed',
	);
	// Back in the field with the query already listed: nothing to search ahead.
	await app.press(KEY.esc, '/');
	await new Promise((r) => setTimeout(r, 150));
	assert.equal(searches().length, 1);
	// Another email: searched ahead too, once.
	await app.press('\u0015');
	await app.type('ana@example.test');
	await until(() => searches().includes('ana@example.test'), 'the second email ran ahead');
	await app.press(KEY.enter);
	await app.waitFor(/<ana@example\.test>/);
	assert.equal(searches().filter((q) => q === 'ana@example.test').length, 1);
});

test('a name or a partial email is not searched before Enter', async (t) => {
	const {app, searches} = await setup(t);
	await app.type('Jane Okafor');
	await app.type('');
	await new Promise((r) => setTimeout(r, 150));
	assert.deepEqual(searches(), []);
	await app.press(...Array.from({length: 11}, () => KEY.backspace));
	await app.type('jane.okafor@exam');
	await new Promise((r) => setTimeout(r, 150));
	assert.deepEqual(searches(), [], 'no domain yet: not a whole email');
	await app.press(KEY.enter);
	await until(() => searches().length === 1, 'Enter searches');
});
