import type { DeployListener } from '../apply/events.js';
import type { NoticeListener } from '../model/notice.js';
import { pickRollbackTarget } from '../history/retention.js';
import { desiredFromRecord } from '../history/rollback-state.js';
import { buildPlan } from '../plan/build-plan.js';
import { planHasChanges, type Plan } from '../plan/plan.js';
import type { EngineApi } from '../swarm/engine-api.js';
import type { EndpointOptions } from '../swarm/endpoint.js';
import { listRevisions, readRevision } from '../history/history-store.js';
import { readSnapshot, type LiveSnapshot } from '../swarm/snapshot.js';
import type { RevisionRecord } from '../history/record.js';
import type { ExecutionFlags } from './deploy.js';
import type { DeployResult, ExecutionReport } from '../apply/execution-report.js';
import type { LockTimes } from '../swarm/deploy-lock.js';
import { countCalls } from '../swarm/engine-api.js';
import { runFlags, runLocked, throwIfInterrupted } from './run-locked.js';
import { openManager } from './manager.js';

/** `stack rollback NAME [--to N]`: where the stack is, which revision to return to, and how to execute. */
export interface RollbackOptions extends Omit<ExecutionFlags, 'force'> {
  stackName: string;
  /** Revision to return to; default: the newest succeeded revision before the newest one. */
  to?: number;
  endpoints: EndpointOptions;
  env: Record<string, string | undefined>;
  onPlan?: (plan: Plan, target: number, again: boolean) => void;
  onEvent?: DeployListener;
  onNotice?: NoticeListener;
  /** How long to look for a working manager after losing the one in use (default 30 s). */
  managerTimeoutMs?: number;
  /** The command's own limit on one Engine request (--timeout). */
  requestLimit?: { ms: number; label: string };
}

/**
 * The plan that puts the live stack back to a recorded revision (what `stack rollback` executes and
 * `stack history --revision` shows): the record's desired state against one fresh snapshot. Writes nothing.
 */
export async function planReturnTo(api: EngineApi, record: RevisionRecord, apiVersion: string): Promise<{ plan: Plan; snapshot: LiveSnapshot }> {
  const configNames = record.desired.services.flatMap((s) => (s.spec.TaskTemplate.ContainerSpec?.Configs ?? []).map((ref) => ref.ConfigName));
  const snapshot = await readSnapshot(api, record.stack, { tasks: false, configNames });
  const desired = desiredFromRecord(record, {
    secrets: new Map(snapshot.secrets.map((s) => [s.Spec.Name ?? '', s.ID])),
    configs: new Map(snapshot.configs.map((c) => [c.Spec.Name ?? '', c.ID])),
  });
  return { plan: buildPlan(desired, snapshot, { prune: false, apiVersion, revision: record.revision }), snapshot };
}

/** A rollback's result: a deploy result plus the revision it returned to. */
export interface RollbackResult extends DeployResult {
  rollbackOf: number;
}

/**
 * `stack rollback`: read the history from the cluster (no compose files needed), pick the target revision, build its
 * desired state from the record, plan the return against live (the same Plan `stack diff` renders), then execute
 * and wait exactly like deploy (lock, waves, failure detection, --detach, --timeout), recorded as a new revision
 * with `rollbackOf`.
 */
export async function rollbackWorkflow(options: RollbackOptions): Promise<RollbackResult> {
  const { api, connection } = await openManager(options);
  const makePlan = async (to = options.to) => {
    const revisions = await listRevisions(api, options.stackName);
    const target = pickRollbackTarget(options.stackName, revisions, to);
    const record = readRevision(revisions.find((r) => r.revision === target)!, options.stackName);
    return { ...(await planReturnTo(api, record, connection.apiVersion)), target, api, dependsOn: new Map<string, string[]>() };
  };
  let planned = await makePlan();
  options.onPlan?.(planned.plan, planned.target, false);
  const result = (execution?: ExecutionReport, lock?: LockTimes): RollbackResult => ({
    stack: options.stackName,
    endpoint: connection.endpoint.label,
    plan: planned.plan,
    ...(execution ? { execution } : {}),
    ...(lock ? { lock } : {}),
    outcome: execution?.outcome ?? 'unchanged',
    apiCalls: countCalls(api.calls),
    rollbackOf: planned.target,
  });
  if (!planHasChanges(planned.plan)) return result();
  throwIfInterrupted(options.signal);

  const done = await runLocked({
    planned,
    lock: { timeoutMs: options.lockTimeoutMs, command: options.command, onLock: options.onLock, onNotice: options.onNotice },
    work: {
      replan: async (why) => {
        if (why === 'moved') {
          planned = await makePlan();
          options.onPlan?.(planned.plan, planned.target, true);
        } else {
          // The same target: this run's own revision (now in the history) must not move the default.
          planned = await makePlan(planned.target);
        }
        return planned;
      },
      replanOnRace: true,
      record: async () => ({ command: options.command, toolVersion: options.toolVersion, sources: [], rollbackOf: planned.target, message: options.message, ci: options.ci }),
      rollbackOnFailure: options.rollbackOnFailure,
      historyMax: options.historyMax,
    },
    ...runFlags(options),
  });
  return result(done.execution, done.lock);
}
