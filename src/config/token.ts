/**
 * Gets a profile's token from where the profile says: an environment variable, a private file, or a command
 * (a password manager's CLI). The token itself never appears in a message: errors name the source only.
 */
import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {rememberSecret} from '../api/redact.js';
import {checkPrivate, ConfigError, type Profile} from './profiles.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A command that has not answered in this long is stopped (it is probably waiting for a prompt nobody sees). */
export const TOKEN_COMMAND_TIMEOUT_MS = 20_000;

/** Reads the token and remembers it, so no output of this process can carry it (src/api/redact.ts). */
export async function resolveToken(profile: Profile, env: Env): Promise<string> {
	const token = await readToken(profile, env);
	rememberSecret(token);
	return token;
}

async function readToken(profile: Profile, env: Env): Promise<string> {
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
			return runTokenCommand(source.command, where, env);
	}
}

function runTokenCommand(command: string, where: string, env: Env): Promise<string> {
	return new Promise((resolve, reject) => {
		// No stdin: the app owns the terminal, so a command that prompts would hang; it gets EOF instead.
		const child = execFile(
			'/bin/sh',
			['-c', command],
			{timeout: TOKEN_COMMAND_TIMEOUT_MS, maxBuffer: 64 * 1024, env: env as NodeJS.ProcessEnv, encoding: 'utf8', windowsHide: true},
			(error, stdout, stderr) => {
				if (error) {
					const timedOut = (error as {killed?: boolean}).killed === true && (error as {signal?: string}).signal === 'SIGTERM';
					// stderr may echo what the command printed; show its first line only, never stdout (it may be a token).
					const said = firstLine(stderr);
					const why = timedOut
						? `did not finish within ${TOKEN_COMMAND_TIMEOUT_MS / 1000} s (is it waiting for a password or a sign-in? sign in to it first)`
						: `failed (${typeof error.code === 'number' ? `exit ${error.code}` : String(error.code ?? error.message)})${said ? `: ${said}` : ''}`;
					reject(new ConfigError(`${where}: token_command ${why}`));
					return;
				}
				const value = stdout.trim();
				if (!value) reject(new ConfigError(`${where}: token_command printed nothing${firstLine(stderr) ? `: ${firstLine(stderr)}` : ''}`));
				else if (value.includes('\n')) reject(new ConfigError(`${where}: token_command printed more than one line; it must print only the token`));
				else resolve(value);
			},
		);
		child.stdin?.end();
	});
}

function firstLine(text: string): string {
	return (text.split('\n').find((l) => l.trim() !== '') ?? '').replace(/[\u0000-\u001F\u007F-\u009F]/g, '').trim().slice(0, 200);
}
