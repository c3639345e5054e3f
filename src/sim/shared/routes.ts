/**
 * The route matcher both simulators use: a path pattern (`/users/{user_id}/sessions/{signin_id}/revoke`) and its
 * handlers per method. Matching is segment by segment; a `{name}` segment takes any non-empty segment, and the route
 * with the most literal segments wins (axum/matchit's rule, and how Okta's `factors/questions` beats
 * `factors/{factorId}`); among equals the first added wins. How a path is split and decoded, and what a miss (404)
 * or a wrong method (405) answers, stay with each simulator.
 */

/** The parameter names of a pattern: `'/users/{user_id}/passkeys/{passkey_id}'` → `'user_id' | 'passkey_id'`. */
export type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

/** The typed parameters a handler of pattern `P` receives. */
export type PathParams<P extends string> = {readonly [K in ParamNames<P>]: string};

export interface RouteEntry<V> {
	/** The pattern as added, e.g. `/api/v1/users/{id}/lifecycle/suspend` (Okta: the OpenAPI path template). */
	readonly pattern: string;
	readonly segments: readonly string[];
	/** Handlers (or whatever the simulator keeps per method), by upper-case method. */
	readonly methods: Readonly<Partial<Record<string, V>>>;
}

export interface RouteHit<V> {
	readonly route: RouteEntry<V>;
	/** Parameter values as the segments gave them (the simulator decodes or checks them). */
	readonly params: Readonly<Record<string, string>>;
}

const isParam = (segment: string) => segment.startsWith('{') && segment.endsWith('}');

export class RouteTable<V> {
	private readonly routes: RouteEntry<V>[] = [];

	/** Adds a route. Prefer a simulator's typed wrapper, which checks its handlers' parameters against the pattern. */
	add(pattern: string, methods: Readonly<Partial<Record<string, V>>>): this {
		this.routes.push({pattern, segments: pattern.split('/').slice(1), methods});
		return this;
	}

	get entries(): readonly RouteEntry<V>[] {
		return this.routes;
	}

	/** The best route for these path segments (without the leading empty one), or null. */
	match(segments: readonly string[]): RouteHit<V> | null {
		let best: {route: RouteEntry<V>; params: Record<string, string>; literal: number} | null = null;
		for (const route of this.routes) {
			if (route.segments.length !== segments.length) continue;
			const params: Record<string, string> = {};
			let literal = 0;
			let ok = true;
			for (let i = 0; i < segments.length && ok; i++) {
				const pattern = route.segments[i] as string;
				const value = segments[i] as string;
				if (isParam(pattern)) {
					ok = value !== '';
					params[pattern.slice(1, -1)] = value;
				} else if (pattern === value) literal++;
				else ok = false;
			}
			if (ok && (!best || literal > best.literal)) best = {route, params, literal};
		}
		return best ? {route: best.route, params: best.params} : null;
	}
}
