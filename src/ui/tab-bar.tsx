import {Box, Text} from 'ink';
import {color} from './theme.js';

export interface TabSpec {
	readonly id: string;
	readonly title: string;
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
	return (
		<Box width={width} overflow="hidden">
			{tabs.map((tab, i) => {
				const isActive = tab.id === active;
				const label = `${i + 1} ${tab.title}${tab.badge ? ` (${tab.badge})` : ''}`;
				return (
					<Text key={tab.id} inverse={isActive} bold={isActive} color={isActive ? undefined : color(tab.tone)} wrap="truncate-end">
						{isActive ? `[${label}]` : ` ${label} `}
					</Text>
				);
			})}
		</Box>
	);
}
