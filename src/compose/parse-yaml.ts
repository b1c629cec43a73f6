import {
  LineCounter,
  Scalar,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type ScalarTag,
  type Tags,
  type YAMLError,
  type YAMLMap,
} from 'yaml';
import type { InputProblem, SourceLocation } from '../errors/problem.js';
import { parseFastYaml } from './fast-yaml.js';
import { SourceMap, type KeyPath } from './source-map.js';
import { describeType, isTreeMap, setEntry, type TreeMap } from './tree.js';
import type { ComposeDocument, SourceFile } from './types.js';
import { formatGoNumber } from '../docker/units.js';

/** Deepest nesting accepted; real Compose files stay under ten levels, and the walk below is recursive. */
export const MAX_DEPTH = 100;
/** Most tree nodes one file may expand to through aliases before we call it an alias bomb. */
export const MAX_EXPANDED_NODES = 1_000_000;
/** Passed to yaml's toJS as a first, cheap alias-bomb check (uses of one anchor × aliases inside it). */
export const MAX_ALIAS_COUNT = 10_000;

/** Result of phase 3 for one file. */
export interface ParseResult {
  document?: ComposeDocument;
  problems: InputProblem[];
}

/*
 * Scalar rules of docker CLI 28, which decodes with go-yaml v3 into interface{} values:
 * - booleans only true/True/TRUE/false/False/FALSE (the YAML 1.2 core tag, kept as is);
 * - null for ~, null/Null/NULL and empty (core tag, kept);
 * - integers as Go's strconv.ParseInt(s, 0, 64) after removing `_`: decimal, 0x, 0o, 0b, and a leading 0 means
 *   octal (0440 = 288); a failed integer falls back to the float syntax below (so 09 is the float 9);
 * - floats [-+]?(.N|N[.N])([eE][-+]?N)? (after removing `_`), plus .inf/.nan (core tag, kept);
 * - timestamps stay strings (go-yaml keeps timestamp-looking values as strings when decoding into interface{}).
 */
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's ParseInt(s, 0, 64) with ParseUint as fallback; undefined when Go would not read an integer. */
export function parseGoInteger(plain: string): number | undefined {
  const value = parseGoIntegerExact(plain);
  return value === undefined ? undefined : value === 0n ? 0 : Number(value);
}

/** parseGoInteger without the conversion to a JS number. */
function parseGoIntegerExact(plain: string): bigint | undefined {
  const match = /^([-+]?)(0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(plain);
  if (!match) return undefined;
  const sign = match[1] ?? '';
  const digits = match[2] ?? '';
  const prefix = digits.slice(0, 2).toLowerCase();
  let magnitude: bigint;
  if (prefix === '0b' || prefix === '0o' || prefix === '0x') magnitude = BigInt(`0${prefix[1]}${digits.slice(2)}`);
  else if (digits.startsWith('0') && digits.length > 1) magnitude = BigInt(`0o${digits.slice(1)}`);
  else magnitude = BigInt(digits);
  const value = sign === '-' ? -magnitude : magnitude;
  // ParseUint takes no sign at all, so only unsigned spellings get the uint64 range.
  const limit = sign === '' ? UINT64_MAX : INT64_MAX + (sign === '-' ? 1n : 0n);
  if (magnitude > limit) return undefined;
  return value;
}

/** Resolves a plain scalar that starts like a number the way go-yaml v3 does; strings that are not numbers stay. */
export function resolveGoNumber(source: string): number | string {
  if (source.startsWith('.')) return GO_FLOAT.test(source) ? Number(source) : source;
  const plain = source.replace(/_/g, '');
  const integer = parseGoInteger(plain);
  if (integer !== undefined) return integer;
  return GO_FLOAT.test(plain) ? Number(plain) : source;
}

/**
 * The text Go's `%v` prints for a number scalar with this source, when it differs from what `formatGoNumber` makes
 * of the JS number: go-yaml keeps integers exact (int64/uint64) and knows a float from an integer, a JS number does
 * neither (`12345678901234567890` loses digits, `1e6` and `1000000.0` print as `1e+06` in Go, `-0.0` as `-0`).
 * Undefined when the two agree or the source is not a number.
 */
export function goNumberText(source: string): string | undefined {
  const plain = source.startsWith('.') ? source : source.replace(/_/g, '');
  const integer = source.startsWith('.') ? undefined : parseGoIntegerExact(plain);
  if (integer !== undefined) {
    const text = integer.toString();
    return text === formatGoNumber(Number(integer)) ? undefined : text;
  }
  if (!GO_FLOAT.test(plain)) return undefined;
  const value = Number(plain);
  const text = Object.is(value, -0) ? '-0' : Number.isInteger(value) ? formatGoFloat(value) : formatGoNumber(value);
  return text === formatGoNumber(value) ? undefined : text;
}

/** Go's `%v` (strconv 'g', shortest) for a float64 with an integral value: exponent form from 1e+06 up. */
function formatGoFloat(value: number): string {
  if (Math.abs(value) < 1e6) return formatGoNumber(value);
  const [mantissa = '', exp = '0'] = value.toExponential().split('e');
  const n = Number(exp);
  return `${mantissa}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

/** Everything go-yaml would try as a number: a digit or sign first (`_` may follow anywhere), or `.` then digits. */
const GO_NUMBER_LIKE = /^(?:[-+0-9][-+0-9a-zA-Z_.]*|\.[0-9][0-9eE+-]*)$/;
/** The tests of yaml's core schema tags that stay in dockerTags, in the order yaml tries them. */
const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const CORE_INF_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/**
 * A plain scalar resolved as parseDocument with dockerTags resolves it, with the Go text of a number where it
 * differs (for the fast reader); undefined for .inf/.nan, which it leaves to yaml.
 */
export function resolvePlainScalar(source: string): { value: unknown; goText?: string } | undefined {
  if (CORE_NULL.test(source)) return { value: null };
  if (CORE_BOOL.test(source)) return { value: source[0] === 't' || source[0] === 'T' };
  if (CORE_INF_NAN.test(source)) return undefined;
  if (!GO_NUMBER_LIKE.test(source)) return { value: source };
  const value = resolveGoNumber(source);
  const goText = typeof value === 'number' ? goNumberText(source) : undefined;
  return goText === undefined ? { value } : { value, goText };
}

const goNumberTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  test: GO_NUMBER_LIKE,
  identify: (value) => typeof value === 'number',
  resolve: (source) => new Scalar(resolveGoNumber(source)),
};

const goFloatTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  // Only used for an explicit `!!float` tag; plain scalars are resolved by goNumberTag.
  default: false,
  identify: (value) => typeof value === 'number',
  resolve: (source) => {
    const value = resolveGoNumber(source);
    return new Scalar(typeof value === 'number' ? value : source);
  },
};

/** Core schema with the integer and float tags replaced; bool, null and .inf/.nan stay as YAML 1.2 core has them. */
function dockerTags(tags: Tags): Tags {
  const kept = tags.filter((tag) => {
    if (typeof tag === 'string') return true;
    if (tag.tag === 'tag:yaml.org,2002:int') return false;
    // Of the float tags only the one for .inf/.nan stays.
    if (tag.tag === 'tag:yaml.org,2002:float') return 'test' in tag && tag.test?.test('.nan') === true;
    return true;
  });
  return [...kept, goNumberTag, goFloatTag];
}

class ExpansionLimit extends Error {}
/** Nesting beyond MAX_DEPTH; `node` is where it was reached (for the position in the message). */
class DepthLimit extends Error {
  constructor(readonly node: Node | null) {
    super('too deep');
  }
}

interface Walk {
  file: string;
  lineCounter: LineCounter;
  doc: Document.Parsed;
  sourceMap: SourceMap;
  problems: InputProblem[];
  reported: Set<string>;
  budget: number;
  /** Anchored nodes currently being expanded, to catch an alias that points into itself. */
  expanding: Set<Node>;
}

function locationOf(walk: Walk, node: Node | null | undefined, fallback?: Node | null): SourceLocation {
  const range = node?.range ?? fallback?.range;
  if (!range) return { file: walk.file };
  const { line, col } = walk.lineCounter.linePos(range[0]);
  return { file: walk.file, line, col };
}

function report(walk: Walk, problem: InputProblem): void {
  const key = `${problem.code}|${problem.location?.line}|${problem.location?.col}`;
  if (walk.reported.has(key)) return;
  walk.reported.add(key);
  walk.problems.push(problem);
}

/** Follows aliases to the node they name; reports unresolvable and self-including aliases. */
function deref(walk: Walk, node: Node): Node | null {
  if (!isAlias(node)) return node;
  const target = node.resolve(walk.doc);
  if (!target) {
    report(walk, {
      code: 'YAML_ALIAS',
      message: `alias *${node.source} refers to an anchor that is not defined before it`,
      location: locationOf(walk, node),
      hint: `define the anchor (&${node.source}) earlier in the file`,
    });
    return null;
  }
  if (walk.expanding.has(target)) {
    report(walk, {
      code: 'YAML_ALIAS',
      message: `alias *${node.source} refers to a node that contains it`,
      location: locationOf(walk, node),
    });
    return null;
  }
  return target;
}

/** The mapping key as a string: scalars by their source text (so `1: x` is "1"); other keys are problems. */
function keyString(walk: Walk, key: unknown): string | undefined {
  if (isScalar(key)) {
    if (typeof key.value === 'string') return key.value;
    return typeof key.source === 'string' ? key.source : String(key.value);
  }
  report(walk, {
    code: 'YAML_KEY',
    message: 'mapping keys must be strings, not lists or mappings',
    location: locationOf(walk, key as Node | null),
  });
  return undefined;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.source === '<<';
}

interface Entry {
  key: string;
  keyNode: Node;
  valueNode: Node | null;
}

/**
 * The effective entries of a mapping with go-yaml's merge rules: keys written in the mapping win over merged
 * ones wherever `<<` appears, among merged mappings the first one listed wins, and merged entries take the place
 * of the `<<` key. Duplicate keys are reported with the line of their first definition.
 */
function mapEntries(walk: Walk, map: YAMLMap, depth: number): Entry[] {
  if (depth > MAX_DEPTH) throw new DepthLimit(map);
  const own = new Map<string, Entry>();
  let mergeAt = -1;
  let mergeValue: Node | null = null;
  const ordered: (Entry | 'merge')[] = [];
  for (const pair of map.items) {
    if (isMergeKey(pair.key)) {
      if (mergeAt !== -1) ordered.splice(mergeAt, 1);
      mergeAt = ordered.length;
      ordered.push('merge');
      mergeValue = (pair.value as Node | null) ?? null;
      continue;
    }
    const key = keyString(walk, pair.key);
    if (key === undefined) continue;
    const keyNode = pair.key as Node;
    const first = own.get(key);
    if (first) {
      report(walk, {
        code: 'YAML_DUPLICATE_KEY',
        message: `duplicate key ${JSON.stringify(key)} (first defined at line ${locationOf(walk, first.keyNode).line})`,
        location: locationOf(walk, keyNode),
        hint: 'each key may appear once per mapping; remove or merge the repeated entry',
      });
      continue;
    }
    const entry: Entry = { key, keyNode, valueNode: (pair.value as Node | null) ?? null };
    own.set(key, entry);
    ordered.push(entry);
  }
  const merged: Entry[] = [];
  if (mergeAt !== -1) {
    const seen = new Set(own.keys());
    for (const source of mergeSources(walk, mergeValue, map)) {
      walk.expanding.add(source);
      try {
        for (const entry of mapEntries(walk, source, depth + 1)) {
          // Merged entries cost budget too, or nested `<<` lists could multiply work without creating nodes.
          walk.budget -= 1;
          if (walk.budget < 0) throw new ExpansionLimit();
          if (seen.has(entry.key)) continue;
          seen.add(entry.key);
          merged.push(entry);
        }
      } finally {
        walk.expanding.delete(source);
      }
    }
  }
  return ordered.flatMap((item) => (item === 'merge' ? merged : [item]));
}

/** The mappings named by a `<<` value: a mapping, an alias of one, or a list of those. */
function mergeSources(walk: Walk, value: Node | null, owner: YAMLMap): YAMLMap[] {
  const bad = (node: Node | null): YAMLMap[] => {
    report(walk, {
      code: 'YAML_MERGE',
      message: 'a << merge key needs a mapping, an alias of a mapping, or a list of those',
      location: locationOf(walk, node, owner),
    });
    return [];
  };
  if (value === null) return bad(value);
  const target = deref(walk, value);
  if (target && isMap(target)) return [target];
  if (target && isSeq(target) && !isAlias(value)) {
    return target.items.flatMap((item) => {
      const resolved = deref(walk, item as Node);
      return resolved && isMap(resolved) ? [resolved] : bad(item as Node);
    });
  }
  return target === null ? [] : bad(value);
}

/** Converts a node to a tree value, recording positions under `path`. */
function toTree(walk: Walk, node: Node | null, path: KeyPath, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new DepthLimit(node);
  walk.budget -= 1;
  if (walk.budget < 0) throw new ExpansionLimit();
  if (node === null) return null;
  const target = deref(walk, node);
  if (target === null) return null;
  // Every node on the current path is marked, so an alias back into one of them is caught instead of looping.
  walk.expanding.add(target);
  try {
    if (isScalar(target)) {
      if (typeof target.value === 'number' && typeof target.source === 'string') {
        const goText = goNumberText(target.source);
        const origin = walk.sourceMap.get(path);
        if (goText !== undefined && origin) walk.sourceMap.set(path, { ...origin, goText });
      }
      return target.value ?? null;
    }
    if (isSeq(target)) {
      return target.items.map((item, index) => {
        const child = item as Node | null;
        walk.sourceMap.set([...path, index], { value: locationOf(walk, child) });
        return toTree(walk, child, [...path, index], depth + 1);
      });
    }
    if (isMap(target)) {
      const out: TreeMap = {};
      for (const entry of mapEntries(walk, target, depth)) {
        const childPath = [...path, entry.key];
        walk.sourceMap.set(childPath, {
          key: locationOf(walk, entry.keyNode),
          value: locationOf(walk, entry.valueNode, entry.keyNode),
        });
        setEntry(out, entry.key, toTree(walk, entry.valueNode, childPath, depth + 1));
      }
      return out;
    }
    return null;
  } finally {
    walk.expanding.delete(target);
  }
}

/** Lower-cases the first letter of yaml's messages so they read as fragments like ours. */
function fragment(message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  return firstLine.charAt(0).toLowerCase() + firstLine.slice(1).replace(/\.$/, '');
}

/**
 * Phase 3: parses one file into a tree with docker's scalar rules and builds its source map. Reports YAML syntax
 * errors, duplicate keys, a non-mapping top level, alias bombs and excessive nesting, each with FILE:LINE:COL.
 */
export function parseComposeFile(file: SourceFile): ParseResult {
  // Most files are plain block YAML, which the fast reader turns into the same tree and source map; the rest
  // (and every file with a problem) goes through yaml.
  const fast = parseFastYaml(file.text, file.displayPath, resolvePlainScalar);
  if (fast) return { document: { file, tree: fast.tree, sourceMap: fast.sourceMap }, problems: [] };
  return parseWithYaml(file);
}

/** parseComposeFile through yaml alone (exported for the test that compares it with the fast reader). */
export function parseWithYaml(file: SourceFile): ParseResult {
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined): SourceLocation => {
    if (offset === undefined) return { file: file.displayPath };
    const { line, col } = lineCounter.linePos(offset);
    return { file: file.displayPath, line, col };
  };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(file.text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: true,
      merge: true,
      schema: 'core',
      customTags: dockerTags,
      resolveKnownTags: false,
      // 'error' keeps yaml from printing warnings but still reports a second document ('silent' would not).
      logLevel: 'error',
    });
  } catch (error) {
    // yaml reports stack exhaustion as an error normally; anything thrown here is still the input's fault.
    return { problems: [{ code: 'YAML_SYNTAX', message: fragment(String(error)), location: at(undefined) }] };
  }

  // Duplicate keys alone do not stop us: the walk below reports them with the line of the first definition.
  if (doc.errors.some((error) => error.code !== 'DUPLICATE_KEY')) {
    return { problems: syntaxProblems(doc.errors, file.text, lineCounter, file.displayPath) };
  }

  const root = doc.contents as Node | null;
  const rootTarget = root && isAlias(root) ? root.resolve(doc) : root;
  if (!rootTarget || !isMap(rootTarget)) {
    const got = isSeq(rootTarget) ? 'a list' : describeType(rootTarget && isScalar(rootTarget) ? rootTarget.value : null);
    return {
      problems: [
        {
          code: 'YAML_NOT_MAPPING',
          message: `the top level of a Compose file must be a mapping, got ${got}`,
          location: at(rootTarget?.range?.[0] ?? root?.range?.[0] ?? 0),
          hint: 'start the file with keys such as services:',
        },
      ],
    };
  }

  // Without a `*` in the text there is no alias, and nothing for this check to find: it converts the whole
  // document, which costs as much as the walk below.
  if (file.text.includes('*')) {
    try {
      // mapAsMap keeps yaml from warning on stderr about collection keys; the result itself is not used.
      doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, mapAsMap: true });
    } catch (error) {
      if (error instanceof ReferenceError && /alias count/i.test(error.message)) {
        return { problems: [aliasBomb(at(undefined))] };
      }
      // Other failures (a bad << value, say) are found again, with positions, by the walk below.
    }
  }

  const walk: Walk = {
    file: file.displayPath,
    lineCounter,
    doc,
    sourceMap: new SourceMap(),
    problems: [],
    reported: new Set(),
    budget: MAX_EXPANDED_NODES,
    expanding: new Set(),
  };
  walk.sourceMap.set([], { value: locationOf(walk, rootTarget) });
  let tree: unknown;
  try {
    tree = toTree(walk, rootTarget, [], 0);
  } catch (error) {
    if (error instanceof ExpansionLimit) return { problems: [aliasBomb(at(undefined))] };
    if (error instanceof DepthLimit) {
      return {
        problems: [
          {
            code: 'YAML_TOO_DEEP',
            message: `the YAML is nested more than ${MAX_DEPTH} levels deep (through aliases or directly)`,
            location: at(error.node?.range?.[0]),
            hint: 'no Compose file needs that; look for runaway brackets, or anchors that include each other',
          },
        ],
      };
    }
    throw error;
  }
  if (walk.problems.length > 0 || !isTreeMap(tree)) return { problems: walk.problems };
  return { document: { file, tree, sourceMap: walk.sourceMap }, problems: [] };
}

/**
 * yaml's parse errors as our problems: one per line (a single mistake often yields several errors on one line),
 * positions moved from leading blanks to the first character of the line's content, and the mistakes people make
 * most (indentation, unclosed quotes and brackets, tabs) in sentences that say what to fix.
 */
function syntaxProblems(
  errors: readonly YAMLError[],
  text: string,
  lineCounter: LineCounter,
  file: string,
): InputProblem[] {
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  // An offset inside the indentation of its line moves to the line's first non-blank character.
  const contentStart = (offset: number): number => {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const lineEnd = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
    const indent = line.length - line.trimStart().length;
    return offset - lineStart <= indent && indent < line.length ? lineStart + indent : offset;
  };
  const multiline = new Set(errors.filter((e) => e.code === 'MULTILINE_IMPLICIT_KEY').map((e) => e.pos[0]));
  const problems: InputProblem[] = [];
  const lines = new Set<number>();
  for (const error of errors) {
    if (error.code === 'DUPLICATE_KEY') continue;
    // "Nested mappings are not allowed in compact mappings" comes with the multi-line key error it causes.
    if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && multiline.has(error.pos[0])) continue;
    const problem = syntaxProblem(error, text, at, contentStart);
    const line = problem.location?.line ?? 0;
    if (lines.has(line)) continue;
    lines.add(line);
    problems.push(problem);
  }
  return problems;
}

/** One of yaml's parse errors as our problem; the codes people meet often get their own sentence. */
function syntaxProblem(
  error: YAMLError,
  text: string,
  at: (offset: number) => SourceLocation,
  contentStart: (offset: number) => number,
): InputProblem {
  const [start, end] = error.pos;
  const location = at(contentStart(start));
  const syntax = (message: string, where: SourceLocation, hint?: string): InputProblem => ({
    code: 'YAML_SYNTAX',
    message,
    location: where,
    ...(hint === undefined ? {} : { hint }),
  });
  switch (error.code) {
    case 'MULTIPLE_DOCS':
      return syntax(
        'the file holds several YAML documents (separated by ---); a Compose file must hold exactly one',
        location,
        'put each document in its own file and pass each with -c',
      );
    case 'RESOURCE_EXHAUSTION':
      return { code: 'YAML_TOO_DEEP', message: 'the YAML is nested too deeply to parse', location };
    case 'TAB_AS_INDENT': {
      const hint = 'indent with spaces; YAML does not allow tabs';
      return syntax('invalid YAML: a tab is used for indentation', at(start), hint);
    }
    case 'MULTILINE_IMPLICIT_KEY': {
      // The key that broke the mapping is on the line where the error ends: point there, not at the value above.
      const keyAt = contentStart(text.lastIndexOf('\n', Math.max(start, end - 1)) + 1);
      const startLine = at(start).line ?? 0;
      const keyLocation = at(keyAt);
      if ((keyLocation.line ?? 0) > startLine) {
        return syntax(
          'invalid YAML: this line is indented differently from the keys above it',
          keyLocation,
          `keys of one mapping must start in the same column; this line was read as part of the value on line ${startLine}`,
        );
      }
      return syntax(`invalid YAML: ${fragment(error.message)}`, location);
    }
    case 'BAD_INDENT': {
      const hint = /^flow sequence/i.test(error.message)
        ? 'a [ on an earlier line is not closed with ]'
        : /^flow map/i.test(error.message)
          ? 'a { on an earlier line is not closed with }'
          : 'keys of one mapping must start in the same column';
      return syntax(`invalid YAML: ${fragment(error.message)}`, location, hint);
    }
    case 'BLOCK_AS_IMPLICIT_KEY':
      return syntax(
        `invalid YAML: ${fragment(error.message)}`,
        location,
        'check the indentation of the lines below, and quote a value that contains ": "',
      );
    case 'MISSING_CHAR': {
      const quote = /^missing closing (["'])quote/i.exec(error.message)?.[1];
      if (quote === undefined) return syntax(`invalid YAML: ${fragment(error.message)}`, location);
      // yaml reports the end of the input; the quote that was never closed is the last one before it.
      const opening = text.lastIndexOf(quote, start - 1);
      return syntax(
        `invalid YAML: the string that starts with ${quote} here is never closed`,
        opening === -1 ? location : at(opening),
        `add the closing ${quote}`,
      );
    }
    default:
      return syntax(`invalid YAML: ${fragment(error.message)}`, location);
  }
}

function aliasBomb(location: SourceLocation): InputProblem {
  return {
    code: 'YAML_ALIAS_BOMB',
    message: `the YAML aliases expand to too many nodes (more than ${MAX_EXPANDED_NODES}); this looks like an alias bomb`,
    location,
    hint: 'reduce the nesting of anchors and aliases',
  };
}
