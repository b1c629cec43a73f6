/**
 * `stack diff` and the diff-based `stack deploy` on the lab swarm: no spurious changes after either tool deployed
 * a file, exact field changes after edits, restart predictions checked against the task IDs swarm keeps or
 * replaces, placement and address-space problems, --exit-code, and the bounded number of Engine API calls.
 * Each test uses its own stack name and removes it afterwards, so the file can run twice in a row.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { labDocker, labDockerHost, labImage, labRegistry } from '../helpers/lab.js';
import { engineGet, removeStack, waitForStackSettled } from '../helpers/parity.js';
import { planStack } from '../../src/workflows/plan-stack.js';
import type { PlanJson } from '../../src/render/plan-json.js';

const stacks = new Set<string>();
// The CLI and planStack find the manager like docker does: DOCKER_HOST.
process.env.DOCKER_HOST ??= labDockerHost();

afterAll(async () => {
  for (const stack of stacks) await removeStack(stack);
}, 300_000);

function stackDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stack-diff-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A fresh stack name for one test (a leftover of an earlier run is removed first). */
async function useStack(name: string): Promise<string> {
  stacks.add(name);
  await removeStack(name);
  return name;
}

function stackCli(args: string[], dir: string) {
  return runCli(args, { cwd: dir });
}

function diffJson(dir: string, stack: string, extra: string[] = []): PlanJson {
  const run = stackCli(['diff', '-c', 'docker-compose.yml', ...extra, '--json', stack], dir);
  if (run.code !== 0) throw new Error(`stack diff failed (${run.code}): ${run.stderr}${run.stdout}`);
  return JSON.parse(run.stdout) as PlanJson;
}

function deploy(dir: string, stack: string, extra: string[] = []) {
  const run = stackCli(['deploy', '-c', 'docker-compose.yml', ...extra, stack], dir);
  if (run.code !== 0) throw new Error(`stack deploy failed (${run.code}): ${run.stderr}${run.stdout}`);
  return run;
}

function changed(plan: PlanJson) {
  return plan.changes.filter((c) => c.action !== 'none');
}

interface TaskState {
  ID: string;
  NodeID?: string;
  DesiredState: string;
  Status: { State: string };
}

/** IDs of the tasks of a service that swarm wants running. */
async function runningTaskIds(service: string): Promise<string[]> {
  const tasks = await engineGet<TaskState[]>(`/tasks?filters=${encodeURIComponent(JSON.stringify({ service: [service], 'desired-state': ['running'] }))}`);
  return tasks.map((t) => t.ID).sort();
}

/** Waits until a service has `count` tasks running and none starting or stopping. */
async function waitRunning(service: string, count: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tasks = await engineGet<TaskState[]>(`/tasks?filters=${encodeURIComponent(JSON.stringify({ service: [service] }))}`);
    const wanted = tasks.filter((t) => t.DesiredState === 'running');
    const stopping = tasks.filter((t) => t.DesiredState !== 'running' && ['running', 'starting', 'preparing', 'assigned'].includes(t.Status.State));
    if (wanted.length === count && wanted.every((t) => t.Status.State === 'running') && stopping.length === 0) return;
    if (Date.now() > deadline) throw new Error(`service ${service} did not reach ${count} running tasks`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const WEB1 = labImage('web', '1');
const WEB2 = labImage('web', '2');
const BUSYBOX = labImage('busybox', '1');

const APP = `
version: "3.8"
services:
  web:
    image: ${WEB1}
    environment:
      MODE: one
      COLOR: blue
    configs:
      - source: conf
        target: /etc/app.conf
    networks: [front, back]
    deploy:
      replicas: 2
      labels:
        tier: web
      update_config:
        parallelism: 2
        order: start-first
      restart_policy:
        condition: on-failure
  worker:
    image: ${BUSYBOX}
    networks: [back]
    healthcheck:
      test: ["CMD", "true"]
      interval: 5s
    deploy:
      mode: global
      placement:
        constraints: [node.platform.os == linux]
networks:
  front:
    attachable: true
  back:
    labels:
      com.example.net: back
configs:
  conf:
    file: ./app.conf
`;

describe('no changes right after a deploy of the same file', () => {
  it('deployed by docker stack deploy', async () => {
    const stack = await useStack('dfit-docker');
    const dir = stackDir({ 'docker-compose.yml': APP, 'app.conf': 'setting=1\n' });
    labDocker(['stack', 'deploy', '-c', join(dir, 'docker-compose.yml'), stack]);
    await waitForStackSettled(stack);
    const plan = diffJson(dir, stack);
    expect(changed(plan)).toEqual([]);
    expect(plan.changed).toBe(false);
    expect(plan.summary).toMatchObject({ create: 0, update: 0, replace: 0, remove: 0, unchanged: 5 });
    expect(stackCli(['diff', '-c', 'docker-compose.yml', '--exit-code', stack], dir).code).toBe(0);
  });

  it('deployed by stack deploy; a second deploy writes nothing', async () => {
    const stack = await useStack('dfit-stack');
    const dir = stackDir({ 'docker-compose.yml': APP, 'app.conf': 'setting=1\n' });
    const first = deploy(dir, stack);
    expect(first.stdout).toContain(`Creating service ${stack}_web`);
    await waitForStackSettled(stack);
    expect(changed(diffJson(dir, stack))).toEqual([]);
    const ofStack = `/services?filters=${encodeURIComponent(JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] }))}`;
    const before = await engineGet<{ ID: string; Version: { Index: number } }[]>(ofStack);
    const again = deploy(dir, stack);
    expect(again.stdout).toContain(`No changes: stack ${stack} matches the files.`);
    expect(again.stdout).not.toMatch(/^(Creating|Updating)/m);
    const after = await engineGet<{ ID: string; Version: { Index: number } }[]>(ofStack);
    const versions = (list: typeof before) => Object.fromEntries(list.map((s) => [s.ID, s.Version.Index]));
    expect(versions(after)).toEqual(versions(before));
  });

  it('secrets made by docker stack deploy are adopted (hash label added); changed content gets a versioned secret', async () => {
    const stack = await useStack('dfit-secret');
    const yaml = `version: "3.8"\nservices:\n  app:\n    image: ${BUSYBOX}\n    secrets: [token, same]\nsecrets:\n  token:\n    file: ./token.txt\n  same:\n    file: ./same.txt\n`;
    const dir = stackDir({ 'docker-compose.yml': yaml, 'token.txt': 'v1\n', 'same.txt': 'unchanged\n' });
    labDocker(['stack', 'deploy', '-c', join(dir, 'docker-compose.yml'), stack]);
    await waitForStackSettled(stack);
    const label = { path: 'labels[io.stack.content-hash]', before: null, after: null, sensitive: true };
    expect(changed(diffJson(dir, stack)).map((c) => [c.name, c.action, c.fields])).toEqual([
      [`${stack}_token`, 'update', [label]],
      [`${stack}_same`, 'update', [label]],
    ]);

    // token's file changed before stack ever saw it: swarm refuses the adoption, apply falls back to a new version.
    writeFileSync(join(dir, 'token.txt'), 'v2\n');
    const run = deploy(dir, stack);
    expect(run.stderr).toContain(`secret ${stack}_token holds other content than the file; creating ${stack}_token-`);
    const refs = async () =>
      (await engineGet<{ Spec: { TaskTemplate: { ContainerSpec: { Secrets: { SecretName: string }[] } } } }>(`/services/${stack}_app`)).Spec
        .TaskTemplate.ContainerSpec.Secrets.map((s) => s.SecretName)
        .sort();
    const [same, fallback] = await refs();
    expect(same).toBe(`${stack}_same`);
    expect(fallback).toMatch(new RegExp(`^${stack}_token-[0-9a-f]{10}$`));
    expect(changed(diffJson(dir, stack)).map((c) => `${c.action} ${c.type} ${c.name}`)).toEqual([`remove secret ${stack}_token`]);

    // Changed again: planned as a replacement; the service follows; the old versions go with --prune.
    writeFileSync(join(dir, 'token.txt'), 'v3\n');
    const replace = diffJson(dir, stack);
    expect(changed(replace).map((c) => `${c.action} ${c.type}`)).toEqual(['replace secret', 'update service', 'remove secret', 'remove secret']);
    const newName = replace.changes.find((c) => c.action === 'replace')?.name ?? '';
    expect(replace.changes.find((c) => c.type === 'service')?.fields).toEqual([{ path: 'secrets.token.source', before: fallback, after: newName }]);
    deploy(dir, stack, ['--prune']);
    expect(await refs()).toEqual([`${stack}_same`, newName]);
    expect(changed(diffJson(dir, stack))).toEqual([]);
    const left = await engineGet<{ Spec: { Name: string } }[]>(`/secrets?filters=${encodeURIComponent(JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] }))}`);
    expect(left.map((s) => s.Spec.Name).sort()).toEqual([`${stack}_same`, newName]);
  });
});

describe('edits', () => {
  it('shows exactly the changed fields, and predicts restarts that swarm then does', async () => {
    const stack = await useStack('dfit-edit');
    const dir = stackDir({ 'docker-compose.yml': APP, 'app.conf': 'setting=1\n' });
    deploy(dir, stack);
    await waitRunning(`${stack}_web`, 2);

    // Service-level only: labels and replicas keep the running tasks.
    writeFileSync(join(dir, 'docker-compose.yml'), APP.replace('replicas: 2', 'replicas: 3').replace('tier: web', 'tier: front'));
    const scale = diffJson(dir, stack);
    expect(changed(scale).map((c) => ({ name: c.name, action: c.action, restarts: c.restarts, fields: c.fields }))).toEqual([
      {
        name: `${stack}_web`,
        action: 'update',
        restarts: 0,
        fields: [
          { path: 'deploy.replicas', before: 2, after: 3 },
          { path: 'deploy.labels.tier', before: 'web', after: 'front' },
        ],
      },
    ]);
    const kept = await runningTaskIds(`${stack}_web`);
    deploy(dir, stack);
    await waitRunning(`${stack}_web`, 3);
    const afterScale = await runningTaskIds(`${stack}_web`);
    expect(afterScale.filter((id) => kept.includes(id))).toEqual(kept);

    // Task template: environment and image replace every running task.
    writeFileSync(
      join(dir, 'docker-compose.yml'),
      APP.replace('replicas: 2', 'replicas: 3').replace('tier: web', 'tier: front').replace('MODE: one', 'MODE: two').replace(WEB1, WEB2),
    );
    const edit = diffJson(dir, stack);
    const web = changed(edit).find((c) => c.name === `${stack}_web`);
    expect(changed(edit)).toHaveLength(1);
    expect(web?.restarts).toBe(3);
    expect(web?.fields.map((f) => f.path)).toEqual(['image', 'environment.MODE', 'deploy.labels[com.docker.stack.image]']);
    expect(web?.fields[0]?.before).toMatch(new RegExp(`^${WEB1.replace(/[.]/g, '\\.')}@sha256:[0-9a-f]{64}$`));
    expect(web?.fields[0]?.after).toMatch(new RegExp(`^${WEB2.replace(/[.]/g, '\\.')}@sha256:[0-9a-f]{64}$`));
    expect(web?.fields[1]).toEqual({ path: 'environment.MODE', before: 'one', after: 'two' });
    const text = stackCli(['diff', '-c', 'docker-compose.yml', stack], dir).stdout;
    expect(text).toContain(`  ~ service ${stack}_web (restarts 3 tasks)\n`);
    expect(text).toContain('      environment.MODE: "one" → "two"\n');
    expect(text).toContain('0 to create, 1 to update (restarts 3 tasks), 0 to remove');
    deploy(dir, stack);
    await waitRunning(`${stack}_web`, 3);
    const afterEdit = await runningTaskIds(`${stack}_web`);
    expect(afterEdit.filter((id) => afterScale.includes(id))).toEqual([]);

    // Placement only, still satisfied by every node: predicted and observed no restart.
    writeFileSync(
      join(dir, 'docker-compose.yml'),
      APP.replace('replicas: 2', 'replicas: 3').replace('tier: web', 'tier: front').replace('MODE: one', 'MODE: two').replace(WEB1, WEB2)
        .replace('order: start-first', 'order: start-first\n      placement:\n        constraints: [node.platform.os == linux]'),
    );
    const placement = changed(diffJson(dir, stack));
    expect(placement.map((c) => [c.name, c.restarts, c.fields.map((f) => f.path)])).toEqual([[`${stack}_web`, 0, ['deploy.placement.constraints']]]);
    deploy(dir, stack);
    await waitRunning(`${stack}_web`, 3);
    expect(await runningTaskIds(`${stack}_web`)).toEqual(afterEdit);
  });
});

describe('image tags', () => {
  it('a tag that moved in the registry is a change, and the plan says so', async () => {
    const stack = await useStack('dfit-moved');
    // A tag of our own in the lab registry, pointed first at web:1, then at web:2 (pushed from node1).
    const moved = `${labRegistry()}/dftest/moved:1`;
    const point = (image: string) => {
      labDocker(['pull', '-q', image]);
      labDocker(['tag', image, moved]);
      labDocker(['push', '-q', moved]);
    };
    point(WEB1);
    const dir = stackDir({ 'docker-compose.yml': `version: "3.8"\nservices:\n  web:\n    image: ${moved}\n    deploy:\n      replicas: 1\n` });
    deploy(dir, stack);
    expect(changed(diffJson(dir, stack))).toEqual([]);
    point(WEB2);
    const plan = diffJson(dir, stack);
    const web = changed(plan)[0];
    expect(changed(plan)).toHaveLength(1);
    expect(web?.fields.map((f) => f.path)).toEqual(['image']);
    expect(web?.reason).toMatch(new RegExp(`^image tag ${moved.replace(/[.]/g, '\\.')} moved: sha256:[0-9a-f]{12} → sha256:[0-9a-f]{12}; `));
    // Without asking the registry, the pinned digest is kept and nothing changes.
    expect(changed(diffJson(dir, stack, ['--resolve-image', 'never']))).toEqual([]);
    point(WEB1);
  });
});

describe('problems swarm would not report', () => {
  it('an unsatisfiable constraint and a too-small overlay subnet', async () => {
    const stack = await useStack('dfit-problems');
    const yaml = `
version: "3.8"
services:
  nowhere:
    image: ${BUSYBOX}
    deploy:
      replicas: 2
      placement:
        constraints: [node.labels.dfit == none]
  crowded:
    image: ${BUSYBOX}
    networks: [small]
    deploy:
      replicas: 10
networks:
  small:
    ipam:
      config:
        - subnet: 10.213.77.0/29
`;
    const dir = stackDir({ 'docker-compose.yml': yaml });
    const plan = diffJson(dir, stack);
    expect(plan.problems).toEqual([
      {
        kind: 'placement',
        service: 'nowhere',
        message:
          'nowhere: 2 replicas, 0 eligible nodes: 2 replicas cannot be placed (node1: constraint node.labels.dfit == none not satisfied; ' +
          'node2: constraint node.labels.dfit == none not satisfied; node3: constraint node.labels.dfit == none not satisfied)',
      },
      {
        kind: 'address-space',
        network: `${stack}_small`,
        message:
          `network ${stack}_small (10.213.77.0/29) has 5 usable addresses but needs 14: 1 VIP + 10 tasks + 3 node load balancers; ` +
          '9 tasks will get no address and stay in state New (swarm reports no error)',
      },
    ]);
    const text = stackCli(['diff', '-c', 'docker-compose.yml', stack], dir).stdout;
    expect(text).toContain('Problems:\n  ! nowhere: 2 replicas, 0 eligible nodes: 2 replicas cannot be placed');
    // What swarm does with it: tasks of `crowded` stay New, without an error. (deploy refuses such a plan without --force.)
    deploy(dir, stack, ['--force', '--detach']);
    const deadline = Date.now() + 30_000;
    let states: string[] = [];
    while (Date.now() < deadline) {
      const tasks = await engineGet<TaskState[]>(`/tasks?filters=${encodeURIComponent(JSON.stringify({ service: [`${stack}_crowded`] }))}`);
      states = tasks.map((t) => t.Status.State);
      if (states.length === 10 && states.filter((s) => s === 'new').length >= 6) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(states.filter((s) => s === 'new').length).toBeGreaterThanOrEqual(6);
  });
});

describe('--exit-code', () => {
  it('is 2 with changes, 0 without, 1 on errors', async () => {
    const stack = await useStack('dfit-exit');
    const dir = stackDir({ 'docker-compose.yml': `version: "3.8"\nservices:\n  app:\n    image: ${BUSYBOX}\n    deploy:\n      replicas: 0\n` });
    const before = stackCli(['diff', '-c', 'docker-compose.yml', '--exit-code', stack], dir);
    expect(before.code).toBe(2);
    expect(before.stdout).toContain(`  + service ${stack}_app\n`);
    expect(stackCli(['diff', '-c', 'docker-compose.yml', stack], dir).code).toBe(0);
    deploy(dir, stack);
    expect(stackCli(['diff', '-c', 'docker-compose.yml', '--exit-code', stack], dir).code).toBe(0);
    expect(stackCli(['diff', '-c', 'missing.yml', '--exit-code', stack], dir).code).toBe(1);
  });
});

describe('Engine API calls', () => {
  it('reads only the configs the stack uses: not revision records, locks or other stacks\' configs', async () => {
    const stack = await useStack('dfit-cfgread');
    const external = `${stack}-shared`;
    const unrelated = `zz-${stack}-unrelated`;
    for (const name of [external, unrelated]) {
      if (labDocker(['config', 'ls', '-q', '--filter', `name=${name}`]) === '') labDocker(['config', 'create', name, '-'], { input: 'x' });
    }
    const file = `services:\n  app:\n    image: ${BUSYBOX}\n    configs: [conf, shared]\n    deploy:\n      replicas: 0\nconfigs:\n  conf:\n    file: ./conf.txt\n  shared:\n    external: true\n    name: ${external}\n`;
    const dir = stackDir({ 'docker-compose.yml': file, 'conf.txt': 'one' });
    // --history-max 1: the first content is then referenced by nothing kept and goes after the second deploy.
    deploy(dir, stack, ['--history-max', '1']);
    writeFileSync(join(dir, 'conf.txt'), 'two');
    deploy(dir, stack, ['--history-max', '1']);
    try {
      const planned = await planStack({
        stackName: stack,
        load: { files: [join(dir, 'docker-compose.yml')], cwd: dir, env: process.env },
        endpoints: {},
        env: process.env,
        resolveImage: 'never',
        prune: false,
        withRegistryAuth: false,
      });
      expect(planned.plan.changes.filter((c) => c.action !== 'none')).toEqual([]);
      // The live (versioned) stack config and the external one; the revision record exists but is not read.
      const names = planned.snapshot.configs.map((c) => c.Spec.Name ?? '').sort();
      expect(names).toHaveLength(2);
      expect(names).toContain(external);
      expect(names.find((n) => n !== external)).toMatch(new RegExp(`^${stack}_conf-[0-9a-f]{10}$`));
      expect(labDocker(['config', 'ls', '-q', '--filter', `label=io.stack.history=${stack}`]).split('\n')).toHaveLength(1);
    } finally {
      await removeStack(stack);
      for (const name of [external, unrelated]) labDocker(['config', 'rm', name]);
    }
  });

  it('a no-change diff makes the same bounded number of calls for 2 and for 12 services', async () => {
    const small = await useStack('dfit-calls-a');
    const large = await useStack('dfit-calls-b');
    const services = (n: number) =>
      Array.from({ length: n }, (_, i) => `  s${i}:\n    image: ${BUSYBOX}\n    deploy:\n      replicas: 0\n`).join('');
    const yaml = (n: number) => `version: "3.8"\nservices:\n${services(n)}`;
    const dirSmall = stackDir({ 'docker-compose.yml': yaml(2) });
    const dirLarge = stackDir({ 'docker-compose.yml': yaml(12) });
    deploy(dirSmall, small);
    deploy(dirLarge, large);
    const count = async (dir: string, stack: string) => {
      const planned = await planStack({
        stackName: stack,
        load: { files: [join(dir, 'docker-compose.yml')], cwd: dir, env: process.env },
        endpoints: {},
        env: process.env,
        resolveImage: 'always',
        prune: false,
        withRegistryAuth: false,
      });
      expect(planned.plan.changes.filter((c) => c.action !== 'none')).toEqual([]);
      return planned.api.calls.map((c) => `${c.method} ${c.path}`);
    };
    const callsSmall = await count(dirSmall, small);
    const callsLarge = await count(dirLarge, large);
    expect(callsLarge).toEqual(callsSmall);
    // Seven list calls for the snapshot (the stack's services, and services outside it under the names the stack
    // uses) and one registry query for the one image.
    expect([...callsSmall].sort()).toEqual(
      [
        'GET /services',
        'GET /services',
        'GET /networks',
        'GET /secrets',
        'GET /configs',
        'GET /nodes',
        'GET /tasks',
        `GET /distribution/${BUSYBOX}/json`,
      ].sort(),
    );
  });
});
