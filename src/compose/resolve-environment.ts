import type { ProblemCode } from '../errors/codes.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { InputProblem } from '../errors/problem.js';
import { SourceMap, formatPath, type KeyPath } from './source-map.js';
import { isTreeMap, mapFromEntries, setEntry, type TreeMap } from './tree.js';
import type { ComposeDocument, Tree } from './types.js';
import { formatGoNumber } from '../docker/units.js';

/*
 * Phase 9 of the loader: each service's final environment, per document and BEFORE the documents are merged, as
 * docker's loader does (resolveEnvironment runs while each file is loaded, mergeServices afterwards):
 * - the env_file files in order (later files win), read with docker's kvfile rules;
 * - `environment:` laid over them;
 * - every value that is unset (`KEY`, null) or empty takes the CLI process environment's value when that variable
 *   exists — the process environment, not the `.env` interpolation variables.
 * The result replaces `environment` in the tree; `env_file` stays for display. Resolving before the merge matters:
 * an override file's env_file value beats the base file's `environment` value, and an override's bare `KEY` takes
 * the shell's value instead of being dropped as an empty value by the merge.
 * Reads files (the env files); paths are relative to the working directory (the first file's directory), except
 * those of services taken from another file by `extends`, which that phase made absolute.
 */

/** Inputs of the phase. */
export interface ResolveEnvironmentContext {
  /** Directory relative env_file paths resolve against (the first file's directory). */
  workingDir: string;
  /** The CLI process environment. */
  env: Record<string, string | undefined>;
}

/** Result of the phase for one document. */
export interface ResolveEnvironmentResult {
  document: ComposeDocument;
  problems: InputProblem[];
}

/** Resolves the environment of every service of one canonical document (see the module comment). */
export async function resolveEnvironment(
  doc: ComposeDocument,
  ctx: ResolveEnvironmentContext,
): Promise<ResolveEnvironmentResult> {
  const services = doc.tree['services'];
  if (!isTreeMap(services)) return { document: doc, problems: [] };
  const names = Object.keys(services).filter((name) => {
    const service = services[name];
    return isTreeMap(service) && (service['env_file'] !== undefined || service['environment'] !== undefined);
  });
  if (names.length === 0) return { document: doc, problems: [] };

  const problems: InputProblem[] = [];
  const sourceMap = new SourceMap();
  sourceMap.graft(doc.sourceMap, [], []);
  const newServices: TreeMap = mapFromEntries(Object.entries(services));
  for (const name of names) {
    const service = services[name] as TreeMap;
    const at: KeyPath = ['services', name];
    const environment = await serviceEnvironment(service, at, doc, sourceMap, ctx, problems);
    setEntry(newServices, name, mapFromEntries([...Object.entries(service), ['environment', environment]]));
  }
  const tree = mapFromEntries([...Object.entries(doc.tree), ['services', newServices]]) as Tree;
  return { document: { ...doc, tree, sourceMap }, problems };
}

/** One service: env_file values, then `environment`, then the CLI fill; positions recorded in `sourceMap`. */
async function serviceEnvironment(
  service: TreeMap,
  at: KeyPath,
  doc: ComposeDocument,
  sourceMap: SourceMap,
  ctx: ResolveEnvironmentContext,
  problems: InputProblem[],
): Promise<Record<string, string | null>> {
  const result: Record<string, string | null> = {};
  const envPath: KeyPath = [...at, 'environment'];
  const files = Array.isArray(service['env_file']) ? service['env_file'] : [];
  const fromFiles: Record<string, string | null> = {};
  for (let i = 0; i < files.length; i++) {
    const entry = envFileEntry(files[i]);
    if (!entry) continue;
    const entryPath: KeyPath = [...at, 'env_file', i];
    const report = (code: ProblemCode, message: string, hint?: string): void => {
      problems.push({
        code,
        message,
        path: formatPath(entryPath),
        location: doc.sourceMap.locate(entryPath),
        ...(hint === undefined ? {} : { hint }),
      });
    };
    const pairs = await readEnvFile(entry, ctx, report);
    const origin = doc.sourceMap.get(entryPath);
    for (const [key, value] of pairs) {
      setEntry(fromFiles, key, value);
      // A value from a file points at the env_file entry that supplied it (later files win, as for the value).
      if (origin) sourceMap.set([...envPath, key], { value: origin.value });
    }
  }
  fillFromEnvironment(result, fromFiles, ctx.env);

  const declared = service['environment'];
  if (isTreeMap(declared)) {
    const own: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(declared)) {
      setEntry(own, key, value === null || value === undefined ? null : goString(value));
      const origin = doc.sourceMap.get([...envPath, key]);
      if (origin) sourceMap.set([...envPath, key], origin);
    }
    fillFromEnvironment(result, own, ctx.env);
  } else if (sourceMap.get(envPath) === undefined) {
    // `environment:` was not written: the env_file key stands for it.
    const origin = doc.sourceMap.get([...at, 'env_file']);
    if (origin) sourceMap.set(envPath, origin);
  }
  return result;
}

/** A scalar as Go's `%v` prints it (the canonical phase already made map values strings; this is a safety net). */
function goString(value: unknown): string {
  return typeof value === 'number' ? formatGoNumber(value) : String(value);
}

function envFileEntry(value: unknown): { path: string; required: boolean } | undefined {
  if (typeof value === 'string') return { path: value, required: true };
  if (!isTreeMap(value) || typeof value['path'] !== 'string') return undefined;
  return { path: value['path'], required: value['required'] !== false };
}

/** docker's updateEnvironment: an unset or empty value takes the CLI's value when the variable exists. */
function fillFromEnvironment(
  target: Record<string, string | null>,
  values: Record<string, string | null>,
  env: Record<string, string | undefined>,
): void {
  for (const [key, value] of Object.entries(values)) {
    const fromCli = Object.hasOwn(env, key) ? env[key] : undefined;
    setEntry(target, key, (value === null || value === '') && fromCli !== undefined ? fromCli : value);
  }
}

/** Go's unicode.IsSpace, which (unlike JavaScript's \s) does not include U+FEFF. */
const LEADING_GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/**
 * Reads one env file with docker's kvfile rules (see parseEnvFile). A missing file is a problem unless
 * `required: false`; the problem names the path as written and as resolved.
 */
async function readEnvFile(
  entry: { path: string; required: boolean },
  ctx: ResolveEnvironmentContext,
  report: (code: ProblemCode, message: string, hint?: string) => void,
): Promise<[string, string][]> {
  const resolved = path.isAbsolute(entry.path) ? entry.path : path.join(ctx.workingDir, entry.path);
  let bytes: Buffer;
  try {
    bytes = await readFile(resolved);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !entry.required) return [];
    const why = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
    report(
      'ENV_FILE_UNREADABLE',
      `env file "${entry.path}" ${why} (resolved to ${resolved})`,
      code === 'ENOENT'
        ? 'env_file paths are relative to the directory of the first Compose file; ' +
            'for an optional file write {path: ..., required: false}'
        : undefined,
    );
    return [];
  }
  const parsed = parseEnvFile(bytes, ctx.env);
  if ('error' in parsed) {
    report('ENV_FILE_INVALID', `env file "${entry.path}" line ${parsed.line}: ${parsed.error}`);
    return [];
  }
  return parsed.pairs;
}

/** Result of parsing an env file: the pairs, or the first error with its 1-based line. */
export type EnvFileParse = { pairs: [string, string][] } | { error: string; line: number };

/**
 * Parses env-file bytes with docker's kvfile rules: UTF-8, BOM stripped, leading whitespace trimmed, `#` and blank
 * lines skipped, `KEY=VALUE` literal (quotes and trailing spaces kept, no interpolation), `KEY` alone takes the value
 * from `env` or is dropped, whitespace in a key is an error. Returns the pairs in file order.
 */
export function parseEnvFile(bytes: Uint8Array, env: Record<string, string | undefined>): EnvFileParse {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const pairs: [string, string][] = [];
  let start = 0;
  for (let lineNumber = 1; start <= bytes.length; lineNumber++) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    let raw = bytes.subarray(start, end);
    start = end + 1;
    if (raw.length > 0 && raw[raw.length - 1] === 0x0d) raw = raw.subarray(0, raw.length - 1);
    if (lineNumber === 1 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) raw = raw.subarray(3);
    let text: string;
    try {
      text = decoder.decode(raw);
    } catch {
      return { error: 'not valid UTF-8', line: lineNumber };
    }
    const line = text.replace(LEADING_GO_SPACE, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq === -1 ? line : line.slice(0, eq);
    if (key === '') return { error: 'no variable name before "="', line: lineNumber };
    if (/[ \t]/.test(key)) return { error: `variable "${key}" contains whitespace`, line: lineNumber };
    if (eq !== -1) {
      pairs.push([key, line.slice(eq + 1)]);
      continue;
    }
    const value = Object.hasOwn(env, key) ? env[key] : undefined;
    if (value !== undefined) pairs.push([key, value]);
  }
  return { pairs };
}
