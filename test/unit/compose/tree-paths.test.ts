import { describe, expect, test } from 'vitest';
import type { KeyPath } from '../../../src/compose/source-map.js';
import { matchesPath, PathTable, valueAt, walkTree } from '../../../src/compose/tree-paths.js';

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

describe('PathTable', () => {
  // Overlapping patterns, so the first-row-wins order matters: literal, wildcard and extension at one level.
  const rows = [
    { pattern: 'services.*.x-*', id: 'service-extension' },
    { pattern: 'services.web.image', id: 'web-image' },
    { pattern: 'services.*.image', id: 'any-image' },
    { pattern: 'services.*.*', id: 'any-service-key' },
    { pattern: 'services.*.ports[]', id: 'port' },
    { pattern: 'services.*.ports[].target', id: 'port-target' },
    { pattern: 'services.*.volumes[][]', id: 'nested-list' },
    { pattern: 'x-*', id: 'top-extension' },
    { pattern: '*', id: 'top-key' },
    { pattern: 'name', id: 'name' },
    { pattern: '', id: 'root' },
  ];
  const table = new PathTable(rows);
  const paths: KeyPath[] = [
    [],
    ['name'],
    ['x-common'],
    ['services'],
    [0],
    ['services', 'web', 'image'],
    ['services', 'db', 'image'],
    ['services', 'web', 'x-meta'],
    ['services', 'web', 'command'],
    ['services', 'web', 'ports', 0],
    ['services', 'web', 'ports', 'x'],
    ['services', 'web', 'ports', 2, 'target'],
    ['services', 'web', 'ports', 2, 'published'],
    ['services', 'web', 'volumes', 1, 0],
    ['services', 'web', 'volumes', 1],
    ['services', 'web', 'image', 'extra'],
  ];

  test('finds what a scan of the rows with matchesPath finds', () => {
    for (const path of paths) {
      const scanned = rows.find((row) => matchesPath(row.pattern, path));
      expect(table.find(path), JSON.stringify(path)).toBe(scanned);
    }
  });

  test('picks literal before wildcard only when the literal row comes first', () => {
    expect(table.find(['services', 'web', 'image'])?.id).toBe('web-image');
    expect(table.find(['services', 'db', 'image'])?.id).toBe('any-image');
    expect(table.find(['services', 'web', 'x-meta'])?.id).toBe('service-extension');
    expect(table.find(['x-common'])?.id).toBe('top-extension');
    expect(table.find(['name'])?.id).toBe('top-key');
    expect(table.find([0])).toBeUndefined();
  });

  test('skips rows the predicate refuses and takes the next matching one', () => {
    const found = table.find(['services', 'web', 'image'], (row) => row.id !== 'web-image');
    expect(found?.id).toBe('any-image');
    expect(table.find(['services', 'web', 'image'], () => false)).toBeUndefined();
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
