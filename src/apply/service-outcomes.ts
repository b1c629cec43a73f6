import type { DeployListener } from './events.js';
import type { ServiceOutcome } from './execution-report.js';
import { waitForServices, type WaitOutcome } from './wait.js';
import type { EngineApi } from '../swarm/engine-api.js';

export function setOutcome(outcomes: Map<string, ServiceOutcome>, name: string, patch: Partial<ServiceOutcome>): void {
  const current = outcomes.get(name) ?? { name, action: 'update', phase: 'not-started' as const };
  outcomes.set(name, { ...current, ...patch });
}

export function finalOf(outcome: WaitOutcome, writtenAt: number | undefined, started: number): Partial<ServiceOutcome> {
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

export async function waitFor(
  api: EngineApi,
  targets: { id: string; name: string }[],
  stage: 'deploy' | 'rollback',
  deadline: number,
  options: { signal?: AbortSignal; pollMs?: number; onEvent?: DeployListener } & { untilCompleted?: ReadonlySet<string> },
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
