/**
 * The incident summary: what an on-call engineer pastes into the incident channel or ticket. Markdown, built
 * from what the app already loaded (no extra requests) and the actions of this run with their times and request
 * ids. Every value from the backend is Markdown-escaped, so a user named `[click](https://evil)` stays text.
 */
import {reasonWords} from '../diagnosis/event-words.js';
import type {AuditEvent, Membership, MfaState, Passkey, Session, UserDetails, UserSummary} from '../api/types.js';

export interface SummaryInput {
	readonly user: UserSummary | UserDetails;
	readonly sessions: readonly Session[] | null;
	readonly passkeys: readonly Passkey[] | null;
	readonly mfa: MfaState | null;
	readonly memberships: readonly Membership[] | null;
	/** The last sign-in as the screen shows it, and where it comes from; else the user's own field. */
	readonly lastSignIn?: {readonly at: string | null; readonly source: string};
	/** The diagnosis, one finding per line, most important first. */
	readonly findings: readonly (string | {readonly text: string; readonly events: readonly AuditEvent[]})[];
	/** This run's action lines (each carries its time and request id). */
	readonly history: readonly string[];
	/** "Okta · acme.okta.com" */
	readonly backend: string;
	readonly profile: string | null;
	readonly operator: string | null;
	readonly version: string;
	readonly now: number;
}

/**
 * Backslash-escapes what Markdown reads inside a line (emphasis, code, links, HTML, tables, strikethrough) and
 * keeps a value on one line. Values never start a line, so `#`, `-` or `1.` cannot become headings or lists.
 */
export function md(text: string): string {
	return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|~])/g, '\\$1');
}

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
const when = (value: string | null): string => {
	if (!value) return 'unknown';
	const t = Date.parse(value);
	return Number.isNaN(t) ? md(value) : iso(t);
};

export function incidentSummary(input: SummaryInput): string {
	const {user} = input;
	const details = 'updatedAt' in user ? user : null;
	const who = `${md(user.displayName || [user.firstName, user.lastName].filter(Boolean).join(' ') || user.id)}${user.email ? ` <${md(user.email)}>` : ''}`;
	const lines: string[] = [];
	lines.push(`### Account triage: ${who}`, '');
	lines.push(`- **Backend:** ${md(input.backend)}${input.profile ? ` (profile ${md(input.profile)})` : ''}`);
	lines.push(`- **User id:** \`${user.id.replace(/`/g, "'")}\`${user.login && user.login !== user.email ? ` · login ${md(user.login)}` : ''}`);
	const status = (user.statusText ?? user.status ?? 'unknown').toString().toUpperCase();
	const last = input.lastSignIn ? `${when(input.lastSignIn.at)} (${md(input.lastSignIn.source)})` : when(user.lastSignInAt);
	lines.push(`- **Status:** ${md(status)} · created ${when(user.createdAt)} · last sign-in ${last}`);
	if (details?.passwordChangedAt) lines.push(`- **Password changed:** ${when(details.passwordChangedAt)}`);
	const facts: string[] = [];
	if (input.sessions) {
		const active = input.sessions.filter((s) => !s.expired).length;
		facts.push(`${active} active session${active === 1 ? '' : 's'}${input.sessions.length > active ? ` (${input.sessions.length - active} expired)` : ''}`);
	}
	if (input.passkeys) facts.push(`${input.passkeys.length} passkey${input.passkeys.length === 1 ? '' : 's'}`);
	if (input.mfa) {
		const factors = input.mfa.factors.map((f) => `${md(f.type)}${f.status && f.status.toLowerCase() !== 'active' ? ` (${md(f.status.toLowerCase())})` : ''}`);
		const enrolled = factors.length ? `: ${factors.join(', ')}` : `, TOTP ${input.mfa.totp}, backup codes ${input.mfa.backupCodes}`;
		facts.push(`MFA ${md(input.mfa.policy ?? 'policy unknown')}${enrolled}`);
	}
	if (input.memberships) facts.push(`${input.memberships.length} membership${input.memberships.length === 1 ? '' : 's'}`);
	if (facts.length) lines.push(`- **Loaded:** ${facts.join(' · ')}`);
	lines.push('', '**Findings**', '');
	if (input.findings.length === 0) lines.push('- No problem found in what was loaded.');
	for (const finding of input.findings) {
		if (typeof finding === 'string') {
			lines.push(`- ${md(finding)}`);
			continue;
		}
		lines.push(`- ${md(finding.text)}`);
		// The events it rests on, so the summary stands on its own in a ticket.
		for (const e of finding.events) {
			const where = [e.client.city, e.client.country].filter(Boolean).join(', ');
			lines.push(`  - ${[when(e.at), md(e.type), md(reasonWords(e) ?? e.outcome.reason ?? e.outcome.result ?? ''), md(where), e.client.ip ? md(e.client.ip) : '', e.requestId ? `request ${md(e.requestId)}` : ''].filter(Boolean).join(' · ')}`);
		}
	}
	lines.push('', '**Actions this run**', '');
	if (input.history.length === 0) lines.push('- None: nothing was changed.');
	for (const line of input.history) lines.push(`- ${md(line)}`);
	lines.push('', `_${iso(input.now)}${input.operator ? ` · ${md(input.operator)}` : ''} · account-triage ${md(input.version)}_`, '');
	return lines.join('\n');
}
