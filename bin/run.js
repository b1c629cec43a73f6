#!/usr/bin/env node
// oclif launcher: commands are listed explicitly in dist/commands/index.js, so start-up reads no directories.
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
