import type { EngineApi } from './engine-api.js';

/** The swarm cluster's ID (`docker info --format '{{.Swarm.Cluster.ID}}'`), read from a manager with GET /swarm. */
export async function clusterId(api: EngineApi): Promise<string> {
  const swarm = await api.get<{ ID?: string }>('/swarm');
  return swarm.ID ?? '';
}
