import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { DeployListener } from '../apply/events.js';
import { StackError } from '../errors/stack-error.js';
import type { CiRun } from '../history/annotations.js';
import { planHasChanges, type Plan } from '../plan/plan.js';
import { checkPlanProblems } from './problems-gate.js';
import { checkNotStale, checkPlanFits, decodeSavedPlan, liveVersions, restoreSecrets, type SavedPlanFile, type SecretSource } from '../plan/saved-plan.js';
import { clusterId } from '../swarm/cluster.js';
import type { EngineApi } from '../swarm/engine-api.js';
import { registryAuthFor } from '../swarm/registry-auth.js';
import { readSnapshot, type LiveSnapshot } from '../swarm/snapshot.js';
import type { ExecutionFlags } from './deploy.js';
import type { DeployResult, ExecutionReport } from '../apply/execution-report.js';
import type { LockTimes } from '../swarm/deploy-lock.js';
import { countCalls } from '../swarm/engine-api.js';
import { runFlags, runLocked, throwIfInterrupted } from './run-locked.js';
import { openManager, type ManagerOptions } from './manager.js';

/** `stack deploy NAME --plan FILE`: the file, where relative secret paths start, and how to execute. */
export interface ApplySavedPlanOptions extends ManagerOptions, ExecutionFlags {
  stackName: string;
  /** The saved plan file (relative to cwd). */
  planPath: string;
  cwd: string;
  message?: string;
  ci?: CiRun;
  /** `--with-registry-auth` at apply time (also on when the plan was made with it). */
  withRegistryAuth?: boolean;
  /** Called with the plan before anything is written (the command prints it). */
  onPlan?: (plan: Plan, again: boolean) => void;
  onEvent?: DeployListener;
}

/**
 * Executes a saved plan exactly, without reading Compose files. Refuses, before anything is written, a plan for
 * another stack, made by another version of stack, made against another cluster, whose secret values differ now,
 * or that is stale: any object it touches or depends on changed since it was made (checked once before taking the
 * stack's lock and again under it when another run held the lock meanwhile). Otherwise executes like deploy
 * (lock, revision, waves, waiting, --rollback-on-failure) and records the Compose files' hashes saved in the plan.
 */
export async function applySavedPlanWorkflow(options: ApplySavedPlanOptions): Promise<DeployResult> {
  const where = options.planPath;
  let text: string;
  try {
    text = await readFile(isAbsolute(where) ? where : join(options.cwd, where), 'utf8');
  } catch (error) {
    throw new StackError('PLAN_FILE_UNREADABLE', `cannot read the plan ${where}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      hint: 'write one with `stack diff -c FILE NAME --out plan.json`',
    });
  }
  const file = decodeSavedPlan(text, where);
  checkPlanFits(file, where, { stack: options.stackName, toolVersion: options.toolVersion });
  const plan = restoreSecrets(file, where, (source) => readSource(source, options), options.env.STACK_PLAN_KEY);

  const { api, connection } = await openManager(options);
  checkPlanFits(file, where, { stack: options.stackName, toolVersion: options.toolVersion, clusterId: await clusterId(api) });
  const snapshot = await currentSnapshot(api, file, plan, where);
  options.onPlan?.(plan, false);
  checkPlanProblems(plan, { force: options.force, from: 'saved-plan' });

  const result = (execution?: ExecutionReport, lock?: LockTimes): DeployResult => ({
    stack: options.stackName,
    endpoint: api.endpoint?.label ?? connection.endpoint.label,
    plan,
    ...(execution ? { execution } : {}),
    ...(lock ? { lock } : {}),
    outcome: execution?.outcome ?? 'unchanged',
    apiCalls: countCalls(api.calls),
  });
  if (!planHasChanges(plan)) return result();
  throwIfInterrupted(options.signal);

  const registryAuth = file.withRegistryAuth || options.withRegistryAuth ? (image: string) => registryAuthFor(image, options.env) : undefined;
  const dependsOn = new Map(Object.entries(file.dependsOn));
  const done = await runLocked({
    planned: { api, plan, snapshot, registryAuth, dependsOn },
    lock: { timeoutMs: options.lockTimeoutMs, command: options.command, onLock: options.onLock, onNotice: options.onNotice },
    work: {
      // Another run held the lock or wrote meanwhile: the versions are checked again under the lock (the plan stays as saved).
      replan: async () => ({ api, plan, snapshot: await currentSnapshot(api, file, plan, where), registryAuth, dependsOn }),
      replanOnRace: false,
      record: async () => ({ command: options.command, toolVersion: options.toolVersion, sources: file.sources, message: options.message, ci: options.ci }),
      rollbackOnFailure: options.rollbackOnFailure,
      historyMax: options.historyMax,
    },
    ...runFlags(options),
  });
  return result(done.execution, done.lock);
}

/** A fresh snapshot, after checking that nothing the plan touches or depends on moved since it was made. */
async function currentSnapshot(api: EngineApi, file: SavedPlanFile, plan: Plan, where: string): Promise<LiveSnapshot> {
  const configNames = file.live.filter((o) => o.type === 'config').map((o) => o.name);
  const snapshot = await readSnapshot(api, file.stack, { tasks: false, configNames });
  checkNotStale(file, where, liveVersions(plan, snapshot));
  return snapshot;
}

function readSource(source: SecretSource, options: ApplySavedPlanOptions): Uint8Array | undefined {
  if ('environment' in source) {
    const value = options.env[source.environment];
    return value === undefined ? undefined : Buffer.from(value, 'utf8');
  }
  try {
    return readFileSync(isAbsolute(source.file) ? source.file : join(options.cwd, source.file));
  } catch {
    return undefined;
  }
}
