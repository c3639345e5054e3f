/** The --data file format, and the `simulate` command. */
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {runSimulateCommand} from '../../src/sim/cli.js';
import {DataFileError, loadWachtDataFile} from '../../src/sim/wacht/data-file.js';
import {DEMO_API_KEY, startWachtSimulator, type WachtSimulator} from '../../src/sim/wacht/server.js';
import {hashBackupCode} from '../../src/sim/wacht/store.js';
import {call, checkIdsAndTimes} from './wacht-helpers.js';

const EXAMPLE = fileURLToPath(new URL('../../src/sim/wacht/example-data.json', import.meta.url));

describe('data files', () => {
	it('serves the example data file', async () => {
		const sim = await startWachtSimulator({data: EXAMPLE});
		try {
			assert.equal(sim.store.users.size, 4);
			const jane = sim.store.userByEmail('jane.okafor@example.test');
			assert.equal(jane.createdAt, Date.parse('2026-03-11T09:14:02.118Z') * 1000);
			const details = (await call(sim, 'GET', `/users/${jane.id}/details`)).json;
			assert.equal(details.created_at, '2026-03-11T09:14:02.118Z');
			assert.equal(details.primary_phone_number, '5550100123');
			assert.equal(details.email_addresses.length, 2);
			assert.equal(details.social_connections[0].access_token, 'gho_exampleAccessToken000000000000000000');
			const active = (await call(sim, 'GET', `/users/${jane.id}/sessions`)).json.data;
			assert.equal(active.length, 2, 'expired and revoked rows are not listed');
			assert.equal(active[0].city, 'Lisbon');
			assert.equal(active[0].country_code, 'PT', 'known cities fill region and country');
			assert.equal(active[0].active_organization_membership_id, sim.store.organizationMembershipsOf(jane.id)[0]!.id);
			assert.equal((await call(sim, 'GET', `/users/${jane.id}/sessions?include_expired=true`)).json.data.length, 3);
			const ws = (await call(sim, 'GET', `/users/${jane.id}/workspace-memberships`)).json.data;
			assert.equal(ws[0].workspace.name, 'Support');
			assert.deepEqual(ws[0].roles.map((r: {name: string}) => r.name), ['editor']);

			const lukasz = sim.store.userByEmail('mfa.user@example.test');
			assert.equal(sim.store.authenticatorOf(lukasz.id)!.secret, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
			assert.equal(sim.store.backupCodeHashes(lukasz.id)[0], hashBackupCode('aB3d-Q9xK'));
			const roles = (await call(sim, 'GET', `/users/${lukasz.id}/organization-memberships`)).json.data[0].roles;
			assert.deepEqual(
				roles.map((r: {name: string; is_deployment_level: boolean}) => [r.name, r.is_deployment_level]),
				[
					['auditor', false],
					['member', true],
				],
				'roles sorted by name; org-defined vs deployment-level',
			);

			const soren = sim.store.userByEmail('many.sessions@example.test');
			assert.equal(sim.store.sessionsOf(soren.id).length, 200);
			assert.equal(sim.store.activeSessionsOf(soren.id).length, 150);

			const dana = (await call(sim, 'GET', '/users/598374615209631744/details')).json;
			assert.equal(dana.disabled, true);
			assert.equal(dana.has_password, false);

			const problems: string[] = [];
			checkIdsAndTimes((await call(sim, 'GET', '/users?limit=10')).json, (m) => problems.push(m));
			assert.deepEqual(problems, []);
		} finally {
			await sim.close();
		}
	});

	it('accepts a data object; ids are deterministic for the seed', () => {
		const data = {users: [{first_name: 'A', emails: ['a@example.test'], sessions: [{}]}]};
		const a = loadWachtDataFile(data, {seed: 7});
		const b = loadWachtDataFile(data, {seed: 7});
		assert.deepEqual([...a.users.keys()], [...b.users.keys()]);
		assert.deepEqual([...a.signIns.keys()], [...b.signIns.keys()]);
	});

	it('rejects bad files with a message naming the field', () => {
		const bad: [unknown, RegExp][] = [
			[{}, /users: required/],
			[{users: [{}]}, /users\[0\]\.first_name: required/],
			[{users: [{first_name: 'A', second_factor_policy: 'always'}]}, /second_factor_policy/],
			[{users: [{first_name: 'A', phones: ['5550100']}]}, /phones\[0\]/],
			[{users: [{first_name: 'A', sessions: [{created_at: 'yesterday'}]}]}, /sessions\[0\]\.created_at/],
			[{users: [{first_name: 'A', authenticator: {secret: 'JBSWY3DPEHPK3PXP'}}]}, /16 bytes/],
			[{users: [{first_name: 'A', memberships: [{organization: 'Nope'}]}]}, /memberships\[0\]\.organization/],
			[{users: [{first_name: 'A', id: 12}]}, /users\[0\]\.id/],
			[{users: [{first_name: 'A', emails: ['x@e.test']}, {first_name: 'B', emails: ['x@e.test']}]}, /used twice/],
		];
		for (const [data, message] of bad) assert.throws(() => loadWachtDataFile(data), (err: unknown) => err instanceof DataFileError && message.test(err.message), JSON.stringify(data));
	});
});

describe('simulate command', () => {
	const run = async (args: string[]) => {
		const out = new PassThrough();
		let text = '';
		out.on('data', (d) => (text += d));
		let sim: WachtSimulator | undefined;
		const code = await runSimulateCommand(args, out, {onStarted: (s) => (sim = s as WachtSimulator)});
		return {code, text, sim};
	};

	it('wacht: prints the URL and the key, serves until closed', async () => {
		const {code, text, sim} = await run(['wacht', '--port', '0', '--data', EXAMPLE, '--seed', '3']);
		assert.equal(code, 'serving');
		assert.ok(sim);
		try {
			assert.equal(text, `listening on ${sim.url}\napi key: ${DEMO_API_KEY}\n`);
			assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
			assert.equal((await call(sim, 'GET', '/users')).json.data.length, 4);
		} finally {
			await sim.close();
		}
		assert.equal(process.listenerCount('SIGINT'), 0, 'signal handlers removed');
	});

	it('okta: prints the URL and the token, serves until closed', async () => {
		const {code, text, sim} = await run(['okta', '--port', '0', '--seed', '2']);
		assert.equal(code, 'serving');
		assert.ok(sim);
		try {
			assert.match(text, /^listening on http:\/\/127\.0\.0\.1:\d+\napi token: \S+\n$/);
		} finally {
			await sim.close();
		}
		assert.equal(process.listenerCount('SIGINT'), 0, 'signal handlers removed');
	});

	it('usage errors exit 2 with one line', async () => {
		for (const [args, pattern] of [
			[['auth0'], /^unknown provider "auth0"/],
			[[], /^usage: simulate wacht\|okta/],
			[['wacht', '--verbose'], /^unknown flag --verbose/],
			[['wacht', '--port', 'eighty'], /^--port must be an integer/],
			[['wacht', '--port'], /^--port needs a value/],
			[['wacht', '--seed', '1.5'], /^--seed must be an integer/],
		] as const) {
			const {code, text} = await run([...args]);
			assert.equal(code, 2, args.join(' '));
			assert.match(text, pattern);
			assert.equal(text.trim().split('\n').length, 1);
		}
	});

	it('a bad data file exits 1 with the reason', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'wacht-sim-'));
		try {
			const file = join(dir, 'bad.json');
			await writeFile(file, '{"users": [{"last_name": "x"}]}');
			const {code, text} = await run(['wacht', '--data', file]);
			assert.equal(code, 1);
			assert.match(text, /users\[0\]\.first_name: required/);
			const missing = await run(['wacht', '--data', join(dir, 'missing.json')]);
			assert.equal(missing.code, 1);
			assert.match(missing.text, /cannot read data file/);
		} finally {
			await rm(dir, {recursive: true});
		}
	});
});
