/**
 * A hostile reverse proxy on loopback: forwards every request to `upstream` and writes the answer back with extra
 * response headers given as raw bytes, so a test can send what Node's own server refuses to write: 8-bit bytes
 * (C1 controls such as 0x9B, the 8-bit CSI) in X-Request-Id, Retry-After, WWW-Authenticate, Link… Each answer
 * closes its connection (the head is written by hand, so no keep-alive bookkeeping is needed).
 */
import {createServer, request as httpRequest} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import type {TestContext} from 'node:test';

/** Extra headers for one answer: name → bytes (a string is taken as latin1, one byte per character). */
export type ExtraHeaders = (method: string, path: string, status: number) => Record<string, string | Buffer>;

export interface HeaderProxy {
	readonly url: string;
	/** Requests forwarded so far. */
	readonly forwarded: {method: string; path: string; status: number}[];
}

/** Headers the proxy never copies from upstream (it sets its own framing). */
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export async function startHeaderProxy(t: TestContext, upstream: string, extra: ExtraHeaders): Promise<HeaderProxy> {
	const target = new URL(upstream);
	const forwarded: HeaderProxy['forwarded'] = [];
	const sockets = new Set<Socket>();
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const headers = {...req.headers, host: target.host};
			const up = httpRequest({host: target.hostname, port: target.port, method: req.method, path: req.url, headers}, (answer) => {
				const body: Buffer[] = [];
				answer.on('data', (c: Buffer) => body.push(c));
				answer.on('end', () => {
					const status = answer.statusCode ?? 502;
					const payload = Buffer.concat(body);
					forwarded.push({method: req.method ?? '', path: req.url ?? '', status});
					const lines: Buffer[] = [Buffer.from(`HTTP/1.1 ${status} ${answer.statusMessage ?? ''}\r\n`, 'latin1')];
					for (const [name, value] of Object.entries(answer.headers)) {
						if (HOP.has(name) || value === undefined) continue;
						for (const v of Array.isArray(value) ? value : [value]) lines.push(Buffer.from(`${name}: ${v}\r\n`, 'utf8'));
					}
					for (const [name, value] of Object.entries(extra(req.method ?? '', req.url ?? '', status))) {
						lines.push(Buffer.concat([Buffer.from(`${name}: `, 'latin1'), typeof value === 'string' ? Buffer.from(value, 'latin1') : value, Buffer.from('\r\n', 'latin1')]));
					}
					lines.push(Buffer.from(`content-length: ${payload.length}\r\nconnection: close\r\n\r\n`, 'latin1'));
					const socket = res.socket;
					if (!socket) return;
					socket.write(Buffer.concat([...lines, payload]));
					socket.end();
				});
			});
			up.on('error', () => res.socket?.destroy());
			up.end(Buffer.concat(chunks));
		});
	});
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	t.after(
		() =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				for (const s of sockets) s.destroy();
			}),
	);
	return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, forwarded};
}
