import { LABEL_NAMESPACE } from '../convert/names.js';
import type { EngineApi } from './engine-api.js';
import { HISTORY_LABEL } from './history-store.js';
import type { LiveConfig, LiveSecret } from './live-types.js';
import type { LiveSnapshot } from './snapshot.js';

interface VersionedObject {
  ID: string;
  Version: { Index: number };
  Spec: { Labels?: Record<string, string> | null };
}

/**
 * What another stack run changes, as one comparable string: the stack's revision records (created before a run
 * writes anything, relabelled when it ends, removed by retention) and its secrets and configs (created, and removed
 * by the clean-up after a success), each as ID@version. Services are left out: swarm bumps their versions by
 * itself while an update rolls out, and the records already tell that a run wrote them.
 */
export function stackFingerprint(stack: string, configs: readonly VersionedObject[], secrets: readonly VersionedObject[]): string {
  const ours = (object: VersionedObject): boolean => {
    const labels = object.Spec.Labels ?? {};
    return labels[HISTORY_LABEL] === stack || labels[LABEL_NAMESPACE] === stack;
  };
  return [...configs, ...secrets]
    .filter(ours)
    .map((object) => `${object.ID}@${object.Version.Index}`)
    .sort()
    .join(',');
}

/**
 * Whether another stack run changed the stack since the snapshot was read. A run that gets the lock without waiting
 * may still have planned before another run wrote (that run released the lock in between); it must plan again
 * instead of failing on stale versions. Three filtered list calls, made at once.
 */
export async function stackMovedSince(api: EngineApi, snapshot: LiveSnapshot): Promise<boolean> {
  const stack = snapshot.stackName;
  const byLabel = (label: string): string => JSON.stringify({ label: [`${label}=${stack}`] });
  const [records, configs, secrets] = await Promise.all([
    api.get<LiveConfig[]>('/configs', { filters: byLabel(HISTORY_LABEL) }),
    api.get<LiveConfig[]>('/configs', { filters: byLabel(LABEL_NAMESPACE) }),
    api.get<LiveSecret[]>('/secrets', { filters: byLabel(LABEL_NAMESPACE) }),
  ]);
  const now = stackFingerprint(stack, [...records, ...configs], secrets);
  return now !== stackFingerprint(stack, snapshot.configs, snapshot.secrets);
}
