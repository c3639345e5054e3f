/**
 * Connections opened ahead of the requests, with nothing sent on them: TCP and TLS done, no HTTP byte. The
 * transport gives `connect` to undici as its connector, so undici's pool takes one of these sockets when it needs a
 * new connection instead of paying the handshakes (2 round trips) on the operator's Enter.
 *
 * - Holds up to `want(n)` connections to one origin, counting those already handed to undici and still open: the
 *   origin never sees more than the pool would open anyway.
 * - A socket the server closes while it waits (an idle timeout for connections that never carried a request) is
 *   dropped and reopened: at once after a long life, with a doubling back-off after a short one or a failed connect.
 *   Reopening stops once nothing asked for connections or sent a request for `idleStopMs` (10 minutes), and resumes
 *   on the next `want` (an edit at the lookup prompt).
 * - Waiting sockets and timers are unref'd: they never keep the process alive. A socket is ref'd when handed over.
 *
 * No undici import (src/api/transport.ts is the only module that has one): `build` is undici's own connector
 * (`buildConnector`), the one the pool would use, so TLS options, servername, CAs (NODE_EXTRA_CA_CERTS), session
 * resumption and the connect timeout are the same for a preconnected socket and a fresh one.
 */
import type {Socket} from 'node:net';

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
	readonly now?: () => number;
	/** Reopening stops after this long with no `want` and no request. */
	readonly idleStopMs?: number;
	/** The first back-off after a short-lived socket or a failed connect; doubles up to `maxDelayMs`. */
	readonly baseDelayMs?: number;
	readonly maxDelayMs?: number;
	/** A socket the server kept at least this long was not refused: its replacement opens without back-off. */
	readonly longLifeMs?: number;
}

interface Opening {
	/** undici asked while the handshake was in flight: it gets this socket (or, if it fails, a fresh one). */
	waiter: {readonly options: ConnectOptions; readonly callback: ConnectCallback} | null;
	socket: Socket | null;
}

interface Waiting {
	readonly socket: Socket;
	/** Takes off the listeners that drop the socket while it waits. */
	readonly detach: () => void;
}

export class Preconnector {
	readonly #target: ConnectOptions;
	readonly #build: Connector;
	readonly #now: () => number;
	readonly #idleStopMs: number;
	readonly #baseDelayMs: number;
	readonly #maxDelayMs: number;
	readonly #longLifeMs: number;
	/** Connected and unused, oldest first. */
	readonly #ready: Waiting[] = [];
	readonly #opening = new Set<Opening>();
	/** Handed to undici and still open. */
	#handed = 0;
	#wanted = 0;
	#activeAt: number;
	#failures = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#closed = false;
	/** Opened in all, for tests and `--debug`. */
	opened = 0;

	constructor(options: PreconnectOptions) {
		const url = new URL(options.origin);
		this.#target = {hostname: url.hostname, host: url.host, protocol: url.protocol, port: url.port, servername: null, localAddress: null};
		this.#build = options.build;
		this.#now = options.now ?? Date.now;
		this.#idleStopMs = options.idleStopMs ?? 10 * 60_000;
		this.#baseDelayMs = options.baseDelayMs ?? 1_000;
		this.#maxDelayMs = options.maxDelayMs ?? 60_000;
		this.#longLifeMs = options.longLifeMs ?? 30_000;
		this.#activeAt = this.#now();
	}

	/** Connections waiting, connecting and handed over, for tests. */
	get counts(): {readonly ready: number; readonly opening: number; readonly handed: number} {
		return {ready: this.#ready.length, opening: this.#opening.size, handed: this.#handed};
	}

	/**
	 * Holds `connections` open from now on (never fewer than asked before) and resumes reopening. Resolves when the
	 * connects it started have settled, connected or not; never rejects.
	 */
	want(connections: number): Promise<void> {
		this.#wanted = Math.max(this.#wanted, connections);
		this.touch();
		return this.#fill();
	}

	/** A request was sent: the operator is there, keep the connections coming. */
	touch(): void {
		this.#activeAt = this.#now();
	}

	/** The connector undici calls when its pool needs a connection. */
	readonly connect: Connector = (options, callback) => {
		if (this.#closed || !this.#serves(options)) {
			this.#build(options, callback);
			return;
		}
		this.touch();
		for (let waiting = this.#ready.shift(); waiting; waiting = this.#ready.shift()) {
			waiting.detach();
			if (usable(waiting.socket)) {
				// Counted as handed until it closes: only then is it replaced.
				this.#handOver(waiting.socket);
				callback(null, waiting.socket);
				return;
			}
			waiting.socket.destroy();
		}
		for (const opening of this.#opening) {
			if (opening.waiter) continue;
			// Further along than a connection started now; if it fails, undici gets a fresh one.
			opening.waiter = {options, callback};
			opening.socket?.ref();
			return;
		}
		this.#build(options, (...args) => {
			if (args[0] === null) this.#handOver(args[1]);
			callback(...args);
		});
	};

	close(): void {
		this.#closed = true;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		for (const {socket, detach} of this.#ready.splice(0)) {
			detach();
			socket.destroy();
		}
		for (const opening of this.#opening) if (!opening.waiter) opening.socket?.destroy();
	}

	#serves(o: ConnectOptions): boolean {
		const t = this.#target;
		return !o.httpSocket && !o.servername && !o.localAddress && o.protocol === t.protocol && o.hostname === t.hostname && String(o.port || '') === t.port;
	}

	#fill(): Promise<void> {
		if (this.#closed || this.#now() - this.#activeAt > this.#idleStopMs) return Promise.resolve();
		const missing = this.#wanted - this.#ready.length - this.#opening.size - this.#handed;
		return Promise.all(Array.from({length: Math.max(0, missing)}, () => this.#open())).then(() => undefined);
	}

	#open(): Promise<void> {
		const opening: Opening = {waiter: null, socket: null};
		this.#opening.add(opening);
		this.opened++;
		return new Promise<void>((resolve) => {
			const socket = this.#build(this.#target, (...args) => {
				this.#opening.delete(opening);
				const waiter = opening.waiter;
				if (args[0] !== null) {
					if (waiter) this.connect(waiter.options, waiter.callback);
					this.#lost(true);
				} else if (waiter) {
					this.#handOver(args[1]);
					waiter.callback(null, args[1]);
				} else if (this.#closed) {
					args[1].destroy();
				} else {
					this.#hold(args[1]);
				}
				resolve();
			});
			// Unref'd, a connect in flight holds no process open (the callback may already have run: a sync error).
			if (isSocket(socket) && this.#opening.has(opening)) {
				opening.socket = socket;
				socket.unref();
			}
		});
	}

	/** Waits unused until undici takes it; anything from the server before a request (an error page, a close) ends it. */
	#hold(socket: Socket): void {
		socket.unref();
		const since = this.#now();
		const detach = (): void => {
			socket.off('readable', drop).off('end', drop).off('close', drop).off('error', noop);
		};
		const waiting: Waiting = {socket, detach};
		const drop = (): void => {
			detach();
			socket.destroy();
			const i = this.#ready.indexOf(waiting);
			if (i >= 0) this.#ready.splice(i, 1);
			this.#lost(this.#now() - since < this.#longLifeMs);
		};
		// An 'error' listener: a reset while waiting must not become an uncaught error.
		socket.on('readable', drop).on('end', drop).on('close', drop).on('error', noop);
		this.#ready.push(waiting);
	}

	#handOver(socket: Socket): void {
		socket.ref();
		this.#failures = 0;
		this.#handed++;
		socket.once('close', () => {
			this.#handed--;
			this.#lost(false);
		});
	}

	/** A connection is gone: schedule its replacement, backing off when they keep failing or closing early. */
	#lost(early: boolean): void {
		if (this.#closed || this.#timer) return;
		this.#failures = early ? Math.min(this.#failures + 1, 20) : 0;
		const delay = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** this.#failures);
		this.#timer = setTimeout(() => {
			this.#timer = null;
			void this.#fill();
		}, delay);
		this.#timer.unref();
	}
}

function noop(): void {}

function isSocket(value: unknown): value is Socket {
	return typeof value === 'object' && value !== null && typeof (value as Socket).unref === 'function';
}

function usable(socket: Socket): boolean {
	return !socket.destroyed && socket.readyState === 'open' && socket.readableLength === 0 && !socket.readableEnded;
}
