import { describe, expect, it } from 'vitest';
import { stateAndNext } from '../../../src/render/deploy-result.js';

describe('failure lines: the state swarm left and the next command', () => {
  it('a paused update points at stack rollback and the service logs', () => {
    expect(stateAndNext('demo', { name: 'demo_web', phase: 'failed', left: 'paused', cause: { kind: 'exit', text: 'task exited with code 3' } })).toBe(
      '; swarm paused the update on the new spec; next: stack rollback demo, docker service logs demo_web, stack ps demo',
    );
  });

  it('a service swarm rolled back needs no rollback; its logs say why', () => {
    expect(stateAndNext('demo', { name: 'demo_web', phase: 'rolled-back', left: 'rolled-back', cause: { kind: 'unhealthy', text: 'health check failing' } })).toBe(
      '; swarm rolled it back to the previous spec; next: docker service logs demo_web, stack ps demo',
    );
  });

  it('tasks that never ran (pull error, placement) have no logs: stack ps', () => {
    expect(stateAndNext('demo', { name: 'demo_web', phase: 'failed', left: 'in-progress', cause: { kind: 'placement', text: 'cannot be placed' } })).toBe(
      '; swarm left the update in progress; next: stack rollback demo, stack ps demo',
    );
    expect(stateAndNext('demo', { name: 'demo_web', phase: 'failed', left: 'new', cause: { kind: 'image', text: 'image cannot be pulled' } })).toBe(
      '; the new service keeps retrying its tasks; next: stack ps demo',
    );
  });

  it('after --rollback-on-failure put the service back, no rollback is suggested', () => {
    expect(stateAndNext('demo', { name: 'demo_web', phase: 'failed', left: 'paused', cause: { kind: 'exit', text: 'x' } }, true)).toBe(
      '; put back to its previous spec (--rollback-on-failure); next: docker service logs demo_web, stack ps demo',
    );
  });

  it('says nothing for services that converged or were not waited for', () => {
    expect(stateAndNext('demo', { name: 'demo_web', phase: 'interrupted' })).toBe('');
  });
});
