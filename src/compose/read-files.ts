import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InputProblem } from '../errors/problem.js';
import { closestName } from './suggest.js';
import type { LoadOptions, SourceFile } from './types.js';

/** How standard input (`-c -`) is named in positions: `<stdin>:3:5` reads better than `-:3:5`. */
export const STDIN_DISPLAY = '<stdin>';

/** Files larger than this are refused before reading: no real Compose file comes close, and YAML parsing is not linear. */
export const MAX_COMPOSE_FILE_BYTES = 8 * 1024 * 1024;

/** Result of phase 1: the decoded files in `-c` order, or the problems that kept some of them from being read. */
export interface ReadFilesResult {
  files: SourceFile[];
  problems: InputProblem[];
}

/** Text decoded from bytes, or the reason the bytes are not a usable Compose file. */
export type DecodeResult = { text: string } | { problem: DecodeProblem };

/** Why a file's content was refused: a problem code and a sentence naming the file. */
export interface DecodeProblem {
  code: 'FILE_NOT_TEXT' | 'FILE_EMPTY' | 'FILE_TOO_LARGE';
  message: string;
}

/**
 * Splits `-c` values the way docker's string-slice flag does: every value may hold several comma-separated paths.
 * Empty segments (`a.yml,`) are dropped rather than read as a file named "".
 */
export function splitFileArguments(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(',')).filter((segment) => segment !== '');
}

/**
 * Phase 1: reads every `-c` file (or stdin for `-`), decodes it and checks it is a non-empty text file.
 * Every file is tried, so one run reports all unreadable files at once.
 */
export async function readComposeFiles(options: LoadOptions): Promise<ReadFilesResult> {
  const files: SourceFile[] = [];
  const problems: InputProblem[] = [];
  const paths = splitFileArguments(options.files);
  if (paths.length === 0) {
    problems.push({
      code: 'NO_COMPOSE_FILE',
      message: 'no Compose file given',
      hint: 'pass one with -c FILE (use -c - to read standard input)',
    });
  }
  let stdinUsed = false;
  for (const displayPath of paths) {
    if (displayPath === '-') {
      if (stdinUsed) {
        problems.push({
          code: 'STDIN_TWICE',
          message: 'standard input (-) can be given only once as a Compose file',
        });
        continue;
      }
      stdinUsed = true;
      const result = await readStdinFile(options);
      if ('problem' in result) problems.push(result.problem);
      else files.push(result.file);
      continue;
    }
    const absolutePath = path.resolve(options.cwd, displayPath);
    const result = await readComposeFile(displayPath, absolutePath);
    if ('problem' in result) problems.push(await withSimilarName(result.problem, displayPath, absolutePath));
    else files.push(result.file);
  }
  return { files, problems };
}

/** Compose file names people mix up: the two extensions and the old and new default names. */
function swappedNames(name: string): string[] {
  const stems = ['docker-compose', 'compose'];
  const match = /^(.*)\.(yml|yaml)$/.exec(name);
  if (!match) return [];
  const [, stem = '', extension = ''] = match;
  const other = extension === 'yml' ? 'yaml' : 'yml';
  const names = [`${stem}.${other}`];
  if (stems.includes(stem)) for (const s of stems) if (s !== stem) names.push(`${s}.yml`, `${s}.yaml`);
  return names;
}

/** For a missing file: a hint naming a file that does exist beside it under a similar name, if there is one. */
async function withSimilarName(
  problem: InputProblem,
  displayPath: string,
  absolutePath: string,
): Promise<InputProblem> {
  if (problem.code !== 'FILE_NOT_FOUND') return problem;
  let siblings: string[];
  try {
    siblings = await readdir(path.dirname(absolutePath));
  } catch {
    return problem;
  }
  const name = path.basename(absolutePath);
  const similar = swappedNames(name).find((candidate) => siblings.includes(candidate)) ?? closestName(name, siblings);
  if (similar === undefined) return problem;
  return { ...problem, hint: `did you mean ${path.join(path.dirname(displayPath), similar)}?` };
}

/**
 * The directory every relative path of the stack resolves against: the first file's directory, or the current
 * directory when the first file is stdin (docker's rule; override files do not get their own directory).
 */
export function workingDirectory(files: readonly SourceFile[], cwd: string): string {
  const first = files[0];
  if (!first || first.absolutePath === '-') return cwd;
  return path.dirname(first.absolutePath);
}

/** One file read and decoded, or the problem that kept it from being used. */
export type ReadOne = { file: SourceFile } | { problem: InputProblem };

async function readStdinFile(options: LoadOptions): Promise<ReadOne> {
  if (!options.readStdin) {
    return { problem: { code: 'STDIN_UNAVAILABLE', message: 'standard input (-) cannot be read here' } };
  }
  const raw = await options.readStdin();
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  const problem = checkText(text, Buffer.byteLength(raw), nameOf('-'));
  if (problem) return { problem: contentProblem(STDIN_DISPLAY, problem) };
  return { file: { displayPath: STDIN_DISPLAY, absolutePath: '-', text } };
}

/** Reads and decodes one Compose file from disk (also used for files named by `extends.file`). */
export async function readComposeFile(displayPath: string, absolutePath: string): Promise<ReadOne> {
  try {
    const info = await stat(absolutePath);
    if (info.isDirectory()) {
      return {
        problem: {
          code: 'FILE_IS_DIRECTORY',
          message: 'this is a directory, not a Compose file',
          location: { file: displayPath },
          hint: 'name the YAML file itself, e.g. -c ./compose.yaml',
        },
      };
    }
    if (info.size > MAX_COMPOSE_FILE_BYTES) {
      return { problem: contentProblem(displayPath, tooLarge(displayPath, info.size)) };
    }
    const bytes = await readFile(absolutePath);
    const decoded = decodeComposeBytes(bytes, displayPath);
    if ('problem' in decoded) return { problem: contentProblem(displayPath, decoded.problem) };
    return { file: { displayPath, absolutePath, text: decoded.text } };
  } catch (error) {
    return { problem: readFailure(displayPath, absolutePath, error) };
  }
}

/** Turns a failed stat/read into a problem; only the error code is used, so messages do not depend on the platform. */
export function readFailure(displayPath: string, absolutePath: string, error: unknown): InputProblem {
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return {
      code: 'FILE_NOT_FOUND',
      message: `file not found: ${displayPath} (resolved to ${absolutePath})`,
      hint: 'check the path; relative paths are resolved against the current directory',
    };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return {
      code: 'FILE_UNREADABLE',
      message: `permission denied reading ${displayPath} (resolved to ${absolutePath})`,
      location: { file: displayPath },
    };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'FILE_UNREADABLE',
    message: `cannot read ${displayPath} (resolved to ${absolutePath}): ${detail}`,
    location: { file: displayPath },
  };
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

const CONTENT_HINTS: Record<DecodeProblem['code'], string | undefined> = {
  FILE_NOT_TEXT: 'save the file as UTF-8 (UTF-16 is accepted only with a byte order mark)',
  FILE_EMPTY: 'a Compose file needs at least a services: mapping',
  FILE_TOO_LARGE: undefined,
};

function contentProblem(displayPath: string, problem: DecodeProblem): InputProblem {
  const hint = CONTENT_HINTS[problem.code];
  return { code: problem.code, message: problem.message, location: { file: displayPath }, ...(hint ? { hint } : {}) };
}

/**
 * How a file's content is named in messages. A file's problems carry its path as their location already, so the
 * message says "the file"; stdin gets a name people recognise.
 */
function nameOf(displayPath: string): string {
  return displayPath === '-' ? 'standard input' : 'the file';
}

function tooLarge(name: string, size: number): DecodeProblem {
  return {
    code: 'FILE_TOO_LARGE',
    message: `${name} is too large (${size} bytes; the limit is ${MAX_COMPOSE_FILE_BYTES} bytes)`,
  };
}

function notText(name: string, why: string): DecodeProblem {
  return { code: 'FILE_NOT_TEXT', message: `${name} is not a text file (${why}); Compose files must be UTF-8 YAML` };
}

/**
 * Decodes a Compose file: UTF-8 with or without BOM, UTF-16 LE/BE with BOM. Refuses bytes that are not text
 * (NUL bytes, UTF-16 without BOM, invalid UTF-8), empty or comment-only files, and oversized input. Pure.
 */
export function decodeComposeBytes(bytes: Uint8Array, displayPath: string): DecodeResult {
  const name = nameOf(displayPath);
  if (bytes.length > MAX_COMPOSE_FILE_BYTES) return { problem: tooLarge(name, bytes.length) };
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  } else {
    if (bytes.includes(0)) {
      const why = looksLikeUtf16(bytes) ? 'it looks like UTF-16 without a byte order mark' : 'it contains NUL bytes';
      return { problem: notText(name, why) };
    }
    const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(hasBom ? bytes.subarray(3) : bytes);
    } catch {
      return { problem: notText(name, 'it is not valid UTF-8') };
    }
  }
  const problem = checkText(text, bytes.length, name);
  return problem ? { problem } : { text };
}

/** Checks decoded text for what decoding cannot catch: NULs inside UTF-16, size, and having no content at all. */
function checkText(text: string, byteLength: number, name: string): DecodeProblem | undefined {
  if (byteLength > MAX_COMPOSE_FILE_BYTES) return tooLarge(name, byteLength);
  if (text.includes('\u0000')) return notText(name, 'it contains NUL bytes');
  if (isBlankYaml(text)) return { code: 'FILE_EMPTY', message: `${name} is empty` };
  return undefined;
}

/** True when every line is blank or a `#` comment (also `---`/`...` markers alone): nothing a loader could use. */
export function isBlankYaml(text: string): boolean {
  return text.split(/\r\n|\r|\n/).every((line) => {
    const trimmed = line.trim();
    return trimmed === '' || trimmed.startsWith('#') || trimmed === '---' || trimmed === '...';
  });
}

/** UTF-16 text of mostly ASCII has a NUL in every other byte; that pattern is worth naming in the message. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, Math.min(bytes.length, 512));
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0) {
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    }
  }
  const half = sample.length / 2;
  return Math.max(evenNul, oddNul) >= half * 0.6 && Math.min(evenNul, oddNul) <= half * 0.1;
}
