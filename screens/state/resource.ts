import type {ApiError} from '../../src/api/errors.js';

/** A loadable value that keeps its previous data while refreshing or after a failed refresh. */
export type Resource<T> =
	| {readonly status: 'idle'}
	| {readonly status: 'loading'; readonly previous?: T}
	| {readonly status: 'ok'; readonly data: T; readonly at: number}
	| {readonly status: 'error'; readonly error: ApiError; readonly previous?: T};

export const idle = {status: 'idle'} as const;

/** The data to show: the fresh value, or the previous one while loading or after an error. */
export function dataOf<T>(resource: Resource<T>): T | undefined {
	switch (resource.status) {
		case 'ok':
			return resource.data;
		case 'loading':
		case 'error':
			return resource.previous;
		default:
			return undefined;
	}
}

export function loading<T>(resource: Resource<T>): Resource<T> {
	const previous = dataOf(resource);
	return previous === undefined ? {status: 'loading'} : {status: 'loading', previous};
}

export function failed<T>(resource: Resource<T>, error: ApiError): Resource<T> {
	const previous = dataOf(resource);
	return previous === undefined ? {status: 'error', error} : {status: 'error', error, previous};
}
