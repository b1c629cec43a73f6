import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { InputProblem, SourceLocation } from '../errors/problem.js';
import { formatLocation } from '../errors/problem.js';
import { rebasePaths } from './extends.js';
import { mergeDocuments } from './merge.js';
import { parseComposeFile } from './parse-yaml.js';
import { readComposeFile } from './read-files.js';
import { SourceMap, formatPath, type KeyPath } from './source-map.js';
import { cloneTree, isTreeMap, setEntry, type TreeMap } from './tree.js';
import type { ComposeDocument, Tree, Variables } from './types.js';
import { loadVariables } from './variables.js';

/*
 * Phase 7b: `include` (Compose Specification). Each entry loads one application model from its own files, with its
 * own project directory and variables, and copies its services, networks, volumes, secrets and configs into the
 * including file; then `include` is gone from the tree. The rules (compose-spec include section, compose-go):
 * - `path` (a string, or a list: the first file and its overrides, merged as -c files are) is relative to the
 *   including file's project directory (for a -c file: the working directory of the stack);
 * - `project_directory` (default: the first path's directory) is relative to the same; the included files' own
 *   relative paths (bind sources, env_file, secret and config files, build contexts) resolve against it;
 * - variables: the including project's (process environment, then its .env), then the include's `env_file` files
 *   (relative to the including file's directory; default: `.env` in the project directory when it exists);
 * - a resource defined both in the including model and an included one (or in two included ones) is an error naming
 *   both places, unless both definitions are identical;
 * - includes nest; a file that includes itself, directly or through others, is an error naming the cycle.
 * Every problem of an included file keeps its own FILE:LINE:COL.
 */

/** Phases 4-7 for the parsed files of one include, with that include's variables. */
export type PrepareIncluded = (parsed: ComposeDocument[], variables: Variables) => Promise<{ documents: ComposeDocument[] } | { problems: InputProblem[] }>;
/** Phase 8 (extends) for the documents of one include, with that include's variables. */
export type ExtendIncluded = (documents: ComposeDocument[], variables: Variables) => Promise<{ documents: ComposeDocument[]; problems: InputProblem[] }>;

export interface IncludeContext {
  /** Directory of the CLI: included files are shown relative to it. */
  cwd: string;
  env: Record<string, string | undefined>;
  prepare: PrepareIncluded;
  extend: ExtendIncluded;
}

export interface IncludeResult {
  documents: ComposeDocument[];
  problems: InputProblem[];
  /** The parsed, uninterpolated included files (for the ignored-key warnings computed on raw files). */
  raw: ComposeDocument[];
}

const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs'] as const;

interface IncludeEntry {
  paths: string[];
  envFiles?: string[];
  projectDirectory?: string;
}

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

function readEntry(value: unknown): IncludeEntry | undefined {
  if (typeof value === 'string') return { paths: [value] };
  if (!isTreeMap(value)) return undefined;
  const paths = stringList(value['path']);
  if (!paths || paths.length === 0) return undefined;
  const envFiles = stringList(value['env_file']);
  const projectDirectory = typeof value['project_directory'] === 'string' ? value['project_directory'] : undefined;
  return { paths, ...(envFiles ? { envFiles } : {}), ...(projectDirectory ? { projectDirectory } : {}) };
}

/** How an included file is shown: relative to the current directory when below it. */
function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
}

/** The including project's variables first, then the include's env files (process environment still wins). */
function layered(outer: Variables, inner: Variables): Variables {
  return {
    get: (name) => outer.get(name) ?? inner.get(name),
    has: (name) => outer.has(name) || inner.has(name),
    origin: (name) => (outer.has(name) ? outer.origin(name) : inner.origin(name)),
  };
}

function relative(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !path.isAbsolute(value) && !value.startsWith('~');
}

/** Makes the relative paths of an included model absolute against its project directory. */
function rebaseDocument(tree: Tree, directory: string): Tree {
  const out: Tree = { ...tree };
  const services = tree['services'];
  if (isTreeMap(services)) {
    const rebased: TreeMap = {};
    for (const [name, service] of Object.entries(services)) setEntry(rebased, name, isTreeMap(service) ? rebasePaths(service, directory) : service);
    out['services'] = rebased;
  }
  for (const section of ['secrets', 'configs'] as const) {
    const objects = tree[section];
    if (!isTreeMap(objects)) continue;
    const rebased: TreeMap = {};
    for (const [name, object] of Object.entries(objects)) {
      if (isTreeMap(object) && relative(object['file'])) {
        const copy = cloneTree(object);
        copy['file'] = path.resolve(directory, object['file']);
        setEntry(rebased, name, copy);
      } else setEntry(rebased, name, object);
    }
    out[section] = rebased;
  }
  return out;
}

function where(location: SourceLocation | undefined): string {
  return location ? formatLocation(location) : 'an unknown place';
}

/**
 * Resolves the `include` of every document. `directoryOf` gives the directory an including -c file's relative paths
 * resolve against (the stack's working directory).
 */
export async function resolveIncludes(
  documents: readonly ComposeDocument[],
  variables: Variables,
  directory: string,
  ctx: IncludeContext,
): Promise<IncludeResult> {
  const problems: InputProblem[] = [];
  const raw: ComposeDocument[] = [];
  const out: ComposeDocument[] = [];
  for (const doc of documents) {
    const chain = doc.file.absolutePath === '-' ? [] : [doc.file.absolutePath];
    out.push(await includeInto(doc, directory, variables, chain, ctx, problems, raw));
  }
  return { documents: out, problems, raw };
}

async function includeInto(
  doc: ComposeDocument,
  directory: string,
  variables: Variables,
  chain: readonly string[],
  ctx: IncludeContext,
  problems: InputProblem[],
  raw: ComposeDocument[],
): Promise<ComposeDocument> {
  const entries = doc.tree['include'];
  if (entries === undefined) return doc;
  const tree: Tree = { ...doc.tree };
  delete tree['include'];
  const sourceMap = new SourceMap();
  sourceMap.graft(doc.sourceMap, [], []);
  if (!Array.isArray(entries)) return { ...doc, tree, sourceMap };

  // Where each resource of the model was defined so far, for conflict messages.
  const definedAt = new Map<string, SourceLocation | undefined>();
  for (const section of SECTIONS) {
    const existing = tree[section];
    if (isTreeMap(existing)) for (const name of Object.keys(existing)) definedAt.set(`${section}\u0000${name}`, doc.sourceMap.locateKey([section, name]));
  }

  for (const [index, value] of entries.entries()) {
    const at: KeyPath = ['include', index];
    const located = { path: formatPath(at), location: doc.sourceMap.locate(at) };
    const entry = readEntry(value);
    if (!entry) {
      problems.push({ code: 'INCLUDE_INVALID', message: 'an include entry needs a path', ...located, hint: 'write a file path, or a mapping with path:' });
      continue;
    }
    const paths = entry.paths.map((p) => path.resolve(directory, p));
    const first = paths[0]!;
    const cycleAt = chain.indexOf(first);
    if (cycleAt >= 0 || paths.some((p) => chain.includes(p))) {
      const start = cycleAt >= 0 ? cycleAt : 0;
      const steps = [...chain.slice(start), first].map((p) => displayPath(p, ctx.cwd));
      problems.push({
        code: 'INCLUDE_CYCLE',
        message: `include cycle: ${steps.join(' includes ')}`,
        ...located,
        hint: 'a file cannot include itself, directly or through the files it includes',
      });
      continue;
    }
    const projectDir = entry.projectDirectory === undefined ? path.dirname(first) : path.resolve(directory, entry.projectDirectory);

    // Variables: the including project's, then the include's env files (default: .env of its project directory).
    // Named env files resolve against the including file's directory (`cwd` here) and are shown as written.
    const own = await loadVariables({ workingDir: projectDir, cwd: directory, ...(entry.envFiles ? { envFiles: entry.envFiles } : {}), env: ctx.env });
    const envAt: KeyPath = typeof value === 'string' ? at : [...at, 'env_file'];
    const envProblems = own.problems.map((p) =>
      p.code === 'ENV_FILE_NOT_FOUND'
        ? { ...p, path: formatPath(envAt), location: doc.sourceMap.locate(envAt), hint: 'include env_file paths are relative to the directory of the including file' }
        : p,
    );
    if (envProblems.length > 0) {
      problems.push(...envProblems);
      continue;
    }
    const includeVariables = layered(variables, own.variables);

    // Phases 1 and 3: read and parse every file of the include.
    const parsed: ComposeDocument[] = [];
    let failed = false;
    for (const file of paths) {
      const read = await readComposeFile(displayPath(file, ctx.cwd), file);
      if ('problem' in read) {
        const problem = read.problem.code === 'FILE_NOT_FOUND' ? { ...read.problem, ...located, hint: 'include paths are relative to the directory of the including file' } : read.problem;
        problems.push(problem);
        failed = true;
        continue;
      }
      const result = parseComposeFile(read.file);
      problems.push(...result.problems);
      if (result.document) parsed.push(result.document);
      else failed = true;
    }
    if (failed) continue;
    raw.push(...parsed);

    // Phases 4-7, nested includes, then extends inside the included model.
    const prepared = await ctx.prepare(parsed, includeVariables);
    if ('problems' in prepared) {
      problems.push(...prepared.problems);
      continue;
    }
    const before = problems.length;
    const nested: ComposeDocument[] = [];
    for (const included of prepared.documents) {
      nested.push(await includeInto(included, projectDir, includeVariables, [...chain, included.file.absolutePath], ctx, problems, raw));
    }
    if (problems.length > before) continue;
    const extended = await ctx.extend(nested, includeVariables);
    if (extended.problems.length > 0) {
      problems.push(...extended.problems);
      continue;
    }
    const model = mergeDocuments(extended.documents);
    const imported = rebaseDocument(model.tree, projectDir);

    // Copy the resources in; a name defined twice with different content is an error naming both places.
    for (const section of SECTIONS) {
      const incoming = imported[section];
      if (!isTreeMap(incoming)) continue;
      const target: TreeMap = isTreeMap(tree[section]) ? { ...(tree[section] as TreeMap) } : {};
      if (!sourceMap.get([section])) {
        const origin = model.sourceMap.get([section]);
        if (origin) sourceMap.set([section], origin);
      }
      for (const [name, definition] of Object.entries(incoming)) {
        const key = `${section}\u0000${name}`;
        const location = model.sourceMap.locateKey([section, name]);
        if (Object.hasOwn(target, name)) {
          if (isDeepStrictEqual(target[name], definition)) continue;
          problems.push({
            code: 'INCLUDE_CONFLICT',
            message: `${section}.${name} is defined both here and in ${where(definedAt.get(key))}`,
            path: formatPath([section, name]),
            ...(location ? { location } : {}),
            hint: 'an included resource cannot be redefined by the including file or another include: rename one, or keep one definition (use a -c override file to change an included one)',
          });
          continue;
        }
        setEntry(target, name, definition);
        definedAt.set(key, location);
        sourceMap.graft(model.sourceMap, [section, name], [section, name]);
      }
      tree[section] = target;
    }
  }
  return { ...doc, tree, sourceMap };
}
