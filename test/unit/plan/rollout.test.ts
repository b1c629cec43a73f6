import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/convert/swarm-types.js';
import { previewPlacement } from '../../../src/plan/placement.js';
import type { LiveNode, LiveTask } from '../../../src/swarm/live-types.js';
import { liveNode, threeNodes, worded } from './builders.js';

// The rolling-update simulation of the placement preview: which updates swarm can never finish.

interface Shape {
  image?: string;
  replicas?: number;
  global?: boolean;
  order?: 'start-first' | 'stop-first';
  parallelism?: number;
  hostPort?: number;
  ingressPort?: number;
  maxPerNode?: number;
  constraints?: string[];
  memory?: number;
}

function spec(shape: Shape): ServiceSpec {
  const ports = [
    ...(shape.hostPort ? [{ TargetPort: 80, PublishedPort: shape.hostPort, PublishMode: 'host', Protocol: 'tcp' }] : []),
    ...(shape.ingressPort ? [{ TargetPort: 80, PublishedPort: shape.ingressPort, PublishMode: 'ingress', Protocol: 'tcp' }] : []),
  ];
  return {
    Name: 's_web',
    Labels: {},
    TaskTemplate: {
      ContainerSpec: { Image: shape.image ?? 'web:2' },
      Placement: {
        ...(shape.constraints ? { Constraints: shape.constraints } : {}),
        ...(shape.maxPerNode ? { MaxReplicas: shape.maxPerNode } : {}),
      },
      Resources: shape.memory ? { Reservations: { MemoryBytes: shape.memory } } : {},
      ForceUpdate: 0,
    },
    Mode: shape.global ? { Global: {} } : { Replicated: { Replicas: shape.replicas ?? 2 } },
    UpdateConfig: { Parallelism: shape.parallelism ?? 1, Order: shape.order ?? 'stop-first', MaxFailureRatio: 0, FailureAction: 'pause' },
    EndpointSpec: ports.length > 0 ? { Ports: ports } : {},
  };
}

/** Previews an update from `before` (running on `on`, one task per entry) to `after`. */
function update(before: Shape, on: string[], after: Shape, nodes: LiveNode[] = threeNodes()) {
  const live = spec({ image: 'web:1', ...before });
  const tasks: LiveTask[] = on.map((hostname, i) => ({
    ID: `t${i}`,
    Version: { Index: 1 },
    ServiceID: 'svc',
    NodeID: `id-${hostname}`,
    Spec: live.TaskTemplate,
    DesiredState: 'running',
    Status: { State: 'running' },
  }));
  return previewPlacement({
    services: [{ key: 'web', name: 's_web', spec: spec(after), rollout: { liveSpec: live, tasks, replaced: new Set(tasks.map((t) => t.ID)) } }],
    nodes,
    tasks,
    stackServiceIds: new Set(['svc']),
    networks: [],
  }).problems.map(worded);
}

describe('rollout simulation', () => {
  // Seen on the lab: of three runs, two stalled (the added replica took the free node) and one finished (each
  // replacement took the node its predecessor freed, the added replica the last): the scheduler places the pending
  // tasks of one spec in no set order.
  it('start-first + host port, 2 → 3 replicas on 3 nodes: a race between the added replica and the replacements; the update may stall', () => {
    const problems = update({ replicas: 2, order: 'start-first', hostPort: 8080 }, ['node1', 'node2'], { replicas: 3, order: 'start-first', hostPort: 8080 });
    expect(problems).toEqual([
      {
        kind: 'rollout',
        service: 'web',
        message:
          'web: the update may never finish: update_config.order start-first starts each new task before it stops the old one, and host-mode port ' +
          '8080/tcp is in use on all 3 eligible nodes; whether swarm finishes depends on which pending task its scheduler places first ' +
          '(the added replicas or the replacements); when the added ones win, it leaves the new task pending for ever (and the update in progress)',
        fixes: ['update_config.order: stop-first', 'publish 8080 in ingress mode or without a host port', 'at most 2 replicas', 'more nodes'],
      },
    ]);
  });

  it('start-first + host port, 3 replicas on 3 nodes: no free node, no race: it cannot finish', () => {
    // 3 old tasks on 3 of 3 nodes, 3 → 3 replicas: no free node at all, no race: it cannot finish.
    const problems = update({ replicas: 3, order: 'start-first', hostPort: 8080 }, ['node1', 'node2', 'node3'], { replicas: 3, order: 'start-first', hostPort: 8080 });
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('web: the update cannot finish: ')]);
  });

  it('start-first + host port with a free node finishes: each new task goes to the node the previous old task freed', () => {
    expect(update({ replicas: 2, order: 'start-first', hostPort: 8080 }, ['node1', 'node2'], { replicas: 2, order: 'start-first', hostPort: 8080 })).toEqual([]);
    // Parallelism 2: one new task waits for the port the other one's old task frees.
    expect(update({ replicas: 2, order: 'start-first', hostPort: 8080 }, ['node1', 'node2'], { replicas: 2, order: 'start-first', hostPort: 8080, parallelism: 2 })).toEqual([]);
  });

  it('stop-first + host port, 3 replicas on 3 nodes finishes: the old task frees its port first', () => {
    expect(update({ replicas: 3, hostPort: 8080 }, ['node1', 'node2', 'node3'], { replicas: 3, hostPort: 8080 })).toEqual([]);
  });

  it('a port published through ingress needs no free node', () => {
    expect(update({ replicas: 3, order: 'start-first', ingressPort: 8080 }, ['node1', 'node2', 'node3'], { replicas: 3, order: 'start-first', ingressPort: 8080 })).toEqual([]);
  });

  it('start-first + max_replicas_per_node: stalls when every eligible node is at the limit, finishes with room for one more', () => {
    const full = update({ replicas: 3, order: 'start-first', maxPerNode: 1 }, ['node1', 'node2', 'node3'], { replicas: 3, order: 'start-first', maxPerNode: 1 });
    expect(full.map((p) => p.message)).toEqual([
      'web: the update cannot finish: update_config.order start-first starts each new task before it stops the old one, and max_replicas_per_node 1 ' +
        'is reached on all 3 eligible nodes; swarm would leave the new task pending for ever (and the update in progress)',
    ]);
    expect(full[0]?.fixes).toEqual(['update_config.order: stop-first', 'a higher max_replicas_per_node', 'at most 2 replicas', 'more nodes']);
    expect(update({ replicas: 2, order: 'start-first', maxPerNode: 1 }, ['node1', 'node2'], { replicas: 2, order: 'start-first', maxPerNode: 1 })).toEqual([]);
    expect(update({ replicas: 3, maxPerNode: 1 }, ['node1', 'node2', 'node3'], { replicas: 3, maxPerNode: 1 })).toEqual([]);
  });

  it('start-first + reservations: the new task must fit next to the old one', () => {
    const gib = 1024 ** 3;
    // 4 GiB nodes, 3 GiB per task: nowhere fits a second task.
    const stuck = update({ replicas: 3, order: 'start-first', memory: 3 * gib }, ['node1', 'node2', 'node3'], { replicas: 3, order: 'start-first', memory: 3 * gib });
    expect(stuck[0]?.message).toContain('the reservations do not fit on all 3 eligible nodes next to the old task');
    expect(stuck[0]?.fixes).toContain('smaller resource reservations');
    // 2 GiB per task: two fit on a node, the update finishes.
    expect(update({ replicas: 3, order: 'start-first', memory: 2 * gib }, ['node1', 'node2', 'node3'], { replicas: 3, order: 'start-first', memory: 2 * gib })).toEqual([]);
  });

  it('constraints shrink the eligible nodes: 2 replicas on 2 workers with a host port stall under start-first', () => {
    const problems = update(
      { replicas: 2, order: 'start-first', hostPort: 8080, constraints: ['node.role==worker'] },
      ['node2', 'node3'],
      { replicas: 2, order: 'start-first', hostPort: 8080, constraints: ['node.role==worker'] },
    );
    expect(problems.map((p) => p.kind)).toEqual(['rollout']);
    expect(problems[0]?.message).toContain('host-mode port 8080/tcp is in use on all 2 eligible nodes');
    expect(problems[0]?.fixes).toContain('at most 1 replica');
  });

  it('a drained node is not room: 2 replicas on 3 nodes with one drained stall under start-first', () => {
    const nodes = [liveNode('node1', { role: 'manager' }), liveNode('node2'), liveNode('node3', { availability: 'drain' })];
    expect(update({ replicas: 2, order: 'start-first', hostPort: 8080 }, ['node1', 'node2'], { replicas: 2, order: 'start-first', hostPort: 8080 }, nodes)).toHaveLength(1);
  });

  it('scaling down first frees room: 3 → 2 replicas with start-first and a host port finishes', () => {
    expect(update({ replicas: 3, order: 'start-first', hostPort: 8080 }, ['node1', 'node2', 'node3'], { replicas: 2, order: 'start-first', hostPort: 8080 })).toEqual([]);
  });

  it('global + start-first + host port: the new task needs the port on the node of the old one', () => {
    const problems = update({ global: true, order: 'start-first', hostPort: 8080 }, ['node1', 'node2', 'node3'], { global: true, order: 'start-first', hostPort: 8080 });
    expect(problems.map((p) => p.message)).toEqual([
      'web: the update cannot finish: update_config.order start-first starts each new task before it stops the old one, and host-mode port 8080/tcp ' +
        'is in use on node1; swarm would leave the new task pending for ever (and the update in progress)',
    ]);
    expect(problems[0]?.fixes).toEqual(['update_config.order: stop-first', 'publish 8080 in ingress mode or without a host port']);
    expect(update({ global: true, hostPort: 8080 }, ['node1', 'node2', 'node3'], { global: true, hostPort: 8080 })).toEqual([]);
  });

  it('an end state that cannot be placed is reported once, as placement, not again as a rollout', () => {
    const problems = update({ replicas: 3, hostPort: 8080 }, ['node1', 'node2', 'node3'], { replicas: 4, hostPort: 8080 });
    expect(problems.map((p) => p.kind)).toEqual(['placement']);
  });
});
