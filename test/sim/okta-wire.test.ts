/**
 * The Okta simulator speaks Okta's wire format over loopback HTTP: auth, headers, error bodies, pagination, search,
 * lookups, rate limits and faults. Every answer is checked against the official OpenAPI description
 * (../shared/okta-openapi/…yaml) by `call`, unless a test says why not.
 */
import assert from 'node:assert/strict';
import {connect} from 'node:net';
import {after, before, describe, it} from 'node:test';
import {startOktaSimulator, type OktaSimulator} from '../../src/sim/okta/server.js';
import {WELL_KNOWN} from '../../src/sim/okta/seed.js';
import type {UserRecord} from '../../src/sim/okta/store.js';
import {loadOktaSpec, makeCaller, parseLinks, type CallOptions, type Reply} from '../helpers/okta-sim.js';

let sim: OktaSimulator;
let raw: ReturnType<typeof makeCaller>;
const W = WELL_KNOWN;

before(async () => {
	sim = await startOktaSimulator();
	raw = makeCaller(sim);
});
after(() => sim.close());

/** A call whose answer must validate against the OpenAPI description. */
async function call(method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
	const r = await raw(method, path, opts);
	assert.deepEqual(r.specErrors, [], `${method} ${path} → ${r.status} doesn't match the OpenAPI description`);
	return r;
}

const q = (s: string) => encodeURIComponent(s);
const ERROR_KEYS = ['errorCode', 'errorSummary', 'errorLink', 'errorId', 'errorCauses'];

function assertError(r: Reply, status: number, code: string, summary?: string | RegExp): void {
	assert.equal(r.status, status, r.text);
	assert.deepEqual(Object.keys(r.json), ERROR_KEYS);
	assert.equal(r.json.errorCode, code);
	assert.equal(r.json.errorLink, code);
	assert.match(r.json.errorId, /^oae[A-Za-z0-9]{22}$/);
	assert.ok(Array.isArray(r.json.errorCauses));
	if (typeof summary === 'string') assert.equal(r.json.errorSummary, summary);
	else if (summary) assert.match(r.json.errorSummary, summary);
	assert.equal(r.headers['content-type'], 'application/json');
}

/** Follows rel="next" from `path` and returns every item and the number of pages. */
async function collect(path: string): Promise<{items: any[]; pages: number}> {
	const items: any[] = [];
	let pages = 0;
	let next: string | undefined = path;
	while (next) {
		const r = await call('GET', next);
		assert.equal(r.status, 200, r.text);
		items.push(...r.json);
		pages++;
		const links = parseLinks(r.headers['link']);
		assert.ok(links['self'], 'every page has rel="self"');
		next = links['next']?.slice(sim.url.length);
		assert.ok(pages < 100, 'pagination terminates');
	}
	return {items, pages};
}

const storeUsers = (pred: (u: UserRecord) => boolean) => [...sim.store.users.values()].filter(pred);

describe('the OpenAPI description', () => {
	it('is loaded, so every answer below is validated against it', (t) => {
		const spec = loadOktaSpec();
		if (spec.doc === null) t.skip(`${spec.missing}: answers are not validated against the OpenAPI description`);
		else assert.ok(spec.doc.paths['/api/v1/users']);
	});
});

describe('auth', () => {
	it('no Authorization header → 401 E0000011 with the full error body and the usual headers', async () => {
		const r = await call('GET', '/api/v1/users?limit=1', {auth: false});
		assertError(r, 401, 'E0000011', 'Invalid token provided');
		assert.deepEqual(r.json.errorCauses, []);
		assert.match(String(r.headers['x-okta-request-id']), /^[A-Za-z0-9_-]{27}$/);
		assert.match(String(r.headers['x-rate-limit-limit']), /^\d+$/);
	});

	it('a wrong SSWS token, another scheme, or a bad Bearer token → 401 E0000011', async () => {
		assertError(await call('GET', '/api/v1/users?limit=1', {auth: 'SSWS 00notTheRightToken'}), 401, 'E0000011');
		assertError(await call('GET', '/api/v1/users?limit=1', {auth: `Basic ${Buffer.from('a:b').toString('base64')}`}), 401, 'E0000011');
		const bearer = await call('GET', '/api/v1/users?limit=1', {auth: 'Bearer eyJraWQiOiJub3BlIn0.e30.sig'});
		assertError(bearer, 401, 'E0000011');
		assert.match(String(bearer.headers['www-authenticate']), /error="invalid_token"/);
	});

	it('SSWS and Bearer both accept the token', async () => {
		assert.equal((await call('GET', '/api/v1/users?limit=1')).status, 200);
		assert.equal((await call('GET', '/api/v1/users?limit=1', {auth: `Bearer ${sim.token}`})).status, 200);
	});

	it('401s do not consume the rate-limit budget', async () => {
		const path = `/api/v1/users/${W.noFactors.id}`;
		const before = sim.rateLimits['GET /api/v1/users/{id}'].used;
		await call('GET', path, {auth: false});
		await call('GET', path, {auth: 'SSWS bad'});
		assert.equal(sim.rateLimits['GET /api/v1/users/{id}'].used, before);
	});

	it('the read-only token reads, but a manage call → 403 E0000006 and changes nothing', async () => {
		const ro = sim.readOnlyToken as string;
		assert.equal((await call('GET', `/api/v1/users/${W.active.id}/roles`, {auth: `SSWS ${ro}`})).status, 200);
		const r = await call('POST', `/api/v1/users/${W.active.id}/lifecycle/suspend`, {auth: `SSWS ${ro}`});
		assertError(r, 403, 'E0000006', 'You do not have permission to perform the requested action');
		assert.equal(sim.store.user(W.active.id).status, 'ACTIVE');
		const bearer = await call('DELETE', `/api/v1/users/${W.active.id}/sessions`, {auth: `Bearer ${ro}`});
		assertError(bearer, 403, 'E0000006');
		assert.match(String(bearer.headers['www-authenticate']), /error="insufficient_scope"/);
	});
});

describe('headers', () => {
	it('every answer has X-Okta-Request-Id (unique), Date and X-Rate-Limit-Limit/Remaining/Reset', async () => {
		const answers = [
			await call('GET', '/api/v1/users?limit=2'),
			await call('GET', `/api/v1/users/${W.active.id}`),
			await call('GET', `/api/v1/users/${W.active.id}/factors`),
			await call('GET', '/api/v1/users/00uNoSuchUser0000000'),
			await call('DELETE', `/api/v1/users/${W.noFactors.id}/sessions`),
		];
		const ids = new Set<string>();
		for (const r of answers) {
			const id = String(r.headers['x-okta-request-id']);
			assert.match(id, /^[A-Za-z0-9_-]{27}$/);
			ids.add(id);
			assert.ok(!Number.isNaN(Date.parse(String(r.headers['date']))));
			assert.match(String(r.headers['x-rate-limit-limit']), /^\d+$/);
			assert.match(String(r.headers['x-rate-limit-remaining']), /^\d+$/);
			const reset = Number(r.headers['x-rate-limit-reset']);
			assert.ok(reset >= Math.floor(Date.now() / 1000) && reset <= Math.ceil(Date.now() / 1000) + 60, `reset ${reset} is epoch seconds within the minute`);
		}
		assert.equal(ids.size, answers.length);
	});

	it('each bucket has its own budget (Enterprise defaults) and Remaining counts down', async () => {
		const a = await call('GET', '/api/v1/users?limit=1');
		const b = await call('GET', '/api/v1/users?limit=1');
		assert.equal(a.headers['x-rate-limit-limit'], '600');
		assert.equal(Number(b.headers['x-rate-limit-remaining']), Number(a.headers['x-rate-limit-remaining']) - 1);
		assert.equal((await call('GET', `/api/v1/users/${W.active.id}`)).headers['x-rate-limit-limit'], '1000');
		assert.equal((await call('GET', `/api/v1/users/${W.active.id}/groups`)).headers['x-rate-limit-limit'], '600');
	});

	it('GET user has a weak ETag; 204 answers have no body and no content type', async () => {
		assert.match(String((await call('GET', `/api/v1/users/${W.active.id}`)).headers['etag']), /^W\/"[0-9a-f]+"$/);
		const r = await call('DELETE', `/api/v1/users/${W.noFactors.id}/sessions`);
		assert.equal(r.status, 204);
		assert.equal(r.text, '');
		assert.equal(r.headers['content-type'], undefined);
	});

	it('a POST or PUT without Content-Length (and no body) → 411, as Okta documents', async () => {
		const response = await new Promise<string>((resolve, reject) => {
			const url = new URL(sim.url);
			const socket = connect(Number(url.port), url.hostname, () => {
				socket.write(`POST /api/v1/users/${W.active.id}/lifecycle/suspend HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: SSWS ${sim.token}\r\nConnection: close\r\n\r\n`);
			});
			let data = '';
			socket.on('data', (d) => (data += d.toString()));
			socket.on('end', () => resolve(data));
			socket.on('error', reject);
		});
		assert.match(response, /^HTTP\/1\.1 411 /);
		assert.match(response, /x-okta-request-id: /i);
		assert.equal(sim.store.user(W.active.id).status, 'ACTIVE');
	});
});

describe('list users and pagination', () => {
	it('no query: every user but DEPROVISIONED, 200 per page, ids ascending, Link self + next until the end', async () => {
		const {items, pages} = await collect('/api/v1/users');
		const expected = storeUsers((u) => u.status !== 'DEPROVISIONED').length;
		assert.equal(items.length, expected);
		assert.equal(pages, Math.ceil(expected / 200));
		const ids = items.map((u) => u.id);
		assert.equal(new Set(ids).size, ids.length, 'no duplicates across pages');
		assert.deepEqual(ids, [...ids].sort());
		assert.ok(items.every((u) => u.status !== 'DEPROVISIONED'));
		assert.ok(items.every((u) => Object.keys(u._links).join() === 'self'), 'collections carry only the self link');
	});

	it('two separate Link headers; the cursor is opaque (not a user id); next keeps the query and the limit', async () => {
		const r = await call('GET', '/api/v1/users?limit=3');
		assert.ok(Array.isArray(r.headers['link']) && r.headers['link'].length === 2, 'self and next arrive as two Link headers');
		const links = parseLinks(r.headers['link']);
		assert.equal(links['self'], `${sim.url}/api/v1/users?limit=3`);
		const next = new URL(links['next'] as string);
		assert.equal(next.searchParams.get('limit'), '3');
		const cursor = next.searchParams.get('after') as string;
		assert.ok(!sim.store.users.has(cursor) && !r.json.some((u: {id: string}) => cursor.includes(u.id)), 'cursor is not a plain id');
		const page2 = await call('GET', `${next.pathname}${next.search}`);
		assert.equal(page2.json.length, 3);
		assert.ok(page2.json[0].id > r.json[2].id);
	});

	it('limit is capped at 200; limit 0 or garbage → 400 E0000001; a tampered cursor → 400 E0000029', async () => {
		assert.equal((await call('GET', '/api/v1/users?limit=1000')).json.length, 200);
		assertError(await call('GET', '/api/v1/users?limit=0'), 400, 'E0000001');
		assertError(await call('GET', '/api/v1/users?limit=ten'), 400, 'E0000001');
		assertError(await call('GET', '/api/v1/users?after=not-a-cursor!'), 400, 'E0000029', 'Invalid paging request.');
		assertError(await call('GET', `/api/v1/users?after=${Buffer.from('["v2","x"]').toString('base64url')}`), 400, 'E0000029');
	});

	it('fields projection keeps id plus the listed fields', async () => {
		const r = await call('GET', `/api/v1/users?search=${q(`id eq "${W.active.id}"`)}&fields=${q('status,profile:(firstName,lastName)')}`);
		assert.deepEqual(r.json, [{id: W.active.id, status: 'ACTIVE', profile: {firstName: 'Aoife', lastName: 'Ní Bhriain'}}]);
	});

	it('okta-response in the Content-Type omits credentials, credential links and transitioningToStatus', async () => {
		const ct = 'application/json; okta-response="omitCredentials,omitCredentialsLinks,omitTransitioningToStatus"';
		const one = await call('GET', `/api/v1/users/${W.lockedOut.id}`, {headers: {'content-type': ct}});
		assert.equal(one.json.credentials, undefined);
		assert.equal(one.json._links.unlock, undefined);
		assert.equal(one.json._links.resetPassword, undefined);
		assert.ok(one.json._links.deactivate);
		const activating = await call('GET', `/api/v1/users/${W.activating.id}`, {headers: {'content-type': ct}});
		assert.equal(activating.json.transitioningToStatus, undefined);
	});
});

describe('search, filter and q', () => {
	const searchAll = async (expr: string, extra = '') => (await collect(`/api/v1/users?search=${q(expr)}${extra}`)).items;

	it('profile.email eq (values case-insensitive) finds a DEPROVISIONED user', async () => {
		const found = await searchAll('profile.email eq "SIOBHAN.OCONNOR@example.com"');
		assert.deepEqual(found.map((u) => [u.id, u.status]), [[W.deprovisioned.id, 'DEPROVISIONED']]);
	});

	it('profile.login eq finds the login with a slash; id eq finds by id', async () => {
		assert.deepEqual((await searchAll(`profile.login eq "${W.slashLogin.login}"`)).map((u) => u.id), [W.slashLogin.id]);
		assert.deepEqual((await searchAll(`id eq "${W.manyGrants.id}"`)).map((u) => u.profile.login), [W.manyGrants.login]);
	});

	it('status eq "LOCKED_OUT" returns exactly the locked-out users, across pages', async () => {
		const found = await searchAll('status eq "LOCKED_OUT"', '&limit=25');
		const expected = storeUsers((u) => u.status === 'LOCKED_OUT').map((u) => u.id).sort();
		assert.ok(expected.length > 25);
		assert.deepEqual(found.map((u) => u.id).sort(), expected);
	});

	it('sw on firstName, lastName, email and login; diacritics are significant', async () => {
		for (const [attr, prefix] of [['firstName', 'Zo'], ['lastName', 'Ång'], ['email', 'lucja'], ['login', 'corp/']] as const) {
			const found = (await searchAll(`profile.${attr} sw "${prefix}"`)).map((u) => u.id).sort();
			const expected = storeUsers((u) => String(u.profile[attr] ?? '').toLowerCase().startsWith(prefix.toLowerCase())).map((u) => u.id).sort();
			assert.ok(expected.length > 0, `${attr} sw ${prefix} has matches`);
			assert.deepEqual(found, expected, `${attr} sw ${prefix}`);
		}
		assert.ok(!(await searchAll('profile.lastName sw "Ang"')).some((u) => u.id === W.lockedOut.id), '"Ang" does not match "Ångström"');
	});

	it('and / or with parentheses', async () => {
		const found = await searchAll('profile.department eq "SRE" and (status eq "SUSPENDED" or status eq "LOCKED_OUT")');
		const expected = storeUsers((u) => u.profile['department'] === 'SRE' && (u.status === 'SUSPENDED' || u.status === 'LOCKED_OUT'));
		assert.ok(expected.length > 0);
		assert.deepEqual(found.map((u) => u.id).sort(), expected.map((u) => u.id).sort());
	});

	it('co works on the four documented attributes only; ne, unknown attributes and garbage → 400 E0000031', async () => {
		const found = await searchAll('profile.email co "NIBHRIAIN"');
		assert.ok(found.some((u) => u.id === W.active.id));
		assert.deepEqual(found.map((u) => u.id).sort(), storeUsers((u) => u.profile.email.toLowerCase().includes('nibhriain')).map((u) => u.id).sort());
		for (const bad of ['profile.department co "SR"', 'status ne "ACTIVE"', 'profile.nonexistentAttr eq "x"', 'status eq', '(status eq "ACTIVE"', 'status eq ACTIVE']) {
			assertError(await call('GET', `/api/v1/users?search=${q(bad)}`), 400, 'E0000031', 'Invalid search criteria.');
		}
	});

	it('dates compare as instants; a malformed date → 400 E0000030', async () => {
		const since = new Date(Date.now() - 2 * 3_600_000).toISOString();
		const found = await searchAll(`lastUpdated gt "${since}"`);
		assert.deepEqual(found.map((u) => u.id).sort(), storeUsers((u) => u.lastUpdated > Date.parse(since)).map((u) => u.id).sort());
		assertError(await call('GET', `/api/v1/users?search=${q('created lt "last tuesday"')}`), 400, 'E0000030');
	});

	it('sortBy + sortOrder=desc orders by the attribute (ties by id) consistently across pages', async () => {
		const found = await searchAll('profile.department eq "Finance"', '&sortBy=profile.lastName&sortOrder=desc&limit=7');
		const keys = found.map((u) => String(u.profile.lastName ?? '').toLowerCase());
		assert.deepEqual(keys, [...keys].sort().reverse());
		assert.equal(found.length, storeUsers((u) => u.profile['department'] === 'Finance').length);
		assert.equal(new Set(found.map((u) => u.id)).size, found.length);
	});

	it('search and filter together → 400 E0000033', async () => {
		assertError(await call('GET', `/api/v1/users?search=${q('status eq "ACTIVE"')}&filter=${q('status eq "ACTIVE"')}`), 400, 'E0000033', "Bad request. Can't specify a search query and filter in the same request.");
	});

	it('filter: includes DEPROVISIONED, eq only (lastUpdated also gt/lt), case-sensitive values', async () => {
		const dep = (await collect(`/api/v1/users?filter=${q('status eq "DEPROVISIONED"')}`)).items;
		assert.equal(dep.length, storeUsers((u) => u.status === 'DEPROVISIONED').length);
		assert.equal((await call('GET', `/api/v1/users?filter=${q('status eq "deprovisioned"')}`)).json.length, 0);
		const login = await call('GET', `/api/v1/users?filter=${q(`profile.login eq "${W.suspended.login}" or profile.login eq "${W.recovery.login}"`)}`);
		assert.deepEqual(login.json.map((u: {id: string}) => u.id).sort(), [W.suspended.id, W.recovery.id].sort());
		assert.equal((await call('GET', `/api/v1/users?filter=${q(`lastUpdated gt "2000-01-01T00:00:00.000Z"`)}&limit=1`)).status, 200);
		for (const bad of ['profile.firstName sw "A"', 'profile.department eq "SRE"', 'not (status eq "ACTIVE")']) {
			assertError(await call('GET', `/api/v1/users?filter=${q(bad)}`), 400, 'E0000031');
		}
	});

	it('q: starts-with on first/last name or email, no DEPROVISIONED, default limit 10, no next link', async () => {
		const r = await call('GET', '/api/v1/users?q=siob');
		assert.ok(!r.json.some((u: {id: string}) => u.id === W.deprovisioned.id), 'q omits DEPROVISIONED users');
		const many = await call('GET', '/api/v1/users?q=a');
		assert.equal(many.json.length, 10);
		assert.deepEqual(Object.keys(parseLinks(many.headers['link'])), ['self']);
		for (const u of many.json) assert.ok([u.profile.firstName, u.profile.lastName, u.profile.email].some((v: string | null) => (v ?? '').toLowerCase().startsWith('a')));
		assert.equal((await call('GET', '/api/v1/users?q=a&limit=25')).json.length, 25);
	});
});

describe('get a user', () => {
	it('by id, by login (case and diacritics ignored), by unambiguous short name, and me', async () => {
		assert.equal((await call('GET', `/api/v1/users/${W.lockedOut.id}`)).json.profile.login, W.lockedOut.login);
		assert.equal((await call('GET', `/api/v1/users/${q('Zoe.Angstrom@Example.com')}`)).json.id, W.lockedOut.id);
		assert.equal((await call('GET', '/api/v1/users/aoife.nibhriain')).json.id, W.active.id);
		assert.equal((await call('GET', '/api/v1/users/me')).json.id, W.admin.id);
	});

	it('unknown id → 404 E0000007 "Not found: Resource not found: … (User)"', async () => {
		assertError(await call('GET', '/api/v1/users/00uDoesNotExist00000'), 404, 'E0000007', 'Not found: Resource not found: 00uDoesNotExist00000 (User)');
	});

	it('a login with "/" never resolves through the path (encoded → 404, raw → 405); search finds it', async () => {
		assertError(await call('GET', `/api/v1/users/${q(W.slashLogin.login)}`), 404, 'E0000007');
		const rawSlash = await call('GET', `/api/v1/users/${W.slashLogin.login}`, {spec: false});
		assertError(rawSlash, 405, 'E0000022', 'The endpoint does not support the provided HTTP method');
		assert.equal((await call('GET', `/api/v1/users/${W.slashLogin.id}`)).json.profile.login, W.slashLogin.login);
	});

	it('_links carry the lifecycle transitions allowed in the current status', async () => {
		const rels = async (id: string) => Object.keys((await call('GET', `/api/v1/users/${id}`)).json._links).filter((k) => !['self', 'schema', 'type'].includes(k)).sort();
		assert.deepEqual(await rels(W.lockedOut.id), ['deactivate', 'resetFactors', 'resetPassword', 'unlock']);
		assert.deepEqual(await rels(W.adLockedOut.id), ['deactivate', 'resetFactors', 'resetPassword'], 'no unlock for a directory-mastered user');
		assert.deepEqual(await rels(W.suspended.id), ['deactivate', 'resetFactors', 'unsuspend']);
		assert.deepEqual(await rels(W.deprovisioned.id), ['activate']);
		assert.deepEqual(await rels(W.staged.id), ['activate', 'deactivate']);
		assert.deepEqual(await rels(W.provisioned.id), ['deactivate', 'reactivate', 'resetPassword']);
		assert.deepEqual(await rels(W.recovery.id), ['deactivate', 'expirePassword', 'reactivate', 'resetFactors', 'resetPassword']);
		assert.deepEqual(await rels(W.passwordExpired.id), ['changePassword', 'deactivate', 'expirePassword', 'resetFactors', 'resetPassword']);
		assert.deepEqual(await rels(W.noFactors.id), ['changePassword', 'changeRecoveryQuestion', 'deactivate', 'expirePassword', 'resetPassword', 'suspend']);
		assert.deepEqual(await rels(W.blocked.id), ['changePassword', 'changeRecoveryQuestion', 'deactivate', 'expirePassword', 'resetFactors', 'resetPassword', 'suspend', 'unlock']);
		assert.deepEqual(await rels(W.active.id), ['changePassword', 'changeRecoveryQuestion', 'deactivate', 'expirePassword', 'forgotPassword', 'resetFactors', 'resetPassword', 'suspend']);
		assert.deepEqual(await rels(W.activating.id), [], 'no transitions while transitioningToStatus is set');
		const active = (await call('GET', `/api/v1/users/${W.active.id}`)).json;
		assert.deepEqual(active._links.suspend, {href: `${sim.url}/api/v1/users/${W.active.id}/lifecycle/suspend`, method: 'POST'});
		assert.equal(active._links.self.href, `${sim.url}/api/v1/users/${W.active.id}`);
	});

	it('the User shape: timestamps, type, profile, credentials (password {} and no secrets)', async () => {
		const u = (await call('GET', `/api/v1/users/${W.active.id}`)).json;
		assert.deepEqual(Object.keys(u), ['id', 'status', 'created', 'activated', 'statusChanged', 'lastLogin', 'lastUpdated', 'passwordChanged', 'type', 'profile', 'credentials', '_links']);
		assert.deepEqual(u.credentials, {password: {}, recovery_question: {question: 'Name of your first pet?'}, provider: {type: 'OKTA', name: 'OKTA'}});
		assert.match(u.created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		const staged = (await call('GET', `/api/v1/users/${W.staged.id}`)).json;
		assert.equal(staged.activated, null);
		assert.equal(staged.lastLogin, null);
		assert.equal(staged.credentials.password, undefined, 'no password yet');
		assert.equal((await call('GET', `/api/v1/users/${W.activating.id}`)).json.transitioningToStatus, 'ACTIVE');
		assert.equal((await call('GET', `/api/v1/users/${W.adLockedOut.id}`)).json.credentials.provider.type, 'ACTIVE_DIRECTORY');
	});

	it('expand=blocks embeds the device blocks; /blocks lists them', async () => {
		const r = await call('GET', `/api/v1/users/${W.blocked.id}?expand=blocks`);
		assert.deepEqual(r.json._embedded, {blocks: [{type: 'DEVICE_BASED', appliesTo: 'UNKNOWN_DEVICES'}]});
		assert.deepEqual((await call('GET', `/api/v1/users/${W.blocked.id}/blocks`)).json, [{type: 'DEVICE_BASED', appliesTo: 'UNKNOWN_DEVICES'}]);
	});

	it('sub-resources take ids only where the spec says {userId}; {id} routes also take logins', async () => {
		assert.equal((await call('GET', `/api/v1/users/${q(W.active.login)}/groups`)).status, 200);
		assertError(await call('GET', `/api/v1/users/${q(W.active.login)}/factors`), 404, 'E0000007');
	});

	it('unknown paths → 404 E0000007; a known path with another method → 405 E0000022; create/update → 501', async () => {
		assertError(await call('GET', '/api/v1/nothing-here', {spec: false}), 404, 'E0000007');
		assertError(await call('PATCH', `/api/v1/users/${W.active.id}`, {spec: false}), 405, 'E0000022');
		assertError(await call('POST', '/api/v1/users', {json: {profile: {login: 'x@example.com'}}}), 501, 'E0000060');
	});

	it('a body that is not JSON → 400 E0000003; a non-JSON content type → 400 E0000021', async () => {
		assertError(await call('POST', `/api/v1/users/${W.noFactors.id}/factors`, {raw: {body: '{nope', contentType: 'application/json'}}), 400, 'E0000003');
		assertError(await call('POST', `/api/v1/users/${W.noFactors.id}/factors`, {raw: {body: 'factorType=sms', contentType: 'application/x-www-form-urlencoded'}}), 400, 'E0000021');
	});
});

describe('rate limits', () => {
	it('a spent bucket answers 429 E0000047 with Remaining 0 until the window resets; other buckets are unaffected', async () => {
		sim.setRateLimit('GET /api/v1/users/{id}', 3, 400);
		try {
			const path = `/api/v1/users/${W.noFactors.id}`;
			const ok = [await call('GET', path), await call('GET', path), await call('GET', path)];
			assert.deepEqual(ok.map((r) => r.headers['x-rate-limit-remaining']), ['2', '1', '0']);
			const limited = await call('GET', path);
			assertError(limited, 429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
			assert.equal(limited.headers['x-rate-limit-limit'], '3');
			assert.equal(limited.headers['x-rate-limit-remaining'], '0');
			const reset = Number(limited.headers['x-rate-limit-reset']);
			assert.ok(reset * 1000 >= Date.now() - 1000 && reset * 1000 <= Date.now() + 2000);
			assert.equal((await call('GET', `/api/v1/users/${W.noFactors.id}/groups`)).status, 200, 'another bucket still answers');
			await new Promise((r) => setTimeout(r, 450));
			assert.equal((await call('GET', path)).status, 200, 'a new window');
		} finally {
			sim.setRateLimit('GET /api/v1/users/{id}', 1000, 60_000);
		}
	});

	it('over the concurrency limit → 429 with X-Rate-Limit-Limit: 0', async () => {
		sim.concurrencyLimit = 2;
		sim.latencyMs = 150;
		try {
			const answers = await Promise.all(Array.from({length: 5}, () => call('GET', `/api/v1/users/${W.noFactors.id}/roles`)));
			const limited = answers.filter((r) => r.status === 429);
			assert.ok(limited.length >= 1, 'some requests were over the limit');
			for (const r of limited) {
				assert.equal(r.json.errorCode, 'E0000047');
				assert.equal(r.headers['x-rate-limit-limit'], '0');
				assert.equal(r.headers['x-rate-limit-remaining'], '0');
			}
			assert.ok(answers.some((r) => r.status === 200));
		} finally {
			sim.concurrencyLimit = 75;
			sim.latencyMs = 0;
		}
	});
});

describe('faults and the request log', () => {
	it('status faults answer an Okta error body with a request id', async () => {
		sim.faults.add({path: /\/groups$/, status: 503});
		const r = await call('GET', `/api/v1/users/${W.active.id}/groups`, {spec: false});
		assert.equal(r.status, 503);
		assert.equal(r.json.errorCode, 'E0000010');
		assert.match(String(r.headers['x-okta-request-id']), /^[A-Za-z0-9_-]{27}$/);
		assert.equal(r.headers['x-rate-limit-limit'], '600');
		assert.equal((await call('GET', `/api/v1/users/${W.active.id}/groups`)).status, 200, 'one-shot');
		sim.faults.add({path: /\/groups$/, status: 429});
		const limited = await call('GET', `/api/v1/users/${W.active.id}/groups`, {spec: false});
		assert.equal(limited.json.errorCode, 'E0000047');
		assert.equal(limited.headers['x-rate-limit-remaining'], '0');
		assert.ok(Number(limited.headers['x-rate-limit-reset']) > Date.now() / 1000);
	});

	it('html, malformed-json, truncated and reset faults', async () => {
		sim.faults.add({path: /\/roles$/, kind: 'html'});
		const html = await call('GET', `/api/v1/users/${W.active.id}/roles`, {spec: false});
		assert.equal(html.status, 502);
		assert.match(String(html.headers['content-type']), /text\/html/);
		sim.faults.add({path: /\/roles$/, kind: 'malformed-json'});
		const bad = await call('GET', `/api/v1/users/${W.active.id}/roles`, {spec: false});
		assert.equal(bad.status, 200);
		assert.equal(bad.json, undefined);
		sim.faults.add({path: /\/roles$/, kind: 'truncated'});
		await assert.rejects(call('GET', `/api/v1/users/${W.active.id}/roles`, {spec: false}));
		sim.faults.add({path: /\/roles$/, kind: 'reset'});
		await assert.rejects(call('GET', `/api/v1/users/${W.active.id}/roles`, {spec: false}));
	});

	it('applyThenFail applies the mutation and logs it as applied; the log names the operation', async () => {
		sim.requests.length = 0;
		const id = W.noFactors.id;
		sim.store.user(id).sessions = 2;
		sim.faults.add({method: 'DELETE', path: /\/sessions$/, status: 500, applyThenFail: true});
		const r = await call('DELETE', `/api/v1/users/${id}/sessions`, {spec: false});
		assert.equal(r.status, 500);
		assert.equal(sim.store.user(id).sessions, 0, 'applied although the answer failed');
		const entry = sim.requests.at(-1);
		assert.equal(entry?.applied, true);
		assert.equal(entry?.fault, 'status');
		assert.equal(entry?.operationId, 'revokeUserSessions');
		assert.equal(sim.appliedCount({method: 'DELETE', path: /\/sessions$/}), 1);
	});

	it('a stall holds the answer; a client that gives up changed nothing', async () => {
		sim.faults.add({path: /\/lifecycle\/suspend$/, kind: 'stall'});
		const controller = new AbortController();
		const {request} = await import('undici');
		const pending = request(`${sim.url}/api/v1/users/${W.noFactors.id}/lifecycle/suspend`, {method: 'POST', headers: {authorization: `SSWS ${sim.token}`}, signal: controller.signal});
		setTimeout(() => controller.abort(), 100);
		await assert.rejects(pending);
		await new Promise((r) => setTimeout(r, 50));
		assert.equal(sim.store.user(W.noFactors.id).status, 'ACTIVE');
	});
});
