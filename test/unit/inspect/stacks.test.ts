import { describe, expect, it } from 'vitest';
import { summarizeStacks } from '../../../src/inspect/stacks.js';
import type { LiveService } from '../../../src/swarm/live-types.js';

function service(name: string, stack: string | undefined): LiveService {
  return {
    ID: name,
    Version: { Index: 1 },
    CreatedAt: '',
    UpdatedAt: '',
    Spec: { Name: name, Labels: stack ? { 'com.docker.stack.namespace': stack } : {}, TaskTemplate: { ForceUpdate: 0 }, Mode: {} },
  };
}

describe('stack summaries', () => {
  it('groups services by namespace label, adds the newest revision, and sorts naturally', () => {
    const services = [service('web10_a', 'web10'), service('web2_a', 'web2'), service('web2_b', 'web2'), service('loose', undefined)];
    const revisions = new Map([
      [
        'web2',
        [
          { revision: 3, outcome: 'failed' as const, createdAt: '2026-01-02T03:00:00Z' },
          { revision: 4, outcome: 'succeeded' as const, createdAt: '2026-01-02T04:00:00Z' },
        ],
      ],
      ['removed-stack', [{ revision: 1, outcome: 'succeeded' as const, createdAt: '2026-01-01T00:00:00Z' }]],
    ]);
    expect(summarizeStacks(services, revisions)).toEqual([
      { name: 'web2', services: 2, revision: 4, outcome: 'succeeded', deployedAt: '2026-01-02T04:00:00Z' },
      { name: 'web10', services: 1, revision: null, outcome: null, deployedAt: null },
    ]);
  });
});
