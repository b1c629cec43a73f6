import { describe, expect, it } from 'vitest';
import { timedOutMessage } from '../../../src/apply/wait.js';

describe('timedOutMessage says where a service stood when --timeout ran out, and what the wait was doing', () => {
  it('repeats the longer stability check and its reason, so a timeout shorter than the check says so', () => {
    const last = { phase: 'starting' as const, running: 1, desired: 1, message: 'running, checking that tasks stay up for 44s (its containers took up to 22.1s to start)' };
    expect(timedOutMessage(last, 30_000)).toBe('not converged after 30s (starting, 1/1 running): running, checking that tasks stay up for 44s (its containers took up to 22.1s to start)');
  });

  it('says only where it stood when the wait had nothing to add', () => {
    expect(timedOutMessage({ phase: 'updating', running: 2, desired: 3 }, 120_000)).toBe('not converged after 120s (updating, 2/3 running)');
  });
});
