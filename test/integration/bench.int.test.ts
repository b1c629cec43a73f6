// The benchmark's smoke mode (bench/run.sh --quick) runs both tools on this file's lab and prints the
// report with measured numbers in every table; nothing of its stacks is left behind.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { labDocker, labId } from '../helpers/lab.js';

const PREFIX = `bq${process.pid}`;
const SECONDS = String.raw`\d+\.\d\d(?: \(\d+\.\d\d–\d+\.\d\d\))?`;

describe('bench/run.sh --quick', () => {
  it('compares stack with docker stack deploy on 2 services and reports start-up, config, diff and RSS', () => {
    const run = spawnSync('bash', ['bench/run.sh', '--quick'], {
      cwd: REPO_ROOT,
      env: { ...process.env, BENCH_LAB_ID: String(labId()), BENCH_STACK: PREFIX, BENCH_OUT: undefined },
      encoding: 'utf8',
      // About 1.5 minutes on an idle machine; far longer when other work loads its 2 cores.
      timeout: 540_000,
    });
    expect(run.stderr).toContain('-- deploy phases at 2 services');
    expect(run.status, run.stderr).toBe(0);
    const report = run.stdout;

    expect(report).toMatch(/^Measured \d{4}-\d\d-\d\d \d\d:\d\d UTC with `bash bench\/run.sh --quick`/);
    expect(report).toMatch(/load average \(1\/5\/15 min\) at start [\d.]+ \/ [\d.]+ \/ [\d.]+, at end [\d.]+ \/ /);
    expect(report).toMatch(new RegExp(`swarm: lab ${labId()}, \\d+ nodes \\(\\d+ managers?\\), Engine \\d+\\.\\d+`));
    for (const phase of ['cold deploy', 'unchanged redeploy', 'one-service change', 'image change, all services']) {
      expect(report).toMatch(new RegExp(`^\\| 2 \\| ${phase} \\| ${SECONDS} \\| ${SECONDS} \\| \\d+\\.\\d× \\|$`, 'm'));
    }
    expect(report).toMatch(/^\| one changed service: stack's exit after swarm's UpdateStatus.CompletedAt \| ≤ 1.5 s \| -?\d+\.\d\d s \(docker: -?\d+\.\d\d s\) \| (met|\*\*missed\*\*) \|$/m);
    expect(report).toMatch(/^\| `stack --version` \| {2}\| \d+\.\d{3} \(\d+\.\d{3}–\d+\.\d{3}\) s \| \d+ MB \| < 0.3 s \| (met|\*\*missed\*\*) \|$/m);
    expect(report).toMatch(/^\| `stack diff` \| 20 deployed services, no changes \| \d+\.\d{3} s \| \d+ MB \| < 1.5 s \| (met|\*\*missed\*\*) \|$/m);
    expect(report).toMatch(/^\| `stack deploy`, cold \| 20 services created \| \d+\.\d{3} s \| \d+ MB \| RSS < 150 MB \| (met|\*\*missed\*\*) \|$/m);
    expect(report).not.toContain('n/a');
    expect(report).not.toContain('Failed:');

    const left = labDocker(['service', 'ls', '--format', '{{.Name}}']).split('\n').filter((name) => name.startsWith(PREFIX));
    expect(left).toEqual([]);
  }, 600_000);
});
