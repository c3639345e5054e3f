/**
 * The one scrubber for secrets in text. Every token the process read or sent is remembered here (`rememberSecret`),
 * and every string that leaves the client passes `redactText`: backend strings as they are parsed (a gateway that
 * echoes the Authorization header), error messages, journal lines, summaries, stdout, logs. Only values are hidden:
 * a `Scheme value` is a credential when the value looks like one (a digit in it, or 20+ characters), so Okta's
 * "Invalid token provided" keeps its words.
 */

const CREDENTIAL = '[A-Za-z0-9._~+/=-]';
const AUTH_VALUE = new RegExp(`\\b(SSWS|Bearer|Basic|DPoP|Token)(\\s+)(?=${CREDENTIAL}*\\d|${CREDENTIAL}{20})${CREDENTIAL}{6,}`, 'gi');
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);
/** Shorter strings are not scrubbed: they would match ordinary words. */
const MIN_SECRET = 6;

const known = new Set<string>();

/** Remembers a secret this process holds (a token read, an Authorization value sent) so no output carries it. */
export function rememberSecret(value: string): void {
	const trimmed = value.trim();
	if (trimmed.length < MIN_SECRET) return;
	// An Authorization value: its credential part only (the scheme is no secret, and its words stay readable).
	const space = trimmed.indexOf(' ');
	const secret = space > 0 ? trimmed.slice(space + 1).trim() : trimmed;
	if (secret.length >= MIN_SECRET) known.add(secret);
}

/** Hides the known secrets only: cheap enough for every string of a parsed body. */
export function scrubKnown(text: string, extra: readonly string[] = []): string {
	let out = text;
	for (const secret of known) if (out.includes(secret)) out = out.split(secret).join('[REDACTED]');
	for (const secret of extra) if (secret.length >= MIN_SECRET && out.includes(secret)) out = out.split(secret).join('[REDACTED]');
	return out;
}

/** True when the text holds a secret this process knows (what scrubKnown would hide). */
export function holdsKnownSecret(text: string): boolean {
	for (const secret of known) if (text.includes(secret)) return true;
	return false;
}

/** Hides the known (and given) secrets and any `Scheme credential` in free text. */
export function redactText(text: string, secrets: readonly string[] = []): string {
	return scrubKnown(text, secrets).replace(AUTH_VALUE, '$1$2[REDACTED]');
}

/** A copy of request or response headers safe to log. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(headers)) out[key] = SECRET_HEADERS.has(key.toLowerCase()) ? '[REDACTED]' : value;
	return out;
}

/** Strips `user:password@` from a proxy or backend URL. */
export function redactUrl(url: string): string {
	return url.replace(/\/\/[^/@\s]+@/, '//[REDACTED]@');
}
