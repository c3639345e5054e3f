/**
 * Seeded pseudo-random numbers for the simulators. Deterministic for a seed, never for secrets:
 * anything that must be unguessable (backup codes handed out at runtime) uses node:crypto instead.
 */

/** splitmix32: spreads a small integer seed over 32 bits so seeds 1, 2, 3… give unrelated streams. */
function splitmix32(seed: number): number {
	let z = (seed + 0x9e3779b9) | 0;
	z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
	z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
	return (z ^ (z >>> 16)) >>> 0;
}

/** sfc32 generator (small, fast, passes PractRand for our purposes). */
export class Prng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(seed: number) {
		if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${seed}`);
		this.a = splitmix32(seed);
		this.b = splitmix32(seed ^ 0x5bd1e995);
		this.c = splitmix32(seed + 0x27d4eb2f);
		this.d = 1;
		for (let i = 0; i < 15; i++) this.nextUint32();
	}

	nextUint32(): number {
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return t >>> 0;
	}

	/** Float in [0, 1). */
	next(): number {
		return this.nextUint32() / 4294967296;
	}

	/** Integer in [min, max] (both inclusive). */
	int(min: number, max: number): number {
		if (max < min) throw new RangeError(`int(${min}, ${max})`);
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new RangeError('pick from an empty list');
		return items[Math.floor(this.next() * items.length)] as T;
	}

	/** Picks by weight: `weighted([['a', 3], ['b', 1]])` gives 'a' three times as often. */
	weighted<T>(items: readonly (readonly [T, number])[]): T {
		const total = items.reduce((sum, [, w]) => sum + w, 0);
		let r = this.next() * total;
		for (const [item, w] of items) {
			r -= w;
			if (r < 0) return item;
		}
		const last = items[items.length - 1];
		if (!last) throw new RangeError('weighted pick from an empty list');
		return last[0];
	}

	/** k distinct items, in random order. */
	sample<T>(items: readonly T[], k: number): T[] {
		const copy = [...items];
		for (let i = copy.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
		}
		return copy.slice(0, Math.max(0, Math.min(k, copy.length)));
	}

	/** A string of `length` characters drawn from `alphabet`. */
	string(alphabet: string, length: number): string {
		let s = '';
		for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
		return s;
	}
}

export const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const BASE64URL = BASE62 + '-_';
export const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * 64-bit snowflake ids as decimal strings: (virtual ms << 22) | (worker << 12) | sequence.
 * The virtual clock starts at a fixed point and advances by seeded jitter, so ids depend only on the seed
 * and the order of creation, never on the wall clock. Values are around 5.9e17, well above 2^53, so the decimal
 * string is built from two safe halves (BigInt cost a third of the seed's id time).
 *
 * `block` gives a generator of its own over a disjoint stretch of the virtual clock: a part of the seed built
 * later, or never (src/sim/wacht/seed.ts builds each user's sign-ins on first touch), takes the same ids whenever
 * and in whatever order it is built, and none collides with the main stream's.
 */
export class SnowflakeIds {
	private ms: number;
	private seq = 0;
	private readonly worker: number;
	/** The first ms of this generator's stretch; blocks are offsets from the root's. */
	private readonly origin: number;
	private readonly endMs: number;

	constructor(
		private readonly prng: Prng,
		block?: {parent: SnowflakeIds; offsetMs: number; sizeMs: number},
	) {
		if (block) {
			this.origin = block.parent.origin;
			this.ms = this.origin + block.offsetMs;
			this.endMs = this.ms + block.sizeMs;
			this.worker = block.parent.worker;
		} else {
			this.origin = 140_680_000_000 + prng.int(0, 10_000_000);
			this.ms = this.origin;
			this.endMs = Number.POSITIVE_INFINITY;
			this.worker = prng.int(1, 31);
		}
	}

	/** A generator over [origin + offsetMs, origin + offsetMs + sizeMs) of the virtual clock, drawing from `prng`. */
	block(prng: Prng, offsetMs: number, sizeMs: number): SnowflakeIds {
		return new SnowflakeIds(prng, {parent: this, offsetMs, sizeMs});
	}

	next(): string {
		this.ms += 1 + this.prng.int(0, 2_500);
		if (this.ms >= this.endMs) throw new Error('snowflake id block exhausted');
		this.seq = (this.seq + 1 + this.prng.int(0, 3)) & 0xfff;
		return snowflakeDecimal(this.ms, this.worker * 4096 + this.seq);
	}
}

/** The decimal digits of ms · 2^22 + low (low < 2^22, ms < 2^41) without BigInt: base 10^8 halves. */
export function snowflakeDecimal(ms: number, low: number): string {
	const high = Math.floor(ms / 1e8);
	const rest = (ms % 1e8) * 4_194_304 + low; // < 4.2e14: exact
	const upper = high * 4_194_304 + Math.floor(rest / 1e8);
	const digits = String(rest % 1e8);
	return upper > 0 ? `${upper}${digits.padStart(8, '0')}` : digits;
}
