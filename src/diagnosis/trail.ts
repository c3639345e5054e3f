/**
 * What the sign-in trail says about why someone cannot get in: repeated wrong passwords, a policy deny, an app they
 * are not assigned to, a burst of rejected pushes (MFA fatigue), ThreatInsight blocks, a takeover pattern, and
 * whether Okta's lastLogin agrees with the trail. Each finding cites the events it rests on (time, place, IP).
 */
import {isFailure} from '../api/trail.js';
import type {AuditEvent, Trail, UserDetails} from '../api/types.js';
import {appOf, isLockedOut, isNotAssigned, isPolicyDeny, isPushRejected, isSignIn, isThreat, isWrongPassword, placeOf, policyOf} from './event-words.js';
import {localWhen} from './when.js';
import {plural} from '../format.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const t = (e: AuditEvent): number => Date.parse(e.at);

/** "07:41 Stockholm, Sweden (198.51.100.88)": one cited event. */
export function citeText(e: AuditEvent, now: number): string {
	const where = placeOf(e);
	return [localWhen(e.at, now), where || null, e.client.ip ? `(${e.client.ip})` : null].filter(Boolean).join(' ');
}

/** "07:37–07:41", "yesterday 23:58–00:02", "07:41": when a run of events happened, in the operator's local time. */
function timeSpan(events: readonly AuditEvent[], now: number): string {
	const times = events.map(t);
	const first = localWhen(new Date(Math.min(...times)).toISOString(), now) ?? '';
	const last = localWhen(new Date(Math.max(...times)).toISOString(), now) ?? '';
	if (first === last) return last;
	// The day is said once when both ends share it ("yesterday 16:05–16:09").
	const day = (w: string): string => w.replace(/\d\d:\d\d$/, '');
	return day(first) === day(last) && /\d\d:\d\d$/.test(last) ? `${first}–${last.slice(-5)}` : `${first}–${last}`;
}

/** "07:37–07:41 from Stockholm, Sweden (198.51.100.88)": when, and where most of them came from. */
function spanFrom(events: readonly AuditEvent[], now: number): string {
	const first = events[0]!;
	const where = placeOf(first) || 'an unknown place';
	const ips = new Set(events.map((e) => e.client.ip).filter(Boolean));
	const ip = ips.size === 1 ? ` (${first.client.ip})` : ips.size > 1 ? ` (${ips.size} addresses)` : '';
	const when = events.length > 1 ? timeSpan(events, now) : `at ${timeSpan(events, now)}`;
	return `${when} from ${where}${ip}`;
}

export interface TrailFacts {
	/** Wrong passwords since the last successful sign-in (or unlock, or new password), newest first. */
	readonly wrongPasswords: readonly AuditEvent[];
	readonly lastSuccess: AuditEvent | null;
}

/** Events after which Okta counts wrong passwords from zero again (an admin's unlock, a new password). */
const COUNTER_RESETS = new Set(['user.account.unlock_by_admin', 'user.account.unlock', 'user.account.reset_password', 'user.account.update_password', 'user.lifecycle.unsuspend']);

export function trailFacts(events: readonly AuditEvent[]): TrailFacts {
	const lastSuccess = events.find((e) => isSignIn(e) && e.outcome.result === 'SUCCESS') ?? null;
	const reset = events.find((e) => COUNTER_RESETS.has(e.type) && !isFailure(e)) ?? null;
	const from = Math.max(lastSuccess ? t(lastSuccess) : -Infinity, reset ? t(reset) : -Infinity);
	return {wrongPasswords: events.filter((e) => t(e) > from && isWrongPassword(e)), lastSuccess};
}

/** What the diagnosis reads of a trail: its events, newest first, and how far back they are complete. */
export type TrailInput = Pick<Trail, 'events' | 'since' | 'capped'>;

/**
 * Whether the backend's last-sign-in field and the trail's newest successful sign-in agree (within a minute): the
 * header says which one it shows, and a disagreement is a finding. `agree` is null when the trail cannot tell (no
 * sign-in in it, and lastLogin older than the window or the read capped).
 */
export function lastLoginVersusTrail(trail: TrailInput, lastLogin: string | null): {readonly trail: AuditEvent | null; readonly agree: boolean | null} {
	const last = trailFacts(trail.events).lastSuccess;
	if (last) return {trail: last, agree: lastLogin !== null && Math.abs(Date.parse(lastLogin) - t(last)) <= MIN};
	const covered = lastLogin !== null && !trail.capped && Date.parse(lastLogin) >= Date.parse(trail.since);
	return {trail: null, agree: covered ? false : null};
}

export type TrailRuleId = 'wrong_passwords' | 'policy_deny' | 'not_assigned' | 'push_fatigue' | 'threat_blocked' | 'takeover' | 'last_login_mismatch';

export interface TrailFinding {
	readonly id: TrailRuleId;
	readonly severity: 'blocker' | 'warning' | 'note';
	readonly text: string;
	readonly cites: readonly AuditEvent[];
	/** What the step is, by rule: the caller maps it to an operation this backend offers. */
	readonly step: 'unlock' | 'temporary_password' | 'suspend_and_sign_out' | null;
}

const positive = (e: AuditEvent, ...names: string[]): boolean => e.behaviors.some((b) => b.positive && names.includes(b.name));

/** The trail's findings for one user, most recent evidence first within a rule; `events` newest first. */
export function trailFindings(trail: TrailInput, details: UserDetails, now: number): TrailFinding[] {
	const {events} = trail;
	const out: TrailFinding[] = [];
	const recent = events.filter((e) => now - t(e) <= 24 * HOUR);
	const facts = trailFacts(events);

	// Wrong passwords: what locked them out, or how close they are.
	const wrong = facts.wrongPasswords;
	if (details.status === 'locked_out' && wrong.length > 0) {
		const lock = events.find((e) => e.type === 'user.account.lock') ?? events.find(isLockedOut);
		// Said as the reason of the lockout finding ("Locked out since 07:41 after …").
		out.push({id: 'wrong_passwords', severity: 'blocker', text: `${plural(wrong.length, 'wrong password')} ${spanFrom(wrong, now)}`, cites: [...(lock ? [lock] : []), ...wrong], step: 'unlock'});
	} else if (details.status === 'active' && wrong.length >= 3 && now - t(wrong[0]!) <= 6 * HOUR) {
		out.push({id: 'wrong_passwords', severity: 'warning', text: `${plural(wrong.length, 'wrong password')} ${spanFrom(wrong, now)}, none right since: a lockout may be close`, cites: wrong, step: 'temporary_password'});
	}

	// A policy deny with no successful sign-in after it.
	const denies = recent.filter((e) => isPolicyDeny(e) && (!facts.lastSuccess || t(e) > t(facts.lastSuccess)));
	if (denies.length > 0) {
		const {policy, rule} = policyOf(denies[0]!);
		const by = rule ? `rule "${rule}"${policy ? ` of policy "${policy}"` : ''}` : policy ? `policy "${policy}"` : 'a sign-on policy';
		out.push({id: 'policy_deny', severity: 'blocker', text: `Denied by ${by}: ${plural(denies.length, 'sign-in')} ${spanFrom(denies, now)}`, cites: denies, step: null});
	}

	// Not assigned to the app they keep trying.
	const unassigned = recent.filter(isNotAssigned);
	if (unassigned.length > 0) {
		const app = appOf(unassigned[0]!) ?? 'an app';
		const same = unassigned.filter((e) => (appOf(e) ?? 'an app') === app);
		out.push({id: 'not_assigned', severity: 'blocker', text: `Not assigned to ${app}: tried ${plural(same.length, 'time')} ${spanFrom(same, now)}; assign the app in Okta`, cites: same, step: null});
	}

	// Pushes rejected in a burst, or from somewhere new: someone else has the password.
	const rejected = events.filter((e) => isPushRejected(e) && now - t(e) <= 6 * HOUR);
	const burst = rejected.length >= 3 && t(rejected[0]!) - t(rejected.at(-1)!) <= 30 * MIN;
	if (burst || rejected.some((e) => positive(e, 'New Country', 'New Geo-Location'))) {
		const strange = rejected.some((e) => positive(e, 'New Country')) ? ', a country new for them' : '';
		out.push({id: 'push_fatigue', severity: 'blocker', text: `Possible MFA-fatigue attack: ${plural(rejected.length, 'Okta Verify push', 'Okta Verify pushes')} rejected ${spanFrom(rejected, now)}${strange}: their password is known`, cites: rejected, step: 'suspend_and_sign_out'});
	}

	// ThreatInsight blocks, or attempts refused because they came through an anonymizing proxy.
	const threats = recent.filter((e) => isThreat(e) || (isFailure(e) && e.security.proxy === true && !isPolicyDeny(e)));
	if (threats.length > 0) {
		const insight = threats.filter(isThreat);
		const reason = insight[0]?.outcome.reason;
		const proxy = threats.some((e) => e.security.proxy) ? ' through a proxy' : '';
		const text =
			insight.length > 0
				? `ThreatInsight blocked ${plural(threats.length, 'attempt')}${reason ? ` (${reason})` : ''} ${spanFrom(threats, now)}${proxy}: an attack on the account, not their own sign-ins`
				: `${plural(threats.length, 'sign-in')} refused from an anonymizing proxy ${spanFrom(threats, now)}: not from their usual network`;
		out.push({id: 'threat_blocked', severity: 'warning', text, cites: threats, step: null});
	}

	// A sign-in from a new country or device, then a password, factor or email change soon after: a takeover.
	const changes = events.filter((e) => e.type === 'user.mfa.factor.activate' || e.type === 'user.account.update_password' || e.type === 'user.mfa.factor.update' || (e.type === 'user.account.update_profile' && e.targets.some((x) => x.changes && ('email' in x.changes.to || 'login' in x.changes.to))));
	const newPlace = events.find((e) => isSignIn(e) && e.outcome.result === 'SUCCESS' && positive(e, 'New Country', 'New Device') && now - t(e) <= 7 * 24 * HOUR && changes.some((c) => t(c) > t(e) && t(c) - t(e) <= 24 * HOUR));
	if (newPlace) {
		const after = changes.filter((c) => t(c) > t(newPlace) && t(c) - t(newPlace) <= 24 * HOUR).reverse();
		const what = after.map((c) => (c.type === 'user.mfa.factor.activate' ? `${c.targets.find((x) => x.type === 'AuthenticatorEnrollment')?.displayName ?? 'a factor'} enrolled` : c.type === 'user.account.update_password' ? 'the password changed' : c.type === 'user.mfa.factor.update' ? 'a factor changed' : 'the email changed'));
		const novel = [positive(newPlace, 'New Country') ? 'new country' : null, positive(newPlace, 'New Device') ? 'new device' : null].filter(Boolean).join(', ');
		out.push({id: 'takeover', severity: 'blocker', text: `Possible takeover: a sign-in from ${placeOf(newPlace) || 'an unknown place'}${newPlace.client.ip ? ` (${newPlace.client.ip})` : ''} at ${localWhen(newPlace.at, now)} (${novel}), then ${[...new Set(what)].join(' and ')}`, cites: [newPlace, ...after], step: 'suspend_and_sign_out'});
	}

	// Okta's lastLogin and the trail's newest successful sign-in should agree.
	const check = lastLoginVersusTrail(trail, details.lastSignInAt);
	if (check.agree === false) {
		const okta = details.lastSignInAt ? `Okta's lastLogin (${localWhen(details.lastSignInAt, now)})` : "Okta's lastLogin (never)";
		const text = check.trail
			? `${okta} and the trail's newest sign-in (${citeText(check.trail, now)}) disagree: trust the trail`
			: `${okta} has no sign-in in the trail since ${localWhen(trail.since, now)}: the trail may be incomplete, check the System Log`;
		out.push({id: 'last_login_mismatch', severity: 'note', text, cites: check.trail ? [check.trail] : [], step: null});
	}
	return out;
}
