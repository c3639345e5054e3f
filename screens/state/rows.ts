/** What each tab shows, derived from the loaded data: the visible rows (filtered), their count, the selected one. */
import {matchesOutcome} from '../../src/api/trail.js';
import type {AuditEvent, ClientTokens, Factor, Membership, OAuthGrant, Passkey, Session, SocialConnection, UserData, UserDetails} from '../../src/api/types.js';
import {appOf, eventText, reasonLine} from '../../src/diagnosis/event-words.js';
import {identitySource} from '../../src/diagnosis/identity.js';
import {stamp} from '../../src/format.js';
import {epochOf} from '../../src/api/arrange-sessions.js';
import {contactsOf, type Contact, type TargetKind, type Targets} from '../../src/operations/index.js';
import {dataOf, type Resource} from './resource.js';
import {TABS, type State, type TabId, type UserView} from './types.js';

const matches = (filter: string, ...fields: (string | null | undefined)[]): boolean => {
	if (!filter) return true;
	const f = filter.toLowerCase();
	return fields.some((x) => x?.toLowerCase().includes(f));
};

// A one-entry cache per source array: filtering 10,000 sessions on every key press would be wasted work.
const memoCache = new WeakMap<object, {key: string; value: unknown}>();
function memo<T>(source: object, key: string, compute: () => T): T {
	const hit = memoCache.get(source);
	if (hit && hit.key === key) return hit.value as T;
	const value = compute();
	memoCache.set(source, {key, value});
	return value;
}

/**
 * The grants list as one resource: the consent grants (one round trip on Okta) and the refresh tokens (two) load
 * apart, so the tab shows the grants as soon as they come; it is loading until both are in, failed if either failed.
 * Rows are grouped by client, each client's grants before its tokens.
 */
export function grantsResource(view: UserView): Resource<readonly OAuthGrant[]> {
	const {grants, tokens} = view.data;
	const g = dataOf(grants);
	const t = dataOf(tokens);
	const data = g === undefined && t === undefined ? undefined : merged(g ?? NO_GRANTS, t ?? NO_TOKENS);
	const withData = <R extends object>(r: R): R => (data === undefined ? r : {...r, previous: data});
	if (grants.status === 'error') return withData({status: 'error', error: grants.error});
	if (tokens.status === 'error') return withData({status: 'error', error: tokens.error});
	if (grants.status === 'ok' && tokens.status === 'ok') return {status: 'ok', data: data ?? [], at: Math.max(grants.at, tokens.at)};
	return withData({status: 'loading'});
}

const NO_GRANTS: readonly OAuthGrant[] = [];
const NO_TOKENS: ClientTokens = {clientIds: [], tokens: []};
// The last merge, so a key press does not regroup the list (and the rows keep their identity).
let lastMerge: {g: readonly OAuthGrant[]; t: ClientTokens; merged: readonly OAuthGrant[]} | null = null;

/** Grouped by client in the clients list's order (grants of a client it does not name last), grants before tokens. */
function merged(g: readonly OAuthGrant[], t: ClientTokens): readonly OAuthGrant[] {
	if (lastMerge?.g === g && lastMerge.t === t) return lastMerge.merged;
	const rank = new Map(t.clientIds.map((id, i) => [id, i]));
	const order = (x: OAuthGrant): number => rank.get(x.clientId) ?? t.clientIds.length;
	// Array.prototype.sort is stable: within a client, the backend's order stays.
	const all = [...g, ...t.tokens].sort((a, b) => order(a) - order(b) || (a.kind === b.kind ? 0 : a.kind === 'grant' ? -1 : 1));
	lastMerge = {g, t, merged: all};
	return all;
}

/** What is loaded (or kept from before a refresh) for each key of the user's data. */
export function loadedData(view: UserView): Partial<UserData> {
	const {data} = view;
	return {
		details: dataOf(data.details),
		sessions: dataOf(data.sessions),
		grants: dataOf(grantsResource(view)),
		passkeys: dataOf(data.passkeys),
		mfa: dataOf(data.mfa),
		memberships: dataOf(data.memberships),
		events: dataOf(data.events),
	};
}

/** The trail as the Sign-ins tab lists it: newest first, the outcome filter and the text filter applied. */
export function visibleEvents(view: UserView): readonly AuditEvent[] {
	const all = dataOf(view.data.events)?.events ?? [];
	return memo(all, `${view.outcome}\u0000${view.filter.trail}`, () =>
		all.filter(
			(e) =>
				matchesOutcome(e, view.outcome) &&
				matches(view.filter.trail, e.type, eventText(e), reasonLine(e), e.client.ip, e.client.city, e.client.country, e.client.browser, e.client.os, appOf(e), e.actor?.displayName, e.actor?.alternateId, ...e.targets.map((t) => t.displayName)),
		),
	);
}

/** Where the backend keeps no trail (Wacht): the sign-ins it holds as a timeline, expired ones included, newest first. */
export function visibleTimeline(view: UserView): readonly Session[] {
	const all = dataOf(view.data.sessions) ?? [];
	return memo(all, `timeline\u0000${view.filter.trail}`, () =>
		all
			.filter((s) => matches(view.filter.trail, s.ip, s.browser, s.os, s.device, s.city, s.country, s.countryCode, s.id))
			.sort((a, b) => epochOf(b.createdAt) - epochOf(a.createdAt)),
	);
}

const countCache = new WeakMap<readonly Session[], {readonly active: number; readonly expired: number}>();
/** Live and expired sign-ins in a loaded list, counted once per list (the tab bar, the header and the tab read them on every key). */
export function sessionCounts(all: readonly Session[]): {readonly active: number; readonly expired: number} {
	let hit = countCache.get(all);
	if (hit === undefined) {
		const expired = all.reduce((n, s) => n + (s.expired ? 1 : 0), 0);
		hit = {active: all.length - expired, expired};
		countCache.set(all, hit);
	}
	return hit;
}

/** Sessions as shown: live ones (all when expired are shown), matching the filter. */
export function visibleSessions(view: UserView): readonly Session[] {
	const all = dataOf(view.data.sessions) ?? [];
	return memo(all, `${view.showExpired}\u0000${view.filter.sessions}`, () =>
		all.filter(
			(s) =>
				(view.showExpired || !s.expired) &&
				matches(view.filter.sessions, s.ip, s.browser, s.os, s.device, s.city, s.country, s.countryCode, s.id),
		),
	);
}

export function visibleGrants(view: UserView): readonly OAuthGrant[] {
	const all = dataOf(grantsResource(view)) ?? [];
	return all.filter((g) => matches(view.filter.sessions, g.clientName, g.clientId, g.kind, g.scopes.join(' ')));
}

export function visiblePasskeys(view: UserView): readonly Passkey[] {
	const all = dataOf(view.data.passkeys) ?? [];
	return all.filter((p) => matches(view.filter.passkeys, p.name, p.deviceType, p.transports.join(' ')));
}

export function visibleMemberships(view: UserView): readonly Membership[] {
	const all = dataOf(view.data.memberships) ?? [];
	return all.filter((m) => matches(view.filter.memberships, m.name, m.parentName, m.roles.join(' '), m.kind));
}

/** One line of a key/value tab (MFA, Profile). */
export interface InfoRow {
	readonly label: string;
	readonly value: string;
	readonly tone?: 'ok' | 'warn' | 'bad' | 'dim';
	/** The factor this row shows, when it is one (so it can be unenrolled). */
	readonly factor?: Factor;
	/** The email or phone, or the social connection, a Profile row shows (so it can be changed). */
	readonly contact?: Contact;
	readonly social?: SocialConnection;
}

export function mfaRows(view: UserView): readonly InfoRow[] {
	const mfa = dataOf(view.data.mfa);
	if (!mfa) return [];
	const word = (t: 'yes' | 'no' | 'unknown', yes: string, no: string): string => (t === 'yes' ? yes : t === 'no' ? no : 'unknown');
	const rows: InfoRow[] = [];
	// A backend that has no per-user policy or backup codes (Okta) gets no row for them, rather than "unknown".
	if (mfa.policy !== null) {
		rows.push({label: 'Policy', value: mfa.policy ?? 'unknown', tone: mfa.policy === 'enforced' ? 'warn' : undefined});
	}
	rows.push({
		label: 'TOTP authenticator',
		value: word(mfa.totp, 'enrolled', 'none') + (mfa.totpNote ? `  (${mfa.totpNote})` : ''),
		tone: mfa.totp === 'yes' ? 'ok' : mfa.totp === 'unknown' ? 'dim' : undefined,
	});
	if (mfa.backupCodes !== 'unknown') {
		rows.push({label: 'Backup codes', value: word(mfa.backupCodes, 'generated', 'none'), tone: mfa.backupCodes === 'yes' ? 'ok' : undefined});
	}
	for (const f of mfa.factors) {
		const tone = f.status === 'ACTIVE' ? 'ok' : f.status === 'PENDING_ACTIVATION' ? 'warn' : undefined;
		rows.push({label: f.type, value: [f.name, f.status, f.provider].filter(Boolean).join(' · '), tone, factor: f});
	}
	return rows.filter((r) => matches(view.filter.mfa, r.label, r.value));
}

export function profileRows(view: UserView): readonly InfoRow[] {
	const d = dataOf(view.data.details);
	if (!d) return [];
	const rows: InfoRow[] = [
		{label: 'Name', value: d.displayName},
		{label: 'Login', value: d.login ?? '—', tone: d.login ? undefined : 'dim'},
		{label: 'User id', value: d.id},
		{label: 'Password', value: d.hasPassword === null ? 'unknown' : d.hasPassword ? 'set' : 'none', tone: d.hasPassword === false ? 'warn' : undefined},
		...identityRows(d),
	];
	const verification = (v: boolean | null): string => (v === null ? '' : v ? '  verified' : '  UNVERIFIED');
	for (const c of contactsOf(d)) {
		const kind = c.kind === 'email' ? 'Email' : 'Phone';
		rows.push({label: c.primary ? `${kind} (primary)` : kind, value: `${c.value}${verification(c.verified)}`, tone: c.verified === false ? 'warn' : undefined, contact: c});
	}
	// Said once, rather than a doubtful word on every row.
	if ([...d.emails, ...d.phones].some((x) => x.verified === null)) rows.push({label: 'Verification', value: 'this backend does not say whether emails and phones are verified', tone: 'dim'});
	for (const s of d.socialConnections) rows.push({label: `Social: ${s.provider}`, value: s.email ?? '—', social: s});
	if (d.emails.length === 0) rows.push({label: 'Email', value: 'none', tone: 'dim'});
	return rows.filter((r) => matches(view.filter.profile, r.label, r.value));
}

/** Where the identity comes from and when it last changed: what decides where a password is reset or an account unlocked. */
function identityRows(d: UserDetails): InfoRow[] {
	const rows: InfoRow[] = [];
	const source = identitySource(d);
	if (source && d.credentialProvider) {
		const there = source.kind === 'directory' ? ` · password and unlock in ${source.short}` : source.kind === 'idp' ? ' · password reset there, not here' : '';
		rows.push({label: 'Identity source', value: `${source.summary}${there}  (${d.credentialProvider.type})`, tone: source.kind === 'backend' ? undefined : 'warn'});
	}
	if (d.identityProviders !== null || source?.kind === 'idp') {
		const idps = d.identityProviders;
		rows.push({
			label: 'Identity providers',
			value: idps === null ? 'could not be read' : idps.length === 0 ? 'none' : idps.map((i) => `${i.name}${i.type ? ` (${i.type}${i.status && i.status !== 'ACTIVE' ? `, ${i.status}` : ''})` : ''}`).join(', '),
			tone: idps === null || idps.length === 0 ? 'dim' : undefined,
		});
	}
	if (d.userType && (d.userType.name || d.userType.id)) rows.push({label: 'User type', value: [d.userType.name, d.userType.id ? `type ${d.userType.id}` : null].filter(Boolean).join(' · ')});
	if (d.passwordChangedAt) rows.push({label: 'Password changed', value: stamp(d.passwordChangedAt)});
	if (d.statusChangedAt) rows.push({label: 'Status changed', value: stamp(d.statusChangedAt)});
	if (d.updatedAt) rows.push({label: 'Last updated', value: stamp(d.updatedAt)});
	return rows;
}

/** How many rows a tab shows (for moving the selection). */
export function rowCount(view: UserView, tab: TabId = view.tab): number {
	switch (tab) {
		case 'sessions':
			return view.sessionsMode === 'grants' ? visibleGrants(view).length : visibleSessions(view).length;
		case 'passkeys':
			return visiblePasskeys(view).length;
		case 'memberships':
			return visibleMemberships(view).length;
		case 'mfa':
			return mfaRows(view).length;
		case 'profile':
			return profileRows(view).length;
		case 'trail':
			return view.trailMode === 'events' ? visibleEvents(view).length : visibleTimeline(view).length;
	}
}

export function clampSelection(view: UserView): UserView {
	const selected = {...view.selected};
	for (const tab of TABS) selected[tab] = Math.max(0, Math.min(selected[tab], rowCount(view, tab) - 1));
	return {...view, selected};
}

/** Whether rows of this kind are what the current tab lists, so "the selected one" means one of them. */
export function targetOnScreen(view: UserView, kind: TargetKind): boolean {
	switch (kind) {
		case 'session':
			return view.tab === 'sessions' && view.sessionsMode === 'sessions';
		case 'grant':
			return view.tab === 'sessions' && view.sessionsMode === 'grants';
		case 'passkey':
			return view.tab === 'passkeys';
		case 'factor':
			return view.tab === 'mfa';
		case 'membership':
			return view.tab === 'memberships';
		case 'contact':
		case 'social':
			return view.tab === 'profile';
	}
}

/** The selected row of this kind on the current tab, or null. */
export function selectedTarget<T extends TargetKind>(view: UserView, kind: T): Targets[T] | null {
	if (!targetOnScreen(view, kind)) return null;
	const at = view.selected[view.tab];
	const row = (() => {
		switch (kind) {
			case 'session':
				return visibleSessions(view)[at];
			case 'grant':
				return visibleGrants(view)[at];
			case 'passkey':
				return visiblePasskeys(view)[at];
			case 'factor':
				return mfaRows(view)[at]?.factor;
			case 'membership':
				return visibleMemberships(view)[at];
			case 'contact':
				return profileRows(view)[at]?.contact;
			case 'social':
				return profileRows(view)[at]?.social;
		}
		return undefined;
	})();
	return (row ?? null) as Targets[T] | null;
}

/** The id of what is selected: the row in the current tab (or the user, on Profile), or the lookup row's user. */
export function selectedId(state: State): {readonly id: string; readonly what: string} | null {
	if (state.screen === 'lookup' || !state.user) {
		const user = state.lookup.results[state.lookup.selected];
		return user ? {id: user.id, what: `user id of ${user.displayName || user.email || user.id}`} : null;
	}
	const view = state.user;
	const session = selectedTarget(view, 'session');
	if (session) return {id: session.id, what: 'session id'};
	const grant = selectedTarget(view, 'grant');
	if (grant) return {id: grant.id, what: `${grant.kind === 'grant' ? 'grant' : 'token'} id (${grant.clientName})`};
	const passkey = selectedTarget(view, 'passkey');
	if (passkey) return {id: passkey.id, what: `passkey id (${passkey.name})`};
	const factor = selectedTarget(view, 'factor');
	if (factor) return {id: factor.id, what: `${factor.type} factor id`};
	if (view.tab === 'trail') {
		if (view.trailMode === 'sessions') {
			const s = visibleTimeline(view)[view.selected.trail];
			return s ? {id: s.id, what: 'session id'} : null;
		}
		const e = visibleEvents(view)[view.selected.trail];
		return e ? {id: e.requestId ?? e.id, what: e.requestId ? 'request id of the event' : 'event id'} : null;
	}
	const membership = selectedTarget(view, 'membership');
	if (membership) return {id: membership.id, what: `${membership.kind.replace('_', ' ')} id (${membership.name})`};
	const contact = selectedTarget(view, 'contact');
	if (contact) return {id: contact.id, what: `${contact.kind} id (${contact.value})`};
	const social = selectedTarget(view, 'social');
	if (social) return {id: social.id, what: `social connection id (${social.provider})`};
	// Nothing selectable on this tab (or an empty list): the user.
	if (view.tab === 'sessions' || view.tab === 'passkeys' || view.tab === 'memberships') return null;
	return {id: view.id, what: 'user id'};
}
