/**
 * Follow mode on the Sign-ins tab, end to end: the built command in a real pseudo-terminal follows a user's trail
 * on an Okta simulator started here; another program (the official SDK, from this process) suspends the user and
 * clears their sessions, and both events appear on screen at the next poll, newest first, with the token owner as
 * the actor, and the header is read again (SUSPENDED). Esc stops following; q exits 0.
 */
import assert from 'node:assert/strict';
import {before, test} from 'node:test';
import okta from '@okta/okta-sdk-nodejs';
import {startOktaSimulator, WELL_KNOWN as W} from '../../src/sim/okta/index.js';
import {ensureBuilt, frame, spawnApp} from '../helpers/pty.js';

/** A poll every 5 s at the most, and a loaded machine: room for two polls. */
const POLL_WAIT_MS = 20_000;
const WAIT_MS = 10_000;

before(() => ensureBuilt());

test('f on Sign-ins: a suspend and a session clear made from outside the app appear while it follows, and the header turns SUSPENDED; Esc stops', async (t) => {
	const sim = await startOktaSimulator({userCount: 60});
	t.after(() => sim.close());
	const app = spawnApp(t, {
		cols: 140,
		rows: 30,
		env: {WACHT_API_URL: undefined, WACHT_API_KEY: undefined, OKTA_CLIENT_ORGURL: sim.url, OKTA_CLIENT_TOKEN: sim.token, http_proxy: undefined, HTTP_PROXY: undefined, https_proxy: undefined, HTTPS_PROXY: undefined},
	});
	await app.waitFor('Find user', WAIT_MS);
	await app.type(W.noFactors.login);
	await app.press('enter');
	await app.waitFor((s) => /ACTIVE\s+Liam Walsh/.test(s) && /6 Sign-ins/.test(s) && !s.includes('…)'), WAIT_MS);
	await app.press('6');
	let screen = await app.waitFor(/\[6 Sign-ins/, WAIT_MS);
	assert.ok(!screen.includes('Suspend Okta user'), `not in the trail yet:\n${frame(screen)}`);

	await app.press('f');
	await app.waitFor(/following · last poll \d+s ago/, WAIT_MS);

	// Another program acts on the same org while the app follows.
	const config = {orgUrl: sim.url, token: sim.token, testing: {disableHttpsCheck: true}, cacheMiddleware: null};
	const client = new okta.Client(config);
	await client.userApi.suspendUser({userId: W.noFactors.id});
	await client.userApi.revokeUserSessions({userId: W.noFactors.id});
	assert.equal(sim.store.user(W.noFactors.id).status, 'SUSPENDED');

	screen = await app.waitFor((s) => s.includes('Suspend Okta user') && /Clear user session/.test(s), POLL_WAIT_MS);
	const rows = screen.split('\n');
	const suspend = rows.findIndex((r) => r.includes('Suspend Okta user'));
	const clear = rows.findIndex((r) => /Clear user session/.test(r));
	assert.ok(clear < suspend, `newest first: the session clear above the suspend:\n${frame(screen)}`);
	assert.match(rows[suspend]!, /by Ingrid Solberg/, "the API token's owner is the actor");
	assert.match(screen, /following · last poll \d+s ago/, 'still following');
	// What the events changed is read again: the header and the diagnosis say suspended, as the store does.
	await app.waitFor((s) => /SUSPENDED\s+Liam Walsh/.test(s) && /Problem: Suspended since/.test(s), WAIT_MS);

	await app.press('esc');
	await app.waitFor('Stopped following the trail', WAIT_MS);
	await app.press('q');
	const exit = await app.exited;
	assert.equal(exit.exitCode, 0);
});
