import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { labDocker, labDockerHost, labImage, labNodes } from '../helpers/lab.js';

const ANSI = /\u001b\[/;

function composeDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stack-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('global CLI conventions', () => {
  it('prints its version and help', () => {
    expect(runCli(['--version']).stdout).toMatch(/^swarm-stack-deploy\/\d+\.\d+\.\d+ /);
    const help = runCli(['help', 'deploy']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ stack deploy [STACK] ');
    // -c is optional in the usage line: `--plan FILE` deploys a saved plan without Compose files.
    expect(help.stdout).toContain('[-c <value>...]');
  });

  it('stack config prints the normalized model of the demo', () => {
    const run = runCli(['config', '-c', 'examples/demo/docker-compose.yml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('services:\n  web:\n    image: 10.213.0.1:5000/stack-test/web:1\n');
    expect(run.stdout).toContain('memory: 33554432');
  });

  it('stack config --json returns the model as JSON', () => {
    const run = runCli(['config', '-c', 'examples/demo/docker-compose.yml', '--json']);
    expect(run.code).toBe(0);
    const model = JSON.parse(run.stdout) as { services: Record<string, { deploy?: { replicas?: number } }> };
    expect(model.services.web?.deploy?.replicas).toBe(2);
  });

  it('reports every input problem with file:line:col, exit code 1 and no stack trace', () => {
    const dir = composeDir({
      'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: many\n  db:\n    imagee: postgres\n',
    });
    const run = runCli(['config', '-c', 'docker-compose.yml'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: \d+ problems in the Compose input:\n/);
    expect(run.stderr).toContain('docker-compose.yml:5:17  services.web.deploy.replicas:');
    expect(run.stderr).toContain('docker-compose.yml:7:5  services.db.imagee:');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toMatch(ANSI);
  });

  it('--json reports errors as data', () => {
    const dir = composeDir({ 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: many\n' });
    const run = runCli(['config', '-c', 'docker-compose.yml', '--json'], { cwd: dir });
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { error: { code: string; problems: { path: string; location: { line: number } }[] } };
    expect(out.error.code).toBe('INPUT_INVALID');
    expect(out.error.problems[0]?.path).toBe('services.web.deploy.replicas');
    expect(out.error.problems[0]?.location.line).toBe(5);
  });

  it('names a missing compose file as written and as resolved', () => {
    const dir = composeDir({});
    const run = runCli(['config', '-c', 'nope.yml'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nope.yml');
    expect(run.stderr).toContain(join(dir, 'nope.yml'));
  });

  it('prints warnings for keys swarm ignores, without colour when not a terminal', () => {
    const dir = composeDir({ 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    build: .\n' });
    const run = runCli(['config', '-c', 'docker-compose.yml'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: docker-compose\.yml:4:5 {2}services\.web\.build: /);
    expect(run.stderr).not.toMatch(ANSI);
  });

  it('stack config reads the Compose file from standard input with -c -', () => {
    const dir = composeDir({ '.env': 'TAG=1.27\n' });
    const run = runCli(['config', '-c', '-'], { cwd: dir, input: 'services:\n  web:\n    image: "nginx:${TAG}"\n' });
    expect(run.code).toBe(0);
    // The working directory is the current one, so its .env applies.
    expect(run.stdout).toBe('services:\n  web:\n    image: nginx:1.27\n');
    expect(run.stderr).toBe('');
  });

  it('names standard input as <stdin> in problems, and refuses it twice', () => {
    const bad = runCli(['config', '-c', '-'], { input: 'services:\n  web:\n    image: nginx\n    deploy: {replicas: x}\n' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'Error: 1 problem in the Compose input:\n<stdin>:4:24  services.web.deploy.replicas: must be an integer, got "x"\n',
    );
    const twice = runCli(['config', '-c', '-', '-c', '-'], { input: 'services: {}\n' });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('standard input (-) can be given only once as a Compose file');
  });

  it('--env-file is stack\'s flag, not node\'s (bin/run.js ends node\'s options with --)', () => {
    const dir = composeDir({ 'docker-compose.yml': 'services:\n  web:\n    image: "nginx:${TAG}"\n', 'prod.env': 'TAG=prod\n' });
    const run = runCli(['config', '-c', 'docker-compose.yml', '--env-file', 'prod.env'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('image: nginx:prod');
    // Run through the shebang, as an installed `stack` runs: node must not read --env-file itself.
    const args = ['config', '-c', 'docker-compose.yml', '--env-file', 'nope.env'];
    const missing = spawnSync(join(REPO_ROOT, 'bin', 'run.js'), args, { cwd: dir, encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`env file not found: nope.env (resolved to ${join(dir, 'nope.env')})`);
  });

  it('writes all of an output larger than a pipe holds to a slow reader before it exits (bin/run.js exits itself)', () => {
    const lines = ['services:'];
    for (let i = 0; i < 600; i++) lines.push(`  s${i}:`, '    image: busybox:1', '    environment:', `      PAD: "${'x'.repeat(200)}"`);
    const dir = composeDir({ 'docker-compose.yml': `${lines.join('\n')}\n` });
    const direct = runCli(['config', '-c', join(dir, 'docker-compose.yml')]);
    expect(direct.code).toBe(0);
    expect(direct.stdout.length).toBeGreaterThan(150_000);
    // The reader starts a second after stack: by then stack has written what the pipe's 64 KiB buffer holds and
    // has the rest queued.
    const bin = join(REPO_ROOT, 'bin', 'run.js');
    const piped = spawnSync('sh', ['-c', `"${process.execPath}" -- "${bin}" config -c docker-compose.yml | (sleep 1; cat); echo "exit $?"`], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(piped.stdout).toBe(`${direct.stdout}exit 0\n`);
  });

  it('reports unknown flags as usage errors with exit code 1', () => {
    const run = runCli(['config', '--bogus']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Nonexistent flag: --bogus');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('stack deploy against the lab swarm', () => {
  const stack = 'clitest';
  afterAll(() => {
    // stack rm also removes the stack's history records, which docker stack rm would leave behind.
    runCli(['rm', stack, '--yes']);
  });

  it('loads before contacting the cluster: bad input fails even with an unreachable endpoint', () => {
    const dir = composeDir({ 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: many\n' });
    const run = runCli(['deploy', '-c', 'docker-compose.yml', stack], { cwd: dir, env: { DOCKER_HOST: 'unix:///nonexistent.sock' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('services.web.deploy.replicas');
    expect(run.stderr).not.toContain('nonexistent.sock');
  });

  it('refuses an endpoint that is not a swarm manager, and falls back to the next -H', () => {
    const nodes = labNodes();
    const worker = nodes.hosts.find((h) => !nodes.managerHosts.includes(h));
    const dir = composeDir({ 'docker-compose.yml': `services:\n  app:\n    image: ${labImage('busybox')}\n` });
    if (worker) {
      const refused = runCli(['deploy', '-c', 'docker-compose.yml', '-H', worker, stack], { cwd: dir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('not a swarm manager (it is a worker node)');
    }
    const fallback = runCli(['deploy', '-c', 'docker-compose.yml', '-H', 'unix:///nonexistent.sock', '-H', labDockerHost(), stack], { cwd: dir });
    expect(fallback.code).toBe(0);
    expect(fallback.stderr).toContain('manager unix:///nonexistent.sock skipped (no such socket)');
    expect(fallback.stdout).toContain(`Creating service ${stack}_app`);
    const services = labDocker(['service', 'ls', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{.Name}}']);
    expect(services.trim()).toBe(`${stack}_app`);
  });
});
