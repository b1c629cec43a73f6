import type { WrittenService } from './apply-plan.js';
import type { ExecuteOptions } from './execute-plan.js';
import type { ExecutionReport, ServiceOutcome } from './execution-report.js';
import { rollbackOutcome } from './outcome.js';
import { finalOf, waitFor } from './service-outcomes.js';
import { EngineError, type EngineApi } from '../swarm/engine-api.js';
import type { LiveService } from '../swarm/live-types.js';
import * as ops from '../swarm/operations.js';

/**
 * Puts every service the run wrote back to the spec it had when the plan was read (the spec captured in the snapshot,
 * written again with the current version); services the run created are removed. Then waits for them.
 */
export async function rollBackServices(
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
  return { outcome: rollbackOutcome(services), services };
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
