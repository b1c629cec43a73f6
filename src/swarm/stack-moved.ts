import { createHash } from 'node:crypto';
import { LABEL_CONTENT_HASH, LABEL_NAMESPACE, OWN_LABEL_PREFIX } from '../convert/names.js';
import type { EngineApi } from './engine-api.js';
import type { LiveConfig, LiveNetwork, LiveSecret, LiveService } from './live-types.js';
import type { LiveSnapshot } from './snapshot.js';

interface VersionedObject {
  ID: string;
  Version: { Index: number };
  Spec: { Labels?: Record<string, string> | null };
}

/** The parts of the live stack a plan is computed from (a snapshot, or a fresh read of the same objects). */
export interface PlanInputs {
  services: readonly { ID: string; Spec: { Labels?: Record<string, string> | null } }[];
  networks: readonly Pick<LiveNetwork, 'Id' | 'Labels'>[];
  secrets: readonly VersionedObject[];
  configs: readonly VersionedObject[];
}

/**
 * What a plan of `stack` depends on, as one comparable string: the stack's services by ID and spec (not their
 * version: swarm bumps it by itself while an update rolls out), its networks by ID, and its secrets and configs as
 * ID@version. stack's own bookkeeping (revision records, the deploy lock: `io.stack.*` labels) is left out: every run
 * writes it, ours included, and no plan reads it. Pure.
 */
export function stackFingerprint(stack: string, inputs: PlanInputs): string {
  const ours = (labels: Record<string, string> | null | undefined): boolean => (labels ?? {})[LABEL_NAMESPACE] === stack && !isBookkeeping(labels);
  const parts = [
    ...inputs.services.filter((s) => ours(s.Spec.Labels)).map((s) => `service:${s.ID}:${specHash(s.Spec)}`),
    ...inputs.networks.filter((n) => ours(n.Labels)).map((n) => `network:${n.Id}`),
    ...inputs.secrets.filter((s) => ours(s.Spec.Labels)).map((s) => `secret:${s.ID}@${s.Version.Index}`),
    ...inputs.configs.filter((c) => ours(c.Spec.Labels)).map((c) => `config:${c.ID}@${c.Version.Index}`),
  ];
  return parts.sort().join(',');
}

function isBookkeeping(labels: Record<string, string> | null | undefined): boolean {
  return Object.keys(labels ?? {}).some((key) => key.startsWith(OWN_LABEL_PREFIX) && key !== LABEL_CONTENT_HASH);
}

function specHash(spec: unknown): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}

/**
 * Whether the stack changed since the snapshot was read in a way its plan depends on. A run that gets the lock
 * without waiting may still have planned before another run wrote (that run released the lock in between); it must
 * plan again instead of failing on stale versions. Four filtered list calls, made at once.
 */
export async function stackMovedSince(api: EngineApi, snapshot: LiveSnapshot): Promise<boolean> {
  const stack = snapshot.stackName;
  const filters = JSON.stringify({ label: [`${LABEL_NAMESPACE}=${stack}`] });
  const [services, networks, configs, secrets] = await Promise.all([
    api.get<LiveService[]>('/services', { filters }),
    api.get<LiveNetwork[]>('/networks', { filters }),
    api.get<LiveConfig[]>('/configs', { filters }),
    api.get<LiveSecret[]>('/secrets', { filters }),
  ]);
  return stackFingerprint(stack, { services, networks, configs, secrets }) !== stackFingerprint(stack, snapshot);
}
