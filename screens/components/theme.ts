/**
 * Colours in one place. NO_COLOR (https://no-color.org) turns them all off; meaning never rests on colour alone
 * (selection has a glyph, status has a word).
 */
const noColor = (): boolean => 'NO_COLOR' in process.env && process.env['NO_COLOR'] !== '';

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'dim' | 'accent' | 'error';

const COLORS: Record<Tone, string> = {
	ok: 'green',
	warn: 'yellow',
	bad: 'red',
	error: 'red',
	info: 'cyan',
	dim: 'gray',
	accent: 'magenta',
};

/** The Ink colour for a tone, or undefined under NO_COLOR. */
export function color(tone: Tone | undefined): string | undefined {
	if (!tone || noColor()) return undefined;
	return COLORS[tone];
}

export function useColor(): boolean {
	return !noColor();
}

/** Glyph marking the selected row: visible without colour. */
export const SELECTED = '›';
