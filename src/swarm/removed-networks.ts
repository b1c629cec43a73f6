import { LABEL_NAMESPACE, stackFilters } from '../convert/names.js';
import type { EngineApi } from './engine-api.js';
import type { LiveNetwork, LiveTask } from './live-types.js';
import type { LiveSnapshot } from './snapshot.js';

type TaskWithAttachments = LiveTask & { NetworksAttachments?: { Network?: { ID?: string } }[] | null };

/**
 * Networks of the stack that swarm is still removing. After `docker stack rm` (or any removal of the stack's
 * services and networks) swarm keeps the networks listed until the removed services' tasks are gone (about 15 s):
 * a plan that reuses them fails, because they vanish before the services are created. A network is taken to be
 * on its way out when the desired state wants it, no service of the stack uses it, and a task of a service that no
 * longer exists is still attached to it. One list call, made only when such a network exists.
 */
export async function networksBeingRemoved(api: EngineApi, snapshot: LiveSnapshot, wanted: readonly string[]): Promise<LiveNetwork[]> {
  const names = new Set(wanted);
  const used = new Set(snapshot.services.flatMap((s) => [...(s.Spec.TaskTemplate.Networks ?? []), ...(s.Spec.Networks ?? [])].map((n) => n.Target)));
  const candidates = snapshot.networks.filter(
    (n) => n.Labels?.[LABEL_NAMESPACE] === snapshot.stackName && names.has(n.Name) && !used.has(n.Id) && !used.has(n.Name),
  );
  if (candidates.length === 0) return [];
  const services = new Set(snapshot.services.map((s) => s.ID));
  const tasks = await api.get<TaskWithAttachments[]>('/tasks', { filters: JSON.stringify(stackFilters(snapshot.stackName)) });
  const held = new Set(
    tasks.filter((t) => !services.has(t.ServiceID)).flatMap((t) => (t.NetworksAttachments ?? []).map((a) => a.Network?.ID ?? '')),
  );
  return candidates.filter((n) => held.has(n.Id));
}

/**
 * Waits until none of the networks is listed any more (polling every 500 ms), at most `timeoutMs`, or until the
 * signal aborts. Returns the names of those still listed when it stopped.
 */
export async function waitForNetworksGone(
  api: EngineApi,
  networks: readonly LiveNetwork[],
  options: { timeoutMs: number; signal?: AbortSignal; intervalMs?: number },
): Promise<string[]> {
  const deadline = Date.now() + options.timeoutMs;
  let left = [...networks];
  for (;;) {
    const listed = await api.get<LiveNetwork[]>('/networks', { filters: JSON.stringify({ id: left.map((n) => n.Id) }) });
    const ids = new Set(listed.map((n) => n.Id));
    left = left.filter((n) => ids.has(n.Id));
    if (left.length === 0 || Date.now() >= deadline || options.signal?.aborted) return left.map((n) => n.Name);
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.intervalMs ?? 500, Math.max(0, deadline - Date.now()))));
  }
}
