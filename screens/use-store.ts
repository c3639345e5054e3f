/**
 * The app's store: the reducer's state, held outside React and read with useSyncExternalStore, and its effects
 * handed to the runner as they come back. Several actions dispatched together are reduced together and drawn once.
 */
import {useEffect, useState, useSyncExternalStore} from 'react';
import {reducer} from './state/reducer.js';
import type {Action, Effect, State, Step} from './state/types.js';
import type {Runner} from './effects.js';

export interface Store {
	getState(): State;
	dispatch(...actions: Action[]): void;
	subscribe(listener: () => void): () => void;
}

/** A store whose effects go to the runner `connect` makes (given the store's own dispatch and getState). */
export function createStore(initial: Step, connect: (dispatch: Store['dispatch'], getState: () => State) => Runner): Store & {start(): void; stop(): void} {
	let state = initial[0];
	let pending: readonly Effect[] = initial[1];
	const listeners = new Set<() => void>();
	let runner: Runner | null = null;
	const store = {
		getState: () => state,
		dispatch(...actions: Action[]) {
			const effects: Effect[] = [];
			for (const action of actions) {
				const [next, more] = reducer(state, action);
				state = next;
				effects.push(...more);
			}
			for (const listener of listeners) listener();
			// Effects run after the state they came with is in place, so a runner reading it sees the new one.
			if (runner) for (const effect of effects) runner.run(effect);
			else pending = [...pending, ...effects];
		},
		subscribe(listener: () => void) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		/** Starts the runner (once mounted) and runs what the first state asked for. */
		start() {
			if (runner) return;
			runner = connect(store.dispatch, store.getState);
			const first = pending;
			pending = [];
			for (const effect of first) runner.run(effect);
		},
		stop() {
			runner?.dispose();
			runner = null;
		},
	};
	return store;
}

/** The store for one mounted app: made once, its runner started on mount and disposed on unmount. */
export function useStore(make: () => ReturnType<typeof createStore>): [State, Store['dispatch']] {
	const [store] = useState(make);
	const state = useSyncExternalStore(store.subscribe, store.getState);
	useEffect(() => {
		store.start();
		return () => store.stop();
	}, [store]);
	return [state, store.dispatch];
}
