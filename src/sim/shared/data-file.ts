/**
 * Reading and validating the simulators' JSON data files. Each format is one valibot schema (its TypeScript types are
 * inferred from it), and a problem is reported as the first issue, at its exact path:
 * `users[3].emails[0].email: expected a non-empty string`, or `users[0].first_name: required (a non-empty string)`
 * when the key is missing. Each simulator throws its own DataFileError.
 */
import {readFile} from 'node:fs/promises';
import * as v from 'valibot';

export {v};

/** A simulator's DataFileError class. */
export type DataFileErrorClass = new (message: string) => Error;

/** Reads, parses and validates a data file; errors (of class `Err`) name the file. */
export async function readJsonDataFile<T>(path: string, validate: (value: unknown) => T, Err: DataFileErrorClass): Promise<T> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (e) {
		throw new Err(`cannot read data file ${path}: ${(e as Error).message}`);
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (e) {
		throw new Err(`data file ${path} is not valid JSON: ${(e as Error).message}`);
	}
	try {
		return validate(value);
	} catch (e) {
		if (e instanceof Err) throw new Err(`data file ${path}: ${e.message}`);
		throw e;
	}
}

// ------------------------------------------------------------------ field schemas (messages say what was expected)

export const str = () => v.string('expected a string');
/** A required text field: present, a string, not blank. */
export const text = () => v.pipe(v.string('expected a non-empty string'), v.check((s) => s.trim() !== '', 'expected a non-empty string'));
export const bool = () => v.boolean('expected true or false');
export const nonNegative = () => v.pipe(v.number('expected a non-negative number'), v.finite('expected a non-negative number'), v.minValue(0, 'expected a non-negative number'));
export const strings = () => v.array(v.string('expected a string'), 'expected an array of strings');
/** A free-form JSON object (profile attributes, metadata). */
export const record = () => v.record(v.string(), v.unknown(), 'expected an object');
export const list = <S extends v.GenericSchema>(item: S) => v.array(item, 'expected an array');
export const oneOf = <const T extends readonly string[]>(values: T) => v.picklist(values, `expected one of ${values.join(', ')}`);
export const opt = v.optional;

// ------------------------------------------------------------------ validation

type Issue = v.BaseIssue<unknown>;
type AnySchema = v.GenericSchema & {readonly type: string};

/** `users[3].emails[0]` from an issue path (`(root)` for the document itself). */
function pathOf(issue: Issue): string {
	let out = '';
	for (const item of issue.path ?? []) {
		const key = item.key as string | number;
		out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`;
	}
	return out === '' ? '(root)' : out;
}

/**
 * A union's own issue hides the one that explains it: the issue of the option the value got into (its path is
 * relative to the union's), followed down.
 */
function innermost(issue: Issue): Issue {
	if (issue.type !== 'union' || !issue.issues?.length) return issue;
	const inside = issue.issues.find((i) => (i.path?.length ?? 0) > 0);
	if (!inside) return issue;
	const path = [...(issue.path ?? []), ...(inside.path ?? [])] as unknown as Issue['path'];
	return innermost({...inside, path} as Issue);
}

/** The schema at a path inside `root` (through objects, arrays, records, optionals, unions, pipes). */
function schemaAt(root: AnySchema, keys: readonly (string | number)[], input: unknown): AnySchema | null {
	let schema: AnySchema | null = root;
	let value = input;
	for (const key of keys) {
		schema = unwrap(schema, value);
		if (!schema) return null;
		const s = schema as AnySchema & {entries?: Record<string, AnySchema>; item?: AnySchema; value?: AnySchema};
		if (s.entries && typeof key === 'string') schema = s.entries[key] ?? null;
		else if (s.item && typeof key === 'number') schema = s.item;
		else if (s.type === 'record') schema = s.value ?? null;
		else return null;
		value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
	}
	return schema;
}

/** Optional and nullable wrappers dropped; a union resolved to the object option (the only one with keys). */
function unwrap(schema: AnySchema | null, value: unknown): AnySchema | null {
	let s = schema as (AnySchema & {wrapped?: AnySchema; options?: AnySchema[]}) | null;
	while (s && (s.wrapped || s.options)) {
		if (s.wrapped) s = s.wrapped as typeof s;
		else s = (s.options?.find((o) => !v.is(o, value) && 'entries' in o) ?? s.options?.find((o) => 'entries' in o) ?? null) as typeof s;
	}
	return s;
}

/** The message of one issue: a missing key is "required (what the key expects)". */
function messageOf(root: AnySchema, issue: Issue, input: unknown): string {
	const last = issue.path?.[issue.path.length - 1];
	if (last?.origin === 'key') {
		const keys = (issue.path ?? []).map((p) => p.key as string | number);
		const field = schemaAt(root, keys, input);
		const expected = field ? v.safeParse(field, undefined).issues?.[0]?.message : undefined;
		return expected?.startsWith('expected ') ? `required (${expected.slice('expected '.length)})` : 'required';
	}
	return issue.message;
}

/** Validates `value`; the first problem becomes `Err("path: message")`. Returns the typed value (unknown keys dropped). */
export function validateWith<S extends v.GenericSchema>(schema: S, value: unknown, Err: DataFileErrorClass): v.InferOutput<S> {
	const result = v.safeParse(schema, value);
	if (result.success) return result.output;
	const issue = innermost(result.issues[0] as Issue);
	throw new Err(`${pathOf(issue)}: ${messageOf(schema as unknown as AnySchema, issue, value)}`);
}
