/** The Wacht simulator speaks the real server's wire format (shared/research/wacht-api.md), over loopback HTTP. */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {startWachtSimulator, type WachtSimulator} from '../../src/sim/wacht/server.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {call, checkIdsAndTimes} from './wacht-helpers.js';

let sim: WachtSimulator;
let jane: string;

before(async () => {
	sim = await startWachtSimulator();
	jane = sim.store.userByEmail(WELL_KNOWN.jane).id;
});
after(() => sim.close());

const ERROR_SHAPE = (status: number, message: string) => ({errors: [{message, code: status}]});

describe('envelopes', () => {
	it('GET /users is paginated with limit/offset echoed and no total', async () => {
		const r = await call(sim, 'GET', '/users?limit=3&offset=2');
		assert.equal(r.status, 200);
		assert.equal(r.headers['content-type'], 'application/json');
		assert.deepEqual(Object.keys(r.json), ['data', 'has_more', 'limit', 'offset']);
		assert.equal(r.json.data.length, 3);
		assert.equal(r.json.has_more, true);
		assert.equal(r.json.limit, 3);
		assert.equal(r.json.offset, 2);
		assert.deepEqual(Object.keys(r.json.data[0]), [
			'id',
			'created_at',
			'updated_at',
			'first_name',
			'last_name',
			'username',
			'profile_picture_url',
			'primary_email_address',
			'primary_phone_number',
		]);
	});

	it('defaults to limit 10, offset 0, newest first', async () => {
		const r = await call(sim, 'GET', '/users');
		assert.equal(r.json.limit, 10);
		assert.equal(r.json.offset, 0);
		assert.equal(r.json.data.length, 10);
		const created = r.json.data.map((u: {created_at: string}) => Date.parse(u.created_at));
		assert.deepEqual(created, [...created].sort((a, b) => b - a));
	});

	it('details is a bare object; per-user lists are unpaginated {data, has_more:false}', async () => {
		const details = await call(sim, 'GET', `/users/${jane}/details`);
		assert.equal(details.status, 200);
		assert.equal(details.json.id, jane);
		assert.equal(details.json.data, undefined);
		for (const sub of ['sessions', 'passkeys', 'organization-memberships', 'workspace-memberships', 'social-connections']) {
			const r = await call(sim, 'GET', `/users/${jane}/${sub}`);
			assert.equal(r.status, 200, sub);
			assert.deepEqual(Object.keys(r.json), ['data', 'has_more'], sub);
			assert.equal(r.json.has_more, false, sub);
		}
	});

	it('Jane looks as documented', async () => {
		const d = (await call(sim, 'GET', `/users/${jane}/details`)).json;
		assert.equal(d.first_name, 'Jane');
		assert.equal(d.username, 'jokafor');
		assert.equal(d.second_factor_policy, 'optional');
		assert.equal(d.has_backup_codes, false);
		assert.equal(d.primary_phone_number, '5550100123', 'details: number without the country code');
		assert.equal(d.email_addresses.length, 2);
		const secondary = d.email_addresses.find((e: {email: string}) => e.email === WELL_KNOWN.janeSecondary);
		assert.equal(secondary.is_primary, false);
		assert.equal(secondary.verified, false);
		assert.equal(d.social_connections[0].provider, 'github_oauth');
		assert.ok(d.social_connections[0].access_token.length > 0, 'tokens in plaintext, as the real server');
		assert.ok(d.social_connections[0].refresh_token.length > 0);

		const list = (await call(sim, 'GET', `/users?search=${encodeURIComponent(WELL_KNOWN.jane)}`)).json;
		assert.equal(list.data[0].primary_phone_number, '+15550100123', 'list: country code + number');

		const active = (await call(sim, 'GET', `/users/${jane}/sessions`)).json.data;
		assert.equal(active.length, 3);
		assert.ok(active.some((s: {city: string; country_code: string}) => s.city === 'Lisbon' && s.country_code === 'PT'));
		assert.equal(new Set(active.map((s: {browser: string}) => s.browser)).size, 3);
		const all = (await call(sim, 'GET', `/users/${jane}/sessions?include_expired=true`)).json.data;
		assert.equal(all.length, 5);
		const lastActive = all.map((s: {last_active_at: string}) => Date.parse(s.last_active_at));
		assert.deepEqual(lastActive, [...lastActive].sort((a, b) => b - a), 'ordered by last_active_at desc');
		assert.equal(all.filter((s: {expires_at: string}) => Date.parse(s.expires_at) < Date.now()).length, 2);

		const passkeys = (await call(sim, 'GET', `/users/${jane}/passkeys`)).json.data;
		assert.deepEqual(passkeys.map((p: {name: string}) => p.name).sort(), ['Work laptop', 'YubiKey 5C']);
		const laptop = passkeys.find((p: {name: string}) => p.name === 'Work laptop');
		assert.deepEqual(laptop.transports, ['internal', 'hybrid']);
		assert.equal(laptop.device_type, 'multi_device');
		assert.equal(laptop.backed_up, true);

		const orgs = (await call(sim, 'GET', `/users/${jane}/organization-memberships`)).json.data;
		assert.equal(orgs.length, 1);
		assert.equal(orgs[0].organization.name, 'Northwind Ltd');
		assert.deepEqual(orgs[0].roles.map((r: {name: string}) => r.name), ['admin']);
		assert.equal(typeof orgs[0].organization.member_count, 'number');
		const ws = (await call(sim, 'GET', `/users/${jane}/workspace-memberships`)).json.data;
		assert.equal(ws.length, 1);
		assert.equal(ws[0].workspace.name, 'Support');
		assert.equal(ws[0].organization_membership_id, orgs[0].id);
		assert.deepEqual(ws[0].roles.map((r: {name: string}) => r.name), ['editor']);
	});

	it('ids are decimal strings above 2^53, timestamps RFC 3339 with Z', async () => {
		const problems: string[] = [];
		let checked = 0;
		for (const path of [
			`/users?limit=50`,
			`/users/${jane}/details`,
			`/users/${jane}/sessions?include_expired=true`,
			`/users/${jane}/passkeys`,
			`/users/${jane}/organization-memberships`,
			`/users/${jane}/workspace-memberships`,
			`/users/${jane}/social-connections`,
		]) {
			const r = await call(sim, 'GET', path);
			checked += checkIdsAndTimes(r.json, (m) => problems.push(`${path}: ${m}`));
			assert.ok(!/"id":\d/.test(r.text), `${path}: an id sent as a number`);
		}
		assert.deepEqual(problems, []);
		assert.ok(checked > 100);
	});

	it('usernames: "" in the list, null in details for a user without one', async () => {
		const zoe = sim.store.userByEmail(WELL_KNOWN.noSessions);
		const list = (await call(sim, 'GET', `/users?search=${encodeURIComponent(WELL_KNOWN.noSessions)}`)).json;
		assert.equal(list.data[0].username, '');
		assert.equal((await call(sim, 'GET', `/users/${zoe.id}/details`)).json.username, null);
	});
});

describe('errors', () => {
	it('401 without a Bearer header, and for a wrong key', async () => {
		for (const auth of [false, `Basic ${Buffer.from('a:b').toString('base64')}`, `bearer ${sim.apiKey}`] as const) {
			const r = await call(sim, 'GET', '/users', {auth});
			assert.equal(r.status, 401);
			assert.equal(r.headers['content-type'], 'application/json');
			assert.deepEqual(r.json, ERROR_SHAPE(401, 'Authorization header must be Bearer token'));
		}
		const wrong = await call(sim, 'GET', '/users', {auth: 'Bearer sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'});
		assert.equal(wrong.status, 401);
		assert.deepEqual(wrong.json, ERROR_SHAPE(401, 'Authentication failed'));
	});

	it('404 unknown route, 404 unknown user details, 405 wrong method, 400 non-numeric id', async () => {
		assert.deepEqual((await call(sim, 'GET', '/v1/users')).json, ERROR_SHAPE(404, 'Not found'));
		assert.deepEqual((await call(sim, 'GET', '/users/')).json, ERROR_SHAPE(404, 'Not found'));
		const missing = await call(sim, 'GET', '/users/123456789012345678/details');
		assert.equal(missing.status, 404);
		assert.deepEqual(missing.json, ERROR_SHAPE(404, 'Resource not found'));
		const get = await call(sim, 'GET', `/users/${jane}`);
		assert.equal(get.status, 405);
		assert.deepEqual(get.json, ERROR_SHAPE(405, 'Method not allowed'));
		assert.equal((await call(sim, 'DELETE', `/users/${jane}/sessions`)).status, 405);
		const bad = await call(sim, 'GET', '/users/usr_01abc/details');
		assert.equal(bad.status, 400);
		assert.deepEqual(bad.json, ERROR_SHAPE(400, 'Bad request'));
		assert.equal((await call(sim, 'GET', '/users/99999999999999999999/details')).status, 400, 'beyond i64');
	});

	it('unknown users: empty lists, revoked 0, 404 on details', async () => {
		const ghost = '123456789012345678';
		assert.deepEqual((await call(sim, 'GET', `/users/${ghost}/sessions`)).json, {data: [], has_more: false});
		assert.deepEqual((await call(sim, 'GET', `/users/${ghost}/passkeys`)).json, {data: [], has_more: false});
		assert.deepEqual((await call(sim, 'POST', `/users/${ghost}/sessions/revoke-all`)).json, {revoked: 0});
		assert.deepEqual((await call(sim, 'POST', `/users/${ghost}/backup-codes/regenerate`)).json, ERROR_SHAPE(404, 'user not found'));
		assert.deepEqual((await call(sim, 'DELETE', `/users/${ghost}/authenticators`)).json, ERROR_SHAPE(404, 'authenticator not found'));
		assert.deepEqual((await call(sim, 'POST', `/users/${ghost}/sessions/1/revoke`)).json, ERROR_SHAPE(404, 'signin not found'));
	});

	it('query validation: 400 on bad limit, sort_key, sort_order, include_expired', async () => {
		for (const q of ['limit=-1', 'limit=ten', 'offset=x', 'sort_key=name', 'sort_order=up', 'limit=1&limit=2']) {
			const r = await call(sim, 'GET', `/users?${q}`);
			assert.equal(r.status, 400, q);
			assert.deepEqual(r.json, ERROR_SHAPE(400, 'Bad request'), q);
		}
		assert.equal((await call(sim, 'GET', `/users/${jane}/sessions?include_expired=yes`)).status, 400);
	});

	it('passkey rename: 415 without JSON, 422 without name, 400 blank name, 404 unknown passkey', async () => {
		const pid = sim.store.passkeysOf(jane)[0]!.id;
		const noType = await call(sim, 'PATCH', `/users/${jane}/passkeys/${pid}`, {raw: {body: '{"name":"x"}'}});
		assert.equal(noType.status, 415);
		assert.deepEqual(noType.json, ERROR_SHAPE(415, 'Request failed'));
		const text = await call(sim, 'PATCH', `/users/${jane}/passkeys/${pid}`, {raw: {body: 'name=x', contentType: 'text/plain'}});
		assert.equal(text.status, 415);
		const missing = await call(sim, 'PATCH', `/users/${jane}/passkeys/${pid}`, {json: {title: 'x'}});
		assert.equal(missing.status, 422);
		assert.deepEqual(missing.json, ERROR_SHAPE(422, 'Invalid request payload'));
		const syntax = await call(sim, 'PATCH', `/users/${jane}/passkeys/${pid}`, {raw: {body: '{"name":', contentType: 'application/json'}});
		assert.equal(syntax.status, 400);
		const blank = await call(sim, 'PATCH', `/users/${jane}/passkeys/${pid}`, {json: {name: '   '}});
		assert.deepEqual(blank.json, ERROR_SHAPE(400, 'name cannot be empty'));
		const unknown = await call(sim, 'PATCH', `/users/${jane}/passkeys/1`, {json: {name: 'x'}});
		assert.deepEqual(unknown.json, ERROR_SHAPE(404, 'passkey not found'));
		assert.equal(sim.store.passkeysOf(jane).find((p) => p.id === pid)!.name === 'x', false);
	});

	it('authenticator create: base32 checks before the user check', async () => {
		const post = (userId: string, json: unknown) => call(sim, 'POST', `/users/${userId}/authenticators`, {json});
		assert.deepEqual((await post(jane, {secret: 'JBSWY3DPEHPK3PXP'})).json, ERROR_SHAPE(400, 'secret too short — TOTP secrets must be at least 128 bits (16 bytes)'));
		assert.deepEqual((await post(jane, {secret: 'not base32 at all!!!!!!!!!!!!!!'})).json, ERROR_SHAPE(400, 'invalid base32 secret'));
		assert.deepEqual((await post('123456789012345678', {secret: 'not base32 at all!!!!!!!!!!!!!!'})).json, ERROR_SHAPE(400, 'invalid base32 secret'));
		assert.deepEqual((await post('123456789012345678', {secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU'})).json, ERROR_SHAPE(404, 'user not found'));
		assert.equal((await post(jane, {account_name: 'x'})).status, 422);
		assert.equal(sim.store.authenticatorOf(jane), null, 'nothing was created');
	});
});

describe('search', () => {
	it('substring, case-insensitive, over names, usernames, emails and phones', async () => {
		const ids = async (q: string) => (await call(sim, 'GET', `/users?limit=100&search=${encodeURIComponent(q)}`)).json.data.map((u: {id: string}) => u.id);
		assert.ok((await ids('OKAFOR')).includes(jane));
		assert.ok((await ids('jokaf')).includes(jane));
		assert.ok((await ids('okafor.exam')).includes(jane), 'secondary email');
		assert.ok((await ids('0100123')).includes(jane), 'phone without country code');
		assert.ok((await ids('+1555010012')).includes(jane), 'phone with country code');
		assert.ok((await ids('  jane.okafor@EXAMPLE.test  ')).includes(jane), 'trimmed');
		assert.ok((await ids('ØREN KIERKEGAARD')).length >= 1, 'non-ASCII case folding');
		assert.ok((await ids('jane_okafor')).includes(jane), '_ matches any one character, as in ILIKE');
		assert.ok((await ids('jane%test')).includes(jane), '% matches any run');
		assert.deepEqual(await ids('zzzz-no-such-user'), []);
	});

	it('ana@example.test is not on the first page: the client must follow has_more', async () => {
		const q = encodeURIComponent(WELL_KNOWN.ana);
		let offset = 0;
		let page = 0;
		let foundOn = -1;
		for (;;) {
			const r = (await call(sim, 'GET', `/users?search=${q}&limit=10&offset=${offset}`)).json;
			assert.equal(r.limit, 10);
			assert.equal(r.offset, offset);
			for (const u of r.data) {
				assert.ok(u.primary_email_address.includes(WELL_KNOWN.ana));
				if (u.primary_email_address === WELL_KNOWN.ana) foundOn = page;
			}
			if (!r.has_more) break;
			offset += 10;
			page++;
		}
		assert.ok(foundOn > 0, `exact match found on page ${foundOn}`);
		assert.ok(page >= 3, 'at least 31 matches');
	});

	it('sorts by email and phone_number, asc and desc', async () => {
		const emails = (await call(sim, 'GET', '/users?sort_key=email&sort_order=asc&limit=20')).json.data.map((u: {primary_email_address: string}) => u.primary_email_address);
		assert.equal(emails.length, 20);
		const desc = (await call(sim, 'GET', '/users?sort_key=phone_number&sort_order=desc&limit=5')).json.data;
		assert.equal(desc.length, 5);
		assert.equal(desc[0].primary_phone_number, null, 'Postgres: NULLs first in DESC');
	});
});
