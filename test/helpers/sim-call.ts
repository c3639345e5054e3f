/** Loopback HTTP for the simulators' tests (real requests through undici); the app never imports it. */
import {request, type FormData} from 'undici';

export interface HttpReply {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	/** Parsed body (undefined when it is not JSON). */
	json: any;
}

/** A request's first headers: Accept JSON, the caller's own, then Authorization: `defaultAuth`, none (`auth: false`) or `auth` as is. */
export function callHeaders(opts: {headers?: Record<string, string>; auth?: false | string}, defaultAuth: string): Record<string, string> {
	const headers: Record<string, string> = {accept: 'application/json', ...opts.headers};
	if (opts.auth === undefined) headers['authorization'] = defaultAuth;
	else if (opts.auth !== false) headers['authorization'] = opts.auth;
	return headers;
}

/** Sends the request and reads the whole answer. */
export async function sendCall(url: string, method: string, headers: Record<string, string>, body: string | FormData | undefined): Promise<HttpReply> {
	const res = await request(url, {method: method as 'GET', headers, ...(body !== undefined ? {body} : {})});
	const text = await res.body.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return {status: res.statusCode, headers: res.headers, text, json};
}
