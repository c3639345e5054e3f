/**
 * token_command: started with a minimal environment (no token variable of any profile, the app's own included),
 * and a timed-out one is stopped with everything it started (its process group), not left to init.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import type {Profile} from '../../src/config/profiles.js';
import {resolveToken} from '../../src/config/token.js';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {runCli, tempHome} from '../script/helpers.js';

test('a token command sees PATH, HOME and the locale, and no token variable of any profile', async (t) => {
	const sim = await startWachtSimulator({userCount: 20, manySessions: 5});
	t.after(() => sim.close());
	const home = tempHome(t);
	const seen = join(home.dir, 'seen-env');
	home.writeConfig(
		[
			'[profiles.vaulted]',
			'provider = "wacht"',
			`url = "${sim.url}"`,
			`token_command = "env > '${seen}'; echo ${sim.apiKey}"`,
			'[profiles.other]',
			'provider = "okta"',
			'url = "https://other.okta.com"',
			'token_env = "OTHER_OKTA_TOKEN"',
		].join('\n') + '\n',
	);
	const env = home.env({LANG: 'C.UTF-8', OTHER_OKTA_TOKEN: '00other-profile-token-0123456789', WACHT_API_KEY: 'sk_env_key_0123456789', OP_SESSION_acme: 'op-session'});
	const run = await runCli(['--profile', 'vaulted', 'show', WELL_KNOWN.jane], env);
	assert.equal(run.code, 0, run.stderr);
	const names = readFileSync(seen, 'utf8')
		.split('\n')
		.map((l) => l.split('=')[0]);
	for (const name of ['PATH', 'HOME', 'LANG', 'OP_SESSION_acme']) assert.ok(names.includes(name), `${name} is passed`);
	for (const name of ['OTHER_OKTA_TOKEN', 'WACHT_API_KEY', 'XDG_STATE_HOME_UNRELATED']) assert.ok(!names.includes(name), `${name} is not passed`);
	assert.ok(!readFileSync(seen, 'utf8').includes('0123456789'), 'no token value in its environment');
});

/** Running, not gone or a zombie (in a container, PID 1 may never reap the orphans it inherits). */
function running(pid: number): boolean {
	try {
		return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
}

test('a timed-out token command is stopped with what it started', async (t) => {
	const dir = mkdtempSync(join(tmpdir(), 'at-token-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	const pidFile = join(dir, 'pid');
	const profile: Profile = {
		name: 'p',
		provider: 'okta',
		url: 'https://a.okta.com',
		demo: false,
		token: {from: 'command', command: `sleep 300 & echo $! > '${pidFile}'; wait`},
		auth: 'SSWS',
		readOnly: false,
		protected: false,
		writeMinutes: 10,
		source: 'config',
	};
	await assert.rejects(resolveToken(profile, {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir}, 500), /token_command did not finish within 0\.5 s/);
	const pid = Number(readFileSync(pidFile, 'utf8').trim());
	assert.ok(pid > 0);
	let alive = true;
	for (let i = 0; i < 20 && alive; i++) {
		await sleep(50);
		alive = running(pid);
	}
	if (alive) process.kill(pid, 'SIGKILL');
	assert.equal(alive, false, 'the background sleep was killed with the command');
});
