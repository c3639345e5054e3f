/**
 * How each subcommand of the command model (spec.ts) runs: a lazy import of its module, so a start loads only
 * what its command needs. The type requires a runner for every record.
 */
import type {ScriptIO} from '../script/io.js';
import type {CommandName} from './spec.js';

/** argv is the whole command line (global flags may come before the name). */
type Run = (argv: readonly string[], env: NodeJS.ProcessEnv, io?: ScriptIO) => Promise<number>;

const after = (argv: readonly string[], name: string): readonly string[] => argv.slice(argv.indexOf(name) + 1);

const script: Run = async (argv, env, io) => {
	const {runScript} = await import('../script/run.js');
	return runScript(argv, env, io);
};

export const RUN: {readonly [K in CommandName]: Run} = {
	show: script,
	events: async (argv, env, io) => {
		const {runEvents} = await import('../script/events.js');
		return runEvents(argv, env, io);
	},
	sessions: script,
	grants: script,
	passkeys: script,
	mfa: script,
	password: script,
	profile: script,
	contacts: script,
	social: script,
	roles: script,
	verify: script,
	user: script,
	doctor: async (argv, env, io) => {
		const {runDoctor} = await import('../doctor/run.js');
		return runDoctor(argv, env, io);
	},
	simulate: async (argv) => {
		const {runSimulateCommand} = await import('../sim/cli.js');
		const result = await runSimulateCommand([...after(argv, 'simulate')], process.stdout);
		return result === 'serving' ? await new Promise<number>(() => {}) : result;
	},
	completion: async (argv, _env, io) => {
		const {runCompletion} = await import('./completion.js');
		return runCompletion(after(argv, 'completion'), io);
	},
	// main.ts answers this one before loading the app; here for main() called directly (tests, tsx).
	'__complete-profiles': async (_argv, env, io) => {
		const {profileNames} = await import('./profile-names.js');
		(io?.stdout ?? process.stdout).write(profileNames(env).map((n) => `${n}\n`).join(''));
		return 0;
	},
};
