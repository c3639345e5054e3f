/**
 * RFC 4226 / RFC 6238 one-time passwords for the simulator's `token:software:totp` factors:
 * HMAC-SHA1, 6 digits, 30-second steps, accepted within ±1 step (what Okta Verify and Google Authenticator use).
 */
import {createHmac, randomBytes} from 'node:crypto';
import {base32Encode} from '../../api/totp.js';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Decodes RFC 4648 base32 (case-insensitive, padding and spaces ignored). Throws on other characters. */
export function base32Decode(text: string): Buffer {
	const clean = text.replace(/[\s=]/g, '').toUpperCase();
	const out: number[] = [];
	let bits = 0;
	let value = 0;
	for (const ch of clean) {
		const index = BASE32_ALPHABET.indexOf(ch);
		if (index < 0) throw new Error(`invalid base32 character ${JSON.stringify(ch)}`);
		value = (value << 5) | index;
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}

/** RFC 4648 base32 without padding: the app's own (src/api/totp.ts). */
export {base32Encode};

/** A fresh 16-character (80-bit) base32 shared secret, the length Okta hands out for Okta Verify / Google Authenticator. */
export function newTotpSecret(): string {
	return base32Encode(randomBytes(10));
}

export function hotp(secret: string, counter: number, digits = TOTP_DIGITS): string {
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(counter));
	const mac = createHmac('sha1', base32Decode(secret)).update(msg).digest();
	const offset = (mac[mac.length - 1] as number) & 0x0f;
	const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
	return String(code).padStart(digits, '0');
}

/** The code for the step containing `atMs` (default now). */
export function totp(secret: string, atMs: number = Date.now()): string {
	return hotp(secret, Math.floor(atMs / 1000 / TOTP_STEP_SECONDS));
}

/** True when `code` is the TOTP for the current step or the one just before/after it. */
export function verifyTotp(secret: string, code: string, atMs: number = Date.now(), window = 1): boolean {
	if (!/^\d{6}$/.test(code)) return false;
	const step = Math.floor(atMs / 1000 / TOTP_STEP_SECONDS);
	for (let delta = -window; delta <= window; delta++) {
		if (step + delta >= 0 && hotp(secret, step + delta) === code) return true;
	}
	return false;
}
