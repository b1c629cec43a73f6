// Vitest setup file of the integration project: gives each test file a lab of its own.
//
// With STACK_LAB_IDS=0,1 (set by .ci/run) two labs are up and vitest runs two integration
// files at a time. Worker pool numbers do not map one-to-one to labs when projects share a
// pool, so a file claims a free lab through an atomic mkdir, waits while both are busy, and
// releases it when the file ends. The claim holds the worker's pid (the integration
// project uses forked workers), so a claim left by a crashed worker is taken over. Without STACK_LAB_IDS nothing is claimed: tests use lab 0
// (or DOCKER_HOST) as before.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll } from 'vitest';
import { readLabEnv } from './lab.js';

const CLAIMS_DIR = '/tmp/stack-lab-claims';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tryClaim(id: string): boolean {
  const dir = `${CLAIMS_DIR}/${id}`;
  try {
    mkdirSync(dir);
  } catch {
    const owner = Number(readFileSafe(`${dir}/pid`));
    // Our own pid: an earlier file in this worker (one file at a time per forked worker)
    // never released it, so it is ours to take.
    if (owner === process.pid) return true;
    // A claim without a pid file is being written right now; one whose owner died is stale.
    if (!Number.isInteger(owner) || owner <= 0 || alive(owner)) return false;
    rmSync(dir, { recursive: true, force: true });
    return false;
  }
  writeFileSync(`${dir}/pid`, String(process.pid));
  return true;
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

async function claimLab(ids: string[]): Promise<string> {
  mkdirSync(CLAIMS_DIR, { recursive: true });
  for (;;) {
    for (const id of ids) if (tryClaim(id)) return id;
    await sleep(250);
  }
}

const ids = (process.env.STACK_LAB_IDS ?? '').split(',').filter((s) => /^[0-9]$/.test(s));
if (ids.length > 0) {
  const id = await claimLab(ids);
  process.env.STACK_LAB_ID = id;
  // The lab's own DOCKER_HOST, registry and node lists replace whatever the parent exported.
  for (const [key, value] of Object.entries(readLabEnv(Number(id)))) process.env[key] = value;
  const release = (): void => rmSync(`${CLAIMS_DIR}/${id}`, { recursive: true, force: true });
  afterAll(release);
}
