import { StackError } from '../errors/stack-error.js';

/**
 * `--filter KEY=VALUE` options as docker reads them: the key is trimmed and lower-cased (`ID=abc` is `id=abc`), the
 * value trimmed and possibly empty. Values of one key are alternatives (any may match); different keys must all match.
 * Maps each key to its values in the order given; a key not given is absent.
 */
export type FilterValues = ReadonlyMap<string, readonly string[]>;

/**
 * Parses `--filter` options against the keys a command knows. A value without `=` or with an unknown key is a
 * FILTER_INVALID error naming the known keys (docker refuses both too). `example` is shown in the hint.
 */
export function parseFilters(values: readonly string[], keys: readonly string[], example: string): FilterValues {
  const filters = new Map<string, string[]>();
  const refuse = (value: string, why: string): never => {
    throw new StackError('FILTER_INVALID', `invalid filter "${value}": ${why}`, {
      hint: `the keys are ${keys.join(', ')}, e.g. --filter ${example}`,
    });
  };
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq < 0) refuse(value, 'expected KEY=VALUE');
    const key = value.slice(0, eq).trim().toLowerCase();
    if (!keys.includes(key)) refuse(value, key === '' ? 'no key before =' : `unknown key "${key}"`);
    filters.set(key, [...(filters.get(key) ?? []), value.slice(eq + 1).trim()]);
  }
  return filters;
}

/**
 * docker's label filters (`label=KEY` or `label=KEY=VALUE`) as one map, as the Engine builds it: every key must be
 * among the object's labels, with that value when one is given. A key given twice keeps its last value.
 */
export function labelConditions(values: readonly string[] = []): ReadonlyMap<string, string> {
  const conditions = new Map<string, string>();
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq < 0) conditions.set(value, '');
    else conditions.set(value.slice(0, eq), value.slice(eq + 1));
  }
  return conditions;
}

/** Whether `labels` satisfy every label condition (an empty value asks only that the key be there). */
export function labelsMatch(labels: Readonly<Record<string, string>> | null | undefined, conditions: ReadonlyMap<string, string>): boolean {
  for (const [key, value] of conditions) {
    const actual = labels?.[key];
    if (actual === undefined) return false;
    if (value !== '' && value !== actual) return false;
  }
  return true;
}

/** Whether `text` starts with one of `prefixes`; no prefixes at all means no condition. */
export function hasPrefix(text: string, prefixes: readonly string[] | undefined): boolean {
  return prefixes === undefined || prefixes.length === 0 || prefixes.some((prefix) => text.startsWith(prefix));
}
