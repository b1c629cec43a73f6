import type { ProblemCode } from './codes.js';

/** Where in the user's input something is: a file plus 1-based line and column when known. */
export interface SourceLocation {
  /** The path as the user wrote it (or as it was referenced), for display. */
  file: string;
  line?: number;
  col?: number;
}

/**
 * One problem in the user's input: the unit of error reporting for everything the loader finds.
 * `path` is the dotted key path (`services.web.deploy.replicas`); `message` is a plain sentence fragment
 * without the path; `hint` says what to do about it.
 */
export interface InputProblem {
  code: ProblemCode;
  message: string;
  path?: string;
  location?: SourceLocation;
  hint?: string;
}

/** Formats one problem as `FILE:LINE:COL  path: message` plus an indented hint line. Pure; no colour. */
export function formatProblem(problem: InputProblem): string {
  const where = problem.location ? formatLocation(problem.location) : '';
  const what = problem.path ? `${problem.path}: ${problem.message}` : problem.message;
  const head = where ? `${where}  ${what}` : what;
  return problem.hint ? `${head}\n  hint: ${problem.hint}` : head;
}

export function formatLocation(location: SourceLocation): string {
  if (location.line === undefined) return location.file;
  return location.col === undefined
    ? `${location.file}:${location.line}`
    : `${location.file}:${location.line}:${location.col}`;
}

/** Orders problems by file, line, column, then path, so output is stable. */
export function sortProblems(problems: InputProblem[]): InputProblem[] {
  return [...problems].sort((a, b) => {
    const fa = a.location?.file ?? '';
    const fb = b.location?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.location?.line ?? 0;
    const lb = b.location?.line ?? 0;
    if (la !== lb) return la - lb;
    const ca = a.location?.col ?? 0;
    const cb = b.location?.col ?? 0;
    if (ca !== cb) return ca - cb;
    const pa = a.path ?? '';
    const pb = b.path ?? '';
    return pa < pb ? -1 : pa > pb ? 1 : 0;
  });
}
