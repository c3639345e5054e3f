/**
 * The user view's reads through the official Okta SDK (@okta/okta-sdk-nodejs), written the way its README shows
 * them: one client, one awaited call after another, collections walked with `for await`. Run in a fresh process
 * by `npm run bench`, against the same emulated link as the app:
 *
 *   node scripts/bench/okta-sdk.mjs lookup '{"orgUrl":…,"token":…,"login":…}'
 *   node scripts/bench/okta-sdk.mjs paging '{"orgUrl":…,"token":…}'
 *
 * Prints one JSON line with the time in ms (and what was read, to check it read the same as the app).
 */
import okta from '@okta/okta-sdk-nodejs';

const [mode, json] = process.argv.slice(2);
const {orgUrl, token, login, warm} = JSON.parse(json ?? '{}');
// The paging run talks plain HTTP to the simulator on loopback; v8 accepts that, the flag only keeps it explicit.
const client = new okta.Client({orgUrl, token, ...(orgUrl.startsWith('http:') ? {testing: {disableHttpsCheck: true}} : {})});

async function all(collection) {
	const out = [];
	for await (const item of collection) if (item) out.push(item);
	return out;
}

if (mode === 'lookup') {
	// With `warm`, one call first so the timed reads find a connection open (the README's way does not).
	if (warm) await client.userApi.getUser({userId: login}).catch(() => null);
	const t0 = performance.now();
	const [found] = await all(await client.userApi.listUsers({search: `profile.email eq "${login}" or profile.login eq "${login}"`}));
	const userId = found.id;
	const user = await client.userApi.getUser({userId, expand: 'blocks'});
	const factors = await all(await client.userFactorApi.listFactors({userId}));
	const groups = await all(await client.userApi.listUserGroups({userId}));
	const roles = await all(await client.roleAssignmentApi.listAssignedRolesForUser({userId}));
	const appLinks = await all(await client.userApi.listAppLinks({userId}));
	const clients = await all(await client.userApi.listUserClients({userId}));
	let grants = 0;
	let tokens = 0;
	for (const c of clients) {
		grants += (await all(await client.userApi.listGrantsForUserAndClient({userId, clientId: c.client_id, limit: 200}))).length;
		tokens += (await all(await client.userApi.listRefreshTokensForUserAndClient({userId, clientId: c.client_id, limit: 200}))).length;
	}
	const ms = performance.now() - t0;
	process.stdout.write(
		JSON.stringify({ms, user: user.profile.login, factors: factors.length, groups: groups.length, roles: roles.length, appLinks: appLinks.length, clients: clients.length, grants, tokens}) + '\n',
	);
} else if (mode === 'paging') {
	const t0 = performance.now();
	let n = 0;
	const collection = await client.userApi.listUsers({limit: 200});
	for await (const user of collection) if (user) n++;
	const cpu = process.cpuUsage();
	process.stdout.write(JSON.stringify({ms: performance.now() - t0, users: n, cpuMs: (cpu.user + cpu.system) / 1000}) + '\n');
} else {
	throw new Error(`unknown mode ${mode}`);
}
