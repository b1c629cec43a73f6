import { naturalCompare } from '../inspect/natural-order.js';
import { deleteRevision, listRevisions, type StoredRevision } from '../history/history-store.js';
import type { LockHolder } from '../model/lock-holder.js';
import { forceUnlock, readLock } from '../swarm/deploy-lock.js';
import { EngineError, type EngineApi } from '../swarm/engine-api.js';
import type { LiveConfig, LiveNetwork, LiveSecret, LiveService } from '../swarm/live-types.js';
import { removeConfig, removeNetworkWhenFree, removeSecret, removeService } from '../swarm/operations.js';
import { listStackConfigs, listStackNetworks, listStackSecrets, listStackServices, listStackTasks } from '../swarm/stack-objects.js';
import type { RmEvent, RmObjectKind, RmStackResult, StackContents } from './remove-events.js';

/** How a removal runs: whether and how long to wait for the stack's tasks and networks to go. */
export interface RemoveOptions {
  /** Return once removals are requested, without waiting for tasks and networks to disappear. */
  detach: boolean;
  /** Upper bound for network-removal retries and for the wait. */
  timeoutMs: number;
  pollMs?: number;
}

/** A stack as found before anything is removed: what the prompt shows, and the live objects to remove. */
export interface FoundStack {
  contents: StackContents;
  services: LiveService[];
  networks: LiveNetwork[];
  secrets: LiveSecret[];
  configs: LiveConfig[];
  revisions: StoredRevision[];
  lockHolder: LockHolder | undefined;
}

/** Reads everything of one stack: services, networks, secrets, configs, history records and deploy lock. */
export async function findStack(api: EngineApi, stack: string): Promise<FoundStack> {
  const [services, networks, secrets, configs, revisions, lock] = await Promise.all([
    listStackServices(api, stack),
    listStackNetworks(api, stack),
    listStackSecrets(api, stack),
    listStackConfigs(api, stack),
    listRevisions(api, stack),
    readLock(api, stack),
  ]);
  const byName = <T>(items: T[], name: (item: T) => string): T[] => [...items].sort((a, b) => naturalCompare(name(a), name(b)));
  const sortedServices = byName(services, (s) => s.Spec.Name ?? '');
  const sortedNetworks = byName(networks, (n) => n.Name);
  const sortedSecrets = byName(secrets, (s) => s.Spec.Name ?? '');
  const sortedConfigs = byName(configs, (c) => c.Spec.Name ?? '');
  return {
    contents: {
      stack,
      services: sortedServices.map((s) => s.Spec.Name ?? s.ID),
      networks: sortedNetworks.map((n) => n.Name),
      secrets: sortedSecrets.map((s) => s.Spec.Name ?? s.ID),
      configs: sortedConfigs.map((c) => c.Spec.Name ?? c.ID),
      revisions: revisions.map((r) => r.revision),
      lock: lock?.holder ?? null,
    },
    services: sortedServices,
    networks: sortedNetworks,
    secrets: sortedSecrets,
    configs: sortedConfigs,
    revisions,
    lockHolder: lock?.holder,
  };
}

/** Nothing of the stack is in the cluster. */
export function isEmpty(contents: StackContents): boolean {
  const { services, networks, secrets, configs, revisions, lock } = contents;
  return services.length + networks.length + secrets.length + configs.length + revisions.length === 0 && lock === null;
}

/**
 * Removes one stack's services, networks, secrets and configs (the namespace label, as `docker stack rm`), then its
 * history records and deploy lock; unless detached, waits (bounded) until its tasks are gone and its networks are no
 * longer listed. Removal errors do not stop the other removals; they are reported.
 */
export async function removeStack(api: EngineApi, entry: FoundStack, options: RemoveOptions, emit: (event: RmEvent) => void): Promise<RmStackResult> {
  const stack = entry.contents.stack;
  const deadline = Date.now() + options.timeoutMs;
  const pollMs = options.pollMs ?? 500;
  const result: RmStackResult = {
    stack,
    removed: { services: [], networks: [], secrets: [], configs: [], revisions: [], lock: null },
    failures: [],
    waited: false,
    leftover: null,
  };
  const attempt = async (kind: RmObjectKind, name: string, remove: () => Promise<void>): Promise<boolean> => {
    try {
      await remove();
      return true;
    } catch (error) {
      // Removed by someone else in the meantime: the goal is reached.
      if (error instanceof EngineError && error.notFound) return true;
      const message = error instanceof Error ? error.message : String(error);
      result.failures.push({ kind, name, message });
      emit({ type: 'failed', stack, kind, name, message });
      return false;
    }
  };

  for (const service of entry.services) {
    const name = service.Spec.Name ?? service.ID;
    emit({ type: 'removing', stack, kind: 'service', name });
    if (await attempt('service', name, () => removeService(api, service.ID))) result.removed.services.push(name);
  }
  const removedNetworkIds: string[] = [];
  for (const network of entry.networks) {
    emit({ type: 'removing', stack, kind: 'network', name: network.Name });
    const removed = await attempt('network', network.Name, () => removeNetworkWhenFree(api, network.Id, { deadline, pollMs }));
    if (removed) {
      result.removed.networks.push(network.Name);
      removedNetworkIds.push(network.Id);
    }
  }
  for (const secret of entry.secrets) {
    const name = secret.Spec.Name ?? secret.ID;
    emit({ type: 'removing', stack, kind: 'secret', name });
    if (await attempt('secret', name, () => removeSecret(api, secret.ID))) result.removed.secrets.push(name);
  }
  for (const config of entry.configs) {
    const name = config.Spec.Name ?? config.ID;
    emit({ type: 'removing', stack, kind: 'config', name });
    if (await attempt('config', name, () => removeConfig(api, config.ID))) result.removed.configs.push(name);
  }
  if (entry.revisions.length > 0) {
    emit({ type: 'removing-history', stack, revisions: entry.revisions.map((r) => r.revision) });
    for (const revision of entry.revisions) {
      const ok = await attempt('history', `revision ${revision.revision}`, () => deleteRevision(api, revision));
      if (ok) result.removed.revisions.push(revision.revision);
    }
  }
  if (entry.lockHolder) {
    const holder = entry.lockHolder;
    emit({ type: 'removing-lock', stack, holder });
    const ok = await attempt('lock', 'deploy lock', async () => {
      await forceUnlock(api, stack);
    });
    if (ok) result.removed.lock = holder;
  }

  if (!options.detach) {
    result.leftover = await waitUntilGone(api, stack, removedNetworkIds, deadline, pollMs, emit);
    result.waited = result.leftover === null;
  }
  // Only a removal that is whole is announced: failures and what outlived the wait are reported on stderr instead.
  if (result.failures.length === 0 && result.leftover === null) emit({ type: 'removed', stack, waited: result.waited });
  return result;
}

/**
 * Polls until no task of the stack is left and none of the removed networks is still listed (Engine 20.10 keeps
 * listing a removed overlay network for a few seconds). Returns what is left when the deadline passes, else null.
 */
async function waitUntilGone(
  api: EngineApi,
  stack: string,
  networkIds: string[],
  deadline: number,
  pollMs: number,
  emit: (event: RmEvent) => void,
): Promise<{ tasks: number; networks: string[] } | null> {
  let announced = false;
  for (;;) {
    const [tasks, networks] = await Promise.all([listStackTasks(api, stack), listStackNetworks(api, stack)]);
    const lingering = networks.filter((n) => networkIds.includes(n.Id));
    if (tasks.length === 0 && lingering.length === 0) return null;
    if (Date.now() + pollMs > deadline) return { tasks: tasks.length, networks: lingering.map((n) => n.Name) };
    if (!announced) {
      emit({ type: 'waiting', stack, tasks: tasks.length, networks: lingering.length });
      announced = true;
    }
    await sleep(pollMs);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
