/**
 * Text fitting and time formatting for one-line rows. Width is measured in terminal cells, as the WIDEST a terminal
 * may draw the text: terminals disagree with string-width (the library Ink lays out with) on some characters —
 * spacing marks of Devanagari, Thai or Khmer clusters (a terminal adds each mark's own cell), emoji sequences (a
 * terminal may draw each part), regional-indicator flags. A line fitted to the widest measure never wraps in any of
 * them, so the frame cannot scroll and the status bar with the safety badges cannot leave the screen; a terminal that
 * draws narrower only leaves a column a little short.
 */
import stringWidth from 'string-width';

/** Characters around which terminals and string-width may disagree: the slow, careful measure runs only for these. */
const UNCERTAIN = /[\p{M}\p{Cf}\p{Extended_Pictographic}\p{Regional_Indicator}\u1160-\u11FF]/u;
const PREPENDED = /[\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{110BD}\u{110CD}]/u;
const segmenter = new Intl.Segmenter('en', {granularity: 'grapheme'});

/** One code point as a terminal's wcwidth would draw it. */
function codePointWidth(ch: string): number {
	if (/\p{Regional_Indicator}/u.test(ch)) return 2;
	if (/\p{Cf}/u.test(ch)) return PREPENDED.test(ch) ? 1 : 0;
	if (/\p{Mc}/u.test(ch)) return Math.max(1, stringWidth(ch));
	return stringWidth(ch);
}

/** A grapheme cluster: the wider of string-width's measure and the sum of its code points' cells. */
function clusterWidth(cluster: string): number {
	const measured = stringWidth(cluster);
	if (!UNCERTAIN.test(cluster)) return measured;
	let cells = 0;
	for (const ch of cluster) cells += codePointWidth(ch);
	return Math.max(measured, cells);
}

/** Printable ASCII: one cell a character, in every terminal and in string-width. */
const PLAIN = /^[\u0020-\u007E]*$/;
// The screen measures the same few hundred strings on every key press (rows, header, footer), and string-width
// allocates per grapheme for anything not plain ASCII ("·", "…", "ø"): measured once, kept (bounded).
const CACHE_LIMIT = 4096;
const widths = new Map<string, number>();
const cuts = new Map<string, string>();
function remember<V>(cache: Map<string, V>, key: string, value: V): V {
	// A long text (a pasted blob, a wrapped paragraph) is rarely measured twice: not worth holding.
	if (key.length > 512) return value;
	if (cache.size >= CACHE_LIMIT) cache.clear();
	cache.set(key, value);
	return value;
}

/** The widest a terminal may draw `text`, in cells. */
export function cellWidth(text: string): number {
	if (PLAIN.test(text)) return text.length;
	const known = widths.get(text);
	if (known !== undefined) return known;
	if (!UNCERTAIN.test(text)) return remember(widths, text, stringWidth(text));
	let total = 0;
	for (const {segment} of segmenter.segment(text)) total += clusterWidth(segment);
	return remember(widths, text, total);
}

/** Cuts `text` to at most `width` cells (by cellWidth), with an ellipsis when cut; never inside a cluster. */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (cellWidth(text) <= width) return text;
	const key = `${width}\u0000${text}`;
	return cuts.get(key) ?? remember(cuts, key, cut(text, width));
}

function cut(text: string, width: number): string {
	let out = '';
	let used = 0;
	for (const {segment} of segmenter.segment(text)) {
		const w = clusterWidth(segment);
		if (used + w > width - 1) break;
		out += segment;
		used += w;
	}
	return out + '…';
}

/** Cuts or pads `text` to `width` cells (at most, in any terminal), so columns line up whatever the data holds. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const cut = truncate(text, width);
	const pad = ' '.repeat(Math.max(0, width - cellWidth(cut)));
	return align === 'left' ? cut + pad : pad + cut;
}

/** `text` cut into pieces of at most `width` cells, nothing lost or added (an URL is wrapped anywhere). */
export function chunks(text: string, width: number): string[] {
	const out: string[] = [];
	let line = '';
	let used = 0;
	for (const {segment} of segmenter.segment(text)) {
		const w = clusterWidth(segment);
		if (used + w > width && line !== '') {
			out.push(line);
			line = '';
			used = 0;
		}
		line += segment;
		used += w;
	}
	if (line !== '' || out.length === 0) out.push(line);
	return out;
}

/** Prose wrapped at spaces to `width` cells; a word longer than the width is cut into pieces. */
export function wrapWords(text: string, width: number): string[] {
	const out: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		const next = line === '' ? word : `${line} ${word}`;
		if (cellWidth(next) <= width) {
			line = next;
			continue;
		}
		if (line !== '') out.push(line);
		const pieces = chunks(word, width);
		line = pieces.pop() ?? '';
		out.push(...pieces);
	}
	out.push(line);
	return out;
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

/** Characters that read alike, named when codes use them: Wacht chooses the alphabet (mixed case), not this app. */
const LOOK_ALIKE: readonly [string, string][] = [
	['0', '0 zero'],
	['O', 'O capital o'],
	['o', 'o small o'],
	['1', '1 one'],
	['l', 'l small L'],
	['I', 'I capital i'],
	['5', '5 five'],
	['S', 'S capital s'],
	['8', '8 eight'],
	['B', 'B capital b'],
];

/** "Read carefully (case matters): 0 zero · O capital o · 1 one · l small L", for the look-alikes these codes hold; null when none. */
export function readAloud(codes: readonly string[]): string | null {
	const text = codes.join('');
	const groups: readonly (readonly string[])[] = [
		['0', 'O', 'o'],
		['1', 'l', 'I'],
		['5', 'S'],
		['8', 'B'],
	];
	// Only a pair that can be confused is worth naming: both sides of it present.
	const present = groups.filter((g) => g.filter((ch) => text.includes(ch)).length >= 2).flatMap((g) => g.filter((ch) => text.includes(ch)));
	if (present.length === 0) return null;
	return `Read carefully (case matters): ${LOOK_ALIKE.filter(([ch]) => present.includes(ch))
		.map(([, words]) => words)
		.join(' · ')}`;
}
