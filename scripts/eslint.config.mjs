// ESLint for the whole tree (`npm run lint`, part of `npm test`). It lives in scripts/ because the top level is
// fixed by the design; `--config scripts/eslint.config.mjs` is passed by package.json. Paths below are relative to
// the working directory, the repository root.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** The engine (src/) knows no Ink or React; the CLI's one render call is the exception. */
const engineImports = {
	patterns: [
		{group: ['ink', 'ink/*', 'react', 'react/*', 'react-dom'], message: 'src/ is the engine: no Ink or React (the TUI lives in screens/).'},
		{group: ['**/screens/**', '../screens', '../../screens'], message: 'src/ must not import the TUI (screens/).'},
	],
};

/** The TUI calls operations and the domain-level client only: no HTTP, no wire fields, no simulator. */
const screenImports = {
	patterns: [
		{group: ['undici', 'undici/*'], message: 'screens/ never talks HTTP: call an operation or the provider.'},
		{group: ['**/api/*/wire', '**/api/*/wire.js', '**/api/transport', '**/api/transport.js'], message: 'screens/ knows no wire fields or transport.'},
		{group: ['**/sim/**'], message: 'screens/ must not import a simulator.'},
	],
};

export default tseslint.config(
	{ignores: ['dist/**', 'node_modules/**', 'patches/**']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.{ts,tsx,mjs,js}'],
		languageOptions: {globals: {process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', Buffer: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly', clearImmediate: 'readonly', performance: 'readonly', structuredClone: 'readonly', fetch: 'readonly'}},
		linterOptions: {reportUnusedDisableDirectives: 'error'},
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'}],
			// Control characters are what the sanitizer, the terminal output and the hostile-input tests look for.
			'no-control-regex': 'off',
		},
	},
	{
		// scripts/undici-slim.cjs stands in for undici's CommonJS index in the bundle, so it is CommonJS too.
		files: ['**/*.cjs'],
		languageOptions: {sourceType: 'commonjs', globals: {require: 'readonly', module: 'writable', URL: 'readonly'}},
		rules: {'@typescript-eslint/no-require-imports': 'off'},
	},
	{
		// Tests read wire bodies as untyped JSON on purpose: the shape is what they assert.
		files: ['test/**/*.{ts,tsx}'],
		rules: {'@typescript-eslint/no-explicit-any': 'off'},
	},
	{
		files: ['screens/**/*.{ts,tsx}'],
		plugins: {'react-hooks': reactHooks},
		rules: {
			...reactHooks.configs.recommended.rules,
			'no-restricted-imports': ['error', screenImports],
		},
	},
	{
		files: ['src/**/*.{ts,tsx}'],
		ignores: ['src/cli.tsx'],
		rules: {'no-restricted-imports': ['error', engineImports]},
	},
);
