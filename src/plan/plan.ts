import type { ConfigSpec, NetworkCreateRequest, SecretSpec, ServiceSpec } from '../convert/swarm-types.js';
import type { NodeExclusion, PlanProblem, ServiceMode } from './problems.js';
import type { ChangeReason, PlanWarning } from './reasons.js';

/** What happens to one object. `replace` means a new object takes the place of the live one (swarm cannot change it in place). */
export type ChangeAction = 'create' | 'update' | 'replace' | 'remove' | 'none';

/**
 * One changed field: a path inside the object and the values on each side (undefined = absent).
 * Paths are the human paths of src/plan/service-view.ts (`image`, `environment.MODE`, `deploy.replicas`,
 * `ports[8080:80/tcp]`...); for networks, secrets and configs they are the Compose keys of the object
 * (`labels[com.example]`, `content`, `driver`...). Values are display values (durations as "10s").
 */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
  /** Values are secret material: renderers show that it changed, never the values. */
  sensitive?: boolean;
}

interface ChangeBase {
  /** Final object name in the cluster (`<stack>_<key>`, a custom name, or a versioned name for a replacement). */
  name: string;
  action: ChangeAction;
  /** Field diffs against the live object (update, replace); empty for create, remove and none. */
  fields: FieldChange[];
  /** Display-only explanation (a code with data, worded by src/render); execution never reads it. */
  reason?: ChangeReason;
  /** ID of the live object this change acts on (update, remove, and none for existing objects). */
  liveId?: string;
  /** Version index of the live object when the plan was made (stale-plan guard: sent with the update). */
  liveVersion?: number;
}

export interface NetworkChange extends ChangeBase {
  type: 'network';
  /** Compose key (undefined for a removal). */
  key?: string;
  desired?: NetworkCreateRequest;
}

/** What a secret or config change needs beyond the spec: the content hash and, for replacements, the object replaced. */
interface FileObjectChange extends ChangeBase {
  /** Compose key (undefined for a removal). */
  key?: string;
  /** sha256 (hex) of the content the file gives; undefined for driver secrets and removals. */
  contentHash?: string;
  /** For `replace`: name of the live object the new one takes over from (it is marked for removal separately). */
  replaces?: string;
}

export interface SecretChange extends FileObjectChange {
  type: 'secret';
  desired?: SecretSpec;
  /**
   * For an `update` of a secret whose content could not be verified (no `io.stack.content-hash` label): the versioned
   * object apply creates instead when swarm rejects the update because the data differs. Services that reference
   * `name` are then pointed at `fallback.name`.
   */
  fallback?: { name: string; desired: SecretSpec };
}

export interface ConfigChange extends FileObjectChange {
  type: 'config';
  desired?: ConfigSpec;
}

export interface ServiceChange extends ChangeBase {
  type: 'service';
  /** Compose key (undefined for a removal of a service no longer in the file). */
  key?: string;
  /** The complete spec to send (create, update, replace); for `none` the spec that would be sent. */
  desired?: ServiceSpec;
  /** Whether running tasks will be replaced (task template or endpoint changes; a job re-runs on any update). */
  restarts: boolean;
  /** How many running tasks will be replaced (running tasks of the service in the snapshot). */
  restartCount: number;
}

export type Change = NetworkChange | SecretChange | ConfigChange | ServiceChange;

/**
 * The object a secret or config name in the services' specs resolves to: a live object (its ID when the plan was
 * made) or one this plan creates (a `create` or `replace` change of that name; its ID exists once it is written).
 * The specs name objects only; src/apply/bind-object-refs.ts binds the IDs from these just before each write.
 */
export type ObjectReference =
  | { type: 'secret' | 'config'; name: string; resolvesTo: 'live'; liveId: string }
  | { type: 'secret' | 'config'; name: string; resolvesTo: 'created' };

/** Where one service's tasks would go, as src/plan/placement.ts predicts it. */
export interface ServicePlacement {
  /** Compose key. */
  service: string;
  /** Final service name. */
  name: string;
  mode: ServiceMode;
  /** Tasks wanted: replicas (max_concurrent for jobs) or, for global modes, the number of eligible nodes. */
  tasks: number;
  /** Hostnames of the nodes the service may run on (ready, active, constraints, platforms, generic resources kinds). */
  eligibleNodes: string[];
  /** Hostname → number of tasks predicted there (nodes without tasks are left out). */
  distribution: Record<string, number>;
  /** Tasks that cannot be placed. */
  unplaced: number;
  /** The nodes left out, each with why (worded by src/render/plan-problems.ts). */
  exclusions: NodeExclusion[];
}

/**
 * A deploy plan: every object of the stack with its action, in execution order (networks, secrets, configs,
 * services, then removals: services, configs, secrets, networks). A value: computed by src/plan, rendered by
 * src/render, executed by src/apply.
 *
 * Invariants: every desired object appears once (action `none` when nothing changes); live objects of the stack
 * that the files no longer use appear as `remove` and are executed only when `prune` is true; `liveVersion` is
 * the version read in the snapshot the plan was computed against.
 */
export interface Plan {
  stackName: string;
  /** External networks the stack uses; checked to exist with swarm scope before anything is written. */
  externalNetworks: string[];
  changes: Change[];
  /**
   * Every secret and config the desired services reference, by type and name, with the object it resolves to.
   * A name that resolves to nothing is absent (only a drift report plans such specs; a deploy refuses them first).
   */
  references: ObjectReference[];
  /** Non-fatal notes made while planning (image digests that could not be resolved, networks left as they are...). */
  warnings: PlanWarning[];
  /** Whether `remove` changes are executed (`--prune`); they are always listed. */
  prune: boolean;
  /** Placement preview per service, in service order. */
  placement: ServicePlacement[];
  /** Problems swarm would not report (tasks left pending or in state New). */
  problems: PlanProblem[];
  /** When the live snapshot was read (ISO 8601). */
  readAt?: string;
  /**
   * `depends_on` of the services, in service order: a service is written only after each dependency this plan
   * changes has reached the condition (running, healthy, or its job completed). Empty when no service has any.
   */
  order?: ServiceDependency[];
  /** Services the files define but this run leaves out because none of their profiles is active. */
  excludedServices?: ExcludedServicePlan[];
}

/** One `depends_on` entry as the deploy honours it. */
export interface ServiceDependency {
  /** Compose key of the dependent service. */
  service: string;
  /** Compose key of the service it depends on. */
  dependsOn: string;
  condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  /** False for `required: false`: a dependency that is not part of this deploy is not waited for. */
  required: boolean;
  /** Whether this plan writes the dependency (only then does the dependent wait for it; otherwise it already runs). */
  waits: boolean;
}

/** A service left out by profiles. */
export interface ExcludedServicePlan {
  /** Compose key. */
  service: string;
  /** The service name it would have in the cluster. */
  name: string;
  /** Its profiles, none of which is active. */
  profiles: string[];
  /** Whether a service of that name runs in the stack now (removed only with --prune). */
  live: boolean;
}

/** True when executing the plan writes something to the cluster. */
export function planHasChanges(plan: Plan): boolean {
  return plan.changes.some((c) => c.action !== 'none' && (c.action !== 'remove' || plan.prune));
}
