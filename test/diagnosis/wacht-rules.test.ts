/**
 * The Wacht diagnosis rules against the Wacht simulator's users built for them, read through the real provider
 * over loopback, exactly as the app reads them: details, sign-ins, MFA and the lifecycle actions offered.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {WachtProvider} from '../../src/api/wacht/provider.js';
import {diagnose, type Finding} from '../../src/diagnosis/diagnose.js';
import {stepText} from '../../screens/steps.js';
import {WELL_KNOWN} from '../../src/sim/wacht/seed.js';
import {startWachtSimulator, type WachtSimulator} from '../../src/sim/wacht/server.js';

for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[name];

let sim: WachtSimulator;
let provider: WachtProvider;

before(async () => {
	sim = await startWachtSimulator({userCount: 60, manySessions: 10});
	provider = new WachtProvider({baseUrl: sim.url, apiKey: sim.apiKey});
});
after(async () => {
	await provider.close();
	await sim.close();
});

async function diagnoseUser(email: string, caps = provider.capabilities): Promise<Finding[]> {
	const id = sim.store.userByEmail(email).id;
	const [details, sessions, mfa] = await Promise.all([provider.getUser(id), provider.listSessions(id), provider.getMfa(id)]);
	return diagnose({backend: 'wacht', caps, details, lifecycle: provider.lifecycleActions(details), sessions, mfa, now: Date.now()});
}

const ids = (fs: readonly Finding[]): string[] => fs.map((f) => f.id);

describe('Wacht rules, each on the seeded user built for it', () => {
	it('disabled (disabled.user@example.test): a blocker, and what enabling restores → enable (L)', async () => {
		const [f, ...rest] = await diagnoseUser(WELL_KNOWN.disabled);
		assert.deepEqual(rest, []);
		assert.equal(f!.id, 'disabled');
		assert.equal(f!.severity, 'blocker');
		assert.match(f!.text, /^Disabled: cannot sign in\. Enabling lets them in again; the sign-ins deleted on disabling stay gone$/);
		assert.equal(stepText(f!.action!), 'enable (L)');
	});

	it('MFA enforced with nothing on record (mfa.missing@example.test) → add an authenticator (a on MFA)', async () => {
		const [f, ...rest] = await diagnoseUser(WELL_KNOWN.mfaMissing);
		assert.deepEqual(rest, []);
		assert.equal(f!.id, 'mfa_missing');
		assert.equal(f!.severity, 'warning');
		// Wacht cannot read authenticators: the text says so rather than claiming there is none.
		assert.equal(f!.text, 'MFA is enforced but no second factor is on record: no backup codes, and Wacht cannot show authenticator apps');
		assert.equal(stepText(f!.action!), 'add an authenticator (a on MFA) or relax the MFA policy (p on MFA)');
	});

	it('…and once the app learnt there is no authenticator (a delete answered 404), it says nothing is enrolled', async () => {
		const id = sim.store.userByEmail(WELL_KNOWN.mfaMissing).id;
		await assert.rejects(provider.deleteTotp(id));
		const [f] = await diagnoseUser(WELL_KNOWN.mfaMissing);
		assert.equal(f!.text, 'MFA is enforced but nothing is enrolled: no authenticator app, no backup codes');
	});

	it('MFA enforced with an authenticator and backup codes (mfa.user@example.test): nothing to say', async () => {
		assert.deepEqual(ids(await diagnoseUser(WELL_KNOWN.mfa)), []);
	});

	it('every sign-in expired (expired.sessions@example.test): a note with the last activity, no key', async () => {
		const [f, ...rest] = await diagnoseUser(WELL_KNOWN.expiredSessions);
		assert.deepEqual(rest, []);
		assert.equal(f!.id, 'all_expired');
		assert.equal(f!.severity, 'note');
		assert.match(f!.text, /^Every sign-in has expired \(last active \d+(d|mo) ago\): they must sign in again$/);
		assert.equal(f!.action, null);
	});

	it('a sign-in from a new country (new.country@example.test): Lagos, on the Mac they always use → revoke if unknown (x on Sessions)', async () => {
		const [f, ...rest] = await diagnoseUser(WELL_KNOWN.newCountry);
		assert.deepEqual(rest, []);
		assert.equal(f!.id, 'unusual_session');
		assert.equal(f!.severity, 'warning');
		assert.match(f!.text, /^Signed in from a country never seen before for this user: Lagos, NG, \d+m ago \(Chrome · macOS · Mac\)$/);
		assert.equal(stepText(f!.action!), 'revoke if unknown (x on Sessions)');
	});

	it('a sign-in on a new device (new.device@example.test): an Android phone where they always used a Mac', async () => {
		const [f, ...rest] = await diagnoseUser(WELL_KNOWN.newDevice);
		assert.deepEqual(rest, []);
		assert.equal(f!.id, 'unusual_session');
		assert.match(f!.text, /^Signed in on a device never seen before for this user: Chrome Mobile · Android · Samsung SM-A546B, \d+m ago \(Copenhagen, DK\)$/);
	});

	it('the sign-ins themselves: newest first, the latest marked, only the new one flagged', async () => {
		const id = sim.store.userByEmail(WELL_KNOWN.newCountry).id;
		const sessions = await provider.listSessions(id);
		assert.deepEqual(
			sessions.map((s) => [s.city, s.latest, s.unusual.join('+')]),
			[
				['Lagos', true, 'country'],
				['Kraków', false, ''],
				['Warsaw', false, ''],
				['Warsaw', false, ''],
				['Warsaw', false, ''],
			],
		);
	});

	it('users with nothing wrong get no finding: Jane (a traveller: no usual country), Ana, Zoë', async () => {
		for (const email of [WELL_KNOWN.jane, WELL_KNOWN.ana, WELL_KNOWN.noSessions]) {
			assert.deepEqual(ids(await diagnoseUser(email)), [], email);
		}
	});

	it('a step the backend does not offer is not suggested: no revoke key when revoking is unsupported', async () => {
		const caps = {...provider.capabilities, 'sessions.revoke': 'not in this test'};
		const [f] = await diagnoseUser(WELL_KNOWN.newCountry, caps);
		assert.equal(f!.id, 'unusual_session');
		assert.equal(f!.action, null);
	});
});
