import { applyPlan, type ApplyResult } from './apply-plan.js';
import type { DeployListener } from './events.js';
import type { ExecutionReport, ServiceOutcome } from './execution-report.js';
import { failureMessage, finishedOutcome, INTERRUPTED_MESSAGE, runOutcome } from './outcome.js';
import { rollBackServices } from './roll-back.js';
import { finalOf, setOutcome, waitFor } from './service-outcomes.js';
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
  signal?: AbortSignal;
  onEvent?: DeployListener;
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
 * Executes a plan under the caller's lock: writes in waves, waits for each wave to converge (unless --detach),
 * plans again when a write met a changed cluster (`replan`), and puts the changed services back on failure when
 * asked. The caller records the revision around it (src/workflows/run-locked.ts). Never throws for a failed
 * rollout: the report says what happened.
 */
export async function executePlan(options: ExecuteOptions): Promise<ExecutionReport> {
  const { api } = options;
  let plan = options.plan;
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const report: ExecutionReport = { outcome: 'succeeded', services: [], writes: [], cleanup: { removedSecrets: [], removedConfigs: [], prunedRevisions: [] }, durationMs: 0 };

  const outcomes = new Map<string, ServiceOutcome>();
  const writtenAt = new Map<string, number>();
  let waitFailed = false;
  const done: ApplyResult['done'] = [];
  let applied: ApplyResult;
  for (let attempt = 1; ; attempt++) {
    for (const change of plan.changes) {
      if (change.type !== 'service' || change.action === 'none' || (change.action === 'remove' && !plan.prune) || outcomes.has(change.name)) continue;
      outcomes.set(change.name, { name: change.name, ...(change.key ? { key: change.key } : {}), action: change.action, phase: 'not-started' });
    }
    // Services this plan writes: only their dependencies are waited for with --detach.
    const dependentKeys = plan.changes.flatMap((c) => (c.type === 'service' && c.key !== undefined && c.action !== 'none' && c.action !== 'remove' ? [c.key] : []));
    applied = await applyPlan(api, plan, {
      registryAuth: options.registryAuth,
      signal: options.signal,
      dependsOn: options.dependsOn,
      onEvent: (event) => {
        if (event.type === 'change-started' && event.write.change.type === 'service') writtenAt.set(event.write.name, Date.now());
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
          options.onEvent?.({ type: 'optional-dependencies-failed', services: bad.map((o) => o.name) });
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
      ({ plan } = await options.replan());
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      applied = { ...applied, failed: { ...race, message: `${race.message}; planning again failed: ${why}` } };
      break;
    }
  }
  report.writes = done.map(({ change, name, action, id }) => ({ type: change.type, name, action, ...(id ? { id } : {}) }));
  for (const { change } of done) {
    if (change.type !== 'service') continue;
    if (change.action === 'remove') setOutcome(outcomes, change.name, { phase: 'removed' });
    // Written in the same wave as a write that failed: not waited for.
    else if (outcomes.get(change.name)?.phase === 'not-started') setOutcome(outcomes, change.name, { phase: 'written', writtenAtMs: (writtenAt.get(change.name) ?? started) - started });
  }
  if (applied.failed) {
    const { write, message } = applied.failed;
    report.writeFailure = { type: write.change.type, name: write.name, message };
    setOutcome(outcomes, write.name, { phase: 'write-failed', message });
  }
  report.services = [...outcomes.values()];

  const interrupted = Boolean(applied.interrupted) || Boolean(options.signal?.aborted) || report.services.some((s) => s.phase === 'interrupted');
  const failed = Boolean(applied.failed) || waitFailed;
  if (!interrupted && failed) {
    report.message = failureMessage(report);
    if (options.rollbackOnFailure) {
      const changed = done.flatMap(({ change, id }) =>
        change.type === 'service' && change.action !== 'remove' ? [{ change, id: id ?? change.liveId ?? '' }] : [],
      );
      report.rollback = await rollBackServices(api, changed, options, Date.now() + options.timeoutMs);
    }
  }
  report.outcome = runOutcome({ interrupted, failed, detach: options.detach, ...(report.rollback ? { rollback: report.rollback.outcome } : {}) });
  if (interrupted) report.message = INTERRUPTED_MESSAGE;
  report.durationMs = Date.now() - started;
  return report;
}

/**
 * Waits for the services a run that ended early had written (it lost its only manager, was killed, or was
 * interrupted), as that run would have; the caller records the outcome on its revision.
 */
export async function finishRollout(options: {
  api: EngineApi;
  targets: { id: string; name: string }[];
  timeoutMs: number;
  signal?: AbortSignal;
  onEvent?: DeployListener;
  pollMs?: number;
}): Promise<ExecutionReport> {
  const started = Date.now();
  const waited = await waitFor(options.api, options.targets, 'deploy', started + options.timeoutMs, options);
  const services: ServiceOutcome[] = waited.map((outcome) => ({ name: outcome.name, action: 'update', ...finalOf(outcome, started, started) }) as ServiceOutcome);
  const report: ExecutionReport = {
    outcome: finishedOutcome(services, Boolean(options.signal?.aborted)),
    services,
    writes: [],
    cleanup: { removedSecrets: [], removedConfigs: [], prunedRevisions: [] },
    durationMs: 0,
  };
  if (report.outcome !== 'succeeded') report.message = failureMessage(report);
  report.durationMs = Date.now() - started;
  return report;
}

