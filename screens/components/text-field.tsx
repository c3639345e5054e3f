import {Text} from 'ink';
import {color} from './theme.js';

export interface TextFieldProps {
	readonly value: string;
	readonly focus?: boolean;
	readonly placeholder?: string;
}

/**
 * Draws a one-line text field. Editing happens in the reducer (screens/state/line-edit.ts), from the same key events
 * as everything else, so a pasted "text⏎" is typed and submitted in order, and control bytes never reach the value.
 */
export function TextField({value, focus = true, placeholder}: TextFieldProps) {
	if (value === '' && placeholder) {
		return (
			<Text>
				{focus ? <Text inverse> </Text> : null}
				<Text color={color('dim')}>{placeholder}</Text>
			</Text>
		);
	}
	return (
		<Text>
			{value}
			{focus ? <Text inverse> </Text> : null}
		</Text>
	);
}
