import { describe, expect, it } from 'vitest';
import { changedFromPlan, desiredFromPlan } from '../../../src/history/build-record.js';
import { desiredFromRecord } from '../../../src/history/rollback-state.js';
import type { Plan } from '../../../src/plan/plan.js';
import type { RevisionRecord } from '../../../src/history/record.js';
import type { ServiceSpec } from '../../../src/convert/swarm-types.js';

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
  references: [{ type: 'secret', name: 's_token-0123456789', resolvesTo: 'created' }],
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

  it('gives the planner the references of a record by name only (IDs an older version recorded are dropped), and names missing objects', () => {
    // `spec` is as older versions recorded it: an empty SecretID for the secret that run created.
    const record = { format: 1, stack: 's', revision: 2, desired: desiredFromPlan(plan) } as RevisionRecord;
    const ids = { secrets: new Map([['s_token-0123456789', 'id9']]), configs: new Map<string, string>() };
    const desired = desiredFromRecord(record, ids);
    expect(desired.services[0]?.spec.TaskTemplate.ContainerSpec?.Secrets).toStrictEqual([{ File: { Name: 'token', UID: '0', GID: '0', Mode: 292 }, SecretName: 's_token-0123456789' }]);
    expect(() => desiredFromRecord(record, { secrets: new Map(), configs: new Map() })).toThrow('references objects that no longer exist: secret s_token-0123456789');
  });

  it('names the config of a recorded credential spec that held an ID (or nothing, for a config that run created)', () => {
    for (const recordedConfig of ['cfg-old', '']) {
      const withCredential = {
        ...spec,
        TaskTemplate: {
          ContainerSpec: {
            Configs: [{ Runtime: {}, ConfigID: recordedConfig, ConfigName: 's_cred' }],
            Privileges: { CredentialSpec: { Config: recordedConfig, File: '', Registry: '' }, SELinuxContext: null, NoNewPrivileges: false },
          },
        },
      } as unknown as ServiceSpec;
      const record = { format: 1, stack: 's', revision: 2, desired: { networks: [], secrets: [], configs: [], services: [{ key: 'web', name: 's_web', spec: withCredential }] } } as unknown as RevisionRecord;
      const container = desiredFromRecord(record, { secrets: new Map(), configs: new Map([['s_cred', 'cfg-now']]) }).services[0]?.spec.TaskTemplate.ContainerSpec;
      expect(container?.Configs).toStrictEqual([{ Runtime: {}, ConfigName: 's_cred' }]);
      expect(container?.Privileges?.CredentialSpec).toStrictEqual({ Config: 's_cred', File: '', Registry: '' });
    }
  });
});
