import { isUserDefinedNetwork } from '../convert/networks.js';
import { LABEL_NAMESPACE } from '../convert/names.js';
import type { DesiredNetwork } from '../convert/networks.js';
import type { DesiredStack, DesiredService } from '../convert/stack.js';
import type { NetworkCreateRequest, ServiceSpec } from '../convert/swarm-types.js';
import type { LiveNetwork, LiveService } from '../swarm/live-types.js';
import type { LiveSnapshot } from '../swarm/snapshot.js';
import { diffViews } from './diff.js';
import { mapFileObjectRefs } from './file-object-refs.js';
import { notInSource, planFileObjects, type ChosenObject } from './file-objects.js';
import { objectReferences } from './object-refs.js';
import { compareImages } from './images.js';
import { failedConstraint, previewPlacement, type PlacementNetwork, type PlacementRollout } from './placement.js';
import type { Change, FieldChange, NetworkChange, Plan, ServiceChange } from './plan.js';
import type { NameTakenProblem } from './problems.js';
import type { ChangeReason, PlanWarning } from './reasons.js';
import { fieldGroup, isKeyedMap, modeName, serviceView, type ViewContext } from './service-view.js';

/** What shapes a plan besides the desired stack and the snapshot. */
export interface PlanOptions {
  /** Execute removals of objects the files no longer have (they are listed either way). */
  prune: boolean;
  /** The daemon's Engine API version; fields it does not know are left out of comparisons. */
  apiVersion?: string;
  /**
   * The recorded revision the desired state comes from (rollback and `history --revision`, which compare a recorded
   * revision with the live stack); undefined for the files. Shapes removal reasons and which removals are listed.
   */
  revision?: number;
}

/**
 * Desired stack + live snapshot → Plan. Pure.
 *
 * - networks: created when missing; an existing one is never changed (as with docker), differences become warnings;
 * - secrets and configs: see src/plan/file-objects.ts (content hashes, versioned replacements);
 * - services: the desired spec (image already resolved, see src/plan/images.ts) and the live spec are put through
 *   the same canonical view (src/plan/service-view.ts) and compared; an empty diff is `none` and nothing is written;
 *   a change of mode kind (replicated ↔ global, jobs) is a `replace`;
 * - removals: services, configs, secrets and networks of the stack the files no longer use; executed with prune;
 * - placement preview and problems: src/plan/placement.ts.
 */
export function buildPlan(desired: DesiredStack, snapshot: LiveSnapshot, options: PlanOptions): Plan {
  const stackName = desired.stackName;
  const warnings: PlanWarning[] = [];
  const liveServices = new Map(snapshot.services.map((s) => [s.Spec.Name ?? '', s]));
  const referencedSecrets = new Set<string>();
  const referencedConfigs = new Set<string>();
  for (const live of snapshot.services) {
    for (const ref of live.Spec.TaskTemplate.ContainerSpec?.Secrets ?? []) referencedSecrets.add(ref.SecretName);
    for (const ref of live.Spec.TaskTemplate.ContainerSpec?.Configs ?? []) referencedConfigs.add(ref.ConfigName);
  }

  // Objects the desired services reference by name without declaring them (a recorded revision's own, bound by name)
  // are never removals; declared ones are planned (and may be superseded by a new version).
  const declared = { secrets: new Set(desired.secrets.map((s) => s.name)), configs: new Set(desired.configs.map((c) => c.name)) };
  const keep = { secrets: new Set<string>(), configs: new Set<string>() };
  for (const service of desired.services) {
    for (const ref of service.spec.TaskTemplate.ContainerSpec?.Secrets ?? []) if (!declared.secrets.has(ref.SecretName)) keep.secrets.add(ref.SecretName);
    for (const ref of service.spec.TaskTemplate.ContainerSpec?.Configs ?? []) if (!declared.configs.has(ref.ConfigName)) keep.configs.add(ref.ConfigName);
  }

  const taken = namesTaken(desired, snapshot);
  const networkChanges = planNetworks(stackName, desired.networks, snapshot.networks, warnings);
  // A recorded revision lists no secret/config removals: its own objects are kept, and the other versions are the
  // history's (removed by the clean-up after a success once nothing uses or references them), not the user's to prune.
  const revision = options.revision;
  const listRemovals = revision === undefined;
  const secrets = planFileObjects('secret', stackName, desired.secrets, snapshot.secrets, referencedSecrets, { keep: keep.secrets, revision, listRemovals });
  const configs = planFileObjects('config', stackName, desired.configs, snapshot.configs, referencedConfigs, { keep: keep.configs, revision, listRemovals });

  const ctx: ViewContext = {
    networkNames: new Map(snapshot.networks.map((n) => [n.Id, n.Name])),
    apiVersion: options.apiVersion,
  };
  const finalServices = desired.services.map((service) => ({
    ...service,
    spec: pointAtChosenObjects(service.spec, secrets.chosen, configs.chosen),
  }));
  const references = objectReferences(
    finalServices.map((s) => s.spec),
    { secrets: secrets.chosen, configs: configs.chosen },
    snapshot,
  );
  const serviceChanges = finalServices.map((service) => planService(service, liveServices.get(service.name), snapshot, ctx));
  const wanted = new Set(desired.services.map((s) => s.name));
  const serviceRemovals: ServiceChange[] = snapshot.services
    .filter((live) => !wanted.has(live.Spec.Name ?? ''))
    .map((live) => ({
      type: 'service',
      name: live.Spec.Name ?? live.ID,
      action: 'remove',
      fields: [],
      reason: notInSource(revision),
      liveId: live.ID,
      liveVersion: live.Version.Index,
      restarts: false,
      restartCount: 0,
    }));

  const placementNetworks = placementNetworksFor(finalServices, desired.networks, snapshot.networks);
  const { placement, problems } = previewPlacement({
    services: finalServices.map((s, i) => ({ key: s.key, name: s.name, spec: s.spec, ...rolloutOf(serviceChanges[i], liveServices.get(s.name), snapshot) })),
    nodes: snapshot.nodes,
    tasks: snapshot.runningTasks,
    stackServiceIds: new Set(snapshot.services.map((s) => s.ID)),
    networks: placementNetworks,
  });

  const isRemoval = (c: Change): boolean => c.action === 'remove';
  const changes: Change[] = [
    ...networkChanges.filter((c) => !isRemoval(c)),
    ...secrets.changes.filter((c) => !isRemoval(c)),
    ...configs.changes.filter((c) => !isRemoval(c)),
    ...serviceChanges,
    ...serviceRemovals,
    ...configs.changes.filter(isRemoval),
    ...secrets.changes.filter(isRemoval),
    ...networkChanges.filter(isRemoval),
  ];
  return {
    stackName,
    externalNetworks: desired.externalNetworks.filter((name) => isUserDefinedNetwork(name)),
    changes,
    references,
    warnings,
    prune: options.prune,
    placement,
    problems: [...taken, ...problems],
    readAt: snapshot.readAt.toISOString(),
  };
}

/**
 * Names the stack would create (or take over) that an object outside the stack holds: a network (creating it fails,
 * as with docker), a secret or config (writing it would relabel someone else's object as the stack's, and a later
 * prune would remove it), a service (creating it fails: the name is taken). Pure.
 */
export function namesTaken(desired: DesiredStack, snapshot: LiveSnapshot): NameTakenProblem[] {
  const stackName = desired.stackName;
  const problems: NameTakenProblem[] = [];
  const problem = (objectType: NameTakenProblem['objectType'], name: string, labels: Record<string, string> | null | undefined): NameTakenProblem => {
    const owner = labels?.[LABEL_NAMESPACE];
    return { kind: 'name-taken', objectType, name, stack: stackName, ...(owner ? { owner } : {}) };
  };
  for (const network of desired.networks) {
    const existing = snapshot.networks.find((n) => n.Name === network.name && n.Labels?.[LABEL_NAMESPACE] !== stackName);
    if (existing && !snapshot.networks.some((n) => n.Name === network.name && n.Labels?.[LABEL_NAMESPACE] === stackName)) {
      problems.push(problem('network', network.name, existing.Labels));
    }
  }
  for (const [kind, list, live] of [
    ['secret', desired.secrets, snapshot.secrets],
    ['config', desired.configs, snapshot.configs],
  ] as const) {
    for (const object of list) {
      const existing = (live as readonly { Spec: { Name?: string; Labels?: Record<string, string> | null } }[]).find((o) => o.Spec.Name === object.name);
      if (!existing || existing.Spec.Labels?.[LABEL_NAMESPACE] === stackName) continue;
      problems.push(problem(kind, object.name, existing.Spec.Labels));
    }
  }
  for (const service of desired.services) {
    const existing = (snapshot.foreignServices ?? []).find((s) => s.Spec.Name === service.name);
    if (existing) problems.push(problem('service', service.name, existing.Spec.Labels));
  }
  return problems;
}

function planNetworks(stackName: string, desired: readonly DesiredNetwork[], live: readonly LiveNetwork[], warnings: PlanWarning[]): NetworkChange[] {
  const changes: NetworkChange[] = [];
  const swarmNetworks = live.filter((n) => n.Scope === 'swarm');
  for (const network of desired) {
    const existing = swarmNetworks.find((n) => n.Name === network.name && n.Labels?.[LABEL_NAMESPACE] === stackName);
    if (!existing) {
      changes.push({ type: 'network', key: network.key, name: network.name, action: 'create', fields: [], desired: network.spec });
      continue;
    }
    const drift = networkDrift(network.spec, existing);
    if (drift.length > 0) warnings.push({ code: 'network-differs', network: network.name, fields: drift });
    changes.push({ type: 'network', key: network.key, name: network.name, action: 'none', fields: [], desired: network.spec, liveId: existing.Id });
  }
  const wanted = new Set(desired.map((n) => n.name));
  for (const network of swarmNetworks) {
    if (network.Labels?.[LABEL_NAMESPACE] !== stackName || wanted.has(network.Name)) continue;
    changes.push({ type: 'network', name: network.Name, action: 'remove', fields: [], liveId: network.Id, reason: { code: 'network-unused' } });
  }
  return changes;
}

/** What a live network has that the file would create differently (only what the file sets is compared). */
function networkDrift(desired: NetworkCreateRequest, live: LiveNetwork): FieldChange[] {
  const liveOptions = Object.fromEntries(Object.entries(live.Options ?? {}).filter(([key]) => Object.hasOwn(desired.Options ?? {}, key)));
  const before: Record<string, unknown> = {
    driver: live.Driver,
    internal: live.Internal ?? false,
    attachable: live.Attachable ?? false,
    labels: live.Labels ?? {},
    driver_opts: liveOptions,
  };
  const after: Record<string, unknown> = {
    driver: desired.Driver,
    internal: desired.Internal,
    attachable: desired.Attachable,
    labels: desired.Labels ?? {},
    driver_opts: desired.Options ?? {},
  };
  const subnets = (desired.IPAM?.Config ?? []).map((c) => c.Subnet).filter((s): s is string => Boolean(s));
  if (subnets.length > 0) {
    before.subnets = (live.IPAM?.Config ?? []).map((c) => c.Subnet).filter(Boolean);
    after.subnets = subnets;
  }
  return diffViews(before, after);
}

/**
 * Points secret and config references at the objects the plan chose: each declared name becomes the name of the
 * chosen version (a credential spec follows its config). Names only: `Plan.references` says what each resolves to.
 */
export function pointAtChosenObjects(spec: ServiceSpec, secrets: ReadonlyMap<string, ChosenObject>, configs: ReadonlyMap<string, ChosenObject>): ServiceSpec {
  return mapFileObjectRefs(spec, {
    secret: (ref) => {
      const chosen = secrets.get(ref.SecretName);
      return chosen ? { ...ref, SecretName: chosen.name } : ref;
    },
    config: (ref) => {
      const chosen = configs.get(ref.ConfigName);
      return chosen ? { ...ref, ConfigName: chosen.name } : ref;
    },
  });
}

function planService(service: DesiredService, live: LiveService | undefined, snapshot: LiveSnapshot, ctx: ViewContext): ServiceChange {
  const base = { type: 'service' as const, key: service.key, name: service.name };
  if (!live) return { ...base, action: 'create', fields: [], desired: service.spec, restarts: false, restartCount: 0 };
  const liveRef = { liveId: live.ID, liveVersion: live.Version.Index };
  const running = snapshot.runningTasks.filter((t) => t.ServiceID === live.ID && t.DesiredState === 'running');
  const spec = keepLiveImage(service.spec, live.Spec);
  const desiredMode = modeName(spec.Mode);
  const liveMode = modeName(live.Spec.Mode);
  const fields = diffViews(comparable(live.Spec, ctx), comparable(spec, ctx), '', { keyed: isKeyedMap });
  const image = compareImages(spec.TaskTemplate.ContainerSpec?.Image, live.Spec.TaskTemplate.ContainerSpec?.Image);
  if (!image.same) {
    fields.unshift({ path: 'image', before: live.Spec.TaskTemplate.ContainerSpec?.Image, after: spec.TaskTemplate.ContainerSpec?.Image });
  }
  const moved = image.movedTag ? { movedTag: image.movedTag } : {};
  if (desiredMode !== liveMode) {
    return {
      ...base,
      ...liveRef,
      action: 'replace',
      fields,
      desired: spec,
      restarts: true,
      restartCount: running.length,
      reason: { code: 'service-mode-changed', from: liveMode, to: desiredMode },
    };
  }
  if (fields.length === 0) return { ...base, ...liveRef, action: 'none', fields, desired: spec, restarts: false, restartCount: 0 };

  const groups = new Set(fields.map((f) => fieldGroup(f.path)));
  const job = desiredMode === 'replicated-job' || desiredMode === 'global-job';
  let restartCount = 0;
  let reason: ChangeReason;
  if (job) {
    restartCount = running.length;
    reason = { code: 'job-rerun', ...moved };
  } else if (groups.has('task') || groups.has('endpoint')) {
    restartCount = running.length;
    reason = { code: groups.has('task') ? 'task-template-changed' : 'endpoint-changed', ...moved };
  } else if (groups.has('placement')) {
    const constraints = spec.TaskTemplate.Placement?.Constraints ?? [];
    const nodes = new Map(snapshot.nodes.map((n) => [n.ID, n]));
    restartCount = running.filter((t) => {
      const node = t.NodeID ? nodes.get(t.NodeID) : undefined;
      return !node || failedConstraint(node, constraints) !== undefined;
    }).length;
    reason = { code: 'placement-changed', replaced: restartCount > 0, ...moved };
  } else {
    reason = { code: 'service-settings-changed', ...moved };
  }
  return {
    ...base,
    ...liveRef,
    action: 'update',
    fields,
    desired: spec,
    restarts: restartCount > 0 || (job && fields.length > 0),
    restartCount,
    reason,
  };
}

/**
 * The live side of an update that replaces running tasks, for the rollout simulation: every running task when the
 * task template or endpoint changes, the tasks on nodes that no longer qualify after a placement-only change.
 */
function rolloutOf(change: ServiceChange | undefined, live: LiveService | undefined, snapshot: LiveSnapshot): { rollout?: PlacementRollout } {
  if (!change || !live || change.action !== 'update' || !change.restarts || !change.desired) return {};
  const tasks = snapshot.runningTasks.filter((t) => t.ServiceID === live.ID && t.DesiredState === 'running' && t.NodeID);
  const nodes = new Map(snapshot.nodes.map((n) => [n.ID, n]));
  const constraints = change.desired.TaskTemplate.Placement?.Constraints ?? [];
  const replaced =
    change.restartCount >= tasks.length
      ? tasks
      : tasks.filter((t) => {
          const node = nodes.get(t.NodeID ?? '');
          return !node || failedConstraint(node, constraints) !== undefined;
        });
  return { rollout: { liveSpec: live.Spec, tasks, replaced: new Set(replaced.map((t) => t.ID)) } };
}

/** The view compared for a service, without the image (compared by compareImages: digests need their own rule). */
function comparable(spec: ServiceSpec, ctx: ViewContext): Record<string, unknown> {
  const { image: _image, ...view } = serviceView(spec, ctx);
  return view;
}

/**
 * When the image is the same by compareImages but not the same string (one side without digest), send the live
 * string: sending the unpinned reference would change the stored task template and restart tasks. Likewise keep
 * the live platforms when the registry was not asked (they come from the same image).
 */
function keepLiveImage(spec: ServiceSpec, live: ServiceSpec): ServiceSpec {
  const container = spec.TaskTemplate.ContainerSpec;
  const liveImage = live.TaskTemplate.ContainerSpec?.Image;
  if (!container || !liveImage || !compareImages(container.Image, liveImage).same) return spec;
  const livePlatforms = live.TaskTemplate.Placement?.Platforms;
  const placement = spec.TaskTemplate.Placement ?? {};
  if (container.Image === liveImage && (placement.Platforms || !livePlatforms)) return spec;
  return {
    ...spec,
    TaskTemplate: {
      ...spec.TaskTemplate,
      ContainerSpec: { ...container, Image: liveImage },
      Placement: placement.Platforms || !livePlatforms ? placement : { ...placement, Platforms: livePlatforms },
    },
  };
}

/** Networks the services attach to, with driver and subnet: the live network when it exists, else the one to create. */
function placementNetworksFor(
  services: readonly DesiredService[],
  desired: readonly DesiredNetwork[],
  live: readonly LiveNetwork[],
): PlacementNetwork[] {
  const names = new Set(services.flatMap((s) => (s.spec.TaskTemplate.Networks ?? []).map((n) => n.Target ?? '')));
  const out: PlacementNetwork[] = [];
  for (const name of names) {
    const existing = live.find((n) => n.Name === name && n.Scope === 'swarm');
    if (existing) {
      out.push({ name, driver: existing.Driver, subnet: existing.IPAM?.Config?.find((c) => c.Subnet?.includes('.'))?.Subnet });
      continue;
    }
    const planned = desired.find((n) => n.name === name);
    if (planned) out.push({ name, driver: planned.spec.Driver, subnet: planned.spec.IPAM?.Config?.find((c) => c.Subnet)?.Subnet });
  }
  return out;
}
