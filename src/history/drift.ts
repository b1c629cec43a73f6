import { LABEL_CONTENT_HASH, LABEL_NAMESPACE, OWN_LABEL_PREFIX } from '../convert/names.js';
import type { DesiredStack } from '../convert/stack.js';
import { buildPlan } from '../plan/build-plan.js';
import { contentHash } from '../plan/file-objects.js';
import type { FieldChange } from '../plan/plan.js';
import type { LiveSnapshot } from '../swarm/snapshot.js';
import type { RevisionRecord } from './record.js';
import { recordedServices } from './rollback-state.js';

/** How one object of the stack departs from the recorded revision. */
export type DriftKind = 'changed' | 'missing' | 'added';

/**
 * One drifted object. `fields` go from the recorded value (`before`) to the live one (`after`); sensitive fields
 * (secret content) carry no values. `missing`: in the revision, gone from the cluster; `added`: carries the stack's
 * label but is not in the revision.
 */
export interface DriftItem {
  type: 'service' | 'network' | 'secret' | 'config';
  name: string;
  drift: DriftKind;
  fields: FieldChange[];
}

/** The live stack compared with a recorded revision (a value: rendered by src/render/drift.ts). */
export interface DriftReport {
  stack: string;
  /** The revision compared with, its outcome and when it was recorded. */
  revision: number;
  outcome: string;
  recordedAt: string;
  /** When the live state was read (ISO). */
  readAt: string;
  items: DriftItem[];
}

/**
 * Compares the live stack with what a revision deployed, without Compose files: services and networks through the
 * planner (the plan that would put the revision back, as `stack rollback` makes it, read in the other direction),
 * secrets and configs by name, content hash and labels. Services and networks carrying the stack's label but absent
 * from the revision are `added`. Pure.
 */
export function driftFromRecord(record: RevisionRecord, snapshot: LiveSnapshot, apiVersion: string): DriftReport {
  const items: DriftItem[] = [];
  const desired: DesiredStack = {
    stackName: record.stack,
    networks: record.desired.networks.map((n) => ({ key: n.name, name: n.name, spec: n.spec })),
    externalNetworks: [],
    secrets: [],
    configs: [],
    // References are compared by name (a missing object is reported below).
    services: recordedServices(record),
  };
  const plan = buildPlan(desired, snapshot, { prune: false, apiVersion });
  for (const change of plan.changes) {
    if ((change.type !== 'service' && change.type !== 'network') || change.action === 'none') continue;
    const drift: DriftKind = change.action === 'create' ? 'missing' : change.action === 'remove' ? 'added' : 'changed';
    // The plan goes from live (before) to recorded (after); drift reads from recorded to live.
    const fields = change.fields.map((f) => ({ ...f, before: f.after, after: f.before }));
    items.push({ type: change.type, name: change.name, drift, fields });
  }
  for (const secret of record.desired.secrets) {
    const live = snapshot.secrets.find((s) => s.Spec.Name === secret.name);
    if (!live) {
      items.push({ type: 'secret', name: secret.name, drift: 'missing', fields: [] });
      continue;
    }
    const fields: FieldChange[] = [];
    const liveHash = live.Spec.Labels?.[LABEL_CONTENT_HASH];
    if (secret.sha256 && liveHash && liveHash !== secret.sha256) fields.push({ path: 'content', before: undefined, after: undefined, sensitive: true });
    fields.push(...labelDrift(secret.spec.Labels, live.Spec.Labels));
    if (fields.length > 0) items.push({ type: 'secret', name: secret.name, drift: 'changed', fields });
  }
  for (const config of record.desired.configs) {
    const live = snapshot.configs.find((c) => c.Spec.Name === config.name);
    if (!live) {
      items.push({ type: 'config', name: config.name, drift: 'missing', fields: [] });
      continue;
    }
    const fields: FieldChange[] = [];
    const liveHash = contentHash(live.Spec.Data);
    if (config.sha256 && liveHash !== config.sha256) fields.push({ path: 'content', before: `sha256:${config.sha256}`, after: `sha256:${liveHash}` });
    fields.push(...labelDrift(config.spec.Labels, live.Spec.Labels));
    if (fields.length > 0) items.push({ type: 'config', name: config.name, drift: 'changed', fields });
  }
  return {
    stack: record.stack,
    revision: record.revision,
    outcome: record.outcome,
    recordedAt: record.createdAt,
    readAt: snapshot.readAt.toISOString(),
    items,
  };
}

/** Label differences, recorded → live, leaving out stack's own bookkeeping labels (`io.stack.*`). */
function labelDrift(recorded: Record<string, string> | null | undefined, live: Record<string, string> | null | undefined): FieldChange[] {
  const keys = new Set([...Object.keys(recorded ?? {}), ...Object.keys(live ?? {})]);
  const fields: FieldChange[] = [];
  for (const key of [...keys].sort()) {
    if (key.startsWith(OWN_LABEL_PREFIX) || key === LABEL_NAMESPACE) continue;
    const before = recorded?.[key];
    const after = live?.[key];
    if (before !== after) fields.push({ path: `labels[${key}]`, before, after });
  }
  return fields;
}
