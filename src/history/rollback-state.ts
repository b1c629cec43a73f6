import { StackError } from '../errors/stack-error.js';
import type { DesiredStack } from '../convert/stack.js';
import type { ServiceSpec } from '../convert/swarm-types.js';
import { withNameOnlyRefs } from '../plan/file-object-refs.js';
import type { RevisionRecord } from './record.js';

/**
 * The desired state of a recorded revision, as the planner takes it: its networks and services (specs as
 * deployed, image digests included), whose secret and config references name objects that must exist now
 * (retention keeps every versioned object a kept revision references). References are by name only, as the planner
 * takes them (records written by older versions carry the IDs of their time, dropped here); the plan resolves the
 * names against the live objects. Secrets and configs themselves are not written again: a record holds no data.
 * Pure; throws when a referenced object is gone.
 */
export function desiredFromRecord(
  record: RevisionRecord,
  ids: { secrets: ReadonlyMap<string, string>; configs: ReadonlyMap<string, string> },
): DesiredStack {
  const missing: string[] = [];
  const services = recordedServices(record);
  for (const service of services) missing.push(...missingObjects(service.spec, ids));
  if (missing.length > 0) {
    throw new StackError('ROLLBACK_OBJECT_MISSING', `revision ${record.revision} of stack ${record.stack} references objects that no longer exist: ${[...new Set(missing)].join(', ')}`, {
      hint: 'they were removed outside stack; recreate them with the same names, or deploy the files again',
    });
  }
  return {
    stackName: record.stack,
    networks: record.desired.networks.map((n) => ({ key: n.name, name: n.name, spec: n.spec })),
    externalNetworks: [],
    secrets: [],
    configs: [],
    services,
  };
}

/** The services of a record, references by name only (see desiredFromRecord). */
export function recordedServices(record: RevisionRecord): DesiredStack['services'] {
  return record.desired.services.map((service) => ({ key: service.key, name: service.name, spec: withNameOnlyRefs(service.spec) }));
}

/** `secret NAME` / `config NAME` for each reference to an object not in `ids`. */
function missingObjects(spec: ServiceSpec, ids: { secrets: ReadonlyMap<string, string>; configs: ReadonlyMap<string, string> }): string[] {
  const container = spec.TaskTemplate.ContainerSpec;
  return [
    ...(container?.Secrets ?? []).filter((ref) => !ids.secrets.has(ref.SecretName)).map((ref) => `secret ${ref.SecretName}`),
    ...(container?.Configs ?? []).filter((ref) => !ids.configs.has(ref.ConfigName)).map((ref) => `config ${ref.ConfigName}`),
  ];
}
