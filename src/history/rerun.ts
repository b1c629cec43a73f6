import type { ServiceSpec } from '../convert/swarm-types.js';
import type { Plan } from '../plan/plan.js';
import type { LiveSnapshot } from '../swarm/snapshot.js';
import { readRevision, type StoredRevision } from './history-store.js';
import type { RevisionOutcome } from './record.js';

/**
 * What a run does about the newest revision an earlier run left behind, decided once after planning:
 * - `wait`: the newest revision was left in progress (the run was killed or lost its manager) or interrupted (a
 *   signal) and the files change nothing: swarm is still rolling out what that run submitted, so wait for it and
 *   record how it ended on that revision;
 * - `force`: the newest revision failed and swarm's rollout of services the files do not change is still
 *   `updating` or `paused` (e.g. its updater waits for a task it gave a node that went down): an identical spec
 *   would change nothing, so raise ForceUpdate on them and a new rollout replaces their tasks;
 * - `nothing`: any other case.
 * `R` is the stored revision as the caller holds it (the wait acts on it).
 */
export type RerunStep<R> =
  | { kind: 'nothing' }
  | { kind: 'force'; rollouts: UnfinishedRollout[] }
  | { kind: 'wait'; revision: R };

/** A service the plan leaves as it is whose rollout swarm has not finished: its name and swarm's status words. */
export interface UnfinishedRollout {
  service: string;
  /** swarm's UpdateStatus: `updating` or `paused`, with its message in parentheses when it has one. */
  status: string;
}

/** The live side of a service as the decision reads it. */
interface LiveRollout {
  ID: string;
  UpdateStatus?: { State?: string; Message?: string };
}

/** Services the plan does not change whose rollout swarm still reports as `updating` or `paused`. Pure. */
export function unfinishedRollouts(plan: Pick<Plan, 'changes'>, live: readonly LiveRollout[]): UnfinishedRollout[] {
  return plan.changes.flatMap((change) => {
    if (change.type !== 'service' || change.action !== 'none') return [];
    const status = live.find((s) => s.ID === change.liveId)?.UpdateStatus;
    if (status?.State !== 'updating' && status?.State !== 'paused') return [];
    return [{ service: change.name, status: status.Message ? `${status.State} (${status.Message})` : status.State }];
  });
}

/** What the decision takes: the unfinished rollouts, whether the plan writes anything, whether the caller can wait. */
export interface RerunInputs {
  rollouts: readonly UnfinishedRollout[];
  /** The plan (before any forcing) writes something. */
  changes: boolean;
  /** The caller executes (deploy) and can wait for an unfinished revision; `stack diff` cannot. */
  canWait: boolean;
}

/**
 * Whether the decision needs the newest revision at all: only when a rollout is unfinished, or when a run that
 * writes nothing could wait. So a plain no-change `stack diff` makes no extra call.
 */
export function needsNewestRevision(inputs: RerunInputs): boolean {
  return inputs.rollouts.length > 0 || (inputs.canWait && !inputs.changes);
}

/** The decision from the stack's newest revision (undefined: none, or not read). Pure. */
export function decideRerun<R extends { outcome: RevisionOutcome }>(inputs: RerunInputs, newest: R | undefined): RerunStep<R> {
  if (newest?.outcome === 'failed' && inputs.rollouts.length > 0) return { kind: 'force', rollouts: [...inputs.rollouts] };
  // After an interrupted or abandoned run swarm is still rolling out what was submitted: nothing is forced then.
  if ((newest?.outcome === 'in-progress' || newest?.outcome === 'interrupted') && inputs.canWait && !inputs.changes) {
    return { kind: 'wait', revision: newest };
  }
  return { kind: 'nothing' };
}

/** The services an unfinished revision changed, as they are now (every service of the stack when its record cannot be read). */
export function unfinishedTargets(stored: StoredRevision, snapshot: LiveSnapshot): { id: string; name: string }[] {
  let changed: Set<string>;
  try {
    const record = readRevision(stored, snapshot.stackName);
    changed = new Set(record.changed.filter((c) => c.type === 'service' && c.action !== 'remove').map((c) => c.name));
  } catch {
    changed = new Set(snapshot.services.map((s) => s.Spec.Name ?? ''));
  }
  return snapshot.services.filter((s) => changed.has(s.Spec.Name ?? '')).map((s) => ({ id: s.ID, name: s.Spec.Name ?? s.ID }));
}

/** The spec with ForceUpdate raised by one: swarm replaces every task, as `docker service update --force` does. */
export function withForcedRollout(spec: ServiceSpec): ServiceSpec {
  return { ...spec, TaskTemplate: { ...spec.TaskTemplate, ForceUpdate: (spec.TaskTemplate.ForceUpdate ?? 0) + 1 } };
}
