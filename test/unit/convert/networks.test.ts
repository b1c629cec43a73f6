// Networks (§6): create bodies and service attachments. Outputs recorded from docker CLI 28.2.2 for the same file.
import { describe, expect, it } from 'vitest';
import type { StackModel } from '../../../src/model/stack-model.js';
import {
  convertNetworks,
  convertServiceNetworks,
  isUserDefinedNetwork,
  networkCreateRequest,
  serviceNetworkKeys,
  usedNetworkKeys,
} from '../../../src/convert/networks.js';
import { convertErrorOf, convertWeb, expectedService, stackModel } from './builders.js';

/** The create body docker 28.2.2 posts for a network with nothing declared. */
const emptyCreate = (name: string) => ({
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
  Name: name,
  CheckDuplicate: true,
});

const recorded: StackModel = stackModel({
  services: {
    a: {
      image: 'nginx',
      networks: {
        front: { aliases: ['www', 'web'], driver_opts: { 'com.docker.network.driver.mtu': '1400', b: '2' } },
        back: {},
        outside: { aliases: ['o'] },
        hostnet: {},
        named: {},
        ipamnet: {},
      },
    },
    b: { image: 'nginx' },
    c: { image: 'nginx', networks: { back: {}, default: {} } },
    d: { image: 'nginx', networks: {} },
  },
  networks: {
    front: {
      driver: 'overlay',
      driver_opts: { encrypted: '', 'com.docker.network.driver.mtu': '1400' },
      attachable: true,
      internal: true,
      labels: { z: '1', 'com.docker.stack.namespace': 'evil' },
    },
    back: {},
    outside: { external: true, name: 'shared-net' },
    hostnet: { external: true, name: 'host' },
    named: { name: 'custom-name', ipam: { driver: 'default' } },
    ipamnet: { ipam: { config: [{ subnet: '10.10.0.0/24' }, { subnet: '10.20.0.0/24' }] } },
    unused: { driver: 'overlay' },
  },
});

describe('networks to create', () => {
  it('creates only referenced, non-external networks, sorted by name, with docker 28.2.2 bodies', () => {
    expect(convertNetworks(recorded, 's')).toStrictEqual({
      networks: [
        { key: 'named', name: 'custom-name', spec: { ...emptyCreate('custom-name'), IPAM: { Driver: 'default', Options: null, Config: null } } },
        { key: 'back', name: 's_back', spec: emptyCreate('s_back') },
        { key: 'default', name: 's_default', spec: emptyCreate('s_default') },
        {
          key: 'front',
          name: 's_front',
          spec: {
            ...emptyCreate('s_front'),
            Internal: true,
            Attachable: true,
            Options: { 'com.docker.network.driver.mtu': '1400', encrypted: '' },
            Labels: { 'com.docker.stack.namespace': 's', z: '1' },
          },
        },
        {
          key: 'ipamnet',
          name: 's_ipamnet',
          spec: {
            ...emptyCreate('s_ipamnet'),
            IPAM: { Driver: '', Options: null, Config: [{ Subnet: '10.10.0.0/24' }, { Subnet: '10.20.0.0/24' }] },
          },
        },
      ],
      externalNetworks: ['shared-net', 'host'],
    });
  });

  it('the implicit default network needs no declaration', () => {
    expect(convertNetworks(stackModel({ services: { web: { image: 'nginx' } } }), 's')).toStrictEqual({
      networks: [{ key: 'default', name: 's_default', spec: emptyCreate('s_default') }],
      externalNetworks: [],
    });
  });

  it('a declared default network is created with its options; empty driver_opts is sent as {}', () => {
    const stack = stackModel({
      services: { web: { image: 'nginx' } },
      networks: { default: { driver: 'overlay', driver_opts: {}, labels: { x: '1' }, ipam: { config: [] } } },
    });
    expect(convertNetworks(stack, 's').networks).toStrictEqual([
      { key: 'default', name: 's_default', spec: { ...emptyCreate('s_default'), Options: {}, Labels: { 'com.docker.stack.namespace': 's', x: '1' } } },
    ]);
  });

  it('an external default network is validated, not created', () => {
    const stack = stackModel({ services: { web: { image: 'nginx' } }, networks: { default: { external: true, name: 'my-default' } } });
    expect(convertNetworks(stack, 's')).toStrictEqual({ networks: [], externalNetworks: ['my-default'] });
  });

  it('an undeclared network key is still created (the service conversion then fails)', () => {
    const stack = stackModel({ services: { web: { image: 'nginx', networks: { nope: {} } } } });
    expect(convertNetworks(stack, 's').networks).toStrictEqual([{ key: 'nope', name: 's_nope', spec: emptyCreate('s_nope') }]);
  });

  it('a custom driver is kept; the empty driver defaults to overlay', () => {
    expect(networkCreateRequest('s', 'n', { driver: 'weave' }).Driver).toBe('weave');
    expect(networkCreateRequest('s', 'n', { driver: '' }).Driver).toBe('overlay');
  });

  it('omits CheckDuplicate for API 1.44 and later', () => {
    const request = networkCreateRequest('s', 's_default', undefined, { apiVersion: '1.44' });
    const { CheckDuplicate: _dropped, ...rest } = emptyCreate('s_default');
    expect(request).toStrictEqual(rest);
  });

  it('IPAM: a subnet-less pool becomes {}', () => {
    expect(networkCreateRequest('s', 'n', { ipam: { config: [{}] } }).IPAM).toStrictEqual({ Driver: '', Options: null, Config: [{}] });
  });

  it('creates a name reached through two keys once', () => {
    const stack = stackModel({
      services: { web: { image: 'nginx', networks: { a: {}, b: {} } } },
      networks: { a: { name: 'same' }, b: { name: 'same' } },
    });
    expect(convertNetworks(stack, 's').networks.map((n) => [n.key, n.name])).toStrictEqual([['a', 'same']]);
  });

  it('lists used keys in first-use order; no networks key means default', () => {
    expect(serviceNetworkKeys({})).toStrictEqual(['default']);
    expect(serviceNetworkKeys({ networks: {} })).toStrictEqual(['default']);
    expect(usedNetworkKeys(recorded)).toStrictEqual(['front', 'back', 'outside', 'hostnet', 'named', 'ipamnet', 'default']);
  });
});

describe('service attachments (TaskTemplate.Networks)', () => {
  it('matches docker 28.2.2: sorted by target, service key appended to aliases on user-defined networks', () => {
    expect(convertServiceNetworks('s', 'a', recorded.services.a ?? {}, recorded)).toStrictEqual([
      { Target: 'custom-name', Aliases: ['a'] },
      { Target: 'host' },
      { Target: 's_back', Aliases: ['a'] },
      { Target: 's_front', Aliases: ['www', 'web', 'a'], DriverOpts: { b: '2', 'com.docker.network.driver.mtu': '1400' } },
      { Target: 's_ipamnet', Aliases: ['a'] },
      { Target: 'shared-net', Aliases: ['o', 'a'] },
    ]);
    expect(convertServiceNetworks('s', 'c', recorded.services.c ?? {}, recorded)).toStrictEqual([
      { Target: 's_back', Aliases: ['c'] },
      { Target: 's_default', Aliases: ['c'] },
    ]);
    expect(convertServiceNetworks('s', 'd', recorded.services.d ?? {}, recorded)).toStrictEqual([{ Target: 's_default', Aliases: ['d'] }]);
  });

  it('uses the name of an external default network', () => {
    const stack = stackModel({ networks: { default: { external: true, name: 'custom' } } });
    expect(convertServiceNetworks('foo', 'service', {}, stack)).toStrictEqual([{ Target: 'custom', Aliases: ['service'] }]);
  });

  it('an external network without name: is attached by its key', () => {
    const stack = stackModel({ networks: { other: { external: true } } });
    expect(convertServiceNetworks('s', 'web', { networks: { other: {} } }, stack)).toStrictEqual([{ Target: 'other', Aliases: ['web'] }]);
  });

  it('fails on an undeclared network', () => {
    expect(convertErrorOf(() => convertWeb({ image: 'nginx', networks: { nope: {} } }))).toStrictEqual({
      code: 'CONVERT_UNDEFINED_NETWORK',
      message: 'service web: undefined network "nope"',
    });
  });

  it('windows client: bridge and host get the alias, nat does not', () => {
    const stack = stackModel({
      networks: { b: { external: true, name: 'bridge' }, n: { external: true, name: 'nat' }, h: { external: true, name: 'host' } },
    });
    const service = { networks: { b: {}, n: {}, h: {} } };
    expect(convertServiceNetworks('s', 'web', service, stack, 'windows')).toStrictEqual([
      { Target: 'bridge', Aliases: ['web'] },
      { Target: 'host', Aliases: ['web'] },
      { Target: 'nat' },
    ]);
    expect(convertServiceNetworks('s', 'web', service, stack, 'linux')).toStrictEqual([
      { Target: 'bridge' },
      { Target: 'host' },
      { Target: 'nat', Aliases: ['web'] },
    ]);
  });

  it('the whole spec carries the attachments', () => {
    const spec = convertWeb({ image: 'nginx', networks: { front: { aliases: ['x'] } } }, { networks: { front: {} } });
    expect(spec).toStrictEqual(expectedService({ taskTemplate: { Networks: [{ Target: 's_front', Aliases: ['x', 'web'] }] } }));
  });
});

describe('isUserDefinedNetwork', () => {
  it.each([
    ['my-net', 'linux', true],
    ['default', 'linux', false],
    ['none', 'linux', false],
    ['bridge', 'linux', false],
    ['host', 'linux', false],
    ['container:abc', 'linux', false],
    ['container', 'linux', true],
    ['nat', 'linux', true],
    ['bridge', 'darwin', false],
    ['nat', 'windows', false],
    ['bridge', 'windows', true],
    ['host', 'windows', true],
    ['none', 'windows', false],
  ] as const)('%s on %s → %s', (name, os, expected) => {
    expect(isUserDefinedNetwork(name, os)).toBe(expected);
  });
});
