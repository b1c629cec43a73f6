import type { ConfigReference, SecretReference, ServiceSpec } from '../convert/swarm-types.js';

/** How to rewrite each secret and config reference of a service spec (identity when absent). */
export interface FileObjectRefMapping {
  secret?: (ref: SecretReference) => SecretReference;
  config?: (ref: ConfigReference) => ConfigReference;
}

/**
 * Returns the spec with its secret and config references rewritten. A credential spec that names a config by ID
 * follows that config's new ID: swarm requires it to be one of the service's config references. Pure.
 */
export function mapFileObjectRefs(spec: ServiceSpec, mapping: FileObjectRefMapping): ServiceSpec {
  const container = spec.TaskTemplate.ContainerSpec;
  if (!container || (!container.Secrets?.length && !container.Configs?.length)) return spec;
  const configIdChanges = new Map<string, string>();
  const Secrets = container.Secrets?.map((ref) => mapping.secret?.(ref) ?? ref);
  const Configs = container.Configs?.map((ref) => {
    const next = mapping.config?.(ref) ?? ref;
    if (next.ConfigID !== ref.ConfigID) configIdChanges.set(ref.ConfigID, next.ConfigID);
    return next;
  });
  const credential = container.Privileges?.CredentialSpec;
  const movedConfig = credential?.Config === undefined ? undefined : configIdChanges.get(credential.Config);
  const Privileges =
    container.Privileges && credential && movedConfig !== undefined
      ? { ...container.Privileges, CredentialSpec: { ...credential, Config: movedConfig } }
      : container.Privileges;
  return {
    ...spec,
    TaskTemplate: {
      ...spec.TaskTemplate,
      ContainerSpec: {
        ...container,
        ...(Secrets ? { Secrets } : {}),
        ...(Configs ? { Configs } : {}),
        ...(Privileges ? { Privileges } : {}),
      },
    },
  };
}
