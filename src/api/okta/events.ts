/**
 * Okta's System Log (`GET /api/v1/logs`, the OpenAPI `LogEvent`) in domain terms: the query for a user's trail,
 * LogEvent → AuditEvent, and how long a poller waits so it never outruns the System Log's own rate-limit bucket.
 *
 * Okta sends nulls for much of a LogEvent and `debugContext.debugData` has no contract (its keys change between
 * releases): every field is read defensively, unknown event types are kept, behaviours are read from whichever form
 * is there (the `{New Country=POSITIVE, …}` text, `logOnlySecurityData` JSON, or `securityContext.userBehaviors`).
 */
import type {AuditEvent, AuditParty, EventQuery, Id, RateBudget} from '../types.js';
import {clientOf} from '../user-agent.js';
import {isObj, quote, WireError, type Obj} from './wire.js';

/** Okta's default and largest page for /api/v1/logs. */
export const LOG_DEFAULT_LIMIT = 100;
export const LOG_MAX_LIMIT = 1_000;

const str = (o: Obj, k: string): string | null => (typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string) : null);
const obj = (o: Obj, k: string): Obj => (isObj(o[k]) ? (o[k] as Obj) : {});
const num = (o: Obj, k: string): number | null => (typeof o[k] === 'number' && Number.isFinite(o[k]) ? (o[k] as number) : null);
const bool = (o: Obj, k: string): boolean | null => (typeof o[k] === 'boolean' ? (o[k] as boolean) : o[k] === 'true' ? true : o[k] === 'false' ? false : null);
/** Okta writes "null" for an unknown zone. */
const named = (v: string | null): string | null => (v === null || v === 'null' || v === 'UNKNOWN' || v === 'Unknown' ? null : v);

/** The `filter` for one user's trail (what they did, and what was done to them), optionally some event types only. */
export function userFilter(userId: Id, types: readonly string[] = [], results: readonly string[] = []): string {
	const who = `(actor.id eq ${quote(userId)} or target.id eq ${quote(userId)})`;
	const any = (field: string, values: readonly string[]): string[] => (values.length === 0 ? [] : [`(${values.map((v) => `${field} eq ${quote(v)}`).join(' or ')})`]);
	return [who, ...any('eventType', types), ...any('outcome.result', results)].join(' and ');
}

/** The query string of a user's trail. */
export function logQuery(userId: Id, query: EventQuery): Record<string, string | number | undefined> {
	return {
		filter: userFilter(userId, query.types, query.results),
		q: query.keyword?.trim() || undefined,
		since: query.since,
		until: query.until,
		sortOrder: query.order === 'newest_first' ? 'DESCENDING' : 'ASCENDING',
		limit: Math.max(1, Math.min(LOG_MAX_LIMIT, Math.floor(query.limit ?? LOG_DEFAULT_LIMIT))),
	};
}

function party(o: Obj): AuditParty {
	const change = obj(o, 'changeDetails');
	const from = obj(change, 'from');
	const to = obj(change, 'to');
	return {
		type: str(o, 'type') ?? 'unknown',
		id: str(o, 'id'),
		displayName: str(o, 'displayName'),
		alternateId: named(str(o, 'alternateId')),
		changes: Object.keys(from).length > 0 || Object.keys(to).length > 0 ? {from, to} : null,
	};
}

/** `{New Geo-Location=NEGATIVE, New Country=POSITIVE}` → entries. */
function behaviorsFromText(text: string): {name: string; positive: boolean}[] {
	const inner = text.trim().replace(/^\{/, '').replace(/\}$/, '');
	const out: {name: string; positive: boolean}[] = [];
	for (const part of inner.split(',')) {
		const m = /^\s*([^=]+?)\s*=\s*([A-Z_]+)\s*$/.exec(part);
		if (m) out.push({name: m[1] as string, positive: m[2] === 'POSITIVE'});
	}
	return out;
}

function behaviorsOf(debug: Obj, security: Obj): {name: string; positive: boolean}[] {
	const byName = new Map<string, boolean>();
	const add = (name: string, positive: boolean) => byName.set(name, (byName.get(name) ?? false) || positive);
	const text = str(debug, 'behaviors');
	if (text) for (const b of behaviorsFromText(text)) add(b.name, b.positive);
	const logOnly = str(debug, 'logOnlySecurityData');
	if (logOnly) {
		try {
			const parsed: unknown = JSON.parse(logOnly);
			if (isObj(parsed) && isObj(parsed['behaviors'])) for (const [k, v] of Object.entries(parsed['behaviors'])) if (typeof v === 'string') add(k, v === 'POSITIVE');
		} catch {
			// not JSON: the text form (if any) is enough
		}
	}
	const list = security['userBehaviors'];
	if (Array.isArray(list)) for (const b of list) if (isObj(b) && typeof b['name'] === 'string') add(b['name'], b['result'] === 'POSITIVE');
	return [...byName].map(([name, positive]) => ({name, positive}));
}

function riskOf(debug: Obj, security: Obj): string | null {
	const risk = obj(security, 'risk');
	if (str(risk, 'level')) return str(risk, 'level');
	const text = str(debug, 'risk');
	const m = text ? /level=([A-Z]+)/.exec(text) : null;
	if (m) return m[1] as string;
	const logOnly = str(debug, 'logOnlySecurityData');
	if (logOnly) {
		try {
			const parsed: unknown = JSON.parse(logOnly);
			if (isObj(parsed) && isObj(parsed['risk']) && typeof parsed['risk']['level'] === 'string') return parsed['risk']['level'];
		} catch {
			// ignored
		}
	}
	return null;
}

/** One LogEvent. An event without a `uuid` or `published` is not an event we can show: reported, not guessed. */
export function auditEvent(o: Obj): AuditEvent {
	const id = str(o, 'uuid');
	const at = str(o, 'published');
	if (!id) throw new WireError('a System Log event without uuid');
	if (!at || Number.isNaN(Date.parse(at))) throw new WireError(`event ${id} has no readable published time`);
	const client = obj(o, 'client');
	const ua = obj(client, 'userAgent');
	const geo = obj(client, 'geographicalContext');
	const auth = obj(o, 'authenticationContext');
	const security = obj(o, 'securityContext');
	const debug = obj(obj(o, 'debugContext'), 'debugData');
	const outcome = obj(o, 'outcome');
	const transaction = obj(o, 'transaction');
	const raw = str(ua, 'rawUserAgent');
	const parsed = raw ? clientOf(raw, null) : {browser: null, os: null, device: null};
	return {
		id,
		at: new Date(Date.parse(at)).toISOString(),
		type: str(o, 'eventType') ?? 'unknown',
		message: str(o, 'displayMessage'),
		outcome: {result: str(outcome, 'result'), reason: str(outcome, 'reason')},
		severity: str(o, 'severity'),
		client: {
			ip: str(client, 'ipAddress'),
			city: str(geo, 'city'),
			region: str(geo, 'state'),
			country: str(geo, 'country'),
			userAgent: raw,
			browser: parsed.browser ?? named(str(ua, 'browser')),
			os: parsed.os ?? named(str(ua, 'os')),
			device: parsed.device ?? named(str(client, 'device')),
			zone: named(str(client, 'zone')),
		},
		authentication: {
			step: num(auth, 'authenticationStep'),
			credentialType: str(auth, 'credentialType'),
			credentialProvider: str(auth, 'credentialProvider'),
			provider: str(auth, 'authenticationProvider'),
			sessionId: named(str(auth, 'externalSessionId')),
		},
		security: {proxy: bool(security, 'isProxy'), asn: num(security, 'asNumber'), asOrg: str(security, 'asOrg'), isp: str(security, 'isp'), domain: str(security, 'domain')},
		threatSuspected: bool(debug, 'threatSuspected'),
		behaviors: behaviorsOf(debug, security),
		risk: riskOf(debug, security),
		actor: isObj(o['actor']) ? party(o['actor']) : null,
		targets: Array.isArray(o['target']) ? o['target'].filter(isObj).map(party) : [],
		transactionId: str(transaction, 'id'),
		requestId: str(debug, 'requestId') ?? str(transaction, 'id'),
	};
}

/**
 * How long to wait before the next poll: the budget left spread evenly over what remains of its window (never less
 * than `minMs`), or until the window resets (+1 s, as for a 429) when nothing is left. Without a budget: `minMs`.
 */
export function pollDelayMs(budget: RateBudget | null, now: number, minMs = 5_000): number {
	if (!budget) return minMs;
	const untilReset = Math.max(0, budget.resetAt - now);
	if (budget.remaining <= 0) return Math.max(minMs, untilReset + 1_000);
	return Math.max(minMs, Math.ceil(untilReset / budget.remaining));
}
