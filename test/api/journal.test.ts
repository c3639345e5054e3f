/**
 * The audit journal on its own: where it lives, scrubbing of free-form parts, whole lines under concurrent
 * appends from several processes, and readRecent's tail reading that skips bad lines.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {appendFileSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it, type TestContext} from 'node:test';
import {Journal, journalPath, scrub, scrubText, UNKNOWN_OUTCOME_MESSAGE, type IntentInput, type OutcomeEntry} from '../../src/api/journal.js';

function tempDir(t: TestContext): string {
	const dir = mkdtempSync(join(tmpdir(), 'journal-test-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	return dir;
}

const base = (id: string): IntentInput => ({
	id,
	profile: 'p',
	backend: 'wacht',
	host: 'api.example.test',
	action: 'sessions.revoke',
	target: {userId: 'u1', userLabel: 'jane@example.test', object: {type: 'session', id: 's1', label: 'Firefox'}},
});

describe('Journal location', () => {
	it('XDG_STATE_HOME when absolute, else ~/.local/state', () => {
		assert.equal(journalPath({XDG_STATE_HOME: '/x/state'}), '/x/state/account-triage/journal.jsonl');
		assert.equal(journalPath({XDG_STATE_HOME: 'relative', HOME: '/home/o'}), '/home/o/.local/state/account-triage/journal.jsonl');
		assert.equal(journalPath({HOME: '/home/o'}), '/home/o/.local/state/account-triage/journal.jsonl');
		assert.equal(journalPath({}), join(homedir(), '.local', 'state', 'account-triage', 'journal.jsonl'));
	});

	it('creates nested folders', (t) => {
		const dir = tempDir(t);
		const journal = Journal.open({env: {XDG_STATE_HOME: join(dir, 'a', 'b')}});
		assert.equal(journal.path, join(dir, 'a', 'b', 'account-triage', 'journal.jsonl'));
		assert.equal(readFileSync(journal.path, 'utf8'), '');
	});
});

describe('scrub', () => {
	it('drops every key that names a secret, at any depth, and cuts URLs out of strings', () => {
		const input = {
			name: 'ok',
			secret: 'S',
			totpSecret: 'S',
			token: 'T',
			accessToken: 'T',
			password: 'P',
			tempPassword: 'P',
			passCode: '123456',
			otp: '1',
			otpUrl: 'otpauth://totp/x?secret=S',
			backupCodes: ['a', 'b'],
			code: '123',
			activationUrl: 'https://x/activate/T',
			resetPasswordUrl: 'https://x/reset/T',
			nested: {keep: 1, activationToken: 'T', list: [{url: 'u', fine: true}]},
			note: 'see https://x.example/reset/TOKEN123 now',
			fn: () => 1,
		};
		assert.deepEqual(scrub(input), {name: 'ok', nested: {keep: 1, list: [{fine: true}]}, note: 'see [url removed] now'});
		assert.equal(scrubText('a\nb   c'), 'a b c');
		assert.equal(scrubText('x'.repeat(500)).length, 240);
		assert.equal(scrubText('otpauth:totp/a?secret=S'), '[url removed]');
	});

	it('the journal scrubs detail and target objects but keeps its own fixed fields', (t) => {
		const journal = Journal.open({path: join(tempDir(t), 'j.jsonl')});
		journal.intent({...base('a'), detail: {forgetDevices: true, secret: 'HUNTER2', resetUrl: 'https://r/T0K'}});
		journal.outcome({
			...base('a'),
			outcome: 'failed',
			status: 400,
			code: 'E0000001',
			requestId: 'req-1',
			message: 'bad request, link https://x/reset/T0K2',
			detail: {token: 'T0K3', count: 2},
		});
		const text = readFileSync(journal.path, 'utf8');
		for (const secret of ['HUNTER2', 'T0K']) assert.equal(text.includes(secret), false, secret);
		const [outcome, intent] = journal.readRecent(10) as [OutcomeEntry, IntentInput];
		assert.deepEqual(intent.detail, {forgetDevices: true});
		assert.deepEqual(outcome.detail, {count: 2});
		assert.equal(outcome.code, 'E0000001');
		assert.equal(outcome.message, 'bad request, link [url removed]');
		assert.equal(outcome.requestId, 'req-1');
	});
});

describe('Journal lines', () => {
	it('intent and outcome: one line each, linked by id; unknown gets the fixed message; ok has no message', (t) => {
		const journal = Journal.open({path: join(tempDir(t), 'j.jsonl')});
		const id = Journal.newId();
		const intent = journal.intent(base(id));
		const outcome = journal.outcome({...base(id), outcome: 'unknown', message: 'socket hang up'});
		const ok = journal.outcome({...base(id), outcome: 'ok', status: 200, message: 'ignored'});
		assert.equal(intent.phase, 'intent');
		assert.equal(outcome.message, UNKNOWN_OUTCOME_MESSAGE);
		assert.equal(ok.message, null);
		assert.equal(ok.status, 200);
		assert.equal(ok.code, null);
		const lines = readFileSync(journal.path, 'utf8').split('\n');
		assert.equal(lines.length, 4);
		assert.equal(lines[3], '');
		assert.deepEqual(JSON.parse(lines[0]!), intent);
		assert.deepEqual(JSON.parse(lines[1]!), outcome);
		assert.equal(intent.operator, journal.operator);
		assert.ok(journal.operator.length > 0);
	});

	it('readRecent: newest first, limited, bad lines skipped, missing file empty', (t) => {
		const dir = tempDir(t);
		const journal = Journal.open({path: join(dir, 'j.jsonl')});
		assert.deepEqual(journal.readRecent(5), []);
		for (let i = 0; i < 3000; i++) {
			journal.intent(base(`id-${i}`));
			if (i === 2995) appendFileSync(journal.path, 'not json\n{"phase":"outcome","id":"x"}\n[1]\n\n{"truncat');
			if (i === 2995) appendFileSync(journal.path, '\n');
		}
		const recent = journal.readRecent(10);
		assert.deepEqual(
			recent.map((e) => e.id),
			Array.from({length: 10}, (_, k) => `id-${2999 - k}`),
		);
		assert.equal(journal.readRecent(0).length, 0);
		assert.equal(journal.readRecent(100_000).length, 3000);
		rmSync(journal.path);
		assert.deepEqual(journal.readRecent(5), []);
	});

	it('concurrent appends from several processes stay whole lines', async (t) => {
		const path = join(tempDir(t), 'j.jsonl');
		Journal.open({path});
		const moduleUrl = new URL('../../src/api/journal.ts', import.meta.url).href;
		const script = `
			const {Journal} = await import(${JSON.stringify(moduleUrl)});
			const j = Journal.open({path: ${JSON.stringify(path)}});
			const w = process.argv.at(-1);
			for (let i = 0; i < 300; i++) j.intent({id: w + '-' + i, profile: null, backend: 'wacht', host: 'h', action: 'x'.repeat(2000),
				target: {userId: 'u', userLabel: null}});
		`;
		const workers = ['a', 'b', 'c', 'd'];
		await Promise.all(
			workers.map(
				(w) =>
					new Promise<void>((resolve, reject) => {
						const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, w], {stdio: ['ignore', 'ignore', 'inherit']});
						child.on('error', reject);
						child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${w} exited ${code}`))));
					}),
			),
		);
		const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
		assert.equal(lines.length, 1200);
		const ids = new Set(lines.map((l) => (JSON.parse(l) as {id: string}).id));
		assert.equal(ids.size, 1200);
	});
});
