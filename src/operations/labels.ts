/** How the things an operator acts on are named, in dialogs, result lines, the journal and scripts: one place. */
import type {Session} from '../api/types.js';
import type {UserRef} from './types.js';

/** "Chrome on macOS (Mac) in Lisbon, PT (203.0.113.24)": the browser, OS and device the Sessions tab shows. */
export function sessionLabel(s: Session): string {
	const where = [s.city, s.countryCode ?? s.country].filter(Boolean).join(', ');
	const on = [s.os, s.device && s.device !== 'Other' && s.device !== s.os ? s.device : null].filter(Boolean);
	const what = [s.browser, on.length ? `on ${on[0]}${on[1] ? ` (${on[1]})` : ''}` : null].filter(Boolean).join(' ');
	return [what || 'unknown client', where ? `in ${where}` : null, s.ip ? `(${s.ip})` : null].filter(Boolean).join(' ');
}

/**
 * "Chrome · Mac · 203.0.113.24": the same sign-in in a column's width, for the journal and the Activity list,
 * where the dialog's sentence would be cut; null when the backend gave none of the three.
 */
export function sessionTag(s: Session): string | null {
	const parts = [s.browser, s.device, s.ip].filter((p): p is string => !!p);
	return parts.length ? parts.join(' · ') : null;
}

/** What a wide change asks to be typed, and what the journal names the user by: email or login, per backend. */
export function typedTarget(user: UserRef, confirmWith: 'email' | 'login' = 'email'): string {
	return (confirmWith === 'login' ? (user.login ?? user.email) : (user.email ?? user.login)) ?? user.id;
}

/** "Jane Okafor <jane.okafor@example.test>": a user named for a reader with no screen in front of them. */
export function userWithAddress(user: UserRef): string {
	const address = user.email ?? user.login;
	return address ? `${user.name} <${address}>` : user.name;
}
