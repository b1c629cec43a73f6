import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_FORMAT, type RevisionRecord } from '../../src/history/record.js';
import type { LsResult } from '../../src/workflows/ls.js';
import type { PsResult } from '../../src/workflows/ps.js';
import type { RmResult } from '../../src/apply/remove-events.js';
import type { ServicesResult } from '../../src/workflows/services.js';
import type { HistoryListResult } from '../../src/workflows/history.js';
import type { UnlockResult } from '../../src/swarm/deploy-lock.js';
import { connectToManager } from '../../src/swarm/connect.js';
import { lockName } from '../../src/swarm/deploy-lock.js';
import { EngineApi } from '../../src/swarm/engine-api.js';
import { resolveEndpoints } from '../../src/swarm/endpoint.js';
import { writeRevision } from '../../src/history/history-store.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { LAB_DOCKER_CLI, labDocker, labDockerHost, labImage } from '../helpers/lab.js';

// `stack ls`, `services`, `ps`, `history`, `rm` and `unlock` against stacks deployed by the docker CLI (the oracle).
// Each describe uses its own stack name and cleans it (services, networks, secrets, configs, history, lock) before
// and after, so the file can run twice in a row.

let api: EngineApi;

beforeAll(async () => {
  api = new EngineApi((await connectToManager(resolveEndpoints({ hosts: [labDockerHost()] }, {}))).docker);
});

function stack(args: string[], options: { input?: string } = {}): CliRun {
  return runCli(args, { env: { DOCKER_HOST: labDockerHost() }, ...options });
}

function json<T>(run: CliRun): T {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
}

function composeFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'stack-daily-'));
  writeFileSync(join(dir, 'token.txt'), 'not-a-real-secret\n');
  writeFileSync(join(dir, 'docker-compose.yml'), text);
  return join(dir, 'docker-compose.yml');
}

/** The docker CLI (the oracle) on the lab, failing or not: what it printed and its exit code. */
function docker(args: string[]): CliRun {
  const result = spawnSync(LAB_DOCKER_CLI, ['-H', labDockerHost(), ...args], { encoding: 'utf8', env: { ...process.env, DOCKER_CLI_HINTS: 'false' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** docker's tabwriter leaves spaces after an empty last cell, our tables drop them; with --format both keep what the template makes. */
const trimLines = (text: string): string => text.split('\n').map((line) => line.trimEnd()).join('\n');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns true (or fails the test after `timeoutMs`). */
async function waitFor(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

function listed(kind: 'service' | 'network' | 'secret' | 'config', filter: string): string[] {
  const out = labDocker([kind, 'ls', '--filter', filter, '--format', '{{.Name}}']);
  return out === '' ? [] : out.split('\n');
}

/** Everything of the stack gone: docker's objects, our history records and our lock. */
async function clean(name: string): Promise<void> {
  try {
    labDocker(['stack', 'rm', name]);
  } catch {
    // Nothing to remove.
  }
  for (const config of [...listed('config', `label=io.stack.history=${name}`), ...listed('config', `name=${lockName(name)}`)]) {
    labDocker(['config', 'rm', config]);
  }
  const label = `label=com.docker.stack.namespace=${name}`;
  // Containers stop with docker's 10 s grace each; on a loaded machine 60 s was not always enough (the hook has 180 s).
  await waitFor(
    `stack ${name} to be gone`,
    () => {
      if (listed('network', label).length > 0) return false;
      return labDocker(['ps', '-a', '-q', '--filter', label]) === '';
    },
    150_000,
  );
}

async function deployWithDocker(name: string, compose: string): Promise<void> {
  labDocker(['stack', 'deploy', '-c', composeFile(compose), name]);
  await waitFor(`services of ${name} to run`, () => {
    const replicas = labDocker(['service', 'ls', '--filter', `label=com.docker.stack.namespace=${name}`, '--format', '{{.Replicas}}']).split('\n');
    return replicas.every((r) => /^(\d+)\/\1$/.test(r) && !r.startsWith('0/'));
  });
}

function revision(name: string, n: number, outcome: RevisionRecord['outcome']): RevisionRecord {
  return {
    format: RECORD_FORMAT,
    stack: name,
    revision: n,
    createdAt: new Date().toISOString(),
    user: 'tester',
    host: 'lab',
    command: `stack deploy -c docker-compose.yml ${name}`,
    toolVersion: '0.1.0',
    sources: [{ path: 'docker-compose.yml', sha256: 'a'.repeat(64) }],
    changed: [
      { type: 'service', name: `${name}_web`, action: n === 1 ? 'create' : 'update' },
      { type: 'network', name: `${name}_default`, action: n === 1 ? 'create' : 'none' },
    ],
    desired: {
      networks: [],
      secrets: [],
      configs: [],
      services: [
        {
          key: 'web',
          name: `${name}_web`,
          spec: { Name: `${name}_web`, Labels: {}, TaskTemplate: { ContainerSpec: { Image: labImage('web') }, ForceUpdate: 0 }, Mode: {} },
        },
      ],
    },
    outcome,
    durationMs: 4200,
  };
}

async function writeDamagedRevision(name: string, n: number): Promise<void> {
  await api.post('/configs/create', {
    body: {
      Name: `stack-rev.${name}.${n}`,
      Labels: { 'io.stack.history': name, 'io.stack.revision': String(n), 'io.stack.part': '0/1', 'io.stack.outcome': 'succeeded' },
      Data: Buffer.from('not a record').toString('base64'),
    },
  });
}

/** A deploy lock as a crashed run leaves it (no renewal running). */
async function leaveLock(name: string, expiresInMs: number): Promise<void> {
  const since = new Date(Date.now() - 5_000).toISOString();
  await api.post('/configs/create', {
    body: {
      Name: lockName(name),
      Labels: {
        'io.stack.lock': name,
        'io.stack.lock.host': 'ci-runner-7',
        'io.stack.lock.user': 'deployer',
        'io.stack.lock.pid': '4242',
        'io.stack.lock.command': `stack deploy ${name}`,
        'io.stack.lock.since': since,
        'io.stack.lock.expires': new Date(Date.now() + expiresInMs).toISOString(),
      },
      Data: Buffer.from(name).toString('base64'),
    },
  });
}

const ONE_SERVICE = `services:\n  app:\n    image: ${labImage('busybox')}\n`;

describe('stack ls', () => {
  const NAME = 'dly-ls';
  beforeAll(async () => {
    await clean(NAME);
    await deployWithDocker(NAME, ONE_SERVICE);
  });
  afterAll(() => clean(NAME));

  it('lists a stack deployed by docker with "-" for revision and last deploy', () => {
    const run = stack(['ls']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^NAME +SERVICES +REVISION +LAST DEPLOY\n/);
    expect(run.stdout).toMatch(new RegExp(`^${NAME} +1 +- +-$`, 'm'));
    expect(json<LsResult>(stack(['ls', '--json'])).stacks).toContainEqual({ name: NAME, services: 1, revision: null, outcome: null, deployedAt: null });
  });

  it('shows the newest revision and its outcome once there is history', async () => {
    await writeRevision(api, revision(NAME, 1, 'succeeded'));
    await writeRevision(api, revision(NAME, 2, 'failed'));
    expect(stack(['ls']).stdout).toMatch(new RegExp(`^${NAME} +1 +2 +failed (less than a second|1 second|\\d+ seconds) ago$`, 'm'));
    const entry = json<LsResult>(stack(['ls', '--json'])).stacks.find((s) => s.name === NAME);
    expect(entry).toMatchObject({ services: 1, revision: 2, outcome: 'failed' });
  });

  it('prints --format as docker does', () => {
    for (const format of ['{{.Name}}: {{.Services}}', '{{json .}}', 'json', 'table {{.Name}}\\t{{.Services}}']) {
      expect(trimLines(stack(['ls', '--format', format]).stdout), format).toBe(`${trimLines(labDocker(['stack', 'ls', '--format', format]))}\n`);
    }
  });

  it('says which manager it used when the first endpoint fails', () => {
    const run = runCli(['ls', '-H', 'unix:///nonexistent.sock', '-H', labDockerHost()]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`notice: manager unix:///nonexistent.sock skipped (no such socket); using ${labDockerHost()}`);
    expect(run.stdout).toContain(NAME);
  });
});

describe('stack services', () => {
  const NAME = 'dly-svc';
  beforeAll(async () => {
    await clean(NAME);
    await deployWithDocker(
      NAME,
      `services:\n  web:\n    image: ${labImage('web')}\n    deploy: {replicas: 2, labels: {tier: front}}\n    ports: ["18180:80"]\n` +
        `  agent:\n    image: ${labImage('busybox')}\n    deploy: {mode: global}\n`,
    );
  });
  afterAll(() => clean(NAME));

  it('prints the same table as docker stack services', () => {
    const run = stack(['services', NAME]);
    expect(run.code).toBe(0);
    const docker = labDocker(['stack', 'services', NAME]).split('\n').map((l) => l.trimEnd()).join('\n');
    expect(run.stdout).toBe(`${docker}\n`);
    expect(run.stdout).toMatch(new RegExp(`^\\w{12} +${NAME}_web +replicated +2/2 +${labImage('web').replace(/[.]/g, '\\.')} +\\*:18180->80/tcp$`, 'm'));
  });

  it('prints the IDs with --quiet, as docker does', () => {
    expect(stack(['services', '-q', NAME]).stdout).toBe(`${labDocker(['stack', 'services', '-q', NAME])}\n`);
  });

  it.each([
    ['{{.Name}}'],
    ['{{json .}}'],
    ['json'],
    ['table {{.Name}}\\t{{.Mode}}\\t{{.Replicas}}\\t{{.Ports}}'],
    ['{{.ID}}: {{.Image}} {{json .Ports}}'],
  ])('prints --format %s as docker does', (format) => {
    const docker = trimLines(labDocker(['stack', 'services', '--format', format, NAME]));
    expect(trimLines(stack(['services', '--format', format, NAME]).stdout)).toBe(`${docker}\n`);
  });

  it('filters as docker stack services --filter does (prefixes, labels, modes; OR within a key, AND across keys)', () => {
    const agentId = labDocker(['service', 'inspect', '--format', '{{.ID}}', `${NAME}_agent`]);
    const cases = [
      [`name=${NAME}_web`],
      [`name=${NAME}_`],
      [`name=${NAME}_web`, `name=${NAME}_agent`],
      ['name=web'],
      [`name=${NAME.toUpperCase()}_web`],
      ['mode=global'],
      ['mode=replicated', 'mode=global'],
      ['mode=global-job'],
      ['label=tier'],
      ['label=tier=front'],
      ['label=tier=back'],
      ['label=tier', `label=com.docker.stack.namespace=${NAME}`],
      [`id=${agentId.slice(0, 4)}`],
      [`ID=${agentId}`],
      [`name=${NAME}_web`, 'mode=global'],
    ];
    for (const filters of cases) {
      const args = [...filters.flatMap((f) => ['--filter', f]), NAME];
      const oracle = docker(['stack', 'services', ...args]);
      expect(stack(['services', ...args]), filters.join(' ')).toEqual({ ...oracle, stdout: trimLines(oracle.stdout) });
    }
    expect(stack(['services', '-q', '-f', 'mode=global', NAME]).stdout).toBe(`${labDocker(['stack', 'services', '-q', '-f', 'mode=global', NAME])}\n`);
    expect(json<ServicesResult>(stack(['services', '--json', '-f', 'label=tier=front', NAME])).services.map((s) => s.name)).toEqual([`${NAME}_web`]);
  });

  it('refuses a filter key docker refuses, before asking the Engine', () => {
    expect(docker(['stack', 'services', '--filter', 'node=node1', NAME]).code).toBe(1);
    const run = runCli(['services', '-H', 'unix:///nonexistent.sock', '--filter', 'node=node1', NAME]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Error: invalid filter "node=node1": unknown key "node"\n  hint: the keys are id, label, mode, name, e.g. --filter name=mystack_web\n');
  });

  it('refuses a --format field docker does not have, before asking the Engine', () => {
    const run = runCli(['services', '-H', 'unix:///nonexistent.sock', '--format', '{{.Foo}}', NAME]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--format: there is no field .Foo');
  });

  it('returns the services as data with --json', () => {
    const result = json<ServicesResult>(stack(['services', '--json', NAME]));
    expect(result.stack).toBe(NAME);
    expect(result.services.map((s) => [s.name, s.mode, s.running, s.desired])).toEqual([
      [`${NAME}_agent`, 'global', 3, 3],
      [`${NAME}_web`, 'replicated', 2, 2],
    ]);
    expect(result.services[1]?.ports).toEqual([{ protocol: 'tcp', target: 80, published: 18180, mode: 'ingress' }]);
  });
});

describe('stack ps', () => {
  const NAME = 'dly-ps';
  beforeAll(async () => {
    await clean(NAME);
    await deployWithDocker(
      NAME,
      `services:\n  web:\n    image: ${labImage('web')}\n    deploy: {replicas: 2, labels: {tier: front}}\n  agent:\n    image: ${labImage('busybox')}\n    deploy: {mode: global}\n`,
    );
  });
  afterAll(() => clean(NAME));

  it('lists the tasks with names and node names, in the order docker stack ps uses', () => {
    const run = stack(['ps', NAME]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ID +NAME +IMAGE +NODE +DESIRED STATE +CURRENT STATE +ERROR +PORTS\n/);
    expect(run.stdout, run.stdout).toMatch(new RegExp(`^\\w{12} +${NAME}_web\\.1 +\\S+ +node\\d +Running +Running (less than a second|1 second|\\d+ seconds|about a minute) ago$`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^\\w{12} +${NAME}_agent\\.\\w{25} +\\S+ +node\\d +Running`, 'm'));
    expect(stack(['ps', '-q', NAME]).stdout).toBe(`${labDocker(['stack', 'ps', '-q', NAME])}\n`);
    expect(stack(['ps', '-q', '--no-trunc', NAME]).stdout).toBe(`${labDocker(['stack', 'ps', '-q', '--no-trunc', NAME])}\n`);
  });

  it('filters by desired state and node, and returns tasks as data with --json', () => {
    const result = json<PsResult>(stack(['ps', '--json', '--filter', 'desired-state=running', NAME]));
    expect(result.tasks).toHaveLength(5);
    expect(new Set(result.tasks.map((t) => t.node))).toEqual(new Set(['node1', 'node2', 'node3']));
    expect(result.tasks.every((t) => t.desiredState === 'running')).toBe(true);
    const onNode2 = json<PsResult>(stack(['ps', '--json', '--filter', 'node=node2', NAME]));
    expect(onNode2.tasks.length).toBeGreaterThan(0);
    expect(onNode2.tasks.every((t) => t.node === 'node2')).toBe(true);
  });

  it.each([
    ['{{.ID}} {{.Name}} {{.Image}} {{.Node}} {{.DesiredState}} {{.Error}} {{.Ports}}'],
    ['table {{.Name}}\\t{{.Node}}\\t{{.DesiredState}}'],
  ])('prints --format %s as docker does', (format) => {
    const docker = trimLines(labDocker(['stack', 'ps', '--format', format, NAME]));
    expect(trimLines(stack(['ps', '--format', format, NAME]).stdout)).toBe(`${docker}\n`);
  });

  it('filters as docker stack ps --filter does (id, name, node, service, label, desired-state)', () => {
    const taskId = labDocker(['stack', 'ps', '-q', '--no-trunc', '-f', `name=${NAME}_web.1`, NAME]).split('\n')[0]!;
    const node2 = labDocker(['node', 'inspect', '--format', '{{.ID}}', 'node2']);
    const webId = labDocker(['service', 'inspect', '--format', '{{.ID}}', `${NAME}_web`]);
    const cases = [
      [`name=${NAME}_web`],
      [`name=${NAME}_web.2`],
      [`name=${NAME}_agent`, `name=${NAME}_web.1`],
      [`id=${taskId.slice(0, 5)}`],
      ['node=node2'],
      [`node=${node2}`],
      [`node=${node2.slice(0, 6)}`],
      ['node=node1', 'node=node3'],
      [`service=${NAME}_agent`],
      [`service=${webId.slice(0, 6)}`],
      ['label=tier=front'],
      ['label=tier', 'node=node2'],
      ['desired-state=running'],
      ['desired-state=Running', `name=${NAME}_agent`],
      ['desired-state=shutdown'],
    ];
    const format = '{{.ID}} {{.Name}} {{.Node}} {{.DesiredState}}';
    for (const filters of cases) {
      const args = ['--format', format, ...filters.flatMap((f) => ['--filter', f]), NAME];
      const oracle = docker(['stack', 'ps', ...args]);
      const run = stack(['ps', ...args]);
      expect(run.code, filters.join(' ')).toBe(oracle.code);
      expect(run.stdout, filters.join(' ')).toBe(oracle.stdout);
      // docker's own wording for "nothing found in stack", with our "Error: " and hint.
      if (oracle.code !== 0) expect(run.stderr).toContain(oracle.stderr.trim());
    }
  });

  it('says which node a node filter does not know, as docker does', () => {
    const oracle = docker(['stack', 'ps', '-f', 'node=nosuchnode', NAME]);
    expect(oracle.code).toBe(1);
    const run = stack(['ps', '-f', 'node=nosuchnode', NAME]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('node nosuchnode not found');
  });

  it('shows service and node IDs with --no-resolve, as docker does', () => {
    for (const format of ['table {{.ID}}\t{{.Name}}\t{{.Image}}\t{{.Node}}\t{{.DesiredState}}\t{{.Error}}\t{{.Ports}}', '{{.Name}} {{.Node}}']) {
      const oracle = trimLines(labDocker(['stack', 'ps', '--no-resolve', '--format', format, NAME]));
      expect(trimLines(stack(['ps', '--no-resolve', '--format', format, NAME]).stdout)).toBe(`${oracle}\n`);
    }
    const run = stack(['ps', '--no-resolve', NAME]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ID +NAME +IMAGE +NODE +DESIRED STATE +CURRENT STATE +ERROR +PORTS\n/);
    expect(run.stdout).toMatch(/^\w{12} +\w{25}\.1 +\S+ +\w{25} +Running +Running/m);
  });

  it('indents older tasks of a slot in tables only, as docker does (last: it adds history to the stack)', () => {
    labDocker(['service', 'update', '--quiet', '--force', `${NAME}_web`], { timeoutMs: 120_000 });
    for (const format of ['{{.Name}} {{.DesiredState}}', 'table {{.ID}}\\t{{.Name}}\\t{{.DesiredState}}']) {
      const args = ['ps', '--format', format, '-f', `name=${NAME}_web`, NAME];
      const oracle = trimLines(labDocker(['stack', ...args]));
      expect(oracle.split('\n').length, oracle).toBeGreaterThan(3);
      expect(trimLines(stack(args).stdout)).toBe(`${oracle}\n`);
    }
    expect(stack(['ps', '-f', `name=${NAME}_web`, NAME]).stdout).toMatch(new RegExp(`^\\w{12} + \\\\_ ${NAME}_web\\.1 `, 'm'));
  });

  it('refuses an unknown filter key before asking the Engine', () => {
    const run = runCli(['ps', '-H', 'unix:///nonexistent.sock', '--filter', 'mode=global', NAME]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: invalid filter "mode=global": unknown key "mode"\n  hint: the keys are desired-state, id, label, name, node, service');
  });
});

describe('stack history', () => {
  const NAME = 'dly-hist';
  beforeAll(async () => {
    await clean(NAME);
    await deployWithDocker(NAME, ONE_SERVICE);
  });
  afterAll(() => clean(NAME));

  it('says that a stack deployed by docker has no revisions', () => {
    const run = stack(['history', NAME]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `stack ${NAME} has no recorded revisions; stacks deployed with docker stack deploy have none until the first stack deploy\n`,
    );
    expect(json<HistoryListResult>(stack(['history', '--json', NAME]))).toEqual({ stack: NAME, revisions: [] });
  });

  it('lists recorded revisions newest first, with a damaged record as a row', async () => {
    await writeRevision(api, revision(NAME, 1, 'succeeded'));
    await writeRevision(api, revision(NAME, 2, 'failed'));
    await writeDamagedRevision(NAME, 3);
    const run = stack(['history', NAME]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^REVISION +TIME +WHO +OUTCOME +CHANGES +DURATION$/);
    expect(lines[1]).toMatch(/^3 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +- +damaged +cannot be read: its data is not a compressed stack record .* +-$/);
    expect(lines[2]).toMatch(/^2 +\S+ \S+ +tester@lab +failed +1 service updated +4s$/);
    expect(lines[3]).toMatch(/^1 +\S+ \S+ +tester@lab +succeeded +1 service created, 1 network created +4s$/);
    const result = json<HistoryListResult>(stack(['history', '--json', NAME]));
    expect(result.revisions.map((r) => [r.revision, r.outcome])).toEqual([
      [3, 'damaged'],
      [2, 'failed'],
      [1, 'succeeded'],
    ]);
  });

  it('shows one revision in detail, and refuses damaged or unknown ones clearly', () => {
    const run = stack(['history', NAME, '--revision', '1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Revision 1 of stack ${NAME}\n`);
    expect(run.stdout).toContain(`Command:   stack deploy -c docker-compose.yml ${NAME}\n`);
    expect(run.stdout).toContain(`docker-compose.yml  sha256:${'a'.repeat(64)}\n`);
    expect(run.stdout).toContain(`${NAME}_web  ${labImage('web')}\n`);
    const detail = json<{ record: RevisionRecord; liveDiff: unknown }>(stack(['history', '--json', NAME, '--revision', '2']));
    expect(detail.record.outcome).toBe('failed');
    // The plan of returning to revision 2 from what runs now (the JSON shape of docs/plan-json.md).
    expect(detail.liveDiff).toMatchObject({ stack: NAME, changes: expect.any(Array) });
    const damaged = stack(['history', NAME, '--revision', '3']);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain(`revision record ${NAME}#3 cannot be read`);
    const unknown = stack(['history', NAME, '--revision', '9']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`stack ${NAME} has no revision 9\n  hint: kept revisions: 3, 2, 1`);
  });
});

describe('stack rm', () => {
  const NAME = 'dly-rm';
  const COMPOSE =
    `services:\n  web:\n    image: ${labImage('web')}\n    deploy: {replicas: 2}\n    networks: [front]\n    secrets: [token]\n    configs: [conf]\n` +
    `  agent:\n    image: ${labImage('busybox')}\n` +
    `networks:\n  front: {}\nsecrets:\n  token:\n    file: ./token.txt\nconfigs:\n  conf:\n    file: ./token.txt\n`;
  beforeAll(async () => {
    await clean(NAME);
    await deployWithDocker(NAME, COMPOSE);
    await writeRevision(api, revision(NAME, 1, 'succeeded'));
    await leaveLock(NAME, 60_000);
  });
  afterAll(() => clean(NAME));

  it('refuses without a terminal and without --yes, removing nothing', () => {
    const run = stack(['rm', NAME]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `Error: refusing to remove stack ${NAME} without confirmation: standard input is not a terminal\n  hint: pass --yes (-y) to remove without asking\n`,
    );
    expect(listed('service', `label=com.docker.stack.namespace=${NAME}`)).toHaveLength(2);
  });

  it('removes services, networks, secrets, configs, history and lock with --yes, and waits until they are gone', () => {
    const run = stack(['rm', '--yes', NAME]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^Removing service ${NAME}_agent\nRemoving service ${NAME}_web\nRemoving network ${NAME}_default\nRemoving network ${NAME}_front\n` +
          `Removing secret ${NAME}_token\nRemoving config ${NAME}_conf\nRemoving history of stack ${NAME} \\(1 revision\\)\n` +
          `Removing deploy lock of stack ${NAME} \\(held by deployer@ci-runner-7 \\(pid 4242\\) since .+\\)\n` +
          `(Waiting for .+ of stack ${NAME} to go away\n)?Stack ${NAME} removed\n$`,
      ),
    );
    const label = `label=com.docker.stack.namespace=${NAME}`;
    expect(listed('service', label)).toEqual([]);
    expect(listed('network', label)).toEqual([]);
    expect(listed('secret', label)).toEqual([]);
    expect(listed('config', label)).toEqual([]);
    expect(listed('config', `label=io.stack.history=${NAME}`)).toEqual([]);
    expect(listed('config', `name=${lockName(NAME)}`)).toEqual([]);
    expect(stack(['ps', NAME]).stderr).toMatch(new RegExp(`^Error: nothing found in stack: ${NAME}\n`));
    expect(stack(['ls']).stdout).not.toMatch(new RegExp(`^${NAME} `, 'm'));
  });

  it('leaves the name free: docker deploys the same stack again at once, and rm --json reports what went', () => {
    labDocker(['stack', 'deploy', '-c', composeFile(COMPOSE), NAME]);
    const result = json<RmResult>(stack(['rm', '--yes', '--json', NAME]));
    expect(result.missing).toEqual([]);
    expect(result.stacks).toHaveLength(1);
    expect(result.stacks[0]).toMatchObject({
      stack: NAME,
      removed: {
        services: [`${NAME}_agent`, `${NAME}_web`],
        networks: [`${NAME}_default`, `${NAME}_front`],
        secrets: [`${NAME}_token`],
        configs: [`${NAME}_conf`],
        revisions: [],
        lock: null,
      },
      failures: [],
      waited: true,
      leftover: null,
    });
  });
});

describe('stack rm that outlives its --timeout', () => {
  const NAME = 'dly-rm-slow';
  // A container that ignores SIGTERM takes its whole grace period to stop: longer than rm's --timeout.
  const COMPOSE =
    `services:\n  app:\n    image: ${labImage('busybox')}\n    command: ["sh", "-c", "trap '' TERM; while :; do sleep 1; done"]\n` +
    `    stop_grace_period: 15s\n`;
  beforeAll(async () => {
    await clean(NAME);
    await deployWithDocker(NAME, COMPOSE);
  });
  afterAll(() => clean(NAME));

  it('does not say the stack was removed: it says what is still there, and exits 1', () => {
    const run = stack(['rm', '--yes', '--timeout', '3s', NAME]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^Removing service ${NAME}_app\nRemoving network ${NAME}_default\n(Waiting for .+\n)?$`));
    expect(run.stdout).not.toContain('removed');
    expect(run.stderr).toMatch(new RegExp(`^Error: stack ${NAME}: still present after 3s: 1 task( and network ${NAME}_default)?\n  hint: `));
  });
});

describe('stack unlock', () => {
  const NAME = 'dly-unlock';
  beforeAll(() => clean(NAME));
  afterAll(() => clean(NAME));

  it('removes a lock and says whose it was, then says there is none', async () => {
    await leaveLock(NAME, -60_000);
    const run = stack(['unlock', NAME]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^Removed the deploy lock of stack ${NAME} held by deployer@ci-runner-7 \\(pid 4242\\) since \\S+: stack deploy ${NAME} \\(it expired about a minute ago\\)\n$`),
    );
    expect(listed('config', `name=${lockName(NAME)}`)).toEqual([]);
    const again = stack(['unlock', NAME]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`stack ${NAME} has no deploy lock\n`);
  });

  it('returns the holder with --json and warns about a lock that had not expired', async () => {
    await leaveLock(NAME, 60_000);
    const result = json<UnlockResult>(stack(['unlock', '--json', NAME]));
    expect(result).toMatchObject({ stack: NAME, removed: true, holder: { user: 'deployer', host: 'ci-runner-7', pid: 4242 } });
    await leaveLock(NAME, 60_000);
    expect(stack(['unlock', NAME]).stdout).toContain('(it had not expired: if that run is still deploying, it continues without a lock)');
  });
});

describe('a stack that does not exist', () => {
  const NAME = 'dly-nothing-here';

  it('services says "Nothing found in stack" on stderr and exits 0, as docker stack services does', () => {
    for (const args of [['services', NAME], ['services', '-q', NAME], ['services', '--format', '{{.Name}}', NAME]]) {
      expect(stack(args), args.join(' ')).toMatchObject({ code: 0, stdout: '', stderr: `Nothing found in stack: ${NAME}\n` });
    }
  });

  it('is "nothing found in stack" for ps and history, with exit code 1', () => {
    for (const args of [['ps', NAME], ['history', NAME]]) {
      const run = stack(args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr, args.join(' ')).toMatch(new RegExp(`^Error: nothing found in stack: ${NAME}\n`));
    }
  });

  it('rm says "Nothing found in stack" on stderr and exits 0, as docker stack rm does', () => {
    const run = stack(['rm', '--yes', NAME]);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: `Nothing found in stack: ${NAME}\n` });
  });

  it('is not listed by ls, and unlock says there is no lock', () => {
    expect(stack(['ls']).stdout).not.toContain(NAME);
    expect(stack(['unlock', NAME]).stdout).toBe(`stack ${NAME} has no deploy lock\n`);
  });
});
