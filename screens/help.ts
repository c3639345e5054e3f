/**
 * The `?` cheat sheet, built from the one key table so it can never disagree with what the keys do: the keys of the
 * screen it was opened on first, then every other place keys work (the dialogs included), each key with its full
 * description, wrapped to the width. Pure: the reducer counts its lines to scroll, the overlay draws them.
 */
import {cellWidth, wrapWords} from '../src/format.js';
import {KEYMAP, keyWord, type Binding, type Scope} from './keymap.js';

export {keyWord};
import {PROMPT_HELP} from './state/prompt.js';

export interface HelpLine {
	readonly text: string;
	readonly isTitle?: boolean;
}

/** Where keys work, in the order the sheet lists them after the current screen's. */
const SECTIONS: readonly {readonly title: string; readonly scopes: readonly Scope[]}[] = [
	{title: 'Everywhere', scopes: ['global']},
	{title: 'Lookup field', scopes: ['lookup-input']},
	{title: 'Lookup results', scopes: ['lookup-results']},
	{title: 'User view', scopes: ['user']},
	{title: 'Lists (every tab, results, Activity)', scopes: ['list']},
	{title: 'Sessions tab', scopes: ['sessions']},
	{title: 'Passkeys tab', scopes: ['passkeys']},
	{title: 'MFA tab', scopes: ['mfa']},
	{title: 'Confirm dialog (y/N)', scopes: ['confirm']},
	{title: 'Typed confirmation (wide changes, protected profiles)', scopes: ['typed-confirm']},
	{title: 'Text fields (filter, rename, prompt, codes)', scopes: ['text-entry']},
	{title: 'Menus and the profile list', scopes: ['menu']},
	{title: 'One-time secrets (QR code, codes, links)', scopes: ['secret']},
	{title: 'Activity', scopes: ['activity']},
	{title: 'This help', scopes: ['help']},
];

/** What a binding does, in full. */
export function describe(b: Binding): string {
	const words = b.help ?? b.label;
	return b.destructive ? `${words} (asks first)` : words;
}

const KEY_COLUMN = 16;

/** Lines of the sheet on screen for a terminal of `rows` rows (status bar, its title line, result lines, footer). */
export function helpHeight(rows: number): number {
	return Math.max(1, rows - 1 - 4 - 1);
}

function entry(b: Binding, width: number): HelpLine[] {
	const keys = b.keys.map(keyWord).join(' ');
	const room = Math.max(12, width - KEY_COLUMN - 2);
	const [first = '', ...rest] = wrapWords(describe(b), room);
	const head = cellWidth(keys) > KEY_COLUMN ? [{text: ` ${keys}`}, {text: ` ${' '.repeat(KEY_COLUMN)} ${first}`}] : [{text: ` ${keys.padEnd(KEY_COLUMN)} ${first}`}];
	return [...head, ...rest.map((line) => ({text: ` ${' '.repeat(KEY_COLUMN)} ${line}`}))];
}

/** The sheet for a screen whose live scopes are `here`, wrapped to `width`. */
export function helpLines(here: readonly Scope[], width: number): HelpLine[] {
	const lines: HelpLine[] = [];
	const shown = new Set<Binding>();
	const section = (title: string, scopes: readonly Scope[]): void => {
		const bindings = KEYMAP.filter((b) => !shown.has(b) && b.scopes.some((s) => scopes.includes(s)));
		if (bindings.length === 0) return;
		lines.push({text: title, isTitle: true});
		for (const b of bindings) {
			shown.add(b);
			lines.push(...entry(b, width));
		}
	};
	// The screen's own keys first (its tab's changes, then the view, then lists), then what works everywhere.
	const specificity: readonly Scope[] = ['sessions', 'passkeys', 'mfa', 'confirm', 'typed-confirm', 'text-entry', 'menu', 'secret', 'activity', 'help', 'lookup-input', 'lookup-results', 'user', 'list', 'global'];
	section('Here', specificity.filter((s) => here.includes(s)).slice(0, 1));
	for (const s of specificity.filter((s) => here.includes(s)).slice(1)) section(s === 'global' ? 'Here, and everywhere' : 'Here too', [s]);
	for (const s of SECTIONS) section(s.title, s.scopes);
	lines.push({text: 'The : prompt', isTitle: true}, ...wrapWords(PROMPT_HELP, width - 1).map((text) => ({text: ` ${text}`})));
	lines.push(
		{text: 'Safety', isTitle: true},
		...wrapWords('A burst of keys (a paste, key repeat) only moves: a change needs one deliberate key, and y in a dialog is ignored as it opens. Every change asks first and is journaled.', width - 1).map((text) => ({text: ` ${text}`})),
	);
	return lines;
}
