/**
 * Sign-ins as the Sessions tab and the diagnosis want them: newest activity first, the live one with the newest
 * activity marked `latest`, and the ones from a country or device this user had not used before marked `unusual`.
 *
 * Done once per load (a provider calls arrangeSessions before the list reaches anyone), in O(n log n): two sorts
 * and one pass with hash maps, so 10,000 sign-ins cost a few milliseconds and nothing is recomputed per render.
 */
import type {Session} from './types.js';

/** Earlier sign-ins with a known value needed before anything can look new. */
export const MIN_BASELINE = 3;

/** Epoch ms of an ISO time; unknown or unreadable is -Infinity (sorts last). */
export const epochOf = (iso: string | null): number => {
	if (!iso) return Number.NEGATIVE_INFINITY;
	const t = Date.parse(iso);
	return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
};

/** The country a sign-in came from, as one key (code preferred); null when the backend could not tell. */
export function countryKey(s: Pick<Session, 'countryCode' | 'country'>): string | null {
	const v = (s.countryCode ?? s.country)?.trim().toUpperCase();
	return v ? v : null;
}

/** The device a sign-in came from: operating system and device name; null when neither is known. */
export function deviceKey(s: Pick<Session, 'os' | 'device'>): string | null {
	if (!s.os && !s.device) return null;
	return `${s.os ?? '?'}|${s.device ?? '?'}`;
}

/**
 * Tracks how often each value was seen so far and whether one value is usual: held by more than half of the
 * earlier sign-ins. A user who travels everywhere has no usual country, so nothing they do looks new.
 */
class Baseline {
	private readonly counts = new Map<string, number>();
	private known = 0;
	private top = 0;

	/** True when `key` was never seen before although the earlier sign-ins show a usual value. */
	isNew(key: string): boolean {
		return this.known >= MIN_BASELINE && !this.counts.has(key) && this.top * 2 > this.known;
	}

	add(key: string): void {
		const n = (this.counts.get(key) ?? 0) + 1;
		this.counts.set(key, n);
		this.known += 1;
		if (n > this.top) this.top = n;
	}
}

/**
 * Sorts by last activity (newest first; unknown last; ties in the backend's order), marks the latest live sign-in and flags new countries and
 * devices. A sign-in is new in a country (or device) when none of the user's earlier sign-ins, by creation time,
 * came from it, and at least MIN_BASELINE earlier ones mostly share another.
 */
export function arrangeSessions(rows: readonly Session[]): Session[] {
	const n = rows.length;
	const created = new Float64Array(n);
	const active = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		created[i] = epochOf(rows[i]!.createdAt);
		active[i] = epochOf(rows[i]!.lastActiveAt);
	}
	const byId = (a: number, b: number): number => (rows[a]!.id < rows[b]!.id ? -1 : rows[a]!.id > rows[b]!.id ? 1 : 0);

	// Creation order (oldest first) decides what counts as "before".
	const chronological = Array.from({length: n}, (_, i) => i).sort((a, b) => created[a]! - created[b]! || byId(a, b));
	const flags: ('country' | 'device')[][] = Array.from({length: n}, () => []);
	const countries = new Baseline();
	const devices = new Baseline();
	for (const i of chronological) {
		const s = rows[i]!;
		const c = countryKey(s);
		const d = deviceKey(s);
		if (c !== null && countries.isNew(c)) flags[i]!.push('country');
		if (d !== null && devices.isNew(d)) flags[i]!.push('device');
		if (c !== null) countries.add(c);
		if (d !== null) devices.add(d);
	}

	// A stable sort on activity alone: sign-ins active at the same instant keep the backend's order.
	const order = Array.from({length: n}, (_, i) => i).sort((a, b) => active[b]! - active[a]!);
	const latest = order.find((i) => !rows[i]!.expired);
	return order.map((i) => {
		const s = rows[i]!;
		const unusual = flags[i]!;
		const isLatest = i === latest;
		return s.latest === isLatest && unusual.length === 0 && s.unusual.length === 0 ? s : {...s, latest: isLatest, unusual};
	});
}
