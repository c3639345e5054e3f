/**
 * A session's client as browser, operating system and device, whatever form the backend sends it in:
 *
 * - a raw `User-Agent` header ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) …"): parsed with bowser;
 * - ua-parser *family* names, which is what Wacht's sign-in rows are documented to hold (`browser: "Mobile
 *   Safari"`, `device: "iPhone"`, `"Other"` when unknown; no OS field): the operating system is read from the
 *   families that imply one (an iPhone runs iOS, "Chrome Mobile" is Android's), and nothing is guessed otherwise.
 *
 * Parsing is memoised per input pair, so a list of 10,000 sign-ins from a handful of clients parses each once.
 */
import Bowser from 'bowser';

export interface ClientInfo {
	readonly browser: string | null;
	readonly os: string | null;
	readonly device: string | null;
}

const blank = (v: string | null | undefined): string | null => (v === null || v === undefined || v.trim() === '' ? null : v.trim());

/** A raw header starts with a product token and its version ("Mozilla/5.0", "okhttp/4.12"); a family name never does. */
const RAW_UA = /^[\w.!#$%&'*+^`|~-]+\/\S/;

export function isRawUserAgent(value: string | null | undefined): boolean {
	return typeof value === 'string' && RAW_UA.test(value.trim());
}

/** A raw User-Agent header → browser, OS and device, with bowser. Unknown parts are null. */
export function parseUserAgent(ua: string): ClientInfo {
	const text = ua.trim();
	if (text === '') return {browser: null, os: null, device: null};
	let result: Bowser.Parser.ParsedResult;
	try {
		result = Bowser.parse(text);
	} catch {
		return {browser: null, os: null, device: null};
	}
	// A header bowser does not know (a script, an SDK) is still worth showing: its first product token.
	const browser = blank(result.browser.name) ?? blank(text.split(/[\s/]/)[0]);
	const os = blank(result.os.name);
	const model = blank(result.platform.model);
	const type = blank(result.platform.type);
	const device = model ?? (type === 'mobile' ? 'phone' : type === 'tablet' ? 'tablet' : type === 'tv' ? 'TV' : type === 'desktop' ? 'desktop' : null);
	return {browser, os, device};
}

/** ua-parser device families that name the operating system they run. */
function osOfDevice(device: string): string | null {
	if (/^(Mac|Macintosh)$/i.test(device)) return 'macOS';
	if (/^(iPhone|iPad|iPod)/i.test(device)) return 'iOS';
	// Android's reduced User-Agent reports every phone as model "K"; Pixels, Samsungs and most others are Android.
	if (/^(K|Pixel\b.*|Samsung\b.*|SM-.*|Nexus\b.*|Galaxy\b.*|Generic Smartphone|Generic Tablet|XiaoMi\b.*|Redmi\b.*|OnePlus\b.*|Moto\b.*|Huawei\b.*)$/i.test(device)) return 'Android';
	if (/^(Chromebook)$/i.test(device)) return 'ChromeOS';
	return null;
}

/** ua-parser browser families that only exist on one operating system. */
function osOfBrowser(browser: string): string | null {
	if (/^(Mobile Safari|Chrome Mobile iOS|Firefox iOS|Edge Mobile iOS|Mobile Safari UI\/WKWebView)$/i.test(browser)) return 'iOS';
	if (/^(Chrome Mobile|Chrome Mobile WebView|Samsung Internet|Firefox Mobile|Edge Mobile|Opera Mobile|MiuiBrowser|Android)$/i.test(browser)) return 'Android';
	return null;
}

/** Device family → what to call the device; "Other" (ua-parser's unknown) is no device, "K" is an Android phone. */
function deviceName(device: string): string | null {
	if (/^other$/i.test(device)) return null;
	if (device === 'K') return 'Android phone';
	return device;
}

const cache = new Map<string, ClientInfo>();
const CACHE_LIMIT = 2_000;

/**
 * The client of a sign-in from the backend's `browser` and `device` fields: either may be a raw User-Agent
 * header or a ua-parser family; blank or "Other" means unknown.
 */
export function clientOf(browser: string | null, device: string | null): ClientInfo {
	const key = `${browser ?? ''}\u0000${device ?? ''}`;
	const hit = cache.get(key);
	if (hit) return hit;
	const info = computeClient(blank(browser), blank(device));
	if (cache.size >= CACHE_LIMIT) cache.clear();
	cache.set(key, info);
	return info;
}

function computeClient(browser: string | null, device: string | null): ClientInfo {
	const raw = isRawUserAgent(browser) ? browser : isRawUserAgent(device) ? device : null;
	if (raw !== null) {
		const parsed = parseUserAgent(raw);
		// A device family sent beside the header is more specific than bowser's "phone" or "desktop".
		const family = raw === device || device === null ? null : deviceName(device);
		return {browser: parsed.browser, os: parsed.os ?? (family ? osOfDevice(family) : null), device: family ?? parsed.device};
	}
	const name = device === null ? null : deviceName(device);
	const os = (device === null ? null : osOfDevice(device)) ?? (browser === null ? null : osOfBrowser(browser));
	return {browser, os, device: name};
}

/** "Chrome · macOS · Mac": the known parts, in that order. */
export function describeClient(c: {readonly browser: string | null; readonly os: string | null; readonly device: string | null}): string {
	return [c.browser, c.os, c.device].filter((x): x is string => x !== null && x !== '').join(' · ');
}
