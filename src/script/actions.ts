/**
 * One plan per action subcommand: what it needs from the backend (capability, the object it acts on), the app's
 * words for it (describePending / effectOf, so a dialog and a script say the same), and the one provider call that
 * does it. Planning only reads; `run` is the only step that sends a change, through the guarded provider, which
 * journals it.
 */
import type {Capability, Provider} from '../api/provider.js';
import type {Outcome, UserDetails} from '../api/types.js';
import {describePending, effectOf, type Pending, type UserRef} from '../../screens/state/store.js';
import type {ActionCommand} from './args.js';
import {EXIT, ScriptExit, quoteArg} from './report.js';

export interface Done {
	readonly outcome: Outcome<unknown>;
	/** One line for stdout (text mode). */
	readonly line: string;
	/** Extra JSON fields: counts, messages. */
	readonly extra?: Readonly<Record<string, unknown>>;
	/** Shown once on stdout, never logged: new backup codes, a reset or activation link. */
	readonly reveal?: readonly {readonly label: string; readonly value: string}[];
}

export interface Plan {
	/** The journal's action name. */
	readonly action: string;
	readonly pending: Pending;
	readonly describe: string;
	readonly effect: string;
	readonly object?: {readonly type: string; readonly id: string; readonly label: string | null};
	/** Set when there is nothing to do: the run ends with exit 0 and nothing is sent. */
	readonly nothingToDo?: string;
	run(): Promise<Done>;
}

/** The capability an action needs, checked before anything is read; null when it depends on the user (lifecycle). */
export function capabilityOf(command: ActionCommand, caps: Provider['capabilities']): Capability | null {
	switch (command.kind) {
		case 'sessions.revoke':
			return 'sessions.revoke';
		case 'sessions.revokeAll':
			return 'sessions.revokeAll';
		case 'grants.revoke':
		case 'grants.revokeAll':
			return 'grants.revoke';
		case 'passkeys.rename':
			return 'passkeys.rename';
		case 'passkeys.delete':
			return 'passkeys.delete';
		case 'mfa.delete':
			// Okta unenrolls a listed factor; Wacht (no factor list) deletes the one authenticator.
			return caps['mfa.factors.delete'] === true ? 'mfa.factors.delete' : 'mfa.totp.delete';
		case 'mfa.backupCodes':
			return 'mfa.backupCodes.regenerate';
		case 'lifecycle':
			return null;
	}
}

/** What to run instead, where a backend cannot do what was asked. */
export const INSTEAD: Partial<Record<Capability, string>> = {
	'sessions.revoke': 'account-triage sessions revoke-all <user> [--oauth-tokens] [--forget-devices], or grants revoke <user> <grant-id>',
};

/** A capability's reason speaks of the app's keys ("X clears them all"); a script's reader needs the subcommand. */
export function forScripts(reason: string): string {
	return reason.replace(/\bX clears them all\b/, 'sessions revoke-all clears them all').replace(/from the factor list$/, 'with mfa delete <user> <factor-id>');
}

export function userRef(user: UserDetails): UserRef {
	return {id: user.id, name: user.displayName, email: user.email, login: user.login};
}

function notFound(what: string, id: string, user: UserRef, query: string): never {
	throw new ScriptExit(EXIT.notFound, `${user.name} has no ${what} ${id}`, {hint: `account-triage show ${quoteArg(query)} lists them`});
}

const rid = (o: Outcome<unknown>): string => (o.requestId ? `, request ${o.requestId}` : '');

export async function planAction(provider: Provider, command: ActionCommand, user: UserDetails): Promise<Plan> {
	const ref = userRef(user);
	const who = `${ref.name}${ref.email ?? ref.login ? ` <${ref.email ?? ref.login}>` : ''}`;
	const make = (action: string, pending: Pending, run: () => Promise<Done>, object?: Plan['object'], nothingToDo?: string): Plan => ({
		action,
		pending,
		describe: describePending(pending),
		effect: effectOf(pending),
		...(object ? {object} : {}),
		...(nothingToDo ? {nothingToDo} : {}),
		run,
	});
	switch (command.kind) {
		case 'sessions.revoke': {
			const sessions = await provider.listSessions(user.id);
			const session = sessions.find((s) => s.id === command.sessionId) ?? notFound('session', command.sessionId, ref, command.user);
			return make(
				'sessions.revoke',
				{kind: 'revokeSession', user: ref, session},
				async () => {
					const o = await provider.revokeSession(user.id, session.id);
					return {outcome: o, line: `Revoked session ${session.id} of ${who}${rid(o)}`};
				},
				{type: 'session', id: session.id, label: [session.browser, session.device, session.ip].filter(Boolean).join(' · ') || null},
			);
		}
		case 'sessions.revokeAll': {
			const listable = provider.capabilities['sessions.list'] === true;
			const {oauthTokens, forgetDevices} = command;
			if (listable && (oauthTokens || forgetDevices)) {
				throw new ScriptExit(EXIT.usage, `--oauth-tokens and --forget-devices are for Okta; ${provider.label} ends every sign-in it holds`);
			}
			const count = listable ? (await provider.listSessions(user.id)).length : null;
			return make('sessions.revokeAll', {kind: 'revokeAllSessions', user: ref, count, oauthTokens, forgetDevices}, async () => {
				const o = listable ? await provider.revokeAllSessions(user.id) : await provider.revokeAllSessions(user.id, {oauthTokens, forgetDevices});
				const n = o.value.revoked;
				const extra = [oauthTokens ? 'OAuth tokens revoked' : null, forgetDevices ? 'devices forgotten' : null].filter(Boolean).join(', ');
				return {
					outcome: o,
					line: `Revoked ${n === null ? 'all sessions' : `${n} sign-in${n === 1 ? '' : 's'}`} of ${who}${extra ? ` (${extra})` : ''}${rid(o)}`,
					extra: {revoked: n, ...(listable ? {} : {oauthTokens, forgetDevices})},
				};
			});
		}
		case 'grants.revoke': {
			const grants = await provider.listGrants(user.id);
			const grant = grants.find((g) => g.id === command.grantId) ?? notFound('OAuth grant or refresh token', command.grantId, ref, command.user);
			return make(
				'grants.revoke',
				{kind: 'revokeGrant', user: ref, grant},
				async () => {
					const o = await provider.revokeGrant(user.id, grant);
					return {outcome: o, line: `Revoked the ${grant.kind === 'grant' ? 'grant' : 'refresh token'} of ${who} for ${grant.clientName}${rid(o)}`};
				},
				{type: grant.kind, id: grant.id, label: grant.clientName || grant.clientId},
			);
		}
		case 'grants.revokeAll': {
			const grants = await provider.listGrants(user.id);
			return make('grants.revokeAll', {kind: 'revokeAllGrants', user: ref, count: grants.length}, async () => {
				const o = await provider.revokeAllGrants(user.id);
				return {outcome: o, line: `Revoked all OAuth grants and tokens of ${who}${rid(o)}`, extra: {count: grants.length}};
			});
		}
		case 'passkeys.rename': {
			const passkeys = await provider.listPasskeys(user.id);
			const passkey = passkeys.find((p) => p.id === command.passkeyId) ?? notFound('passkey', command.passkeyId, ref, command.user);
			const name = command.name;
			return make(
				'passkeys.rename',
				{kind: 'renamePasskey', user: ref, passkey, name},
				async () => {
					const o = await provider.renamePasskey(user.id, passkey.id, name);
					return {outcome: o, line: `Renamed passkey "${passkey.name}" of ${who} to "${name}"${rid(o)}`, extra: {name}};
				},
				{type: 'passkey', id: passkey.id, label: passkey.name},
				passkey.name === name ? `passkey ${passkey.id} is already called "${name}": nothing changed` : undefined,
			);
		}
		case 'passkeys.delete': {
			const passkeys = await provider.listPasskeys(user.id);
			const passkey = passkeys.find((p) => p.id === command.passkeyId) ?? notFound('passkey', command.passkeyId, ref, command.user);
			return make(
				'passkeys.delete',
				{kind: 'deletePasskey', user: ref, passkey},
				async () => {
					const o = await provider.deletePasskey(user.id, passkey.id);
					return {outcome: o, line: `Deleted passkey "${passkey.name}" of ${who}${rid(o)}`};
				},
				{type: 'passkey', id: passkey.id, label: passkey.name},
			);
		}
		case 'mfa.delete': {
			if (provider.capabilities['mfa.factors.delete'] === true) {
				const mfa = await provider.getMfa(user.id);
				if (command.factorId === null) {
					const list = mfa.factors.map((f) => `  ${[f.id, f.type, f.name, f.status].filter(Boolean).join('  ')}`).join('\n');
					throw new ScriptExit(
						EXIT.usage,
						`${provider.label} unenrolls one factor: name it (account-triage mfa delete <user> <factor-id>). ${ref.name} has ${mfa.factors.length === 0 ? 'none' : `these:\n${list}`}`,
					);
				}
				const factor = mfa.factors.find((f) => f.id === command.factorId) ?? notFound('factor', command.factorId, ref, command.user);
				return make(
					'mfa.factors.delete',
					{kind: 'deleteFactor', user: ref, factor},
					async () => {
						const o = await provider.deleteFactor(user.id, factor.id);
						return {outcome: o, line: `Unenrolled the ${factor.type} factor ${factor.id} of ${who}${rid(o)}`};
					},
					{type: 'factor', id: factor.id, label: factor.name || factor.type},
				);
			}
			if (command.factorId !== null) {
				throw new ScriptExit(EXIT.usage, `${provider.label} has no factor list: account-triage mfa delete <user> deletes the TOTP authenticator`);
			}
			return make('mfa.totp.delete', {kind: 'deleteTotp', user: ref}, async () => {
				const o = await provider.deleteTotp(user.id);
				return {outcome: o, line: `Deleted the TOTP authenticator of ${who}${rid(o)}`};
			});
		}
		case 'mfa.backupCodes':
			return make('mfa.backupCodes.regenerate', {kind: 'regenerateBackupCodes', user: ref}, async () => {
				const o = await provider.regenerateBackupCodes(user.id);
				return {
					outcome: o,
					line: `New backup codes for ${who}; the old ones no longer work${rid(o)}`,
					reveal: o.value.map((code) => ({label: 'backup code', value: code})),
				};
			});
		case 'lifecycle': {
			const offered = provider.lifecycleActions(user);
			const action = offered.find((a) => a.id === command.action);
			if (!action) {
				const status = user.statusText ?? user.status;
				throw new ScriptExit(
					EXIT.refused,
					offered.length === 0
						? `${provider.label} offers no state change for ${ref.name} (status ${status}) right now: nothing was sent`
						: `${provider.label} does not offer "${command.action}" for ${ref.name} (status ${status}): nothing was sent`,
					offered.length > 0 ? {hint: `offered now: ${offered.map((a) => a.id).join(', ')}`} : {},
				);
			}
			return make(`lifecycle.${action.id}`, {kind: 'lifecycle', user: ref, action}, async () => {
				const o = await provider.runLifecycle(user.id, action.id);
				return {
					outcome: o,
					line: `${action.label}: ${o.value.message} (${who})${rid(o)}`,
					extra: {message: o.value.message},
					...(o.value.reveal?.length ? {reveal: o.value.reveal} : {}),
				};
			});
		}
	}
}
