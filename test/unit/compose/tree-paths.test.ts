import { describe, expect, test } from 'vitest';
import { matchesPath, valueAt, walkTree } from '../../../src/compose/tree-paths.js';

describe('matchesPath', () => {
  test.each([
    ['services.*.build', ['services', 'web', 'build'], true],
    ['services.*.build', ['services', 'web', 'build', 'context'], false],
    ['services.*.ports[]', ['services', 'web', 'ports', 0], true],
    ['services.*.ports[]', ['services', 'web', 'ports', 'x'], false],
    ['services.*.volumes[].bind.create_host_path', ['services', 'a', 'volumes', 3, 'bind', 'create_host_path'], true],
    ['services.*.x-*', ['services', 'web', 'x-meta'], true],
    ['services.*.x-*', ['services', 'web', 'image'], false],
    ['x-*', ['x-common'], true],
    ['name', ['name'], true],
    ['*', [0], false],
  ] as const)('%s ~ %j → %s', (pattern, path, expected) => {
    expect(matchesPath(pattern, path)).toBe(expected);
  });
});

describe('walkTree and valueAt', () => {
  const tree = { services: { web: { ports: [80, { target: 443 }] } } };

  test('visits every entry and item, parents first, in document order', () => {
    expect([...walkTree(tree)].map((node) => node.path)).toEqual([
      ['services'],
      ['services', 'web'],
      ['services', 'web', 'ports'],
      ['services', 'web', 'ports', 0],
      ['services', 'web', 'ports', 1],
      ['services', 'web', 'ports', 1, 'target'],
    ]);
  });

  test('reads values by path, undefined when a step is missing', () => {
    expect(valueAt(tree, ['services', 'web', 'ports', 1, 'target'])).toBe(443);
    expect(valueAt(tree, ['services', 'db', 'image'])).toBeUndefined();
    expect(valueAt(tree, ['services', 'web', 'ports', 'x'])).toBeUndefined();
  });
});
