// Bundles the command (dist/account-triage.js, plus dist/chunks/ for what only some runs need): starting one
// bundled file is about twice as fast as resolving hundreds of modules, and `npm start` and the `bin` both run it.
// `npm run bench` (scripts/bench/) measures the start against a bare Ink app bundled by `bundle()` below.
import {build} from 'esbuild';
import {readFile, rm, writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {basename, dirname, join, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

/**
 * Ink 6.8's incremental renderer, patched twice:
 * - It moves the cursor up one line too few when the previous frame ended with a newline (every frame shorter than
 *   the terminal does), so each redraw of an unchanged-height frame lands one row lower and leaves stale rows
 *   behind. Ink 7 has the fix but needs Node 22.
 * - It steps over each unchanged line with its own "next line" (ESC [ E, 3 bytes); a run of them becomes one
 *   ESC [ n E (CNL with a count, ECMA-48; same effect), so a cursor move in a 40-row frame writes ~100 bytes less.
 * - A changed line is written whole, padding included (a table row is a third spaces). When that is shorter, the
 *   line is erased first (ESC [ 2 K) and each run of 5+ blanks becomes a cursor jump (ESC [ n C): only where no
 *   attribute that shows on a blank cell (inverse, background, underline, strike-through, overline) is on, and only
 *   for lines whose escapes are all SGR. A page of a list then costs about a third less.
 */
const COMPACT_LINE = String.raw`
// account-triage build patch (scripts/build.mjs): a changed line, written as cheaply as it can be.
const compactLine = (line) => {
    const plain = line + '\u001B[K';
    if (!line.includes('     ')) {
        return plain;
    }
    let out = '\u001B[2K';
    // Attributes that show on a blank cell: inverse, underline, strike-through, overline, background.
    const shown = new Set();
    let i = 0;
    while (i < line.length) {
        const ch = line[i];
        if (ch === '\u001B') {
            const sgr = /^\u001B\[([0-9;]*)m/.exec(line.slice(i, i + 64));
            if (!sgr) {
                return plain;
            }
            const params = sgr[1] === '' ? [0] : sgr[1].split(';').map(Number);
            for (let p = 0; p < params.length; p++) {
                const code = params[p];
                if (code === 0) shown.clear();
                else if (code === 7 || code === 4 || code === 21 || code === 9 || code === 53) shown.add(code === 21 ? 4 : code);
                else if (code === 27) shown.delete(7);
                else if (code === 24) shown.delete(4);
                else if (code === 29) shown.delete(9);
                else if (code === 55) shown.delete(53);
                else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) shown.add('bg');
                else if (code === 49) shown.delete('bg');
                else if (code === 38 || code === 48 || code === 58) {
                    if (code === 48) shown.add('bg');
                    p += params[p + 1] === 5 ? 2 : params[p + 1] === 2 ? 4 : 0;
                }
            }
            out += sgr[0];
            i += sgr[0].length;
            continue;
        }
        if (ch === ' ' && shown.size === 0) {
            let j = i;
            while (j < line.length && line[j] === ' ') j++;
            out += j - i >= 5 ? '\u001B[' + (j - i) + 'C' : line.slice(i, j);
            i = j;
            continue;
        }
        out += ch;
        i++;
    }
    return out.length < plain.length ? out : plain;
};
`;

const INK_CURSOR_FIX = {
	name: 'ink-incremental-cursor-fix',
	setup(b) {
		b.onLoad({filter: /ink[\\/]build[\\/]log-update\.js$/}, async (args) => {
			const what = 'Ink log-update.js';
			let source = await readFile(args.path, 'utf8');
			source = replaceOnce(
				source,
				'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));',
				"buffer.push(ansiEscapes.cursorUp(previousVisible - 1 + (previousOutput.endsWith('\\n') ? 1 : 0)));",
				what,
			);
			const flush = "if (skipped > 0) {\n                buffer.push(skipped === 1 ? ansiEscapes.cursorNextLine : '\\u001B[' + skipped + 'E');\n                skipped = 0;\n            }\n            ";
			source = replaceOnce(source, 'for (let i = 0; i < visibleCount; i++) {', 'let skipped = 0;\n        for (let i = 0; i < visibleCount; i++) {', what);
			source = replaceOnce(source, 'buffer.push(ansiEscapes.cursorNextLine);', 'skipped++;', what);
			source = replaceOnce(source, 'buffer.push(ansiEscapes.cursorTo(0) +', `${flush}buffer.push(ansiEscapes.cursorTo(0) +`, what);
			source = replaceOnce(source, '        buffer.push(cursorSuffix);', `        ${flush}buffer.push(cursorSuffix);`, what);
			source = replaceOnce(source, 'nextLines[i] +\n                ansiEscapes.eraseEndLine +', 'compactLine(nextLines[i]) +', what);
			source = replaceOnce(source, 'const createStandard = ', `${COMPACT_LINE}\nconst createStandard = `, what);
			return {contents: source, loader: 'js'};
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

/** Replaces `from` (which must occur exactly once) in a dependency's source, or fails the build. */
function replaceOnce(source, from, to, what) {
	const at = source.indexOf(from);
	if (at < 0 || source.indexOf(from, at + 1) >= 0) throw new Error(`${what} changed: re-check the patch in scripts/build.mjs`);
	return source.slice(0, at) + to + source.slice(at + from.length);
}

/**
 * Ink 6.8 draws every frame by laying each text line into a grid of styled cells, then turning each row of cells
 * back into a string; tokenizing lines (ANSI codes, grapheme widths) and rebuilding rows is most of a frame's cost.
 * Its Output keeps caches for the first part, but a new Output (so new, empty caches) is made for every frame.
 * Patched: one set of caches shared across frames, a cache of clipped lines (overflow hidden) and of finished rows
 * (keyed by the identity of their cells, which the shared caches make stable: each cell gets a `cacheId`), and the
 * text width Ink measures for every text node on every frame taken from its own measure cache. An unchanged line
 * then costs a lookup: a cursor move in a 10,000-row list rebuilds 2 rows, not 40. The caches are bounded (cleared
 * when full); a cached cell is only ever read (Output.get() copies references into the grid), apart from its id.
 */
const INK_OUTPUT_CACHE_LIMIT = 500;
const INK_OUTPUT_CACHE = {
	name: 'ink-output-cache',
	setup(b) {
		b.onLoad({filter: /ink[\\/]build[\\/]output\.js$/}, async (args) => {
			const what = 'Ink output.js';
			let source = await readFile(args.path, 'utf8');
			const bound = (map) => `if (this.${map}.size >= ${INK_OUTPUT_CACHE_LIMIT}) this.${map}.clear();\n            `;
			source = replaceOnce(source, 'this.styledChars.set(line, cached);', `${bound('styledChars')}this.styledChars.set(line, cached);`, what);
			// Widths are asked for every character of every line, and for whole lines: a bigger bound, or clearing it
			// would have every character measured again.
			source = replaceOnce(source, 'this.widths.set(text, cached);', `${bound('widths').replace(String(INK_OUTPUT_CACHE_LIMIT), '20000')}this.widths.set(text, cached);`, what);
			source = replaceOnce(source, 'this.blockWidths.set(text, cached);', `${bound('blockWidths')}this.blockWidths.set(text, cached);`, what);
			source = replaceOnce(
				source,
				'    getStringWidth(text) {',
				`    slices = new Map();
    getSlice(line, from, to) {
        const key = from + ':' + to + ':' + line;
        let cached = this.slices.get(key);
        if (cached === undefined) {
            cached = sliceAnsi(line, from, to);
            ${bound('slices')}this.slices.set(key, cached);
        }
        return cached;
    }
    grid = [];
    getGrid(width, height) {
        // One grid for every frame, blanked each time: get() turns it into strings before it returns, and nothing
        // keeps a row.
        const grid = this.grid;
        grid.length = height;
        for (let y = 0; y < height; y++) {
            const row = grid[y] ?? (grid[y] = []);
            row.length = width;
            row.fill(BLANK_CELL);
        }
        return grid;
    }
    nextCellId = 1;
    rows = new Map();
    rowIds = [];
    getRowString(cells) {
        // A row is known by the ids of its cells (given on first sight, kept on the cell; runs of one id counted),
        // looked up by a hash of them and confirmed id by id: no allocation when the row was seen before.
        const ids = this.rowIds;
        ids.length = 0;
        let hash = 0x811c9dc5;
        let last = -1;
        let run = 0;
        for (const cell of cells) {
            // A write past the width leaves holes (Ink filtered them out).
            if (cell === undefined) continue;
            let id = cell.cacheId;
            if (id === undefined) {
                id = this.nextCellId++;
                cell.cacheId = id;
            }
            if (id === last) {
                run++;
                continue;
            }
            if (run > 0) {
                ids.push(last, run);
                hash = Math.imul(hash ^ last, 16777619) ^ run;
            }
            last = id;
            run = 1;
        }
        ids.push(last, run);
        hash = Math.imul(hash ^ last, 16777619) ^ run;
        const known = this.rows.get(hash);
        if (known !== undefined && known.ids.length === ids.length && known.ids.every((id, i) => id === ids[i])) {
            return known.text;
        }
        const text = styledCharsToString(cells.filter((cell) => cell !== undefined)).trimEnd();
        ${bound('rows')}this.rows.set(hash, {ids: ids.slice(), text});
        return text;
    }
    getStringWidth(text) {`,
				what,
			);
			source = replaceOnce(source, 'return sliceAnsi(line, from, to);', 'return this.caches.getSlice(line, from, to);', what);
			source = replaceOnce(
				source,
				`        const output = [];
        for (let y = 0; y < this.height; y++) {
            const row = [];
            for (let x = 0; x < this.width; x++) {
                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });
            }
            output.push(row);
        }`,
				'        const output = this.caches.getGrid(this.width, this.height);',
				what,
			);
			source = replaceOnce(
				source,
				`            const lineWithoutEmptyItems = line.filter(item => item !== undefined);
            return styledCharsToString(lineWithoutEmptyItems).trimEnd();`,
				'            return this.caches.getRowString(line);',
				what,
			);
			source = replaceOnce(
				source,
				'export default class Output {',
				"const sharedCaches = new OutputCaches();\nconst BLANK_CELL = Object.freeze({type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]), cacheId: 0});\nexport default class Output {",
				what,
			);
			source = replaceOnce(source, 'caches = new OutputCaches();', 'caches = sharedCaches;', what);
			return {contents: source, loader: 'js'};
		});
		b.onLoad({filter: /ink[\\/]build[\\/]render-node-to-output\.js$/}, async (args) => {
			const what = 'Ink render-node-to-output.js';
			let source = await readFile(args.path, 'utf8');
			source = replaceOnce(source, "import widestLine from 'widest-line';", "import measureText from './measure-text.js';", what);
			source = replaceOnce(source, 'const currentWidth = widestLine(text);', 'const currentWidth = measureText(text).width;', what);
			if (source.includes('widestLine')) throw new Error(`${what} changed: re-check the patch in scripts/build.mjs`);
			return {contents: source, loader: 'js'};
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
		plugins: [INK_CURSOR_FIX, INK_OUTPUT_CACHE, INK_DEVTOOLS_STUB, UNDICI_SLIM],
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
