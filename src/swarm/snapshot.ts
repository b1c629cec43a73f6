import { LABEL_NAMESPACE } from '../convert/names.js';
import type { EngineApi } from './engine-api.js';
import type { LiveConfig, LiveNetwork, LiveNode, LiveSecret, LiveService, LiveTask } from './live-types.js';

/**
 * One read of everything a plan needs: the stack's services and tasks, and the cluster's networks, secrets,
 * configs (metadata only for secrets: the Engine never returns secret data) and nodes.
 * Made with a fixed number of list calls whatever the stack's size.
 */
export interface LiveSnapshot {
  stackName: string;
  /** Services carrying the stack's namespace label. */
  services: LiveService[];
  /** Tasks of those services (all desired states, as the Engine keeps them); empty when read with `tasks: false`. */
  tasks: LiveTask[];
  /**
   * Every task of the cluster whose desired state is running (any service, any stack): running tasks of the stack's
   * services (restart counts) and the load other services put on nodes (placement preview).
   */
  runningTasks: LiveTask[];
  /** Every network of the cluster (names resolve external references and IDs in live specs). */
  networks: LiveNetwork[];
  /** Every secret of the cluster (metadata only). */
  secrets: LiveSecret[];
  /**
   * Configs carrying the stack's namespace label plus those whose names start with one of `configNames` (the
   * names the desired state uses: versioned `<name>-<hash10>` objects match their base name). Not every config of
   * the cluster: the Engine returns config data in lists, and the cluster also holds our revision records.
   */
  configs: LiveConfig[];
  nodes: LiveNode[];
  /**
   * Services outside the stack whose names the desired state uses (read only when `serviceNames` is given): a
   * create with a taken name fails.
   */
  foreignServices?: LiveService[];
  readAt: Date;
}

function labelFilter(stackName: string): string {
  return JSON.stringify({ label: [`${LABEL_NAMESPACE}=${stackName}`] });
}

/**
 * Reads the snapshot with six list calls (one more each when `configNames` or `serviceNames` is not empty), issued concurrently, plus
 * (unless `tasks: false`) one for every task of the stack's services. The number of calls does not depend on the
 * stack's size.
 */
export async function readSnapshot(
  api: EngineApi,
  stackName: string,
  options: { tasks?: boolean; configNames?: readonly string[]; serviceNames?: readonly string[] } = {},
): Promise<LiveSnapshot> {
  const names = [...new Set(options.configNames ?? [])];
  const serviceNames = [...new Set(options.serviceNames ?? [])];
  const [services, networks, secrets, stackConfigs, namedConfigs, nodes, runningTasks, namedServices] = await Promise.all([
    api.get<LiveService[]>('/services', { filters: labelFilter(stackName), status: true }),
    api.get<LiveNetwork[]>('/networks'),
    api.get<LiveSecret[]>('/secrets'),
    api.get<LiveConfig[]>('/configs', { filters: labelFilter(stackName) }),
    // The Engine's `name` filter matches name prefixes.
    names.length === 0 ? Promise.resolve([]) : api.get<LiveConfig[]>('/configs', { filters: JSON.stringify({ name: names }) }),
    api.get<LiveNode[]>('/nodes'),
    api.get<LiveTask[]>('/tasks', { filters: JSON.stringify({ 'desired-state': ['running'] }) }),
    serviceNames.length === 0 ? Promise.resolve([]) : api.get<LiveService[]>('/services', { filters: JSON.stringify({ name: serviceNames }) }),
  ]);
  const wanted = new Set(serviceNames);
  const foreignServices = namedServices.filter((s) => wanted.has(s.Spec.Name ?? '') && s.Spec.Labels?.[LABEL_NAMESPACE] !== stackName);
  const configs = [...new Map([...stackConfigs, ...namedConfigs].map((c) => [c.ID, c])).values()];
  const tasks =
    options.tasks === false || services.length === 0
      ? []
      : await api.get<LiveTask[]>('/tasks', { filters: JSON.stringify({ service: services.map((s) => s.ID) }) });
  return { stackName, services, tasks, runningTasks, networks, secrets, configs, nodes, ...(serviceNames.length > 0 ? { foreignServices } : {}), readAt: new Date() };
}
