#!/usr/bin/env node
import {main} from './cli.js';
import {redactText} from './api/redact.js';

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(error: unknown) => {
		// Last resort: no stack trace, and nothing that looks like a credential.
		process.stderr.write(`account-triage: ${redactText(error instanceof Error ? error.message : String(error))}\n`);
		process.exit(70);
	},
);
