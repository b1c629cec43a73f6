// A comparable picture of everything a stack run could write in the cluster: every service, network, secret and
// config with its ID, name and version (UpdatedAt / Version.Index change on any write). Two equal pictures taken
// before and after something mean it wrote nothing.
import { engineGet } from './parity.js';

/** One object as compared: ID, name, and what changes when it is written. */
export interface ObjectState {
  id: string;
  name: string;
  version: number | null;
  updatedAt: string | null;
}

export interface ClusterState {
  services: ObjectState[];
  networks: ObjectState[];
  secrets: ObjectState[];
  configs: ObjectState[];
}

interface Listed {
  ID?: string;
  Id?: string;
  Name?: string;
  Created?: string;
  UpdatedAt?: string;
  Version?: { Index: number };
  Spec?: { Name?: string };
}

function states(list: Listed[]): ObjectState[] {
  return list
    .map((o) => ({
      id: o.ID ?? o.Id ?? '',
      name: o.Spec?.Name ?? o.Name ?? '',
      version: o.Version?.Index ?? null,
      // Networks have no version: their creation time stands for it (they cannot be updated, only replaced).
      updatedAt: o.UpdatedAt ?? o.Created ?? null,
    }))
    .sort((a, b) => (a.name + a.id < b.name + b.id ? -1 : 1));
}

/** GET with one retry: a daemon under heavy load sometimes drops a connection (EPIPE, ECONNRESET); reading twice is harmless. */
async function list(path: string, host?: string): Promise<Listed[]> {
  try {
    return await engineGet<Listed[]>(path, host);
  } catch {
    return engineGet<Listed[]>(path, host);
  }
}

/** Reads every service, network, secret and config of the cluster behind DOCKER_HOST (or `host`), one list at a time. */
export async function readClusterState(host?: string): Promise<ClusterState> {
  const services = await list('/services', host);
  const networks = await list('/networks', host);
  const secrets = await list('/secrets', host);
  const configs = await list('/configs', host);
  return { services: states(services), networks: states(networks), secrets: states(secrets), configs: states(configs) };
}
