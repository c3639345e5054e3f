/**
 * A menu with more choices than a small terminal has rows shows the ones that fit, whole, and says which of how many:
 * rows beyond the box were laid over each other (the title read "Unlock userate of Zoë Ångström").
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {WELL_KNOWN} from '../../src/sim/okta/seed.js';
import {appOn, openUser, pressAction} from '../helpers/app.js';

test('the account-state menu at 60×12: whole rows, "1–2 of 4", and j reaches every choice', async (t) => {
	const app = await appOn(t, 'okta', {columns: 60, rows: 12});
	await openUser(app, WELL_KNOWN.lockedOut.login, 'LOCKED OUT');
	await pressAction(app, 'user/lifecycle', 'user');
	const first = await app.waitFor(/Change the state of Zoë Ångström · 1–\d of \d/);
	const count = Number(/ of (\d+)/.exec(first)![1]);
	assert.ok(count >= 3, 'more choices than rows');
	const seen = new Set<string>();
	for (let i = 0; i < count; i++) {
		const frame = app.frame();
		const lines = frame.split('\n');
		const title = lines.find((l) => l.includes('Change the state of'))!;
		assert.match(title, /^│ Change the state of Zoë Ångström · \d–\d of \d\s+│$/, `a title with nothing laid over it:\n${frame}`);
		for (const line of lines) {
			const m = /^│ (›| ) {1,2}(\S.*?)\s*│$/.exec(line);
			if (m && !line.includes('Change the state') && !line.includes('j/k') && !line.includes('Esc closes')) seen.add(m[2]!);
		}
		assert.doesNotMatch(frame, /\)m\)|userate/, frame);
		await app.press('j');
	}
	assert.equal(seen.size, count, `each of the ${count} choices shown once, whole: ${[...seen].join(' | ')}`);
	assert.ok([...seen].some((s) => s.startsWith('Unlock user')));
});
