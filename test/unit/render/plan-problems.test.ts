import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/plan/plan.js';
import type { NodeExclusion, PlacementProblem, PlanProblem, RolloutProblem, TaskNeeds } from '../../../src/plan/problems.js';
import { planToJson } from '../../../src/render/plan-json.js';
import { exclusionText, problemFixes, problemText } from '../../../src/render/plan-problems.js';

const GIB = 1024 ** 3;
const NO_NEEDS: TaskNeeds = { cpus: 0, memory: 0, generic: [], hostPorts: [], maxReplicas: 0 };

function placement(parts: Partial<PlacementProblem>): PlacementProblem {
  return { kind: 'placement', service: 'web', mode: 'replicated', wanted: 1, eligible: 1, unplaced: 1, failures: [], needs: NO_NEEDS, exclusions: [], ...parts };
}

function rollout(parts: Partial<RolloutProblem>): RolloutProblem {
  return { kind: 'rollout', service: 'web', finishes: 'never', eligible: 3, blockers: [], fixes: [{ code: 'order-stop-first' }], ...parts };
}

const START_FIRST = 'update_config.order start-first starts each new task before it stops the old one';
const NEVER = 'swarm would leave the new task pending for ever (and the update in progress)';

describe('node exclusions', () => {
  it.each<[NodeExclusion, string]>([
    [{ node: 'node3', code: 'node-not-ready', state: 'down' }, 'node3: node is down'],
    [{ node: 'node3', code: 'node-not-ready', state: '' }, 'node3: node is not ready'],
    [{ node: 'node2', code: 'node-not-active', availability: 'drain' }, 'node2: availability is drain'],
    [{ node: 'node1', code: 'constraint-not-satisfied', constraint: 'node.role == worker' }, 'node1: constraint node.role == worker not satisfied'],
    [
      { node: 'node2', code: 'platform-not-supported', platform: 'linux/aarch64', wanted: ['linux/amd64', 'windows/amd64'] },
      "node2: platform linux/aarch64 is not one of the image's (linux/amd64, windows/amd64)",
    ],
    [{ node: 'node1', code: 'generic-resource-short', kind: 'gpu', has: 0, needs: 2 }, 'node1: has 0 of generic resource gpu (needs 2)'],
    [{ node: 'node1', code: 'cpus-short', has: 2e9, needs: 8e9 }, 'node1: has 2 CPUs (needs 8)'],
    [{ node: 'node1', code: 'cpus-short', has: 0, needs: 5e8 }, 'node1: has 0 CPUs (needs 0.5)'],
    [{ node: 'node1', code: 'memory-short', has: GIB, needs: 2 * GIB }, 'node1: has 1GiB of memory (needs 2GiB)'],
    [{ node: 'node1', code: 'memory-short', has: 0, needs: 512 * 1024 ** 2 }, 'node1: has 0B of memory (needs 512MiB)'],
  ])('%j', (exclusion, words) => {
    expect(exclusionText(exclusion)).toBe(words);
  });
});

describe('placement problems', () => {
  const constraint: NodeExclusion[] = [
    { node: 'node1', code: 'constraint-not-satisfied', constraint: 'node.role == none' },
    { node: 'node2', code: 'node-not-ready', state: 'down' },
  ];

  it('a global service no node may run', () => {
    expect(problemText(placement({ mode: 'global', wanted: 0, eligible: 0, unplaced: 0, exclusions: constraint }))).toBe(
      'web: global, 0 eligible nodes: no task will run (node1: constraint node.role == none not satisfied; node2: node is down)',
    );
  });

  it('replicas with no eligible node list the nodes and why', () => {
    expect(problemText(placement({ wanted: 2, eligible: 0, unplaced: 2, exclusions: constraint }))).toBe(
      'web: 2 replicas, 0 eligible nodes: 2 replicas cannot be placed (node1: constraint node.role == none not satisfied; node2: node is down)',
    );
  });

  it('max_replicas_per_node is named only when it turned tasks away', () => {
    const needs = { ...NO_NEEDS, maxReplicas: 1 };
    expect(problemText(placement({ wanted: 4, eligible: 3, unplaced: 1, failures: ['max-replicas'], needs }))).toBe(
      'web: 4 replicas, 3 eligible nodes, max_replicas_per_node 1: 1 replica cannot be placed',
    );
    expect(problemText(placement({ wanted: 4, eligible: 3, unplaced: 1, needs }))).toBe('web: 4 replicas, 3 eligible nodes: 1 replica cannot be placed');
  });

  it('resources say what one task reserves; host ports say which', () => {
    const needs: TaskNeeds = { cpus: 15e8, memory: 2 * GIB, generic: [{ kind: 'gpu', value: 1 }], hostPorts: ['8080/tcp', '53/udp'], maxReplicas: 0 };
    expect(problemText(placement({ wanted: 3, eligible: 1, unplaced: 2, failures: ['resources', 'host-port'], needs }))).toBe(
      'web: 3 replicas, 1 eligible node: 2 replicas cannot be placed (not enough free resources for a task reserving 1.5 CPUs, 2GiB memory, 1 gpu; ' +
        'host-mode port 8080/tcp, 53/udp is already taken on the other eligible nodes)',
    );
  });

  it('a global job counts tasks', () => {
    expect(problemText(placement({ mode: 'global-job', wanted: 2, eligible: 2, unplaced: 1, failures: ['resources'], needs: { ...NO_NEEDS, memory: GIB } }))).toBe(
      'web: global-job, 2 eligible nodes: 1 task cannot be placed (not enough free resources for a task reserving 1GiB memory)',
    );
  });

  it('have no fixes', () => {
    expect(problemFixes(placement({}))).toEqual([]);
  });
});

describe('rollout problems', () => {
  it('names where the new task found no room', () => {
    const blockers: RolloutProblem['blockers'] = [{ code: 'host-port-in-use', ports: ['8080/tcp'] }];
    expect(problemText(rollout({ node: 'node1', blockers }))).toBe(`web: the update cannot finish: ${START_FIRST}, and host-mode port 8080/tcp is in use on node1; ${NEVER}`);
    expect(problemText(rollout({ eligible: 1, blockers }))).toBe(
      `web: the update cannot finish: ${START_FIRST}, and host-mode port 8080/tcp is in use on the only eligible node; ${NEVER}`,
    );
    expect(problemText(rollout({ eligible: 2, blockers }))).toBe(
      `web: the update cannot finish: ${START_FIRST}, and host-mode port 8080/tcp is in use on all 2 eligible nodes; ${NEVER}`,
    );
  });

  it('lists every blocker, or says no node has room', () => {
    const blockers: RolloutProblem['blockers'] = [
      { code: 'host-port-in-use', ports: ['8080/tcp', '8443/tcp'] },
      { code: 'max-replicas-reached', maxReplicas: 1 },
      { code: 'reservations-do-not-fit' },
    ];
    expect(problemText(rollout({ blockers }))).toBe(
      `web: the update cannot finish: ${START_FIRST}, and host-mode port 8080/tcp, 8443/tcp is in use on all 3 eligible nodes; ` +
        `max_replicas_per_node 1 is reached on all 3 eligible nodes; the reservations do not fit on all 3 eligible nodes next to the old task; ${NEVER}`,
    );
    expect(problemText(rollout({}))).toBe(`web: the update cannot finish: ${START_FIRST}, and no node has room for the new task; ${NEVER}`);
  });

  it('a race between the added replicas and the replacements may never finish', () => {
    expect(problemText(rollout({ finishes: 'race', blockers: [{ code: 'host-port-in-use', ports: ['8080/tcp'] }] }))).toBe(
      `web: the update may never finish: ${START_FIRST}, and host-mode port 8080/tcp is in use on all 3 eligible nodes; ` +
        'whether swarm finishes depends on which pending task its scheduler places first (the added replicas or the replacements); ' +
        'when the added ones win, it leaves the new task pending for ever (and the update in progress)',
    );
  });

  it('words every fix', () => {
    const fixes: RolloutProblem['fixes'] = [
      { code: 'order-stop-first' },
      { code: 'publish-without-host-port', ports: ['8080/tcp', '53/udp'] },
      { code: 'raise-max-replicas' },
      { code: 'smaller-reservations' },
      { code: 'fewer-replicas', replicas: 1 },
      { code: 'fewer-replicas', replicas: 2 },
      { code: 'more-nodes' },
    ];
    expect(problemFixes(rollout({ fixes }))).toEqual([
      'update_config.order: stop-first',
      'publish 8080, 53 in ingress mode or without a host port',
      'a higher max_replicas_per_node',
      'smaller resource reservations',
      'at most 1 replica',
      'at most 2 replicas',
      'more nodes',
    ]);
  });
});

describe('address-space problems', () => {
  it('name the subnet, or the default pool', () => {
    const base = { kind: 'address-space' as const, network: 's_small', prefix: 29, usable: 5, needed: 14, vips: 1, tasks: 10, nodes: 3 };
    expect(problemText({ ...base, subnet: '10.0.9.0/29' })).toBe(
      'network s_small (10.0.9.0/29) has 5 usable addresses but needs 14: 1 VIP + 10 tasks + 3 node load balancers; ' +
        '9 tasks will get no address and stay in state New (swarm reports no error)',
    );
    expect(problemText({ ...base, prefix: 24, usable: 253, needed: 254, vips: 0, tasks: 253, nodes: 1 })).toBe(
      'network s_small (default /24) has 253 usable addresses but needs 254: 0 VIPs + 253 tasks + 1 node load balancer; ' +
        '1 task will get no address and stay in state New (swarm reports no error)',
    );
  });
});

describe('name-taken problems', () => {
  const takeOver = 'declare it `external: true` to use it, or remove it';
  it.each<['network' | 'secret' | 'config' | 'service', string | undefined, string]>([
    ['network', undefined, `(it was not made by a stack deploy); creating it will fail: ${takeOver} (docker network rm s_network)`],
    ['secret', 'billing', `(it belongs to stack billing); the deploy would take it over: ${takeOver} (docker secret rm s_secret)`],
    ['config', undefined, `(it was not made by a stack deploy); the deploy would take it over: ${takeOver} (docker config rm s_config)`],
    ['service', 'other', '(it belongs to stack other); creating it will fail: remove it (docker service rm s_service) or rename the service'],
  ])('a %s (owner %s) says whose it is and how to go on', (objectType, owner, rest) => {
    const problem: PlanProblem = { kind: 'name-taken', objectType, name: `s_${objectType}`, stack: 's', ...(owner ? { owner } : {}) };
    expect(problemText(problem)).toBe(`${objectType} s_${objectType} already exists but is not part of stack s ${rest}`);
  });
});

describe('image problems', () => {
  it('name the service, the image and the registry answer', () => {
    expect(problemText({ kind: 'image', service: 'web', name: 's_web', image: 'registry.local/web:1', missing: 'manifest unknown' })).toBe(
      's_web: image registry.local/web:1 does not exist in its registry (manifest unknown); no task could start: fix the tag, or push the image',
    );
  });
});

describe('problems and exclusions in the JSON form', () => {
  it('keep the words in message, fixes and excluded, next to the codes and data', () => {
    const problems: PlanProblem[] = [
      rollout({ node: 'node1', blockers: [{ code: 'reservations-do-not-fit' }], fixes: [{ code: 'order-stop-first' }, { code: 'more-nodes' }] }),
      { kind: 'name-taken', objectType: 'network', name: 's_front', stack: 's' },
    ];
    const exclusions: NodeExclusion[] = [{ node: 'node1', code: 'node-not-ready', state: 'down' }];
    const plan = {
      stackName: 's',
      externalNetworks: [],
      references: [],
      changes: [],
      warnings: [],
      prune: false,
      placement: [{ service: 'web', name: 's_web', mode: 'replicated', tasks: 1, eligibleNodes: ['node2'], distribution: { node2: 1 }, unplaced: 0, exclusions }],
      problems,
    } satisfies Plan;
    const json = planToJson(plan);
    expect(json.placement[0]).toMatchObject({ excluded: ['node1: node is down'], exclusions });
    expect(json.problems).toEqual([
      {
        ...problems[0],
        message: `web: the update cannot finish: ${START_FIRST}, and the reservations do not fit on node1 next to the old task; ${NEVER}`,
        fixes: ['update_config.order: stop-first', 'more nodes'],
        fixCodes: [{ code: 'order-stop-first' }, { code: 'more-nodes' }],
      },
      {
        ...problems[1],
        object: 'network s_front',
        message: expect.stringMatching(/^network s_front already exists but is not part of stack s /),
      },
    ]);
  });
});
