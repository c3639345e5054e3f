import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {COMMANDS, USER_ACTIONS, closest, commandNamed, lookupCommand} from '../../src/command/spec.js';
import {OPERATIONS} from '../../src/operations/index.js';
import {actionUsages, LIFECYCLE_IDS} from '../../src/script/args.js';
import {SCRIPT_COMMANDS} from '../../src/script/commands.js';

const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {encoding: 'utf8', env: {...process.env, CI: 'true'}});

test('the command model agrees with the operation catalogue: every scripting word, usage and lifecycle action', () => {
	for (const name of SCRIPT_COMMANDS) assert.ok(commandNamed(name), `${name} has a record`);
	const words = new Map<string, Set<string>>();
	for (const op of Object.values(OPERATIONS)) {
		const [name, sub] = op.script?.words.split(' ') ?? [];
		if (name && sub) words.set(name, new Set([...(words.get(name) ?? []), sub]));
	}
	for (const [name, subs] of words) assert.deepEqual(new Set(commandNamed(name)?.words), subs, `${name}'s words`);
	assert.deepEqual(USER_ACTIONS.map((a) => a.replace(/-/g, '_')), [...LIFECYCLE_IDS]);
	const usages = COMMANDS.flatMap((c) => c.usage);
	for (const usage of actionUsages()) assert.ok(usages.includes(usage), `"${usage}" is in the help`);
	for (const c of COMMANDS) assert.equal(COMMANDS.filter((d) => d.name === c.name).length, 1, `${c.name} once`);
});

test('a word a typo away from a command names the command; a name or email is a lookup; -- forces one', () => {
	assert.deepEqual(lookupCommand(['sesions', 'revoke-all', 'jane@x.test']), {kind: 'unknown', word: 'sesions', suggestion: 'sessions'});
	assert.equal(lookupCommand(['pasksey']).kind, 'unknown');
	assert.equal(lookupCommand(['shwo', 'jane']).kind, 'unknown');
	for (const query of [['jane'], ['mia'], ['jane.okafor@example.com'], ['Jane', 'Okafor'], ['--', 'sesions'], ['--profile', 'sesions']]) {
		assert.equal(lookupCommand(query).kind, 'app', query.join(' '));
	}
	assert.equal(closest('--jsno', ['--json', '--yes'], 2), '--json');
	assert.equal(closest('--frobnicate', ['--json', '--yes'], 2), null);
});

test('unknown commands and flags: exit 2 with the closest one named; X --help is that command’s help', () => {
	const typo = run('sesions', 'revoke-all', 'jane@x.test');
	assert.equal(typo.status, 2);
	assert.equal(typo.stderr, "account-triage: unknown command 'sesions'; did you mean 'sessions'? (to look up a user by that name: account-triage -- sesions)\n");
	const forced = run('--', 'sesions');
	assert.match(forced.stderr, /needs an interactive terminal/, 'after -- it is a lookup (the app, which needs a terminal)');
	const flag = run('show', 'jane', '--jsno');
	assert.equal(flag.status, 2);
	assert.match(flag.stderr, /unknown option --jsno for show; did you mean --json\? \(see account-triage show --help\)/);
	const appFlag = run('--read-onyl');
	assert.equal(appFlag.status, 2);
	assert.match(appFlag.stderr, /unknown option --read-onyl; did you mean --read-only\?/);
	const sub = run('sessions', 'revok-all', 'jane');
	assert.equal(sub.status, 2);
	assert.match(sub.stderr, /did you mean 'sessions revoke-all'\?/);
	const action = run('user', 'unlok', 'jane');
	assert.match(action.stderr, /unknown action 'unlok'; did you mean 'unlock'\?/);

	const help = run('sessions', '--help');
	assert.equal(help.status, 0);
	assert.match(help.stdout, /^account-triage sessions: /);
	assert.match(help.stdout, /account-triage \[options\] sessions revoke-all <user> \[--oauth-tokens\] \[--forget-devices\]/);
	assert.match(help.stdout, /--oauth-tokens\s+Okta: revoke/);
	assert.match(help.stdout, /Examples\n {2}account-triage sessions revoke-all/);
	assert.doesNotMatch(help.stdout, /passkeys rename/, 'only this command');
	const completionHelp = run('completion', '-h');
	assert.match(completionHelp.stdout, /completion bash\|zsh\|fish/);
	const top = run('--help');
	for (const c of COMMANDS) assert.equal(top.stdout.includes(`account-triage ${c.usage[0]}`), !c.hidden, c.name);
});
