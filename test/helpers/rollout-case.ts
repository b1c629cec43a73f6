// One case of the rollout scenario matrix (docs/rollout-matrix.md): a Compose file for the running version and
// one for the update, what the test states in advance (can swarm finish the update?), and the checks: `stack diff`
// predicts it, `stack deploy` refuses an unfinishable plan without --force, and the deploy (forced when needed)
// converges or fails within 60 s naming the cause and the state swarm left the service in.
import { expect } from 'vitest';
import { runCli } from './cli.js';
import { deploy, dir, useStack, write } from './deploy-run.js';
import { labImage } from './lab.js';

/**
 * Wall-clock allowance on top of the 60 s for the CLI's own start, reading and planning: on the shared 2-core
 * test machine (load average 25-45 while six people test) those alone took up to 15 s.
 */
export const STARTUP_ALLOWANCE_MS = 30_000;

/** A service `web` of the lab's web image family, with short timings so that a case takes seconds. */
export interface WebOptions {
  image?: string;
  replicas?: number;
  mode?: 'replicated' | 'global';
  order?: 'start-first' | 'stop-first';
  failureAction?: 'pause' | 'rollback' | 'continue';
  parallelism?: number;
  /** Host-mode published port (none when absent). */
  hostPort?: number;
  maxPerNode?: number;
  constraints?: string[];
  health?: boolean;
}

export function webService(options: WebOptions): string {
  const lines = [
    'services:',
    '  web:',
    `    image: ${options.image ?? labImage('web')}`,
    '    stop_grace_period: 1s',
  ];
  if (options.health !== false) {
    lines.push('    healthcheck:', '      test: ["CMD", "test", "-f", "/www/health"]', '      interval: 1s', '      timeout: 5s', '      retries: 3');
  }
  if (options.hostPort) lines.push('    ports:', `      - { target: 80, published: ${options.hostPort}, mode: host }`);
  lines.push('    deploy:');
  if (options.mode === 'global') lines.push('      mode: global');
  else lines.push(`      replicas: ${options.replicas ?? 2}`);
  lines.push(
    '      restart_policy: { delay: 1s }',
    '      update_config:',
    `        order: ${options.order ?? 'stop-first'}`,
    `        parallelism: ${options.parallelism ?? 1}`,
    `        failure_action: ${options.failureAction ?? 'pause'}`,
    '        monitor: 1s',
    '        delay: 0s',
  );
  if (options.maxPerNode || options.constraints) {
    lines.push('      placement:');
    if (options.maxPerNode) lines.push(`        max_replicas_per_node: ${options.maxPerNode}`);
    if (options.constraints) lines.push(`        constraints: [${options.constraints.map((c) => JSON.stringify(c)).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

export interface RolloutCase {
  stack: string;
  /** The running version (deployed first, must converge). */
  before: WebOptions;
  /** The update. */
  after: WebOptions;
  /** Stated in advance: can swarm finish this update? */
  finishes: boolean;
  /** For an update swarm cannot finish: what the plan names (a pattern over the problem). */
  predicted?: RegExp;
  /** When it does not finish: the final phase, the words for the state swarm left the service in, and the cause named. */
  phase?: 'failed' | 'rolled-back';
  left?: string;
  cause?: RegExp;
  /** Next command the failure line must show. */
  next?: RegExp;
}

/** Runs one case on the lab and checks it; returns how long the update's deploy took (ms). */
export async function runRolloutCase(c: RolloutCase): Promise<number> {
  const stack = await useStack(c.stack);
  const d = dir({ 'docker-compose.yml': webService(c.before) });
  const first = deploy(d, stack, ['--timeout', '60s']);
  expect(first.code, `${first.stdout}${first.stderr}`).toBe(0);
  write(d, { 'docker-compose.yml': webService(c.after) });

  // The plan predicts it: a `rollout` or `placement` problem exactly when swarm cannot finish.
  const diff = runCli(['diff', '-c', 'docker-compose.yml', '--json', stack], { cwd: d });
  expect(diff.code, diff.stderr).toBe(0);
  const plan = JSON.parse(diff.stdout) as { problems: { kind: string; service?: string; message: string; fixes?: string[] }[] };
  if (c.predicted) {
    expect(plan.problems.map((p) => p.message).join('\n')).toMatch(c.predicted);
    // Blocked unless --force: nothing is written.
    const blocked = deploy(d, stack);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('nothing was written');
  } else {
    // Only rollout and placement problems are this matrix's business (an unknown image tag may be one of its own).
    expect(plan.problems.filter((p) => p.kind === 'rollout' || p.kind === 'placement')).toEqual([]);
  }
  const force = plan.problems.length > 0 ? ['--force'] : [];

  const started = Date.now();
  const run = deploy(d, stack, ['--timeout', '90s', ...force]);
  const took = Date.now() - started;
  expect(took, 'the deploy ends within 60 s').toBeLessThan(60_000 + STARTUP_ALLOWANCE_MS);
  // The run's own clock, from its first write to its verdict ("after 7.3s", "converged in 8.3s").
  const own = /^Deploy (?:failed|succeeded) \(revision \d+\)(?: after |: .* in )(\d+(?:\.\d+)?)s\.$/m.exec(run.stdout);
  expect(Number(own?.[1] ?? Number.NaN) * 1000, run.stdout).toBeLessThan(60_000);
  const line = run.stdout.split('\n').find((l) => l.startsWith(`  ${stack}_web: `)) ?? '';
  if (c.finishes) {
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('Deploy succeeded');
    return took;
  }
  // One line per failed service: phase, the task's own cause, the state swarm left it in, the next command.
  expect(run.code, run.stdout).toBe(1);
  expect(line, run.stdout).toMatch(new RegExp(`^  ${stack}_web: ${c.phase === 'rolled-back' ? 'rolled back by swarm' : 'failed'}: `));
  if (c.cause) expect(line).toMatch(c.cause);
  if (c.left) expect(line).toContain(c.left);
  expect(line).toMatch(c.next ?? /; next: /);
  return took;
}
