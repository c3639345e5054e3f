/**
 * Okta error codes in plain words, for the error line a screen shows. Okta's `errorSummary` is terse and sometimes
 * misleading ("Api validation failed" for a suspend in the wrong status); the explanation says what it means for the
 * operator. Only `errorCode` is stable (shared/research/okta-api.md §7), so that is what is matched.
 */

const EXPLANATIONS: Readonly<Record<string, string>> = {
	E0000001: 'Okta refused the values sent; for suspend/unsuspend this means the user is not in a status that allows it',
	E0000006: "the token's admin role or OAuth scopes do not allow this",
	E0000007: 'Okta has no such user or object: it was deleted, the id is from another org, or (for factors) the user is deactivated',
	E0000011: 'the API token is invalid, expired or revoked: create a new one in the Admin Console (Security > API) and restart',
	E0000016: 'the user is already active',
	E0000023: "this user's profile is mastered by another system (AD, LDAP or an HR app): change it there",
	E0000031: 'Okta could not run this search; try a simpler query',
	E0000032: 'Okta cannot unlock this user here: their password is mastered by a directory (AD/LDAP), unlock them there',
	E0000038: "the user's current status does not allow this; refresh to see their status",
	E0000047: "Okta's rate limit for this endpoint is spent until its reset time",
	E0000068: 'the code is wrong or expired; check the clock of the authenticator app and try a fresh code',
	E0000112: 'the user is still being activated or deactivated; retry in a minute',
};

/** What an Okta error code means for the operator, or null for a code without an explanation. */
export function explainOktaError(code: string | null | undefined): string | null {
	if (!code) return null;
	return EXPLANATIONS[code] ?? null;
}
