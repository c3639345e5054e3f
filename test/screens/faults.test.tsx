/**
 * The fault matrix: provider (Wacht, Okta) × fault (latency, 429 burst, 5xx, reset, stall, malformed JSON, HTML page,
 * cut body), each tried on the read side (one tab's endpoint while a user opens) and on the mutation side (revoke a
 * session on Wacht, unsuspend on Okta). Every cell checks what the operator sees, what the simulator holds and what
 * the audit journal says. The real app, the real providers behind the guard, the in-process simulators over loopback.
 */
import {describe, it, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {App} from '../../screens/app.js';
import {guardProvider} from '../../src/api/guard.js';
import {Journal, UNKNOWN_OUTCOME_MESSAGE, type JournalEntry, type OutcomeEntry} from '../../src/api/journal.js';
import {OktaProvider} from '../../src/api/okta/provider.js';
import type {Provider} from '../../src/api/provider.js';
import {WachtProvider} from '../../src/api/wacht/provider.js';
import {startOktaSimulator, WELL_KNOWN as W} from '../../src/sim/okta/index.js';
import type {FaultQueue, FaultSpec} from '../../src/sim/shared/faults.js';
import {startWachtSimulator} from '../../src/sim/wacht/server.js';
import {errorBody as wachtErrorBody} from '../../src/sim/wacht/wire.js';
import {renderApp, KEY, type Rendered} from '../helpers/render.js';

// Loopback only: a developer's or CI's proxy variables must not reroute the provider.
for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[name];

const RETRY = {baseDelayMs: 1, maxDelayMs: 5};
const TIMEOUTS = {headersMs: 300, mutationHeadersMs: 300, bodyMs: 300, connectMs: 300};

type BackendId = 'wacht' | 'okta';

/** What both simulators offer a test. */
interface Sim {
	readonly faults: FaultQueue;
	readonly requests: readonly {readonly method: string; readonly path: string; readonly at: number; readonly status: number; readonly fault: string | null}[];
	latencyMs: number;
	appliedCount(match?: {method?: string; path?: RegExp | string}): number;
	close(): Promise<void>;
}

interface Harness {
	readonly sim: Sim;
	readonly app: Rendered;
	readonly journalPath: string;
	readonly backend: Backend;
}

/** Per backend: how to start it, open the user, which tab the read fault hits, and which mutation to try. */
interface Backend {
	readonly id: BackendId;
	start(): Promise<{sim: Sim; provider: Provider; extra: Record<string, unknown>}>;
	// ---- read side
	readonly readUser: {query: string; name: string};
	/** Every tab loaded. */
	loaded(frame: string, extra: Record<string, unknown>): boolean;
	readonly faultedTab: {key: string; title: string; path: RegExp; content: (extra: Record<string, unknown>) => string};
	readonly otherTab: {key: string; content: string};
	// ---- mutation side
	readonly mutUser: {query: string; name: string};
	readonly mutation: {method: string; path: RegExp; action: string};
	/** Opens the dialog and confirms it. */
	mutate(app: Rendered): Promise<void>;
	/** The GET that re-reads the affected tab. */
	readonly reread: RegExp;
	/** What the screen shows once the tab is re-read, applied or not. */
	after(applied: boolean): RegExp;
}

const JANE = 'jane.okafor@example.test';

const wacht: Backend = {
	id: 'wacht',
	async start() {
		const sim = await startWachtSimulator({userCount: 60, manySessions: 20});
		const provider = new WachtProvider({baseUrl: sim.url, apiKey: sim.apiKey, retry: RETRY, timeouts: TIMEOUTS});
		return {sim, provider, extra: {}};
	},
	readUser: {query: JANE, name: 'Jane Okafor'},
	loaded: (f) => f.includes('Sessions (3)') && f.includes('Passkeys (2)') && f.includes('Memberships (2)') && !f.includes('Loading'),
	faultedTab: {key: '2', title: 'Passkeys', path: /\/passkeys$/, content: () => 'Work laptop'},
	otherTab: {key: '1', content: 'Lisbon, PT'},
	mutUser: {query: JANE, name: 'Jane Okafor'},
	mutation: {method: 'POST', path: /\/sessions\/[^/]+\/revoke$/, action: 'sessions.revoke'},
	async mutate(app) {
		await app.press('x');
		await app.waitFor('y to confirm');
		await app.press('y');
	},
	reread: /^\/users\/[^/]+\/sessions$/,
	after: (applied) => (applied ? /Sessions \(2\)/ : /Sessions \(3\)/),
};

const okta: Backend = {
	id: 'okta',
	async start() {
		const sim = await startOktaSimulator({userCount: 60});
		const provider = new OktaProvider({orgUrl: sim.url, token: sim.token, retry: RETRY, timeouts: TIMEOUTS});
		const id = W.active.id;
		const memberships = sim.store.groupsOf(id).length + sim.store.rolesOf(id).length + sim.store.appLinksOf(id).length;
		return {sim, provider, extra: {memberships, group: sim.store.groupsOf(id)[0]!.profile.name}};
	},
	readUser: {query: W.active.login, name: 'Aoife Ní Bhriain'},
	loaded: (f, extra) =>
		f.includes(`Memberships (${String(extra['memberships'])})`) && /Sessions \(\d+ grants\)/.test(f) && f.includes('Passkeys (2)') && !f.includes('Loading'),
	faultedTab: {key: '4', title: 'Memberships', path: /\/groups$/, content: (extra) => String(extra['group'])},
	otherTab: {key: '2', content: 'MacBook Touch ID'},
	mutUser: {query: W.suspended.login, name: 'Mateus Gonçalves'},
	mutation: {method: 'POST', path: /\/lifecycle\/unsuspend$/, action: 'lifecycle.unsuspend'},
	async mutate(app) {
		await app.press('L');
		const frame = await app.waitFor('Change the state of Mateus Gonçalves');
		const items = frame.split('\n').filter((l) => l.startsWith('│ '));
		const index = items.findIndex((l) => l.includes('Unsuspend user'));
		const first = items.findIndex((l) => /^│ (› | {2})\S/.test(l));
		assert.ok(index >= 0, `Unsuspend is offered:\n${frame}`);
		for (let i = first; i < index; i++) await app.press('j');
		await app.waitFor((f) => (f.split('\n').find((l) => l.startsWith('│ › ')) ?? '').includes('Unsuspend user'));
		await app.press(KEY.enter);
		await app.waitFor('⚠ Unsuspend user?');
		await app.press('y');
	},
	reread: new RegExp(`^/api/v1/users/${W.suspended.id}$`),
	after: (applied) => (applied ? /\bACTIVE\s+Mateus Gonçalves/ : /SUSPENDED\s+Mateus Gonçalves/),
};

// ------------------------------------------------------------------ faults

/** How the mutation ends, and what the journal must call it. */
type Truth = {outcome: 'ok'; status: number} | {outcome: 'failed'; status: number} | {outcome: 'unknown'; status: number | null};

interface Fault {
	readonly name: string;
	/** Null: the latency cell (sim.latencyMs), no queued fault. */
	spec(backend: BackendId, method: string, path: RegExp, times: number): FaultSpec | null;
	/** The mutation-side variant (may apply first). */
	mutationSpec(backend: BackendId, method: string, path: RegExp): FaultSpec | null;
	/** How many times the mutation is applied on the server. */
	readonly applied: 0 | 1;
	readonly truth: (backend: BackendId) => Truth;
	/** Requests the mutation makes in all (429s are waited out and resent: a 429 means the server did not act). */
	readonly sends: number;
	/** The read-side error the operator sees while it persists. */
	readonly persistentMessage: RegExp;
}

const rateLimited = (backend: BackendId, method: string, path: RegExp, times: number): FaultSpec =>
	backend === 'wacht'
		? {method, path, times, status: 429, body: JSON.stringify(wachtErrorBody(429, 'Rate limit exceeded. Retry after 1 seconds'))}
		: // The Okta simulator's 429 carries E0000047, X-Rate-Limit-Remaining 0 and X-Rate-Limit-Reset one second ahead.
			{method, path, times, status: 429};

const FAULTS: readonly Fault[] = [
	{
		name: 'latency 200 ms',
		spec: () => null,
		mutationSpec: () => null,
		applied: 1,
		truth: (b) => ({outcome: 'ok', status: b === 'wacht' ? 200 : 200}),
		sends: 1,
		persistentMessage: /never/,
	},
	{
		name: '429 burst of 2',
		spec: (b, m, p, times) => rateLimited(b, m, p, times),
		mutationSpec: (b, m, p) => rateLimited(b, m, p, 2),
		applied: 1,
		truth: () => ({outcome: 'ok', status: 200}),
		sends: 3,
		persistentMessage: /HTTP 429.*rate limited: wait; press r to retry/,
	},
	{
		name: '5xx',
		spec: (_b, method, path, times) => ({method, path, times, status: 500}),
		mutationSpec: (_b, method, path) => ({method, path, status: 500}),
		applied: 0,
		truth: () => ({outcome: 'failed', status: 500}),
		sends: 1,
		persistentMessage: /HTTP 500.*press r to retry/,
	},
	{
		name: 'connection reset',
		spec: (_b, method, path, times) => ({method, path, times, kind: 'reset'}),
		mutationSpec: (_b, method, path) => ({method, path, kind: 'reset', applyThenFail: true}),
		applied: 1,
		truth: () => ({outcome: 'unknown', status: null}),
		sends: 1,
		persistentMessage: /press r to retry/,
	},
	{
		name: 'stall past the timeout',
		spec: (_b, method, path, times) => ({method, path, times, kind: 'stall'}),
		mutationSpec: (_b, method, path) => ({method, path, kind: 'stall', applyThenFail: true}),
		applied: 1,
		truth: () => ({outcome: 'unknown', status: null}),
		sends: 1,
		persistentMessage: /did not answer in time.*press r to retry/,
	},
	{
		name: 'malformed JSON',
		spec: (_b, method, path, times) => ({method, path, times, kind: 'malformed-json'}),
		mutationSpec: (_b, method, path) => ({method, path, kind: 'malformed-json', applyThenFail: true}),
		applied: 1,
		truth: () => ({outcome: 'unknown', status: 200}),
		sends: 1,
		persistentMessage: /unreadable.*press r to retry/,
	},
	{
		name: 'HTML error page',
		spec: (_b, method, path, times) => ({method, path, times, kind: 'html'}),
		// A gateway's page after the backend acted: for a change that is "outcome unknown", not "failed, try again".
		mutationSpec: (_b, method, path) => ({method, path, kind: 'html', applyThenFail: true}),
		applied: 1,
		truth: () => ({outcome: 'unknown', status: 502}),
		sends: 1,
		persistentMessage: /HTTP 502.*HTML error page.*press r to retry/,
	},
	{
		name: 'body cut in the middle',
		spec: (_b, method, path, times) => ({method, path, times, kind: 'truncated'}),
		mutationSpec: (_b, method, path) => ({method, path, kind: 'truncated', applyThenFail: true}),
		applied: 1,
		truth: () => ({outcome: 'unknown', status: 200}),
		sends: 1,
		persistentMessage: /connection dropped while reading.*press r to retry/,
	},
];

// ------------------------------------------------------------------ harness

async function setup(t: TestContext, backend: Backend): Promise<Harness & {extra: Record<string, unknown>}> {
	const {sim, provider, extra} = await backend.start();
	const dir = mkdtempSync(join(tmpdir(), 'faults-'));
	const journalPath = join(dir, 'journal.jsonl');
	const guarded = guardProvider(provider, {readOnly: false, journal: Journal.open({path: journalPath}), profile: null});
	const app = renderApp(<App provider={guarded} isDemo confirmGuardMs={0} />, {columns: 100, rows: 30});
	t.after(async () => {
		app.unmount();
		await guarded.close();
		await sim.close();
		rmSync(dir, {recursive: true, force: true});
	});
	return {sim, app, journalPath, backend, extra};
}

const STACK = /\n\s+at \S+ \(|Error:[^\n]*\n\s+at /;

/** No frame ever drawn held a stack trace, and the app is still drawing. */
function assertNoCrash(app: Rendered): void {
	for (const frame of app.stdout.frames) assert.ok(!STACK.test(frame), `a stack trace reached the screen:\n${frame}`);
	assert.ok(app.frame().includes('Wacht') || app.frame().includes('Okta'), `the app still draws its status bar:\n${app.frame()}`);
}

async function open(app: Rendered, user: {query: string; name: string}, ready: (f: string) => boolean, ms = 8000): Promise<string> {
	await app.type(user.query);
	await app.press(KEY.enter);
	return app.waitFor((f) => f.includes(user.name) && ready(f), ms);
}

function readJournal(path: string): JournalEntry[] {
	const text = readFileSync(path, 'utf8');
	return text
		.split('\n')
		.filter((l) => l.trim() !== '')
		.map((l) => JSON.parse(l) as JournalEntry);
}

/** The result area: the line starting with ✓/✗/? and the wrapped line after it, joined. */
function resultLine(frame: string): string {
	const lines = frame.split('\n');
	const i = lines.findIndex((l) => /^[✓✗?] /.test(l));
	return i < 0 ? '' : lines.slice(i, i + 2).map((l) => l.trim()).filter(Boolean).join(' ');
}

/** The frame was drawn for the 220-column terminal (the tables and the footer span it). */
const isWide = (frame: string): boolean => frame.split('\n').some((l) => l.length > 100);

const describeRequests = (sim: Sim): string => sim.requests.map((r) => `${r.method} ${r.path} → ${r.status}${r.fault ? ` [${r.fault}]` : ''}`).join('\n');

// ------------------------------------------------------------------ the matrix

async function readCell(t: TestContext, backend: Backend, fault: Fault): Promise<void> {
	const {sim, app, extra} = await setup(t, backend);
	const tab = backend.faultedTab;
	const hits = (): number => sim.requests.filter((r) => r.method === 'GET' && tab.path.test(r.path)).length;
	const ready = (f: string): boolean => backend.loaded(f, extra);

	// 1. Transient: the fault hits the first two reads of the tab; the transport's retries hide it.
	const transient = fault.spec(backend.id, 'GET', tab.path, 2);
	if (transient) sim.faults.add(transient);
	else sim.latencyMs = 200;
	const waitedOut = fault.name.startsWith('429') ? app.waitFor('rate limited · retry in', 8000) : null;
	await open(app, backend.readUser, ready, 12_000);
	if (waitedOut) await waitedOut; // the operator was told why the tab took a while
	await app.press(tab.key);
	const content = tab.content(extra);
	let frame = await app.waitFor(content);
	assert.ok(!frame.includes('failed to load'), `a transient fault was retried away:\n${frame}`);
	if (transient) assert.equal(hits(), 3, `two faulted reads, then one good one:\n${describeRequests(sim)}`);
	assertNoCrash(app);
	if (!transient) return;

	// 2. Persistent: the tab says what failed and what to do; the other tabs keep working.
	sim.faults.add(fault.spec(backend.id, 'GET', tab.path, 1000)!);
	await app.press('r');
	frame = await app.waitFor(`${tab.title} failed to load`, 15_000);
	assert.ok(frame.includes(`${tab.title} (!)`), `the tab title is marked:\n${frame}`);
	// The notice is checked wide too, where nothing at all is cut.
	await app.resize(220, 30);
	frame = await app.waitFor((f) => isWide(f) && f.includes(`${tab.title} failed to load`));
	const notice = noticeOf(frame, `${tab.title} failed to load`);
	assert.match(notice, fault.persistentMessage, `the notice says what failed and what to do next:\n${frame}`);
	await app.resize(100, 30);
	await app.press(backend.otherTab.key);
	await app.waitFor(backend.otherTab.content);
	assertNoCrash(app);

	// 3. The fault clears: r brings the tab back.
	sim.faults.clear();
	await app.press(tab.key, 'r');
	await app.waitFor((f) => f.includes(content) && !f.includes('failed to load') && !f.includes('refreshing'), 8000);
	assertNoCrash(app);
}

async function mutationCell(t: TestContext, backend: Backend, fault: Fault): Promise<void> {
	const {sim, app, journalPath} = await setup(t, backend);
	const m = backend.mutation;
	await open(app, backend.mutUser, (f) => backend.after(false).test(f) && !f.includes('Loading'));
	const spec = fault.mutationSpec(backend.id, m.method, m.path);
	if (spec) sim.faults.add(spec);
	else sim.latencyMs = 200;
	const before = sim.requests.length;

	await backend.mutate(app);
	const frame = await app.waitFor((f) => /^[✓✗?] /m.test(f), 15_000);
	const result = resultLine(frame);
	const truth = fault.truth(backend.id);

	// What the operator sees.
	if (truth.outcome === 'ok') assert.match(result, /^✓ /, `the result line says it worked:\n${frame}`);
	if (truth.outcome === 'failed') assert.match(result, /^✗ .* failed: /, `the result line says it failed:\n${frame}`);
	if (truth.outcome === 'unknown') {
		assert.match(result, /^\? .*outcome unknown/, `the result line says the outcome is unknown:\n${frame}`);
		// Checked wide too, where nothing at all is cut.
		await app.resize(220, 30);
		const wideFrame = await app.waitFor((f) => isWide(f) && /^\? /m.test(f));
		assert.match(resultLine(wideFrame), /outcome unknown.*refresh/, `the result line says to refresh:\n${wideFrame}`);
		await app.resize(100, 30);
	}

	// What the server holds: never applied twice, and only the 429s were resent.
	const sent = sim.requests.slice(before).filter((r) => r.method === m.method && m.path.test(r.path));
	assert.equal(sim.appliedCount({method: m.method, path: m.path}), fault.applied, describeRequests(sim));
	assert.equal(sent.length, fault.sends, `the mutation was sent ${fault.sends} time(s):\n${describeRequests(sim)}`);

	// The affected tab is re-read after the answer, and shows what the server now holds.
	await app.waitFor((f) => backend.after(fault.applied === 1).test(f) && !f.includes('refreshing') && !f.includes('Loading'), 8000);
	const lastSend = sent.at(-1)!.at;
	assert.ok(
		sim.requests.slice(before).some((r) => r.method === 'GET' && backend.reread.test(r.path) && r.at >= lastSend),
		`the affected tab was re-read:\n${describeRequests(sim)}`,
	);

	// The journal: one intent and one outcome, with the true outcome.
	const lines = readJournal(journalPath);
	assert.deepEqual(
		lines.map((l) => `${l.phase} ${l.action}`),
		[`intent ${m.action}`, `outcome ${m.action}`],
		JSON.stringify(lines, null, 1),
	);
	assert.equal(lines[0]!.id, lines[1]!.id);
	const outcome = lines[1] as OutcomeEntry;
	assert.equal(outcome.outcome, truth.outcome, JSON.stringify(outcome));
	assert.equal(outcome.status, truth.status, JSON.stringify(outcome));
	if (truth.outcome === 'unknown') assert.equal(outcome.message, UNKNOWN_OUTCOME_MESSAGE);
	if (truth.outcome === 'failed') assert.ok(outcome.message, 'a failure says why');
	if (truth.outcome === 'ok') assert.equal(outcome.message, null);
	assertNoCrash(app);
}

for (const backend of [wacht, okta]) {
	describe(`fault matrix · ${backend.id}`, {concurrency: 8}, () => {
		for (const fault of FAULTS) {
			it(`${backend.id} · ${fault.name} · reads`, (t) => readCell(t, backend, fault));
			it(`${backend.id} · ${fault.name} · mutation`, (t) => mutationCell(t, backend, fault));
		}
	});
}


/** The tab's error notice: what failed, and the next line with what to do next. */
function noticeOf(frame: string, needle = 'failed to load'): string {
	const lines = frame.split('\n');
	const i = lines.findIndex((l) => l.includes(needle));
	return i < 0 ? '' : `${lines[i]} ${lines[i + 1] ?? ''}`;
}

// ------------------------------------------------------------------ what to do next fits at 100 columns


describe('fault matrix · what to do next fits at 100 columns', {concurrency: true}, () => {
	for (const [backend, faultName] of [
		[wacht, 'connection reset'],
		[okta, '5xx'],
	] as const) {
		it(`${backend.id} · persistent ${faultName} on ${backend.faultedTab.title}: "press r to retry" is on screen at 100 columns`, async (t) => {
			const {sim, app, extra} = await setup(t, backend);
			const fault = FAULTS.find((f) => f.name === faultName)!;
			sim.faults.add(fault.spec(backend.id, 'GET', backend.faultedTab.path, 1000)!);
			await open(app, backend.readUser, (f) => f.includes(`${backend.faultedTab.title} (!)`) && !f.includes('Loading'), 8000);
			await app.press(backend.faultedTab.key);
			const frame = await app.waitFor(`${backend.faultedTab.title} failed to load`);
			void extra;
			const notice = noticeOf(frame);
			assert.match(notice, /press r to retry/, `the next step is on screen:\n${frame}`);
		});
	}

	it('wacht · revoke answered 200 with malformed JSON: "refresh" is in the result line at 100 columns', async (t) => {
		const {sim, app} = await setup(t, wacht);
		await open(app, wacht.mutUser, (f) => wacht.after(false).test(f) && !f.includes('Loading'));
		sim.faults.add(FAULTS.find((f) => f.name === 'malformed JSON')!.mutationSpec('wacht', 'POST', wacht.mutation.path)!);
		await wacht.mutate(app);
		const frame = await app.waitFor((f) => /^\? /m.test(f), 8000);
		assert.match(resultLine(frame), /outcome unknown.*refresh/, frame);
	});
});
