import { describe, expect, it } from 'vitest';
import { describeProgress, plainProgressLine } from '../../../src/render/deploy-progress.js';

const at = new Date(2026, 10, 23, 12, 0, 5);

describe('plain deploy progress lines', () => {
  it('shows phase and replicas, the time a service took, and why it failed', () => {
    expect(plainProgressLine({ type: 'service-progress', stage: 'deploy', progress: { serviceId: 'x', name: 'web', phase: 'starting', running: 0, desired: 2 }, final: false, at }, at)).toBe(
      '12:00:05 web: starting 0/2',
    );
    expect(
      plainProgressLine({ type: 'service-progress', stage: 'deploy', progress: { serviceId: 'x', name: 'web', phase: 'converged', running: 2, desired: 2, elapsedMs: 4100 }, final: true, at }, at),
    ).toBe('12:00:05 web: converged 2/2 (4.1s)');
    expect(
      describeProgress({ serviceId: 'x', name: 'web', phase: 'failed', running: 0, desired: 1, message: 'image cannot be pulled: web:9', elapsedMs: 2000 }, true),
    ).toBe('failed 0/1 (2.0s): image cannot be pulled: web:9');
    expect(describeProgress({ serviceId: 'x', name: 'web', phase: 'rolled-back', running: 1, desired: 1, elapsedMs: 9000 }, true)).toBe('rolled back by swarm 1/1 (9.0s)');
  });

  it('names the rollback stage and the lock holder', () => {
    expect(plainProgressLine({ type: 'service-progress', stage: 'rollback', progress: { serviceId: 'x', name: 'web', phase: 'updating', running: 1, desired: 2 }, final: false, at }, at)).toBe(
      '12:00:05 rollback web: updating 1/2',
    );
    expect(plainProgressLine({ type: 'lock-wait', holder: 'ci@build (pid 7) since t' }, at)).toBe('12:00:05 waiting for the deploy lock held by ci@build (pid 7) since t');
  });
});
