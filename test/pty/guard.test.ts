/** The built command's safety rails: read-only mode and the audit journal, in a real pseudo-terminal. */
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {before, test, type TestContext} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {startWachtSimulator, type WachtSimulator} from '../../src/sim/wacht/server.js';
import {ensureBuilt, spawnApp, type PtyApp} from '../helpers/pty.js';

const JANE = 'jane.okafor@example.test';
const WAIT_MS = 10_000;

before(() => ensureBuilt());

async function simulator(t: TestContext): Promise<WachtSimulator> {
	const sim = await startWachtSimulator({userCount: 100});
	t.after(() => sim.close());
	return sim;
}

async function openJane(app: PtyApp): Promise<void> {
	await app.waitFor('Find user', WAIT_MS);
	await app.type(JANE);
	await app.press('enter');
	await app.waitFor((s) => s.includes('Jane Okafor') && s.includes('Sessions (3') && /^›/m.test(s), WAIT_MS);
}

test('--read-only: the badge shows, destructive keys explain why they do nothing, and nothing is sent', async (t) => {
	const sim = await simulator(t);
	const app = spawnApp(t, {cols: 100, rows: 30, args: ['--read-only'], env: {WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey}});
	await app.waitFor('READ-ONLY', WAIT_MS);
	await openJane(app);
	assert.ok(!/x revoke/.test(app.screen()), 'destructive keys are not offered in the legend');
	await app.press('x');
	await app.waitFor('Read-only: nothing is sent. read-only for this run (--read-only)', WAIT_MS);
	await app.press('X');
	await delay(200);
	assert.ok(!app.screen().includes('to confirm'));
	assert.equal(sim.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD').length, 0, 'no mutation reached the backend');
	await app.press('q');
	assert.equal((await app.exited).exitCode, 0);
});

test('every action writes an intent and an outcome line to a 0600 journal, with the request id and no secret', async (t) => {
	const sim = await simulator(t);
	const state = mkdtempSync(join(tmpdir(), 'at-journal-'));
	const app = spawnApp(t, {cols: 100, rows: 30, env: {WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey, XDG_STATE_HOME: state}});
	await openJane(app);
	await app.press('x');
	await app.waitFor('y to confirm', WAIT_MS);
	await delay(400); // past the confirm guard
	await app.press('y');
	await app.waitFor('Revoked session', WAIT_MS);
	await app.press('q');
	assert.equal((await app.exited).exitCode, 0);
	const path = join(state, 'account-triage', 'journal.jsonl');
	assert.equal(statSync(path).mode & 0o777, 0o600);
	const text = readFileSync(path, 'utf8');
	const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
	assert.deepEqual(lines.map((l) => l['phase']), ['intent', 'outcome']);
	assert.equal(lines[0]!['action'], 'sessions.revoke');
	assert.equal(lines[1]!['outcome'], 'ok');
	assert.equal(lines[1]!['status'], 200);
	assert.match(String(lines[1]!['requestId']), /^at-/);
	assert.equal(lines[0]!['id'], lines[1]!['id']);
	assert.ok(!text.includes(sim.apiKey), 'the API key is not in the journal');
});
