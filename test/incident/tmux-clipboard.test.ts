/**
 * The clipboard route asks the real tmux (issue 17, item 11): a private tmux server with its default
 * `allow-passthrough off` makes `c` say why nothing was sent, and turning it on while the app runs lets the next copy
 * through, wrapped for tmux. Skipped where tmux is not installed.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {readTmuxClipboard, terminalOutput} from '../../src/incident/output.js';

const hasTmux = spawnSync('tmux', ['-V'], {encoding: 'utf8'}).status === 0;

test('a real tmux: allow-passthrough off is detected and said; on, the copy goes through wrapped', {skip: hasTmux ? false : 'tmux is not installed'}, (t) => {
	const dir = mkdtempSync(join(tmpdir(), 'at-tmux-'));
	const socket = join(dir, 'sock');
	const tmux = (...args: string[]) => spawnSync('tmux', ['-S', socket, '-f', '/dev/null', ...args], {encoding: 'utf8', env: {...process.env, TMUX: ''}});
	assert.equal(tmux('new-session', '-d', '-s', 'clip', 'sleep 60').status, 0);
	t.after(() => {
		tmux('kill-server');
		rmSync(dir, {recursive: true, force: true});
	});
	const pid = tmux('display-message', '-p', '#{pid}').stdout.trim();
	// What tmux sets for a program inside it: the socket, the server's pid, the session.
	const env = {TMUX: `${socket},${pid},0`, TERM: 'tmux-256color'};
	tmux('set-option', '-g', 'allow-passthrough', 'off');
	tmux('set-option', '-g', 'set-clipboard', 'external');
	assert.deepEqual(readTmuxClipboard(env), {setClipboard: 'external', allowPassthrough: 'off'});

	const written: string[] = [];
	const out = terminalOutput((d) => written.push(d), env);
	const refused = out.copy('590070650664697967');
	assert.equal(refused.sent, false);
	assert.match(refused.sent ? '' : refused.why, /^tmux drops it \(allow-passthrough is off\): `tmux set -g allow-passthrough on`/);
	assert.deepEqual(written, [], 'nothing written for tmux to drop or draw');

	tmux('set-option', '-g', 'allow-passthrough', 'on');
	assert.deepEqual(out.copy('590070650664697967'), {sent: true, via: 'OSC 52 through tmux'});
	assert.equal(written.length, 1);
	assert.ok(String(written[0]).startsWith('\u001BPtmux;\u001B\u001B]52;c;'), JSON.stringify(written[0]));
});
