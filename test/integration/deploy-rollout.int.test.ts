/**
 * `stack deploy` rollouts on the lab swarm: swarm's own rollback, --rollback-on-failure, the deploy lock between two
 * runs, and Ctrl-C while rolling out (depends_on order, stale plans, --detach and Ctrl-C while waiting for the lock
 * are in deploy-order.int.test.ts, so the two halves run side by side on two labs). Each test has its own stack name
 * and removes it (with its history and lock) before and after.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { deploy, deployJson, dir, revisionOutcomes, startCli, until, useStack, webFile, write } from '../helpers/deploy-run.js';
import { labDocker, labDockerHost, labImage } from '../helpers/lab.js';

process.env.DOCKER_HOST ??= labDockerHost();

describe('stack deploy: rollouts, the lock, Ctrl-C', () => {
  it('a failing healthcheck with update_config.failure_action rollback is reported as rolled back', async () => {
    const stack = await useStack('dep-swarmrollback');
    const update = '\n      update_config:\n        failure_action: rollback\n        monitor: 3s\n        parallelism: 1';
    const d = dir({ 'docker-compose.yml': webFile({ replicas: 1, extra: update }) });
    expect(deploy(d, stack).code).toBe(0);
    write(d, { 'docker-compose.yml': webFile({ replicas: 1, image: labImage('unhealthy'), extra: update }) });
    const { run, json } = deployJson(d, stack, ['--timeout', '120s']);
    expect(run.code).toBe(1);
    expect(json.outcome).toBe('failed');
    expect(json.services.find((s) => s.key === 'web')).toMatchObject({ phase: 'rolled-back' });
    const text = deploy(d, stack, ['--timeout', '120s']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('rolled back by swarm');
  });

  it('--rollback-on-failure puts every changed service back to its previous spec', async () => {
    const stack = await useStack('dep-ourrollback');
    const v1 = webFile({ replicas: 1 });
    const d = dir({ 'docker-compose.yml': v1 });
    expect(deploy(d, stack).code).toBe(0);
    const v2 = v1.replace('MODE: one', 'MODE: two').replace(`image: ${labImage('busybox')}`, `image: ${labImage('crash')}`);
    write(d, { 'docker-compose.yml': v2 });
    const { run, json } = deployJson(d, stack, ['--rollback-on-failure', '--timeout', '120s']);
    expect(run.code).toBe(1);
    expect(json.outcome).toBe('rolled-back');
    expect(json.rollback?.outcome).toBe('succeeded');
    expect(json.rollback?.services.map((s) => [s.name, s.phase]).sort()).toEqual([
      [`${stack}_side`, 'converged'],
      [`${stack}_web`, 'converged'],
    ]);
    // Field by field: the v1 file plans no change against what is live now.
    write(d, { 'docker-compose.yml': v1 });
    const diff = runCli(['diff', '-c', 'docker-compose.yml', '--exit-code', stack], { cwd: d });
    expect(diff.code, diff.stdout).toBe(0);
  });

  it('a second deploy of the same stack waits for the lock: fails on --lock-timeout naming the holder, or proceeds after the first', async () => {
    const stack = await useStack('dep-lock');
    const d = dir({ 'docker-compose.yml': webFile({ replicas: 2 }) });
    const first = startCli(['deploy', '-c', 'docker-compose.yml', stack], d);
    await until(() => labDocker(['config', 'ls', '-q', '--filter', `name=stack-lock.${stack}`]) !== '', 30_000, 'the lock');
    // A run with changes of its own needs the lock (a run whose plan is empty returns at once without it).
    const other = dir({ 'docker-compose.yml': webFile({ replicas: 2, env: 'two' }) });
    const impatient = deploy(other, stack, ['--lock-timeout', '1s']);
    expect(impatient.code).toBe(1);
    expect(impatient.stderr).toMatch(/stack dep-lock is being deployed by .*@.* \(pid \d+\)/);
    expect((await first.done).code).toBe(0);

    write(d, { 'docker-compose.yml': webFile({ replicas: 2, env: 'three' }) });
    const a = startCli(['deploy', '-c', 'docker-compose.yml', stack], d);
    await until(() => labDocker(['config', 'ls', '-q', '--filter', `name=stack-lock.${stack}`]) !== '', 30_000, 'the lock');
    const b = startCli(['deploy', '-c', 'docker-compose.yml', stack], other);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    expect(rb.stdout).toContain('waiting for the deploy lock');
    // b planned again after a finished: only MODE three → two.
    expect(rb.stdout).toContain('The stack changed while waiting for the lock');
    expect(labDocker(['service', 'inspect', '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Env}}', `${stack}_web`])).toContain('MODE=two');
  });

  it('Ctrl-C during the wait records an interrupted revision and releases the lock; a rerun succeeds', async () => {
    const stack = await useStack('dep-interrupt');
    const slow = '\n      update_config:\n        parallelism: 1\n        delay: 5s';
    const d = dir({ 'docker-compose.yml': webFile({ replicas: 2, extra: slow }) });
    expect(deploy(d, stack).code).toBe(0);
    write(d, { 'docker-compose.yml': webFile({ replicas: 2, env: 'two', extra: slow }) });
    const run = startCli(['deploy', '-c', 'docker-compose.yml', stack], d);
    await until(() => /dep-interrupt_web: updating/.test(run.output()), 60_000, 'the update to start');
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stdout).toContain('Deploy interrupted');
    expect(revisionOutcomes(stack)[`stack-rev.${stack}.2`]).toBe('interrupted');
    expect(labDocker(['config', 'ls', '-q', '--filter', `name=stack-lock.${stack}`])).toBe('');
    const rerun = deploy(d, stack);
    expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0);
  });
});
