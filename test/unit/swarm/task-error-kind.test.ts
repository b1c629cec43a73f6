import { describe, expect, it } from 'vitest';
import { isPlacementError, taskErrorKind } from '../../../src/swarm/task-error-kind.js';

// Texts as Engine 20.10's swarm wrote them on the lab.
describe('taskErrorKind', () => {
  it.each([
    ['no suitable node (host-mode port already in use on 3 nodes)', 'host-port'],
    ['host-mode port already in use on 1 node', 'host-port'],
    ['no suitable node (insufficient resources on 3 nodes)', 'resources'],
    ['no suitable node (max replicas per node limit exceed)', 'max-replicas'],
    ['no suitable node (1 node not available for new tasks)', 'nodes-unavailable'],
    ['no suitable node (scheduling constraints not satisfied on 3 nodes)', 'unplaceable'],
    ['no suitable node (unsupported platform on 3 nodes)', 'unplaceable'],
    ['No such image: 10.213.0.1:5000/stack-test/web:missing', 'image'],
    ['manifest unknown', 'image'],
    ['invalid reference format', 'image'],
    ['task: non-zero exit (3)', 'non-zero-exit'],
    ['starting container failed: oci runtime error', 'other'],
    ['', 'other'],
    [undefined, 'other'],
  ] as const)('%s → %s', (err, kind) => {
    expect(taskErrorKind(err)).toBe(kind);
  });

  it('counts every scheduler reason, and nothing else, as a placement error', () => {
    expect(isPlacementError('no suitable node (host-mode port already in use on 3 nodes)')).toBe(true);
    expect(isPlacementError('no suitable node (1 node not available for new tasks)')).toBe(true);
    expect(isPlacementError('task: non-zero exit (3)')).toBe(false);
    expect(isPlacementError('No such image: x')).toBe(false);
    expect(isPlacementError(undefined)).toBe(false);
  });
});
