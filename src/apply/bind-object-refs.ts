import { rewriteContainerRefs } from '../convert/container-refs.js';
import type { ConfigReference, SecretReference, ServiceSpec } from '../convert/swarm-types.js';
import type { ObjectReference } from '../plan/plan.js';

/** The object a referenced name is written as: its name (another one only for a secret's fallback) and its ID. */
export interface BoundObject {
  name: string;
  id: string;
}

/**
 * Referenced name → the object a service write points at, per type. Starts as the plan's live references
 * (`planBindings`); apply adds each object it creates, and a secret's fallback when it takes one.
 */
export interface ObjectBindings {
  secrets: Map<string, BoundObject>;
  configs: Map<string, BoundObject>;
}

/** The bindings known before anything is written: the live objects the plan's references resolve to. */
export function planBindings(references: readonly ObjectReference[]): ObjectBindings {
  const bindings: ObjectBindings = { secrets: new Map(), configs: new Map() };
  for (const ref of references) {
    if (ref.resolvesTo !== 'live') continue;
    (ref.type === 'secret' ? bindings.secrets : bindings.configs).set(ref.name, { name: ref.name, id: ref.liveId });
  }
  return bindings;
}

/**
 * The one place a service spec's secret and config references get their IDs, just before the spec is written: each
 * reference names its object (src/convert, src/plan) and takes the bound object's name and ID, in the field order
 * docker sends; a credential spec naming a config takes that config's ID (swarm requires it to be one of the
 * service's config references). Pure; throws when a name has no binding, which would be a bug in ordering (every
 * object a service references exists or is created before any service is written).
 */
export function bindObjectRefs(spec: ServiceSpec, bindings: ObjectBindings): ServiceSpec {
  const bound = (kind: 'secret' | 'config', name: string): BoundObject => {
    const object = (kind === 'secret' ? bindings.secrets : bindings.configs).get(name);
    if (!object) throw new Error(`no object bound to ${kind} ${name} when writing service ${spec.Name ?? ''}`);
    return object;
  };
  return rewriteContainerRefs(spec, {
    secret: (ref): SecretReference => {
      const object = bound('secret', ref.SecretName);
      return { File: ref.File, SecretID: object.id, SecretName: object.name };
    },
    config: (ref): ConfigReference => {
      const object = bound('config', ref.ConfigName);
      const { File, Runtime } = ref;
      return { ...(File !== undefined ? { File } : {}), ...(Runtime !== undefined ? { Runtime } : {}), ConfigID: object.id, ConfigName: object.name };
    },
    credentialConfig: (name) => bound('config', name).id,
  });
}

/** Whether a service spec references a secret by one of `names` (a secret whose fallback was taken). */
export function referencesSecret(spec: ServiceSpec | undefined, names: ReadonlySet<string>): boolean {
  return (spec?.TaskTemplate.ContainerSpec?.Secrets ?? []).some((ref) => names.has(ref.SecretName));
}
