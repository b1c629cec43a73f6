import type { KeyPath, SourceMap } from './source-map.js';

/*
 * Small pure helpers for the plain JSON-like trees the loader phases pass along (see types.ts `Tree`).
 */

/** A mapping node of the tree. */
export type TreeMap = Record<string, unknown>;

/** True for a mapping node (a plain object; lists and null are not). */
export function isTreeMap(value: unknown): value is TreeMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets `key` on a mapping node as an own data property. Plain assignment would hit the `__proto__` setter for a
 * key spelled `__proto__`, which is a valid Compose service or label name.
 */
export function setEntry(map: TreeMap, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}

/** Builds a mapping node from entries, safely (see setEntry). */
export function mapFromEntries(entries: Iterable<readonly [string, unknown]>): TreeMap {
  const map: TreeMap = {};
  if (Array.isArray(entries)) {
    // Indexed: unoptimised (bin/run.js turns V8's optimising compiler off), `for...of` allocates at every step.
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as readonly [string, unknown];
      setEntry(map, entry[0], entry[1]);
    }
  } else for (const [key, value] of entries) setEntry(map, key, value);
  return map;
}

/** A mapping node with `fn` applied to each value, keys in the same order (see setEntry). */
export function mapValues(value: TreeMap, fn: (item: unknown, key: string) => unknown): TreeMap {
  const map: TreeMap = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    setEntry(map, key, fn(value[key], key));
  }
  return map;
}

/** Deep copy of a tree value (maps and lists are copied; scalars are immutable). */
export function cloneTree<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneTree(item)) as T;
  if (isTreeMap(value)) return mapValues(value, (item) => cloneTree(item)) as T;
  return value;
}

/** Reads a nested mapping node, or undefined when any step is missing or not a mapping. */
export function getMap(value: unknown, ...keys: string[]): TreeMap | undefined {
  let current = value;
  for (const key of keys) {
    if (!isTreeMap(current)) return undefined;
    current = current[key];
  }
  return isTreeMap(current) ? current : undefined;
}

/** Names a tree value's type for messages: "a mapping", "a list", "a string", "a number", "a boolean", "null". */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isTreeMap(value)) return 'a mapping';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

/**
 * Copies the positions of every node of `value` (which lives at `fromPath` in `from`) to the same relative paths
 * under `toPath` in `to`. Walks the value, so it costs the size of the subtree, not of the whole map.
 */
export function copyOrigins(value: unknown, from: SourceMap, fromPath: KeyPath, to: SourceMap, toPath: KeyPath): void {
  const origin = from.get(fromPath);
  if (origin) to.set(toPath, origin);
  if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => copyOrigins(item, from, [...fromPath, i], to, [...toPath, i]));
  } else if (isTreeMap(value)) {
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      copyOrigins(value[key], from, [...fromPath, key], to, [...toPath, key]);
    }
  }
}
