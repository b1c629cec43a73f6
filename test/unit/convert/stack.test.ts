// convertStack: the one entry point. §3.4 minimal example, ordering, options and failure behaviour.
import { describe, expect, it } from 'vitest';
import { convertStack, type DesiredStack, type StackLookups } from '../../../src/convert/stack.js';
import { ConvertError } from '../../../src/convert/convert-error.js';
import { convertErrorOf, stackModel } from './builders.js';

const noLookups: StackLookups = { secretData: new Map(), configData: new Map() };

describe('convertStack', () => {
  it('§3.4: services: {web: {image: nginx}} as stack s', () => {
    const desired = convertStack(stackModel({ services: { web: { image: 'nginx' } } }), 's', noLookups);
    const expected: DesiredStack = {
      stackName: 's',
      networks: [
        {
          key: 'default',
          name: 's_default',
          spec: {
            Driver: 'overlay',
            Scope: '',
            IPAM: null,
            Internal: false,
            Attachable: false,
            Ingress: false,
            ConfigOnly: false,
            ConfigFrom: null,
            Options: null,
            Labels: { 'com.docker.stack.namespace': 's' },
            Name: 's_default',
            CheckDuplicate: true,
          },
        },
      ],
      externalNetworks: [],
      secrets: [],
      configs: [],
      services: [
        {
          key: 'web',
          name: 's_web',
          spec: {
            Name: 's_web',
            Labels: { 'com.docker.stack.image': 'nginx', 'com.docker.stack.namespace': 's' },
            TaskTemplate: {
              ContainerSpec: {
                Image: 'nginx',
                Labels: { 'com.docker.stack.namespace': 's' },
                Privileges: { CredentialSpec: null, SELinuxContext: null, NoNewPrivileges: false },
              },
              Resources: {},
              Placement: {},
              Networks: [{ Target: 's_default', Aliases: ['web'] }],
              ForceUpdate: 0,
            },
            Mode: { Replicated: {} },
            EndpointSpec: {},
          },
        },
      ],
    };
    expect(desired).toStrictEqual(expected);
  });

  it('§3.4 serializes with Go field order (the exact JSON docker sends, image before client tagging)', () => {
    const desired = convertStack(stackModel({ services: { web: { image: 'nginx' } } }), 's', noLookups);
    expect(JSON.stringify(desired.services[0]?.spec)).toBe(
      '{"Name":"s_web","Labels":{"com.docker.stack.image":"nginx","com.docker.stack.namespace":"s"},' +
        '"TaskTemplate":{"ContainerSpec":{"Image":"nginx","Labels":{"com.docker.stack.namespace":"s"},' +
        '"Privileges":{"CredentialSpec":null,"SELinuxContext":null,"NoNewPrivileges":false}},"Resources":{},"Placement":{},' +
        '"Networks":[{"Target":"s_default","Aliases":["web"]}],"ForceUpdate":0},"Mode":{"Replicated":{}},"EndpointSpec":{}}',
    );
    expect(JSON.stringify(desired.networks[0]?.spec)).toBe(
      '{"Driver":"overlay","Scope":"","IPAM":null,"Internal":false,"Attachable":false,"Ingress":false,"ConfigOnly":false,' +
        '"ConfigFrom":null,"Options":null,"Labels":{"com.docker.stack.namespace":"s"},"Name":"s_default","CheckDuplicate":true}',
    );
  });

  it('keeps service order and declaration order of secrets and configs; networks sorted by name', () => {
    const model = stackModel({
      services: { zeta: { image: 'a', networks: { zz: {} } }, alpha: { image: 'b', networks: { aa: {} } } },
      networks: { zz: {}, aa: {} },
      secrets: { s2: { file: '/f' }, s1: { file: '/f' }, ext: { external: true } },
      configs: { c2: { file: '/f' }, c1: { file: '/f' } },
    });
    const data = new Map([
      ['s2', new Uint8Array([1])],
      ['s1', new Uint8Array([2])],
      ['c2', new Uint8Array([3])],
      ['c1', new Uint8Array([4])],
    ]);
    const desired = convertStack(model, 'st', { ...noLookups, secretData: data, configData: data });
    expect({
      services: desired.services.map((s) => s.name),
      networks: desired.networks.map((n) => n.name),
      secrets: desired.secrets.map((s) => s.name),
      configs: desired.configs.map((c) => c.name),
    }).toStrictEqual({ services: ['st_zeta', 'st_alpha'], networks: ['st_aa', 'st_zz'], secrets: ['st_s2', 'st_s1'], configs: ['st_c2', 'st_c1'] });
  });

  it('lists referenced external networks once, in first-use order', () => {
    const model = stackModel({
      services: { a: { image: 'x', networks: { e2: {}, e1: {} } }, b: { image: 'x', networks: { e1: {}, e3: {} } } },
      networks: { e1: { external: true }, e2: { external: true, name: 'shared' }, e3: { external: true, name: 'shared' } },
    });
    expect(convertStack(model, 's', noLookups).externalNetworks).toStrictEqual(['shared', 'e1']);
  });

  it('passes options to every service; secrets are referenced by name only', () => {
    const model = stackModel({
      services: { web: { image: 'x', secrets: [{ source: 'pw' }], networks: { n: {} } } },
      secrets: { pw: { external: true } },
      networks: { n: { external: true, name: 'bridge' } },
    });
    const desired = convertStack(model, 's', { ...noLookups, options: { clientOs: 'windows', apiVersion: '1.44' } });
    expect(desired.services[0]?.spec.TaskTemplate.Networks).toStrictEqual([{ Target: 'bridge', Aliases: ['web'] }]);
    expect(desired.services[0]?.spec.TaskTemplate.ContainerSpec?.Secrets?.[0]).toStrictEqual({ File: { Name: 'pw', UID: '0', GID: '0', Mode: 292 }, SecretName: 'pw' });
  });

  it('passes the API version to network creation', () => {
    const desired = convertStack(stackModel({ services: { web: { image: 'x' } } }), 's', { ...noLookups, options: { apiVersion: '1.44' } });
    expect(desired.networks[0]?.spec.CheckDuplicate).toBeUndefined();
    expect(Object.keys(desired.networks[0]?.spec ?? {})).not.toContain('CheckDuplicate');
  });

  it('is deterministic', () => {
    const model = stackModel({
      services: { web: { image: 'x', environment: { B: '1', A: '2' }, labels: { z: '1', a: '2' }, ports: [{ target: 80 }, { target: 81, published: 1 }] } },
    });
    expect(JSON.stringify(convertStack(model, 's', noLookups))).toBe(JSON.stringify(convertStack(model, 's', noLookups)));
  });

  it('does not modify the model', () => {
    const model = stackModel({ services: { web: { image: 'x', deploy: { labels: { a: 'b' } }, labels: { c: 'd' } } } });
    const before = structuredClone(model);
    convertStack(model, 's', noLookups);
    expect(model).toStrictEqual(before);
  });

  it('rejects an invalid stack name', () => {
    expect(convertErrorOf(() => convertStack(stackModel(), ' "" ', noLookups))).toStrictEqual({
      code: 'CONVERT_STACK_NAME',
      message: 'invalid stack name: " \\"\\" "',
    });
  });

  it('throws on the first failing service and returns nothing partial', () => {
    const model = stackModel({ services: { ok: { image: 'x' }, bad: { image: 'x', networks: { nope: {} } } } });
    expect(() => convertStack(model, 's', noLookups)).toThrow(ConvertError);
    expect(() => convertStack(model, 's', noLookups)).toThrow('service bad: undefined network "nope"');
  });

  it('an empty stack converts to nothing', () => {
    expect(convertStack(stackModel(), 's', noLookups)).toStrictEqual({
      stackName: 's',
      networks: [],
      externalNetworks: [],
      secrets: [],
      configs: [],
      services: [],
    });
  });
});
