import { describe, expect, it } from 'vitest';
import { naturalCompare, naturalLess } from '../../../src/inspect/natural-order.js';

describe('natural order (docker sorts list rows with sortorder.NaturalLess)', () => {
  it('compares numbers by value', () => {
    expect(['web10', 'web2', 'web1'].sort(naturalCompare)).toEqual(['web1', 'web2', 'web10']);
    expect(['s.10', 's.9', 's.1'].sort(naturalCompare)).toEqual(['s.1', 's.9', 's.10']);
  });

  it('puts digits before other characters, and compares other characters byte-wise', () => {
    expect(['a_b', 'a1', 'aB', 'ab'].sort(naturalCompare)).toEqual(['a1', 'aB', 'a_b', 'ab']);
  });

  it('sorts fewer leading zeros first and a prefix before longer names', () => {
    expect(naturalLess('a01', 'a001')).toBe(true);
    expect(naturalLess('a1', 'a01')).toBe(true);
    expect(naturalLess('web', 'web_api')).toBe(true);
    expect(naturalLess('same', 'same')).toBe(false);
  });
});
