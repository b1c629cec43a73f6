import { reportedHostPorts, specHostPorts } from '../plan/host-ports.js';
import { failedConstraint } from '../plan/placement.js';
import type { LiveNode, LiveService, LiveTask } from '../swarm/live-types.js';
import { isPlacementError, taskErrorKind } from '../swarm/task-error-kind.js';

/**
 * Where one service stands after a deploy wrote it. Terminal phases: `converged`, `failed`, `rolled-back`.
 * - `converged`: every desired task runs the current spec (healthy where a healthcheck exists: swarm keeps a
 *   task in `starting` until then), the update completed, and for jobs every completion is done;
 * - `failed`: something is clearly wrong now (image cannot be pulled, no node fits, tasks keep exiting,
 *   health checks keep failing, update paused); waiting longer would not help;
 * - `rolled-back`: swarm rolled the update back (`failure_action: rollback`): a failed deploy.
 */
export type ServicePhase = 'starting' | 'updating' | 'rolling-back' | 'converged' | 'failed' | 'rolled-back';

/**
 * The state swarm left a failed service in (what a user finds when they look):
 * - `paused`: the update is paused on the new spec (failure_action pause); tasks of both specs may run;
 * - `rolled-back`: swarm put the previous spec back (failure_action rollback);
 * - `rollback-paused`: swarm's own rollback paused;
 * - `continuing`: swarm carries on with the update on the new spec (failure_action continue), failing tasks and all;
 * - `updated`: swarm finished the update (the tasks failed only after its monitor period) and keeps restarting them;
 * - `in-progress`: the update (or the new service) stays in progress with tasks that cannot start or be placed;
 * - `new`: a service created by this deploy whose tasks fail.
 */
export type ServiceLeft = 'paused' | 'rolled-back' | 'rollback-paused' | 'continuing' | 'updated' | 'in-progress' | 'new';

/** What made a service fail, from its tasks: the kind, the task's own cause in words, and the task. */
export interface FailureCause {
  kind: 'image' | 'placement' | 'exit' | 'killed' | 'unhealthy' | 'rejected';
  text: string;
  taskId?: string;
}

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
  /** For `failed` and `rolled-back`: the state swarm left the service in. */
  left?: ServiceLeft;
  /** For `failed` and `rolled-back`: the cause found on the tasks, when one was. */
  cause?: FailureCause;
}

/** What the waiter knows of the rest of the cluster when a task of a service waits for a node. */
export interface ClusterView {
  /** Every task of the cluster (all services, all desired states). */
  tasks: LiveTask[];
  nodes: LiveNode[];
  /** Every service of the cluster: which host-mode ports a task publishes when its agent did not report them. */
  services?: LiveService[];
}

/** After this many ended tasks on the current spec, a service whose tasks keep stopping counts as failed. */
export const FAILED_TASKS_LIMIT = 2;

/**
 * Why the scheduler left a task pending: "no suitable node (…)" for a task it had to place, the bare filter reason
 * ("host-mode port already in use on 1 node") for a task already bound to its node (global services).
 */
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

/** Which kind of job the service is, or undefined for a long-running service. */
export function isJob(service: LiveService): 'replicated-job' | 'global-job' | undefined {
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
  options: { writtenAt?: string; hasHealthcheck?: boolean; now?: number; downNodes?: ReadonlySet<string>; cluster?: ClusterView } = {},
): ServiceProgress {
  const name = service.Spec.Name ?? service.ID;
  const own = tasks.filter((t) => t.ServiceID === service.ID);
  const job = isJob(service);
  const jobIteration = service.JobStatus?.JobIteration?.Index;
  const current = own.filter(
    (t) => runsCurrentSpec(t, service) && (job === undefined || jobIteration === undefined || t.JobIteration?.Index === jobIteration),
  );
  // Raw count (extra tasks still to stop keep the service from converging) and the shown one (progressCounts).
  const runningTasks = current.filter((t) => t.DesiredState === 'running' && t.Status.State === 'running').length;
  // A replicated service whose restart policy does not restart a task that exited 0 (condition none or on-failure)
  // may run once and complete: a completed task of the current spec counts as done, not as a failure.
  const runOnce = job === undefined && isRunOnce(service);
  const completed = job || runOnce ? current.filter((t) => t.Status.State === 'complete' && t.DesiredState !== 'running').length : undefined;
  const { running, desired } = progressCounts(service, own, current, job);
  const base = { serviceId: service.ID, name, running, desired, ...(completed === undefined ? {} : { completed }) };

  const writtenAt = Date.parse(options.writtenAt ?? service.UpdatedAt ?? '') || 0;
  const update = currentUpdateState(service, writtenAt);
  const hasHealthcheck = options.hasHealthcheck ?? Boolean(service.Spec.TaskTemplate.ContainerSpec?.Healthcheck);
  const now = options.now ?? Date.now();
  const isFresh = (t: LiveTask): boolean =>
    (!t.CreatedAt || Date.parse(t.CreatedAt) >= writtenAt - 1000) && !(t.NodeID !== undefined && options.downNodes?.has(t.NodeID));
  if (update === 'rollback_completed') {
    // The tasks of the spec that failed no longer run the current spec: swarm put the previous one back.
    const cause = namedTaskCause(service, own, hasHealthcheck) ?? lastEndedCause(own.filter((t) => !runsCurrentSpec(t, service) && isFresh(t)), service, hasHealthcheck);
    return { ...base, phase: 'rolled-back', left: 'rolled-back', ...causeFields(cause), message: cause ? cause.text : `update failed and was rolled back${updateMessage(service)}` };
  }
  // Only tasks created by this write count as evidence of failure: earlier failures of an unchanged template do not.
  // Tasks on a node that is down ended with their node, not by failing: no evidence against the spec.
  const fresh = current.filter(isFresh);
  const failure = taskFailure(fresh, service, job ?? (runOnce ? 'run-once' : undefined), hasHealthcheck, now, options.cluster);
  if (update === 'paused' || update === 'rollback_paused') {
    // Swarm's message names the task that made it pause ("update paused due to failure or early termination of task
    // X"): that task's own cause is what a user can act on.
    const cause = namedTaskCause(service, own, hasHealthcheck) ?? failure;
    const left: ServiceLeft = update === 'paused' ? 'paused' : 'rollback-paused';
    return { ...base, phase: 'failed', left, ...causeFields(cause), message: cause ? cause.text : `update paused${updateMessage(service)}` };
  }
  // While swarm's updater may still pause or roll back on its own (a task that failed during its monitor period),
  // its verdict is the one to report; tasks it can never place or pull it does not judge in time.
  const failureAction = service.Spec.UpdateConfig?.FailureAction || 'pause';
  const swarmDecides =
    update === 'rollback_started' || (update === 'updating' && failureAction !== 'continue' && failure !== undefined && failure.kind !== 'placement');
  if (failure && !swarmDecides) {
    const left: ServiceLeft =
      failure.kind === 'placement'
        ? update === 'updating' || service.PreviousSpec
          ? 'in-progress'
          : 'new'
        : failureAction === 'continue' && (update === 'updating' || update === 'completed')
          ? 'continuing'
          : update === 'completed'
            ? 'updated'
            : update === 'updating' || service.PreviousSpec
              ? 'in-progress'
              : 'new';
    return { ...base, phase: 'failed', left, ...causeFields(failure), message: failure.text };
  }

  if (update === 'rollback_started') {
    const cause = namedTaskCause(service, own, hasHealthcheck);
    return { ...base, phase: 'rolling-back', message: cause ? `rolling back: ${cause.text}` : `rolling back${updateMessage(service)}` };
  }
  const updating = update === 'updating';
  const waitingFor = pendingNote(fresh, service, now, options.cluster);
  if (swarmDecides && failure) {
    return { ...base, phase: 'updating', ...causeFields(failure), message: `${failure.text}; waiting for swarm's failure_action ${failureAction}` };
  }

  const note = waitingFor ? { message: waitingFor } : {};
  if (job) {
    const total = desired;
    if (!updating && (completed ?? 0) >= total) return { ...base, phase: 'converged', settled: true };
    return { ...base, phase: updating ? 'updating' : 'starting', ...note };
  }
  const staleRunning = own.some((t) => !current.includes(t) && t.Status.State === 'running' && t.DesiredState === 'running');
  if (!updating && running + (completed ?? 0) >= desired && runningTasks <= desired && !staleRunning) {
    // Swarm's word counts only once every task has run for a moment of its own: with a short update monitor on a
    // busy node, swarm completes the update while a container that exits at once is still reported running.
    const upFor = current
      .filter((t) => t.DesiredState === 'running' && t.Status.State === 'running')
      .map((t) => now - (Date.parse(t.Status.Timestamp ?? '') || now));
    const settled = desired === 0 || (update === 'completed' && upFor.every((ms) => ms >= SETTLED_UPTIME_MS));
    return { ...base, phase: 'converged', settled };
  }
  return { ...base, phase: updating ? 'updating' : 'starting', ...note };
}

function causeFields(cause: FailureCause | undefined): { cause?: FailureCause } {
  if (!cause) return {};
  return { cause: { kind: cause.kind, text: cause.text, ...(cause.taskId ? { taskId: cause.taskId } : {}) } };
}

/** The cause of the task swarm's update message names ("... early termination of task X"), when it is known. */
function namedTaskCause(service: LiveService, own: LiveTask[], hasHealthcheck: boolean): FailureCause | undefined {
  const id = /\btask ([a-z0-9]+)/i.exec(service.UpdateStatus?.Message ?? '')?.[1];
  if (!id) return undefined;
  const task = own.find((t) => t.ID === id || t.ID.startsWith(id));
  return task ? describeTask(task, service, hasHealthcheck) : undefined;
}

function lastEndedCause(tasks: LiveTask[], service: LiveService, hasHealthcheck: boolean): FailureCause | undefined {
  const ended = tasks.filter((t) => ENDED.has(t.Status.State) && t.Status.State !== 'shutdown');
  const last = [...ended].sort((a, b) => (a.Status.Timestamp ?? '').localeCompare(b.Status.Timestamp ?? '')).at(-1);
  return last ? describeTask(last, service, hasHealthcheck) : undefined;
}

/** One task's own cause of failure, in words. */
export function describeTask(task: LiveTask, service: LiveService, hasHealthcheck: boolean): FailureCause {
  const taskId = task.ID;
  const err = task.Status.Err ?? '';
  const image = task.Spec.ContainerSpec?.Image ?? service.Spec.TaskTemplate.ContainerSpec?.Image ?? '';
  if (taskErrorKind(err) === 'image') return { kind: 'image', text: `image cannot be pulled: ${image} (${err})`, taskId };
  if (task.Status.State === 'pending' && err) return { kind: 'placement', text: `cannot be placed: ${err}`, taskId };
  if (task.Status.State === 'rejected') return { kind: 'rejected', text: `task rejected: ${err || 'no reason given'}`, taskId };
  const exitCode = exitCodeOf(task);
  if (exitCode === 137) return { kind: 'killed', text: 'task killed (exit code 137: out of memory or SIGKILL)', taskId };
  if (hasHealthcheck && (exitCode === 0 || exitCode === undefined || task.Status.State === 'complete')) {
    return { kind: 'unhealthy', text: 'health check failing: the task was stopped before it became healthy', taskId };
  }
  return { kind: 'exit', text: `task exited with code ${exitCode ?? 'unknown'}${err && taskErrorKind(err) !== 'non-zero-exit' ? ` (${err})` : ''}`, taskId };
}

/**
 * A task's exit code: the agent's container status, else the code in swarm's error ("task: non-zero exit (3)"). The
 * agent's container report is best effort, as its port report is; the error comes from the container's own exit.
 */
export function exitCodeOf(task: LiveTask): number | undefined {
  const reported = task.Status.ContainerStatus?.ExitCode;
  if (reported !== undefined && reported !== 0) return reported;
  const fromErr = /non-zero exit \((\d+)\)/.exec(task.Status.Err ?? '')?.[1];
  return fromErr !== undefined ? Number(fromErr) : reported;
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

/**
 * The counts of a progress line (`updating 2/3`): running tasks of the new spec, one per replica slot (one per node
 * for a global service), never above desired. During a start-first update a slot briefly runs two tasks, and the
 * daemon's DesiredTasks of a global service counts every task meant to run, old and new (4 on 3 nodes): a global
 * service wants one task per node that has a task meant to run.
 */
export function progressCounts(
  service: LiveService,
  own: LiveTask[],
  current: LiveTask[],
  job: 'replicated-job' | 'global-job' | undefined,
): { running: number; desired: number } {
  let desired = desiredTasks(service, job);
  if (service.Spec.Mode.Global && !job) {
    const nodes = new Set(own.filter((t) => t.DesiredState === 'running' && t.NodeID).map((t) => t.NodeID));
    if (nodes.size > 0) desired = Math.min(desired, nodes.size);
  }
  const slotOf = (t: LiveTask): string => (service.Spec.Mode.Global ? `node:${t.NodeID ?? t.ID}` : t.Slot === undefined ? `task:${t.ID}` : `slot:${t.Slot}`);
  const slots = new Set(current.filter((t) => t.DesiredState === 'running' && t.Status.State === 'running').map(slotOf));
  return { running: Math.min(slots.size, desired), desired };
}

function updateMessage(service: LiveService): string {
  const message = service.UpdateStatus?.Message;
  return message ? `: ${message}` : '';
}

/** The most telling failure among the current spec's tasks, or undefined while nothing is clearly wrong. */
function taskFailure(
  current: LiveTask[],
  service: LiveService,
  job: string | undefined,
  hasHealthcheck: boolean,
  now: number,
  cluster: ClusterView | undefined,
): FailureCause | undefined {
  const image = service.Spec.TaskTemplate.ContainerSpec?.Image ?? '';
  const rejectedImage = current.find((t) => taskErrorKind(t.Status.Err) === 'image');
  if (rejectedImage) return { kind: 'image', text: `image cannot be pulled: ${image} (${rejectedImage.Status.Err})`, taskId: rejectedImage.ID };

  for (const task of current) {
    if (task.Status.State !== 'pending' || !isPlacementError(task.Status.Err) || waitingForNodes(task, now)) continue;
    const verdict = judgePending(task, service, current, now, cluster);
    if (verdict.changing) continue;
    return { kind: 'placement', text: `cannot be placed: ${placementReason(task, service, cluster)}${verdict.why ? `; ${verdict.why}` : ''}`, taskId: task.ID };
  }

  const ended = current.filter((t) => ENDED.has(t.Status.State) && t.Status.State !== 'shutdown' && !(job && t.Status.State === 'complete'));
  if (ended.length < FAILED_TASKS_LIMIT) return undefined;
  const last = [...ended].sort((a, b) => (a.Status.Timestamp ?? '').localeCompare(b.Status.Timestamp ?? '')).at(-1);
  if (!last) return undefined;
  const cause = describeTask(last, service, hasHealthcheck);
  const exitCode = exitCodeOf(last);
  const text =
    cause.kind === 'rejected'
      ? `tasks are rejected: ${last.Status.Err ?? 'no reason given'}`
      : cause.kind === 'killed'
        ? `tasks are killed (exit code 137: out of memory or SIGKILL), ${ended.length} so far`
        : cause.kind === 'unhealthy'
          ? `health check failing: ${ended.length} tasks stopped before becoming healthy`
          : `tasks keep exiting (exit code ${exitCode ?? 'unknown'}${last.Status.Err ? `: ${last.Status.Err}` : ''}), ${ended.length} so far`;
  return { ...cause, text };
}

/**
 * How long a verdict "nothing will free room" must hold before a pending task counts as unplaceable: the scheduler
 * tries pending tasks again only when something changes, and a task that just stopped needs that moment.
 */
export const PENDING_SETTLE_MS = 3000;

/** How long every task must have run before swarm's completed update is taken as proof that they stay up. */
export const SETTLED_UPTIME_MS = 3000;

const PLACED = new Set(['assigned', 'accepted', 'preparing', 'ready', 'starting']);
const UNPLACED = new Set(['new', 'allocated', 'pending']);
export const NOT_ENDED = new Set(['new', 'allocated', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running']);

/**
 * Whether a task the scheduler could not place ("no suitable node (...)") can still be placed without anyone acting,
 * judged by what holds the room it needs on the nodes its constraints allow:
 * - tasks shutting down there (desired state past running, not ended yet: a removed stack's containers stopping,
 *   old tasks of a stop-first update) hold host-mode ports and reservations until they stop: it changes;
 * - old tasks of this service in a running update: with `stop-first` the updater stops them; with `start-first` it
 *   stops one only after its new task runs, so only while some new task is placed and starting;
 * - a task that ended there a moment ago: the scheduler has not tried again yet;
 * otherwise nothing will free room (ports held by running tasks, reservations of other services, constraints no
 * node satisfies): it cannot change, and `why` says what holds it.
 * Without a view of the cluster, only the service's own tasks are known.
 */
export function judgePending(
  task: LiveTask,
  service: LiveService,
  current: LiveTask[],
  now: number,
  cluster: ClusterView | undefined,
): { changing: boolean; why?: string; waitingFor?: string } {
  if (!cluster) return { changing: false };
  const err = task.Status.Err ?? '';
  const constraints = service.Spec.TaskTemplate.Placement?.Constraints ?? [];
  // A global service's task is bound to its node: only that node can free room for it.
  const bound = service.Spec.Mode.Global ? task.NodeID : undefined;
  const eligible = cluster.nodes.filter(
    (n) =>
      (bound === undefined || n.ID === bound) && n.Status.State === 'ready' && n.Spec.Availability === 'active' && failedConstraint(n, constraints) === undefined,
  );
  const hostname = (id: string | undefined): string => cluster.nodes.find((n) => n.ID === id)?.Description?.Hostname ?? id ?? '?';
  const onEligible = (t: LiveTask): boolean => eligible.some((n) => n.ID === t.NodeID);
  const recentlyChanged = (t: LiveTask): boolean => now - (Date.parse(t.Status.Timestamp ?? '') || 0) < PENDING_SETTLE_MS;
  if (eligible.length === 0) return { changing: false, why: 'no ready, active node satisfies the constraints' };

  // More tasks of the service need a host-mode port than there are nodes that could ever hold it: no rolling
  // update or stopping task changes that.
  const ports = specHostPorts(service.Spec);
  if (ports.length > 0 && !service.Spec.Mode.Global) {
    const foreign = new Set(
      cluster.tasks
        .filter((t) => t.ServiceID !== service.ID && t.DesiredState === 'running' && heldHostPorts(t, service, cluster).some((p) => ports.includes(p)))
        .map((t) => t.NodeID),
    );
    const room = eligible.filter((n) => !foreign.has(n.ID)).length;
    const wanted = service.Spec.Mode.Replicated?.Replicas ?? 1;
    if (wanted > room) {
      return { changing: false, why: `${wanted} replicas need host-mode port ${ports.join(', ')} and only ${room} eligible node${room === 1 ? '' : 's'} can ever hold it` };
    }
  }
  const stopping = cluster.tasks.filter((t) => t.DesiredState !== 'running' && t.DesiredState !== 'ready' && NOT_ENDED.has(t.Status.State) && t.Status.State !== 'pending' && onEligible(t));
  if (stopping.length > 0) {
    const nodes = [...new Set(stopping.map((t) => hostname(t.NodeID)))].sort();
    return { changing: true, waitingFor: `waiting for ${stopping.length === 1 ? '1 task' : `${stopping.length} tasks`} stopping on ${nodes.join(', ')} to free room` };
  }
  const updating = ['updating', 'rollback_started'].includes(service.UpdateStatus?.State ?? '');
  const config = service.UpdateStatus?.State === 'rollback_started' ? service.Spec.RollbackConfig : service.Spec.UpdateConfig;
  const startFirst = config?.Order === 'start-first';
  const old = cluster.tasks.filter((t) => t.ServiceID === service.ID && t.DesiredState === 'running' && !runsCurrentSpec(t, service) && onEligible(t));
  if (updating && old.length > 0) {
    if (!startFirst) return { changing: true, waitingFor: 'waiting for the rolling update to stop old tasks' };
    const starting = current.filter((t) => t.ID !== task.ID && PLACED.has(t.Status.State));
    if (starting.length > 0) return { changing: true, waitingFor: 'waiting for new tasks to start so that the update stops old ones' };
  }
  // A task that ended there a moment ago freed room the scheduler has not tried yet.
  if (cluster.tasks.some((t) => onEligible(t) && !NOT_ENDED.has(t.Status.State) && recentlyChanged(t))) {
    return { changing: true, waitingFor: 'waiting for swarm to place it where a task just stopped' };
  }
  let why: string;
  const kind = taskErrorKind(err);
  if (kind === 'host-port') {
    why =
      updating && startFirst && old.length > 0
        ? 'nothing will free the port: the update is start-first, so swarm stops an old task only after its new task runs, and the old tasks hold the port on every eligible node'
        : 'nothing will free the port: running tasks that are not being stopped hold it on every eligible node';
  } else if (kind === 'resources') {
    why = updating && startFirst && old.length > 0
      ? 'nothing will free the reservations: the update is start-first, and the old tasks keep theirs until the new ones run'
      : 'nothing will free the reservations: running tasks that are not being stopped hold them';
  } else if (kind === 'max-replicas') {
    why = updating && startFirst && old.length > 0
      ? 'the update is start-first: old tasks count towards max_replicas_per_node until their new task runs'
      : 'every eligible node already runs max_replicas_per_node tasks of the service';
  } else {
    why = 'nothing in the cluster is changing that would let swarm place it';
  }
  return { changing: false, why };
}

/**
 * Why the scheduler leaves a task pending, in words that name what it needs: swarm's own text says "host-mode port
 * already in use on 1 node" without the port, so a port reason names the service's host-mode ports and the nodes
 * whose tasks hold them, and keeps swarm's text after it.
 */
export function placementReason(task: LiveTask, service: LiveService, cluster: ClusterView | undefined): string {
  const err = task.Status.Err ?? '';
  const ports = specHostPorts(service.Spec);
  if (taskErrorKind(err) !== 'host-port' || ports.length === 0) return err;
  const holders = cluster ? portHolders(task, service, ports, cluster) : [];
  const where = holders.length > 0 ? ` on ${holders.join(', ')}` : '';
  return `host-mode port ${ports.join(', ')} is in use${where} (swarm: ${err})`;
}

/** The hostnames of the nodes where placed tasks hold one of `ports` for the pending `task`, sorted. */
function portHolders(task: LiveTask, service: LiveService, ports: string[], cluster: ClusterView): string[] {
  const holders = new Set<string>();
  for (const t of cluster.tasks) {
    if (t.ID === task.ID || !t.NodeID) continue;
    // A global task waits for its own node only.
    if (service.Spec.Mode.Global && task.NodeID && t.NodeID !== task.NodeID) continue;
    if (heldHostPorts(t, service, cluster).some((p) => ports.includes(p))) holders.add(cluster.nodes.find((n) => n.ID === t.NodeID)?.Description?.Hostname ?? t.NodeID);
  }
  return [...holders].sort();
}

/**
 * The host-mode ports a placed task holds: those its agent reported, and those its service publishes for the spec the
 * task runs. The agent's report is best effort (swarmkit leaves it out when inspecting the container fails, which a
 * loaded engine does), so a task that runs without one still holds its service's ports, as the scheduler counts them.
 */
function heldHostPorts(task: LiveTask, service: LiveService, cluster: ClusterView): string[] {
  if (!NOT_ENDED.has(task.Status.State) || UNPLACED.has(task.Status.State)) return [];
  const held = new Set(reportedHostPorts(task));
  const owner = task.ServiceID === service.ID ? service : cluster.services?.find((s) => s.ID === task.ServiceID);
  if (owner) {
    // A task of an older spec runs what the previous spec published; comparing specs only when the ports differ
    // keeps this cheap on a cluster of thousands of tasks.
    const current = specHostPorts(owner.Spec);
    const previous = owner.PreviousSpec ? specHostPorts(owner.PreviousSpec) : current;
    for (const port of current.join() === previous.join() || runsCurrentSpec(task, owner) ? current : previous) held.add(port);
  }
  return [...held];
}

/** What a pending task of the service waits for, when it waits for something that will change. */
function pendingNote(current: LiveTask[], service: LiveService, now: number, cluster: ClusterView | undefined): string | undefined {
  for (const task of current) {
    if (task.Status.State !== 'pending' || !isPlacementError(task.Status.Err)) continue;
    if (waitingForNodes(task, now)) return `waiting for nodes to become available (${task.Status.Err})`;
    const verdict = judgePending(task, service, current, now, cluster);
    if (verdict.waitingFor) return `${verdict.waitingFor} (${placementReason(task, service, cluster)})`;
  }
  return undefined;
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
  if (taskErrorKind(task.Status.Err) !== 'nodes-unavailable') return false;
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
