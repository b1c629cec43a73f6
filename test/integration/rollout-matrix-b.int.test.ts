/**
 * Rollout scenario matrix, part B (docs/rollout-matrix.md): update_config.failure_action (pause, rollback, continue)
 * x task outcome (unhealthy, exits, image missing). Each case states in advance whether swarm can finish the update;
 * the deploy must fail fast with the task's own cause, the state swarm left the service in and the next command.
 */
import { describe, it } from 'vitest';
import { labDockerHost, labImage } from '../helpers/lab.js';
import { CASE_TIMEOUT_MS, runRolloutCase } from '../helpers/rollout-case.js';

process.env.DOCKER_HOST ??= labDockerHost();

describe('rollout matrix B: failure_action x task outcome', () => {
  it('b1 pause + a new image that exits: failed, paused on the new spec, exit code named, next: stack rollback', async () => {
    await runRolloutCase({
      stack: 'rm-b1',
      before: { replicas: 2 },
      // Swarm pauses for a task that fails within the monitor period; under load the crashing container ran for
      // more than 1 s before it exited, swarm finished the update and kept restarting it. 30 s keeps it in the window.
      after: { replicas: 2, image: labImage('crash'), health: false, monitor: '30s' },
      finishes: false,
      cause: /task exited with code 3|tasks keep exiting \(exit code 3/,
      left: 'swarm paused the update on the new spec',
      next: /; next: stack rollback rm-b1, docker service logs rm-b1_web, stack ps rm-b1$/,
    });
  }, CASE_TIMEOUT_MS);

  it('b2 rollback + an unhealthy image: rolled back by swarm to the previous spec, health check named', async () => {
    await runRolloutCase({
      stack: 'rm-b2',
      before: { replicas: 2, failureAction: 'rollback' },
      after: { replicas: 2, failureAction: 'rollback', image: labImage('unhealthy'), startPeriod: '0s' },
      finishes: false,
      phase: 'rolled-back',
      cause: /health check failing/,
      left: 'swarm rolled it back to the previous spec',
      next: /; next: docker service logs rm-b2_web, stack ps rm-b2$/,
    });
  }, CASE_TIMEOUT_MS);

  it('b3 continue + a new image that exits: failed, swarm carries on with the new spec', async () => {
    await runRolloutCase({
      stack: 'rm-b3',
      before: { replicas: 2, failureAction: 'continue' },
      after: { replicas: 2, failureAction: 'continue', image: labImage('crash'), health: false },
      finishes: false,
      cause: /tasks keep exiting \(exit code 3/,
      left: 'swarm carries on with the update on the new spec',
      next: /; next: stack rollback rm-b3, /,
    });
  }, CASE_TIMEOUT_MS);

  it('b4 pause + an image tag that does not exist: failed with the pull error, paused, next: stack ps', async () => {
    await runRolloutCase({
      stack: 'rm-b4',
      before: { replicas: 2 },
      after: { replicas: 2, image: labImage('web', 'missing') },
      finishes: false,
      cause: /image cannot be pulled: .*web:missing/,
      left: 'swarm paused the update on the new spec',
      next: /; next: stack rollback rm-b4, stack ps rm-b4$/,
    });
  }, CASE_TIMEOUT_MS);

});
