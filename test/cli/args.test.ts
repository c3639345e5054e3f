import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {parseArgs, UsageError} from '../../src/command/args.js';

test('flags: query words, --demo [provider], --provider, --url', () => {
	assert.deepEqual(parseArgs(['jane', 'okafor']).query, 'jane okafor');
	assert.equal(parseArgs(['--demo', 'okta', 'zoe']).demoProvider, 'okta');
	assert.equal(parseArgs(['--demo', 'okta', 'zoe']).query, 'zoe');
	assert.equal(parseArgs(['--demo']).demoProvider, 'wacht');
	assert.equal(parseArgs(['--provider=okta']).provider, 'okta');
	assert.equal(parseArgs(['--url', 'https://api.wacht.dev']).url, 'https://api.wacht.dev');
	assert.equal(parseArgs(['--no-alt-screen']).altScreen, false);
});

test('secrets are refused on the command line, and bad flags get a clear message', () => {
	for (const flag of ['--token=abc', '--api-key', 'x', '--key', '--password=hunter2']) {
		if (!flag.startsWith('--')) continue;
		assert.throws(() => parseArgs([flag]), (e: unknown) => e instanceof UsageError && /never taken on the command line/.test(e.message));
	}
	assert.throws(() => parseArgs(['--frobnicate']), /unknown option --frobnicate/);
	assert.throws(() => parseArgs(['--provider', 'auth0']), /--provider takes wacht or okta/);
	assert.throws(() => parseArgs(['--url']), /--url needs a value/);
});

test('the built command answers --version, --help and a bad flag without a stack trace', () => {
	const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {encoding: 'utf8', env: {...process.env, CI: 'true'}});
	const version = run('--version');
	assert.equal(version.status, 0);
	assert.match(version.stdout, /^account-triage \d+\.\d+\.\d+\n$/);
	const help = run('--help');
	assert.match(help.stdout, /OKTA_CLIENT_ORGURL/);
	const bad = run('--token', 'abc');
	assert.equal(bad.status, 2);
	assert.match(bad.stderr, /never taken on the command line/);
	assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
	const notTty = run('jane');
	assert.equal(notTty.status, 2);
	assert.match(notTty.stderr, /needs an interactive terminal/);
});
