/**
 * Issue 17, item 6 (last part): Wacht writes session_id "0" for a sign-in with no browser session. That is no id:
 * `show --json` gives null for it (the real ids of the other sign-ins stay), never "0" as if it were a session.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {parseJson, runCli, tempHome} from './helpers.js';

test('a sign-in with session_id "0" has no session id in show --json; the others keep theirs', async (t) => {
	const sim = await startWachtSimulator({userCount: 40});
	t.after(() => sim.close());
	const jane = sim.store.userByEmail(WELL_KNOWN.jane).id;
	const [first, ...rest] = sim.store.sessionsOf(jane, {includeExpired: true});
	assert.ok(first && rest.length > 0);
	first.sessionId = '0';
	const home = tempHome(t);
	const run = await runCli(['show', WELL_KNOWN.jane, '--json'], home.env({WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey}));
	assert.equal(run.code, 0, run.stderr);
	const sessions = parseJson(run)['sessions'] as {id: string; sessionId: string | null}[];
	assert.equal(sessions.find((s) => s.id === first.id)?.sessionId, null);
	for (const other of rest) assert.equal(sessions.find((s) => s.id === other.id)?.sessionId, other.sessionId);
	assert.ok(rest.every((r) => r.sessionId !== '0' && r.sessionId !== ''));
});
