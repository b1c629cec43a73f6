import type { EngineApi } from '../swarm/engine-api.js';
import type { LiveService, LiveTask } from '../swarm/live-types.js';
import { evaluateService, type ServicePhase, type ServiceProgress } from './convergence.js';

/** A service the deploy wrote and now waits for. */
export interface WaitTarget {
  id: string;
  name: string;
}

export interface WaitOptions {
  /** Give up after this long; services not yet terminal end as `timed-out`. */
  timeoutMs: number;
  /** Time between two reads (each read is two list calls, whatever the number of services). */
  intervalMs?: number;
  /** Stops waiting early (Ctrl-C); services not yet terminal keep their last phase. */
  signal?: AbortSignal;
  /**
   * How long a service must stay converged before it counts, when swarm did not monitor it itself (a new
   * service, or an update that restarted nothing): a task that crashes a moment after starting is caught.
   */
  stabilityMs?: number;
  /** Called whenever a service's phase, counts or message change. */
  onProgress?: (progress: ServiceProgress) => void;
}

export type WaitPhase = ServicePhase | 'timed-out' | 'interrupted' | 'removed';

export interface WaitOutcome extends Omit<ServiceProgress, 'phase'> {
  phase: WaitPhase;
  /** Milliseconds from the start of waiting until the service reached its final phase. */
  elapsedMs: number;
}

const TERMINAL = new Set<WaitPhase>(['converged', 'failed', 'rolled-back', 'removed']);

/**
 * Polls the services and their tasks until every one is converged, failed or rolled back, the timeout
 * passes, or the signal aborts. Each poll makes two list calls for all services together.
 */
export async function waitForServices(api: EngineApi, targets: WaitTarget[], options: WaitOptions): Promise<WaitOutcome[]> {
  const started = Date.now();
  const interval = options.intervalMs ?? 500;
  const outcomes = new Map<string, WaitOutcome>();
  const lastSeen = new Map<string, string>();
  // The service's UpdatedAt at the first read after our write marks our write in the server's clock.
  const writtenAt = new Map<string, string>();
  const convergedSince = new Map<string, number>();
  const stabilityMs = options.stabilityMs ?? 3000;
  if (targets.length === 0) return [];
  const ids = targets.map((t) => t.id);
  for (;;) {
    const [services, tasks] = await Promise.all([
      api.get<LiveService[]>('/services', { filters: JSON.stringify({ id: ids }), status: true }),
      api.get<LiveTask[]>('/tasks', { filters: JSON.stringify({ service: ids }) }),
    ]);
    const byId = new Map(services.map((s) => [s.ID, s]));
    for (const target of targets) {
      if (outcomes.has(target.id) && TERMINAL.has(outcomes.get(target.id)!.phase)) continue;
      const service = byId.get(target.id);
      const elapsedMs = Date.now() - started;
      if (!service) {
        outcomes.set(target.id, { serviceId: target.id, name: target.name, phase: 'removed', running: 0, desired: 0, message: 'service was removed while waiting', elapsedMs });
        continue;
      }
      if (!writtenAt.has(target.id)) writtenAt.set(target.id, service.UpdatedAt);
      let progress = evaluateService(service, tasks, { writtenAt: writtenAt.get(target.id) });
      if (progress.phase === 'converged' && !progress.settled) {
        const since = convergedSince.get(target.id) ?? Date.now();
        convergedSince.set(target.id, since);
        if (Date.now() - since < stabilityMs) progress = { ...progress, phase: 'starting', message: 'running, checking that tasks stay up' };
      } else if (progress.phase !== 'converged') {
        convergedSince.delete(target.id);
      }
      outcomes.set(target.id, { ...progress, elapsedMs });
      const key = JSON.stringify([progress.phase, progress.running, progress.desired, progress.completed, progress.message]);
      if (lastSeen.get(target.id) !== key) {
        lastSeen.set(target.id, key);
        options.onProgress?.(progress);
      }
    }
    const pending = targets.filter((t) => !TERMINAL.has(outcomes.get(t.id)?.phase ?? 'starting'));
    if (pending.length === 0) break;
    if (options.signal?.aborted) {
      for (const t of pending) outcomes.set(t.id, { ...outcomes.get(t.id)!, phase: 'interrupted', elapsedMs: Date.now() - started });
      break;
    }
    if (Date.now() - started >= options.timeoutMs) {
      for (const t of pending) {
        const last = outcomes.get(t.id)!;
        outcomes.set(t.id, { ...last, phase: 'timed-out', message: `not converged after ${Math.round(options.timeoutMs / 1000)}s (${last.phase}, ${last.running}/${last.desired} running)`, elapsedMs: Date.now() - started });
      }
      break;
    }
    await sleep(interval, options.signal);
  }
  return targets.map((t) => outcomes.get(t.id)!);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
