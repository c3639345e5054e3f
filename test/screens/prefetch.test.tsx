/**
 * The user view read ahead: once a search settles on exactly one user, that user's tabs are read before Enter, so
 * Enter opens a complete view without a new round trip. Counted at the simulators; no timing is asserted.
 */
import assert from 'node:assert/strict';
import {test, type TestContext} from 'node:test';
import {appOn} from '../helpers/app.js';
import {KEY} from '../helpers/render.js';
import {WELL_KNOWN as OKTA} from '../../src/sim/okta/index.js';
import type {OktaSimulator} from '../../src/sim/okta/index.js';
import type {WachtSimulator} from '../../src/sim/wacht/server.js';

const JANE = 'jane.okafor@example.test';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The tab bar shows every tab's count: nothing still loading, nothing failed. */
const complete = (frame: string): boolean => {
	const bar = frame.split('\n').find((l) => /Sessions? \(/.test(l) && /Pass/.test(l));
	return bar !== undefined && !bar.includes('…') && !bar.includes('(!)');
};

type Sim = {readonly requests: readonly {readonly method: string; readonly path: string; readonly status: number}[]};

/** Requests for one user's own resources (the view's reads), not searches. */
const readsOf = (sim: Sim, userId: string): string[] => sim.requests.filter((r) => r.method === 'GET' && r.path.includes(`/${userId}`)).map((r) => r.path);

/** Waits until the count of `count()` has stopped changing for a while: the reads ahead have all been sent. */
async function settled(count: () => number): Promise<number> {
	let last = -1;
	for (let i = 0; i < 100; i++) {
		const now = count();
		if (now === last && now > 0) return now;
		last = now;
		await sleep(60);
	}
	return count();
}

async function wacht(t: TestContext) {
	const app = await appOn(t, 'wacht', {wacht: {userCount: 40, manySessions: 10}});
	await app.waitFor('Find user');
	const sim = app.sim as WachtSimulator;
	const janeId = (): string => {
		const id = sim.requests.map((r) => /^\/users\/(\d+)/.exec(r.path)?.[1]).find((x) => x !== undefined);
		assert.ok(id, 'a read of Jane by id');
		return id;
	};
	return {app, sim, janeId};
}

test('Wacht: an email typed reads its user ahead; Enter opens the complete view with no new request', async (t) => {
	const {app, sim, janeId} = await wacht(t);
	await app.type(JANE);
	const before = await settled(() => sim.requests.length);
	const reads = readsOf(sim, janeId());
	assert.ok(reads.length >= 5, `the view's reads went out ahead (${reads.join(', ')})`);
	assert.doesNotMatch(app.frame(), /Jane Okafor/, 'nothing is shown before Enter');
	await app.press(KEY.enter);
	const frame = await app.waitFor((f) => f.includes('Jane Okafor') && complete(f));
	assert.match(frame, /Sessions \(3\)/);
	await sleep(100);
	assert.equal(sim.requests.length, before, 'Enter answered from what was read ahead');
});

test("Wacht: a read ahead that failed is the view's answer: the tab shows the failure, read once", async (t) => {
	const {app, sim, janeId} = await wacht(t);
	// A 403 is not retried: it is the answer (a 5xx or 429 is waited on, and that wait is the view's to show).
	sim.faults.add({method: 'GET', path: /\/passkeys$/, status: 403, times: 1});
	await app.type(JANE);
	await settled(() => sim.requests.length);
	assert.deepEqual(sim.requests.filter((r) => /\/passkeys$/.test(r.path)).map((r) => r.status), [403], 'the read ahead met the fault');
	await app.press(KEY.enter);
	await app.waitFor((f) => f.includes('Jane Okafor') && /Passkeys \(!\)/.test(f));
	await sleep(100);
	assert.equal(readsOf(sim, janeId()).filter((p) => /\/passkeys$/.test(p)).length, 1, 'not read twice');
});

test('Wacht: a read ahead that meets a wait (429, 5xx) stops; the view reads for itself and shows the answer', async (t) => {
	const {app, sim, janeId} = await wacht(t);
	sim.faults.add({method: 'GET', path: /\/passkeys$/, status: 429, headers: {'retry-after': '1'}, times: 1});
	sim.faults.add({method: 'GET', path: /\/organization-memberships$/, status: 503, times: 1});
	await app.type(JANE);
	await settled(() => sim.requests.length);
	assert.deepEqual(sim.requests.filter((r) => /\/passkeys$/.test(r.path)).map((r) => r.status), [429], 'stopped, not retried ahead');
	assert.ok(sim.requests.some((r) => r.status === 503), 'a 5xx met ahead');
	await app.press(KEY.enter);
	const frame = await app.waitFor((f) => f.includes('Jane Okafor') && complete(f));
	assert.match(frame, /Passkeys \(2\)/);
	assert.match(frame, /Memberships \(2\)/);
	assert.equal(readsOf(sim, janeId()).filter((p) => /\/passkeys$/.test(p)).length, 2, 'read again in view');
});

test('Wacht: typing on past the email drops what was read ahead; another user opened reads afresh', async (t) => {
	const {app, sim, janeId} = await wacht(t);
	await app.type(JANE);
	await settled(() => sim.requests.length);
	const jane = janeId();
	const janeReads = readsOf(sim, jane).length;
	// Another user, by name: a shown search, then the row.
	await app.press('\u0015');
	await app.type('Ana');
	await app.press(KEY.enter);
	await app.waitFor(/ana@example\.test/);
	await app.press(KEY.enter);
	await app.waitFor((f) => f.includes('<ana@example.test>') && complete(f));
	assert.equal(readsOf(sim, jane).length, janeReads, 'nothing more read for Jane');
	// Back and Jane again after her read ahead was dropped: her view reads in view, and is complete.
	await app.press(KEY.esc, '/', '\u0015');
	await app.type(JANE);
	await settled(() => sim.requests.length);
	await app.press(KEY.enter);
	await app.waitFor((f) => f.includes('Jane Okafor') && complete(f));
	assert.ok(readsOf(sim, jane).length > janeReads, 'Jane read again');
});

test('Okta: an exact login typed reads the user ahead; Enter opens every tab with no new request', async (t) => {
	const app = await appOn(t, 'okta');
	await app.waitFor('Find user');
	const sim = app.sim as OktaSimulator;
	await app.type(OKTA.active.login);
	const before = await settled(() => sim.requests.length);
	const reads = readsOf(sim, OKTA.active.id);
	assert.ok(reads.some((p) => p.endsWith('/factors')) && reads.some((p) => p.endsWith('/groups')), `reads ahead: ${reads.join(', ')}`);
	assert.ok(sim.requests.some((r) => r.path === '/api/v1/logs'), 'the sign-in trail read ahead too');
	await app.press(KEY.enter);
	await app.waitFor((f) => f.includes('Aoife') && complete(f));
	await sleep(100);
	assert.equal(sim.requests.length, before, 'Enter answered from what was read ahead');
});
