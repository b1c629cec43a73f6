import type { FieldChange } from './plan.js';

/**
 * Deep comparison of two canonical views (src/plan/service-view.ts and the object views of src/plan/objects.ts).
 * Objects are compared key by key and their paths extended (`environment.MODE`, `labels[com.example]`); arrays and
 * scalars are compared as whole values; a key present on one side only is one change carrying the whole value
 * (except for keyed maps, see DiffOptions).
 * Changes come in key order: the `before` side's order, then keys only `after` has.
 */
export function diffViews(before: unknown, after: unknown, path = '', options: DiffOptions = {}): FieldChange[] {
  const expand = options.keyed?.(path) === true;
  const left = before === undefined && expand && isPlainObject(after) ? {} : before;
  const right = after === undefined && expand && isPlainObject(before) ? {} : after;
  if (isPlainObject(left) && isPlainObject(right)) {
    const keys = [...Object.keys(left), ...Object.keys(right).filter((k) => !Object.hasOwn(left, k))];
    return keys.flatMap((key) => diffViews(left[key], right[key], joinPath(path, key), options));
  }
  if (sameValue(before, after)) return [];
  return [{ path: path === '' ? '(root)' : path, before, after }];
}

export interface DiffOptions {
  /**
   * Paths of keyed maps (environment, ports, volumes...): when the whole map is absent on one side, its entries are
   * reported one by one (`environment.MODE: absent → "x"`) instead of the map as one value.
   */
  keyed?: (path: string) => boolean;
}

/** Structural equality of JSON-like values (object key order ignored, array order significant). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameValue(a[k], b[k]));
  }
  return false;
}

/** `parent.key` for identifier-like keys, `parent[key]` for anything else (labels with dots, ports, mount targets). */
export function joinPath(parent: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${key}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
