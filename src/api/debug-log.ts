/**
 * `--debug`: one JSON line per HTTP attempt, appended to `debug.log` beside the audit journal (mode 0600).
 * Events carry no headers or bodies, and every line is passed through the redactor with the known secrets anyway.
 */
import {appendFileSync, mkdirSync, openSync, closeSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {stateDir} from './journal.js';
import {redactText} from './redact.js';
import type {DebugEvent} from './transport.js';

export interface DebugLog {
	readonly path: string;
	write(event: DebugEvent): void;
}

export function openDebugLog(secrets: readonly string[], env: NodeJS.ProcessEnv = process.env): DebugLog {
	const path = join(stateDir(env), 'debug.log');
	mkdirSync(dirname(path), {recursive: true, mode: 0o700});
	closeSync(openSync(path, 'a', 0o600));
	return {
		path,
		write(event) {
			try {
				appendFileSync(path, redactText(JSON.stringify(event), secrets) + '\n', {mode: 0o600});
			} catch {
				// A debug log must never break the tool.
			}
		},
	};
}
