import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { encodeSavedPlan, type SavedPlanFile, type SecretSource } from '../plan/saved-plan.js';
import { StackError } from '../errors/stack-error.js';
import { clusterId } from '../swarm/cluster.js';
import { dependsOnOf } from './deploy.js';
import type { DiffResult } from './diff.js';
import { planStack, type PlanStackOptions } from './plan-stack.js';

/** `stack diff ... --out FILE`: the plan (as diff computes it) written as a saved plan. */
export interface SavePlanOptions extends PlanStackOptions {
  /** Where to write the file (relative to load.cwd). */
  out: string;
  toolVersion: string;
}

/** The diff result and the file written. */
export interface SavePlanResult extends DiffResult {
  savedTo: string;
  saved: SavedPlanFile;
}

/**
 * Plans exactly as `stack diff` does, then writes the saved plan (src/plan/saved-plan.ts): desired specs, the live
 * versions, the cluster ID, the Compose files' hashes, and for each secret where its value comes from and an HMAC
 * of it (never the value). Writes nothing to the cluster. The file is written with mode 0600.
 */
export async function savePlanWorkflow(options: SavePlanOptions): Promise<SavePlanResult> {
  const planned = await planStack(options);
  const cwd = options.load.cwd;
  const secretValues = new Map<string, { source: SecretSource; data: Uint8Array }>();
  for (const [key, declaration] of Object.entries(planned.model.secrets)) {
    if (declaration.external || declaration.driver) continue;
    if (declaration.environment !== undefined) {
      const value = options.env[declaration.environment];
      if (value !== undefined) secretValues.set(key, { source: { environment: declaration.environment }, data: Buffer.from(value, 'utf8') });
    } else if (declaration.file !== undefined) {
      const data = await readFile(declaration.file);
      secretValues.set(key, { source: { file: portablePath(declaration.file, cwd) }, data });
    }
  }
  const saved = encodeSavedPlan({
    plan: planned.plan,
    snapshot: planned.snapshot,
    toolVersion: options.toolVersion,
    clusterId: await clusterId(planned.api),
    apiVersion: planned.connection.apiVersion,
    sources: await sourceHashes(options.load.files, cwd),
    withRegistryAuth: options.withRegistryAuth,
    dependsOn: dependsOnOf(planned.model),
    secretValues,
    planKey: options.env.STACK_PLAN_KEY,
  });
  const target = isAbsolute(options.out) ? options.out : join(cwd, options.out);
  try {
    await writeFile(target, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
  } catch (error) {
    throw new StackError('PLAN_WRITE_FAILED', `cannot write the plan to ${options.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      hint: 'check that the directory exists and is writable',
    });
  }
  return {
    stack: planned.stackName,
    endpoint: planned.connection.endpoint.label,
    plan: planned.plan,
    apiCalls: planned.api.callCount(),
    savedTo: options.out,
    saved,
  };
}

/** Relative to the working directory when inside it (a CI checkout moves), absolute otherwise. */
function portablePath(path: string, cwd: string): string {
  const rel = relative(resolve(cwd), path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel) ? rel : path;
}

/** SHA-256 of every Compose file read (standard input is recorded as `-` without a hash). */
async function sourceHashes(files: readonly string[], cwd: string): Promise<{ path: string; sha256: string }[]> {
  const paths = files.flatMap((f) => f.split(',')).filter((f) => f !== '');
  return Promise.all(
    paths.map(async (path) => {
      if (path === '-') return { path, sha256: '' };
      const data = await readFile(isAbsolute(path) ? path : join(cwd, path)).catch(() => Buffer.alloc(0));
      return { path, sha256: createHash('sha256').update(data).digest('hex') };
    }),
  );
}
