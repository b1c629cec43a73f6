import type { KeyPath } from './source-map.js';
import type { Tree } from './types.js';

/**
 * Key-path patterns for per-key rule tables (style habit 6), written like the paths in messages:
 * `services.*.deploy.rollback_config`, `services.*.ports[]`, `services.*.x-*`.
 * - `*` matches any one mapping key, `x-*` any key starting with `x-`;
 * - `[]` after a segment matches any list index;
 * - everything else matches literally. A pattern matches paths of exactly its length.
 */
export type PathPattern = string;

type Segment = { kind: 'key'; name: string } | { kind: 'any-key' } | { kind: 'extension' } | { kind: 'index' };

const compiled = new Map<PathPattern, Segment[]>();

function compile(pattern: PathPattern): Segment[] {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const segments: Segment[] = [];
  for (const part of pattern.split('.')) {
    let name = part;
    let indexes = 0;
    while (name.endsWith('[]')) {
      name = name.slice(0, -2);
      indexes++;
    }
    if (name === '*') segments.push({ kind: 'any-key' });
    else if (name === 'x-*') segments.push({ kind: 'extension' });
    else if (name !== '') segments.push({ kind: 'key', name });
    for (let i = 0; i < indexes; i++) segments.push({ kind: 'index' });
  }
  compiled.set(pattern, segments);
  return segments;
}

/** True when `path` matches `pattern` (see PathPattern). */
export function matchesPath(pattern: PathPattern, path: KeyPath): boolean {
  const segments = compile(pattern);
  if (segments.length !== path.length) return false;
  return segments.every((segment, i) => {
    const step = path[i];
    switch (segment.kind) {
      case 'index':
        return typeof step === 'number';
      case 'any-key':
        return typeof step === 'string';
      case 'extension':
        return typeof step === 'string' && step.startsWith('x-');
      case 'key':
        return step === segment.name;
    }
  });
}

/** One level of a PathTable: rows whose pattern ends here, and the ways a path may go on. */
interface TableNode {
  rows: number[];
  keys: Map<string, TableNode>;
  anyKey?: TableNode;
  extension?: TableNode;
  index?: TableNode;
}

function tableNode(): TableNode {
  return { rows: [], keys: new Map() };
}

/**
 * A rule table keyed by path patterns (style habit 6), for the loops that ask it about every node of every file:
 * a lookup follows the path through a trie of the patterns, so it costs the path's length, not the table's size.
 * `find` answers exactly what `rows.find((row) => matchesPath(row.pattern, path) && accept(row))` would.
 */
export class PathTable<T extends { readonly pattern: PathPattern }> {
  private readonly root = tableNode();

  constructor(readonly rows: readonly T[]) {
    rows.forEach((row, index) => {
      let node = this.root;
      for (const segment of compile(row.pattern)) {
        switch (segment.kind) {
          case 'key': {
            let next = node.keys.get(segment.name);
            if (!next) node.keys.set(segment.name, (next = tableNode()));
            node = next;
            break;
          }
          case 'any-key':
            node = node.anyKey ??= tableNode();
            break;
          case 'extension':
            node = node.extension ??= tableNode();
            break;
          case 'index':
            node = node.index ??= tableNode();
            break;
        }
      }
      node.rows.push(index);
    });
  }

  /** The first row, in table order, whose pattern matches `path` and that `accept` (if given) accepts. */
  find(path: KeyPath, accept?: (row: T) => boolean): T | undefined {
    const best = this.best(this.root, path, 0, accept, -1);
    return best === -1 ? undefined : this.rows[best];
  }

  /** The lowest accepted row index under `node` for the rest of `path`, or `best` if none is lower (-1: none yet). */
  private best(node: TableNode, path: KeyPath, depth: number, accept: ((row: T) => boolean) | undefined, best: number): number {
    if (depth === path.length) {
      const rows = node.rows;
      for (let i = 0; i < rows.length; i++) {
        const index = rows[i] as number;
        if (best !== -1 && index >= best) break;
        if (accept === undefined || accept(this.rows[index] as T)) best = index;
      }
      return best;
    }
    const step = path[depth];
    if (typeof step === 'number') return node.index ? this.best(node.index, path, depth + 1, accept, best) : best;
    if (step === undefined) return best;
    const named = node.keys.get(step);
    if (named) best = this.best(named, path, depth + 1, accept, best);
    if (node.anyKey) best = this.best(node.anyKey, path, depth + 1, accept, best);
    if (node.extension && step.startsWith('x-')) best = this.best(node.extension, path, depth + 1, accept, best);
    return best;
  }
}

/** A YAML mapping after parsing (a plain object, not a list, not null). */
export function isMapping(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One node met by walkTree: its path, its value and the mapping or list holding it. */
export interface TreeNode {
  path: KeyPath;
  value: unknown;
  parent: unknown;
}

/**
 * Every mapping entry and list item below `root`, parents before children, in document order. Iterative, and a
 * list rather than a generator: the launcher turns V8's optimising compiler off (bin/run.js), and unoptimised, every
 * step of a generator or iterator allocates its result (docs/performance.md).
 */
export function walkTree(root: unknown, prefix: KeyPath = []): TreeNode[] {
  const nodes: TreeNode[] = [];
  const pending: TreeNode[] = [];
  const pushChildren = (value: unknown, path: KeyPath): void => {
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push({ path: [...path, i], value: value[i], parent: value });
    } else if (isMapping(value)) {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        pending.push({ path: [...path, key], value: value[key], parent: value });
      }
    }
  };
  pushChildren(root, prefix);
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    nodes.push(node);
    pushChildren(node.value, node.path);
  }
  return nodes;
}

/** The value at `path` in `root`, or undefined when any step is missing. */
export function valueAt(root: unknown, path: KeyPath): unknown {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const step = path[i] as string | number;
    if (typeof step === 'number') {
      if (!Array.isArray(node)) return undefined;
      node = node[step];
    } else {
      if (!isMapping(node)) return undefined;
      node = node[step];
    }
  }
  return node;
}
