/**
 * Profiles: which backend to talk to, how to get its token, and how careful to be there.
 *
 * They come from `$XDG_CONFIG_HOME/account-triage/config.toml` (else `~/.config/account-triage/config.toml`),
 * from the environment (WACHT_API_* / OKTA_CLIENT_*, as profile `env`), and two built-ins, `demo` and
 * `demo-okta`, the embedded simulators. A config file that group or others can read or write is refused, as is
 * a token file: both say how to fix it. An unknown key is an error, so a typo such as `readonly = true` can
 * never silently leave a production profile writable.
 *
 *   default = "prod"
 *
 *   [profiles.prod]
 *   provider = "okta"                          # or "wacht"
 *   url = "https://acme.okta.com"
 *   token_command = "op read op://ops/okta/token"   # or token_env = "OKTA_PROD_TOKEN", or token_file = "~/.okta-token"
 *   auth = "SSWS"                              # Okta only: "SSWS" (API token) or "Bearer" (OAuth access token)
 *   read_only = true                           # look, never change
 *   protected = true                           # red status bar; every destructive action asks for the typed login
 *   write_minutes = 10                         # how long `W` unlocks writes on a read-only profile
 *   verify_caller = true                       # Okta: resets and fixes wait for an approved caller verification
 */
import {readFileSync, statSync} from 'node:fs';
import {homedir} from 'node:os';
import {isAbsolute, join} from 'node:path';
import {parse as parseToml} from 'smol-toml';
import {openModeProblem} from '../api/private-file.js';
import type {ProviderId} from '../api/types.js';


export type TokenSource =
	| {readonly from: 'env'; readonly name: string}
	| {readonly from: 'file'; readonly path: string}
	| {readonly from: 'command'; readonly command: string};

export interface Profile {
	readonly name: string;
	readonly provider: ProviderId;
	/** Null for the embedded demo backends. */
	readonly url: string | null;
	readonly demo: boolean;
	/** Null only for the demo backends. */
	readonly token: TokenSource | null;
	/** Okta's Authorization scheme. */
	readonly auth: 'SSWS' | 'Bearer';
	readonly readOnly: boolean;
	readonly protected: boolean;
	/** How long an unlock of writes lasts on a read-only profile. */
	readonly writeMinutes: number;
	/** Okta: resets, temporary passwords, factor resets and profile fixes wait for an approved caller verification. */
	readonly verifyCaller?: boolean;
	readonly source: 'config' | 'environment' | 'built-in';
}

export interface Config {
	/** The config file, or null when there is none. */
	readonly path: string | null;
	/** Config profiles first (file order), then `env` when the environment configures a backend, then the demos. */
	readonly profiles: readonly Profile[];
	readonly defaultProfile: string | null;
}

export class ConfigError extends Error {
	override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_WRITE_MINUTES = 10;

export function configDir(env: Env = process.env): string {
	const xdg = env['XDG_CONFIG_HOME'];
	const base = xdg && isAbsolute(xdg) ? xdg : join(env['HOME'] || homedir(), '.config');
	return join(base, 'account-triage');
}

export function configPath(env: Env = process.env): string {
	return join(configDir(env), 'config.toml');
}

/** Refuses a file that group or others may read or write: it holds, or leads to, a credential. */
export function checkPrivate(path: string, what: string): void {
	let mode: number;
	try {
		mode = statSync(path).mode;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new ConfigError(code === 'ENOENT' ? `${what} ${path} does not exist` : `cannot read ${what} ${path}: ${code ?? String(error)}`);
	}
	const problem = openModeProblem(what, path, mode);
	if (problem) throw new ConfigError(problem);
}

const DEMOS: readonly Profile[] = [
	builtIn('demo', 'wacht'),
	builtIn('demo-okta', 'okta'),
];

function builtIn(name: string, provider: ProviderId): Profile {
	return {name, provider, url: null, demo: true, token: null, auth: 'SSWS', readOnly: false, protected: false, writeMinutes: DEFAULT_WRITE_MINUTES, source: 'built-in'};
}

/** The profile the environment describes (WACHT_API_* or OKTA_CLIENT_*), or null. */
export function environmentProfile(env: Env, which: ProviderId | null = null): Profile | null {
	const wacht = Boolean(env['WACHT_API_URL'] || env['WACHT_API_KEY']);
	const okta = Boolean(env['OKTA_CLIENT_ORGURL'] || env['OKTA_CLIENT_TOKEN']);
	if (!which) {
		if (wacht && okta) throw new ConfigError('both WACHT_* and OKTA_CLIENT_* are set: choose one with --provider wacht|okta');
		which = okta ? 'okta' : wacht ? 'wacht' : null;
	}
	if (!which) return null;
	const base = {name: 'env', demo: false, readOnly: false, protected: false, writeMinutes: DEFAULT_WRITE_MINUTES, source: 'environment'} as const;
	if (which === 'okta') {
		return {...base, provider: 'okta', url: env['OKTA_CLIENT_ORGURL'] || null, token: {from: 'env', name: 'OKTA_CLIENT_TOKEN'}, auth: env['OKTA_CLIENT_AUTHORIZATIONMODE'] === 'Bearer' ? 'Bearer' : 'SSWS'};
	}
	return {...base, provider: 'wacht', url: env['WACHT_API_URL'] || null, token: {from: 'env', name: 'WACHT_API_KEY'}, auth: 'SSWS'};
}

export interface LoadOptions {
	/** Read this file instead of the XDG one (tests). */
	readonly path?: string;
	/** Which backend the environment profile is, when both are set (`--provider`). */
	readonly provider?: ProviderId | null;
}

/** Reads the config file (if any), the environment and the built-ins. Throws ConfigError with what to fix. */
export function loadConfig(env: Env = process.env, options: LoadOptions = {}): Config {
	const path = options.path ?? configPath(env);
	let text: string | null = null;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new ConfigError(`cannot read the config file ${path}: ${code ?? String(error)}`);
	}
	const fromFile = text === null ? {profiles: [], defaultProfile: null} : parseConfig(text, path, env);
	if (text !== null) checkPrivate(path, 'the config file');
	const profiles: Profile[] = [...fromFile.profiles];
	const names = new Set(profiles.map((p) => p.name));
	const fromEnv = environmentProfile(env, options.provider ?? null);
	if (fromEnv && !names.has('env')) profiles.push(fromEnv);
	for (const demo of DEMOS) if (!names.has(demo.name)) profiles.push(demo);
	if (fromFile.defaultProfile !== null && !profiles.some((p) => p.name === fromFile.defaultProfile)) {
		throw new ConfigError(`${path}: default = "${fromFile.defaultProfile}" names no profile (have: ${profiles.map((p) => p.name).join(', ')})`);
	}
	return {path: text === null ? null : path, profiles, defaultProfile: fromFile.defaultProfile};
}

const PROFILE_KEYS = new Set(['provider', 'url', 'token_env', 'token_file', 'token_command', 'auth', 'read_only', 'protected', 'write_minutes', 'demo', 'verify_caller']);
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** Parses and validates the TOML text; every message names the file and the profile. */
export function parseConfig(text: string, path: string, env: Env = process.env): {profiles: Profile[]; defaultProfile: string | null} {
	let doc: Record<string, unknown>;
	try {
		doc = parseToml(text) as Record<string, unknown>;
	} catch (error) {
		// smol-toml's TomlError has the line and column; its message's first line says what is wrong.
		const {line, column, message} = error as {line?: unknown; column?: unknown; message?: unknown};
		const what = String(message).split('\n')[0]!.replace(/^Invalid TOML document: /, '');
		const at = typeof line === 'number' && typeof column === 'number' ? ` at line ${line}, column ${column}` : '';
		throw new ConfigError(`${path}: not valid TOML${at}: ${what}`);
	}
	for (const key of Object.keys(doc)) {
		if (key !== 'default' && key !== 'profiles') throw new ConfigError(`${path}: unknown key "${key}" (expected default and [profiles.NAME] tables)`);
	}
	const defaultProfile = doc['default'] === undefined ? null : doc['default'];
	if (defaultProfile !== null && typeof defaultProfile !== 'string') throw new ConfigError(`${path}: default must be a profile name in quotes`);
	const table = doc['profiles'] ?? {};
	if (typeof table !== 'object' || table === null || Array.isArray(table)) throw new ConfigError(`${path}: profiles must be tables, e.g. [profiles.prod]`);
	const profiles: Profile[] = [];
	for (const [name, raw] of Object.entries(table as Record<string, unknown>)) {
		const where = `${path}: [profiles.${name}]`;
		if (!NAME.test(name)) throw new ConfigError(`${where}: a profile name is letters, digits, ".", "_" or "-" (at most 40)`);
		if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${where} must be a table`);
		profiles.push(parseProfile(name, raw as Record<string, unknown>, where, env));
	}
	return {profiles, defaultProfile};
}

function parseProfile(name: string, raw: Record<string, unknown>, where: string, env: Env): Profile {
	for (const key of Object.keys(raw)) {
		if (!PROFILE_KEYS.has(key)) throw new ConfigError(`${where}: unknown key "${key}" (known: ${[...PROFILE_KEYS].join(', ')})`);
	}
	const str = (key: string): string | null => {
		const value = raw[key];
		if (value === undefined) return null;
		if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`${where}: ${key} must be a non-empty string`);
		return value.trim();
	};
	const bool = (key: string): boolean => {
		const value = raw[key];
		if (value === undefined) return false;
		if (typeof value !== 'boolean') throw new ConfigError(`${where}: ${key} must be true or false (no quotes)`);
		return value;
	};
	const provider = str('provider');
	if (provider !== 'wacht' && provider !== 'okta') throw new ConfigError(`${where}: provider must be "wacht" or "okta"`);
	const demo = bool('demo');
	const url = str('url');
	if (!demo) {
		if (!url) throw new ConfigError(`${where}: url is missing (e.g. ${provider === 'okta' ? 'https://acme.okta.com' : 'https://api.wacht.dev'})`);
		checkBackendUrl(url, `${where}: url`);
	}
	const sources: TokenSource[] = [];
	const tokenEnv = str('token_env');
	const tokenFile = str('token_file');
	const tokenCommand = str('token_command');
	if (tokenEnv) sources.push({from: 'env', name: tokenEnv});
	if (tokenFile) sources.push({from: 'file', path: expandHome(tokenFile, env)});
	if (tokenCommand) sources.push({from: 'command', command: tokenCommand});
	if (sources.length > 1) throw new ConfigError(`${where}: give one of token_env, token_file or token_command, not ${sources.length}`);
	if (!demo && sources.length === 0) throw new ConfigError(`${where}: say where the token comes from: token_env, token_file or token_command (never the token itself)`);
	const auth = str('auth') ?? 'SSWS';
	if (auth !== 'SSWS' && auth !== 'Bearer') throw new ConfigError(`${where}: auth must be "SSWS" or "Bearer"`);
	const minutes = raw['write_minutes'] ?? DEFAULT_WRITE_MINUTES;
	if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 240) {
		throw new ConfigError(`${where}: write_minutes must be a whole number of minutes from 1 to 240`);
	}
	const verifyCaller = bool('verify_caller');
	if (verifyCaller && provider !== 'okta') throw new ConfigError(`${where}: verify_caller needs provider = "okta" (Wacht's API cannot challenge a user's authenticator)`);
	return {
		name,
		provider,
		url: demo ? null : url,
		demo,
		token: demo ? null : sources[0]!,
		auth,
		readOnly: bool('read_only'),
		protected: bool('protected'),
		writeMinutes: minutes,
		...(verifyCaller ? {verifyCaller} : {}),
		source: 'config',
	};
}

/**
 * The one check of a backend URL, for a profile's url, the environment's and `--url` alike: https://, or plain
 * http:// only on loopback (the token travels in every request). `what` names where the URL came from.
 */
export function checkBackendUrl(url: string, what: string): void {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new ConfigError(`${what} is not a URL: ${url}`);
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ConfigError(`${what} must be https:// (or http:// on loopback), not ${parsed.protocol}//`);
	if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname)) {
		throw new ConfigError(`${what} is plain http:// to ${parsed.hostname}: the token would cross the network unencrypted; use https://`);
	}
}

function isLoopback(host: string): boolean {
	return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
}

function expandHome(path: string, env: Env): string {
	if (path === '~' || path.startsWith('~/')) return join(env['HOME'] || homedir(), path.slice(1));
	return path;
}

/** The profile this run starts on. */
export function chooseProfile(config: Config, wanted: string | null, environmentConfigured: boolean): Profile {
	const byName = (name: string): Profile | undefined => config.profiles.find((p) => p.name === name);
	if (wanted !== null) {
		const found = byName(wanted);
		if (!found) throw new ConfigError(`no profile "${wanted}"${config.path ? ` in ${config.path}` : ''} (have: ${config.profiles.map((p) => p.name).join(', ')})`);
		return found;
	}
	// The environment wins over the file's default: `OKTA_CLIENT_TOKEN=… account-triage` does what it says.
	if (environmentConfigured) return byName('env')!;
	if (config.defaultProfile !== null) return byName(config.defaultProfile)!;
	const own = config.profiles.filter((p) => p.source === 'config');
	if (own.length === 1) return own[0]!;
	if (own.length > 1) {
		throw new ConfigError(`${config.path} has ${own.length} profiles and no default: choose one with --profile NAME (${own.map((p) => p.name).join(', ')}), or set default = "NAME"`);
	}
	return byName('demo')!;
}

/** A short description for menus and errors: "okta · acme.okta.com · read-only". */
export function describeProfile(profile: Profile): string {
	const host = profile.demo ? 'embedded demo' : hostOf(profile.url);
	const flags = [profile.readOnly ? 'read-only' : null, profile.protected ? 'protected' : null, profile.verifyCaller ? 'verify caller' : null].filter(Boolean);
	return [profile.provider, host, ...flags].join(' · ');
}

export function hostOf(url: string | null): string {
	if (!url) return '?';
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}
