import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseComposeFile } from '../../../src/compose/parse-yaml.js';
import { compileCheck } from '../../../src/compose/schema/conforms.js';
import { composeSchema } from '../../../src/compose/schema/compose-schema.js';
import { AJV_OPTIONS, duration } from '../../../src/compose/schema/formats.js';
import { walkTree } from '../../../src/compose/tree-paths.js';
import type { ComposeFormat } from '../../../src/model/stack-model.js';

const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;
const FORMATS: ComposeFormat[] = ['v3', 'spec'];

const ajv = new Ajv({ ...AJV_OPTIONS }).addFormat('duration', duration);
const byAjv = Object.fromEntries(FORMATS.map((f) => [f, ajv.compile(composeSchema(f))]));
const byCheck = Object.fromEntries(FORMATS.map((f) => [f, compileCheck(composeSchema(f))]));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function trees(): unknown[] {
  return yamlFiles(FIXTURES).flatMap((path) => {
    const parsed = parseComposeFile({ displayPath: 'f.yaml', absolutePath: path, text: readFileSync(path, 'utf8') });
    return parsed.document ? [parsed.document.tree] : [];
  });
}

/** Both answers for one tree and format: the fast check must agree with ajv. */
function agree(tree: unknown): void {
  for (const format of FORMATS) {
    const expected = byAjv[format]!(tree);
    if (byCheck[format]!(tree) !== expected) throw new Error(`${format}: ajv says ${String(expected)} for ${JSON.stringify(tree)}`);
  }
}

/** Checks `tree` with the value at `path` replaced (`undefined`: the entry removed), then puts the old value back. */
function agreeWith(tree: unknown, path: readonly (string | number)[], value: unknown): void {
  let node = tree as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  const had = Object.hasOwn(node, last);
  const old = node[last];
  if (value === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = value;
  try {
    agree(tree);
  } finally {
    if (had) node[last] = old;
    else delete node[last];
  }
}

const REPLACEMENTS: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  -2000,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  '',
  'x',
  '10s',
  '8000-8010',
  'start-first',
  [],
  ['a', 'a'],
  [{ target: 80 }, { target: 80 }],
  {},
  { 'x-a': 1 },
  { bogus: 1 },
  { condition: 'service_started' },
];

describe('the fast schema check answers as ajv does', () => {
  const all = trees();

  it('on every fixture file, in both formats', () => {
    expect(all.length).toBeGreaterThan(50);
    all.forEach(agree);
  });

  it('on the fixture files with one node replaced by values of every type', () => {
    let cases = 0;
    // Each place of the schema once: the same key path in another file or service would test nothing new.
    const seen = new Set<string>();
    for (const tree of all) {
      for (const node of walkTree(tree)) {
        const place = node.path.map((step, i) => (typeof step === 'number' ? '[]' : i === 1 ? '*' : step)).join('.');
        if (seen.has(place)) continue;
        seen.add(place);
        for (const value of REPLACEMENTS) {
          agreeWith(tree, node.path, value);
          cases++;
        }
        if (node.value !== null && typeof node.value === 'object' && !Array.isArray(node.value)) {
          agreeWith(tree, [...node.path, 'bogus_key'], 1);
          agreeWith(tree, [...node.path, 'x-extension'], 1);
        }
      }
    }
    expect(cases).toBeGreaterThan(5000);
  });

  it.each([
    ['numbers that are not finite', { services: { web: { image: 'x', deploy: { replicas: Number.POSITIVE_INFINITY } } } }],
    ['NaN for a number', { services: { web: { image: 'x', healthcheck: { retries: Number.NaN } } } }],
    ['a duplicate in a unique list of strings', { services: { web: { image: 'x', cap_add: ['A', 'A'] } } }],
    ['a duplicate in a unique list of mappings', { services: { web: { image: 'x', ports: [{ target: 1 }, { target: 1 }] } } }],
    ['a number and a string that look alike', { services: { web: { image: 'x', expose: [80, '80'] } } }],
    ['a value outside an enum', { services: { web: { image: 'x', deploy: { update_config: { order: 'sideways' } } } } }],
    ['a value below a minimum', { services: { web: { image: 'x', oom_score_adj: -1001 } } }],
    ['a value at a maximum', { services: { web: { image: 'x', oom_score_adj: 1000 } } }],
    ['a string against a pattern', { services: { web: { image: 'x', ports: [{ target: 1, published: '80-x' }] } } }],
    ['a bad duration', { services: { web: { image: 'x', healthcheck: { interval: '10' } } } }],
    ['a missing required key', { services: { web: { image: 'x', depends_on: { db: {} } } } }],
    ['a null deploy', { services: { web: { image: 'x', deploy: null } } }],
    ['an invalid service name', { services: { 'a b': { image: 'x' } } }],
    ['an extension key in a service', { services: { web: { image: 'x', 'x-a': 1 } } }],
  ])('on %s', (_what, tree) => {
    agree(tree);
  });

  it('says no for a keyword it does not know, so ajv decides', () => {
    expect(compileCheck({ type: 'string', const: 'x' } as never)('x')).toBe(false);
    expect(compileCheck({ type: 'string', format: 'email' })('a@b')).toBe(false);
  });
});
