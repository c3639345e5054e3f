// The bundle gives the transport scripts/undici-slim.cjs for `undici`. The TypeScript API (not a pattern over the
// source) finds what src/ takes from undici at run time, and the slim module must export exactly that, working.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {createRequire} from 'node:module';
import {readdirSync, readFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TRANSPORT = join(root, 'src/api/transport.ts');
const require = createRequire(import.meta.url);
const slim = require(join(root, 'scripts/undici-slim.cjs')) as typeof import('undici');

function sources(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
		e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
	);
}

/** Every place a module of src/ loads undici as a value: static imports that are not type-only, `import()`, require. */
function valueImportsOfUndici(file: string): string[] {
	const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
	const found: string[] = [];
	const isUndici = (node: ts.Node | undefined) => node !== undefined && ts.isStringLiteral(node) && /^undici(\/|$)/.test(node.text);
	const visit = (node: ts.Node) => {
		if (ts.isImportDeclaration(node) && isUndici(node.moduleSpecifier)) {
			const clause = node.importClause;
			const typeOnly = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && clause.namedBindings !== undefined
				&& ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
			if (!typeOnly) found.push(`static import at ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
		}
		if (ts.isExportDeclaration(node) && isUndici(node.moduleSpecifier) && !node.isTypeOnly) found.push('re-export');
		if (ts.isCallExpression(node) && isUndici(node.arguments[0])
			&& (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
			found.push(`dynamic import at ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

test('src/ loads undici only in the transport, once, by a dynamic import', () => {
	const loaders = sources(join(root, 'src')).flatMap((file) => valueImportsOfUndici(file).map((at) => `${relative(root, file)}: ${at}`));
	assert.equal(loaders.length, 1, loaders.join('\n'));
	assert.match(loaders[0]!, /^src\/api\/transport\.ts: dynamic import/);
});

test("what the transport's undici import gives it is exactly what the slim module exports", () => {
	const program = ts.createProgram([TRANSPORT], {module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, skipLibCheck: true});
	const checker = program.getTypeChecker();
	const file = program.getSourceFile(TRANSPORT)!;
	let loadedType: ts.Type | undefined;
	const visit = (node: ts.Node) => {
		if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
			// import('undici').then(…) resolves to what the module keeps of undici: the names it can ever use.
			const outer = node.parent.parent;
			if (ts.isCallExpression(outer)) loadedType = checker.getAwaitedType(checker.getTypeAtLocation(outer));
		}
		ts.forEachChild(node, visit);
	};
	visit(file);
	assert.ok(loadedType, "the transport's import('undici').then(…) was not found");
	const used = checker.getPropertiesOfType(loadedType).map((p) => p.name).sort();
	assert.ok(used.length > 0 && used.length < 10, `the transport keeps a narrowed undici, not the whole module: ${used.join(', ')}`);
	assert.deepEqual(Object.keys(slim).sort(), used);
	const real = require('undici') as Record<string, unknown>;
	for (const name of used) assert.equal(typeof (slim as unknown as Record<string, unknown>)[name], typeof real[name], name);
});

test('the slim request goes through the proxy-aware agent and reads the answer; its FormData is undici’s', async () => {
	const server = createServer((req, res) => {
		res.setHeader('content-type', 'application/json');
		res.end(JSON.stringify({method: req.method, url: req.url}));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	const dispatcher = new slim.EnvHttpProxyAgent({noProxy: '127.0.0.1'});
	try {
		const res = await slim.request(`http://127.0.0.1:${port}/api/users?limit=1`, {dispatcher, method: 'GET'});
		assert.equal(res.statusCode, 200);
		assert.deepEqual(await res.body.json(), {method: 'GET', url: '/api/users?limit=1'});
		const form = new slim.FormData();
		form.set('name', 'value');
		assert.equal(form.get('name'), 'value');
		assert.ok(form instanceof (require('undici') as typeof import('undici')).FormData);
	} finally {
		await dispatcher.close();
		server.close();
	}
});
