/**
 * Test support for the Okta simulator (used by test/sim/okta*.test.ts; the app never imports it):
 * loopback calls through undici, and validation of every answer against the official OpenAPI description
 * (../shared/okta-openapi/management-oneOfInheritance-noExamples.yaml from the project root, parsed with js-yaml,
 * a dev dependency looked up at run time so a checkout without it still runs the other tests).
 */
import {readFileSync, existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {callHeaders, sendCall} from './sim-call.js';
import {validateResponse, type CheckOptions, type OpenApiDocument} from './okta-openapi.js';
import type {RequestLogEntry} from '../../src/sim/okta/server.js';

/** Project root (three levels above src/sim/okta/). */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const OKTA_SPEC_PATH = fileURLToPath(new URL('../shared/okta-openapi/management-oneOfInheritance-noExamples.yaml', new URL('../..', import.meta.url)));

export type SpecLoad = {doc: OpenApiDocument; missing: null} | {doc: null; missing: string};

let cached: SpecLoad | null = null;

/** Loads (once per process) the OpenAPI description; `missing` says why it couldn't be. */
export function loadOktaSpec(): SpecLoad {
	if (cached) return cached;
	if (!existsSync(OKTA_SPEC_PATH)) return (cached = {doc: null, missing: `OpenAPI description ${OKTA_SPEC_PATH} not found`});
	let yaml: {load(text: string): unknown};
	try {
		yaml = createRequire(join(PROJECT_ROOT, 'package.json'))('js-yaml') as {load(text: string): unknown};
	} catch {
		return (cached = {doc: null, missing: 'js-yaml not found (dev dependency needed to read the OpenAPI description)'});
	}
	const doc = yaml.load(readFileSync(OKTA_SPEC_PATH, 'utf8')) as OpenApiDocument;
	return (cached = {doc, missing: null});
}

export interface Reply {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	/** Parsed body (undefined when it is not JSON). */
	json: any;
	/** OpenAPI problems found in this answer ([] when valid or when no description is loaded). */
	specErrors: string[];
}

export interface CallOptions {
	json?: unknown;
	/** Raw body with an explicit content type (or none). */
	raw?: {body: string; contentType?: string};
	headers?: Record<string, string>;
	/** false: send no Authorization header; a string: send it as is. Default `SSWS <token>`. */
	auth?: false | string;
	/** Check this answer against the description (default true; errors are in `specErrors`, see `expectSpec`). */
	spec?: boolean;
	/** Passed to validateResponse. */
	check?: CheckOptions;
}

/**
 * Problems that are the description's own, not the simulator's (see the report): an answer is still checked, and
 * only these exact messages are tolerated.
 *   - UserGetSingleton adds `_embedded.blocks` (an array) to User, whose `_embedded` values must be objects:
 *     `GET /users/{id}?expand=blocks` can't satisfy both halves of the allOf.
 */
export const KNOWN_SPEC_CONTRADICTIONS: readonly RegExp[] = [/GET \/api\/v1\/users\/\{id\} → 200: \$\._embedded\.blocks: expected object, got array$/];

export function makeCaller(sim: {url: string; token: string}) {
	const spec = loadOktaSpec();
	return async function call(method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
		const headers = callHeaders(opts, `SSWS ${sim.token}`);
		let body: string | undefined;
		if (opts.json !== undefined) {
			headers['content-type'] ??= 'application/json';
			body = JSON.stringify(opts.json);
		} else if (opts.raw) {
			if (opts.raw.contentType) headers['content-type'] = opts.raw.contentType;
			body = opts.raw.body;
		}
		const reply = await sendCall(`${sim.url}${path}`, method, headers, body);
		let specErrors: string[] = [];
		if (spec.doc && opts.spec !== false) {
			specErrors = validateResponse(spec.doc, {method, path: path.split('?')[0] as string, status: reply.status, body: reply.text}, {undocumentedErrorsAsError: true, ...opts.check}).filter(
				(e) => !KNOWN_SPEC_CONTRADICTIONS.some((re) => re.test(e)),
			);
		}
		return {...reply, specErrors};
	};
}

/** Link header values → {rel: url}. */
export function parseLinks(header: string | string[] | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
	for (const v of values) for (const part of v.split(/,\s*(?=<)/)) {
		const m = /^<([^>]*)>\s*;\s*rel="([^"]+)"/.exec(part.trim());
		if (m) out[m[2] as string] = m[1] as string;
	}
	return out;
}

/**
 * Checks every recorded answer of a request log (`sim.recordResponses = true`) against the description, e.g. the
 * traffic of an SDK. Returns the problems, minus KNOWN_SPEC_CONTRADICTIONS; [] when no description is loaded.
 */
export function specErrorsInLog(entries: readonly RequestLogEntry[]): string[] {
	const spec = loadOktaSpec();
	if (!spec.doc) return [];
	const errors: string[] = [];
	for (const e of entries) {
		if (e.responseBody === undefined || e.fault) continue;
		for (const msg of validateResponse(spec.doc, {method: e.method, path: e.path, status: e.status, body: e.responseBody}, {undocumentedErrorsAsError: true})) {
			if (!KNOWN_SPEC_CONTRADICTIONS.some((re) => re.test(msg))) errors.push(msg);
		}
	}
	return errors;
}
