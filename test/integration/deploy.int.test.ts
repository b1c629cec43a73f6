/**
 * `stack deploy` end to end on the lab swarm: executing the plan, waiting for convergence with failure reasons,
 * no writes without changes, versioned secrets and their clean-up, plan problems, swarm's own rollback,
 * --rollback-on-failure, the deploy lock between two runs, and Ctrl-C. Each test has its own stack name and
 * removes it (with its history and lock) before and after, so the file can run twice in a row.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, type CliRun } from '../helpers/cli.js';
import { labDocker, labDockerHost, labImage } from '../helpers/lab.js';
import { removeStack } from '../helpers/parity.js';

process.env.DOCKER_HOST ??= labDockerHost();
const stacks = new Set<string>();

afterAll(async () => {
  for (const stack of stacks) await cleanStack(stack);
}, 300_000);

/** Removes the stack, its revision records and its lock. */
async function cleanStack(stack: string): Promise<void> {
  await removeStack(stack);
  const own = labDocker(['config', 'ls', '-q', '--filter', `label=io.stack.history=${stack}`]).split('\n').filter(Boolean);
  const lock = labDocker(['config', 'ls', '-q', '--filter', `name=stack-lock.${stack}`]).split('\n').filter(Boolean);
  for (const id of [...own, ...lock]) labDocker(['config', 'rm', id]);
  const leftover = labDocker(['secret', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`]).split('\n').filter(Boolean);
  for (const id of leftover) labDocker(['secret', 'rm', id]);
}

async function useStack(name: string): Promise<string> {
  stacks.add(name);
  await cleanStack(name);
  return name;
}

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'stack-deploy-'));
  write(d, files);
  return d;
}

function write(d: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
}

function deploy(d: string, stack: string, extra: string[] = []): CliRun {
  return runCli(['deploy', '-c', 'docker-compose.yml', ...extra, stack], { cwd: d });
}

interface DeployJson {
  outcome: string;
  revision: number | null;
  message: string | null;
  services: { name: string; key?: string; action: string; phase: string; message?: string; running?: number; desired?: number; durationMs?: number }[];
  changes: { type: string; name: string; action: string }[];
  rollback: { outcome: string; services: { name: string; phase: string }[] } | null;
  cleanup: { removedSecrets: string[]; removedConfigs: string[]; prunedRevisions: number[] };
  apiCalls: { total: number; get: number; post: number; delete: number };
}

function deployJson(d: string, stack: string, extra: string[] = []): { run: CliRun; json: DeployJson } {
  const run = deploy(d, stack, [...extra, '--json']);
  let json: DeployJson;
  try {
    json = JSON.parse(run.stdout) as DeployJson;
  } catch {
    throw new Error(`no JSON from stack deploy (${run.code}): ${run.stderr}${run.stdout}`);
  }
  return { run, json };
}

function taskIds(service: string): string[] {
  return labDocker(['service', 'ps', '-q', '--filter', 'desired-state=running', service]).split('\n').filter(Boolean).sort();
}

function revisionOutcomes(stack: string): Record<string, string> {
  const out = labDocker(['config', 'ls', '--filter', `label=io.stack.history=${stack}`, '--format', '{{.Name}}']).split('\n').filter(Boolean);
  return Object.fromEntries(out.map((name) => [name, labDocker(['config', 'inspect', '--format', '{{index .Spec.Labels "io.stack.outcome"}}', name])]));
}

const HEALTH = `
    healthcheck:
      test: ["CMD", "test", "-f", "/www/health"]
      interval: 1s
      timeout: 2s
      retries: 2`;

function webFile(options: { env?: string; image?: string; replicas?: number; extra?: string } = {}): string {
  return `services:
  web:
    image: ${options.image ?? labImage('web')}${HEALTH}
    environment:
      MODE: ${options.env ?? 'one'}
    deploy:
      replicas: ${options.replicas ?? 2}${options.extra ?? ''}
  side:
    image: ${labImage('busybox')}
    command: ["sleep", "3600"]
`;
}

/** Spawns the CLI without waiting; resolves with its output when it exits. */
function startCli(args: string[], cwd: string): { child: ReturnType<typeof spawn>; done: Promise<CliRun>; output: () => string } {
  const child = spawn(process.execPath, ['--', join(REPO_ROOT, 'bin', 'run.js'), ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr })));
  return { child, done, output: () => stdout + stderr };
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

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
    command: ["sleep", "3600"]
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
    expect(refused.stderr).toContain('problem(s) swarm would not report');
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
    const v2 = v1.replace('MODE: one', 'MODE: two').replace(`image: ${labImage('busybox')}`, `image: ${labImage('crash')}`).replace('command: ["sleep", "3600"]', 'command: ["sh", "-c", "exit 3"]');
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
