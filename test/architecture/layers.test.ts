/**
 * The layering the README's Architecture section describes, checked on the import graph (run-time imports only:
 * `import type` is erased and binds nothing): no cycle anywhere; the engine (src/) never reaches the TUI; the
 * client (src/api/) reaches neither the diagnosis nor the operations; the diagnosis reaches neither the reducer nor
 * the key table. ESLint (scripts/eslint.config.mjs) holds the per-file import rules; this holds the whole graph.
 */
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
	return readdirSync(join(root, dir), {withFileTypes: true}).flatMap((e) => {
		const path = join(dir, e.name);
		if (e.isDirectory()) return sources(path);
		return /\.tsx?$/.test(e.name) ? [path] : [];
	});
}

/** The project files `file` imports at run time. */
function runtimeImports(file: string): string[] {
	const text = readFileSync(join(root, file), 'utf8');
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
	const found: string[] = [];
	const add = (specifier: string): void => {
		if (!specifier.startsWith('.')) return;
		const base = resolve(root, dirname(file), specifier).replace(/\.js$/, '');
		for (const candidate of [`${base}.ts`, `${base}.tsx`]) {
			const rel = relative(root, candidate);
			if (all.has(rel)) found.push(rel);
		}
	};
	const visit = (node: ts.Node): void => {
		if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
			const named = node.importClause?.namedBindings;
			const onlyTypes = !node.importClause?.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
			if (!onlyTypes) add(node.moduleSpecifier.text);
		} else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
			add(node.moduleSpecifier.text);
		} else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
			add(node.arguments[0].text);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

const files = [...sources('src'), ...sources('screens')];
const all = new Set(files);
const graph = new Map(files.map((f) => [f, runtimeImports(f)]));

test('no import cycle among the app’s modules', () => {
	const state = new Map<string, 'visiting' | 'done'>();
	const cycles: string[] = [];
	const walk = (file: string, path: string[]): void => {
		if (state.get(file) === 'done') return;
		if (state.get(file) === 'visiting') {
			cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
			return;
		}
		state.set(file, 'visiting');
		for (const next of graph.get(file) ?? []) walk(next, [...path, file]);
		state.set(file, 'done');
	};
	for (const file of files) walk(file, []);
	assert.deepEqual(cycles, []);
});

/** Every file a module reaches, transitively. */
function reach(file: string, seen = new Set<string>()): Set<string> {
	for (const next of graph.get(file) ?? []) {
		if (seen.has(next)) continue;
		seen.add(next);
		reach(next, seen);
	}
	return seen;
}

const offending = (from: RegExp, to: RegExp): string[] =>
	files.filter((f) => from.test(f)).flatMap((f) => [...reach(f)].filter((g) => to.test(g)).map((g) => `${f} reaches ${g}`));

test('the engine (src/) never reaches the TUI, except the command that renders it', () => {
	assert.deepEqual(offending(/^src\/(?!cli\.tsx$|main\.ts$)/, /^screens\//), []);
});

test('the client (src/api/) reaches neither the diagnosis nor the operations', () => {
	assert.deepEqual(offending(/^src\/api\//, /^src\/(diagnosis|operations|script|incident)\//), []);
});

test('the diagnosis reaches neither the reducer nor the key table', () => {
	assert.deepEqual(offending(/^src\/diagnosis\//, /^screens\//), []);
});

test('the screens never reach a provider’s wire module, the transport or a simulator', () => {
	assert.deepEqual(offending(/^screens\//, /^src\/(api\/transport\.ts|api\/[a-z]+\/wire\.ts|sim\/)/), []);
});
