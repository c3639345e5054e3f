/**
 * A gateway or backend that quotes the credential back in an error body (`… Bearer <key>`, Okta's `… SSWS <token>`)
 * must not get it anywhere the operator's text goes: the tab's failure line, the status line after a failed action,
 * the journal's outcome, the incident summary and the clipboard. Both backends, the real app over loopback.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Journal} from '../../src/api/journal.js';
import type {Output} from '../../src/incident/output.js';
import {WELL_KNOWN as W} from '../../src/sim/okta/index.js';
import {errorBody as oktaErrorBody} from '../../src/sim/okta/errors.js';
import {errorBody as wachtErrorBody} from '../../src/sim/wacht/wire.js';
import {appOn, openUser} from '../helpers/app.js';
import {KEY} from '../helpers/render.js';

function recordingOutput(): Output & {texts: string[]} {
	const texts: string[] = [];
	return {
		texts,
		copy: (text) => (texts.push(text), {sent: true, via: 'OSC 52'}),
		save: (name, text) => (texts.push(text), `/state/${name}.md`),
	};
}

function journalIn(t: TestContext): {journal: Journal; text: () => string} {
	const dir = mkdtempSync(join(tmpdir(), 'at-quoted-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	const path = join(dir, 'journal.jsonl');
	return {journal: Journal.open({path}), text: () => readFileSync(path, 'utf8')};
}

test('Wacht: an error body that echoes "Bearer <key>" shows the words, never the key', async (t) => {
	const output = recordingOutput();
	const {journal, text} = journalIn(t);
	const app = await appOn(t, 'wacht', {wacht: {userCount: 40, manySessions: 5}, columns: 140, rows: 40, journal, props: {output}});
	const {sim} = app;
	const echo = (status: number) => JSON.stringify(wachtErrorBody(status, `upstream refused authorization: Bearer ${sim.apiKey} (policy)`));
	sim.faults.add({method: 'GET', path: /\/passkeys$/, status: 403, body: echo(403)});
	await openUser(app, 'jane.okafor@example.test', 'Sessions (3)');
	await app.press('2');
	const tab = await app.waitFor('upstream refused authorization');
	assert.ok(!tab.includes(sim.apiKey), tab);
	assert.match(tab, /Bearer \[REDACTED\] \(policy\)/);

	await app.press('1');
	await app.waitFor('Lisbon, PT');
	sim.faults.add({method: 'POST', path: /\/sessions\/[^/]+\/revoke$/, status: 400, body: echo(400)});
	await app.press('x');
	await app.waitFor('y to confirm');
	await app.press('y');
	const failed = await app.waitFor(/✗ .*upstream refused authorization/);
	assert.ok(!failed.includes(sim.apiKey), failed);
	assert.match(text(), /upstream refused authorization: Bearer \[REDACTED\]/, 'the journal keeps the words');
	assert.ok(!text().includes(sim.apiKey), 'no key in the journal');

	await app.press('S');
	await app.waitFor('Summary sent');
	assert.ok(output.texts.length > 0);
	for (const t of output.texts) assert.ok(!t.includes(sim.apiKey), t);
	await app.press(KEY.esc);
});

test('Okta: an errorSummary that echoes "SSWS <token>" shows the words, never the token', async (t) => {
	const output = recordingOutput();
	const {journal, text} = journalIn(t);
	const app = await appOn(t, 'okta', {columns: 140, rows: 40, journal, props: {output}});
	const {sim} = app;
	const echo = JSON.stringify(oktaErrorBody('E0000006', `You do not have permission: Authorization SSWS ${sim.token} was refused`, [`header SSWS ${sim.token}`]));
	sim.faults.add({method: 'GET', path: /\/groups$/, status: 403, body: echo});
	await openUser(app, W.suspended.login, 'Mateus Gonçalves');
	await app.press('4');
	const tab = await app.waitFor('You do not have permission');
	assert.ok(!tab.includes(sim.token), tab);

	sim.faults.add({method: 'POST', path: /\/lifecycle\/unsuspend$/, status: 403, body: echo});
	await app.press('L');
	const menu = await app.waitFor('Change the state of Mateus Gonçalves');
	const items = menu.split('\n').filter((l) => l.startsWith('│ '));
	const index = items.findIndex((l) => l.includes('Unsuspend user'));
	const first = items.findIndex((l) => /^│ (› | {2})\S/.test(l));
	for (let i = first; i < index; i++) await app.press('j');
	await app.waitFor((f) => (f.split('\n').find((l) => l.startsWith('│ › ')) ?? '').includes('Unsuspend user'));
	await app.press(KEY.enter);
	await app.waitFor('⚠ Unsuspend user?');
	await app.press('y');
	const failed = await app.waitFor(/✗ .*permission/);
	assert.ok(!failed.includes(sim.token), failed);
	assert.match(text(), /SSWS \[REDACTED\] was refused/);
	assert.ok(!text().includes(sim.token), 'no token in the journal');

	await app.press('S');
	await app.waitFor('Summary sent');
	for (const t of output.texts) assert.ok(!t.includes(sim.token), t);
});
