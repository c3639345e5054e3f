/**
 * Okta's error body `{errorCode, errorSummary, errorLink, errorId, errorCauses}` and the codes the users surface
 * answers with. Summaries are the exact texts of Okta's error catalogue (developer.okta.com error-codes.json);
 * `errorLink` equals `errorCode` ("not yet implemented" upstream); `errorId` is a fresh `oae…` correlation id.
 */
import {randomBytes} from 'node:crypto';

export interface OktaErrorBody {
	errorCode: string;
	errorSummary: string;
	errorLink: string;
	errorId: string;
	errorCauses: {errorSummary: string}[];
}

/** Thrown by the store and the route handlers; server.ts turns it into the wire body. */
export class OktaApiError extends Error {
	override name = 'OktaApiError';
	constructor(
		readonly status: number,
		readonly errorCode: string,
		readonly errorSummary: string,
		readonly errorCauses: readonly string[] = [],
		/** Extra response headers (e.g. WWW-Authenticate). */
		readonly headers: Readonly<Record<string, string>> = {},
	) {
		super(`${status} ${errorCode} ${errorSummary}`);
	}
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `oae` + 22 characters, the shape of Okta's errorId (e.g. `oaefEpMS5yqTMGYEfxp0S_knw`). */
export function newErrorId(): string {
	const bytes = randomBytes(22);
	let s = 'oae';
	for (const b of bytes) s += ID_ALPHABET[b % ID_ALPHABET.length];
	return s;
}

export function errorBody(code: string, summary: string, causes: readonly string[] = []): OktaErrorBody {
	return {errorCode: code, errorSummary: summary, errorLink: code, errorId: newErrorId(), errorCauses: causes.map((errorSummary) => ({errorSummary}))};
}

// ------------------------------------------------------------------ the catalogue entries the simulator uses

export const validationFailed = (what: string, causes: readonly string[] = []) => new OktaApiError(400, 'E0000001', `Api validation failed: ${what}`, causes);
export const malformedBody = () => new OktaApiError(400, 'E0000003', 'The request body was not well-formed.');
export const accessDenied = (headers: Record<string, string> = {}) => new OktaApiError(403, 'E0000006', 'You do not have permission to perform the requested action', [], headers);
/** `Not found: Resource not found: {id} ({kind})`, e.g. kind `User`, `UserFactor`, `AppInstance`. */
export const notFound = (id: string, kind: string) => new OktaApiError(404, 'E0000007', `Not found: Resource not found: ${id} (${kind})`);
export const internalError = () => new OktaApiError(500, 'E0000009', 'Internal Server Error');
export const invalidToken = () => new OktaApiError(401, 'E0000011', 'Invalid token provided');
export const alreadyActive = () => new OktaApiError(403, 'E0000016', 'Activation failed because the user is already active');
export const unsupportedMediaType = () => new OktaApiError(400, 'E0000021', 'Bad request.  Accept and/or Content-Type headers likely do not match supported values.');
export const methodNotSupported = () => new OktaApiError(405, 'E0000022', 'The endpoint does not support the provided HTTP method');
export const missingParameter = () => new OktaApiError(400, 'E0000028', 'The request is missing a required parameter.');
export const invalidPaging = () => new OktaApiError(400, 'E0000029', 'Invalid paging request.');
export const invalidDate = () =>
	new OktaApiError(400, 'E0000030', "Bad request. Invalid date. Dates must be of the form yyyy-MM-dd'T'HH:mm:ss.SSSZZ, e.g. 2013-01-01T12:00:00.000-07:00.");
export const invalidSearch = () => new OktaApiError(400, 'E0000031', 'Invalid search criteria.');
export const unlockNotAllowed = () => new OktaApiError(403, 'E0000032', 'Unlock is not allowed for this user.');
export const forgotPasswordNotAllowed = () => new OktaApiError(403, 'E0000034', 'Forgot password not allowed on specified user.', ['Recovery credential not set.']);
export const passwordResetFailed = () => new OktaApiError(403, 'E0000017', 'Reset password is not allowed at this time.', ['This user signs in through an identity provider and has no Okta password.']);
export const profileMastered = () => new OktaApiError(403, 'E0000023', 'Operation failed because user profile is mastered under another system');
export const searchAndFilter = () => new OktaApiError(400, 'E0000033', "Bad request. Can't specify a search query and filter in the same request.");
export const wrongStatus = () => new OktaApiError(403, 'E0000038', "This operation is not allowed in the user's current status.");
export const rateLimited = () => new OktaApiError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
export const unsupportedOperation = () => new OktaApiError(501, 'E0000060', 'Unsupported operation.');
export const invalidPasscode = () => new OktaApiError(403, 'E0000068', 'Invalid Passcode/Answer', ["Your passcode doesn't match our records. Please try again."]);
export const stillActivating = () =>
	new OktaApiError(409, 'E0000112', 'Cannot update this user because they are still being activated. Please try again in a few minutes.');

/** Reason phrases for the status line of injected faults. */
export function summaryForStatus(status: number): {code: string; summary: string} {
	switch (status) {
		case 400:
			return {code: 'E0000001', summary: 'Api validation failed: request'};
		case 401:
			return {code: 'E0000011', summary: 'Invalid token provided'};
		case 403:
			return {code: 'E0000006', summary: 'You do not have permission to perform the requested action'};
		case 404:
			return {code: 'E0000007', summary: 'Not found: Resource not found'};
		case 405:
			return {code: 'E0000022', summary: 'The endpoint does not support the provided HTTP method'};
		case 409:
			return {code: 'E0000112', summary: 'Cannot update this user because they are still being activated. Please try again in a few minutes.'};
		case 429:
			return {code: 'E0000047', summary: 'API call exceeded rate limit due to too many requests.'};
		case 503:
			return {code: 'E0000010', summary: 'Service is in read only mode'};
		default:
			return {code: 'E0000009', summary: 'Internal Server Error'};
	}
}
