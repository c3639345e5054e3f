import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {runCli} from '../script/helpers.js';
import {startWachtSimulator, DEMO_API_KEY} from '../../src/sim/wacht/index.js';
import {startOktaSimulator, OKTA_DEMO_TOKEN} from '../../src/sim/okta/index.js';
import {proxyFor} from '../../src/api/proxy.js';

interface Check {
	id: string;
	status: string;
	detail: string;
	fix?: string;
}

const ORDER = ['config', 'token', 'proxy', 'dns', 'tcp', 'tls', 'clock', 'auth', 'reads', 'actions', 'rate'];

function home(t: TestContext): NodeJS.ProcessEnv {
	const dir = mkdtempSync(join(tmpdir(), 'at-doctor-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	return {XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state'), PATH: process.env['PATH']};
}

async function doctor(env: NodeJS.ProcessEnv): Promise<{code: number; checks: Check[]; stdout: string; text: string}> {
	const json = await runCli(['doctor', '--json'], env);
	const text = await runCli(['doctor'], env);
	assert.equal(text.code, json.code, 'text and --json agree on the exit code');
	const body = JSON.parse(json.stdout) as {ok: boolean; exitCode: number; profile: string; checks: Check[]};
	assert.equal(body.exitCode, json.code);
	assert.equal(body.ok, json.code === 0);
	assert.deepEqual(body.checks.map((c) => c.id), ORDER, 'every check, in order');
	return {code: json.code, checks: body.checks, stdout: json.stdout, text: text.stdout};
}

const status = (checks: Check[], id: string): Check => checks.find((c) => c.id === id)!;

/** A self-signed certificate for 127.0.0.1, as a misconfigured gateway or a private CA would present. */
function selfSigned(t: TestContext): {key: string; cert: string; certPath: string} {
	const dir = mkdtempSync(join(tmpdir(), 'at-cert-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {stdio: 'ignore'});
	return {key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), certPath: join(dir, 'cert.pem')};
}

test('doctor on a healthy Wacht backend: every check passes, exit 0, the key never shows', async (t) => {
	const sim = await startWachtSimulator({userCount: 20});
	t.after(() => sim.close());
	const env = {...home(t), WACHT_API_URL: sim.url, WACHT_API_KEY: DEMO_API_KEY};
	const run = await doctor(env);
	assert.equal(run.code, 0, run.text);
	for (const c of run.checks) assert.ok(c.status === 'ok' || c.status === 'skip', `${c.id}: ${c.status} ${c.detail}`);
	assert.match(status(run.checks, 'token').detail, /the environment variable WACHT_API_KEY/);
	assert.match(status(run.checks, 'reads').detail, /sessions: ok; .*passkeys: ok; mfa: ok; memberships: ok/);
	assert.match(run.text, /^account-triage doctor: profile env \(wacht, http:\/\/127\.0\.0\.1:\d+\)\n {2}ok {4}config file/);
	assert.match(run.text, /all checks passed\n$/);
	assert.ok(!run.stdout.includes(DEMO_API_KEY) && !run.text.includes(DEMO_API_KEY));
});

test('doctor on a healthy Okta org: reads per tab, actions by the token kind, rate-limit headroom', async (t) => {
	const sim = await startOktaSimulator({userCount: 20});
	t.after(() => sim.close());
	const run = await doctor({...home(t), OKTA_CLIENT_ORGURL: sim.url, OKTA_CLIENT_TOKEN: OKTA_DEMO_TOKEN});
	assert.equal(run.code, 0, run.text);
	assert.match(status(run.checks, 'reads').detail, /details: ok; sessions: not offered by Okta; grants: ok; .*events: ok/);
	assert.match(status(run.checks, 'actions').detail, /SSWS token acts with its owner's admin role: actions are not tried/);
	assert.match(status(run.checks, 'rate').detail, /^\d+ of 600 requests left/);
	assert.ok(!run.stdout.includes(OKTA_DEMO_TOKEN));
	// Nothing but reads was sent.
	assert.deepEqual([...new Set(sim.requests.map((r) => r.method))], ['GET']);
});

test('a wrong token: exit 15 with the fix, on both backends; the token never shows', async (t) => {
	const wacht = await startWachtSimulator({userCount: 5});
	const okta = await startOktaSimulator({userCount: 5});
	t.after(() => Promise.all([wacht.close(), okta.close()]));
	const wrong = 'sk_test_wrongwrongwrong123';
	for (const env of [
		{...home(t), WACHT_API_URL: wacht.url, WACHT_API_KEY: wrong},
		{...home(t), OKTA_CLIENT_ORGURL: okta.url, OKTA_CLIENT_TOKEN: wrong},
	]) {
		const run = await doctor(env);
		assert.equal(run.code, 15, run.text);
		const auth = status(run.checks, 'auth');
		assert.equal(auth.status, 'fail');
		assert.match(auth.fix ?? '', /the token was rejected: issue a new one/);
		assert.equal(status(run.checks, 'reads').status, 'skip');
		assert.match(run.text, /FAIL {2}token accepted/);
		assert.match(run.text, /first failure: token accepted \(exit 15\)\n$/);
		assert.ok(!run.stdout.includes(wrong) && !run.text.includes(wrong));
	}
});

test('a token source that is not set: exit 2 naming the variable', async (t) => {
	const run = await doctor({...home(t), WACHT_API_URL: 'http://127.0.0.1:9'});
	assert.equal(run.code, 2);
	assert.match(status(run.checks, 'token').detail, /WACHT_API_KEY is not set/);
});

test('a self-signed certificate: exit 12 naming NODE_EXTRA_CA_CERTS; with it set, every check passes', async (t) => {
	const {key, cert, certPath} = selfSigned(t);
	const sim = await startWachtSimulator({userCount: 5, tls: {key, cert}});
	t.after(() => sim.close());
	assert.match(sim.url, /^https:\/\/127\.0\.0\.1:/);
	const env = {...home(t), WACHT_API_URL: sim.url, WACHT_API_KEY: DEMO_API_KEY};
	const run = await doctor(env);
	assert.equal(run.code, 12, run.text);
	const tls = status(run.checks, 'tls');
	assert.match(tls.detail, /certificate of 127\.0\.0\.1 is not trusted: .*self.signed/i);
	assert.match(tls.fix ?? '', /NODE_EXTRA_CA_CERTS/);
	// NODE_EXTRA_CA_CERTS is read when Node starts: a new process, as the user would run it.
	const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'doctor', '--json'], {env: {...process.env, ...env, NODE_EXTRA_CA_CERTS: certPath, CI: 'true'}});
	let out = '';
	child.stdout.on('data', (d: Buffer) => (out += d.toString()));
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	const body = JSON.parse(out) as {checks: Check[]};
	assert.equal(code, 0, out);
	assert.match(status(body.checks, 'tls').detail, /trusted \(with NODE_EXTRA_CA_CERTS=/);
});

test("a clock ten minutes off the server's: exit 14 with how to sync it", async (t) => {
	const sim = await startOktaSimulator({userCount: 5, clockSkewMs: 10 * 60_000});
	t.after(() => sim.close());
	const run = await doctor({...home(t), OKTA_CLIENT_ORGURL: sim.url, OKTA_CLIENT_TOKEN: OKTA_DEMO_TOKEN});
	assert.equal(run.code, 14, run.text);
	const clock = status(run.checks, 'clock');
	assert.match(clock.detail, /clock is 10 min behind the server/);
	assert.match(clock.fix ?? '', /timedatectl set-ntp true/);
	// The later checks still run: a skewed clock does not stop the reads.
	assert.equal(status(run.checks, 'reads').status, 'ok');
});

/** An access token shaped as Okta's org authorization server issues them (a JWT with `scp`). */
const accessToken = (scp: string[]): string =>
	[{alg: 'RS256', kid: 'sim'}, {ver: 1, iss: 'https://sim', aud: 'https://sim', scp, exp: 4102444800}].map((p) => Buffer.from(JSON.stringify(p)).toString('base64url')).join('.') + '.c2ln';

test('an OAuth token missing a scope: the tab it guards fails with 403 E0000006, the actions without okta.users.manage fail; exit 16', async (t) => {
	const noLogs = accessToken(['okta.users.read']);
	const readOnly = accessToken(['okta.users.read', 'okta.logs.read']);
	const sim = await startOktaSimulator({userCount: 5, scopedTokens: {[noLogs]: ['okta.users.read'], [readOnly]: ['okta.users.read', 'okta.logs.read']}});
	t.after(() => sim.close());
	const base = {...home(t), OKTA_CLIENT_ORGURL: sim.url, OKTA_CLIENT_AUTHORIZATIONMODE: 'Bearer'};

	const logs = await doctor({...base, OKTA_CLIENT_TOKEN: noLogs});
	assert.equal(logs.code, 16, logs.text);
	const reads = status(logs.checks, 'reads');
	assert.equal(reads.status, 'fail');
	assert.match(reads.detail, /details: ok; .*events: .*(403|scope|permission)/i);
	assert.match(reads.fix ?? '', /okta\.logs\.read/);
	const denied = sim.requests.find((r) => r.path === '/api/v1/logs');
	assert.equal(denied?.status, 403, 'the simulator refused the System Log read as Okta does');

	const manage = await doctor({...base, OKTA_CLIENT_TOKEN: readOnly});
	assert.equal(manage.code, 16, manage.text);
	assert.equal(status(manage.checks, 'reads').status, 'ok');
	const actions = status(manage.checks, 'actions');
	assert.equal(actions.status, 'fail');
	assert.match(actions.detail, /scopes okta\.users\.read okta\.logs\.read: no okta\.users\.manage/);
	assert.deepEqual([...new Set(sim.requests.map((r) => r.method))], ['GET'], 'no action was tried');
});

test('the proxy in use follows HTTPS_PROXY and NO_PROXY as the transport does, without its password', () => {
	const target = new URL('https://acme.okta.com');
	assert.equal(proxyFor(target, {}), null);
	assert.equal(proxyFor(target, {HTTPS_PROXY: 'http://user:pw@proxy.corp:3128'})?.display, 'http://proxy.corp:3128');
	assert.equal(proxyFor(target, {https_proxy: 'proxy.corp:8080'})?.display, 'http://proxy.corp:8080');
	assert.equal(proxyFor(target, {HTTPS_PROXY: 'http://p:1', NO_PROXY: '.okta.com'}), null);
	assert.equal(proxyFor(target, {HTTPS_PROXY: 'http://p:1', NO_PROXY: 'example.com,*'}), null);
	assert.equal(proxyFor(target, {HTTPS_PROXY: 'http://p:1', NO_PROXY: 'acme.okta.com:8443'})?.display, 'http://p:1');
	assert.equal(proxyFor(new URL('http://127.0.0.1:8080'), {HTTPS_PROXY: 'http://p:1'}), null, 'http uses HTTP_PROXY only');
});
