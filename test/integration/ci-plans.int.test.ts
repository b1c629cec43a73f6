/**
 * Plans in CI on the lab swarm: Markdown plans and deploy reports (stdout and GITHUB_STEP_SUMMARY), saved plans
 * applied exactly and refused (stale after a hand edit, other stack, other cluster, other tool version, changed
 * secret value) without writing anything, `stack drift` (0 without drift, 2 naming the field after a hand edit),
 * and revision annotations (--message, CI ids, failure reasons) in `stack history`. Own stack names, cleaned
 * before and after.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';
import { dir, useStack, write } from '../helpers/deploy-run.js';
import { labDocker, labDockerHost, labImage } from '../helpers/lab.js';

process.env.DOCKER_HOST ??= labDockerHost();

const SHA = '5a5e2b9c0d1f4e3a2b1c0d9e8f7a6b5c4d3e2f10';
/** GitHub Actions' variables, as a workflow run sets them. */
const GITHUB = { GITHUB_ACTIONS: 'true', GITHUB_SHA: SHA, GITHUB_RUN_ID: '4242', GITHUB_REPOSITORY: 'acme/shop', GITHUB_REF_NAME: 'main' };
const ESC = String.fromCharCode(27);

function compose(mode: string): string {
  return `services:
  web:
    image: ${labImage('busybox')}
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    environment:
      MODE: ${mode}
    secrets: [token]
    configs: [conf]
secrets:
  token:
    file: ./token.txt
configs:
  conf:
    file: ./app.conf
`;
}

function stack(args: string[], cwd: string, env: Record<string, string | undefined> = {}): CliRun {
  return runCli(args, { cwd, env: { GITHUB_ACTIONS: undefined, GITHUB_SHA: undefined, GITHUB_RUN_ID: undefined, GITHUB_STEP_SUMMARY: undefined, ...env } });
}

function serviceVersion(name: string): string {
  return labDocker(['service', 'inspect', '--format', '{{.Version.Index}}', name]);
}

/** Writes a copy of a saved plan with one top-level field changed. */
function editedPlan(d: string, from: string, to: string, field: string, value: string): void {
  const plan = JSON.parse(readFileSync(join(d, from), 'utf8')) as Record<string, unknown>;
  plan[field] = value;
  writeFileSync(join(d, to), JSON.stringify(plan));
}

describe('plans in CI', () => {
  // About 20 CLI runs, 2 of them waiting for a rollout: allow for a loaded shared machine.
  it('Markdown plan, saved plan applied exactly and refused when foreign, stale or its secret changed; drift; history annotations', { timeout: 600_000 }, async () => {
    const name = await useStack('cip-plan');
    const web = `${name}_web`;
    const d = dir({ 'docker-compose.yml': compose('one'), 'token.txt': 'tok-one-secret', 'app.conf': 'conf-one' });
    const summary = join(d, 'summary.md');

    // First deploy from a "CI run": message and GitHub ids recorded, report appended to the step summary.
    const first = stack(['deploy', '-c', 'docker-compose.yml', '-m', 'first release', name], d, { ...GITHUB, GITHUB_STEP_SUMMARY: summary });
    expect(first.code, first.stderr + first.stdout).toBe(0);
    const report = readFileSync(summary, 'utf8');
    expect(report).toContain(`### Stack \`${name}\`: deploy succeeded`);
    expect(report).toContain(`| \`${web}\` | create | converged | 1/1 |`);
    expect(report).not.toContain(ESC);

    const drift0 = stack(['drift', name], d);
    expect(drift0.code, drift0.stderr + drift0.stdout).toBe(0);
    expect(drift0.stdout).toContain(`No drift: stack ${name} matches revision 1`);

    // A plan made from changed files, shown as Markdown and saved; the file holds no secret value.
    write(d, { 'docker-compose.yml': compose('two'), 'token.txt': 'tok-two-secret' });
    const diff = stack(['diff', '-c', 'docker-compose.yml', '--format', 'markdown', '--out', 'plan.json', name], d);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain(`### Plan for stack \`${name}\``);
    expect(diff.stdout).toContain(`| ~ update | service | \`${web}\` | 1 |`);
    expect(diff.stdout).toMatch(/```diff\n- environment\.MODE: "one"\n\+ environment\.MODE: "two"/);
    expect(diff.stdout).toContain('! content: (sensitive value changed)');
    expect(diff.stdout).not.toContain(ESC);
    const planText = readFileSync(join(d, 'plan.json'), 'utf8');
    for (const leak of ['tok-two-secret', Buffer.from('tok-two-secret').toString('base64')]) expect(planText).not.toContain(leak);

    // Refusals: nothing is written.
    const before = serviceVersion(web);
    const mixed = stack(['deploy', name, '--plan', 'plan.json', '-c', 'docker-compose.yml'], d);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('--plan executes a saved plan as it was made: it takes no -c, --env-file or --prune');
    const other = stack(['deploy', 'cip-other', '--plan', 'plan.json'], d);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`plan.json is a plan for stack ${name}, not cip-other`);
    editedPlan(d, 'plan.json', 'cluster.json', 'clusterId', 'an0ther0c1uster0id0000000');
    const cluster = stack(['deploy', name, '--plan', 'cluster.json'], d);
    expect(cluster.code).toBe(1);
    expect(cluster.stderr).toMatch(/cluster\.json was made against swarm cluster an0ther0c1uster0id0000000, but this endpoint is cluster \w+/);
    editedPlan(d, 'plan.json', 'version.json', 'toolVersion', '0.0.1-old');
    const version = stack(['deploy', name, '--plan', 'version.json'], d);
    expect(version.code).toBe(1);
    expect(version.stderr).toMatch(/version\.json was made by stack 0\.0\.1-old; this is stack \S+, which executes only its own plans/);
    write(d, { 'token.txt': 'tok-changed-after-review' });
    const secret = stack(['deploy', name, '--plan', 'plan.json'], d);
    expect(secret.code).toBe(1);
    expect(secret.stderr).toContain('secret token: the value in file token.txt differs from the one the plan was made with');
    expect(secret.stderr + secret.stdout).not.toContain('tok-changed-after-review');
    expect(serviceVersion(web)).toBe(before);

    // Applied exactly: no Compose file needed (they are moved away); afterwards the files match the live stack.
    write(d, { 'token.txt': 'tok-two-secret' });
    const applyDir = dir({ 'plan.json': planText, 'token.txt': 'tok-two-secret' });
    const applied = stack(['deploy', name, '--plan', 'plan.json', '-m', 'reviewed plan', '--json'], applyDir, GITHUB);
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ outcome: 'succeeded', revision: 2 });
    const same = stack(['diff', '-c', 'docker-compose.yml', '--exit-code', name], d);
    expect(same.code, same.stdout).toBe(0);

    // A plan made now, then a hand edit: stale, named; drift names the field.
    write(d, { 'docker-compose.yml': compose('three') });
    expect(stack(['diff', '-c', 'docker-compose.yml', '--out', 'next.json', name], d).code).toBe(0);
    labDocker(['service', 'update', '--detach', '--env-add', 'X=1', web]);
    const stale = stack(['deploy', name, '--plan', 'next.json'], d);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('next.json is stale: the stack changed since the plan was made');
    expect(stale.stderr).toMatch(new RegExp(`service ${web} changed \\(version \\d+ → \\d+\\)`));
    const drift = stack(['drift', name], d);
    expect(drift.code, drift.stderr).toBe(2);
    expect(drift.stdout).toContain(`~ service ${web} changed outside stack`);
    expect(drift.stdout).toContain('environment.X: (absent) → "1"');
    const driftJson = JSON.parse(stack(['drift', name, '--json'], d).stdout) as { drifted: boolean; revision: number; items: { name: string; fields: { path: string; recorded: unknown; live: unknown }[] }[] };
    expect(driftJson).toMatchObject({ drifted: true, revision: 2, items: [{ name: web, fields: [{ path: 'environment.X', recorded: null, live: '1' }] }] });

    // History: message and CI ids in the list, the detail and the JSON.
    const history = stack(['history', name], d);
    expect(history.stdout).toContain('"reviewed plan" · 5a5e2b9 run 4242 (acme/shop@main)');
    expect(history.stdout).toContain('"first release" · 5a5e2b9 run 4242 (acme/shop@main)');
    const detail = stack(['history', name, '--revision', '2'], d);
    expect(detail.stdout).toMatch(/Message:\s+reviewed plan/);
    expect(detail.stdout).toMatch(/commit:\s+5a5e2b9c0d1f4e3a2b1c0d9e8f7a6b5c4d3e2f10/);
    const rows = (JSON.parse(stack(['history', name, '--json'], d).stdout) as { revisions: { revision: number; message: string; ci: Record<string, string> }[] }).revisions;
    expect(rows[0]).toMatchObject({ revision: 2, message: 'reviewed plan', ci: { provider: 'github-actions', commit: SHA, pipeline: '4242', repository: 'acme/shop', ref: 'main' } });
  });

  it('a failed revision records why; history shows it', { timeout: 300_000 }, async () => {
    const name = await useStack('cip-fail');
    const d = dir({
      'docker-compose.yml': `services:\n  boom:\n    image: ${labImage('crash')}\n    deploy:\n      restart_policy:\n        delay: 1s\n`,
    });
    const run = stack(['deploy', '-c', 'docker-compose.yml', '--timeout', '90s', '-m', 'doomed', name], d);
    expect(run.code).toBe(1);
    const rows = (JSON.parse(stack(['history', name, '--json'], d).stdout) as { revisions: { outcome: string; failure: string[] }[] }).revisions;
    expect(rows[0]!.outcome).toBe('failed');
    expect(rows[0]!.failure).toEqual([expect.stringMatching(new RegExp(`^${name}_boom: failed \\(.*exit code 3`))]);
    expect(stack(['history', name], d).stdout).toMatch(new RegExp(`"doomed" · why: ${name}_boom: failed`));
    const detail = stack(['history', name, '--revision', '1'], d);
    expect(detail.stdout).toMatch(new RegExp(`Failure:\\n  ${name}_boom: failed \\(.*exit code 3`));
  });
});
