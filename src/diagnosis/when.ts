/** Times for a diagnosis line, in the operator's local time: "07:41" today, "yesterday 16:05", else the date. */

const pad = (n: number): string => String(n).padStart(2, '0');

const sameDay = (a: Date, b: Date): boolean => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** "07:41" (today), "yesterday 16:05", or "2026-08-03"; null for an absent or unreadable time. */
export function localWhen(iso: string | null | undefined, now: number): string | null {
	if (!iso) return null;
	const t = Date.parse(iso);
	if (Number.isNaN(t)) return null;
	const at = new Date(t);
	const today = new Date(now);
	const hhmm = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
	if (sameDay(at, today)) return hhmm;
	const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
	if (sameDay(at, yesterday)) return `yesterday ${hhmm}`;
	return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** " since 07:41", or "" when the time is unknown. */
export function since(iso: string | null | undefined, now: number): string {
	const w = localWhen(iso, now);
	return w ? ` since ${w}` : '';
}
