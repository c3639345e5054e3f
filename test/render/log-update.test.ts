// Ink's incremental renderer (patched by patches/ink+6.8.0.patch), tested the way Ink tests it (its
// test/log-update.tsx: log-update writing to a stream), with the stream fed to a headless xterm so the assertion is
// what a terminal shows. The cursor case is Ink 7's regression test for #910.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Writable} from 'node:stream';
import xterm from '@xterm/headless';
import {logUpdate} from './ink-patched.js';

const {Terminal} = xterm;

function terminal(cols = 40, rows = 10) {
	const term = new Terminal({cols, rows, allowProposedApi: true, scrollback: 0});
	// Ink writes \n and expects the terminal to return to column 0 (a tty's onlcr).
	term.options.convertEol = true;
	const writes: string[] = [];
	const pending: Promise<void>[] = [];
	const stream = new Writable({
		write(chunk: Buffer | string, _encoding, done) {
			const text = chunk.toString();
			writes.push(text);
			pending.push(new Promise((resolve) => term.write(text, resolve)));
			done();
		},
	});
	Object.assign(stream, {columns: cols, rows, isTTY: true});
	const render = logUpdate.create(stream, {incremental: true, showCursor: true});
	const screen = async () => {
		await Promise.all(pending);
		const buffer = term.buffer.active;
		return Array.from({length: rows}, (_, y) => buffer.getLine(y)?.translateToString(true) ?? '');
	};
	return {render, writes, screen};
}

test('a frame ending in a newline is redrawn in place, not one row lower (Ink #910)', async () => {
	const {render, screen} = terminal();
	render('Line 1\nLine 2\nLine 3\n');
	render('Line 1\nLine 2 changed\nLine 3\n');
	render('Line 1\nLine 2 changed again\nLine 3\n');
	assert.deepEqual((await screen()).slice(0, 5), ['Line 1', 'Line 2 changed again', 'Line 3', '', '']);
});

test('the cursor goes up one row per line of the previous frame, its trailing newline included', () => {
	const {render, writes} = terminal();
	render('a\nb\nc\n');
	writes.length = 0;
	render('a\nB\nc\n');
	// The trailing newline left the cursor on the row below the three lines: three rows up to the first line
	// (unpatched Ink 6.8 went up two and redrew every line one row lower).
	assert.ok(writes.join('').startsWith('\u001B[3A'), JSON.stringify(writes.join('')));
});

test('unchanged lines are stepped over with one cursor-next-line carrying a count', async () => {
	const {render, writes, screen} = terminal(40, 12);
	const rows = (changed: string) => ['head', ...Array.from({length: 6}, (_, i) => `row ${i}`), changed, ''].join('\n');
	render(rows('tail'));
	writes.length = 0;
	render(rows('tail changed'));
	const written = writes.join('');
	assert.ok(written.includes('\u001B[7E'), JSON.stringify(written));
	assert.ok(!written.includes('row 3'), 'unchanged lines are not written again');
	assert.deepEqual((await screen()).slice(0, 9), ['head', 'row 0', 'row 1', 'row 2', 'row 3', 'row 4', 'row 5', 'tail changed', '']);
});

test('a shorter frame leaves no stale rows behind', async () => {
	const {render, screen} = terminal();
	render('one\ntwo\nthree\nfour\n');
	render('one\n2\n');
	assert.deepEqual((await screen()).slice(0, 5), ['one', '2', '', '', '']);
});
