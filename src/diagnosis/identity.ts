/**
 * Where a user's identity comes from, in the operator's words: whether the backend itself holds the password, a
 * directory masters it (Active Directory, LDAP: unlock and reset there), or the user signs in through an identity
 * provider (Google Workspace, a SAML IdP: the password is not the backend's at all). The header, the Profile tab,
 * the diagnosis and `show --json` all read it from here.
 */
import type {UserDetails} from '../api/types.js';

export interface IdentitySource {
	/** `backend`: the backend holds the password; `directory`: AD/LDAP masters it; `idp`: signs in through an IdP. */
	readonly kind: 'backend' | 'directory' | 'idp';
	/** "Active Directory (corp.example.com)", "Google Workspace", "Okta". */
	readonly where: string;
	/** The short name for "unlock in …": "AD", "LDAP", "Google Workspace", "Okta". */
	readonly short: string;
	/** One line for the header and the Profile tab: "mastered by Active Directory (corp.example.com)". */
	readonly summary: string;
	/** Okta's credentials.provider type as sent. */
	readonly providerType: string;
}

const DIRECTORY: Readonly<Record<string, {readonly words: string; readonly short: string}>> = {
	ACTIVE_DIRECTORY: {words: 'Active Directory', short: 'AD'},
	LDAP: {words: 'LDAP', short: 'LDAP'},
};

/** Null where the backend says nothing about it (Wacht has no credential provider). */
export function identitySource(d: UserDetails, backend = 'Okta'): IdentitySource | null {
	const provider = d.credentialProvider;
	if (!provider) return null;
	const idps = (d.identityProviders ?? []).filter((i) => i.status === null || i.status === 'ACTIVE');
	const idpNames = idps.map((i) => i.name).join(', ');
	const named = (words: string): string => (provider.name && provider.name !== provider.type ? `${words} (${provider.name})` : words);
	const directory = DIRECTORY[provider.type];
	if (directory) {
		const where = named(directory.words);
		return {kind: 'directory', where, short: directory.short, summary: `mastered by ${where}`, providerType: provider.type};
	}
	if (provider.type === 'FEDERATION' || provider.type === 'SOCIAL') {
		const where = idpNames || (provider.type === 'FEDERATION' ? 'a federated identity provider' : 'a social identity provider');
		return {kind: 'idp', where, short: idpNames || 'their identity provider', summary: `signs in through ${where}`, providerType: provider.type};
	}
	// OKTA, IMPORT (a password hash brought in, kept by the backend since) and anything newer: the backend's own.
	const password = d.hasPassword === false ? `${backend} account, no password yet` : `${backend} password${provider.type === 'IMPORT' ? ' (imported)' : ''}`;
	const also = idpNames ? `; also linked to ${idpNames}` : '';
	return {kind: 'backend', where: backend, short: backend, summary: password + also, providerType: provider.type};
}
