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

/** Reads every service, network, secret and config of the cluster behind DOCKER_HOST (or `host`). */
export async function readClusterState(host?: string): Promise<ClusterState> {
  const [services, networks, secrets, configs] = await Promise.all([
    engineGet<Listed[]>('/services', host),
    engineGet<Listed[]>('/networks', host),
    engineGet<Listed[]>('/secrets', host),
    engineGet<Listed[]>('/configs', host),
  ]);
  return { services: states(services), networks: states(networks), secrets: states(secrets), configs: states(configs) };
}
