import { describe, expect, it } from 'vitest';
import { diffViews, joinPath, sameValue } from '../../../src/plan/diff.js';

describe('diffViews', () => {
  it('reports leaves with their paths, in key order', () => {
    expect(diffViews({ a: 1, b: { c: 2, d: [1, 2] } }, { a: 1, b: { c: 3, d: [2, 1] }, e: 'x' })).toEqual([
      { path: 'b.c', before: 2, after: 3 },
      { path: 'b.d', before: [1, 2], after: [2, 1] },
      { path: 'e', before: undefined, after: 'x' },
    ]);
  });

  it('reports a whole object that exists on one side only', () => {
    expect(diffViews({}, { update_config: { parallelism: 2 } })).toEqual([{ path: 'update_config', before: undefined, after: { parallelism: 2 } }]);
  });

  it('expands keyed maps that exist on one side only', () => {
    const keyed = (path: string) => path === 'environment';
    expect(diffViews({}, { environment: { A: '1', B: null } }, '', { keyed })).toEqual([
      { path: 'environment.A', before: undefined, after: '1' },
      { path: 'environment.B', before: undefined, after: null },
    ]);
  });

  it('equal views have no changes, whatever the key order', () => {
    expect(diffViews({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } })).toEqual([]);
    expect(sameValue({ x: [1, { y: 2 }] }, { x: [1, { y: 2 }] })).toBe(true);
  });
});

describe('joinPath', () => {
  it.each([
    ['', 'image', 'image'],
    ['environment', 'MODE', 'environment.MODE'],
    ['deploy.labels', 'com.example.tier', 'deploy.labels[com.example.tier]'],
    ['ports', '8080:80/tcp', 'ports[8080:80/tcp]'],
    ['volumes', '/data', 'volumes[/data]'],
    ['networks', 's_front', 'networks.s_front'],
  ])('%s + %s = %s', (parent, key, expected) => expect(joinPath(parent, key)).toBe(expected));
});
