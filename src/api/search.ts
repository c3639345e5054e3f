/** Backend-neutral lookup helpers: how a query is read and how matches are ranked. */
import type {UserSummary} from './types.js';

export type QueryKind = 'email' | 'id' | 'text';

/** What the operator most likely typed. Ids are digits (Wacht snowflakes) or Okta's `00u…` form. */
export function classifyQuery(query: string): QueryKind {
	const q = query.trim();
	if (/^[^\s@]+@[^\s@]+$/.test(q)) return 'email';
	if (/^\d{6,20}$/.test(q) || /^00u[A-Za-z0-9]{17}$/.test(q)) return 'id';
	return 'text';
}

/** A whole email address, with a domain that has a top-level part: what an operator pastes, not a prefix. */
export function isWholeEmail(query: string): boolean {
	return /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/.test(query.trim());
}

/** 0 = exact id/email/login, 1 = exact name, 2 = prefix, 3 = anything else. */
function rank(user: UserSummary, q: string): number {
	const lower = q.toLowerCase();
	if (user.id === q) return 0;
	if (user.email?.toLowerCase() === lower || user.login?.toLowerCase() === lower) return 0;
	if (user.displayName.toLowerCase() === lower) return 1;
	const fields = [user.email, user.login, user.displayName, user.firstName, user.lastName];
	if (fields.some((f) => f?.toLowerCase().startsWith(lower))) return 2;
	return 3;
}

/** Stable sort: exact matches first, then prefixes, then the backend's own order. */
export function rankUsers(users: readonly UserSummary[], query: string): UserSummary[] {
	const q = query.trim();
	return users
		.map((user, index) => ({user, index, rank: rank(user, q)}))
		.sort((a, b) => a.rank - b.rank || a.index - b.index)
		.map((x) => x.user);
}

/** The single match that can be opened without asking: exact id, email or login. */
export function exactMatch(users: readonly UserSummary[], query: string): UserSummary | null {
	const q = query.trim();
	const exact = users.filter((u) => rank(u, q) === 0);
	return exact.length === 1 ? exact[0]! : null;
}
