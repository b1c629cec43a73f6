/** One test per normalization rule of the canonical service view: what the daemon fills in must not show as a change. */
import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/convert/swarm-types.js';
import { bytes, cpus, fieldGroup, serviceView, type ViewContext } from '../../../src/plan/service-view.js';
import { diffViews } from '../../../src/plan/diff.js';

const ctx: ViewContext = { networkNames: new Map([['n1d', 's_default']]), apiVersion: '1.41' };

/** The minimal spec docker sends for `services: {web: {image: nginx}}` in stack `s`. */
function sent(parts: { spec?: Partial<ServiceSpec>; task?: Partial<ServiceSpec['TaskTemplate']>; container?: Record<string, unknown> } = {}): ServiceSpec {
  return {
    Name: 's_web',
    Labels: { 'com.docker.stack.image': 'nginx', 'com.docker.stack.namespace': 's' },
    TaskTemplate: {
      ContainerSpec: {
        Image: 'nginx:latest',
        Labels: { 'com.docker.stack.namespace': 's' },
        Privileges: { CredentialSpec: null, SELinuxContext: null, NoNewPrivileges: false },
        ...parts.container,
      },
      Resources: {},
      Placement: {},
      Networks: [{ Target: 's_default', Aliases: ['web'] }],
      ForceUpdate: 0,
      ...parts.task,
    },
    Mode: { Replicated: {} },
    EndpointSpec: {},
    ...parts.spec,
  };
}

/** What Engine 20.10 returns for `sent()`. */
function stored(parts: { spec?: Partial<ServiceSpec>; task?: Partial<ServiceSpec['TaskTemplate']>; container?: Record<string, unknown> } = {}): ServiceSpec {
  return {
    Name: 's_web',
    Labels: { 'com.docker.stack.image': 'nginx', 'com.docker.stack.namespace': 's' },
    TaskTemplate: {
      ContainerSpec: {
        Image: 'nginx:latest',
        Labels: { 'com.docker.stack.namespace': 's' },
        Privileges: { CredentialSpec: null, SELinuxContext: null } as never,
        Isolation: 'default',
        ...parts.container,
      },
      Resources: {},
      Placement: {},
      Networks: [{ Target: 'n1d', Aliases: ['web'] }],
      ForceUpdate: 0,
      Runtime: 'container',
      ...parts.task,
    },
    Mode: { Replicated: { Replicas: 1 } },
    EndpointSpec: { Mode: 'vip' },
    ...parts.spec,
  };
}

function same(a: ServiceSpec, b: ServiceSpec): void {
  expect(diffViews(serviceView(b, ctx), serviceView(a, ctx))).toEqual([]);
}

describe('daemon defaults and rewrites are not changes', () => {
  it('network targets: IDs in the live spec are names again', () => same(sent(), stored()));

  it('replicas: absent means 1', () => same(sent(), stored()));

  it('endpoint mode: empty means vip; port protocol tcp and publish mode ingress', () => {
    same(
      sent({ spec: { EndpointSpec: { Ports: [{ TargetPort: 80, PublishedPort: 8080 }] } } }),
      stored({ spec: { EndpointSpec: { Mode: 'vip', Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress' }] } } }),
    );
  });

  it('restart policy: condition any and max attempts 0 are read back', () => {
    same(sent({ task: { RestartPolicy: {} } }), stored({ task: { RestartPolicy: { Condition: 'any', MaxAttempts: 0 } } }));
  });

  it('update and rollback config: failure action pause, order stop-first, zero monitor', () => {
    const config = { Parallelism: 1, MaxFailureRatio: 0, Order: '' };
    const back = { Parallelism: 1, FailureAction: 'pause', MaxFailureRatio: 0, Order: 'stop-first' };
    same(sent({ spec: { UpdateConfig: config, RollbackConfig: config } }), stored({ spec: { UpdateConfig: back, RollbackConfig: back } }));
  });

  it('isolation: empty means default; runtime container', () => same(sent(), stored()));

  it('mounts: consistency is dropped, bind options without propagation are absent', () => {
    same(
      sent({ container: { Mounts: [{ Type: 'bind', Source: '/tmp', Target: '/t', Consistency: 'cached', BindOptions: {} }] } }),
      stored({ container: { Mounts: [{ Type: 'bind', Source: '/tmp', Target: '/t' }] } }),
    );
  });

  it('pids limit is read back under Limits', () => {
    same(sent({ task: { Resources: { Limits: { Pids: 100 } } } }), stored({ task: { Resources: { Limits: { Pids: 100 } } } }));
  });

  it('healthcheck: zero durations read back as absent; an empty block equals none', () => {
    same(sent({ container: { Healthcheck: { Test: ['CMD', 'true'], Interval: 0, Retries: 0 } } }), stored({ container: { Healthcheck: { Test: ['CMD', 'true'] } } }));
    same(sent({ container: { Healthcheck: {} } }), stored());
  });

  it('fields newer than the daemon API are dropped: StartInterval (1.44), volume Subpath (1.45), NoNewPrivileges (1.46)', () => {
    same(
      sent({
        container: {
          Healthcheck: { Test: ['CMD', 'true'], StartInterval: 1e9 },
          Mounts: [{ Type: 'volume', Source: 'v', Target: '/v', VolumeOptions: { Subpath: 'sub' } }],
        },
      }),
      stored({ container: { Healthcheck: { Test: ['CMD', 'true'] }, Mounts: [{ Type: 'volume', Source: 'v', Target: '/v', VolumeOptions: {} }] } }),
    );
    const newer: ViewContext = { ...ctx, apiVersion: '1.44' };
    const a = serviceView(sent({ container: { Healthcheck: { Test: ['CMD', 'true'], StartInterval: 1e9 } } }), newer);
    expect(a.healthcheck).toEqual({ test: ['CMD', 'true'], start_interval: '1s' });
  });

  it('replicated job: max concurrent 1 and total completions = max concurrent when absent', () => {
    same(
      sent({ spec: { Mode: { ReplicatedJob: {} } } }),
      stored({ spec: { Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } } } }),
    );
  });

  it('empty placement and resources objects equal absent ones', () => {
    same(sent({ task: { Placement: {}, Resources: {} } }), stored({ task: { Placement: undefined, Resources: undefined } }));
  });

  it('secret references: the ID does not matter, the name and file do', () => {
    const ref = (id: string) => ({ File: { Name: 'db', UID: '0', GID: '0', Mode: 292 }, SecretID: id, SecretName: 's_db' });
    same(sent({ container: { Secrets: [ref('')] } }), stored({ container: { Secrets: [ref('x7y')] } }));
  });

  it('credential spec config: the ID becomes the config name', () => {
    const refs = (id: string) => [{ Runtime: {}, ConfigID: id, ConfigName: 's_cred' }];
    same(
      sent({ container: { Configs: refs('pending'), Privileges: { CredentialSpec: { Config: 'pending', File: '', Registry: '' }, SELinuxContext: null, NoNewPrivileges: false } } }),
      stored({ container: { Configs: refs('c9'), Privileges: { CredentialSpec: { Config: 'c9', File: '', Registry: '' }, SELinuxContext: null } } }),
    );
  });

  it('capabilities compare as sets', () => {
    same(sent({ container: { CapabilityAdd: ['CAP_B', 'CAP_A'] } }), stored({ container: { CapabilityAdd: ['CAP_A', 'CAP_B'] } }));
  });

  it('environment, labels and sysctls are keyed maps: order does not matter', () => {
    same(sent({ container: { Env: ['B=2', 'A=1'] } }), stored({ container: { Env: ['A=1', 'B=2'] } }));
  });

  it('false and empty Go omitempty fields equal absent ones', () => {
    same(sent({ container: { TTY: false, ReadOnly: false, OpenStdin: false, Dir: '', Command: [] } }), stored());
  });
});

describe('the view keys and values', () => {
  const view = serviceView(
    sent({
      container: {
        Env: ['MODE=prod', 'UNSET'],
        Mounts: [{ Type: 'volume', Source: 's_data', Target: '/data', ReadOnly: true }],
        Secrets: [{ File: { Name: 'db', UID: '0', GID: '0', Mode: 0o440 }, SecretID: 'x', SecretName: 's_db' }],
        StopGracePeriod: 90e9,
      },
      task: { Resources: { Limits: { NanoCPUs: 5e8, MemoryBytes: 64 * 1024 ** 2 } } },
      spec: { EndpointSpec: { Ports: [{ TargetPort: 80, PublishedPort: 8080, Protocol: 'tcp', PublishMode: 'host' }, { TargetPort: 53, Protocol: 'udp' }] } },
    }),
    ctx,
  );

  it('uses Compose names and keys lists by what identifies an entry', () => {
    expect(view).toEqual({
      image: 'nginx:latest',
      environment: { MODE: 'prod', UNSET: null },
      labels: { 'com.docker.stack.namespace': 's' },
      stop_grace_period: '1m30s',
      volumes: { '/data': { type: 'volume', source: 's_data', read_only: true } },
      secrets: { db: { source: 's_db', uid: '0', gid: '0', mode: '0440' } },
      networks: { s_default: { aliases: ['web'] } },
      ports: { '8080:80/tcp': 'host', '53/udp': 'ingress' },
      deploy: {
        mode: 'replicated',
        replicas: 1,
        endpoint_mode: 'vip',
        labels: { 'com.docker.stack.image': 'nginx', 'com.docker.stack.namespace': 's' },
        resources: { limits: { cpus: '0.5', memory: '64MiB' } },
      },
    });
  });

  it('keeps fields it does not know under engine.<Engine path>', () => {
    const unknown = serviceView(sent({ container: { Groups: ['a'], Future: 'x' } as Record<string, unknown> }), ctx);
    expect(unknown.groups).toEqual(['a']);
    expect(unknown.engine).toEqual({ TaskTemplate: { ContainerSpec: { Future: 'x' } } });
  });

  it('formats CPUs and bytes', () => {
    expect([cpus(1e6), cpus(2e9), cpus(1.5e9)]).toEqual(['0.001', '2', '1.5']);
    expect([bytes(1536 * 1024 ** 2), bytes(1000), bytes(4 * 1024)]).toEqual(['1536MiB', '1000B', '4KiB']);
  });
});

describe('field groups decide restarts', () => {
  it.each([
    ['deploy.labels[com.example]', 'service'],
    ['deploy.replicas', 'service'],
    ['deploy.update_config.parallelism', 'service'],
    ['deploy.rollback_config', 'service'],
    ['ports[8080:80/tcp]', 'endpoint'],
    ['deploy.endpoint_mode', 'endpoint'],
    ['deploy.placement.constraints', 'placement'],
    ['deploy.resources.limits.cpus', 'task'],
    ['deploy.restart_policy.condition', 'task'],
    ['environment.MODE', 'task'],
    ['image', 'task'],
    ['networks.s_back', 'task'],
    ['logging.driver', 'task'],
    ['force_update', 'task'],
    ['engine.TaskTemplate.ContainerSpec.Future', 'task'],
  ])('%s is %s', (path, group) => expect(fieldGroup(path)).toBe(group));
});
