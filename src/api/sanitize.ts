/**
 * The one sanitizer for text that came from a backend. Every string in a parsed response body goes through it
 * (the transport applies it while parsing), so no screen can draw raw server text.
 *
 * It escapes rather than strips, so tampering stays visible: `adm\u200Bin` shows as `adm⟨U+200B⟩in`, not `admin`.
 * - C0 controls (CR and ESC included) become caret notation (`^M`, ESC as `␛`); TAB becomes a space.
 * - DEL and C1 controls (U+0080–U+009F, which include the 8-bit CSI) become `⟨U+XXXX⟩`.
 * - Bidi controls, zero-width and other default-ignorable characters, line/paragraph separators and the prepended
 *   concatenation marks (U+0600…, whose width terminals disagree on) become `⟨U+XXXX⟩`.
 * - Lone surrogates become U+FFFD.
 * Sequences such as `ESC ] 0 ; title BEL` therefore arrive as `␛]0;title^G`: harmless text.
 * - A value longer than MAX_FIELD_LENGTH is cut there and ends with `…[+N more]` (N code points not shown): no
 *   identity field is that long, and measuring a 10,000-character field on every frame would freeze the screen.
 */

/** The longest sanitized value, in UTF-16 units, before the `…[+N more]` mark. */
export const MAX_FIELD_LENGTH = 1000;

const CAP_MARK = /^…\[\+[\d,]+ more\]$/;
const ENDS_WITH_CAP_MARK = /…\[\+[\d,]+ more\]$/;
/** The longest escape, `⟨U+E0067⟩`: a cut lands at most this far past MAX_FIELD_LENGTH. */
const LONGEST_ESCAPE = 9;

/** `out` and the mark for `rest`, the input not shown. Sanitizing an already-capped value keeps its mark. */
function capped(out: string, rest: string): string {
	if (CAP_MARK.test(rest)) return out + rest;
	let more = 0;
	for (const _ of rest) more++;
	return `${out}…[+${more.toLocaleString('en-US')} more]`;
}

const VISIBLE_CODEPOINT = (cp: number): string => `\u27E8U+${cp.toString(16).toUpperCase().padStart(4, '0')}\u27E9`;

function isMarked(cp: number): boolean {
	return (
		cp === 0x7f ||
		(cp >= 0x80 && cp <= 0x9f) ||
		cp === 0x00ad ||
		cp === 0x034f ||
		cp === 0x061c ||
		// Prepended concatenation marks: drawn in 0, 1 or 2 cells depending on the terminal, over what follows.
		(cp >= 0x0600 && cp <= 0x0605) ||
		cp === 0x06dd ||
		cp === 0x070f ||
		cp === 0x0890 ||
		cp === 0x0891 ||
		cp === 0x08e2 ||
		cp === 0x110bd ||
		cp === 0x110cd ||
		cp === 0x115f ||
		cp === 0x1160 ||
		cp === 0x17b4 ||
		cp === 0x17b5 ||
		(cp >= 0x180b && cp <= 0x180f) ||
		(cp >= 0x200b && cp <= 0x200f) ||
		(cp >= 0x2028 && cp <= 0x202e) ||
		(cp >= 0x2060 && cp <= 0x206f) ||
		cp === 0x3164 ||
		(cp >= 0xfe00 && cp <= 0xfe0f && false) ||
		cp === 0xfeff ||
		cp === 0xffa0 ||
		(cp >= 0xfff0 && cp <= 0xfffb) ||
		(cp >= 0xe0000 && cp <= 0xe0fff)
	);
}

// Fast path: printable ASCII plus the common Latin/CJK ranges that contain nothing we rewrite.
// eslint-disable-next-line no-misleading-character-class -- the Hangul fillers and lone surrogates are listed one by one on purpose: each is a character to find, not part of a sequence
const NEEDS_WORK = /[\u0000-\u001F\u007F-\u009F\u00AD\u034F\u0600-\u0605\u061C\u06DD\u070F\u0890\u0891\u08E2\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF0-\uFFFB\uD800-\uDFFF]/;

/**
 * Characters a JSON text may hold without a second look: JSON's whitespace, printable ASCII but the backslash, Latin-1
 * and Latin Extended letters but the soft hyphen, Greek, Cyrillic, Hebrew, kana, CJK ideographs and Hangul syllables
 * (the names of most orgs). It only saves work: every other character is checked
 * against NEEDS_WORK itself (test/api/parse-body.test.ts checks this class against NEEDS_WORK for every code unit).
 */
const PLAIN_RANGES = '\\t\\n\\r\\x20-\\x5b\\x5d-\\x7e\\u00a0-\\u00ac\\u00ae-\\u02ff\\u0370-\\u05ff\\u3040-\\u30ff\\u4e00-\\u9fff\\uac00-\\ud7a3';
export const PLAIN_JSON_CHAR = new RegExp(`[${PLAIN_RANGES}]`);
const NOT_PLAIN_JSON_CHAR = new RegExp(`[^${PLAIN_RANGES}]`, 'g');
/** Per UTF-16 code unit: 0 not yet seen, 1 sanitizeText keeps it, 2 NEEDS_WORK finds it. */
const needsWorkTable = new Uint8Array(0x10000);

function unitNeedsWork(unit: number): boolean {
	let seen = needsWorkTable[unit]!;
	if (seen === 0) {
		seen = NEEDS_WORK.test(String.fromCharCode(unit)) ? 2 : 1;
		needsWorkTable[unit] = seen;
	}
	return seen === 2;
}

/**
 * True when JSON.parse(json) can hold no string (value or key) that sanitizeText would change, so a caller may skip
 * walking the parsed value: the text has no backslash (every string is then a literal slice of it), none of the
 * characters NEEDS_WORK finds (raw TAB, LF and CR aside: JSON allows them only between tokens) and no string longer
 * than MAX_FIELD_LENGTH (none is cut). That is sanitizeText's own fast path, taken by every string at once. False
 * when unsure: the caller then walks as before.
 */
export function jsonNeedsNoSanitizing(json: string): boolean {
	NOT_PLAIN_JSON_CHAR.lastIndex = 0;
	for (let m = NOT_PLAIN_JSON_CHAR.exec(json); m !== null; m = NOT_PLAIN_JSON_CHAR.exec(json)) {
		const unit = m[0].charCodeAt(0);
		if (unit === 0x5c || unitNeedsWork(unit)) return false;
	}
	// No string is longer than MAX_FIELD_LENGTH when every aligned block of half that length holds a quote: a longer
	// run without one would contain a whole block. One indexOf per block, not per string.
	const block = MAX_FIELD_LENGTH >> 1;
	for (let start = 0; start + block <= json.length; start += block) {
		const quote = json.indexOf('"', start);
		if (quote === -1 || quote >= start + block) return false;
	}
	return true;
}

export interface SanitizeOptions {
	/** Keep `\n` (for multi-line detail panes). @default false */
	readonly multiline?: boolean;
}

export function sanitizeText(text: string, options: SanitizeOptions = {}): string {
	if (!NEEDS_WORK.test(text)) {
		if (text.length <= MAX_FIELD_LENGTH) return text;
		// Already sanitized and cut (transport output passing through again): keep it as it is.
		const mark = ENDS_WITH_CAP_MARK.exec(text);
		if (mark && mark.index < MAX_FIELD_LENGTH + LONGEST_ESCAPE) return text;
	}
	let out = '';
	for (let i = 0; i < text.length; ) {
		if (out.length >= MAX_FIELD_LENGTH) return capped(out, text.slice(i));
		const cp = text.codePointAt(i)!;
		const ch = cp > 0xffff ? text.slice(i, i + 2) : text[i]!;
		i += ch.length;
		if (cp === 0x0a && options.multiline) {
			out += ch;
		} else if (cp === 0x09) {
			out += ' ';
		} else if (cp === 0x1b) {
			out += '\u241B';
		} else if (cp < 0x20) {
			out += '^' + String.fromCharCode(cp + 0x40);
		} else if (cp >= 0xd800 && cp <= 0xdfff) {
			out += '\uFFFD';
		} else if (isMarked(cp)) {
			out += VISIBLE_CODEPOINT(cp);
		} else {
			out += ch;
		}
	}
	return out;
}

/** Sanitizes every string (values and keys) in a parsed JSON value. */
export function sanitizeDeep(value: unknown): unknown {
	if (typeof value === 'string') return sanitizeText(value);
	if (Array.isArray(value)) return value.map(sanitizeDeep);
	if (value !== null && typeof value === 'object') {
		// fromEntries defines own properties: a "__proto__" key from JSON stays data instead of replacing the prototype.
		return Object.fromEntries(Object.entries(value).map(([key, inner]) => [sanitizeText(key), sanitizeDeep(inner)]));
	}
	return value;
}
