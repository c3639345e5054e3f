/** A script that waits out a 429 says why and for how long on stderr, and stdout stays the result alone. */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {errorBody} from '../../src/sim/wacht/wire.js';
import {parseJson, runCli, tempHome} from './helpers.js';

test('show waiting out a rate limit says so on stderr, with the wait the backend asked for', async (t) => {
	const sim = await startWachtSimulator({userCount: 40, manySessions: 5});
	t.after(() => sim.close());
	const home = tempHome(t);
	sim.faults.add({method: 'GET', path: /\/sessions$/, status: 429, body: JSON.stringify(errorBody(429, 'Rate limit exceeded. Retry after 1 seconds'))});
	const run = await runCli(['show', WELL_KNOWN.jane, '--json'], home.env({WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey}));
	assert.equal(run.code, 0, run.stderr);
	assert.match(run.stderr, /^account-triage: rate limited by the backend: waiting 1 s as it asks \(wait 1 of at most 3\)$/m);
	assert.equal((parseJson(run)['sessions'] as unknown[]).length, 5);
});
