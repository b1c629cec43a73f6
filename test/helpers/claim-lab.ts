// Vitest setup file of the integration project: gives each test file a lab of its own.
//
// With STACK_LAB_IDS=0,1 (set by .ci/run) two labs are up and vitest runs two integration
// files at a time. Worker pool numbers do not map one-to-one to labs when projects share a
// pool, so a file claims a free lab through an atomic mkdir (lab-claims.ts), waits while both
// are busy, and releases it when the file ends. The claim holds the worker's pid (the integration
// project uses forked workers), so a claim left by a crashed worker is taken over. Without STACK_LAB_IDS nothing is claimed: tests use lab 0
// (or DOCKER_HOST) as before.
import { readFileSync } from 'node:fs';
import { afterAll } from 'vitest';
import { readLabEnv } from './lab.js';
import { claimLab, releaseLab } from './lab-claims.js';

/**
 * Whether the current test file brings up a lab of its own (test/helpers/extra-lab.ts) and needs no shared one:
 * such a file would otherwise hold a shared lab it never uses, and wait for one while others hold both. The file is
 * known through vitest's worker state (not a public API: when it is missing, the file claims a lab as before).
 */
function usesOwnLab(): boolean {
  const file = (globalThis as { __vitest_worker__?: { filepath?: string } }).__vitest_worker__?.filepath;
  if (!file) return false;
  try {
    return readFileSync(file, 'utf8').includes('useExtraLab(');
  } catch {
    return false;
  }
}

const ids = (process.env.STACK_LAB_IDS ?? '').split(',').filter((s) => /^[0-9]$/.test(s));
if (ids.length > 0 && !usesOwnLab()) {
  const id = await claimLab(ids);
  process.env.STACK_LAB_ID = id;
  // The lab's own DOCKER_HOST, registry and node lists replace whatever the parent exported.
  for (const [key, value] of Object.entries(readLabEnv(Number(id)))) process.env[key] = value;
  afterAll(() => releaseLab(id));
}
