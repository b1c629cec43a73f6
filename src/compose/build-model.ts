import type { ProblemCode } from '../errors/codes.js';
import path from 'node:path';
import type { InputProblem } from '../errors/problem.js';
import type {
  ComposeFormat,
  ConfigModel,
  CredentialSpecModel,
  DependsOnModel,
  DeployModel,
  ExternalModel,
  ExtraHost,
  FileReferenceModel,
  GenericResourceModel,
  HealthcheckModel,
  LoggingModel,
  MountType,
  NetworkModel,
  PlacementModel,
  PortModel,
  ResourcesModel,
  RestartPolicyModel,
  SecretModel,
  ServiceModel,
  ServiceNetworkModel,
  ServiceVolumeModel,
  StackModel,
  UlimitModel,
  UpdateConfigModel,
  VolumeModel,
} from '../model/stack-model.js';
import { splitShellWords } from './shell-words.js';
import { formatPath, type KeyPath } from './source-map.js';
import { isMapping } from './tree-paths.js';
import { setEntry } from './tree.js';
import type { ComposeDocument, Tree, Variables } from './types.js';
import { formatGoNumber, parseByteSize, parseGoDuration } from '../docker/units.js';

/**
 * Phase 11 of the loader: the merged canonical tree (docs/loader.md) → the typed StackModel.
 *
 * What happens here and nowhere else:
 * - durations → nanoseconds, byte sizes → bytes, numbers in string maps → Go `%v` strings, `cpus` → string;
 * - `command` / `entrypoint` strings split with shell rules (shell-words.ts);
 * - `environment` taken as the environment phase resolved it (env_file files, CLI fill; see resolve-environment.ts);
 * - bind mount sources (`~` from HOME, relative → absolute), secret/config/env_file paths → absolute, against the
 *   working directory (the first file's directory).
 * A key absent from the tree stays `undefined`; no default is filled in (the converter owns defaults).
 * Values the earlier phases guarantee (types checked by the schema) are trusted; values that only this phase can
 * judge (sizes, env files, shell quoting) produce problems at their path.
 */
export interface BuildModelContext {
  /** Directory relative paths resolve against (the first file's directory). */
  workingDir: string;
  /** The files read, in order, as absolute paths ("-" for stdin). */
  files: string[];
  format: ComposeFormat;
  /** The first file's `version:` as written; copied to StackModel.version. */
  version?: string;
  /** Interpolation variables (kept for symmetry with the other phases; environment resolution does not use them). */
  variables: Variables;
  /** The CLI process environment: gives HOME for `~` in bind mount sources. */
  env: Record<string, string | undefined>;
}

export interface BuildModelResult {
  model: StackModel;
  problems: InputProblem[];
  /**
   * False when a problem made the builder leave a list entry out of the model (a port without target, a mount of
   * an unknown type): list indexes in the model then no longer match the source, so cross-field rules that name
   * entries by index must not run.
   */
  complete: boolean;
}

/** Where the builder reports problems: the document (for positions) and the list being collected. */
interface Builder {
  doc: ComposeDocument;
  ctx: BuildModelContext;
  problems: InputProblem[];
  /** Set when a list entry was left out (see BuildModelResult.complete). */
  dropped: boolean;
}

function report(b: Builder, code: ProblemCode, at: KeyPath, message: string, hint?: string): void {
  b.problems.push({
    code,
    message,
    path: formatPath(at),
    location: b.doc.sourceMap.locate(at),
    ...(hint === undefined ? {} : { hint }),
  });
}

/** Builds the StackModel from a merged canonical document; reads env_file files. */
export async function buildModel(doc: ComposeDocument, ctx: BuildModelContext): Promise<BuildModelResult> {
  const b: Builder = { doc, ctx, problems: [], dropped: false };
  const tree = doc.tree;
  const services: Record<string, ServiceModel> = {};
  for (const [name, value] of entries(tree['services'])) {
    setEntry(services, name, buildService(b, name, isMapping(value) ? value : {}));
  }
  const model: StackModel = defined({
    version: ctx.version,
    format: ctx.format,
    workingDir: ctx.workingDir,
    files: [...ctx.files],
    services,
    networks: buildSection<NetworkModel>(tree['networks'], (t) => buildObject(b, t, NETWORK_KEYS)),
    volumes: buildSection<VolumeModel>(tree['volumes'], (t) => buildObject(b, t, VOLUME_KEYS)),
    secrets: buildSection<SecretModel>(tree['secrets'], (t) => buildObject(b, t, SECRET_KEYS)),
    configs: buildSection<ConfigModel>(tree['configs'], (t) => buildObject(b, t, CONFIG_KEYS)),
    extensions: extensionsOf(tree),
    name: str(tree['name']),
  });
  return { model, problems: b.problems, complete: !b.dropped };
}

// ---------------------------------------------------------------------------------------------------------------
// Small readers. The schema has checked types, so a value of the wrong type here means "absent".

function entries(value: unknown): [string, unknown][] {
  return isMapping(value) ? Object.entries(value) : [];
}

/**
 * Drops keys whose value is undefined, so "absent" has one representation. Copies instead of deleting (a deleted
 * property turns the object into a slow dictionary), with indexed loops (see tree.ts mapFromEntries).
 */
function defined<T extends object>(value: T): T {
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let i = 0;
  while (i < keys.length && record[keys[i] as string] !== undefined) i++;
  if (i === keys.length) return value;
  const out: Record<string, unknown> = {};
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    if (record[key] !== undefined) out[key] = record[key];
  }
  return out as T;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
/** Go decodes these into integer fields, dropping any fraction. */
const whole = (value: unknown): number | undefined => (typeof value === 'number' ? Math.trunc(value) : undefined);

function strList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

/** A scalar as Go's `%v` prints it; null becomes "" (docker's map[string]string conversion). */
function goString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatGoNumber(value);
  if (typeof value === 'boolean') return String(value);
  return '';
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isMapping(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) setEntry(out, key, goString(item));
  return out;
}

function extensionsOf(tree: Tree): Record<string, unknown> | undefined {
  const found = Object.entries(tree).filter(([key]) => key.startsWith('x-'));
  if (found.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of found) setEntry(out, key, value);
  return out;
}

function buildSection<T>(value: unknown, build: (tree: Tree) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [name, item] of entries(value)) setEntry(out, name, build(isMapping(item) ? item : {}));
  return out;
}

function duration(b: Builder, at: KeyPath, value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ns = parseGoDuration(value);
  if (ns === undefined) report(b, 'INVALID_DURATION', at, `must be a duration like 10s or 1m30s, got "${value}"`);
  return ns;
}

function byteSize(b: Builder, at: KeyPath, value: unknown): number | undefined {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value !== 'string') return undefined;
  const bytes = parseByteSize(value);
  if (bytes === undefined) {
    const hint = 'units: b, k, m, g, t, p (all 1024-based)';
    report(b, 'INVALID_SIZE', at, `must be a size like 512m or 1.5g, got "${value}"`, hint);
  }
  return bytes;
}

/** Resolves a path against the working directory like Go's filepath.Join (absolute paths kept). */
function absolute(b: Builder, file: string): string {
  return path.isAbsolute(file) ? file : path.join(b.ctx.workingDir, file);
}

// ---------------------------------------------------------------------------------------------------------------
// Services

function buildService(b: Builder, name: string, t: Tree): ServiceModel {
  const at = (...rest: (string | number)[]): KeyPath => ['services', name, ...rest];
  return defined<ServiceModel>({
    image: str(t['image']),
    command: words(b, at('command'), t['command']),
    entrypoint: words(b, at('entrypoint'), t['entrypoint']),
    environment: environment(t['environment']),
    labels: stringMap(t['labels']),
    hostname: str(t['hostname']),
    domainname: str(t['domainname']),
    user: str(t['user']),
    working_dir: str(t['working_dir']),
    stop_signal: str(t['stop_signal']),
    stop_grace_period: duration(b, at('stop_grace_period'), t['stop_grace_period']),
    tty: bool(t['tty']),
    stdin_open: bool(t['stdin_open']),
    read_only: bool(t['read_only']),
    init: bool(t['init']),
    isolation: str(t['isolation']),
    dns: strList(t['dns']),
    dns_search: strList(t['dns_search']),
    dns_opt: strList(t['dns_opt']),
    extra_hosts: extraHosts(t['extra_hosts']),
    healthcheck: healthcheck(b, at('healthcheck'), t['healthcheck']),
    ports: ports(b, at('ports'), t['ports']),
    volumes: mounts(b, at('volumes'), t['volumes']),
    secrets: fileReferences(t['secrets']),
    configs: fileReferences(t['configs']),
    networks: serviceNetworks(t['networks']),
    logging: logging(t['logging']),
    deploy: deploy(b, at('deploy'), t['deploy']),
    credential_spec: credentialSpec(t['credential_spec']),
    sysctls: stringMap(t['sysctls']),
    cap_add: strList(t['cap_add']),
    cap_drop: strList(t['cap_drop']),
    ulimits: ulimits(t['ulimits']),
    oom_score_adj: whole(t['oom_score_adj']),
    restart: str(t['restart']),
    tmpfs: strList(t['tmpfs']),
    depends_on: dependsOn(t['depends_on']),
    extensions: extensionsOf(t),
  });
}

/** `command` / `entrypoint`: lists kept, strings split like docker (google/shlex). */
function words(b: Builder, at: KeyPath, value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(goString);
  if (typeof value !== 'string') return undefined;
  const split = splitShellWords(value);
  if (split.ok) return split.words;
  const why = split.error === 'unclosed-quote' ? 'a quote is not closed' : 'it ends with a lone backslash';
  report(b, 'INVALID_COMMAND', at, `cannot split into arguments: ${why}`, 'write it as a list to avoid shell quoting');
  return undefined;
}

function extraHosts(value: unknown): ExtraHost[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const hosts: ExtraHost[] = [];
  for (const entry of value) {
    if (typeof entry !== 'string') continue;
    const colon = entry.indexOf(':');
    // docker drops entries without a separator when it converts them.
    if (colon === -1) continue;
    hosts.push({ host: entry.slice(0, colon), ip: entry.slice(colon + 1) });
  }
  return hosts;
}

function healthcheck(b: Builder, at: KeyPath, value: unknown): HealthcheckModel | undefined {
  if (!isMapping(value)) return undefined;
  const test = value['test'];
  return defined<HealthcheckModel>({
    test: typeof test === 'string' ? ['CMD-SHELL', test] : strList(test),
    interval: duration(b, [...at, 'interval'], value['interval']),
    timeout: duration(b, [...at, 'timeout'], value['timeout']),
    start_period: duration(b, [...at, 'start_period'], value['start_period']),
    start_interval: duration(b, [...at, 'start_interval'], value['start_interval']),
    retries: whole(value['retries']),
    disable: bool(value['disable']),
  });
}

function ports(b: Builder, at: KeyPath, value: unknown): PortModel[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: PortModel[] = [];
  value.forEach((entry, i) => {
    if (!isMapping(entry)) return;
    const target = whole(entry['target']);
    if (target === undefined) {
      report(b, 'MISSING_KEY', [...at, i], 'missing required key "target"', 'the port inside the container');
      b.dropped = true;
      return;
    }
    const published = publishedPort(b, [...at, i, 'published'], entry['published']);
    out.push(
      defined<PortModel>({
        target,
        published,
        protocol: str(entry['protocol']),
        mode: str(entry['mode']),
        host_ip: str(entry['host_ip']),
        short: bool(entry['short']),
      }),
    );
  });
  return out;
}

/** Long syntax `published`: a number, or (Compose Specification) a string holding a number or a one-port range. */
function publishedPort(b: Builder, at: KeyPath, value: unknown): number | undefined {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value !== 'string') return undefined;
  const range = /^(\d+)(?:-(\d+))?$/.exec(value);
  if (!range) {
    report(b, 'INVALID_PORT', at, `must be a port number, got "${value}"`);
    return undefined;
  }
  const start = Number(range[1]);
  if (range[2] !== undefined && Number(range[2]) !== start) {
    report(
      b,
      'INVALID_PORT',
      at,
      `swarm cannot publish a port range in long syntax, got "${value}"`,
      'write one ports entry per published port, or use the short syntax 8000-8010:80',
    );
    return undefined;
  }
  return start;
}

const MOUNT_TYPES: readonly MountType[] = ['volume', 'bind', 'tmpfs', 'npipe', 'cluster', 'image'];

function isMountType(value: string): value is MountType {
  return (MOUNT_TYPES as readonly string[]).includes(value);
}

function mounts(b: Builder, at: KeyPath, value: unknown): ServiceVolumeModel[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: ServiceVolumeModel[] = [];
  value.forEach((entry, i) => {
    if (!isMapping(entry)) return;
    // docker reads an empty type as "volume".
    const type = str(entry['type']) || 'volume';
    if (!isMountType(type)) {
      report(b, 'INVALID_MOUNT_TYPE', [...at, i, 'type'], `must be one of: ${MOUNT_TYPES.join(', ')} (got "${type}")`);
      b.dropped = true;
      return;
    }
    const source = str(entry['source']);
    out.push(
      defined<ServiceVolumeModel>({
        type,
        source: type === 'bind' && source ? bindSource(b, source) : source,
        target: str(entry['target']) ?? '',
        read_only: bool(entry['read_only']),
        consistency: str(entry['consistency']),
        bind: mountOptions(entry['bind'], (o) => ({
          propagation: str(o['propagation']),
          create_host_path: bool(o['create_host_path']),
        })),
        volume: mountOptions(entry['volume'], (o) => ({ nocopy: bool(o['nocopy']), subpath: str(o['subpath']) })),
        tmpfs: mountOptions(entry['tmpfs'], (o) => ({
          size: byteSize(b, [...at, i, 'tmpfs', 'size'], o['size']),
          mode: tmpfsMode(b, [...at, i, 'tmpfs', 'mode'], o['mode']),
        })),
        image: mountOptions(entry['image'], (o) => ({ subpath: str(o['subpath']) })),
      }),
    );
  });
  return out;
}

/** A sub-option block: present (even empty, which matters to the converter) or absent. */
function mountOptions<T extends object>(value: unknown, build: (options: Tree) => T): T | undefined {
  if (value === undefined) return undefined;
  return defined(build(isMapping(value) ? value : {}));
}

/** Compose Specification tmpfs mode: a number, or an octal string such as "1777". */
function tmpfsMode(b: Builder, at: KeyPath, value: unknown): number | undefined {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value !== 'string') return undefined;
  if (/^[0-7]+$/.test(value)) return parseInt(value, 8);
  report(b, 'INVALID_VALUE', at, `must be an octal file mode like 1777, got "${value}"`);
  return undefined;
}

/** docker's resolveVolumePaths for bind mounts: `~` from HOME, then relative paths joined to the working dir. */
function bindSource(b: Builder, source: string): string {
  let resolved = source;
  const home = b.ctx.env['HOME'];
  // docker replaces the first "~" only when the source starts with it, and leaves it when HOME is unset.
  if (resolved.startsWith('~') && home !== undefined) resolved = resolved.replace('~', home);
  if (path.posix.isAbsolute(resolved) || isWindowsAbsolute(resolved)) return resolved;
  // Go's filepath.Join cleans the result, which also drops a trailing slash (`./data/` → `<dir>/data`);
  // node's path.join keeps it.
  const joined = path.join(b.ctx.workingDir, resolved);
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
}

/** A Windows absolute path (`C:\x`, `C:/x`, `\\server\share`): kept, so a Windows daemon gets it unchanged. */
function isWindowsAbsolute(value: string): boolean {
  return /^[a-zA-Z]:[\\/]/.test(value) || value.startsWith('\\\\');
}

function fileReferences(value: unknown): FileReferenceModel[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .map((entry) => (typeof entry === 'string' ? { source: entry } : entry))
    .filter(isMapping)
    .map((entry) =>
      defined<FileReferenceModel>({
        source: str(entry['source']) ?? '',
        target: str(entry['target']),
        uid: str(entry['uid']),
        gid: str(entry['gid']),
        mode: whole(entry['mode']),
      }),
    );
}

function serviceNetworks(value: unknown): Record<string, ServiceNetworkModel> | undefined {
  if (Array.isArray(value)) {
    const out: Record<string, ServiceNetworkModel> = {};
    for (const name of value) if (typeof name === 'string') setEntry(out, name, {});
    return out;
  }
  if (!isMapping(value)) return undefined;
  const out: Record<string, ServiceNetworkModel> = {};
  for (const [name, entry] of Object.entries(value)) {
    const t = isMapping(entry) ? entry : {};
    setEntry(
      out,
      name,
      defined<ServiceNetworkModel>({
        aliases: strList(t['aliases']),
        ipv4_address: str(t['ipv4_address']),
        ipv6_address: str(t['ipv6_address']),
        driver_opts: stringMap(t['driver_opts']),
      }),
    );
  }
  return out;
}

function logging(value: unknown): LoggingModel | undefined {
  if (!isMapping(value)) return undefined;
  return defined<LoggingModel>({ driver: str(value['driver']), options: stringMap(value['options']) });
}

function credentialSpec(value: unknown): CredentialSpecModel | undefined {
  if (!isMapping(value)) return undefined;
  return defined<CredentialSpecModel>({
    config: str(value['config']),
    file: str(value['file']),
    registry: str(value['registry']),
  });
}

function ulimits(value: unknown): Record<string, UlimitModel> | undefined {
  if (!isMapping(value)) return undefined;
  const out: Record<string, UlimitModel> = {};
  for (const [name, limit] of Object.entries(value)) {
    if (typeof limit === 'number') setEntry(out, name, { single: Math.trunc(limit) });
    else if (isMapping(limit)) setEntry(out, name, defined({ soft: whole(limit['soft']), hard: whole(limit['hard']) }));
  }
  return out;
}

const DEPENDS_ON_CONDITIONS: readonly DependsOnModel['condition'][] = [
  'service_started',
  'service_healthy',
  'service_completed_successfully',
];

function dependsOn(value: unknown): Record<string, DependsOnModel> | undefined {
  const out: Record<string, DependsOnModel> = {};
  if (Array.isArray(value)) {
    for (const name of value) if (typeof name === 'string') setEntry(out, name, { condition: 'service_started' });
    return out;
  }
  if (!isMapping(value)) return undefined;
  for (const [name, entry] of Object.entries(value)) {
    const t = isMapping(entry) ? entry : {};
    const condition = DEPENDS_ON_CONDITIONS.find((c) => c === t['condition']) ?? 'service_started';
    setEntry(out, name, defined<DependsOnModel>({ condition, required: bool(t['required']) }));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// deploy

function deploy(b: Builder, at: KeyPath, value: unknown): DeployModel | undefined {
  if (!isMapping(value)) return undefined;
  return defined<DeployModel>({
    mode: str(value['mode']),
    replicas: whole(value['replicas']),
    labels: stringMap(value['labels']),
    update_config: updateConfig(b, [...at, 'update_config'], value['update_config']),
    rollback_config: updateConfig(b, [...at, 'rollback_config'], value['rollback_config']),
    resources: resources(b, [...at, 'resources'], value['resources']),
    restart_policy: restartPolicy(b, [...at, 'restart_policy'], value['restart_policy']),
    placement: placement(value['placement']),
    endpoint_mode: str(value['endpoint_mode']),
  });
}

function updateConfig(b: Builder, at: KeyPath, value: unknown): UpdateConfigModel | undefined {
  if (!isMapping(value)) return undefined;
  return defined<UpdateConfigModel>({
    parallelism: whole(value['parallelism']),
    delay: duration(b, [...at, 'delay'], value['delay']),
    failure_action: str(value['failure_action']),
    monitor: duration(b, [...at, 'monitor'], value['monitor']),
    max_failure_ratio: num(value['max_failure_ratio']),
    order: str(value['order']),
  });
}

/** `cpus` stays text: written strings verbatim, numbers (Compose Specification) printed like Go's %v. */
function cpus(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? goString(value) : undefined;
}

function resources(b: Builder, at: KeyPath, value: unknown): ResourcesModel | undefined {
  if (!isMapping(value)) return undefined;
  const limits = value['limits'];
  const reservations = value['reservations'];
  return defined<ResourcesModel>({
    limits: isMapping(limits)
      ? defined({
          cpus: cpus(limits['cpus']),
          memory: byteSize(b, [...at, 'limits', 'memory'], limits['memory']),
          pids: whole(limits['pids']),
        })
      : undefined,
    reservations: isMapping(reservations)
      ? defined({
          cpus: cpus(reservations['cpus']),
          memory: byteSize(b, [...at, 'reservations', 'memory'], reservations['memory']),
          generic_resources: genericResources(reservations['generic_resources']),
        })
      : undefined,
  });
}

function genericResources(value: unknown): GenericResourceModel[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isMapping).map((entry) => {
    const spec = entry['discrete_resource_spec'];
    if (!isMapping(spec)) return {};
    return { discrete_resource_spec: { kind: str(spec['kind']) ?? '', value: whole(spec['value']) ?? 0 } };
  });
}

function restartPolicy(b: Builder, at: KeyPath, value: unknown): RestartPolicyModel | undefined {
  if (!isMapping(value)) return undefined;
  return defined<RestartPolicyModel>({
    condition: str(value['condition']),
    delay: duration(b, [...at, 'delay'], value['delay']),
    max_attempts: whole(value['max_attempts']),
    window: duration(b, [...at, 'window'], value['window']),
  });
}

function placement(value: unknown): PlacementModel | undefined {
  if (!isMapping(value)) return undefined;
  const preferences = value['preferences'];
  return defined<PlacementModel>({
    constraints: strList(value['constraints']),
    preferences: Array.isArray(preferences)
      ? preferences.filter(isMapping).map((p) => ({ spread: str(p['spread']) ?? '' }))
      : undefined,
    max_replicas_per_node: whole(value['max_replicas_per_node']),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// environment

/**
 * The environment as the environment phase (resolve-environment.ts) left it: env_file files and `environment`
 * already combined and filled from the CLI environment, per file before the merge. Values are strings, or null for
 * a variable that stays unset.
 */
function environment(value: unknown): Record<string, string | null> | undefined {
  if (!isMapping(value)) return undefined;
  const out: Record<string, string | null> = {};
  for (const [key, item] of Object.entries(value)) setEntry(out, key, item === null ? null : goString(item));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Top-level objects

/** `external: true|false`; the deprecated `external: {name}` form is normally rewritten by the canonical phase. */
function external(t: Tree): ExternalModel {
  const value = t['external'];
  if (isMapping(value)) return { external: true, name: objectName(t['name']) ?? objectName(value['name']) };
  return { external: bool(value), name: objectName(t['name']) };
}

/** `name:`; an empty one (`name: ${UNSET}`) is no name, as in docker: the object keeps its default name. */
function objectName(value: unknown): string | undefined {
  const name = str(value);
  return name === '' ? undefined : name;
}

/** How each key of a top-level network, volume, secret or config is read. */
const OBJECT_READERS = {
  file: (value: unknown, b: Builder): string | undefined => {
    const file = str(value);
    return file === undefined ? undefined : absolute(b, file);
  },
  content: str,
  environment: str,
  driver: str,
  driver_opts: stringMap,
  ipam: (value: unknown): NetworkModel['ipam'] =>
    isMapping(value)
      ? defined({
          driver: str(value['driver']),
          config: Array.isArray(value['config'])
            ? value['config'].filter(isMapping).map((c) => defined({ subnet: str(c['subnet']) }))
            : undefined,
        })
      : undefined,
  internal: bool,
  attachable: bool,
  template_driver: str,
  labels: stringMap,
};

type ObjectKey = keyof typeof OBJECT_READERS;

/** A top-level object with these keys, each as its reader returns it. */
type ObjectOf<K extends ObjectKey> = ExternalModel & { [P in K]?: Exclude<ReturnType<(typeof OBJECT_READERS)[P]>, undefined> } & {
  extensions?: Record<string, unknown>;
};

/** The keys of each kind of top-level object, in the order the model lists them (`stack config` prints that order). */
const NETWORK_KEYS = ['driver', 'driver_opts', 'ipam', 'internal', 'attachable', 'labels'] as const;
const VOLUME_KEYS = ['driver', 'driver_opts', 'labels'] as const;
const SECRET_KEYS = ['file', 'environment', 'driver', 'driver_opts', 'template_driver', 'labels'] as const;
const CONFIG_KEYS = ['file', 'content', 'environment', 'template_driver', 'labels'] as const;

/** A top-level object: external and name, `keys` in order, then extensions; absent keys are left out. */
function buildObject<K extends ObjectKey>(b: Builder, t: Tree, keys: readonly K[]): ObjectOf<K> {
  const fields: Record<string, unknown> = {};
  for (const key of keys) fields[key] = OBJECT_READERS[key](t[key], b);
  return defined({ ...external(t), ...fields, extensions: extensionsOf(t) }) as ObjectOf<K>;
}
