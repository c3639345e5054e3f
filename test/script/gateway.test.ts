/**
 * A gateway in front of the backend: it passes the request on, the backend acts, and then it answers its own 502
 * page (or a 504, or a proxy's plain-text error). For a mutation that is "outcome unknown" (journal `unknown`, exit
 * 6, "show before trying again"), never "failed, try again"; the backend's own JSON 503 stays a plain failure.
 */
import {test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {createServer, request} from 'node:http';
import {once} from 'node:events';
import type {AddressInfo} from 'node:net';
import {startOktaSimulator, WELL_KNOWN as W} from '../../src/sim/okta/index.js';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {runCli, tempHome} from './helpers.js';

type Replace = {status: number; type: string; body: string};

/** A reverse proxy to `target` that forwards everything and, for mutations, replaces the backend's answer. */
async function gateway(t: TestContext, target: string, replace: Replace): Promise<string> {
	const to = new URL(target);
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const upstream = request({host: to.hostname, port: to.port, method: req.method, path: req.url, headers: {...req.headers, host: to.host}}, (answer) => {
				const parts: Buffer[] = [];
				answer.on('data', (c: Buffer) => parts.push(c));
				answer.on('end', () => {
					if (req.method !== 'GET') {
						res.writeHead(replace.status, {'content-type': replace.type});
						res.end(replace.body);
						return;
					}
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					res.end(Buffer.concat(parts));
				});
			});
			upstream.end(Buffer.concat(chunks));
		});
	}).listen(0, '127.0.0.1');
	await once(server, 'listening');
	t.after(() => {
		server.closeAllConnections();
		server.close();
	});
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const NGINX_502: Replace = {status: 502, type: 'text/html', body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>'};
const PROXY_504: Replace = {status: 504, type: 'text/plain', body: 'upstream request timeout'};

test('Wacht behind a gateway: the revoke was applied, the 502 page says outcome unknown, exit 6', async (t) => {
	const sim = await startWachtSimulator({userCount: 40, manySessions: 5});
	t.after(() => sim.close());
	const home = tempHome(t);
	const url = await gateway(t, sim.url, NGINX_502);
	const env = home.env({WACHT_API_URL: url, WACHT_API_KEY: sim.apiKey});
	const janeId = sim.store.userByEmail(WELL_KNOWN.jane).id;

	const run = await runCli(['sessions', 'revoke-all', WELL_KNOWN.jane, '--yes'], env);
	assert.equal(run.code, 6, run.stderr);
	assert.match(run.stderr, /outcome unknown: a gateway or proxy answered HTTP 502 \(an HTML error page: 502 Bad Gateway\): the backend may have acted/);
	assert.match(run.stderr, /run account-triage show jane\.okafor@example\.test to see the result before trying again/);
	assert.doesNotMatch(run.stderr, /try again$/m);
	assert.equal(sim.store.activeSessionsOf(janeId).length, 0, 'the backend acted');
	assert.equal(sim.appliedCount({method: 'POST'}), 1, 'sent once');
	const outcome = home.journal().find((e) => e.phase === 'outcome');
	assert.equal(outcome && 'outcome' in outcome ? outcome.outcome : null, 'unknown');

	const disable = await runCli(['user', 'disable', WELL_KNOWN.jane, '--yes', '--json'], home.env({WACHT_API_URL: await gateway(t, sim.url, PROXY_504), WACHT_API_KEY: sim.apiKey}));
	assert.equal(disable.code, 6, disable.stderr);
	assert.equal(JSON.parse(disable.stdout).outcome, 'unknown');
});

test('Okta behind a gateway: suspend applied and a 504 is unknown; the backend\'s own JSON 503 is a failure, exit 1', async (t) => {
	const sim = await startOktaSimulator({userCount: 40});
	t.after(() => sim.close());
	const home = tempHome(t);
	const env = home.env({OKTA_CLIENT_ORGURL: await gateway(t, sim.url, PROXY_504), OKTA_CLIENT_TOKEN: sim.token});
	const run = await runCli(['user', 'suspend', W.active.login, '--yes'], env);
	assert.equal(run.code, 6, run.stderr);
	assert.match(run.stderr, /outcome unknown: a gateway or proxy answered HTTP 504/);
	assert.equal(sim.store.users.get(W.active.id)?.status, 'SUSPENDED');

	const direct = home.env({OKTA_CLIENT_ORGURL: sim.url, OKTA_CLIENT_TOKEN: sim.token});
	sim.faults.add({method: 'POST', path: /\/lifecycle\/unsuspend$/, status: 503});
	const failed = await runCli(['user', 'unsuspend', W.active.login, '--yes'], direct);
	assert.equal(failed.code, 1, failed.stderr);
	assert.equal(sim.store.users.get(W.active.id)?.status, 'SUSPENDED');
});
