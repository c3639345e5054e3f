import {Box, Text} from 'ink';
import {color} from './theme.js';
import {truncate} from '../../src/format.js';

export interface StatusBarProps {
	/** "Wacht" / "Okta". */
	readonly backend: string;
	readonly host: string;
	/** True on the embedded demo backend. */
	readonly isDemo: boolean;
	/** Short right-hand text: a countdown, a spinner word. */
	readonly activity: string | null;
	/** Mutations are refused before anything is sent. @default false */
	readonly isReadOnly?: boolean;
	/** The profile in use, named so nobody acts on the wrong tenant. */
	readonly profile?: string | null;
	/** A protected profile: the badge turns red. */
	readonly isProtected?: boolean;
	/** A time-boxed write unlock runs until then (epoch ms): the badge counts down. */
	readonly writableUntil?: number | null;
	/** The time the countdown is measured from. */
	readonly now: number;
	readonly width: number;
}

/** Always names the backend and host, so nobody acts on the wrong tenant. */
export function StatusBar({backend, host, isDemo, activity, width, now, isReadOnly = false, profile = null, isProtected = false, writableUntil = null}: StatusBarProps) {
	const badge = isProtected ? ' PROTECTED ' : isDemo ? ' DEMO ' : ` ${backend.toUpperCase()} `;
	const left = writableUntil === null ? 0 : Math.max(0, Math.ceil((writableUntil - now) / 1000));
	const readOnly = isReadOnly ? ' READ-ONLY ' : writableUntil !== null ? ` WRITES ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} ` : '';
	const right = activity ?? '';
	// The profile and the host come first: on a narrow terminal the product name is what gets cut.
	const middle = truncate(` ${[profile, backend, host].filter(Boolean).join(' · ')} · account-triage`, Math.max(0, width - badge.length - readOnly.length - right.length - 1));
	return (
		<Box width={width}>
			<Text inverse color={color(isProtected ? 'error' : isDemo ? 'info' : 'warn')} bold>
				{badge}
			</Text>
			{readOnly ? (
				<Text inverse color={color(isReadOnly ? 'ok' : 'error')} bold>
					{readOnly}
				</Text>
			) : null}
			<Box flexGrow={1}>
				<Text wrap="truncate-end">{middle}</Text>
			</Box>
			<Text color={color('warn')}>{right}</Text>
		</Box>
	);
}
