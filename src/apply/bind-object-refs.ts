import { UNBOUND_ID } from '../convert/file-objects.js';
import type { ServiceSpec } from '../convert/swarm-types.js';
import { mapFileObjectRefs } from '../plan/file-object-refs.js';

/** The IDs of the secrets and configs in the cluster by name, including those this run created. */
export interface ObjectIds {
  secrets: ReadonlyMap<string, string>;
  configs: ReadonlyMap<string, string>;
}

/**
 * The one place a service spec's secret and config references get their IDs, just before the spec is written:
 * each reference takes the ID of the object it names (the object the plan chose, see src/plan/file-objects.ts), and
 * a credential spec naming a config takes the ID of its runtime config reference (swarm requires it to be one of the
 * service's config references). A reference to an object not in `ids` keeps the ID it has. Pure; throws when a
 * reference is still unbound, which would be a bug in ordering (its object is created before any service).
 */
export function bindObjectRefs(spec: ServiceSpec, ids: ObjectIds): ServiceSpec {
  const bound = (kind: 'secret' | 'config', name: string, current: string): string => {
    const id = (kind === 'secret' ? ids.secrets : ids.configs).get(name) ?? current;
    if (id === UNBOUND_ID) throw new Error(`no ID for ${kind} ${name} after creating it`);
    return id;
  };
  const mapped = mapFileObjectRefs(spec, {
    secret: (ref) => ({ ...ref, SecretID: bound('secret', ref.SecretName, ref.SecretID) }),
    config: (ref) => ({ ...ref, ConfigID: bound('config', ref.ConfigName, ref.ConfigID) }),
  });
  const container = mapped.TaskTemplate.ContainerSpec;
  const credential = container?.Privileges?.CredentialSpec;
  const runtime = container?.Configs?.find((ref) => ref.Runtime !== undefined);
  const unbound = spec.TaskTemplate.ContainerSpec?.Privileges?.CredentialSpec?.Config === UNBOUND_ID;
  if (!unbound || !container?.Privileges || !credential || !runtime) return mapped;
  // An unbound credential config (created by this run) follows its runtime reference; bound ones follow through mapFileObjectRefs.
  return {
    ...mapped,
    TaskTemplate: {
      ...mapped.TaskTemplate,
      ContainerSpec: { ...container, Privileges: { ...container.Privileges, CredentialSpec: { ...credential, Config: runtime.ConfigID } } },
    },
  };
}
