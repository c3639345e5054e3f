/**
 * A TCP relay on loopback that counts what a backend would see of a client's connections: how many it opened, the
 * bytes it sent on each (a connection held ready carries none), and who closed it. It forwards to `upstream` (a
 * test server or a simulator), optionally terminating TLS itself, and can close a connection from the server side
 * as an idle timeout would. Closed by `t.after`.
 */
import {connect as netConnect, createServer as createNetServer, type AddressInfo, type Server, type Socket} from 'node:net';
import type {TestContext} from 'node:test';
import {createServer as createTlsServer} from 'node:tls';

export interface CountedConnection {
	/** Bytes the client sent on it (HTTP bytes: after TLS when the relay terminates it). */
	bytes: number;
	/** The client sent its FIN (closed its side). */
	clientEnded: boolean;
	closed: boolean;
	/** Ends it from the server side: a FIN; `half`: and keeps reading until the client's, as a half-closing server does. */
	end(half?: boolean): void;
}

export interface ConnectionCounter {
	/** `http://127.0.0.1:<port>`, or `https://localhost:<port>` with TLS. */
	readonly url: string;
	readonly connections: CountedConnection[];
	/** Connections still open. */
	open(): CountedConnection[];
	/** Resolves once `test` holds (checked after every connection, byte and close); rejects after `ms`. */
	until(test: () => boolean, what: string, ms?: number): Promise<void>;
}

export interface CounterOptions {
	/** Terminate TLS with this key and certificate (PEM). */
	readonly tls?: {readonly key: string | Buffer; readonly cert: string | Buffer};
}

export async function countConnections(t: TestContext, upstream: string, options: CounterOptions = {}): Promise<ConnectionCounter> {
	const target = new URL(upstream);
	const connections: CountedConnection[] = [];
	const sockets = new Set<Socket>();
	const watchers = new Set<() => void>();
	const changed = (): void => {
		for (const watch of [...watchers]) watch();
	};
	const relay = (client: Socket): void => {
		sockets.add(client);
		let half = false;
		const up = netConnect({host: target.hostname, port: Number(target.port)});
		sockets.add(up);
		const counted: CountedConnection = {
			bytes: 0,
			clientEnded: false,
			closed: false,
			end(halfClose = false) {
				half = halfClose;
				client.end();
				if (!halfClose) up.destroy();
			},
		};
		connections.push(counted);
		client.on('data', (chunk: Buffer) => {
			counted.bytes += chunk.length;
			if (!half) up.write(chunk);
			changed();
		});
		client.on('end', () => {
			counted.clientEnded = true;
			up.end();
			client.end();
			changed();
		});
		up.on('data', (chunk: Buffer) => {
			if (!client.writableEnded) client.write(chunk);
		});
		up.on('end', () => client.end());
		up.on('error', () => client.destroy());
		client.on('error', () => up.destroy());
		client.on('close', () => {
			counted.closed = true;
			up.destroy();
			sockets.delete(client);
			changed();
		});
		up.on('close', () => sockets.delete(up));
		changed();
	};
	const server: Server = options.tls
		? createTlsServer({key: options.tls.key, cert: options.tls.cert}, relay)
		: createNetServer(relay);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	t.after(
		() =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				for (const socket of sockets) socket.destroy();
			}),
	);
	return {
		url: options.tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`,
		connections,
		open: () => connections.filter((c) => !c.closed),
		until(test, what, ms = 5_000) {
			return new Promise<void>((resolve, reject) => {
				const done = (error?: Error): void => {
					watchers.delete(check);
					clearTimeout(timer);
					if (error) reject(error);
					else resolve();
				};
				const check = (): void => {
					if (test()) done();
				};
				const timer = setTimeout(() => done(new Error(`the backend never saw ${what}: ${JSON.stringify(connections)}`)), ms);
				watchers.add(check);
				check();
			});
		},
	};
}
