/**
 * `stack rollback` and revision records on the lab swarm: deploy v1, v2 and a broken v3; roll back (to the last
 * succeeded revision, then with --to 1) from a directory without any Compose file; check field by field through
 * the planner that the live stack is the earlier file again; outcomes in the history; retention of records and of
 * versioned secrets; a stack deployed by docker has no history. Own stack names, cleaned before and after.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';
import { dir, useStack } from '../helpers/deploy-run.js';
import { labDocker, labDockerHost, labImage } from '../helpers/lab.js';

process.env.DOCKER_HOST ??= labDockerHost();

function stackRun(args: string[], cwd: string): CliRun {
  return runCli(args, { cwd });
}

function outcomes(stack: string): Record<number, string> {
  const names = labDocker(['config', 'ls', '--filter', `label=io.stack.history=${stack}`, '--format', '{{.Name}}']).split('\n').filter(Boolean);
  return Object.fromEntries(
    names.map((name) => [Number(name.split('.').at(-1)), labDocker(['config', 'inspect', '--format', '{{index .Spec.Labels "io.stack.outcome"}}', name])]),
  );
}

/** A version of the stack: web with a secret, a config and networks; `side` plain. */
function version(options: { mode: string; secret: string; config: string; image?: string; back?: boolean }): Record<string, string> {
  const networks = options.back ? '[front, back]' : '[front]';
  return {
    'docker-compose.yml': `services:
  web:
    image: ${options.image ?? labImage('web')}
    healthcheck:
      test: ["CMD", "test", "-f", "/www/health"]
      interval: 1s
      timeout: 2s
      retries: 2
    environment:
      MODE: ${options.mode}
    networks: ${networks}
    secrets: [token]
    configs:
      - source: conf
        target: /etc/app.conf
    deploy:
      replicas: 1
  side:
    image: ${labImage('busybox')}
    networks: [front]
networks:
  front: {}
  back: {}
secrets:
  token:
    file: ./token.txt
configs:
  conf:
    file: ./app.conf
`,
    'token.txt': options.secret,
    'app.conf': options.config,
  };
}

function noDiff(files: Record<string, string>, stack: string): CliRun {
  return stackRun(['diff', '-c', 'docker-compose.yml', '--exit-code', stack], dir(files));
}

describe('stack rollback', () => {
  it('returns every service, network attachment, secret and config reference to the earlier revision, from a clean directory', async () => {
    const stack = await useStack('rb-main');
    const v1 = version({ mode: 'one', secret: 'tok-one', config: 'conf-one' });
    const v2 = version({ mode: 'two', secret: 'tok-two', config: 'conf-two', back: true });
    const v3 = version({ mode: 'three', secret: 'tok-three', config: 'conf-three', back: true, image: labImage('unhealthy') });
    const d1 = dir(v1);
    expect(stackRun(['deploy', '-c', 'docker-compose.yml', stack], d1).code).toBe(0);
    const d2 = dir(v2);
    const second = stackRun(['deploy', '-c', 'docker-compose.yml', stack], d2);
    expect(second.code, second.stderr + second.stdout).toBe(0);
    const d3 = dir(v3);
    const broken = stackRun(['deploy', '-c', 'docker-compose.yml', '--timeout', '60s', stack], d3);
    expect(broken.code).toBe(1);
    expect(noDiff(v2, stack).code).toBe(2);

    const clean = dir();
    const back = stackRun(['rollback', '--json', stack], clean);
    expect(back.code, back.stderr + back.stdout).toBe(0);
    const json = JSON.parse(back.stdout) as { outcome: string; rollbackOf: number; revision: number };
    expect(json).toMatchObject({ outcome: 'succeeded', rollbackOf: 2, revision: 4 });
    const againV2 = noDiff(v2, stack);
    expect(againV2.code, againV2.stdout).toBe(0);
    for (const text of [back.stdout, back.stderr]) expect(text).not.toMatch(/tok-(one|two|three)/);

    const toOne = stackRun(['rollback', '--to', '1', stack], clean);
    expect(toOne.code, toOne.stderr + toOne.stdout).toBe(0);
    expect(toOne.stdout).toContain('Rolling back rb-main to revision 1');
    const againV1 = noDiff(v1, stack);
    expect(againV1.code, againV1.stdout).toBe(0);

    expect(outcomes(stack)).toEqual({ 1: 'succeeded', 2: 'succeeded', 3: 'failed', 4: 'succeeded', 5: 'succeeded' });
  });

  it('retention keeps --history-max records and removes versioned secrets nothing references', async () => {
    const stack = await useStack('rb-retain');
    const file = `services:
  app:
    image: ${labImage('busybox')}
    secrets: [token]
secrets:
  token:
    file: ./token.txt
`;
    const names: string[] = [];
    for (const value of ['v-1', 'v-2', 'v-3', 'v-4']) {
      const run = stackRun(['deploy', '-c', 'docker-compose.yml', '--history-max', '2', '--json', stack], dir({ 'docker-compose.yml': file, 'token.txt': value }));
      expect(run.code, run.stderr).toBe(0);
      names.push(labDocker(['service', 'inspect', '--format', '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}}{{end}}', `${stack}_app`]));
    }
    expect(Object.keys(outcomes(stack)).map(Number).sort()).toEqual([3, 4]);
    const secrets = labDocker(['secret', 'ls', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{.Name}}']).split('\n').filter(Boolean).sort();
    // Revisions 3 and 4 reference the third and fourth contents; the first two are gone.
    expect(secrets).toEqual([names[2], names[3]].sort());
  });

  it('a stack deployed by docker has no history: a clear message', async () => {
    const stack = await useStack('rb-docker');
    const d = dir({ 'docker-compose.yml': `services:\n  app:\n    image: ${labImage('busybox')}\n` });
    labDocker(['stack', 'deploy', '-c', join(d, 'docker-compose.yml'), stack]);
    const run = stackRun(['rollback', stack], dir());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('stack rb-docker has no recorded revisions');
    expect(run.stderr).toContain('hint:');
  });
});
