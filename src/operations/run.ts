/**
 * Asking for, describing and running the operations in the catalogue, for the app and the scripts alike:
 * whether a backend can do one now, the choices it offers, the words for a pending change, and the one run step
 * that sends it through the guard.
 */
import {READ_ONLY_REASON, type GuardedProvider} from '../api/guard.js';
import type {JournalTarget} from '../api/journal.js';
import type {Capabilities, Capability} from '../api/provider.js';
import type {CallOptions, UserDataKey} from '../api/types.js';
import {OPERATIONS} from './catalogue.js';
import {contactsOf} from './account.js';
import {needsVerifiedCaller} from './helpdesk.js';

export {needsVerifiedCaller};
import type {Danger, Done, Inputs, Mutate, Operation, OperationId, Pending, PrepareContext, TargetKind, Targets} from './types.js';

/** The record of `id`, typed by it. */
export function operation<K extends OperationId>(id: K): Operation<K> {
	return OPERATIONS[id] as unknown as Operation<K>;
}

/** A pending change's record and input, with the link between them kept for the type-checker. */
function parts(p: Pending): {readonly op: Operation<OperationId, TargetKind | null>; readonly input: Inputs[OperationId]} {
	return {op: OPERATIONS[p.op] as unknown as Operation<OperationId, TargetKind | null>, input: p.input};
}

/** Every capability some operation needs: what read-only mode refuses. */
export const MUTATING_CAPABILITIES: readonly Capability[] = [
	...new Set(Object.values(OPERATIONS).flatMap((op) => (op.capability === null ? [] : [op.capability]))),
];

/**
 * Whether `id` can be asked for on this backend now, or why not: the backend's own reason when it lacks the
 * capability (the more useful one), else 'read-only mode' while writes are locked.
 */
export function availability(id: OperationId, caps: Capabilities, readOnly: boolean): true | string {
	const capability = OPERATIONS[id].capability;
	if (capability !== null && caps[capability] !== true) return caps[capability];
	return readOnly ? READ_ONLY_REASON : true;
}

/** The backend's capabilities as read-only mode leaves them: every supported change says 'read-only mode'. */
export function effectiveCapabilities(caps: Capabilities, readOnly: boolean): Capabilities {
	if (!readOnly) return caps;
	const out: Record<Capability, true | string> = {...caps};
	for (const key of MUTATING_CAPABILITIES) if (out[key] === true) out[key] = READ_ONLY_REASON;
	return out;
}

/** The changes `id` offers in this context, or why there is none. */
export function prepare<K extends OperationId>(id: K, context: PrepareContext<TargetKind | null>): readonly Pending[] | {readonly refused: string; readonly hint: string | null} {
	const op = OPERATIONS[id] as unknown as Operation<K, TargetKind | null>;
	const choices = op.prepare(context);
	if (typeof choices === 'string') return {refused: choices, hint: null};
	if (!Array.isArray(choices)) return {refused: (choices as {refused: string}).refused, hint: (choices as {hint: string}).hint};
	return choices.map((input) => ({op: id, input}) as unknown as Pending);
}

/** The data a context for `id` needs loaded: its own needs and its target's list. */
export function needsOf(id: OperationId): readonly UserDataKey[] {
	const op = OPERATIONS[id];
	const list = op.target === null ? [] : [TARGET_LIST[op.target]];
	return [...new Set([...(op.needs ?? []), ...list])];
}

/** Which loaded list holds each kind of target. */
export const TARGET_LIST: Readonly<Record<TargetKind, UserDataKey>> = {
	session: 'sessions',
	grant: 'grants',
	passkey: 'passkeys',
	factor: 'mfa',
	membership: 'memberships',
	contact: 'details',
	social: 'details',
};

/** The rows of a loaded list an operation with this kind of target can act on, with their ids. */
export function targetRows<T extends TargetKind>(kind: T, data: PrepareContext<null>['data']): readonly Targets[T][] | undefined {
	switch (kind) {
		case 'session':
			return data.sessions as readonly Targets[T][] | undefined;
		case 'grant':
			return data.grants as readonly Targets[T][] | undefined;
		case 'passkey':
			return data.passkeys as readonly Targets[T][] | undefined;
		case 'factor':
			return data.mfa?.factors as readonly Targets[T][] | undefined;
		case 'membership':
			return data.memberships as readonly Targets[T][] | undefined;
		case 'contact':
			return (data.details ? contactsOf(data.details) : undefined) as readonly Targets[T][] | undefined;
		case 'social':
			return data.details?.socialConnections as readonly Targets[T][] | undefined;
	}
	return undefined;
}

export const titleOf = (p: Pending): string => parts(p).op.title(parts(p).input);
export const runningOf = (p: Pending): string => parts(p).op.running?.(parts(p).input) ?? `${titleOf(p)}…`;
export const effectOf = (p: Pending): string => parts(p).op.effect(parts(p).input);
export const dangerOf = (p: Pending): Danger => parts(p).op.danger(parts(p).input);
export const affectsOf = (p: Pending): readonly UserDataKey[] => OPERATIONS[p.op].affects;
export const choiceOf = (p: Pending): string => {
	const {op, input} = parts(p);
	return op.choice ? op.choice(input) : op.title(input);
};
export const journalOf = (p: Pending) => parts(p).op.journal(parts(p).input);

/** The label the journal names a user by: what a wide change asks to be typed (email or login, per backend). */
function userLabel(p: Pending, confirmWith: 'email' | 'login'): string | null {
	const u = p.input.user;
	return (confirmWith === 'login' ? (u.login ?? u.email) : (u.email ?? u.login)) ?? (u.name || null);
}

/**
 * Sends a pending change: through the guard (read-only refusal, the journal's intent and outcome lines), once.
 * Never aborted once sent (the backend may have acted): `options` carries only the wait notices.
 */
export function runOperation(provider: GuardedProvider, p: Pending, options: Pick<CallOptions, 'onWait'> = {}): Promise<Done> {
	const {op, input} = parts(p);
	const spec = op.journal(input);
	const target: JournalTarget = {userId: p.input.user.id, userLabel: userLabel(p, provider.confirmWith), ...(spec.object ? {object: spec.object} : {})};
	const gated = needsVerifiedCaller(p);
	const mutate: Mutate = (send, outcomeDetail) =>
		provider.mutate(
			{action: spec.action, target, ...(spec.detail ? {detail: spec.detail} : {}), ...(outcomeDetail ? {outcomeDetail} : {}), ...(gated ? {needsVerifiedCaller: true} : {})},
			(backend) => send(backend, options),
		);
	return op.run(input, mutate);
}
