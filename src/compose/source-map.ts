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
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as string | number;
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** One step of the map: the origin recorded at this path, if any, and the steps below it (in insertion order). */
interface MapNode {
  origin?: NodeOrigin;
  children?: Map<string | number, MapNode>;
}

/**
 * Maps key paths of a Compose tree to the file positions they were read from. Lives from parsing until
 * validation and conversion are done; phases that move or copy subtrees (merge, extends, canonical forms)
 * carry the origins along so every later error can still name FILE:LINE:COL.
 *
 * Stored as a trie of path segments: a lookup follows the path (`0` and `'0'` are different steps), so no key is
 * built per lookup and `under` visits only the subtree it is asked about. Loops are indexed or `forEach`: with V8's
 * optimising compiler off (bin/run.js), each step of a `for...of` allocates an iterator result.
 */
export class SourceMap {
  private readonly root: MapNode = {};
  private count = 0;

  private node(path: KeyPath, create: boolean): MapNode | undefined {
    let node: MapNode = this.root;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i] as string | number;
      let next = node.children?.get(segment);
      if (!next) {
        if (!create) return undefined;
        next = {};
        (node.children ??= new Map()).set(segment, next);
      }
      node = next;
    }
    return node;
  }

  set(path: KeyPath, origin: NodeOrigin): void {
    const node = this.node(path, true) as MapNode;
    if (!node.origin) this.count++;
    node.origin = origin;
  }

  get(path: KeyPath): NodeOrigin | undefined {
    return this.node(path, false)?.origin;
  }

  /** Position of the value at `path`, or of the nearest ancestor that has one. */
  locate(path: KeyPath): SourceLocation | undefined {
    let found = this.root.origin?.value;
    let node: MapNode | undefined = this.root;
    for (let i = 0; i < path.length; i++) {
      node = node.children?.get(path[i] as string | number);
      if (!node) break;
      if (node.origin) found = node.origin.value;
    }
    return found;
  }

  /** Position of the key at `path` (falls back to the value, then to ancestors). */
  locateKey(path: KeyPath): SourceLocation | undefined {
    const origin = this.get(path);
    return origin?.key ?? origin?.value ?? this.locate(path.slice(0, -1));
  }

  /** Every entry whose path starts with `prefix`, parents before children, siblings in insertion order. */
  *under(prefix: KeyPath): Generator<{ path: KeyPath; origin: NodeOrigin }> {
    const start = this.node(prefix, false);
    if (!start) return;
    const pending: { node: MapNode; path: KeyPath }[] = [{ node: start, path: [...prefix] }];
    for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
      if (item.node.origin) yield { path: item.path, origin: item.node.origin };
      const children = item.node.children;
      if (!children) continue;
      const below: { node: MapNode; path: KeyPath }[] = [];
      const path = item.path;
      children.forEach((child, segment) => below.push({ node: child, path: [...path, segment] }));
      for (let i = below.length - 1; i >= 0; i--) pending.push(below[i] as { node: MapNode; path: KeyPath });
    }
  }

  /** Copies the entries under `from` in `source` to the same relative paths under `to` here (later copies win). */
  graft(source: SourceMap, from: KeyPath, to: KeyPath): void {
    const start = source.node(from, false);
    if (!start) return;
    const copy = (node: MapNode, at: MapNode): void => {
      if (node.origin) {
        if (!at.origin) this.count++;
        at.origin = node.origin;
      }
      node.children?.forEach((child, segment) => {
        let next = at.children?.get(segment);
        if (!next) (at.children ??= new Map()).set(segment, (next = {}));
        copy(child, next);
      });
    };
    copy(start, this.node(to, true) as MapNode);
  }

  /** Removes every entry under `prefix` (used when a subtree is replaced). */
  drop(prefix: KeyPath): void {
    for (const _entry of this.under(prefix)) this.count--;
    if (prefix.length === 0) {
      delete this.root.origin;
      delete this.root.children;
      return;
    }
    const parent = this.node(prefix.slice(0, -1), false);
    parent?.children?.delete(prefix[prefix.length - 1] as string | number);
  }

  get size(): number {
    return this.count;
  }
}
