/**
 * Scripted loopback HTTP servers for transport tests: one per test, on 127.0.0.1 and an ephemeral port,
 * closed by `t.after`. Each request is recorded (method, url, headers, body) before the handler runs.
 */
import {createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {connect as netConnect, type AddressInfo, type Socket} from 'node:net';
import type {TestContext} from 'node:test';

export interface RecordedRequest {
	readonly method: string;
	readonly url: string;
	readonly headers: IncomingHttpHeaders;
	readonly body: Buffer;
	readonly text: string;
}

/** Gets the request (body already read) and its 0-based index among the requests this server received. */
export type Handler = (req: IncomingMessage, res: ServerResponse, recorded: RecordedRequest, index: number) => void | Promise<void>;

export interface TestServer {
	/** `http://127.0.0.1:<port>` */
	readonly url: string;
	readonly port: number;
	readonly requests: RecordedRequest[];
	close(): Promise<void>;
}

function track(server: Server): Set<Socket> {
	const sockets = new Set<Socket>();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	return sockets;
}

function listen(server: Server): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
	});
}

function closer(server: Server, sockets: Set<Socket>): () => Promise<void> {
	let closing: Promise<void> | undefined;
	return () => {
		closing ??= new Promise<void>((resolve) => {
			server.close(() => resolve());
			// Hanging handlers and keep-alive sockets would hold close() open.
			for (const socket of sockets) socket.destroy();
		});
		return closing;
	};
}

/**
 * Starts a server. `handlers` is one handler for every request, or a script: request i gets handlers[i],
 * and requests past the end get the last one.
 */
export async function startServer(t: TestContext, handlers: Handler | readonly Handler[]): Promise<TestServer> {
	const script = Array.isArray(handlers) ? (handlers as readonly Handler[]) : [handlers as Handler];
	if (script.length === 0) throw new Error('startServer needs at least one handler');
	const requests: RecordedRequest[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const recorded: RecordedRequest = {method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, text: body.toString('utf8')};
			const index = requests.length;
			requests.push(recorded);
			const handler = script[Math.min(index, script.length - 1)]!;
			Promise.resolve(handler(req, res, recorded, index)).catch((error: unknown) => {
				res.destroy(error instanceof Error ? error : new Error(String(error)));
			});
		});
	});
	const sockets = track(server);
	const port = await listen(server);
	const close = closer(server, sockets);
	t.after(close);
	return {url: `http://127.0.0.1:${port}`, port, requests, close};
}

/** Sends a JSON (or raw string) answer. */
export function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers});
	res.end(text);
}

/** Ready-made handlers. */
export const handlers = {
	json:
		(status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
		(_req, res) =>
			reply(res, status, body, headers),
	/** The Wacht error envelope. */
	wachtError:
		(status: number, message: string, headers: Record<string, string> = {}): Handler =>
		(_req, res) =>
			reply(res, status, {errors: [{message, code: status}]}, headers),
	/** Drops the connection without answering (the client sees a reset / "other side closed"). */
	reset: (): Handler => (req) => {
		req.socket.destroy();
	},
	/** Never answers (the client hits its headers timeout). */
	hang: (): Handler => () => {},
	/** Sends the status line and part of a body shorter than its Content-Length, then drops the connection. */
	truncated:
		(status: number, partial = '{"data":[{"id":"1"', declaredLength = 500): Handler =>
		(_req, res) => {
			res.writeHead(status, {'content-type': 'application/json', 'content-length': declaredLength});
			res.flushHeaders();
			res.write(partial, () => setTimeout(() => res.socket?.destroy(), 20));
		},
};

export interface ProxySeen {
	/** 'connect' for a CONNECT tunnel, 'forward' for an absolute-form request. */
	readonly kind: 'connect' | 'forward';
	/** `host:port` for CONNECT, the absolute URL for a forwarded request. */
	readonly target: string;
	readonly headers: IncomingHttpHeaders;
}

export interface TestProxy {
	readonly url: string;
	readonly seen: ProxySeen[];
	close(): Promise<void>;
}

/**
 * A tiny HTTP proxy on loopback. It forwards absolute-form requests (`GET http://host:port/path`) and also
 * tunnels CONNECT, because undici 7's ProxyAgent tunnels even plain-http targets by default (`proxyTunnel: true`).
 */
export async function startProxy(t: TestContext): Promise<TestProxy> {
	const seen: ProxySeen[] = [];
	const server = createServer((req, res) => {
		const target = req.url ?? '';
		seen.push({kind: 'forward', target, headers: req.headers});
		let url: URL;
		try {
			url = new URL(target);
		} catch {
			reply(res, 400, {error: 'proxy expects absolute-form'});
			return;
		}
		const upstream = httpRequest(
			{host: url.hostname, port: url.port, method: req.method, path: url.pathname + url.search, headers: req.headers},
			(up) => {
				res.writeHead(up.statusCode ?? 502, up.headers);
				up.pipe(res);
			},
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
		const target = req.url ?? '';
		seen.push({kind: 'connect', target, headers: req.headers});
		const [host, port] = target.split(':');
		const upstream = netConnect(Number(port), host ?? '127.0.0.1', () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length > 0) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
		sockets.add(upstream);
		upstream.on('close', () => sockets.delete(upstream));
	});
	const sockets = track(server);
	const port = await listen(server);
	const close = closer(server, sockets);
	t.after(close);
	return {url: `http://127.0.0.1:${port}`, seen, close};
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
	const server = createServer();
	const port = await listen(server);
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
