/**
 * A self-signed certificate for `localhost` and 127.0.0.1 (openssl), removed after the test; null when openssl is
 * not installed (the caller skips).
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {TestContext} from 'node:test';

export interface TestCert {
	readonly key: Buffer;
	readonly cert: Buffer;
	/** The certificate's file, for NODE_EXTRA_CA_CERTS. */
	readonly certPath: string;
}

export function makeCert(t: TestContext): TestCert | null {
	const dir = mkdtempSync(join(tmpdir(), 'account-triage-tls-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	try {
		execFileSync(
			'openssl',
			['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-days', '1'],
			{stdio: 'ignore'},
		);
	} catch {
		return null;
	}
	return {key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')), certPath: join(dir, 'cert.pem')};
}
