import type { ConfigSpec, NetworkCreateRequest, SecretSpec, ServiceSpec } from '../convert/swarm-types.js';
import { EngineError, UncertainWriteError, type EngineApi } from './engine-api.js';
import { retryWhile } from './retry.js';
import type { LiveConfig, LiveNetwork, LiveSecret, LiveService } from './live-types.js';

/**
 * Single write operations on the Engine; each is one API call (two or three when the manager went away before
 * answering: see `whenUncertain`) and returns the new object's ID where there is one.
 */

/**
 * Runs a write; when its answer was lost with the manager (UncertainWriteError, raised after the client reconnected),
 * asks `settle` on the new manager whether it took effect: `settle` returns the result when it did, or undefined when
 * it did not, and the write is then sent once more. So a lost answer neither applies a write twice nor fails a deploy.
 */
async function whenUncertain<T>(write: () => Promise<T>, settle: () => Promise<T | undefined>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof UncertainWriteError)) throw error;
    const settled = await settle();
    return settled === undefined ? write() : settled;
  }
}

/** A removal whose answer was lost is sent again; "not found" then means the first one went through. */
async function removeOnce(remove: () => Promise<void>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if (!(error instanceof UncertainWriteError)) throw error;
    await remove().catch((again: unknown) => {
      if (!(again instanceof EngineError && again.notFound)) throw again;
    });
  }
}

async function findIdByName(api: EngineApi, kind: 'networks' | 'secrets' | 'configs' | 'services', name: string): Promise<string | undefined> {
  const list = await api.get<{ ID?: string; Id?: string; Name?: string; Spec?: { Name?: string } }[]>(`/${kind}`, { filters: JSON.stringify({ name: [name] }) });
  const found = list.find((o) => (o.Spec?.Name ?? o.Name) === name);
  return found?.ID ?? found?.Id;
}

export async function createNetwork(api: EngineApi, request: NetworkCreateRequest): Promise<string> {
  return whenUncertain(
    async () => (await api.post<{ Id: string }>('/networks/create', { body: request })).Id,
    () => findIdByName(api, 'networks', request.Name),
  );
}

export async function inspectNetwork(api: EngineApi, name: string): Promise<LiveNetwork> {
  return api.get<LiveNetwork>(`/networks/${encodeURIComponent(name)}`, { scope: 'swarm' });
}

export async function removeNetwork(api: EngineApi, id: string): Promise<void> {
  await removeOnce(() => api.delete(`/networks/${id}`));
}

/**
 * Removes a network, trying again while the Engine says it is in use: tasks of services removed just before still
 * hold endpoints on it, and their containers stop in the background after the service is gone.
 */
export async function removeNetworkWhenFree(api: EngineApi, id: string, limit: { deadline: number; pollMs: number }): Promise<void> {
  await retryWhile(['in-use'], () => removeNetwork(api, id), limit);
}

export async function createSecret(api: EngineApi, spec: SecretSpec): Promise<string> {
  return whenUncertain(
    async () => (await api.post<{ ID: string }>('/secrets/create', { body: spec })).ID,
    () => findIdByName(api, 'secrets', spec.Name ?? ''),
  );
}

export async function updateSecret(api: EngineApi, id: string, version: number, spec: SecretSpec): Promise<void> {
  await whenUncertain(
    () => api.post(`/secrets/${id}/update`, { query: { version }, body: spec }),
    async () => ((await api.get<LiveSecret>(`/secrets/${id}`)).Version.Index === version ? undefined : true),
  );
}

export async function removeSecret(api: EngineApi, id: string): Promise<void> {
  await removeOnce(() => api.delete(`/secrets/${id}`));
}

export async function createConfig(api: EngineApi, spec: ConfigSpec): Promise<string> {
  return whenUncertain(
    async () => (await api.post<{ ID: string }>('/configs/create', { body: spec })).ID,
    () => findIdByName(api, 'configs', spec.Name ?? ''),
  );
}

export async function updateConfig(api: EngineApi, id: string, version: number, spec: ConfigSpec): Promise<void> {
  await whenUncertain(
    () => api.post(`/configs/${id}/update`, { query: { version }, body: spec }),
    async () => ((await api.get<LiveConfig>(`/configs/${id}`)).Version.Index === version ? undefined : true),
  );
}

export async function removeConfig(api: EngineApi, id: string): Promise<void> {
  await removeOnce(() => api.delete(`/configs/${id}`));
}

/** Result of a service create/update: the daemon may return warnings (e.g. an image it could not resolve). */
export interface ServiceWriteResult {
  id: string;
  warnings: string[];
}

export async function createService(api: EngineApi, spec: ServiceSpec, registryAuth?: string): Promise<ServiceWriteResult> {
  return whenUncertain(
    async () => {
      const result = await api.post<{ ID: string; Warnings?: string[] | null }>('/services/create', { body: spec, registryAuth });
      return { id: result.ID, warnings: result.Warnings ?? [] };
    },
    async () => {
      const id = await findIdByName(api, 'services', spec.Name ?? '');
      return id === undefined ? undefined : { id, warnings: [] };
    },
  );
}

export async function updateService(
  api: EngineApi,
  id: string,
  version: number,
  spec: ServiceSpec,
  registryAuth?: string,
): Promise<ServiceWriteResult> {
  return whenUncertain(
    async () => {
      const result = await api.post<{ Warnings?: string[] | null }>(`/services/${id}/update`, { query: { version }, body: spec, registryAuth });
      return { id, warnings: result?.Warnings ?? [] };
    },
    async () => {
      const live = await inspectService(api, id);
      if (live.Version.Index === version) return undefined;
      // The version moved: ours if the service now carries what we sent; anything else is someone else's write.
      if (isSameWrite(live.Spec, spec)) return { id, warnings: [] };
      throw new EngineError(`update out of sequence: service ${spec.Name ?? id} was changed by someone else while its manager went away`, 409, undefined);
    },
  );
}

/** What identifies our service write in the stored spec: labels (they carry the stack's image label), image and force-update counter. */
function isSameWrite(live: ServiceSpec, sent: ServiceSpec): boolean {
  const key = (s: ServiceSpec): string =>
    JSON.stringify([sortedEntries(s.Labels), s.TaskTemplate.ContainerSpec?.Image ?? '', s.TaskTemplate.ForceUpdate ?? 0]);
  return key(live) === key(sent);
}

function sortedEntries(labels: Record<string, string> | null | undefined): [string, string][] {
  return Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function inspectService(api: EngineApi, id: string): Promise<LiveService> {
  return api.get<LiveService>(`/services/${id}`, { insertDefaults: false });
}

export async function removeService(api: EngineApi, id: string): Promise<void> {
  await removeOnce(() => api.delete(`/services/${id}`));
}
