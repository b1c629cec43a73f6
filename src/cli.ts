// Entry of the built CLI (bundled into lib/cli.js by scripts/bundle.mjs; bin/run.js imports it): runs oclif
// against the package root. The commands live in another entry (lib/commands.js, the oclif `commands` target);
// each command loads its workflow lazily, so a bundle chunk is read only by the commands that need it.
import { execute } from '@oclif/core/execute';
import { settings } from '@oclif/core/settings';

export async function main(dir: string): Promise<void> {
  // oclif would otherwise look for TypeScript sources of the commands whenever NODE_ENV is `development` or `test`
  // (loading the TypeScript compiler to read tsconfig.json, and warning when it finds none); stack always runs its
  // built bundle.
  settings.enableAutoTranspile = false;
  await execute({ dir });
}
