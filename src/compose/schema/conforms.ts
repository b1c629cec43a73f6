import type { JsonSchema, JsonType } from './builders.js';
import { duration } from './formats.js';

/**
 * A yes/no schema check for the subset of JSON Schema in ./builders.ts: the loader's fast path. A valid file (the
 * usual case) is answered by walking this small closure tree; only a file that fails here goes through the ajv
 * validator, which names every problem. Running ajv on every file cost more than the rest of validation: its
 * generated code (some 300 KB of JavaScript per format) had to be parsed and compiled at each start.
 *
 * Invariant: whatever ajv (with AJV_OPTIONS) rejects, this rejects too; it may reject more (a keyword it does not
 * know makes it answer "no"), which costs only the ajv run. test/unit/compose/schema-conforms.test.ts compares the
 * two on the fixture files and on mutated documents.
 */
export type Check = (value: unknown) => boolean;

const KNOWN = new Set([
  'type',
  'properties',
  'patternProperties',
  'additionalProperties',
  'required',
  'items',
  'uniqueItems',
  'anyOf',
  'enum',
  'format',
  'pattern',
  'minimum',
  'maximum',
]);

const refuse: Check = () => false;
const accept: Check = () => true;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ajv's type tests with strict numbers: NaN and the infinities are neither numbers nor integers. */
function typeCheck(type: JsonType): Check {
  switch (type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return (v) => typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'null':
      return (v) => v === null;
    case 'object':
      return isObject;
    case 'array':
      return Array.isArray;
  }
}

/** Deep equality of parsed YAML values (scalars, lists, plain mappings); NaN equals NaN, as in ajv's `equal`. */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equal(item, b[i]));
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function allUnique(items: readonly unknown[]): boolean {
  const scalars = new Set<unknown>();
  const objects: unknown[] = [];
  for (const item of items) {
    if (typeof item === 'object' && item !== null) {
      if (objects.some((seen) => equal(seen, item))) return false;
      objects.push(item);
    } else {
      if (scalars.has(item)) return false;
      scalars.add(item);
    }
  }
  return true;
}

/** Compiles a schema into a check; unknown keywords or formats give a check that always says no. */
export function compileCheck(schema: JsonSchema): Check {
  const keys = Object.keys(schema);
  if (keys.some((key) => !KNOWN.has(key))) return refuse;
  if (keys.length === 0) return accept;
  const checks: Check[] = [];

  if (schema.type !== undefined) {
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).map(typeCheck);
    checks.push(types.length === 1 ? (types[0] as Check) : (v) => types.some((t) => t(v)));
  }
  if (schema.anyOf) {
    const branches = schema.anyOf.map(compileCheck);
    checks.push((v) => branches.some((branch) => branch(v)));
  }
  if (schema.enum) {
    const values = schema.enum;
    checks.push((v) => values.some((e) => equal(e, v)));
  }

  // Object keywords apply to mappings only, as in ajv.
  if (schema.properties || schema.patternProperties || schema.additionalProperties !== undefined || schema.required) {
    const properties = new Map(Object.entries(schema.properties ?? {}).map(([key, sub]) => [key, compileCheck(sub)] as const));
    const patterns = Object.entries(schema.patternProperties ?? {}).map(([p, sub]) => [new RegExp(p, 'u'), compileCheck(sub)] as const);
    const additional = schema.additionalProperties;
    const additionalCheck = typeof additional === 'object' ? compileCheck(additional) : undefined;
    const required = schema.required ?? [];
    // One pass over the value's keys (a few) rather than over the schema's properties (a service has about 80),
    // with indexed loops: unoptimised (bin/run.js turns V8's optimising compiler off), `for...of` and destructuring
    // allocate at every step.
    checks.push((v) => {
      if (!isObject(v)) return true;
      for (let i = 0; i < required.length; i++) if (v[required[i] as string] === undefined) return false;
      const keys = Object.keys(v);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const item = v[key];
        const check = properties.get(key);
        if (check && item !== undefined && !check(item)) return false;
        let matched = check !== undefined;
        for (let p = 0; p < patterns.length; p++) {
          const pattern = patterns[p] as (typeof patterns)[number];
          if (!pattern[0].test(key)) continue;
          matched = true;
          if (!pattern[1](item)) return false;
        }
        if (matched) continue;
        if (additional === false) return false;
        if (additionalCheck && !additionalCheck(item)) return false;
      }
      return true;
    });
  }

  if (schema.items || schema.uniqueItems) {
    const itemCheck = schema.items ? compileCheck(schema.items) : accept;
    const unique = schema.uniqueItems === true;
    checks.push((v) => !Array.isArray(v) || (v.every((item) => itemCheck(item)) && (!unique || allUnique(v))));
  }

  if (schema.format !== undefined) {
    if (schema.format !== 'duration') return refuse;
    checks.push((v) => typeof v !== 'string' || duration.validate(v));
  }
  if (schema.pattern !== undefined) {
    const pattern = new RegExp(schema.pattern, 'u');
    checks.push((v) => typeof v !== 'string' || pattern.test(v));
  }
  if (schema.minimum !== undefined || schema.maximum !== undefined) {
    const min = schema.minimum ?? -Infinity;
    const max = schema.maximum ?? Infinity;
    checks.push((v) => typeof v !== 'number' || !Number.isFinite(v) || (v >= min && v <= max));
  }

  return checks.length === 1 ? (checks[0] as Check) : (v) => checks.every((check) => check(v));
}
