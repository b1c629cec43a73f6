#!/usr/bin/env -S node --
// oclif launcher: commands are listed explicitly in dist/commands/index.js, so start-up reads no directories.
// The `--` in the shebang ends node's own options: Node 20 otherwise takes a script argument `--env-file F` as its
// own flag (nodejs/node#54232), exiting when F is missing and loading F into process.env when it exists.
import { readFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';

// With DEBUG=* the `debug` library makes docker-modem print every Engine request and answer: config contents and
// X-Registry-Auth headers included. Its namespace stays off whatever DEBUG says (stack's own --debug output is
// unaffected); set before @oclif/core loads `debug`, which reads DEBUG once.
if (process.env.DEBUG) process.env.DEBUG += ',-modem';

/**
 * `stack --version` without loading oclif (which costs most of the start-up): the same line oclif prints
 * (`config.userAgent`), for the same argument (oclif checks only the first one). On a kernel that may be WSL, oclif
 * says `wsl` where os.platform() says `linux`; that case is left to oclif.
 */
function versionLine() {
  if (process.argv[2] !== '--version' || (platform() !== 'linux' && platform() !== 'darwin')) return undefined;
  if (platform() === 'linux' && (release().toLowerCase().includes('microsoft') || procVersion().includes('microsoft'))) return undefined;
  const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return `${pjson.name}/${pjson.version} ${platform()}-${arch() === 'ia32' ? 'x86' : arch()} node-${process.version}\n`;
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
  // The subpath, not the package index: the index also loads semver (47 modules) to check the Node version.
  const { execute } = await import('@oclif/core/execute');
  await execute({ dir: import.meta.url });
}
