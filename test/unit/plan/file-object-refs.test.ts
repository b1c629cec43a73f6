import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/convert/swarm-types.js';
import { mapFileObjectRefs } from '../../../src/plan/file-object-refs.js';

const fileTarget = { Name: 'x', UID: '0', GID: '0', Mode: 0o444 };

function spec(): ServiceSpec {
  return {
    Name: 's_app',
    Labels: {},
    TaskTemplate: {
      ContainerSpec: {
        Image: 'busybox',
        Secrets: [{ File: fileTarget, SecretID: 'sec-old', SecretName: 's_token' }],
        Configs: [
          { File: fileTarget, ConfigID: 'cfg-old', ConfigName: 's_conf' },
          { Runtime: {}, ConfigID: 'cred-old', ConfigName: 's_cred' },
        ],
        Privileges: { CredentialSpec: { Config: 'cred-old' } },
      },
    },
  } as unknown as ServiceSpec;
}

describe('mapFileObjectRefs', () => {
  it('rewrites secret and config references, and a credential spec follows its config to the new ID', () => {
    const out = mapFileObjectRefs(spec(), {
      secret: (ref) => ({ ...ref, SecretID: 'sec-new', SecretName: 's_token-0123456789' }),
      config: (ref) => (ref.ConfigName === 's_cred' ? { ...ref, ConfigID: 'cred-new' } : ref),
    });
    const container = out.TaskTemplate.ContainerSpec!;
    expect(container.Secrets).toEqual([{ File: fileTarget, SecretID: 'sec-new', SecretName: 's_token-0123456789' }]);
    expect(container.Configs?.map((c) => c.ConfigID)).toEqual(['cfg-old', 'cred-new']);
    expect(container.Privileges?.CredentialSpec).toEqual({ Config: 'cred-new' });
  });

  it('leaves the spec alone without references, and never mutates its input', () => {
    const input = spec();
    const before = JSON.stringify(input);
    const same = mapFileObjectRefs(input, {});
    expect(JSON.stringify(same)).toBe(before);
    mapFileObjectRefs(input, { secret: (ref) => ({ ...ref, SecretID: 'changed' }) });
    expect(JSON.stringify(input)).toBe(before);
    const bare = { Name: 'n', TaskTemplate: { ContainerSpec: { Image: 'i' } } } as unknown as ServiceSpec;
    expect(mapFileObjectRefs(bare, { secret: () => { throw new Error('not called'); } })).toBe(bare);
  });
});
