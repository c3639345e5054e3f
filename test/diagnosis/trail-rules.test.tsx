/**
 * The diagnosis reads the trail: one screen test per rule, on the seeded Okta user built for it. Each line under the
 * user's name says what the trail shows (how many, in what window, from where) and the real key of the next step,
 * and the incident summary cites the events it rests on.
 */
import assert from 'node:assert/strict';
import {test, type TestContext} from 'node:test';
import type {Output} from '../../src/incident/output.js';
import {TAB_TITLES, TABS} from '../../screens/state/types.js';
import {WELL_KNOWN as W} from '../../src/sim/okta/index.js';
import {appOn, openUser, pressAction} from '../helpers/app.js';
import {KEY, type Rendered} from '../helpers/render.js';

function recordingOutput(): Output & {files: string[]} {
	const files: string[] = [];
	return {files, copy: () => ({sent: true, via: 'OSC 52'}), save: (name, text) => (files.push(text), `/state/${name}.md`)};
}

/** Opens the user at 160 columns and returns the diagnosis lines once the trail is in. */
async function diagnosisOf(t: TestContext, login: string, name: string): Promise<{lines: string[]; facts: string; app: Rendered; output: ReturnType<typeof recordingOutput>}> {
	const output = recordingOutput();
	const app = await appOn(t, 'okta', {okta: {userCount: 40}, columns: 160, rows: 30, props: {output}});
	const frame = await openUser(app, login, (f) => f.includes(name) && /Sign-ins( \(\d+✗\))?\]?/.test(f) && !f.includes('…)'));
	const lines = frame.split('\n');
	const at = lines.findIndex((l) => l.includes(name));
	return {lines: lines.slice(at + 1, at + 3), facts: lines.find((l) => l.startsWith('last sign-in')) ?? '', app, output};
}

/**
 * Presses each key a step names ("suspend (L), then sign out everywhere (X on Sessions)"), on the tab it names,
 * and returns what each one opened: the key shown must be the key that does it, there.
 */
async function pressSteps(app: Rendered, step: string): Promise<string[]> {
	const opened: string[] = [];
	for (const [, key, tab] of step.slice(step.lastIndexOf('→')).matchAll(/\((\S+?)(?: on ([^)]+))?\)/g)) {
		if (tab) {
			const id = TABS.find((x) => TAB_TITLES[x] === tab);
			assert.ok(id, `a tab named ${tab}`);
			await app.press(String(TABS.indexOf(id) + 1));
			await app.waitFor((f) => new RegExp(`\\[\\d ${tab}`).test(f));
		}
		// The status bar's API count moves on its own; the rest of the screen is what the key changes.
		const body = (f: string): string => f.split('\n').slice(1).join('\n');
		const before = body(app.frame());
		await app.press(key!);
		opened.push(await app.waitFor((f) => body(f) !== before));
		await app.press(KEY.esc);
		await app.waitFor((f) => body(f) === before);
	}
	return opened;
}

test('wrong passwords that locked the account: how many, when, from where → unlock (L), which L offers first', async (t) => {
	const {lines, app} = await diagnosisOf(t, W.lockedOut.login, 'Zoë');
	assert.match(lines[0] ?? '', /^Problem: Locked out since (yesterday )?\d\d:\d\d after 5 wrong passwords (yesterday )?\d\d:\d\d–(yesterday )?\d\d:\d\d from Stockholm, Sweden \(198\.51\.100\.\d+\) → unlock \(L\)$/);
	const [menu] = await pressSteps(app, lines[0]!);
	assert.match(menu!, /› Unlock user/);
});

test('wrong passwords close to a lockout → temporary password (L), which L offers', async (t) => {
	const {lines, app} = await diagnosisOf(t, W.nearLockout.login, 'Noah Fischer');
	const line = lines.find((l) => l.startsWith('Check: 4 wrong')) ?? '';
	assert.match(line, /^Check: 4 wrong passwords (yesterday )?\d\d:\d\d–(yesterday )?\d\d:\d\d from Berlin, Germany \(192\.0\.2\.\d+\), none right since: a lockout may be close → temporary password \(L\)$/);
	const [menu] = await pressSteps(app, line);
	assert.match(menu!, /Temporary password/);
});

test('a sign-on policy deny names the policy and the rule, when and from where', async (t) => {
	const {lines} = await diagnosisOf(t, W.policyDenied.login, 'Rafael Moreno');
	assert.match(lines[0] ?? '', /^Problem: Denied by rule "Block unmanaged devices" of policy "Contractors – managed devices only": 4 sign-ins (yesterday )?\d\d:\d\d–(yesterday )?\d\d:\d\d from Madrid, Spain \(203\.0\./);
});

test('not assigned to the app they keep trying', async (t) => {
	const {lines} = await diagnosisOf(t, W.notAssigned.login, 'Amara Eze');
	assert.match(lines[0] ?? '', /^Problem: Not assigned to Salesforce\.com: tried 4 times (yesterday )?\d\d:\d\d–(yesterday )?\d\d:\d\d from Lagos, Nigeria \(198\.51\.100\.\d+\); assign the app in Okta$/);
});

test('pushes rejected in a burst from a new country: MFA fatigue → suspend (L), then sign out everywhere (X on Sessions); the summary cites each push', async (t) => {
	const {lines, app, output} = await diagnosisOf(t, W.pushBombed.login, 'Marta Lindqvist');
	assert.match(lines[0] ?? '', /^Problem: Possible MFA-fatigue attack: 8 Okta Verify pushes rejected (yesterday )?\d\d:\d\d–(yesterday )?\d\d:\d\d from São Paulo, Brazil \(\S+\), a country new/);
	assert.equal(lines[1], '  → suspend (L), then sign out everywhere (X on Sessions)');
	const [lifecycle, signOut] = await pressSteps(app, lines[1]!);
	assert.match(lifecycle!, /Suspend/);
	assert.match(signOut!, /Sign Marta Lindqvist out everywhere/);
	// The summary cites the events: time, place and IP of each.
	await pressAction(app, 'export/summary');
	await app.waitFor('Summary');
	const summary = output.files.at(-1) ?? '';
	assert.equal((summary.match(/\n {2}- \d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? UTC · user\.mfa\.okta\\_verify\.deny\\_push · Okta Verify push rejected on their phone · São Paulo, Brazil · \d+\.\d+\.\d+\.\d+ · request \S+/g) ?? []).length, 8, summary);
});

test('ThreatInsight blocks from a proxy', async (t) => {
	const {lines} = await diagnosisOf(t, W.threatBlocked.login, 'Yusuf Demir');
	assert.match(lines.join('\n'), /Check: ThreatInsight blocked 12 attempts \(Password Spray\) (yesterday )?\d\d:\d\d–(yesterday )?\d\d:\d\d from Frankfurt am Main, Germany \(192\.0\.2\.\d+\) through a proxy/);
});

test('a new-country sign-in, then a factor and the email changed: possible takeover → suspend (L), then sign out everywhere (X on Sessions)', async (t) => {
	const {lines, app} = await diagnosisOf(t, W.takeover.login, 'Sofia Marchetti');
	assert.match(lines[0] ?? '', /^Problem: Possible takeover: a sign-in from Bucharest, Romania \(\S+\) at \d\d:\d\d \(new country, new device\), then Okta Verify enrolled and the email chang/);
	assert.equal(lines[1], '  → suspend (L), then sign out everywhere (X on Sessions)');
	const [lifecycle, signOut] = await pressSteps(app, lines[1]!);
	assert.match(lifecycle!, /Suspend/);
	assert.match(signOut!, /Sign Sofia Marchetti out everywhere/);
});

test("Okta's lastLogin and the trail disagree: a note citing the trail's sign-in, and the header says so", async (t) => {
	const {lines, facts} = await diagnosisOf(t, W.allFactors.login, 'Björn');
	// The sign-in is about 20 h old, shown on Oslo's clock: "yesterday" only until late in the UTC evening.
	assert.ok(lines.some((l) => /^Note: Okta's lastLogin \(\d{4}-\d\d-\d\d\) and the trail's newest sign-in \((yesterday )?\d\d:\d\d Oslo, Norway \(198\.51\.100\.\d+\)\) disagree: trust the trail$/.test(l)), lines.join('\n'));
	assert.match(facts, /^last sign-in 9d ago \(.*Okta's lastLogin; the trail disagrees\)/);
});

test("an ordinary user: the trail agrees with Okta's lastLogin, the header says so, and nothing is found", async (t) => {
	const {lines, facts} = await diagnosisOf(t, W.active.login, 'Aoife');
	assert.equal(lines[0], 'No problem found in what is loaded');
	assert.match(facts, /^last sign-in 2h ago \(.*Okta's lastLogin, as the trail\)/);
});

test('at 60×12 a two-step finding keeps its first key on its one line: "… → suspend (L)"', async (t) => {
	const app = await appOn(t, 'okta', {okta: {userCount: 40}, columns: 60, rows: 12});
	const frame = await openUser(app, W.pushBombed.login, (f) => f.includes('MFA-fatigue'));
	const line = frame.split('\n').find((l) => l.startsWith('Problem: Possible MFA-fatigue')) ?? '';
	assert.match(line, /^Problem: Possible MFA-fatigue attack: .*… → suspend \(L\)$/);
	assert.ok(line.length <= 60, line);
});

test('unlocked from the lockout finding: the wrong passwords before the unlock no longer count, nothing is found', async (t) => {
	const {lines, app} = await diagnosisOf(t, W.lockedOut.login, 'Zoë');
	assert.match(lines[0] ?? '', /^Problem: Locked out since/);
	await app.press('L');
	await app.waitFor('› Unlock user');
	await app.press(KEY.enter);
	await app.waitFor('y to confirm');
	await app.press('y');
	// The unlock's own event is in the trail read after it; the five wrong passwords are before it.
	const after = await app.waitFor((f) => /ACTIVE\s+Zoë/.test(f) && /Sign-ins \(\d+✗\)/.test(f) && !f.includes('…)') && !f.includes('Locked out since'));
	const at = after.split('\n').findIndex((l) => /ACTIVE\s+Zoë/.test(l));
	assert.equal(after.split('\n')[at + 1], 'No problem found in what is loaded', after);
});

test('sign-ins refused from an anonymizing proxy (a data file user): how many, when, from where', async (t) => {
	const login = 'kai.tanaka@example.com';
	const data = {
		users: [{login, firstName: 'Kai', lastName: 'Tanaka', created: '-200d', factors: [{factorType: 'push'}]}],
		events: [
			{eventType: 'user.session.start', user: login, published: '-3d'},
			{eventType: 'user.session.start', user: login, published: '-20m', repeat: 3, every: '2m', outcome: {result: 'DENY', reason: 'Blocked by network zone: anonymizers'}, security: {isProxy: true, asOrg: 'Tor exit'}, client: {city: 'Amsterdam', country: 'Netherlands', ip: '185.220.101.4'}},
		],
	};
	const app = await appOn(t, 'okta', {okta: {data}, columns: 160, rows: 30});
	const frame = await openUser(app, login, (f) => f.includes('Kai Tanaka') && /Sign-ins \(\d+✗\)/.test(f));
	assert.match(frame, /\nCheck: 3 sign-ins refused from an anonymizing proxy (yesterday )?\d\d:\d\d–(yesterday )?\d\d:\d\d from Amsterdam, Netherlands \(185\.220\.101\.4\): not from their usual network\n/);
});
