/** The sanitizer's output invariant (research anchors §1.3), shared by the sanitize and transport tests. */

const BIDI = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const INVISIBLE = new Set([0x00ad, 0x034f, 0x180b, 0x180c, 0x180d, 0x180e, 0x180f, 0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0x2028, 0x2029]);

const hex = (cp: number): string => 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');

/** Every rule the text breaks, as readable strings; empty when the text is safe to draw. */
export function violations(text: string, options: {multiline?: boolean} = {}): string[] {
	const found: string[] = [];
	for (const ch of text) {
		const cp = ch.codePointAt(0)!;
		if (cp === 0x0a && options.multiline) continue;
		if (cp < 0x20) found.push(`C0 ${hex(cp)}`);
		else if (cp >= 0x7f && cp <= 0x9f) found.push(`DEL/C1 ${hex(cp)}`);
		else if (BIDI.has(cp)) found.push(`bidi ${hex(cp)}`);
		else if (INVISIBLE.has(cp)) found.push(`invisible ${hex(cp)}`);
		else if (cp >= 0xd800 && cp <= 0xdfff) found.push(`lone surrogate ${hex(cp)}`);
	}
	return found;
}

/** Every string (keys included) in a JSON-like value. */
export function allStrings(value: unknown, out: string[] = []): string[] {
	if (typeof value === 'string') out.push(value);
	else if (Array.isArray(value)) for (const item of value) allStrings(item, out);
	else if (value !== null && typeof value === 'object') {
		for (const [key, inner] of Object.entries(value)) {
			out.push(key);
			allStrings(inner, out);
		}
	}
	return out;
}
