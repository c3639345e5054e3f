/**
 * What a run needs before it draws or acts (the profiles, the journal, the first backend), shared by the app and
 * the scripting subcommands.
 */
import {Journal} from '../api/journal.js';
import {hideTokenVariables} from '../config/environ.js';
import {openDebugLog} from '../api/debug-log.js';
import {chooseProfile, environmentProfile, loadConfig, type Config, type Profile} from '../config/profiles.js';
import {Connections, type Backend, type ConnectOptions} from '../config/connect.js';
import type {ParsedArgs} from './args.js';

/** Environment variables that hold tokens: read once at start, then removed so child processes never see them. */
function tokenVariables(config: Config): string[] {
	const names = new Set(['WACHT_API_KEY', 'OKTA_CLIENT_TOKEN']);
	for (const p of config.profiles) if (p.token?.from === 'env') names.add(p.token.name);
	return [...names];
}

/** Config + flags → the profile list and the one to start on. */
export function selectProfile(args: ParsedArgs, env: NodeJS.ProcessEnv): {config: Config; profile: Profile} {
	const config = loadConfig(env, {provider: args.provider});
	const byName = (name: string): Profile => config.profiles.find((p) => p.name === name)!;
	if (args.demo) return {config, profile: byName(args.demoProvider === 'okta' ? 'demo-okta' : 'demo')};
	let environmentConfigured = config.profiles.some((p) => p.source === 'environment');
	if (args.url && !environmentConfigured && args.profile === null) {
		// `--url` alone names a backend whose token must still come from the environment.
		const fromFlags = environmentProfile({...env, [args.provider === 'okta' ? 'OKTA_CLIENT_ORGURL' : 'WACHT_API_URL']: args.url}, args.provider ?? 'wacht')!;
		const profiles = [...config.profiles.filter((p) => p.name !== 'env'), fromFlags];
		return {config: {...config, profiles}, profile: fromFlags};
	}
	if (args.profile !== null) environmentConfigured = false;
	return {config, profile: chooseProfile(config, args.profile, environmentConfigured)};
}

export interface StartedRun {
	readonly config: Config;
	readonly backend: Backend;
	readonly connections: Connections;
	/** Every token this run has read, for scrubbing logs and crash reports. */
	readonly secrets: string[];
	/** The OS user at the keyboard, as the journal records them. */
	readonly operator: string | undefined;
}

/**
 * Everything a run needs before it draws or acts: the profiles, the journal, the first backend. Shared by the
 * app and the scripting subcommands. Tokens are removed from process.env once read, so no child process sees them.
 */
export async function startRun(args: ParsedArgs, env: NodeJS.ProcessEnv, hooks: Pick<ConnectOptions, 'onWait'> = {}): Promise<StartedRun> {
	const {config, profile} = selectProfile(args, env);
	const snapshot: Record<string, string | undefined> = {...env};
	// Out of process.env (no child gets them) and, on Linux, out of /proc/PID/environ; read from the snapshot.
	hideTokenVariables(tokenVariables(config));
	const secrets: string[] = [];
	const debug = args.debug ? openDebugLog(secrets, env).write : undefined;
	// Every mutation is journaled before it is sent; a journal that cannot be opened stops mutations, not reads.
	let journal: Journal | Error;
	try {
		journal = Journal.open({env});
	} catch (error) {
		journal = error instanceof Error ? error : new Error(String(error));
	}
	const connections = new Connections({env: snapshot, forceReadOnly: args.readOnly, journal, urlOverride: args.url, debug, secrets, ...hooks});
	const backend = await connections.get(profile);
	return {config, backend, connections, secrets, operator: journal instanceof Journal ? journal.operator : undefined};
}
