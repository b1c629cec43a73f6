import { removeUnusedVersions } from '../apply/clean-up.js';
import type { DeployListener } from '../apply/events.js';
import { executePlan, finishRollout, type ExecuteOptions } from '../apply/execute-plan.js';
import type { ExecutionReport } from '../apply/execution-report.js';
import { planHasChanges } from '../plan/plan.js';
import { StackError } from '../errors/stack-error.js';
import { acquireDeployLock, type HeldLock, type LockTimes } from '../swarm/deploy-lock.js';
import { describeHolder } from '../model/lock-holder.js';
import type { NoticeListener } from '../model/notice.js';
import type { EngineApi } from '../swarm/engine-api.js';
import type { LiveSnapshot } from '../swarm/snapshot.js';
import { readSnapshot } from '../swarm/snapshot.js';
import { stackMovedSince } from '../swarm/stack-moved.js';
import type { StoredRevision } from '../history/history-store.js';
import { unfinishedTargets } from '../history/rerun.js';
import { beginRevision, endRevision, recordFinished, rewriteRevision, type RecordFields } from './record-revision.js';

/** The stack's lock as taken by a run, and whether the plan made before it must be made again. */
export interface TakenLock {
  lock: HeldLock;
  /** Another run held the lock, or changed the stack after the snapshot was read: plan again. */
  stale: boolean;
  waitedMs: number;
  /** Where a failed release is told (with the command that removes the lock). */
  onNotice?: NoticeListener;
}

/**
 * Takes the stack's deploy lock, telling the listener when another run holds it. The plan was made before the lock:
 * it is stale when we had to wait, and also when another run wrote and released the lock in between (checked
 * against the snapshot the plan was made from).
 */
export async function takeLock(
  api: EngineApi,
  snapshot: LiveSnapshot,
  options: {
    timeoutMs: number;
    command: string;
    signal?: AbortSignal;
    onEvent?: DeployListener;
    onLock?: (release: (() => Promise<void>) | undefined) => void;
    onNotice?: NoticeListener;
  },
): Promise<TakenLock> {
  let waited = false;
  const started = Date.now();
  const lock = await acquireDeployLock(api, snapshot.stackName, {
    timeoutMs: options.timeoutMs,
    command: options.command,
    signal: options.signal,
    onWait: (holder) => {
      waited = true;
      options.onEvent?.({ type: 'lock-wait', holder: describeHolder(holder) });
    },
  });
  const waitedMs = Date.now() - started;
  if (options.onLock) {
    const report = options.onLock;
    options.onLock(() => lock.release());
    const release = lock.release.bind(lock);
    lock.release = async () => {
      report(undefined);
      await release();
    };
  }
  try {
    return { lock, stale: waited || (await stackMovedSince(api, snapshot)), waitedMs, ...(options.onNotice ? { onNotice: options.onNotice } : {}) };
  } catch (error) {
    await lock.release().catch(() => undefined);
    throw error;
  }
}

/** Releases the lock (a failure is told, not thrown: an unreleased lock expires) and says when it was held. */
export async function releaseLock(taken: TakenLock, replanned: boolean): Promise<LockTimes> {
  await releaseQuietly(taken);
  return { acquiredAt: taken.lock.acquiredAt, releasedAt: taken.lock.releasedAt ?? new Date().toISOString(), waitedMs: taken.waitedMs, replanned };
}

/** Releases the lock on any path; when that fails, says so with the way out (the lock would expire within its TTL). */
export async function releaseQuietly(taken: TakenLock): Promise<void> {
  await taken.lock.release().catch((error: unknown) => {
    taken.onNotice?.({ code: 'lock-release-failed', stack: taken.lock.stack, reason: error instanceof Error ? error.message : String(error) });
  });
}

/**
 * A plan ready to execute: the connection it was made on, the snapshot it was made from, and what executing it
 * needs; with `unfinished`, the revision an earlier run left unfinished that this run waits for when the plan
 * changes nothing (the rerun step of planning decided it: src/history/rerun.ts).
 */
export type ReadyPlan = Pick<ExecuteOptions, 'api' | 'plan' | 'snapshot' | 'registryAuth' | 'dependsOn' | 'mustComplete' | 'optionalOnly'> & {
  unfinished?: StoredRevision;
};

/** How to take the stack's lock and how to execute under it (the flags of deploy and rollback). */
export interface LockedRunOptions<P extends ReadyPlan> {
  /** The plan made before the lock. */
  planned: P;
  lock: Omit<Parameters<typeof takeLock>[2], 'onEvent' | 'signal'>;
  /**
   * Make the plan again when the stack moved since `planned` (`moved`) or a write met a changed cluster (`race`);
   * a plan with changes is executed and recorded as a new revision.
   */
  work: {
    replan: (why: 'moved' | 'race') => Promise<P>;
    /** Plan again after a write met a changed cluster (a saved plan is executed as it is, or not at all). */
    replanOnRace: boolean;
    record: () => Promise<RecordFields>;
    rollbackOnFailure: boolean;
    historyMax: number;
  };
  detach: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
  onEvent?: DeployListener;
  pollMs?: number;
}

/** How long and how a locked run waits, and where its events go, as the command's flags say. */
export function runFlags(flags: Pick<LockedRunOptions<ReadyPlan>, 'detach' | 'timeoutMs' | 'signal' | 'onEvent' | 'pollMs'>): Pick<LockedRunOptions<ReadyPlan>, 'detach' | 'timeoutMs' | 'signal' | 'onEvent' | 'pollMs'> {
  return { detach: flags.detach, timeoutMs: flags.timeoutMs, signal: flags.signal, onEvent: flags.onEvent, pollMs: flags.pollMs };
}

/** What a locked run did: the plan it ended with, the execution (absent when nothing was executed), the lock's times. */
export interface LockedRunResult<P extends ReadyPlan> {
  planned: P;
  execution?: ExecutionReport;
  lock: LockTimes;
}

/**
 * The one path of a run that writes: take the stack's lock; plan again if the stack moved since the plan; execute
 * (src/apply/execute-plan.ts) between recording the revision in progress and recording its outcome; apply retention
 * and remove unused versions; release the lock whatever happens. A plan that changes nothing but carries an
 * unfinished revision waits for that revision's rollout instead. Serves deploy, rollback, a saved plan and finishing
 * an unfinished revision.
 */
/**
 * Stops a run that a signal interrupted before it wrote anything: before the lock and again under it, for deploy,
 * rollback and a saved plan alike (the revision is not begun, so nothing is recorded).
 */
export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StackError('INTERRUPTED', 'interrupted before anything was written', { exitCode: 130 });
}

export async function runLocked<P extends ReadyPlan>(options: LockedRunOptions<P>): Promise<LockedRunResult<P>> {
  const first = options.planned;
  const taken = await takeLock(first.api, first.snapshot, { ...options.lock, signal: options.signal, onEvent: options.onEvent });
  let current = first;
  let execution: ExecutionReport | undefined;
  try {
    const work = options.work;
    // Another run changed the stack since the plan (we waited for it, or it finished just before): plan against what it
    // left (which also decides again about an unfinished revision: the run we waited for may have finished it).
    if (taken.stale) current = await work.replan('moved');
    throwIfInterrupted(options.signal);
    if (planHasChanges(current.plan)) {
      const ready = current;
      const { api } = ready;
      const started = Date.now();
      const begun = await beginRevision(api, ready.plan, await work.record(), started);
      execution = await executePlan({
        api,
        plan: ready.plan,
        snapshot: ready.snapshot,
        registryAuth: ready.registryAuth,
        dependsOn: ready.dependsOn,
        mustComplete: ready.mustComplete,
        optionalOnly: ready.optionalOnly,
        detach: options.detach,
        timeoutMs: options.timeoutMs,
        rollbackOnFailure: work.rollbackOnFailure,
        signal: options.signal,
        onEvent: options.onEvent,
        pollMs: options.pollMs,
        ...(work.replanOnRace
          ? {
              replan: async () => {
                current = await work.replan('race');
                await rewriteRevision(api, begun, current.plan);
                return { plan: current.plan, snapshot: current.snapshot };
              },
            }
          : {}),
      });
      execution.revision = begun.revision;
      const { pruned, kept } = await endRevision(api, current.plan, begun.revision, execution, started, work.historyMax);
      execution.cleanup.prunedRevisions.push(...pruned);
      // Old versioned objects go only after a success, when the services no longer use them.
      if (execution.outcome === 'succeeded') await removeUnusedVersions(api, current.plan, kept, execution);
      execution.durationMs = Date.now() - started;
    } else if (current.unfinished) {
      execution = await finishUnfinished(current, current.unfinished, options);
    }
  } catch (error) {
    await releaseQuietly(taken);
    throw error;
  }
  // A saved plan is never made again: only a new plan object, or a write that met a changed cluster, counts.
  return { planned: current, ...(execution ? { execution } : {}), lock: await releaseLock(taken, current.plan !== first.plan || Boolean(execution?.replans)) };
}

/** Under the lock, nothing to write: wait for the rollout the unfinished revision submitted and record how it ended there. */
async function finishUnfinished(planned: ReadyPlan, stored: StoredRevision, options: LockedRunOptions<ReadyPlan>): Promise<ExecutionReport> {
  const { api } = planned;
  options.lock.onNotice?.({ code: 'unfinished-revision', revision: stored.revision, outcome: stored.outcome === 'interrupted' ? 'interrupted' : 'in-progress' });
  const snapshot = await readSnapshot(api, planned.plan.stackName, { tasks: false });
  const execution = await finishRollout({ api, targets: unfinishedTargets(stored, snapshot), timeoutMs: options.timeoutMs, signal: options.signal, onEvent: options.onEvent, pollMs: options.pollMs });
  execution.revision = stored.revision;
  await recordFinished(api, planned.plan.stackName, stored, execution);
  return execution;
}
