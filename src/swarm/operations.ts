import type { ConfigSpec, NetworkCreateRequest, SecretSpec, ServiceSpec } from '../convert/swarm-types.js';
import type { EngineApi } from './engine-api.js';
import type { LiveNetwork, LiveService } from './live-types.js';

/** Single write operations on the Engine; each is one API call and returns the new object's ID where there is one. */

export async function createNetwork(api: EngineApi, request: NetworkCreateRequest): Promise<string> {
  const created = await api.post<{ Id: string }>('/networks/create', { body: request });
  return created.Id;
}

export async function inspectNetwork(api: EngineApi, name: string): Promise<LiveNetwork> {
  return api.get<LiveNetwork>(`/networks/${encodeURIComponent(name)}`, { scope: 'swarm' });
}

export async function removeNetwork(api: EngineApi, id: string): Promise<void> {
  await api.delete(`/networks/${id}`);
}

export async function createSecret(api: EngineApi, spec: SecretSpec): Promise<string> {
  return (await api.post<{ ID: string }>('/secrets/create', { body: spec })).ID;
}

export async function updateSecret(api: EngineApi, id: string, version: number, spec: SecretSpec): Promise<void> {
  await api.post(`/secrets/${id}/update`, { query: { version }, body: spec });
}

export async function removeSecret(api: EngineApi, id: string): Promise<void> {
  await api.delete(`/secrets/${id}`);
}

export async function createConfig(api: EngineApi, spec: ConfigSpec): Promise<string> {
  return (await api.post<{ ID: string }>('/configs/create', { body: spec })).ID;
}

export async function updateConfig(api: EngineApi, id: string, version: number, spec: ConfigSpec): Promise<void> {
  await api.post(`/configs/${id}/update`, { query: { version }, body: spec });
}

export async function removeConfig(api: EngineApi, id: string): Promise<void> {
  await api.delete(`/configs/${id}`);
}

/** Result of a service create/update: the daemon may return warnings (e.g. an image it could not resolve). */
export interface ServiceWriteResult {
  id: string;
  warnings: string[];
}

export async function createService(api: EngineApi, spec: ServiceSpec, registryAuth?: string): Promise<ServiceWriteResult> {
  const result = await api.post<{ ID: string; Warnings?: string[] | null }>('/services/create', { body: spec, registryAuth });
  return { id: result.ID, warnings: result.Warnings ?? [] };
}

export async function updateService(
  api: EngineApi,
  id: string,
  version: number,
  spec: ServiceSpec,
  registryAuth?: string,
): Promise<ServiceWriteResult> {
  const result = await api.post<{ Warnings?: string[] | null }>(`/services/${id}/update`, {
    query: { version },
    body: spec,
    registryAuth,
  });
  return { id, warnings: result?.Warnings ?? [] };
}

export async function inspectService(api: EngineApi, id: string): Promise<LiveService> {
  return api.get<LiveService>(`/services/${id}`, { insertDefaults: false });
}

export async function removeService(api: EngineApi, id: string): Promise<void> {
  await api.delete(`/services/${id}`);
}
