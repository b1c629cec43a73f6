import type { ProblemCode } from '../errors/codes.js';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { sortProblems, type InputProblem } from '../errors/problem.js';
import type { ComposeFormat } from '../model/stack-model.js';
import { NAME_PATTERN, type JsonSchema, type JsonType } from './schema/builders.js';
import { composeSchema } from './schema/compose-schema.js';
import { compareV3, LATEST_V3, SUPPORTED_V3_VERSIONS, VERSIONED_KEYS } from './schema/versions.js';
import { formatPath, type KeyPath } from './source-map.js';
import { isMapping, matchesPath, PathTable, valueAt, walkTree } from './tree-paths.js';
import type { ComposeDocument } from './types.js';
import { didYouMean } from './suggest.js';
import { formatGoNumber } from '../docker/units.js';
import { AJV_OPTIONS, duration } from './schema/formats.js';
import { compileCheck, type Check } from './schema/conforms.js';

/**
 * Phase 6 of the loader: which rule set applies (detectFormat) and JSON-schema validation of each interpolated raw
 * file against it (validateSchema).
 *
 * Formats:
 * - `v3`: the first file says `version: "3.x"` (3.0-3.13; `"3"` and `""` mean 3.13, as in docker). Every file must
 *   then normalise to the same version, a file without `version` counting as 3.13 (docker's "version mismatched").
 * - `spec`: the first file has no `version` key. An absent version means the Compose Specification, where
 *   `version` is obsolete: later files may carry one, it is ignored with a warning.
 * - anything else (1, 2.x, 3.14, "latest") is refused.
 *
 * Errors name the most specific problem per path: for a union (string or list, number or mapping, ...) only the
 * branch matching the value's JSON type is reported, or one plain type error when none matches.
 */
export interface FormatDetection {
  format: ComposeFormat;
  /** For `v3`, the schema version the files are checked against (`"3"` → `"3.13"`). */
  version?: string;
  /** The first file's `version:` as written (becomes StackModel.version). */
  declaredVersion?: string;
  problems: InputProblem[];
  warnings: InputProblem[];
}

/** Reads `version` like docker does: any scalar printed with Go's %v (so `version:` with no value is refused). */
function versionOf(doc: ComposeDocument): string | undefined {
  if (!('version' in doc.tree)) return undefined;
  const raw = doc.tree['version'];
  if (typeof raw === 'number') return formatGoNumber(raw);
  if (typeof raw === 'string' || typeof raw === 'boolean') return String(raw);
  return JSON.stringify(raw);
}

function normalizeV3(version: string): string {
  return version === '' || version === '3' ? LATEST_V3 : version;
}

/** Decides the format of a set of files from the first file's `version:` (see the module comment). */
export function detectFormat(docs: ComposeDocument[]): FormatDetection {
  const [first, ...rest] = docs;
  if (!first) return { format: 'spec', problems: [], warnings: [] };
  const declared = versionOf(first);
  if (declared === undefined) {
    const warnings = rest.filter((doc) => versionOf(doc) !== undefined).map((doc) => obsoleteVersion(doc));
    return { format: 'spec', problems: [], warnings };
  }
  const version = normalizeV3(declared);
  if (!SUPPORTED_V3_VERSIONS.includes(version)) {
    return {
      format: 'v3',
      declaredVersion: declared,
      problems: [
        {
          code: 'UNSUPPORTED_VERSION',
          message:
            `unsupported Compose file version ${declared}: ` +
            'stack needs version 3.x or no version (Compose Specification)',
          path: 'version',
          location: first.sourceMap.locate(['version']),
          hint:
            'docker stack deploy reads version 3.0 to 3.13; ' +
            'remove the version key to use the Compose Specification',
        },
      ],
      warnings: [],
    };
  }
  const problems: InputProblem[] = [];
  for (const doc of rest) {
    const own = versionOf(doc);
    const normalized = normalizeV3(own ?? '');
    if (normalized === version) continue;
    const firstFile = first.file.displayPath;
    problems.push(
      own === undefined
        ? {
            code: 'VERSION_MISMATCH',
            message:
              `this file has no version, which means ${LATEST_V3}, ` +
              `but the first file (${firstFile}) has version "${declared}"`,
            location: { file: doc.file.displayPath },
            hint: `add version: "${declared}" to this file; all files must have the same version`,
          }
        : {
            code: 'VERSION_MISMATCH',
            message: `is "${own}", but the first file (${firstFile}) has "${declared}"`,
            path: 'version',
            location: doc.sourceMap.locate(['version']),
            hint: 'all files must have the same version',
          },
    );
  }
  return { format: 'v3', version, declaredVersion: declared, problems, warnings: [] };
}

function obsoleteVersion(doc: ComposeDocument): InputProblem {
  return {
    code: 'OBSOLETE_VERSION',
    message:
      'ignored: the first file has no version, ' +
      'so the files follow the Compose Specification, where version is obsolete',
    path: 'version',
    location: doc.sourceMap.locateKey(['version']),
  };
}

// Files are first checked by a small schema walker (./schema/conforms.ts); only a file that fails it goes through
// ajv, to name the problems. The built CLI ships the ajv validators compiled ahead of time
// (scripts/build-validators.mjs): compiling the schemas at start-up took about half of `stack config`'s time. From
// the TypeScript sources (tests) they are compiled here. Either way they are loaded at the first file that fails:
// parsing and compiling the generated code cost more than checking a valid file.
const GENERATED = './schema/validators.generated.js';
type Validators = Partial<Record<ComposeFormat, ValidateFunction>>;
let generated: Promise<Validators | undefined> | undefined;
// ajv itself (its compiler) is loaded only when a schema has to be compiled here.
let ajv: Promise<Ajv> | undefined;

const validators = new Map<ComposeFormat, ValidateFunction>();
const checks = new Map<ComposeFormat, Check>();

async function validatorFor(format: ComposeFormat): Promise<ValidateFunction> {
  generated ??= loadGenerated();
  let validator = validators.get(format) ?? (await generated)?.[format];
  if (!validator) {
    ajv ??= import('ajv').then(({ Ajv }) => new Ajv({ ...AJV_OPTIONS }).addFormat('duration', duration));
    validator = (await ajv).compile(composeSchema(format));
  }
  validators.set(format, validator);
  return validator;
}

async function loadGenerated(): Promise<Validators | undefined> {
  return (await import(GENERATED).catch(() => undefined)) as Validators | undefined;
}

function checkFor(format: ComposeFormat): Check {
  let check = checks.get(format);
  if (!check) checks.set(format, (check = compileCheck(composeSchema(format))));
  return check;
}

/**
 * Validates one interpolated raw file. For `v3`, `version` is the normalised schema version (from detectFormat);
 * keys newer than it are reported by the "added in" table. Returns every problem found, deduplicated, in file order.
 */
export async function validateSchema(doc: ComposeDocument, format: ComposeFormat, version?: string): Promise<InputProblem[]> {
  const problems: InputProblem[] = [];
  if (!checkFor(format)(doc.tree)) {
    const validate = await validatorFor(format);
    if (!validate(doc.tree)) problems.push(...translateErrors(validate.errors ?? [], doc, format));
  }
  if (format === 'v3') problems.push(...checkVersionedKeys(doc, version ?? LATEST_V3));
  return sortProblems(dedupe(problems));
}

const VERSIONED_KEY_TABLE = new PathTable(VERSIONED_KEYS);

function checkVersionedKeys(doc: ComposeDocument, version: string): InputProblem[] {
  if (compareV3(version, LATEST_V3) >= 0) return [];
  const problems: InputProblem[] = [];
  for (const node of walkTree(doc.tree)) {
    const row = VERSIONED_KEY_TABLE.find(node.path, (candidate) => candidate.when?.(node.value) ?? true);
    if (!row || compareV3(version, row.added) >= 0) continue;
    const isKey = typeof node.path[node.path.length - 1] === 'string';
    problems.push({
      code: 'KEY_TOO_NEW',
      message: `${row.what ? `${row.what} is ` : ''}not allowed in version ${version} (added in ${row.added})`,
      path: formatPath(node.path),
      location: isKey ? doc.sourceMap.locateKey(node.path) : doc.sourceMap.locate(node.path),
      hint: `set version: "${row.added}" or later`,
    });
  }
  return problems;
}

function dedupe(problems: InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path ?? ''}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Translating ajv errors

/** An error left after union resolution: an ajv error, or "none of the union's branches fits this value's type". */
type Finding = { kind: 'ajv'; error: ErrorObject } | { kind: 'union'; instancePath: string; branches: JsonSchema[] };

function translateErrors(errors: ErrorObject[], doc: ComposeDocument, format: ComposeFormat): InputProblem[] {
  return resolveUnions(errors).flatMap((finding) => toProblem(finding, doc, format));
}

function isUnder(instancePath: string, ancestor: string): boolean {
  return instancePath === ancestor || instancePath.startsWith(`${ancestor}/`);
}

/**
 * Replaces each failed `anyOf` by the errors of the branch matching the value's JSON type, or by one type finding
 * when no branch matches. Outer unions first, so a dropped branch takes its nested unions with it.
 */
function resolveUnions(errors: ErrorObject[]): Finding[] {
  const dropped = new Set<ErrorObject>();
  const findings: Finding[] = [];
  const unions = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const union of unions) {
    if (dropped.has(union)) continue;
    dropped.add(union);
    const branches = Array.isArray(union.schema) ? (union.schema as JsonSchema[]) : [];
    const chosen = branches.findIndex((branch) => fitsType(branch, union.data));
    const inBranch = (e: ErrorObject, k: number): boolean =>
      isUnder(e.instancePath, union.instancePath) && e.schemaPath.startsWith(`${union.schemaPath}/${k}/`);
    for (const e of errors) {
      if (e === union || !isUnder(e.instancePath, union.instancePath)) continue;
      if (!e.schemaPath.startsWith(`${union.schemaPath}/`)) continue;
      if (chosen === -1 || !inBranch(e, chosen)) dropped.add(e);
    }
    if (chosen === -1) findings.push({ kind: 'union', instancePath: union.instancePath, branches });
  }
  for (const e of errors) if (!dropped.has(e)) findings.push({ kind: 'ajv', error: e });
  return findings;
}

function jsonTypeOf(value: unknown): JsonType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'string';
}

/** Whether a value's JSON type is one the schema is about (integers and numbers count as one family here). */
function fitsType(schema: JsonSchema, value: unknown): boolean {
  if (schema.anyOf) return schema.anyOf.some((branch) => fitsType(branch, value));
  if (schema.type === undefined) return true;
  const declared = Array.isArray(schema.type) ? schema.type : [schema.type];
  const actual = jsonTypeOf(value);
  const numeric = actual === 'integer' || actual === 'number';
  return declared.some((t) => t === actual || (numeric && (t === 'number' || t === 'integer')));
}

/** Converts an ajv instance path (`/services/web/ports/0`) to a key path, using the data to tell indexes apart. */
function toKeyPath(instancePath: string, root: unknown): KeyPath {
  if (instancePath === '') return [];
  const path: (string | number)[] = [];
  let node = root;
  for (const raw of instancePath.slice(1).split('/')) {
    const step = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(step);
      path.push(index);
      node = node[index];
    } else {
      path.push(step);
      node = isMapping(node) ? node[step] : undefined;
    }
  }
  return path;
}

const TYPE_NAMES: Record<JsonType, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  null: 'empty',
  object: 'a mapping',
  array: 'a list',
};

function joinAlternatives(items: string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? 'something else';
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1] ?? ''}`;
}

/** Names what a schema accepts in plain words: "a string or a list of strings", "a non-negative integer". */
export function describeExpected(schema: JsonSchema): string {
  if (schema.anyOf) return joinAlternatives(schema.anyOf.map(describeExpected));
  if (schema.format === 'duration') return 'a duration like 10s or 1m30s';
  if (schema.enum) return `one of: ${schema.enum.join(', ')}`;
  const declared = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  return joinAlternatives(
    declared.map((t) => {
      if (t === 'integer' && schema.minimum === 0) return 'a non-negative integer';
      if (t === 'array' && schema.items?.type === 'string') return 'a list of strings';
      return TYPE_NAMES[t];
    }),
  );
}

/** Names a value for "got ...": strings quoted, numbers shown when the number itself is the problem. */
function describeValue(value: unknown, showNumber: boolean): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number') return showNumber ? formatGoNumber(value) : 'a number';
  if (typeof value === 'boolean') return `a boolean (${String(value)})`;
  if (value === null || value === undefined) return 'an empty value';
  return Array.isArray(value) ? 'a list' : 'a mapping';
}

const YAML11_BOOLEANS = new Set(['yes', 'no', 'on', 'off', 'y', 'n', 'true', 'false']);

function typeHint(schema: JsonSchema, value: unknown, path: KeyPath): string | undefined {
  const declared = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (declared.includes('boolean') && typeof value === 'string' && YAML11_BOOLEANS.has(value.toLowerCase())) {
    return 'YAML 1.2 reads yes, no, on and off as strings: write true or false without quotes';
  }
  if (declared.length === 1 && declared[0] === 'array' && typeof value === 'string') {
    return `write it as a list: [${JSON.stringify(value)}]`;
  }
  if (declared.includes('string') && typeof value === 'boolean') {
    return `quote it to keep it as text: "${String(value)}"`;
  }
  if (path.length === 1 && path[0] === 'version' && typeof value === 'number') {
    return `quote it: version: "${formatGoNumber(value)}"`;
  }
  const last = path[path.length - 1];
  if (schema.type === 'string' && (last === 'memory' || last === 'shm_size') && typeof value === 'number') {
    return `write a size with a unit, like "${formatGoNumber(value)}m" (units: b, k, m, g, all 1024-based)`;
  }
  if (schema.type === 'string' && schema.format === undefined && typeof value === 'number') {
    return `quote it: "${formatGoNumber(value)}"`;
  }
  if (schema.format === 'duration' && typeof value === 'number') return `add a unit: ${formatGoNumber(value)}s`;
  return undefined;
}

function problem(
  code: ProblemCode,
  message: string,
  path: KeyPath,
  doc: ComposeDocument,
  options: { atKey?: boolean; hint?: string } = {},
): InputProblem {
  const location = options.atKey ? doc.sourceMap.locateKey(path) : doc.sourceMap.locate(path);
  return {
    code,
    message,
    path: formatPath(path),
    location,
    ...(options.hint === undefined ? {} : { hint: options.hint }),
  };
}

function toProblem(finding: Finding, doc: ComposeDocument, format: ComposeFormat): InputProblem[] {
  if (finding.kind === 'union') {
    const path = toKeyPath(finding.instancePath, doc.tree);
    const value = valueAt(doc.tree, path);
    const expected: JsonSchema = { anyOf: finding.branches };
    const message = `must be ${describeExpected(expected)}, got ${describeValue(value, false)}`;
    return [problem('INVALID_TYPE', message, path, doc)];
  }
  const { error } = finding;
  const path = toKeyPath(error.instancePath, doc.tree);
  const parent = (error.parentSchema ?? {}) as JsonSchema;
  switch (error.keyword) {
    case 'additionalProperties':
      return [unknownKey(String(error.params['additionalProperty']), path, parent, doc, format)];
    case 'type': {
      const showNumber = typeof error.data === 'number' && describeExpected(parent).includes('integer');
      const message = `must be ${describeExpected(parent)}, got ${describeValue(error.data, showNumber)}`;
      const hint = typeHint(parent, error.data, path);
      return [problem('INVALID_TYPE', message, path, doc, hint === undefined ? {} : { hint })];
    }
    case 'required':
      return [problem('MISSING_KEY', `missing required key "${String(error.params['missingProperty'])}"`, path, doc)];
    case 'enum':
      const message = `must be ${describeExpected(parent)} (got ${describeValue(error.data, true)})`;
      return [problem('INVALID_VALUE', message, path, doc)];
    case 'format': {
      const hint = typeHint(parent, error.data, path);
      const message = `must be ${describeExpected(parent)}, got ${describeValue(error.data, true)}`;
      const bare = typeof error.data === 'string' && /^\d+(\.\d+)?$/.test(error.data);
      const withHint = hint ?? (bare ? `add a unit: ${String(error.data)}s` : undefined);
      return [problem('INVALID_VALUE', message, path, doc, withHint === undefined ? {} : { hint: withHint })];
    }
    case 'minimum':
    case 'maximum': {
      const bound = error.keyword === 'minimum' ? 'at least' : 'at most';
      const message =
        parent.minimum === 0 && parent.maximum === undefined
          ? `must be ${describeExpected(parent)}, got ${describeValue(error.data, true)}`
          : `must be ${bound} ${String(error.params['limit'])}, got ${describeValue(error.data, true)}`;
      return [problem('INVALID_VALUE', message, path, doc)];
    }
    case 'uniqueItems': {
      const i = Number(error.params['i']);
      const j = Number(error.params['j']);
      const [earlier, later] = i < j ? [i, j] : [j, i];
      return [problem('DUPLICATE_ENTRY', `duplicate entry: same as [${earlier}]`, [...path, later], doc)];
    }
    case 'pattern': {
      const message = isPortRange(parent)
        ? `must be a port number or a range like 8000-8010, got ${describeValue(error.data, true)}`
        : `must match ${String(error.params['pattern'])}, got ${describeValue(error.data, true)}`;
      return [problem('INVALID_VALUE', message, path, doc)];
    }
    default:
      return [problem('INVALID_VALUE', error.message ?? 'is not valid', path, doc)];
  }
}

function isPortRange(schema: JsonSchema): boolean {
  return schema.pattern === '^\\d+(-\\d+)?$';
}

function unknownKey(
  key: string,
  parentPath: KeyPath,
  parent: JsonSchema,
  doc: ComposeDocument,
  format: ComposeFormat,
): InputProblem {
  const path = [...parentPath, key];
  if (parent.properties === undefined && parent.patternProperties?.[NAME_PATTERN] !== undefined) {
    return problem('INVALID_NAME', `invalid name "${key}": use only letters, digits, ".", "_" and "-"`, path, doc, {
      atKey: true,
    });
  }
  const known = Object.keys(parent.properties ?? {});
  const hint =
    didYouMean(key, known) ??
    misplacedHint(key, parentPath) ??
    specOnlyHint(key, parentPath, doc, format) ??
    extensionHint(key, format);
  const options = hint === undefined ? { atKey: true } : { atKey: true, hint };
  return problem('UNKNOWN_KEY', `unknown key "${key}"`, path, doc, options);
}

/** Keys people often write one level off: where they were found, and where they belong. */
const MISPLACED_KEYS: readonly { holder: string; keys: readonly string[]; belongs: string }[] = [
  {
    holder: 'services.*',
    keys: [
      'replicas',
      'mode',
      'endpoint_mode',
      'placement',
      'resources',
      'restart_policy',
      'update_config',
      'rollback_config',
    ],
    belongs: 'deploy',
  },
  { holder: 'services.*.deploy', keys: ['limits', 'reservations'], belongs: 'deploy.resources' },
  {
    holder: 'services.*.deploy',
    keys: ['constraints', 'preferences', 'max_replicas_per_node'],
    belongs: 'deploy.placement',
  },
  { holder: 'services.*.deploy', keys: ['condition', 'max_attempts', 'window'], belongs: 'deploy.restart_policy' },
  { holder: 'services.*.deploy.resources', keys: ['cpus', 'memory', 'pids'], belongs: 'deploy.resources.limits' },
];

/** "belongs under deploy" for a key that is valid one level off (see MISPLACED_KEYS). */
function misplacedHint(key: string, parentPath: KeyPath): string | undefined {
  const row = MISPLACED_KEYS.find((entry) => entry.keys.includes(key) && matchesPath(entry.holder, parentPath));
  return row === undefined ? undefined : `${key} belongs under ${row.belongs}: move it to ${row.belongs}.${key}`;
}

/** For a v3 file: the key exists in the Compose Specification at this place. */
function specOnlyHint(
  key: string,
  parentPath: KeyPath,
  doc: ComposeDocument,
  format: ComposeFormat,
): string | undefined {
  if (format !== 'v3') return undefined;
  const holder = schemaAt(composeSchema('spec'), parentPath, doc.tree);
  if (holder?.properties?.[key] === undefined) return undefined;
  return `"${key}" is a Compose Specification key: remove the version key to use the Compose Specification`;
}

function extensionHint(key: string, format: ComposeFormat): string | undefined {
  if (format !== 'v3' || !key.startsWith('x-')) return undefined;
  return (
    'in version 3 files, x-* keys are allowed only at the top level ' +
    'and directly in services, networks, volumes, secrets and configs'
  );
}

/** The schema that applies at `path`, following unions by the data's type. */
function schemaAt(root: JsonSchema, path: KeyPath, data: unknown): JsonSchema | undefined {
  let schema: JsonSchema | undefined = root;
  let node = data;
  for (const step of path) {
    schema = schema && pickBranch(schema, node);
    if (!schema) return undefined;
    if (typeof step === 'number') {
      schema = schema.items;
      node = Array.isArray(node) ? node[step] : undefined;
      continue;
    }
    const next: JsonSchema | undefined =
      schema.properties?.[step] ??
      Object.entries(schema.patternProperties ?? {}).find(([pattern]) => new RegExp(pattern).test(step))?.[1] ??
      (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    schema = next;
    node = isMapping(node) ? node[step] : undefined;
  }
  return schema && pickBranch(schema, node);
}

function pickBranch(schema: JsonSchema, value: unknown): JsonSchema | undefined {
  if (!schema.anyOf) return schema;
  const branch = schema.anyOf.find((candidate) => fitsType(candidate, value));
  return branch && pickBranch(branch, value);
}
