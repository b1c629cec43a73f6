#!/bin/sh
":" //; exec node -- "$0" "$@"
// The two lines above make this file a shell script and a CommonJS module at once (bin/package.json; an ES module as
// main makes Node load its ES module loader: about 10 ms of CPU of every command). Run as a program, /bin/sh (any
// sh: dash, bash, BusyBox) starts `node -- <this file> <arguments>`: the `--` ends Node's own options, so no user
// argument is ever taken by Node (Node 20 reads `--env-file F` anywhere on its command line, even after the script,
// and exits when F is missing: nodejs/node#54232; `#!/usr/bin/env -S node --` needs an `env` with -S, which
// BusyBox's lacks). Run by node (`node bin/run.js`), the first line is a hashbang and the second a string
// expression followed by a comment.
'use strict';
const { readFileSync } = require('node:fs');
const { arch, platform, release } = require('node:os');
const { join } = require('node:path');

/** First arguments of the commands that never talk to the Engine. */
const OFFLINE_COMMANDS = new Set(['config', 'completion', 'help', '--help', '-h', undefined]);

/**
 * Turns off V8's optimising compiler (TurboFan): it costs more than it saves in runs as short as a command's (its
 * compile jobs took about a third of the CPU time of `stack config` of 200 services: docs/performance.md). The
 * baseline tiers (and Maglev where a Node version enables it) stay. Set before any of stack's code runs; a V8 flag
 * on node's command line instead would stop node with an error on a version that lacks it, this only prints a line.
 *
 * Changing a flag also changes the hash V8 checks before it accepts a code cache, so a built-in module first loaded
 * after it is compiled from its source instead of from the cache Node ships (about twice the time: 15 built-ins took
 * 17 ms before and 31-39 ms after). The built-ins every command needs (oclif's start-up, the terminal, the code cache
 * of bin/compile-cache.js) are loaded before, and the Engine client's for commands that talk to the Engine.
 */
function tuneV8() {
  for (const id of ['node:vm', 'node:tty', 'node:fs/promises']) require(id);
  if (!OFFLINE_COMMANDS.has(process.argv[2])) for (const id of ['node:https', 'node:http', 'node:zlib']) require(id);
  require('node:v8').setFlagsFromString('--max-opt=2');
}

// With DEBUG=* the `debug` library makes docker-modem print every Engine request and answer: config contents and
// X-Registry-Auth headers included. Its namespace stays off whatever DEBUG says (stack's own --debug output is
// unaffected); set before @oclif/core loads `debug`, which reads DEBUG once.
if (process.env.DEBUG) process.env.DEBUG += ',-modem';

/**
 * `stack --version` without loading oclif: the line oclif prints (`config.userAgent`: command, version, platform,
 * architecture, Node), for the same argument (oclif checks only the first one).
 */
function versionLine() {
  if (process.argv[2] !== '--version') return undefined;
  const pjson = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
  const wsl = platform() === 'linux' && (release().toLowerCase().includes('microsoft') || procVersion().includes('microsoft'));
  return `${pjson.name}/${pjson.version} ${wsl ? 'wsl' : platform()}-${arch() === 'ia32' ? 'x86' : arch()} node-${process.version}\n`;
}

function procVersion() {
  try {
    return readFileSync('/proc/version', 'utf8').toLowerCase();
  } catch {
    return '';
  }
}

/**
 * Ends the process once a command has finished and its output is written, with the exit code it set. Left to itself,
 * Node would first run V8's pending tasks, and one of them finishes the garbage collector's incremental marking with
 * a full collection of a heap about to be dropped: 15-20 ms of `stack config` of 200 services. Writes to a pipe can
 * still be queued (a reader slower than stack, output larger than the pipe's buffer): those are waited for.
 */
function exitWhenWritten() {
  let waiting = 2;
  const written = () => {
    if (--waiting === 0) process.exit();
  };
  for (const stream of [process.stdout, process.stderr]) {
    // An empty write's callback runs once everything written before it is out (or the reader went away: EPIPE).
    if (stream.writableLength === 0) written();
    else stream.write('', written);
  }
}

const version = versionLine();
if (version) process.stdout.write(version);
else {
  tuneV8();
  // lib/ is the bundle `npm run build` writes (scripts/bundle.mjs): CommonJS chunks, compiled with V8's code cache.
  require('./compile-cache.js').installCompileCache(join(__dirname, '..', 'lib', '/'));
  // oclif finds stack's package.json from the folder given (this folder's own package.json has no name); it handles a
  // command's errors itself (and exits), and a rejection left over is reported by Node (exit code 1).
  require('../lib/cli.js').main(join(__dirname, '..')).then(exitWhenWritten);
}
