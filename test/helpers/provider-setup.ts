/** What provider tests share: a sleep that records waits instead of waiting, request filtering, and cleanup. */
import type {TestContext} from 'node:test';

/** A transport `sleep` that records each wait and returns at once (still honouring an abort). */
export function recordingSleep(): {readonly waits: number[]; readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>} {
	const waits: number[] = [];
	return {
		waits,
		sleep: async (ms, signal) => {
			waits.push(ms);
			if (signal?.aborted) throw signal.reason;
		},
	};
}

export interface RequestLike {
	readonly method: string;
	readonly path: string;
}

/** The simulator's request log, optionally narrowed by method and path. */
export function requestFilter<R extends RequestLike>(log: readonly R[]): (match?: {method?: string; path?: RegExp}) => R[] {
	return (match = {}) => log.filter((r) => (!match.method || r.method === match.method) && (!match.path || match.path.test(r.path)));
}

/** Closes the provider, then its simulator, when the test ends. */
export function closeAfter(t: TestContext, provider: {close(): Promise<void>}, sim: {close(): Promise<void>}): void {
	t.after(async () => {
		await provider.close();
		await sim.close();
	});
}
