/**
 * Redaction for anything that leaves the process as text: debug logs, crash reports, error lines. Every
 * Authorization value is hidden whatever its scheme (Okta's `SSWS` included, which generic masks miss).
 */

const AUTH_VALUE = /\b(SSWS|Bearer|Basic|DPoP|Token)\s+[A-Za-z0-9._~+/=-]{6,}/gi;
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

/** Hides the given secrets and any `Scheme value` credential in free text. */
export function redactText(text: string, secrets: readonly string[] = []): string {
	let out = text;
	for (const secret of secrets) {
		if (secret.length >= 6) out = out.split(secret).join('[REDACTED]');
	}
	return out.replace(AUTH_VALUE, '$1 [REDACTED]');
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
