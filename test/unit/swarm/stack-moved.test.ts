import { describe, expect, it } from 'vitest';
import { stackFingerprint, type PlanInputs } from '../../../src/swarm/stack-moved.js';

function object(id: string, version: number, labels: Record<string, string> | null) {
  return { ID: id, Version: { Index: version }, Spec: { Labels: labels } };
}

const NS = 'com.docker.stack.namespace';
const record = (id: string, version: number, stack = 'shop') => object(id, version, { 'io.stack.history': stack, 'io.stack.revision': '1', [NS]: stack });
const owned = (id: string, version: number, stack = 'shop') => object(id, version, { [NS]: stack });
const service = (id: string, image: string, stack = 'shop') => ({ ID: id, Spec: { Name: `${stack}_web`, Labels: { [NS]: stack }, TaskTemplate: { ContainerSpec: { Image: image } } } });
const network = (id: string, stack = 'shop') => ({ Id: id, Labels: { [NS]: stack } });

function inputs(parts: Partial<PlanInputs>): PlanInputs {
  return { services: [], networks: [], secrets: [], configs: [], ...parts } as PlanInputs;
}

describe('stackFingerprint: what a plan of the stack depends on', () => {
  it('is stable under reordering', () => {
    const a = inputs({ configs: [owned('c2', 7), owned('c1', 1)], secrets: [owned('s1', 4)], services: [service('w', 'web:1')], networks: [network('n1')] });
    const b = inputs({ configs: [owned('c1', 1), owned('c2', 7)], secrets: [owned('s1', 4)], services: [service('w', 'web:1')], networks: [network('n1')] });
    expect(stackFingerprint('shop', a)).toBe(stackFingerprint('shop', b));
  });

  it('changes when a service spec, network, secret or config of the stack changes, appears or goes', () => {
    const base = { configs: [owned('c1', 1)], secrets: [owned('s1', 4)], services: [service('w', 'web:1')], networks: [network('n1')] };
    const before = stackFingerprint('shop', inputs(base));
    expect(stackFingerprint('shop', inputs({ ...base, services: [service('w', 'web:2')] }))).not.toBe(before);
    expect(stackFingerprint('shop', inputs({ ...base, services: [] }))).not.toBe(before);
    expect(stackFingerprint('shop', inputs({ ...base, networks: [] }))).not.toBe(before);
    expect(stackFingerprint('shop', inputs({ ...base, networks: [network('n2')] }))).not.toBe(before);
    expect(stackFingerprint('shop', inputs({ ...base, secrets: [owned('s1', 5)] }))).not.toBe(before);
    expect(stackFingerprint('shop', inputs({ ...base, secrets: [owned('s1', 4), owned('s2', 9)] }))).not.toBe(before);
    expect(stackFingerprint('shop', inputs({ ...base, configs: [] }))).not.toBe(before);
  });

  it('leaves out revision records, the deploy lock and other stacks (every run writes the records, ours included)', () => {
    const base = { configs: [owned('c1', 1)], services: [service('w', 'web:1')] };
    const before = stackFingerprint('shop', inputs(base));
    const noisy = inputs({
      ...base,
      configs: [owned('c1', 1), record('r1', 3), record('r2', 8), object('lock', 2, { 'io.stack.lock': 'shop', [NS]: 'shop' }), owned('x', 1, 'billing')],
      secrets: [owned('y', 1, 'billing')],
      services: [service('w', 'web:1'), service('other', 'web:1', 'billing')],
      networks: [network('n9', 'billing')],
    });
    expect(stackFingerprint('shop', noisy)).toBe(before);
  });

  it('does not count swarm bumping a service version while its update rolls out', () => {
    const a = { ...service('w', 'web:1'), Version: { Index: 10 } };
    const b = { ...service('w', 'web:1'), Version: { Index: 14 } };
    expect(stackFingerprint('shop', inputs({ services: [a] }))).toBe(stackFingerprint('shop', inputs({ services: [b] })));
  });
});
