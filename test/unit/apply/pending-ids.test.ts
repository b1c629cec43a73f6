import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/convert/swarm-types.js';
import { bindPendingIds, pendingId } from '../../../src/apply/pending-ids.js';

describe('pending IDs of secrets and configs created by the same deploy', () => {
  const spec = {
    Labels: {},
    Mode: {},
    TaskTemplate: {
      ForceUpdate: 0,
      ContainerSpec: {
        Secrets: [{ SecretID: pendingId('secret', 's_db'), SecretName: 's_db' }],
        Configs: [{ ConfigID: 'live-id', ConfigName: 's_site' }],
        Privileges: { CredentialSpec: { Config: pendingId('config', 's_cred') } },
      },
    },
  } as unknown as ServiceSpec;

  it('replaces every placeholder with the created ID and leaves real IDs alone', () => {
    const bound = bindPendingIds(spec, { secret: new Map([['s_db', 'sec1']]), config: new Map([['s_cred', 'cfg9']]) });
    expect(bound.TaskTemplate.ContainerSpec?.Secrets?.[0]?.SecretID).toBe('sec1');
    expect(bound.TaskTemplate.ContainerSpec?.Configs?.[0]?.ConfigID).toBe('live-id');
    expect(bound.TaskTemplate.ContainerSpec?.Privileges?.CredentialSpec?.Config).toBe('cfg9');
  });

  it('fails loudly when a placeholder has no ID', () => {
    expect(() => bindPendingIds(spec, { secret: new Map(), config: new Map() })).toThrow('no ID for secret s_db');
  });
});
