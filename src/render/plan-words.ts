import type { ServiceDependency } from '../plan/plan.js';
import type { ChangeReason, MovedTag, PlanWarning } from '../plan/reasons.js';

/** The words of a change's reason (text, Markdown and JSON all print these). */
export function reasonText(reason: ChangeReason): string {
  switch (reason.code) {
    case 'not-in-source':
      return `no longer in ${reason.revision === undefined ? 'the file' : `revision ${reason.revision}`}`;
    case 'network-unused':
      return 'no longer used by any service';
    case 'profiles-inactive':
      return profileReason(reason.profiles);
    case 'service-mode-changed':
      return `swarm cannot change a service's mode (${reason.from} → ${reason.to}): the service is removed and created again`;
    case 'job-rerun':
      return withMovedTag(reason.movedTag, 'updating a job service runs the job again');
    case 'task-template-changed':
      return withMovedTag(reason.movedTag, 'task template changed: running tasks are replaced');
    case 'endpoint-changed':
      return withMovedTag(reason.movedTag, 'endpoint changed: running tasks are replaced');
    case 'placement-changed':
      return withMovedTag(
        reason.movedTag,
        reason.replaced
          ? 'placement changed: tasks on nodes that no longer satisfy the constraints are replaced'
          : 'placement changed: every running task is on a node that still satisfies the constraints, none is replaced',
      );
    case 'service-settings-changed':
      return withMovedTag(reason.movedTag, 'service settings only (labels, replicas, update or rollback config): running tasks are kept');
    case 'labels-changed':
      return 'labels changed';
    case 'secret-content-unverified':
      return (
        `content could not be verified (the secret has no ${reason.label} label, e.g. it was made by docker stack deploy); ` +
        `the update adds the label, and if swarm refuses it because the data differs, ${reason.fallback} is created and used instead`
      );
    case 'content-changed':
      return `content changed; swarm cannot change a ${reason.kind}'s data, so ${reason.name} is created, the services are pointed at it and ${reason.replaces} is marked for removal`;
    case 'replaced':
      return `replaced by ${reason.by}`;
    case 'older-version-unused':
      return `other content of ${reason.of}, no longer used (now ${reason.now})`;
  }
}

/** The words of a plan warning. */
export function warningText(warning: PlanWarning): string {
  switch (warning.code) {
    case 'network-differs': {
      const list = warning.fields.map((f) => `${f.path}: ${JSON.stringify(f.before) ?? 'absent'} → ${JSON.stringify(f.after) ?? 'absent'}`).join(', ');
      return (
        `network ${warning.network} differs from the file (${list}); existing networks are left as they are, like docker stack deploy does: ` +
        'remove the services using it and the network to have it created again'
      );
    }
    case 'rollout-forced':
      return `${warning.service}: the last deploy failed and swarm's rollout is still ${warning.status}; forcing a new rollout (force_update + 1)`;
    case 'image-unresolved':
      // docker stack deploy's own warning, so that logs read the same.
      return (
        `image ${warning.image} could not be accessed on a registry to record its digest; ` +
        `each node will access ${warning.image} independently, possibly leading to different nodes running different versions of the image`
      );
  }
}

function withMovedTag(moved: MovedTag | undefined, reason: string): string {
  return moved ? `image tag ${moved.reference} moved: ${shortDigest(moved.from)} → ${shortDigest(moved.to)}; ${reason}` : reason;
}

/** `sha256:` and the first 12 hex digits, as docker shows image IDs. */
function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return `${digest.slice(0, colon + 1)}${digest.slice(colon + 1, colon + 13)}`;
}

/** `profile "debug" is not active` / `profiles "debug", "tools" are not active`. */
export function profilesOff(profiles: readonly string[]): string {
  const list = profiles.map((p) => JSON.stringify(p)).join(', ');
  return profiles.length === 1 ? `profile ${list} is not active` : `profiles ${list} are not active`;
}

/** `left out: profile "debug" is not active`: the reason of a left-out service's removal. */
export function profileReason(profiles: readonly string[]): string {
  return `left out: ${profilesOff(profiles)}`;
}

/** How a condition reads in the plan: what the dependent waits for. */
export function conditionText(condition: ServiceDependency['condition']): string {
  if (condition === 'service_healthy') return 'healthy';
  if (condition === 'service_completed_successfully') return 'completed successfully';
  return 'running';
}
