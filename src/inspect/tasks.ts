import { StackError } from '../errors/stack-error.js';
import type { LiveNode, LiveService, LiveTask } from '../swarm/live-types.js';
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
  /** Service name; the service ID when the service is gone. */
  service: string;
  slot: number | null;
  nodeId: string | null;
  /** The node's name (Spec.Name, else its hostname), its ID when the node is gone, "" while unassigned. */
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

/** The `--filter` keys `stack ps` understands. */
export interface TaskFilters {
  /** Passed to the Engine: `running`, `shutdown`, `accepted`. */
  desiredStates: string[];
  /** Node IDs or names; matched here. */
  nodes: string[];
}

const FILTER_KEYS = ['desired-state', 'node'] as const;

/** Parses `--filter key=value` options (repeatable). Unknown keys or a missing `=` are usage errors. */
export function parseTaskFilters(values: readonly string[]): TaskFilters {
  const filters: TaskFilters = { desiredStates: [], nodes: [] };
  for (const value of values) {
    const eq = value.indexOf('=');
    const key = eq < 0 ? value : value.slice(0, eq).trim();
    const arg = eq < 0 ? '' : value.slice(eq + 1).trim();
    if (eq < 0 || arg === '' || !(FILTER_KEYS as readonly string[]).includes(key)) {
      throw new StackError('FILTER_INVALID', `invalid filter "${value}"`, {
        hint: `use ${FILTER_KEYS.map((k) => `${k}=VALUE`).join(' or ')}, e.g. --filter desired-state=running`,
      });
    }
    if (key === 'desired-state') filters.desiredStates.push(arg);
    else filters.nodes.push(arg);
  }
  return filters;
}

/** The name docker shows for a node: its Spec.Name when set, else its hostname. */
export function nodeName(node: LiveNode): string {
  return node.Spec.Name || node.Description.Hostname;
}

/**
 * Views of the tasks the way `docker stack ps` orders them: by task name in natural order, and within one name
 * (one slot) newest first, the older ones marked `previous`. Tasks on nodes not in `nodeFilter` are left out.
 */
export function taskViews(
  tasks: readonly LiveTask[],
  services: readonly LiveService[],
  nodes: readonly LiveNode[],
  nodeFilter: readonly string[] = [],
): TaskView[] {
  const serviceNames = new Map(services.map((s) => [s.ID, s.Spec.Name ?? s.ID]));
  const nodeNames = new Map(nodes.map((n) => [n.ID, nodeName(n)]));
  const named = tasks
    .filter((task) => nodeFilter.length === 0 || nodeFilter.some((f) => f === task.NodeID || (task.NodeID && f === nodeNames.get(task.NodeID))))
    .map((task) => {
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
