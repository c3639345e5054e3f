/**
 * A small OpenAPI 3.0 response checker, enough for Okta's management description
 * (shared/okta-openapi/management-oneOfInheritance-noExamples.yaml): it finds the operation for a method + concrete
 * path, picks the response for the status, and validates the JSON body against its schema.
 *
 * Schema keywords: $ref, type, nullable, enum, properties, required, additionalProperties, items, allOf, oneOf,
 * anyOf, discriminator (propertyName + mapping, also on a base schema reached directly, as Okta's UserFactor),
 * format (date-time, email), minLength/maxLength (code points), pattern, minimum/maximum, minItems/maxItems,
 * writeOnly (must not appear in a response). `strict` also flags properties a schema doesn't declare (the spec's
 * objects are open by default, so this catches typos and fields the spec doesn't know; free-form objects and
 * `additionalProperties: true` stay open).
 *
 * The document is passed in already parsed (tests load the YAML); this module has no dependencies.
 */

export type Schema = Record<string, unknown>;

export interface OpenApiDocument {
	paths: Record<string, Record<string, unknown>>;
	components?: Record<string, Record<string, unknown>>;
}

export interface ResponseCheck {
	method: string;
	/** Concrete path (query ignored), e.g. /api/v1/users/00u…/factors */
	path: string;
	status: number;
	/** Response body text ('' for none). */
	body: string;
}

export interface CheckOptions {
	/** Flag properties the schema doesn't declare (default true). */
	strict?: boolean;
	/**
	 * Statuses the operation doesn't document (Okta's spec lists no 401 anywhere, and no 400 on some operations that
	 * answer it) are checked against the generic `Error` schema instead of failing. Default false.
	 */
	undocumentedErrorsAsError?: boolean;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** The operation for a concrete path: the template with the most literal segments wins. */
export function findOperation(doc: OpenApiDocument, method: string, path: string): {template: string; operation: Schema} | null {
	const segments = path.split('?')[0]!.replace(/\/+$/, '').split('/');
	let best: {template: string; operation: Schema; literal: number} | null = null;
	for (const [template, item] of Object.entries(doc.paths)) {
		const tsegs = template.split('/');
		if (tsegs.length !== segments.length) continue;
		let literal = 0;
		let ok = true;
		for (let i = 0; i < tsegs.length && ok; i++) {
			const t = tsegs[i] as string;
			if (/^\{[^}]+\}$/.test(t)) ok = (segments[i] as string) !== '';
			else if (t === segments[i]) literal++;
			else ok = false;
		}
		const op = item[method.toLowerCase()];
		if (ok && isObj(op) && METHODS.has(method.toLowerCase()) && (!best || literal > best.literal)) best = {template, operation: op, literal};
	}
	return best ? {template: best.template, operation: best.operation} : null;
}

function lookupRef(doc: OpenApiDocument, ref: string): unknown {
	if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
	let node: unknown = doc;
	for (const part of ref.slice(2).split('/')) {
		const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
		if (!isObj(node)) return undefined;
		node = node[key];
	}
	return node;
}

function deref(doc: OpenApiDocument, schema: Schema): {schema: Schema; ref: string | null} {
	let ref: string | null = null;
	let s = schema;
	for (let i = 0; i < 32 && typeof s['$ref'] === 'string'; i++) {
		ref = s['$ref'] as string;
		const target = lookupRef(doc, ref);
		if (!isObj(target)) throw new Error(`unresolvable $ref ${ref}`);
		s = target;
	}
	return {schema: s, ref};
}

interface Ctx {
	readonly doc: OpenApiDocument;
	readonly strict: boolean;
	readonly errors: string[];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Property names a schema declares (through allOf and $ref), or null when it is open (free-form). */
function declaredProperties(doc: OpenApiDocument, schema: Schema, seen = new Set<Schema>()): Set<string> | null {
	const {schema: s} = deref(doc, schema);
	if (seen.has(s)) return new Set();
	seen.add(s);
	if (s['additionalProperties'] === true || isObj(s['additionalProperties'])) return null;
	if (s['x-okta-extensible'] === true) return null;
	const names = new Set<string>();
	let any = false;
	if (isObj(s['properties'])) {
		for (const k of Object.keys(s['properties'])) names.add(k);
		any ||= names.size > 0;
	}
	if (Array.isArray(s['allOf'])) {
		for (const part of s['allOf'] as Schema[]) {
			const sub = declaredProperties(doc, part, seen);
			if (sub === null) return null;
			for (const k of sub) names.add(k);
			any ||= sub.size > 0;
		}
	}
	return any ? names : null;
}

function typeOf(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	return typeof v;
}

function validate(ctx: Ctx, schema: Schema, value: unknown, at: string, viaAllOf = false): void {
	const {schema: s, ref} = deref(ctx.doc, schema);
	const errors = ctx.errors;
	if (value === null) {
		if (s['nullable'] === true) return;
		// A nullable flag on an allOf member (OpenAPI 3.0 idiom) also allows null.
		if (Array.isArray(s['allOf']) && (s['allOf'] as Schema[]).some((p) => deref(ctx.doc, p).schema['nullable'] === true)) return;
		if (s['type'] !== undefined || s['properties'] !== undefined || s['enum'] !== undefined) {
			errors.push(`${at}: null is not allowed`);
			return;
		}
	}

	const disc = isObj(s['discriminator']) ? (s['discriminator'] as {propertyName?: string; mapping?: Record<string, string>}) : null;
	const alternatives = (Array.isArray(s['oneOf']) ? s['oneOf'] : Array.isArray(s['anyOf']) ? s['anyOf'] : null) as Schema[] | null;

	if (disc && isObj(value) && disc.propertyName) {
		const tag = value[disc.propertyName];
		const target = typeof tag === 'string' ? disc.mapping?.[tag] : undefined;
		if (alternatives) {
			if (!target) {
				errors.push(`${at}.${disc.propertyName}: ${JSON.stringify(tag)} is not one of the discriminator mapping values (${Object.keys(disc.mapping ?? {}).join(', ')})`);
				return;
			}
			validate(ctx, {$ref: target}, value, at);
			return;
		}
		// A base schema with a discriminator (UserFactor): dispatch to the subtype unless we came from it.
		if (!viaAllOf && target && target !== ref) {
			validate(ctx, {$ref: target}, value, at);
			return;
		}
	}
	if (alternatives) {
		const passing = alternatives.filter((alt) => {
			const sub: Ctx = {...ctx, errors: []};
			validate(sub, alt, value, at);
			return sub.errors.length === 0;
		}).length;
		if (Array.isArray(s['oneOf']) && passing !== 1) errors.push(`${at}: matches ${passing} of the oneOf alternatives (exactly 1 required)`);
		if (Array.isArray(s['anyOf']) && passing === 0) errors.push(`${at}: matches none of the anyOf alternatives`);
	}
	if (Array.isArray(s['allOf'])) for (const part of s['allOf'] as Schema[]) validate(ctx, part, value, at, true);

	const type = s['type'];
	if (typeof type === 'string' && value !== undefined) {
		const actual = typeOf(value);
		const ok = type === 'integer' ? typeof value === 'number' && Number.isInteger(value) : type === 'number' ? typeof value === 'number' : type === actual;
		if (!ok) {
			errors.push(`${at}: expected ${type}, got ${actual}`);
			return;
		}
	}
	if (Array.isArray(s['enum']) && !(s['enum'] as unknown[]).includes(value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${(s['enum'] as unknown[]).map((e) => JSON.stringify(e)).join(', ')}`);

	if (typeof value === 'string') {
		const len = [...value].length;
		if (typeof s['minLength'] === 'number' && len < s['minLength']) errors.push(`${at}: shorter than ${s['minLength']}`);
		if (typeof s['maxLength'] === 'number' && len > s['maxLength']) errors.push(`${at}: longer than ${s['maxLength']}`);
		if (typeof s['pattern'] === 'string' && !new RegExp(s['pattern'], 'u').test(value)) errors.push(`${at}: ${JSON.stringify(value)} doesn't match ${s['pattern']}`);
		if (s['format'] === 'date-time' && !RFC3339.test(value)) errors.push(`${at}: ${JSON.stringify(value)} is not an RFC 3339 date-time`);
		if (s['format'] === 'email' && !/^[^@\s]+@[^@\s]+$/.test(value)) errors.push(`${at}: ${JSON.stringify(value)} is not an email address`);
	}
	if (typeof value === 'number') {
		if (typeof s['minimum'] === 'number' && value < s['minimum']) errors.push(`${at}: below the minimum ${s['minimum']}`);
		if (typeof s['maximum'] === 'number' && value > s['maximum']) errors.push(`${at}: above the maximum ${s['maximum']}`);
	}
	if (Array.isArray(value)) {
		if (typeof s['minItems'] === 'number' && value.length < s['minItems']) errors.push(`${at}: fewer than ${s['minItems']} items`);
		if (typeof s['maxItems'] === 'number' && value.length > s['maxItems']) errors.push(`${at}: more than ${s['maxItems']} items`);
		if (isObj(s['items'])) value.forEach((item, i) => validate(ctx, s['items'] as Schema, item, `${at}[${i}]`));
	}
	if (isObj(value)) {
		const props = isObj(s['properties']) ? (s['properties'] as Record<string, Schema>) : {};
		if (Array.isArray(s['required'])) for (const k of s['required'] as string[]) if (!(k in value)) errors.push(`${at}: missing required property ${k}`);
		for (const [k, v] of Object.entries(value)) {
			const p = props[k];
			if (p) {
				if (deref(ctx.doc, p).schema['writeOnly'] === true) errors.push(`${at}.${k}: write-only property in a response`);
				validate(ctx, p, v, `${at}.${k}`);
			} else if (s['additionalProperties'] === false) errors.push(`${at}.${k}: additional property not allowed`);
			else if (isObj(s['additionalProperties'])) validate(ctx, s['additionalProperties'] as Schema, v, `${at}.${k}`);
		}
		if (ctx.strict && !viaAllOf && !alternatives) {
			const declared = declaredProperties(ctx.doc, schema);
			if (declared) for (const k of Object.keys(value)) if (!declared.has(k)) errors.push(`${at}.${k}: not declared by the schema${ref ? ` ${ref.split('/').pop()}` : ''}`);
		}
	}
}

/** Validates `value` against `schema` (resolved within `doc`). Returns error messages (empty when valid). */
export function validateValue(doc: OpenApiDocument, schema: Schema, value: unknown, opts: {strict?: boolean} = {}): string[] {
	const ctx: Ctx = {doc, strict: opts.strict ?? true, errors: []};
	validate(ctx, schema, value, '$');
	return ctx.errors;
}

/**
 * Checks a response against the spec: the operation must exist, the status must be documented (see
 * `undocumentedErrorsAsError`), a documented body schema must validate, and a response documented without content
 * must have an empty body. Returns error messages (empty when valid).
 */
export function validateResponse(doc: OpenApiDocument, res: ResponseCheck, opts: CheckOptions = {}): string[] {
	const found = findOperation(doc, res.method, res.path);
	if (!found) return [`no operation ${res.method.toUpperCase()} ${res.path} in the description`];
	const responses = (isObj(found.operation['responses']) ? found.operation['responses'] : {}) as Record<string, Schema>;
	const code = String(res.status);
	let response = responses[code] ?? responses[`${code[0]}XX`] ?? responses['default'];
	const where = `${res.method.toUpperCase()} ${found.template} → ${code}`;
	if (!response) {
		if (!(opts.undocumentedErrorsAsError && res.status >= 400)) return [`${where}: status not documented (documented: ${Object.keys(responses).join(', ')})`];
		response = {content: {'application/json': {schema: {$ref: '#/components/schemas/Error'}}}};
	}
	const resolved = deref(doc, response).schema;
	const content = isObj(resolved['content']) ? (resolved['content'] as Record<string, Schema>) : {};
	const media = content['application/json'];
	if (!media || !isObj(media['schema'])) {
		if (res.body.trim() !== '' && res.body.trim() !== '{}') return [`${where}: documented without a body, got ${JSON.stringify(res.body.slice(0, 80))}`];
		return [];
	}
	let value: unknown;
	try {
		value = JSON.parse(res.body);
	} catch {
		return [`${where}: body is not JSON: ${JSON.stringify(res.body.slice(0, 80))}`];
	}
	return validateValue(doc, media['schema'] as Schema, value, {strict: opts.strict ?? true}).map((e) => `${where}: ${e}`);
}
