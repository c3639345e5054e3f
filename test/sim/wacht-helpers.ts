/** Small HTTP helpers for the Wacht simulator tests (real loopback HTTP through undici). */
import {FormData} from 'undici';
import {callHeaders, sendCall} from '../helpers/sim-call.js';
import type {WachtSimulator} from '../../src/sim/wacht/server.js';

export interface Reply {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	/** Parsed body (undefined when it is not JSON). */
	json: any;
}

export interface CallOptions {
	json?: unknown;
	form?: Record<string, string>;
	/** Raw body with an explicit content type (or none). */
	raw?: {body: string; contentType?: string};
	headers?: Record<string, string>;
	/** false: send no Authorization header; a string: send it as is. */
	auth?: false | string;
}

export async function call(sim: WachtSimulator, method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
	const headers = callHeaders(opts, `Bearer ${sim.apiKey}`);
	let body: string | FormData | undefined;
	if (opts.json !== undefined) {
		headers['content-type'] = 'application/json';
		body = JSON.stringify(opts.json);
	} else if (opts.form) {
		const form = new FormData();
		for (const [k, v] of Object.entries(opts.form)) form.append(k, v);
		body = form;
	} else if (opts.raw) {
		if (opts.raw.contentType) headers['content-type'] = opts.raw.contentType;
		body = opts.raw.body;
	}
	return sendCall(`${sim.url}${path}`, method, headers, body);
}

export const RFC3339_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3}|\.\d{6}|\.\d{9})?Z$/;
const TWO_53 = 2n ** 53n;

/** Walks a JSON value and checks every id and timestamp field. Returns the number of fields checked. */
export function checkIdsAndTimes(value: unknown, fail: (msg: string) => void, path = '$'): number {
	let checked = 0;
	if (Array.isArray(value)) {
		value.forEach((v, i) => (checked += checkIdsAndTimes(v, fail, `${path}[${i}]`)));
		return checked;
	}
	if (value === null || typeof value !== 'object') return 0;
	for (const [k, v] of Object.entries(value)) {
		const at = `${path}.${k}`;
		if ((k === 'id' || k.endsWith('_id')) && v !== null) {
			checked++;
			if (typeof v !== 'string' || !/^\d+$/.test(v)) fail(`${at} is not a decimal string: ${JSON.stringify(v)}`);
			else if (!(k === 'session_id' && v === '0') && BigInt(v) <= TWO_53) fail(`${at} is not above 2^53: ${v}`);
		} else if (k.endsWith('_at') && v !== null) {
			checked++;
			if (typeof v !== 'string' || !RFC3339_Z.test(v)) fail(`${at} is not RFC 3339 Z: ${JSON.stringify(v)}`);
		} else checked += checkIdsAndTimes(v, fail, at);
	}
	return checked;
}
