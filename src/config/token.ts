/**
 * Gets a profile's token from where the profile says: an environment variable, a private file, or a command
 * (a password manager's CLI). The token itself never appears in a message: errors name the source only.
 */
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {rememberSecret} from '../api/redact.js';
import {tokenCommandEnv} from './environ.js';
import {checkPrivate, ConfigError, type Profile} from './profiles.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A command that has not answered in this long is stopped (it is probably waiting for a prompt nobody sees). */
export const TOKEN_COMMAND_TIMEOUT_MS = 20_000;

/** Reads the token and remembers it, so no output of this process can carry it (src/api/redact.ts). */
export async function resolveToken(profile: Profile, env: Env, timeoutMs = TOKEN_COMMAND_TIMEOUT_MS): Promise<string> {
	const token = await readToken(profile, env, timeoutMs);
	rememberSecret(token);
	return token;
}

async function readToken(profile: Profile, env: Env, timeoutMs: number): Promise<string> {
	const source = profile.token;
	const where = `profile ${profile.name}`;
	if (!source) throw new ConfigError(`${where} has no token source`);
	switch (source.from) {
		case 'env': {
			const value = env[source.name]?.trim();
			if (!value) throw new ConfigError(`${where}: ${source.name} is not set: export it in the shell that starts account-triage`);
			return value;
		}
		case 'file': {
			checkPrivate(source.path, 'the token file');
			let value: string;
			try {
				value = readFileSync(source.path, 'utf8').trim();
			} catch (error) {
				throw new ConfigError(`${where}: cannot read the token file ${source.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
			}
			if (!value) throw new ConfigError(`${where}: the token file ${source.path} is empty`);
			if (value.includes('\n')) throw new ConfigError(`${where}: the token file ${source.path} holds more than one line; put only the token in it`);
			return value;
		}
		case 'command':
			return runTokenCommand(source.command, where, env, timeoutMs);
	}
}

function runTokenCommand(command: string, where: string, env: Env, timeoutMs: number): Promise<string> {
	return new Promise((resolve, reject) => {
		// Its own process group (detached), so a timeout stops what it started too, not only the shell; a minimal
		// environment with no token variable of any profile; no stdin: the app owns the terminal, so a command that
		// prompts would hang, and it gets EOF instead.
		const child = spawn('/bin/sh', ['-c', command], {detached: true, env: tokenCommandEnv(env), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true});
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		let overflow = false;
		const take = (chunk: Buffer, to: 'out' | 'err'): void => {
			if (to === 'out') stdout += chunk.toString('utf8');
			else stderr += chunk.toString('utf8');
			if (stdout.length + stderr.length > MAX_OUTPUT && !overflow) {
				overflow = true;
				killGroup(child.pid);
			}
		};
		child.stdout.on('data', (c: Buffer) => take(c, 'out'));
		child.stderr.on('data', (c: Buffer) => take(c, 'err'));
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child.pid);
			// A descendant that left the group may still hold the pipes: stop reading so 'close' comes.
			child.stdout.destroy();
			child.stderr.destroy();
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(new ConfigError(`${where}: token_command could not start: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const said = firstLine(stderr);
			if (timedOut || overflow || code !== 0) {
				const why = timedOut
					? `did not finish within ${timeoutMs / 1000} s (is it waiting for a password or a sign-in? sign in to it first)`
					: overflow
						? 'printed more than 64 KiB'
						: `failed (${code !== null ? `exit ${code}` : String(signal)})${said ? `: ${said}` : ''}`;
				reject(new ConfigError(`${where}: token_command ${why}`));
				return;
			}
			// stderr may echo what the command printed; show its first line only, never stdout (it may be a token).
			const value = stdout.trim();
			if (!value) reject(new ConfigError(`${where}: token_command printed nothing${said ? `: ${said}` : ''}`));
			else if (value.includes('\n')) reject(new ConfigError(`${where}: token_command printed more than one line; it must print only the token`));
			else resolve(value);
		});
	});
}

const MAX_OUTPUT = 64 * 1024;

/** SIGKILL to the whole process group; nothing to do when it is already gone. */
function killGroup(pid: number | undefined): void {
	if (pid === undefined) return;
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// ESRCH: the group has ended.
	}
}

function firstLine(text: string): string {
	return (text.split('\n').find((l) => l.trim() !== '') ?? '').replace(/[\u0000-\u001F\u007F-\u009F]/g, '').trim().slice(0, 200);
}
