import type { ConfigSpec, NetworkCreateRequest, SecretSpec, ServiceSpec } from '../convert/swarm-types.js';

/** What happens to one object. `replace` means delete and create (swarm cannot change it in place). */
export type ChangeAction = 'create' | 'update' | 'replace' | 'remove' | 'none';

/** One changed field: a path inside the object's spec and the values on each side (undefined = absent). */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
  /** Values are secret material: renderers show that it changed, never the values. */
  sensitive?: boolean;
}

interface ChangeBase {
  /** Final object name in the cluster (`<stack>_<key>` or a custom name). */
  name: string;
  action: ChangeAction;
  fields: FieldChange[];
  /** Display-only explanation; execution never reads it. */
  reason?: string;
  /** ID of the live object this change acts on (update, replace, remove). */
  liveId?: string;
  /** Version index of the live object when the plan was made (stale-plan guard). */
  liveVersion?: number;
}

export interface NetworkChange extends ChangeBase {
  type: 'network';
  desired?: NetworkCreateRequest;
}

export interface SecretChange extends ChangeBase {
  type: 'secret';
  desired?: SecretSpec;
}

export interface ConfigChange extends ChangeBase {
  type: 'config';
  desired?: ConfigSpec;
}

export interface ServiceChange extends ChangeBase {
  type: 'service';
  /** Compose key (undefined for a removal of a service no longer in the file). */
  key?: string;
  desired?: ServiceSpec;
  /** Whether running tasks will be replaced (task template or endpoint changes). */
  restarts: boolean;
}

export type Change = NetworkChange | SecretChange | ConfigChange | ServiceChange;

/**
 * A deploy plan: every object of the stack with its action, in execution order (networks, secrets, configs,
 * services, then removals). A value: computed by src/plan, rendered by src/render, executed by src/apply.
 */
export interface Plan {
  stackName: string;
  /** External networks the stack uses; checked to exist with swarm scope before anything is written. */
  externalNetworks: string[];
  changes: Change[];
  /** Non-fatal notes made while planning (image digests that could not be resolved, ...). */
  warnings: string[];
}
