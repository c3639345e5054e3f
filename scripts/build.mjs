// Bundles the command (dist/account-triage.js, plus dist/chunks/ for what only some runs need): starting one
// bundled file is about twice as fast as resolving hundreds of modules, and `npm start` and the `bin` both run it.
// `npm run bench` (scripts/bench/) measures the start against a bare Ink app bundled by `bundle()` below.
import {build} from 'esbuild';
import {readFile, rm, writeFile} from 'node:fs/promises';
import {basename, dirname, join, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Dependencies the build relies on are pinned exactly, and Ink is changed by patches/ink+6.8.0.patch, which
 * patch-package applies at install (`prepare`), so the tests, tsx and this bundle run the same renderer. A bundle of
 * an unpinned or unpatched Ink (an install that skipped scripts, a version bump without a new patch) is refused.
 */
const PINNED = {ink: '6.8.0', undici: '7.30.2'};
const INK_PATCH_MARKER = '// account-triage patch (patches/ink+6.8.0.patch';
const INK_PATCHED_FILES = ['log-update.js', 'output.js', 'render-node-to-output.js', 'measure-text.js', 'wrap-text.js'];

async function checkPinnedAndPatched() {
	const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
	const declared = {...pkg.dependencies, ...pkg.devDependencies};
	for (const [name, version] of Object.entries(PINNED)) {
		if (declared[name] !== version) throw new Error(`package.json must pin ${name} at exactly ${version} (it says ${declared[name]}): the build relies on that version's files`);
		const installed = JSON.parse(await readFile(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
		if (installed !== version) throw new Error(`${name} ${installed} is installed, package.json pins ${version}: run npm ci`);
	}
	const inkBuild = join(root, 'node_modules', 'ink', 'build');
	for (const file of INK_PATCHED_FILES) {
		const source = await readFile(join(inkBuild, file), 'utf8');
		if (!source.startsWith(INK_PATCH_MARKER)) throw new Error(`node_modules/ink/build/${file} is not patched: run npx patch-package (npm ci runs it)`);
	}
}

/**
 * undici's index loads everything it has; the bundle gets scripts/undici-slim.cjs instead, which exports exactly
 * what src/api/transport.ts uses (test/build/undici-slim.test.ts checks that with the TypeScript API).
 */
const UNDICI_SLIM = {
	name: 'undici-slim',
	setup(b) {
		b.onResolve({filter: /^undici$/}, () => ({path: fileURLToPath(new URL('./undici-slim.cjs', import.meta.url))}));
	},
};

/**
 * Ink loads its devtools bridge (and with it the `ws` WebSocket library, 130 kB) only when DEV=true; the bundle
 * would still carry and compile them. The bridge is replaced by the same stub as react-devtools-core.
 */
const INK_DEVTOOLS_STUB = {
	name: 'ink-devtools-stub',
	setup(b) {
		b.onResolve({filter: /^\.\/devtools\.js$/}, (args) =>
			/ink[\\/]build[\\/]reconciler\.js$/.test(args.importer) ? {path: fileURLToPath(new URL('./devtools-stub.mjs', import.meta.url))} : undefined,
		);
	},
};

/**
 * Bundles one entry point the way the command is bundled. The benchmark (scripts/bench/) builds its bare Ink
 * "hello" baseline with this too, so the start-up comparison is like for like.
 */
export async function bundle({entry = 'src/main.ts', outfile = 'dist/account-triage.js'} = {}) {
	await checkPinnedAndPatched();
	const outdir = resolve(root, dirname(outfile));
	// Old chunks (their names carry a content hash) would pile up.
	await rm(join(outdir, 'chunks'), {recursive: true, force: true});
	await build({
		absWorkingDir: root,
		entryPoints: [entry],
		// Code behind a dynamic import (the simulators, the Okta provider, undici) goes to dist/chunks/ and is read
		// only when used: a start compiles the entry file alone.
		outdir,
		entryNames: basename(outfile, '.js'),
		chunkNames: 'chunks/[name]-[hash]',
		splitting: true,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'esm',
		// Not minified: crash reports keep readable names (minifying gained under 5 ms of start-up in `npm run bench`).
		minify: false,
		sourcemap: false,
		legalComments: 'none',
		logLevel: 'warning',
		plugins: [INK_DEVTOOLS_STUB, UNDICI_SLIM],
		// Ink imports react-devtools-core only when DEV is set; it is not installed and not wanted.
		alias: {'react-devtools-core': './scripts/devtools-stub.mjs'},
		define: {'process.env.NODE_ENV': '"production"'},
		banner: {
			// Some dependencies are CommonJS and call require(); give the ESM bundle one.
			// V8 grows the young generation to 2 × 16 MB after an allocation burst (parsing 10,000 sessions) and keeps
			// it committed; an interactive app holding ~40 MB is better served by the initial 2 × 1 MB. Only the
			// growth factor can still be changed once V8 runs (`npm run bench`: RSS after opening 10,000 sessions
			// ~130 → ~110 MB, key latency unchanged).
			js: [
				"import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);",
				"import {setFlagsFromString as __setV8Flags} from 'node:v8'; __setV8Flags('--semi-space-growth-factor=1');",
			].join('\n'),
		},
	});
	await asciiComments(join(outdir, basename(outfile)));
}

/**
 * One non-ASCII character makes V8 hold a whole script as a two-byte string: the 1 MB entry file costs 2 MB of heap
 * for as long as the app runs. esbuild already escapes non-ASCII in code; what is left is in comments it kept, and
 * those characters are replaced. A line where one is not plainly inside a `//` or `*` comment is left alone.
 */
async function asciiComments(file) {
	const source = await readFile(file, 'utf8');
	if (!/[^\x00-\x7f]/.test(source)) return;
	const lines = source.split('\n').map((line) => {
		if (!/[^\x00-\x7f]/.test(line)) return line;
		const comment = /^\s*(\/\/|\/?\*)/.exec(line);
		const firstNonAscii = line.search(/[^\x00-\x7f]/);
		return comment && comment[0].length <= firstNonAscii ? line.replace(/[^\x00-\x7f]/g, '?') : line;
	});
	await writeFile(file, lines.join('\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await bundle();
