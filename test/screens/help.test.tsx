/**
 * The first screen teaches: the lookup footer says how to quit, get help and pick a recent lookup; `?` opens the
 * help from the lookup field (a `?` after a character is typed); the help is a scrollable cheat sheet with full
 * descriptions, the current screen's keys first and the dialog keys included, legible at 80×24, with no raw ids; and
 * every footer keeps `? help` and the quit key at every width down to 60 columns.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {helpLines} from '../../screens/help.js';
import {KEYMAP} from '../../screens/keymap.js';
import {appOn, openUser, pressAction} from '../helpers/app.js';
import {KEY} from '../helpers/render.js';

const JANE = 'jane.okafor@example.test';
const footer = (frame: string): string => frame.split('\n').filter((l) => l.trim() !== '').at(-1) ?? '';

test('every binding has words for people; the sheet lists each one with them, never an action id', () => {
	for (const b of KEYMAP) assert.ok((b.help ?? b.label).trim() !== '', `${b.action} (${b.keys.join()}) has words`);
	const text = helpLines(['user', 'list', 'sessions', 'global'], 80)
		.map((l) => l.text)
		.join('\n');
	assert.doesNotMatch(text, /\b(nav|list|tab|app|session|passkey|mfa|user|export|confirm|text|data|lookup)\/[a-zA-Z]/, 'no raw action id');
	for (const words of ['revoke the selected sign-in', 'yes, do it', 'submit what was typed', 'choose (a confirm dialog follows', 'close this view']) assert.ok(text.includes(words), words);
	assert.ok(text.indexOf('revoke the selected sign-in') < text.indexOf('pick a recent lookup'), 'the current screen’s keys come first');
	for (const line of helpLines(['global'], 80)) assert.ok(line.text.length <= 80, `fits 80 columns: ${line.text}`);
});

test('the lookup footer teaches quit, help and recent lookups; ? opens the help in an empty field and is typed after a character', async (t) => {
	const app = await appOn(t, 'wacht', {wacht: {userCount: 40, manySessions: 5}, columns: 80, rows: 24});
	const first = await app.waitFor('Find user');
	assert.match(footer(first), /↓ recent .*\? help {2}Ctrl\+C quit$/);
	await app.press('?');
	const help = await app.waitFor('Keys · lines 1–');
	assert.match(help, /Here/);
	assert.match(help, /pick a recent lookup/);
	await pressAction(app, 'list/pageDown', 'help');
	const scrolled = await app.waitFor((f) => /Keys · lines (?!1–)\d+–/.test(f));
	assert.doesNotMatch(scrolled, /Keys · lines 1–/);
	await app.press(KEY.esc);
	await app.waitFor((f) => f.includes('Find user') && !f.includes('Keys ·'));
	await app.type('a?');
	const typed = await app.waitFor('Find user › a?');
	assert.doesNotMatch(typed, /Keys ·/, 'after a character, ? is text');
});

test('at every width down to 60 columns, every footer keeps ? help and the quit key', async (t) => {
	for (const columns of [60, 80, 120]) {
		const app = await appOn(t, 'wacht', {wacht: {userCount: 40, manySessions: 5}, columns, rows: 24});
		await openUser(app, JANE, /Sess\w* \(3\)/);
		for (const tab of ['1', '2', '3', '4', '5']) {
			await app.press(tab);
			const f = footer(app.frame());
			assert.match(f, /\? help {2}q quit$/, `${columns} columns, tab ${tab}: ${f}`);
			assert.ok(f.length <= columns, f);
		}
		app.unmount();
	}
});
