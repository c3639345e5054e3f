import {test} from 'node:test';
import assert from 'node:assert/strict';
import {render} from 'ink-testing-library';
import {ConfirmDialog} from '../../screens/components/confirm-dialog.js';
import {TabBar} from '../../screens/components/tab-bar.js';
import {cellWidth, fit, truncate} from '../../src/format.js';
import {pageWindow} from '../../screens/components/windowed.js';
import {keyNames, legendFor, resolveKey} from '../../screens/keymap.js';
import {otpauthVariants, qrLines} from '../../screens/components/qr.js';
import stringWidth from 'string-width';

const noKey = {upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false};

test('the confirm dialog names the target and says the default is No', () => {
	const {lastFrame} = render(
		<ConfirmDialog title="Delete passkey &quot;YubiKey&quot;" facts={[['User', 'Jane <jane@x.test>'], ['Backend', 'Wacht · api.wacht.dev']]} expected={null} input="" error={null} width={80} />,
	);
	const frame = lastFrame() ?? '';
	assert.match(frame, /Delete passkey "YubiKey"\?/);
	assert.match(frame, /Wacht · api\.wacht\.dev/);
	assert.match(frame, /default: No/);
});

test('the typed confirmation shows what to type and the mismatch', () => {
	const {lastFrame} = render(<ConfirmDialog title="Disable user" facts={[]} expected="jane@x.test" input="jane@" error="that is not jane@x.test" width={80} />);
	assert.match(lastFrame() ?? '', /Type jane@x\.test and press Enter/);
	assert.match(lastFrame() ?? '', /that is not jane@x\.test/);
});

test('the active tab is marked without colour', () => {
	const {lastFrame} = render(<TabBar tabs={[{id: 'a', title: 'Sessions', badge: '3'}, {id: 'b', title: 'Passkeys', badge: '!'}]} active="a" width={80} />);
	assert.match(lastFrame() ?? '', /\[1 Sessions \(3\)\]\s+2 Passkeys \(!\)/);
});

test('fit keeps columns aligned with wide and combining characters', () => {
	for (const text of ['李小龍的電子郵件地址很長', 'Zoë', 'e\u0301e\u0301e\u0301', '👩‍💻👩‍💻👩‍💻👩‍💻👩‍💻👩‍💻👩‍💻', 'x'.repeat(10_000)]) {
		// Exactly 12 cells as the widest terminal draws it, and never more by string-width's measure (what Ink lays out by).
		assert.equal(cellWidth(fit(text, 12)), 12, text.slice(0, 20));
		assert.ok(stringWidth(fit(text, 12)) <= 12, text.slice(0, 20));
	}
	assert.equal(truncate('abcdef', 4), 'abc…');
});

test('a measure or a cut asked again (the cached answer) is the first one, at every width', () => {
	const texts = ['Chrome Mobile · Android · Android phone', 'Søren Kierkegaard-Møller', '李小龍的電子郵件地址很長', 'e\u0301e\u0301e\u0301', '👩‍💻👩‍💻👩‍💻', 'plain ascii'];
	const first = texts.map((t) => [cellWidth(t), ...[1, 5, 9, 12, 40].map((w) => truncate(t, w))]);
	// Past the cache's bound too: it is emptied, and every answer is measured afresh.
	for (let i = 0; i < 5000; i++) cellWidth(`filler ${i} ·`);
	for (let round = 0; round < 2; round++) {
		assert.deepEqual(texts.map((t) => [cellWidth(t), ...[1, 5, 9, 12, 40].map((w) => truncate(t, w))]), first);
	}
	assert.equal(truncate('Chrome Mobile · Android · Android phone', 12), 'Chrome Mobi…');
});

test('page-flip windows move a page at a time and never exceed the height', () => {
	assert.deepEqual(pageWindow(0, 10_000, 20), {start: 0, end: 20});
	assert.deepEqual(pageWindow(19, 10_000, 20), {start: 0, end: 20});
	assert.deepEqual(pageWindow(20, 10_000, 20), {start: 20, end: 40});
	assert.deepEqual(pageWindow(9_999, 10_000, 20), {start: 9_980, end: 10_000});
	assert.deepEqual(pageWindow(3, 5, 20), {start: 0, end: 5});
});

test('a burst resolves only repeatable keys: it can move but never act', () => {
	const names = keyNames('xyjj', {...noKey});
	assert.deepEqual(names, ['x', 'y', 'j', 'j']);
	assert.deepEqual(
		names.map((n) => resolveKey(n, ['user', 'list', 'sessions', 'global'], true)),
		[undefined, undefined, 'list/down', 'list/down'],
	);
	assert.equal(resolveKey('x', ['user', 'list', 'sessions', 'global'], false), 'session/revoke');
	assert.equal(resolveKey('y', ['confirm'], true), undefined);
	assert.equal(resolveKey('y', ['confirm'], false), 'confirm/yes');
	assert.equal(resolveKey('enter', ['confirm'], false), 'confirm/no');
	assert.deepEqual(keyNames('ab\r', {...noKey}), ['a', 'b', 'enter']);
});

test('Ctrl+letter inside a burst is a key, not lost text: Ctrl+U then typing, coalesced over a slow link', () => {
	assert.deepEqual(keyNames('\u0015ana', {...noKey}), ['ctrl+u', 'a', 'n', 'a']);
	assert.deepEqual(keyNames('a\u0017b\u0008', {...noKey}), ['a', 'ctrl+w', 'b', 'backspace']);
	// Ctrl+C in a burst quits nothing: only repeatable keys resolve there.
	assert.equal(resolveKey(keyNames('x\u0003', {...noKey})[1]!, ['lookup-input', 'global'], true), undefined);
});

test('the footer legend comes from the key table for the live scopes', () => {
	const legend = legendFor(['user', 'list', 'sessions', 'global']).map((l) => `${l.keys} ${l.label}`);
	assert.ok(legend.includes('x revoke'));
	assert.ok(legend.includes('X revoke all'));
	assert.ok(!legend.some((l) => l.includes('rename')));
});

test('the QR code for an otpauth URL fits 80×24 by dropping default parameters, never the secret', () => {
	const url = 'otpauth://totp/Acme%20Support:jane.okafor%40example.test?secret=KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU&issuer=Acme%20Support&algorithm=SHA1&digits=6&period=30';
	const variants = otpauthVariants(url);
	assert.equal(variants[0], url);
	assert.ok(variants.every((v) => v.includes('secret=KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU') && v.includes('Acme%20Support:jane.okafor%40example.test')));
	assert.ok(!variants.some((v) => v.includes('+')));
	const lines = qrLines(url, 20, 50);
	assert.ok(lines && lines.length <= 20 && lines.every((l) => l.length <= 50));
	assert.equal(qrLines(url, 5, 50), null);
});
