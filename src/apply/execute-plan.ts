import { hostname, userInfo } from 'node:os';
import { applyPlan, type ApplyResult } from './apply-plan.js';
import { removeUnusedVersions } from './clean-up.js';
import type { DeployListener } from './events.js';
import type { ExecutionReport, ServiceOutcome } from './execution-report.js';
import { rollBackServices } from './roll-back.js';
import { finalOf, setOutcome, waitFor } from './service-outcomes.js';
import { changedFromPlan, desiredFromPlan } from '../history/build-record.js';
import { failureReasons } from '../history/annotations.js';
import { deleteRevision, listRevisions, readRevision, setRevisionOutcome, writeRevision, type StoredRevision } from '../history/history-store.js';
import { RECORD_FORMAT, type RevisionOutcome, type RevisionRecord } from '../history/record.js';
import { revisionsToPrune } from '../history/retention.js';
import type { Plan } from '../plan/plan.js';
import type { EngineApi } from '../swarm/engine-api.js';
import type { LiveSnapshot } from '../swarm/snapshot.js';

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

function failureMessage(report: ExecutionReport): string {
  if (report.writeFailure) return report.writeFailure.message;
  const bad = report.services.filter((s) => s.phase !== 'converged' && s.phase !== 'removed' && s.phase !== 'not-started' && s.phase !== 'written');
  return bad.map((s) => `${s.name}: ${s.phase === 'rolled-back' ? 'rolled back by swarm' : s.phase}${s.message ? ` (${s.message})` : ''}`).join('; ');
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
