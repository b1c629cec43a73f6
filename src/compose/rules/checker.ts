import type { ProblemCode } from '../../errors/codes.js';
import type { InputProblem } from '../../errors/problem.js';
import { formatDuration } from '../../model/duration.js';
import type { ServiceModel, StackModel } from '../../model/stack-model.js';
import { formatPath, type KeyPath, type SourceMap } from '../source-map.js';
import { didYouMean } from '../suggest.js';

/** What every model rule reads (the model, where its keys were written, the stack name if known) and adds to. */
export interface Checker {
  model: StackModel;
  sourceMap: SourceMap;
  /** The stack name (command line or the files' `name:`); name rules are skipped without one. */
  stackName: string | undefined;
  problems: InputProblem[];
}

/** A rule judged for one service at a time. */
export type ServiceRule = (c: Checker, name: string, service: ServiceModel) => void;

/** A rule judged once over the whole model. */
export type StackRule = (c: Checker) => void;

/**
 * One entry of the loader's model rule list (src/compose/validate-model.ts): per-service rules run for each service
 * in turn, then the stack rules, each group in list order.
 */
export type ModelRule = { service: ServiceRule } | { stack: StackRule };

/** Where a problem points and what it suggests. */
export interface AddOptions {
  hint?: string;
  /** Point at the key rather than the value. */
  atKey?: boolean;
  /** Point at this key instead of `at` (when `at` was not written, e.g. a missing key). */
  keyOf?: KeyPath;
}

/** Adds one problem at `at` (the value, or the key with atKey/keyOf), with its file position from the source map. */
export function add(c: Checker, code: ProblemCode, at: KeyPath, message: string, options: AddOptions = {}): void {
  const location = options.keyOf
    ? c.sourceMap.locateKey(options.keyOf)
    : options.atKey
      ? c.sourceMap.locateKey(at)
      : c.sourceMap.locate(at);
  c.problems.push({
    code,
    message,
    path: formatPath(at),
    location,
    ...(options.hint === undefined ? {} : { hint: options.hint }),
  });
}

export const oneOf = (values: readonly string[]): string => `must be one of: ${values.join(', ')}`;

export const includes = (values: readonly string[], value: string): boolean => values.includes(value);

/** A value outside a fixed set: the choices, what was written, and the likely intended choice as a hint. */
export function invalidChoice(c: Checker, at: KeyPath, values: readonly string[], got: string, hint?: string): void {
  const suggestion = hint ?? didYouMean(got, values);
  add(c, 'INVALID_VALUE', at, `${oneOf(values)} (got "${got}")`, suggestion === undefined ? {} : { hint: suggestion });
}

/** The hint for a name that is not declared: the likely intended name, or where to declare it. */
export function undeclaredHint(name: string, declared: Iterable<string>, section: string): string {
  return didYouMean(name, declared) ?? `declare it under the top-level ${section} key`;
}

export function notNegative(c: Checker, at: KeyPath, value: number | undefined): void {
  if (value !== undefined && value < 0) add(c, 'INVALID_VALUE', at, `must be zero or more, got ${value}`);
}

export function notNegativeDuration(c: Checker, at: KeyPath, value: number | undefined): void {
  if (value !== undefined && value < 0) {
    add(c, 'INVALID_VALUE', at, `must not be negative, got ${formatDuration(value)}`);
  }
}
