import { isUserDefinedNetwork } from '../convert/networks.js';
import { LABEL_NAMESPACE } from '../convert/names.js';
import type { DesiredStack } from '../convert/stack.js';
import type { LiveSnapshot } from '../swarm/snapshot.js';
import type { Change, ConfigChange, NetworkChange, Plan, SecretChange, ServiceChange } from './plan.js';

export interface PlanOptions {
  /** Remove services of the stack that are no longer in the files. */
  prune: boolean;
}

/**
 * Desired stack + live snapshot → Plan. Networks are created when missing (existing ones are never changed,
 * as with docker); secrets and configs are created when missing and updated when their labels differ
 * (swarm allows no other change); services are created or updated.
 */
export function buildPlan(desired: DesiredStack, snapshot: LiveSnapshot, options: PlanOptions): Plan {
  const changes: Change[] = [];
  const stackNetworks = new Map(
    snapshot.networks.filter((n) => n.Labels?.[LABEL_NAMESPACE] === desired.stackName).map((n) => [n.Name, n]),
  );
  for (const network of desired.networks) {
    const live = stackNetworks.get(network.name);
    const change: NetworkChange = live
      ? { type: 'network', name: network.name, action: 'none', fields: [], liveId: live.Id }
      : { type: 'network', name: network.name, action: 'create', fields: [], desired: network.spec };
    changes.push(change);
  }
  const secretsByName = new Map(snapshot.secrets.map((s) => [s.Spec.Name, s]));
  for (const secret of desired.secrets) {
    const live = secretsByName.get(secret.name);
    const change: SecretChange = live
      ? {
          type: 'secret',
          name: secret.name,
          action: sameLabels(live.Spec.Labels, secret.spec.Labels) ? 'none' : 'update',
          fields: [],
          desired: secret.spec,
          liveId: live.ID,
          liveVersion: live.Version.Index,
        }
      : { type: 'secret', name: secret.name, action: 'create', fields: [], desired: secret.spec };
    changes.push(change);
  }
  const configsByName = new Map(snapshot.configs.map((c) => [c.Spec.Name, c]));
  for (const config of desired.configs) {
    const live = configsByName.get(config.name);
    const change: ConfigChange = live
      ? {
          type: 'config',
          name: config.name,
          action: sameLabels(live.Spec.Labels, config.spec.Labels) ? 'none' : 'update',
          fields: [],
          desired: config.spec,
          liveId: live.ID,
          liveVersion: live.Version.Index,
        }
      : { type: 'config', name: config.name, action: 'create', fields: [], desired: config.spec };
    changes.push(change);
  }
  const servicesByName = new Map(snapshot.services.map((s) => [s.Spec.Name, s]));
  for (const service of desired.services) {
    const live = servicesByName.get(service.name);
    const change: ServiceChange = live
      ? {
          type: 'service',
          key: service.key,
          name: service.name,
          action: 'update',
          fields: [],
          desired: service.spec,
          liveId: live.ID,
          liveVersion: live.Version.Index,
          restarts: false,
        }
      : { type: 'service', key: service.key, name: service.name, action: 'create', fields: [], desired: service.spec, restarts: false };
    changes.push(change);
  }
  if (options.prune) {
    const wanted = new Set(desired.services.map((s) => s.name));
    for (const live of snapshot.services) {
      if (wanted.has(live.Spec.Name ?? '')) continue;
      changes.push({ type: 'service', name: live.Spec.Name ?? live.ID, action: 'remove', fields: [], liveId: live.ID, liveVersion: live.Version.Index, restarts: true });
    }
  }
  return {
    stackName: desired.stackName,
    externalNetworks: desired.externalNetworks.filter((name) => isUserDefinedNetwork(name)),
    changes,
    warnings: [],
  };
}

function sameLabels(a: Record<string, string> | null | undefined, b: Record<string, string> | null | undefined): boolean {
  const left = a ?? {};
  const right = b ?? {};
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (left[key] !== right[key]) return false;
  return true;
}
