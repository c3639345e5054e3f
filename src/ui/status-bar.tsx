import {Box, Text} from 'ink';
import {color} from './theme.js';
import {truncate} from './format.js';

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
	readonly width: number;
}

/** Always names the backend and host, so nobody acts on the wrong tenant. */
export function StatusBar({backend, host, isDemo, activity, width, isReadOnly = false, profile = null, isProtected = false}: StatusBarProps) {
	const badge = isProtected ? ' PROTECTED ' : isDemo ? ' DEMO ' : ` ${backend.toUpperCase()} `;
	const readOnly = isReadOnly ? ' READ-ONLY ' : '';
	const right = activity ?? '';
	// The profile and the host come first: on a narrow terminal the product name is what gets cut.
	const middle = truncate(` ${[profile, backend, host].filter(Boolean).join(' · ')} · account-triage`, Math.max(0, width - badge.length - readOnly.length - right.length - 1));
	return (
		<Box width={width}>
			<Text inverse color={color(isProtected ? 'error' : isDemo ? 'info' : 'warn')} bold>
				{badge}
			</Text>
			{isReadOnly ? (
				<Text inverse color={color('ok')} bold>
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
