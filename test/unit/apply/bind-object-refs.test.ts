import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/convert/swarm-types.js';
import { bindObjectRefs } from '../../../src/apply/bind-object-refs.js';

const file = (name: string) => ({ Name: name, UID: '0', GID: '0', Mode: 292 });

describe('binding secret and config references just before a service is written', () => {
  const spec = {
    Labels: {},
    Mode: {},
    TaskTemplate: {
      ForceUpdate: 0,
      ContainerSpec: {
        Secrets: [{ File: file('db'), SecretID: '', SecretName: 's_db' }],
        Configs: [
          { Runtime: {}, ConfigID: '', ConfigName: 's_cred' },
          { File: file('/site'), ConfigID: '', ConfigName: 's_new' },
          { File: file('/ext'), ConfigID: 'ext-id', ConfigName: 'external_conf' },
        ],
        Privileges: { CredentialSpec: { Config: '' }, SELinuxContext: null, NoNewPrivileges: false },
      },
    },
  } as unknown as ServiceSpec;
  const ids = { secrets: new Map([['s_db', 'sec1']]), configs: new Map([['s_cred', 'cfg9'], ['s_new', 'cfg2']]) };

  it('gives each reference the ID of the object it names, and the credential spec its runtime config', () => {
    const container = bindObjectRefs(spec, ids).TaskTemplate.ContainerSpec;
    expect(container?.Secrets?.map((r) => r.SecretID)).toEqual(['sec1']);
    expect(container?.Configs?.map((r) => r.ConfigID)).toEqual(['cfg9', 'cfg2', 'ext-id']);
    expect(container?.Privileges?.CredentialSpec?.Config).toBe('cfg9');
  });

  it('follows a recorded ID to the object of the same name now (rollback after the object was made again)', () => {
    const recorded = {
      ...spec,
      TaskTemplate: {
        ...spec.TaskTemplate,
        ContainerSpec: {
          Configs: [{ Runtime: {}, ConfigID: 'old', ConfigName: 's_cred' }],
          Privileges: { CredentialSpec: { Config: 'old' }, SELinuxContext: null, NoNewPrivileges: false },
        },
      },
    } as unknown as ServiceSpec;
    const container = bindObjectRefs(recorded, ids).TaskTemplate.ContainerSpec;
    expect(container?.Configs?.[0]?.ConfigID).toBe('cfg9');
    expect(container?.Privileges?.CredentialSpec?.Config).toBe('cfg9');
  });

  it('fails loudly when a reference is still unbound', () => {
    expect(() => bindObjectRefs(spec, { secrets: new Map(), configs: ids.configs })).toThrow('no ID for secret s_db');
  });
});
