#!/usr/bin/env -S node --
// oclif launcher: commands are listed explicitly in dist/commands/index.js, so start-up reads no directories.
// The `--` in the shebang ends node's own options: Node 20 otherwise takes a script argument `--env-file F` as its
// own flag (nodejs/node#54232), exiting when F is missing and loading F into process.env when it exists.
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
