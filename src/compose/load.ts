import path from 'node:path';
import type { InputProblem } from '../errors/problem.js';
import { InputError } from '../errors/stack-error.js';
import type { ComposeFormat } from '../model/stack-model.js';
import { buildModel } from './build-model.js';
import { canonicalize } from './canonical.js';
import { resolveExtends } from './extends.js';
import { interpolateDocument } from './interpolate.js';
import { checkForbiddenKeys, collectIgnoredKeyWarnings } from './key-rules.js';
import { mergeDocuments } from './merge.js';
import { parseComposeFile } from './parse-yaml.js';
import { readComposeFile, readComposeFiles, splitFileArguments } from './read-files.js';
import type { ComposeDocument, LoadOptions, LoadResult, Variables } from './types.js';
import { detectFormat, validateSchema } from './validate-schema.js';
import { collectModelWarnings, validateModel } from './validate-model.js';
import { loadVariables } from './variables.js';

/*
 * The loader: runs the phases of docs/loader.md in order. Every phase collects all of its problems across all
 * files; loading stops after the first phase that found any (later phases would only report consequences of
 * broken trees), and the problems are thrown together as one InputError. Reading and parsing are one step per
 * file, so an unreadable file does not hide another file's YAML errors.
 */

/** Throws the problems of a phase, if any, together with the warnings gathered so far. */
function stopIf(problems: readonly InputProblem[], warnings: readonly InputProblem[] = []): void {
  if (problems.length > 0) throw new InputError([...problems], [...warnings]);
}

/** The working directory follows the first `-c` argument even when that file could not be read. */
function workingDirFor(options: LoadOptions): string {
  const first = splitFileArguments(options.files)[0];
  if (first === undefined || first === '-') return options.cwd;
  return path.dirname(path.resolve(options.cwd, first));
}

/** Phases 4-7 for one parsed document; returns the canonical document or the problems of the failing phase. */
function prepareDocument(
  parsed: ComposeDocument,
  variables: Variables,
  format: ComposeFormat,
  version: string | undefined,
): { document: ComposeDocument } | { problems: InputProblem[] } {
  const forbidden = checkForbiddenKeys(parsed);
  if (forbidden.length > 0) return { problems: forbidden };
  const interpolated = interpolateDocument(parsed, variables);
  if (interpolated.problems.length > 0) return { problems: interpolated.problems };
  const schema = validateSchema(interpolated.document, format, version);
  if (schema.length > 0) return { problems: schema };
  const canonical = canonicalize(interpolated.document);
  if (canonical.problems.length > 0) return { problems: canonical.problems };
  return { document: canonical.document };
}

/** How a file named by `extends.file` is shown in messages: relative to cwd when it lies below it. */
function displayPathFor(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? absolutePath : relative;
}

/**
 * Loads the Compose files named by `options` into a StackModel (phases 1-12 of docs/loader.md). Throws
 * InputError with every problem of the first failing phase; returns the model, the merged source map and the
 * warnings (ignored keys and the like) otherwise.
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

  // 4: keys swarm forbids, on the raw trees (before interpolation, as docker checks them).
  stopIf(parsed.flatMap((doc) => checkForbiddenKeys(doc)));

  // 5: interpolation.
  const interpolated = parsed.map((doc) => interpolateDocument(doc, vars.variables));
  stopIf(interpolated.flatMap((result) => result.problems));

  // 6: format and schema. docker reads `version` before interpolating, so the raw trees decide the format.
  const detection = detectFormat(parsed);
  const warnings: InputProblem[] = [...detection.warnings];
  stopIf(detection.problems, warnings);
  const { format, version } = detection;
  stopIf(
    interpolated.flatMap((result) => validateSchema(result.document, format, version)),
    warnings,
  );

  // 7: canonical forms.
  const canonical = interpolated.map((result) => canonicalize(result.document));
  stopIf(
    canonical.flatMap((result) => result.problems),
    warnings,
  );

  // 8: extends; referenced files go through phases 1 and 3-7 on their own.
  const extendedRaw: ComposeDocument[] = [];
  const loadExtended = async (absolutePath: string): Promise<ComposeDocument> => {
    const file = await readComposeFile(displayPathFor(absolutePath, options.cwd), absolutePath);
    if ('problem' in file) throw new InputError([file.problem]);
    const result = parseComposeFile(file.file);
    if (!result.document) throw new InputError(result.problems);
    extendedRaw.push(result.document);
    const prepared = prepareDocument(result.document, vars.variables, format, version);
    if ('problems' in prepared) throw new InputError(prepared.problems);
    return prepared.document;
  };
  const extended = await resolveExtends(
    canonical.map((result) => result.document),
    loadExtended,
    { stdinDir: options.cwd },
  );
  stopIf(extended.problems, warnings);

  // 9: merge.
  const merged = mergeDocuments(extended.documents);

  // 10: the typed model (reads env_file files).
  const built = await buildModel(merged, {
    workingDir,
    files: read.files.map((file) => file.absolutePath),
    format,
    ...(detection.declaredVersion === undefined ? {} : { version: detection.declaredVersion }),
    variables: vars.variables,
    env: options.env,
  });
  stopIf(built.problems, warnings);

  // 11: cross-field rules.
  stopIf(validateModel(built.model, merged.sourceMap, stackName), warnings);

  // 12: warnings for keys swarm does not apply (on the raw files, as docker computes them).
  warnings.push(...collectIgnoredKeyWarnings([...parsed, ...extendedRaw], format));
  warnings.push(...collectModelWarnings(built.model, merged.sourceMap));
  return { model: built.model, sourceMap: merged.sourceMap, warnings };
}
