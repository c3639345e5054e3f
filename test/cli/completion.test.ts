import {test, before} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {completionScript, SHELLS} from '../../src/command/completion.js';

// The scripts are sourced into real shells and asked for completions through each shell's completion API; the
// `account-triage` they call for profile names is this checkout's command, reading a real config file.
const root = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'at-completion-'));
const env: NodeJS.ProcessEnv = {...process.env, PATH: `${join(dir, 'bin')}:${process.env['PATH']}`, XDG_CONFIG_HOME: join(dir, 'config'), CI: 'true'};
delete env['WACHT_API_URL'];
delete env['OKTA_CLIENT_ORGURL'];
const has = (shell: string): boolean => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

before(() => {
	mkdirSync(join(dir, 'bin'));
	writeFileSync(join(dir, 'bin', 'account-triage'), `#!/bin/sh\ncd "${root}" && exec "${process.execPath}" --import tsx src/main.ts "$@"\n`);
	chmodSync(join(dir, 'bin', 'account-triage'), 0o755);
	mkdirSync(join(dir, 'config', 'account-triage'), {recursive: true});
	const config = join(dir, 'config', 'account-triage', 'config.toml');
	writeFileSync(config, '[profiles.prod-okta]\nprovider = "okta"\nurl = "https://acme.okta.com"\ntoken_env = "ACME_OKTA_TOKEN"\n\n[profiles.staging]\nprovider = "wacht"\nurl = "https://api.staging.example"\ntoken_env = "STAGING_KEY"\n', {mode: 0o600});
	for (const shell of SHELLS) writeFileSync(join(dir, `script.${shell}`), completionScript(shell));
	writeFileSync(join(dir, 'data.json'), '{}');
});

/** Each case: the command line so far (the last word is the one being completed). */
function bash(line: string[]): string[] {
	const words = line.map((w) => `'${w}'`).join(' ');
	const r = spawnSync('bash', ['--norc', '-c', `source script.bash; COMP_WORDS=(account-triage ${words}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); __account_triage_bash; printf '%s\\n' "\${COMPREPLY[@]}"`], {cwd: dir, env, encoding: 'utf8'});
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.split('\n').filter(Boolean).sort();
}

/** zsh: the function compsys calls, with compsys's own words/CURRENT; compadd is recorded, then filtered by the prefix as compsys does. */
function zsh(line: string[]): string[] {
	const words = line.map((w) => `'${w}'`).join(' ');
	const r = spawnSync('zsh', ['-f', '-c', `source ./script.zsh; compadd() { [[ $1 == -- ]] && shift; print -rl -- "$@"; }; _files() { print -rl -- *(N); }; words=(account-triage ${words}); CURRENT=\${#words}; _account_triage`], {cwd: dir, env, encoding: 'utf8'});
	assert.equal(r.status, 0, r.stderr);
	const prefix = line.at(-1)!;
	return r.stdout.split('\n').filter((w) => w && w.startsWith(prefix)).sort();
}

function fish(line: string[]): string[] {
	const r = spawnSync('fish', ['--no-config', '-c', `source script.fish; complete -C${JSON.stringify(['account-triage', ...line].join(' '))}`], {cwd: dir, env, encoding: 'utf8'});
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]!).sort();
}

const CASES: {line: string[]; want: string[]; also?: string[]}[] = [
	{line: ['ses'], want: ['sessions']},
	{line: ['s'], want: ['sessions', 'show', 'simulate', 'social']},
	{line: ['sessions', ''], want: ['revoke', 'revoke-all']},
	{line: ['completion', ''], want: ['bash', 'fish', 'zsh']},
	{line: ['user', 'res'], want: ['reset-factors', 'reset-password']},
	{line: ['--profile', ''], want: ['demo', 'demo-okta', 'prod-okta', 'staging']},
	{line: ['--profile', 'st'], want: ['staging']},
	{line: ['--profile', 'prod-okta', 'mf'], want: ['mfa']},
	{line: ['sessions', 'revoke-all', 'jane', '--o'], want: ['--oauth-tokens']},
	{line: ['show', 'jane', '--j'], want: ['--json']},
	{line: ['--provider', ''], want: ['okta', 'wacht']},
	{line: ['simulate', 'okta', '--data', 'da'], want: ['data.json']},
	// The app's own flags where no subcommand is given; a subcommand's flags only after it.
	{line: ['--no'], want: ['--no-alt-screen']},
];

for (const [name, complete] of [['bash', bash], ['zsh', zsh], ['fish', fish]] as const) {
	test(`${name}: subcommands, their words and flags, and the config file's profile names complete`, {skip: !has(name) && `${name} is not installed`}, () => {
		for (const c of CASES) assert.deepEqual(complete(c.line), c.want, `${name}: account-triage ${c.line.join(' ')}⇥`);
		// A subcommand's flags are not offered before it, nor the app's after it.
		assert.deepEqual(complete(['--oauth']), [], `${name}: --oauth-tokens belongs to sessions`);
		assert.deepEqual(complete(['show', '--no-alt']), [], `${name}: --no-alt-screen belongs to the app`);
	});
}

test('completion: an unknown shell is a usage error naming the three', () => {
	const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'completion', 'tcsh'], {encoding: 'utf8', env});
	assert.equal(r.status, 2);
	assert.match(r.stderr, /usage: account-triage completion bash\|zsh\|fish \(not tcsh\)/);
	const ok = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'completion', 'bash'], {encoding: 'utf8', env});
	assert.equal(ok.status, 0);
	assert.match(ok.stdout, /complete -o default -F __account_triage_bash account-triage/);
});
