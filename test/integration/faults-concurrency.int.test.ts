/**
 * Many runs against one stack at once, on a swarm with three managers: 50 `stack diff` and 5 `stack deploy` runs
 * started together, the runs spread over the three managers (-H), each deploy with a value of its own (an environment
 * variable, a label and the content of a config). What must hold:
 * - every diff succeeds (exit 2, the plan of one whole state: environment, label and config of the same version);
 * - the deploys are serialized by the lock held in the cluster: the intervals in which each run held it (`lock` in
 *   the --json result) never overlap, and each run's plan starts from the state the previous holder left;
 * - nothing is lost or half-applied: every deploy succeeded with its own revision, the history has one record per
 *   deploy whose desired spec is that run's value and which was written while that run held the lock, and the live
 *   service is exactly the last holder's version.
 * A second case starts 5 `--detach` deploys at once: runs so short that one often takes the lock just after another
 * released it, with a plan made before that run's writes (it used to fail with "update out of sequence").
 *
 * The diffs run at nice 10: on two shared cores 55 Node processes are CPU-bound for a minute or more, and the deploys
 * (whose lock behaviour is under test) should not wait behind them; the diffs still overlap the deploys throughout.
 *
 * Why lab 8 only for this file: the lock must hold across managers, so the runs talk to three of them, and the
 * shared labs have one. The other fault files (faults-input, secret-leak) do not depend on the number of managers and
 * run on the shared lab claimed by claim-lab.ts, so they can run beside this one without waiting for lab 8.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliAsync, type CliRun } from '../helpers/cli.js';
import { useExtraLab } from '../helpers/extra-lab.js';
import { labDocker, labImage } from '../helpers/lab.js';

const lab = useExtraLab(8, { nodes: 3, managers: 3 });
const STACK = 'fconc';
const DIFFS = 50;
const DEPLOYS = 5;

let dir: string;
let managers: string[];

function composeFile(): string {
  return `services:
  web:
    image: ${labImage('busybox')}
    environment:
      RUN: \${RUN}
    configs:
      - source: run
        target: /run.txt
    deploy:
      labels:
        run: \${RUN}
      update_config:
        monitor: 1s
configs:
  run:
    environment: RUN
`;
}

/** The config the service uses for a value: the first content keeps the plain name, later ones are versioned. */
function configNameFor(value: string, first: string): string {
  return value === first ? `${STACK}_run` : `${STACK}_run-${createHash('sha256').update(value).digest('hex').slice(0, 10)}`;
}

function stackRm(): CliRun {
  return runCli(['rm', '--yes', STACK]);
}

/** What is left of the stack in the cluster: services, configs and secrets with its labels, and its lock. */
function leftovers(): string[] {
  const list = (args: string[]): string[] => labDocker(args).split('\n').filter(Boolean);
  return [
    ...list(['service', 'ls', '--format', '{{.Name}}', '--filter', `label=com.docker.stack.namespace=${STACK}`]),
    ...list(['config', 'ls', '--format', '{{.Name}}', '--filter', `label=com.docker.stack.namespace=${STACK}`]),
    ...list(['config', 'ls', '--format', '{{.Name}}', '--filter', `label=io.stack.history=${STACK}`]),
    ...list(['config', 'ls', '--format', '{{.Name}}', '--filter', `name=stack-lock.${STACK}`]),
    ...list(['secret', 'ls', '--format', '{{.Name}}', '--filter', `label=com.docker.stack.namespace=${STACK}`]),
  ];
}

interface LockTimes {
  acquiredAt: string;
  releasedAt: string;
  waitedMs: number;
  replanned: boolean;
}

interface FieldJson {
  path: string;
  before: unknown;
  after: unknown;
}

interface PlanJson {
  stack: string;
  changes: { type: string; name: string; action: string; fields: FieldJson[] }[];
}

interface DeployJson {
  outcome: string;
  revision: number | null;
  writeFailure: unknown;
  lock: LockTimes | null;
  plan: PlanJson;
}

function parseJson<T>(run: CliRun, what: string): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`${what}: no JSON (exit ${run.code}): ${run.stderr}${run.stdout}`);
  }
}

/** The service's field changes in a plan, by path. */
function serviceFields(plan: PlanJson): Map<string, FieldJson> {
  const web = plan.changes.find((c) => c.type === 'service' && c.name === `${STACK}_web`);
  return new Map((web?.fields ?? []).map((f) => [f.path, f]));
}

/** The live service: its RUN value, its run label, and the config it mounts with that config's content. */
function liveState(): { env: string; label: string; config: string; content: string } {
  const spec = JSON.parse(labDocker(['service', 'inspect', '--format', '{{json .Spec}}', `${STACK}_web`])) as {
    Labels: Record<string, string>;
    TaskTemplate: { ContainerSpec: { Env: string[]; Configs: { ConfigName: string }[] } };
  };
  const config = spec.TaskTemplate.ContainerSpec.Configs[0]?.ConfigName ?? '';
  const data = labDocker(['config', 'inspect', '--format', '{{json .Spec.Data}}', config]);
  return {
    env: (spec.TaskTemplate.ContainerSpec.Env.find((e) => e.startsWith('RUN=')) ?? '').slice('RUN='.length),
    label: spec.Labels.run ?? '',
    config,
    content: Buffer.from(JSON.parse(data) as string, 'base64').toString('utf8'),
  };
}

interface HistoryRow {
  revision: number;
  outcome: string;
  createdAt: string;
}

function history(): HistoryRow[] {
  return parseJson<{ revisions: HistoryRow[] }>(runCli(['history', STACK, '--json']), 'stack history').revisions;
}

function recordOf(revision: number): { createdAt: string; desired: { services: { spec: { TaskTemplate: { ContainerSpec: { Env: string[] } } } }[] } } {
  const run = runCli(['history', STACK, '--revision', String(revision), '--json']);
  return parseJson<{ record: ReturnType<typeof recordOf> }>(run, `stack history --revision ${revision}`).record;
}

/** The lock intervals, ordered by acquisition, never overlap: each run released before the next one took it. */
function expectSerialized(runs: { value: string; json: DeployJson }[]): { value: string; json: DeployJson }[] {
  const ordered = [...runs].sort((a, b) => Date.parse(a.json.lock!.acquiredAt) - Date.parse(b.json.lock!.acquiredAt));
  for (const [i, run] of ordered.entries()) {
    expect(Date.parse(run.json.lock!.acquiredAt)).toBeLessThanOrEqual(Date.parse(run.json.lock!.releasedAt));
    const next = ordered[i + 1];
    if (next) expect(Date.parse(run.json.lock!.releasedAt), `${run.value} released before ${next.value} took the lock`).toBeLessThanOrEqual(Date.parse(next.json.lock!.acquiredAt));
  }
  return ordered;
}

beforeAll(() => {
  managers = lab.STACK_LAB_MANAGERS!.split(',');
  expect(managers).toHaveLength(3);
  dir = mkdtempSync(join(tmpdir(), 'stack-fconc-'));
  writeFileSync(join(dir, 'docker-compose.yml'), composeFile());
  stackRm();
  expect(leftovers()).toEqual([]);
});

afterAll(() => {
  if (!dir) return;
  const rm = stackRm();
  expect(rm.code, rm.stderr).toBe(0);
  expect(leftovers()).toEqual([]);
}, 300_000);

describe('concurrent runs against one stack on three managers', () => {
  it(`${DIFFS} diffs and ${DEPLOYS} deploys at once: every diff sees one whole state, the deploys hold the lock one after another, nothing is lost`, async () => {
    const base = 'base';
    const first = runCli(['deploy', '-c', 'docker-compose.yml', STACK, '-q'], { cwd: dir, env: { RUN: base } });
    expect(first.code, first.stderr).toBe(0);
    const baseRevision = history()[0]!.revision;

    const values = Array.from({ length: DEPLOYS }, (_, i) => `deploy-${i + 1}`);
    const host = (i: number): string => managers[i % managers.length]!;
    const deploys = values.map((value, i) =>
      runCliAsync(['deploy', '-c', 'docker-compose.yml', '-H', host(i), '--json', '--timeout', '300s', '--lock-timeout', '580s', STACK], { cwd: dir, env: { RUN: value } }),
    );
    const diffs = Array.from({ length: DIFFS }, (_, i) =>
      runCliAsync(['diff', '-c', 'docker-compose.yml', '-H', host(i + 1), '--json', '--exit-code', STACK], { cwd: dir, env: { RUN: 'probe' }, nice: 10 }),
    );
    const started = Date.now();
    const seconds = (): string => ((Date.now() - started) / 1000).toFixed(0);
    const [deployRuns, diffRuns] = await Promise.all([
      Promise.all(deploys).then((r) => (console.log(`deploys done after ${seconds()}s`), r)),
      Promise.all(diffs).then((r) => (console.log(`diffs done after ${seconds()}s`), r)),
    ]);

    // Every diff: exit 2 (changes), nothing on stderr, and a plan from one whole state of the service, whichever.
    const known = [base, ...values];
    const seen = new Set<string>();
    for (const [i, run] of diffRuns.entries()) {
      expect({ diff: i, code: run.code, stderr: run.stderr, error: run.code === 2 ? '' : run.stdout }).toEqual({ diff: i, code: 2, stderr: '', error: '' });
      const fields = serviceFields(parseJson<PlanJson>(run, `diff ${i}`));
      const before = fields.get('environment.RUN')?.before as string;
      expect(known).toContain(before);
      expect(fields.get('environment.RUN')?.after).toBe('probe');
      expect(fields.get('deploy.labels.run')).toEqual({ path: 'deploy.labels.run', before, after: 'probe' });
      expect(fields.get('configs[/run.txt].source')?.before).toBe(configNameFor(before, base));
      seen.add(before);
    }

    // Every deploy succeeded with a revision of its own, after base, with no write refused.
    const runs = deployRuns.map((run, i) => {
      expect({ deploy: values[i], code: run.code, stderr: run.stderr }).toEqual({ deploy: values[i], code: 0, stderr: '' });
      const json = parseJson<DeployJson>(run, `deploy ${values[i]}`);
      expect(json).toMatchObject({ outcome: 'succeeded', writeFailure: null });
      expect(json.lock).not.toBeNull();
      return { value: values[i]!, json };
    });
    // Serialized: lock intervals apart, revisions in lock order, and each plan starts where the previous holder left.
    const ordered = expectSerialized(runs);
    expect(ordered.map((r) => r.json.revision)).toEqual(values.map((_, i) => baseRevision + i + 1));
    for (const [i, run] of ordered.entries()) {
      const previous = i === 0 ? base : ordered[i - 1]!.value;
      expect(serviceFields(run.json.plan).get('environment.RUN'), `plan of ${run.value}`).toEqual({ path: 'environment.RUN', before: previous, after: run.value });
    }

    // History: one succeeded record per deploy, holding that run's value, written while that run held the lock.
    const rows = history();
    expect(rows.map((r) => [r.revision, r.outcome])).toEqual(
      [baseRevision, ...ordered.map((r) => r.json.revision!)].reverse().map((revision) => [revision, 'succeeded']),
    );
    for (const run of ordered) {
      const record = recordOf(run.json.revision!);
      expect(record.desired.services[0]?.spec.TaskTemplate.ContainerSpec.Env).toEqual([`RUN=${run.value}`]);
      const written = Date.parse(record.createdAt);
      expect(written).toBeGreaterThanOrEqual(Date.parse(run.json.lock!.acquiredAt));
      expect(written).toBeLessThanOrEqual(Date.parse(run.json.lock!.releasedAt));
    }

    // Live: exactly the last holder's version, environment, label and config content alike; no lock left.
    const last = ordered[ordered.length - 1]!.value;
    expect(liveState()).toEqual({ env: last, label: last, config: configNameFor(last, base), content: last });
    expect(labDocker(['config', 'ls', '-q', '--filter', `name=stack-lock.${STACK}`])).toBe('');
    console.log(`diffs saw the states: ${[...seen].join(', ')}; lock waits (ms): ${ordered.map((r) => r.json.lock!.waitedMs).join(', ')}`);
  }, 600_000);

  it(`${DEPLOYS} --detach deploys at once: a run that planned before another one wrote plans again under the lock instead of failing`, async () => {
    const values = Array.from({ length: DEPLOYS }, (_, i) => `detach-${i + 1}`);
    const before = history()[0]!.revision;
    const runs = await Promise.all(
      values.map(async (value, i) => {
        const run = await runCliAsync(['deploy', '-c', 'docker-compose.yml', '-H', managers[i % managers.length]!, '--detach', '--json', STACK], { cwd: dir, env: { RUN: value } });
        expect({ deploy: value, code: run.code, stderr: run.stderr }).toEqual({ deploy: value, code: 0, stderr: '' });
        const json = parseJson<DeployJson>(run, `deploy ${value}`);
        expect(json).toMatchObject({ outcome: 'submitted', writeFailure: null });
        return { value, json };
      }),
    );
    const ordered = expectSerialized(runs);
    expect(ordered.map((r) => r.json.revision)).toEqual(values.map((_, i) => before + i + 1));
    for (const [i, run] of ordered.entries()) {
      if (i === 0) continue;
      // Every later run planned against what the previous holder wrote: either it waited, or it found the stack moved.
      expect(serviceFields(run.json.plan).get('environment.RUN')?.before, `plan of ${run.value}`).toBe(ordered[i - 1]!.value);
    }
    const last = ordered[ordered.length - 1]!.value;
    expect(liveState()).toMatchObject({ env: last, label: last, content: last });
  }, 300_000);
});
