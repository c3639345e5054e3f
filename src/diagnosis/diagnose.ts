/**
 * What is wrong with an account and what to do next, from what the app already loaded: pure, no I/O, the time
 * passed in. Each finding names its next step by what it does (an operation, or a refresh; the app writes it with the
 * real key from its one key table), and only a step this backend offers for this user right now (lifecycle steps
 * come from the provider's lifecycleActions, which on Okta are the user's fresh `_links`).
 *
 * Rules are per backend where the backends differ (Okta's lifecycle statuses, Wacht's disabled flag and MFA policy);
 * the sign-in rules apply to any backend that lists sign-ins, and the trail's (trail.ts) to any that keeps a trail,
 * each citing the events it rests on. Findings come back most severe first.
 */
import type {Capabilities, LifecycleAction, LifecycleActionId} from '../api/provider.js';
import type {AuditEvent, MfaState, ProviderId, Session, UserDetails} from '../api/types.js';
import {trailFindings, type TrailFinding, type TrailInput} from './trail.js';
import {describeClient} from '../api/user-agent.js';
import type {OperationId} from '../operations/index.js';
import {plural, relTime} from '../format.js';
import {sessionFacts} from './sessions.js';
import {since} from './when.js';
import {identitySource, type IdentitySource} from './identity.js';

/** blocker: the user cannot get in; warning: something to check or fix; note: worth knowing. */
export type Severity = 'blocker' | 'warning' | 'note';

/**
 * The next step, named by what it does: an operation of the catalogue, or reading the user again. The app writes it
 * with the key its key table binds to that (screens/steps.ts), a script with its subcommand.
 */
export interface NextStep {
	/** What it does here, in a few words: "unlock". */
	readonly label: string;
	readonly does: OperationId | 'refresh';
	/** What to do right after it ("suspend, then sign out everywhere"). */
	readonly then?: NextStep;
	/** Another way to the same end ("add an authenticator, or relax the policy"). */
	readonly or?: NextStep;
}

export interface Finding {
	/** Stable rule id, for tests and for keeping one finding per rule. */
	readonly id: string;
	readonly severity: Severity;
	readonly text: string;
	readonly action: NextStep | null;
	/** The trail events it rests on, newest first (time, place, IP). */
	readonly cites?: readonly AuditEvent[];
}

export interface DiagnosisInput {
	readonly backend: ProviderId;
	readonly caps: Capabilities;
	/** Undefined while loading or when it failed: then no rule that needs it runs. */
	readonly details: UserDetails | undefined;
	/** The state changes the provider offers for this user now. */
	readonly lifecycle: readonly LifecycleAction[];
	readonly sessions: readonly Session[] | undefined;
	readonly mfa: MfaState | undefined;
	/** The sign-in trail, newest first, where the backend keeps one and it is loaded. */
	readonly trail?: TrailInput | undefined;
	readonly now: number;
}

/** The lifecycle step `id` when the provider offers it for this user, else null. */
function lifecycle(input: DiagnosisInput, id: LifecycleActionId, label: string): NextStep | null {
	return input.lifecycle.some((a) => a.id === id) ? {label, does: 'lifecycle'} : null;
}

/** `trail`: what the trail says, read once per diagnosis (the lockout tells its cause from it). */
type Rule = (input: DiagnosisInput, details: UserDetails, trail: readonly TrailFinding[]) => Finding | null;

/** Where the password lives when it is not the backend's: there, not here, is where it is reset or unlocked. */
function elsewhere(d: UserDetails): IdentitySource | null {
	const source = identitySource(d);
	return source && source.kind !== 'backend' ? source : null;
}

/** A password step (reset, temporary password), unless the password is not the backend's to change. */
function passwordStep(input: DiagnosisInput, d: UserDetails, id: LifecycleActionId, label: string): NextStep | null {
	return elsewhere(d) ? null : lifecycle(input, id, label);
}

/** "they change it in AD" / "it is reset in Google Workspace", for a password the backend does not hold. */
function passwordThere(source: IdentitySource): string {
	return source.kind === 'directory' ? `mastered by ${source.where}: the password is changed and unlocked in ${source.short}` : `signs in through ${source.where}: the password is reset there`;
}

const finding = (id: string, severity: Severity, text: string, action: NextStep | null = null): Finding => ({id, severity, text, action});

// ---------------------------------------------------------------- Okta

const oktaRules: readonly Rule[] = [
	(input, d) =>
		d.transitioningTo
			? finding('transitioning', 'blocker', `Okta is still changing this account to ${d.transitioningTo}: state changes fail until it is done`, {label: 'refresh', does: 'refresh'})
			: null,
	(input, d, trail) => {
		if (d.status !== 'locked_out') return null;
		// The trail says how: "after 5 wrong passwords 07:36–07:40 from Stockholm, Sweden (198.51.100.88)".
		const why = trail.find((f) => f.id === 'wrong_passwords');
		const locked = `Locked out${since(d.statusChangedAt, input.now)}`;
		const after = ` after ${why ? why.text : 'too many failed sign-ins'}`;
		const cites = why ? {cites: why.cites} : {};
		const unlock = lifecycle(input, 'unlock', 'unlock');
		if (unlock) return {...finding('locked_out', 'blocker', locked + after, unlock), ...cites};
		// Where to unlock comes first: on a narrow terminal it is what must stay on screen.
		const source = elsewhere(d);
		const text = source ? `${locked}: unlock in ${source.short}, Okta cannot (mastered by ${source.where}),${after}` : `${locked}${after}; Okta offers no unlock for this user`;
		return {...finding('locked_out', 'blocker', text), ...cites};
	},
	(input, d) =>
		d.status === 'suspended'
			? finding('suspended', 'blocker', `Suspended${since(d.statusChangedAt, input.now)}: cannot sign in (groups and apps kept)`, lifecycle(input, 'unsuspend', 'unsuspend'))
			: null,
	(input, d) =>
		d.status === 'deprovisioned'
			? finding('deprovisioned', 'blocker', `Deactivated${since(d.statusChangedAt, input.now)}: cannot sign in, removed from every app`, lifecycle(input, 'activate', 'reactivate'))
			: null,
	(input, d) =>
		d.status === 'password_expired'
			? finding(
					'password_expired',
					'blocker',
					`Password expired${since(d.statusChangedAt, input.now)}: ${elsewhere(d) ? passwordThere(elsewhere(d)!) : 'they must set a new one at their next sign-in'}`,
					passwordStep(input, d, 'reset_password', 'reset password'),
				)
			: null,
	(input, d) =>
		d.status === 'recovery'
			? finding('recovery', 'blocker', `In recovery${since(d.statusChangedAt, input.now)} after a password reset: no sign-in until they finish it`, passwordStep(input, d, 'reset_password', 'new reset link'))
			: null,
	(input, d) => (d.status === 'staged' ? finding('staged', 'blocker', 'Never activated: cannot sign in yet', lifecycle(input, 'activate', 'activate')) : null),
	(input, d) =>
		d.status === 'provisioned' && !d.transitioningTo
			? finding('provisioned', 'blocker', `Activation not finished${since(d.statusChangedAt, input.now)}: no password set yet`, lifecycle(input, 'reactivate', 'resend activation'))
			: null,
	(input, d) => {
		// Said once where no blocker already says it: an operator about to reset an Okta password should not.
		const source = elsewhere(d);
		if (!source || d.status === 'locked_out' || d.status === 'password_expired' || d.status === 'deprovisioned') return null;
		const text = passwordThere(source);
		return finding('identity_source', 'note', text.charAt(0).toUpperCase() + text.slice(1) + ', not in Okta');
	},
	(input, d) => (d.status === 'unknown' ? finding('unknown_status', 'warning', `Okta reports a status this app does not know: ${d.statusText ?? '(none)'}`) : null),
	(input, d) => {
		if (d.status !== 'active' || d.signInBlocks.length === 0) return null;
		const where = d.signInBlocks.includes('any_device') ? 'on every device' : d.signInBlocks.includes('unknown_devices') ? 'on unknown devices' : 'by a device rule';
		const unlock = lifecycle(input, 'unlock', 'unlock');
		const source = elsewhere(d);
		return finding('blocked', 'blocker', `Sign-in blocked ${where}${unlock ? '' : source ? `; clear it in ${source.short}` : ''}`, unlock);
	},
	(input, d) => {
		const mfa = input.mfa;
		if (d.status !== 'active' || !mfa || mfa.factors.some((f) => f.status === 'ACTIVE')) return null;
		const pending = mfa.factors.length > 0 ? `; ${plural(mfa.factors.length, 'factor')} not activated` : '';
		return finding(
			'no_factor',
			'note',
			`No active MFA factor${pending}: Okta asks them to enroll at sign-in if a policy requires one`,
			input.caps['mfa.totp.enroll'] === true ? {label: 'enroll TOTP', does: 'mfa.totp.enroll'} : null,
		);
	},
];

// ---------------------------------------------------------------- Wacht

const wachtRules: readonly Rule[] = [
	(input, d) =>
		d.status === 'disabled'
			? finding('disabled', 'blocker', 'Disabled: cannot sign in. Enabling lets them in again; the sign-ins deleted on disabling stay gone', lifecycle(input, 'enable', 'enable'))
			: null,
	(input, d) => {
		const mfa = input.mfa;
		if (d.status === 'disabled' || d.mfaPolicy !== 'enforced' || !mfa || mfa.totp === 'yes' || mfa.backupCodes !== 'no') return null;
		// Wacht cannot read authenticator state: "none" is only known when this app saw it deleted or refused.
		const text =
			mfa.totp === 'no'
				? 'MFA is enforced but nothing is enrolled: no authenticator app, no backup codes'
				: 'MFA is enforced but no second factor is on record: no backup codes, and Wacht cannot show authenticator apps';
		// Either fix lets them in: give them a factor, or stop asking for one.
		const policy: NextStep | null = input.caps['mfa.policy'] === true ? {label: 'relax the MFA policy', does: 'mfa.policy'} : null;
		const enroll: NextStep | null = input.caps['mfa.totp.enroll'] === true ? {label: 'add an authenticator', does: 'mfa.totp.enroll', ...(policy ? {or: policy} : {})} : null;
		return finding('mfa_missing', 'warning', text, enroll ?? policy);
	},
];

// ---------------------------------------------------------------- sign-ins (any backend that lists them)

const sessionRules: readonly Rule[] = [
	(input) => {
		if (input.caps['sessions.list'] !== true || !input.sessions) return null;
		const facts = sessionFacts(input.sessions);
		const first = facts.unusualLive[0];
		if (!first) return null;
		const country = first.unusual.includes('country');
		const device = first.unusual.includes('device');
		const where = [first.city, first.countryCode ?? first.country].filter(Boolean).join(', ') || 'unknown place';
		const client = describeClient(first) || 'unknown client';
		const ago = relTime(first.lastActiveAt, input.now);
		// The new thing first, then when, then the rest of the row.
		const text =
			country && device
				? `Signed in from a country and a device never seen before for this user: ${where}, ${client}, ${ago}`
				: country
					? `Signed in from a country never seen before for this user: ${where}, ${ago} (${client})`
					: `Signed in on a device never seen before for this user: ${client}, ${ago} (${where})`;
		const more = facts.unusualLive.length > 1 ? ` · +${facts.unusualLive.length - 1} more` : '';
		const step = input.caps['sessions.revoke'] === true ? {label: 'revoke if unknown', does: 'sessions.revoke' as const} : null;
		return finding('unusual_session', 'warning', text + more, step);
	},
	(input, d) => {
		if (input.caps['sessions.list'] !== true || !input.sessions || d.status === 'disabled') return null;
		const facts = sessionFacts(input.sessions);
		if (facts.total === 0 || facts.live > 0) return null;
		const last = facts.lastActiveAt ? ` (last active ${relTime(facts.lastActiveAt, input.now)})` : '';
		return finding('all_expired', 'note', `Every sign-in has expired${last}: they must sign in again`);
	},
];

/** The step a trail finding asks for, where this backend offers it for this user now. */
function trailStep(input: DiagnosisInput, f: TrailFinding, d: UserDetails): NextStep | null {
	switch (f.step) {
		case 'unlock':
			return lifecycle(input, 'unlock', 'unlock');
		case 'temporary_password':
			// A password the help desk reads out now beats a reset email they may not reach.
			return passwordStep(input, d, 'temp_password', 'temporary password') ?? passwordStep(input, d, 'reset_password', 'reset password');
		case 'suspend_and_sign_out': {
			const signOut: NextStep | null = input.caps['sessions.revokeAll'] === true ? {label: 'sign out everywhere', does: 'sessions.revokeAll'} : null;
			const suspend = lifecycle(input, 'suspend', 'suspend');
			if (suspend && signOut) return {...suspend, then: signOut};
			return suspend ?? signOut;
		}
		case null:
			return null;
	}
}

/** The trail's findings (the lockout's reason is told by the lockout finding itself). */
const trailRule = (input: DiagnosisInput, d: UserDetails, trail: readonly TrailFinding[]): Finding[] =>
	trail.filter((f) => !(f.id === 'wrong_passwords' && d.status === 'locked_out')).map((f) => ({id: f.id, severity: f.severity, text: f.text, action: trailStep(input, f, d), cites: f.cites}));

const RULES: Readonly<Record<DiagnosisInput['backend'], readonly Rule[]>> = {
	okta: [...oktaRules, ...sessionRules],
	wacht: [...wachtRules, ...sessionRules],
};

const RANK: Readonly<Record<Severity, number>> = {blocker: 0, warning: 1, note: 2};

/** Every finding for this account, most severe first (rule order within a severity). */
export function diagnose(input: DiagnosisInput): Finding[] {
	const d = input.details;
	if (!d) return [];
	const trail = input.trail ? trailFindings(input.trail, d, input.now) : [];
	const out: Finding[] = [];
	for (const rule of RULES[input.backend]) {
		const f = rule(input, d, trail);
		if (f) out.push(f);
	}
	out.push(...trailRule(input, d, trail));
	return out.map((f, i) => [f, i] as const).sort((a, b) => RANK[a[0].severity] - RANK[b[0].severity] || a[1] - b[1]).map(([f]) => f);
}
