/**
 * Rollout scenario matrix, part A continued (docs/rollout-matrix.md): max_replicas_per_node, more replicas than
 * nodes, constraints, and an end state that cannot be placed, on the lab's 3 nodes. Each case states in advance
 * whether swarm can finish the update; the plan must predict it and the deploy must converge, or fail fast with the
 * cause.
 */
import { describe, it } from 'vitest';
import { labDockerHost, labImage } from '../helpers/lab.js';
import { CASE_TIMEOUT_MS, runRolloutCase } from '../helpers/rollout-case.js';

process.env.DOCKER_HOST ??= labDockerHost();

const WEB2 = labImage('web', '2');
const PAUSED_IN_PROGRESS = 'swarm left the update in progress';

describe('rollout matrix A: max_replicas_per_node, constraints, more replicas than nodes', () => {
  it('a4 start-first, no port, max_replicas_per_node 1, 3 replicas on 3 nodes: predicted, fails fast when forced', async () => {
    await runRolloutCase({
      stack: 'rm-a4',
      before: { replicas: 3, order: 'start-first', maxPerNode: 1 },
      after: { replicas: 3, order: 'start-first', maxPerNode: 1, image: WEB2 },
      finishes: false,
      predicted: /the update cannot finish: .*max_replicas_per_node 1 is reached on all 3 eligible nodes/,
      cause: /cannot be placed: no suitable node \(max replicas per node limit exceed\)/,
      left: PAUSED_IN_PROGRESS,
    });
  }, CASE_TIMEOUT_MS);

  it('a5 start-first, no port, 4 replicas on 3 nodes (more than nodes): finishes', async () => {
    await runRolloutCase({
      stack: 'rm-a5',
      before: { replicas: 4, order: 'start-first', parallelism: 2 },
      after: { replicas: 4, order: 'start-first', parallelism: 2, image: WEB2 },
      finishes: true,
    });
  }, CASE_TIMEOUT_MS);

  it('a6 start-first, host port, constraint to the 2 workers, 2 replicas (equal to eligible nodes): predicted, fails fast when forced', async () => {
    await runRolloutCase({
      stack: 'rm-a6',
      before: { replicas: 2, order: 'start-first', hostPort: 18306, constraints: ['node.role==worker'] },
      after: { replicas: 2, order: 'start-first', hostPort: 18306, constraints: ['node.role==worker'], image: WEB2 },
      finishes: false,
      predicted: /the update cannot finish: .*host-mode port 18306\/tcp is in use on all 2 eligible nodes/,
      cause: /cannot be placed: host-mode port 18306\/tcp is in use on node\d, node\d \(swarm: no suitable node .*\); nothing will free the port/,
      left: PAUSED_IN_PROGRESS,
    });
  }, CASE_TIMEOUT_MS);

  it('a7 stop-first, host port, 3 → 4 replicas on 3 nodes: the end state cannot be placed; predicted and blocked', async () => {
    await runRolloutCase({
      stack: 'rm-a7',
      before: { replicas: 3, hostPort: 18307 },
      after: { replicas: 4, hostPort: 18307, image: WEB2 },
      finishes: false,
      predicted: /web: 4 replicas, 3 eligible nodes: 1 replica cannot be placed \(host-mode port 18307\/tcp/,
      cause: /cannot be placed: host-mode port 18307\/tcp is in use.* \(swarm: no suitable node \(host-mode port already in use on \d+ nodes?\)\)/,
      left: PAUSED_IN_PROGRESS,
    });
  }, CASE_TIMEOUT_MS);
});
