/**
 * Backup codes mix look-alikes (issue 17, item 15). Wacht generates them over [A-Za-z0-9], mixed case, and offers no
 * choice of alphabet, so the app says which is which wherever it shows them: the MFA screen under the codes, and
 * `mfa backup-codes` on stderr (stdout stays one code a line). Codes the backend returned, read back.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readAloud} from '../../src/format.js';
import {startWachtSimulator, type WachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {hashBackupCode} from '../../src/sim/wacht/store.js';
import {appOn, openUser} from '../helpers/app.js';
import {runCli, tempHome} from '../script/helpers.js';

/** Twelve codes with 0/O/o and 1/l/I in them, and a 5 without an S (nothing to confuse it with). */
const CODES = ['O0oA-1lIb', 'Xy5a-bcde', ...Array.from({length: 10}, (_, i) => `Kq${'abcdefghij'[i]}M-nPtW`)];
const SAID = 'Read carefully (case matters): 0 zero · O capital o · o small o · 1 one · l small L · I capital i';

/** The backend hands out exactly CODES, and holds their hashes, as it would its own random ones. */
function fixCodes(sim: WachtSimulator): void {
	sim.store.regenerateBackupCodes = (userId: string) => (sim.store.setBackupCodes(userId, CODES), [...CODES]);
}

test('which look-alike is which: only pairs that are both there, case named', () => {
	assert.equal(readAloud(CODES), SAID);
	assert.equal(readAloud(['abcd-efgh', 'Xy5a-bcde']), null, 'a 5 alone is nothing to confuse');
	assert.equal(readAloud(['S5aa-8Bcc']), 'Read carefully (case matters): 5 five · S capital s · 8 eight · B capital b');
});

test('mfa backup-codes: the 12 codes on stdout, one a line; which is which on stderr', async (t) => {
	const sim = await startWachtSimulator({userCount: 40});
	t.after(() => sim.close());
	fixCodes(sim);
	const home = tempHome(t);
	const run = await runCli(['mfa', 'backup-codes', WELL_KNOWN.jane, '--yes'], home.env({WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey}));
	assert.equal(run.code, 0, run.stderr);
	assert.deepEqual(run.stdout.trim().split('\n').slice(1), CODES);
	assert.equal(run.stderr.trim(), SAID);
	assert.deepEqual(sim.store.backupCodeHashes(sim.store.userByEmail(WELL_KNOWN.jane).id), CODES.map(hashBackupCode));
});

test('the MFA screen names the look-alikes under the codes at 80×24', async (t) => {
	const app = await appOn(t, 'wacht', {wacht: {userCount: 40}, columns: 80, rows: 24, prepare: fixCodes});
	await openUser(app, WELL_KNOWN.jane, 'Memberships (2)');
	await app.press('3');
	await app.waitFor('Backup codes');
	await app.press('b');
	await app.waitFor('y to confirm');
	await app.press('y');
	const frame = await app.waitFor('New backup codes for Jane Okafor');
	for (const code of CODES) assert.ok(frame.includes(code), `${code} on screen:\n${frame}`);
	const said = frame.split('\n').filter((l) => /Read carefully|small L|capital i/.test(l)).map((l) => l.trim()).join(' ');
	assert.equal(said, SAID, frame);
});
