/** A sign-in's client as browser, OS and device: raw User-Agent headers (bowser) and ua-parser family names (Wacht). */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {clientOf, describeClient, isRawUserAgent, parseUserAgent} from '../../src/api/user-agent.js';

describe('raw User-Agent headers', () => {
	const cases: [string, string, {browser: string | null; os: string | null; device: string | null}][] = [
		['Chrome on a Mac', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', {browser: 'Chrome', os: 'macOS', device: 'desktop'}],
		['Safari on an iPhone', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', {browser: 'Safari', os: 'iOS', device: 'iPhone'}],
		['Chrome on Android', 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36', {browser: 'Chrome', os: 'Android', device: 'phone'}],
		['Edge on Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0', {browser: 'Microsoft Edge', os: 'Windows', device: 'desktop'}],
		['Firefox on Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0', {browser: 'Firefox', os: 'Windows', device: 'desktop'}],
		['a script bowser does not know', 'okhttp/4.12.0', {browser: 'okhttp', os: null, device: null}],
	];
	for (const [what, ua, expected] of cases) {
		it(what, () => {
			assert.ok(isRawUserAgent(ua));
			assert.deepEqual(parseUserAgent(ua), expected);
		});
	}

	it('an empty header is nothing, not an error', () => {
		assert.deepEqual(parseUserAgent('   '), {browser: null, os: null, device: null});
	});
});

describe('ua-parser families (what Wacht documents for browser and device)', () => {
	const cases: [string | null, string | null, {browser: string | null; os: string | null; device: string | null}][] = [
		['Chrome', 'Mac', {browser: 'Chrome', os: 'macOS', device: 'Mac'}],
		['Mobile Safari', 'iPhone', {browser: 'Mobile Safari', os: 'iOS', device: 'iPhone'}],
		['Mobile Safari', 'iPad', {browser: 'Mobile Safari', os: 'iOS', device: 'iPad'}],
		['Chrome Mobile', 'K', {browser: 'Chrome Mobile', os: 'Android', device: 'Android phone'}],
		['Chrome Mobile', 'Pixel 8', {browser: 'Chrome Mobile', os: 'Android', device: 'Pixel 8'}],
		['Samsung Internet', 'Samsung SM-S918B', {browser: 'Samsung Internet', os: 'Android', device: 'Samsung SM-S918B'}],
		// "Other" is ua-parser's unknown device: no device, and no OS guessed from a desktop browser.
		['Firefox', 'Other', {browser: 'Firefox', os: null, device: null}],
		['Edge', 'Other', {browser: 'Edge', os: null, device: null}],
		['Chrome Mobile iOS', 'Other', {browser: 'Chrome Mobile iOS', os: 'iOS', device: null}],
		// A failed lookup leaves both blank.
		['', '', {browser: null, os: null, device: null}],
		[null, null, {browser: null, os: null, device: null}],
	];
	for (const [browser, device, expected] of cases) {
		it(`${JSON.stringify(browser)} on ${JSON.stringify(device)}`, () => {
			assert.equal(isRawUserAgent(browser), false);
			assert.deepEqual(clientOf(browser, device), expected);
		});
	}

	it('a raw header in the browser field is parsed, and a device family beside it wins over "phone"', () => {
		const ua = 'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
		assert.deepEqual(clientOf(ua, 'Samsung SM-S918B'), {browser: 'Chrome', os: 'Android', device: 'Samsung SM-S918B'});
		assert.deepEqual(clientOf(ua, 'Other'), {browser: 'Chrome', os: 'Android', device: 'phone'});
	});

	it('the same pair gives the same object (parsed once per list, not per row)', () => {
		assert.equal(clientOf('Chrome', 'Mac'), clientOf('Chrome', 'Mac'));
	});
});

describe('describeClient', () => {
	it('joins the known parts', () => {
		assert.equal(describeClient({browser: 'Chrome', os: 'macOS', device: 'Mac'}), 'Chrome · macOS · Mac');
		assert.equal(describeClient({browser: 'Firefox', os: null, device: null}), 'Firefox');
		assert.equal(describeClient({browser: null, os: null, device: null}), '');
	});
});
