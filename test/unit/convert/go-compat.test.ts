import { describe, expect, it } from 'vitest';
import {
  compact,
  compareGoStrings,
  goSlice,
  goSliceStable,
  omitEmptyList,
  omitEmptyMap,
  omitEmptyString,
  omitFalse,
  omitZero,
  sortGoStrings,
  sortedRecord,
} from '../../../src/convert/go-compat.js';

describe('Go string order', () => {
  it('orders by bytes: upper case before lower case, shorter prefix first', () => {
    expect(sortGoStrings(['b', 'B', 'a', 'ab', 'A', ''])).toStrictEqual(['', 'A', 'B', 'a', 'ab', 'b']);
  });

  it('orders characters above U+FFFF after U+E000..U+FFFF, unlike UTF-16 comparison', () => {
    const astral = '\u{1F600}';
    const privateUse = '\uE000';
    expect(astral < privateUse).toBe(true); // JavaScript's order
    expect(compareGoStrings(astral, privateUse)).toBeGreaterThan(0); // Go's order
    expect(sortGoStrings([astral, privateUse, 'é', 'z'])).toStrictEqual(['z', 'é', privateUse, astral]);
  });

  it('sorts record keys the same way', () => {
    expect(Object.keys(sortedRecord({ b: '1', a: '2', B: '3' }))).toStrictEqual(['B', 'a', 'b']);
  });
});

describe('Go sort.Slice reproduction', () => {
  const byKey = (a: { k: number }, b: { k: number }) => a.k < b.k;
  const ids = (list: { id: number }[]) => list.map((x) => x.id);

  it('is an insertion sort, hence stable, up to 12 elements', () => {
    const input = Array.from({ length: 12 }, (_, id) => ({ id, k: id % 3 }));
    expect(ids(goSlice(input, byKey))).toStrictEqual([0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11]);
  });

  // Orders observed from docker CLI 28.2.2 (go1.24.3) sorting ports by published port.
  it('reorders 13 ties after a larger element like Go', () => {
    const input = [{ id: -1, k: 9 }, ...Array.from({ length: 12 }, (_, i) => ({ id: 1000 + i, k: 0 }))];
    expect(ids(goSlice(input, byKey))).toStrictEqual([1005, 1000, 1001, 1002, 1003, 1004, 1006, 1007, 1008, 1009, 1010, 1011, -1]);
  });

  it('reorders 14 elements like go1.24 (xorshift 13/7/17 in breakPatterns)', () => {
    const input = [{ id: -1, k: 9 }, ...Array.from({ length: 13 }, (_, i) => ({ id: 1000 + i, k: 0 }))];
    expect(ids(goSlice(input, byKey))).toStrictEqual([
      1005, 1011, 1001, 1002, 1003, 1004, 1007, 1012, 1000, 1008, 1009, 1010, 1006, -1,
    ]);
  });

  it('keeps ties in place when the larger element comes last', () => {
    const input = [...Array.from({ length: 12 }, (_, i) => ({ id: 1000 + i, k: 0 })), { id: -1, k: 9 }];
    expect(ids(goSlice(input, byKey))).toStrictEqual([...Array.from({ length: 12 }, (_, i) => 1000 + i), -1]);
  });

  it('sorts large inputs correctly (heap-sort fallback and partitions included)', () => {
    const input = Array.from({ length: 500 }, (_, id) => ({ id, k: (id * 7919) % 97 }));
    const keys = goSlice(input, byKey).map((x) => x.k);
    expect(keys).toStrictEqual([...keys].sort((a, b) => a - b));
    expect(goSlice(input, byKey)).toHaveLength(500);
  });

  it('does not modify its input', () => {
    const input = [{ id: 1, k: 2 }, { id: 2, k: 1 }];
    goSlice(input, byKey);
    expect(ids(input)).toStrictEqual([1, 2]);
  });

  it('sort.SliceStable keeps the input order of ties', () => {
    const input = Array.from({ length: 40 }, (_, id) => ({ id, k: id % 2 }));
    const sorted = goSliceStable(input, byKey);
    expect(ids(sorted)).toStrictEqual([...input.filter((x) => x.k === 0), ...input.filter((x) => x.k === 1)].map((x) => x.id));
  });
});

describe('omitempty helpers', () => {
  it('compact drops undefined-valued keys only', () => {
    expect(compact({ a: undefined, b: null, c: 0, d: '', e: false })).toStrictEqual({ b: null, c: 0, d: '', e: false });
  });

  it('drop Go zero values', () => {
    expect([omitEmptyString(''), omitEmptyString('x'), omitZero(0), omitZero(-1), omitFalse(false), omitFalse(true)]).toStrictEqual([
      undefined,
      'x',
      undefined,
      -1,
      undefined,
      true,
    ]);
    expect([omitEmptyList([]), omitEmptyList(['a']), omitEmptyMap({}), omitEmptyMap({ b: '1', a: '2' })]).toStrictEqual([
      undefined,
      ['a'],
      undefined,
      { a: '2', b: '1' },
    ]);
  });
});
