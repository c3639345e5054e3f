/** Text fitting and time formatting for one-line rows. Width is measured in terminal cells (CJK, emoji). */
import stringWidth from 'string-width';

/** Cuts `text` to at most `width` cells, with an ellipsis when cut. */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (stringWidth(text) <= width) return text;
	let out = '';
	let used = 0;
	for (const ch of text) {
		const w = stringWidth(ch);
		if (used + w > width - 1) break;
		out += ch;
		used += w;
	}
	return out + '…';
}

/** Cuts or pads `text` to exactly `width` cells, so columns line up whatever the data holds. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const cut = truncate(text, width);
	const pad = ' '.repeat(Math.max(0, width - stringWidth(cut)));
	return align === 'left' ? cut + pad : pad + cut;
}

/** Lays out columns of fixed widths separated by one space. */
export function columns(cells: readonly (readonly [string, number, ('left' | 'right')?])[]): string {
	return cells.map(([text, width, align]) => fit(text, width, align)).join(' ');
}

/** "3m ago", "in 5d", "just now"; an absent time is "—". */
export function relTime(iso: string | null | undefined, now: number): string {
	if (!iso) return '—';
	const t = Date.parse(iso);
	if (Number.isNaN(t)) return '?';
	const diff = t - now;
	const abs = Math.abs(diff);
	const units: [number, string][] = [
		[365 * 86_400_000, 'y'],
		[30 * 86_400_000, 'mo'],
		[86_400_000, 'd'],
		[3_600_000, 'h'],
		[60_000, 'm'],
	];
	for (const [ms, unit] of units) {
		if (abs >= ms) {
			const n = Math.floor(abs / ms);
			return diff < 0 ? `${n}${unit} ago` : `in ${n}${unit}`;
		}
	}
	return 'just now';
}

/** "2026-06-02 14:07 UTC": unambiguous for an incident timeline. */
export function stamp(iso: string | null | undefined): string {
	if (!iso) return '—';
	const t = Date.parse(iso);
	if (Number.isNaN(t)) return '?';
	return new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function clock(ms: number): string {
	return new Date(ms).toISOString().slice(11, 19) + ' UTC';
}

export function plural(n: number, word: string, many = `${word}s`): string {
	return `${n} ${n === 1 ? word : many}`;
}
