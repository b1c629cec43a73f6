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
const { setFlagsFromString } = require('node:v8');

// V8's optimising compiler (TurboFan) costs more than it saves in runs as short as a command's: its compile jobs
// took about a third of the CPU time of `stack config` of 200 services (docs/performance.md). The baseline tiers
// (and Maglev where a Node version enables it) stay. Set here, before any of stack's code runs; a V8 flag given on
// node's command line instead would stop node with an error on a version that lacks it, this only prints a line.
setFlagsFromString('--max-opt=2');

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

const version = versionLine();
if (version) process.stdout.write(version);
else {
  // lib/ is the bundle `npm run build` writes (scripts/bundle.mjs): CommonJS chunks, compiled with V8's code cache.
  require('./compile-cache.js').installCompileCache(join(__dirname, '..', 'lib', '/'));
  // oclif finds stack's package.json from the folder given (this folder's own package.json has no name); it handles a
  // command's errors itself, and a rejection left over is reported by Node (exit code 1).
  require('../lib/cli.js').main(join(__dirname, '..'));
}
