/**
 * Getting text out of a terminal session the operator reached over SSH: the clipboard through OSC 52 (wrapped for
 * tmux and GNU screen, which otherwise swallow it), and a private file for terminals that ignore OSC 52.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {stateDir} from '../api/journal.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Past this, terminals drop the sequence (xterm's default limit is about 100 kB of base64). */
export const OSC52_MAX_BASE64 = 100_000;

/** The escape sequence that puts `text` on the clipboard, or null when it is too long for terminals to accept. */
export function osc52(text: string, env: Env): string | null {
	const b64 = Buffer.from(text, 'utf8').toString('base64');
	if (b64.length > OSC52_MAX_BASE64) return null;
	const seq = `\u001B]52;c;${b64}\u0007`;
	if (env['TMUX']) {
		// tmux passthrough (needs `set -g allow-passthrough on` in tmux ≥ 3.3, or `set -g set-clipboard on`).
		return `\u001BPtmux;${seq.replace(/\u001B/g, '\u001B\u001B')}\u001B\\`;
	}
	if (env['STY'] || env['TERM']?.startsWith('screen')) {
		// GNU screen passes a DCS string through, but only up to 768 bytes each: send it in pieces.
		const pieces: string[] = [];
		for (let i = 0; i < seq.length; i += 76) pieces.push(`\u001BP${seq.slice(i, i + 76)}\u001B\\`);
		return pieces.join('');
	}
	return seq;
}

export interface Output {
	/** Puts text on the operator's clipboard; false when it could not (too long). */
	copy(text: string): boolean;
	/** Writes a summary to a private file and returns its path. */
	save(name: string, text: string): string;
}

/** The real output: OSC 52 on the terminal, files under `$XDG_STATE_HOME/account-triage/incidents/` (0600). */
export function terminalOutput(write: (data: string) => void, env: Env = process.env): Output {
	return {
		copy(text) {
			const seq = osc52(text, env);
			if (seq === null) return false;
			write(seq);
			return true;
		},
		save(name, text) {
			const path = join(stateDir(env), 'incidents', `${name.replace(/[^A-Za-z0-9._@-]+/g, '_').slice(0, 120)}.md`);
			mkdirSync(dirname(path), {recursive: true, mode: 0o700});
			writeFileSync(path, text, {mode: 0o600});
			return path;
		},
	};
}
