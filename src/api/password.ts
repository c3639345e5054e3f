/** Temporary passwords the app generates (Wacht takes a password; it has no "generate one" call). */
import {randomInt} from 'node:crypto';

// No look-alikes (0/O, 1/l/I, 5/S, 2/Z) and no characters a terminal or a chat client may mangle (quotes, backslash,
// backtick, spaces): the operator reads it out or pastes it.
const GROUPS = ['ABCDEFGHJKMNPQRTUVWXY', 'abcdefghijkmnpqrtuvwxyz', '346789', '#%+=?@'] as const;
const ALL = GROUPS.join('');

/**
 * A strong temporary password: `length` characters (at least 16) drawn with the crypto RNG, with at least one of each
 * group so that common password policies (upper, lower, digit, symbol) accept it. About 6 bits a character.
 */
export function generateTemporaryPassword(length = 20): string {
	if (length < 16) throw new Error('a temporary password needs at least 16 characters');
	const chars = GROUPS.map((g) => g[randomInt(g.length)]!);
	while (chars.length < length) chars.push(ALL[randomInt(ALL.length)]!);
	// Fisher–Yates, so the guaranteed characters are not always first.
	for (let i = chars.length - 1; i > 0; i--) {
		const j = randomInt(i + 1);
		[chars[i], chars[j]] = [chars[j]!, chars[i]!];
	}
	return chars.join('');
}
