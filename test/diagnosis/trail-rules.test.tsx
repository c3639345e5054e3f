/**
 * The diagnosis reads the trail: one screen test per rule, on the seeded Okta user built for it. Each line under the
 * user's name says what the trail shows (how many, in what window, from where) and the real key of the next step,
 * and the incident summary cites the events it rests on.
 */
import assert from 'node:assert/strict';
import {test, type TestContext} from 'node:test';
import type {Output} from '../../src/incident/output.js';
import {WELL_KNOWN as W} from '../../src/sim/okta/index.js';
import {appOn, openUser, pressAction} from '../helpers/app.js';
import type {Rendered} from '../helpers/render.js';

function recordingOutput(): Output & {files: string[]} {
	const files: string[] = [];
	return {files, copy: () => ({sent: true, via: 'OSC 52'}), save: (name, text) => (files.push(text), `/state/${name}.md`)};
}

/** Opens the user at 160 columns and returns the diagnosis lines once the trail is in. */
async function diagnosisOf(t: TestContext, login: string, name: string): Promise<{lines: string[]; app: Rendered; output: ReturnType<typeof recordingOutput>}> {
	const output = recordingOutput();
	const app = await appOn(t, 'okta', {okta: {userCount: 40}, columns: 160, rows: 30, props: {output}});
	const frame = await openUser(app, login, (f) => f.includes(name) && /Sign-ins( \(\d+✗\))?\]?/.test(f) && !f.includes('…)'));
	const lines = frame.split('\n');
	const at = lines.findIndex((l) => l.includes(name));
	return {lines: lines.slice(at + 1, at + 3), app, output};
}

test('wrong passwords that locked the account: how many, in what window, from where → unlock (L)', async (t) => {
	const {lines} = await diagnosisOf(t, W.lockedOut.login, 'Zoë');
	assert.match(lines[0] ?? '', /^Problem: Locked out since \S+ after 5 wrong passwords in 4 min from Stockholm, Sweden \(198\.51\.100\.\d+\) → unlock \(L\)$/);
});

test('wrong passwords close to a lockout → reset password (L)', async (t) => {
	const {lines} = await diagnosisOf(t, W.nearLockout.login, 'Noah Fischer');
	assert.match(lines.join('\n'), /Check: 4 wrong passwords in 12 min from Berlin, Germany \(192\.0\.2\.\d+\), none right since: a lockout may be close → reset password \(L\)/);
});

test('a sign-on policy deny names the policy and the rule', async (t) => {
	const {lines} = await diagnosisOf(t, W.policyDenied.login, 'Rafael Moreno');
	assert.match(lines[0] ?? '', /^Problem: Denied by rule "Block unmanaged devices" of policy "Contractors – managed devices only": 4 sign-ins in 9 min from Madrid, Spain/);
});

test('not assigned to the app they keep trying', async (t) => {
	const {lines} = await diagnosisOf(t, W.notAssigned.login, 'Amara Eze');
	assert.match(lines[0] ?? '', /^Problem: Not assigned to Salesforce\.com: tried 4 times in 6 min from Lagos, Nigeria/);
});

test('pushes rejected in a burst from a new country: MFA fatigue → suspend (L), then sign out everywhere (X on Sessions)', async (t) => {
	const {lines, app, output} = await diagnosisOf(t, W.pushBombed.login, 'Marta Lindqvist');
	assert.match(lines[0] ?? '', /^Problem: Possible MFA-fatigue attack: 8 Okta Verify pushes rejected in 5 min from São Paulo, Brazil \(\S+\), a country new/);
	assert.equal(lines[1], '  → suspend (L), then sign out everywhere (X on Sessions)');
	// The summary cites the events: time, place and IP of each.
	await pressAction(app, 'export/summary');
	await app.waitFor('Summary');
	const summary = output.files.at(-1) ?? '';
	assert.equal((summary.match(/user\.mfa\.okta\\_verify\.deny\\_push · Okta Verify push rejected on their phone · São Paulo, Brazil · \S+ · request \S+/g) ?? []).length, 8, summary);
	assert.match(summary, /São Paulo, Brazil/);
});

test('ThreatInsight blocks from a proxy', async (t) => {
	const {lines} = await diagnosisOf(t, W.threatBlocked.login, 'Yusuf Demir');
	assert.match(lines.join('\n'), /Check: ThreatInsight blocked 12 attempts \(Password Spray\) in 4 min from Frankfurt am Main, Germany \(192\.0\.2\.\d+\) through a proxy/);
});

test('a new-country sign-in, then a factor and the email changed: possible takeover', async (t) => {
	const {lines} = await diagnosisOf(t, W.takeover.login, 'Sofia Marchetti');
	assert.match(lines[0] ?? '', /^Problem: Possible takeover: a sign-in from Bucharest, Romania \(\S+\) at \S+ \(new country, new device\), then Okta Verify enrolled and the email chang/);
	assert.equal(lines[1], '  → suspend (L), then sign out everywhere (X on Sessions)');
});

test("an ordinary user: the trail agrees with Okta's lastLogin and nothing is found", async (t) => {
	const {lines} = await diagnosisOf(t, W.active.login, 'Aoife');
	assert.equal(lines[0], 'No problem found in what is loaded');
});
