/**
 * `account-triage show <user> [--json]`: the user and every tab's data, loaded in parallel. A tab the backend
 * cannot load is null, with the capability's reason in `unsupported`; a tab that failed to load is null, with the
 * error in `errors` (and the exit code is 1, after the rest has been printed).
 */
import {identitySource, type IdentitySource} from '../diagnosis/identity.js';
import {toApiError} from '../api/errors.js';
import type {Capability, LifecycleAction} from '../api/provider.js';
import type {GuardedProvider} from '../api/guard.js';
import {readTrail} from '../api/trail.js';
import {reasonWords} from '../diagnosis/event-words.js';
import type {NextStep} from '../diagnosis/diagnose.js';
import type {AuditEvent, ProviderId, Membership, MfaState, OAuthGrant, Passkey, Session, UserDetails} from '../api/types.js';
import {sessionLabel} from '../operations/index.js';
import {stamp} from '../format.js';
import {forScripts} from './actions.js';
import {diagnose, type Severity} from '../diagnosis/diagnose.js';

export const TAB_KEYS = ['sessions', 'grants', 'passkeys', 'mfa', 'memberships', 'events'] as const;
export type TabKey = (typeof TAB_KEYS)[number];

export interface ShowResult {
	readonly profile: string;
	readonly backend: ProviderId;
	readonly host: string;
	readonly readOnly: boolean;
	readonly user: UserDetails;
	readonly sessions: readonly Session[] | null;
	readonly grants: readonly OAuthGrant[] | null;
	readonly passkeys: readonly Passkey[] | null;
	readonly mfa: MfaState | null;
	readonly memberships: readonly Membership[] | null;
	/** The sign-in trail of the last 7 days, newest first (Okta's System Log). */
	readonly events: readonly AuditEvent[] | null;
	readonly lifecycleActions: readonly {readonly id: string; readonly label: string}[];
	/** Where the identity comes from (Okta): the backend's own password, a directory (AD, LDAP) or an IdP; null on Wacht. */
	readonly identity: IdentitySource | null;
	/** The last approved caller verification of this user that still counts (this operator's journal), or null. */
	readonly callerVerified: {readonly at: string; readonly until: string; readonly how: string | null} | null;
	/** The diagnosis the app shows under the user's name: what is wrong, most severe first, and the next step. */
	readonly findings: readonly {readonly id: string; readonly severity: Severity; readonly text: string; readonly next: string | null; readonly events: readonly CitedEvent[]}[];
	/** Tabs this backend cannot load, with why. */
	readonly unsupported: Partial<Record<TabKey, string>>;
	/** Tabs that failed to load this time. */
	readonly errors: Partial<Record<TabKey, {readonly message: string; readonly status: number | null; readonly code: string | null; readonly requestId: string | null}>>;
}

const CAPABILITY_OF: Record<TabKey, Capability | null> = {
	sessions: 'sessions.list',
	grants: 'grants.list',
	passkeys: 'passkeys.list',
	mfa: null,
	memberships: 'memberships.list',
	events: 'events.list',
};

/** An event a finding rests on, as a script reads it. */
export interface CitedEvent {
	readonly at: string;
	readonly type: string;
	readonly outcome: string | null;
	readonly reason: string | null;
	readonly why: string | null;
	readonly city: string | null;
	readonly country: string | null;
	readonly ip: string | null;
	readonly requestId: string | null;
	readonly id: string;
}

export const citedEvent = (e: AuditEvent): CitedEvent => ({
	at: e.at,
	type: e.type,
	outcome: e.outcome.result,
	reason: e.outcome.reason,
	why: reasonWords(e),
	city: e.client.city,
	country: e.client.country,
	ip: e.client.ip,
	requestId: e.requestId,
	id: e.id,
});

/** A step written out for a script: "suspend, then sign out everywhere", "add an authenticator or …". */
function stepWords(s: NextStep | null): string | null {
	if (!s) return null;
	const then = s.then ? `${s.label}, then ${stepWords(s.then)}` : s.label;
	return s.or ? `${then} or ${stepWords(s.or)}` : then;
}

export async function loadShow(provider: GuardedProvider, profile: string, user: UserDetails): Promise<ShowResult> {
	const unsupported: Partial<Record<TabKey, string>> = {};
	const errors: Record<string, ShowResult['errors'][TabKey]> = {};
	const load = async <T>(key: TabKey, read: () => Promise<T>): Promise<T | null> => {
		const cap = CAPABILITY_OF[key];
		const supported = cap === null ? true : provider.capabilities[cap];
		if (supported !== true) {
			unsupported[key] = forScripts(supported);
			return null;
		}
		try {
			return await read();
		} catch (error) {
			const e = toApiError(error);
			errors[key] = {message: e.summary, status: e.status, code: e.code, requestId: e.requestId};
			return null;
		}
	};
	const [sessions, grants, passkeys, mfa, memberships, trail] = await Promise.all([
		load('sessions', () => provider.listSessions(user.id)),
		load('grants', () => provider.listGrants(user.id)),
		load('passkeys', () => provider.listPasskeys(user.id)),
		load('mfa', () => provider.getMfa(user.id)),
		load('memberships', () => provider.listMemberships(user.id)),
		load('events', () => readTrail(provider, user.id)),
	]);
	const events = trail?.events ?? null;
	const actions: readonly LifecycleAction[] = provider.lifecycleActions(user);
	const approval = provider.callerApproval(user.id);
	const findings = diagnose({
		backend: provider.kind,
		caps: provider.capabilities,
		details: user,
		lifecycle: actions,
		sessions: sessions ?? undefined,
		mfa: mfa ?? undefined,
		trail: trail ?? undefined,
		now: Date.now(),
	}).map((f) => ({id: f.id, severity: f.severity, text: f.text, next: stepWords(f.action), events: (f.cites ?? []).map(citedEvent)}));
	return {
		profile,
		backend: provider.kind,
		host: provider.host,
		readOnly: provider.isReadOnly === true,
		user,
		sessions,
		grants,
		passkeys,
		mfa,
		memberships,
		events,
		lifecycleActions: actions.map((a) => ({id: a.id, label: a.label})),
		identity: identitySource(user),
		callerVerified: approval ? {at: new Date(approval.at).toISOString(), until: new Date(approval.until).toISOString(), how: approval.how} : null,
		findings,
		unsupported,
		errors,
	};
}

/** Human text: one block per tab, every row, times in UTC. */
export function showText(r: ShowResult): string {
	const u = r.user;
	const out: string[] = [];
	const who = u.email ?? u.login;
	out.push(`${u.displayName}${who ? ` <${who}>` : ''}  ${u.statusText ?? u.status.toUpperCase()}`);
	out.push(`  ${r.profile} · ${r.backend} · ${r.host}${r.readOnly ? ' · READ-ONLY' : ''}`);
	const facts: [string, string | null][] = [
		['id', u.id],
		['login', u.login],
		['created', u.createdAt && stamp(u.createdAt)],
		['last sign-in', u.lastSignInAt && stamp(u.lastSignInAt)],
		['password', u.hasPassword === null ? null : u.hasPassword ? 'set' : 'none'],
		['MFA policy', u.mfaPolicy],
		['identity', r.identity?.summary ?? null],
		['identity providers', u.identityProviders && u.identityProviders.length > 0 ? u.identityProviders.map((i) => `${i.name}${i.type ? ` (${i.type})` : ''}`).join(', ') : null],
		['user type', u.userType ? [u.userType.name, u.userType.id].filter(Boolean).join(' · ') || null : null],
		['password changed', u.passwordChangedAt && stamp(u.passwordChangedAt)],
		['status changed', u.statusChangedAt && stamp(u.statusChangedAt)],
		['last updated', u.updatedAt && stamp(u.updatedAt)],
	];
	for (const [label, value] of facts) if (value) out.push(`  ${label}: ${value}`);
	if (u.flags.length > 0) out.push(`  flags: ${u.flags.join(', ')}`);
	// With their ids: what contacts … and social unlink take.
	for (const e of u.emails) out.push(`  email: ${e.email}${e.primary ? ' (primary)' : ''}${e.verified === false ? ' UNVERIFIED' : ''}  id ${e.id}`);
	for (const p of u.phones) out.push(`  phone: ${p.number}${p.primary ? ' (primary)' : ''}${p.verified === false ? ' UNVERIFIED' : ''}  id ${p.id}`);
	for (const s of u.socialConnections) out.push(`  social: ${s.provider}${s.email ? ` ${s.email}` : ''}  id ${s.id}`);
	// The same diagnosis the app shows under the user's name.
	const word: Record<Severity, string> = {blocker: 'Problem', warning: 'Check', note: 'Note'};
	out.push('');
	if (r.findings.length === 0) out.push('Diagnosis: no problem found in what was loaded');
	for (const f of r.findings) {
		out.push(`${word[f.severity]}: ${f.text}${f.next ? ` → ${f.next}` : ''}`);
		for (const e of f.events.slice(0, 5)) out.push(`    ${stamp(e.at)}  ${e.type}  ${[e.why ?? e.reason, [e.city, e.country].filter(Boolean).join(', '), e.ip].filter(Boolean).join('  ')}`);
		if (f.events.length > 5) out.push(`    … ${f.events.length - 5} more`);
	}

	const section = <T>(key: TabKey, title: string, rows: readonly T[] | null, line: (row: T) => string): void => {
		out.push('');
		if (rows === null) {
			out.push(`${title}: ${r.unsupported[key] ? `not available: ${r.unsupported[key]}` : `could not be read: ${r.errors[key]?.message ?? 'unknown error'}`}`);
			return;
		}
		out.push(`${title} (${rows.length})`);
		for (const row of rows) out.push(`  ${line(row)}`);
	};
	section('sessions', 'Sessions', r.sessions, (s) =>
		[s.id, sessionLabel(s), `last active ${stamp(s.lastActiveAt)}`, s.expired ? 'EXPIRED' : `expires ${stamp(s.expiresAt)}`]
			.filter(Boolean)
			.join('  '),
	);
	section('grants', 'OAuth grants and tokens', r.grants, (g) =>
		[g.id, g.kind === 'grant' ? 'grant' : 'refresh token', g.clientName, g.scopes.join(' ') || '—', g.status, `created ${stamp(g.createdAt)}`].filter(Boolean).join('  '),
	);
	section('passkeys', 'Passkeys', r.passkeys, (p) =>
		[p.id, `"${p.name}"`, `created ${stamp(p.createdAt)}`, `last used ${stamp(p.lastUsedAt)}`, p.status].filter(Boolean).join('  '),
	);
	out.push('');
	if (r.mfa === null) {
		out.push(`MFA: could not be read: ${r.errors.mfa?.message ?? 'unknown error'}`);
	} else {
		const m = r.mfa;
		out.push(`MFA: policy ${m.policy ?? 'unknown'} · TOTP ${m.totp}${m.totpNote ? ` (${m.totpNote})` : ''} · backup codes ${m.backupCodes}`);
		for (const f of m.factors) out.push(`  ${[f.id, f.type, f.name, f.status, f.provider].filter(Boolean).join('  ')}`);
	}
	section('memberships', 'Memberships', r.memberships, (m) =>
		[m.kind, m.parentName ? `${m.parentName} / ${m.name}` : m.name, m.roles.length ? `(${m.roles.join(', ')})` : null, m.id].filter(Boolean).join('  '),
	);
	section('events', 'Sign-in trail, last 7 days', r.events, (e) =>
		[stamp(e.at), e.type, e.outcome.result, reasonWords(e) ?? e.outcome.reason, [e.client.city, e.client.country].filter(Boolean).join(', '), e.client.ip].filter(Boolean).join('  '),
	);
	out.push('');
	out.push(
		r.lifecycleActions.length > 0
			? `State changes: ${r.lifecycleActions.map((a) => `${a.id} (${a.label})`).join(', ')}`
			: `State changes: none${r.readOnly ? ' (read-only)' : ''}`,
	);
	return out.join('\n');
}
