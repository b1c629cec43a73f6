import type { SourceLocation } from '../errors/problem.js';

/** A path of keys and list indexes from the document root, e.g. ['services', 'web', 'ports', 0]. */
export type KeyPath = readonly (string | number)[];

/** Where a node came from: the key's position (for mapping entries) and the value's position. */
export interface NodeOrigin {
  key?: SourceLocation;
  value: SourceLocation;
  /**
   * For a number scalar whose Go `%v` text cannot be recovered from the JS number (a float with an integral value
   * such as `1e6` or `-0.0`, an integer beyond 2^53): that text, for the places docker turns numbers into strings.
   */
  goText?: string;
}

/** Renders a key path for messages: `services.web.ports[0].published`. */
export function formatPath(path: KeyPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** The map key of a path; every segment is marked as index or key, so `[0]` and `['0']` stay apart. */
function keyOf(path: KeyPath): string {
  let key = '';
  for (const segment of path) key += typeof segment === 'number' ? `\u0000#${segment}` : `\u0000.${segment}`;
  return key;
}

/**
 * Maps key paths of a Compose tree to the file positions they were read from. Lives from parsing until
 * validation and conversion are done; phases that move or copy subtrees (merge, extends, canonical forms)
 * carry the origins along so every later error can still name FILE:LINE:COL.
 */
export class SourceMap {
  private readonly entries = new Map<string, { path: KeyPath; origin: NodeOrigin }>();

  set(path: KeyPath, origin: NodeOrigin): void {
    this.entries.set(keyOf(path), { path: [...path], origin });
  }

  get(path: KeyPath): NodeOrigin | undefined {
    return this.entries.get(keyOf(path))?.origin;
  }

  /** Position of the value at `path`, or of the nearest ancestor that has one. */
  locate(path: KeyPath): SourceLocation | undefined {
    for (let n = path.length; n >= 0; n--) {
      const origin = this.get(path.slice(0, n));
      if (origin) return origin.value;
    }
    return undefined;
  }

  /** Position of the key at `path` (falls back to the value, then to ancestors). */
  locateKey(path: KeyPath): SourceLocation | undefined {
    const origin = this.get(path);
    return origin?.key ?? origin?.value ?? this.locate(path.slice(0, -1));
  }

  /** Every entry whose path starts with `prefix`. */
  *under(prefix: KeyPath): Generator<{ path: KeyPath; origin: NodeOrigin }> {
    for (const entry of this.entries.values()) {
      if (prefix.every((segment, i) => entry.path[i] === segment)) yield entry;
    }
  }

  /** Copies the entries under `from` in `source` to the same relative paths under `to` here (later copies win). */
  graft(source: SourceMap, from: KeyPath, to: KeyPath): void {
    if (from.length === 0 && to.length === 0) {
      // The whole map at the same paths: entries are never changed in place, so they can be shared.
      for (const [key, entry] of source.entries) this.entries.set(key, entry);
      return;
    }
    for (const entry of source.under(from)) {
      this.set([...to, ...entry.path.slice(from.length)], entry.origin);
    }
  }

  /** Removes every entry under `prefix` (used when a subtree is replaced). */
  drop(prefix: KeyPath): void {
    for (const [key, entry] of this.entries) {
      if (prefix.every((segment, i) => entry.path[i] === segment)) this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
