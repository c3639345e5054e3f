/**
 * Times in the simulator are integers: microseconds since the Unix epoch (Postgres timestamptz precision).
 * They are written the way chrono's serde writes a DateTime<Utc>: RFC 3339 with `Z`, and 0, 3 or 6
 * fractional digits depending on the value (`…:47Z`, `…:47.118Z`, `…:47.118204Z`).
 */

/** Microseconds since the Unix epoch. */
export type Micros = number;

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;
export const US_PER_MIN = 60 * US_PER_S;
export const US_PER_H = 60 * US_PER_MIN;
export const US_PER_DAY = 24 * US_PER_H;

let lastNow = 0;

/** Wall clock in µs, strictly increasing within the process (so two mutations never share a timestamp). */
export function nowMicros(): Micros {
	const [, ns] = process.hrtime();
	let t = Date.now() * US_PER_MS + Math.floor((ns % 1_000_000) / 1_000);
	if (t <= lastNow) t = lastNow + 1;
	lastNow = t;
	return t;
}

export function formatTs(us: Micros): string {
	const whole = Math.floor(us / US_PER_S);
	const frac = us - whole * US_PER_S;
	const base = new Date(whole * 1_000).toISOString().slice(0, 19);
	if (frac === 0) return `${base}Z`;
	if (frac % 1_000 === 0) return `${base}.${String(frac / 1_000).padStart(3, '0')}Z`;
	return `${base}.${String(frac).padStart(6, '0')}Z`;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;
const RELATIVE = /^([+-])\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/;
const UNIT: Record<string, number> = {s: US_PER_S, m: US_PER_MIN, h: US_PER_H, d: US_PER_DAY, w: 7 * US_PER_DAY};

/**
 * Parses an RFC 3339 timestamp or a time relative to `now` ("-2h", "+30d", "-15m", "-90s", "-1w", "now").
 * Returns null when the text is neither.
 */
export function parseTime(text: string, now: Micros): Micros | null {
	const t = text.trim();
	if (t === 'now') return now;
	const rel = RELATIVE.exec(t);
	if (rel) {
		const sign = rel[1] === '-' ? -1 : 1;
		return now + sign * Math.round(Number(rel[2]) * (UNIT[rel[3] as string] as number));
	}
	const abs = RFC3339.exec(t);
	if (!abs) return null;
	const ms = Date.parse(`${abs[1]}T${abs[2]}${abs[4]?.toUpperCase()}`);
	if (Number.isNaN(ms)) return null;
	const fracDigits = (abs[3] ?? '').slice(0, 6).padEnd(6, '0');
	return ms * US_PER_MS + Number(fracDigits);
}
