import {Text} from 'ink';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 12;

/** Shown instead of the app when the terminal cannot hold it; q and Ctrl+C still quit. */
export function TooSmall({columns, rows}: {readonly columns: number; readonly rows: number}) {
	return (
		<Text wrap="wrap">
			Terminal too small: need {MIN_COLUMNS}×{MIN_ROWS}, have {columns}×{rows}. Enlarge it, or q to quit.
		</Text>
	);
}
