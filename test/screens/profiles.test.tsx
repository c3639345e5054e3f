/**
 * Profiles in the app: the status bar names the profile and host, P and `:profile` switch without a restart,
 * a failed switch leaves the operator where they were, a protected profile asks to type for every destructive
 * action, and the Activity screen lists what this operator did, from the journal.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {appendFileSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Root, type RunRecord} from '../../screens/root.js';
import {Connections} from '../../src/config/connect.js';
import {loadConfig, type Profile} from '../../src/config/profiles.js';
import {Journal} from '../../src/api/journal.js';
import {renderApp, KEY, type Rendered} from '../helpers/render.js';

const JANE = 'jane.okafor@example.test';

function profilesWith(extra: Partial<Profile> & {name: string}): Profile[] {
	const base = loadConfig({HOME: '/nonexistent', XDG_CONFIG_HOME: '/nonexistent/config'}).profiles;
	const demo = base.find((p) => p.name === 'demo')!;
	return [{...demo, source: 'config', ...extra}, ...base];
}

async function start(t: TestContext, profiles: Profile[], first: string, env: Record<string, string> = {}, size = {columns: 110, rows: 30}): Promise<{app: Rendered; quit: RunRecord[][]; journal: Journal}> {
	const dir = mkdtempSync(join(tmpdir(), 'at-profiles-'));
	const journal = Journal.open({path: join(dir, 'journal.jsonl'), env: {USER: 'oncall'}});
	const connections = new Connections({env, forceReadOnly: false, journal, secrets: []});
	const initial = await connections.get(profiles.find((p) => p.name === first)!);
	const quit: RunRecord[][] = [];
	const app = renderApp(<Root initial={initial} profiles={profiles} connect={(p) => connections.get(p)} onQuit={(r) => quit.push([...r])} confirmGuardMs={0} />, size);
	t.after(async () => {
		app.unmount();
		await connections.closeAll();
		rmSync(dir, {recursive: true, force: true});
	});
	return {app, quit, journal};
}

async function openJane(app: Rendered): Promise<void> {
	await app.type(JANE);
	await app.press(KEY.enter);
	await app.waitFor('Sessions (3)');
}

test('P switches profile without a restart; the status bar always names profile and host', async (t) => {
	const {app} = await start(t, profilesWith({name: 'training'}), 'training');
	let frame = await app.waitFor('Find user');
	assert.match(frame.split('\n')[0]!, /training · Wacht · 127\.0\.0\.1:\d+/);
	await app.press(KEY.esc, ':');
	// `:` in an empty lookup field opens the prompt.
	await app.waitFor(':user <query>');
	await app.type('profile nope');
	await app.press(KEY.enter);
	frame = await app.waitFor('no profile "nope"');
	assert.match(frame, /have: training, demo, demo-okta/);
	await app.press(KEY.esc, KEY.ctrlC.replace('\u0003', '\u0010')); // Esc, then Ctrl+P from the lookup field
	frame = await app.waitFor('Switch profile');
	assert.match(frame, /training\s+wacht · embedded demo\s+\(current\)/);
	assert.match(frame, /demo-okta\s+okta · embedded demo/);
	await app.press('j', 'j', KEY.enter);
	frame = await app.waitFor(/Now on profile demo-okta/, 8000);
	assert.match(frame.split('\n')[0]!, /demo-okta · Okta · 127\.0\.0\.1:\d+/);
	assert.doesNotMatch(frame, /training · Wacht/);
});

test('a switch that cannot connect says why and leaves the operator on the current profile', async (t) => {
	const profiles = profilesWith({name: 'training'});
	profiles.push({...profiles[0]!, name: 'prod', demo: false, url: 'https://acme.okta.com', provider: 'okta', token: {from: 'env', name: 'ACME_OKTA_TOKEN'}});
	const {app} = await start(t, profiles, 'training');
	await app.waitFor('Find user');
	await app.press('\u0010');
	await app.waitFor('Switch profile');
	await app.press('G'); // not a menu key: stays on the first row
	for (let i = 0; i < 3; i++) await app.press('j');
	const frame = await app.waitFor((f) => /› prod/.test(f));
	assert.ok(frame.includes('okta · acme.okta.com'));
	await app.press(KEY.enter);
	const failed = await app.waitFor('Could not switch to prod');
	assert.match(failed, /ACME_OKTA_TOKEN is not set: export it/);
	assert.match(failed.split('\n')[0]!, /training · Wacht/);
	// Still usable.
	await app.press(KEY.esc);
	await openJane(app);
});

test('a protected profile asks to type the email even for one session, and turns the badge red', async (t) => {
	const {app} = await start(t, profilesWith({name: 'prod-like', protected: true}), 'prod-like');
	let frame = await app.waitFor('Find user');
	assert.match(frame.split('\n')[0]!, /PROTECTED\s+prod-like · Wacht/);
	await openJane(app);
	await app.press('x');
	frame = await app.waitFor('and press Enter to confirm');
	assert.match(frame, new RegExp(`Type ${JANE.replace(/\./g, '\\.')} and press Enter`));
	await app.press('y');
	assert.doesNotMatch(app.frame(), /Revoked/, 'a single y does nothing on a protected profile');
	await app.press(KEY.esc);
	await app.waitFor('Cancelled: nothing changed');
});

test('Activity lists this operator’s actions from the journal, newest first, with result and request id', async (t) => {
	const {app, quit, journal} = await start(t, profilesWith({name: 'training'}), 'training');
	await app.waitFor('Find user');
	await openJane(app);
	await app.press('x');
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor(/✓ Revoked/);
	// Someone else's line in the same journal is not this operator's activity.
	const line = {time: new Date().toISOString(), phase: 'intent', id: 'x1', operator: `${journal.operator}-not`, profile: 'p', backend: 'wacht', host: 'h', action: 'sessions.revokeAll', target: {userId: '1', userLabel: 'not-mine@example.test'}};
	appendFileSync(journal.path, JSON.stringify(line) + '\n');
	await app.press('A');
	const frame = await app.waitFor('sessions.revoke');
	assert.match(frame, /Activity 1–1 of 1/);
	assert.match(frame, /✓ ok\s+sessions\.revoke\s+jane\.okafor@example\.test · sess/);
	assert.match(frame, /training · 127\.0\.0\.1/);
	assert.match(frame, /session Chrome · Mac · 203\.0\.113\.24/);
	assert.match(frame, /request id at-/);
	assert.match(frame, /HTTP 200/);
	assert.doesNotMatch(frame, /not-mine/);
	await app.press(KEY.esc, 'q');
	await app.waitFor(() => quit.length > 0);
	assert.equal(quit[0]!.length, 1);
	assert.equal(quit[0]![0]!.profile, 'training');
	assert.match(quit[0]![0]!.line, /Revoked/);
});

test('a read-only profile: W asks for the profile name, unlocks writes for its minutes (counting down), W locks again; all journaled', async (t) => {
	const {app, journal} = await start(t, profilesWith({name: 'prod-ro', readOnly: true, writeMinutes: 3}), 'prod-ro');
	let frame = await app.waitFor('Find user');
	assert.match(frame.split('\n')[0]!, /READ-ONLY/);
	await openJane(app);
	await app.press('x');
	await app.waitFor(/Read-only profile: nothing is sent\. W allows changes for 3 minutes/);
	await app.press('W');
	await app.waitFor('Allow changes on prod-ro for 3 minutes?');
	await app.type('prod');
	await app.press(KEY.enter);
	await app.waitFor('that is not prod-ro');
	await app.type('-ro');
	await app.press(KEY.enter);
	frame = await app.waitFor(/Writes allowed until \d\d:\d\d:\d\d UTC/);
	assert.match(frame.split('\n')[0]!, /WRITES [23]:\d\d/);
	assert.doesNotMatch(frame.split('\n')[0]!, /READ-ONLY/);
	await app.press('x');
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor(/✓ Revoked/);
	await app.press('W');
	frame = await app.waitFor('Writes locked: the profile is read-only again');
	assert.match(frame.split('\n')[0]!, /READ-ONLY/);
	await app.press('x');
	await app.waitFor(/Read-only profile: nothing is sent\. W allows changes for 3 minutes/);
	const actions = journal.readRecent(20).filter((e) => e.phase === 'outcome').map((e) => e.action).reverse();
	assert.deepEqual(actions, ['writes.unlock', 'sessions.revoke', 'writes.lock']);
});

test('--read-only for the run cannot be unlocked from inside it', async (t) => {
	const dir = mkdtempSync(join(tmpdir(), 'at-profiles-'));
	const journal = Journal.open({path: join(dir, 'journal.jsonl')});
	const connections = new Connections({env: {}, forceReadOnly: true, journal, secrets: []});
	const profiles = profilesWith({name: 'prod-ro', readOnly: true});
	const initial = await connections.get(profiles[0]!);
	const app = renderApp(<Root initial={initial} profiles={profiles} connect={(p) => connections.get(p)} onQuit={() => undefined} />, {columns: 110, rows: 30});
	t.after(async () => {
		app.unmount();
		await connections.closeAll();
		rmSync(dir, {recursive: true, force: true});
	});
	await app.waitFor('Find user');
	await openJane(app);
	await app.press('W');
	await app.waitFor('read-only for this run (--read-only)');
});

test('at 60×12 the unlock dialog still shows what to type, and the profile list its title and every profile', async (t) => {
	const {app} = await start(t, profilesWith({name: 'prod-ro', readOnly: true}), 'prod-ro', {}, {columns: 60, rows: 12});
	await app.waitFor('Find user');
	await app.type(JANE);
	await app.press(KEY.enter);
	await app.waitFor('Sess (3)');
	await app.press('W');
	const frame = await app.waitFor('Type prod-ro ›');
	assert.match(frame, /Allow changes on prod-ro for 10 minutes\?/);
	assert.ok(frame.split('\n').length <= 11, 'the frame stays within rows − 1');
	await app.press(KEY.esc, 'P');
	const list = await app.waitFor('Switch profile');
	for (const name of ['prod-ro', 'demo', 'demo-okta']) assert.match(list, new RegExp(`\\s${name}\\s`));
});
