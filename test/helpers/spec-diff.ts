/**
 * Pure comparison of two stacks as read back from the Engine: one deployed by `docker stack deploy`, one by
 * `stack deploy`. Normalisation removes only what must differ between two deployments of the same files (object
 * IDs, versions, timestamps, the stack name, values the swarm allocates at run time, run-time status); every
 * other field is compared. No I/O: test/helpers/parity.ts reads the objects and hands them in.
 */

/** A JSON value as the Engine returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Everything one stack left in the cluster, as the Engine API returns it. */
export interface StackReadback {
  stackName: string;
  /** `GET /services/{id}?insertDefaults=false` of every service with the stack's namespace label. */
  services: Json[];
  /** `GET /networks` entries with the stack's namespace label. */
  networks: Json[];
  /** `GET /secrets` entries with the stack's namespace label. */
  secrets: Json[];
  /** `GET /configs` entries with the stack's namespace label. */
  configs: Json[];
  /** ID → name of every network, secret and config in the cluster when the stack was read (externals included). */
  names: { networks: Record<string, string>; secrets: Record<string, string>; configs: Record<string, string> };
}

/** A stack after normalisation: every object keyed by its (normalised) name. */
export interface NormalizedStack {
  services: Record<string, Json>;
  networks: Record<string, Json>;
  secrets: Record<string, Json>;
  configs: Record<string, Json>;
}

/** One field whose value differs; `undefined` means the field is absent on that side. */
export interface FieldDifference {
  path: string;
  left: Json | undefined;
  right: Json | undefined;
}

/** What replaces the stack name in names, labels and aliases. */
export const STACK_PLACEHOLDER = '<stack>';
/** What replaces a value the swarm allocates at run time (auto-published ports, VXLAN IDs, default-pool subnets). */
export const ALLOCATED = '<allocated>';

const VXLAN_OPTION = 'com.docker.network.driver.overlay.vxlanid_list';

/** Normalises one stack readback; see the module comment for what is removed and why. */
export function normalizeReadback(readback: StackReadback): NormalizedStack {
  const replaceName = stackNameReplacer(readback.stackName);
  const out: NormalizedStack = { services: {}, networks: {}, secrets: {}, configs: {} };
  // IDs become `<id of NAME>` with the stack name of NAME already replaced.
  const names = replaceName(readback.names as unknown as Json) as unknown as StackReadback['names'];
  for (const raw of readback.services) {
    const service = replaceName(normalizeService(clone(raw), names)) as JsonObject;
    out.services[nameOf(service, ['Spec', 'Name'])] = service;
  }
  for (const raw of readback.networks) {
    const network = replaceName(normalizeNetwork(clone(raw))) as JsonObject;
    out.networks[nameOf(network, ['Name'])] = network;
  }
  for (const [kind, list] of [
    ['secrets', readback.secrets],
    ['configs', readback.configs],
  ] as const) {
    for (const raw of list) {
      const object = replaceName(stripMeta(clone(raw))) as JsonObject;
      out[kind][nameOf(object, ['Spec', 'Name'])] = object;
    }
  }
  return out;
}

/**
 * Every differing leaf between two JSON values, in key order; an empty list means deep-equal. Lists of scalars
 * (Env, Args, Aliases, …) that differ are reported once, whole, which reads better than index by index; lists of
 * objects are compared entry by entry.
 */
export function diffValues(left: Json | undefined, right: Json | undefined, path = ''): FieldDifference[] {
  if (left === right) return [];
  if (Array.isArray(left) && Array.isArray(right)) {
    if (left.every(isScalar) && right.every(isScalar)) {
      const same = left.length === right.length && left.every((value, i) => value === right[i]);
      return same ? [] : [{ path: path === '' ? '(root)' : path, left, right }];
    }
    const out: FieldDifference[] = [];
    for (let i = 0; i < Math.max(left.length, right.length); i++) out.push(...diffValues(left[i], right[i], `${path}[${i}]`));
    return out;
  }
  if (isObject(left) && isObject(right)) {
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
    return keys.flatMap((key) => diffValues(left[key], right[key], joinPath(path, key)));
  }
  return [{ path: path === '' ? '(root)' : path, left, right }];
}

/** Both stacks normalised and compared. */
export function diffReadbacks(left: StackReadback, right: StackReadback): FieldDifference[] {
  return diffValues(normalizeReadback(left) as unknown as Json, normalizeReadback(right) as unknown as Json);
}

/** One line per difference: `path: <left name>=<json> <right name>=<json>` (`<absent>` for a missing field). */
export function formatDifferences(diffs: readonly FieldDifference[], names: { left: string; right: string } = { left: 'docker', right: 'stack' }): string {
  const show = (value: Json | undefined): string => (value === undefined ? '<absent>' : JSON.stringify(value));
  return diffs.map((d) => `${d.path}: ${names.left}=${show(d.left)} ${names.right}=${show(d.right)}`).join('\n');
}

function normalizeService(service: JsonObject, names: StackReadback['names']): JsonObject {
  stripMeta(service);
  // Run-time state of the orchestrator, not something a deploy writes.
  delete service.UpdateStatus;
  delete service.ServiceStatus;
  const jobStatus = service.JobStatus;
  if (isObject(jobStatus)) {
    // JobIteration is a raft version index; LastExecution a timestamp.
    if (isObject(jobStatus.JobIteration) && jobStatus.JobIteration.Index !== undefined) jobStatus.JobIteration.Index = '<index>';
    if (jobStatus.LastExecution !== undefined) jobStatus.LastExecution = '<time>';
  }
  for (const key of ['Spec', 'PreviousSpec']) {
    const spec = service[key];
    if (isObject(spec)) service[key] = normalizeServiceSpec(spec, names);
  }
  const endpoint = service.Endpoint;
  if (isObject(endpoint)) {
    delete endpoint.VirtualIPs;
    const requested = new Set(
      (asArray(isObject(endpoint.Spec) ? endpoint.Spec.Ports : undefined) ?? []).flatMap((p) =>
        isObject(p) && typeof p.PublishedPort === 'number' && p.PublishedPort !== 0 ? [p.PublishedPort] : [],
      ),
    );
    for (const port of asArray(endpoint.Ports) ?? []) {
      // A port published without a number gets one from the swarm's range (30000+).
      if (isObject(port) && typeof port.PublishedPort === 'number' && !requested.has(port.PublishedPort)) port.PublishedPort = ALLOCATED;
    }
  }
  return service;
}

function normalizeServiceSpec(spec: JsonObject, names: StackReadback['names']): JsonObject {
  const task = spec.TaskTemplate;
  if (isObject(task)) {
    mapNetworkTargets(task.Networks, names.networks);
    const container = task.ContainerSpec;
    if (isObject(container)) {
      for (const ref of asArray(container.Secrets) ?? []) if (isObject(ref)) ref.SecretID = idName(ref.SecretID, names.secrets);
      for (const ref of asArray(container.Configs) ?? []) if (isObject(ref)) ref.ConfigID = idName(ref.ConfigID, names.configs);
      const privileges = container.Privileges;
      if (isObject(privileges) && isObject(privileges.CredentialSpec) && typeof privileges.CredentialSpec.Config === 'string') {
        const config = privileges.CredentialSpec.Config;
        if (config !== '') privileges.CredentialSpec.Config = idName(config, names.configs);
      }
    }
  }
  mapNetworkTargets(spec.Networks, names.networks);
  return spec;
}

function mapNetworkTargets(list: Json | undefined, networks: Record<string, string>): void {
  for (const attachment of asArray(list) ?? []) if (isObject(attachment)) attachment.Target = idName(attachment.Target, networks);
}

/** An ID shown as the name of the object it points to; an unknown ID stays as it is (and will show as a difference). */
function idName(id: Json | undefined, names: Record<string, string>): Json {
  if (typeof id !== 'string') return id ?? null;
  const name = names[id];
  return name === undefined ? id : `<id of ${name}>`;
}

function normalizeNetwork(network: JsonObject): JsonObject {
  delete network.Id;
  delete network.Created;
  // Endpoints of running tasks (filled only when a task runs on the node that answers).
  delete network.Containers;
  delete network.Peers;
  delete network.Services;
  const options = network.Options;
  if (isObject(options) && options[VXLAN_OPTION] !== undefined) options[VXLAN_OPTION] = ALLOCATED;
  const ipam = network.IPAM;
  if (isObject(ipam)) {
    for (const pool of asArray(ipam.Config) ?? []) {
      if (!isObject(pool)) continue;
      // A network created without a subnet gets a /24 of the swarm's default pool (10.0.0.0/8).
      if (typeof pool.Subnet === 'string' && inDefaultPool(pool.Subnet)) {
        pool.Subnet = ALLOCATED;
        if (pool.Gateway !== undefined) pool.Gateway = ALLOCATED;
      }
    }
  }
  return network;
}

function inDefaultPool(subnet: string): boolean {
  return /^10\.\d+\.\d+\.\d+\/\d+$/.test(subnet);
}

function stripMeta(object: JsonObject): JsonObject {
  delete object.ID;
  delete object.Version;
  delete object.CreatedAt;
  delete object.UpdatedAt;
  return object;
}

/** Replaces the stack name where it stands for the stack: a whole string equal to it, or a `<stack>_` prefix. */
function stackNameReplacer(stackName: string): (value: Json) => Json {
  const prefix = `${stackName}_`;
  const walk = (value: Json): Json => {
    if (typeof value === 'string') {
      if (value === stackName) return STACK_PLACEHOLDER;
      return value.startsWith(prefix) ? `${STACK_PLACEHOLDER}_${value.slice(prefix.length)}` : value;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [walk(k) as string, walk(v)]));
    return value;
  };
  return walk;
}

function nameOf(object: JsonObject, path: string[]): string {
  let value: Json | undefined = object;
  for (const key of path) value = isObject(value) ? value[key] : undefined;
  return typeof value === 'string' ? value : '<unnamed>';
}

function joinPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`;
}

function isScalar(value: Json): boolean {
  return value === null || typeof value !== 'object';
}

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asArray(value: Json | undefined): Json[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

function clone<T extends Json>(value: T): JsonObject {
  return structuredClone(value) as JsonObject;
}
