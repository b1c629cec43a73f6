import { describe, expect, it } from 'vitest';
import { createProgress, describeProgress, plainProgressLine } from '../../../src/render/deploy-progress.js';
import type { SecretChange, ServiceChange } from '../../../src/plan/plan.js';

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

describe('writes as apply performed them', () => {
  const secret: SecretChange = { type: 'secret', name: 's_token', action: 'update', fields: [], liveId: 'sec1', fallback: { name: 's_token-0123456789', desired: { Name: 's_token-0123456789', Labels: {} } } };
  const service: ServiceChange = { type: 'service', key: 'web', name: 's_web', action: 'none', fields: [], liveId: 'svc1', restarts: false, restartCount: 0 };

  it('say what was written, not what was planned, when a secret falls back to a new object', () => {
    expect(plainProgressLine({ type: 'change-started', write: { change: secret, action: 'update', name: 's_token' } }, at)).toBe('12:00:05 Updating secret s_token');
    expect(plainProgressLine({ type: 'secret-fallback', secret: 's_token', fallback: 's_token-0123456789' }, at)).toBe(
      '12:00:05 warning: secret s_token holds other content than the file; creating s_token-0123456789 instead',
    );
    expect(plainProgressLine({ type: 'change-started', write: { change: secret, action: 'create', name: 's_token-0123456789' } }, at)).toBe('12:00:05 Creating secret s_token-0123456789');
    // A service the plan left alone, written to point at the fallback.
    expect(plainProgressLine({ type: 'change-started', write: { change: service, action: 'update', name: 's_web' } }, at)).toBe('12:00:05 Updating service s_web (id: svc1)');
  });

  it('word a failed dependency that others need only with required: false', () => {
    expect(plainProgressLine({ type: 'optional-dependencies-failed', services: ['s_flaky'] }, at)).toBe(
      '12:00:05 warning: s_flaky did not converge; the services that depend on it with required: false are deployed anyway',
    );
  });

  it('print the fallback as a warning on stderr, also with --quiet', () => {
    for (const mode of ['plain', 'quiet'] as const) {
      const out: string[] = [];
      const err: string[] = [];
      const sink = (lines: string[]) => ({ write: (text: string) => lines.push(text) }) as unknown as NodeJS.WritableStream;
      const progress = createProgress({ stackName: 's', externalNetworks: [], changes: [], references: [], warnings: [], prune: false, placement: [], problems: [] }, { mode, colour: false, out: sink(out), err: sink(err), now: () => at });
      progress.onEvent({ type: 'secret-fallback', secret: 's_token', fallback: 's_token-0123456789' });
      expect(out).toEqual([]);
      expect(err.join('')).toContain('warning: secret s_token holds other content than the file; creating s_token-0123456789 instead\n');
    }
  });
});
