import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export interface TerminalSize {
	readonly columns: number;
	readonly rows: number;
}

/** The terminal size, re-read on every resize (Ink 6 has no size hook of its own). */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));
	useEffect(() => {
		const onResize = (): void => setSize(sizeOf(stdout));
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}

const sizeOf = (stdout: NodeJS.WriteStream): TerminalSize => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
