import type { EngineApi } from '../swarm/engine-api.js';
import type { LiveNode, LiveService, LiveTask } from '../swarm/live-types.js';
import { isPlacementError } from '../swarm/task-error-kind.js';
import { evaluateService, isJob, PENDING_SETTLE_MS, runsCurrentSpec, tasksLostWith, type ClusterView, type ServicePhase, type ServiceProgress } from './convergence.js';
import { StabilityEvidence } from './stability.js';

/**
 * How long after a node went down a task of the new spec may stay stuck on it: swarm's updater waits for the task
 * it gave that node and does not move on until the node returns, so waiting out --timeout would not help.
 */
export const STUCK_ON_DOWN_NODE_MS = 15_000;

/** How long the waiter leaves the verdict on failing tasks to swarm's failure_action before reporting it itself. */
export const SWARM_VERDICT_MS = 20_000;

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
   * The base window: it grows when the wait sees a slow cluster or failed tasks (StabilityEvidence).
   */
  stabilityMs?: number;
  /** Called whenever a service's phase, counts or message change. */
  onProgress?: (progress: ServiceProgress) => void;
  /**
   * IDs of services that count as converged only once every task completed (a dependency with condition
   * `service_completed_successfully`: a run-once service whose task still runs is not done yet).
   */
  untilCompleted?: ReadonlySet<string>;
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
 * passes, or the signal aborts. Each poll makes three list calls for all services together (services, their
 * tasks, nodes). A node seen up and then down while waiting takes the tasks it ran with it: each service's
 * outcome notes how many it lost there and whether swarm replaced them.
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
  const seenUp = new Set<string>();
  const downSince = new Map<string, number>();
  const hostnames = new Map<string, string>();
  // Service ID → lost task ID → the node it was on.
  const lost = new Map<string, Map<string, string>>();
  // Service ID → when its tasks were first judged unplaceable (reset when the verdict changes).
  const unplaceableSince = new Map<string, number>();
  // Service ID → when its tasks were first seen failing while swarm's failure_action had yet to act.
  const verdictSince = new Map<string, number>();
  const evidence = new StabilityEvidence();
  for (;;) {
    const [services, tasks, nodes] = await Promise.all([
      api.get<LiveService[]>('/services', { filters: JSON.stringify({ id: ids }), status: true }),
      api.get<LiveTask[]>('/tasks', { filters: JSON.stringify({ service: ids }) }),
      api.get<LiveNode[]>('/nodes'),
    ]);
    const byId = new Map(services.map((s) => [s.ID, s]));
    evidence.observe(tasks, byId);
    // A task swarm could not place is judged by what holds the room it needs: that takes every task of the cluster.
    const unplaced = tasks.some((t) => t.Status.State === 'pending' && isPlacementError(t.Status.Err));
    const cluster: ClusterView | undefined = unplaced ? await clusterView(api, nodes) : undefined;
    const wentDown = new Set<string>();
    const downNow = new Set(nodes.filter((n) => n.Status.State === 'down').map((n) => n.ID));
    for (const node of nodes) {
      hostnames.set(node.ID, node.Description?.Hostname || node.ID);
      if (node.Status.State !== 'down') {
        seenUp.add(node.ID);
        downSince.delete(node.ID);
      } else if (seenUp.has(node.ID)) {
        wentDown.add(node.ID);
        if (!downSince.has(node.ID)) downSince.set(node.ID, Date.now());
      }
    }
    for (const target of targets) {
      if (outcomes.has(target.id) && TERMINAL.has(outcomes.get(target.id)!.phase)) continue;
      const service = byId.get(target.id);
      const elapsedMs = Date.now() - started;
      if (!service) {
        outcomes.set(target.id, { serviceId: target.id, name: target.name, phase: 'removed', running: 0, desired: 0, message: 'service was removed while waiting', elapsedMs });
        continue;
      }
      if (!writtenAt.has(target.id)) writtenAt.set(target.id, service.UpdatedAt);
      let progress = evaluateService(service, tasks, { writtenAt: writtenAt.get(target.id), downNodes: downNow, ...(cluster ? { cluster } : {}) });
      if (progress.phase === 'failed' && progress.cause?.kind === 'placement' && cluster) {
        // The verdict must hold for a moment: the scheduler may not have tried again since room was freed.
        const since = unplaceableSince.get(target.id) ?? Date.now();
        unplaceableSince.set(target.id, since);
        if (Date.now() - since < PENDING_SETTLE_MS) {
          progress = { ...progress, phase: service.UpdateStatus?.State === 'updating' ? 'updating' : 'starting', message: `checking whether swarm can still place it: ${progress.message ?? ''}` };
          delete progress.left;
          delete progress.cause;
        }
      } else {
        unplaceableSince.delete(target.id);
      }
      if (progress.phase === 'updating' && progress.cause) {
        // Tasks fail and swarm's failure_action has not acted yet: it does within its monitor period for the tasks
        // its updater watches; when it does not (failed tasks it does not watch), the failure is ours to report.
        const since = verdictSince.get(target.id) ?? Date.now();
        verdictSince.set(target.id, since);
        if (Date.now() - since >= SWARM_VERDICT_MS) progress = { ...progress, phase: 'failed', left: 'in-progress', message: progress.cause.text };
      } else {
        verdictSince.delete(target.id);
      }
      const lostHere = lost.get(target.id) ?? new Map<string, string>();
      for (const task of tasksLostWith(target.id, tasks, wentDown)) lostHere.set(task.ID, task.NodeID!);
      lost.set(target.id, lostHere);
      const notes = lossNotes(lostHere, hostnames, progress.phase === 'converged');
      if (notes.length > 0) {
        progress = { ...progress, notes, ...(progress.phase === 'converged' ? {} : { message: progress.message ?? notes.join('; ') }) };
      }
      const stuckOn = progress.phase === 'converged' ? undefined : stuckNode(service, tasks, wentDown, downSince);
      if (stuckOn) {
        const name = hostnames.get(stuckOn) ?? stuckOn;
        progress = {
          ...progress,
          phase: 'failed',
          message: `${name} went down holding a task of the new spec, and swarm's update waits for that task: it does not move on while ${name} is down`,
        };
      }
      if (progress.phase === 'converged' && options.untilCompleted?.has(target.id) && (progress.completed ?? 0) < progress.desired) {
        progress = { ...progress, phase: 'starting', message: 'running; a service that depends on it waits for it to complete' };
      }
      const window = evidence.windowFor(target.id, stabilityMs);
      // Swarm's word that an update completed rests on its monitor period, which a slow cluster outlasts just the same.
      const vouched = progress.settled && (window.reason === undefined || progress.desired === 0 || isJob(service) !== undefined);
      if (progress.phase === 'converged' && !vouched) {
        const since = convergedSince.get(target.id) ?? Date.now();
        convergedSince.set(target.id, since);
        if (Date.now() - since < window.ms) {
          const message = window.reason
            ? `running, checking that tasks stay up for ${Math.round(window.ms / 1000)}s (${window.reason})`
            : 'running, checking that tasks stay up';
          progress = { ...progress, phase: 'starting', message };
        }
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
        outcomes.set(t.id, { ...last, phase: 'timed-out', left: 'in-progress', message: timedOutMessage(last, options.timeoutMs), elapsedMs: Date.now() - started });
      }
      break;
    }
    await sleep(interval, options.signal);
  }
  return targets.map((t) => outcomes.get(t.id)!);
}

/**
 * `not converged after 30s (starting, 1/1 running): running, checking that tasks stay up for 44s (…)`: where the
 * service stood and what the wait was doing, so that a timeout shorter than the wait's own checks says so.
 */
export function timedOutMessage(last: Pick<WaitOutcome, 'phase' | 'running' | 'desired' | 'message'>, timeoutMs: number): string {
  const stood = `not converged after ${Math.round(timeoutMs / 1000)}s (${last.phase}, ${last.running}/${last.desired} running)`;
  return last.message ? `${stood}: ${last.message}` : stood;
}

/** Every task and service of the cluster: what holds the room a pending task needs, whoever runs it. */
async function clusterView(api: EngineApi, nodes: LiveNode[]): Promise<ClusterView> {
  const [tasks, services] = await Promise.all([api.get<LiveTask[]>('/tasks'), api.get<LiveService[]>('/services')]);
  return { tasks, nodes, services };
}

/**
 * A node that went down at least STUCK_ON_DOWN_NODE_MS ago still holding a task of the service's current spec, while
 * the service has not converged (a replacement elsewhere would have made it converge by then).
 */
function stuckNode(service: LiveService, tasks: LiveTask[], wentDown: ReadonlySet<string>, downSince: ReadonlyMap<string, number>): string | undefined {
  const stuck = tasksLostWith(service.ID, tasks, wentDown).find(
    (t) => runsCurrentSpec(t, service) && Date.now() - (downSince.get(t.NodeID!) ?? Date.now()) >= STUCK_ON_DOWN_NODE_MS,
  );
  return stuck?.NodeID;
}

/** "node4 went down during the rollout with 1 task; swarm replaced it on other nodes", one line per node. */
function lossNotes(lostTasks: ReadonlyMap<string, string>, hostnames: ReadonlyMap<string, string>, replaced: boolean): string[] {
  const perNode = new Map<string, number>();
  for (const node of lostTasks.values()) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  return [...perNode.entries()].map(([node, count]) => {
    const tasks = count === 1 ? '1 task' : `${count} tasks`;
    const them = count === 1 ? 'it' : 'them';
    return `${hostnames.get(node) ?? node} went down with ${tasks}; ${replaced ? `swarm rescheduled ${them} on other nodes` : `swarm is rescheduling ${them}`}`;
  });
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
