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

/** Every mapping entry and list item below `root`, parents before children, in document order. */
export function* walkTree(root: unknown, prefix: KeyPath = []): Generator<TreeNode> {
  if (Array.isArray(root)) {
    for (let i = 0; i < root.length; i++) {
      const path = [...prefix, i];
      yield { path, value: root[i], parent: root };
      yield* walkTree(root[i], path);
    }
  } else if (isMapping(root)) {
    for (const [key, value] of Object.entries(root)) {
      const path = [...prefix, key];
      yield { path, value, parent: root };
      yield* walkTree(value, path);
    }
  }
}

/** The value at `path` in `root`, or undefined when any step is missing. */
export function valueAt(root: unknown, path: KeyPath): unknown {
  let node = root;
  for (const step of path) {
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
