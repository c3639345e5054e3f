import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import {once} from 'node:events';
import type {AddressInfo} from 'node:net';
import {redactHeaders, redactText, redactUrl} from '../../src/api/redact.js';
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
