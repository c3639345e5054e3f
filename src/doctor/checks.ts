/**
 * `account-triage doctor`: the checks, in the order a connection depends on them. Each says what it found and,
 * when it fails, how to fix it; a failure skips the checks that need it. The network probes are raw (DNS, TCP,
 * TLS) so each layer is named; the token and the reads go through the same provider the app uses. Nothing is
 * ever changed: the provider is opened read-only, and actions are judged by their documented scopes.
 */
import {lookup} from 'node:dns/promises';
import {connect as tcpConnect, type Socket} from 'node:net';
import {connect as tlsConnect} from 'node:tls';
import {statSync} from 'node:fs';
import {ApiError} from '../api/errors.js';
import {redactText} from '../api/redact.js';
import {sanitizeText} from '../api/sanitize.js';
import {isLoadable, readUserData} from '../api/user-data.js';
import type {UserDataKey} from '../api/types.js';
import {configPath, type Config, type Profile} from '../config/profiles.js';
import {resolveToken} from '../config/token.js';
import {connect, type Backend} from '../config/connect.js';
import {proxyFor} from '../api/proxy.js';
import {DEFAULT_TIMEOUTS, serverDate} from '../api/transport.js';

export type Status = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
	readonly id: CheckId;
	readonly title: string;
	readonly status: Status;
	readonly detail: string;
	readonly fix?: string;
}

/** The checks in order, with the exit code their failure gives (README "doctor"). */
export const CHECKS = {
	config: {title: 'config file', exit: 2},
	token: {title: 'token source', exit: 2},
	proxy: {title: 'URL and proxy', exit: 13},
	dns: {title: 'DNS', exit: 10},
	tcp: {title: 'TCP reach', exit: 11},
	tls: {title: 'TLS trust', exit: 12},
	clock: {title: 'clock', exit: 14},
	auth: {title: 'token accepted', exit: 15},
	reads: {title: 'reads per tab', exit: 16},
	actions: {title: 'actions allowed', exit: 16},
	rate: {title: 'rate-limit headroom', exit: 17},
} as const;
export type CheckId = keyof typeof CHECKS;

/** More than this between our clock and the server's fails (TOTP codes and the trail's times go wrong). */
export const CLOCK_FAIL_MS = 60_000;
const CLOCK_WARN_MS = 5_000;
const PROBE_TIMEOUT_MS = 5_000;

const clean = (text: string, secrets: readonly string[]): string => sanitizeText(redactText(text, secrets));
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const codeOf = (error: unknown): string | undefined => (error as {code?: string} | null)?.code ?? ((error as {cause?: {code?: string}} | null)?.cause?.code);

/** Okta's documented scope for each tab's read and for the actions (developer.okta.com, OAuth 2.0 for Okta APIs). */
const OKTA_READ_SCOPE: Partial<Record<UserDataKey, string>> = {
	details: 'okta.users.read',
	sessions: 'okta.users.read',
	grants: 'okta.users.read',
	passkeys: 'okta.users.read',
	mfa: 'okta.users.read',
	memberships: 'okta.users.read',
	events: 'okta.logs.read',
};
const OKTA_MANAGE_SCOPE = 'okta.users.manage';
/** Removing an admin role (DELETE /users/{id}/roles/{roleAssignmentId}). */
const OKTA_ROLES_MANAGE_SCOPE = 'okta.roles.manage';

export interface DoctorInput {
	readonly env: NodeJS.ProcessEnv;
	readonly config: Config;
	readonly profile: Profile;
	readonly urlOverride: string | null;
}

export async function runChecks(input: DoctorInput, report: (result: CheckResult) => void): Promise<CheckResult[]> {
	const results: CheckResult[] = [];
	const secrets: string[] = [];
	const add = (id: CheckId, status: Status, detail: string, fix?: string): boolean => {
		const result: CheckResult = {id, title: CHECKS[id].title, status, detail: clean(detail, secrets), ...(fix ? {fix: clean(fix, secrets)} : {})};
		results.push(result);
		report(result);
		return status !== 'fail';
	};
	const skipRest = (from: CheckId, why: string): CheckResult[] => {
		const ids = Object.keys(CHECKS) as CheckId[];
		for (const id of ids.slice(ids.indexOf(from))) if (!results.some((r) => r.id === id)) add(id, 'skip', why);
		return results;
	};
	const {profile, env, config} = input;

	// 1. The config file (loadConfig has already refused one others can read; this says where it is and its mode).
	const path = config.path ?? configPath(env);
	if (config.path === null) add('config', 'ok', `no config file (${path}); profile ${profile.name} comes from ${profile.source === 'environment' ? 'the environment' : 'the built-ins'}`);
	else add('config', 'ok', `${path}, mode ${(statSync(path).mode & 0o777).toString(8)}`);

	// 2. The token: where it comes from, and that it can be read (a token file's mode is checked on read).
	let token = '';
	if (profile.demo) add('token', 'ok', 'the embedded demo backend (no token needed)');
	else {
		const source = profile.token;
		const where = source === null ? 'none' : source.from === 'env' ? `the environment variable ${source.name}` : source.from === 'file' ? `the file ${source.path}` : `the command \`${source.command}\``;
		try {
			token = await resolveToken(profile, env);
			secrets.push(token);
			const mode = source?.from === 'file' ? `, mode ${(statSync(source.path).mode & 0o777).toString(8)}` : '';
			add('token', 'ok', `from ${where}${mode}`);
		} catch (error) {
			add('token', 'fail', message(error), source?.from === 'file' ? `chmod 600 ${source.path}, and put only the token in it` : `set the token source of profile ${profile.name} (README "Profiles")`);
			return skipRest('proxy', 'needs the token');
		}
	}

	let backend: Backend;
	try {
		backend = await connect(profile, {env, forceReadOnly: true, journal: new Error('doctor changes nothing'), urlOverride: input.urlOverride, secrets});
	} catch (error) {
		add('proxy', 'fail', message(error), `set the URL of profile ${profile.name} (README "Profiles")`);
		return skipRest('dns', 'needs the backend');
	}
	try {
		const base = new URL(backend.profile.demo ? `http://${backend.provider.host}` : ((profile.source === 'environment' ? input.urlOverride : null) ?? profile.url)!);
		return await network(base, backend, token, profile, env, add, skipRest);
	} finally {
		await backend.stop();
	}
}

type Add = (id: CheckId, status: Status, detail: string, fix?: string) => boolean;

async function network(base: URL, backend: Backend, token: string, profile: Profile, env: NodeJS.ProcessEnv, add: Add, skipRest: (from: CheckId, why: string) => CheckResult[]): Promise<CheckResult[]> {
	const https = base.protocol === 'https:';
	const port = Number(base.port || (https ? 443 : 80));
	const host = base.hostname.replace(/^\[(.*)\]$/, '$1');

	// 3. The proxy the transport will use (HTTPS_PROXY / NO_PROXY, as undici's EnvHttpProxyAgent reads them).
	const proxy = proxyFor(base, env);
	add('proxy', 'ok', proxy ? `through ${proxy.display}` : 'none (direct)');
	const reach = proxy ? {host: proxy.url.hostname, port: Number(proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80)), what: `the proxy ${proxy.display}`} : {host, port, what: host};

	// 4. DNS.
	try {
		const addresses = await lookup(reach.host, {all: true});
		add('dns', 'ok', `${reach.host} → ${addresses.map((a) => a.address).slice(0, 3).join(', ')}`);
	} catch (error) {
		add('dns', 'fail', `${reach.host} does not resolve (${codeOf(error) ?? message(error)})`, proxy ? 'check HTTPS_PROXY' : `check the URL ${base.origin}, and /etc/resolv.conf or the VPN`);
		return skipRest('tcp', 'needs DNS');
	}

	// 5. TCP.
	const tcp = await probe(tcpConnect({host: reach.host, port: reach.port}), 'connect');
	if (tcp) {
		add('tcp', 'fail', `cannot connect to ${reach.what} port ${reach.port} (${codeOf(tcp) ?? message(tcp)})`, proxy ? 'check the proxy, or NO_PROXY for this host' : 'check the URL, a firewall, or whether HTTPS_PROXY is needed');
		return skipRest('tls', 'needs TCP');
	}
	add('tcp', 'ok', `${reach.what} port ${reach.port}`);

	// 6. TLS trust (direct only: through a proxy the tunnel is checked by the HTTP probe below).
	if (!https) add('tls', host === '127.0.0.1' || host === 'localhost' || host === '::1' ? 'ok' : 'warn', `plain HTTP to ${host}`, host === '127.0.0.1' || host === 'localhost' ? undefined : 'use the https:// URL');
	else if (proxy) add('tls', 'skip', 'checked through the proxy by the next request');
	else {
		const tlsError = await probe(tlsConnect({host, port, ...(/^[\d.:]+$/.test(host) ? {} : {servername: host})}), 'secureConnect');
		if (tlsError) {
			add('tls', 'fail', `the certificate of ${host} is not trusted: ${message(tlsError)}${codeOf(tlsError) ? ` (${codeOf(tlsError)})` : ''}`, 'if a corporate CA signs it: export NODE_EXTRA_CA_CERTS=/path/to/ca.pem (PEM) in the shell that starts account-triage');
			return skipRest('clock', 'needs TLS');
		}
		add('tls', 'ok', `certificate of ${host} trusted${env['NODE_EXTRA_CA_CERTS'] ? ` (with NODE_EXTRA_CA_CERTS=${env['NODE_EXTRA_CA_CERTS']})` : ''}`);
	}

	// 7. The clock against the server's Date header (an unauthenticated GET /, as the transport's warm-up sends).
	try {
		const before = Date.now();
		const date = await serverDate(base.origin, {...DEFAULT_TIMEOUTS, connectMs: PROBE_TIMEOUT_MS, headersMs: PROBE_TIMEOUT_MS, bodyMs: PROBE_TIMEOUT_MS});
		const server = date === null ? NaN : Date.parse(date);
		if (Number.isNaN(server)) add('clock', 'skip', 'the server sent no Date header');
		else {
			// The Date header has whole seconds: allow for that and the round trip.
			const skew = server - (before + Date.now()) / 2;
			const text = `${Math.abs(skew) < 1000 ? 'within a second of' : `${formatMs(Math.abs(skew))} ${skew > 0 ? 'behind' : 'ahead of'}`} the server`;
			const status = Math.abs(skew) > CLOCK_FAIL_MS ? 'fail' : Math.abs(skew) > CLOCK_WARN_MS ? 'warn' : 'ok';
			add('clock', status, `this machine's clock is ${text}`, status === 'ok' ? undefined : 'sync the clock (timedatectl set-ntp true, or chronyc makestep): TOTP codes and the trail’s times depend on it');
		}
	} catch (error) {
		const code = codeOf(error);
		if (proxy && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code ?? '')) {
			add('tls', 'fail', `the certificate seen through the proxy is not trusted (${code})`, 'export NODE_EXTRA_CA_CERTS=/path/to/proxy-ca.pem (PEM) in the shell that starts account-triage');
			return skipRest('auth', 'needs TLS');
		}
		add('clock', 'skip', `could not read the server's Date (${code ?? message(error)})`);
	}

	// 8. The token: one cheap authenticated read (a search for one user) through the provider.
	const {provider} = backend;
	let userId: string | null = null;
	try {
		for await (const page of provider.searchUsers('a', {maxResults: 1, pageSize: 1})) {
			userId = page[0]?.id ?? null;
			break;
		}
		add('auth', 'ok', `${provider.label} at ${provider.host} accepted it${token ? '' : ' (demo)'}`);
	} catch (error) {
		const status = error instanceof ApiError ? error.status : null;
		if (status === 403) {
			add('auth', 'ok', `${provider.host} accepted it`);
			add('reads', 'fail', `cannot search users: ${message(error)}`, scopeFix(profile, 'details'));
			return skipRest('actions', 'needs a user to read');
		}
		add('auth', 'fail', message(error), status === 401 ? `the token was rejected: issue a new one and update profile ${profile.name}'s token source` : 'see the message');
		return skipRest('reads', 'needs an accepted token');
	}

	// 9. A read per tab, for one user (the first the search found).
	const denied: UserDataKey[] = [];
	if (userId === null) add('reads', 'skip', 'no user to read the tabs of');
	else {
		const lines: string[] = [];
		for (const key of ['details', 'sessions', 'grants', 'passkeys', 'mfa', 'memberships', 'events'] as const) {
			if (!isLoadable(provider.capabilities, key)) {
				lines.push(`${key}: not offered by ${provider.label}`);
				continue;
			}
			try {
				await readUserData(provider, key, userId);
				lines.push(`${key}: ok`);
			} catch (error) {
				denied.push(key);
				lines.push(`${key}: ${message(error)}`);
			}
		}
		add('reads', denied.length === 0 ? 'ok' : 'fail', lines.join('; '), denied.length === 0 ? undefined : scopeFix(profile, denied[0]!));
	}

	// 10. Actions, by their documented scopes (never by trying one).
	add(...actionsCheck(profile, token, denied));

	// 11. Rate-limit headroom, from the budget the reads reported.
	const budget = provider.rateLimit?.() ?? null;
	if (budget === null) add('rate', 'skip', `${provider.label} reported no rate-limit budget`);
	else {
		const share = budget.limit > 0 ? budget.remaining / budget.limit : 0;
		add('rate', share < 0.1 ? 'warn' : 'ok', `${budget.remaining} of ${budget.limit} requests left, refills ${new Date(budget.resetAt).toISOString().slice(11, 19)} UTC`, share < 0.1 ? 'another tool or script shares this token: a busy lookup may wait for the budget' : undefined);
	}
	return skipRest('config', '');
}

function scopeFix(profile: Profile, key: UserDataKey): string {
	if (profile.provider === 'okta') {
		const scope = OKTA_READ_SCOPE[key] ?? 'okta.users.read';
		return profile.auth === 'Bearer' ? `grant the OAuth service app the ${scope} scope (and the token's admin role the right to read it)` : `give the token owner an admin role that can read this (${scope})`;
	}
	return 'give the API key access to this route in the Wacht console';
}

function actionsCheck(profile: Profile, token: string, denied: readonly string[]): [CheckId, Status, string, string?] {
	if (profile.provider !== 'okta') {
		return ['actions', 'ok', denied.length === 0 ? 'a Wacht API key may use every route it can read; actions are not tried' : 'reads are denied; actions on those routes will be too'];
	}
	if (profile.auth === 'Bearer') {
		const scopes = jwtScopes(token);
		if (scopes === null) return ['actions', 'warn', `an opaque access token: its scopes cannot be seen; actions need ${OKTA_MANAGE_SCOPE}`];
		return scopes.includes(OKTA_MANAGE_SCOPE)
			? ['actions', 'ok', `scopes ${scopes.join(' ')}: ${OKTA_MANAGE_SCOPE} allows every action${scopes.includes(OKTA_ROLES_MANAGE_SCOPE) ? '' : ` but removing an admin role, which needs ${OKTA_ROLES_MANAGE_SCOPE}`}`]
			: ['actions', 'fail', `scopes ${scopes.join(' ')}: no ${OKTA_MANAGE_SCOPE}, so every action will be refused (403)`, `grant the OAuth service app ${OKTA_MANAGE_SCOPE}`];
	}
	return ['actions', 'ok', "an SSWS token acts with its owner's admin role: actions are not tried (a role that cannot will answer 403)"];
}

/** The `scp` claim of an Okta access token (a JWT from the org authorization server); null when it is not one. */
export function jwtScopes(token: string): string[] | null {
	const parts = token.split('.');
	if (parts.length !== 3) return null;
	try {
		const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as {scp?: unknown};
		return Array.isArray(payload.scp) ? payload.scp.filter((s): s is string => typeof s === 'string') : null;
	} catch {
		return null;
	}
}

/** Opens a socket and waits for `ready` (or an error, or the timeout); the socket is closed either way. */
function probe(socket: Socket, ready: 'connect' | 'secureConnect'): Promise<Error | null> {
	return new Promise((resolve) => {
		const done = (error: Error | null): void => {
			clearTimeout(timer);
			socket.destroy();
			resolve(error);
		};
		const timer = setTimeout(() => done(Object.assign(new Error(`no answer in ${PROBE_TIMEOUT_MS / 1000} s`), {code: 'ETIMEDOUT'})), PROBE_TIMEOUT_MS);
		socket.once(ready, () => done(null));
		socket.once('error', (e) => done(e));
	});
}

function formatMs(ms: number): string {
	const s = Math.round(ms / 1000);
	return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}
