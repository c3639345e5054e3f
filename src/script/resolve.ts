/**
 * A subcommand's `<user>` → one user: an exact id, email or login wins; else a single match is used; several are
 * ambiguous (exit 4, the first ten listed), none is "no such user" (exit 3). A script never guesses between two.
 */
import type {ProviderReads} from '../api/provider.js';
import {rankUsers} from '../api/search.js';
import type {UserSummary} from '../api/types.js';
import {EXIT, ScriptExit} from './report.js';

/** Matches read before giving up on finding the exact one (an email can be a substring of 30 others). */
export const MAX_MATCHES = 200;

function isExact(user: UserSummary, q: string): boolean {
	const lower = q.toLowerCase();
	return user.id === q || user.email?.toLowerCase() === lower || user.login?.toLowerCase() === lower;
}

export async function resolveUser(provider: ProviderReads, query: string): Promise<UserSummary> {
	const q = query.trim();
	const byId = new Map<string, UserSummary>();
	let more = false;
	for await (const page of provider.searchUsers(q, {maxResults: MAX_MATCHES})) {
		for (const user of page) if (!byId.has(user.id)) byId.set(user.id, user);
		if (byId.size >= MAX_MATCHES) {
			more = true;
			break;
		}
	}
	const all = [...byId.values()];
	const exact = all.filter((u) => isExact(u, q));
	if (exact.length === 1) return exact[0]!;
	if (exact.length > 1) {
		throw new ScriptExit(EXIT.ambiguous, `${exact.length} users match ${q} exactly:`, {candidates: exact, hint: 'use the user id'});
	}
	if (all.length === 1 && !more) return all[0]!;
	if (all.length === 0) throw new ScriptExit(EXIT.notFound, `no user matches ${q}`);
	const ranked = rankUsers(all, q);
	throw new ScriptExit(EXIT.ambiguous, `${more ? `more than ${MAX_MATCHES}` : all.length} users match ${q}:`, {
		candidates: ranked,
		hint: 'name one with its exact email, login or id',
	});
}
