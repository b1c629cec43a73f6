/**
 * Rollout scenario matrix, part B continued (docs/rollout-matrix.md): a healthy start-first update under
 * failure_action rollback, global services with a host-mode port, and waiting by cause for a port held by
 * containers still stopping.
 */
import { describe, expect, it } from 'vitest';
import { dir, useStack } from '../helpers/deploy-run.js';
import { labDocker, labDockerHost, labImage } from '../helpers/lab.js';
import { CASE_TIMEOUT_MS, deployCli, runRolloutCase, SETUP_TIMEOUT, UPDATE_TIMEOUT_S, webService } from '../helpers/rollout-case.js';

process.env.DOCKER_HOST ??= labDockerHost();

describe('rollout matrix B: healthy start-first, global services', () => {
  it('b5 rollback + a healthy new image, start-first: converges', async () => {
    await runRolloutCase({
      stack: 'rm-b5',
      before: { replicas: 2, failureAction: 'rollback', order: 'start-first' },
      after: { replicas: 2, failureAction: 'rollback', order: 'start-first', image: labImage('web', '2') },
      finishes: true,
    });
  }, CASE_TIMEOUT_MS);

  it('b6 global, start-first, host port, new image: predicted (the new task needs the port on the node of the old one); forced, fails fast naming the port', async () => {
    await runRolloutCase({
      stack: 'rm-b6',
      before: { mode: 'global', order: 'start-first', hostPort: 18316 },
      after: { mode: 'global', order: 'start-first', hostPort: 18316, image: labImage('web', '2') },
      finishes: false,
      predicted: /the update cannot finish: update_config.order start-first .*host-mode port 18316\/tcp is in use on node\d/,
      // A global task is bound to its node: swarm gives the bare filter reason, without "no suitable node" and without
      // the port; the cause names the port and the node whose old task holds it.
      cause: /cannot be placed: host-mode port 18316\/tcp is in use on node\d \(swarm: host-mode port already in use on 1 node\); nothing will free the port: the update is start-first/,
      left: 'swarm left the update in progress',
    });
  }, CASE_TIMEOUT_MS);

  it('b7 global, stop-first, host port, new image: finishes', async () => {
    await runRolloutCase({
      stack: 'rm-b7',
      before: { mode: 'global', hostPort: 18317, parallelism: 3 },
      after: { mode: 'global', hostPort: 18317, parallelism: 3, image: labImage('web', '2') },
      finishes: true,
    });
  }, CASE_TIMEOUT_MS);
});

describe('waiting by cause: a host-mode port held by containers still stopping', () => {
  it('b8 right after another stack holding the port was removed, the deploy waits for them (saying so) and converges', async () => {
    const gone = await useStack('rm-b8-old');
    const stack = await useStack('rm-b8-new');
    // The old containers ignore their stop signal (PID 1 without a handler), so they hold the port for the whole
    // stop_grace_period after the removal.
    const holder = webService({ replicas: 3, hostPort: 18318, health: false }).replace('stop_grace_period: 1s', 'stop_grace_period: 6s\n    stop_signal: SIGUSR1');
    const d = dir({ 'docker-compose.yml': holder });
    const first = deployCli(d, gone, ['--timeout', SETUP_TIMEOUT]);
    expect(first.code, `set-up deploy: ${first.stdout}${first.stderr}`).toBe(0);
    const e = dir({ 'docker-compose.yml': webService({ replicas: 3, hostPort: 18318, image: labImage('web', '2') }) });
    labDocker(['stack', 'rm', gone]);
    // Converging is the point: the port frees itself; a verdict of "cannot be placed" would be the bug. No clock
    // race: --timeout bounds it.
    const run = deployCli(e, stack, ['--timeout', `${UPDATE_TIMEOUT_S}s`]);
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(
      /rm-b8-new_web: starting \d\/3: waiting for \d tasks? stopping on node\d.* to free room \(host-mode port 18318\/tcp is in use.* \(swarm: no suitable node \(host-mode port already in use/,
    );
  }, CASE_TIMEOUT_MS);
});
