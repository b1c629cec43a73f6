import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/convert/swarm-types.js';
import { parseConstraint } from '../../../src/docker/constraints.js';
import { nodeSatisfies, previewPlacement, type PlacementInput } from '../../../src/plan/placement.js';
import type { LiveTask } from '../../../src/swarm/live-types.js';
import type { LiveNode } from '../../../src/swarm/live-types.js';
import { exclusionText } from '../../../src/render/plan-problems.js';
import { liveNode, readJson, threeNodes, worded } from './builders.js';

function spec(parts: {
  replicas?: number;
  mode?: ServiceSpec['Mode'];
  constraints?: string[];
  preferences?: string[];
  maxReplicas?: number;
  platforms?: { OS: string; Architecture: string }[];
  reserve?: { cpus?: number; memory?: number; generic?: Record<string, number> };
  ports?: { target: number; published: number; mode: string }[];
  networks?: string[];
  endpointMode?: string;
}): ServiceSpec {
  return {
    Name: 's_web',
    Labels: {},
    TaskTemplate: {
      ContainerSpec: { Image: 'web:1' },
      Placement: {
        ...(parts.constraints ? { Constraints: parts.constraints } : {}),
        ...(parts.preferences ? { Preferences: parts.preferences.map((d) => ({ Spread: { SpreadDescriptor: d } })) } : {}),
        ...(parts.maxReplicas ? { MaxReplicas: parts.maxReplicas } : {}),
        ...(parts.platforms ? { Platforms: parts.platforms } : {}),
      },
      Resources: parts.reserve
        ? {
            Reservations: {
              NanoCPUs: (parts.reserve.cpus ?? 0) * 1e9,
              MemoryBytes: parts.reserve.memory ?? 0,
              GenericResources: Object.entries(parts.reserve.generic ?? {}).map(([Kind, Value]) => ({ DiscreteResourceSpec: { Kind, Value } })),
            },
          }
        : {},
      Networks: (parts.networks ?? ['s_default']).map((Target) => ({ Target })),
      ForceUpdate: 0,
    },
    Mode: parts.mode ?? { Replicated: { Replicas: parts.replicas ?? 1 } },
    EndpointSpec: {
      ...(parts.endpointMode ? { Mode: parts.endpointMode } : {}),
      ...(parts.ports ? { Ports: parts.ports.map((p) => ({ TargetPort: p.target, PublishedPort: p.published, PublishMode: p.mode, Protocol: 'tcp' })) } : {}),
    },
  };
}

/** The preview with its problems in words and each service's excluded nodes as lines, as the plan prints them. */
function preview(services: { key?: string; spec: ServiceSpec }[], input: Partial<PlacementInput> = {}) {
  const result = previewPlacement({
    services: services.map((s, i) => ({ key: s.key ?? 'web', name: `s_${s.key ?? 'web'}${i === 0 ? '' : i}`, spec: s.spec })),
    nodes: threeNodes(),
    tasks: [],
    stackServiceIds: new Set(),
    networks: [{ name: 's_default', driver: 'overlay' }],
    ...input,
  });
  return {
    placement: result.placement.map((p) => ({ ...p, excluded: p.exclusions.map(exclusionText) })),
    problems: result.problems.map(worded),
    data: result,
  };
}

describe('constraints', () => {
  const node = liveNode('node2', {
    id: 'abc123',
    role: 'worker',
    labels: { zone: 'eu', disk: 'ssd' },
    engineLabels: { storage: 'fast' },
    addr: '10.213.0.12',
  });
  it.each([
    ['node.id == abc123', true],
    ['node.id != abc123', false],
    ['node.hostname == node2', true],
    ['node.hostname != node2', false],
    ['node.role == worker', true],
    ['node.role == manager', false],
    ['node.role == WORKER', true],
    ['node.platform.os == linux', true],
    ['node.platform.arch == x86_64', true],
    ['node.labels.zone == eu', true],
    ['node.labels.zone != eu', false],
    ['node.labels.missing == x', false],
    ['node.labels.missing != x', true],
    ['engine.labels.storage == fast', true],
    ['engine.labels.storage == FAST', true],
    ['node.ip == 10.213.0.12', true],
    ['node.ip == 10.213.0.0/24', true],
    ['node.ip != 10.213.0.0/24', false],
    ['node.unknown == x', false],
  ])('%s → %s', (expression, expected) => {
    const parsed = parseConstraint(expression);
    expect(parsed).toBeDefined();
    expect(nodeSatisfies(node, parsed!)).toBe(expected);
  });

  it('an unsatisfiable constraint leaves every replica unplaced, saying why per node', () => {
    const result = preview([{ spec: spec({ replicas: 2, constraints: ['node.labels.zone == mars'] }) }]);
    expect(result.placement[0]).toMatchObject({ eligibleNodes: [], distribution: {}, unplaced: 2 });
    expect(result.problems).toEqual([
      {
        kind: 'placement',
        service: 'web',
        message:
          'web: 2 replicas, 0 eligible nodes: 2 replicas cannot be placed (node1: constraint node.labels.zone == mars not satisfied; ' +
          'node2: constraint node.labels.zone == mars not satisfied; node3: constraint node.labels.zone == mars not satisfied)',
      },
    ]);
  });
});

describe('node filters', () => {
  it('only ready, active nodes are eligible', () => {
    const nodes = [liveNode('node1'), liveNode('node2', { availability: 'drain' }), liveNode('node3', { state: 'down' })];
    const result = preview([{ spec: spec({ replicas: 2 }) }], { nodes });
    expect(result.placement[0]).toMatchObject({
      eligibleNodes: ['node1'],
      distribution: { node1: 2 },
      excluded: ['node2: availability is drain', 'node3: node is down'],
    });
  });

  it('the recorded lab nodes (x86_64) run a linux/amd64 image, spread evenly', () => {
    const nodes = readJson<LiveNode[]>('live/nodes.json');
    const result = preview([{ spec: spec({ replicas: 4, platforms: [{ OS: 'linux', Architecture: 'amd64' }], constraints: ['node.role == worker'] }) }], { nodes });
    expect(result.placement[0]).toMatchObject({ eligibleNodes: ['node2', 'node3'], distribution: { node2: 2, node3: 2 }, unplaced: 0 });
    expect(result.placement[0]?.excluded).toEqual(['node1: constraint node.role == worker not satisfied']);
  });

  it('platforms: x86_64 nodes run amd64 images; others are excluded', () => {
    const nodes = [liveNode('node1'), liveNode('node2', { arch: 'aarch64' })];
    const result = preview([{ spec: spec({ replicas: 2, platforms: [{ OS: 'linux', Architecture: 'amd64' }] }) }], { nodes });
    expect(result.placement[0]?.eligibleNodes).toEqual(['node1']);
    expect(result.placement[0]?.excluded).toEqual(["node2: platform linux/aarch64 is not one of the image's (linux/amd64)"]);
  });

  it('generic resources: a node without the kind is not eligible; what is left runs out', () => {
    const nodes = [liveNode('node1', { generic: { gpu: 2 } }), liveNode('node2')];
    const result = preview([{ spec: spec({ replicas: 3, reserve: { generic: { gpu: 1 } } }) }], { nodes });
    expect(result.placement[0]).toMatchObject({ eligibleNodes: ['node1'], distribution: { node1: 2 }, unplaced: 1 });
    expect(result.problems[0]?.message).toBe(
      'web: 3 replicas, 1 eligible node: 1 replica cannot be placed (not enough free resources for a task reserving 1 gpu)',
    );
  });

  it('memory reservations count against capacity minus the running tasks of other services', () => {
    const gib = 1024 ** 3;
    const nodes = [liveNode('node1', { memory: 4 * gib }), liveNode('node2', { memory: 4 * gib })];
    const other: LiveTask = {
      ID: 't1',
      Version: { Index: 1 },
      ServiceID: 'other',
      NodeID: 'id-node1',
      DesiredState: 'running',
      Status: { State: 'running' },
      Spec: { ForceUpdate: 0, Resources: { Reservations: { MemoryBytes: 3 * gib } } },
    };
    const result = preview([{ spec: spec({ replicas: 4, reserve: { memory: 2 * gib } }) }], { nodes, tasks: [other] });
    expect(result.placement[0]).toMatchObject({ distribution: { node2: 2 }, unplaced: 2 });
    expect(result.problems[0]?.message).toBe(
      'web: 4 replicas, 2 eligible nodes: 2 replicas cannot be placed (not enough free resources for a task reserving 2GiB memory)',
    );
  });

  it('a reservation larger than any node makes no node eligible', () => {
    const result = preview([{ spec: spec({ replicas: 1, reserve: { cpus: 8 } }) }]);
    expect(result.placement[0]?.excluded).toEqual(['node1: has 2 CPUs (needs 8)', 'node2: has 2 CPUs (needs 8)', 'node3: has 2 CPUs (needs 8)']);
  });

  it("the stack's own running tasks are not counted as load (they are placed again)", () => {
    const nodes = [liveNode('node1', { cpus: 1 })];
    const own: LiveTask = {
      ID: 't',
      Version: { Index: 1 },
      ServiceID: 'svc-web',
      NodeID: 'id-node1',
      DesiredState: 'running',
      Status: { State: 'running' },
      Spec: { ForceUpdate: 0, Resources: { Reservations: { NanoCPUs: 1e9 } } },
    };
    const result = preview([{ spec: spec({ replicas: 1, reserve: { cpus: 1 } }) }], { nodes, tasks: [own], stackServiceIds: new Set(['svc-web']) });
    expect(result.placement[0]?.unplaced).toBe(0);
  });
});

describe('spreading', () => {
  it('max_replicas_per_node: the message says how many replicas cannot be placed', () => {
    const result = preview([{ spec: spec({ replicas: 4, maxReplicas: 1 }) }]);
    expect(result.placement[0]).toMatchObject({ distribution: { node1: 1, node2: 1, node3: 1 }, unplaced: 1 });
    expect(result.problems).toEqual([
      { kind: 'placement', service: 'web', message: 'web: 4 replicas, 3 eligible nodes, max_replicas_per_node 1: 1 replica cannot be placed' },
    ]);
  });

  it('replicas spread evenly across nodes', () => {
    expect(preview([{ spec: spec({ replicas: 5 }) }]).placement[0]?.distribution).toEqual({ node1: 2, node2: 2, node3: 1 });
  });

  it('spread preferences balance label values first', () => {
    const nodes = [
      liveNode('node1', { labels: { zone: 'a' } }),
      liveNode('node2', { labels: { zone: 'a' } }),
      liveNode('node3', { labels: { zone: 'b' } }),
    ];
    const result = preview([{ spec: spec({ replicas: 4, preferences: ['node.labels.zone'] }) }], { nodes });
    expect(result.placement[0]?.distribution).toEqual({ node1: 1, node2: 1, node3: 2 });
  });

  it('host-mode published ports: one task per node per port', () => {
    const result = preview([{ spec: spec({ replicas: 4, ports: [{ target: 80, published: 8080, mode: 'host' }] }) }]);
    expect(result.placement[0]).toMatchObject({ distribution: { node1: 1, node2: 1, node3: 1 }, unplaced: 1 });
    expect(result.problems[0]?.message).toBe(
      'web: 4 replicas, 3 eligible nodes: 1 replica cannot be placed (host-mode port 8080/tcp is already taken on the other eligible nodes)',
    );
  });

  it('host-mode ports held by running tasks of other services count', () => {
    const holder: LiveTask = {
      ID: 'h',
      Version: { Index: 1 },
      ServiceID: 'other',
      NodeID: 'id-node2',
      DesiredState: 'running',
      Status: { State: 'running', PortStatus: { Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'host' }] } },
      Spec: { ForceUpdate: 0 },
    };
    const result = preview([{ spec: spec({ replicas: 3, ports: [{ target: 80, published: 8080, mode: 'host' }] }) }], { tasks: [holder] });
    expect(result.placement[0]).toMatchObject({ distribution: { node1: 1, node3: 1 }, unplaced: 1 });
  });

  it('global services run one task on every eligible node', () => {
    const result = preview([{ spec: spec({ mode: { Global: {} }, constraints: ['node.role == worker'] }) }]);
    expect(result.placement[0]).toMatchObject({ mode: 'global', tasks: 2, distribution: { node2: 1, node3: 1 }, unplaced: 0 });
    expect(result.problems).toEqual([]);
  });

  it('a global service with no eligible node is a problem', () => {
    const result = preview([{ spec: spec({ mode: { Global: {} }, constraints: ['node.role == none'] }) }]);
    expect(result.problems[0]?.message).toMatch(/^web: global, 0 eligible nodes: no task will run \(node1: constraint/);
  });

  it('services are placed in order, later ones see the earlier ones', () => {
    const nodes = [liveNode('node1', { cpus: 1 })];
    const result = preview(
      [
        { key: 'a', spec: spec({ replicas: 1, reserve: { cpus: 1 } }) },
        { key: 'b', spec: spec({ replicas: 1, reserve: { cpus: 1 } }) },
      ],
      { nodes },
    );
    expect(result.placement.map((p) => p.unplaced)).toEqual([0, 1]);
  });
});

describe('overlay address space', () => {
  it('a /29 cannot hold 1 VIP + 10 tasks + 3 node load balancers', () => {
    const result = preview([{ spec: spec({ replicas: 10 }) }], { networks: [{ name: 's_default', driver: 'overlay', subnet: '10.77.1.0/29' }] });
    expect(result.problems).toEqual([
      {
        kind: 'address-space',
        network: 's_default',
        message:
          'network s_default (10.77.1.0/29) has 5 usable addresses but needs 14: 1 VIP + 10 tasks + 3 node load balancers; ' +
          '9 tasks will get no address and stay in state New (swarm reports no error)',
      },
    ]);
  });

  it('a /28 holds exactly 1 VIP + 9 tasks + 3 load balancers (as measured on the lab), not 10 tasks', () => {
    const net = (replicas: number) =>
      preview([{ spec: spec({ replicas }) }], { networks: [{ name: 's_default', driver: 'overlay', subnet: '10.77.2.0/28' }] }).problems;
    expect(net(9)).toEqual([]);
    expect(net(10)).toHaveLength(1);
  });

  it('without a subnet the default /24 is assumed; dnsrr services take no VIP', () => {
    const big = preview([{ spec: spec({ replicas: 250, endpointMode: 'dnsrr' }) }]);
    expect(big.problems.filter((p) => p.kind === 'address-space')).toEqual([]);
    const bigger = preview([{ spec: spec({ replicas: 251, endpointMode: 'dnsrr' }) }]);
    expect(bigger.problems.filter((p) => p.kind === 'address-space')[0]?.message).toContain('(default /24) has 253 usable addresses but needs 254');
  });

  it('networks of other drivers are not checked', () => {
    expect(preview([{ spec: spec({ replicas: 10 }) }], { networks: [{ name: 's_default', driver: 'macvlan', subnet: '10.0.0.0/30' }] }).problems).toEqual([]);
  });
});
