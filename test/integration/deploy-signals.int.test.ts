/**
 * Signals in the middle of a rolling update: SIGTERM (CI cancel, `timeout`), SIGHUP (terminal gone), SIGINT without a
 * terminal and Ctrl-C on a pseudo-terminal (`script`, so the listr2 view is on) all take one path: the revision is
 * recorded as interrupted, the lock is released, the summary printed, and the exit code is the signal's
 * (143, 129, 130). One stack, one first deploy; each case changes MODE and interrupts the update it starts.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, type CliRun } from '../helpers/cli.js';
import { deploy, dir, lockPresent, revisionOutcomes, startCli, until, useStack, webFile, write } from '../helpers/deploy-run.js';
import { labDockerHost } from '../helpers/lab.js';

process.env.DOCKER_HOST ??= labDockerHost();

const SLOW = '\n      update_config:\n        parallelism: 1\n        delay: 5s';

/** The CLI on a pseudo-terminal (util-linux `script`); `keys` types into the terminal. */
function startOnTerminal(args: string[], cwd: string): { keys: (text: string) => void; done: Promise<CliRun>; output: () => string } {
  // Sized, or the terminal view falls back to plain lines (a pseudo-terminal nobody sized reports 0 columns).
  const command = `stty cols 120 rows 40; ${[process.execPath, '--', join(REPO_ROOT, 'bin', 'run.js'), ...args].map((a) => `'${a}'`).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const done = new Promise<CliRun>((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout: out, stderr: '' })));
  return { keys: (text) => child.stdin.write(text), done, output: () => out };
}

describe('stack deploy: a signal in the middle of a rolling update', () => {
  it('SIGTERM, SIGHUP, SIGINT and Ctrl-C on a terminal: interrupted revision, no lock, 143/129/130; a rerun converges', async () => {
    const stack = await useStack('sig-rollout');
    const d = dir({ 'docker-compose.yml': webFile({ replicas: 2, extra: SLOW }) });
    const first = deploy(d, stack);
    expect(first.code, first.stderr + first.stdout).toBe(0);

    const cases = [
      { signal: 'SIGTERM', code: 143 },
      { signal: 'SIGHUP', code: 129 },
      { signal: 'SIGINT', code: 130 },
      { signal: 'tty Ctrl-C', code: 130 },
    ] as const;
    let revision = 1;
    for (const [i, c] of cases.entries()) {
      write(d, { 'docker-compose.yml': webFile({ replicas: 2, env: `sig${i}`, extra: SLOW }) });
      revision += 1;
      const updating = new RegExp(`${stack}_web:?\\s+updating`);
      let result: CliRun;
      if (c.signal === 'tty Ctrl-C') {
        const run = startOnTerminal(['deploy', '-c', 'docker-compose.yml', stack], d);
        await until(() => updating.test(run.output()), 60_000, `the update to start (${c.signal})`);
        run.keys('\x03');
        result = await run.done;
        expect(result.stdout, c.signal).toContain('SIGINT: starting nothing new');
      } else {
        const run = startCli(['deploy', '-c', 'docker-compose.yml', stack], d);
        await until(() => updating.test(run.output()), 60_000, `the update to start (${c.signal})`);
        run.child.kill(c.signal);
        result = await run.done;
        expect(result.stdout, c.signal).toContain(`${c.signal}: starting nothing new`);
      }
      const output = result.stdout + result.stderr;
      expect(result.code, `${c.signal}: ${output}`).toBe(c.code);
      expect(output, c.signal).toContain(`Deploy interrupted (revision ${revision})`);
      expect(output, c.signal).not.toMatch(/Internal error|at .+\.js:\d+/);
      expect(lockPresent(stack), c.signal).toBe(false);
      expect(revisionOutcomes(stack)[`stack-rev.${stack}.${revision}`], c.signal).toBe('interrupted');
    }

    // Nothing left to write: the rerun waits for the interrupted rollout and records how it ended.
    const rerun = deploy(d, stack);
    expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0);
    expect(rerun.stderr).toContain(`revision ${revision} was interrupted while rolling out; waiting for its rollout to finish`);
    expect(rerun.stdout).toContain(`Deploy succeeded (revision ${revision})`);
    expect(revisionOutcomes(stack)[`stack-rev.${stack}.${revision}`]).toBe('succeeded');
    expect(lockPresent(stack)).toBe(false);
  }, 300_000);

  it('a second signal exits at once and still releases the lock', async () => {
    const stack = await useStack('sig-twice');
    const d = dir({ 'docker-compose.yml': webFile({ replicas: 2, extra: SLOW }) });
    expect(deploy(d, stack).code).toBe(0);
    write(d, { 'docker-compose.yml': webFile({ replicas: 2, env: 'two', extra: SLOW }) });
    const run = startCli(['deploy', '-c', 'docker-compose.yml', stack], d);
    await until(() => new RegExp(`${stack}_web:?\\s+updating`).test(run.output()), 60_000, 'the update to start');
    run.child.kill('SIGTERM');
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result.code).toBe(143);
    expect(lockPresent(stack)).toBe(false);
  }, 300_000);
});
