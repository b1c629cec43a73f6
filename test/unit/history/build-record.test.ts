import { describe, expect, it } from 'vitest';
import { changedFromPlan, desiredFromPlan } from '../../../src/history/build-record.js';
import { desiredFromRecord } from '../../../src/history/rollback-state.js';
import type { Plan } from '../../../src/plan/plan.js';
import type { RevisionRecord } from '../../../src/history/record.js';
import type { ServiceSpec } from '../../../src/convert/swarm-types.js';
import { bindObjectRefs } from '../../../src/apply/bind-object-refs.js';

const spec = {
  Name: 's_web',
  Labels: {},
  TaskTemplate: { ContainerSpec: { Image: 'web:1', Secrets: [{ File: { Name: 'token', UID: '0', GID: '0', Mode: 292 }, SecretID: '', SecretName: 's_token-0123456789' }] } },
  Mode: { Replicated: { Replicas: 1 } },
} as unknown as ServiceSpec;

const plan: Plan = {
  stackName: 's',
  externalNetworks: [],
  prune: false,
  placement: [],
  problems: [],
  warnings: [],
  changes: [
    { type: 'network', key: 'default', name: 's_default', action: 'none', fields: [], desired: { Name: 's_default', Driver: 'overlay' } as never },
    { type: 'secret', key: 'token', name: 's_token-0123456789', action: 'replace', fields: [], replaces: 's_token', contentHash: 'abc', desired: { Name: 's_token-0123456789', Data: 'c2VjcmV0', Labels: {} } },
    { type: 'service', key: 'web', name: 's_web', action: 'update', fields: [], restarts: true, restartCount: 1, desired: spec },
    { type: 'secret', name: 's_token', action: 'remove', fields: [], liveId: 'old' },
  ],
};

describe('revision records from a plan', () => {
  it('keeps every desired object, secrets without data but with their hash', () => {
    const desired = desiredFromPlan(plan);
    expect(desired.secrets).toEqual([{ name: 's_token-0123456789', spec: { Name: 's_token-0123456789', Labels: {} }, sha256: 'abc' }]);
    expect(JSON.stringify(desired)).not.toContain('c2VjcmV0');
    expect(desired.networks.map((n) => n.name)).toEqual(['s_default']);
    expect(desired.services.map((s) => s.key)).toEqual(['web']);
  });

  it('lists what the plan writes (removals only with prune)', () => {
    expect(changedFromPlan(plan)).toEqual([
      { type: 'secret', name: 's_token-0123456789', action: 'replace' },
      { type: 'service', name: 's_web', action: 'update' },
    ]);
  });

  it('keeps secret references of a record by name for apply to bind to the objects that exist now, and names missing ones', () => {
    const record = { format: 1, stack: 's', revision: 2, desired: desiredFromPlan(plan) } as RevisionRecord;
    const ids = { secrets: new Map([['s_token-0123456789', 'id9']]), configs: new Map<string, string>() };
    const desired = desiredFromRecord(record, ids);
    expect(desired.services[0]?.spec.TaskTemplate.ContainerSpec?.Secrets?.[0]?.SecretName).toBe('s_token-0123456789');
    const bound = bindObjectRefs(desired.services[0]!.spec, ids);
    expect(bound.TaskTemplate.ContainerSpec?.Secrets?.[0]?.SecretID).toBe('id9');
    expect(() => desiredFromRecord(record, { secrets: new Map(), configs: new Map() })).toThrow('references objects that no longer exist: secret s_token-0123456789');
  });
});
