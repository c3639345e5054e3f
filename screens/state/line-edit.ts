/** The one line editor behind every text field: append, Backspace, Ctrl+U (clear), Ctrl+W (delete a word). */

/** Applies one key name to a value; returns null when the key is not an edit. */
export function editLine(value: string, name: string): string | null {
	if (name === 'backspace') return [...value].slice(0, -1).join('');
	if (name === 'ctrl+u') return '';
	if (name === 'ctrl+w') return value.replace(/\S*\s*$/, '');
	// A single code point that is not a control character is text; named keys ('down', 'enter') are not.
	if ([...name].length === 1 && !/[\u0000-\u001F\u007F-\u009F]/.test(name)) return value + name;
	return null;
}
