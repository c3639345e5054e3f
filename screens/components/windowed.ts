/**
 * Page-flip windowing: the window moves a page at a time, so moving the selection inside a page rewrites two
 * lines (with Ink's incremental rendering) instead of shifting every line. Only visible rows are ever rendered,
 * so 10,000 rows cost what 20 do.
 */
export interface Window {
	readonly start: number;
	readonly end: number;
}

export function pageWindow(selected: number, count: number, height: number): Window {
	const h = Math.max(1, height);
	if (count <= h) return {start: 0, end: count};
	const start = Math.min(Math.floor(selected / h) * h, Math.max(0, count - h));
	return {start, end: Math.min(count, start + h)};
}

/** "21–40 of 10,000" */
export function windowLabel(win: Window, count: number): string {
	if (count === 0) return '0 rows';
	return `${(win.start + 1).toLocaleString('en-US')}–${win.end.toLocaleString('en-US')} of ${count.toLocaleString('en-US')}`;
}
