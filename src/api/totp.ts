/** TOTP secret generation and the small amount of base32 the app needs. */
import {randomBytes} from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding. */
export function base32Encode(bytes: Uint8Array): string {
	let out = '';
	let bits = 0;
	let value = 0;
	for (const byte of bytes) {
		value = (value << 8) | byte;
		bits += 8;
		while (bits >= 5) {
			out += ALPHABET[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
	return out;
}

/** A fresh random secret: 20 bytes (160 bits, RFC 4226's recommendation), base32, 32 characters. */
export function generateTotpSecret(bytes = 20): string {
	if (bytes < 20) throw new Error('a TOTP secret needs at least 20 bytes');
	return base32Encode(randomBytes(bytes));
}

/** Groups a secret for typing by hand: `ABCD EFGH …`. */
export function groupSecret(secret: string, size = 4): string {
	return secret.match(new RegExp(`.{1,${size}}`, 'g'))?.join(' ') ?? secret;
}
