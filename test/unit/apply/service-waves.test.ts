import { describe, expect, it } from 'vitest';
import { serviceWaves } from '../../../src/apply/apply-plan.js';
import type { ServiceChange } from '../../../src/plan/plan.js';

function change(key: string, action: ServiceChange['action'] = 'update'): ServiceChange {
  return { type: 'service', key, name: `s_${key}`, action, fields: [], restarts: false, restartCount: 0 };
}

const names = (waves: ServiceChange[][]) => waves.map((w) => w.map((c) => c.key));

describe('service waves (depends_on orders writes)', () => {
  it('writes services without dependencies together', () => {
    expect(names(serviceWaves([change('a'), change('b')], new Map()))).toEqual([['a', 'b']]);
  });

  it('puts a service after the changed services it depends on, transitively', () => {
    const deps = new Map([['b', ['a']], ['c', ['b']], ['d', ['a']]]);
    expect(names(serviceWaves([change('c'), change('b'), change('a'), change('d')], deps))).toEqual([['a'], ['b', 'd'], ['c']]);
  });

  it('ignores dependencies this plan does not change, and cycles', () => {
    expect(names(serviceWaves([change('b'), change('a', 'none')], new Map([['b', ['a']]])))).toEqual([['b', 'a']]);
    expect(names(serviceWaves([change('a'), change('b')], new Map([['a', ['b']], ['b', ['a']]]))).flat().sort()).toEqual(['a', 'b']);
  });
});
