/**
 * A trail event in plain words, for the Sign-ins tab, the record view, the diagnosis and the scripts: what happened
 * and, for a failure or a denial, why, beside the backend's own code ("wrong password · INVALID_CREDENTIALS"). An
 * event type or reason this app does not know keeps the backend's words: shown, never dropped.
 */
import type {AuditEvent, AuditParty} from '../api/types.js';
import {isFailure} from '../api/trail.js';

const target = (e: AuditEvent, ...types: string[]): AuditParty | undefined => e.targets.find((t) => types.includes(t.type));
const nameOf = (p: AuditParty | undefined): string | null => p?.displayName ?? p?.alternateId ?? null;

/** The app an event is about (an app sign-in, an app the user is not assigned to). */
export function appOf(e: AuditEvent): string | null {
	return nameOf(target(e, 'AppInstance', 'AppUser'));
}

/** The policy and rule of a policy decision. */
export function policyOf(e: AuditEvent): {readonly policy: string | null; readonly rule: string | null} {
	return {policy: nameOf(target(e, 'PolicyEntity')), rule: nameOf(target(e, 'PolicyRule'))};
}

/** A factor's own step (Okta writes a wrong MFA code as INVALID_CREDENTIALS too). */
const isMfaStep = (e: AuditEvent): boolean => e.type === 'user.authentication.auth_via_mfa' || e.type.startsWith('user.mfa.');
export const isWrongPassword = (e: AuditEvent): boolean => !isMfaStep(e) && (e.outcome.reason === 'INVALID_CREDENTIALS' || /\bINVALID_CREDENTIALS\b|invalid (username or )?password/i.test(e.outcome.reason ?? ''));
export const isPushRejected = (e: AuditEvent): boolean => e.type === 'user.mfa.okta_verify.deny_push' || /rejected .*push|push .*rejected/i.test(e.outcome.reason ?? '');
export const isNotAssigned = (e: AuditEvent): boolean => e.type === 'app.generic.unauth_app_access_attempt' || /not assigned/i.test(e.outcome.reason ?? '');
export const isPolicyDeny = (e: AuditEvent): boolean => e.type.startsWith('policy.evaluate') && e.outcome.result === 'DENY';
export const isThreat = (e: AuditEvent): boolean => e.type.startsWith('security.threat') || (e.threatSuspected === true && isFailure(e));
export const isLockedOut = (e: AuditEvent): boolean => e.type === 'user.account.lock' || e.outcome.reason === 'LOCKED_OUT';
export const isSignIn = (e: AuditEvent): boolean => e.type === 'user.session.start';

/** Why it failed or was denied, in words; null for a success, or a reason this app has no words for. */
export function reasonWords(e: AuditEvent): string | null {
	if (e.type === 'user.account.lock') return 'locked out after too many wrong passwords';
	if (e.outcome.reason === 'LOCKED_OUT') return 'the account is locked out';
	if (isWrongPassword(e)) return 'wrong password';
	if (isPolicyDeny(e) || (isFailure(e) && /policy/i.test(e.outcome.reason ?? ''))) {
		const {policy, rule} = policyOf(e);
		// The rule first: it is what someone changes, and a long policy name must not push it off the line.
		if (rule) return `denied by rule "${rule}"${policy ? ` of policy "${policy}"` : ''}`;
		if (policy) return `denied by policy "${policy}"`;
		return 'denied by a sign-on policy';
	}
	if (isNotAssigned(e)) return `not assigned to ${appOf(e) ?? 'this app'}`;
	if (isPushRejected(e)) return 'Okta Verify push rejected on their phone';
	if (/PASSWORD_EXPIRED|password (has )?expired/i.test(e.outcome.reason ?? '')) return 'password expired';
	if (isThreat(e)) return `blocked by ThreatInsight${e.outcome.reason ? ` (${e.outcome.reason})` : ''}${e.security.proxy ? ' from a proxy' : ''}`;
	if (/VERIFICATION_ERROR|INVALID_PASSCODE|invalid (pass)?code/i.test(e.outcome.reason ?? '') || (isMfaStep(e) && isFailure(e) && e.outcome.reason === 'INVALID_CREDENTIALS')) return 'wrong MFA code';
	if (/MFA_ENROLL|FACTOR_ENROLL/i.test(e.outcome.reason ?? '')) return 'must enroll a factor first';
	if (e.outcome.result === 'DENY' && e.security.proxy) return 'denied: from an anonymizing proxy';
	return null;
}

/** "wrong password · INVALID_CREDENTIALS": the words, then the backend's code; the code alone when there are no words. */
export function reasonLine(e: AuditEvent): string {
	const words = reasonWords(e);
	const code = e.outcome.reason;
	if (words && code && words.toLowerCase() !== code.toLowerCase()) return `${words} · ${code}`;
	return words ?? code ?? '';
}

/** What happened: the backend's display message, else its event type. */
export function eventText(e: AuditEvent): string {
	return e.message ?? e.type;
}

/** "Stockholm, Sweden" (or the IP's region, or nothing). */
export function placeOf(e: AuditEvent): string {
	return [e.client.city, e.client.country].filter(Boolean).join(', ');
}

const partyText = (p: AuditParty): string =>
	[p.displayName, p.alternateId && p.alternateId !== p.displayName ? `<${p.alternateId}>` : null, `${p.type}${p.id ? ` ${p.id}` : ''}`].filter(Boolean).join(' ');

/** Every field of an event as label and value, in reading order; what the backend left out is left out here. */
export function eventRecord(e: AuditEvent): readonly (readonly [string, string])[] {
	const rows: [string, string | null | undefined][] = [
		['Time', e.at],
		['Event', e.type],
		['Message', e.message],
		['Outcome', [e.outcome.result, e.outcome.reason].filter(Boolean).join(' · ') || null],
		['Why', reasonWords(e)],
		['Severity', e.severity],
		['Actor', e.actor ? partyText(e.actor) : null],
		...e.targets.map((t): [string, string] => ['Target', partyText(t)]),
		...e.targets.filter((t) => t.changes).map((t): [string, string] => ['Changed', `${JSON.stringify(t.changes?.from)} → ${JSON.stringify(t.changes?.to)}`]),
		['IP', e.client.ip],
		['Place', [e.client.city, e.client.region, e.client.country].filter(Boolean).join(', ') || null],
		['Client', [e.client.browser, e.client.os, e.client.device].filter(Boolean).join(' · ') || null],
		['User agent', e.client.userAgent],
		['Zone', e.client.zone],
		['Auth step', e.authentication.step === null ? null : String(e.authentication.step)],
		['Credential', [e.authentication.credentialType, e.authentication.credentialProvider].filter(Boolean).join(' · ') || null],
		['Auth provider', e.authentication.provider],
		['Session', e.authentication.sessionId],
		['Proxy', e.security.proxy === null ? null : e.security.proxy ? 'yes' : 'no'],
		['Network', [e.security.asOrg, e.security.isp, e.security.asn === null ? null : `AS${e.security.asn}`, e.security.domain].filter(Boolean).join(' · ') || null],
		['Threat suspected', e.threatSuspected === null ? null : e.threatSuspected ? 'yes' : 'no'],
		['Behaviours', e.behaviors.filter((b) => b.positive).map((b) => b.name).join(', ') || null],
		['Risk', e.risk],
		['Transaction', e.transactionId],
		['Request id', e.requestId],
		['Event id', e.id],
	];
	return rows.filter((r): r is [string, string] => typeof r[1] === 'string' && r[1] !== '');
}

/** The record as plain text, one `label: value` a line (what `c` copies). */
export function recordText(e: AuditEvent): string {
	return eventRecord(e)
		.map(([k, v]) => `${k}: ${v}`)
		.join('\n');
}
