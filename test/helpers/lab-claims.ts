// Claims on a lab, shared by the integration setup file (claim-lab.ts: the shared labs 0 and 1) and by files that
// bring up an extra lab of their own (extra-lab.ts): an atomic mkdir of /tmp/stack-lab-claims/<id> holding the
// claiming process's pid, so two test files never use one lab at once. A claim whose owner died is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const CLAIMS_DIR = '/tmp/stack-lab-claims';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Claims lab `id` for this process if it is free (or already ours); false while another live process holds it. */
export function tryClaimLab(id: string): boolean {
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

/** Claims the first free lab of `ids`, waiting while all are busy. */
export async function claimLab(ids: string[]): Promise<string> {
  mkdirSync(CLAIMS_DIR, { recursive: true });
  for (;;) {
    for (const id of ids) if (tryClaimLab(id)) return id;
    await sleep(250);
  }
}

/** Gives up this process's claim on lab `id` (a claim another process holds meanwhile is left alone). */
export function releaseLab(id: string): void {
  const dir = `${CLAIMS_DIR}/${id}`;
  if (Number(readFileSafe(`${dir}/pid`)) === process.pid) rmSync(dir, { recursive: true, force: true });
}
