/**
 * The one harness for screen tests: the real app, the real provider behind the guard, an in-process simulator on
 * loopback, a terminal of any size. `appOn('wacht' | 'okta', …)` starts all of it and stops it after the test;
 * `mountApp` renders the app on a provider a test made itself. Keys can be pressed by binding (`pressAction`), so
 * a rebinding does not break a test that means "revoke", not "x".
 */
import type {TestContext} from 'node:test';
import {App, type AppProps} from '../../screens/app.js';
import {KEYMAP, type ActionId, type Scope} from '../../screens/keymap.js';
import {guardProvider, type GuardedProvider} from '../../src/api/guard.js';
import type {Journal} from '../../src/api/journal.js';
import {OktaProvider} from '../../src/api/okta/provider.js';
import type {Provider} from '../../src/api/provider.js';
import {WachtProvider} from '../../src/api/wacht/provider.js';
import {startOktaSimulator, type OktaSimulator, type OktaSimulatorOptions} from '../../src/sim/okta/server.js';
import {startWachtSimulator, type WachtSimulator, type WachtSimulatorOptions} from '../../src/sim/wacht/server.js';
import {KEY, renderApp, type Rendered} from './render.js';

// Loopback only: a developer's or CI's proxy variables must not reroute the provider.
for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[name];

export interface Size {
	readonly columns: number;
	readonly rows: number;
}

export interface MountOptions extends Partial<Size> {
	/** `y` is ignored this long after a dialog opens. @default 0 */
	readonly guardMs?: number;
	/** The lookup to open on, as `account-triage <query>`. */
	readonly query?: string;
	/** The guard's journal (default none) and read-only mode. */
	readonly journal?: Journal | Error | null;
	readonly readOnly?: boolean;
	/** Further App props (recent lookups, output, profile…). */
	readonly props?: Partial<Omit<AppProps, 'provider'>>;
}

export interface AppOptions<S> extends MountOptions {
	readonly wacht?: WachtSimulatorOptions;
	readonly okta?: OktaSimulatorOptions;
	/** Changes the simulator's data before the app starts. */
	readonly prepare?: (sim: S) => void;
	/** Wraps the provider before it is guarded (a test double around the real one). */
	readonly wrap?: (inner: Provider) => Provider;
}

export interface AppHarness<S> extends Rendered {
	readonly sim: S;
	/** The guarded provider the app uses. */
	readonly provider: GuardedProvider;
}

const FAST_RETRY = {baseDelayMs: 1, maxDelayMs: 2};

export function appOn(t: TestContext, backend: 'wacht', options?: AppOptions<WachtSimulator>): Promise<AppHarness<WachtSimulator>>;
export function appOn(t: TestContext, backend: 'okta', options?: AppOptions<OktaSimulator>): Promise<AppHarness<OktaSimulator>>;
export async function appOn(t: TestContext, backend: 'wacht' | 'okta', options: AppOptions<never> = {}): Promise<AppHarness<WachtSimulator | OktaSimulator>> {
	const wrap = options.wrap ?? ((p: Provider) => p);
	if (backend === 'wacht') {
		const sim = await startWachtSimulator({userCount: 80, manySessions: 300, ...options.wacht});
		(options.prepare as ((sim: WachtSimulator) => void) | undefined)?.(sim);
		const inner = wrap(new WachtProvider({baseUrl: sim.url, apiKey: sim.apiKey, retry: FAST_RETRY}));
		return {...mountApp(t, inner, options, () => sim.close()), sim};
	}
	const sim = await startOktaSimulator({userCount: 100, ...options.okta});
	(options.prepare as ((sim: OktaSimulator) => void) | undefined)?.(sim);
	const inner = wrap(new OktaProvider({orgUrl: sim.url, token: sim.token, retry: FAST_RETRY}));
	return {...mountApp(t, inner, options, () => sim.close()), sim};
}

/** The app on a provider the test made (guarded here unless it already is), closed after the test with `close`. */
export function mountApp(t: TestContext, provider: Provider | GuardedProvider, options: MountOptions = {}, close: () => Promise<void> = async () => undefined): Rendered & {readonly provider: GuardedProvider} {
	const guarded = 'mutate' in provider ? provider : guardProvider(provider, {readOnly: options.readOnly ?? false, journal: options.journal ?? null, profile: null});
	const app = renderApp(<App provider={guarded} isDemo confirmGuardMs={options.guardMs ?? 0} initialQuery={options.query} {...options.props} />, {
		columns: options.columns ?? 100,
		rows: options.rows ?? 30,
	});
	t.after(async () => {
		app.unmount();
		await guarded.close();
		await close();
	});
	return Object.assign(app, {provider: guarded});
}

/** Types a lookup, presses Enter and waits until the user view shows `ready` with nothing left loading. */
export async function openUser(app: Rendered, query: string, ready: string | RegExp | ((frame: string) => boolean), ms?: number): Promise<string> {
	await app.type(query);
	await app.press(KEY.enter);
	const test = (f: string): boolean => (typeof ready === 'string' ? f.includes(ready) : ready instanceof RegExp ? ready.test(f) : ready(f));
	return app.waitFor((f) => test(f) && !f.includes('Loading'), ms);
}

const KEY_BYTES: Readonly<Record<string, string>> = {enter: KEY.enter, esc: KEY.esc, tab: KEY.tab, down: KEY.down, up: KEY.up, left: KEY.left, right: KEY.right, pagedown: KEY.pageDown, pageup: KEY.pageUp};

/** Presses the first key the key table binds to `action` (in `scope`, when it is bound differently per scope). */
export async function pressAction(app: Rendered, action: ActionId, scope?: Scope): Promise<void> {
	const binding = KEYMAP.find((b) => b.action === action && (scope === undefined || b.scopes.includes(scope)));
	const name = binding?.keys[0];
	if (name === undefined) throw new Error(`no key is bound to ${action}${scope ? ` in ${scope}` : ''}`);
	await app.press(KEY_BYTES[name] ?? (name.startsWith('ctrl+') ? String.fromCharCode(name.charCodeAt(5) - 96) : name));
}

/** The selected row (the line starting with the selection glyph). */
export const selectedLine = (frame: string): string => frame.split('\n').find((l) => l.startsWith('›')) ?? '';
