/**
 * Rollout scenario matrix, part B (docs/rollout-matrix.md): update_config.failure_action (pause, rollback, continue)
 * x task outcome (healthy, unhealthy, exits, image missing), plus global services. Each case states in advance
 * whether swarm can finish the update; the deploy must converge or fail within 60 s with the task's own cause, the
 * state swarm left the service in and the next command.
 */
import { describe, expect, it } from 'vitest';
import { deploy, dir, useStack } from '../helpers/deploy-run.js';
import { labDocker, labDockerHost, labImage } from '../helpers/lab.js';
import { runRolloutCase, STARTUP_ALLOWANCE_MS, webService } from '../helpers/rollout-case.js';

process.env.DOCKER_HOST ??= labDockerHost();

describe('rollout matrix B: failure_action x task outcome', () => {
  it('pause + a new image that exits: failed, paused on the new spec, exit code named, next: stack rollback', async () => {
    await runRolloutCase({
      stack: 'rm-b1',
      before: { replicas: 2 },
      after: { replicas: 2, image: labImage('crash'), health: false },
      finishes: false,
      cause: /task exited with code 3|tasks keep exiting \(exit code 3/,
      left: 'swarm paused the update on the new spec',
      next: /; next: stack rollback rm-b1, docker service logs rm-b1_web, stack ps rm-b1$/,
    });
  });

  it('rollback + an unhealthy image: rolled back by swarm to the previous spec, health check named', async () => {
    await runRolloutCase({
      stack: 'rm-b2',
      before: { replicas: 2, failureAction: 'rollback' },
      after: { replicas: 2, failureAction: 'rollback', image: labImage('unhealthy') },
      finishes: false,
      phase: 'rolled-back',
      cause: /health check failing/,
      left: 'swarm rolled it back to the previous spec',
      next: /; next: docker service logs rm-b2_web, stack ps rm-b2$/,
    });
  });

  it('continue + a new image that exits: failed, swarm carries on with the new spec', async () => {
    await runRolloutCase({
      stack: 'rm-b3',
      before: { replicas: 2, failureAction: 'continue' },
      after: { replicas: 2, failureAction: 'continue', image: labImage('crash'), health: false },
      finishes: false,
      cause: /tasks keep exiting \(exit code 3/,
      left: 'swarm carries on with the update on the new spec',
      next: /; next: stack rollback rm-b3, /,
    });
  });

  it('pause + an image tag that does not exist: failed with the pull error, paused, next: stack ps', async () => {
    await runRolloutCase({
      stack: 'rm-b4',
      before: { replicas: 2 },
      after: { replicas: 2, image: labImage('web', 'missing') },
      finishes: false,
      cause: /image cannot be pulled: .*web:missing/,
      left: 'swarm paused the update on the new spec',
      next: /; next: stack rollback rm-b4, stack ps rm-b4$/,
    });
  });

  it('rollback + a healthy new image, start-first: converges', async () => {
    await runRolloutCase({
      stack: 'rm-b5',
      before: { replicas: 2, failureAction: 'rollback', order: 'start-first' },
      after: { replicas: 2, failureAction: 'rollback', order: 'start-first', image: labImage('web', '2') },
      finishes: true,
    });
  });

  it('global, start-first, host port, new image: predicted (the new task needs the port on the node of the old one)', async () => {
    await runRolloutCase({
      stack: 'rm-b6',
      before: { mode: 'global', order: 'start-first', hostPort: 18316 },
      after: { mode: 'global', order: 'start-first', hostPort: 18316, image: labImage('web', '2') },
      finishes: false,
      predicted: /the update cannot finish: update_config.order start-first .*host-mode port 18316\/tcp is in use on node\d/,
      // A global task is bound to its node: swarm gives the bare filter reason, without "no suitable node".
      cause: /cannot be placed: host-mode port already in use on 1 node; nothing will free the port: the update is start-first/,
      left: 'swarm left the update in progress',
    });
  });

  it('global, stop-first, host port, new image: finishes', async () => {
    await runRolloutCase({
      stack: 'rm-b7',
      before: { mode: 'global', hostPort: 18317, parallelism: 3 },
      after: { mode: 'global', hostPort: 18317, parallelism: 3, image: labImage('web', '2') },
      finishes: true,
    });
  });
});

describe('waiting by cause: a host-mode port held by containers still stopping', () => {
  it('right after another stack holding the port was removed, the deploy waits for them (saying so) and converges', async () => {
    const gone = await useStack('rm-b8-old');
    const stack = await useStack('rm-b8-new');
    // The old containers ignore their stop signal (PID 1 without a handler), so they hold the port for the whole
    // stop_grace_period after the removal.
    const holder = webService({ replicas: 3, hostPort: 18318, health: false }).replace('stop_grace_period: 1s', 'stop_grace_period: 6s\n    stop_signal: SIGUSR1');
    const d = dir({ 'docker-compose.yml': holder });
    expect(deploy(d, gone, ['--timeout', '60s']).code).toBe(0);
    const e = dir({ 'docker-compose.yml': webService({ replicas: 3, hostPort: 18318, image: labImage('web', '2') }) });
    labDocker(['stack', 'rm', gone]);
    const started = Date.now();
    const run = deploy(e, stack, ['--timeout', '90s']);
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000 + STARTUP_ALLOWANCE_MS);
    expect(run.stdout).toMatch(/rm-b8-new_web: starting \d\/3: waiting for \d tasks? stopping on node\d.* to free room \(no suitable node \(host-mode port already in use/);
  });
});
