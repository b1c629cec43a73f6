/**
 * `stack deploy` on the lab swarm: depends_on order, the stale-plan guard, --detach, and Ctrl-C while waiting for the
 * deploy lock (split from deploy-rollout.int.test.ts, which keeps the rollouts). Each test has its own stack name and
 * removes it (with its history and lock) before and after.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { deploy, deployJson, dir, lockPresent, revisionOutcomes, startCli, until, useStack, webFile, write } from '../helpers/deploy-run.js';
import { labDocker, labDockerHost, labImage } from '../helpers/lab.js';

process.env.DOCKER_HOST ??= labDockerHost();

describe('stack deploy: depends_on order, stale plans, --detach, Ctrl-C while waiting for the lock', () => {
  const orderFile = (mode: string): string => `services:
  db:
    image: ${labImage('web')}
    healthcheck:
      test: ["CMD", "test", "-f", "/www/health"]
      interval: 1s
      timeout: 2s
      retries: 2
    environment:
      MODE: ${mode}
  app:
    image: ${labImage('busybox')}
    environment:
      MODE: ${mode}
    depends_on: [db]
`;

  /** When the service's spec was last written, and when its newest running task started running. */
  function updatedAt(service: string): number {
    return Date.parse(labDocker(['service', 'inspect', '--format', '{{.UpdatedAt}}', service]));
  }
  function runningSince(service: string): number {
    const ids = labDocker(['service', 'ps', '-q', '--filter', 'desired-state=running', service]).split('\n').filter(Boolean);
    return Math.max(...ids.map((id) => Date.parse(labDocker(['inspect', '--format', '{{.Status.Timestamp}}', id]))));
  }

  it('writes a service only after the services it depends on have converged', async () => {
    const stack = await useStack('dep-order');
    const d = dir({ 'docker-compose.yml': orderFile('one') });
    expect(deploy(d, stack).code).toBe(0);
    write(d, { 'docker-compose.yml': orderFile('two') });
    const { run, json } = deployJson(d, stack);
    expect(run.code, run.stderr).toBe(0);
    expect(json.services.map((s) => [s.key, s.phase])).toEqual([
      ['db', 'converged'],
      ['app', 'converged'],
    ]);
    // db's new task was running (and healthy) before app's spec was written.
    expect(updatedAt(`${stack}_app`)).toBeGreaterThanOrEqual(runningSince(`${stack}_db`));
  });

  it('a service changed in the cluster after the plan was made is not overwritten: the deploy stops and says to run again', async () => {
    const stack = await useStack('dep-stale');
    const d = dir({ 'docker-compose.yml': orderFile('one') });
    expect(deploy(d, stack).code).toBe(0);
    write(d, { 'docker-compose.yml': orderFile('two') });
    const run = startCli(['deploy', '-c', 'docker-compose.yml', stack], d);
    // app waits for db (depends_on); change app behind the deploy's back meanwhile.
    await until(() => /dep-stale_db: updating/.test(run.output()), 60_000, 'db to start updating');
    labDocker(['service', 'update', '--detach', '--label-add', 'touched=by-hand', `${stack}_app`]);
    const result = await run.done;
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/service dep-stale_app changed in the cluster after the plan was made .*run the command again/);
    expect(labDocker(['service', 'inspect', '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Env}}', `${stack}_app`])).toContain('MODE=one');
    // Planned again, the change by hand shows up and the deploy goes through.
    const rerun = deploy(d, stack);
    expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0);
    expect(labDocker(['service', 'inspect', '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Env}}', `${stack}_app`])).toContain('MODE=two');
  });

  it('--detach returns after writing and records the revision as submitted, not succeeded', async () => {
    const stack = await useStack('dep-detach');
    const d = dir({ 'docker-compose.yml': webFile({ replicas: 1 }) });
    const run = deploy(d, stack, ['--detach']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Deploy submitted (revision 1)');
    expect(revisionOutcomes(stack)).toEqual({ [`stack-rev.${stack}.1`]: 'submitted' });
    const history = runCli(['history', stack], { cwd: d });
    expect(history.stdout).toMatch(/\b1\b.*submitted/);
  });

  it('Ctrl-C while waiting for the lock stops at once, writes nothing and keeps the other holder\'s lock', async () => {
    const stack = await useStack('dep-lockwait');
    // A lock held by a run elsewhere, valid for an hour.
    const until1h = new Date(Date.now() + 3_600_000).toISOString();
    labDocker(
      ['config', 'create', '--label', `io.stack.lock=${stack}`, '--label', 'io.stack.lock.host=ci-runner-7', '--label', 'io.stack.lock.user=ci',
        '--label', 'io.stack.lock.pid=4242', '--label', `io.stack.lock.since=${new Date().toISOString()}`, '--label', `io.stack.lock.expires=${until1h}`,
        `stack-lock.${stack}`, '-'],
      { input: stack },
    );
    const d = dir({ 'docker-compose.yml': webFile({ replicas: 1 }) });
    const run = startCli(['deploy', '-c', 'docker-compose.yml', '--lock-timeout', '5m', stack], d);
    await until(() => /waiting for the deploy lock/.test(run.output()), 30_000, 'the lock wait');
    const interrupted = Date.now();
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(Date.now() - interrupted).toBeLessThan(5_000);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(`interrupted while waiting for the deploy lock of stack ${stack}, held by ci@ci-runner-7 (pid 4242)`);
    expect(result.stderr).toContain('nothing was written');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(labDocker(['service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`])).toBe('');
    expect(revisionOutcomes(stack)).toEqual({});
    expect(lockPresent(stack)).toBe(true);
  });
});
