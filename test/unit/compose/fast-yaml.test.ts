import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFastYaml } from '../../../src/compose/fast-yaml.js';
import { parseWithYaml, resolvePlainScalar } from '../../../src/compose/parse-yaml.js';
import type { SourceMap } from '../../../src/compose/source-map.js';
import { dedent } from '../../helpers/dedent.js';

const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function entries(map: SourceMap): unknown[] {
  return [...map.under([])];
}

/** The fast reader's result, which must equal yaml's in values, key order and source map; undefined if it declined. */
function compare(text: string): 'fast' | 'declined' {
  const fast = parseFastYaml(text, 'compose.yaml', resolvePlainScalar);
  if (!fast) return 'declined';
  const slow = parseWithYaml({ displayPath: 'compose.yaml', absolutePath: '/p/compose.yaml', text });
  expect(slow.problems).toEqual([]);
  expect(fast.tree).toEqual(slow.document?.tree);
  expect(JSON.stringify(fast.tree)).toBe(JSON.stringify(slow.document?.tree));
  expect(entries(fast.sourceMap)).toEqual(entries(slow.document!.sourceMap));
  return 'fast';
}

function bench(count: number): string {
  const lines = ['services:'];
  for (let i = 1; i <= count; i++) {
    lines.push(`  svc${i}:`, `    image: registry:5000/busybox:1`, '    command: ["sleep", "3600"]');
    lines.push('    environment:', `      INDEX: "${i}"`, '      MODE: one', `    networks: [net${i % 2}]`);
    lines.push('    healthcheck:', '      test: ["CMD", "true"]', '      interval: 30s');
    lines.push('    deploy:', '      replicas: 0', '      labels:', '        bench: "yes"', `        index: "${i}"`);
  }
  lines.push('networks:', '  net0:', '  net1:');
  return `${lines.join('\n')}\n`;
}

describe('fast YAML reader: the same tree and source map as yaml', () => {
  it('reads every fixture file the same as yaml, or declines it', () => {
    const files = yamlFiles(FIXTURES);
    expect(files.length).toBeGreaterThan(50);
    const outcomes = files.map((path) => compare(readFileSync(path, 'utf8')));
    // Most fixtures are plain block YAML; the test would prove little if the reader declined them all.
    const fast = outcomes.filter((o) => o === 'fast').length;
    console.log(`fast: ${fast} of ${files.length}`);
    expect(fast).toBeGreaterThan(files.length / 3);
  });

  it('reads the benchmark file', () => {
    expect(compare(bench(20))).toBe('fast');
  });

  it.each([
    ['empty values and comments', 'a:   \nb:  # c\nc: x   # y\nd:\n  # comment\ne:\n\n  - \n  -   # c\nf: 1\n'],
    ['lists at the column of their key', 'a:\n- 1\n- k: v\n  z:\n- [a, "b", c ]\nd: \'q\'\n'],
    ['compact mappings in lists', 'x:\n  - a:\n    b: 2\n  -   c: 1\n  - d: [1, 2]\n    e: "x"\n'],
    ['numbers as docker reads them', 'n: [1e3, 0x10, 09, 1_000, .5, 12345678901234567890, -0.0, 0440, +1, 1e6, 1000000.0, 0b11]\n'],
    ['null and booleans', 'v: [~, null, Null, NULL, true, True, TRUE, false, FALSE, yes, no, tRUE]\n'],
    ['quoted scalars', 'a: "x\\ty \\u00e9 \\" \\\\ #"\nb: \'it\'\'s # not\'\n"c d": \'\'\nq: ""\n'],
    ['keys that look like other things', '1: a\ntrue: b\nnull: c\n0x10: d\n"quoted": e\nx.y/z:w: f\n-k: g\n'],
    ['colons and hashes inside plain scalars', 'a: http://x:80/p#frag\nb: a#b\nc: x - y\nd: [a#b]\n'],
    ['an indented root mapping', '  a: 1\n  b:\n    - x\n'],
    ['__proto__ keys', '__proto__: 1\nx:\n  __proto__: [a]\n'],
    ['indentation deeper than two', 'a:\n     b:\n          - c\n          -   d: 1\n              e: 2\n'],
  ])('%s', (_name, text) => {
    expect(compare(text)).toBe('fast');
  });

  it.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['merge keys', 'a: {x: 1}\nb:\n  <<: {y: 2}\n'],
    ['block scalars', 'a: |\n  x\n'],
    ['scalars over several lines', 'a: one\n  two\n'],
    ['flow mappings', 'a: {x: 1}\n'],
    ['tags', 'a: !!str 1\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['tabs', 'a:\t1\n'],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n'],
    ['a list at the top', '- a\n'],
    ['a scalar at the top', 'a\n'],
    ['an empty file', ''],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n'],
    ['a value that is a mapping on one line', 'a: b: c\n'],
    ['a flow sequence over several lines', 'a: [1,\n  2]\n'],
    ['a trailing comma', 'a: [1, 2,]\n'],
    ['an unclosed quote', 'a: "x\n'],
    ['.inf', 'a: .inf\n'],
  ])('declines %s', (_name, text) => {
    expect(parseFastYaml(text, 'compose.yaml', resolvePlainScalar)).toBeUndefined();
  });

  it('reads dedented inline YAML like the tests write it', () => {
    const outcome = compare(dedent`
      services:
        web:
          image: nginx
          ports:
            - "80:80"
            - target: 443
              published: 8443
              mode: host
    `);
    expect(outcome).toBe('fast');
  });
});
