import type { ConfigReference, SecretReference, ServiceSpec } from './swarm-types.js';

/** How each kind of object reference in a container spec is rewritten. */
export interface ContainerRefRewrite {
  secret: (ref: SecretReference) => SecretReference;
  config: (ref: ConfigReference) => ConfigReference;
  /** The credential spec's config, given its reference after the configs were rewritten (swarm requires it to be one of them). */
  credentialConfig: (name: string) => string;
}

/**
 * Returns the spec with its secret, config and credential-spec references rewritten, everything else shared with
 * the input. The one walk over those fields, for the planner (names) and for apply (IDs). Pure.
 */
export function rewriteContainerRefs(spec: ServiceSpec, rewrite: ContainerRefRewrite): ServiceSpec {
  const container = spec.TaskTemplate.ContainerSpec;
  if (!container) return spec;
  const Secrets = container.Secrets?.map(rewrite.secret);
  const Configs = container.Configs?.map(rewrite.config);
  const credential = container.Privileges?.CredentialSpec;
  const Privileges =
    container.Privileges && credential?.Config
      ? { ...container.Privileges, CredentialSpec: { ...credential, Config: rewrite.credentialConfig(credential.Config) } }
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
