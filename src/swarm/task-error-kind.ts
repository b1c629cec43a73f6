/**
 * What a task's status error (`Status.Err`, written by swarm's scheduler or the node's executor) means for stack,
 * read here so that no code outside swarm/ looks at swarm's words, like engine-error-kind.ts for API answers.
 * The texts come from swarmkit's scheduler filters (manager/scheduler/filter.go) and the container executor.
 */
export type TaskErrorKind =
  /** The scheduler found no node for it: a host-mode port is taken on every node it could use. */
  | 'host-port'
  /** No node has the CPU or memory the task reserves left. */
  | 'resources'
  /** Every node it could use already runs max_replicas_per_node tasks of the service. */
  | 'max-replicas'
  /** No node is available for new tasks right now (a leader change, nodes restarting): may change by itself. */
  | 'nodes-unavailable'
  /** Any other reason the scheduler gives for leaving it pending (constraints, platform). */
  | 'unplaceable'
  /** The node could not get the image: unknown tag, denied, malformed reference. */
  | 'image'
  /** Swarm's generic text for a container that exited with a code other than 0 (the code is in ContainerStatus). */
  | 'non-zero-exit'
  /** Anything else, or no error. */
  | 'other';

const PLACEMENT: ReadonlyArray<[RegExp, TaskErrorKind]> = [
  [/host-mode port already in use/i, 'host-port'],
  [/insufficient resources on/i, 'resources'],
  [/max replicas per node/i, 'max-replicas'],
  [/not available for new tasks/i, 'nodes-unavailable'],
  [/no suitable node|scheduling constraints not satisfied|unsupported platform/i, 'unplaceable'],
];

const IMAGE = [/no such image/i, /pull access denied/i, /manifest unknown/i, /not found: manifest/i, /repository does not exist/i, /invalid reference format/i];

/** The kind of a task status error; an empty or missing error is `other`. */
export function taskErrorKind(err: string | undefined): TaskErrorKind {
  if (!err) return 'other';
  if (IMAGE.some((re) => re.test(err))) return 'image';
  for (const [re, kind] of PLACEMENT) if (re.test(err)) return kind;
  if (/non-zero exit/.test(err)) return 'non-zero-exit';
  return 'other';
}

/** True for the kinds the scheduler gives a task it leaves pending because it cannot place it. */
export function isPlacementKind(kind: TaskErrorKind): boolean {
  return kind === 'host-port' || kind === 'resources' || kind === 'max-replicas' || kind === 'nodes-unavailable' || kind === 'unplaceable';
}

/** True when the task's error says the scheduler could not place it. */
export function isPlacementError(err: string | undefined): boolean {
  return isPlacementKind(taskErrorKind(err));
}
