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
	const labelOf = (tab: TabSpec, i: number, short: boolean): string => `${i + 1} ${short ? (tab.short ?? tab.title) : tab.title}${tab.badge ? ` (${tab.badge})` : ''}`;
	const fullWidth = tabs.reduce((sum, tab, i) => sum + labelOf(tab, i, false).length + 2, 0);
	const isShort = fullWidth > width;
	return (
		<Box width={width} overflow="hidden">
			{tabs.map((tab, i) => {
				const isActive = tab.id === active;
				const label = labelOf(tab, i, isShort);
				return (
					<Text key={tab.id} inverse={isActive} bold={isActive} color={isActive ? undefined : color(tab.tone)} wrap="truncate-end">
						{isActive ? `[${label}]` : ` ${label} `}
					</Text>
				);
			})}
		</Box>
	);
}
