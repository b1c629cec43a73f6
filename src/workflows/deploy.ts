import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { DeployListener } from '../apply/events.js';
import type { CiRun } from '../history/annotations.js';
import type { StackModel } from '../model/stack-model.js';
import { planHasChanges, type Plan } from '../plan/plan.js';
import { checkPlanProblems } from './problems-gate.js';
import type { DeployResult, ExecutionReport } from '../apply/execution-report.js';
import type { LockTimes } from '../swarm/deploy-lock.js';
import { countCalls } from '../swarm/engine-api.js';
import { runFlags, runLocked, throwIfInterrupted, type ReadyPlan } from './run-locked.js';
import { planStack, type PlanStackOptions, type PlannedStack } from './plan-stack.js';

/** How a deploy runs once planned: flags of `stack deploy` beyond planning. */
export interface ExecutionFlags {
  /** Execute a plan with problems anyway (placement, address space, names taken outside the stack, missing images). */
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
  /** Aborted on the first SIGINT, SIGTERM or SIGHUP: no new operation starts. */
  signal?: AbortSignal;
  /** Told how to release the stack's lock while the run holds it (undefined once released): a second signal uses it. */
  onLock?: (release: (() => Promise<void>) | undefined) => void;
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

/**
 * `stack deploy`: plan (src/workflows/plan-stack.ts, the same step `stack diff` runs) and hand the plan to the
 * caller; refuse plans with problems unless forced; return at once when nothing changes (no lock, no revision)
 * unless planning found a revision an earlier run left unfinished; otherwise take the stack's lock (planning again
 * if another run held it or changed the stack meanwhile), then execute and wait (src/apply/execute-plan.ts), or wait
 * for the unfinished revision's rollout, and release the lock whatever happens.
 */
export async function deployWorkflow(options: DeployOptions): Promise<DeployResult> {
  const planning = { ...options, waitForUnfinished: true };
  const planned = await planStack(planning);
  options.onPlan?.(planned.plan, false);
  checkPlanProblems(planned.plan, { force: options.force, from: 'files' });
  // Nothing to write: return at once, without the lock, unless an earlier run left its revision unfinished.
  if (!planHasChanges(planned.plan) && !planned.unfinished) return result(options, planned, undefined);
  throwIfInterrupted(options.signal);

  const replan = async (why: 'moved' | 'race'): Promise<ReadyStack> => {
    const calls = run.planned.api.calls;
    const again = await planStack(planning);
    again.api.calls.unshift(...calls);
    if (why === 'moved') options.onPlan?.(again.plan, true);
    checkPlanProblems(again.plan, { force: options.force, from: 'files' });
    return readyOf(again);
  };
  const run: { planned: ReadyStack } = { planned: readyOf(planned) };
  const done = await runLocked({
    planned: run.planned,
    lock: { timeoutMs: options.lockTimeoutMs, command: options.command, onLock: options.onLock, onNotice: options.onNotice },
    work: {
      replan: async (why) => (run.planned = await replan(why)),
      replanOnRace: true,
      record: async () => ({ command: options.command, toolVersion: options.toolVersion, sources: await sourceHashes(options), message: options.message, ci: options.ci }),
      rollbackOnFailure: options.rollbackOnFailure,
      historyMax: options.historyMax,
    },
    ...runFlags(options),
  });
  return result(options, done.planned, done.execution, done.lock);
}

/** A planned stack with what executing it needs from its model. */
type ReadyStack = PlannedStack & ReadyPlan;

function readyOf(planned: PlannedStack): ReadyStack {
  return { ...planned, dependsOn: dependsOnOf(planned.model), mustComplete: mustCompleteOf(planned.model), optionalOnly: optionalOnlyOf(planned.model) };
}

function result(options: DeployOptions, planned: PlannedStack, execution: ExecutionReport | undefined, lock?: LockTimes): DeployResult {
  return {
    stack: planned.stackName,
    endpoint: planned.api.endpoint?.label ?? planned.connection.endpoint.label,
    plan: planned.plan,
    ...(execution ? { execution } : {}),
    ...(lock ? { lock } : {}),
    outcome: execution?.outcome ?? 'unchanged',
    apiCalls: countCalls(planned.api.calls),
  };
}

/** Compose key → the services of the stack it depends on (a dependency the files do not define is not waited for). */
export function dependsOnOf(model: StackModel): Map<string, string[]> {
  return new Map(
    Object.entries(model.services).map(([key, service]) => [key, Object.keys(service.depends_on ?? {}).filter((dep) => dep in model.services)]),
  );
}

/** Compose keys of the services another one depends on with `condition: service_completed_successfully`. */
export function mustCompleteOf(model: StackModel): Set<string> {
  return new Set(
    Object.values(model.services).flatMap((service) =>
      Object.entries(service.depends_on ?? {}).flatMap(([dep, entry]) => (entry.condition === 'service_completed_successfully' ? [dep] : [])),
    ),
  );
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

/** Compose keys of services that others depend on, always with `required: false`. */
export function optionalOnlyOf(model: StackModel): Set<string> {
  const required = new Map<string, boolean>();
  for (const service of Object.values(model.services)) {
    for (const [dep, entry] of Object.entries(service.depends_on ?? {})) {
      required.set(dep, (required.get(dep) ?? false) || entry.required !== false);
    }
  }
  return new Set([...required].flatMap(([dep, isRequired]) => (isRequired ? [] : [dep])));
}
