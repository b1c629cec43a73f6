/**
 * Small constructors for the JSON schemas in this folder. The schemas are written as code rather than copied JSON
 * so that shared shapes (string-or-list, list-or-mapping, names) are defined once and every object states whether
 * it accepts `x-*` keys. Only `anyOf` is used for unions: the branches are disjoint by JSON type, and the error
 * translator picks the branch that matches the value's type (see ../validate-schema.ts).
 */

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

/** The subset of JSON Schema (draft-07) these schemas use. */
export interface JsonSchema {
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  items?: JsonSchema;
  uniqueItems?: boolean;
  anyOf?: JsonSchema[];
  enum?: (string | number)[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

/** Compose's rule for keys of services, volumes, secrets, configs (and networks) maps. */
export const NAME_PATTERN = '^[a-zA-Z0-9._-]+$';
/** Extension keys, allowed where docker allows them. */
export const EXTENSION_PATTERN = '^x-';

export const anything = (): JsonSchema => ({});
export const str = (): JsonSchema => ({ type: 'string' });
export const num = (): JsonSchema => ({ type: 'number' });
export const int = (): JsonSchema => ({ type: 'integer' });
export const nonNegativeInt = (): JsonSchema => ({ type: 'integer', minimum: 0 });
export const bool = (): JsonSchema => ({ type: 'boolean' });
export const types = (...list: JsonType[]): JsonSchema => ({ type: list });
export const oneOfEnum = (...values: string[]): JsonSchema => ({ type: 'string', enum: values });
/** A Go duration string (`10s`, `1m30s`); checked by the `duration` format. */
export const duration = (): JsonSchema => ({ type: 'string', format: 'duration' });

export const union = (...branches: JsonSchema[]): JsonSchema => ({ anyOf: branches });

export const list = (items: JsonSchema, unique = false): JsonSchema =>
  unique ? { type: 'array', items, uniqueItems: true } : { type: 'array', items };

export const listOfStrings = (unique = true): JsonSchema => list(str(), unique);
export const stringOrList = (): JsonSchema => union(str(), listOfStrings());

/** Options for `mapping`: `extensions` allows `x-*` keys; `open` accepts unknown keys (docker's loose spots). */
export interface MappingOptions {
  extensions?: boolean;
  open?: boolean;
  required?: string[];
  nullable?: boolean;
}

/** A mapping with known keys; unknown keys are errors unless `open`. */
export function mapping(properties: Record<string, JsonSchema>, options: MappingOptions = {}): JsonSchema {
  const schema: JsonSchema = { type: options.nullable ? ['object', 'null'] : 'object', properties };
  if (options.extensions) schema.patternProperties = { [EXTENSION_PATTERN]: anything() };
  if (!options.open) schema.additionalProperties = false;
  if (options.required) schema.required = options.required;
  return schema;
}

/** A mapping from names (matching NAME_PATTERN) to `value`. */
export function namedMap(value: JsonSchema, options: { strictNames?: boolean } = {}): JsonSchema {
  return {
    type: 'object',
    patternProperties: { [NAME_PATTERN]: value },
    // docker's top-level `networks` validates only names that match; the others pass unchecked.
    additionalProperties: options.strictNames === false ? true : false,
  };
}

/** A mapping whose every value has `value`'s shape (free keys). */
export const mapOf = (value: JsonSchema): JsonSchema => ({ type: 'object', additionalProperties: value });

/** `environment`, `labels`, ...: a mapping of scalars or a list of `KEY=VALUE` strings. */
export const listOrDict = (scalars: JsonType[]): JsonSchema =>
  union({ type: 'object', additionalProperties: { type: scalars } }, listOfStrings());
