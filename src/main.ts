#!/usr/bin/env node
import {redactText} from './api/redact.js';

const fail = (error: unknown): never => {
	// Last resort: no stack trace, and nothing that looks like a credential.
	process.stderr.write(`account-triage: ${redactText(error instanceof Error ? error.message : String(error))}\n`);
	process.exit(70);
};

const argv = process.argv.slice(2);
if (argv[0] === '__complete-profiles') {
	// Run on every Tab after --profile: loads the config reader only, not the app (README "Shell completion").
	import('./command/profile-names.js').then(({profileNames}) => {
		process.stdout.write(profileNames(process.env).map((n) => `${n}\n`).join(''));
	}, fail);
} else {
	import('./cli.js').then(({main}) => main(argv)).then((code) => process.exit(code), fail);
}
