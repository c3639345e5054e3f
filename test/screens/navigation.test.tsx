/**
 * Getting around fast: recent lookups (persisted per profile, offered while the field is empty), `-` back to the
 * previous user and forth again, and the `:` prompt's jumps.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {recentLookups, type RecentStore} from '../../src/config/recent.js';
import {appOn} from '../helpers/app.js';
import {KEY} from '../helpers/render.js';

const JANE = 'jane.okafor@example.test';
const MFA = 'mfa.user@example.test';

async function setup(t: TestContext, recent: RecentStore) {
	return appOn(t, 'wacht', {wacht: {userCount: 40, manySessions: 5}, columns: 110, guardMs: 300, props: {recent}});
}

function memoryRecent(initial: string[]): RecentStore & {saved: string[][]} {
	const saved: string[][] = [];
	return {saved, load: () => [...initial], save: (q) => saved.push([...q])};
}

test('recent lookups: offered in an empty field, ↓ and Enter run one, each new lookup is remembered first', async (t) => {
	const recent = memoryRecent([MFA]);
	const app = await setup(t, recent);
	const frame = await app.waitFor('Recent lookups');
	assert.match(frame, /↓ to pick a recent lookup/);
	assert.match(frame, / {2}mfa\.user@example\.test/);
	await app.type(JANE);
	assert.doesNotMatch(app.frame(), /Recent lookups/, 'typing hides them');
	await app.press(KEY.enter);
	await app.waitFor('Sessions (3)');
	assert.deepEqual(recent.saved.at(-1), [JANE, MFA]);
	await app.press(KEY.esc, '/', '\u0015'); // back, edit the query, Ctrl+U clears it
	await app.waitFor('Recent lookups');
	await app.press(KEY.down, KEY.down);
	await app.waitFor(/› mfa\.user@example\.test/);
	await app.press(KEY.enter);
	await app.waitFor(/<mfa\.user@example\.test>/);
	assert.deepEqual(recent.saved.at(-1), [MFA, JANE]);
});

test('- goes back to the previous user and forth again; :user jumps from anywhere', async (t) => {
	const app = await setup(t, memoryRecent([]));
	await app.waitFor('Find user');
	await app.type(JANE);
	await app.press(KEY.enter);
	await app.waitFor('Sessions (3)');
	await app.press('-');
	await app.waitFor('no earlier user in this run');
	await app.press(':');
	await app.type(`user ${MFA}`);
	await app.press(KEY.enter);
	await app.waitFor(/<mfa\.user@example\.test>/);
	await app.press('-');
	await app.waitFor(/<jane\.okafor@example\.test>/);
	await app.waitFor('Sessions (3)');
	await app.press('-');
	await app.waitFor(/<mfa\.user@example\.test>/);
	await app.press(':');
	await app.type('nonsense');
	await app.press(KEY.enter);
	await app.waitFor('unknown command "nonsense"');
});

test('the recent file: per profile, 0600, at most 10, and a damaged file is just an empty history', (t) => {
	const dir = mkdtempSync(join(tmpdir(), 'at-recent-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	const env = {XDG_STATE_HOME: dir};
	const prod = recentLookups('prod', env);
	const demo = recentLookups('demo', env);
	assert.deepEqual(prod.load(), []);
	prod.save(Array.from({length: 12}, (_, i) => `user${i}@example.test`));
	demo.save(['a@example.test']);
	assert.equal(prod.load().length, 10);
	assert.equal(prod.load()[0], 'user0@example.test');
	assert.deepEqual(demo.load(), ['a@example.test']);
	const path = join(dir, 'account-triage', 'recent.json');
	assert.equal(statSync(path).mode & 0o777, 0o600);
	assert.doesNotMatch(readFileSync(path, 'utf8'), /token|secret/i);
	writeFileSync(path, '{not json');
	assert.deepEqual(prod.load(), []);
	writeFileSync(path, JSON.stringify({prod: ['\u001b]0;pwned\u0007x@example.test', 7]}));
	assert.deepEqual(prod.load(), ['␛]0;pwned^Gx@example.test'], 'sanitized, and non-strings dropped');
});
