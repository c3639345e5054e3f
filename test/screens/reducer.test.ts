/**
 * The reducer on its own: keys → the next state and the effects it asks for, with no React, no network and no clock
 * (the time is in each action). What the screen tests prove end to end, this proves step by step: a burst cannot
 * open a dialog, `y` is ignored while the dialog is new, the target is fixed when the dialog opens, a change runs
 * once and reloads what it affects, the `:` prompt.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {OktaProvider} from '../../src/api/okta/provider.js';
import type {Capabilities} from '../../src/api/provider.js';
import type {Session, UserDetails, UserSummary} from '../../src/api/types.js';
import {WachtProvider} from '../../src/api/wacht/provider.js';
import {initialState, reducer} from '../../screens/state/reducer.js';
import type {Action, Effect, State, Step} from '../../screens/state/types.js';

const WACHT_CAPS: Capabilities = new WachtProvider({baseUrl: 'http://127.0.0.1:1', apiKey: 'k'}).capabilities;
const OKTA_CAPS: Capabilities = new OktaProvider({orgUrl: 'http://127.0.0.1:1', token: 't'}).capabilities;
const T0 = Date.parse('2026-12-02T03:00:00Z');

const jane: UserSummary = {
	id: '590070605789839457',
	displayName: 'Jane Okafor',
	firstName: 'Jane',
	lastName: 'Okafor',
	email: 'jane.okafor@example.test',
	phone: null,
	login: 'jokafor',
	status: 'active',
	statusText: null,
	createdAt: '2026-09-01T11:03:00Z',
	lastSignInAt: null,
};
const details: UserDetails = {
	...jane,
	status: 'active',
	updatedAt: null,
	flags: [],
	mfaPolicy: 'optional',
	hasPassword: true,
	hasBackupCodes: false,
	passwordChangedAt: null,
	statusChangedAt: null,
	transitioningTo: null,
	credentialSource: null,
	signInBlocks: [],
	emails: [],
	phones: [],
	socialConnections: [],
	profileFields: {},
	credentialProvider: null,
	identityProviders: null,
	userType: null,
};
const session = (id: string, ip: string): Session => ({
	id,
	sessionId: null,
	createdAt: '2026-12-01T10:00:00Z',
	lastActiveAt: '2026-12-02T02:00:00Z',
	expiresAt: '2026-12-30T00:00:00Z',
	expired: false,
	ip,
	browser: 'Chrome',
	os: 'macOS',
	device: 'Mac',
	city: 'Lisbon',
	region: null,
	country: 'Portugal',
	countryCode: 'PT',
	latest: false,
	unusual: [],
});

/** Feeds actions one by one; returns the final state and every effect asked for on the way. */
function play(start: Step, ...actions: Action[]): {state: State; effects: Effect[]; last: readonly Effect[]} {
	let [state, effects] = start;
	const all = [...effects];
	for (const action of actions) {
		[state, effects] = reducer(state, action);
		all.push(...effects);
	}
	return {state, effects: all, last: effects};
}

const key = (names: string | readonly string[], now = T0 + 10_000): Action => ({type: 'input', names: typeof names === 'string' ? [names] : names, now, page: 10});

/** A state with Jane open and her sessions loaded. */
function janeOpen(options: {caps?: Capabilities; isProtected?: boolean; readOnly?: boolean} = {}): State {
	const start = initialState({caps: options.caps ?? WACHT_CAPS, query: jane.email!, now: T0, confirmGuardMs: 300, isProtected: options.isProtected, readOnly: options.readOnly});
	const searchId = start[0].lookup.searchId;
	const opened = play(start, {type: 'lookup/page', searchId, users: [jane]}, {type: 'lookup/done', searchId});
	const view = opened.state.user!;
	return play(
		[opened.state, []],
		{type: 'load/done', key: 'details', userId: jane.id, nonce: view.nonce.details, data: details, lifecycle: [], now: T0},
		{type: 'load/done', key: 'sessions', userId: jane.id, nonce: view.nonce.sessions, data: [session('s1', '203.0.113.24'), session('s2', '198.51.100.7')], now: T0},
	).state;
}

describe('the lookup', () => {
	it('typing edits the field and asks for the warm-up; Enter starts one search and remembers the query', () => {
		const typed = play(initialState({caps: WACHT_CAPS, now: T0}), key(['j', 'a', 'n', 'e']));
		assert.equal(typed.state.lookup.input, 'jane');
		assert.deepEqual(typed.last, [{type: 'typed', query: 'jane', searchId: 0}]);
		const searched = play([typed.state, []], key('enter'));
		assert.equal(searched.state.lookup.status, 'searching');
		assert.deepEqual(searched.last, [
			{type: 'search', searchId: 1, query: 'jane'},
			{type: 'saveRecent', recent: ['jane']},
		]);
	});

	it('a single exact match opens the user and every loadable tab starts loading, in parallel, with one nonce', () => {
		const start = initialState({caps: WACHT_CAPS, query: jane.email!, now: T0});
		const {state, last} = play(start, {type: 'lookup/page', searchId: 1, users: [jane]}, {type: 'lookup/done', searchId: 1});
		assert.equal(state.screen, 'user');
		assert.equal(state.user?.id, jane.id);
		// Wacht lists no grants: that tab is "loaded, empty" and never requested.
		assert.deepEqual(
			last.map((e) => (e.type === 'load' ? e.key : e.type)),
			['details', 'sessions', 'passkeys', 'mfa', 'memberships'],
		);
		assert.ok(last.every((e) => e.type === 'load' && e.nonce === 1 && e.userId === jane.id));
	});

	it('a page of an older search is dropped', () => {
		const {state} = play(initialState({caps: WACHT_CAPS, query: 'jane', now: T0}), {type: 'lookup/page', searchId: 0, users: [jane]});
		assert.deepEqual(state.lookup.results, []);
	});
});

describe('asking for a change', () => {
	it('x opens the confirm dialog on the selected sign-in, fixed when it opens; y too early is ignored; y then runs it once', () => {
		const open = janeOpen();
		const moved = play([open, []], key('j'));
		const asked = play([moved.state, []], key('x', T0 + 20_000));
		const overlay = asked.state.overlay;
		assert.equal(overlay.type, 'confirm');
		assert.ok(overlay.type === 'confirm' && overlay.pending.op === 'sessions.revoke' && overlay.pending.input.session.id === 's2');
		assert.equal(overlay.type === 'confirm' && overlay.expected, null, 'one session: y/N, not typed');
		assert.deepEqual(asked.last, []);

		const early = play([asked.state, []], key('y', T0 + 20_100));
		assert.equal(early.state.overlay.type, 'confirm');
		assert.match(early.state.overlay.type === 'confirm' ? (early.state.overlay.error ?? '') : '', /y ignored/);
		assert.deepEqual(early.last, []);

		const done = play([early.state, []], key('y', T0 + 20_400));
		assert.equal(done.state.overlay.type, 'none');
		assert.equal(done.state.command.status, 'running');
		assert.equal(done.last.length, 1);
		const run = done.last[0]!;
		assert.ok(run.type === 'run' && run.pending.op === 'sessions.revoke' && run.pending.input.session.id === 's2');

		// While it runs, another change is refused.
		const busy = play([done.state, []], key('X', T0 + 21_000));
		assert.equal(busy.state.overlay.type, 'none');
		assert.match(busy.state.flash?.text ?? '', /wait for the running action/);

		const answered = play([done.state, []], {type: 'command/done', id: run.type === 'run' ? run.id : -1, line: '✓ Revoked session s2 of Jane Okafor', now: T0 + 22_000});
		assert.equal(answered.state.command.status, 'idle');
		assert.deepEqual(answered.state.history, [{userId: jane.id, line: '✓ Revoked session s2 of Jane Okafor'}]);
		assert.deepEqual(
			answered.last.map((e) => (e.type === 'load' ? `load ${e.key}` : e.type)),
			['record', 'load sessions'],
			'the sessions are read again (grants: not on Wacht)',
		);
		// An answer for a command that is not running is dropped.
		assert.deepEqual(play([answered.state, []], {type: 'command/done', id: 99, line: 'x', now: T0}).last, []);
	});

	it('a burst of keys (a paste, key repeat) only moves: it never opens or confirms anything', () => {
		const {state, last} = play([janeOpen(), []], key(['j', 'x', 'y', 'X']));
		assert.equal(state.overlay.type, 'none');
		assert.equal(state.user?.selected.sessions, 1, 'the j moved');
		assert.deepEqual(last, []);
	});

	it('a protected profile asks for the email even for one session; revoke all always does', () => {
		const one = play([janeOpen({isProtected: true}), []], key('x'));
		assert.equal(one.state.overlay.type === 'confirm' && one.state.overlay.expected, jane.email);
		const all = play([janeOpen(), []], key('X'));
		assert.ok(all.state.overlay.type === 'confirm' && all.state.overlay.pending.op === 'sessions.revokeAll');
		assert.equal(all.state.overlay.type === 'confirm' && all.state.overlay.expected, jane.email);
	});

	it('Okta, which cannot list sessions: X offers how far to sign out, in a menu', () => {
		const {state} = play([janeOpen({caps: OKTA_CAPS}), []], key('X'));
		assert.equal(state.overlay.type, 'menu');
		assert.deepEqual(
			state.overlay.type === 'menu' && state.overlay.items.map((i) => [i.label, i.typed]),
			[
				['Clear all sessions', true],
				['Clear all sessions and revoke OAuth tokens', true],
				['Clear all sessions, revoke OAuth tokens and forget devices', true],
			],
		);
	});

	it('read-only mode refuses before any dialog opens, and says why', () => {
		const {state, last} = play([janeOpen({readOnly: true}), []], key('x'));
		assert.equal(state.overlay.type, 'none');
		assert.match(state.flash?.text ?? '', /^Read-only: nothing is sent\. /);
		assert.deepEqual(last, []);
	});

	it('a load answer for an older nonce or another user is dropped', () => {
		const open = janeOpen();
		const stale = play([open, []], {type: 'load/done', key: 'sessions', userId: jane.id, nonce: 0, data: [], now: T0});
		assert.equal(stale.state.user?.data.sessions.status, 'ok');
		assert.equal(stale.state.user?.data.sessions.status === 'ok' && stale.state.user.data.sessions.data.length, 2);
	});
});

describe('the : prompt', () => {
	it(':user starts a lookup, :quit quits, anything else says what exists and keeps the text', () => {
		const opened = play([janeOpen(), []], key(':'));
		assert.equal(opened.state.overlay.type, 'command');
		const typed = play([opened.state, []], key([...'user ana']), key('enter'));
		assert.equal(typed.state.screen, 'lookup');
		assert.equal(typed.state.lookup.query, 'ana');
		assert.ok(typed.effects.some((e) => e.type === 'search' && e.query === 'ana'));

		const wrong = play([opened.state, []], key([...'nope']), key('enter'));
		assert.equal(wrong.state.overlay.type, 'command');
		assert.match(wrong.state.overlay.type === 'command' ? (wrong.state.overlay.error ?? '') : '', /unknown command "nope": :user <query>/);

		const quit = play([opened.state, []], key('q'), key('enter'));
		assert.deepEqual(quit.last, [{type: 'quit'}]);
	});
});

describe('what follows from a transition', () => {
	it('a wait starts the once-a-second tick and its end stops it', () => {
		const waiting = play([janeOpen(), []], {type: 'wait', notice: {reason: 'rate_limited', ms: 5000, attempt: 1, givesUpInMs: 25000, message: 'slow down'}, now: T0});
		assert.deepEqual(waiting.last, [{type: 'ticker', on: true}]);
		const over = play([waiting.state, []], {type: 'wait', notice: null, now: T0 + 5000});
		assert.deepEqual(over.last, [{type: 'ticker', on: false}]);
	});
});
