import { describe, expect, it } from 'vitest';
import {
  ALLOCATED,
  diffReadbacks,
  diffValues,
  formatDifferences,
  normalizeReadback,
  type Json,
  type StackReadback,
} from '../../helpers/spec-diff.js';

function service(stack: string, ids: { net: string; secret: string; config: string; service: string }, extra: Record<string, Json> = {}): Json {
  return {
    ID: ids.service,
    Version: { Index: 42 },
    CreatedAt: '2026-01-01T00:00:00Z',
    UpdatedAt: '2026-01-01T00:00:01Z',
    Spec: {
      Name: `${stack}_web`,
      Labels: { 'com.docker.stack.namespace': stack, 'com.docker.stack.image': 'busybox:1' },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'busybox:1',
          Labels: { 'com.docker.stack.namespace': stack },
          Secrets: [{ File: { Name: 'pw', UID: '0', GID: '0', Mode: 292 }, SecretID: ids.secret, SecretName: `${stack}_pw` }],
          Configs: [{ Runtime: {}, ConfigID: ids.config, ConfigName: `${stack}_cred` }],
          Privileges: { CredentialSpec: { Config: ids.config, File: '', Registry: '' }, SELinuxContext: null },
        },
        Networks: [{ Target: ids.net, Aliases: ['web'] }],
      },
      EndpointSpec: { Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishMode: 'ingress' }, { Protocol: 'tcp', TargetPort: 81, PublishedPort: 8081 }] },
    },
    Endpoint: {
      Spec: { Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishMode: 'ingress' }, { Protocol: 'tcp', TargetPort: 81, PublishedPort: 8081 }] },
      Ports: [
        { Protocol: 'tcp', TargetPort: 80, PublishedPort: ids.service === 'svcA' ? 30001 : 30007, PublishMode: 'ingress' },
        { Protocol: 'tcp', TargetPort: 81, PublishedPort: 8081, PublishMode: 'ingress' },
      ],
      VirtualIPs: [{ NetworkID: ids.net, Addr: ids.service === 'svcA' ? '10.0.1.2/24' : '10.0.9.2/24' }],
    },
    UpdateStatus: { State: 'completed' },
    ...extra,
  };
}

function readback(stack: string, suffix: 'A' | 'B', extra: Record<string, Json> = {}): StackReadback {
  const ids = { net: `net${suffix}`, secret: `sec${suffix}`, config: `cfg${suffix}`, service: `svc${suffix}` };
  return {
    stackName: stack,
    services: [service(stack, ids, extra)],
    networks: [
      {
        Name: `${stack}_default`,
        Id: ids.net,
        Created: suffix,
        Scope: 'swarm',
        Driver: 'overlay',
        IPAM: { Driver: 'default', Options: null, Config: [{ Subnet: suffix === 'A' ? '10.0.1.0/24' : '10.0.9.0/24', Gateway: suffix === 'A' ? '10.0.1.1' : '10.0.9.1' }] },
        Containers: suffix === 'A' ? null : { abc: { Name: 'x' } },
        Options: { 'com.docker.network.driver.overlay.vxlanid_list': suffix === 'A' ? '4097' : '4100' },
        Labels: { 'com.docker.stack.namespace': stack },
      },
    ],
    secrets: [{ ID: ids.secret, Version: { Index: 1 }, CreatedAt: suffix, UpdatedAt: suffix, Spec: { Name: `${stack}_pw`, Labels: { 'com.docker.stack.namespace': stack } } }],
    configs: [{ ID: ids.config, Version: { Index: 2 }, CreatedAt: suffix, UpdatedAt: suffix, Spec: { Name: `${stack}_cred`, Labels: { 'com.docker.stack.namespace': stack }, Data: 'e30=' } }],
    names: {
      networks: { [ids.net]: `${stack}_default` },
      secrets: { [ids.secret]: `${stack}_pw` },
      configs: { [ids.config]: `${stack}_cred` },
    },
  };
}

describe('diffValues', () => {
  it('returns nothing for deep-equal values', () => {
    expect(diffValues({ a: [1, { b: 'x' }], c: null }, { c: null, a: [1, { b: 'x' }] })).toEqual([]);
  });

  it('lists every differing leaf with both values, absent fields as undefined', () => {
    expect(diffValues({ a: 1, b: { c: [{ x: 1 }, { x: 2 }], 'd.e': true } }, { a: 2, b: { c: [{ x: 1 }], 'd.e': true, f: 'new' } })).toEqual([
      { path: 'a', left: 1, right: 2 },
      { path: 'b.c[1]', left: { x: 2 }, right: undefined },
      { path: 'b.f', left: undefined, right: 'new' },
    ]);
  });

  it('reports a list of scalars once, whole', () => {
    expect(diffValues({ Env: ['A=1', 'B=2', 'C=3'] }, { Env: ['A=1', 'C=3'] })).toEqual([
      { path: 'Env', left: ['A=1', 'B=2', 'C=3'], right: ['A=1', 'C=3'] },
    ]);
    expect(diffValues({ Env: ['A=1'] }, { Env: ['A=1'] })).toEqual([]);
  });

  it('quotes keys that are not identifiers', () => {
    expect(diffValues({ Labels: { 'com.example': 'a' } }, { Labels: { 'com.example': 'b' } })).toEqual([
      { path: 'Labels["com.example"]', left: 'a', right: 'b' },
    ]);
  });

  it('reports a type change at the node itself', () => {
    expect(diffValues({ a: [1] }, { a: { 0: 1 } })).toEqual([{ path: 'a', left: [1], right: { 0: 1 } }]);
  });
});

describe('normalizeReadback', () => {
  it('replaces IDs by names, the stack name by a placeholder and allocated values by a marker', () => {
    const normalized = normalizeReadback(readback('pa', 'A'));
    expect(Object.keys(normalized.services)).toEqual(['<stack>_web']);
    expect(normalized.services['<stack>_web']).toEqual({
      Spec: {
        Name: '<stack>_web',
        Labels: { 'com.docker.stack.namespace': '<stack>', 'com.docker.stack.image': 'busybox:1' },
        TaskTemplate: {
          ContainerSpec: {
            Image: 'busybox:1',
            Labels: { 'com.docker.stack.namespace': '<stack>' },
            Secrets: [{ File: { Name: 'pw', UID: '0', GID: '0', Mode: 292 }, SecretID: '<id of <stack>_pw>', SecretName: '<stack>_pw' }],
            Configs: [{ Runtime: {}, ConfigID: '<id of <stack>_cred>', ConfigName: '<stack>_cred' }],
            Privileges: { CredentialSpec: { Config: '<id of <stack>_cred>', File: '', Registry: '' }, SELinuxContext: null },
          },
          Networks: [{ Target: '<id of <stack>_default>', Aliases: ['web'] }],
        },
        EndpointSpec: { Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishMode: 'ingress' }, { Protocol: 'tcp', TargetPort: 81, PublishedPort: 8081 }] },
      },
      Endpoint: {
        Spec: { Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishMode: 'ingress' }, { Protocol: 'tcp', TargetPort: 81, PublishedPort: 8081 }] },
        Ports: [
          { Protocol: 'tcp', TargetPort: 80, PublishedPort: ALLOCATED, PublishMode: 'ingress' },
          { Protocol: 'tcp', TargetPort: 81, PublishedPort: 8081, PublishMode: 'ingress' },
        ],
      },
    });
    expect(normalized.networks['<stack>_default']).toEqual({
      Name: '<stack>_default',
      Scope: 'swarm',
      Driver: 'overlay',
      IPAM: { Driver: 'default', Options: null, Config: [{ Subnet: ALLOCATED, Gateway: ALLOCATED }] },
      Options: { 'com.docker.network.driver.overlay.vxlanid_list': ALLOCATED },
      Labels: { 'com.docker.stack.namespace': '<stack>' },
    });
    expect(normalized.secrets['<stack>_pw']).toEqual({ Spec: { Name: '<stack>_pw', Labels: { 'com.docker.stack.namespace': '<stack>' } } });
    expect(normalized.configs['<stack>_cred']).toEqual({
      Spec: { Name: '<stack>_cred', Labels: { 'com.docker.stack.namespace': '<stack>' }, Data: 'e30=' },
    });
  });

  it('keeps a subnet outside the default pool and strings that only contain the stack name', () => {
    const input = readback('pa', 'A');
    const network = input.networks[0] as { IPAM: { Config: { Subnet: string; Gateway: string }[] }; Labels: Record<string, string> };
    network.IPAM.Config[0] = { Subnet: '172.28.0.0/24', Gateway: '172.28.0.1' };
    network.Labels.note = 'not_pa_x pa';
    const normalized = normalizeReadback(input).networks['<stack>_default'] as { IPAM: Json; Labels: Json };
    expect(normalized.IPAM).toEqual({ Driver: 'default', Options: null, Config: [{ Subnet: '172.28.0.0/24', Gateway: '172.28.0.1' }] });
    expect(normalized.Labels).toEqual({ 'com.docker.stack.namespace': '<stack>', note: 'not_pa_x pa' });
  });

  it('keeps unknown IDs so that they show up as differences', () => {
    const input = readback('pa', 'A');
    input.names.secrets = {};
    const spec = (normalizeReadback(input).services['<stack>_web'] as { Spec: { TaskTemplate: { ContainerSpec: { Secrets: { SecretID: string }[] } } } })
      .Spec;
    expect(spec.TaskTemplate.ContainerSpec.Secrets[0]?.SecretID).toBe('secA');
  });

  it('masks job iteration indexes and execution times but keeps the rest of JobStatus', () => {
    const input = readback('pa', 'A', { JobStatus: { JobIteration: { Index: 7 }, LastExecution: '2026-01-01T00:00:00Z' } });
    expect((normalizeReadback(input).services['<stack>_web'] as { JobStatus: Json }).JobStatus).toEqual({
      JobIteration: { Index: '<index>' },
      LastExecution: '<time>',
    });
  });
});

describe('diffReadbacks', () => {
  it('finds no difference between two deployments that differ only in what must differ', () => {
    expect(diffReadbacks(readback('pa', 'A'), readback('pb', 'B'))).toEqual([]);
  });

  it('compares PreviousSpec and every other field', () => {
    const left = readback('pa', 'A', { PreviousSpec: { Name: 'pa_web', Labels: { a: '1' } } });
    const right = readback('pb', 'B', { PreviousSpec: { Name: 'pb_web', Labels: { a: '2' } } });
    (right.secrets[0] as { Spec: { Labels: Record<string, string> } }).Spec.Labels.extra = 'x';
    const diffs = diffReadbacks(left, right);
    expect(diffs).toEqual([
      { path: 'secrets["<stack>_pw"].Spec.Labels.extra', left: undefined, right: 'x' },
      { path: 'services["<stack>_web"].PreviousSpec.Labels.a', left: '1', right: '2' },
    ]);
    expect(formatDifferences(diffs)).toBe(
      'secrets["<stack>_pw"].Spec.Labels.extra: docker=<absent> stack="x"\n' +
        'services["<stack>_web"].PreviousSpec.Labels.a: docker="1" stack="2"',
    );
  });

  it('reports an object present on one side only', () => {
    const right = readback('pb', 'B');
    right.configs = [];
    expect(diffReadbacks(readback('pa', 'A'), right)).toEqual([
      {
        path: 'configs["<stack>_cred"]',
        left: { Spec: { Name: '<stack>_cred', Labels: { 'com.docker.stack.namespace': '<stack>' }, Data: 'e30=' } },
        right: undefined,
      },
    ]);
  });
});
