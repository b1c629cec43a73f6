import { describe, expect, it } from 'vitest';
import type { ServiceOutcome } from '../../../src/apply/execution-report.js';
import { failureMessage, finishedOutcome, INTERRUPTED_MESSAGE, revisionOutcomeOf, rollbackOutcome, runOutcome } from '../../../src/apply/outcome.js';

const service = (name: string, phase: ServiceOutcome['phase'], message?: string): ServiceOutcome => ({ name, action: 'update', phase, ...(message ? { message } : {}) });

describe('runOutcome', () => {
  it('says succeeded when waited for, submitted with --detach', () => {
    expect(runOutcome({ interrupted: false, failed: false, detach: false })).toBe('succeeded');
    expect(runOutcome({ interrupted: false, failed: false, detach: true })).toBe('submitted');
  });

  it('says failed, or rolled-back when putting the services back succeeded', () => {
    expect(runOutcome({ interrupted: false, failed: true, detach: false })).toBe('failed');
    expect(runOutcome({ interrupted: false, failed: true, detach: true })).toBe('failed');
    expect(runOutcome({ interrupted: false, failed: true, detach: false, rollback: 'succeeded' })).toBe('rolled-back');
    expect(runOutcome({ interrupted: false, failed: true, detach: false, rollback: 'failed' })).toBe('failed');
    expect(runOutcome({ interrupted: false, failed: true, detach: false, rollback: 'interrupted' })).toBe('failed');
  });

  it('lets an interruption win over a failure', () => {
    expect(runOutcome({ interrupted: true, failed: true, detach: false })).toBe('interrupted');
    expect(runOutcome({ interrupted: true, failed: false, detach: true })).toBe('interrupted');
    expect(INTERRUPTED_MESSAGE).toMatch(/^interrupted: /);
  });
});

describe('rollbackOutcome', () => {
  it('succeeds when every service converged, was removed or (with --detach) written', () => {
    expect(rollbackOutcome([service('a', 'converged'), service('b', 'removed'), service('c', 'written')])).toBe('succeeded');
    expect(rollbackOutcome([])).toBe('succeeded');
  });

  it('fails on any other phase, and is interrupted when a service was', () => {
    expect(rollbackOutcome([service('a', 'converged'), service('b', 'write-failed')])).toBe('failed');
    expect(rollbackOutcome([service('a', 'failed'), service('b', 'interrupted')])).toBe('interrupted');
  });
});

describe('finishedOutcome', () => {
  it('succeeds when every service converged or was removed', () => {
    expect(finishedOutcome([service('a', 'converged'), service('b', 'removed')], false)).toBe('succeeded');
  });

  it('fails on a service that did not, and is interrupted by the signal or a service', () => {
    expect(finishedOutcome([service('a', 'converged'), service('b', 'timed-out')], false)).toBe('failed');
    expect(finishedOutcome([service('a', 'converged')], true)).toBe('interrupted');
    expect(finishedOutcome([service('a', 'interrupted')], false)).toBe('interrupted');
  });
});

describe('failureMessage', () => {
  it('names the failed write when there is one', () => {
    expect(failureMessage({ writeFailure: { type: 'network', name: 's_net', message: 'pool overlaps' }, services: [service('a', 'failed')] })).toBe('pool overlaps');
  });

  it('lists the services that ended badly with their phase and message', () => {
    const services = [service('s_a', 'converged'), service('s_b', 'rolled-back', 'task exited'), service('s_c', 'timed-out'), service('s_d', 'written'), service('s_e', 'not-started')];
    expect(failureMessage({ services })).toBe('s_b: rolled back by swarm (task exited); s_c: timed-out');
  });
});

describe('revisionOutcomeOf', () => {
  it('stores a run with nothing to write as succeeded and every other outcome as it is', () => {
    expect(revisionOutcomeOf('unchanged')).toBe('succeeded');
    expect(revisionOutcomeOf('rolled-back')).toBe('rolled-back');
    expect(revisionOutcomeOf('submitted')).toBe('submitted');
  });
});
