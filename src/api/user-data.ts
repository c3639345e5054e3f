/** Reading what the app shows for one user, by key: the one mapping from a view's data to provider reads. */
import type {Capabilities, ProviderReads} from './provider.js';
import {readTrail} from './trail.js';
import type {CallOptions, Id, UserData, UserDataKey} from './types.js';

/** Whether this backend can load `key` at all; what it cannot is shown as empty and never requested. */
export function isLoadable(caps: Capabilities, key: UserDataKey): boolean {
	if (key === 'sessions') return caps['sessions.list'] === true;
	if (key === 'grants' || key === 'tokens') return caps['grants.list'] === true;
	if (key === 'events') return caps['events.list'] === true;
	return true;
}

export function readUserData<K extends UserDataKey>(provider: ProviderReads, key: K, userId: Id, options?: CallOptions): Promise<UserData[K]> {
	const read: {readonly [P in UserDataKey]: () => Promise<UserData[P]>} = {
		details: () => provider.getUser(userId, options),
		sessions: () => provider.listSessions(userId, options),
		grants: () => provider.listGrants(userId, options, 'grant'),
		tokens: () => provider.listRefreshTokens(userId, options),
		passkeys: () => provider.listPasskeys(userId, options),
		mfa: () => provider.getMfa(userId, options),
		memberships: () => provider.listMemberships(userId, options),
		events: () => readTrail(provider, userId, {}, options),
	};
	return read[key]();
}
