/**
 * The command: argv, environment and config → a profile and its guarded provider; the alternate screen in and
 * out; the Ink app; exit codes.
 *
 *   account-triage [query]                 the app, on the profile the flags, environment or config choose
 *   account-triage COMMAND …               the subcommands of src/command/spec.ts (scripting, simulate, completion…)
 */
import {render} from 'ink';
import {Root, type RunRecord} from '../screens/root.js';
import {VERSION} from './version.js';
import {redactText} from './api/redact.js';
import {ConfigError} from './config/profiles.js';
import {parseArgs, UsageError, type ParsedArgs} from './command/args.js';
import {startRun, type StartedRun} from './command/start.js';
import {appFlagLines, commandHelp, commandList, lookupCommand} from './command/spec.js';
import {RUN} from './command/dispatch.js';
import type {ScriptIO} from './script/io.js';
import {terminalOutput} from './incident/output.js';
import {recentLookups} from './config/recent.js';

const HELP = `account-triage ${VERSION}: find out why a user can't get in, and fix it safely.

Usage
  account-triage [options] [query]
      the app; P switches profile, ? shows the keys
${commandList()}

Actions ask first; off a terminal they need --yes. account-triage COMMAND --help: its words, flags, examples and
exit codes.

Options
${appFlagLines()}

Environment
  WACHT_API_URL, WACHT_API_KEY          a Wacht backend API URL (e.g. https://api.wacht.dev) and key
  OKTA_CLIENT_ORGURL, OKTA_CLIENT_TOKEN an Okta org URL (https://acme.okta.com) and API token (SSWS);
                                        OKTA_CLIENT_AUTHORIZATIONMODE=Bearer for an OAuth access token
  HTTPS_PROXY, NO_PROXY, NODE_EXTRA_CA_CERTS   corporate proxy and CA, as usual
  NO_COLOR                              no colours
  XDG_CONFIG_HOME                       profiles live in $XDG_CONFIG_HOME/account-triage/config.toml (mode 600)
  XDG_STATE_HOME                        the audit journal lives in $XDG_STATE_HOME/account-triage/journal.jsonl

Keys and tokens are never taken on the command line. The profile is, in order: --demo, --profile, the
environment (WACHT_* or OKTA_CLIENT_*), the config file's default (or its only profile), else the embedded demo
backend (DEMO in the status bar).`;

const ALT_SCREEN_ON = '\u001B[?1049h';
const ALT_SCREEN_OFF = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, scriptIO?: ScriptIO): Promise<number> {
	// Subcommands (src/command/spec.ts) need no terminal, so they run before the TTY check.
	const found = lookupCommand(argv);
	if (found.kind === 'unknown') {
		(scriptIO?.stderr ?? process.stderr).write(`account-triage: unknown command '${found.word}'; did you mean '${found.suggestion}'? (to look up a user by that name: account-triage -- ${found.word})\n`);
		return 2;
	}
	if (found.kind === 'command') {
		const end = argv.indexOf('--');
		if (!found.command.hidden && (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h')) {
			(scriptIO?.stdout ?? process.stdout).write(commandHelp(found.command) + '\n');
			return 0;
		}
		return RUN[found.command.name](argv, env, scriptIO);
	}
	let args: ParsedArgs;
	try {
		args = parseArgs(argv);
	} catch (error) {
		process.stderr.write(`account-triage: ${(error as Error).message}\n`);
		return 2;
	}
	if (args.help) {
		process.stdout.write(HELP + '\n');
		return 0;
	}
	if (args.version) {
		process.stdout.write(`account-triage ${VERSION}\n`);
		return 0;
	}
	if (!process.stdin.isTTY) {
		process.stderr.write('account-triage: needs an interactive terminal (stdin is not a TTY)\n');
		return 2;
	}
	if (env['TERM'] === 'dumb') {
		// A dumb terminal (Emacs' shell, some CI consoles) cannot move the cursor: frames would pile up as garbage.
		process.stderr.write(
			'account-triage: this terminal (TERM=dumb) cannot draw the app: it needs cursor movement.\n' +
				'  Use a terminal that can (TERM=xterm-256color), or the plain-text subcommands: account-triage show <user> (see account-triage help)\n',
		);
		return 2;
	}
	let start: StartedRun;
	try {
		start = await startRun(args, env);
	} catch (error) {
		process.stderr.write(`account-triage: ${(error as Error).message}\n`);
		return error instanceof UsageError || error instanceof ConfigError ? 2 : 1;
	}
	const {config, connections, secrets} = start;

	const useAlt = args.altScreen && process.stdout.isTTY;
	let restored = false;
	const restore = (): void => {
		if (restored) return;
		restored = true;
		if (useAlt) process.stdout.write(ALT_SCREEN_OFF);
		process.stdout.write(SHOW_CURSOR);
	};
	if (useAlt) process.stdout.write(ALT_SCREEN_ON);
	let signalled: number | null = null;
	const onSignal = (signal: NodeJS.Signals): void => {
		signalled = signal === 'SIGTERM' ? 143 : signal === 'SIGHUP' ? 129 : 130;
		// After a hangup the terminal is gone: writing to it would only fail.
		if (signal !== 'SIGHUP') {
			instance.unmount();
			restore();
		}
		void connections.closeAll().finally(() => process.exit(signalled ?? 1));
	};
	const onCrash = (error: unknown): void => {
		const code = (error as {code?: string} | null)?.code;
		// The terminal went away under us (ssh dropped, tmux killed): nothing to restore, nobody to tell.
		if (code === 'EIO' || code === 'EPIPE') process.exit(129);
		try {
			instance.unmount();
		} catch {
			// Already gone.
		}
		restore();
		// A crash report never carries a key or token, whatever the error captured.
		process.stderr.write(`account-triage: unexpected error: ${redactText(error instanceof Error ? error.message : String(error), secrets)}\n`);
		process.exit(70);
	};
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);

	let history: readonly RunRecord[] = [];
	const instance = render(
		<Root
			initial={start.backend}
			profiles={config.profiles}
			connect={(profile) => connections.get(profile)}
			initialQuery={args.query ?? undefined}
			onQuit={(records) => (history = records)}
			secrets={secrets}
			output={terminalOutput((data) => process.stdout.write(data), env)}
			operator={start.operator}
			recentFor={(profile) => recentLookups(profile, env)}
		/>,
		{incrementalRendering: process.env['ACCOUNT_TRIAGE_FULL_REDRAW'] !== '1', maxFps: 30, exitOnCtrlC: false, patchConsole: true},
	);
	try {
		await instance.waitUntilExit();
	} finally {
		instance.cleanup();
		restore();
		await connections.closeAll();
	}
	if (signalled !== null) return signalled;
	// What was done stays in the terminal's scrollback after the alternate screen is gone.
	if (history.length > 0) {
		process.stdout.write(`account-triage: ${history.length} action${history.length === 1 ? '' : 's'} this run:\n`);
		for (const r of history) process.stdout.write(redactText(`  [${r.profile} · ${r.host}] ${r.line}\n`, secrets));
	}
	return 0;
}

