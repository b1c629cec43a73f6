import type { InputProblem } from '../errors/problem.js';
import { formatPath, type KeyPath } from './source-map.js';
import { PathTable, type PathPattern } from './tree-paths.js';
import { isTreeMap, mapValues } from './tree.js';
import type { ComposeDocument, Tree, Variables } from './types.js';

/*
 * Phase 5: `${VAR}` substitution in every string value, then typed casts of the values that changed.
 *
 * We implement the Compose Specification's grammar with real brace matching, not docker/cli's regular expression.
 * Intentional differences from `docker stack deploy` (listed in the README):
 * - `${V:?must-be-set}` fails with "must-be-set"; docker tries the `-` operator first and yields "be-set".
 * - `$V-x` (no braces) is `$V` followed by "-x"; docker reads "-x ..." up to the next `}` as a default.
 * - nested defaults `${A:-${B:-x}}` work; docker stops the default at the first `}`.
 * - a syntax error inside a default that is not used is still reported (we parse before we evaluate).
 * - a `$` followed by neither `$`, `{` nor a character that can start a name (`$2y$05$...` in a bcrypt hash,
 *   `5$`, `$ `) is kept literally, as compose-go does, and the caller warns; docker keeps it literally only inside
 *   a default and refuses it elsewhere, so no file docker deploys changes meaning.
 * - every missing required variable of a string is reported, not only the first.
 */

/** How a variable name is looked up: undefined means unset. */
export type Lookup = (name: string) => string | undefined;

/** A failed substitution: a syntax error in the template, or a `${V:?msg}` whose variable is missing. */
export interface TemplateError {
  kind: 'format' | 'required';
  message: string;
  /** For format errors: what exactly is wrong and how to write it. */
  hint?: string;
}

/**
 * The substituted value, or every error of the template (`error` is the first of `errors`). `literalDollar` says
 * that a `$` not starting a variable was kept as written (the caller warns: `$$` says it cleanly); `unset` names the
 * variables written without an operator that were unset and read as "" (the caller warns).
 */
export type SubstituteResult =
  | { value: string; literalDollar?: true; unset?: string[] }
  | { error: TemplateError; errors: TemplateError[] };

/** `literal`: text holding a `$` that starts no variable (kept as written; the caller warns). */
type Part = { text: string; literal?: true } | { name: string; op?: Operator; arg?: Part[] };
type Operator = ':-' | '-' | ':?' | '?';

const NAME_START = /[_a-zA-Z]/;
const NAME = /[_a-zA-Z][_a-zA-Z0-9]*/y;

/** A syntax error in a template; the message is the hint shown with docker's "invalid interpolation format". */
class TemplateSyntaxError extends Error {}

/** Shown with the warning for a `$` kept literally. */
export const LITERAL_DOLLAR_HINT = 'write $$ for a literal $ to say so (a $ before a letter or _ starts a variable)';
const BAD_BRACE_NAME = 'a variable name must follow ${ directly, as in ${NAME}; write $$ for a literal $';
const UNCLOSED_BRACE = 'close ${ with }, as in ${NAME}';
const BAD_OPERATOR = 'after the name write } or one of :- - :? ? (as in ${NAME:-default})';

/** Parses `s` from `start` until the end (or, inside braces, until the unmatched `}`). */
function parseParts(s: string, start: number, insideBraces: boolean): { parts: Part[]; end: number } {
  const parts: Part[] = [];
  let literal = '';
  let i = start;
  const flush = (): void => {
    if (literal !== '') parts.push({ text: literal });
    literal = '';
  };
  while (i < s.length) {
    const c = s[i];
    if (c === '}' && insideBraces) {
      flush();
      return { parts, end: i };
    }
    if (c !== '$') {
      literal += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      literal += '$';
      i += 2;
      continue;
    }
    flush();
    if (next === '{') {
      const parsed = parseBraced(s, i + 2);
      parts.push(parsed.part);
      i = parsed.end;
      continue;
    }
    if (next !== undefined && NAME_START.test(next)) {
      NAME.lastIndex = i + 1;
      const name = NAME.exec(s)?.[0] ?? '';
      parts.push({ name });
      i += 1 + name.length;
      continue;
    }
    // `$` before anything that cannot start a variable (`$2y`, `5$`, `$ `): kept as written.
    parts.push({ text: '$', literal: true });
    i++;
  }
  if (insideBraces) throw new TemplateSyntaxError(UNCLOSED_BRACE);
  flush();
  return { parts, end: i };
}

/** Parses what follows `${`: a name, then `}` or an operator with its (nested) argument and `}`. */
function parseBraced(s: string, start: number): { part: Part; end: number } {
  NAME.lastIndex = start;
  const name = NAME.exec(s)?.[0];
  if (name === undefined) throw new TemplateSyntaxError(BAD_BRACE_NAME);
  let i = start + name.length;
  if (s[i] === '}') return { part: { name }, end: i + 1 };
  const op = ([':-', ':?', '-', '?'] as const).find((candidate) => s.startsWith(candidate, i));
  if (op === undefined) throw new TemplateSyntaxError(i >= s.length ? UNCLOSED_BRACE : BAD_OPERATOR);
  i += op.length;
  const arg = parseParts(s, i, true);
  // A default holding a `$` that starts no variable is a literal (a bcrypt hash `$2y$05$oZcj...`): docker reads
  // every default literally, and reading `$oZcj` in it as a variable would silently cut the hash.
  if (arg.parts.some((part) => 'literal' in part)) {
    return { part: { name, op, arg: [{ text: s.slice(i, arg.end), literal: true }] }, end: arg.end + 1 };
  }
  return { part: { name, op, arg: arg.parts }, end: arg.end + 1 };
}

/** What evaluating a template found besides its value. */
interface Evaluation {
  missing: string[];
  literalDollar: boolean;
  /** Variables written without an operator that are unset. */
  unset: string[];
}

function evaluate(parts: readonly Part[], lookup: Lookup, found: Evaluation): string {
  let out = '';
  for (const part of parts) {
    if ('text' in part) {
      if (part.literal) found.literalDollar = true;
      out += part.text;
      continue;
    }
    const value = lookup(part.name);
    const empty = value === undefined || value === '';
    switch (part.op) {
      case undefined:
        if (value === undefined) found.unset.push(part.name);
        out += value ?? '';
        break;
      case ':-':
        out += empty ? evaluate(part.arg ?? [], lookup, found) : value;
        break;
      case '-':
        out += value === undefined ? evaluate(part.arg ?? [], lookup, found) : value;
        break;
      case ':?':
      case '?': {
        const missing = part.op === ':?' ? empty : value === undefined;
        if (!missing) {
          out += value ?? '';
          break;
        }
        const reason = evaluate(part.arg ?? [], lookup, found);
        found.missing.push(
          reason === ''
            ? `required variable ${part.name} is missing a value`
            : `required variable ${part.name} is missing a value: ${reason}`,
        );
        break;
      }
    }
  }
  return out;
}

/**
 * Substitutes `$V`, `${V}`, `${V:-d}`, `${V-d}`, `${V:?e}`, `${V?e}` and `$$` in one string. Pure. Names are
 * `[_a-zA-Z][_a-zA-Z0-9]*`; an unset variable without default becomes "".
 */
export function substitute(template: string, lookup: Lookup): SubstituteResult {
  if (!template.includes('$')) return { value: template };
  let parts: Part[];
  try {
    parts = parseParts(template, 0, false).parts;
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    const syntax: TemplateError = {
      kind: 'format',
      message: `invalid interpolation format for ${JSON.stringify(template)}: you may need to escape any $ with another $`,
      hint: error.message,
    };
    return { error: syntax, errors: [syntax] };
  }
  const found: Evaluation = { missing: [], literalDollar: false, unset: [] };
  const value = evaluate(parts, lookup, found);
  const [first, ...rest] = found.missing.map((message): TemplateError => ({ kind: 'required', message }));
  if (first) return { error: first, errors: [first, ...rest] };
  if (found.literalDollar && found.unset.length > 0) {
    // `admin:$2y$05$oZcj...`: a literal with `$` in it, where `$oZcj` would silently become "". docker refuses
    // the string too; say how to write it.
    const error: TemplateError = {
      kind: 'format',
      message: `invalid interpolation format for ${JSON.stringify(template)}: you may need to escape any $ with another $`,
      hint: `$${found.unset[0]} reads the unset variable ${found.unset[0]} in a string that holds a literal $; write $$ for every literal $ (a hash $2y$05$ab... is $$2y$$05$$ab...)`,
    };
    return { error, errors: [error] };
  }
  return {
    value,
    ...(found.literalDollar ? { literalDollar: true as const } : {}),
    ...(found.unset.length > 0 ? { unset: [...new Set(found.unset)] } : {}),
  };
}

type Cast = { kind: 'integer' | 'number' | 'boolean'; convert: (value: string) => number | boolean | undefined };

const toInteger: Cast = {
  kind: 'integer',
  // strconv.Atoi: optional sign and decimal digits only, so "0440" is 440 here (not octal as in YAML).
  convert: (value) => (/^[+-]?\d+$/.test(value) ? Number(value) : undefined),
};

const toFloat: Cast = {
  kind: 'number',
  convert: (value) => {
    if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(value)) return Number(value);
    if (/^[+-]?(?:inf|infinity)$/i.test(value)) return value.startsWith('-') ? -Infinity : Infinity;
    if (/^nan$/i.test(value)) return NaN;
    return undefined;
  },
};

const toBoolean: Cast = {
  kind: 'boolean',
  // The YAML 1.1 boolean words, any case, as docker's loader/interpolate.go accepts them.
  convert: (value) => {
    const lower = value.toLowerCase();
    if (['y', 'yes', 'true', 'on'].includes(lower)) return true;
    if (['n', 'no', 'false', 'off'].includes(lower)) return false;
    return undefined;
  },
};

/** A published port may be a range string in the Compose Specification; only plain numbers become integers. */
const toPortNumber: Cast = {
  kind: 'integer',
  convert: (value) => (/^\d+$/.test(value) ? Number(value) : undefined),
};

/**
 * Values cast after substitution when (and only when) the substitution changed them: docker/cli's list
 * (cli/compose/loader/interpolate.go) plus the Compose Specification's additions for keys we accept.
 */
interface CastRule {
  pattern: PathPattern;
  cast: Cast;
  /** Leave the string in place instead of reporting a problem when the cast fails. */
  keepOnFailure: boolean;
}

function rule(pattern: PathPattern, cast: Cast, keepOnFailure = false): CastRule {
  return { pattern, cast, keepOnFailure };
}

const CAST_TABLE = new PathTable<CastRule>([
  rule('services.*.configs[].mode', toInteger),
  rule('services.*.secrets[].mode', toInteger),
  rule('services.*.healthcheck.retries', toInteger),
  rule('services.*.healthcheck.disable', toBoolean),
  rule('services.*.deploy.replicas', toInteger),
  rule('services.*.deploy.update_config.parallelism', toInteger),
  rule('services.*.deploy.update_config.max_failure_ratio', toFloat),
  rule('services.*.deploy.rollback_config.parallelism', toInteger),
  rule('services.*.deploy.rollback_config.max_failure_ratio', toFloat),
  rule('services.*.deploy.restart_policy.max_attempts', toInteger),
  rule('services.*.deploy.placement.max_replicas_per_node', toInteger),
  rule('services.*.ports[].target', toInteger),
  rule('services.*.ulimits.*', toInteger),
  rule('services.*.ulimits.*.hard', toInteger),
  rule('services.*.ulimits.*.soft', toInteger),
  rule('services.*.privileged', toBoolean),
  rule('services.*.oom_score_adj', toInteger),
  rule('services.*.read_only', toBoolean),
  rule('services.*.stdin_open', toBoolean),
  rule('services.*.tty', toBoolean),
  rule('services.*.init', toBoolean),
  rule('services.*.depends_on.*.required', toBoolean),
  rule('services.*.depends_on.*.restart', toBoolean),
  rule('services.*.volumes[].read_only', toBoolean),
  rule('services.*.volumes[].volume.nocopy', toBoolean),
  rule('networks.*.external', toBoolean),
  rule('networks.*.internal', toBoolean),
  rule('networks.*.attachable', toBoolean),
  rule('networks.*.enable_ipv6', toBoolean),
  rule('volumes.*.external', toBoolean),
  rule('secrets.*.external', toBoolean),
  rule('configs.*.external', toBoolean),
  // Kept as a string when not a plain number: "8080-8081" is a valid published range in the Compose Specification.
  rule('services.*.ports[].published', toPortNumber, true),
]);

const CAST_NOUNS: Record<Cast['kind'], string> = { integer: 'an integer', number: 'a number', boolean: 'a boolean' };

/** Result of phase 5 for one document. */
export interface InterpolateResult {
  document: ComposeDocument;
  problems: InputProblem[];
  /** `$` kept literally (`LITERAL_DOLLAR`), one per string value; unset variables (`UNSET_VARIABLE`), one per name. */
  warnings: InputProblem[];
}

/**
 * Phase 5: substitutes variables in every string value of the tree (never in keys; `x-*` values included) and
 * casts changed values at typed paths. Returns a new document; the source map is shared (paths do not change).
 */
export function interpolateDocument(doc: ComposeDocument, variables: Variables): InterpolateResult {
  const problems: InputProblem[] = [];
  const warnings: InputProblem[] = [];
  const warnedUnset = new Set<string>();
  const lookup: Lookup = (name) => variables.get(name);
  const visit = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value === 'string') return interpolateString(value, path);
    if (Array.isArray(value)) return value.map((item, i) => visit(item, [...path, i]));
    if (isTreeMap(value)) {
      return mapValues(value, (item, key) => visit(item, [...path, key]));
    }
    return value;
  };
  const interpolateString = (value: string, path: KeyPath): unknown => {
    const result = substitute(value, lookup);
    if ('error' in result) {
      for (const error of result.errors) {
        problems.push({
          code: error.kind === 'required' ? 'VARIABLE_REQUIRED' : 'INTERPOLATION_FORMAT',
          message: error.message,
          path: formatPath(path),
          location: doc.sourceMap.locate(path),
          hint:
            error.kind === 'required'
              ? 'set the variable in the environment or in the .env file'
              : (error.hint ?? LITERAL_DOLLAR_HINT),
        });
      }
      return value;
    }
    if (result.literalDollar) {
      warnings.push({
        code: 'LITERAL_DOLLAR',
        message: 'a $ that starts no variable is kept as written',
        path: formatPath(path),
        location: doc.sourceMap.locate(path),
        hint: LITERAL_DOLLAR_HINT,
      });
    }
    for (const name of result.unset ?? []) {
      if (warnedUnset.has(name)) continue;
      warnedUnset.add(name);
      // docker reads it as "" without a word; a later error ("invalid image reference \"app:\"") would not say why.
      warnings.push({
        code: 'UNSET_VARIABLE',
        message: `variable ${name} is not set: read as an empty string`,
        path: formatPath(path),
        location: doc.sourceMap.locate(path),
        hint: `set it in the environment or the .env file; write \${${name}:-default}, or \${${name}-} for an intended empty value`,
      });
    }
    if (result.value === value) return value;
    const castRule = CAST_TABLE.find(path);
    if (!castRule) return result.value;
    const cast = castRule.cast.convert(result.value);
    if (cast !== undefined) return cast;
    if (castRule.keepOnFailure) return result.value;
    problems.push({
      code: 'INTERPOLATION_CAST',
      message: `must be ${CAST_NOUNS[castRule.cast.kind]}, got ${JSON.stringify(result.value)} after interpolation`,
      path: formatPath(path),
      location: doc.sourceMap.locate(path),
    });
    return result.value;
  };
  const tree = visit(doc.tree, []) as Tree;
  return { document: { ...doc, tree }, problems, warnings };
}
