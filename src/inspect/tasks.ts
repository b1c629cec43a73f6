import { StackError } from '../errors/stack-error.js';
import type { LiveNode, LiveService, LiveTask } from '../swarm/live-types.js';
import { parseFilters } from './filters.js';
import { naturalLess } from './natural-order.js';
import { portViews, type PortView } from './ports.js';

/** One task as `stack ps` lists it. */
export interface TaskView {
  id: string;
  /** docker's task name: `<service>.<slot>`, or `<service>.<node ID>` for global services. Not unique (history). */
  name: string;
  /** An older task of the same slot (docker indents these under the newest one). */
  previous: boolean;
  serviceId: string;
  /** Service name; the service ID when the service is gone (or with --no-resolve). */
  service: string;
  slot: number | null;
  nodeId: string | null;
  /** The node's name (Spec.Name, else its hostname), its ID when the node is gone (or with --no-resolve), "" while unassigned. */
  node: string;
  image: string;
  desiredState: string;
  state: string;
  /** When the task entered its current state (ISO time). */
  since: string | null;
  /** The task's error, e.g. `task: non-zero exit (1)`. */
  error: string | null;
  /** Host-mode ports the task published. */
  ports: PortView[];
  createdAt: string | null;
}

/** The `--filter` keys of `stack ps`: the ones the Engine's task list takes for `docker stack ps`. */
export const TASK_FILTER_KEYS = ['desired-state', 'id', 'label', 'name', 'node', 'service'] as const;

/** swarm's task states: the values `desired-state` takes (in any case), as the Engine checks them. */
export const TASK_STATES = [
  'new', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running',
  'complete', 'shutdown', 'failed', 'rejected', 'remove', 'orphaned',
] as const;

/**
 * `stack ps --filter`, as the Engine's task list filters: sent with the stack's own label filter, so the Engine
 * matches exactly as for `docker stack ps` (`id` and `name` prefixes, `name` of `<service>.<slot>.<task ID>`,
 * `node` and `service` by ID, name or unique ID prefix, `label` against the service's labels).
 */
export type TaskFilters = Readonly<Record<string, string[]>>;

/**
 * Parses `--filter` options of `stack ps`. A bad key, or a desired state swarm does not have, is FILTER_INVALID
 * before the Engine is asked (the Engine refuses both too).
 */
export function parseTaskFilters(values: readonly string[]): TaskFilters {
  const filters = parseFilters(values, TASK_FILTER_KEYS, 'desired-state=running');
  for (const state of filters.get('desired-state') ?? []) {
    // The Engine ignores an empty desired-state value.
    if (state !== '' && !(TASK_STATES as readonly string[]).includes(state.toLowerCase())) {
      throw new StackError('FILTER_INVALID', `invalid filter "desired-state=${state}": unknown task state`, {
        hint: 'use running, shutdown, accepted or another swarm task state (new, pending, assigned, preparing, ready, starting, complete, failed, rejected, remove, orphaned)',
      });
    }
  }
  return Object.fromEntries([...filters].map(([key, list]) => [key, [...list]]));
}

/** The name docker shows for a node: its Spec.Name when set, else its hostname. */
export function nodeName(node: LiveNode): string {
  return node.Spec.Name || node.Description.Hostname;
}

/**
 * Views of the tasks the way `docker stack ps` orders them: by task name in natural order, and within one name
 * (one slot) newest first, the older ones marked `previous`. Services and nodes not given are shown by ID, as
 * `docker stack ps --no-resolve` shows them all.
 */
export function taskViews(
  tasks: readonly LiveTask[],
  services: readonly LiveService[],
  nodes: readonly LiveNode[],
): TaskView[] {
  const serviceNames = new Map(services.map((s) => [s.ID, s.Spec.Name ?? s.ID]));
  const nodeNames = new Map(nodes.map((n) => [n.ID, nodeName(n)]));
  const named = tasks.map((task) => {
    const service = serviceNames.get(task.ServiceID) ?? task.ServiceID;
    const name = task.Slot ? `${service}.${task.Slot}` : `${service}.${task.NodeID ?? ''}`;
    return { task, service, name };
  });
  named.sort((a, b) => {
    if (a.name !== b.name) return naturalLess(a.name, b.name) ? -1 : 1;
    return Date.parse(b.task.CreatedAt ?? '') - Date.parse(a.task.CreatedAt ?? '') || 0;
  });
  return named.map(({ task, service, name }, index): TaskView => ({
    id: task.ID,
    name,
    previous: index > 0 && named[index - 1]?.name === name,
    serviceId: task.ServiceID,
    service,
    slot: task.Slot ? task.Slot : null,
    nodeId: task.NodeID || null,
    node: task.NodeID ? (nodeNames.get(task.NodeID) ?? task.NodeID) : '',
    image: task.Spec?.ContainerSpec?.Image ?? '',
    desiredState: task.DesiredState,
    state: task.Status.State,
    since: task.Status.Timestamp ?? null,
    error: task.Status.Err || null,
    ports: portViews(task.Status.PortStatus?.Ports),
    createdAt: task.CreatedAt ?? null,
  }));
}
