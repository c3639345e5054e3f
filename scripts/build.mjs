// Bundles the command into one file (dist/account-triage.js): starting one bundled file is about twice as fast
// as resolving hundreds of modules, and `npm start` and the `bin` both run it.
import {build} from 'esbuild';
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';

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

await build({
	absWorkingDir: root,
	entryPoints: ['src/main.ts'],
	outfile: 'dist/account-triage.js',
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'esm',
	minify: false,
	sourcemap: false,
	legalComments: 'none',
	logLevel: 'warning',
	plugins: [INK_CURSOR_FIX],
	// Ink imports react-devtools-core only when DEV is set; it is not installed and not wanted.
	alias: {'react-devtools-core': './scripts/devtools-stub.mjs'},
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {
		// Some dependencies are CommonJS and call require(); give the ESM bundle one.
		js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);",
	},
});
