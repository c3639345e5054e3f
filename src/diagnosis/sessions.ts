/** What the diagnosis reads from a sign-in list (sorted and marked by src/api/arrange-sessions.ts), once per list. */
import type {Session} from '../api/types.js';
import {epochOf} from '../api/arrange-sessions.js';

/** What the diagnosis needs from a sign-in list, computed once per list (the list is replaced on every load). */
export interface SessionFacts {
	readonly total: number;
	readonly live: number;
	/** Newest activity over every sign-in, expired ones included. */
	readonly lastActiveAt: string | null;
	/** Live sign-ins flagged unusual, newest activity first. */
	readonly unusualLive: readonly Session[];
}

const factsCache = new WeakMap<readonly Session[], SessionFacts>();

export function sessionFacts(sessions: readonly Session[]): SessionFacts {
	const hit = factsCache.get(sessions);
	if (hit) return hit;
	let live = 0;
	let last: string | null = null;
	let lastMs = Number.NEGATIVE_INFINITY;
	const unusualLive: Session[] = [];
	for (const s of sessions) {
		if (!s.expired) {
			live += 1;
			if (s.unusual.length > 0) unusualLive.push(s);
		}
		const t = epochOf(s.lastActiveAt);
		if (t > lastMs) {
			lastMs = t;
			last = s.lastActiveAt;
		}
	}
	unusualLive.sort((a, b) => epochOf(b.lastActiveAt) - epochOf(a.lastActiveAt));
	const facts: SessionFacts = {total: sessions.length, live, lastActiveAt: last, unusualLive};
	factsCache.set(sessions, facts);
	return facts;
}
