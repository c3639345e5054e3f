// patches/ink+6.8.0.patch builds a row's string without Ink's per-cell style diff and shares one styles array per
// run of characters: the frame must be what upstream Ink's algorithm makes of the same writes, escape for escape.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {styledCharsFromTokens, styledCharsToString, tokenize} from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import {measureText, Output, simpleWidth} from './ink-patched.js';

const E = '\u001B[';
const LINES = [
	'plain ascii row with    some   spaces',
	`${E}7m› 46m ago        Chrome · macOS · Mac        Copenhagen, DK${E}27m`,
	`${E}2m  15m ago${E}22m ${E}33mNEW Firefox${E}39m ${E}1m${E}2mbold and dim${E}22m after`,
	`${E}31m${E}41mred on red${E}49m only red${E}0m reset ${E}4munder${E}24m ${E}38;5;208morange${E}39m`,
	`${E}38;2;10;20;30mtruecolor${E}39m ${E}9mstrike${E}29m ${E}53mover${E}55m end`,
	'wide 李小龍 and 👩‍💻 and e\u0301 combining',
	`${E}7m${E}32minverse green ${E}1mbold${E}22m still${E}39m${E}27m`,
	'',
	`   ${E}36mtrailing spaces trimmed${E}39m      `,
];

/** What upstream Ink's Output.get makes of one unclipped write per line at column `x`. */
function upstreamRow(line: string, x: number, width: number): string {
	const cells: ({value: string; styles: unknown[]} | undefined)[] = Array.from({length: width}, () => ({type: 'char', value: ' ', fullWidth: false, styles: []}) as never);
	let at = x;
	for (const ch of styledCharsFromTokens(tokenize(line))) {
		cells[at] = ch as never;
		at += Math.max(1, ch.fullWidth ? 2 : 1);
		if (ch.fullWidth) cells[at - 1] = {type: 'char', value: '', fullWidth: false, styles: ch.styles} as never;
	}
	return styledCharsToString(cells.filter((c) => c !== undefined) as never).trimEnd();
}

test('each row of a frame is upstream Ink’s string for the same writes, first and again from the caches', () => {
	const width = 80;
	for (const x of [0, 3]) {
		for (let round = 0; round < 3; round++) {
			const output = new Output({width, height: LINES.length});
			LINES.forEach((line, y) => output.write(x, y, line, {transformers: []}));
			const rows = output.get().output.split('\n');
			LINES.forEach((line, y) => assert.equal(rows[y], upstreamRow(line, x, width), `x=${x} round ${round}: ${JSON.stringify(line)}`));
		}
	}
});

test('a clipped line is upstream’s slice, when clipped the same way again and when clipped differently', () => {
	const line = `${E}7m› 46m ago        Chrome · macOS · Mac        Copenhagen, DK${E}27m`;
	for (const [x1, x2] of [[0, 20], [0, 20], [5, 30], [0, 20]] as const) {
		const output = new Output({width: 60, height: 1});
		output.clip({x1, x2, y1: 0, y2: 1});
		output.write(0, 0, line, {transformers: []});
		output.unclip();
		assert.equal(output.get().output, upstreamRow(sliceAnsi(line, x1, x2), x1, 60), `${x1}–${x2}`);
	}
});

test('plain text is measured as string-width measures it, and a whole plain line is its own slice', () => {
	const sample: string[] = [];
	for (const [a, b] of [[0x20, 0x7e], [0xa0, 0x2ff], [0x2000, 0x2070], [0x2190, 0x21ff], [0x2500, 0x257f]] as const) {
		for (let c = a; c <= b; c++) sample.push(String.fromCodePoint(c));
	}
	for (const ch of sample) {
		const simple = simpleWidth(ch);
		if (simple >= 0) assert.equal(simple, stringWidth(ch), `U+${ch.codePointAt(0)!.toString(16)}`);
	}
	// Not plain: measured by string-width (-1 here).
	for (const text of ['\u00ad', 'e\u0301', '李', '👩‍💻', '\u001B[7mx', 'tab\there', 'a\nb', '\u200b']) assert.equal(simpleWidth(text), -1, JSON.stringify(text));
	let seed = 7;
	const pick = () => sample[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % sample.length]!;
	for (let n = 0; n < 300; n++) {
		const text = Array.from({length: 1 + (n % 90)}, pick).join('');
		const simple = simpleWidth(text);
		if (simple < 0) continue;
		assert.equal(simple, stringWidth(text), JSON.stringify(text));
		assert.equal(sliceAnsi(text, 0, simple), text, JSON.stringify(text));
		assert.equal(measureText(text).width, stringWidth(text));
	}
});
