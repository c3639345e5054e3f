/**
 * Response headers are backend text like any body string (issue 17, item 22): a gateway that sends 8-bit bytes
 * (C1 controls, 0x9B being the 8-bit CSI) in X-Request-Id, X-Okta-Request-Id, Retry-After, WWW-Authenticate, Link
 * or the rate-limit headers gets none of them raw onto a subcommand's stdout or stderr, into the journal, onto the
 * screen, or to a dialect or pager. A hostile reverse proxy in front of each simulator adds them to every answer.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Journal, type OutcomeEntry} from '../../src/api/journal.js';
import {Transport} from '../../src/api/transport.js';
import {wachtDialect, WachtProvider} from '../../src/api/wacht/provider.js';
import {startOktaSimulator, WELL_KNOWN as OKTA} from '../../src/sim/okta/index.js';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN as WACHT} from '../../src/sim/wacht/seed.js';
import {mountApp, openUser} from '../helpers/app.js';
import {startHeaderProxy} from '../helpers/header-proxy.js';
import {runCli, tempHome} from '../script/helpers.js';

for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[name];

/** `srv-` 8-bit-CSI `2J` 8-bit-OSC `0;pwned` 8-bit-ST `-1`: clears the screen and sets the title where it is drawn raw. */
const HOSTILE_ID = Buffer.from([...Buffer.from('srv-'), 0x9b, ...Buffer.from('2J'), 0x9d, ...Buffer.from('0;pwned'), 0x9c, ...Buffer.from('-1')]);
const SHOWN_ID = 'srv-⟨U+009B⟩2J⟨U+009D⟩0;pwned⟨U+009C⟩-1';
const hostile = (text: string): Buffer => Buffer.from([...Buffer.from(text), 0x9b, ...Buffer.from('31m'), 0x85, 0x9d, ...Buffer.from('8;;x')]);

/** Every header an attacker can set, on every answer; the request id under both backends' names. */
function everyHeader(): Record<string, Buffer> {
	return {
		'x-request-id': HOSTILE_ID,
		'x-okta-request-id': HOSTILE_ID,
		'www-authenticate': hostile('Bearer realm="api"'),
		'x-rate-limit-limit': hostile('600'),
		'x-rate-limit-remaining': hostile('599'),
		'retry-after': hostile('1'),
		'x-gateway-note': hostile('note'),
	};
}

/** C0 (but newline) and C1 controls, DEL, and what a raw 8-bit byte decodes to in UTF-8. */
const RAW = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\uFFFD]/;

function assertClean(where: string, text: string): void {
	const hit = RAW.exec(text);
	assert.equal(hit, null, `${where}: a raw control U+${hit?.[0].codePointAt(0)?.toString(16).toUpperCase()} at ${hit?.index}: ${JSON.stringify(text.slice(Math.max(0, (hit?.index ?? 0) - 40), (hit?.index ?? 0) + 20))}`);
}

test('the transport hands every response header on sanitized: dialects, pagers and the request id see no raw control', async (t) => {
	const sim = await startWachtSimulator({userCount: 20});
	t.after(() => sim.close());
	const longLink = `<${sim.url}/users?after=${'a'.repeat(1500)}>; rel="next"`;
	const proxy = await startHeaderProxy(t, sim.url, () => ({...everyHeader(), link: Buffer.from(`<${sim.url}/users?after=`), 'x-long-link': longLink}));
	const seen: Record<string, string>[] = [];
	const transport = new Transport({baseUrl: proxy.url, dialect: wachtDialect, authorization: () => `Bearer ${sim.apiKey}`});
	t.after(() => transport.close());
	const res = await transport.send({method: 'GET', path: '/users', query: {limit: 1}, onHeaders: (h) => seen.push({...h})});
	assert.equal(res.requestId, SHOWN_ID);
	for (const headers of [res.headers, ...seen]) {
		for (const [name, value] of Object.entries(headers)) assertClean(`header ${name}`, value);
		assert.equal(headers['www-authenticate'], 'Bearer realm="api"⟨U+009B⟩31m⟨U+0085⟩⟨U+009D⟩8;;x');
		assert.equal(headers['x-long-link'], longLink, 'a plain header, however long, is passed on whole');
	}
	assert.equal(seen.length, 1);
});

test('Wacht behind a hostile gateway: the revoke line on stdout, stderr, show and the journal carry the request id escaped', async (t) => {
	const sim = await startWachtSimulator({userCount: 40});
	t.after(() => sim.close());
	const proxy = await startHeaderProxy(t, sim.url, everyHeader);
	const home = tempHome(t);
	const env = home.env({WACHT_API_URL: proxy.url, WACHT_API_KEY: sim.apiKey});
	const janeId = sim.store.userByEmail(WACHT.jane).id;
	const target = sim.store.activeSessionsOf(janeId)[0]!.id;

	const run = await runCli(['sessions', 'revoke', WACHT.jane, target, '--yes'], env);
	assert.equal(run.code, 0, run.stderr);
	assert.ok(!sim.store.activeSessionsOf(janeId).some((s) => s.id === target), 'the backend revoked it');
	assert.ok(run.stdout.includes(`, request ${SHOWN_ID}`), run.stdout);
	assertClean('stdout', run.stdout);
	assertClean('stderr', run.stderr);
	const journal = readFileSync(home.journalPath, 'utf8');
	assertClean('journal', journal);
	assert.equal((home.journal().at(-1) as OutcomeEntry).requestId, SHOWN_ID);

	// A failure's request id goes to stderr: the same text.
	const gone = await runCli(['mfa', 'delete', WACHT.jane, '--yes'], env);
	assert.equal(gone.code, 3, gone.stderr);
	assert.ok(gone.stderr.includes(`request id: ${SHOWN_ID}`), gone.stderr);
	assertClean('stderr of a failure', gone.stderr);

	for (const argv of [['show', WACHT.jane], ['show', WACHT.jane, '--json']]) {
		const shown = await runCli(argv, env);
		assert.equal(shown.code, 0, shown.stderr);
		assertClean(`${argv.join(' ')} stdout`, shown.stdout);
		assertClean(`${argv.join(' ')} stderr`, shown.stderr);
	}
	assertClean('journal at the end', readFileSync(home.journalPath, 'utf8'));
	assert.ok(proxy.forwarded.length > 5);
});

test('Okta behind a hostile gateway: suspend, show and a rate-limit wait print no raw control', async (t) => {
	const sim = await startOktaSimulator({userCount: 60});
	t.after(() => sim.close());
	const proxy = await startHeaderProxy(t, sim.url, everyHeader);
	const home = tempHome(t);
	const env = home.env({OKTA_CLIENT_ORGURL: proxy.url, OKTA_CLIENT_TOKEN: sim.token});
	// One 429 on the lookup: its Retry-After and rate-limit headers are hostile, the wait is reported on stderr.
	sim.faults.add({method: 'GET', path: /^\/api\/v1\/users/, status: 429});

	const suspended = await runCli(['user', 'suspend', OKTA.active.login, '--yes'], env);
	assert.equal(suspended.code, 0, suspended.stderr);
	assert.equal(sim.store.user(OKTA.active.id).status, 'SUSPENDED', 'the backend holds the change');
	assert.ok(suspended.stdout.includes(`, ${SHOWN_ID}`), suspended.stdout);
	assertClean('stdout', suspended.stdout);
	assertClean('stderr', suspended.stderr);
	assertClean('journal', readFileSync(home.journalPath, 'utf8'));
	// The simulator's own id and the gateway's, joined as HTTP joins a repeated header.
	assert.ok((home.journal().at(-1) as OutcomeEntry).requestId?.endsWith(`, ${SHOWN_ID}`));

	for (const argv of [['show', OKTA.lockedOut.login], ['show', OKTA.lockedOut.login, '--json']]) {
		const shown = await runCli(argv, env);
		assert.equal(shown.code, 0, shown.stderr);
		assertClean(`${argv.join(' ')} stdout`, shown.stdout);
		assertClean(`${argv.join(' ')} stderr`, shown.stderr);
	}
});

function journalIn(t: TestContext): {journal: Journal; text: () => string} {
	const dir = mkdtempSync(join(tmpdir(), 'at-headers-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	const path = join(dir, 'journal.jsonl');
	return {journal: Journal.open({path}), text: () => readFileSync(path, 'utf8')};
}

test('the app behind a hostile gateway: the result line shows the request id escaped, no frame carries a raw control', async (t) => {
	const sim = await startWachtSimulator({userCount: 40, manySessions: 5});
	t.after(() => sim.close());
	const proxy = await startHeaderProxy(t, sim.url, everyHeader);
	const {journal, text} = journalIn(t);
	const provider = new WachtProvider({baseUrl: proxy.url, apiKey: sim.apiKey, retry: {baseDelayMs: 1, maxDelayMs: 2}});
	const app = mountApp(t, provider, {columns: 140, rows: 40, journal});
	await openUser(app, WACHT.jane, 'Sessions (3)');
	await app.press('x');
	await app.waitFor('y to confirm');
	await app.press('y');
	const done = await app.waitFor((f) => f.includes(`request ${SHOWN_ID}`));
	assert.match(done, /✓ Revoke/);
	const janeId = sim.store.userByEmail(WACHT.jane).id;
	assert.equal(sim.store.activeSessionsOf(janeId).length, 2, 'the backend revoked one');
	// Every frame as written to the terminal: colours are the app's own 7-bit SGR, nothing 8-bit.
	for (const frame of app.stdout.frames) assertClean('a frame', frame.replace(/\u001B\[[0-9;]*m/g, '').replace(/\n/g, ' '));
	assertClean('journal', text());
});
