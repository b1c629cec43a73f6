import { hostname, userInfo } from 'node:os';
import { applyPlan, type ApplyResult, type WrittenService } from '../apply/apply-plan.js';
import type { DeployListener } from '../apply/events.js';
import type { FailureCause, ServiceLeft } from '../apply/convergence.js';
import { waitForServices, type WaitOutcome, type WaitPhase } from '../apply/wait.js';
import { LABEL_NAMESPACE } from '../convert/names.js';
import { changedFromPlan, desiredFromPlan, referencedFileObjects } from '../history/build-record.js';
import { failureReasons } from '../history/annotations.js';
import { RECORD_FORMAT, type RevisionOutcome, type RevisionRecord } from '../history/record.js';
import { revisionsToPrune } from '../history/retention.js';
import type { Plan, ServiceChange } from '../plan/plan.js';
import { acquireDeployLock, describeHolder, type HeldLock } from '../swarm/deploy-lock.js';
import { EngineError, type EngineApi } from '../swarm/engine-api.js';
import { deleteRevision, listRevisions, readRevision, setRevisionOutcome, writeRevision, type StoredRevision } from '../swarm/history-store.js';
import type { LiveConfig, LiveSecret, LiveService } from '../swarm/live-types.js';
import * as ops from '../swarm/operations.js';
import type { LiveSnapshot } from '../swarm/snapshot.js';
import { stackMovedSince } from '../swarm/stack-moved.js';

/** How a deploy or rollback ended. `unchanged`: nothing to write; `submitted`: written with --detach, not waited for. */
export type DeployOutcome = 'unchanged' | 'succeeded' | 'submitted' | 'failed' | 'rolled-back' | 'interrupted';

/** One service the run wrote (or meant to write), with its final phase and timings. */
export interface ServiceOutcome {
  name: string;
  /** Compose key (absent for removals). */
  key?: string;
  action: string;
  /**
   * Final phase: a wait phase (`converged`, `failed`, `rolled-back`, `timed-out`, `interrupted`, `removed`),
   * `written` (--detach), `write-failed`, or `not-started` (stopped before its write).
   */
  phase: WaitPhase | 'written' | 'write-failed' | 'not-started';
  running?: number;
  desired?: number;
  message?: string;
  /** Milliseconds from the start of execution to this service's write. */
  writtenAtMs?: number;
  /** Milliseconds from its write until its final phase. */
  durationMs?: number;
  /** What happened along the way that the phase does not say (e.g. a node went down with some of its tasks). */
  notes?: string[];
  /** For a service that failed, was rolled back or timed out: the state swarm left it in. */
  left?: ServiceLeft;
  /** For a service that failed or was rolled back: the cause found on its tasks (kind, words, task ID). */
  cause?: FailureCause;
}

/** What executing a plan did: per-service outcomes, writes, the rollback after a failure, clean-up, the revision. */
export interface ExecutionReport {
  outcome: DeployOutcome;
  /** Revision number recorded for this run. */
  revision?: number;
  services: ServiceOutcome[];
  /** Every write in order (networks, secrets, configs, services, removals). */
  writes: { type: string; name: string; action: string; id?: string }[];
  /** The write that failed, if one did. */
  writeFailure?: { type: string; name: string; message: string };
  /** With --rollback-on-failure after a failure: the changed services put back to their previous specs. */
  rollback?: { outcome: 'succeeded' | 'failed' | 'interrupted'; services: ServiceOutcome[] };
  /** Old versioned secrets/configs removed after success, and revision records removed by retention. */
  cleanup: { removedSecrets: string[]; removedConfigs: string[]; prunedRevisions: number[] };
  durationMs: number;
  /** One line saying what went wrong, when the outcome is not a success. */
  message?: string;
  /** Writes that met a cluster changed since the plan, each followed by a new plan under the lock (their messages). */
  replans?: string[];
}

/** What the executor needs besides the plan. */
export interface ExecuteOptions {
  api: EngineApi;
  plan: Plan;
  snapshot: LiveSnapshot;
  registryAuth?: (image: string) => string | undefined;
  /** Compose key → keys it depends on. */
  dependsOn: ReadonlyMap<string, readonly string[]>;
  /**
   * Compose keys of services another one depends on with `service_completed_successfully`: they count as done only
   * when their tasks completed. Waited for even with --detach, since a dependent is written only after them.
   */
  mustComplete?: ReadonlySet<string>;
  /** Compose keys of services that every dependent needs only with `required: false`: their failure does not stop the next wave. */
  optionalOnly?: ReadonlySet<string>;
  detach: boolean;
  timeoutMs: number;
  rollbackOnFailure: boolean;
  historyMax: number;
  signal?: AbortSignal;
  onEvent?: DeployListener;
  /** Record fields the caller knows: command, tool version, sources, rollbackOf, message, CI run. */
  record: Pick<RevisionRecord, 'command' | 'toolVersion' | 'sources'> & Partial<Pick<RevisionRecord, 'message' | 'ci'>> & { rollbackOf?: number };
  /** Poll interval of the waiter (tests may lower it). */
  pollMs?: number;
  /**
   * Reads the cluster and plans again (under the same lock) when a write found that the stack changed after the plan
   * (an object vanished or appeared: see isRace in src/apply/apply-plan.ts). Without it such a write just fails.
   */
  replan?: () => Promise<{ plan: Plan; snapshot: LiveSnapshot }>;
}

/** Plans executed per run at most: the first, and new ones after writes that met a changed cluster. */
export const MAX_WRITE_ATTEMPTS = 3;

/** When a run held the stack's lock (docs/deploy-json.md, `lock`). */
export interface LockTimes {
  /** When the lock was taken (ISO, after the create call returned). */
  acquiredAt: string;
  /** When it was given up (ISO, just before it was removed). */
  releasedAt: string;
  /** How long taking it took, waiting for other runs included. */
  waitedMs: number;
  /** The plan was made again under the lock, because another run held it or changed the stack meanwhile. */
  replanned: boolean;
}

/** The stack's lock as taken by a run, and whether the plan made before it must be made again. */
export interface TakenLock {
  lock: HeldLock;
  /** Another run held the lock, or changed the stack after the snapshot was read: plan again. */
  stale: boolean;
  waitedMs: number;
  /** Where a failed release is told (with the command that removes the lock). */
  onNotice?: (message: string) => void;
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
    onNotice?: (message: string) => void;
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
    const stack = taken.lock.stack;
    taken.onNotice?.(
      `could not release the deploy lock of stack ${stack} (${error instanceof Error ? error.message : String(error)}); ` +
        `it expires within a minute, or remove it now: stack unlock ${stack}`,
    );
  });
}

/**
 * Executes a plan under the caller's lock: records the revision (in-progress), writes in waves, waits for each
 * wave to converge (unless --detach), puts the changed services back on failure when asked, records the outcome,
 * applies retention and removes versioned secrets/configs nothing uses any more. Never throws for a failed
 * rollout: the report says what happened.
 */
export async function executePlan(options: ExecuteOptions): Promise<ExecutionReport> {
  const { api } = options;
  let plan = options.plan;
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const report: ExecutionReport = { outcome: 'succeeded', services: [], writes: [], cleanup: { removedSecrets: [], removedConfigs: [], prunedRevisions: [] }, durationMs: 0 };

  const revisions = await listRevisions(api, plan.stackName);
  // We hold the lock, so a revision still in progress belongs to a run that ended without recording its outcome.
  for (const stale of revisions.filter((r) => r.outcome === 'in-progress')) {
    await setRevisionOutcome(api, stale, 'interrupted').catch(() => undefined);
  }
  const revision = (revisions[0]?.revision ?? 0) + 1;
  const record: RevisionRecord = {
    format: RECORD_FORMAT,
    stack: plan.stackName,
    revision,
    createdAt: new Date(started).toISOString(),
    user: currentUser(),
    host: hostname(),
    command: options.record.command,
    toolVersion: options.record.toolVersion,
    sources: options.record.sources,
    ...(options.record.rollbackOf === undefined ? {} : { rollbackOf: options.record.rollbackOf }),
    ...(options.record.message ? { message: options.record.message } : {}),
    ...(options.record.ci ? { ci: options.record.ci } : {}),
    changed: changedFromPlan(plan),
    desired: desiredFromPlan(plan),
    outcome: 'in-progress',
  };
  await writeRevision(api, record);
  report.revision = revision;

  const outcomes = new Map<string, ServiceOutcome>();
  const writtenAt = new Map<string, number>();
  let waitFailed = false;
  let snapshot = options.snapshot;
  const done: ApplyResult['done'] = [];
  let applied: ApplyResult;
  for (let attempt = 1; ; attempt++) {
    for (const change of plan.changes) {
      if (change.type !== 'service' || change.action === 'none' || (change.action === 'remove' && !plan.prune) || outcomes.has(change.name)) continue;
      outcomes.set(change.name, { name: change.name, ...(change.key ? { key: change.key } : {}), action: change.action, phase: 'not-started' });
    }
    // Services this plan writes: only their dependencies are waited for with --detach.
    const dependentKeys = plan.changes.flatMap((c) => (c.type === 'service' && c.key !== undefined && c.action !== 'none' && c.action !== 'remove' ? [c.key] : []));
    applied = await applyPlan(api, plan, snapshot, {
      registryAuth: options.registryAuth,
      signal: options.signal,
      dependsOn: options.dependsOn,
      onEvent: (event) => {
        if (event.type === 'change-started' && event.change.type === 'service') writtenAt.set(event.change.name, Date.now());
        options.onEvent?.(event);
      },
      afterServiceWave: async (written) => {
        for (const w of written) setOutcome(outcomes, w.change.name, { phase: 'written', writtenAtMs: (writtenAt.get(w.change.name) ?? started) - started });
        // With --detach only the services that others depend on are waited for: a dependent is written after them.
        const needed = new Set(dependentKeys.flatMap((key) => options.dependsOn.get(key) ?? []));
        const toWait = options.detach ? written.filter((w) => w.change.key !== undefined && needed.has(w.change.key)) : written;
        if (toWait.length === 0) return true;
        const untilCompleted = new Set(toWait.flatMap((w) => (w.change.key !== undefined && options.mustComplete?.has(w.change.key) ? [w.id] : [])));
        const waited = await waitFor(api, toWait.map((w) => ({ id: w.id, name: w.change.name })), 'deploy', deadline, { ...options, untilCompleted });
        for (const outcome of waited) {
          setOutcome(outcomes, outcome.name, finalOf(outcome, writtenAt.get(outcome.name), started));
        }
        const bad = waited.filter((o) => o.phase !== 'converged');
        if (bad.length === 0) return true;
        waitFailed = true;
        // A service that others need only with `required: false` does not stop them: they are written anyway (the
        // run still ends as failed). Any other failure stops before the next wave.
        const keyOf = new Map(toWait.map((w) => [w.change.name, w.change.key]));
        const optional = bad.every((o) => {
          const key = keyOf.get(o.name);
          return key !== undefined && options.optionalOnly?.has(key) === true;
        });
        if (optional) {
          options.onEvent?.({ type: 'warning', message: `${bad.map((o) => o.name).join(', ')} did not converge; the services that depend on it with required: false are deployed anyway` });
        }
        return optional;
      },
    });
    done.push(...applied.done);
    const race = applied.failed?.race ? applied.failed : undefined;
    if (!race || !options.replan || attempt >= MAX_WRITE_ATTEMPTS || options.signal?.aborted) break;
    // The cluster changed between plan and write (an object vanished or appeared): read it again and plan against it.
    (report.replans ??= []).push(race.message);
    options.onEvent?.({ type: 'replanned', reason: race.message, attempt: attempt + 1, attempts: MAX_WRITE_ATTEMPTS });
    try {
      ({ plan, snapshot } = await options.replan());
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      applied = { ...applied, failed: { ...race, message: `${race.message}; planning again failed: ${why}` } };
      break;
    }
    const mine = (await listRevisions(api, plan.stackName)).find((r) => r.revision === revision);
    if (mine) await deleteRevision(api, mine);
    await writeRevision(api, { ...record, changed: mergeChanged(record.changed, changedFromPlan(plan)), desired: desiredFromPlan(plan) });
  }
  report.writes = done.map(({ change, id }) => ({ type: change.type, name: change.name, action: change.action, ...(id ? { id } : {}) }));
  for (const { change } of done) {
    if (change.type !== 'service') continue;
    if (change.action === 'remove') setOutcome(outcomes, change.name, { phase: 'removed' });
    // Written in the same wave as a write that failed: not waited for.
    else if (outcomes.get(change.name)?.phase === 'not-started') setOutcome(outcomes, change.name, { phase: 'written', writtenAtMs: (writtenAt.get(change.name) ?? started) - started });
  }
  if (applied.failed) {
    report.writeFailure = { type: applied.failed.change.type, name: applied.failed.change.name, message: applied.failed.message };
    setOutcome(outcomes, applied.failed.change.name, { phase: 'write-failed', message: applied.failed.message });
  }
  report.services = [...outcomes.values()];

  const interrupted = Boolean(applied.interrupted) || Boolean(options.signal?.aborted) || report.services.some((s) => s.phase === 'interrupted');
  const failed = Boolean(applied.failed) || waitFailed;
  if (interrupted) {
    report.outcome = 'interrupted';
    report.message = 'interrupted: no new operation was started; what was submitted keeps rolling out in the swarm';
  } else if (failed) {
    report.outcome = 'failed';
    report.message = failureMessage(report);
    if (options.rollbackOnFailure) {
      const changed = done.flatMap(({ change, id }) =>
        change.type === 'service' && change.action !== 'remove' ? [{ change, id: id ?? change.liveId ?? '' }] : [],
      );
      report.rollback = await rollBackServices(api, changed, options, Date.now() + options.timeoutMs);
      if (report.rollback.outcome === 'succeeded') report.outcome = 'rolled-back';
    }
  } else if (options.detach) {
    report.outcome = 'submitted';
  }

  const stored: RevisionOutcome = report.outcome === 'unchanged' ? 'succeeded' : report.outcome;
  const listed = await listRevisions(api, plan.stackName);
  const mine = listed.find((r) => r.revision === revision);
  const failure = stored === 'succeeded' || stored === 'submitted' ? [] : failureReasons(report, secretValuesOf(plan));
  if (mine) await setRevisionOutcome(api, mine, stored, Date.now() - started, failure);
  if (mine) mine.outcome = stored;

  // Retention, then old versioned objects: only after a success, when the services no longer use them.
  const toPrune = new Set(revisionsToPrune(listed, options.historyMax));
  for (const r of listed.filter((x) => toPrune.has(x.revision))) {
    await deleteRevision(api, r).catch(() => undefined);
    report.cleanup.prunedRevisions.push(r.revision);
  }
  if (report.outcome === 'succeeded') {
    const kept = listed.filter((r) => !toPrune.has(r.revision));
    await removeUnusedVersions(api, plan, kept, report);
  }
  report.durationMs = Date.now() - started;
  return report;
}

/**
 * The stack's newest revision when its run ended before seeing its rollout through: left in progress (the run
 * was killed or lost its manager) or interrupted (a signal; what it submitted kept rolling out in the swarm).
 */
export async function unfinishedRevision(api: EngineApi, stack: string): Promise<StoredRevision | undefined> {
  const [latest] = await listRevisions(api, stack);
  return latest?.outcome === 'in-progress' || latest?.outcome === 'interrupted' ? latest : undefined;
}

/**
 * Finishes a revision an earlier run left in progress (it lost its only manager, or was killed) when the plan has
 * nothing left to write: waits for the services that revision changed, as the earlier run
 * would have, and records the outcome on that revision. Called under the lock.
 */
export async function finishRevision(options: {
  api: EngineApi;
  stored: StoredRevision;
  snapshot: LiveSnapshot;
  timeoutMs: number;
  signal?: AbortSignal;
  onEvent?: DeployListener;
  pollMs?: number;
}): Promise<ExecutionReport> {
  const { api, stored, snapshot } = options;
  const started = Date.now();
  let changed: Set<string>;
  try {
    const record = readRevision(stored, snapshot.stackName);
    changed = new Set(record.changed.filter((c) => c.type === 'service' && c.action !== 'remove').map((c) => c.name));
  } catch {
    changed = new Set(snapshot.services.map((s) => s.Spec.Name ?? ''));
  }
  const targets = snapshot.services.filter((s) => changed.has(s.Spec.Name ?? '')).map((s) => ({ id: s.ID, name: s.Spec.Name ?? s.ID }));
  const waited = await waitFor(api, targets, 'deploy', started + options.timeoutMs, options);
  const services: ServiceOutcome[] = waited.map((outcome) => ({ name: outcome.name, action: 'update', ...finalOf(outcome, started, started) }) as ServiceOutcome);
  const interrupted = Boolean(options.signal?.aborted) || services.some((s) => s.phase === 'interrupted');
  const failed = services.some((s) => s.phase !== 'converged' && s.phase !== 'removed');
  const report: ExecutionReport = {
    outcome: interrupted ? 'interrupted' : failed ? 'failed' : 'succeeded',
    revision: stored.revision,
    services,
    writes: [],
    cleanup: { removedSecrets: [], removedConfigs: [], prunedRevisions: [] },
    durationMs: 0,
  };
  if (failed || interrupted) report.message = failureMessage(report);
  const mine = (await listRevisions(api, snapshot.stackName)).find((r) => r.revision === stored.revision);
  const durationMs = Date.now() - Date.parse(stored.createdAt);
  if (mine) {
    await setRevisionOutcome(
      api,
      mine,
      report.outcome === 'succeeded' ? 'succeeded' : report.outcome === 'interrupted' ? 'interrupted' : 'failed',
      Number.isFinite(durationMs) ? durationMs : undefined,
      report.outcome === 'succeeded' ? [] : failureReasons(report),
    );
  }
  report.durationMs = Date.now() - started;
  return report;
}

/** The objects a revision changed over all its plans (a re-planned run records the union). */
function mergeChanged(before: RevisionRecord['changed'], after: RevisionRecord['changed']): RevisionRecord['changed'] {
  const key = (c: RevisionRecord['changed'][number]): string => `${c.type}:${c.name}`;
  const seen = new Set(after.map(key));
  return [...after, ...before.filter((c) => !seen.has(key(c)))];
}

function setOutcome(outcomes: Map<string, ServiceOutcome>, name: string, patch: Partial<ServiceOutcome>): void {
  const current = outcomes.get(name) ?? { name, action: 'update', phase: 'not-started' as const };
  outcomes.set(name, { ...current, ...patch });
}

function finalOf(outcome: WaitOutcome, writtenAt: number | undefined, started: number): Partial<ServiceOutcome> {
  return {
    phase: outcome.phase,
    running: outcome.running,
    desired: outcome.desired,
    ...(outcome.message && outcome.phase !== 'converged' ? { message: outcome.message } : {}),
    ...(outcome.notes && outcome.notes.length > 0 ? { notes: outcome.notes } : {}),
    ...(outcome.left && outcome.phase !== 'converged' ? { left: outcome.left } : {}),
    ...(outcome.cause && outcome.phase !== 'converged' ? { cause: outcome.cause } : {}),
    durationMs: Date.now() - (writtenAt ?? started),
  };
}

async function waitFor(
  api: EngineApi,
  targets: { id: string; name: string }[],
  stage: 'deploy' | 'rollback',
  deadline: number,
  options: Pick<ExecuteOptions, 'signal' | 'pollMs' | 'onEvent'> & { untilCompleted?: ReadonlySet<string> },
): Promise<WaitOutcome[]> {
  if (targets.length === 0) return [];
  const outcomes = await waitForServices(api, targets, {
    ...(options.untilCompleted && options.untilCompleted.size > 0 ? { untilCompleted: options.untilCompleted } : {}),
    timeoutMs: Math.max(1000, deadline - Date.now()),
    signal: options.signal,
    ...(options.pollMs ? { intervalMs: options.pollMs } : {}),
    // Terminal phases are reported once, with timings, by the final event below.
    onProgress: (progress) => {
      if (['converged', 'failed', 'rolled-back'].includes(progress.phase)) return;
      options.onEvent?.({ type: 'service-progress', stage, progress, final: false, at: new Date() });
    },
  });
  for (const outcome of outcomes) options.onEvent?.({ type: 'service-progress', stage, progress: outcome, final: true, at: new Date() });
  return outcomes;
}

function failureMessage(report: ExecutionReport): string {
  if (report.writeFailure) return report.writeFailure.message;
  const bad = report.services.filter((s) => s.phase !== 'converged' && s.phase !== 'removed' && s.phase !== 'not-started' && s.phase !== 'written');
  return bad.map((s) => `${s.name}: ${s.phase === 'rolled-back' ? 'rolled back by swarm' : s.phase}${s.message ? ` (${s.message})` : ''}`).join('; ');
}

/**
 * Puts every service the run wrote back to the spec it had when the plan was read (the spec captured in the snapshot,
 * written again with the current version); services the run created are removed. Then waits for them.
 */
async function rollBackServices(
  api: EngineApi,
  changed: WrittenService[],
  options: ExecuteOptions,
  deadline: number,
): Promise<NonNullable<ExecutionReport['rollback']>> {
  const previous = new Map(options.snapshot.services.map((s) => [s.ID, s]));
  options.onEvent?.({ type: 'rollback-started', services: changed.map((c) => c.change.name) });
  const services: ServiceOutcome[] = [];
  const targets: { id: string; name: string }[] = [];
  const started = Date.now();
  for (const { change, id } of changed) {
    const before = change.liveId ? previous.get(change.liveId) : undefined;
    try {
      if (!before) {
        await ops.removeService(api, id);
        services.push({ name: change.name, action: 'remove', phase: 'removed' });
        continue;
      }
      if (change.action === 'replace') {
        const created = await ops.createService(api, before.Spec as never);
        targets.push({ id: created.id, name: change.name });
      } else {
        await restoreSpec(api, id, before);
        targets.push({ id, name: change.name });
      }
      services.push({ name: change.name, action: 'update', phase: 'written', writtenAtMs: Date.now() - started });
    } catch (error) {
      services.push({ name: change.name, action: 'update', phase: 'write-failed', message: error instanceof Error ? error.message : String(error) });
    }
  }
  if (!options.detach) {
    const waited = await waitFor(api, targets, 'rollback', deadline, { ...options, signal: options.signal });
    for (const outcome of waited) {
      const entry = services.find((s) => s.name === outcome.name);
      if (entry) Object.assign(entry, finalOf(outcome, started + (entry.writtenAtMs ?? 0), started));
    }
  }
  const outcome = services.some((s) => s.phase === 'interrupted')
    ? 'interrupted'
    : services.every((s) => s.phase === 'converged' || s.phase === 'removed' || s.phase === 'written')
      ? 'succeeded'
      : 'failed';
  return { outcome, services };
}

/** Writes a service's previous spec back with its current version (retried once if swarm moved it meanwhile). */
async function restoreSpec(api: EngineApi, id: string, before: LiveService): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const current = await ops.inspectService(api, id);
    try {
      await ops.updateService(api, id, current.Version.Index, before.Spec as never);
      return;
    } catch (error) {
      if (attempt >= 2 || !(error instanceof EngineError && error.kind === 'out-of-sequence')) throw error;
    }
  }
}

const VERSIONED = /-[0-9a-f]{10}$/;

/**
 * Removes the stack's versioned secrets/configs (`<name>-<hash10>`) and the objects this plan replaced, when no
 * service of the cluster uses them and no kept revision references them.
 */
async function removeUnusedVersions(
  api: EngineApi,
  plan: Plan,
  kept: Awaited<ReturnType<typeof listRevisions>>,
  report: ExecutionReport,
): Promise<void> {
  // Objects this plan deploys stay; an object is ours to remove when it is versioned, or when a versioned object of
  // the plan took its place (the original `<stack>_<key>` after its first content change).
  const desired = new Set(plan.changes.flatMap((c) => ((c.type === 'secret' || c.type === 'config') && c.action !== 'remove' ? [`${c.type}:${c.name}`] : [])));
  const superseded = new Set([...desired].filter((key) => VERSIONED.test(key)).map((key) => key.replace(VERSIONED, '')));
  const replaced = new Set(plan.changes.flatMap((c) => ((c.type === 'secret' || c.type === 'config') && c.replaces ? [`${c.type}:${c.replaces}`] : [])));
  const removable = (kind: 'secret' | 'config', name: string): boolean =>
    !desired.has(`${kind}:${name}`) && (VERSIONED.test(name) || replaced.has(`${kind}:${name}`) || superseded.has(`${kind}:${name}`));
  const stackFilter = JSON.stringify({ label: [`${LABEL_NAMESPACE}=${plan.stackName}`] });
  const [secrets, configs, services] = await Promise.all([
    api.get<LiveSecret[]>('/secrets', { filters: stackFilter }),
    api.get<LiveConfig[]>('/configs', { filters: stackFilter }),
    api.get<LiveService[]>('/services'),
  ]);
  const used = { secrets: new Set<string>(), configs: new Set<string>() };
  for (const service of services) {
    for (const ref of service.Spec.TaskTemplate.ContainerSpec?.Secrets ?? []) used.secrets.add(ref.SecretName);
    for (const ref of service.Spec.TaskTemplate.ContainerSpec?.Configs ?? []) used.configs.add(ref.ConfigName);
  }
  for (const stored of kept) {
    try {
      const refs = referencedFileObjects(readRevision(stored, plan.stackName));
      for (const name of refs.secrets) used.secrets.add(name);
      for (const name of refs.configs) used.configs.add(name);
    } catch {
      // A damaged record cannot protect anything; it is reported by `stack history`.
    }
  }
  for (const secret of secrets) {
    const name = secret.Spec.Name ?? '';
    if (!removable('secret', name) || used.secrets.has(name)) continue;
    await ops.removeSecret(api, secret.ID).then(() => report.cleanup.removedSecrets.push(name), () => undefined);
  }
  for (const config of configs) {
    const name = config.Spec.Name ?? '';
    if (!removable('config', name) || used.configs.has(name)) continue;
    await ops.removeConfig(api, config.ID).then(() => report.cleanup.removedConfigs.push(name), () => undefined);
  }
}

/** The secret values a plan sends (decoded), so that failure reasons can never repeat one. */
function secretValuesOf(plan: Plan): string[] {
  return plan.changes.flatMap((c) => {
    if (c.type !== 'secret') return [];
    return [c.desired?.Data, c.fallback?.desired.Data].filter((d): d is string => typeof d === 'string').map((d) => Buffer.from(d, 'base64').toString('utf8'));
  });
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export type { ServiceChange };
