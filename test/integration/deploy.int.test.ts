/**
 * `stack deploy` end to end on the lab swarm: executing the plan, waiting for convergence with failure reasons,
 * no writes without changes, versioned secrets and their clean-up, plan problems. Rollouts, the lock and Ctrl-C
 * are in deploy-rollout.int.test.ts and deploy-order.int.test.ts. Each test has its own stack name and removes it (with its history and lock)
 * before and after, so the file can run twice in a row.
 */
import { describe, expect, it } from 'vitest';
import { deploy, deployJson, dir, revisionOutcomes, taskIds, useStack, webFile, write } from '../helpers/deploy-run.js';
import { labDocker, labDockerHost, labImage } from '../helpers/lab.js';

process.env.DOCKER_HOST ??= labDockerHost();

describe('stack deploy', () => {
  it('cold deploy converges; a redeploy without changes writes nothing and restarts nothing; one changed field updates one service', async () => {
    const stack = await useStack('dep-basic');
    const d = dir({ 'docker-compose.yml': webFile() });
    const cold = deploy(d, stack);
    expect(cold.code, cold.stderr + cold.stdout).toBe(0);
    expect(cold.stdout).toMatch(/\d\d:\d\d:\d\d dep-basic_web: converged 2\/2 \(\d+\.\ds\)/);
    expect(cold.stdout).toContain('Deploy succeeded (revision 1)');

    const webTasks = taskIds(`${stack}_web`);
    const sideTasks = taskIds(`${stack}_side`);
    const again = deployJson(d, stack, ['--debug']);
    expect(again.run.code).toBe(0);
    expect(again.json.outcome).toBe('unchanged');
    expect(again.json.apiCalls.post).toBe(0);
    expect(again.json.apiCalls.delete).toBe(0);
    expect(again.run.stderr).toMatch(/Engine API calls: \d+ \(GET \d+, POST 0, DELETE 0\)/);
    expect(taskIds(`${stack}_web`)).toEqual(webTasks);
    expect(taskIds(`${stack}_side`)).toEqual(sideTasks);

    write(d, { 'docker-compose.yml': webFile({ env: 'two' }) });
    const one = deployJson(d, stack);
    expect(one.run.code, one.run.stderr).toBe(0);
    expect(one.json.outcome).toBe('succeeded');
    expect(one.json.changes).toEqual([{ type: 'service', name: `${stack}_web`, action: 'update', id: expect.any(String) }]);
    expect(one.json.services.map((s) => [s.name, s.phase, s.running, s.desired])).toEqual([[`${stack}_web`, 'converged', 2, 2]]);
    expect(taskIds(`${stack}_side`)).toEqual(sideTasks);
    expect(revisionOutcomes(stack)).toEqual({ [`stack-rev.${stack}.1`]: 'succeeded', [`stack-rev.${stack}.2`]: 'succeeded' });
  });

  it('a secret content change creates a versioned secret, updates the service, removes the old one, and never prints the value', async () => {
    const stack = await useStack('dep-secret');
    const file = `services:
  app:
    image: ${labImage('busybox')}
    secrets: [token]
secrets:
  token:
    file: ./token.txt
`;
    const d = dir({ 'docker-compose.yml': file, 'token.txt': 'first-value-7f3a' });
    expect(deploy(d, stack, ['--history-max', '1']).code).toBe(0);
    write(d, { 'token.txt': 'second-value-9c1e' });
    const changed = deployJson(d, stack, ['--history-max', '1', '--debug']);
    expect(changed.run.code, changed.run.stderr).toBe(0);
    const versioned = changed.json.changes.find((c) => c.type === 'secret');
    expect(versioned?.name).toMatch(new RegExp(`^${stack}_token-[0-9a-f]{10}$`));
    expect(changed.json.changes.map((c) => [c.type, c.action])).toEqual([['secret', 'replace'], ['service', 'update']]);
    expect(changed.json.cleanup.removedSecrets).toEqual([`${stack}_token`]);
    const secrets = labDocker(['secret', 'ls', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{.Name}}']).split('\n');
    expect(secrets).toEqual([versioned?.name]);
    const refs = labDocker(['service', 'inspect', '--format', '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}}{{end}}', `${stack}_app`]);
    expect(refs).toBe(versioned?.name);
    for (const text of [changed.run.stdout, changed.run.stderr]) {
      expect(text).not.toContain('second-value');
      expect(text).not.toContain('first-value');
    }
    write(d, { 'token.txt': 'third-value-0b2d' });
    const plain = deploy(d, stack, ['--history-max', '1', '--debug']);
    expect(plain.code).toBe(0);
    expect(plain.stdout + plain.stderr).not.toContain('third-value');
  });

  it('a bad image tag fails fast with the reason', async () => {
    const stack = await useStack('dep-badimage');
    const d = dir({ 'docker-compose.yml': webFile({ image: labImage('web', 'no-such-tag') }) });
    const started = Date.now();
    const run = deploy(d, stack, ['--resolve-image', 'never', '--timeout', '90s']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/dep-badimage_web: failed .*image cannot be pulled/);
    expect(run.stdout).toContain('Deploy failed');
    expect(Date.now() - started).toBeLessThan(80_000);
    expect(revisionOutcomes(stack)).toEqual({ [`stack-rev.${stack}.1`]: 'failed' });
  });

  it('an unplaceable constraint is refused as a plan problem, and with --force fails with the reason', async () => {
    const stack = await useStack('dep-unplaceable');
    const d = dir({
      'docker-compose.yml': webFile({ extra: '\n      placement:\n        constraints: ["node.labels.nowhere == here"]' }),
    });
    const refused = deploy(d, stack);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('problem(s) that would make the deploy fail');
    expect(refused.stderr).toContain('--force');
    expect(labDocker(['service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`])).toBe('');
    const forced = deploy(d, stack, ['--force', '--timeout', '60s']);
    expect(forced.code).toBe(1);
    expect(forced.stdout).toMatch(/dep-unplaceable_web: failed .*cannot be placed/);
  });

  it('a crashing container fails with the exit code', async () => {
    const stack = await useStack('dep-crash');
    const d = dir({
      'docker-compose.yml': `services:\n  boom:\n    image: ${labImage('crash')}\n    deploy:\n      restart_policy:\n        delay: 1s\n`,
    });
    const { run, json } = deployJson(d, stack, ['--timeout', '90s']);
    expect(run.code).toBe(1);
    expect(json.outcome).toBe('failed');
    expect(json.services[0]).toMatchObject({ name: `${stack}_boom`, phase: 'failed' });
    expect(json.services[0]?.message).toMatch(/exit code 3/);
  });
});
