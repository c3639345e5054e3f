import {test} from 'node:test';
import assert from 'node:assert/strict';
import {lookupCommand} from '../../src/command/spec.js';
import {parseScriptArgs, wantsJson} from '../../src/script/args.js';

const scriptCommandOf = (argv: string[]): string | null => {
	const found = lookupCommand(argv);
	return found.kind === 'command' ? found.command.name : null;
};

test('which argv is a subcommand: global options may come first; after -- it is a lookup', () => {
	assert.equal(scriptCommandOf(['show', 'jane']), 'show');
	assert.equal(scriptCommandOf(['--profile', 'prod', 'sessions', 'revoke-all', 'jane']), 'sessions');
	assert.equal(scriptCommandOf(['--demo', 'okta', 'user', 'unlock', 'zoe']), 'user');
	assert.equal(scriptCommandOf(['--demo', 'show', 'jane']), 'show');
	assert.equal(scriptCommandOf(['--read-only', '--url=https://x.test', 'mfa', 'delete', 'jane']), 'mfa');
	assert.equal(scriptCommandOf(['--profile', 'show']), null, '"show" is the profile name here');
	assert.equal(scriptCommandOf(['jane']), null);
	assert.equal(scriptCommandOf(['--', 'show']), null);
	assert.equal(scriptCommandOf([]), null);
});

test('subcommand words and flags; the app flags go through the app parser', () => {
	const a = parseScriptArgs(['--profile', 'prod', 'passkeys', 'rename', 'jane@x.test', '42', 'Work', 'laptop', '--yes', '--read-only']);
	assert.deepEqual(a.command, {kind: 'action', words: 'passkeys rename', ops: ['passkeys.rename'], user: 'jane@x.test', targetId: '42', options: {name: 'Work laptop'}});
	assert.equal(a.yes, true);
	assert.equal(a.global.profile, 'prod');
	assert.equal(a.global.readOnly, true);
	const b = parseScriptArgs(['sessions', 'revoke-all', 'zoe', '--oauth-tokens', '--json', '--demo', 'okta']);
	assert.deepEqual(b.command, {kind: 'action', words: 'sessions revoke-all', ops: ['sessions.revokeAll'], user: 'zoe', targetId: null, options: {oauthTokens: true, forgetDevices: false}});
	assert.equal(b.json, true);
	assert.equal(b.global.demoProvider, 'okta');
	assert.deepEqual(parseScriptArgs(['user', 'reset-password', 'zoe']).command, {kind: 'action', words: 'user', ops: ['lifecycle'], user: 'zoe', targetId: null, options: {action: 'reset_password'}});
	assert.deepEqual(parseScriptArgs(['show', 'Jane', 'Okafor']).command, {kind: 'show', query: 'Jane Okafor'});
	assert.deepEqual(parseScriptArgs(['mfa', 'delete', 'zoe']).command, {kind: 'action', words: 'mfa delete', ops: ['mfa.factors.delete', 'mfa.totp.delete'], user: 'zoe', targetId: null, options: {}});
	assert.deepEqual(parseScriptArgs(['mfa', 'delete', 'zoe', 'f1']).command, {kind: 'action', words: 'mfa delete', ops: ['mfa.factors.delete', 'mfa.totp.delete'], user: 'zoe', targetId: 'f1', options: {}});
	assert.throws(() => parseScriptArgs(['sessions', 'revoke', 'zoe']), /usage: account-triage sessions revoke <user> <session-id>/);
	assert.throws(() => parseScriptArgs(['mfa', 'delete', 'zoe', 'f1', 'extra']), /too many arguments: extra/);
	assert.throws(() => parseScriptArgs(['grants', 'revoke', 'zoe', 'g1', '--forget-devices']), /--forget-devices goes with: sessions revoke-all <user>/);
	assert.throws(() => parseScriptArgs(['show', 'jane', '--token=abc']), /never taken on the command line/);
	assert.throws(() => parseScriptArgs(['passkeys', 'rename', 'jane', '1', 'bad\u001Bname']), /control characters/);
	assert.equal(wantsJson(['show', 'x', '--json']), true);
	assert.equal(wantsJson(['show', '--', '--json']), false);
});
