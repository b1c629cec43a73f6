import type { StackErrorCode } from './codes.js';
import { formatProblem, sortProblems, type InputProblem } from './problem.js';

/**
 * Base of every error the user can cause or must act on. The top-level handler prints `message` (and `hint`)
 * without a stack trace and exits with `exitCode`. Anything that is not a StackError is a bug and is printed
 * with its stack.
 */
export class StackError extends Error {
  readonly code: StackErrorCode;
  readonly hint?: string;
  readonly exitCode: number;

  constructor(code: StackErrorCode, message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StackError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }

  /** The full text shown to the user. */
  render(): string {
    return this.hint ? `${this.message}\n  hint: ${this.hint}` : this.message;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}) };
  }
}

/** The Compose input is invalid: carries every problem found, sorted, all reported at once. */
export class InputError extends StackError {
  readonly problems: InputProblem[];
  readonly warnings: InputProblem[];

  constructor(problems: InputProblem[], warnings: InputProblem[] = []) {
    const sorted = sortProblems(problems);
    const noun = sorted.length === 1 ? 'problem' : 'problems';
    super('INPUT_INVALID', `${sorted.length} ${noun} in the Compose input:\n${sorted.map(formatProblem).join('\n')}`);
    this.name = 'InputError';
    this.problems = sorted;
    this.warnings = warnings;
  }

  override toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, problems: this.problems };
  }
}

/** Collects problems while a phase runs, so every problem is reported, not only the first. */
export class ProblemList {
  readonly items: InputProblem[] = [];

  add(problem: InputProblem): void {
    this.items.push(problem);
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  /** Throws an InputError when any problem was collected. */
  throwIfAny(warnings: InputProblem[] = []): void {
    if (this.items.length > 0) throw new InputError(this.items, warnings);
  }
}
