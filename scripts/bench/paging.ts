/**
 * Our side of the paging figure: every user of the org through the Okta provider's pager (the one `searchUsers` and
 * every list use: `Link: rel="next"` followed as given, each page parsed, sanitized and mapped to UserSummary), in a
 * fresh process like the SDK's side (scripts/bench/okta-sdk.mjs paging). Run with tsx:
 *
 *   node --import tsx scripts/bench/paging.ts '{"orgUrl":…,"token":…}'
 */
import {OktaProvider} from '../../src/api/okta/provider.js';
import * as wire from '../../src/api/okta/wire.js';

const {orgUrl, token} = JSON.parse(process.argv[2] ?? '{}') as {orgUrl: string; token: string};
const provider = new OktaProvider({orgUrl, token});
// `pages` is private: the provider offers no "list everyone" operation, and searchUsers stops at 1,000 matches.
const pager = provider as unknown as {pages(path: string): AsyncIterable<{rows: wire.Obj[]}>};

// The SDK's side loads its HTTP stack when it is imported, before its clock starts; the transport loads undici on its
// first request (so the app's first frame does not wait for it). Loaded here first, so both clocks time the paging.
await import('undici');
const t0 = performance.now();
let users = 0;
let pages = 0;
for await (const {rows} of pager.pages('/api/v1/users?limit=200')) {
	pages++;
	users += rows.map(wire.userSummary).length;
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage();
await provider.close();
process.stdout.write(JSON.stringify({ms, users, pages, cpuMs: (cpu.user + cpu.system) / 1000}) + '\n');
