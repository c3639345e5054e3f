/** Name helpers shared by the simulators' seeds. */

const FOLD: Record<string, string> = {ł: 'l', Ł: 'l', ø: 'o', Ø: 'o', æ: 'ae', Æ: 'ae', ß: 'ss', đ: 'd', Đ: 'd', ı: 'i', þ: 'th', Þ: 'th', ð: 'd', Ð: 'd', "'": ''};

/** ASCII for logins, emails and usernames: "Łukasz" → "lukasz", "Nguyễn" → "nguyen", "O'Brien" → "obrien". */
export function asciiFold(text: string): string {
	return [...text]
		.map((c) => FOLD[c] ?? c)
		.join('')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9._-]/g, '')
		.toLowerCase();
}

/** [display, ascii] pairs for a list of names. */
export const asciiPairs = (...names: string[]): [string, string][] => names.map((name) => [name, asciiFold(name)]);

/** The part of a seed culture both simulators draw names and phone numbers from. */
export interface CultureNames {
	readonly weight: number;
	/** [display, ascii] pairs; ascii is used for logins, emails and usernames. */
	readonly first: readonly (readonly [string, string])[];
	readonly last: readonly (readonly [string, string])[];
	readonly phoneCc: string;
	readonly phoneDigits: number;
}
