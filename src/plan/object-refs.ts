/**
 * Which object each secret and config name in the desired services resolves to. Services reference objects by name
 * (src/convert); the plan points them at the versions it chose (src/plan/file-objects.ts) and records here whether
 * each name is a live object or one the plan creates; apply binds the IDs (src/apply/bind-object-refs.ts). Pure.
 */
import { ConvertError } from '../convert/convert-error.js';
import type { DesiredStack } from '../convert/stack.js';
import type { ServiceSpec } from '../convert/swarm-types.js';
import type { LiveSnapshot } from '../swarm/snapshot.js';
import type { ChosenObject } from './file-objects.js';
import type { ObjectReference } from './plan.js';

/** Secret and config names a spec references, in reference order (a credential spec's config is a reference too). */
export function referencedNames(spec: ServiceSpec): { secrets: string[]; configs: string[] } {
  const container = spec.TaskTemplate.ContainerSpec;
  return {
    secrets: (container?.Secrets ?? []).map((ref) => ref.SecretName),
    configs: (container?.Configs ?? []).map((ref) => ref.ConfigName),
  };
}

/**
 * The references of the plan: each name the services use, resolved to the chosen object when the plan writes or
 * keeps one of that name (live when it has an ID, else created by this plan), otherwise to the live object of that
 * name (external objects, a recorded revision's versions). Names found nowhere are left out. Sorted by type and name.
 */
export function objectReferences(
  specs: readonly ServiceSpec[],
  chosen: { secrets: ReadonlyMap<string, ChosenObject>; configs: ReadonlyMap<string, ChosenObject> },
  snapshot: Pick<LiveSnapshot, 'secrets' | 'configs'>,
): ObjectReference[] {
  const out = new Map<string, ObjectReference>();
  const kinds = [
    ['secret', chosen.secrets, snapshot.secrets],
    ['config', chosen.configs, snapshot.configs],
  ] as const;
  for (const [type, chosenOfType, live] of kinds) {
    const byFinalName = new Map([...chosenOfType.values()].map((object) => [object.name, object]));
    const liveIds = new Map((live as readonly { ID: string; Spec: { Name?: string } }[]).map((o) => [o.Spec.Name ?? '', o.ID]));
    for (const spec of specs) {
      for (const name of referencedNames(spec)[type === 'secret' ? 'secrets' : 'configs']) {
        const key = `${type}:${name}`;
        if (out.has(key)) continue;
        const planned = byFinalName.get(name);
        const liveId = planned ? planned.id : liveIds.get(name);
        if (liveId !== undefined) out.set(key, { type, name, resolvesTo: 'live', liveId });
        else if (planned) out.set(key, { type, name, resolvesTo: 'created' });
      }
    }
  }
  return [...out.values()].sort((a, b) => a.type.localeCompare(b.type) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * docker's check that every secret and config a service references exists before anything is written: a name the
 * stack declares (non-external) is created by the deploy; any other must be live. Throws CONVERT_SECRET_NOT_FOUND /
 * CONVERT_CONFIG_NOT_FOUND (`service <key>: secret not found: <name>`, docker's words) for the first one missing.
 */
export function checkReferencedObjects(desired: DesiredStack, snapshot: Pick<LiveSnapshot, 'secrets' | 'configs'>): void {
  const exists = {
    secret: new Set([...desired.secrets.map((s) => s.name), ...snapshot.secrets.map((s) => s.Spec.Name ?? '')]),
    config: new Set([...desired.configs.map((c) => c.name), ...snapshot.configs.map((c) => c.Spec.Name ?? '')]),
  };
  for (const service of desired.services) {
    const names = referencedNames(service.spec);
    for (const [kind, list] of [
      ['secret', names.secrets],
      ['config', names.configs],
    ] as const) {
      const missing = list.find((name) => !exists[kind].has(name));
      if (missing === undefined) continue;
      throw new ConvertError(kind === 'secret' ? 'CONVERT_SECRET_NOT_FOUND' : 'CONVERT_CONFIG_NOT_FOUND', `service ${service.key}: ${kind} not found: ${missing}`);
    }
  }
}
