/**
 * Secrets and configs in the plan: content change detection and versioned replacement objects.
 *
 * Swarm never changes an object's data in place ("only updates to Labels are allowed"), so when the content of a
 * file changes the plan creates a new object named `<name>-<first 10 hex of sha256>` and points the services at it
 * (same target file in the container); the old object is marked for removal. Content is compared by sha256:
 * - configs: the Engine returns their data, so the live data is hashed;
 * - secrets: the Engine never returns data, so stack keeps the hash in the label `io.stack.content-hash` on every
 *   secret it creates or adopts. A live secret without that label (made by `docker stack deploy`) gets an `update`
 *   that adds it; swarm accepts that update only when the data sent equals the stored data, and apply falls back
 *   to the versioned object when it refuses.
 * Driver secrets (no data) are compared by their driver. Pure.
 */
import { createHash } from 'node:crypto';
import type { DesiredConfig, DesiredSecret } from '../convert/file-objects.js';
import type { ConfigSpec, SecretSpec } from '../convert/swarm-types.js';
import { LABEL_CONTENT_HASH, LABEL_NAMESPACE, OWN_LABEL_PREFIX } from '../convert/names.js';
import { MAX_OBJECT_NAME } from '../docker/names.js';
import type { LiveConfig, LiveSecret } from '../swarm/live-types.js';
import { diffViews, sameValue } from './diff.js';
import type { ConfigChange, FieldChange, SecretChange } from './plan.js';
import type { ChangeReason } from './reasons.js';

/** sha256 (hex) of base64-encoded data (empty data hashes as the empty string). */
export function contentHash(base64: string | undefined): string {
  return createHash('sha256')
    .update(Buffer.from(base64 ?? '', 'base64'))
    .digest('hex');
}

/**
 * The name of the object holding a given content: `<name>-<hash10>`, the name shortened so that the whole stays
 * within swarm's limit (MAX_OBJECT_NAME) (and still ends with an alphanumeric character before the dash).
 */
export function versionedName(name: string, hash: string): string {
  const suffix = `-${hash.slice(0, 10)}`;
  const base = name.slice(0, MAX_OBJECT_NAME - suffix.length).replace(/[^A-Za-z0-9]+$/, '');
  return `${base}${suffix}`;
}

/** Whether a live object name is `name` itself or one of its versioned names. */
export function isVersionOf(candidate: string, name: string): boolean {
  if (candidate === name) return true;
  const match = /^(.*)-([0-9a-f]{10})$/.exec(candidate);
  return match !== null && versionedName(name, `${match[2]}`.padEnd(64, '0')) === candidate;
}

/** The object a desired secret/config ended up as: its final name and live ID (undefined until created). */
export interface ChosenObject {
  name: string;
  id?: string;
}

interface LiveObject {
  ID: string;
  Version: { Index: number };
  Spec: { Name?: string; Labels: Record<string, string> | null; Data?: string; Driver?: unknown; Templating?: unknown };
}

interface DesiredObject {
  key: string;
  name: string;
  spec: { Name?: string; Labels: Record<string, string> | null; Data?: string; Driver?: unknown; Templating?: unknown };
}

/** What a planned secret/config change looks like before it is typed. */
interface ObjectPlan {
  changes: (Omit<SecretChange, 'type'> | Omit<ConfigChange, 'type'>)[];
  chosen: Map<string, ChosenObject>;
}

/** Planned changes of one kind (secrets or configs), and which object each declared name now maps to. */
export interface FileObjectPlan<C> {
  changes: C[];
  /** Declared name (`<stack>_<key>` or `name:`) → the object services must reference. */
  chosen: Map<string, ChosenObject>;
}

/** Which of the stack's live objects are not removals, and where the desired state comes from (for reasons). */
export interface RemovalOptions {
  /** Names the desired services reference directly (a recorded revision's objects): kept as they are. */
  keep?: ReadonlySet<string>;
  /** The recorded revision the desired state comes from (undefined: the files). */
  revision?: number;
  /** List the stack's objects the desired state does not use as removals (default true). */
  listRemovals?: boolean;
}

/** The types of each kind of file object, desired, live and planned. */
interface FileObjectKinds {
  secret: { desired: DesiredSecret; live: LiveSecret; change: SecretChange };
  config: { desired: DesiredConfig; live: LiveConfig; change: ConfigChange };
}

/**
 * Plans the stack's secrets or configs: create, label update/adoption (secrets), versioned replacement, none, and
 * removals. Configs are compared with the live data directly, and get no label.
 */
export function planFileObjects<K extends keyof FileObjectKinds>(
  kind: K,
  stackName: string,
  desired: readonly FileObjectKinds[K]['desired'][],
  live: readonly FileObjectKinds[K]['live'][],
  referencedByLive: ReadonlySet<string>,
  removal: RemovalOptions = {},
): FileObjectPlan<FileObjectKinds[K]['change']> {
  const result = planObjects(kind, stackName, desired, live as unknown as LiveObject[], referencedByLive, removal);
  return { changes: result.changes.map((c) => ({ ...c, type: kind }) as FileObjectKinds[K]['change']), chosen: result.chosen };
}

function planObjects(
  kind: 'secret' | 'config',
  stackName: string,
  desiredList: readonly DesiredObject[],
  liveList: readonly LiveObject[],
  referencedByLive: ReadonlySet<string>,
  removal: RemovalOptions,
): ObjectPlan {
  const changes: ObjectPlan['changes'] = [];
  const chosen = new Map<string, ChosenObject>();
  const used = new Set<string>();
  const byName = new Map(liveList.map((o) => [o.Spec.Name ?? '', o]));
  const stackObjects = liveList.filter((o) => o.Spec.Labels?.[LABEL_NAMESPACE] === stackName);
  const removalReasons = new Map<string, ChangeReason>();

  for (const desired of desiredList) {
    const driver = desired.spec.Driver !== undefined;
    const hash = driver ? undefined : contentHash(desired.spec.Data);
    const labels = kind === 'secret' && hash ? sortedLabels({ ...(desired.spec.Labels ?? {}), [LABEL_CONTENT_HASH]: hash }) : (desired.spec.Labels ?? {});
    const spec = { ...desired.spec, Labels: labels };
    const base = byName.get(desired.name);
    // The plain name (whoever made it, as docker updates it too) and our versioned objects of this stack.
    const candidates = [
      ...(base ? [base] : []),
      ...stackObjects.filter((o) => o !== base && isVersionOf(o.Spec.Name ?? '', desired.name)),
    ];
    const matching = candidates.filter((o) => sameContent(kind, o, spec, hash) === true);
    // Prefer the object the services use now, then the plain name.
    const pick =
      matching.find((o) => referencedByLive.has(o.Spec.Name ?? '')) ?? matching.find((o) => o.Spec.Name === desired.name) ?? matching[0];
    const common = { key: desired.key, contentHash: hash };
    if (pick) {
      used.add(pick.Spec.Name ?? '');
      chosen.set(desired.name, { name: pick.Spec.Name ?? desired.name, id: pick.ID });
      const fields = labelFields(pick.Spec.Labels, labels);
      changes.push({
        ...common,
        name: pick.Spec.Name ?? desired.name,
        action: fields.length > 0 ? 'update' : 'none',
        fields,
        desired: { ...spec, Name: pick.Spec.Name },
        liveId: pick.ID,
        liveVersion: pick.Version.Index,
        ...(fields.length > 0 ? { reason: { code: 'labels-changed' } } : {}),
      } as ObjectPlan['changes'][number]);
      continue;
    }
    const baseInUse = base !== undefined && (referencedByLive.has(desired.name) || candidates.length === 1);
    if (base && baseInUse && sameContent(kind, base, spec, hash) === undefined) {
      // A secret without our hash label, still the one in use: adopt it. Swarm accepts the update only if the data is the same.
      used.add(desired.name);
      chosen.set(desired.name, { name: desired.name, id: base.ID });
      const fallbackName = versionedName(desired.name, hash ?? '');
      changes.push({
        ...common,
        name: desired.name,
        action: 'update',
        fields: labelFields(base.Spec.Labels, labels),
        desired: spec,
        liveId: base.ID,
        liveVersion: base.Version.Index,
        reason: { code: 'secret-content-unverified', label: LABEL_CONTENT_HASH, fallback: fallbackName },
        fallback: { name: fallbackName, desired: { ...spec, Name: fallbackName } },
      } as ObjectPlan['changes'][number]);
      continue;
    }
    const current =
      candidates.find((o) => referencedByLive.has(o.Spec.Name ?? '')) ?? candidates.find((o) => o.Spec.Name === desired.name) ?? candidates[0];
    if (!current) {
      chosen.set(desired.name, { name: desired.name });
      used.add(desired.name);
      changes.push({ ...common, name: desired.name, action: 'create', fields: [], desired: spec } as ObjectPlan['changes'][number]);
      continue;
    }
    const name = versionedName(desired.name, hash ?? contentHash(Buffer.from(JSON.stringify(spec.Driver ?? null)).toString('base64')));
    chosen.set(desired.name, { name });
    used.add(name);
    removalReasons.set(current.Spec.Name ?? '', { code: 'replaced', by: name });
    changes.push({
      ...common,
      name,
      action: 'replace',
      // The content field already says that the hash changed.
      fields: [
        ...contentFields(kind, current, spec),
        ...labelFields(current.Spec.Labels, labels).filter((f) => f.path !== `labels[${LABEL_CONTENT_HASH}]`),
      ],
      desired: { ...spec, Name: name },
      replaces: current.Spec.Name,
      reason: { code: 'content-changed', kind, name, replaces: current.Spec.Name ?? '' },
    } as ObjectPlan['changes'][number]);
  }

  for (const object of stackObjects) {
    const name = object.Spec.Name ?? '';
    if (removal.listRemovals === false || used.has(name) || removal.keep?.has(name) || isBookkeeping(object)) continue;
    const olderOf = desiredList.find((d) => isVersionOf(name, d.name));
    if (olderOf && !removalReasons.has(name)) {
      removalReasons.set(name, { code: 'older-version-unused', of: olderOf.name, now: chosen.get(olderOf.name)?.name ?? olderOf.name });
    }
    changes.push({
      name,
      action: 'remove',
      fields: [],
      liveId: object.ID,
      liveVersion: object.Version.Index,
      reason: removalReasons.get(name) ?? notInSource(removal.revision),
    } as ObjectPlan['changes'][number]);
  }
  return { changes, chosen };
}

/** The reason of a removal the desired state no longer has. */
export function notInSource(revision: number | undefined): ChangeReason {
  return revision === undefined ? { code: 'not-in-source' } : { code: 'not-in-source', revision };
}

/**
 * stack's own records (deploy lock, revision history: labels `io.stack.*` other than the content hash) are never
 * planned for removal, even if they carry the stack's namespace label.
 */
function isBookkeeping(object: LiveObject): boolean {
  return Object.keys(object.Spec.Labels ?? {}).some((key) => key.startsWith(OWN_LABEL_PREFIX) && key !== LABEL_CONTENT_HASH);
}

/**
 * Whether a live object holds the desired content: true/false when it can be told, undefined for a secret without
 * the hash label (its data is never returned).
 */
function sameContent(kind: 'secret' | 'config', live: LiveObject, desired: DesiredObject['spec'], hash: string | undefined): boolean | undefined {
  if (!sameValue(live.Spec.Templating ?? null, desired.Templating ?? null)) return false;
  if (hash === undefined) return sameValue(live.Spec.Driver ?? null, desired.Driver ?? null);
  if (live.Spec.Driver !== undefined && live.Spec.Driver !== null) return false;
  if (kind === 'config') return contentHash(live.Spec.Data) === hash;
  const liveHash = live.Spec.Labels?.[LABEL_CONTENT_HASH];
  return liveHash === undefined ? undefined : liveHash === hash;
}

function contentFields(kind: 'secret' | 'config', live: LiveObject, desired: DesiredObject['spec']): FieldChange[] {
  const out: FieldChange[] = [];
  const liveHash = kind === 'config' ? contentHash(live.Spec.Data) : live.Spec.Labels?.[LABEL_CONTENT_HASH];
  const desiredHash = desired.Driver === undefined ? contentHash(desired.Data) : undefined;
  if (liveHash !== desiredHash) {
    out.push({
      path: 'content',
      before: liveHash ? `sha256:${liveHash.slice(0, 12)}` : undefined,
      after: desiredHash ? `sha256:${desiredHash.slice(0, 12)}` : undefined,
      ...(kind === 'secret' ? { sensitive: true } : {}),
    });
  }
  out.push(...diffViews({ driver: live.Spec.Driver ?? undefined }, { driver: desired.Driver ?? undefined }));
  out.push(...diffViews({ template_driver: live.Spec.Templating ?? undefined }, { template_driver: desired.Templating ?? undefined }));
  return out.filter((f) => !(f.before === undefined && f.after === undefined));
}

/** Label differences; the content hash label is shown as sensitive (a hash of a short secret can be guessed). */
function labelFields(live: Record<string, string> | null | undefined, desired: Record<string, string> | null | undefined): FieldChange[] {
  return diffViews({ labels: live ?? {} }, { labels: desired ?? {} }).map((field) =>
    field.path === `labels[${LABEL_CONTENT_HASH}]` ? { ...field, sensitive: true } : field,
  );
}

function sortedLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The spec types the plan sends (re-exported for build-plan). */
export type { ConfigSpec, SecretSpec };
