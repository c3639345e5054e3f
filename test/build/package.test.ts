// The package a user installs: `npm pack` builds what it ships (prepack), the tarball holds only the bundle, README
// and licence, and installing it (offline, from the file: it has no dependencies to fetch) gives a working command.
// Packed from a copy of the sources so the build does not rewrite the dist/ other tests run.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync, type SpawnSyncOptions} from 'node:child_process';
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {delimiter, dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string}).version;
const NPM_CLI = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');

const work = mkdtempSync(join(tmpdir(), 'account-triage-package-'));
const home = join(work, 'home');
mkdirSync(home);
// The node running this test is the one npm, the build and the installed command run on (Node 22/24 checks).
const env = {
	...process.env,
	PATH: [dirname(process.execPath), process.env.PATH].join(delimiter),
	HOME: home,
	XDG_CONFIG_HOME: join(home, '.config'),
	XDG_STATE_HOME: join(home, '.local', 'state'),
	npm_config_cache: join(home, '.npm'),
	npm_config_update_notifier: 'false',
	npm_config_fund: 'false',
	npm_config_audit: 'false',
	NO_COLOR: '1',
};
for (const key of Object.keys(env)) if (/^(WACHT_|OKTA_|ACCOUNT_TRIAGE_)/.test(key)) delete env[key as keyof typeof env];

function run(command: string, args: string[], options: SpawnSyncOptions = {}) {
	const result = spawnSync(command, args, {cwd: work, env, encoding: 'utf8', timeout: 120_000, ...options});
	return {status: result.status, stdout: String(result.stdout), stderr: String(result.stderr)};
}
const npm = (args: string[], options: SpawnSyncOptions = {}) =>
	run(existsSync(NPM_CLI) ? process.execPath : 'npm', existsSync(NPM_CLI) ? [NPM_CLI, ...args] : args, options);

test.after(() => rmSync(work, {recursive: true, force: true}));

let tarball = '';
let bin = '';

test('npm pack builds the bundle and ships only it, the README and the licence', () => {
	const source = join(work, 'source');
	mkdirSync(source);
	for (const entry of ['package.json', 'package-lock.json', 'README.md', 'LICENSE', 'tsconfig.json', 'src', 'screens', 'scripts', 'patches']) {
		cpSync(join(root, entry), join(source, entry), {recursive: true});
	}
	symlinkSync(join(root, 'node_modules'), join(source, 'node_modules'), 'dir');
	assert.equal(existsSync(join(source, 'dist')), false);
	const packed = npm(['pack', '--json', '--pack-destination', work], {cwd: source});
	assert.equal(packed.status, 0, packed.stderr);
	// The prepare and prepack scripts print before npm's JSON.
	const [info] = JSON.parse(packed.stdout.slice(packed.stdout.search(/^\[$/m))) as [{filename: string; files: {path: string}[]}];
	tarball = join(work, info.filename);
	const files = info.files.map((f) => f.path).sort();
	assert.ok(files.includes('dist/account-triage.js'), files.join('\n'));
	assert.deepEqual(files.filter((f) => !f.startsWith('dist/')), ['LICENSE', 'README.md', 'package.json']);
	assert.ok(files.some((f) => f.startsWith('dist/chunks/')), 'the chunks loaded on demand ship too');
});

test('installed globally into a prefix, offline, it brings no dependencies and runs', () => {
	assert.ok(tarball, 'packed');
	const prefix = join(work, 'prefix');
	const installed = npm(['install', '--global', '--prefix', prefix, '--offline', tarball]);
	assert.equal(installed.status, 0, installed.stderr);
	const packageDir = join(prefix, 'lib', 'node_modules', 'account-triage');
	const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Record<string, unknown>;
	assert.equal(manifest.dependencies, undefined, 'what the bundle contains is not installed again');
	assert.deepEqual(readdirSync(join(prefix, 'lib', 'node_modules')), ['account-triage']);
	assert.equal(existsSync(join(packageDir, 'node_modules')), false);
	bin = join(prefix, 'bin', 'account-triage');

	const shown = run(bin, ['--version']);
	assert.equal(shown.status, 0, shown.stderr);
	assert.equal(shown.stdout.trim(), `account-triage ${version}`);

	const help = run(bin, ['--help']);
	assert.equal(help.status, 0, help.stderr);
	assert.match(help.stdout, /^Usage$/m);
	assert.match(help.stdout, /account-triage show <user>/);
	assert.match(help.stdout, /--demo \[wacht\|okta\]/);
});

test('the installed command shows a demo user with every tab', () => {
	assert.ok(bin, 'installed');
	const shown = run(bin, ['show', 'jane.okafor@example.test', '--demo']);
	assert.equal(shown.status, 0, shown.stderr);
	assert.match(shown.stdout, /^Jane Okafor <jane\.okafor@example\.test> {2}active$/m);
	assert.match(shown.stdout, /^ {2}demo · wacht · 127\.0\.0\.1:\d+$/m);
	assert.match(shown.stdout, /^Sessions \(5\)$/m);
	assert.match(shown.stdout, /Chrome on macOS \(Mac\) in Lisbon, PT/);
	const json = run(bin, ['show', 'jane.okafor@example.test', '--demo', '--json']);
	assert.equal(json.status, 0, json.stderr);
	const body = JSON.parse(json.stdout) as {sessions: unknown[]};
	assert.equal(body.sessions.length, 5);
});

test('npx on the tarball runs the command without installing it', () => {
	assert.ok(tarball, 'packed');
	const shown = npm(['exec', '--offline', '--yes', `--package=${tarball}`, '--', 'account-triage', '--version']);
	assert.equal(shown.status, 0, shown.stderr);
	assert.equal(shown.stdout.trim(), `account-triage ${version}`);
});
