/** The simulators' HTTP plumbing. */
import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';

/** Starts listening (port 0: a free one); resolves with the port taken and the base URL (no trailing slash). */
export async function listen(server: Server, port: number, host: string): Promise<{port: number; url: string}> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const taken = (server.address() as AddressInfo).port;
	const hostInUrl = host.includes(':') ? `[${host}]` : host;
	return {port: taken, url: `http://${hostInUrl}:${taken}`};
}
