/**
 * Recent lookups, per profile, in `$XDG_STATE_HOME/account-triage/recent.json` (0600). Only the queries the
 * operator typed are kept (an email, a login, a name): never a token, a result or anything the backend sent.
 * A missing or unreadable file is an empty history, never an error: this is a convenience.
 */
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {stateDir} from '../api/journal.js';
import {sanitizeText} from '../api/sanitize.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface RecentStore {
	load(): string[];
	save(queries: readonly string[]): void;
}

const KEEP = 10;

export function recentLookups(profile: string, env: Env = process.env): RecentStore {
	const path = join(stateDir(env), 'recent.json');
	const readAll = (): Record<string, string[]> => {
		try {
			const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, string[]>;
		} catch {
			// Absent or damaged: start again.
		}
		return {};
	};
	return {
		load() {
			const list = readAll()[profile];
			if (!Array.isArray(list)) return [];
			// The file is ours, but it is a file: what is shown is sanitized like anything else read from outside.
			return list.filter((q): q is string => typeof q === 'string' && q.trim() !== '').map((q) => sanitizeText(q).slice(0, 200)).slice(0, KEEP);
		},
		save(queries) {
			try {
				const all = readAll();
				all[profile] = queries.slice(0, KEEP);
				mkdirSync(dirname(path), {recursive: true, mode: 0o700});
				const tmp = `${path}.${process.pid}.tmp`;
				writeFileSync(tmp, JSON.stringify(all, null, 1) + '\n', {mode: 0o600});
				renameSync(tmp, path);
			} catch {
				// Not being able to remember a lookup must never get in the way of one.
			}
		},
	};
}
