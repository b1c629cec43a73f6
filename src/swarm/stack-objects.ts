import { LABEL_NAMESPACE, stackFilters } from '../convert/names.js';
import type { EngineApi } from './engine-api.js';
import type { LiveConfig, LiveNetwork, LiveNode, LiveSecret, LiveService, LiveTask } from './live-types.js';

/**
 * The list reads behind `stack ls`, `services`, `ps` and `rm`: a stack's objects are the ones labelled
 * `com.docker.stack.namespace=<stack>`, found the way docker stack finds them (one filtered list call each).
 */

/** Services of one stack, or of every stack when `stack` is undefined; with running/desired counts (`status=true`). */
export async function listStackServices(api: EngineApi, stack: string | undefined): Promise<LiveService[]> {
  const filters = stack === undefined ? { label: [LABEL_NAMESPACE] } : stackFilters(stack);
  return api.get<LiveService[]>('/services', { filters: JSON.stringify(filters), status: true });
}

/**
 * Tasks of a stack (by label, so tasks of services removed a moment ago are found too: a `service` filter fails once
 * the service is gone), narrowed by more Engine task filters when given (`desired-state`, `node`, ...; their labels
 * add to the stack's).
 */
export async function listStackTasks(api: EngineApi, stack: string, options: { filters?: Readonly<Record<string, readonly string[]>> } = {}): Promise<LiveTask[]> {
  const filters: Record<string, string[]> = { ...stackFilters(stack) };
  for (const [key, values] of Object.entries(options.filters ?? {})) filters[key] = [...(filters[key] ?? []), ...values];
  return api.get<LiveTask[]>('/tasks', { filters: JSON.stringify(filters) });
}

export async function listNodes(api: EngineApi): Promise<LiveNode[]> {
  return api.get<LiveNode[]>('/nodes');
}

export async function listStackNetworks(api: EngineApi, stack: string): Promise<LiveNetwork[]> {
  return api.get<LiveNetwork[]>('/networks', { filters: JSON.stringify(stackFilters(stack)) });
}

export async function listStackSecrets(api: EngineApi, stack: string): Promise<LiveSecret[]> {
  return api.get<LiveSecret[]>('/secrets', { filters: JSON.stringify(stackFilters(stack)) });
}

export async function listStackConfigs(api: EngineApi, stack: string): Promise<LiveConfig[]> {
  return api.get<LiveConfig[]>('/configs', { filters: JSON.stringify(stackFilters(stack)) });
}
