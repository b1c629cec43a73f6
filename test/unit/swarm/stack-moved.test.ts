import { describe, expect, it } from 'vitest';
import { stackFingerprint } from '../../../src/swarm/stack-moved.js';

function object(id: string, version: number, labels: Record<string, string> | null) {
  return { ID: id, Version: { Index: version }, Spec: { Labels: labels } };
}

const record = (id: string, version: number, stack = 'shop') => object(id, version, { 'io.stack.history': stack, 'io.stack.revision': '1' });
const owned = (id: string, version: number, stack = 'shop') => object(id, version, { 'com.docker.stack.namespace': stack });

describe('stackFingerprint: what another stack run changes', () => {
  it('lists the stack revision records, secrets and configs as ID@version, in a stable order', () => {
    const configs = [owned('c2', 7), record('r1', 3), owned('other', 1, 'billing'), object('lock', 9, { 'io.stack.lock': 'shop' })];
    const secrets = [owned('s1', 4), object('loose', 2, null)];
    expect(stackFingerprint('shop', configs, secrets)).toBe('c2@7,r1@3,s1@4');
    expect(stackFingerprint('shop', [...configs].reverse(), secrets)).toBe('c2@7,r1@3,s1@4');
  });

  it('changes when a record is relabelled, added or removed, or a versioned secret appears', () => {
    const before = stackFingerprint('shop', [record('r1', 3)], [owned('s1', 4)]);
    expect(stackFingerprint('shop', [record('r1', 5)], [owned('s1', 4)])).not.toBe(before);
    expect(stackFingerprint('shop', [record('r1', 3), record('r2', 8)], [owned('s1', 4)])).not.toBe(before);
    expect(stackFingerprint('shop', [], [owned('s1', 4)])).not.toBe(before);
    expect(stackFingerprint('shop', [record('r1', 3)], [owned('s1', 4), owned('s2', 9)])).not.toBe(before);
  });

  it('ignores other stacks and the deploy lock (the lock changes with every run, ours included)', () => {
    const before = stackFingerprint('shop', [record('r1', 3)], []);
    expect(stackFingerprint('shop', [record('r1', 3), record('x', 1, 'billing'), object('lock', 2, { 'io.stack.lock': 'shop' })], [owned('y', 1, 'billing')])).toBe(before);
  });
});
