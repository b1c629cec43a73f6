import { formatProblem, sortProblems, type InputProblem } from '../errors/problem.js';
import { palette } from './colour.js';

/** Warnings as printed on stderr: one `warning: FILE:LINE:COL  path: message` block each, sorted. Empty string when none. */
export function renderWarnings(warnings: InputProblem[], options: { colour: boolean }): string {
  if (warnings.length === 0) return '';
  const c = palette(options.colour);
  return sortProblems(warnings)
    .map((w) => `${c.yellow('warning:')} ${formatProblem(w)}\n`)
    .join('');
}
