/**
 * Scripts and a backend that quotes the credential: `show` (text and --json) and a failed action print the
 * backend's words with the key replaced, on stdout, on stderr and in the journal, on both backends.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {errorBody as oktaErrorBody} from '../../src/sim/okta/errors.js';
import {startOktaSimulator, WELL_KNOWN as W} from '../../src/sim/okta/index.js';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {errorBody as wachtErrorBody} from '../../src/sim/wacht/wire.js';
import {runCli, tempHome} from './helpers.js';

test('Wacht: show, show --json and a failed revoke never print a key the backend echoed', async (t) => {
	const sim = await startWachtSimulator({userCount: 40, manySessions: 5});
	t.after(() => sim.close());
	const home = tempHome(t);
	const env = home.env({WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey});
	const body = JSON.stringify(wachtErrorBody(403, `gateway: Authorization: Bearer ${sim.apiKey} not allowed here`));

	sim.faults.add({method: 'GET', path: /\/passkeys$/, status: 403, body, times: 2});
	const text = await runCli(['show', WELL_KNOWN.jane], env);
	const json = await runCli(['show', WELL_KNOWN.jane, '--json'], env);
	for (const run of [text, json]) {
		assert.equal(run.code, 1, run.stderr);
		assert.match(run.stdout, /gateway: Authorization: Bearer \[REDACTED\] not allowed here/);
		assert.ok(!run.stdout.includes(sim.apiKey) && !run.stderr.includes(sim.apiKey), run.stdout);
	}

	sim.faults.add({method: 'POST', path: /\/revoke-all$/, status: 403, body});
	const revoke = await runCli(['sessions', 'revoke-all', WELL_KNOWN.jane, '--yes', '--json'], env);
	assert.equal(revoke.code, 1, revoke.stderr);
	assert.ok(!revoke.stdout.includes(sim.apiKey) && !revoke.stderr.includes(sim.apiKey), revoke.stdout);
	const outcome = home.journal().find((e) => e.phase === 'outcome');
	assert.ok(outcome, 'an outcome was journaled');
	assert.match(JSON.stringify(outcome), /Bearer \[REDACTED\] not allowed/);
	assert.ok(!JSON.stringify(home.journal()).includes(sim.apiKey));
});

test('Okta: show --json and a failed suspend never print a token an errorSummary echoed', async (t) => {
	const sim = await startOktaSimulator({userCount: 40});
	t.after(() => sim.close());
	const home = tempHome(t);
	const env = home.env({OKTA_CLIENT_ORGURL: sim.url, OKTA_CLIENT_TOKEN: sim.token});
	const body = JSON.stringify(oktaErrorBody('E0000006', `You do not have permission (SSWS ${sim.token})`, [`Authorization: SSWS ${sim.token}`]));

	sim.faults.add({method: 'GET', path: /\/groups$/, status: 403, body});
	const json = await runCli(['show', W.active.login, '--json'], env);
	assert.equal(json.code, 1, json.stderr);
	assert.match(json.stdout, /You do not have permission \(SSWS \[REDACTED\]\)/);
	assert.ok(!json.stdout.includes(sim.token) && !json.stderr.includes(sim.token));

	sim.faults.add({method: 'POST', path: /\/lifecycle\/suspend$/, status: 403, body});
	const suspend = await runCli(['user', 'suspend', W.active.login, '--yes'], env);
	assert.equal(suspend.code, 1, suspend.stderr);
	assert.match(suspend.stderr, /SSWS \[REDACTED\]/);
	assert.ok(!suspend.stdout.includes(sim.token) && !suspend.stderr.includes(sim.token));
	assert.ok(!JSON.stringify(home.journal()).includes(sim.token));
	assert.equal(sim.store.users.get(W.active.id)?.status, 'ACTIVE');
});
