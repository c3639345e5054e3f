/**
 * Profile → a guarded provider. The one place that turns configuration into a client: the app (at start and
 * when the operator switches profile) and the scripting subcommands both come through here, so read-only,
 * `protected` and the journal apply the same way everywhere.
 */
import type {Provider} from '../api/provider.js';
import type {GuardedProvider} from '../api/guard.js';
import type {DebugEvent} from '../api/transport.js';
import {guardProvider} from '../api/guard.js';
import type {Journal} from '../api/journal.js';
import type {ProviderId, WaitNotice} from '../api/types.js';
import {checkBackendUrl, ConfigError, type Profile} from './profiles.js';
import {resolveToken} from './token.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface Backend {
	readonly profile: Profile;
	/** Guarded: read-only refusal and the journal are already in place. */
	readonly provider: GuardedProvider;
	readonly isDemo: boolean;
	readonly stop: () => Promise<void>;
}

export interface ConnectOptions {
	/** The environment as it was at start (tokens are removed from process.env once read). */
	readonly env: Env;
	/** `--read-only`: every profile is read-only in this run. */
	readonly forceReadOnly: boolean;
	/** A journal, or why it could not be opened (mutations are then refused). */
	readonly journal: Journal | Error;
	/** `--url` for the environment profile. */
	readonly urlOverride?: string | null;
	readonly debug?: (event: DebugEvent) => void;
	/** Sees every wait no caller watches (a script reports it on stderr). */
	readonly onWait?: (notice: WaitNotice) => void;
	/** Every token read is added here, so logs and crash reports can be scrubbed of it. */
	readonly secrets: string[];
}

/** How long an approved caller verification counts on a `verify_caller` profile. */
export const VERIFY_CALLER_MINUTES = 10;

export async function connect(profile: Profile, options: ConnectOptions): Promise<Backend> {
	const inner = await openProvider(profile, options);
	const provider = guardProvider(inner.provider, {
		readOnly: options.forceReadOnly || profile.readOnly,
		// `--read-only` for the run cannot be unlocked from inside it; a read-only profile can, for a while.
		unlockMinutes: !options.forceReadOnly && profile.readOnly ? profile.writeMinutes : null,
		journal: options.journal,
		profile: profile.name,
		verifyCallerMinutes: profile.verifyCaller ? VERIFY_CALLER_MINUTES : null,
	});
	return {profile, provider, isDemo: profile.demo, stop: inner.stop};
}

async function openProvider(profile: Profile, options: ConnectOptions): Promise<{provider: Provider; stop: () => Promise<void>}> {
	const {debug, onWait} = options;
	if (profile.demo) return openDemo(profile.provider, {debug, onWait});
	const url = (profile.source === 'environment' ? options.urlOverride : null) ?? profile.url;
	if (!url) {
		throw new ConfigError(
			profile.provider === 'okta' ? 'OKTA_CLIENT_ORGURL is not set (e.g. https://acme.okta.com)' : 'WACHT_API_URL is not set (e.g. https://api.wacht.dev)',
		);
	}
	checkBackendUrl(url, profile.source !== 'environment' ? `profile ${profile.name}: url` : options.urlOverride ? '--url' : profile.provider === 'okta' ? 'OKTA_CLIENT_ORGURL' : 'WACHT_API_URL');
	const token = await resolveToken(profile, options.env);
	options.secrets.push(token);
	if (profile.provider === 'okta') {
		const {OktaProvider} = await import('../api/okta/provider.js');
		const provider = new OktaProvider({orgUrl: url, token, scheme: profile.auth, debug, onWait});
		return {provider, stop: () => provider.close()};
	}
	const {WachtProvider} = await import('../api/wacht/provider.js');
	const provider = new WachtProvider({baseUrl: url, apiKey: token, debug, onWait});
	return {provider, stop: () => provider.close()};
}

/** The embedded demo: a simulator on loopback, reached through the same provider code as a real backend. */
async function openDemo(which: ProviderId, hooks: Pick<ConnectOptions, 'debug' | 'onWait'>): Promise<{provider: Provider; stop: () => Promise<void>}> {
	if (which === 'okta') {
		const [{startOktaSimulator}, {OktaProvider}] = await Promise.all([import('../sim/okta/server.js'), import('../api/okta/provider.js')]);
		const sim = await startOktaSimulator({demoPhones: true, seedBehind: true});
		const provider = new OktaProvider({orgUrl: sim.url, token: sim.token, ...hooks});
		return {provider, stop: async () => (await provider.close(), await sim.close())};
	}
	const [{startWachtSimulator}, {WachtProvider}] = await Promise.all([import('../sim/wacht/server.js'), import('../api/wacht/provider.js')]);
	// Seeded behind the first frame: the newcomer sees the app at once; a request waits for the seed to finish.
	const sim = await startWachtSimulator({seedBehind: true});
	const provider = new WachtProvider({baseUrl: sim.url, apiKey: sim.apiKey, ...hooks});
	return {provider, stop: async () => (await provider.close(), await sim.close())};
}

/** Keeps one backend per profile for the run, so switching back is instant and nothing is re-resolved. */
export class Connections {
	readonly #open = new Map<string, Promise<Backend>>();
	constructor(readonly options: ConnectOptions) {}

	get(profile: Profile): Promise<Backend> {
		let hit = this.#open.get(profile.name);
		if (!hit) {
			hit = connect(profile, this.options);
			this.#open.set(profile.name, hit);
			// A failed attempt is not kept: fixing the token file and trying again must work.
			hit.catch(() => this.#open.delete(profile.name));
		}
		return hit;
	}

	async closeAll(): Promise<void> {
		const all = [...this.#open.values()];
		this.#open.clear();
		await Promise.all(all.map((p) => p.then((b) => b.stop(), () => undefined)));
	}
}
