import path from 'node:path';
import type { InputProblem } from '../errors/problem.js';
import { InputError } from '../errors/stack-error.js';
import type { ComposeFormat } from '../model/stack-model.js';
import { buildModel } from './build-model.js';
import { canonicalize } from './canonical.js';
import { resolveExtends } from './extends.js';
import { resolveIncludes } from './include.js';
import { interpolateDocument } from './interpolate.js';
import { checkForbiddenKeys, collectIgnoredKeyWarnings } from './key-rules.js';
import { mergeDocuments } from './merge.js';
import { checkDependsOnConditions } from './depends-on.js';
import { parseComposeFile } from './parse-yaml.js';
import { activeProfiles, applyProfiles } from './profiles.js';
import { readComposeFile, readComposeFiles, splitFileArguments } from './read-files.js';
import { resolveEnvironment } from './resolve-environment.js';
import type { ComposeDocument, LoadOptions, LoadResult, Variables } from './types.js';
import { detectFormat, validateSchema } from './validate-schema.js';
import { collectModelWarnings } from './rules/warnings.js';
import { validateModel } from './validate-model.js';
import { loadVariables } from './variables.js';

/*
 * The loader: runs the phases of docs/loader.md in order. Every phase collects all of its problems across all
 * files. Loading stops at three gates, each throwing every problem found so far as one InputError:
 * 1. reading and parsing (one step per file, so an unreadable file does not hide another file's YAML errors);
 * 2. forbidden keys, interpolation, format detection and schema, reported together (the schema checks the
 *    interpolated trees; its findings at a path whose interpolation failed are left out as consequences);
 *    canonical forms and extends follow, each stopping on its own problems since later phases need whole trees;
 * 3. environment, model building and cross-field rules, reported together (the rules are skipped only when the
 *    builder had to leave list entries out, which would make their positions wrong).
 */

/** Throws the problems of a phase, if any, together with the warnings gathered so far. */
function stopIf(problems: readonly InputProblem[], warnings: readonly InputProblem[] = []): void {
  if (problems.length > 0) throw new InputError([...problems], [...warnings]);
}

/** True when `path` is `base` or lies below it (`a.b` is below `a`, `a[0]` too, `ab` is not). */
function isAtOrBelow(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}.`) || path.startsWith(`${base}[`);
}

/**
 * Schema findings that only repeat an interpolation problem: where substitution failed the raw template stays in
 * the tree (or the uncast string), and the schema would complain about it a second time.
 */
function withoutConsequences(schema: InputProblem[], interpolation: readonly InputProblem[]): InputProblem[] {
  return schema.filter(
    (problem) =>
      !interpolation.some(
        (cause) =>
          cause.location?.file === problem.location?.file &&
          cause.path !== undefined &&
          problem.path !== undefined &&
          isAtOrBelow(problem.path, cause.path),
      ),
  );
}

/** Phases 4-6 for a set of parsed documents: every problem of the three phases, and the interpolated documents. */
async function checkDocuments(
  parsed: readonly ComposeDocument[],
  variables: Variables,
  format: ComposeFormat,
  version: string | undefined,
): Promise<{ documents: ComposeDocument[]; problems: InputProblem[]; warnings: InputProblem[] }> {
  const forbidden = parsed.flatMap((doc) => checkForbiddenKeys(doc));
  const interpolated = parsed.map((doc) => interpolateDocument(doc, variables));
  const interpolation = interpolated.flatMap((result) => result.problems);
  const schema: InputProblem[] = [];
  for (const result of interpolated) schema.push(...(await validateSchema(result.document, format, version)));
  return {
    documents: interpolated.map((result) => result.document),
    problems: [...forbidden, ...interpolation, ...withoutConsequences(schema, interpolation)],
    warnings: interpolated.flatMap((result) => result.warnings),
  };
}

/** The working directory follows the first `-c` argument even when that file could not be read. */
function workingDirFor(options: LoadOptions): string {
  const first = splitFileArguments(options.files)[0];
  if (first === undefined || first === '-') return options.cwd;
  return path.dirname(path.resolve(options.cwd, first));
}

/** Phases 4-7 for one parsed document (a file named by extends); returns the canonical document or all problems. */
async function prepareDocument(
  parsed: ComposeDocument,
  variables: Variables,
  format: ComposeFormat,
  version: string | undefined,
): Promise<{ document: ComposeDocument } | { problems: InputProblem[] }> {
  const checked = await checkDocuments([parsed], variables, format, version);
  const [interpolated] = checked.documents;
  if (checked.problems.length > 0 || !interpolated) return { problems: checked.problems };
  const canonical = canonicalize(interpolated);
  if (canonical.problems.length > 0) return { problems: canonical.problems };
  return { document: canonical.document };
}

/** Phases 4-7 for the files of one include: their own format (the first included file decides), interpolation with the include's variables. */
async function prepareIncluded(parsed: ComposeDocument[], variables: Variables): Promise<{ documents: ComposeDocument[] } | { problems: InputProblem[] }> {
  const detection = detectFormat(parsed);
  if (detection.problems.length > 0) return { problems: detection.problems };
  const checked = await checkDocuments(parsed, variables, detection.format, detection.version);
  if (checked.problems.length > 0) return { problems: checked.problems };
  const canonical = checked.documents.map((doc) => canonicalize(doc));
  const problems = canonical.flatMap((result) => result.problems);
  if (problems.length > 0) return { problems };
  return { documents: canonical.map((result) => result.document) };
}

/** How a file named by `extends.file` is shown in messages: relative to cwd when it lies below it. */
function displayPathFor(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? absolutePath : relative;
}

/**
 * Loads the Compose files named by `options` into a StackModel (phases 1-13 of docs/loader.md). Throws
 * InputError with every problem found up to the first gate that failed (see above); returns the model, the
 * merged source map and the warnings (ignored keys and the like) otherwise.
 */
export async function loadStack(options: LoadOptions, stackName?: string): Promise<LoadResult> {
  // 1-3: read and parse every file, and read the variables, before stopping on any problem.
  const workingDir = workingDirFor(options);
  const [read, vars] = await Promise.all([
    readComposeFiles(options),
    loadVariables({ workingDir, cwd: options.cwd, envFiles: options.envFiles, env: options.env }),
  ]);
  const parsed: ComposeDocument[] = [];
  const early: InputProblem[] = [...read.problems, ...vars.problems];
  for (const file of read.files) {
    const result = parseComposeFile(file);
    early.push(...result.problems);
    if (result.document) parsed.push(result.document);
  }
  stopIf(early);

  // 4-6: forbidden keys (on the raw trees, as docker checks them), interpolation, format and schema, together.
  // docker reads `version` before interpolating, so the raw trees decide the format; without a format there is
  // no schema to check against, but forbidden keys and interpolation are still reported.
  const detection = detectFormat(parsed);
  const warnings: InputProblem[] = [...detection.warnings];
  const { format, version } = detection;
  const checked =
    detection.problems.length > 0
      ? {
          documents: [],
          warnings: [],
          problems: [
            ...parsed.flatMap((doc) => checkForbiddenKeys(doc)),
            ...parsed.flatMap((doc) => interpolateDocument(doc, vars.variables).problems),
            ...detection.problems,
          ],
        }
      : await checkDocuments(parsed, vars.variables, format, version);
  warnings.push(...checked.warnings);
  stopIf(checked.problems, warnings);

  // 7: canonical forms.
  const canonical = checked.documents.map((doc) => canonicalize(doc));
  stopIf(
    canonical.flatMap((result) => result.problems),
    warnings,
  );

  // 7b: include; every included model goes through phases 1 and 3-8 with its own directory and variables.
  const extendedRaw: ComposeDocument[] = [];
  const extendWith = (docs: ComposeDocument[], variables: Variables) => {
    const loadExtended = async (absolutePath: string): Promise<ComposeDocument> => {
      const file = await readComposeFile(displayPathFor(absolutePath, options.cwd), absolutePath);
      if ('problem' in file) throw new InputError([file.problem]);
      const result = parseComposeFile(file.file);
      if (!result.document) throw new InputError(result.problems);
      extendedRaw.push(result.document);
      const prepared = await prepareDocument(result.document, variables, format, version);
      if ('problems' in prepared) throw new InputError(prepared.problems);
      return prepared.document;
    };
    return resolveExtends(docs, loadExtended, { stdinDir: options.cwd });
  };
  const included = await resolveIncludes(
    canonical.map((result) => result.document),
    vars.variables,
    workingDir,
    {
      cwd: options.cwd,
      env: options.env,
      prepare: (docs, variables) => prepareIncluded(docs, variables),
      extend: extendWith,
    },
  );
  extendedRaw.push(...included.raw);
  stopIf(included.problems, warnings);

  // 8: extends; referenced files go through phases 1 and 3-7 on their own.
  const extended = await extendWith(included.documents, vars.variables);
  stopIf(extended.problems, warnings);

  // 9: environment, per file before the merge, as docker resolves it (reads env_file files).
  const environments = await Promise.all(
    extended.documents.map((doc) => resolveEnvironment(doc, { workingDir, env: options.env })),
  );
  const late: InputProblem[] = environments.flatMap((result) => result.problems);

  // 10: merge, then leave out the services of profiles that are not active.
  const profiles = activeProfiles(options.profiles, vars.variables);
  const selected = applyProfiles(mergeDocuments(environments.map((result) => result.document)), profiles);
  const merged = selected.document;
  late.push(...selected.problems);

  // 11: the typed model.
  const built = await buildModel(merged, {
    workingDir,
    files: read.files.map((file) => file.absolutePath),
    format,
    ...(detection.declaredVersion === undefined ? {} : { version: detection.declaredVersion }),
    variables: vars.variables,
    env: options.env,
  });
  late.push(...built.problems);
  if (profiles.length > 0) built.model.activeProfiles = profiles;
  if (selected.excluded.length > 0) built.model.excludedServices = selected.excluded;

  // 12: cross-field rules, unless the model lost list entries (their indexes would point at the wrong entries).
  // The stack name is the command line's, or the files' top-level `name:`.
  if (built.complete) late.push(...validateModel(built.model, merged.sourceMap, stackName ?? built.model.name));
  const conditions = checkDependsOnConditions(built.model, merged.sourceMap);
  late.push(...conditions.problems);
  warnings.push(...conditions.warnings);
  stopIf(late, warnings);

  // 13: warnings for keys swarm does not apply (on the raw files, as docker computes them).
  warnings.push(...collectIgnoredKeyWarnings([...parsed, ...extendedRaw], format));
  warnings.push(...collectModelWarnings(built.model, merged.sourceMap));
  return { model: built.model, sourceMap: merged.sourceMap, warnings };
}
