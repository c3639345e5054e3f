import {Box, Text} from 'ink';
import {TextField} from './text-field.js';
import {truncate, wrapWords} from '../../src/format.js';
import {color} from './theme.js';

export interface ConfirmDialogProps {
	/** "Revoke session 6039… — Firefox in Lisbon". */
	readonly title: string;
	/** Labelled facts: user, backend, object, effect. */
	readonly facts: readonly (readonly [string, string])[];
	/** For the widest actions: the text the operator must type. Null = a plain y/N question. */
	readonly expected: string | null;
	readonly input: string;
	readonly error: string | null;
	readonly width: number;
	/** Short terminal: no border, the answer line first. @default false */
	readonly isCompact?: boolean;
}

/**
 * The one confirm dialog. Default is No: Enter, n and Esc cancel and only a single `y` confirms. The widest
 * actions instead ask for the user's email (or login) typed out, then Enter.
 */
export function ConfirmDialog({title, facts, expected, input, error, width, isCompact = false}: ConfirmDialogProps) {
	const labelWidth = Math.max(...facts.map(([label]) => label.length));
	// Inside the border and its padding; every line that carries backend text is fitted here, never left to a wrap
	// that measures differently from the terminal (src/format.ts).
	const inner = isCompact ? width : Math.min(width, 100) - 4;
	const valueWidth = Math.max(10, inner - labelWidth - 2);
	const answer =
		expected === null ? (
			<Box flexDirection="column">
				<Text wrap="truncate-end">
					<Text bold>y</Text> to confirm · <Text bold>n</Text>/Esc/Enter to cancel <Text color={color('dim')}>(default: No)</Text>
				</Text>
				{error ? <Text color={color('warn')}>{error}</Text> : null}
			</Box>
		) : (
			<Box flexDirection="column">
				<Text wrap="truncate-end">
					Type <Text bold>{expected}</Text> and press Enter to confirm · Esc cancels
				</Text>
				<Box>
					<Text color={color('accent')}>› </Text>
					<TextField value={input} />
				</Box>
				{error ? <Text color={color('error')}>{error}</Text> : null}
			</Box>
		);
	const factLines = facts.map(([label, value]) => (
		<Box key={label}>
			<Box width={labelWidth + 2} flexShrink={0}>
				<Text color={color('dim')}>{label}</Text>
			</Box>
			<Box flexDirection="column" flexShrink={0}>
				{(isCompact ? [truncate(value, valueWidth)] : wrapWords(value, valueWidth)).map((line, i) => (
					<Text key={i} wrap="truncate-end">
						{line}
					</Text>
				))}
			</Box>
		</Box>
	));
	const heading = (
		<Text bold color={color('warn')} wrap="truncate-end">
			{truncate(`⚠ ${title}?`, inner)}
		</Text>
	);
	if (isCompact) {
		// A short terminal: no border, and the answer line right under the title so it is never cut off.
		return (
			<Box flexDirection="column" width={width}>
				{heading}
				{answer}
				{factLines}
			</Box>
		);
	}
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={color('warn')} paddingX={1} width={Math.min(width, 100)}>
			{heading}
			{factLines}
			{answer}
		</Box>
	);
}
