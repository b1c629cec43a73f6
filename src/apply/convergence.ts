import type { LiveService, LiveTask } from '../swarm/live-types.js';

/**
 * Where one service stands after a deploy wrote it. Terminal phases: `converged`, `failed`, `rolled-back`.
 * - `converged`: every desired task runs the current spec (healthy where a healthcheck exists: swarm keeps a
 *   task in `starting` until then), the update completed, and for jobs every completion is done;
 * - `failed`: something is clearly wrong now (image cannot be pulled, no node fits, tasks keep exiting,
 *   health checks keep failing, update paused); waiting longer would not help;
 * - `rolled-back`: swarm rolled the update back (`failure_action: rollback`): a failed deploy.
 */
export type ServicePhase = 'starting' | 'updating' | 'rolling-back' | 'converged' | 'failed' | 'rolled-back';

export interface ServiceProgress {
  serviceId: string;
  name: string;
  phase: ServicePhase;
  /** Tasks running the current spec. */
  running: number;
  /** Tasks the service wants (replicas, eligible nodes of a global service, or completions of a job). */
  desired: number;
  /** Completed tasks of the current job iteration (jobs only). */
  completed?: number;
  /** One line saying why, for failed and rolled-back services, or what is happening now. */
  message?: string;
  /**
   * For `converged`: whether swarm itself vouched for stability (its updater completed after its monitor
   * period, a job completed, nothing to run). When false, the waiter watches a little longer before believing it.
   */
  settled?: boolean;
  /** What happened to the service's tasks along the way that the phase does not say (a node went down). */
  notes?: string[];
}

/** After this many ended tasks on the current spec, a service whose tasks keep stopping counts as failed. */
export const FAILED_TASKS_LIMIT = 2;

const IMAGE_ERRORS = [/no such image/i, /pull access denied/i, /manifest unknown/i, /not found: manifest/i, /repository does not exist/i, /invalid reference format/i];
const ENDED = new Set(['complete', 'failed', 'shutdown', 'rejected', 'orphaned', 'remove']);

/** True when a task was created from the service's current task template. */
export function runsCurrentSpec(task: LiveTask, service: LiveService): boolean {
  return stableJson(comparableTaskSpec(task.Spec)) === stableJson(comparableTaskSpec(service.Spec.TaskTemplate));
}

/**
 * The daemon stores `Runtime: "container"` on the service but not on its tasks; it carries no difference.
 * Placement is left out too: swarm keeps a task whose node still satisfies new constraints (swarmkit IsTaskDirty),
 * so after a placement-only update the kept tasks hold the old placement yet run the current spec; tasks on nodes
 * that no longer qualify are shut down and stop counting as running.
 */
function comparableTaskSpec(spec: LiveTask['Spec']): LiveTask['Spec'] {
  const { Runtime: _runtime, Placement: _placement, ...rest } = spec as LiveTask['Spec'] & { Placement?: unknown };
  return rest as LiveTask['Spec'];
}

function isJob(service: LiveService): 'replicated-job' | 'global-job' | undefined {
  if (service.Spec.Mode.ReplicatedJob) return 'replicated-job';
  if (service.Spec.Mode.GlobalJob) return 'global-job';
  return undefined;
}

/** The update status, unless it belongs to an update that started before our write. */
function currentUpdateState(service: LiveService, writtenAt: number): string | undefined {
  const status = service.UpdateStatus;
  if (!status?.State) return undefined;
  if (status.StartedAt && Date.parse(status.StartedAt) + 1000 < writtenAt) return undefined;
  return status.State;
}

/**
 * Pure evaluation of one service from a fresh read of it (with `status=true`) and its tasks.
 * `writtenAt` is the service's UpdatedAt as first seen after our write (server clock): update states and
 * failed tasks older than that belong to earlier deploys. `hasHealthcheck` only changes the wording of failures.
 */
export function evaluateService(
  service: LiveService,
  tasks: LiveTask[],
  options: { writtenAt?: string; hasHealthcheck?: boolean; now?: number; downNodes?: ReadonlySet<string> } = {},
): ServiceProgress {
  const name = service.Spec.Name ?? service.ID;
  const own = tasks.filter((t) => t.ServiceID === service.ID);
  const job = isJob(service);
  const jobIteration = service.JobStatus?.JobIteration?.Index;
  const current = own.filter(
    (t) => runsCurrentSpec(t, service) && (job === undefined || jobIteration === undefined || t.JobIteration?.Index === jobIteration),
  );
  const running = current.filter((t) => t.DesiredState === 'running' && t.Status.State === 'running').length;
  // A replicated service whose restart policy does not restart a task that exited 0 (condition none or on-failure)
  // may run once and complete: a completed task of the current spec counts as done, not as a failure.
  const runOnce = job === undefined && isRunOnce(service);
  const completed = job || runOnce ? current.filter((t) => t.Status.State === 'complete' && t.DesiredState !== 'running').length : undefined;
  const desired = desiredTasks(service, job);
  const base = { serviceId: service.ID, name, running, desired, ...(completed === undefined ? {} : { completed }) };

  const writtenAt = Date.parse(options.writtenAt ?? service.UpdatedAt ?? '') || 0;
  const update = currentUpdateState(service, writtenAt);
  if (update === 'rollback_completed') {
    return { ...base, phase: 'rolled-back', message: `update failed and was rolled back${updateMessage(service)}` };
  }
  // Only tasks created by this write count as evidence of failure: earlier failures of an unchanged template do not.
  // Tasks on a node that is down ended with their node, not by failing: no evidence against the spec.
  const fresh = current.filter(
    (t) => (!t.CreatedAt || Date.parse(t.CreatedAt) >= writtenAt - 1000) && !(t.NodeID !== undefined && options.downNodes?.has(t.NodeID)),
  );
  const failure = taskFailure(fresh, service, job ?? (runOnce ? 'run-once' : undefined), options.hasHealthcheck ?? Boolean(service.Spec.TaskTemplate.ContainerSpec?.Healthcheck), options.now ?? Date.now());
  if (update === 'paused' || update === 'rollback_paused') {
    // The task that made swarm pause says more than "paused" (an image that cannot be pulled, say).
    return { ...base, phase: 'failed', message: failure ? `${failure}; swarm paused the update` : `update paused${updateMessage(service)}` };
  }
  // While swarm's updater may still roll back on its own, its verdict is the one to report.
  const swarmDecides = update === 'rollback_started' || (update === 'updating' && service.Spec.UpdateConfig?.FailureAction === 'rollback');
  if (failure && !swarmDecides) return { ...base, phase: 'failed', message: failure };

  if (update === 'rollback_started') return { ...base, phase: 'rolling-back', message: `rolling back${updateMessage(service)}` };
  const updating = update === 'updating';

  if (job) {
    const total = desired;
    if (!updating && (completed ?? 0) >= total) return { ...base, phase: 'converged', settled: true };
    return { ...base, phase: updating ? 'updating' : 'starting' };
  }
  const staleRunning = own.some((t) => !current.includes(t) && t.Status.State === 'running' && t.DesiredState === 'running');
  if (!updating && running + (completed ?? 0) >= desired && running <= desired && !staleRunning) {
    return { ...base, phase: 'converged', settled: update === 'completed' || desired === 0 };
  }
  return { ...base, phase: updating ? 'updating' : 'starting' };
}

/** Restart policy none or on-failure: a task that exits 0 is not restarted (docker compose's one-off job). */
export function isRunOnce(service: LiveService): boolean {
  const condition = service.Spec.TaskTemplate.RestartPolicy?.Condition;
  return condition === 'none' || condition === 'on-failure';
}

function desiredTasks(service: LiveService, job: 'replicated-job' | 'global-job' | undefined): number {
  const status = service.ServiceStatus;
  if (job === 'replicated-job') return service.Spec.Mode.ReplicatedJob?.TotalCompletions ?? service.Spec.Mode.ReplicatedJob?.MaxConcurrent ?? 1;
  if (job === 'global-job') return (status?.DesiredTasks ?? 0) + (status?.CompletedTasks ?? 0);
  if (status?.DesiredTasks !== undefined) return status.DesiredTasks;
  return service.Spec.Mode.Replicated?.Replicas ?? 1;
}

function updateMessage(service: LiveService): string {
  const message = service.UpdateStatus?.Message;
  return message ? `: ${message}` : '';
}

/** The most telling failure among the current spec's tasks, in words, or undefined while nothing is clearly wrong. */
function taskFailure(
  current: LiveTask[],
  service: LiveService,
  job: string | undefined,
  hasHealthcheck: boolean,
  now: number,
): string | undefined {
  const image = service.Spec.TaskTemplate.ContainerSpec?.Image ?? '';
  const rejectedImage = current.find((t) => t.Status.Err && IMAGE_ERRORS.some((re) => re.test(t.Status.Err ?? '')));
  if (rejectedImage) return `image cannot be pulled: ${image} (${rejectedImage.Status.Err})`;

  const unschedulable = current.find(
    (t) => t.Status.State === 'pending' && /no suitable node/i.test(t.Status.Err ?? '') && !waitingForNodes(t, now),
  );
  if (unschedulable) return `cannot be placed: ${unschedulable.Status.Err}`;

  const ended = current.filter((t) => ENDED.has(t.Status.State) && t.Status.State !== 'shutdown' && !(job && t.Status.State === 'complete'));
  if (ended.length < FAILED_TASKS_LIMIT) return undefined;
  const last = [...ended].sort((a, b) => (a.Status.Timestamp ?? '').localeCompare(b.Status.Timestamp ?? '')).at(-1);
  if (!last) return undefined;
  const exitCode = last.Status.ContainerStatus?.ExitCode;
  if (last.Status.State === 'rejected') return `tasks are rejected: ${last.Status.Err ?? 'no reason given'}`;
  if (exitCode === 137) return `tasks are killed (exit code 137: out of memory or SIGKILL), ${ended.length} so far`;
  if (hasHealthcheck && (exitCode === 0 || exitCode === undefined || last.Status.State === 'complete')) {
    return `health check failing: ${ended.length} tasks stopped before becoming healthy`;
  }
  return `tasks keep exiting (exit code ${exitCode ?? 'unknown'}${last.Status.Err ? `: ${last.Status.Err}` : ''}), ${ended.length} so far`;
}

/**
 * Tasks of a service that were placed on one of `downNodes` and had not ended there: their node went away with them
 * (their status stays the last one the node reported).
 */
export function tasksLostWith(serviceId: string, tasks: LiveTask[], downNodes: ReadonlySet<string>): LiveTask[] {
  return tasks.filter((t) => t.ServiceID === serviceId && t.NodeID !== undefined && downNodes.has(t.NodeID) && !ENDED.has(t.Status.State));
}

/** How long a task may wait for nodes that are only unavailable (not unsuitable) before it counts as unplaceable. */
export const NODE_WAIT_MS = 30_000;

/**
 * A task that cannot be placed while some nodes are not available (yet): right after a leader change every node
 * must register with the new leader's dispatcher, and a node that restarts takes a moment. Not a failure for a while.
 */
function waitingForNodes(task: LiveTask, now: number): boolean {
  if (!/not available for new tasks/i.test(task.Status.Err ?? '')) return false;
  const created = Date.parse(task.CreatedAt ?? '');
  return Number.isFinite(created) && now - created < NODE_WAIT_MS;
}

/** JSON with object keys sorted, so two specs compare equal whatever order the daemon wrote their keys in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
