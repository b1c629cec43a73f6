/**
 * Rollout scenario matrix, part A (docs/rollout-matrix.md): update order x host-mode port x replicas versus nodes, on
 * the lab's 3 nodes. Each case states in advance whether swarm can finish the update; the plan must predict it and
 * the deploy must converge, or fail fast with the cause, the state left and the next command.
 */
import { describe, expect, it } from 'vitest';
import { labDockerHost, labImage } from '../helpers/lab.js';
import { CASE_TIMEOUT_MS, runRolloutCase } from '../helpers/rollout-case.js';

process.env.DOCKER_HOST ??= labDockerHost();

const WEB2 = labImage('web', '2');
const PAUSED_IN_PROGRESS = 'swarm left the update in progress';

describe('rollout matrix A: order, host-mode ports, replicas versus nodes', () => {
  it('a1 start-first, host port, 2 replicas on 3 nodes, new image: finishes (a free node takes each new task)', async () => {
    await runRolloutCase({
      stack: 'rm-a1',
      before: { replicas: 2, order: 'start-first', hostPort: 18301 },
      after: { replicas: 2, order: 'start-first', hostPort: 18301, image: WEB2 },
      finishes: true,
    });
  }, CASE_TIMEOUT_MS);

  // The example. Swarm's outcome is a race: the added replica and the updater's replacement tasks wait for
  // the scheduler together, and it places pending tasks of one spec in no set order. When the added replica takes
  // the free node, every node holds the port and the replacement stays pending for ever (seen 2 runs in 3 on the
  // lab); when each replacement takes the node its predecessor freed, the update finishes (1 run in 3).
  it('a2 start-first, host port, 2 → 3 replicas on 3 nodes, new image (the issue): predicted, blocked; forced, converges or fails fast naming the port', async () => {
    const result = await runRolloutCase({
      stack: 'rm-a2',
      before: { replicas: 2, order: 'start-first', hostPort: 18302 },
      after: { replicas: 3, order: 'start-first', hostPort: 18302, image: WEB2 },
      finishes: 'race',
      predicted: /the update may never finish: update_config.order start-first .*host-mode port 18302\/tcp is in use on all 3 eligible nodes; whether swarm finishes depends on which pending task/,
      cause:
        /cannot be placed: host-mode port 18302\/tcp is in use on node\d(, node\d)* \(swarm: no suitable node \(host-mode port already in use on 3 nodes\)\); nothing will free the port: the update is start-first/,
      left: PAUSED_IN_PROGRESS,
      next: /; next: stack rollback rm-a2, stack ps rm-a2$/,
    });
    expect(['converged', 'failed']).toContain(result.outcome);
  }, CASE_TIMEOUT_MS);

  it('a3 stop-first, host port, 3 replicas on 3 nodes, new image: finishes (each old task frees its port first)', async () => {
    await runRolloutCase({
      stack: 'rm-a3',
      before: { replicas: 3, hostPort: 18303, parallelism: 3 },
      after: { replicas: 3, hostPort: 18303, parallelism: 3, image: WEB2 },
      finishes: true,
    });
  }, CASE_TIMEOUT_MS);

  // The example without the race: no node is free, so no order of placement lets swarm finish.
  it('a8 start-first, host port, 3 replicas on 3 nodes, new image: predicted, blocked; forced, fails fast naming the port, the state and the next command', async () => {
    await runRolloutCase({
      stack: 'rm-a8',
      before: { replicas: 3, order: 'start-first', hostPort: 18308 },
      after: { replicas: 3, order: 'start-first', hostPort: 18308, image: WEB2 },
      finishes: false,
      predicted: /the update cannot finish: update_config.order start-first .*host-mode port 18308\/tcp is in use on all 3 eligible nodes/,
      cause:
        /cannot be placed: host-mode port 18308\/tcp is in use on node1, node2, node3 \(swarm: no suitable node \(host-mode port already in use on 3 nodes\)\); nothing will free the port: the update is start-first/,
      left: PAUSED_IN_PROGRESS,
      next: /; next: stack rollback rm-a8, stack ps rm-a8$/,
    });
  }, CASE_TIMEOUT_MS);
});
