import { stringify } from 'yaml';

/*
 * YAML text of a plain data tree, exactly as `stringify(tree, YAML_OPTIONS)` of the yaml library writes it, in a
 * fraction of the time: yaml builds a node for every value and then walks the nodes, which took about a tenth of
 * `stack config` on a 200-service file. The block layout (two-space indent, `- ` items, `{}` and `[]` for empty
 * collections) is written here; each scalar is written by yaml itself (once per distinct value), except the plain
 * words and integers that need no quoting and strings of digits (always double-quoted). A value whose text could
 * depend on where it stands (text over several lines, a `---`/`...` start, keys past 1000 characters), lists
 * directly in lists and non-plain objects send the whole tree to yaml. test/unit/render/yaml-emit.test.ts compares
 * both on tricky values.
 */

/**
 * Options of the yaml library this writer reproduces. YAML 1.1 scalar rules, so strings such as `yes`, `on` or
 * `0755` come out quoted: YAML 1.1 readers would otherwise read them as booleans or octal numbers. Both 1.1 and
 * 1.2 readers load the output alike.
 */
export const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false, version: '1.1' } as const;

class NeedsLibrary extends Error {}

/** Words the YAML 1.1 schema would read as null or a boolean (so they are quoted). */
const RESERVED = new Set(
  ['null', 'true', 'false', 'y', 'yes', 'n', 'no', 'on', 'off'].flatMap((w) => [w, w[0]!.toUpperCase() + w.slice(1), w.toUpperCase()]),
);
/** Starts with a letter, `_` or `/`, then only characters that never need quotes; no `:` at the end. */
const PLAIN_WORD = /^[A-Za-z_/][A-Za-z0-9_./:@=+-]*$/;
const DIGITS = /^[0-9]+$/;

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Writes a tree of plain objects, arrays, strings, finite numbers, booleans and null as yaml's stringify does. */
export function emitYaml(tree: unknown): string {
  return writeBlockYaml(tree) ?? stringify(tree, YAML_OPTIONS);
}

/** The writer of this module alone: undefined for a tree it leaves to yaml (see the module comment). */
export function writeBlockYaml(tree: unknown): string | undefined {
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree) || !isPlainObject(tree)) return undefined;
  if (Object.values(tree).every((value) => value === undefined)) return '{}\n';
  const lines: string[] = [];
  try {
    new Writer().map(tree, '', lines);
  } catch (error) {
    if (error instanceof NeedsLibrary) return undefined;
    throw error;
  }
  return `${lines.join('\n')}\n`;
}

class Writer {
  private readonly scalars = new Map<unknown, string>();

  /** One scalar as yaml writes it in block context. */
  scalar(value: unknown): string {
    if (value === null) return 'null';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
    if (typeof value === 'string') {
      if (PLAIN_WORD.test(value) && !value.endsWith(':') && !RESERVED.has(value)) return value;
      // Digits only: an integer to a YAML reader, so yaml writes it in double quotes.
      if (DIGITS.test(value)) return `"${value}"`;
      // Over several lines, yaml picks a block style that depends on the indentation; at the start of a document
      // a `---` or `...` start is written differently than inside one.
      if (value.includes('\n') || value.startsWith('---') || value.startsWith('...')) throw new NeedsLibrary();
    } else if (typeof value !== 'number') {
      throw new NeedsLibrary();
    }
    let text = this.scalars.get(value);
    if (text === undefined) {
      text = stringify(value, YAML_OPTIONS).slice(0, -1);
      this.scalars.set(value, text);
    }
    return text;
  }

  /** A mapping key; yaml writes keys past 1024 characters in the explicit `? key` form. */
  key(key: string): string {
    if (key.length > 1000) throw new NeedsLibrary();
    return this.scalar(key);
  }

  /** The entries of a non-empty mapping, each line starting with `indent`. */
  map(map: Record<string, unknown>, indent: string, lines: string[]): void {
    for (const key of Object.keys(map)) {
      const value = map[key];
      if (value === undefined) continue;
      this.entry(`${indent}${this.key(key)}:`, value, indent, lines);
    }
  }

  /** `head` (a key with its colon, or a list dash) followed by the value, inline or on the lines below. */
  private entry(head: string, value: unknown, indent: string, lines: string[]): void {
    if (typeof value !== 'object' || value === null) {
      lines.push(`${head} ${this.scalar(value)}`);
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) {
        lines.push(`${head} []`);
        return;
      }
      lines.push(head);
      this.list(value, `${indent}  `, lines);
      return;
    }
    if (!isPlainObject(value)) throw new NeedsLibrary();
    if (Object.values(value).every((item) => item === undefined)) {
      lines.push(`${head} {}`);
      return;
    }
    lines.push(head);
    this.map(value, `${indent}  `, lines);
  }

  /** The items of a non-empty list, each dash at `indent`. */
  private list(list: unknown[], indent: string, lines: string[]): void {
    for (const item of list) {
      if (item === undefined || Array.isArray(item)) throw new NeedsLibrary();
      if (typeof item !== 'object' || item === null) {
        lines.push(`${indent}- ${this.scalar(item)}`);
        continue;
      }
      if (!isPlainObject(item)) throw new NeedsLibrary();
      if (Object.values(item).every((value) => value === undefined)) {
        lines.push(`${indent}- {}`);
        continue;
      }
      // A mapping in a list: its first entry on the dash's line, the others below it, aligned.
      const first = lines.length;
      this.map(item, `${indent}  `, lines);
      lines[first] = `${indent}- ${(lines[first] as string).slice(indent.length + 2)}`;
    }
  }
}
