/** TOTP helpers shared by the API handlers, the seed and data files (shared/research/wacht-api.md §3.5). */
import type {WachtStore} from './store.js';

const BASE32_CHAR = /^[A-Z2-7]$/;

/**
 * What totp-rs `Secret::Encoded(..).to_bytes()` accepts (base32 crate, RFC 4648 alphabet): up to five trailing
 * `=` are dropped, any other character outside A–Z2–7 fails, and the byte count is ⌊chars × 5 / 8⌋.
 * Returns the decoded byte count, or null when the text is not base32.
 */
export function base32ByteLength(normalized: string): number | null {
	if (!/^[\x00-\x7f]*$/.test(normalized)) return null;
	let len = normalized.length;
	for (let i = 1; i < Math.min(6, normalized.length); i++) {
		if (normalized[normalized.length - i] !== '=') break;
		len--;
	}
	for (let i = 0; i < len; i++) if (!BASE32_CHAR.test(normalized[i] as string)) return null;
	return Math.floor((len * 5) / 8);
}

/** The server's secret clean-up: whitespace and '-' removed, upper-cased. */
export function normalizeTotpSecret(secret: string): string {
	return secret.replace(/[\s-]/g, '').toUpperCase();
}

/** Percent-encoding as Rust's `urlencoding::encode`: everything but A–Z a–z 0–9 - _ . ~ */
export function urlEncode(text: string): string {
	let out = '';
	for (const byte of Buffer.from(text, 'utf8')) {
		const c = String.fromCharCode(byte);
		out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return out;
}

export function otpUrl(issuer: string, account: string, secret: string): string {
	const i = urlEncode(issuer);
	return `otpauth://totp/${i}:${urlEncode(account)}?secret=${secret}&issuer=${i}&algorithm=SHA1&digits=6&period=30`;
}

/** Default label: primary email, else username, else "first last", else user-<id>. */
export function defaultAccountName(store: WachtStore, id: string): string {
	const u = store.user(id);
	const email = store.primaryEmail(id)?.email ?? '';
	if (email !== '') return email;
	if (u && u.username !== '') return u.username;
	const full = u ? `${u.firstName} ${u.lastName}`.trim() : '';
	return full !== '' ? full : `user-${id}`;
}

/** The issuer the simulator puts in otpauth URLs unless told otherwise. */
export const DEFAULT_ISSUER = 'Acme Support';
