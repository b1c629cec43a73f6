import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/convert/swarm-types.js';
import { bindObjectRefs, planBindings, type ObjectBindings } from '../../../src/apply/bind-object-refs.js';

const file = (name: string) => ({ Name: name, UID: '0', GID: '0', Mode: 292 });

describe('binding secret and config references just before a service is written', () => {
  // As src/convert and src/plan leave it: references and the credential spec name their objects.
  const spec = {
    Name: 's_web',
    Labels: {},
    Mode: {},
    TaskTemplate: {
      ForceUpdate: 0,
      ContainerSpec: {
        Secrets: [{ File: file('db'), SecretName: 's_db' }],
        Configs: [
          { Runtime: {}, ConfigName: 's_cred' },
          { File: file('/site'), ConfigName: 's_new' },
          { File: file('/ext'), ConfigName: 'external_conf' },
        ],
        Privileges: { CredentialSpec: { Config: 's_cred', File: '', Registry: '' }, SELinuxContext: null, NoNewPrivileges: false },
      },
    },
  } as unknown as ServiceSpec;
  const bindings = (): ObjectBindings => {
    const b = planBindings([
      { type: 'config', name: 'external_conf', resolvesTo: 'live', liveId: 'ext-id' },
      { type: 'config', name: 's_cred', resolvesTo: 'live', liveId: 'cfg9' },
      { type: 'config', name: 's_new', resolvesTo: 'created' },
      { type: 'secret', name: 's_db', resolvesTo: 'live', liveId: 'sec1' },
    ]);
    // What apply adds once it has created s_new.
    b.configs.set('s_new', { name: 's_new', id: 'cfg2' });
    return b;
  };

  it('starts from the live objects the plan resolved; objects the plan creates are bound once created', () => {
    const b = planBindings([
      { type: 'secret', name: 's_db', resolvesTo: 'live', liveId: 'sec1' },
      { type: 'config', name: 's_new', resolvesTo: 'created' },
    ]);
    expect([...b.secrets]).toEqual([['s_db', { name: 's_db', id: 'sec1' }]]);
    expect(b.configs.size).toBe(0);
  });

  it('gives each reference the ID of the object it names, in the field order docker sends, and the credential spec its config ID', () => {
    const container = bindObjectRefs(spec, bindings()).TaskTemplate.ContainerSpec;
    expect(JSON.stringify(container?.Secrets)).toBe(JSON.stringify([{ File: file('db'), SecretID: 'sec1', SecretName: 's_db' }]));
    expect(JSON.stringify(container?.Configs)).toBe(
      JSON.stringify([
        { Runtime: {}, ConfigID: 'cfg9', ConfigName: 's_cred' },
        { File: file('/site'), ConfigID: 'cfg2', ConfigName: 's_new' },
        { File: file('/ext'), ConfigID: 'ext-id', ConfigName: 'external_conf' },
      ]),
    );
    expect(container?.Privileges?.CredentialSpec).toEqual({ Config: 'cfg9', File: '', Registry: '' });
  });

  it('points a reference at the fallback bound to its name (a secret whose label update swarm refused)', () => {
    const b = bindings();
    b.secrets.set('s_db', { name: 's_db-0123456789', id: 'sec2' });
    const container = bindObjectRefs(spec, b).TaskTemplate.ContainerSpec;
    expect(container?.Secrets).toEqual([{ File: file('db'), SecretID: 'sec2', SecretName: 's_db-0123456789' }]);
  });

  it('never alters its input', () => {
    const before = JSON.stringify(spec);
    bindObjectRefs(spec, bindings());
    expect(JSON.stringify(spec)).toBe(before);
  });

  it('fails loudly when a name has no object bound', () => {
    const b = bindings();
    b.secrets.clear();
    expect(() => bindObjectRefs(spec, b)).toThrow('no object bound to secret s_db when writing service s_web');
  });
});
