/**
 * Deploys that meet a cluster in motion or a plan known to fail: right after `docker stack rm` / `stack rm` of the
 * same stack (its networks are still being removed), a redeploy with no other run (no false re-plan), rollback and
 * `history --revision` of a stack with secrets and configs (no removals of the revision's own objects), names taken
 * outside the stack and an image tag the registry does not know (plan problems: nothing written unless --force).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { deploy, deployJson, dir, lockPresent, useStack, webFile, write } from '../helpers/deploy-run.js';
import { labDocker, labDockerHost, labImage } from '../helpers/lab.js';

process.env.DOCKER_HOST ??= labDockerHost();

/** busybox `sleep` as PID 1 ignores SIGTERM: its tasks take stop_grace_period to go, so the networks linger. */
const lingering = (mode: string, grace = '6s'): string => `services:
  app:
    image: ${labImage('busybox')}
    command: ["sleep", "3600"]
    environment:
      MODE: ${mode}
    networks: [front]
    stop_grace_period: ${grace}
    deploy:
      replicas: 2
networks:
  front: {}
`;

function services(stack: string): string[] {
  return labDocker(['service', 'ls', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{.Name}}']).split('\n').filter(Boolean);
}

describe('deploy right after the stack was removed', () => {
  it('`docker stack rm X && stack deploy X` creates the networks anew (waiting for old ones still listed) and converges', async () => {
    const stack = await useStack('race-dockerrm');
    // Tasks that take 20 s to stop: the removed stack's tasks are still going away while the deploy plans and writes.
    const d = dir({ 'docker-compose.yml': lingering('one', '20s') });
    expect(labDocker(['stack', 'deploy', '-c', `${d}/docker-compose.yml`, stack]), 'docker stack deploy').toContain('Creating service');
    await waitRunning(`${stack}_app`, 2);
    labDocker(['stack', 'rm', stack]);
    // Whether swarm still lists the old network when the plan is made depends on timing (seen from 0 to 15 s). Either
    // way the plan must create the network anew (waiting for the old one to go if needed), never reuse the dying one.
    const run = deploy(d, stack, ['--timeout', '90s']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toContain(`+ network ${stack}_front`);
    expect(run.stdout).toContain('Deploy succeeded');
  }, 300_000);

  it('`stack rm X && stack deploy X` converges', async () => {
    const stack = await useStack('race-stackrm');
    const d = dir({ 'docker-compose.yml': lingering('one') });
    expect(deploy(d, stack).code).toBe(0);
    const rm = runCli(['rm', '-y', stack]);
    expect(rm.code, rm.stderr).toBe(0);
    const run = deploy(d, stack, ['--timeout', '90s']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toContain('Deploy succeeded (revision 1)');
  }, 300_000);
});

async function waitRunning(service: string, n: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const running = labDocker(['service', 'ps', '-q', '--filter', 'desired-state=running', '--filter', 'desired-state=running', service]).split('\n').filter(Boolean);
    const states = labDocker(['service', 'ps', '--format', '{{.CurrentState}}', '--filter', 'desired-state=running', service]);
    if (running.length >= n && states.split('\n').every((s) => s.startsWith('Running'))) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${service} did not reach ${n} running tasks`);
}

describe('no false re-plan, rollback plans without a file', () => {
  const withObjects = (mode: string): string => `services:
  web:
    image: ${labImage('busybox')}
    environment:
      MODE: ${mode}
    secrets: [token]
    configs:
      - source: settings
        target: /etc/settings
    deploy:
      replicas: 1
secrets:
  token:
    file: ./token.txt
configs:
  settings:
    file: ./settings.txt
`;

  it('a redeploy with no other run does not re-plan; rollback and history --revision list no removals of the revision\'s secrets and configs', async () => {
    const stack = await useStack('race-replan');
    const d = dir({ 'docker-compose.yml': withObjects('one'), 'token.txt': 'secret-one', 'settings.txt': 'a=1\n' });
    expect(deploy(d, stack).code).toBe(0);
    // Revision 2: the config and the secret change content (versioned objects), and the environment changes.
    write(d, { 'docker-compose.yml': withObjects('two'), 'token.txt': 'secret-two', 'settings.txt': 'a=2\n' });
    const { run, json } = deployJson(d, stack);
    expect(run.code, run.stderr).toBe(0);
    expect((json as unknown as { lock: { replanned: boolean } }).lock.replanned).toBe(false);
    write(d, { 'docker-compose.yml': withObjects('three') });
    const text = deploy(d, stack);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).not.toContain('The stack changed');
    expect(text.stdout).not.toContain('planned again');

    // Revision 1 references the first secret and config: still there (kept by retention), and no removals are listed.
    const history = runCli(['history', stack, '--revision', '1']);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).not.toMatch(/- (secret|config) /);
    expect(history.stdout).not.toContain('no longer in the file');
    expect(history.stdout).not.toContain('kept: use --prune');
    const rollback = runCli(['rollback', '--to', '1', stack]);
    expect(rollback.code, rollback.stderr + rollback.stdout).toBe(0);
    expect(rollback.stdout).toMatch(/Rolling back race-replan to revision 1\./);
    expect(rollback.stdout).not.toMatch(/- (secret|config) /);
    expect(rollback.stdout).not.toContain('The stack changed');
    expect(rollback.stdout).toContain('Rollback succeeded');
    const env = labDocker(['service', 'inspect', '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Env}}', `${stack}_web`]);
    expect(env).toContain('MODE=one');
  }, 300_000);
});

describe('known failures block the plan', () => {
  it('a network or secret name taken outside the stack: nothing written; --force writes', async () => {
    const stack = await useStack('race-taken');
    const file = `services:
  web:
    image: ${labImage('busybox')}
    networks: [front]
    secrets: [token]
networks:
  front: {}
secrets:
  token:
    file: ./token.txt
`;
    const d = dir({ 'docker-compose.yml': file, 'token.txt': 'same' });
    labDocker(['network', 'create', '--driver', 'overlay', `${stack}_front`]);
    labDocker(['secret', 'create', `${stack}_token`, '-'], { input: 'same' });
    try {
      const blocked = deploy(d, stack);
      expect(blocked.code).toBe(1);
      expect(blocked.stdout).toContain(`network ${stack}_front already exists but is not part of stack ${stack} (it was not made by a stack deploy); creating it will fail`);
      expect(blocked.stdout).toContain(`secret ${stack}_token already exists but is not part of stack ${stack}`);
      expect(blocked.stderr).toContain('problem(s) that would make the deploy fail');
      expect(blocked.stderr).toContain('nothing was written');
      expect(services(stack)).toEqual([]);
      expect(lockPresent(stack)).toBe(false);
      const diff = runCli(['diff', '-c', 'docker-compose.yml', stack], { cwd: d });
      expect(diff.stdout).toContain('Problems:');

      // With the network gone, only the secret is in the way: --force takes it over (same content) and deploys.
      labDocker(['network', 'rm', `${stack}_front`]);
      const forced = deploy(d, stack, ['--force']);
      expect(forced.code, forced.stderr + forced.stdout).toBe(0);
      expect(services(stack)).toEqual([`${stack}_web`]);
    } finally {
      labDocker(['service', 'rm', `${stack}_web`]);
      for (let i = 0; i < 20; i++) {
        try {
          labDocker(['secret', 'rm', `${stack}_token`]);
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
      try {
        labDocker(['network', 'rm', `${stack}_front`]);
      } catch {
        // removed above, or by the stack's clean-up
      }
    }
  }, 300_000);

  it('an image tag the registry does not know blocks; a registry that cannot be reached stays a warning', async () => {
    const stack = await useStack('race-image');
    const d = dir({ 'docker-compose.yml': webFile({ replicas: 1, image: labImage('web', 'no-such-tag') }) });
    const blocked = deploy(d, stack);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain(`${stack}_web: image ${labImage('web', 'no-such-tag')} does not exist in its registry (manifest unknown`);
    expect(services(stack)).toEqual([]);

    write(d, { 'docker-compose.yml': webFile({ replicas: 1, image: '10.213.0.254:5000/nowhere/web:1' }) });
    const diff = runCli(['diff', '-c', 'docker-compose.yml', stack], { cwd: d });
    expect(diff.stdout).not.toContain('does not exist in its registry');
    expect(diff.stderr + diff.stdout).toContain('could not be accessed on a registry');
  }, 300_000);
});
