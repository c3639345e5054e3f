/** Reading and shape-checking the simulators' JSON data files; each simulator throws its own DataFileError. */
import {readFile} from 'node:fs/promises';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

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

/** Shape checks that throw `Err` naming the field (`at`). */
export function shapeChecks(Err: DataFileErrorClass) {
	return {
		expectObj(v: unknown, at: string): Obj {
			if (!isObj(v)) throw new Err(`${at}: expected an object`);
			return v;
		},
		/** A missing array is an empty one. */
		expectArray(v: unknown, at: string): unknown[] {
			if (v === undefined) return [];
			if (!Array.isArray(v)) throw new Err(`${at}: expected an array`);
			return v;
		},
		requireString(o: Obj, key: string, at: string): void {
			if (typeof o[key] !== 'string' || (o[key] as string).trim() === '') throw new Err(`${at}.${key}: required (a non-empty string)`);
		},
	};
}
