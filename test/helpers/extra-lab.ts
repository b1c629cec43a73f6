// An extra lab (scripts/lab.sh with STACK_LAB_ID=N) for integration files that need a swarm the shared labs 0 and 1
// do not offer, such as three managers. The file claims the lab (lab-claims.ts: no two files use it at once, even
// when vitest runs two files side by side), brings it up in the wanted shape unless it is already up so, and points
// DOCKER_HOST and the STACK_LAB_* variables at it for the whole file (child processes such as the CLI inherit them).
// afterAll restores the variables, takes the lab down only if this file brought it up, and releases the claim.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { REPO_ROOT } from './cli.js';
import { claimLab, releaseLab } from './lab-claims.js';
import { readLabEnv } from './lab.js';

/** The shape of an extra lab: nodes in all, and how many of them (node1..nodeM) are managers. */
export interface ExtraLabShape {
  nodes: number;
  managers: number;
}

const LAB_SH = join(REPO_ROOT, 'scripts', 'lab.sh');

function labSh(id: number, args: string[]): { ok: boolean; output: string } {
  try {
    const output = execFileSync('bash', [LAB_SH, ...args], {
      env: { ...process.env, STACK_LAB_ID: String(id) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 170_000,
    });
    return { ok: true, output };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? e.message}` };
  }
}

/** Whether lab `id` is up, healthy, and of the wanted shape. */
export function extraLabIsUp(id: number, shape: ExtraLabShape): boolean {
  const env = readLabEnv(id);
  if (Number(env.STACK_LAB_NODES) !== shape.nodes || Number(env.STACK_LAB_MANAGER_COUNT) !== shape.managers) return false;
  return labSh(id, ['status']).ok;
}

/**
 * Uses extra lab `id` for the calling test file (call at the top level of the file). Returns the lab's env, filled
 * in once beforeAll ran.
 */
export function useExtraLab(id: number, shape: ExtraLabShape): Record<string, string> {
  if (id === 0 || !Number.isInteger(id) || id > 9) throw new Error(`extra labs have ids 1..9, not ${id}`);
  const labEnv: Record<string, string> = {};
  const saved: Record<string, string | undefined> = {};
  let broughtUp = false;
  let claimed = false;

  beforeAll(async () => {
    // claim-lab.ts gives such a file no shared lab; if it did anyway (see usesOwnLab there), hand it back now.
    const shared = process.env.STACK_LAB_ID;
    if (shared !== undefined && shared !== String(id)) releaseLab(shared);
    await claimLab([String(id)]);
    claimed = true;
    if (!extraLabIsUp(id, shape)) {
      const up = labSh(id, ['up', String(shape.nodes), String(shape.managers)]);
      if (!up.ok) throw new Error(`lab ${id} did not come up:\n${up.output}`);
      broughtUp = true;
    }
    Object.assign(labEnv, readLabEnv(id));
    for (const [key, value] of Object.entries({ ...labEnv, STACK_LAB_ID: String(id) })) {
      if (!(key in saved)) saved[key] = process.env[key];
      process.env[key] = value;
    }
  }, 180_000);

  afterAll(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    try {
      if (broughtUp) {
        const down = labSh(id, ['down']);
        if (!down.ok) throw new Error(`lab ${id} did not go down:\n${down.output}`);
      }
    } finally {
      if (claimed) releaseLab(String(id));
    }
  }, 180_000);

  return labEnv;
}
