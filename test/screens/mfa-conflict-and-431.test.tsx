/**
 * Issue 17, item 24: after a 409 on "add TOTP" the MFA tab says the authenticator already existed (Wacht refused a
 * new one), not "enrolled from this app"; a status with no body of its own (a proxy's 431) reads as one clear line
 * with what to do, never "HTTP 431: HTTP 431".
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ApiError} from '../../src/api/errors.js';
import {Transport} from '../../src/api/transport.js';
import {wachtDialect} from '../../src/api/wacht/provider.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {appOn, openUser} from '../helpers/app.js';
import {handlers as h, startServer} from '../helpers/http-server.js';

test('a 409 on add TOTP: the MFA tab says it already existed, and the backend still holds the old one', async (t) => {
	const app = await appOn(t, 'wacht', {wacht: {userCount: 40}, columns: 120, rows: 30});
	const {sim} = app;
	const user = sim.store.userByEmail(WELL_KNOWN.mfa).id;
	const before = sim.store.authenticatorOf(user)!;
	assert.ok(before, 'Łukasz has an authenticator');
	await openUser(app, WELL_KNOWN.mfa, 'Memberships (2)');
	await app.press('3');
	await app.waitFor('TOTP authenticator   unknown');
	await app.press('a');
	await app.waitFor('y to confirm');
	await app.press('y');
	const frame = await app.waitFor((f) => f.includes('TOTP authenticator   enrolled') && f.includes('409'));
	assert.match(frame, /TOTP authenticator {3}enrolled {2}\(it already existed: Wacht refused a new one \(409\) at \d\d:\d\d UTC\)/);
	assert.ok(!frame.includes('from this app'), frame);
	assert.match(frame, /✗ Add a TOTP authenticator failed: HTTP 409: user already has an active authenticator/);
	assert.equal(sim.store.authenticatorOf(user)!.id, before.id, 'the backend kept the authenticator it had');
	assert.equal(sim.store.authenticatorHistoryOf(user).length, 1, 'and made no other');

	// Deleting it and adding one from here is "from this app".
	await app.press('x');
	await app.waitFor(`Type ${WELL_KNOWN.mfa}`);
	await app.type(WELL_KNOWN.mfa);
	await app.press('\r');
	await app.waitFor(/TOTP authenticator {3}none {2}\(removed from this app at/);
});

test('a status with no words of its own reads "HTTP 431: request headers too large" with what to do, once', async (t) => {
	const server = await startServer(t, [h.json(431, ''), h.json(418, ''), h.json(414, '')]);
	const transport = new Transport({baseUrl: server.url, dialect: wachtDialect, authorization: () => 'Bearer test-token-123456'});
	t.after(() => transport.close());
	const failure = async (): Promise<ApiError> => {
		try {
			await transport.send({method: 'POST', path: '/x', json: {}});
		} catch (error) {
			if (error instanceof ApiError) return error;
		}
		throw new Error('expected an ApiError');
	};
	const e431 = await failure();
	assert.equal(e431.summary, 'HTTP 431: request headers too large');
	assert.equal(e431.hint, "check HTTPS_PROXY (a proxy may add headers); nothing was changed");
	assert.equal(e431.outcomeUnknown, false);
	const e418 = await failure();
	assert.equal(e418.summary, "HTTP 418: I'm a Teapot", 'the standard reason phrase, not the number again');
	const e414 = await failure();
	assert.equal(e414.summary, 'HTTP 414: request URL too long');
	for (const e of [e431, e418, e414]) assert.doesNotMatch(e.summary, /HTTP (\d+): HTTP \1/);
});

test('the app: a 431 from a proxy on the lookup is one clear line', async (t) => {
	const app = await appOn(t, 'wacht', {wacht: {userCount: 40}, columns: 120, rows: 30});
	app.sim.faults.add({method: 'GET', path: '/users', status: 431, body: '', times: 5});
	await app.type('jane');
	await app.press('\r');
	const frame = await app.waitFor('431');
	assert.match(frame, /HTTP 431: request headers too large/);
	assert.doesNotMatch(frame, /HTTP 431: HTTP 431/);
	assert.match(frame, /Lookup failed: HTTP 431: request headers too large — check HTTPS_PROXY \(a proxy may add headers\)/);
});
