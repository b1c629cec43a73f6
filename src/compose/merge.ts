import { SourceMap, type KeyPath } from './source-map.js';
import { PathTable, type PathPattern } from './tree-paths.js';
import { cloneTree, copyOrigins, isTreeMap, setEntry, type TreeMap } from './tree.js';
import type { ComposeDocument, Tree } from './types.js';

/*
 * Phase 10: several canonical documents → one, with docker/cli's merge semantics (cli/compose/loader/merge.go,
 * which merges typed structs with mergo). On our untyped canonical trees that becomes:
 * - top-level networks/volumes/secrets/configs: per key, the later entry replaces the earlier one whole;
 * - services: deep merge; maps merge per key; lists are appended; a scalar from the later file wins unless it
 *   is "empty" (null, "", 0, false), because mergo never copies a zero value over a set one;
 * - the special cases of the table below.
 * INTENTIONAL DIFFERENCE: docker keys `ports` by published port only, so 443/tcp and 443/udp (or several
 * unpublished ports) collapse into one entry as soon as a service appears in two files (docker/cli#6223). We key
 * ports by (published, target, protocol, mode) and keep distinct entries.
 */

/** A subtree and where it lives: the source map that knows its positions and its path there. */
export interface LocatedValue {
  value: unknown;
  sourceMap: SourceMap;
  path: KeyPath;
}

type Strategy =
  /** Later wins when present and not null, even 0 or false (Go pointer fields). */
  | 'present-wins'
  /** Later wins when present, even "" (values of Go map[string]string). */
  | 'always-wins'
  /** Later replaces the whole value when it is a non-empty list or string (command, entrypoint). */
  | 'non-empty-replaces'
  /** Later replaces the whole value when present and not null (ulimits entries). */
  | 'replace-whole'
  | 'logging'
  | 'service-network'
  | KeyedList;

/** A list merged like a mapping: entries with the same key replace each other, then the list is sorted. */
interface KeyedList {
  keyedBy: (item: unknown) => string;
  sort: (a: unknown, b: unknown) => number;
}

const bySource = (item: unknown): string => (isTreeMap(item) ? String(item.source ?? '') : String(item));
const byTarget = (item: unknown): string => (isTreeMap(item) ? String(item.target ?? '') : String(item));

function portKey(item: unknown): string {
  if (!isTreeMap(item)) return JSON.stringify(item);
  // Empty protocol and mode mean tcp and ingress to the daemon, so they name the same port.
  return JSON.stringify([
    Number(item.published ?? 0),
    Number(item.target ?? 0),
    String(item.protocol ?? 'tcp').toLowerCase() || 'tcp',
    String(item.mode ?? 'ingress') || 'ingress',
  ]);
}

function compareBy(...keys: ((item: unknown) => string | number)[]): (a: unknown, b: unknown) => number {
  return (a, b) => {
    for (const key of keys) {
      const ka = key(a);
      const kb = key(b);
      if (ka < kb) return -1;
      if (ka > kb) return 1;
    }
    return 0;
  };
}

const portNumber =
  (field: string) =>
  (item: unknown): number =>
    isTreeMap(item) ? Number(item[field] ?? 0) : 0;

/** Merge rules of a service, keyed by path patterns relative to the service (docker/cli merge.go transformers). */
const SERVICE_RULES = new PathTable<{ pattern: PathPattern; strategy: Strategy }>(
  (
    [
    ['command', 'non-empty-replaces'],
    ['entrypoint', 'non-empty-replaces'],
    ['ports', { keyedBy: portKey, sort: compareBy(portNumber('published'), portNumber('target')) }],
    ['secrets', { keyedBy: bySource, sort: compareBy(bySource) }],
    ['configs', { keyedBy: bySource, sort: compareBy(bySource) }],
    ['volumes', { keyedBy: byTarget, sort: compareBy(byTarget) }],
    ['logging', 'logging'],
    ['ulimits.*', 'replace-whole'],
    ['networks.*', 'service-network'],
    ['deploy.replicas', 'present-wins'],
    ['deploy.update_config.parallelism', 'present-wins'],
    ['deploy.rollback_config.parallelism', 'present-wins'],
    ['deploy.restart_policy.max_attempts', 'present-wins'],
    ['healthcheck.retries', 'present-wins'],
    ['labels.*', 'always-wins'],
    ['deploy.labels.*', 'always-wins'],
    ['sysctls.*', 'always-wins'],
    ['annotations.*', 'always-wins'],
    ['build.labels.*', 'always-wins'],
    ['logging.options.*', 'always-wins'],
    ] as const
  ).map(([pattern, strategy]) => ({ pattern, strategy })),
);

function strategyFor(relative: KeyPath): Strategy | undefined {
  return SERVICE_RULES.find(relative)?.strategy;
}

/** Go's zero values: what mergo will not copy over a value that is already set. */
function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || value === 0 || value === false;
}

/** Takes a subtree whole from one side, with its positions. */
function take(side: LocatedValue, out: SourceMap, outPath: KeyPath): unknown {
  copyOrigins(side.value, side.sourceMap, side.path, out, outPath);
  return cloneTree(side.value);
}

/** The entry `key` of a mapping or list side (own entries only, so `constructor` is never inherited). */
function child(side: LocatedValue, key: string | number): LocatedValue {
  const container = side.value;
  let value: unknown;
  if (Array.isArray(container) && typeof key === 'number') value = container[key];
  else if (typeof key === 'string' && hasKey(side, key)) value = (container as TreeMap)[key];
  return { value, sourceMap: side.sourceMap, path: [...side.path, key] };
}

function hasKey(side: LocatedValue, key: string): boolean {
  return isTreeMap(side.value) && Object.prototype.hasOwnProperty.call(side.value, key);
}

/** Records the position of a merged container node: the later side's when it has one. */
function markContainer(base: LocatedValue, override: LocatedValue, out: SourceMap, outPath: KeyPath): void {
  const origin = override.sourceMap.get(override.path) ?? base.sourceMap.get(base.path);
  if (origin) out.set(outPath, origin);
}

/**
 * Merges two mappings key by key; `relative` is the path inside the service (for the rule table). At the service
 * level a keyed list (ports, volumes, ...) that only the base has is still re-keyed and sorted, as docker does
 * whenever a service appears in two files.
 */
function mergeMaps(
  base: LocatedValue,
  override: LocatedValue,
  out: SourceMap,
  outPath: KeyPath,
  relative: KeyPath,
): TreeMap {
  markContainer(base, override, out, outPath);
  const result: TreeMap = {};
  const baseMap = base.value as TreeMap;
  const overrideMap = override.value as TreeMap;
  for (const key of Object.keys(baseMap)) {
    const childPath = [...outPath, key];
    const childRelative = [...relative, key];
    const strategy = strategyFor(childRelative);
    let value: unknown;
    if (hasKey(override, key)) value = mergeValues(child(base, key), child(override, key), out, childPath, childRelative);
    else if (typeof strategy === 'object' && Array.isArray(baseMap[key])) {
      value = mergeKeyed(child(base, key), undefined, out, childPath, strategy);
    } else value = take(child(base, key), out, childPath);
    setEntry(result, key, value);
  }
  for (const key of Object.keys(overrideMap)) {
    if (hasKey(base, key)) continue;
    setEntry(result, key, take(child(override, key), out, [...outPath, key]));
  }
  return result;
}

/** Concatenates two lists, each item keeping its own position. */
function appendLists(base: LocatedValue, override: LocatedValue, out: SourceMap, outPath: KeyPath): unknown[] {
  markContainer(base, override, out, outPath);
  const items = [
    ...(base.value as unknown[]).map((_, i) => child(base, i)),
    ...(override.value as unknown[]).map((_, i) => child(override, i)),
  ];
  return items.map((item, index) => take(item, out, [...outPath, index]));
}

/** Lists keyed by one field: a later entry with the same key replaces the earlier one; the result is sorted. */
function mergeKeyed(
  base: LocatedValue,
  override: LocatedValue | undefined,
  out: SourceMap,
  outPath: KeyPath,
  keyed: KeyedList,
): unknown[] {
  if (override) markContainer(base, override, out, outPath);
  else markContainer(base, base, out, outPath);
  const byKey = new Map<string, LocatedValue>();
  for (const side of override ? [base, override] : [base]) {
    if (!Array.isArray(side.value)) continue;
    side.value.forEach((item, index) => {
      const key = keyed.keyedBy(item);
      byKey.delete(key);
      byKey.set(key, child(side, index));
    });
  }
  const ordered = [...byKey.values()].sort((a, b) => keyed.sort(a.value, b.value));
  return ordered.map((item, index) => take(item, out, [...outPath, index]));
}

/** docker's mergeLoggingConfig: same driver (or one side without driver) merges options; else the later wins. */
function mergeLogging(base: LocatedValue, override: LocatedValue, out: SourceMap, outPath: KeyPath): unknown {
  if (!isTreeMap(base.value) || !isTreeMap(override.value)) return take(override, out, outPath);
  const baseDriver = String(base.value.driver ?? '');
  const overrideDriver = String(override.value.driver ?? '');
  if (baseDriver !== overrideDriver && baseDriver !== '' && overrideDriver !== '') return take(override, out, outPath);
  return mergeMaps(base, override, out, outPath, ['logging']);
}

/**
 * docker's mergeServiceNetworkConfig: a later entry replaces `aliases` (when it has the key) and non-empty
 * ipv4/ipv6 addresses; the earlier `driver_opts` are kept, the later ones ignored.
 */
function mergeServiceNetwork(base: LocatedValue, override: LocatedValue, out: SourceMap, outPath: KeyPath): unknown {
  if (!isTreeMap(base.value) || !isTreeMap(override.value)) {
    return take(isEmpty(override.value) ? base : override, out, outPath);
  }
  // An empty base was null before the canonical phase: docker then takes the later entry whole.
  if (Object.keys(base.value).length === 0) return take(override, out, outPath);
  const overrideMap = override.value;
  const replaces = (key: string): boolean => {
    if (!hasKey(override, key)) return false;
    if (key === 'aliases') return true;
    return key !== 'driver_opts' && !isEmpty(overrideMap[key]);
  };
  markContainer(base, override, out, outPath);
  const result: TreeMap = {};
  const keys = [...Object.keys(base.value), ...Object.keys(overrideMap).filter((key) => !hasKey(base, key))];
  for (const key of keys) {
    const side = replaces(key) ? override : base;
    if (!hasKey(side, key)) continue;
    setEntry(result, key, take(child(side, key), out, [...outPath, key]));
  }
  return result;
}

/** Merges one value of a service (or the service itself) according to the rule table and the generic rules. */
function mergeValues(
  base: LocatedValue,
  override: LocatedValue,
  out: SourceMap,
  outPath: KeyPath,
  relative: KeyPath,
): unknown {
  const strategy = strategyFor(relative);
  if (base.value === undefined) return take(override, out, outPath);
  if (override.value === undefined) return take(base, out, outPath);
  if (strategy === 'present-wins' || strategy === 'replace-whole') {
    return override.value === null ? take(base, out, outPath) : take(override, out, outPath);
  }
  if (strategy === 'always-wins') return take(override, out, outPath);
  if (strategy === 'non-empty-replaces') {
    const empty = isEmpty(override.value) || (Array.isArray(override.value) && override.value.length === 0);
    return take(empty ? base : override, out, outPath);
  }
  if (strategy === 'logging') return mergeLogging(base, override, out, outPath);
  if (strategy === 'service-network') return mergeServiceNetwork(base, override, out, outPath);
  if (typeof strategy === 'object') {
    if (!Array.isArray(base.value)) return take(override, out, outPath);
    return mergeKeyed(base, override, out, outPath, strategy);
  }
  if (isTreeMap(base.value) && isTreeMap(override.value)) return mergeMaps(base, override, out, outPath, relative);
  if (Array.isArray(base.value) && Array.isArray(override.value)) return appendLists(base, override, out, outPath);
  return take(isEmpty(override.value) ? base : override, out, outPath);
}

/**
 * Merges one service definition over another (the override's values win per the merge table); used for
 * multi-file merges and by `extends`. Positions of every merged node are written to `out` under `outPath`.
 */
export function mergeService(base: LocatedValue, override: LocatedValue, out: SourceMap, outPath: KeyPath): TreeMap {
  if (!isTreeMap(base.value)) return isTreeMap(override.value) ? (take(override, out, outPath) as TreeMap) : {};
  if (!isTreeMap(override.value)) return take(base, out, outPath) as TreeMap;
  return mergeMaps(base, override, out, outPath, []);
}

const REPLACED_PER_KEY = new Set(['networks', 'volumes', 'secrets', 'configs']);

function mergeTwo(base: ComposeDocument, override: ComposeDocument): ComposeDocument {
  const out = new SourceMap();
  const baseSide: LocatedValue = { value: base.tree, sourceMap: base.sourceMap, path: [] };
  const overrideSide: LocatedValue = { value: override.tree, sourceMap: override.sourceMap, path: [] };
  markContainer(baseSide, baseSide, out, []);
  const tree: TreeMap = {};
  const keys = [...Object.keys(base.tree), ...Object.keys(override.tree).filter((key) => !hasKey(baseSide, key))];
  for (const key of keys) {
    const b = child(baseSide, key);
    const o = child(overrideSide, key);
    if (!hasKey(overrideSide, key)) setEntry(tree, key, take(b, out, [key]));
    else if (!hasKey(baseSide, key)) setEntry(tree, key, take(o, out, [key]));
    else if (key === 'services') setEntry(tree, key, mergeServices(b, o, out));
    else if (REPLACED_PER_KEY.has(key)) setEntry(tree, key, replacePerKey(b, o, out, [key]));
    // The Compose Specification's `name`: a later file's name wins, as docker compose merges it.
    else if (key === 'name') setEntry(tree, key, take(o, out, [key]));
    // Other top-level keys (version, x-*) come from the first file that has them, as docker keeps the base's.
    else setEntry(tree, key, take(b, out, [key]));
  }
  return { file: base.file, tree: tree as Tree, sourceMap: out };
}

function replacePerKey(base: LocatedValue, override: LocatedValue, out: SourceMap, outPath: KeyPath): unknown {
  if (!isTreeMap(base.value) || !isTreeMap(override.value)) {
    return take(override.value === null ? base : override, out, outPath);
  }
  markContainer(base, override, out, outPath);
  const result: TreeMap = {};
  const keys = [...Object.keys(base.value), ...Object.keys(override.value).filter((key) => !hasKey(base, key))];
  for (const key of keys) setEntry(result, key, take(hasKey(override, key) ? child(override, key) : child(base, key), out, [...outPath, key]));
  return result;
}

function mergeServices(base: LocatedValue, override: LocatedValue, out: SourceMap): unknown {
  if (!isTreeMap(base.value) || !isTreeMap(override.value)) {
    return take(override.value === null ? base : override, out, ['services']);
  }
  markContainer(base, override, out, ['services']);
  const names = [...new Set([...Object.keys(base.value), ...Object.keys(override.value)])].sort();
  const result: TreeMap = {};
  for (const name of names) {
    const path = ['services', name];
    let merged: unknown;
    if (!hasKey(override, name)) merged = take(child(base, name), out, path);
    else if (!hasKey(base, name)) merged = take(child(override, name), out, path);
    else merged = mergeService(child(base, name), child(override, name), out, path);
    setEntry(result, name, merged);
  }
  return result;
}

/**
 * Phase 10: merges the documents left to right (later files override earlier ones). One document is returned
 * as is; with two or more, services are sorted by name as docker does. The result's source map points every
 * path at the file that supplied its value.
 */
export function mergeDocuments(docs: readonly ComposeDocument[]): ComposeDocument {
  const [first, ...rest] = docs;
  if (!first) throw new Error('mergeDocuments needs at least one document');
  return rest.reduce(mergeTwo, first);
}
