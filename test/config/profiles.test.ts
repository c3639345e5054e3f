/**
 * Profiles: the config file's format and checks, where tokens come from, and which profile a run starts on.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {chooseProfile, ConfigError, configPath, describeProfile, loadConfig, type Profile} from '../../src/config/profiles.js';
import {resolveToken} from '../../src/config/token.js';

function home(t: TestContext): {dir: string; env: Record<string, string>; write(text: string, mode?: number): string} {
	const dir = mkdtempSync(join(tmpdir(), 'at-config-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	const env = {HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), PATH: process.env['PATH'] ?? '/usr/bin:/bin'};
	return {
		dir,
		env,
		write(text, mode = 0o600) {
			const path = configPath(env);
			mkdirSync(join(dir, 'config', 'account-triage'), {recursive: true});
			writeFileSync(path, text, {mode});
			chmodSync(path, mode);
			return path;
		},
	};
}

const PROD = `
default = "prod"

[profiles.prod]
provider = "okta"
url = "https://acme.okta.com"
token_env = "ACME_OKTA_TOKEN"
read_only = true
protected = true

[profiles.staging]
provider = "wacht"
url = "https://api.staging.example"
token_file = "~/wacht.token"
write_minutes = 5
`;

test('a config file gives its profiles, then env (when set) and the two demos', (t) => {
	const h = home(t);
	const path = h.write(PROD);
	const config = loadConfig(h.env);
	assert.equal(config.path, path);
	assert.deepEqual(config.profiles.map((p) => p.name), ['prod', 'staging', 'demo', 'demo-okta']);
	const prod = config.profiles[0]!;
	assert.equal(prod.provider, 'okta');
	assert.equal(prod.readOnly, true);
	assert.equal(prod.protected, true);
	assert.deepEqual(prod.token, {from: 'env', name: 'ACME_OKTA_TOKEN'});
	assert.equal(describeProfile(prod), 'okta · acme.okta.com · read-only · protected');
	const staging = config.profiles[1]!;
	assert.deepEqual(staging.token, {from: 'file', path: join(h.dir, 'wacht.token')});
	assert.equal(staging.writeMinutes, 5);
	assert.equal(chooseProfile(config, null, false).name, 'prod', 'the default');
	assert.equal(chooseProfile(config, 'staging', false).name, 'staging');
	assert.equal(chooseProfile(loadConfig({...h.env, OKTA_CLIENT_ORGURL: 'https://x.okta.com', OKTA_CLIENT_TOKEN: 't'}), null, true).name, 'env', 'the environment wins over the default');
});

test('no config file: the demo, or the environment when it names a backend', (t) => {
	const h = home(t);
	const config = loadConfig(h.env);
	assert.equal(config.path, null);
	assert.equal(chooseProfile(config, null, false).name, 'demo');
	const env = loadConfig({...h.env, WACHT_API_URL: 'https://api.wacht.dev', WACHT_API_KEY: 'sk'});
	assert.equal(chooseProfile(env, null, true).provider, 'wacht');
	assert.throws(() => loadConfig({...h.env, WACHT_API_KEY: 'a', OKTA_CLIENT_TOKEN: 'b'}), /choose one with --provider/);
	assert.throws(() => chooseProfile(config, 'prod', false), /no profile "prod".*have: demo, demo-okta/);
});

test('a config file group or others can read is refused, with the chmod that fixes it', (t) => {
	const h = home(t);
	const path = h.write(PROD, 0o644);
	assert.throws(() => loadConfig(h.env), (e: Error) => e instanceof ConfigError && e.message.includes(`chmod 600 ${path}`) && e.message.includes('mode 0644'));
	chmodSync(path, 0o600);
	assert.doesNotThrow(() => loadConfig(h.env));
});

test('mistakes in the file are named, with the profile and what to write instead', (t) => {
	const h = home(t);
	const cases: [string, RegExp][] = [
		['[profiles.p]\nprovider = "okta"\nurl = "https://a.okta.com"\ntoken_env = "T"\nreadonly = true\n', /unknown key "readonly"/],
		['[profiles.p]\nprovider = "auth0"\nurl = "https://a"\ntoken_env = "T"\n', /provider must be "wacht" or "okta"/],
		['[profiles.p]\nprovider = "okta"\nurl = "https://a.okta.com"\n', /token_env, token_file or token_command/],
		['[profiles.p]\nprovider = "okta"\nurl = "https://a.okta.com"\ntoken_env = "A"\ntoken_file = "/b"\n', /one of token_env, token_file or token_command, not 2/],
		['[profiles.p]\nprovider = "okta"\nurl = "http://acme.okta.com"\ntoken_env = "T"\n', /unencrypted/],
		['[profiles.p]\nprovider = "okta"\nurl = "https://a.okta.com"\ntoken_env = "T"\nread_only = "yes"\n', /read_only must be true or false/],
		['[profiles.p]\nprovider = "okta"\nurl = "https://a.okta.com"\ntoken_env = "T"\nwrite_minutes = 0\n', /write_minutes/],
		['default = "nope"\n', /default = "nope" names no profile/],
		['[profiles.p\n', /not valid TOML/],
		['token = "abc"\n', /unknown key "token"/],
		['[profiles.p]\nprovider = "wacht"\nurl = "https://a.example"\ntoken_env = "T"\nverify_caller = true\n', /verify_caller needs provider = "okta"/],
	];
	for (const [text, message] of cases) {
		h.write(text);
		assert.throws(() => loadConfig(h.env), (e: Error) => e instanceof ConfigError && message.test(e.message), `${text} → ${message}`);
	}
	h.write('[profiles.a]\nprovider = "okta"\nurl = "https://a.okta.com"\ntoken_env = "A"\n[profiles.b]\nprovider = "okta"\nurl = "https://b.okta.com"\ntoken_env = "B"\n');
	assert.throws(() => chooseProfile(loadConfig(h.env), null, false), /2 profiles and no default: choose one with --profile NAME \(a, b\)/);
	// Loopback http is allowed: simulators and tunnels.
	h.write('[profiles.local]\nprovider = "wacht"\nurl = "http://127.0.0.1:8080"\ntoken_env = "K"\n');
	assert.equal(chooseProfile(loadConfig(h.env), null, false).name, 'local');
});

const profile = (token: Profile['token']): Profile => ({
	name: 'p',
	provider: 'okta',
	url: 'https://a.okta.com',
	demo: false,
	token,
	auth: 'SSWS',
	readOnly: false,
	protected: false,
	writeMinutes: 10,
	source: 'config',
});

test('tokens: from a variable, a private file, or a command; errors never carry the token', async (t) => {
	const h = home(t);
	assert.equal(await resolveToken(profile({from: 'env', name: 'ACME'}), {ACME: ' 00abc \n'}), '00abc');
	await assert.rejects(resolveToken(profile({from: 'env', name: 'ACME'}), {}), /ACME is not set: export it/);

	const file = join(h.dir, 'token');
	writeFileSync(file, 'SECRET-FROM-FILE\n', {mode: 0o600});
	chmodSync(file, 0o600);
	assert.equal(await resolveToken(profile({from: 'file', path: file}), h.env), 'SECRET-FROM-FILE');
	chmodSync(file, 0o640);
	await assert.rejects(resolveToken(profile({from: 'file', path: file}), h.env), (e: Error) => e.message.includes(`chmod 600 ${file}`) && !e.message.includes('SECRET'));
	await assert.rejects(resolveToken(profile({from: 'file', path: join(h.dir, 'missing')}), h.env), /does not exist/);

	assert.equal(await resolveToken(profile({from: 'command', command: 'printf "%s\\n" tok-from-cmd'}), h.env), 'tok-from-cmd');
	await assert.rejects(
		resolveToken(profile({from: 'command', command: 'echo "vault: not signed in" >&2; echo PRINTED-SECRET; exit 3'}), h.env),
		(e: Error) => /token_command failed \(exit 3\): vault: not signed in/.test(e.message) && !e.message.includes('PRINTED-SECRET'),
	);
	await assert.rejects(resolveToken(profile({from: 'command', command: 'true'}), h.env), /printed nothing/);
	// A command that waits for input gets EOF instead of hanging on the app's terminal.
	await assert.rejects(resolveToken(profile({from: 'command', command: 'read line; test -n "$line" && echo "$line"'}), h.env), /token_command (failed|printed nothing)/);
});
