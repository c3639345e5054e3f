/**
 * Connections opened ahead of the requests, with nothing sent on them: TCP and TLS done, no HTTP byte. The
 * transport gives `connect` to undici as its connector, so undici's pool takes one of these sockets when it needs a
 * new connection instead of paying the handshakes (2 round trips) on the operator's Enter.
 *
 * Why it works: a server closes a connection that never carried a request much later (Node's headersTimeout, a load
 * balancer's idle timeout: a minute or more) than one that did (its keep-alive timeout, seconds). A warm-up request
 * would make the held connection a used one, and its keep-alive clock would run out while the operator reads.
 *
 * - Holds up to `want(n)` connections (at most `limit`, the pool's own connection limit) to one origin, counting
 *   those handed to undici and still open: the origin never sees more connections than the pool would open itself.
 * - Each socket is handed over once. One the server closed, half-closed or wrote to while it waited is dropped,
 *   never handed, and reopened: at once after a long life or after it carried requests, with a doubling back-off
 *   (1 s up to 60 s) after a short life or a failed connect. Reopening stops once nothing asked for connections or
 *   sent a request for `idleStopMs` (10 minutes), and resumes on the next `want` (an edit at the lookup prompt).
 * - Waiting sockets, connects in flight and timers are unref'd: they never keep the process alive (so a process with
 *   nothing else to do exits without waiting for `want` to settle). A socket is ref'd when handed over (undici takes
 *   it as ref'd and unrefs it itself while idle). `close` ends everything not handed over.
 *
 * No undici import (src/api/transport.ts is the only module that has one): `build` is undici's own connector
 * (`buildConnector`), built with the dispatcher's connect options, and a held socket is opened with the options
 * undici's pool would pass, so certificate checks, servername, CAs (NODE_EXTRA_CA_CERTS), session resumption and the
 * connect timeout are the same for a preconnected socket and a fresh one.
 */
import {isIP, type Socket} from 'node:net';

/** What undici passes to a connector (undici's `buildConnector.Options`). */
export interface ConnectOptions {
	readonly hostname: string;
	readonly host?: string;
	readonly protocol: string;
	readonly port: string;
	readonly servername?: string | null;
	readonly localAddress?: string | null;
	readonly httpSocket?: Socket;
}

export type ConnectCallback = (...args: [null, Socket] | [Error, null]) => void;
/** undici's connector also returns the socket it is connecting (its types say void). */
export type Connector = (options: ConnectOptions, callback: ConnectCallback) => unknown;

export interface PreconnectOptions {
	/** The origin whose connections are held: `https://example.okta.com`. */
	readonly origin: string;
	/** undici's connector, built with the dispatcher's connect options. */
	readonly build: Connector;
	/** The most connections held (the pool's connection limit); `want` asks for no more. */
	readonly limit: number;
	readonly now?: () => number;
	/** Reopening stops after this long with no `want` and no request. */
	readonly idleStopMs?: number;
	/** The first back-off after a short-lived socket or a failed connect; doubles up to `maxDelayMs`. */
	readonly baseDelayMs?: number;
	readonly maxDelayMs?: number;
	/** A held socket the server kept at least this long was not refused: its replacement opens without back-off. */
	readonly longLifeMs?: number;
}

interface Opening {
	/** undici asked while the handshake was in flight: it gets this socket (or, if it fails, another). */
	waiter: {readonly options: ConnectOptions; readonly callback: ConnectCallback} | null;
	socket: Socket | null;
	/** Resolves the `want` that started it. */
	readonly settle: () => void;
}

interface Waiting {
	readonly socket: Socket;
	/** Takes off the listeners that drop the socket while it waits. */
	readonly detach: () => void;
	/** The server closed, half-closed or wrote to it: it is never handed over. */
	dropped: boolean;
}

export class Preconnector {
	readonly #target: ConnectOptions;
	readonly #build: Connector;
	readonly #limit: number;
	readonly #now: () => number;
	readonly #idleStopMs: number;
	readonly #baseDelayMs: number;
	readonly #maxDelayMs: number;
	readonly #longLifeMs: number;
	/** Connected and unused, oldest first. */
	readonly #ready: Waiting[] = [];
	/** Taken from #ready for undici, handed over on the next turn of the event loop. */
	#taken = 0;
	readonly #opening = new Set<Opening>();
	/** Handed to undici and still open. */
	#handed = 0;
	/** Connects undici asked for with none held or opening, in flight. */
	#connecting = 0;
	#wanted = 0;
	#activeAt: number;
	#failures = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#closed = false;
	/** Connections opened ahead in all (not those undici asked for with none ready), for tests. */
	opened = 0;

	constructor(options: PreconnectOptions) {
		const url = new URL(options.origin);
		const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
		// The SNI name undici's connector derives from the host (none for an IP address): the same name is sent and
		// checked against the certificate, and `serves` compares with it.
		this.#target = {hostname, host: url.host, protocol: url.protocol, port: url.port, servername: serverName(url.protocol, url.host), localAddress: null};
		this.#build = options.build;
		this.#limit = options.limit;
		this.#now = options.now ?? Date.now;
		this.#idleStopMs = options.idleStopMs ?? 10 * 60_000;
		this.#baseDelayMs = options.baseDelayMs ?? 1_000;
		this.#maxDelayMs = options.maxDelayMs ?? 60_000;
		this.#longLifeMs = options.longLifeMs ?? 30_000;
		this.#activeAt = this.#now();
	}

	/** Connections waiting, connecting and handed over, for tests. */
	get counts(): {readonly ready: number; readonly opening: number; readonly handed: number} {
		return {ready: this.#ready.length + this.#taken, opening: this.#opening.size + this.#connecting, handed: this.#handed};
	}

	/**
	 * Holds `connections` open from now on (never fewer than asked before, never more than the limit) and resumes
	 * reopening. Resolves when the connects it started have settled, connected or not; never rejects.
	 */
	want(connections: number): Promise<void> {
		this.#wanted = Math.min(this.#limit, Math.max(this.#wanted, connections));
		this.touch();
		return this.#fill();
	}

	/** A request was sent: the operator is there, keep the connections coming. */
	touch(): void {
		this.#activeAt = this.#now();
	}

	/** The connector undici calls when its pool needs a connection. */
	readonly connect: Connector = (options, callback) => {
		if (this.#closed || !this.#serves(options)) return this.#build(options, callback);
		this.touch();
		const waiting = this.#ready.shift();
		if (waiting) {
			// Called back on a later turn, never from inside this call: undici calls its connector from its own resume
			// loop, which drops a connection handed back synchronously (the request then waits forever). setImmediate, as
			// undici does before reusing an idle socket: a FIN or reset already on the wire is read first.
			this.#taken++;
			setImmediate(() => {
				this.#taken--;
				waiting.detach();
				if (!waiting.dropped && usable(waiting.socket)) {
					this.#handOver(waiting.socket);
					callback(null, waiting.socket);
				} else {
					waiting.socket.destroy();
					this.connect(options, callback);
				}
			});
			return;
		}
		for (const opening of this.#opening) {
			if (opening.waiter) continue;
			// Further along than a connection started now; if it fails, undici gets another.
			opening.waiter = {options, callback};
			opening.socket?.ref();
			return;
		}
		// None held: undici's own connect, counted so that no held one is opened in its place meanwhile.
		this.#connecting++;
		return this.#build(options, (...args) => {
			this.#connecting--;
			if (args[0] === null && !this.#closed) this.#handOver(args[1]);
			callback(...args);
		});
	};

	/** Ends every socket not handed over and stops reopening (the dispatcher closes those it holds). */
	close(): void {
		this.#closed = true;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		for (const {socket, detach} of this.#ready.splice(0)) {
			detach();
			socket.destroy();
		}
		for (const opening of this.#opening) {
			if (opening.waiter) continue;
			this.#opening.delete(opening);
			opening.socket?.destroy();
			opening.settle();
		}
	}

	#serves(o: ConnectOptions): boolean {
		const t = this.#target;
		return (
			!o.httpSocket &&
			!o.localAddress &&
			o.protocol === t.protocol &&
			o.hostname === t.hostname &&
			String(o.port || '') === t.port &&
			(o.servername || serverName(o.protocol, o.host ?? o.hostname)) === t.servername
		);
	}

	#fill(): Promise<void> {
		if (this.#closed || this.#now() - this.#activeAt > this.#idleStopMs) return Promise.resolve();
		const missing = this.#wanted - this.#ready.length - this.#taken - this.#opening.size - this.#connecting - this.#handed;
		return Promise.all(Array.from({length: Math.max(0, missing)}, () => this.#open())).then(() => undefined);
	}

	#open(): Promise<void> {
		return new Promise<void>((settle) => {
			const opening: Opening = {waiter: null, socket: null, settle};
			this.#opening.add(opening);
			this.opened++;
			const socket = this.#build(this.#target, (...args) => {
				const waiter = opening.waiter;
				// Not there any more: close() ended it (a connect that still completes is not wanted).
				if (!this.#opening.delete(opening)) {
					if (args[0] === null) args[1].destroy();
					return;
				}
				if (args[0] !== null) {
					if (waiter) this.connect(waiter.options, waiter.callback);
					this.#lost(true);
				} else if (waiter) {
					this.#handOver(args[1]);
					waiter.callback(null, args[1]);
				} else {
					this.#hold(args[1]);
				}
				settle();
			});
			// Unref'd, a connect in flight holds no process open (the callback may already have run: a sync error).
			if (isSocket(socket) && this.#opening.has(opening)) {
				opening.socket = socket;
				if (!opening.waiter) socket.unref();
			}
		});
	}

	/** Waits unused until undici takes it; anything from the server before a request (an error page, a FIN) ends it. */
	#hold(socket: Socket): void {
		socket.unref();
		const since = this.#now();
		const detach = (): void => {
			socket.off('readable', drop).off('end', drop).off('close', drop).off('error', noop);
		};
		const waiting: Waiting = {socket, detach, dropped: false};
		function noop(): void {}
		const drop = (): void => {
			detach();
			waiting.dropped = true;
			socket.destroy();
			// Taken already, the hand-over sees `dropped` and finds undici another.
			const i = this.#ready.indexOf(waiting);
			if (i >= 0) this.#ready.splice(i, 1);
			this.#lost(this.#now() - since < this.#longLifeMs);
		};
		// 'readable' reads the socket while it waits, so a FIN or a byte from the server is seen; an 'error' listener,
		// so a reset while waiting is not an uncaught error.
		socket.on('readable', drop).on('end', drop).on('close', drop).on('error', noop);
		this.#ready.push(waiting);
	}

	#handOver(socket: Socket): void {
		socket.ref();
		this.#failures = 0;
		this.#handed++;
		socket.once('close', () => {
			this.#handed--;
			// It carried requests (or undici ended it): not a refusal, replace it at once.
			this.#lost(false);
		});
	}

	/** A connection is gone: schedule its replacement, backing off when they keep failing or closing early. */
	#lost(early: boolean): void {
		if (this.#closed) return;
		this.#failures = early ? Math.min(this.#failures + 1, 20) : 0;
		const delay = early ? Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (this.#failures - 1)) : 0;
		// One timer for every loss; a shorter delay moves it forward, a longer one never pushes it back.
		if (this.#timer && !early) clearTimeout(this.#timer);
		else if (this.#timer) return;
		this.#timer = setTimeout(() => {
			this.#timer = null;
			void this.#fill();
		}, delay);
		this.#timer.unref();
	}
}

/** What undici's connector sends as SNI when the pool passes none: the host without its port; none for an IP or http. */
function serverName(protocol: string, host: string): string | null {
	if (protocol !== 'https:') return null;
	const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
	return name && !isIP(name) ? name : null;
}

function isSocket(value: unknown): value is Socket {
	return typeof value === 'object' && value !== null && typeof (value as Socket).unref === 'function';
}

/** Open both ways with nothing unread: a half-closed socket ('readOnly'/'writeOnly') or one the server wrote to is not. */
function usable(socket: Socket): boolean {
	return !socket.destroyed && socket.readyState === 'open' && socket.readableLength === 0 && !socket.readableEnded && socket.writable;
}
