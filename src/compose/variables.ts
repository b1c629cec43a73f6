import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { InputProblem } from '../errors/problem.js';
import { substitute, type Lookup } from './interpolate.js';
import { readFailure } from './read-files.js';
import type { Variables } from './types.js';

/*
 * Phase 2: the variables used for interpolation. We follow the Compose Specification here, not `docker stack deploy`
 * (which reads no .env file at all): the process environment wins over values from `.env` in the working
 * directory, and `--env-file` files replace that default `.env`.
 */

/** Where a variable came from when it was set by the process rather than a file. */
export const PROCESS_ENVIRONMENT = 'environment';

/** Inputs of phase 2. */
export interface LoadVariablesOptions {
  /** Directory of the first Compose file: its `.env` is read when no `--env-file` is given. */
  workingDir: string;
  /** Directory the CLI runs in: relative `--env-file` paths resolve against it. */
  cwd: string;
  /** `--env-file` values as given. */
  envFiles?: readonly string[];
  /** The process environment. */
  env: Record<string, string | undefined>;
}

/** Result of phase 2. */
export interface LoadVariablesResult {
  variables: Variables;
  problems: InputProblem[];
}

/** One value read from an env file, with the file it came from (for `Variables.origin`). */
interface FileValue {
  value: string;
  file: string;
}

/** Variables backed by the process environment first, then env-file values. Immutable. */
class LayeredVariables implements Variables {
  constructor(
    private readonly env: Record<string, string | undefined>,
    private readonly fileValues: ReadonlyMap<string, FileValue>,
  ) {}

  get(name: string): string | undefined {
    return this.env[name] ?? this.fileValues.get(name)?.value;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  origin(name: string): string | undefined {
    if (this.env[name] !== undefined) return PROCESS_ENVIRONMENT;
    return this.fileValues.get(name)?.file;
  }
}

/** Builds a `Variables` from the process environment and env-file values (process wins). */
export function createVariables(
  env: Record<string, string | undefined>,
  fileValues: ReadonlyMap<string, FileValue> = new Map(),
): Variables {
  return new LayeredVariables(env, fileValues);
}

/** Phase 2: reads `.env` (or the `--env-file` files) and layers them under the process environment. */
export async function loadVariables(options: LoadVariablesOptions): Promise<LoadVariablesResult> {
  const problems: InputProblem[] = [];
  const fileValues = new Map<string, FileValue>();
  const explicit = options.envFiles !== undefined && options.envFiles.length > 0;
  const candidates = explicit
    ? (options.envFiles ?? []).map((file) => ({ display: file, absolute: path.resolve(options.cwd, file) }))
    : [defaultDotenv(options.workingDir, options.cwd)];

  for (const candidate of candidates) {
    let bytes: Buffer;
    try {
      bytes = await readFile(candidate.absolute);
    } catch (error) {
      const missing = isMissing(error);
      // The default .env is optional; a file named with --env-file is not.
      if (missing && !explicit) continue;
      const problem = readFailure(candidate.display, candidate.absolute, error);
      problems.push(
        missing
          ? {
              code: 'ENV_FILE_NOT_FOUND',
              message: `env file not found: ${candidate.display} (resolved to ${candidate.absolute})`,
              hint: '--env-file paths are relative to the current directory',
            }
          : problem,
      );
      continue;
    }
    const text = decodeEnvText(bytes);
    if (text === undefined) {
      problems.push({
        code: 'ENV_FILE_NOT_TEXT',
        message: `${candidate.display} is not a UTF-8 text file`,
        location: { file: candidate.display },
      });
      continue;
    }
    // Values of earlier files (and earlier lines) are visible to later ones; the process environment wins.
    const lookup: Lookup = (name) => options.env[name] ?? fileValues.get(name)?.value;
    const parsed = parseDotenv(text, candidate.display, lookup);
    // A project's .env is read without being named; say why, and how to read another file instead (once).
    problems.push(...(explicit ? parsed.problems : parsed.problems.map((p, i) => (i === 0 ? withDotenvHint(p) : p))));
    for (const [name, value] of parsed.values) fileValues.set(name, { value, file: candidate.display });
  }
  return { variables: createVariables(options.env, fileValues), problems };
}

const DOTENV_HINT = 'stack reads the .env beside the Compose file, as docker compose does; --env-file reads another file instead';

function withDotenvHint(problem: InputProblem): InputProblem {
  return { ...problem, hint: problem.hint === undefined ? DOTENV_HINT : `${problem.hint}; ${DOTENV_HINT}` };
}

/**
 * The project's `.env`, named as the user can find it: relative to the current directory when it lies below it,
 * otherwise absolute (a bare `.env` would point at the current directory's file, not the project's).
 */
function defaultDotenv(workingDir: string, cwd: string): { display: string; absolute: string } {
  const absolute = path.resolve(cwd, workingDir, '.env');
  const relative = path.relative(cwd, absolute);
  return { display: relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative, absolute };
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 'ENOENT';
}

function decodeEnvText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

/** Result of parsing one dotenv file: values in file order (later duplicates win) and malformed lines. */
export interface DotenvResult {
  values: Map<string, string>;
  problems: InputProblem[];
}

/*
 * Dotenv syntax as docker compose reads `.env` (compose-go's dotenv package), implemented from its documented
 * behaviour:
 * - blank lines and lines starting with `#` are skipped; `export ` before a key is ignored;
 * - `KEY=VALUE` or `KEY: VALUE`; spaces around the key and before the value are ignored;
 * - keys are letters, digits, `_`, `.`, `-`, `[`, `]`;
 * - a line with only `KEY` takes the value from the process environment (dropped when unset);
 * - unquoted values end at the line end, lose a ` #comment` and trailing blanks, and are interpolated;
 * - 'single quotes' are literal (only \' is an escape) and may span lines;
 * - "double quotes" may span lines, understand \n \t \r \" \\ \$ (and a few more), and are interpolated.
 * After a closing quote only blanks or a comment may follow on that line.
 */
export function parseDotenv(text: string, file: string, lookup: Lookup): DotenvResult {
  const values = new Map<string, string>();
  const problems: InputProblem[] = [];
  const scope: Lookup = (name) => lookup(name) ?? values.get(name);
  const lines = text.split(/\r?\n/);
  let index = 0;
  const problem = (line: number, message: string, hint?: string): void => {
    const extra = hint === undefined ? {} : { hint };
    problems.push({ code: 'ENV_FILE_SYNTAX', message, location: { file, line }, ...extra });
  };
  const NAME_HINT = 'variable names are made of letters, digits, "_", ".", "-", "[" and "]"';

  while (index < lines.length) {
    const lineNumber = index + 1;
    const line = lines[index] ?? '';
    index++;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;

    const statement = trimmed.replace(/^export\s+/, '');
    const separator = /[=:]/.exec(statement);
    const rawKey = separator ? statement.slice(0, separator.index) : statement;
    const key = rawKey.trim();
    if (key === '') {
      problem(lineNumber, `missing variable name before "${separator?.[0] ?? ''}"`);
      continue;
    }
    const badChar = /[^\p{L}\p{N}_.\-[\]]/u.exec(key);
    if (badChar) {
      problem(
        lineNumber,
        badChar[0] === ' ' || badChar[0] === '\t'
          ? `variable name ${JSON.stringify(key)} contains a space`
          : `unexpected character ${JSON.stringify(badChar[0])} in variable name ${JSON.stringify(key)}`,
        NAME_HINT,
      );
      continue;
    }
    if (!separator) {
      const inherited = lookup(key);
      if (inherited !== undefined) values.set(key, inherited);
      continue;
    }

    const rest = statement.slice(separator.index + 1).replace(/^[ \t]+/, '');
    const quote = rest[0];
    if (quote !== '"' && quote !== "'") {
      const raw = rest.split(' #')[0]?.trimEnd() ?? '';
      const expanded = expand(raw, scope);
      if ('error' in expanded) problem(lineNumber, `${key}: ${expanded.error}`, expanded.hint);
      else values.set(key, expanded.value);
      continue;
    }

    // A quoted value may continue on the following lines until its closing quote.
    let body = rest.slice(1);
    let closed = findClosingQuote(body, quote);
    while (closed === -1 && index < lines.length) {
      body += `\n${lines[index] ?? ''}`;
      index++;
      closed = findClosingQuote(body, quote);
    }
    if (closed === -1) {
      const hint = `close the ${quote} quote (a quoted value may span lines)`;
      problem(lineNumber, `unterminated quoted value for ${key}`, hint);
      continue;
    }
    const after = body.slice(closed + 1).trim();
    if (after !== '' && !after.startsWith('#')) {
      problem(index, `unexpected text after the quoted value of ${key}: ${JSON.stringify(after)}`);
      continue;
    }
    const inner = body.slice(0, closed);
    if (quote === "'") {
      values.set(key, inner.replace(/\\'/g, "'"));
      continue;
    }
    const expanded = expand(unescapeDoubleQuoted(inner), scope);
    if ('error' in expanded) problem(lineNumber, `${key}: ${expanded.error}`, expanded.hint);
    else values.set(key, expanded.value);
  }
  return { values, problems };
}

/** Index of the unescaped closing quote in `body`, or -1. */
function findClosingQuote(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') {
      i++;
      continue;
    }
    if (body[i] === quote) return i;
  }
  return -1;
}

const ESCAPES: Record<string, string> = {
  a: '\u0007',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
  // `\$` means a literal dollar; `$$` is how the interpolation that follows spells that.
  $: '$$',
};

/** Resolves backslash escapes of a double-quoted value; unknown escapes are kept as written. */
function unescapeDoubleQuoted(inner: string): string {
  return inner.replace(/\\(0[0-7]{1,3}|.)/gs, (match: string, escape: string) => {
    if (escape.startsWith('0') && escape.length > 1) return String.fromCharCode(parseInt(escape.slice(1), 8));
    return ESCAPES[escape] ?? match;
  });
}

function expand(value: string, lookup: Lookup): { value: string } | { error: string; hint?: string } {
  const result = substitute(value, lookup);
  if (!('error' in result)) return { value: result.value };
  return result.error.hint === undefined ? { error: result.error.message } : { error: result.error.message, hint: result.error.hint };
}
