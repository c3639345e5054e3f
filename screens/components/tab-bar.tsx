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
}

export interface TabBarProps {
	readonly tabs: readonly TabSpec[];
	readonly active: string;
	readonly width: number;
}

/** Numbered tabs; the active one is bracketed (visible without colour) and inverse. */
export function TabBar({tabs, active, width}: TabBarProps) {
	// Full titles; else short titles from the last tab leftwards until it fits; else short titles with only the badges
	// that warn (an error, a failure count).
	const labelOf = (tab: TabSpec, i: number, shortFrom: number, bare: boolean): string => {
		const badge = bare && !/[!✗]/.test(tab.badge) ? '' : tab.badge;
		return `${i + 1} ${i >= shortFrom ? (tab.short ?? tab.title) : tab.title}${badge ? ` (${badge})` : ''}`;
	};
	const widthAt = (shortFrom: number, bare: boolean): number => tabs.reduce((sum, tab, i) => sum + labelOf(tab, i, shortFrom, bare).length + 2, 0);
	let shortFrom = tabs.length;
	while (shortFrom > 0 && widthAt(shortFrom, false) > width) shortFrom -= 1;
	const bare = widthAt(shortFrom, false) > width;
	return (
		<Box width={width} overflow="hidden">
			{tabs.map((tab, i) => {
				const isActive = tab.id === active;
				const label = labelOf(tab, i, shortFrom, bare);
				return (
					<Text key={tab.id} inverse={isActive} bold={isActive} color={isActive ? undefined : color(tab.tone)} wrap="truncate-end">
						{isActive ? `[${label}]` : ` ${label} `}
					</Text>
				);
			})}
		</Box>
	);
}
