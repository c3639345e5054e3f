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
 * and the order of creation, never on the wall clock. Values are around 5.9e17, well above 2^53.
 */
export class SnowflakeIds {
	private ms: bigint;
	private seq = 0n;
	private readonly worker: bigint;

	constructor(private readonly prng: Prng) {
		this.ms = 140_680_000_000n + BigInt(prng.int(0, 10_000_000));
		this.worker = BigInt(prng.int(1, 31));
	}

	next(): string {
		this.ms += BigInt(1 + this.prng.int(0, 2_500));
		this.seq = (this.seq + 1n + BigInt(this.prng.int(0, 3))) & 0xfffn;
		return ((this.ms << 22n) | (this.worker << 12n) | this.seq).toString();
	}
}
