// The line compaction in Ink's incremental renderer (patches/ink+6.8.0.patch): a changed line is written with runs
// of 5+ blanks as cursor jumps, but only where a blank cell would look the same either way.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {compactLine} from './ink-patched.js';

const ESC = '\u001B[';
const plain = (line: string) => line + `${ESC}K`;

test('a line without a long run of blanks is written whole, then erased to its end', () => {
	assert.equal(compactLine('name  status'), plain('name  status'));
	assert.equal(compactLine(''), plain(''));
});

test('runs of five or more blanks become cursor jumps after erasing the line', () => {
	assert.equal(compactLine('name          status'), `${ESC}2Kname${ESC}10Cstatus`);
	assert.equal(compactLine('a        b    c'), `${ESC}2Ka${ESC}8Cb    c`);
});

test('plain colours and bold keep the jump; the SGR codes themselves are kept in order', () => {
	const line = `${ESC}1m${ESC}32mACTIVE${ESC}39m${ESC}22m            next`;
	assert.equal(compactLine(line), `${ESC}2K${ESC}1m${ESC}32mACTIVE${ESC}39m${ESC}22m${ESC}12Cnext`);
	// 256-colour and true-colour foregrounds carry their own parameters, which are not attributes.
	assert.equal(compactLine(`${ESC}38;5;4mx${ESC}39m          y`), `${ESC}2K${ESC}38;5;4mx${ESC}39m${ESC}10Cy`);
	assert.equal(compactLine(`${ESC}38;2;7;4;9mx          y`), `${ESC}2K${ESC}38;2;7;4;9mx${ESC}10Cy`);
});

test('blanks under inverse, a background, underline, strike-through or overline are written as blanks', () => {
	for (const on of ['7', '44', '104', '48;5;4', '48;2;1;2;3', '4', '21', '9', '53']) {
		const line = `${ESC}${on}mselected          ${ESC}0m`;
		assert.equal(compactLine(line), plain(line), `SGR ${on}`);
	}
});

test('the attribute ends where its reset is, and the blanks after it jump again', () => {
	for (const [on, off] of [['7', '27'], ['44', '49'], ['4', '24'], ['9', '29'], ['53', '55'], ['7;44', '0'], ['7', '']]) {
		const line = `${ESC}${on}m [x] ${ESC}${off}m          end`;
		assert.equal(compactLine(line), `${ESC}2K${ESC}${on}m [x] ${ESC}${off}m${ESC}10Cend`, `${on} then ${off}`);
	}
	// A blank run inside the attribute stays, the one after the reset jumps.
	const both = `${ESC}7msel      ${ESC}27m      tail`;
	assert.equal(compactLine(both), `${ESC}2K${ESC}7msel      ${ESC}27m${ESC}6Ctail`);
});

test('a 38/48 colour parameter that looks like an attribute code is not read as one', () => {
	// 38;5;7 is colour 7 in the 256 palette, not inverse (7); 38;2;4;4;4 is grey, not underline.
	assert.equal(compactLine(`${ESC}38;5;7mx          y`), `${ESC}2K${ESC}38;5;7mx${ESC}10Cy`);
	assert.equal(compactLine(`${ESC}38;2;4;4;4mx          y`), `${ESC}2K${ESC}38;2;4;4;4mx${ESC}10Cy`);
});

test('a line with any escape other than SGR (a link, a cursor move) is written whole', () => {
	const link = `\u001B]8;;https://example.test\u0007link\u001B]8;;\u0007          x`;
	assert.equal(compactLine(link), plain(link));
	const move = `a${ESC}2Cb          c`;
	assert.equal(compactLine(move), plain(move));
});

test('the compact form is used only when it is shorter', () => {
	// Five blanks become ESC [ 5 C (4 bytes) but the line pays ESC [ 2 K (4) instead of ESC [ K (3).
	const line = 'a     b';
	assert.equal(compactLine(line), plain(line));
});
