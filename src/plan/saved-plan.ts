/**
 * Saved plans (`stack diff --out plan.json`, `stack deploy NAME --plan plan.json`): the plan with everything needed
 * to execute it later without the Compose files, and the rules that refuse a plan that no longer fits. Pure: the
 * caller reads files, the environment and the cluster. Format: docs/saved-plan.md.
 *
 * Secret values are never written to the file. Each secret the plan deploys is recorded with where its value comes
 * from (a file path or an environment variable) and an HMAC-SHA256 of the value, keyed with a random per-plan salt
 * followed by STACK_PLAN_KEY when that is set. At apply time the value is read again from the same place, checked
 * against the HMAC, and put back into the plan in memory.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { StackError } from '../errors/stack-error.js';
import { LABEL_CONTENT_HASH, LABEL_NAMESPACE } from '../convert/names.js';
import type { LiveSnapshot } from '../swarm/snapshot.js';
import { contentHash } from './file-objects.js';
import type { Change, Plan, SecretChange } from './plan.js';

/**
 * The `format` of a saved plan file; bumped when the shape changes incompatibly. 2: services reference secrets and
 * configs by name only, and the plan lists what each name resolves to (`plan.references`). 3: plan problems and
 * placement exclusions are codes with data (src/plan/problems.ts), worded when printed.
 */
export const SAVED_PLAN_FORMAT = 'stack-saved-plan/3';

/** A live object the plan was made against (touched or depended on), at the version the plan saw. */
export interface LiveObjectVersion {
  type: 'service' | 'network' | 'secret' | 'config';
  name: string;
  id: string;
  version: number;
}

/** Where a secret's value is read at apply time. Paths are relative to the working directory when they were inside it. */
export type SecretSource = { file: string } | { environment: string };

/** One secret value the plan needs, without the value. */
export interface SavedSecret {
  /** Name of the secret object in the plan (`<stack>_<key>`, a custom name, or a versioned name). */
  name: string;
  /** Compose key. */
  key: string;
  source: SecretSource;
  /** HMAC-SHA256 (hex) of the value; key = salt bytes followed by STACK_PLAN_KEY (UTF-8) when `keyed`. */
  hmac: string;
}

/** The saved plan file (JSON). */
export interface SavedPlanFile {
  format: typeof SAVED_PLAN_FORMAT;
  /** Version of stack that wrote it; only the same version executes it. */
  toolVersion: string;
  createdAt: string;
  stack: string;
  /** Swarm cluster ID (`docker info --format '{{.Swarm.Cluster.ID}}'`) the plan was made against. */
  clusterId: string;
  /** Engine API version negotiated when planning. */
  apiVersion: string;
  /** Compose files the plan was made from, with their SHA-256 (recorded in the revision when applied). */
  sources: { path: string; sha256: string }[];
  /** `--with-registry-auth` when planning: apply sends credentials from its own docker config again. */
  withRegistryAuth: boolean;
  /** Compose key → the services it depends on (write order). */
  dependsOn: Record<string, string[]>;
  /** Every live object the plan touches or depends on, with the version it saw. */
  live: LiveObjectVersion[];
  /** Salt of the secret HMACs (hex, 32 random bytes). */
  salt: string;
  /** Whether STACK_PLAN_KEY was part of the HMAC key (it must then be set, to the same value, at apply time). */
  keyed: boolean;
  secrets: SavedSecret[];
  /** The plan, secret material removed (no Data, no content hashes, sensitive field values dropped). */
  plan: Plan;
}

/** What the caller of encodeSavedPlan knows. */
export interface SavePlanInput {
  plan: Plan;
  snapshot: LiveSnapshot;
  toolVersion: string;
  clusterId: string;
  apiVersion: string;
  sources: { path: string; sha256: string }[];
  withRegistryAuth: boolean;
  dependsOn: ReadonlyMap<string, readonly string[]>;
  /** Compose key → where the secret's value comes from and the value itself (hashed, never stored). */
  secretValues: ReadonlyMap<string, { source: SecretSource; data: Uint8Array }>;
  /** STACK_PLAN_KEY, when set. */
  planKey?: string;
  /** Fixed salt and time for tests. */
  salt?: Buffer;
  now?: Date;
}

/** The HMAC a saved plan records for a secret value. */
export function secretHmac(data: Uint8Array, salt: Buffer, planKey: string | undefined): string {
  const key = Buffer.concat([salt, Buffer.from(planKey ?? '', 'utf8')]);
  return createHmac('sha256', key).update(data).digest('hex');
}

/** Builds the saved plan file. Throws when a secret's value cannot be found again at apply time (inline `content:`). */
export function encodeSavedPlan(input: SavePlanInput): SavedPlanFile {
  const salt = input.salt ?? randomBytes(32);
  const keyed = input.planKey !== undefined && input.planKey !== '';
  const secrets: SavedSecret[] = [];
  const unsaveable: string[] = [];
  for (const change of input.plan.changes) {
    if (change.type !== 'secret' || !secretData(change)) continue;
    const value = change.key === undefined ? undefined : input.secretValues.get(change.key);
    if (!value) {
      unsaveable.push(change.key ?? change.name);
      continue;
    }
    secrets.push({ name: change.name, key: change.key!, source: value.source, hmac: secretHmac(value.data, salt, keyed ? input.planKey : undefined) });
  }
  if (unsaveable.length > 0) {
    throw new StackError('PLAN_SECRET_INLINE', `cannot save the plan: the value of secret(s) ${unsaveable.join(', ')} is given inline (content:) and a saved plan never stores secret values`, {
      hint: 'declare the secret with `file:` or `environment:` so that `stack deploy --plan` can read it again',
    });
  }
  return {
    format: SAVED_PLAN_FORMAT,
    toolVersion: input.toolVersion,
    createdAt: (input.now ?? new Date()).toISOString(),
    stack: input.plan.stackName,
    clusterId: input.clusterId,
    apiVersion: input.apiVersion,
    sources: input.sources,
    withRegistryAuth: input.withRegistryAuth,
    dependsOn: Object.fromEntries([...input.dependsOn.entries()].map(([k, v]) => [k, [...v]])),
    live: liveVersions(input.plan, input.snapshot),
    salt: salt.toString('hex'),
    keyed,
    secrets,
    plan: withoutSecretMaterial(input.plan),
  };
}

function secretData(change: SecretChange): boolean {
  return typeof change.desired?.Data === 'string' || typeof change.fallback?.desired.Data === 'string';
}

/**
 * The plan without secret material: secret Data, the content-hash label and field, and the values of sensitive
 * fields are removed (a plain SHA-256 of a short secret is as good as the secret to whoever can guess it).
 */
export function withoutSecretMaterial(plan: Plan): Plan {
  const strip = <T extends { Data?: string; Labels?: Record<string, string> | null }>(spec: T): T => {
    const { Data: _data, ...rest } = spec;
    const labels = rest.Labels ? Object.fromEntries(Object.entries(rest.Labels).filter(([k]) => k !== LABEL_CONTENT_HASH)) : rest.Labels;
    return { ...rest, Labels: labels } as T;
  };
  const changes = plan.changes.map((change): Change => {
    const fields = change.fields.map((f) => (f.sensitive ? { path: f.path, before: undefined, after: undefined, sensitive: true } : f));
    if (change.type !== 'secret') return { ...change, fields };
    const { contentHash: _hash, ...rest } = change;
    return {
      ...rest,
      fields,
      ...(change.desired ? { desired: strip(change.desired) } : {}),
      ...(change.fallback ? { fallback: { name: change.fallback.name, desired: strip(change.fallback.desired) } } : {}),
    };
  });
  return { ...plan, changes };
}

/**
 * The live objects a plan touches or depends on: every service, network, secret and config of the stack (by its
 * label), every object a change acts on, the external networks, and the secrets and configs its services
 * reference by name. A change to any of them after planning makes the plan stale.
 */
export function liveVersions(plan: Plan, snapshot: LiveSnapshot): LiveObjectVersion[] {
  const out = new Map<string, LiveObjectVersion>();
  const add = (type: LiveObjectVersion['type'], object: { ID: string; Version?: { Index?: number }; Spec?: { Name?: string } } | undefined): void => {
    if (!object) return;
    out.set(`${type}:${object.ID}`, { type, name: object.Spec?.Name ?? object.ID, id: object.ID, version: object.Version?.Index ?? 0 });
  };
  const ours = (labels: Record<string, string> | null | undefined): boolean => labels?.[LABEL_NAMESPACE] === plan.stackName;
  for (const s of snapshot.services) add('service', s);
  for (const n of snapshot.networks) if (ours(n.Labels) || plan.externalNetworks.includes(n.Name)) add('network', { ID: n.Id, Version: { Index: 0 }, Spec: { Name: n.Name } });
  const referenced = { secrets: new Set<string>(), configs: new Set<string>() };
  for (const change of plan.changes) {
    if (change.type !== 'service' || !change.desired) continue;
    for (const ref of change.desired.TaskTemplate.ContainerSpec?.Secrets ?? []) referenced.secrets.add(ref.SecretName);
    for (const ref of change.desired.TaskTemplate.ContainerSpec?.Configs ?? []) referenced.configs.add(ref.ConfigName);
  }
  const touched = new Set(plan.changes.flatMap((c) => (c.liveId ? [c.liveId] : [])));
  for (const s of snapshot.secrets) if (ours(s.Spec.Labels) || referenced.secrets.has(s.Spec.Name ?? '') || touched.has(s.ID)) add('secret', s);
  for (const c of snapshot.configs) if (ours(c.Spec.Labels) || referenced.configs.has(c.Spec.Name ?? '') || touched.has(c.ID)) add('config', c);
  return [...out.values()].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * What moved between the versions a saved plan saw and the live ones now, one line each ("service shop_web changed
 * (version 812 → 830)", "secret shop_token removed", "service shop_extra created"). Empty: the plan is current.
 * Networks have no version: they count as moved when they were removed or recreated.
 */
export function staleObjects(saved: readonly LiveObjectVersion[], now: readonly LiveObjectVersion[]): string[] {
  const key = (o: LiveObjectVersion): string => `${o.type}:${o.id}`;
  const current = new Map(now.map((o) => [key(o), o]));
  const before = new Map(saved.map((o) => [key(o), o]));
  const moved: string[] = [];
  for (const o of saved) {
    const live = current.get(key(o));
    if (!live) moved.push(`${o.type} ${o.name} removed or recreated`);
    else if (live.version !== o.version) moved.push(`${o.type} ${o.name} changed (version ${o.version} → ${live.version})`);
  }
  for (const o of now) if (!before.has(key(o))) moved.push(`${o.type} ${o.name} created`);
  return moved;
}

/**
 * Refuses a stale saved plan (PLAN_STALE): an object it touches or depends on moved since it was made (see
 * staleObjects). `now`: the live versions read just before (src/workflows/apply-saved-plan.ts).
 */
export function checkNotStale(file: SavedPlanFile, where: string, now: readonly LiveObjectVersion[]): void {
  const moved = staleObjects(file.live, now);
  if (moved.length === 0) return;
  throw new StackError('PLAN_STALE', `${where} is stale: the stack changed since the plan was made (${file.createdAt}):\n${moved.map((m) => `  ${m}`).join('\n')}`, {
    hint: 'nothing was written; make the plan again (stack diff ... --out FILE), review it, and apply the new one',
  });
}

/** Checks that `value` looks like a saved plan this version can read; damaged or foreign files give a clear error. */
export function decodeSavedPlan(text: string, where: string): SavedPlanFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw notAPlan(where, 'it is not valid JSON');
  }
  if (typeof value !== 'object' || value === null) throw notAPlan(where, 'it is not a JSON object');
  const file = value as Partial<SavedPlanFile>;
  const format: unknown = file.format;
  if (format !== SAVED_PLAN_FORMAT) {
    const known = typeof format === 'string' && format.startsWith('stack-saved-plan/');
    throw known
      ? new StackError('PLAN_FORMAT', `${where} is a saved plan of format ${String(format)}; this version of stack executes ${SAVED_PLAN_FORMAT}`, {
          hint: 'make the plan again with this version: stack diff ... --out FILE',
        })
      : notAPlan(where, `it has no "format": "${SAVED_PLAN_FORMAT}" field (write one with \`stack diff ... --out FILE\`)`);
  }
  const missing = (['toolVersion', 'stack', 'clusterId', 'live', 'plan', 'secrets', 'salt', 'dependsOn', 'sources'] as const).filter((k) => file[k] === undefined);
  if (missing.length > 0) throw notAPlan(where, `it lacks ${missing.join(', ')}`);
  if (!Array.isArray(file.plan?.changes) || !Array.isArray(file.plan.references) || !Array.isArray(file.live) || !Array.isArray(file.secrets)) {
    throw notAPlan(where, 'its plan, live or secrets field has the wrong shape');
  }
  return file as SavedPlanFile;
}

function notAPlan(where: string, why: string): StackError {
  return new StackError('PLAN_FILE_INVALID', `${where} is not a saved plan stack can execute: ${why}`, { hint: 'write one with `stack diff -c FILE NAME --out plan.json`' });
}

/** Refuses a plan made for another stack, another cluster or by another version of stack. */
export function checkPlanFits(file: SavedPlanFile, where: string, here: { stack: string; toolVersion: string; clusterId?: string }): void {
  if (file.stack !== here.stack) {
    throw new StackError('PLAN_OTHER_STACK', `${where} is a plan for stack ${file.stack}, not ${here.stack}`, {
      hint: `nothing was written; run \`stack deploy ${file.stack} --plan ${where}\`, or make a plan for ${here.stack}`,
    });
  }
  if (file.toolVersion !== here.toolVersion) {
    throw new StackError('PLAN_OTHER_VERSION', `${where} was made by stack ${file.toolVersion}; this is stack ${here.toolVersion}, which executes only its own plans`, {
      hint: 'nothing was written; make the plan again with this version (stack diff ... --out FILE), or apply it with stack ' + file.toolVersion,
    });
  }
  if (here.clusterId !== undefined && file.clusterId !== here.clusterId) {
    throw new StackError('PLAN_OTHER_CLUSTER', `${where} was made against swarm cluster ${file.clusterId}, but this endpoint is cluster ${here.clusterId}`, {
      hint: 'nothing was written; check DOCKER_HOST / --context / -H, or make the plan against this cluster',
    });
  }
}

/**
 * Puts the secret values back into the plan: each value (read by `read` from the recorded file or variable) must
 * match its HMAC; every mismatch or missing value is reported at once. Returns the executable plan: secret Data,
 * the content-hash label and `contentHash` restored.
 */
export function restoreSecrets(
  file: SavedPlanFile,
  where: string,
  read: (source: SecretSource) => Uint8Array | undefined,
  planKey: string | undefined,
): Plan {
  if (file.keyed && (planKey === undefined || planKey === '')) {
    throw new StackError('PLAN_KEY_MISSING', `${where} protects its secret checks with STACK_PLAN_KEY, which is not set`, {
      hint: 'nothing was written; set STACK_PLAN_KEY to the value it had when the plan was made',
    });
  }
  const salt = Buffer.from(file.salt, 'hex');
  const values = new Map<string, Uint8Array>();
  const problems: string[] = [];
  for (const secret of file.secrets) {
    const data = read(secret.source);
    const from = 'file' in secret.source ? `file ${secret.source.file}` : `variable ${secret.source.environment}`;
    if (data === undefined) {
      problems.push(`secret ${secret.key}: ${from} ${'file' in secret.source ? 'cannot be read' : 'is not set'}`);
      continue;
    }
    const expected = Buffer.from(secret.hmac, 'hex');
    const actual = Buffer.from(secretHmac(data, salt, file.keyed ? planKey : undefined), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      problems.push(`secret ${secret.key}: the value in ${from} differs from the one the plan was made with${file.keyed ? ' (or STACK_PLAN_KEY differs)' : ''}`);
      continue;
    }
    values.set(secret.name, data);
  }
  if (problems.length > 0) {
    throw new StackError('PLAN_SECRET_MISMATCH', `${where} cannot be executed:\n${problems.map((p) => `  ${p}`).join('\n')}`, {
      hint: 'nothing was written; run from the directory the plan was made in with the same secret files and variables, or make the plan again',
    });
  }
  const changes = file.plan.changes.map((change): Change => {
    if (change.type !== 'secret') return change;
    const data = values.get(change.name);
    if (!data) return change;
    const base64 = Buffer.from(data).toString('base64');
    const hash = contentHash(base64);
    const fill = <T extends { Labels?: Record<string, string> | null }>(spec: T): T & { Data: string } => ({
      ...spec,
      Labels: Object.fromEntries(Object.entries({ ...(spec.Labels ?? {}), [LABEL_CONTENT_HASH]: hash }).sort(([a], [b]) => a.localeCompare(b))),
      Data: base64,
    });
    return {
      ...change,
      contentHash: hash,
      ...(change.desired ? { desired: fill(change.desired) } : {}),
      ...(change.fallback ? { fallback: { name: change.fallback.name, desired: fill(change.fallback.desired) } } : {}),
    };
  });
  return { ...file.plan, changes };
}
