#!/usr/bin/env -S node --
// oclif launcher: commands are listed explicitly in dist/commands/index.js, so start-up reads no directories.
// The `--` in the shebang ends node's own options: Node 20 otherwise takes a script argument `--env-file F` as its
// own flag (nodejs/node#54232), exiting when F is missing and loading F into process.env when it exists.

// With DEBUG=* the `debug` library makes docker-modem print every Engine request and answer: config contents and
// X-Registry-Auth headers included. Its namespace stays off whatever DEBUG says (stack's own --debug output is
// unaffected); set before @oclif/core loads `debug`, which reads DEBUG once.
if (process.env.DEBUG) process.env.DEBUG += ',-modem';
const { execute } = await import('@oclif/core');

await execute({ dir: import.meta.url });
