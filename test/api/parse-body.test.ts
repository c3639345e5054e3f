/**
 * The transport skips the sanitizing walk when the raw text shows it would change nothing (parseBody's fast path).
 * Proven here against the walk: hostile strings raw and `\u`-escaped, as values and keys, give identical results.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {MAX_FIELD_LENGTH, PLAIN_JSON_CHAR, jsonNeedsNoSanitizing, sanitizeText} from '../../src/api/sanitize.js';
import {rememberSecret} from '../../src/api/redact.js';
import {parseBody} from '../../src/api/transport.js';

const DROP = new Set(['client_secret', 'access_token']);
const SECRET = 'sekret-token-0123456789';
rememberSecret(`SSWS ${SECRET}`);

const HOSTILE = [
	'\u001b[31mred', '\u001b]0;title\u0007', '\u009b2J', '\u0085next', '\u007f', 'a\u202eevil', '\u2066x\u2069', 'ad\u200bmin', '\ufeffbom', '\u00adsoft',
	'\ud800lone', 'lone\udc00', '\ud83d\ude00 emoji', '\u0600mark', '\u3164filler', '\u2028sep', 'x'.repeat(MAX_FIELD_LENGTH + 1), 'y'.repeat(MAX_FIELD_LENGTH),
	'Jürgen Weiß', 'Наталья', '芳 黄', '한국', 'tab\there', `Bearer ${SECRET}`, 'back\\slash', '"quoted"',
];

/** Raw: the characters as they are in the text (JSON allows all but C0, quote and backslash raw). */
function raw(s: string): string {
	return `"${[...s].map((c) => (c.charCodeAt(0) < 0x20 || c === '"' || c === '\\' ? JSON.stringify(c).slice(1, -1) : c)).join('')}"`;
}
/** Every character outside printable ASCII as a `\u` escape. */
function escaped(s: string): string {
	return `"${Array.from({length: s.length}, (_, i) => s.charCodeAt(i)).map((u) => (u >= 0x20 && u < 0x7f && u !== 0x22 && u !== 0x5c ? String.fromCharCode(u) : `\\u${u.toString(16).padStart(4, '0')}`)).join('')}"`;
}

function bodies(s: string): string[] {
	return [raw, escaped].flatMap((q) => [
		`{"v":${q(s)}}`,
		`{${q(s)}:1,"ok":"plain"}`,
		`[{"id":"1","profile":{"name":${q(s)}}},{"client_secret":${q(s)}},{"__proto__":{"x":${q(s)}}}]`,
		`{"a":[1,true,null,${q(s)}],\n  "b": {"access_token": "t"}}`,
	]);
}

describe('parseBody: the fast path agrees with the walk', () => {
	it('gives identical results for hostile and plain strings, raw and escaped, as values and keys', () => {
		for (const s of HOSTILE) {
			for (const text of bodies(s)) {
				assert.deepStrictEqual(parseBody(text, DROP), parseBody(text, DROP, true), text.slice(0, 80));
			}
		}
	});

	it('takes the fast path only for text the walk would leave as it is', () => {
		for (const s of HOSTILE) {
			const text = `{"v":${raw(s)}}`;
			const parsed = JSON.parse(text) as {v: string};
			if (jsonNeedsNoSanitizing(text)) assert.equal(sanitizeText(parsed.v), parsed.v, JSON.stringify(s).slice(0, 40));
		}
		assert.equal(jsonNeedsNoSanitizing('{"name":"Jürgen Weiß","city":"München","jp":"蓮 佐藤","ru":"Наталья"}'), true);
		for (const s of ['\u001b', '\u0085', '\u202e', '\u200b', '\ud800', '\\u001b', 'x'.repeat(MAX_FIELD_LENGTH + 1)]) assert.equal(jsonNeedsNoSanitizing(`{"v":"${s}"}`), false, JSON.stringify(s));
	});

	it('drops secret keys and hides known secrets on both paths', () => {
		const text = `{"client_secret":"abc","note":"Bearer ${SECRET}","ok":"fine"}`;
		const parsed = parseBody(text, DROP);
		assert.deepStrictEqual(parsed, {ok: true, value: {note: 'Bearer [REDACTED]', ok: 'fine'}});
	});

	it('the plain class holds no character the sanitizer rewrites, no backslash and no control', () => {
		for (let unit = 0; unit < 0x10000; unit++) {
			const c = String.fromCharCode(unit);
			if (!PLAIN_JSON_CHAR.test(c) || unit === 0x09 || unit === 0x0a || unit === 0x0d) continue;
			assert.ok(unit !== 0x5c && unit >= 0x20, `U+${unit.toString(16)}`);
			assert.equal(sanitizeText(`a${c}b`), `a${c}b`, `U+${unit.toString(16)}`);
		}
	});
});
