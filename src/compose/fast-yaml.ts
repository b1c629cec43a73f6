import type { SourceLocation } from '../errors/problem.js';
import { SourceMap, type KeyPath } from './source-map.js';
import { setEntry, type TreeMap } from './tree.js';

/*
 * A reader for the plain block YAML most Compose files are written in: block mappings and sequences, plain and
 * single-line quoted scalars, one-line flow sequences of scalars, comments. It builds the same tree and the same
 * source map (entries, order, positions) as the full parse in parse-yaml.ts, in one pass over the lines, without
 * yaml's token stream and node objects (the full parser costs more than the rest of `stack config` together on a
 * large file). Anything outside that subset - anchors, aliases, tags, merge keys, block scalars, flow mappings,
 * scalars over several lines, several documents, duplicate keys, anything yaml would report - returns undefined,
 * and the caller parses the file with yaml, which reports problems with positions. The unit test compares the two
 * on every fixture file.
 */

/** A plain scalar resolved with docker's rules; undefined when the reader should give up on the file. */
export type PlainResolver = (source: string) => { value: unknown; goText?: string } | undefined;

/** What the reader makes of a file in its subset: the tree and its source map. */
export interface FastParse {
  tree: TreeMap;
  sourceMap: SourceMap;
}

/** Thrown (always this one object, so no stack is captured) when the text leaves the subset. */
const UNSUPPORTED = { unsupported: true };

/** A line with content (not blank, not only a comment). */
interface Line {
  /** Column of the content (or, for a mapping inside a list item, of that mapping's first key). */
  ind: number;
  /** Offset of the content. */
  start: number;
  /** Offset of the end of the line (its newline or the end of the text). */
  end: number;
  /** Offset of the line's first character. */
  lineStart: number;
  /** 1-based line number. */
  no: number;
}

/** Characters that may not start a plain scalar here (or start something the reader does not handle). */
const NOT_PLAIN_START = new Set(['?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);
/** Anything yaml may treat specially anywhere in the text (control characters, tabs, CR, BOM, line separators). */
const UNSAFE_TEXT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ufeff\u2028\u2029]/;
const MAX_KEY = 1000;
const MAX_DEPTH = 60;

export function parseFastYaml(text: string, file: string, resolvePlain: PlainResolver): FastParse | undefined {
  if (UNSAFE_TEXT.test(text)) return undefined;
  try {
    return new Reader(text, file, resolvePlain).document();
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

class Reader {
  private readonly lines: Line[] = [];
  private i = 0;
  readonly sourceMap = new SourceMap();

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly resolvePlain: PlainResolver,
  ) {
    let lineStart = 0;
    let no = 1;
    while (lineStart <= text.length) {
      let end = text.indexOf('\n', lineStart);
      if (end === -1) end = text.length;
      let start = lineStart;
      while (start < end && text.charCodeAt(start) === 32) start++;
      if (start < end && text[start] !== '#') {
        // Document markers and directives start in the first column.
        if (start === lineStart && /^(?:---|\.\.\.|%)/.test(text.slice(start, start + 3))) throw UNSUPPORTED;
        this.lines.push({ ind: start - lineStart, start, end, lineStart, no });
      }
      lineStart = end + 1;
      no++;
    }
  }

  document(): FastParse | undefined {
    const first = this.lines[0];
    if (!first) return undefined;
    this.sourceMap.set([], { value: this.loc(first, first.start) });
    if (this.isDash(first)) return undefined;
    const tree = this.map(first.ind, [], 1);
    if (this.i < this.lines.length) throw UNSUPPORTED;
    return { tree, sourceMap: this.sourceMap };
  }

  private loc(line: Line, offset: number): SourceLocation {
    return { file: this.file, line: line.no, col: offset - line.lineStart + 1 };
  }

  private isDash(line: Line): boolean {
    return this.text[line.start] === '-' && (line.start + 1 === line.end || this.text[line.start + 1] === ' ');
  }

  /** Offset of the first non-space character at or after `p` on the line. */
  private skipSpaces(line: Line, p: number): number {
    while (p < line.end && this.text.charCodeAt(p) === 32) p++;
    return p;
  }

  /** Nothing but spaces and a comment from `p` to the end of the line (`#` needs a space before it). */
  private expectLineEnd(line: Line, p: number): void {
    const q = this.skipSpaces(line, p);
    if (q === line.end) return;
    if (this.text[q] === '#' && q > p) return;
    throw UNSUPPORTED;
  }

  /** The key at `p` and the offset after its `:`, or undefined when the line at `p` is not `key:` or `key: ...`. */
  private key(line: Line, p: number): { key: string; after: number } | undefined {
    const text = this.text;
    const c = text[p];
    if (c === '"' || c === "'") {
      const quoted = this.quoted(line, p);
      if (text[quoted.end] !== ':' || !(quoted.end + 1 === line.end || text[quoted.end + 1] === ' ')) return undefined;
      return { key: quoted.value, after: quoted.end + 1 };
    }
    if (c === undefined || NOT_PLAIN_START.has(c) || (c === '-' && (p + 1 === line.end || text[p + 1] === ' '))) return undefined;
    for (let q = p; q < line.end; q++) {
      const ch = text[q];
      if (ch === '#' && text[q - 1] === ' ') return undefined;
      if (ch === ':' && (q + 1 === line.end || text[q + 1] === ' ')) {
        const key = text.slice(p, q).trimEnd();
        if (key.length > MAX_KEY) throw UNSUPPORTED;
        return { key, after: q + 1 };
      }
    }
    return undefined;
  }

  /** A block mapping whose keys are at column `ind`, starting at the current line. */
  private map(ind: number, path: KeyPath, depth: number): TreeMap {
    if (depth > MAX_DEPTH) throw UNSUPPORTED;
    const out: TreeMap = {};
    const seen = new Set<string>();
    for (;;) {
      const line = this.lines[this.i];
      if (!line || line.ind < ind) break;
      if (line.ind > ind) throw UNSUPPORTED;
      const parsed = this.key(line, line.start);
      // A list item at the column of the keys, or a line that is no `key:`: yaml reports it or reads it
      // differently (as part of a scalar over several lines).
      if (!parsed) throw UNSUPPORTED;
      const { key, after } = parsed;
      if (key === '<<' || seen.has(key)) throw UNSUPPORTED;
      seen.add(key);
      const childPath = [...path, key];
      const keyLoc = this.loc(line, line.start);
      const p = this.skipSpaces(line, after);
      if (p === line.end || this.text[p] === '#') {
        this.i++;
        const next = this.lines[this.i];
        if (next && (next.ind > ind || (next.ind === ind && this.isDash(next)))) {
          this.sourceMap.set(childPath, { key: keyLoc, value: this.loc(next, next.start) });
          setEntry(out, key, this.block(next, childPath, depth + 1));
        } else {
          this.sourceMap.set(childPath, { key: keyLoc, value: this.loc(line, p) });
          setEntry(out, key, null);
        }
        continue;
      }
      const valueLoc = this.loc(line, p);
      const entry = { key: keyLoc, value: valueLoc };
      this.sourceMap.set(childPath, entry);
      setEntry(out, key, this.inline(line, p, childPath, entry));
      this.i++;
      const next = this.lines[this.i];
      if (next && next.ind > ind) throw UNSUPPORTED;
    }
    return out;
  }

  /** The block node (mapping or list) that starts at `line`, the current line. */
  private block(line: Line, path: KeyPath, depth: number): unknown {
    return this.isDash(line) ? this.seq(line.ind, path, depth) : this.map(line.ind, path, depth);
  }

  /** A block sequence whose dashes are at column `ind`, starting at the current line. */
  private seq(ind: number, path: KeyPath, depth: number): unknown[] {
    if (depth > MAX_DEPTH) throw UNSUPPORTED;
    const out: unknown[] = [];
    for (;;) {
      const line = this.lines[this.i];
      if (!line || line.ind < ind || (line.ind === ind && !this.isDash(line))) break;
      if (line.ind > ind) throw UNSUPPORTED;
      const itemPath = [...path, out.length];
      const p = this.skipSpaces(line, line.start + 1);
      if (p === line.end || this.text[p] === '#') {
        this.i++;
        const next = this.lines[this.i];
        if (next && next.ind > ind) {
          this.sourceMap.set(itemPath, { value: this.loc(next, next.start) });
          out.push(this.block(next, itemPath, depth + 1));
        } else {
          this.sourceMap.set(itemPath, { value: this.loc(line, p) });
          out.push(null);
        }
        continue;
      }
      if (this.text[p] === '-' && (p + 1 === line.end || this.text[p + 1] === ' ')) throw UNSUPPORTED;
      if (this.key(line, p)) {
        // `- key: value`: a mapping whose keys are in the column of this first key.
        const inner: Line = { ...line, ind: p - line.lineStart, start: p };
        this.lines[this.i] = inner;
        this.sourceMap.set(itemPath, { value: this.loc(line, p) });
        out.push(this.map(inner.ind, itemPath, depth + 1));
        continue;
      }
      const entry = { value: this.loc(line, p) };
      this.sourceMap.set(itemPath, entry);
      out.push(this.inline(line, p, itemPath, entry));
      this.i++;
      const next = this.lines[this.i];
      if (next && next.ind > ind) throw UNSUPPORTED;
    }
    return out;
  }

  /**
   * The value written on the line at `p` (a scalar or a flow sequence), which must end the line. `entry` is the
   * source-map entry already set for `path`; a number's Go text is added to it.
   */
  private inline(line: Line, p: number, path: KeyPath, entry: { key?: SourceLocation; value: SourceLocation }): unknown {
    const c = this.text[p];
    if (c === '[') {
      const { value, end } = this.flowSeq(line, p, path);
      this.expectLineEnd(line, end);
      return value;
    }
    if (c === '"' || c === "'") {
      const { value, end } = this.quoted(line, p);
      this.expectLineEnd(line, end);
      return value;
    }
    let end = p;
    while (end < line.end && !(this.text[end] === '#' && this.text[end - 1] === ' ')) end++;
    return this.plain(this.text.slice(p, end).trimEnd(), path, entry, false);
  }

  /** A plain scalar's value; gives up on text yaml would read as a mapping or a special form. */
  private plain(source: string, path: KeyPath, entry: { key?: SourceLocation; value: SourceLocation }, inFlow: boolean): unknown {
    const c = source[0];
    if (c === undefined || NOT_PLAIN_START.has(c)) throw UNSUPPORTED;
    if (c === '-' && (source.length === 1 || source[1] === ' ')) throw UNSUPPORTED;
    if (source.endsWith(':') || source.includes(': ')) throw UNSUPPORTED;
    if (inFlow && /[[\]{},:]/.test(source)) throw UNSUPPORTED;
    const resolved = this.resolvePlain(source);
    if (!resolved) throw UNSUPPORTED;
    if (resolved.goText !== undefined) this.sourceMap.set(path, { ...entry, goText: resolved.goText });
    return resolved.value;
  }

  /** `[a, "b", c]` on one line, scalars only. */
  private flowSeq(line: Line, open: number, path: KeyPath): { value: unknown[]; end: number } {
    const text = this.text;
    const out: unknown[] = [];
    let p = this.skipSpaces(line, open + 1);
    if (text[p] === ']') return { value: out, end: p + 1 };
    for (;;) {
      if (p >= line.end) throw UNSUPPORTED;
      const itemPath = [...path, out.length];
      const entry = { value: this.loc(line, p) };
      this.sourceMap.set(itemPath, entry);
      const c = text[p];
      let q: number;
      if (c === '"' || c === "'") {
        const quoted = this.quoted(line, p);
        out.push(quoted.value);
        q = this.skipSpaces(line, quoted.end);
      } else {
        q = p;
        while (q < line.end && text[q] !== ',' && text[q] !== ']') {
          if (text[q] === '#' && text[q - 1] === ' ') throw UNSUPPORTED;
          q++;
        }
        out.push(this.plain(text.slice(p, q).trimEnd(), itemPath, entry, true));
      }
      if (text[q] === ']') return { value: out, end: q + 1 };
      if (text[q] !== ',') throw UNSUPPORTED;
      p = this.skipSpaces(line, q + 1);
      // A trailing comma, an empty item: left to yaml.
      if (text[p] === ']' || text[p] === ',') throw UNSUPPORTED;
    }
  }

  /** A quoted scalar that closes on its own line: its value and the offset after the closing quote. */
  private quoted(line: Line, open: number): { value: string; end: number } {
    const text = this.text;
    const quote = text[open];
    let value = '';
    let p = open + 1;
    if (quote === "'") {
      for (;;) {
        const close = text.indexOf("'", p);
        if (close === -1 || close >= line.end) throw UNSUPPORTED;
        value += text.slice(p, close);
        if (text[close + 1] === "'") {
          value += "'";
          p = close + 2;
          continue;
        }
        return { value, end: close + 1 };
      }
    }
    for (;;) {
      let q = p;
      while (q < line.end && text[q] !== '"' && text[q] !== '\\') q++;
      if (q >= line.end) throw UNSUPPORTED;
      value += text.slice(p, q);
      if (text[q] === '"') return { value, end: q + 1 };
      const escaped = ESCAPES.get(text[q + 1] ?? '');
      if (escaped !== undefined) {
        value += escaped;
        p = q + 2;
        continue;
      }
      const hex = text[q + 1] === 'x' ? 2 : text[q + 1] === 'u' ? 4 : 0;
      const digits = text.slice(q + 2, q + 2 + hex);
      if (hex === 0 || !/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) throw UNSUPPORTED;
      value += String.fromCharCode(parseInt(digits, 16));
      p = q + 2 + hex;
    }
  }
}

/** Double-quoted escapes the reader handles (others are left to yaml). */
const ESCAPES = new Map<string, string>([
  ['0', '\0'],
  ['a', '\x07'],
  ['b', '\b'],
  ['t', '\t'],
  ['n', '\n'],
  ['v', '\v'],
  ['f', '\f'],
  ['r', '\r'],
  ['e', '\x1b'],
  [' ', ' '],
  ['"', '"'],
  ['/', '/'],
  ['\\', '\\'],
]);
