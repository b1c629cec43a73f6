import path from 'node:path';
import { InputError } from '../errors/stack-error.js';
import type { InputProblem } from '../errors/problem.js';
import { mergeService, type LocatedValue } from './merge.js';
import { SourceMap, formatPath, type KeyPath } from './source-map.js';
import { didYouMean } from './suggest.js';
import { cloneTree, copyOrigins, isTreeMap, mapFromEntries, setEntry, type TreeMap } from './tree.js';
import type { ComposeDocument, Tree } from './types.js';

/*
 * Phase 8: `extends` (Compose Specification, services "extends"). A service takes every key of the service it
 * extends, in the same file or in another one, and its own keys override per the merge table (mergeService, the
 * same rules as multi-file merges). Chains are followed; cycles are reported with the chain. The other file's
 * top-level resources (networks, volumes, ...) are not imported, as the specification says. Relative paths of a
 * service taken from another file (build context, env_file, bind mount sources) are made absolute against that
 * file's directory, because after the merge they would otherwise resolve against our working directory.
 */

/** Loads another Compose file (absolute path) through phases 1 and 3-7; throws InputError with its problems. */
export type LoadExtendsFile = (absolutePath: string) => Promise<ComposeDocument>;

/** Result of phase 8: the documents with every `extends` resolved and removed. */
export interface ExtendsResult {
  documents: ComposeDocument[];
  problems: InputProblem[];
}

/** Options of phase 8. */
export interface ExtendsOptions {
  /** Directory for `extends.file` of a document read from stdin (defaults to the process's directory). */
  stdinDir?: string;
}

interface Reference {
  service: string;
  file?: string;
}

interface Resolution {
  value: TreeMap;
  /** Where the resolved service's positions live (a map holding it under ['services', name]). */
  located: LocatedValue;
}

function servicesOf(doc: ComposeDocument): TreeMap {
  return isTreeMap(doc.tree.services) ? doc.tree.services : {};
}

function directoryOf(doc: ComposeDocument, options: ExtendsOptions): string {
  return doc.file.absolutePath === '-' ? (options.stdinDir ?? process.cwd()) : path.dirname(doc.file.absolutePath);
}

/** Phase 8: resolves `extends` in every service of every document. */
export async function resolveExtends(
  docs: readonly ComposeDocument[],
  loadFile: LoadExtendsFile,
  options: ExtendsOptions = {},
): Promise<ExtendsResult> {
  const problems: InputProblem[] = [];
  const loaded = new Map<string, Promise<ComposeDocument>>();
  const resolved = new Map<string, Promise<Resolution | undefined>>();

  const seen = new Set<string>();
  // The same failure can be met from several services (a shared base, each member of a cycle): report it once.
  const report = (problem: InputProblem, dedupeKey = JSON.stringify(problem)): void => {
    if (seen.has(dedupeKey)) return;
    seen.add(dedupeKey);
    problems.push(problem);
  };

  const loadOther = (absolutePath: string): Promise<ComposeDocument> => {
    let pending = loaded.get(absolutePath);
    if (!pending) {
      pending = loadFile(absolutePath);
      loaded.set(absolutePath, pending);
    }
    return pending;
  };

  /** Resolves service `name` of `doc`, following its extends chain; undefined when a problem was reported. */
  const resolve = (doc: ComposeDocument, name: string, chain: readonly string[]): Promise<Resolution | undefined> => {
    const id = `${doc.file.absolutePath}\u0000${name}`;
    if (chain.includes(id)) {
      const cycle = chain.slice(chain.indexOf(id));
      const steps = [...cycle, id].map(describeStep);
      report(
        {
          code: 'EXTENDS_CYCLE',
          message: `extends cycle: ${steps.join(' → ')}`,
          path: formatPath(['services', name, 'extends']),
          location: doc.sourceMap.locateKey(['services', name, 'extends']),
          hint: 'a service cannot extend itself, directly or through other services',
        },
        `cycle:${[...cycle].sort().join('|')}`,
      );
      return Promise.resolve(undefined);
    }
    const cached = resolved.get(id);
    if (cached && chain.length === 0) return cached;
    const pending = resolveUncached(doc, name, [...chain, id]);
    if (chain.length === 0) resolved.set(id, pending);
    return pending;
  };

  const resolveUncached = async (
    doc: ComposeDocument,
    name: string,
    chain: readonly string[],
  ): Promise<Resolution | undefined> => {
    const servicePath: KeyPath = ['services', name];
    const service = servicesOf(doc)[name];
    const own: LocatedValue = { value: service, sourceMap: doc.sourceMap, path: servicePath };
    if (!isTreeMap(service) || service.extends === undefined) {
      return { value: isTreeMap(service) ? service : {}, located: own };
    }
    const extendsPath: KeyPath = [...servicePath, 'extends'];
    const at = (problem: Omit<InputProblem, 'path' | 'location'>, sub: KeyPath = []): InputProblem => ({
      ...problem,
      path: formatPath([...extendsPath, ...sub]),
      location: doc.sourceMap.locateKey(extendsPath),
    });
    const reference = readReference(service.extends);
    if (!reference) {
      report(at({ code: 'EXTENDS_INVALID', message: 'must be a service name or a mapping with service and an optional file' }));
      return undefined;
    }

    let baseDoc = doc;
    if (reference.file !== undefined) {
      const absolute = path.resolve(directoryOf(doc, options), reference.file);
      if (absolute !== doc.file.absolutePath) {
        try {
          baseDoc = await loadOther(absolute);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          for (const problem of error.problems) {
            if (problem.code === 'FILE_NOT_FOUND') {
              report(
                at(
                  {
                    code: 'EXTENDS_FILE_NOT_FOUND',
                    message: `extends file not found: ${reference.file} (resolved to ${absolute})`,
                    hint: 'extends.file is relative to the directory of the file that contains it',
                  },
                  ['file'],
                ),
              );
            } else report(problem);
          }
          return undefined;
        }
      }
    }

    if (!isTreeMap(servicesOf(baseDoc)[reference.service])) {
      const where = baseDoc === doc ? doc.file.displayPath : (reference.file ?? baseDoc.file.displayPath);
      report(
        at(
          {
            code: 'EXTENDS_SERVICE_NOT_FOUND',
            message: `cannot extend service ${JSON.stringify(name)}: service ${JSON.stringify(reference.service)} not found in ${where}`,
            hint:
              didYouMean(reference.service, Object.keys(servicesOf(baseDoc))) ??
              `extends.service names a service of ${where}`,
          },
          ['service'],
        ),
      );
      return undefined;
    }

    const base = await resolve(baseDoc, reference.service, chain);
    if (!base) return undefined;
    let baseSide = base.located;
    if (baseDoc.file.absolutePath !== doc.file.absolutePath) {
      // Taken from another file: its relative paths must keep pointing where that file meant.
      baseSide = { ...baseSide, value: rebasePaths(base.value, directoryOf(baseDoc, options)) };
    }
    const out = new SourceMap();
    const withoutExtends = mapFromEntries(Object.entries(service).filter(([key]) => key !== 'extends'));
    const merged = mergeService(baseSide, { ...own, value: withoutExtends }, out, servicePath);
    return { value: merged, located: { value: merged, sourceMap: out, path: servicePath } };
  };

  const documents: ComposeDocument[] = [];
  for (const doc of docs) {
    const services = servicesOf(doc);
    const names = Object.keys(services).filter((name) => isTreeMap(services[name]) && services[name].extends !== undefined);
    if (names.length === 0) {
      documents.push(doc);
      continue;
    }
    const newServices: TreeMap = { ...services };
    const located = new Map<string, LocatedValue>();
    let failed = false;
    for (const name of names) {
      const result = await resolve(doc, name, []);
      if (!result) {
        failed = true;
        continue;
      }
      setEntry(newServices, name, result.value);
      located.set(name, result.located);
    }
    if (failed) continue;
    const tree = { ...doc.tree, services: newServices } as Tree;
    // Positions: resolved services from their merge, everything else as it was.
    const sourceMap = new SourceMap();
    const rootOrigin = doc.sourceMap.get([]);
    if (rootOrigin) sourceMap.set([], rootOrigin);
    for (const [key, value] of Object.entries(tree)) {
      if (key !== 'services') {
        copyOrigins(value, doc.sourceMap, [key], sourceMap, [key]);
        continue;
      }
      const servicesOrigin = doc.sourceMap.get(['services']);
      if (servicesOrigin) sourceMap.set(['services'], servicesOrigin);
      for (const [name, service] of Object.entries(newServices)) {
        const from = located.get(name);
        if (from) copyOrigins(service, from.sourceMap, from.path, sourceMap, ['services', name]);
        else copyOrigins(service, doc.sourceMap, ['services', name], sourceMap, ['services', name]);
      }
    }
    documents.push({ ...doc, tree, sourceMap });
  }
  return { documents, problems };
}

function describeStep(id: string): string {
  const [file = '', name = ''] = id.split('\u0000');
  return `${name} (${path.basename(file)})`;
}

function readReference(value: unknown): Reference | undefined {
  if (typeof value === 'string') return { service: value };
  if (!isTreeMap(value) || typeof value.service !== 'string') return undefined;
  if (value.file !== undefined && typeof value.file !== 'string') return undefined;
  return typeof value.file === 'string' ? { service: value.service, file: value.file } : { service: value.service };
}

/** True for a path that must be joined to a directory: not absolute (Unix or Windows), not `~`, not a URL. */
function isRelativePath(value: unknown): value is string {
  if (typeof value !== 'string' || value === '') return false;
  if (path.isAbsolute(value) || value.startsWith('~')) return false;
  if (/^[a-zA-Z]:[\\/]/.test(value) || value.startsWith('\\\\')) return false;
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !value.startsWith('git@') && !value.startsWith('github.com/');
}

/** Makes the relative paths of a service from another file absolute against that file's directory. */
export function rebasePaths(service: TreeMap, directory: string): TreeMap {
  const copy = cloneTree(service);
  const absolute = (value: string): string => path.resolve(directory, value);
  if (isTreeMap(copy.build) && isRelativePath(copy.build.context)) copy.build.context = absolute(copy.build.context);
  if (Array.isArray(copy.env_file)) {
    for (const entry of copy.env_file) {
      if (isTreeMap(entry) && isRelativePath(entry.path)) entry.path = absolute(entry.path);
    }
  }
  if (Array.isArray(copy.volumes)) {
    for (const volume of copy.volumes) {
      if (isTreeMap(volume) && volume.type === 'bind' && isRelativePath(volume.source)) {
        volume.source = absolute(volume.source);
      }
    }
  }
  if (Array.isArray(copy.label_file)) {
    copy.label_file = copy.label_file.map((file: unknown) => (isRelativePath(file) ? absolute(file) : file));
  }
  return copy;
}
