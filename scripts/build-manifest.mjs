// Build step: writes oclif.manifest.json (what `oclif manifest` writes) from the compiled commands, so `stack --help`
// and `stack help CMD` read command metadata from one JSON file instead of importing every command module.
// Runs after tsc. oclif refuses a manifest whose version differs from package.json, so it cannot go stale across
// releases; within one version, `npm run build` rewrites it with the commands.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core';

const root = fileURLToPath(new URL('..', import.meta.url));
const plugin = new Plugin({ root, type: 'core', isRoot: true, ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true });
await plugin.load();
writeFileSync(new URL('../oclif.manifest.json', import.meta.url), `${JSON.stringify(plugin.manifest, null, 2)}\n`);
