/**
 * Fixed rate-limit windows per bucket, as both backends count: a window starts at the bucket's first request and lasts
 * `windowMs`; a request over the limit is refused and not counted. Wacht has one bucket per key; Okta one per
 * endpoint family. How a refusal reads (Wacht's "Retry after N seconds", Okta's X-Rate-Limit-* headers) stays with
 * each simulator.
 */

export interface RateSetting {
	readonly limit: number;
	readonly windowMs: number;
}

export interface RateWindow {
	readonly limit: number;
	readonly windowMs: number;
	/** Requests counted in the current window. */
	readonly used: number;
	/** Epoch ms when the current window started (null: no request yet). */
	readonly windowStart: number | null;
	/** Requests left in the window. */
	readonly remaining: number;
	/** Epoch ms when the window ends (now + windowMs when none is running). */
	readonly resetAt: number;
}

interface Bucket {
	limit: number;
	windowMs: number;
	used: number;
	windowStart: number | null;
}

export class RateWindows<B extends string> {
	private readonly buckets = new Map<B, Bucket>();

	constructor(settings: Readonly<Record<B, RateSetting>>) {
		for (const [bucket, s] of Object.entries(settings) as [B, RateSetting][]) this.buckets.set(bucket, {limit: s.limit, windowMs: s.windowMs, used: 0, windowStart: null});
	}

	private current(bucket: B, now: number): Bucket {
		const b = this.buckets.get(bucket);
		if (!b) throw new Error(`unknown rate-limit bucket ${bucket}`);
		if (b.windowStart !== null && now >= b.windowStart + b.windowMs) {
			b.windowStart = null;
			b.used = 0;
		}
		return b;
	}

	private view(b: Bucket, now: number): RateWindow {
		return {limit: b.limit, windowMs: b.windowMs, used: b.used, windowStart: b.windowStart, remaining: Math.max(0, b.limit - b.used), resetAt: (b.windowStart ?? now) + b.windowMs};
	}

	/** The bucket's window without counting a request. */
	peek(bucket: B, now: number): RateWindow {
		return this.view(this.current(bucket, now), now);
	}

	/** Counts a request; `ok` false when the budget is spent (the request is not counted then). */
	take(bucket: B, now: number): {ok: boolean; window: RateWindow} {
		const b = this.current(bucket, now);
		if (b.windowStart === null) b.windowStart = now;
		if (b.used >= b.limit) return {ok: false, window: this.view(b, now)};
		b.used++;
		return {ok: true, window: this.view(b, now)};
	}

	/** Changes a bucket's budget (and window) and starts a fresh window. */
	set(bucket: B, limit: number, windowMs?: number): void {
		const b = this.current(bucket, Date.now());
		b.limit = limit;
		if (windowMs !== undefined) b.windowMs = windowMs;
		b.used = 0;
		b.windowStart = null;
	}

	/** Fresh windows for every bucket. */
	reset(): void {
		for (const b of this.buckets.values()) {
			b.used = 0;
			b.windowStart = null;
		}
	}

	/** Every bucket's state as last counted (an expired window shows until the bucket's next request), in configured order. */
	states(now = Date.now()): [B, RateWindow][] {
		return [...this.buckets].map(([bucket, b]) => [bucket, this.view(b, now)]);
	}
}
