// One case of the rollout scenario matrix (docs/rollout-matrix.md): a Compose file for the running version and
// one for the update, what the test states in advance (can swarm finish the update?), and the checks: `stack diff`
// predicts it, `stack deploy` refuses an unfinishable plan without --force, and the deploy (forced when needed)
// converges, or fails fast naming the cause and the state swarm left the service in.
//
// Timing under load (CI runs four labs on a 2-core machine): what is timed is the tool's verdict, on its own clock
// ("Deploy failed (revision 2) after 7.3s.", from its first write), never the machine's wall clock, which also counts
// the CLI's start and planning. The update's deploy runs with a --timeout far above the fail-fast bound, so a
// verdict that waited out --timeout cannot pass for a fast one. Set-up deploys are not what is tested: they get
// generous timeouts.
import { expect } from 'vitest';
import { runCli, type CliRun } from './cli.js';
import { cleanStack, dir, useStack, write } from './deploy-run.js';
import { labImage } from './lab.js';

/** --timeout of set-up deploys (the running version): swarm may be slow under load, and that is not under test. */
export const SETUP_TIMEOUT = '240s';
/** --timeout of the deploy under test. */
export const UPDATE_TIMEOUT_S = 240;
/**
 * A failure swarm cannot get out of is reported within this, on the tool's own clock: 60 s on a quiet lab (the
 * issue's bound), with room for a lab whose tasks start several times slower under CI load, and still far below
 * --timeout (240 s), which is what a verdict that waits for the wrong thing would take.
 */
export const FAIL_FAST_MS = 90_000;
/** Timeout of one case's vitest test: clean-up, set-up deploy, diff, blocked deploy, the deploy under test. */
export const CASE_TIMEOUT_MS = 600_000;

/** `stack deploy` with the process's own limit above the --timeout given (runCli kills at 120 s by default). */
export function deployCli(d: string, stack: string, extra: string[] = []): CliRun {
  return runCli(['deploy', '-c', 'docker-compose.yml', ...extra, stack], { cwd: d, timeoutMs: 420_000 });
}

/** The tool's own elapsed time from its verdict line ("after 7.3s", "converged in 8.3s"), in ms; NaN without one. */
export function ownElapsedMs(stdout: string): number {
  const own = /^Deploy (?:failed|succeeded) \(revision \d+\)(?: after |: .* in )(\d+(?:\.\d+)?)s\.$/m.exec(stdout);
  return Number(own?.[1] ?? Number.NaN) * 1000;
}

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
  /**
   * The health check's start period: probes that fail in it do not count. 60 s by default, for a loaded machine where
   * a container and its first probes start slowly (a healthy task still counts as healthy at its first passing probe);
   * 0s for an image whose health check is meant to fail.
   */
  startPeriod?: string;
  /** update_config.monitor (1s by default, so that a healthy update completes at once). */
  monitor?: string;
}

export function webService(options: WebOptions): string {
  const lines = [
    'services:',
    '  web:',
    `    image: ${options.image ?? labImage('web')}`,
    '    stop_grace_period: 1s',
  ];
  if (options.health !== false) {
    // A probe timeout far above what the probe needs: on a loaded machine a probe exec took more than 5 s, and
    // swarm stopped healthy set-up tasks as unhealthy.
    lines.push(
      '    healthcheck:',
      '      test: ["CMD", "test", "-f", "/www/health"]',
      '      interval: 1s',
      '      timeout: 30s',
      '      retries: 3',
      `      start_period: ${options.startPeriod ?? '60s'}`,
    );
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
    `        monitor: ${options.monitor ?? '1s'}`,
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
  /**
   * Stated in advance: can swarm finish this update? `race` when swarm's scheduler decides by the order in which it
   * places pending tasks of one spec (no set order): the deploy must then converge, or fail fast as a stuck one does.
   */
  finishes: boolean | 'race';
  /** For an update swarm cannot (or may not) finish: what the plan names (a pattern over the problem). */
  predicted?: RegExp;
  /** When it does not finish: the final phase, the words for the state swarm left the service in, and the cause named. */
  phase?: 'failed' | 'rolled-back';
  left?: string;
  cause?: RegExp;
  /** Next command the failure line must show. */
  next?: RegExp;
}

/** What the deploy under test did: its outcome and its own elapsed time. */
export interface CaseResult {
  outcome: 'converged' | 'failed';
  ownMs: number;
}

/** Runs one case on the lab and checks it; the stack is removed afterwards (lighter labs for the next case). */
export async function runRolloutCase(c: RolloutCase): Promise<CaseResult> {
  const stack = await useStack(c.stack);
  try {
    return checkCase(c, stack);
  } finally {
    await cleanStack(stack);
  }
}

function checkCase(c: RolloutCase, stack: string): CaseResult {
  const d = dir({ 'docker-compose.yml': webService(c.before) });
  const first = deployCli(d, stack, ['--timeout', SETUP_TIMEOUT]);
  expect(first.code, `set-up deploy: ${first.stdout}${first.stderr}`).toBe(0);
  write(d, { 'docker-compose.yml': webService(c.after) });

  // The plan predicts it: a `rollout` or `placement` problem exactly when swarm cannot (or may not) finish.
  const diff = runCli(['diff', '-c', 'docker-compose.yml', '--json', stack], { cwd: d });
  expect(diff.code, diff.stderr).toBe(0);
  const plan = JSON.parse(diff.stdout) as { problems: { kind: string; service?: string; message: string; fixes?: string[] }[] };
  if (c.predicted) {
    expect(plan.problems.map((p) => p.message).join('\n')).toMatch(c.predicted);
    // Blocked unless --force: nothing is written.
    const blocked = deployCli(d, stack);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('nothing was written');
  } else {
    // Only rollout and placement problems are this matrix's business (an unknown image tag may be one of its own).
    expect(plan.problems.filter((p) => p.kind === 'rollout' || p.kind === 'placement')).toEqual([]);
  }
  const force = plan.problems.length > 0 ? ['--force'] : [];

  const run = deployCli(d, stack, ['--timeout', `${UPDATE_TIMEOUT_S}s`, ...force]);
  const output = `${run.stdout}${run.stderr}`;
  const ownMs = ownElapsedMs(run.stdout);
  expect(ownMs, `the deploy states its own elapsed time: ${output}`).not.toBeNaN();
  const line = run.stdout.split('\n').find((l) => l.startsWith(`  ${stack}_web: `)) ?? '';
  if (c.finishes === true || (c.finishes === 'race' && run.code === 0)) {
    expect(run.code, output).toBe(0);
    expect(run.stdout).toContain('Deploy succeeded');
    return { outcome: 'converged', ownMs };
  }
  // One line per failed service: phase, the task's own cause, the state swarm left it in, the next command; and
  // fast: never by waiting out --timeout.
  expect(run.code, output).toBe(1);
  expect(line, run.stdout).toMatch(new RegExp(`^  ${stack}_web: ${c.phase === 'rolled-back' ? 'rolled back by swarm' : 'failed'}: `));
  if (c.cause) expect(line).toMatch(c.cause);
  if (c.left) expect(line).toContain(c.left);
  expect(line).toMatch(c.next ?? /; next: /);
  expect(ownMs, `fails fast, far below --timeout ${UPDATE_TIMEOUT_S}s: ${run.stdout}`).toBeLessThan(FAIL_FAST_MS);
  return { outcome: 'failed', ownMs };
}
