// Bundles the command (dist/account-triage.js, plus dist/chunks/ for what only some runs need): starting one
// bundled file is about twice as fast as resolving hundreds of modules, and `npm start` and the `bin` both run it.
// `npm run bench` (scripts/bench/) measures the start against a bare Ink app bundled by `bundle()` below.
import {build} from 'esbuild';
import {readFile, rm} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {basename, dirname, join, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

/**
 * Ink 6.8's incremental renderer moves the cursor up one line too few when the previous frame ended with a
 * newline (every frame shorter than the terminal does), so each redraw of an unchanged-height frame lands one
 * row lower and leaves stale rows behind. Ink 7 needs Node 22, so the bundle carries this one-line fix.
 */
const INK_CURSOR_FIX = {
	name: 'ink-incremental-cursor-fix',
	setup(b) {
		b.onLoad({filter: /ink[\\/]build[\\/]log-update\.js$/}, async (args) => {
			const source = await readFile(args.path, 'utf8');
			const buggy = 'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));';
			if (!source.includes(buggy)) throw new Error('Ink log-update.js changed: re-check the incremental cursor fix in scripts/build.mjs');
			const fixed = "buffer.push(ansiEscapes.cursorUp(previousVisible - 1 + (previousOutput.endsWith('\\n') ? 1 : 0)));";
			return {contents: source.replace(buggy, fixed), loader: 'js'};
		});
	},
};

const root = fileURLToPath(new URL('..', import.meta.url));

/** What the command takes from undici (src/api/transport.ts, the only module that imports it, declares the same list). */
const UNDICI_EXPORTS = ['EnvHttpProxyAgent', 'FormData', 'request'];

/**
 * undici's index loads everything it has (fetch, WebSocket, caches, mocks, cookies…): 1 MB of the bundle, compiled
 * and run at every start. The command uses a proxy-aware agent, `request` and FormData, so the bundle gets an index
 * with only those, built from undici's own modules and its own `request` wrapper (index.js `makeDispatcher`).
 * The build fails if transport.ts starts importing something this index lacks, or undici moves a module.
 */
const UNDICI_SLIM = {
	name: 'undici-slim',
	setup(b) {
		const undiciDir = dirname(createRequire(import.meta.url).resolve('undici/package.json'));
		b.onResolve({filter: /^undici$/}, () => ({path: 'undici', namespace: 'undici-slim'}));
		b.onLoad({filter: /.*/, namespace: 'undici-slim'}, async () => {
			const transport = await readFile(new URL('../src/api/transport.ts', import.meta.url), 'utf8');
			const names = /Pick<typeof import\('undici'\),([^>]*)>/.exec(transport)?.[1];
			if (names === undefined) throw new Error("src/api/transport.ts no longer declares `type Undici = Pick<typeof import('undici'), …>`: re-check the slim undici index in scripts/build.mjs");
			const used = [...names.matchAll(/'(\w+)'/g)].map((m) => m[1]);
			const missing = used.filter((n) => !UNDICI_EXPORTS.includes(n));
			if (missing.length > 0) throw new Error(`src/api/transport.ts uses ${missing.join(', ')} of undici: add it to UNDICI_EXPORTS in scripts/build.mjs`);
			const index = await readFile(`${undiciDir}/index.js`, 'utf8');
			const makeDispatcher = /function makeDispatcher \(fn\) \{[\s\S]*?\n\}\n/.exec(index)?.[0];
			if (!makeDispatcher) throw new Error('undici index.js changed: re-check the slim index in scripts/build.mjs');
			const contents = `'use strict'
const Dispatcher = require('./lib/dispatcher/dispatcher')
const api = require('./lib/api')
const util = require('./lib/core/util')
const { InvalidArgumentError } = require('./lib/core/errors')
const { getGlobalDispatcher } = require('./lib/global')
Object.assign(Dispatcher.prototype, api)
${makeDispatcher}
module.exports.EnvHttpProxyAgent = require('./lib/dispatcher/env-http-proxy-agent')
module.exports.FormData = require('./lib/web/fetch/formdata').FormData
module.exports.request = makeDispatcher(api.request)
`;
			return {contents, loader: 'js', resolveDir: undiciDir};
		});
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
		plugins: [INK_CURSOR_FIX, INK_DEVTOOLS_STUB, UNDICI_SLIM],
		// Ink imports react-devtools-core only when DEV is set; it is not installed and not wanted.
		alias: {'react-devtools-core': './scripts/devtools-stub.mjs'},
		define: {'process.env.NODE_ENV': '"production"'},
		banner: {
			// Some dependencies are CommonJS and call require(); give the ESM bundle one.
			js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);",
		},
	});
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await bundle();
