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
        Secrets: [{ File: fileTarget, SecretName: 's_token' }],
        Configs: [
          { File: fileTarget, ConfigName: 's_conf' },
          { Runtime: {}, ConfigName: 's_cred' },
        ],
        Privileges: { CredentialSpec: { Config: 's_cred' } },
      },
    },
  } as unknown as ServiceSpec;
}

describe('mapFileObjectRefs', () => {
  it('rewrites secret and config references, and a credential spec follows its config to the new name', () => {
    const out = mapFileObjectRefs(spec(), {
      secret: (ref) => ({ ...ref, SecretName: 's_token-0123456789' }),
      config: (ref) => (ref.ConfigName === 's_cred' ? { ...ref, ConfigName: 's_cred-0123456789' } : ref),
    });
    const container = out.TaskTemplate.ContainerSpec!;
    expect(container.Secrets).toEqual([{ File: fileTarget, SecretName: 's_token-0123456789' }]);
    expect(container.Configs?.map((c) => c.ConfigName)).toEqual(['s_conf', 's_cred-0123456789']);
    expect(container.Privileges?.CredentialSpec).toEqual({ Config: 's_cred-0123456789' });
  });

  it('leaves the spec alone without references, and never mutates its input', () => {
    const input = spec();
    const before = JSON.stringify(input);
    const same = mapFileObjectRefs(input, {});
    expect(JSON.stringify(same)).toBe(before);
    mapFileObjectRefs(input, { secret: (ref) => ({ ...ref, SecretName: 'changed' }) });
    expect(JSON.stringify(input)).toBe(before);
    const bare = { Name: 'n', TaskTemplate: { ContainerSpec: { Image: 'i' } } } as unknown as ServiceSpec;
    expect(mapFileObjectRefs(bare, { secret: () => { throw new Error('not called'); } })).toBe(bare);
  });
});
