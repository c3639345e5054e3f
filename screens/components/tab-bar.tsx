import {Box, Text} from 'ink';
import {color} from './theme.js';

export interface TabSpec {
	readonly id: string;
	readonly title: string;
	/** Used when the full titles do not fit the width. */
	readonly short?: string;
	/** Shown beside the title: a count, "…" while loading, "!" on error. */
	readonly badge: string;
	readonly tone?: 'bad' | 'dim';
	/** Which tabs take their short title first when the full ones do not fit (lowest first; default right to left). */
	readonly shortRank?: number;
}

export interface TabBarProps {
	readonly tabs: readonly TabSpec[];
	readonly active: string;
	readonly width: number;
}

/** Numbered tabs; the active one is bracketed (visible without colour) and inverse. */
export function TabBar({tabs, active, width}: TabBarProps) {
	// Full titles; else short titles one tab at a time (by shortRank) until it fits; else short titles with only the
	// badges that warn (an error, a failure count).
	const order = tabs.map((tab, i) => ({i, rank: tab.shortRank ?? tabs.length - i})).sort((a, b) => a.rank - b.rank).map((x) => x.i);
	const labelOf = (tab: TabSpec, i: number, shortened: number, bare: boolean): string => {
		const badge = bare && !/[!✗]/.test(tab.badge) ? '' : tab.badge;
		const isShort = order.indexOf(i) < shortened;
		return `${i + 1} ${isShort ? (tab.short ?? tab.title) : tab.title}${badge ? ` (${badge})` : ''}`;
	};
	const widthAt = (shortened: number, bare: boolean): number => tabs.reduce((sum, tab, i) => sum + labelOf(tab, i, shortened, bare).length + 2, 0);
	let shortened = 0;
	while (shortened < tabs.length && widthAt(shortened, false) > width) shortened += 1;
	const bare = widthAt(shortened, false) > width;
	return (
		<Box width={width} overflow="hidden">
			{tabs.map((tab, i) => {
				const isActive = tab.id === active;
				const label = labelOf(tab, i, shortened, bare);
				return (
					<Text key={tab.id} inverse={isActive} bold={isActive} color={isActive ? undefined : color(tab.tone)} wrap="truncate-end">
						{isActive ? `[${label}]` : ` ${label} `}
					</Text>
				);
			})}
		</Box>
	);
}
