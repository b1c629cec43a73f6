/**
 * Compose Specification features on the lab swarm: profiles (deploy with and without --profile, then --prune after a
 * profile is turned off), include (an included file's service and its config file read from the included file's
 * directory), top-level `name:` as the stack name, `-c -` on diff and deploy, and `depends_on` conditions (a dependent
 * is created only after its dependency's job completed and its other dependency is healthy, even with --detach).
 * Each test uses its own stack names and removes them afterwards, so the file can run twice in a row.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { labDockerHost, labImage } from '../helpers/lab.js';
import { engineGet, removeStack } from '../helpers/parity.js';
import type { PlanJson } from '../../src/render/plan-json.js';

const stacks = new Set<string>();
process.env.DOCKER_HOST ??= labDockerHost();

afterAll(async () => {
  for (const stack of stacks) await removeStack(stack);
}, 300_000);

async function useStack(name: string): Promise<string> {
  stacks.add(name);
  await removeStack(name);
  return name;
}

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stack-spec-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function ok(run: ReturnType<typeof runCli>, what: string): ReturnType<typeof runCli> {
  if (run.code !== 0) throw new Error(`${what} failed (${run.code}): ${run.stderr}${run.stdout}`);
  return run;
}

interface ServiceInfo {
  ID: string;
  CreatedAt: string;
  Spec: { Name: string };
}

interface TaskInfo {
  ID: string;
  ServiceID: string;
  DesiredState: string;
  Status: { State: string; Timestamp: string };
}

async function services(stack: string): Promise<ServiceInfo[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] }));
  return engineGet<ServiceInfo[]>(`/services?filters=${filters}`);
}

async function serviceNames(stack: string): Promise<string[]> {
  return (await services(stack)).map((s) => s.Spec.Name).sort();
}

async function tasksOf(serviceId: string): Promise<TaskInfo[]> {
  return engineGet<TaskInfo[]>(`/tasks?filters=${encodeURIComponent(JSON.stringify({ service: [serviceId] }))}`);
}

describe('profiles, include, name and -c -', () => {
  it('name: gives the stack, -c - is read on diff and deploy, profiles select services, --prune removes a turned-off one', async () => {
    const stack = await useStack('specprof');
    const compose = [
      `name: ${stack}`,
      'include:',
      '  - lib/compose.yaml',
      'services:',
      '  web:',
      `    image: ${labImage('busybox')}`,
      '    stop_grace_period: 1s',
      '  dbg:',
      `    image: ${labImage('busybox')}`,
      '    stop_grace_period: 1s',
      '    profiles: [debug]',
      '',
    ].join('\n');
    const dir = dirWith({
      'compose.yaml': compose,
      'lib/compose.yaml': [
        'services:',
        '  api:',
        `    image: ${labImage('busybox')}`,
        '    stop_grace_period: 1s',
        '    configs: [api]',
        'configs:',
        '  api:',
        '    file: ./api.conf',
        '',
      ].join('\n'),
      'lib/api.conf': 'from-lib\n',
    });

    // diff without a STACK argument, from standard input: the plan is for the file's name, dbg left out.
    const diff = ok(runCli(['diff', '-c', '-', '--json'], { cwd: dir, input: compose }), 'diff');
    const plan = JSON.parse(diff.stdout) as PlanJson;
    expect(plan.stack).toBe(stack);
    expect(plan.changes.filter((c) => c.type === 'service').map((c) => [c.name, c.action]).sort()).toEqual([
      [`${stack}_api`, 'create'],
      [`${stack}_web`, 'create'],
    ]);
    expect(plan.excludedServices).toEqual([{ service: 'dbg', name: `${stack}_dbg`, profiles: ['debug'], live: false }]);

    // deploy from standard input with the profile on: three services, the included config read from lib/.
    ok(runCli(['deploy', '-c', '-', '--profile', 'debug', '--timeout', '60s'], { cwd: dir, input: compose }), 'deploy --profile debug');
    expect(await serviceNames(stack)).toEqual([`${stack}_api`, `${stack}_dbg`, `${stack}_web`]);
    const configs = await engineGet<{ Spec: { Name: string; Data: string } }[]>(
      `/configs?filters=${encodeURIComponent(JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] }))}`,
    );
    expect(configs.map((c) => [c.Spec.Name, Buffer.from(c.Spec.Data, 'base64').toString()])).toEqual([[`${stack}_api`, 'from-lib\n']]);

    // Profile off without --prune: dbg stays, and the plan says so.
    const kept = ok(runCli(['deploy', '-c', 'compose.yaml', '--timeout', '60s'], { cwd: dir }), 'deploy without the profile');
    expect(kept.stdout).toContain('dbg: profile "debug" is not active (running now: kept, use --prune to remove)');
    expect(await serviceNames(stack)).toEqual([`${stack}_api`, `${stack}_dbg`, `${stack}_web`]);

    // With --prune it goes.
    const pruned = ok(runCli(['deploy', '-c', 'compose.yaml', '--prune', '--timeout', '60s'], { cwd: dir }), 'deploy --prune');
    expect(pruned.stdout).toContain(`- service ${stack}_dbg`);
    expect(await serviceNames(stack)).toEqual([`${stack}_api`, `${stack}_web`]);
  }, 300_000);

  it('an active service needing a left-out one fails before anything is written, naming both', async () => {
    const stack = await useStack('specprofbad');
    const dir = dirWith({
      'compose.yaml': `services:\n  web:\n    image: ${labImage('busybox')}\n    depends_on: [db]\n  db:\n    image: ${labImage('busybox')}\n    profiles: [data]\n`,
    });
    const run = runCli(['deploy', '-c', 'compose.yaml', stack], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('compose.yaml:4:18  services.web.depends_on.db: service "web" depends on service "db", which is left out');
    expect(await serviceNames(stack)).toEqual([]);
  });
});

describe('depends_on conditions', () => {
  it('a dependent is created only after its job completed and its other dependency is healthy, even with --detach', async () => {
    const stack = await useStack('specdeps');
    const dir = dirWith({
      'compose.yaml': [
        'services:',
        '  migrate:',
        `    image: ${labImage('busybox')}`,
        '    command: ["sh", "-c", "sleep 2"]',
        '    deploy:',
        '      mode: replicated-job',
        '  seed:',
        `    image: ${labImage('busybox')}`,
        '    command: ["sh", "-c", "sleep 1"]',
        '    deploy:',
        '      restart_policy: {condition: none}',
        '  db:',
        `    image: ${labImage('web')}`,
        '    stop_grace_period: 1s',
        '    healthcheck:',
        '      test: ["CMD", "test", "-f", "/www/health"]',
        '      interval: 2s',
        '      timeout: 2s',
        '  app:',
        `    image: ${labImage('busybox')}`,
        '    stop_grace_period: 1s',
        '    depends_on:',
        '      migrate: {condition: service_completed_successfully}',
        '      seed: {condition: service_completed_successfully}',
        '      db: {condition: service_healthy}',
        '      cache: {condition: service_started, required: false}',
        '',
      ].join('\n'),
    });
    const diff = ok(runCli(['diff', '-c', 'compose.yaml', stack], { cwd: dir }), 'diff');
    expect(diff.stdout).toContain(`+ service ${stack}_app (after migrate is completed successfully, seed is completed successfully, db is healthy)`);
    const plan = JSON.parse(ok(runCli(['diff', '-c', 'compose.yaml', '--json', stack], { cwd: dir }), 'diff --json').stdout) as PlanJson;
    expect(plan.order).toEqual([
      { service: 'app', dependsOn: 'migrate', condition: 'service_completed_successfully', required: true, waits: true },
      { service: 'app', dependsOn: 'seed', condition: 'service_completed_successfully', required: true, waits: true },
      { service: 'app', dependsOn: 'db', condition: 'service_healthy', required: true, waits: true },
    ]);

    ok(runCli(['deploy', '-c', 'compose.yaml', '--detach', '--timeout', '90s', stack], { cwd: dir }), 'deploy --detach');
    const all = await services(stack);
    const byName = new Map(all.map((s) => [s.Spec.Name, s]));
    const app = byName.get(`${stack}_app`)!;
    const migrate = byName.get(`${stack}_migrate`)!;
    const db = byName.get(`${stack}_db`)!;
    expect(app && migrate && db).toBeTruthy();
    const appCreated = Date.parse(app.CreatedAt);

    // The job's task, and the run-once service's task (restart_policy none), had completed when app was created.
    for (const once of [migrate, byName.get(`${stack}_seed`)!]) {
      const tasks = await tasksOf(once.ID);
      expect(tasks.map((t) => t.Status.State)).toEqual(['complete']);
      expect(Date.parse(tasks[0]!.Status.Timestamp)).toBeLessThanOrEqual(appCreated);
    }

    // db had been running for at least its first health interval (2 s) when app was created: it was healthy.
    const dbTasks = (await tasksOf(db.ID)).filter((t) => t.DesiredState === 'running');
    expect(dbTasks).toHaveLength(1);
    const dbRunningSince = Date.parse(dbTasks[0]!.Status.Timestamp);
    expect(appCreated - dbRunningSince).toBeGreaterThanOrEqual(1900);
  }, 300_000);

  it('a dependency needed only with required: false that fails does not stop its dependents; the run still fails', async () => {
    const stack = await useStack('specoptional');
    const dir = dirWith({
      'compose.yaml': [
        'services:',
        '  flaky:',
        `    image: ${labImage('crash')}`,
        '    deploy:',
        '      restart_policy: {condition: any, delay: 1s}',
        '  app:',
        `    image: ${labImage('busybox')}`,
        '    stop_grace_period: 1s',
        '    depends_on:',
        '      flaky: {condition: service_started, required: false}',
        '',
      ].join('\n'),
    });
    const run = runCli(['deploy', '-c', 'compose.yaml', '--timeout', '60s', stack], { cwd: dir });
    expect(run.code, run.stderr + run.stdout).toBe(1);
    expect(run.stdout + run.stderr).toContain(`${stack}_flaky did not converge; the services that depend on it with required: false are deployed anyway`);
    expect(await serviceNames(stack)).toEqual([`${stack}_app`, `${stack}_flaky`]);
  }, 300_000);
});
