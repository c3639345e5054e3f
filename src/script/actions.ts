/**
 * An action subcommand → one pending operation from the catalogue (src/operations/): the operation this backend
 * can do, the row it acts on (by id), the choices given on the command line. Planning only reads; `run` is the only
 * step that sends a change, through the guard, which journals it.
 */
import type {GuardedProvider} from '../api/guard.js';
import {isLoadable, readUserData} from '../api/user-data.js';
import type {UserData, UserDetails} from '../api/types.js';
import {
	availability,
	effectOf,
	journalOf,
	needsOf,
	operation,
	prepare,
	runOperation,
	targetRows,
	titleOf,
	userWithAddress,
	type Done,
	type OperationId,
	type Pending,
	type TargetKind,
	type UserRef,
} from '../operations/index.js';
import type {ActionCommand} from './args.js';
import {EXIT, ScriptExit, quoteArg} from './report.js';

export interface Plan {
	/** The journal's action name. */
	readonly action: string;
	readonly pending: Pending;
	readonly describe: string;
	readonly effect: string;
	readonly object?: {readonly type: string; readonly id: string; readonly label: string | null};
	/** Set when there is nothing to do: the run ends with exit 0 and nothing is sent. */
	readonly nothingToDo?: string;
	run(): Promise<Done & {readonly line: string}>;
}

/** What to run instead, where a backend cannot do what was asked. */
const INSTEAD: Partial<Record<OperationId, string>> = {
	'sessions.revoke': 'account-triage sessions revoke-all <user> [--oauth-tokens] [--forget-devices], or grants revoke <user> <grant-id>',
};

/** A capability's reason speaks of the app's keys ("X clears them all"); a script's reader needs the subcommand. */
export function forScripts(reason: string): string {
	return reason.replace(/\bX clears them all\b/, 'sessions revoke-all clears them all').replace(/from the factor list$/, 'with mfa delete <user> <factor-id>');
}

export function userRef(user: UserDetails): UserRef {
	return {id: user.id, name: user.displayName, email: user.email, login: user.login};
}

/** How a row a subcommand names is called, and listed when its id is missing. */
const NOUN: Readonly<Record<TargetKind, string>> = {
	session: 'session',
	grant: 'OAuth grant or refresh token',
	passkey: 'passkey',
	factor: 'factor',
	membership: 'membership',
	contact: 'email or phone',
	social: 'social connection',
};

/**
 * The operation of `command` this backend can do now: the first of its words' operations it supports, else a
 * refusal with the first one's reason. Checked before anything is read: the answer does not depend on the user.
 */
export function chooseOperation(provider: GuardedProvider, command: ActionCommand): OperationId {
	const usable = command.ops.find((id) => availability(id, provider.capabilities, false) === true);
	if (usable) return usable;
	const first = command.ops[0]!;
	const reason = availability(first, provider.capabilities, false);
	const instead = INSTEAD[first];
	throw new ScriptExit(EXIT.refused, `${forScripts(String(reason))}: nothing was sent`, instead ? {hint: `instead: ${instead}`} : {});
}

export async function planAction(provider: GuardedProvider, command: ActionCommand, user: UserDetails): Promise<Plan> {
	const id = chooseOperation(provider, command);
	const op = operation(id);
	const ref = userRef(user);
	const words = command.words;
	const misuse = op.script?.check?.(provider.capabilities, command.options);
	if (misuse) throw new ScriptExit(EXIT.usage, misuse);
	if (op.target === null && command.targetId !== null) {
		throw new ScriptExit(EXIT.usage, `${provider.label} takes no id here: account-triage ${words} <user> acts on the user as a whole`);
	}

	// What the operation needs, read as the app would have it loaded.
	const data: {-readonly [K in keyof UserData]?: UserData[K]} = {details: user};
	const reads = needsOf(id).filter((key) => key !== 'details' && isLoadable(provider.capabilities, key));
	await Promise.all(reads.map(async (key) => Object.assign(data, {[key]: await readUserData(provider, key, user.id)})));

	let target: unknown = null;
	if (op.target !== null) {
		const rows = (targetRows(op.target, data) ?? []) as readonly {readonly id: string}[];
		const chosen = command.targetId ?? op.script?.defaultTarget?.(rows as never) ?? null;
		if (chosen === null) {
			const list = rows.map((row) => `  ${describeRow(op.target!, row)}`).join('\n');
			const how = op.script?.defaultTarget ? `account-triage ${words} <user> --${op.target} ID` : `account-triage ${words} <user> <${op.target}-id>`;
			throw new ScriptExit(EXIT.usage, `${provider.label} acts on one ${NOUN[op.target]}: name it (${how}). ${ref.name} has ${rows.length === 0 ? 'none' : `these:\n${list}`}`);
		}
		target = rows.find((row) => row.id === chosen) ?? null;
		if (target === null) {
			throw new ScriptExit(EXIT.notFound, `${ref.name} has no ${NOUN[op.target]} ${chosen}`, {hint: `account-triage show ${quoteArg(command.user)} lists them`});
		}
	}

	const choices = prepare(id, {
		user: ref,
		data,
		target: target as never,
		lifecycle: provider.lifecycleActions(user),
		caps: provider.capabilities,
		backend: provider.label,
		options: command.options,
	});
	if (!Array.isArray(choices)) {
		const refusal = choices as {refused: string; hint: string | null};
		throw new ScriptExit(EXIT.refused, `${forScripts(refusal.refused)}: nothing was sent`, refusal.hint ? {hint: refusal.hint} : {});
	}
	const pending = (choices as readonly Pending[])[0]!;
	const journal = journalOf(pending);
	const unchanged = op.form?.unchanged && command.options.name !== undefined ? op.form.unchanged(pending.input as never, command.options.name) : null;
	const who = userWithAddress(ref);
	return {
		action: journal.action,
		pending,
		describe: titleOf(pending),
		effect: effectOf(pending),
		...(journal.object ? {object: journal.object} : {}),
		...(unchanged ? {nothingToDo: unchanged} : {}),
		async run() {
			const done = await runOperation(provider, pending);
			const rid = done.outcome.requestId ? `, request ${done.outcome.requestId}` : '';
			return {...done, line: `${done.text(who)}${rid}`};
		},
	};
}

/** One line per row when a subcommand's id is missing: the id first, then what tells the rows apart. */
function describeRow(kind: TargetKind, row: {readonly id: string}): string {
	const r = row as Record<string, unknown>;
	const fields: Readonly<Record<TargetKind, readonly string[]>> = {
		session: ['browser', 'os', 'ip'],
		grant: ['kind', 'clientName'],
		passkey: ['name'],
		factor: ['type', 'name', 'status'],
		membership: ['kind', 'name'],
		contact: ['kind', 'value'],
		social: ['provider', 'email'],
	};
	return [row.id, ...fields[kind].map((f) => r[f])].filter((v) => typeof v === 'string' && v !== '').join('  ');
}
