import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import {once} from 'node:events';
import type {AddressInfo} from 'node:net';
import {redactHeaders, redactText, redactUrl} from '../../src/api/redact.js';
import type {ApiError} from '../../src/api/errors.js';
import {Transport, type DebugEvent} from '../../src/api/transport.js';
import {wachtDialect} from '../../src/api/wacht/provider.js';

const TOKEN = '00sIm-0ktaDem0T0ken4TriageTuiXq7Lw2pV9cRb';

test('every Authorization value is hidden, whatever the scheme', () => {
	for (const scheme of ['SSWS', 'Bearer', 'Basic', 'DPoP', 'ssws']) {
		const text = redactText(`failed: authorization: ${scheme} ${TOKEN} (retry)`);
		assert.ok(!text.includes(TOKEN), text);
		assert.match(text, /\[REDACTED\]/);
	}
	assert.equal(redactText(`key sk_test_abcdefgh leaked`, ['sk_test_abcdefgh']), 'key [REDACTED] leaked');
	assert.deepEqual(redactHeaders({Authorization: `SSWS ${TOKEN}`, 'proxy-authorization': 'Basic eA==', accept: 'application/json'}), {
		Authorization: '[REDACTED]',
		'proxy-authorization': '[REDACTED]',
		accept: 'application/json',
	});
	assert.equal(redactUrl('http://user:pass@proxy.corp:3128'), 'http://[REDACTED]@proxy.corp:3128');
});

test('--debug events name each attempt and carry no secret', async (t) => {
	let calls = 0;
	const server = createServer((req, res) => {
		calls++;
		res.writeHead(calls === 1 ? 503 : 200, {'content-type': 'application/json'});
		res.end(calls === 1 ? '{"errors":[{"message":"Something went wrong","code":503}]}' : '{"data":[],"has_more":false}');
	}).listen(0, '127.0.0.1');
	await once(server, 'listening');
	t.after(() => server.close());
	const events: DebugEvent[] = [];
	const transport = new Transport({
		baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		authorization: () => `Bearer ${TOKEN}`,
		dialect: wachtDialect,
		sleep: async () => {},
		debug: (e) => events.push(e),
	});
	t.after(() => transport.close());
	await transport.send({method: 'GET', path: '/users', query: {search: 'jane'}});
	assert.deepEqual(events.map((e) => [e.attempt, e.status, e.path]), [
		[1, 503, '/users?search=jane'],
		[2, 200, '/users?search=jane'],
	]);
	assert.match(events[0]!.error ?? '', /HTTP 503/);
	assert.ok(!JSON.stringify(events).includes(TOKEN));
});

test('values are redacted, not words: "Invalid token provided" keeps its words', () => {
	assert.equal(redactText('Invalid token provided'), 'Invalid token provided');
	assert.equal(redactText('Bearer realm="api", error="invalid_token"'), 'Bearer realm="api", error="invalid_token"');
	assert.equal(redactText(`Invalid token ${TOKEN} provided`), 'Invalid token [REDACTED] provided');
	assert.equal(redactText('Basic dXNlcjpwYXNzd29yZA== sent'), 'Basic [REDACTED] sent');
});

test('a credential the transport sent is scrubbed from every backend string, error or not; a request id is sanitized', async (t) => {
	const secret = 'plainlettersonlysecretkey';
	const server = createServer((req, res) => {
		const echoed = String(req.headers.authorization);
		const failing = req.url?.startsWith('/fail');
		res.writeHead(failing ? 403 : 200, {'content-type': 'application/json', 'x-request-id': '\u009B31mreq-1'});
		res.end(failing ? JSON.stringify({errors: [{message: `refused ${echoed}; key=${secret}`, code: 403}]}) : JSON.stringify({data: [{note: `seen ${secret}`}]}));
	}).listen(0, '127.0.0.1');
	await once(server, 'listening');
	t.after(() => server.close());
	const transport = new Transport({baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, authorization: () => `Bearer ${secret}`, dialect: wachtDialect});
	t.after(() => transport.close());
	const ok = await transport.send({method: 'GET', path: '/users'});
	assert.equal(JSON.stringify(ok.body), '{"data":[{"note":"seen [REDACTED]"}]}');
	const error = await transport.send({method: 'GET', path: '/fail'}).then(
		() => assert.fail('a 403 rejects'),
		(e: unknown) => e as ApiError,
	);
	assert.equal(error.message, 'refused Bearer [REDACTED]; key=[REDACTED]');
	assert.ok(!error.summary.includes(secret));
	assert.equal(error.requestId, '⟨U+009B⟩31mreq-1');
});
