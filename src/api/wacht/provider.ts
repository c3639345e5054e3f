/**
 * The Wacht provider: the backend API's user-management surface in domain terms.
 * Wire format: shared/research/wacht-api.md. Only this folder knows Wacht paths and fields.
 */
import {isWholeEmail} from '../search.js';
import type {Capabilities, LifecycleAction, LifecycleActionId, LifecycleResult, Provider, SearchOptions} from '../provider.js';
import {ApiError} from '../errors.js';
import {generateTotpSecret} from '../totp.js';
import {generateTemporaryPassword} from '../password.js';
import {encodePath, Transport, type Dialect, type Method, type TransportOptions, type TransportResponse, type Query} from '../transport.js';
import type {
	CallOptions,
	ClientTokens,
	ContactRef,
	EventPage,
	Id,
	Membership,
	MfaPolicy,
	NewContact,
	OAuthGrant,
	MfaState,
	Outcome,
	Passkey,
	ProfilePatch,
	Session,
	TemporaryPasswordOptions,
	TotpEnrollment,
	UserDetails,
	UserSummary,
	CallerVerification,
} from '../types.js';
import * as wire from './wire.js';
import {arrangeSessions} from '../arrange-sessions.js';

/** How Wacht speaks errors, rate limits and request ids. */
export const wachtDialect: Dialect = {
	parseError(_status, body) {
		const first = wire.isObj(body) && Array.isArray(body['errors']) ? (body['errors'] as unknown[])[0] : undefined;
		if (wire.isObj(first)) {
			const message = typeof first['message'] === 'string' ? first['message'] : null;
			const code = typeof first['code'] === 'number' || typeof first['code'] === 'string' ? String(first['code']) : null;
			return {code, message};
		}
		return {code: null, message: null};
	},
	rateLimitWaitMs(body) {
		const message = wachtDialect.parseError(429, body, {}).message ?? '';
		const match = /Retry after (\d+) seconds?/i.exec(message);
		return match ? Number(match[1]) * 1000 : null;
	},
	// Wacht returns no request id; we send our own so both sides can quote it.
	requestId: (headers) => headers['x-request-id'] ?? null,
	clientRequestIdHeader: 'X-Request-Id',
	// Social connections carry decrypted provider tokens in plaintext: never let them into memory past parsing.
	dropKeys: new Set(['access_token', 'refresh_token']),
};

export interface WachtProviderOptions extends Omit<TransportOptions, 'authorization' | 'dialect'> {
	readonly apiKey: string;
}

const CAPABILITIES: Capabilities = {
	'sessions.list': true,
	'sessions.revoke': true,
	'sessions.revokeAll': true,
	'passkeys.list': true,
	'passkeys.rename': true,
	'passkeys.delete': true,
	'mfa.totp.enroll': true,
	'mfa.totp.delete': true,
	'mfa.backupCodes.regenerate': true,
	'memberships.list': true,
	'grants.list': 'Wacht has no per-user OAuth grant list',
	'grants.revoke': 'Wacht has no per-user OAuth grant list',
	'mfa.factors.delete': 'Wacht lists no factors; use delete authenticator',
	// The backend API's routes (platform/src/application/router/deployment_routes.rs) have no sign-in attempt or audit log.
	'events.list': 'Wacht keeps no sign-in or audit log its API can read; the Sessions tab lists the sign-ins it holds',
	'password.temporary': true,
	'password.remove': true,
	'mfa.policy': true,
	'profile.edit': true,
	'contacts.edit': true,
	'social.unlink': true,
	'roles.unassign': 'Wacht roles belong to organisation and workspace memberships, not to the user as an admin',
	'caller.verify': "Wacht's backend API has no call that challenges a user's authenticator",
};

const PAGE_SIZE = 50;

/**
 * The server matches `search` with ILIKE '%term%' and escapes nothing, so `_` would match any character and `%` any
 * run of them: "a_b" finds "axb". A backslash before each makes them (and itself) literal, as ILIKE's default escape.
 */
export function likeLiteral(term: string): string {
	return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Where the MFA tab's TOTP state comes from: this app's own change, or what Wacht answered to one. */
function totpNote(known: {state: 'yes' | 'no'; at: string; how: 'done' | 'told'}): string {
	const at = `${known.at.slice(11, 16)} UTC`;
	if (known.how === 'done') return `${known.state === 'yes' ? 'enrolled' : 'removed'} from this app at ${at}`;
	return known.state === 'yes' ? `it already existed: Wacht refused a new one (409) at ${at}` : `none was enrolled: Wacht found none to delete (404) at ${at}`;
}

export class WachtProvider implements Provider {
	readonly kind = 'wacht' as const;
	readonly label = 'Wacht';
	readonly capabilities = CAPABILITIES;
	readonly confirmWith = 'email' as const;
	readonly host: string;
	private readonly transport: Transport;
	/** What this app itself learned about authenticators (Wacht has no read endpoint for them). */
	/** What this app saw of a user's authenticator: it enrolled or removed one, or Wacht said one existed (409) or none did (404). */
	private readonly totpKnown = new Map<Id, {state: 'yes' | 'no'; at: string; how: 'done' | 'told'}>();
	private readonly now: () => number;

	constructor(options: WachtProviderOptions) {
		const {apiKey, ...rest} = options;
		this.transport = new Transport({...rest, dialect: wachtDialect, authorization: () => `Bearer ${apiKey}`});
		this.host = this.transport.host;
		this.now = options.now ?? Date.now;
	}

	async *searchUsers(query: string, options: SearchOptions = {}): AsyncIterable<readonly UserSummary[]> {
		const q = query.trim();
		const pageSize = options.pageSize ?? PAGE_SIZE;
		const max = options.maxResults ?? 1_000;
		let seen = 0;
		// The search index covers names, emails and phones but not ids: an id goes straight to the user.
		if (/^\d{6,20}$/.test(q)) {
			const byId = await this.getUser(q, options).catch((error: unknown) => {
				if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return null;
				throw error;
			});
			if (byId) {
				yield [byId];
				seen++;
			}
		}
		for (let offset = 0; seen < max; offset += pageSize) {
			const res = await this.call('GET', ['users'], options, {search: likeLiteral(q), limit: pageSize, offset});
			const list = this.parse(res, 'GET /users', () => wire.page(res.body));
			const users = list.data.map(wire.userSummary);
			seen += users.length;
			if (users.length > 0) yield users;
			if (!list.hasMore || users.length === 0) return;
		}
	}

	async getUser(userId: Id, options?: CallOptions): Promise<UserDetails> {
		const res = await this.call('GET', ['users', userId, 'details'], options);
		return this.parse(res, 'user details', () => {
			if (!wire.isObj(res.body)) throw new wire.WireError('expected a user object');
			return wire.userDetails(res.body);
		});
	}

	async listSessions(userId: Id, options?: CallOptions): Promise<readonly Session[]> {
		const res = await this.call('GET', ['users', userId, 'sessions'], options, {include_expired: true});
		const now = this.now();
		// Sorted, the latest marked and new countries or devices flagged here, once per load (O(n log n)).
		return this.parse(res, 'sessions', () => arrangeSessions(wire.page(res.body).data.map((row) => wire.session(row, now))));
	}

	async revokeSession(userId: Id, sessionId: Id, options?: CallOptions): Promise<Outcome<void>> {
		const res = await this.call('POST', ['users', userId, 'sessions', sessionId, 'revoke'], options);
		return outcome(res, undefined);
	}

	async revokeAllSessions(userId: Id, options?: CallOptions): Promise<Outcome<{readonly revoked: number | null}>> {
		const res = await this.call('POST', ['users', userId, 'sessions', 'revoke-all'], options);
		const revoked = wire.isObj(res.body) && typeof res.body['revoked'] === 'number' ? res.body['revoked'] : null;
		return outcome(res, {revoked});
	}

	listGrants(): Promise<readonly OAuthGrant[]> {
		return Promise.resolve([]);
	}

	listRefreshTokens(): Promise<ClientTokens> {
		return Promise.resolve({clientIds: [], tokens: []});
	}

	revokeGrant(userId: Id): Promise<Outcome<void>> {
		return Promise.reject(unsupported('revoke a grant', `/users/${userId}`, CAPABILITIES['grants.revoke']));
	}

	revokeAllGrants(userId: Id): Promise<Outcome<void>> {
		return Promise.reject(unsupported('revoke grants', `/users/${userId}`, CAPABILITIES['grants.revoke']));
	}

	listEvents(userId: Id): Promise<EventPage> {
		return Promise.reject(unsupported('list sign-in events', `/users/${userId}`, CAPABILITIES['events.list']));
	}

	pollEvents(): Promise<EventPage> {
		return Promise.reject(unsupported('poll sign-in events', '/users', CAPABILITIES['events.list']));
	}

	activateTotp(userId: Id): Promise<Outcome<void>> {
		return Promise.reject(unsupported('activate', `/users/${userId}/authenticators`, 'Wacht authenticators are active once created'));
	}

	deleteFactor(userId: Id): Promise<Outcome<void>> {
		return Promise.reject(unsupported('delete a factor', `/users/${userId}`, CAPABILITIES['mfa.factors.delete']));
	}

	async listPasskeys(userId: Id, options?: CallOptions): Promise<readonly Passkey[]> {
		const res = await this.call('GET', ['users', userId, 'passkeys'], options);
		return this.parse(res, 'passkeys', () => wire.page(res.body).data.map(wire.passkey));
	}

	async renamePasskey(userId: Id, passkeyId: Id, name: string, options?: CallOptions): Promise<Outcome<void>> {
		const trimmed = name.trim();
		if (trimmed === '') {
			throw new ApiError({kind: 'refused', message: 'a passkey name cannot be empty', method: 'PATCH', path: `/users/${userId}/passkeys/${passkeyId}`});
		}
		const res = await this.call('PATCH', ['users', userId, 'passkeys', passkeyId], options, undefined, {json: {name: trimmed}});
		return outcome(res, undefined);
	}

	async deletePasskey(userId: Id, passkeyId: Id, options?: CallOptions): Promise<Outcome<void>> {
		const res = await this.call('DELETE', ['users', userId, 'passkeys', passkeyId], options);
		return outcome(res, undefined);
	}

	async getMfa(userId: Id, options?: CallOptions): Promise<MfaState> {
		const user = await this.getUser(userId, options);
		return this.mfaOf(user);
	}

	/** MFA state from user details plus what this app saw happen. */
	mfaOf(user: UserDetails): MfaState {
		const known = this.totpKnown.get(user.id);
		return {
			policy: user.mfaPolicy,
			totp: known?.state ?? 'unknown',
			totpNote: known ? totpNote(known) : 'Wacht has no endpoint to read authenticator state',
			backupCodes: user.hasBackupCodes === null ? 'unknown' : user.hasBackupCodes ? 'yes' : 'no',
			factors: [],
		};
	}

	async enrollTotp(user: UserDetails, options?: CallOptions): Promise<Outcome<TotpEnrollment>> {
		const secret = generateTotpSecret(20);
		// Wacht refuses ':' in the account name (it separates issuer and account in the otpauth label).
		const accountName = (user.email ?? user.login ?? user.displayName).replaceAll(':', ' ');
		let res: Answer;
		try {
			res = await this.call('POST', ['users', user.id, 'authenticators'], options, undefined, {json: {secret, account_name: accountName}});
		} catch (error) {
			// 409 "user already has an active authenticator": the server just told us one is active.
			if (error instanceof ApiError && error.status === 409) this.totpKnown.set(user.id, {state: 'yes', at: new Date(this.now()).toISOString(), how: 'told'});
			throw error;
		}
		const value = this.parse(res, 'authenticator', () => {
			if (!wire.isObj(res.body) || typeof res.body['id'] !== 'string' || typeof res.body['otp_url'] !== 'string') {
				throw new wire.WireError('expected {id, otp_url}');
			}
			return {id: res.body['id'], otpUrl: res.body['otp_url'], secret, accountName, needsActivation: false};
		});
		this.totpKnown.set(user.id, {state: 'yes', at: res.at, how: 'done'});
		return outcome(res, value);
	}

	async deleteTotp(userId: Id, options?: CallOptions): Promise<Outcome<void>> {
		try {
			const res = await this.call('DELETE', ['users', userId, 'authenticators'], options);
			this.totpKnown.set(userId, {state: 'no', at: res.at, how: 'done'});
			return outcome(res, undefined);
		} catch (error) {
			if (error instanceof ApiError && error.status === 404) this.totpKnown.set(userId, {state: 'no', at: new Date(this.now()).toISOString(), how: 'told'});
			throw error;
		}
	}

	async regenerateBackupCodes(userId: Id, options?: CallOptions): Promise<Outcome<readonly string[]>> {
		const res = await this.call('POST', ['users', userId, 'backup-codes', 'regenerate'], options);
		const codes = this.parse(res, 'backup codes', () => {
			const list = wire.isObj(res.body) ? res.body['backup_codes'] : undefined;
			if (!Array.isArray(list) || !list.every((c) => typeof c === 'string')) throw new wire.WireError('expected {backup_codes: [...]}');
			return list as string[];
		});
		return outcome(res, codes);
	}

	async listMemberships(userId: Id, options?: CallOptions): Promise<readonly Membership[]> {
		const [orgRes, wsRes] = await Promise.all([
			this.call('GET', ['users', userId, 'organization-memberships'], options),
			this.call('GET', ['users', userId, 'workspace-memberships'], options),
		]);
		return this.parse(orgRes, 'memberships', () => {
			const orgRows = wire.page(orgRes.body).data;
			const wsRows = wire.page(wsRes.body).data;
			const orgNames = wire.organizationNames(orgRows);
			const orgs = orgRows.map(wire.organizationMembership);
			const workspaces = wsRows.map((row) => wire.workspaceMembership(row, orgNames));
			// Each organization followed by its workspaces; workspaces of unknown organizations last.
			const out: Membership[] = [];
			for (const org of orgs) {
				const orgId = orgRows.find((r) => r['id'] === org.id)?.['organization_id'];
				out.push(org, ...workspaces.filter((w) => w.parentId === orgId));
			}
			out.push(...workspaces.filter((w) => !out.includes(w)));
			return out;
		});
	}

	isWholeIdentifier(query: string): boolean {
		// Wacht ids are snowflakes: 15 to 20 digits.
		return isWholeEmail(query) || /^\d{15,20}$/.test(query.trim());
	}

	lifecycleActions(user: UserDetails): readonly LifecycleAction[] {
		const toggle: LifecycleAction =
			user.status === 'disabled'
				? {
						id: 'enable',
						label: 'Enable user',
						effect: 'The user can sign in again. Sign-ins deleted when the account was disabled do not come back.',
						blast: 'normal',
					}
				: {
						id: 'disable',
						label: 'Disable user',
						effect:
							'The user can no longer sign in, and Wacht deletes ALL of their sign-in rows: every session ends and the session history is gone for good.',
						blast: 'wide',
					};
		return [toggle, {id: 'delete', label: 'Delete user for good', effect: deleteEffect(user), blast: 'wide'}];
	}

	async runLifecycle(userId: Id, action: LifecycleActionId, options?: CallOptions): Promise<Outcome<LifecycleResult>> {
		if (action === 'delete') {
			// A hard delete (DeleteUserCommand): the user row and every row of theirs, in one transaction.
			const res = await this.call('DELETE', ['users', userId], options);
			return outcome(res, {message: 'user deleted for good'});
		}
		if (action !== 'disable' && action !== 'enable') {
			throw new ApiError({kind: 'refused', message: `Wacht has no "${action}" action`, method: 'PATCH', path: `/users/${userId}`});
		}
		const disabled = action === 'disable';
		// Wacht takes user updates as multipart/form-data, and only the exact strings "true"/"false".
		const res = await this.call('PATCH', ['users', userId], options, undefined, {form: {disabled: String(disabled)}});
		const user = this.parse(res, 'user', () => {
			if (!wire.isObj(res.body)) throw new wire.WireError('expected a user object');
			return wire.userDetails(res.body);
		});
		const ok = (user.status === 'disabled') === disabled;
		return outcome(res, {
			message: ok ? `user ${disabled ? 'disabled' : 'enabled'}` : `the backend answered but the user is still ${user.status}`,
		});
	}

	async setTemporaryPassword(userId: Id, options: TemporaryPasswordOptions = {}): Promise<Outcome<{readonly password: string}>> {
		const password = generateTemporaryPassword();
		const json = {new_password: password, ...(options.skipPolicyCheck === true ? {skip_password_check: true} : {})};
		const res = await this.call('PATCH', ['users', userId, 'password'], options, undefined, {json});
		return outcome(res, {password});
	}

	async removePassword(userId: Id, options?: CallOptions): Promise<Outcome<void>> {
		return outcome(await this.call('DELETE', ['users', userId, 'password'], options), undefined);
	}

	async setMfaPolicy(userId: Id, policy: MfaPolicy, options?: CallOptions): Promise<Outcome<void>> {
		return this.patchUser(userId, {second_factor_policy: policy}, options, (u) => u.mfaPolicy === policy, `the MFA policy is still ${policy === 'none' ? 'not none' : 'unchanged'}`);
	}

	async updateProfile(userId: Id, patch: ProfilePatch, options?: CallOptions): Promise<Outcome<void>> {
		// The server ignores empty strings, so a blank value would look applied and change nothing: refuse it here.
		const form: Record<string, string> = {};
		if (patch.firstName !== undefined) form['first_name'] = patch.firstName;
		if (patch.lastName !== undefined) form['last_name'] = patch.lastName;
		if (patch.username !== undefined) form['username'] = patch.username;
		if (Object.keys(form).length === 0 || Object.values(form).some((v) => v.trim() === '')) {
			throw new ApiError({kind: 'refused', message: 'a name field cannot be set to nothing', method: 'PATCH', path: `/users/${userId}`});
		}
		return this.patchUser(userId, form, options, (u) =>
			(patch.firstName === undefined || u.firstName === patch.firstName) &&
			(patch.lastName === undefined || u.lastName === patch.lastName) &&
			(patch.username === undefined || u.login === patch.username),
		'the user came back unchanged');
	}

	async addContact(userId: Id, contact: NewContact, options?: CallOptions): Promise<Outcome<{readonly id: Id}>> {
		const [segment, json] =
			contact.kind === 'email'
				? (['emails', {email: contact.email, verified: false, is_primary: false}] as const)
				: (['phones', {phone_number: contact.number, country_code: contact.countryCode, verified: false, is_primary: false}] as const);
		const res = await this.call('POST', ['users', userId, segment], options, undefined, {json});
		const id = this.parse(res, contact.kind, () => {
			if (!wire.isObj(res.body) || typeof res.body['id'] !== 'string') throw new wire.WireError(`expected the new ${contact.kind} with its id`);
			return res.body['id'];
		});
		return outcome(res, {id});
	}

	async setContactVerified(userId: Id, contact: ContactRef, verified: boolean, options?: CallOptions): Promise<Outcome<void>> {
		return outcome(await this.call('PATCH', ['users', userId, contactSegment(contact), contact.id], options, undefined, {json: {verified}}), undefined);
	}

	async makeContactPrimary(userId: Id, contact: ContactRef, options?: CallOptions): Promise<Outcome<void>> {
		return outcome(await this.call('POST', ['users', userId, contactSegment(contact), contact.id, 'make-primary'], options), undefined);
	}

	async deleteContact(userId: Id, contact: ContactRef, options?: CallOptions): Promise<Outcome<void>> {
		return outcome(await this.call('DELETE', ['users', userId, contactSegment(contact), contact.id], options), undefined);
	}

	unassignRole(userId: Id): Promise<Outcome<void>> {
		return Promise.reject(unsupported('remove an admin role', `/users/${userId}`, CAPABILITIES['roles.unassign']));
	}

	verifyFactor(userId: Id): Promise<Outcome<CallerVerification>> {
		return Promise.reject(unsupported('verify the caller', `/users/${userId}`, CAPABILITIES['caller.verify']));
	}

	async unlinkSocialConnection(userId: Id, connectionId: Id, options?: CallOptions): Promise<Outcome<void>> {
		return outcome(await this.call('DELETE', ['users', userId, 'social-connections', connectionId], options), undefined);
	}

	/** `PATCH /users/{id}` (multipart), checking that the user came back as asked. */
	private async patchUser(userId: Id, form: Record<string, string>, options: CallOptions | undefined, applied: (u: UserDetails) => boolean, otherwise: string): Promise<Outcome<void>> {
		const res = await this.call('PATCH', ['users', userId], options, undefined, {form});
		const user = this.parse(res, 'user', () => {
			if (!wire.isObj(res.body)) throw new wire.WireError('expected a user object');
			return wire.userDetails(res.body);
		});
		if (!applied(user)) throw new ApiError({kind: 'malformed', message: `the backend answered but ${otherwise}`, method: 'PATCH', path: res.path, status: res.status, requestId: res.requestId});
		return outcome(res, undefined);
	}

	/**
	 * One connection per read a user view makes at once (details, sessions, passkeys, MFA, two membership lists), and
	 * two for the lookup's status reads that may still be running when the operator opens a row.
	 */
	warm(): Promise<void> {
		return this.transport.warm(8);
	}

	/** Behind the first frame: undici loaded and the connections open before the first key. */
	prepare(): void {
		this.transport.prepare(8);
	}

	close(): Promise<void> {
		return this.transport.close();
	}

	private async call(
		method: Method,
		segments: readonly string[],
		options: CallOptions = {},
		query?: Query,
		body: {json?: unknown; form?: Record<string, string>} = {},
	): Promise<Answer> {
		const path = encodePath(...segments);
		const res = await this.transport.send({method, path, query, ...body, signal: options.signal, onWait: options.onWait});
		return {...res, method, path};
	}

	/** Maps a 2xx body, turning a shape we cannot read into a clear ApiError instead of a crash. */
	private parse<T>(res: Answer, what: string, map: () => T): T {
		try {
			return map();
		} catch (error) {
			const detail = error instanceof Error ? error.message : String(error);
			throw new ApiError({kind: 'malformed', message: `unexpected ${what} answer from Wacht: ${detail}`, method: res.method, path: res.path, status: res.status, requestId: res.requestId});
		}
	}
}

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

const contactSegment = (c: ContactRef): string => (c.kind === 'email' ? 'emails' : 'phones');

/** What a hard delete destroys, counted where the details say (DeleteUserCommand's list). */
function deleteEffect(user: UserDetails): string {
	const counted = [
		plural(user.emails.length, 'email address', 'email addresses'),
		plural(user.phones.length, 'phone number'),
		plural(user.socialConnections.length, 'social connection'),
	];
	return [
		`Wacht deletes the user and everything of theirs for good: ${counted.join(', ')}, every passkey, the TOTP authenticator,`,
		'backup codes, organization and workspace memberships with their roles, and every sign-in (sessions end at once).',
		'It cannot be undone: the user would have to sign up again, with a new id.',
	].join(' ');
}

/** A response plus the request it answers, so a body we cannot read is reported against the right call. */
type Answer = TransportResponse & {readonly method: Method; readonly path: string};

function unsupported(what: string, path: string, reason: true | string): ApiError {
	return new ApiError({kind: 'refused', method: 'POST', path, message: `cannot ${what}: ${reason === true ? 'unsupported' : reason}`});
}

function outcome<T>(res: TransportResponse, value: T): Outcome<T> {
	return {value, status: res.status, requestId: res.requestId, at: res.at};
}
