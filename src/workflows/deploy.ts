import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { DeployListener } from '../apply/events.js';
import { StackError } from '../errors/stack-error.js';
import type { CiRun } from '../history/annotations.js';
import type { StackModel } from '../model/stack-model.js';
import { planHasChanges, type Plan } from '../plan/plan.js';
import type { ApiCall } from '../swarm/engine-api.js';
import { readSnapshot } from '../swarm/snapshot.js';
import { executePlan, finishRevision, releaseLock, takeLock, unfinishedRevision, type ExecutionReport, type LockTimes } from './execute-plan.js';
import { planStack, type PlanStackOptions, type PlannedStack } from './plan-stack.js';

/** How a deploy runs once planned: flags of `stack deploy` beyond planning. */
export interface ExecutionFlags {
  /** Execute a plan with placement or address-space problems anyway. */
  force: boolean;
  /** Do not wait for convergence. */
  detach: boolean;
  /** How long to wait for convergence (whole run). */
  timeoutMs: number;
  /** How long to wait for another run's lock. */
  lockTimeoutMs: number;
  /** Revisions kept per stack. */
  historyMax: number;
  /** On failure, put every service this run changed back to its previous spec. */
  rollbackOnFailure: boolean;
  /** Aborted on the first Ctrl-C: no new operation starts. */
  signal?: AbortSignal;
  /** The command line, for the lock holder and the revision record. */
  command: string;
  toolVersion: string;
  /** `--message`: recorded in the revision. */
  message?: string;
  /** The CI run making this deploy (read from the environment by the command). */
  ci?: CiRun;
  pollMs?: number;
}

/** `stack deploy`: the planning options, the execution flags, and where the plan and the progress events go. */
export interface DeployOptions extends PlanStackOptions, ExecutionFlags {
  /** Called with the plan before anything is written (the command prints it); again if it was made anew after waiting for the lock. */
  onPlan?: (plan: Plan, again: boolean) => void;
  onEvent?: DeployListener;
}

/** Engine API calls a run made, by method (a deploy without changes makes no POST or DELETE). */
export interface CallCounts {
  total: number;
  get: number;
  post: number;
  delete: number;
}

/** The plan that was executed and what came of it. */
export interface DeployResult {
  stack: string;
  endpoint: string;
  plan: Plan;
  /** Absent when the plan had no changes (nothing was written, no revision recorded). */
  execution?: ExecutionReport;
  /** When the run held the stack's lock; absent when it never took it (no changes in the first plan). */
  lock?: LockTimes;
  outcome: ExecutionReport['outcome'];
  apiCalls: CallCounts;
}

/**
 * `stack deploy`: plan (src/workflows/plan-stack.ts, the same step `stack diff` runs) and hand the plan to the
 * caller; refuse plans with problems unless forced; return at once when nothing changes (no lock, no revision);
 * otherwise take the stack's lock (planning again if another run held it or changed the stack meanwhile), then execute and wait
 * (src/workflows/execute-plan.ts) and release the lock whatever happens.
 */
export async function deployWorkflow(options: DeployOptions): Promise<DeployResult> {
  let planned = await planStack(options);
  options.onPlan?.(planned.plan, false);
  checkProblems(planned.plan, options.force);
  if (!planHasChanges(planned.plan)) return finishUnfinished(options, planned);
  checkInterrupted(options.signal);

  const taken = await lockStack(options, planned);
  let execution: ExecutionReport | undefined;
  try {
    if (taken.stale) {
      // Another run changed the stack since the plan (we waited for it, or it finished just before): plan against what it left.
      const calls = planned.api.calls;
      planned = await planStack(options);
      planned.api.calls.unshift(...calls);
      options.onPlan?.(planned.plan, true);
      checkProblems(planned.plan, options.force);
    }
    if (planHasChanges(planned.plan)) {
      execution = await executePlan({
        api: planned.api,
        plan: planned.plan,
        snapshot: planned.snapshot,
        registryAuth: planned.registryAuth,
        dependsOn: dependsOnOf(planned.model),
        detach: options.detach,
        timeoutMs: options.timeoutMs,
        rollbackOnFailure: options.rollbackOnFailure,
        historyMax: options.historyMax,
        signal: options.signal,
        onEvent: options.onEvent,
        record: { command: options.command, toolVersion: options.toolVersion, sources: await sourceHashes(options), message: options.message, ci: options.ci },
        pollMs: options.pollMs,
      });
    }
  } catch (error) {
    await taken.lock.release().catch(() => undefined);
    throw error;
  }
  return result(options, planned, execution, await releaseLock(taken, taken.stale));
}

/**
 * Nothing to write. When the newest revision was left in progress by a run that ended early (it lost its only
 * manager, or was killed), what it wrote may still be rolling out: wait for that, as the earlier run would have,
 * and record the outcome on its revision. Otherwise return at once, without the lock.
 */
async function finishUnfinished(options: DeployOptions, planned: PlannedStack): Promise<DeployResult> {
  if (!(await unfinishedRevision(planned.api, options.stackName))) return result(options, planned, undefined);
  checkInterrupted(options.signal);
  const taken = await lockStack(options, planned);
  try {
    // The run that held the lock may have finished it meanwhile.
    const stored = await unfinishedRevision(planned.api, options.stackName);
    if (!stored) return result(options, planned, undefined, await releaseLock(taken, false));
    options.onNotice?.(`revision ${stored.revision} was left in progress by an earlier run; waiting for its rollout to finish`);
    const snapshot = await readSnapshot(planned.api, options.stackName, { tasks: false });
    const execution = await finishRevision({
      api: planned.api,
      stored,
      snapshot,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      onEvent: options.onEvent,
      pollMs: options.pollMs,
    });
    return result(options, planned, execution, await releaseLock(taken, false));
  } catch (error) {
    await taken.lock.release().catch(() => undefined);
    throw error;
  }
}

/** Takes the stack's deploy lock for this run (waiting up to --lock-timeout; Ctrl-C stops the wait). */
function lockStack(options: DeployOptions, planned: PlannedStack): ReturnType<typeof takeLock> {
  return takeLock(planned.api, planned.snapshot, {
    timeoutMs: options.lockTimeoutMs,
    command: options.command,
    signal: options.signal,
    onEvent: options.onEvent,
  });
}

function result(options: DeployOptions, planned: PlannedStack, execution: ExecutionReport | undefined, lock?: LockTimes): DeployResult {
  return {
    stack: options.stackName,
    endpoint: planned.api.endpoint?.label ?? planned.connection.endpoint.label,
    plan: planned.plan,
    ...(execution ? { execution } : {}),
    ...(lock ? { lock } : {}),
    outcome: execution?.outcome ?? 'unchanged',
    apiCalls: countCalls(planned.api.calls),
  };
}

/** Counts Engine API calls by method. */
export function countCalls(calls: readonly ApiCall[]): CallCounts {
  return {
    total: calls.length,
    get: calls.filter((c) => c.method === 'GET').length,
    post: calls.filter((c) => c.method === 'POST').length,
    delete: calls.filter((c) => c.method === 'DELETE').length,
  };
}

function checkInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StackError('INTERRUPTED', 'interrupted before anything was written', { exitCode: 130 });
}

/** Placement and address-space problems stop a deploy before anything is written, unless forced. */
function checkProblems(plan: Plan, force: boolean): void {
  if (force || plan.problems.length === 0 || !planHasChanges(plan)) return;
  throw new StackError('PLAN_PROBLEMS', `the plan has ${plan.problems.length} problem(s) swarm would not report:\n${plan.problems.map((p) => `  ${p.message}`).join('\n')}`, {
    hint: 'nothing was written; fix the file, or deploy anyway with --force',
  });
}

/** Compose key → the services it depends on. */
export function dependsOnOf(model: StackModel): Map<string, string[]> {
  return new Map(Object.entries(model.services).map(([key, service]) => [key, Object.keys(service.depends_on ?? {})]));
}

/** SHA-256 of every Compose file read (standard input is recorded as `-` without a hash). */
async function sourceHashes(options: DeployOptions): Promise<{ path: string; sha256: string }[]> {
  const paths = options.load.files.flatMap((f) => f.split(',')).filter((f) => f !== '');
  return Promise.all(
    paths.map(async (path) => {
      if (path === '-') return { path, sha256: '' };
      const data = await readFile(isAbsolute(path) ? path : join(options.load.cwd, path)).catch(() => Buffer.alloc(0));
      return { path, sha256: createHash('sha256').update(data).digest('hex') };
    }),
  );
}
