import type { LiveService, LiveTask } from '../swarm/live-types.js';
import { isJob, isRunOnce, NOT_ENDED, runsCurrentSpec } from './convergence.js';

/**
 * The stability window grows to this many times the slowest container start of the service seen while waiting. A
 * container that exits at once is reported failed only once its node's engine has handled the exit and its agent
 * has told the manager, and that path slows down with the start: measured on the lab, an exit was reported 0.2 s
 * after running where a start took 0.5-0.8 s (idle), 0.2-0.6 s where it took 0.7-2.9 s (four labs under test,
 * load ~15), 1.1-1.6 s where it took 5.7-7.3 s (engine at 10% of a CPU), 7.5-11 s where it took 22-27 s (3-5%): at most
 * half the start. A CI run at load ~26 reported one 14 s after the container's start began.
 */
export const START_LATENCY_FACTOR = 2;

/** A replacement must outlive the tasks of its spec that failed by this factor before it counts as staying up. */
export const FAILED_LIFETIME_FACTOR = 2;

/** The window never grows beyond this: evidence of a slow cluster should not turn a deploy into a long wait. */
export const MAX_STABILITY_MS = 60_000;

/** How long the waiter watches a converged service, and why it watches longer than its base window. */
export interface StabilityWindow {
  ms: number;
  /** What made the window longer than the base one ("containers took 3.1s to start"), absent when it is the base. */
  reason?: string;
}

/**
 * What a wait has seen of how slowly the cluster reports on tasks, from the agents' own timestamps (so clocks of
 * different hosts never meet in one difference):
 * - container start latency of a service's tasks: from `starting` to `running` for tasks without a health check (with
 *   one, swarm keeps the task `starting` until it is healthy); a start the waiter did not catch in `starting` was
 *   shorter than a poll. Per service: the exit of a task travels the path its start took (its node, its engine);
 * - how long failed tasks of a service's current spec lived: from the first `starting` or `running` the waiter saw
 *   to `failed`.
 * Feed it every poll's tasks; ask it for a service's window.
 */
export class StabilityEvidence {
  private readonly seen = new Set<string>();
  private readonly born = new Set<string>();
  private readonly startingAt = new Map<string, number>();
  private readonly runningAt = new Map<string, number>();
  private readonly counted = new Set<string>();
  private readonly slowestStart = new Map<string, number>();
  /** Service ID → the longest a failed task lived: from running when it was seen running, else from starting. */
  private readonly longestFailedLife = new Map<string, { ms: number; ran: boolean }>();

  /** Records one poll's tasks; `services` gives the current spec each task is compared with. */
  observe(tasks: readonly LiveTask[], services: ReadonlyMap<string, LiveService>): void {
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[i]!;
      const at = Date.parse(task.Status.Timestamp ?? '');
      if (!Number.isFinite(at)) continue;
      const state = task.Status.State;
      // Only tasks this wait saw before they ran: a task already running at the first poll tells nothing of now.
      if (!this.seen.has(task.ID)) {
        this.seen.add(task.ID);
        if (NOT_ENDED.has(state) && state !== 'running') this.born.add(task.ID);
      }
      if (!this.born.has(task.ID)) continue;
      if (state === 'starting' && !this.startingAt.has(task.ID)) this.startingAt.set(task.ID, at);
      if (state === 'running' && !this.runningAt.has(task.ID)) {
        this.runningAt.set(task.ID, at);
        const starting = this.startingAt.get(task.ID);
        if (starting !== undefined && !hasHealthcheck(task)) {
          this.slowestStart.set(task.ServiceID, Math.max(this.slowestStart.get(task.ServiceID) ?? 0, at - starting));
        }
      }
      if (this.counted.has(task.ID)) continue;
      const service = services.get(task.ServiceID);
      if (!service || !stoppedOnItsOwn(task, service)) continue;
      this.counted.add(task.ID);
      const ran = this.runningAt.get(task.ID);
      const began = ran ?? this.startingAt.get(task.ID);
      if (began === undefined || !runsCurrentSpec(task, service)) continue;
      const longest = this.longestFailedLife.get(task.ServiceID);
      if (!longest || at - began > longest.ms) this.longestFailedLife.set(task.ServiceID, { ms: at - began, ran: ran !== undefined });
    }
  }

  /** How long the service must be seen converged: at least `baseMs`, longer on the evidence above. */
  windowFor(serviceId: string, baseMs: number): StabilityWindow {
    const slowestStartMs = this.slowestStart.get(serviceId) ?? 0;
    const fromStart = slowestStartMs * START_LATENCY_FACTOR;
    const failed = this.longestFailedLife.get(serviceId);
    const fromFailures = (failed?.ms ?? 0) * FAILED_LIFETIME_FACTOR;
    const ms = Math.min(MAX_STABILITY_MS, Math.max(baseMs, fromStart, fromFailures));
    if (ms <= baseMs) return { ms: baseMs };
    const reason =
      fromFailures >= fromStart
        ? failed?.ran
          ? `a task of this spec ran ${seconds(failed.ms)} before it failed`
          : `a task of this spec failed ${seconds(failed?.ms ?? 0)} after it began to start`
        : `its containers took up to ${seconds(slowestStartMs)} to start`;
    return { ms, reason };
  }
}

/** A task of a long-running service that stopped by itself: it failed, or exited 0 where that is not its job. */
function stoppedOnItsOwn(task: LiveTask, service: LiveService): boolean {
  if (task.Status.State === 'failed') return true;
  return task.Status.State === 'complete' && isJob(service) === undefined && !isRunOnce(service);
}

function hasHealthcheck(task: LiveTask): boolean {
  const test = task.Spec.ContainerSpec?.Healthcheck?.Test;
  return Array.isArray(test) && test.length > 0 && test[0] !== 'NONE';
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
