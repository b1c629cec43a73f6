import { rewriteContainerRefs } from '../convert/container-refs.js';
import type { ConfigReference, SecretReference, ServiceSpec } from '../convert/swarm-types.js';

/** How to rewrite each secret and config reference of a service spec (identity when absent). */
export interface FileObjectRefMapping {
  secret?: (ref: SecretReference) => SecretReference;
  config?: (ref: ConfigReference) => ConfigReference;
}

/**
 * Returns the spec with its secret and config references rewritten. A credential spec naming a config follows that
 * reference to its new name: swarm requires it to be one of the service's config references. Pure.
 */
export function mapFileObjectRefs(spec: ServiceSpec, mapping: FileObjectRefMapping): ServiceSpec {
  const container = spec.TaskTemplate.ContainerSpec;
  if (!container || (!container.Secrets?.length && !container.Configs?.length)) return spec;
  const renamedConfigs = new Map<string, string>();
  return rewriteContainerRefs(spec, {
    secret: (ref) => mapping.secret?.(ref) ?? ref,
    config: (ref) => {
      const next = mapping.config?.(ref) ?? ref;
      if (next.ConfigName !== ref.ConfigName) renamedConfigs.set(ref.ConfigName, next.ConfigName);
      return next;
    },
    credentialConfig: (name) => renamedConfigs.get(name) ?? name,
  });
}

/**
 * A spec recorded by an older version of stack, whose references carry the IDs they had then (or none for objects
 * that run created), in the name-only form the planner takes: IDs dropped, a credential spec naming the config of
 * its runtime reference. Specs already in that form come back equal. Pure.
 */
export function withNameOnlyRefs(spec: ServiceSpec): ServiceSpec {
  const container = spec.TaskTemplate.ContainerSpec;
  const credential = container?.Privileges?.CredentialSpec;
  const runtime = container?.Configs?.find((ref) => ref.Runtime !== undefined);
  const named = mapFileObjectRefs(spec, {
    secret: ({ SecretID: _id, ...ref }) => ref,
    config: ({ ConfigID: _id, ...ref }) => ref,
  });
  const namedContainer = named.TaskTemplate.ContainerSpec;
  if (!namedContainer?.Privileges || !credential || !runtime || credential.Config === runtime.ConfigName) return named;
  // Recorded with the runtime reference's ID (or empty, when that run created the config): name it instead.
  return {
    ...named,
    TaskTemplate: {
      ...named.TaskTemplate,
      ContainerSpec: {
        ...namedContainer,
        Privileges: { ...namedContainer.Privileges, CredentialSpec: { ...credential, Config: runtime.ConfigName } },
      },
    },
  };
}
