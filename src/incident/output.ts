/**
 * Getting text out of a terminal session the operator reached over SSH: the clipboard through OSC 52 (wrapped for
 * tmux and GNU screen, which otherwise swallow it), and a private file for terminals that ignore OSC 52.
 */
import {spawnSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {stateDir} from '../api/journal.js';
import {redactText} from '../api/redact.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Past this, terminals drop the sequence (xterm's default limit is about 100 kB of base64). */
export const OSC52_MAX_BASE64 = 100_000;

/** How the clipboard sequence can reach the operator's terminal from here. */
export type ClipboardRoute =
	| {readonly kind: 'plain'}
	| {readonly kind: 'tmux'; readonly how: 'passthrough' | 'set-clipboard'}
	| {readonly kind: 'screen'}
	| {readonly kind: 'none'; readonly why: string};

/** tmux's options that decide what it does with OSC 52 from a program (null: could not be read). */
export interface TmuxClipboard {
	readonly setClipboard: string | null;
	readonly allowPassthrough: string | null;
}

/**
 * Where the sequence goes: straight to the terminal; to tmux, which takes a plain OSC 52 only with `set-clipboard on`
 * (its default, `external`, ignores programs) and passes a wrapped one on only with `allow-passthrough on`; to GNU
 * screen, in DCS pieces. With tmux and screen nested, which one is inside cannot be told, and a sequence wrapped for
 * the wrong one is drawn on the screen as text: nothing is sent.
 */
export function clipboardRoute(env: Env, tmux: TmuxClipboard | null): ClipboardRoute {
	const inScreen = Boolean(env['STY']);
	if (env['TMUX'] && inScreen) return {kind: 'none', why: 'tmux and GNU screen are nested here, and a sequence wrapped for the wrong one would land on the screen'};
	if (env['TMUX']) {
		if (tmux?.setClipboard === 'on') return {kind: 'tmux', how: 'set-clipboard'};
		if (tmux === null || tmux.allowPassthrough === null || tmux.allowPassthrough === 'on' || tmux.allowPassthrough === 'all') return {kind: 'tmux', how: 'passthrough'};
		return {kind: 'none', why: 'tmux drops it (allow-passthrough is off): `tmux set -g allow-passthrough on` or `set -g set-clipboard on` lets it through'};
	}
	if (inScreen || env['TERM']?.startsWith('screen')) return {kind: 'screen'};
	return {kind: 'plain'};
}

/** The escape sequence that puts `text` on the clipboard by `route`, or null when it is too long for terminals to accept. */
export function osc52(text: string, env: Env, route: ClipboardRoute = clipboardRoute(env, null)): string | null {
	const b64 = Buffer.from(text, 'utf8').toString('base64');
	if (b64.length > OSC52_MAX_BASE64) return null;
	const seq = `\u001B]52;c;${b64}\u0007`;
	switch (route.kind) {
		case 'plain':
			return seq;
		case 'tmux':
			// With set-clipboard on, tmux takes the plain sequence itself; otherwise only wrapped, as passthrough.
			return route.how === 'set-clipboard' ? seq : `\u001BPtmux;${seq.replace(/\u001B/g, '\u001B\u001B')}\u001B\\`;
		case 'screen': {
			// GNU screen passes a DCS string through, but only up to 768 bytes each: send it in pieces.
			const pieces: string[] = [];
			for (let i = 0; i < seq.length; i += 76) pieces.push(`\u001BP${seq.slice(i, i + 76)}\u001B\\`);
			return pieces.join('');
		}
		case 'none':
			return null;
	}
}

/** What became of a copy: sent (the terminal may still ignore it: only a paste tells), or why not. */
export type CopyResult = {readonly sent: true; readonly via: string} | {readonly sent: false; readonly why: string};

export interface Output {
	/** Sends text to the operator's terminal clipboard. */
	copy(text: string): CopyResult;
	/** Writes a summary to a private file and returns its path. */
	save(name: string, text: string): string;
}

/** tmux's clipboard options (a quick local command; null when tmux cannot be asked). */
export function readTmuxClipboard(env: Env): TmuxClipboard | null {
	const show = (option: string): string | null => {
		const r = spawnSync('tmux', ['show-options', '-gv', option], {encoding: 'utf8', timeout: 500, env: {...process.env, ...env}});
		return r.status === 0 ? r.stdout.trim() || null : null;
	};
	const setClipboard = show('set-clipboard');
	const allowPassthrough = show('allow-passthrough');
	return setClipboard === null && allowPassthrough === null ? null : {setClipboard, allowPassthrough};
}

const VIA: Record<Exclude<ClipboardRoute['kind'], 'none'>, string> = {plain: 'OSC 52', tmux: 'OSC 52 through tmux', screen: 'OSC 52 through GNU screen'};

/** The real output: OSC 52 on the terminal, files under `$XDG_STATE_HOME/account-triage/incidents/` (0600). */
export function terminalOutput(write: (data: string) => void, env: Env = process.env, tmux: () => TmuxClipboard | null = () => readTmuxClipboard(env)): Output {
	let route: ClipboardRoute | null = null;
	// tmux's options can change while the app runs (the advice when it drops the sequence): ask again until it passes.
	let askAgain = false;
	return {
		copy(text) {
			if (route === null || askAgain) {
				const options = env['TMUX'] ? tmux() : null;
				route = clipboardRoute(env, options);
				askAgain = route.kind === 'none' && options !== null;
			}
			if (route.kind === 'none') return {sent: false, why: route.why};
			const seq = osc52(redactText(text), env, route);
			if (seq === null) return {sent: false, why: `too long for a terminal's clipboard (over ${OSC52_MAX_BASE64.toLocaleString('en-US')} characters of base64)`};
			write(seq);
			return {sent: true, via: VIA[route.kind]};
		},
		save(name, text) {
			const path = join(stateDir(env), 'incidents', `${name.replace(/[^A-Za-z0-9._@-]+/g, '_').slice(0, 120)}.md`);
			mkdirSync(dirname(path), {recursive: true, mode: 0o700});
			// Meant for an incident channel: no credential a backend quoted goes with it.
			writeFileSync(path, redactText(text), {mode: 0o600});
			return path;
		},
	};
}
