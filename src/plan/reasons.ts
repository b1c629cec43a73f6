import type { FieldChange } from './plan.js';

/** A tag whose digest moved in the registry since the live service pinned it (the update re-pins it). */
export interface MovedTag {
  reference: string;
  /** Digest the live service runs. */
  from: string;
  /** Digest the registry answers now. */
  to: string;
}

/**
 * Why a change has its action, as a code with the data its words need (like terraform's ActionReason). Display
 * only: execution never reads it. The words are written in src/render/plan-words.ts.
 *
 * Service updates carry `movedTag` when the image tag moved in the registry (said before the update's own reason).
 */
export type ChangeReason =
  /** An object of the stack the desired state no longer has; `revision` when the desired state is a recorded revision. */
  | { code: 'not-in-source'; revision?: number }
  /** A network of the stack no service uses any more. */
  | { code: 'network-unused' }
  /** A service left out by profiles, none of which is active. */
  | { code: 'profiles-inactive'; profiles: string[] }
  /** A service whose mode kind changed: removed and created again. */
  | { code: 'service-mode-changed'; from: string; to: string }
  | { code: 'job-rerun'; movedTag?: MovedTag }
  | { code: 'task-template-changed'; movedTag?: MovedTag }
  | { code: 'endpoint-changed'; movedTag?: MovedTag }
  /** Placement changed; `replaced`: some running task is on a node that no longer satisfies the constraints. */
  | { code: 'placement-changed'; replaced: boolean; movedTag?: MovedTag }
  /** Labels, replicas, update or rollback config only: running tasks are kept. */
  | { code: 'service-settings-changed'; movedTag?: MovedTag }
  /** A secret or config whose labels alone changed. */
  | { code: 'labels-changed' }
  /** A secret without the content-hash label `label`: adopted by adding it; `fallback` is created if swarm refuses. */
  | { code: 'secret-content-unverified'; label: string; fallback: string }
  /** A secret or config whose content changed: `name` is created in place of `replaces`. */
  | { code: 'content-changed'; kind: 'secret' | 'config'; name: string; replaces: string }
  /** The live object a replacement takes over from. */
  | { code: 'replaced'; by: string }
  /** An older version of `of` that nothing uses; `now` is the version in use. */
  | { code: 'older-version-unused'; of: string; now: string };

/** A non-fatal note made while planning, as a code with data; the words are written in src/render/plan-words.ts. */
export type PlanWarning =
  /** An existing network differs from the file; it is left as it is (as docker does). */
  | { code: 'network-differs'; network: string; fields: FieldChange[] }
  /** The last deploy failed and swarm's rollout of `service` is still `status`: a new rollout is forced. */
  | { code: 'rollout-forced'; service: string; status: string }
  /** The registry could not be asked for the digest of `image`. */
  | { code: 'image-unresolved'; image: string };
