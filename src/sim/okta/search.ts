/**
 * The `search` and `filter` expressions of `GET /api/v1/users` (SCIM-like; shared/research/okta-api.md §3):
 *
 *   expr     := or
 *   or       := and ("or" and)*
 *   and      := unary ("and" unary)*
 *   unary    := "not" unary | "(" expr ")" | attr "pr" | attr op value
 *   op       := eq | sw | co | gt | ge | lt | le      (ne is rejected, as Okta does)
 *   value    := "string" (\" and \\ escapes) | number | true | false | null
 *
 * search: property names are case-sensitive, operators and string values are not, diacritics are significant.
 *   Attributes: id, status, created, activated, statusChanged, lastUpdated, lastLogin, passwordChanged, type.id and
 *   profile.<any attribute of the org's schema>; array attributes match when any element does. `co` works only on
 *   profile.firstName/lastName/email/login. Dates compare as instants.
 * filter: only status, lastUpdated, id, profile.login/email/firstName/lastName; only `eq` (lastUpdated also
 *   gt/ge/lt/le); `and`/`or` but no `not`; values are case-sensitive.
 * Anything else answers 400 E0000031 (E0000030 for a malformed date).
 */
import * as err from './errors.js';
import type {UserRecord} from './store.js';

type Value = string | number | boolean | null;
type Op = 'eq' | 'ne' | 'sw' | 'co' | 'gt' | 'ge' | 'lt' | 'le' | 'pr';

export type Expr = {kind: 'cmp'; attr: string; op: Op; value: Value} | {kind: 'and' | 'or'; left: Expr; right: Expr} | {kind: 'not'; expr: Expr};

type Token = {t: 'word'; v: string} | {t: 'str'; v: string} | {t: 'num'; v: number} | {t: '('} | {t: ')'};

function tokenize(text: string): Token[] {
	const out: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const c = text[i] as string;
		if (/\s/.test(c)) {
			i++;
		} else if (c === '(' || c === ')') {
			out.push({t: c});
			i++;
		} else if (c === '"') {
			let v = '';
			i++;
			for (;;) {
				if (i >= text.length) throw err.invalidSearch();
				const d = text[i] as string;
				if (d === '\\') {
					const next = text[i + 1];
					if (next === undefined) throw err.invalidSearch();
					v += next;
					i += 2;
				} else if (d === '"') {
					i++;
					break;
				} else {
					v += d;
					i++;
				}
			}
			out.push({t: 'str', v});
		} else if (/[-0-9]/.test(c)) {
			const m = /^-?\d+(\.\d+)?/.exec(text.slice(i));
			if (!m) throw err.invalidSearch();
			out.push({t: 'num', v: Number(m[0])});
			i += m[0].length;
		} else {
			const m = /^[A-Za-z_][A-Za-z0-9_.:$-]*/.exec(text.slice(i));
			if (!m) throw err.invalidSearch();
			out.push({t: 'word', v: m[0]});
			i += m[0].length;
		}
	}
	return out;
}

const OPS = new Set(['eq', 'sw', 'co', 'gt', 'ge', 'lt', 'le', 'pr', 'ne']);

/** `allowNe`: accept `ne` (the System Log's filter does; users' search and filter do not). */
export function parseExpression(text: string, opts: {allowNe?: boolean} = {}): Expr {
	const tokens = tokenize(text);
	let pos = 0;
	const peekWord = (): string | null => {
		const tok = tokens[pos];
		return tok?.t === 'word' ? tok.v.toLowerCase() : null;
	};
	function parseOr(): Expr {
		let left = parseAnd();
		while (peekWord() === 'or') {
			pos++;
			left = {kind: 'or', left, right: parseAnd()};
		}
		return left;
	}
	function parseAnd(): Expr {
		let left = parseUnary();
		while (peekWord() === 'and') {
			pos++;
			left = {kind: 'and', left, right: parseUnary()};
		}
		return left;
	}
	function parseUnary(): Expr {
		const tok = tokens[pos];
		if (!tok) throw err.invalidSearch();
		if (tok.t === '(') {
			pos++;
			const inner = parseOr();
			if (tokens[pos]?.t !== ')') throw err.invalidSearch();
			pos++;
			return inner;
		}
		if (tok.t === 'word' && tok.v.toLowerCase() === 'not') {
			pos++;
			return {kind: 'not', expr: parseUnary()};
		}
		if (tok.t !== 'word') throw err.invalidSearch();
		const attr = tok.v;
		pos++;
		const opTok = tokens[pos];
		if (opTok?.t !== 'word' || !OPS.has(opTok.v.toLowerCase())) throw err.invalidSearch();
		const op = opTok.v.toLowerCase();
		pos++;
		if (op === 'ne' && !opts.allowNe) throw err.invalidSearch();
		if (op === 'pr') return {kind: 'cmp', attr, op: 'pr', value: null};
		const valTok = tokens[pos];
		if (!valTok) throw err.invalidSearch();
		pos++;
		let value: Value;
		if (valTok.t === 'str') value = valTok.v;
		else if (valTok.t === 'num') value = valTok.v;
		else if (valTok.t === 'word' && /^(true|false|null)$/i.test(valTok.v)) value = valTok.v.toLowerCase() === 'null' ? null : valTok.v.toLowerCase() === 'true';
		else throw err.invalidSearch();
		return {kind: 'cmp', attr, op: op as Op, value};
	}
	const expr = parseOr();
	if (pos !== tokens.length) throw err.invalidSearch();
	return expr;
}

const DATE_ATTRS = new Set(['created', 'activated', 'statusChanged', 'lastUpdated', 'lastLogin', 'passwordChanged']);
const TOP_ATTRS = new Set(['id', 'status', 'type.id', ...DATE_ATTRS]);
const CO_ATTRS = new Set(['profile.firstName', 'profile.lastName', 'profile.email', 'profile.login']);
const FILTER_ATTRS = new Set(['status', 'lastUpdated', 'id', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName']);

/** Base attributes of the Okta user profile schema (always searchable). */
export const BASE_PROFILE_ATTRIBUTES = [
	'login', 'email', 'secondEmail', 'firstName', 'lastName', 'middleName', 'honorificPrefix', 'honorificSuffix', 'title', 'displayName',
	'nickName', 'profileUrl', 'primaryPhone', 'mobilePhone', 'streetAddress', 'city', 'state', 'zipCode', 'countryCode', 'postalAddress',
	'preferredLanguage', 'locale', 'timezone', 'userType', 'employeeNumber', 'costCenter', 'organization', 'division', 'department',
	'managerId', 'manager',
] as const;

function attrValue(u: UserRecord, attr: string): unknown {
	switch (attr) {
		case 'id':
			return u.id;
		case 'status':
			return u.status;
		case 'type.id':
			return u.typeId;
		case 'created':
		case 'activated':
		case 'statusChanged':
		case 'lastUpdated':
		case 'lastLogin':
		case 'passwordChanged':
			return u[attr];
		default:
			return u.profile[attr.slice('profile.'.length)];
	}
}

function parseDateValue(v: Value): number {
	if (typeof v !== 'string') throw err.invalidDate();
	const ms = Date.parse(v);
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(v) || Number.isNaN(ms)) throw err.invalidDate();
	return ms;
}

function compareScalar(actual: unknown, op: Op, expected: Value, caseInsensitive: boolean, isDate: boolean): boolean {
	if (op === 'pr') return actual !== null && actual !== undefined && actual !== '';
	if (actual === null || actual === undefined) return op === 'eq' && expected === null;
	if (isDate) {
		const a = actual as number;
		const e = parseDateValue(expected);
		switch (op) {
			case 'eq':
				return a === e;
			case 'gt':
				return a > e;
			case 'ge':
				return a >= e;
			case 'lt':
				return a < e;
			case 'le':
				return a <= e;
			default:
				throw err.invalidSearch();
		}
	}
	if (typeof actual === 'number' && typeof expected === 'number') {
		switch (op) {
			case 'eq':
				return actual === expected;
			case 'gt':
				return actual > expected;
			case 'ge':
				return actual >= expected;
			case 'lt':
				return actual < expected;
			case 'le':
				return actual <= expected;
			default:
				return false;
		}
	}
	if (typeof actual === 'boolean') return op === 'eq' && actual === expected;
	if (expected === null) return false;
	let a = String(actual);
	let e = String(expected);
	if (caseInsensitive) {
		a = a.toLowerCase();
		e = e.toLowerCase();
	}
	switch (op) {
		case 'eq':
			return a === e;
		case 'sw':
			return a.startsWith(e);
		case 'co':
			return a.includes(e);
		case 'gt':
			return a > e;
		case 'ge':
			return a >= e;
		case 'lt':
			return a < e;
		case 'le':
			return a <= e;
		default:
			// `ne` never reaches users' search (parseExpression refuses it there).
			return false;
	}
}

export interface CompiledQuery {
	matches(u: UserRecord): boolean;
}

function check(expr: Expr, mode: 'search' | 'filter', knownProfile: ReadonlySet<string>): void {
	if (expr.kind === 'not') {
		if (mode === 'filter') throw err.invalidSearch();
		check(expr.expr, mode, knownProfile);
		return;
	}
	if (expr.kind !== 'cmp') {
		check(expr.left, mode, knownProfile);
		check(expr.right, mode, knownProfile);
		return;
	}
	const {attr, op, value} = expr;
	const isProfile = attr.startsWith('profile.') && attr.length > 'profile.'.length;
	if (!TOP_ATTRS.has(attr) && !(isProfile && knownProfile.has(attr.slice('profile.'.length)))) throw err.invalidSearch();
	if (mode === 'filter') {
		if (!FILTER_ATTRS.has(attr)) throw err.invalidSearch();
		if (op !== 'eq' && !(attr === 'lastUpdated' && (op === 'gt' || op === 'ge' || op === 'lt' || op === 'le'))) throw err.invalidSearch();
	} else if (op === 'co' && !CO_ATTRS.has(attr)) throw err.invalidSearch();
	if (DATE_ATTRS.has(attr) && op !== 'pr') parseDateValue(value);
}

/** Parses and validates a search/filter expression; throws OktaApiError (E0000031/E0000030) when Okta would. */
export function compileQuery(text: string, mode: 'search' | 'filter', knownProfile: ReadonlySet<string>): CompiledQuery {
	const expr = parseExpression(text);
	check(expr, mode, knownProfile);
	const caseInsensitive = mode === 'search';
	const evaluate = (e: Expr, u: UserRecord): boolean => {
		switch (e.kind) {
			case 'and':
				return evaluate(e.left, u) && evaluate(e.right, u);
			case 'or':
				return evaluate(e.left, u) || evaluate(e.right, u);
			case 'not':
				return !evaluate(e.expr, u);
			case 'cmp': {
				const actual = attrValue(u, e.attr);
				const isDate = DATE_ATTRS.has(e.attr);
				if (Array.isArray(actual)) return actual.some((item) => compareScalar(item, e.op, e.value, caseInsensitive, isDate));
				return compareScalar(actual, e.op, e.value, caseInsensitive, isDate);
			}
		}
	};
	return {matches: (u) => evaluate(expr, u)};
}

/** `q`: starts-with on firstName, lastName or email, case-insensitive. */
export function matchesQ(u: UserRecord, q: string): boolean {
	const needle = q.toLowerCase();
	for (const key of ['firstName', 'lastName', 'email'] as const) {
		const v = u.profile[key];
		if (typeof v === 'string' && v.toLowerCase().startsWith(needle)) return true;
	}
	return false;
}

/** Sort key for `sortBy` (search only): the attribute's value, strings compared case-insensitively. */
export function sortValue(u: UserRecord, attr: string): string | number {
	const v = attrValue(u, attr);
	if (v === null || v === undefined) return '';
	if (typeof v === 'number') return v;
	return String(Array.isArray(v) ? v[0] ?? '' : v).toLowerCase();
}

export function isSortableAttribute(attr: string, knownProfile: ReadonlySet<string>): boolean {
	return TOP_ATTRS.has(attr) || (attr.startsWith('profile.') && knownProfile.has(attr.slice('profile.'.length)));
}
