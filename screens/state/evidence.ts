/**
 * What this view has seen, kept through the operator's own actions: a sign-in revoked here stays evidence (the
 * header's last sign-in and the diagnosis that cited it do not change because the operator acted on it), and the
 * figure says where it comes from. One place, for the header, the diagnosis line and the incident summary alike.
 */
import type {Capabilities} from '../../src/api/provider.js';
import type {ProviderId, Session} from '../../src/api/types.js';
import {diagnose, type Finding} from '../../src/diagnosis/diagnose.js';
import {lastLoginVersusTrail} from '../../src/diagnosis/trail.js';
import {clock} from '../../src/format.js';
import {dataOf} from './resource.js';
import type {UserView} from './types.js';

/** The last sign-in and what it rests on. */
export interface LastSignIn {
	readonly at: string | null;
	/** "sessions" (the newest activity among the sign-ins listed, the backend keeping no such field), "sessions seen" (some
	 * since revoked in this view), "lastLogin" (the backend's own field; the trail agrees, disagrees, or is not loaded or
	 * cannot tell), or "trail" (the trail's newest sign-in, the backend's field being empty). */
	readonly source: 'sessions' | 'sessions seen' | 'lastLogin' | 'lastLogin agreed' | 'lastLogin disputed' | 'trail';
}

/** Sign-ins listed now and those this view saw that are gone since (revoked or deleted by an action here). */
export function seenSessions(view: Pick<UserView, 'data' | 'gone'>): readonly Session[] {
	const now = dataOf(view.data.sessions) ?? [];
	return view.gone.length === 0 ? now : [...now, ...view.gone.map((g) => g.session)];
}

export function lastSignIn(view: Pick<UserView, 'data' | 'gone' | 'sessionsMode' | 'summary'>): LastSignIn {
	if (view.sessionsMode === 'grants') {
		const at = (dataOf(view.data.details) ?? view.summary)?.lastSignInAt ?? null;
		const trail = dataOf(view.data.events);
		if (!trail) return {at, source: 'lastLogin'};
		// The same check as the diagnosis's finding: the header never shows one figure while the trail says another.
		const check = lastLoginVersusTrail(trail, at);
		if (at === null && check.trail) return {at: check.trail.at, source: 'trail'};
		return {at, source: check.agree === true ? 'lastLogin agreed' : check.agree === false ? 'lastLogin disputed' : 'lastLogin'};
	}
	let best: string | null = null;
	for (const s of seenSessions(view)) if (s.lastActiveAt && (!best || s.lastActiveAt > best)) best = s.lastActiveAt;
	const fromGone = best !== null && view.gone.some((g) => g.session.lastActiveAt === best);
	return {at: best, source: fromGone ? 'sessions seen' : 'sessions'};
}

/** How the header and the summary name the source. */
export const SOURCE_WORDS: Readonly<Record<LastSignIn['source'], string>> = {
	sessions: 'newest session',
	'sessions seen': 'newest session seen here, since signed out',
	lastLogin: "Okta's lastLogin",
	'lastLogin agreed': "Okta's lastLogin, as the trail",
	'lastLogin disputed': "Okta's lastLogin; the trail disagrees",
	trail: 'from the trail; no lastLogin',
};

/**
 * The diagnosis of the view, and the findings only the sign-ins gone since still show (a sign-in from a new country,
 * revoked here): kept, with when it was signed out and no next step (it is done).
 */
export function viewFindings(view: Pick<UserView, 'data' | 'lifecycle' | 'gone'>, backend: ProviderId, caps: Capabilities, now: number): readonly Finding[] {
	const input = {backend, caps, details: dataOf(view.data.details), lifecycle: view.lifecycle, mfa: dataOf(view.data.mfa), trail: dataOf(view.data.events), now};
	const current = diagnose({...input, sessions: dataOf(view.data.sessions)});
	if (view.gone.length === 0) return current;
	const before = diagnose({...input, sessions: seenSessions(view)});
	const goneAt = new Map(view.gone.map((g) => [g.session.id, g.at]));
	const latest = Math.max(...goneAt.values());
	const kept = before
		.filter((f) => !current.some((c) => c.id === f.id))
		.map((f): Finding => ({...f, text: `${f.text} (signed out here at ${clock(latest)})`, action: null}));
	return [...current, ...kept];
}
