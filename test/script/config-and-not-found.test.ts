/**
 * Exit codes a script branches on (issue 17, item 14): a backend URL the app will not use is a configuration
 * error (2) wherever it comes from, and names where it came from; a TOML syntax error gives its line and column;
 * deleting what the backend says is not there is "no such" (3), not a plain failure (1).
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {parseJson, runCli, tempHome} from './helpers.js';

test('an http:// backend URL off loopback exits 2 naming where it came from, before any token is read or sent', async (t) => {
	const home = tempHome(t);
	const cases: {env: Record<string, string>; argv?: string[]; names: RegExp}[] = [
		{env: {OKTA_CLIENT_ORGURL: 'http://acme.okta.example', OKTA_CLIENT_TOKEN: 'tok-okta-123'}, names: /OKTA_CLIENT_ORGURL is plain http:\/\/ to acme\.okta\.example/},
		{env: {WACHT_API_URL: 'http://api.wacht.example', WACHT_API_KEY: 'tok-wacht-123'}, names: /WACHT_API_URL is plain http:\/\/ to api\.wacht\.example/},
		{env: {WACHT_API_URL: 'ftp://api.wacht.example', WACHT_API_KEY: 'tok-wacht-123'}, names: /WACHT_API_URL must be https:\/\/ \(or http:\/\/ on loopback\), not ftp:/},
		{env: {WACHT_API_KEY: 'tok-wacht-123'}, argv: ['--url', 'http://api.wacht.example'], names: /--url is plain http:\/\//},
	];
	for (const c of cases) {
		const run = await runCli([...(c.argv ?? []), 'show', 'jane@example.com'], home.env(c.env));
		assert.equal(run.code, 2, `${JSON.stringify(c)}: ${run.stderr}`);
		assert.match(run.stderr, c.names);
		assert.doesNotMatch(run.stderr, /unexpected error|cannot resolve|network:/);
		assert.ok(!run.stderr.includes('tok-'), 'no token in the message');
		const json = await runCli([...(c.argv ?? []), 'show', 'jane@example.com', '--json'], home.env(c.env));
		assert.equal(json.code, 2);
		assert.equal(parseJson(json)['outcome'], 'usage');
	}
	// The same rule for a config profile: its name in the message.
	home.writeConfig('[profiles.prod]\nprovider = "okta"\nurl = "http://acme.okta.example"\ntoken_env = "OKTA_PROD"\n');
	const fromFile = await runCli(['show', 'jane@example.com'], home.env({OKTA_PROD: 'tok-okta-123'}));
	assert.equal(fromFile.code, 2, fromFile.stderr);
	assert.match(fromFile.stderr, /\[profiles\.prod\]: url is plain http:\/\/ to acme\.okta\.example/);
});

test('a TOML syntax error in the config file gives its line and column', async (t) => {
	const home = tempHome(t);
	// An unterminated string on line 3 (smol-toml stops at column 26, the end of that line).
	home.writeConfig('[profiles.prod]\nprovider = "okta"\nurl = "https://x.okta.com\ntoken_env = "OKTA_PROD"\n');
	const run = await runCli(['show', 'jane@example.com'], home.env({OKTA_PROD: 'tok'}));
	assert.equal(run.code, 2, run.stderr);
	assert.match(run.stderr, /config\.toml: not valid TOML at line 3, column 26: control characters are not allowed in strings/);
	assert.equal(run.stderr.trim().split('\n').length, 1, 'one line, no code block');

	home.writeConfig('[profiles.prod]\nprovider = "okta"\nurl = "https://x.okta.com"\n\n[profiles.prod]\n');
	const twice = await runCli(['show', 'jane@example.com'], home.env({}));
	assert.equal(twice.code, 2);
	assert.match(twice.stderr, /not valid TOML at line 5, column \d+: /);
});

test('mfa delete with no authenticator enrolled exits 3 (no such), and the backend still holds none', async (t) => {
	const sim = await startWachtSimulator({userCount: 40});
	t.after(() => sim.close());
	const home = tempHome(t);
	const env = home.env({WACHT_API_URL: sim.url, WACHT_API_KEY: sim.apiKey});
	const jane = sim.store.userByEmail(WELL_KNOWN.jane).id;
	assert.equal(sim.store.authenticatorOf(jane), null, 'Jane has no authenticator to begin with');

	const run = await runCli(['mfa', 'delete', WELL_KNOWN.jane, '--yes'], env);
	assert.equal(run.code, 3, run.stderr);
	assert.match(run.stderr, /^account-triage: Delete the TOTP authenticator: no such thing \(HTTP 404: authenticator not found\)$/m);
	assert.match(run.stderr, /run account-triage show jane\.okafor@example\.test to see what is there now/);
	assert.equal(sim.store.authenticatorOf(jane), null);
	assert.deepEqual(
		home.journal().map((l) => `${l.phase} ${l.action} ${l.phase === 'outcome' ? l.outcome : ''}`.trim()),
		['intent mfa.totp.delete', 'outcome mfa.totp.delete failed'],
	);

	const json = await runCli(['mfa', 'delete', WELL_KNOWN.jane, '--yes', '--json'], env);
	assert.equal(json.code, 3);
	const out = parseJson(json);
	assert.equal(out['outcome'], 'not_found');
	assert.equal(out['status'], 404);
});
