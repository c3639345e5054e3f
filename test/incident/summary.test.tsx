/**
 * The incident summary and the clipboard: OSC 52 wrapped for tmux and screen, Markdown that a hostile name cannot
 * turn into a link, and, in the app, S copies the summary (with this run's actions and request ids) and saves it
 * to a private file whose path is shown; c copies the selected id.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {clipboardRoute, osc52, terminalOutput, OSC52_MAX_BASE64, type Output} from '../../src/incident/output.js';
import {incidentSummary, md} from '../../src/incident/summary.js';
import {appOn} from '../helpers/app.js';
import {KEY} from '../helpers/render.js';

const JANE = 'jane.okafor@example.test';
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

test('OSC 52: plain, wrapped for tmux (ESC doubled), chunked for GNU screen, and refused when too long', () => {
	assert.equal(osc52('héllo', {}), `\u001B]52;c;${b64('héllo')}\u0007`);
	assert.equal(osc52('x', {TMUX: '/tmp/tmux-0/default,1,0'}), `\u001BPtmux;\u001B\u001B]52;c;${b64('x')}\u0007\u001B\\`);
	// tmux with set-clipboard on takes the plain sequence itself.
	assert.equal(osc52('x', {TMUX: '/t,1,0'}, clipboardRoute({TMUX: '/t,1,0'}, {setClipboard: 'on', allowPassthrough: 'off'})), `\u001B]52;c;${b64('x')}\u0007`);
	const screen = osc52('y'.repeat(300), {STY: '1234.pts-0.host', TERM: 'screen'})!;
	const pieces = screen.split('\u001B\\').filter(Boolean);
	assert.ok(pieces.length > 1 && pieces.every((p) => p.startsWith('\u001BP') && p.length <= 78), 'DCS pieces of at most 76 characters');
	assert.equal(pieces.map((p) => p.slice(2)).join(''), `\u001B]52;c;${b64('y'.repeat(300))}\u0007`);
	assert.equal(osc52('z'.repeat((OSC52_MAX_BASE64 / 4) * 3 + 3), {}), null);
});

test('Markdown: backend values cannot become links, emphasis or headings', () => {
	assert.equal(md('[click](https://evil.example)'), '\\[click\\](https://evil.example)');
	assert.equal(md('# *x* _y_ `z` <b>\n| ~~s~~'), '# \\*x\\* \\_y\\_ \\`z\\` \\<b\\> \\| \\~\\~s\\~\\~');
	const text = incidentSummary({
		user: {id: 'u`1', displayName: '[Boss](https://evil)', firstName: '', lastName: '', email: 'a@b.test', phone: null, login: null, status: 'locked_out', statusText: 'LOCKED_OUT', createdAt: null, lastSignInAt: null},
		sessions: null,
		passkeys: null,
		mfa: null,
		memberships: null,
		findings: ['Locked out since 07:41 → unlock (u)'],
		history: ['✓ Unlocked at 07:50:02 UTC · request abc'],
		backend: 'Okta · acme.okta.com',
		profile: 'prod',
		operator: 'oncall',
		version: '0.1.0',
		now: Date.parse('2026-11-23T08:00:00Z'),
	});
	assert.ok(!/(^|[^\\])\[Boss\]\(/.test(text), text);
	assert.match(text, /^### Account triage: \\\[Boss\\\]/);
	assert.match(text, /\*\*Status:\*\* LOCKED\\_OUT/);
	assert.match(text, /- Locked out since 07:41 → unlock \(u\)/);
	assert.match(text, /- ✓ Unlocked at 07:50:02 UTC · request abc/);
	assert.match(text, /User id:\*\* `u'1`/);
});

test('the real output writes the summary 0600 under XDG_STATE_HOME and OSC 52 to the terminal', (t) => {
	const dir = mkdtempSync(join(tmpdir(), 'at-out-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	const written: string[] = [];
	const out = terminalOutput((d) => written.push(d), {XDG_STATE_HOME: dir});
	const path = out.save('20261123-080000-a/../b@c.test', '# hi\n');
	assert.equal(path, join(dir, 'account-triage', 'incidents', '20261123-080000-a_.._b@c.test.md'));
	assert.equal(readFileSync(path, 'utf8'), '# hi\n');
	assert.equal(statSync(path).mode & 0o777, 0o600);
	assert.deepEqual(out.copy('hi'), {sent: true, via: 'OSC 52'});
	assert.deepEqual(written, [`\u001B]52;c;${b64('hi')}\u0007`]);
});

test('the clipboard route: tmux asked until it lets the sequence through; a tmux that drops the sequence, or nested tmux and screen, get nothing and say why', () => {
	let asked = 0;
	const written: string[] = [];
	let passthrough = 'off';
	const tmuxOff = terminalOutput((d) => written.push(d), {TMUX: '/t,1,0'}, () => (asked++, {setClipboard: 'external', allowPassthrough: passthrough}));
	const first = tmuxOff.copy('secret-id');
	assert.equal(first.sent, false);
	assert.match(first.sent ? '' : first.why, /allow-passthrough is off.*set -g allow-passthrough on/);
	assert.equal(written.length, 0, 'nothing is written that tmux would drop');
	// The operator follows the advice in another pane: the next copy goes through, without a restart.
	passthrough = 'on';
	assert.deepEqual(tmuxOff.copy('again'), {sent: true, via: 'OSC 52 through tmux'});
	tmuxOff.copy('and again');
	assert.equal(asked, 2, 'once it passes, tmux is not asked again');
	written.length = 0;

	const through = terminalOutput((d) => written.push(d), {TMUX: '/t,1,0'}, () => ({setClipboard: 'external', allowPassthrough: 'on'}));
	assert.deepEqual(through.copy('x'), {sent: true, via: 'OSC 52 through tmux'});
	assert.equal(written.at(-1), `\u001BPtmux;\u001B\u001B]52;c;${b64('x')}\u0007\u001B\\`);

	const nested = terminalOutput((d) => written.push(d), {TMUX: '/t,1,0', STY: '12.pts-1.host', TERM: 'screen'}, () => ({setClipboard: 'on', allowPassthrough: 'on'}));
	const result = nested.copy('y');
	assert.equal(result.sent, false);
	assert.match(result.sent ? '' : result.why, /nested/);
	assert.equal(written.length, 1, 'no sequence for a nested pair: it could be drawn on the screen');
});

function recordingOutput(): Output & {copies: string[]; files: Map<string, string>} {
	const copies: string[] = [];
	const files = new Map<string, string>();
	return {
		copies,
		files,
		copy: (text) => (copies.push(text), {sent: true, via: 'OSC 52'}),
		save: (name, text) => {
			const path = `/state/incidents/${name}.md`;
			files.set(path, text);
			return path;
		},
	};
}

async function setup(t: TestContext) {
	const output = recordingOutput();
	const app = await appOn(t, 'wacht', {wacht: {userCount: 40, manySessions: 5}, columns: 110, props: {output, operator: 'oncall', profile: {name: 'demo', isProtected: false}}});
	const {sim} = app;
	await app.type(JANE);
	await app.press(KEY.enter);
	await app.waitFor('Sessions (3)');
	await app.waitFor('Memberships (2)');
	return {sim, app, output};
}

test('S copies a Markdown summary of the user and this run’s actions, and shows where the file is', async (t) => {
	const {app, output, sim} = await setup(t);
	await app.press('x');
	await app.waitFor('y to confirm');
	await app.press('y');
	const frame = await app.waitFor(/✓ Revoked session/);
	const requestId = /request\s+(\S+)/.exec(frame)?.[1];
	assert.ok(requestId, frame);
	await app.waitFor('Sessions (2)');
	await app.press('S');
	const shown = await app.waitFor("Summary sent to the terminal's clipboard (OSC 52; paste to check it arrived) and saved");
	assert.match(shown, /\/state\/incidents\/\d{8}-\d{6}-jane\.okafor@example\.test\.md/);
	assert.equal(output.copies.length, 1);
	const text = output.copies[0]!;
	assert.deepEqual([...output.files.values()], [text]);
	assert.match(text, /^### Account triage: Jane Okafor <jane\.okafor@example\.test>/);
	assert.match(text, new RegExp(`Backend:\\*\\* Wacht · 127\\.0\\.0\\.1:\\d+ \\(profile demo\\)`));
	assert.match(text, /\*\*Status:\*\* ACTIVE/);
	assert.match(text, /2 active sessions \(2 expired\) · 2 passkeys/);
	assert.ok(text.includes(`request ${requestId}`), 'the action with its request id');
	assert.match(text, /oncall · account-triage/);
	assert.equal(sim.store.activeSessionsOf(sim.store.userByEmail(JANE).id).length, 2);
});

test('c copies the id of the selected row: a session, a passkey, the user on Profile', async (t) => {
	const {app, output, sim} = await setup(t);
	const jane = sim.store.userByEmail(JANE);
	await app.press('c');
	await app.waitFor("Sent the session id to the terminal's clipboard");
	assert.ok(sim.store.activeSessionsOf(jane.id).some((s) => s.id === output.copies[0]), 'a session of hers');
	await app.press('2', 'c');
	await app.waitFor(/Sent the passkey id \(.+\) to the terminal's clipboard/);
	await app.press('5', 'c');
	await app.waitFor(`Sent the user id to the terminal's clipboard (OSC 52; paste to check it arrived): ${jane.id}`);
	assert.equal(output.copies.at(-1), jane.id);
});

test('the summary carries the diagnosis with its next step (Okta, a locked-out user)', async (t) => {
	const output = recordingOutput();
	const app = await appOn(t, 'okta', {okta: {}, columns: 110, guardMs: 300, props: {output}});
	await app.type('zoe.angstrom@example.com');
	await app.press(KEY.enter);
	await app.waitFor(/Problem: Locked out/);
	await app.waitFor((f) => /Memberships \(\d+\)/.test(f));
	await app.press('S');
	await app.waitFor('Summary sent');
	const text = output.copies[0]!;
	assert.match(text, /\*\*Status:\*\* LOCKED\\_OUT/);
	assert.match(text, /\*\*Findings\*\*\n\n- Locked out since .+ → unlock \(L\)/);
	assert.match(text, /- None: nothing was changed\./);
});
