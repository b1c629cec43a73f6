// deploy.* → ServiceSpec. Expected outputs were cross-checked against docker CLI 28.2.2's request bodies.
import { describe, expect, it } from 'vitest';
import { convertDeployMode } from '../../../src/convert/service.js';
import { convertErrorOf, convertWeb, expectedService } from './builders.js';

describe('deploy.mode and deploy.replicas → Mode', () => {
  it('absent mode and replicas: Replicated without a count (the daemon stores 1)', () => {
    expect(convertWeb({ image: 'nginx' })).toStrictEqual(expectedService());
  });

  it.each([
    ['replicated with replicas: 0 (kept)', { mode: 'replicated', replicas: 0 }, { Replicated: { Replicas: 0 } }],
    ['replicas without mode', { replicas: 2 }, { Replicated: { Replicas: 2 } }],
    ['global', { mode: 'global' }, { Global: {} }],
    ['replicated-job with replicas', { mode: 'replicated-job', replicas: 3 }, { ReplicatedJob: { MaxConcurrent: 3, TotalCompletions: 3 } }],
    ['replicated-job without replicas', { mode: 'replicated-job' }, { ReplicatedJob: {} }],
    ['global-job', { mode: 'global-job' }, { GlobalJob: {} }],
  ])('%s', (_title, deploy, mode) => {
    expect(convertWeb({ image: 'nginx', deploy })).toStrictEqual(expectedService({ spec: { Mode: mode } }));
  });

  it.each(['global', 'global-job'])('rejects replicas with %s', (mode) => {
    expect(convertErrorOf(() => convertWeb({ image: 'nginx', deploy: { mode, replicas: 2 } }))).toStrictEqual({
      code: 'CONVERT_MODE',
      message: 'service web: replicas can only be used with replicated or replicated-job mode',
    });
  });

  it('rejects an unknown mode (case-sensitive, as written)', () => {
    expect(() => convertDeployMode('Global', undefined)).toThrow('Unknown mode: Global');
    expect(convertErrorOf(() => convertWeb({ image: 'nginx', deploy: { mode: 'daemon' } }))).toStrictEqual({
      code: 'CONVERT_MODE',
      message: 'service web: Unknown mode: daemon',
    });
  });
});

describe('deploy.labels → service Labels', () => {
  it('adds the namespace and image labels, overwriting user labels with those keys', () => {
    const spec = convertWeb({
      image: 'nginx:1.27',
      deploy: { labels: { x: 'y', 'com.docker.stack.namespace': 'evil', 'com.docker.stack.image': 'evil' } },
    });
    expect(spec).toStrictEqual(
      expectedService({
        image: 'nginx:1.27',
        spec: { Labels: { 'com.docker.stack.image': 'nginx:1.27', 'com.docker.stack.namespace': 's', x: 'y' } },
      }),
    );
  });

  it('puts the image string exactly as written in the label (no :latest)', () => {
    const spec = convertWeb({ image: 'docker.io/library/redis' });
    expect(spec.Labels).toStrictEqual({ 'com.docker.stack.image': 'docker.io/library/redis', 'com.docker.stack.namespace': 's' });
    expect(spec.TaskTemplate.ContainerSpec?.Image).toBe('docker.io/library/redis');
  });

  it('labels a service without image with an empty image label and sends no Image', () => {
    const spec = convertWeb({});
    const expected = expectedService({ spec: { Labels: { 'com.docker.stack.image': '', 'com.docker.stack.namespace': 's' } } });
    delete expected.TaskTemplate.ContainerSpec?.Image;
    expect(spec).toStrictEqual(expected);
  });
});

describe('deploy.endpoint_mode → EndpointSpec.Mode', () => {
  it.each([
    ['vip', 'vip'],
    ['dnsrr', 'dnsrr'],
    ['DNSRR', 'dnsrr'],
  ])('%s → %s', (mode, expected) => {
    expect(convertWeb({ image: 'nginx', deploy: { endpoint_mode: mode } })).toStrictEqual(
      expectedService({ spec: { EndpointSpec: { Mode: expected } } }),
    );
  });

  it('empty endpoint_mode is omitted', () => {
    expect(convertWeb({ image: 'nginx', deploy: { endpoint_mode: '' } })).toStrictEqual(expectedService());
  });
});

describe('deploy.update_config / rollback_config', () => {
  it('absent → no UpdateConfig/RollbackConfig', () => {
    expect(convertWeb({ image: 'nginx', deploy: {} })).toStrictEqual(expectedService());
  });

  it('empty block → Parallelism 1 and the always-sent fields', () => {
    expect(convertWeb({ image: 'nginx', deploy: { update_config: {}, rollback_config: {} } })).toStrictEqual(
      expectedService({
        spec: {
          UpdateConfig: { Parallelism: 1, MaxFailureRatio: 0, Order: '' },
          RollbackConfig: { Parallelism: 1, MaxFailureRatio: 0, Order: '' },
        },
      }),
    );
  });

  it('copies every field; explicit parallelism 0 is kept; durations in ns', () => {
    const spec = convertWeb({
      image: 'nginx',
      deploy: {
        update_config: {
          parallelism: 0,
          delay: 10_000_000_000,
          failure_action: 'rollback',
          monitor: 60_000_000_000,
          max_failure_ratio: 0.3,
          order: 'start-first',
        },
        rollback_config: { parallelism: 2 },
      },
    });
    expect(spec).toStrictEqual(
      expectedService({
        spec: {
          UpdateConfig: {
            Parallelism: 0,
            Delay: 10_000_000_000,
            FailureAction: 'rollback',
            Monitor: 60_000_000_000,
            MaxFailureRatio: 0.3,
            Order: 'start-first',
          },
          RollbackConfig: { Parallelism: 2, MaxFailureRatio: 0, Order: '' },
        },
      }),
    );
  });

  it('omits zero delay/monitor and empty failure_action', () => {
    const spec = convertWeb({ image: 'nginx', deploy: { update_config: { delay: 0, monitor: 0, failure_action: '', order: 'stop-first' } } });
    expect(spec.UpdateConfig).toStrictEqual({ Parallelism: 1, MaxFailureRatio: 0, Order: 'stop-first' });
  });
});

describe('deploy.resources → TaskTemplate.Resources', () => {
  it('absent or empty → {} (always sent)', () => {
    expect(convertWeb({ image: 'nginx', deploy: { resources: {} } })).toStrictEqual(expectedService());
  });

  it('limits and reservations with every field', () => {
    const spec = convertWeb({
      image: 'nginx',
      deploy: {
        resources: {
          limits: { cpus: '0.5', memory: 536_870_912, pids: 100 },
          reservations: {
            cpus: '1/4',
            memory: 1_610_612_736,
            generic_resources: [{ discrete_resource_spec: { kind: 'gpu', value: 2 } }],
          },
        },
      },
    });
    expect(spec).toStrictEqual(
      expectedService({
        taskTemplate: {
          Resources: {
            Limits: { NanoCPUs: 500_000_000, MemoryBytes: 536_870_912, Pids: 100 },
            Reservations: {
              NanoCPUs: 250_000_000,
              MemoryBytes: 1_610_612_736,
              GenericResources: [{ DiscreteResourceSpec: { Kind: 'gpu', Value: 2 } }],
            },
          },
        },
      }),
    );
  });

  it('an empty side is sent as {}; a missing side is absent', () => {
    expect(convertWeb({ image: 'nginx', deploy: { resources: { limits: {} } } }).TaskTemplate.Resources).toStrictEqual({ Limits: {} });
    expect(convertWeb({ image: 'nginx', deploy: { resources: { reservations: { cpus: '0.001' } } } }).TaskTemplate.Resources).toStrictEqual({
      Reservations: { NanoCPUs: 1_000_000 },
    });
  });

  it('empty cpus string and zero values are omitted', () => {
    expect(
      convertWeb({ image: 'nginx', deploy: { resources: { limits: { cpus: '', memory: 0, pids: 0 } } } }).TaskTemplate.Resources,
    ).toStrictEqual({ Limits: {} });
    expect(convertWeb({ image: 'nginx', deploy: { resources: { limits: { cpus: '0' } } } }).TaskTemplate.Resources).toStrictEqual({
      Limits: {},
    });
  });

  it('a generic resource without discrete spec becomes an empty entry', () => {
    expect(
      convertWeb({ image: 'nginx', deploy: { resources: { reservations: { generic_resources: [{}] } } } }).TaskTemplate.Resources,
    ).toStrictEqual({ Reservations: { GenericResources: [{}] } });
  });

  it('reports an unparsable or too precise cpus value with the service name', () => {
    expect(convertErrorOf(() => convertWeb({ image: 'nginx', deploy: { resources: { limits: { cpus: '0.0000000001' } } } }))).toStrictEqual({
      code: 'CONVERT_CPUS',
      message: 'service web: value is too precise',
    });
    expect(() => convertWeb({ image: 'nginx', deploy: { resources: { reservations: { cpus: 'abc' } } } })).toThrow(
      'service web: failed to parse abc as a rational number',
    );
  });
});

describe('deploy.placement → TaskTemplate.Placement (always sent)', () => {
  it('empty placement → {}', () => {
    expect(convertWeb({ image: 'nginx', deploy: { placement: {} } })).toStrictEqual(expectedService());
  });

  it('constraints, spread preferences and max replicas', () => {
    const spec = convertWeb({
      image: 'nginx',
      deploy: {
        placement: {
          constraints: ['node.role==manager', 'node.labels.disk == ssd'],
          preferences: [{ spread: 'node.labels.zone' }, { spread: 'node.labels.rack' }],
          max_replicas_per_node: 3,
        },
      },
    });
    expect(spec).toStrictEqual(
      expectedService({
        taskTemplate: {
          Placement: {
            Constraints: ['node.role==manager', 'node.labels.disk == ssd'],
            Preferences: [{ Spread: { SpreadDescriptor: 'node.labels.zone' } }, { Spread: { SpreadDescriptor: 'node.labels.rack' } }],
            MaxReplicas: 3,
          },
        },
      }),
    );
  });

  it('empty lists and max_replicas_per_node 0 are omitted', () => {
    expect(
      convertWeb({ image: 'nginx', deploy: { placement: { constraints: [], preferences: [], max_replicas_per_node: 0 } } }).TaskTemplate
        .Placement,
    ).toStrictEqual({});
  });
});
