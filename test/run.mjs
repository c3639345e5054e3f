#!/usr/bin/env node
// Runs every test file under test/ with Node's own runner and tsx. Node 20's --test takes no globs,
// so the files are listed here. Extra arguments (file paths or a folder) narrow the run.
import {spawnSync} from 'node:child_process';
import {readdirSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const isTest = (name) => /\.test\.tsx?$/.test(name);

function collect(path) {
	if (statSync(path).isFile()) return isTest(path) ? [path] : [];
	return readdirSync(path, {withFileTypes: true}).flatMap((entry) =>
		entry.name === 'node_modules' || entry.name === 'fixtures' ? [] : collect(join(path, entry.name)),
	);
}

const targets = process.argv.slice(2);
const files = (targets.length ? targets : [join(root, 'test')]).flatMap(collect).map((f) => relative(root, f)).sort();
if (files.length === 0) {
	console.error('no test files found');
	process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], {cwd: root, stdio: 'inherit'});
process.exit(result.status ?? 1);
