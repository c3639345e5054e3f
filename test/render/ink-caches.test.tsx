// Ink keeps module-level caches of every text it measured or wrapped, never evicted (upstream #986): a long session
// over a changing list would grow them without end. patches/ink+6.8.0.patch bounds both at 2,000 entries.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Box, Text} from 'ink';
import {render} from 'ink-testing-library';
import {measureText, measureTextCacheSize, wrapText, wrapTextCacheSize} from './ink-patched.js';

const LIMIT = 2000;

test('measureText keeps at most 2,000 texts and still measures right after a clear', () => {
	const first = measureText('first text');
	assert.equal(measureText('first text'), first, 'a measured text is answered from the cache');
	for (let i = 0; i < 10_000; i++) measureText(`text ${i}`);
	assert.ok(measureTextCacheSize() <= LIMIT, `${measureTextCacheSize()} entries`);
	assert.deepEqual(measureText('wide 表\nx'), {width: 7, height: 2});
});

test('wrapText keeps at most 2,000 wrappings and wraps the same after a clear', () => {
	for (let i = 0; i < 10_000; i++) wrapText(`word ${i} and more words`, 8, 'wrap');
	assert.ok(wrapTextCacheSize() <= LIMIT, `${wrapTextCacheSize()} entries`);
	assert.equal(wrapText('abcdefghij', 4, 'wrap'), 'abcd\nefgh\nij');
	assert.equal(wrapText('abcdefghij', 6, 'truncate'), 'abcde…');
});

test('an app drawing thousands of distinct texts keeps both caches bounded', () => {
	const frame = (n: number) => (
		<Box flexDirection="column" width={30}>
			{Array.from({length: 20}, (_, i) => (
				<Text key={i} wrap="truncate">{`row ${n}-${i} with some padding text`}</Text>
			))}
		</Box>
	);
	const app = render(frame(0));
	for (let n = 1; n < 300; n++) app.rerender(frame(n));
	assert.match(app.lastFrame() ?? '', /row 299-19 with some padding/);
	app.unmount();
	assert.ok(measureTextCacheSize() <= LIMIT, `measureText: ${measureTextCacheSize()}`);
	assert.ok(wrapTextCacheSize() <= LIMIT, `wrapText: ${wrapTextCacheSize()}`);
});
