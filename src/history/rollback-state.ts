import { StackError } from '../errors/stack-error.js';
import type { DesiredStack } from '../convert/stack.js';
import type { ServiceSpec } from '../convert/swarm-types.js';
import { mapFileObjectRefs } from '../plan/file-object-refs.js';
import type { RevisionRecord } from './record.js';

/**
 * The desired state of a recorded revision, as the planner takes it: its networks and services (specs as
 * deployed, image digests included), with secret and config references bound by name to the objects that exist
 * now (retention keeps every versioned object a kept revision references). Secrets and configs themselves are not
 * written again: a record holds no data. Pure; throws when a referenced object is gone.
 */
export function desiredFromRecord(
  record: RevisionRecord,
  ids: { secrets: ReadonlyMap<string, string>; configs: ReadonlyMap<string, string> },
): DesiredStack {
  const missing: string[] = [];
  const services = record.desired.services.map((service) => ({ key: service.key, name: service.name, spec: bindByName(service.spec, ids, missing) }));
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

function bindByName(spec: ServiceSpec, ids: { secrets: ReadonlyMap<string, string>; configs: ReadonlyMap<string, string> }, missing: string[]): ServiceSpec {
  return mapFileObjectRefs(spec, {
    secret: (ref) => {
      const id = ids.secrets.get(ref.SecretName);
      if (id === undefined) missing.push(`secret ${ref.SecretName}`);
      return { ...ref, SecretID: id ?? ref.SecretID };
    },
    config: (ref) => {
      const id = ids.configs.get(ref.ConfigName);
      if (id === undefined) missing.push(`config ${ref.ConfigName}`);
      return { ...ref, ConfigID: id ?? ref.ConfigID };
    },
  });
}
