import type { Plan } from '../plan/plan.js';
import type { RevisionRecord } from './record.js';

/**
 * The desired state a plan deploys, as a revision record stores it: every object the stack declares (changed or
 * not), secrets and configs without their data but with the content hash. Pure.
 */
export function desiredFromPlan(plan: Plan): RevisionRecord['desired'] {
  const desired: RevisionRecord['desired'] = { networks: [], secrets: [], configs: [], services: [] };
  for (const change of plan.changes) {
    if (change.action === 'remove' || !change.desired) continue;
    switch (change.type) {
      case 'network':
        desired.networks.push({ name: change.name, spec: change.desired });
        break;
      case 'secret': {
        const { Data: _data, ...spec } = change.desired;
        desired.secrets.push({ name: change.name, spec, ...(change.contentHash ? { sha256: change.contentHash } : {}) });
        break;
      }
      case 'config': {
        const { Data: _data, ...spec } = change.desired;
        desired.configs.push({ name: change.name, spec, ...(change.contentHash ? { sha256: change.contentHash } : {}) });
        break;
      }
      case 'service':
        desired.services.push({ key: change.key ?? change.name, name: change.name, spec: change.desired });
        break;
    }
  }
  return desired;
}

/** The objects a plan writes (what `changed` of a record lists). Pure. */
export function changedFromPlan(plan: Plan): RevisionRecord['changed'] {
  return plan.changes
    .filter((c) => c.action !== 'none' && (c.action !== 'remove' || plan.prune))
    .map((c) => ({ type: c.type, name: c.name, action: c.action }));
}

/** Names of the secrets and configs the services of a record reference. Pure. */
export function referencedFileObjects(record: RevisionRecord): { secrets: Set<string>; configs: Set<string> } {
  const secrets = new Set<string>();
  const configs = new Set<string>();
  for (const service of record.desired.services) {
    for (const ref of service.spec.TaskTemplate.ContainerSpec?.Secrets ?? []) secrets.add(ref.SecretName);
    for (const ref of service.spec.TaskTemplate.ContainerSpec?.Configs ?? []) configs.add(ref.ConfigName);
  }
  return { secrets, configs };
}
