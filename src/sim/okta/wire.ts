/**
 * Records → Okta's JSON (the shapes of the OpenAPI schemas User, UserFactor*, Group, StandardRole/CustomRole,
 * AssignedAppLink, OAuth2Client, OAuth2ScopeConsentGrant, OAuth2RefreshToken), with the key order Okta uses and
 * `_links` built from `base` (the simulator's own URL, standing in for https://{yourOktaDomain}).
 */
import type {LogEventRecord} from './events.js';
import type {AppLinkRecord, ClientRecord, FactorRecord, GrantRecord, GroupRecord, IdpRecord, OktaStore, RefreshTokenRecord, RoleRecord, UserRecord, UserStatus} from './store.js';

export type Json = Record<string, unknown>;

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

const post = (href: string) => ({href, method: 'POST'});

/** A System Log event, `published` in Okta's place (after `outcome`). */
export function logEventJson(e: LogEventRecord): Json {
	const out: Json = {};
	for (const [k, v] of Object.entries(e.json)) {
		out[k] = v;
		if (k === 'outcome') out['published'] = iso(e.published);
	}
	return out;
}

/** Which lifecycle/credential links a single user carries in each status (the source of truth for UI gating). */
export function lifecycleLinks(store: OktaStore, u: UserRecord): string[] {
	if (u.transitioningToStatus) return [];
	const hasFactors = [...store.factors.values()].some((f) => f.userId === u.id);
	const directory = u.provider.type === 'ACTIVE_DIRECTORY' || u.provider.type === 'LDAP';
	const links: string[] = [];
	const byStatus: Record<UserStatus, string[]> = {
		STAGED: ['activate', 'deactivate'],
		PROVISIONED: ['reactivate', 'resetPassword', 'deactivate'],
		ACTIVE: ['suspend', 'resetPassword', 'expirePassword', 'forgotPassword', 'changeRecoveryQuestion', 'changePassword', 'deactivate'],
		RECOVERY: ['reactivate', 'resetPassword', 'expirePassword', 'deactivate'],
		LOCKED_OUT: ['unlock', 'resetPassword', 'deactivate'],
		PASSWORD_EXPIRED: ['resetPassword', 'expirePassword', 'changePassword', 'deactivate'],
		SUSPENDED: ['unsuspend', 'deactivate'],
		DEPROVISIONED: ['activate'],
	};
	const federated = u.provider.type === 'FEDERATION' || u.provider.type === 'SOCIAL';
	for (const rel of byStatus[u.status]) {
		// The IdP holds the credentials: Okta has no password to reset for them.
		if (federated && rel === 'resetPassword') continue;
		if ((rel === 'expirePassword' || rel === 'changePassword' || rel === 'changeRecoveryQuestion') && !u.hasPassword) continue;
		if (rel === 'forgotPassword' && (!u.hasPassword || !u.recoveryQuestion)) continue;
		if (rel === 'unlock' && directory) continue;
		links.push(rel);
	}
	if (u.status === 'ACTIVE' && u.blocks.length > 0 && !directory) links.unshift('unlock');
	if (hasFactors && u.status !== 'DEPROVISIONED') links.push('resetFactors');
	return links;
}

const LINK_PATHS: Record<string, string> = {
	activate: 'lifecycle/activate',
	reactivate: 'lifecycle/reactivate',
	deactivate: 'lifecycle/deactivate',
	suspend: 'lifecycle/suspend',
	unsuspend: 'lifecycle/unsuspend',
	unlock: 'lifecycle/unlock',
	resetPassword: 'lifecycle/reset_password',
	expirePassword: 'lifecycle/expire_password',
	resetFactors: 'lifecycle/reset_factors',
	forgotPassword: 'credentials/forgot_password',
	changePassword: 'credentials/change_password',
	changeRecoveryQuestion: 'credentials/change_recovery_question',
};

export interface UserJsonOptions {
	/** Collections (list/search) carry only the `self` link. */
	collection?: boolean;
	/** From `Content-Type: application/json; okta-response=…`. */
	omitCredentials?: boolean;
	omitCredentialsLinks?: boolean;
	omitTransitioningToStatus?: boolean;
	/** `?expand=blocks` on GET user. */
	embedBlocks?: boolean;
}

const CREDENTIAL_LINKS = new Set(['changePassword', 'changeRecoveryQuestion', 'forgotPassword', 'resetPassword', 'resetFactors', 'unlock']);

export function userJson(store: OktaStore, base: string, u: UserRecord, opts: UserJsonOptions = {}): Json {
	const self = `${base}/api/v1/users/${u.id}`;
	const out: Json = {id: u.id, status: u.status};
	if (u.transitioningToStatus && !opts.omitTransitioningToStatus) out['transitioningToStatus'] = u.transitioningToStatus;
	out['created'] = iso(u.created);
	out['activated'] = isoOrNull(u.activated);
	out['statusChanged'] = isoOrNull(u.statusChanged);
	out['lastLogin'] = isoOrNull(u.lastLogin);
	out['lastUpdated'] = iso(u.lastUpdated);
	out['passwordChanged'] = isoOrNull(u.passwordChanged);
	out['type'] = {id: u.typeId};
	out['profile'] = {...u.profile};
	if (!opts.omitCredentials) {
		const credentials: Json = {};
		if (u.hasPassword) credentials['password'] = {};
		if (u.recoveryQuestion) credentials['recovery_question'] = {question: u.recoveryQuestion};
		credentials['provider'] = {type: u.provider.type, name: u.provider.name};
		out['credentials'] = credentials;
	}
	if (opts.embedBlocks) out['_embedded'] = {blocks: u.blocks.map((b) => ({...b}))};
	const links: Json = {};
	if (!opts.collection) {
		for (const rel of lifecycleLinks(store, u)) {
			if (opts.omitCredentialsLinks && CREDENTIAL_LINKS.has(rel)) continue;
			links[rel] = post(`${self}/${LINK_PATHS[rel]}`);
		}
		links['schema'] = {href: `${base}/api/v1/meta/schemas/user/${store.org.userSchemaId}`};
		links['type'] = {href: `${base}/api/v1/meta/types/user/${u.typeId}`};
	}
	links['self'] = {href: self};
	out['_links'] = links;
	return out;
}

/** `fields=id,status,profile:(firstName,lastName)`: keeps the listed top-level fields (id always) and profile sub-fields. */
export function projectFields(user: Json, fields: string): Json {
	const top = new Set<string>(['id']);
	let profileFields: Set<string> | null = null;
	const re = /\s*(profile\s*:\s*\(([^)]*)\)|[^,]+)\s*(,|$)/g;
	for (let m = re.exec(fields); m && m[0] !== ''; m = re.exec(fields)) {
		if (m[2] !== undefined) {
			top.add('profile');
			profileFields = new Set(m[2].split(',').map((s) => s.trim()).filter(Boolean));
		} else if (m[1]) top.add(m[1].trim());
	}
	const out: Json = {};
	for (const [k, v] of Object.entries(user)) {
		if (!top.has(k)) continue;
		if (k === 'profile' && profileFields) {
			const p: Json = {};
			for (const [pk, pv] of Object.entries(v as Json)) if (profileFields.has(pk)) p[pk] = pv;
			out[k] = p;
		} else out[k] = v;
	}
	return out;
}

export function factorJson(base: string, f: FactorRecord, opts: {enrollment?: boolean} = {}): Json {
	const userHref = `${base}/api/v1/users/${f.userId}`;
	const self = `${userHref}/factors/${f.id}`;
	const links: Json = {};
	if (f.status === 'PENDING_ACTIVATION') {
		links['activate'] = {href: `${self}/lifecycle/activate`, hints: {allow: ['POST']}};
		if (f.factorType === 'sms' || f.factorType === 'call' || f.factorType === 'email') links['resend'] = {name: f.factorType, href: `${self}/resend`, hints: {allow: ['POST']}};
	}
	if (f.factorType === 'question') links['question'] = {href: `${userHref}/factors/questions`, hints: {allow: ['GET']}};
	links['self'] = {href: self, hints: {allow: ['GET', 'DELETE']}};
	if (f.status === 'ACTIVE') links['verify'] = {href: `${self}/verify`, hints: {allow: ['POST']}};
	links['user'] = {href: userHref, hints: {allow: ['GET']}};
	const out: Json = {
		id: f.id,
		factorType: f.factorType,
		provider: f.provider,
		vendorName: f.vendorName,
		status: f.status,
		created: iso(f.created),
		lastUpdated: iso(f.lastUpdated),
		profile: {...f.profile},
		_links: links,
	};
	if (opts.enrollment && f.status === 'PENDING_ACTIVATION' && f.secret) {
		out['_embedded'] = {
			activation: {
				timeStep: 30,
				sharedSecret: f.secret,
				encoding: 'base32',
				keyLength: 6,
				_links: {qrcode: {href: `${self}/qr/00${f.secret.slice(0, 8).toLowerCase()}`, type: 'image/png'}},
			},
		};
	}
	return out;
}

export function groupJson(base: string, g: GroupRecord): Json {
	const self = `${base}/api/v1/groups/${g.id}`;
	const links: Json = {
		logo: [
			{name: 'medium', href: `${base}/assets/img/logos/groups/${g.type === 'APP_GROUP' ? 'active_directory' : 'okta'}-medium.png`, type: 'image/png'},
			{name: 'large', href: `${base}/assets/img/logos/groups/${g.type === 'APP_GROUP' ? 'active_directory' : 'okta'}-large.png`, type: 'image/png'},
		],
	};
	if (g.sourceAppId) links['source'] = {href: `${base}/api/v1/apps/${g.sourceAppId}`};
	links['users'] = {href: `${self}/users`};
	links['apps'] = {href: `${self}/apps`};
	return {
		id: g.id,
		created: iso(g.created),
		lastUpdated: iso(g.lastUpdated),
		lastMembershipUpdated: iso(g.lastMembershipUpdated),
		objectClass: [...g.objectClass],
		type: g.type,
		profile: {...g.profile},
		_links: links,
	};
}

/** An IdentityProvider as GET /users/{id}/idps lists it. */
export function idpJson(base: string, i: IdpRecord): Json {
	const self = `${base}/api/v1/idps/${i.id}`;
	const links: Json = {self: {href: self}, users: {href: `${self}/users`}};
	if (i.protocol === 'SAML2') {
		links['metadata'] = {href: `${self}/metadata.xml`, type: 'application/xml'};
		links['acs'] = {href: `${base}/sso/saml2/${i.id}`, type: 'application/xml', hints: {allow: ['POST']}};
	} else {
		links['authorize'] = {href: `${base}/oauth2/v1/authorize?idp=${i.id}&client_id={clientId}&response_type={responseType}&response_mode={responseMode}&scope={scopes}&redirect_uri={redirectUri}&state={state}&nonce={nonce}`, templated: true, hints: {allow: ['GET']}};
		links['clientRedirectUri'] = {href: `${base}/oauth2/v1/authorize/callback`, hints: {allow: ['POST']}};
	}
	return {
		id: i.id,
		type: i.type,
		issuerMode: 'DYNAMIC',
		name: i.name,
		status: i.status,
		created: iso(i.created),
		lastUpdated: iso(i.lastUpdated),
		protocol: i.protocol === 'SAML2' ? {type: 'SAML2'} : {type: i.protocol, scopes: i.protocol === 'OIDC' ? ['openid', 'email', 'profile'] : ['email']},
		_links: links,
	};
}

export function roleJson(base: string, r: RoleRecord): Json {
	const assignee = {href: `${base}/api/v1/users/${r.userId}`};
	if (r.type === 'CUSTOM' || r.role) {
		return {
			id: r.id,
			role: r.role,
			label: r.label,
			type: r.type,
			status: r.status,
			created: iso(r.created),
			lastUpdated: iso(r.lastUpdated),
			assignmentType: r.assignmentType,
			'resource-set': r.resourceSet,
			_links: {
				assignee,
				'resource-set': {href: `${base}/api/v1/iam/resource-sets/${r.resourceSet}`},
				role: {href: `${base}/api/v1/iam/roles/${r.role}`},
				permissions: {href: `${base}/api/v1/iam/roles/${r.role}/permissions`},
			},
		};
	}
	return {
		id: r.id,
		label: r.label,
		type: r.type,
		status: r.status,
		created: iso(r.created),
		lastUpdated: iso(r.lastUpdated),
		assignmentType: r.assignmentType,
		_links: {assignee},
	};
}

/** App links carry the user's id as `id` (as Okta's own examples do); key by appAssignmentId + label instead. */
export function appLinkJson(base: string, store: OktaStore, l: AppLinkRecord): Json {
	const app = store.apps.get(l.appId);
	return {
		id: l.userId,
		label: l.label,
		linkUrl: `${base}${l.linkPath}`,
		logoUrl: l.logoUrl.startsWith('http') ? l.logoUrl : `${base}${l.logoUrl}`,
		appName: app?.name ?? 'unknown',
		appInstanceId: l.appId,
		appAssignmentId: l.appAssignmentId,
		credentialsSetup: l.credentialsSetup,
		hidden: l.hidden,
		sortOrder: l.sortOrder,
	};
}

export function clientJson(base: string, userId: string, c: ClientRecord): Json {
	const userClient = `${base}/api/v1/users/${userId}/clients/${c.clientId}`;
	return {
		client_id: c.clientId,
		client_name: c.clientName,
		client_uri: c.clientUri,
		logo_uri: c.logoUri,
		_links: {
			self: {href: `${base}/oauth2/v1/clients/${c.clientId}`},
			grants: {href: `${userClient}/grants`},
			tokens: {href: `${userClient}/tokens`},
		},
	};
}

function issuer(base: string, store: OktaStore): string {
	return `${base}/oauth2/${store.org.authServer.id}`;
}

export function grantJson(base: string, store: OktaStore, g: GrantRecord, opts: {expandScope?: boolean} = {}): Json {
	const client = store.clients.get(g.clientId);
	const user = store.users.get(g.userId);
	const auth = store.org.authServer;
	const out: Json = {
		id: g.id,
		status: g.status,
		created: iso(g.created),
		createdBy: {...g.createdBy},
		lastUpdated: iso(g.lastUpdated),
		issuer: issuer(base, store),
		clientId: g.clientId,
		userId: g.userId,
		scopeId: g.scopeId,
		source: g.source,
	};
	if (opts.expandScope) out['_embedded'] = {scope: {id: g.scopeId}};
	out['_links'] = {
		app: {href: `${base}/api/v1/apps/${g.clientId}`, title: client?.clientName ?? g.clientId},
		authorizationServer: {href: `${base}/api/v1/authorizationServers/${auth.id}`, title: auth.name},
		scope: {href: `${base}/api/v1/authorizationServers/${auth.id}/scopes/${scopeIdFor(g.scopeId)}`, title: g.scopeId},
		self: {href: `${base}/api/v1/users/${g.userId}/grants/${g.id}`, hints: {allow: ['GET', 'DELETE']}},
		client: {href: `${base}/oauth2/v1/clients/${g.clientId}`, title: client?.clientName ?? g.clientId},
		user: {href: `${base}/api/v1/users/${g.userId}`, title: user ? `${user.profile.firstName ?? ''} ${user.profile.lastName ?? ''}`.trim() : g.userId},
	};
	return out;
}

/** A stable `scp…` id per scope name, so links are consistent between calls. */
function scopeIdFor(scope: string): string {
	let h = 2166136261;
	for (const ch of scope) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let s = 'scp';
	for (let i = 0; i < 17; i++) {
		h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
		s += alphabet[h % 62];
	}
	return s;
}

export function refreshTokenJson(base: string, store: OktaStore, t: RefreshTokenRecord, opts: {expandScope?: boolean} = {}): Json {
	const client = store.clients.get(t.clientId);
	const user = store.users.get(t.userId);
	const auth = store.org.authServer;
	const self = `${base}/api/v1/users/${t.userId}/clients/${t.clientId}/tokens/${t.id}`;
	const out: Json = {
		id: t.id,
		status: t.status,
		created: iso(t.created),
		lastUpdated: iso(t.lastUpdated),
		expiresAt: iso(t.expiresAt),
		issuer: issuer(base, store),
		clientId: t.clientId,
		userId: t.userId,
		scopes: [...t.scopes],
	};
	if (opts.expandScope) {
		out['_embedded'] = {
			scopes: t.scopes.map((name) => ({
				id: scopeIdFor(name),
				name,
				displayName: name,
				description: `Allows the client to use the ${name} scope`,
				_links: {scope: {href: `${base}/api/v1/authorizationServers/${auth.id}/scopes/${scopeIdFor(name)}`, title: name}},
			})),
		};
	}
	out['_links'] = {
		app: {href: `${base}/api/v1/apps/${t.clientId}`, title: client?.clientName ?? t.clientId},
		self: {href: self, hints: {allow: ['GET', 'DELETE']}},
		revoke: {href: self, hints: {allow: ['DELETE']}},
		client: {href: `${base}/oauth2/v1/clients/${t.clientId}`, title: client?.clientName ?? t.clientId},
		user: {href: `${base}/api/v1/users/${t.userId}`, title: user ? `${user.profile.firstName ?? ''} ${user.profile.lastName ?? ''}`.trim() : t.userId},
		authorizationServer: {href: `${base}/api/v1/authorizationServers/${auth.id}`, title: auth.name},
	};
	return out;
}
