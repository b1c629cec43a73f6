// Fault tests on a lab swarm of its own (3 managers, 2 workers): a manager stops in the middle of a deploy, a
// worker running a service's tasks goes down during a rolling update, the registry becomes unreachable.
// The file brings up lab FAULT_LAB in beforeAll and takes it down in afterAll, so breaking nodes never touches the
// shared labs 0 and 1 (lab 0 still serves the registry to every lab).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, startCli, type CliRun } from '../helpers/cli.js';
import { labDocker, readLabEnv } from '../helpers/lab.js';

const FAULT_LAB = Number(process.env.STACK_FAULT_LAB_ID ?? '7');
const RUN_DIR = `/run/stack-lab-${FAULT_LAB}`;
const RUN_ID = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
const REGISTRY = '10.213.0.1:5000';
const web = (tag: string): string => `${REGISTRY}/stack-test/web:${tag}`;
const host = (n: number): string => `unix://${RUN_DIR}/node${n}.sock`;
const MANAGERS = [1, 2, 3];
const NO_TRACE = /\n\s+at .+\(.+:\d+:\d+\)/;

/** Runs scripts/lab.sh on the fault lab. */
function lab(...args: string[]): string {
  return execFileSync('bash', [join(REPO_ROOT, 'scripts/lab.sh'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, STACK_LAB_ID: String(FAULT_LAB) },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
}

const stopped = new Set<number>();
let registryBlocked = false;

function stopNode(n: number): void {
  stopped.add(n);
  lab('node-stop', String(n));
}

function startNode(n: number): void {
  lab('node-start', String(n));
  stopped.delete(n);
}

/** A manager that is running, for the test's own docker CLI calls. */
function liveManager(): string {
  const n = MANAGERS.find((m) => !stopped.has(m));
  if (n === undefined) throw new Error('every manager of the fault lab is stopped');
  return host(n);
}

function docker(args: string[], opts: { host?: string } = {}): string {
  return labDocker(args, { host: opts.host ?? liveManager(), timeoutMs: 30_000 });
}

/** Node number (1..5) of the current raft leader. */
function leaderNode(): number {
  const lines = docker(['node', 'ls', '--format', '{{.Hostname}} {{.ManagerStatus}}']).split('\n');
  const leader = lines.find((l) => l.endsWith(' Leader'));
  if (!leader) throw new Error(`no leader in: ${lines.join('; ')}`);
  return Number(leader.replace(/^node(\d+) .*$/, '$1'));
}

async function until(what: string, check: () => boolean, timeoutMs = 60_000, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (check()) return;
    } catch {
      // The swarm may be between leaders: ask again.
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until every node answers and shows Ready in the swarm (after restarts). */
async function untilAllReady(): Promise<void> {
  await until('all 5 nodes Ready with 3 reachable managers', () => {
    const lines = docker(['node', 'ls', '--format', '{{.Status}} {{.ManagerStatus}}']).split('\n');
    return lines.length === 5 && lines.every((l) => l.startsWith('Ready')) && lines.filter((l) => /Leader|Reachable/.test(l)).length === 3;
  }, 90_000, 500);
}

/** Waits until the deploy under test wrote the service (its image is `tag`) and swarm is rolling it out. */
async function untilRolling(service: string, tag: string, via: string): Promise<void> {
  await until(`${service} rolling out ${tag}`, () => {
    const [image, state] = docker(['service', 'inspect', '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}} {{.UpdateStatus.State}}', service], { host: via }).split(' ');
    return (image ?? '').includes(`/web:${tag.replace('web:', '')}`) && state === 'updating';
  }, 60_000, 200);
}

/** Tags an image of lab 0's registry anew (a manifest copy through the registry API): no node has pulled it. */
async function pushFreshTag(repository: string, from: string, to: string): Promise<void> {
  const accept = 'application/vnd.docker.distribution.manifest.v2+json';
  const got = await fetch(`http://${REGISTRY}/v2/${repository}/manifests/${from}`, { headers: { Accept: accept } });
  if (!got.ok) throw new Error(`registry: GET manifest ${repository}:${from}: HTTP ${got.status}`);
  const put = await fetch(`http://${REGISTRY}/v2/${repository}/manifests/${to}`, {
    method: 'PUT',
    headers: { 'Content-Type': got.headers.get('content-type') ?? accept },
    body: await got.text(),
  });
  if (!put.ok) throw new Error(`registry: PUT manifest ${repository}:${to}: HTTP ${put.status}`);
}

function composeDir(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'stack-faults-'));
  writeFileSync(join(dir, 'docker-compose.yml'), text);
  return dir;
}

/** A web service on the two workers, rolling one task at a time with short health checks and delays. */
function webStack(image: string, extra = ''): string {
  return `services:
  web:
    image: ${image}
    healthcheck:
      test: ["CMD", "test", "-f", "/www/health"]
      interval: 1s
      timeout: 3s
      retries: 3
      start_period: 10s
    stop_grace_period: 1s
    deploy:
      replicas: 2
      placement:
        constraints: [node.role == worker]
      update_config:
        parallelism: 1
        delay: 2s
        monitor: 1s
        order: stop-first
${extra}`;
}

/** Images of the service's tasks that should run and do (`docker service ps`, desired state running). */
function runningImages(service: string): string[] {
  return docker(['service', 'ps', '--filter', 'desired-state=running', '--format', '{{.Image}}|{{.CurrentState}}', service])
    .split('\n')
    .filter((l) => l.includes('|Running'))
    .map((l) => l.split('|')[0]!);
}

function deployArgs(stack: string, hosts: number[], ...more: string[]): string[] {
  return ['deploy', '-c', 'docker-compose.yml', ...hosts.flatMap((n) => ['-H', host(n)]), '--timeout', '120s', ...more, stack];
}

function expectSucceeded(run: CliRun): void {
  if (run.code !== 0) throw new Error(`deploy failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  expect(run.stdout).toMatch(/Deploy succeeded \(revision \d+\)/);
}

function lockExists(stack: string): boolean {
  return docker(['config', 'ls', '--filter', `name=stack-lock.${stack}`, '--format', '{{.Name}}']).split('\n').includes(`stack-lock.${stack}`);
}

function revisionOutcomes(stack: string): Record<string, string> {
  const lines = docker(['config', 'ls', '--filter', `label=io.stack.history=${stack}`, '--format', '{{.Name}} {{.Labels}}']).split('\n').filter(Boolean);
  const outcomes: Record<string, string> = {};
  for (const line of lines) {
    const revision = /io\.stack\.revision=(\d+)/.exec(line)?.[1];
    const outcome = /io\.stack\.outcome=([a-z-]+)/.exec(line)?.[1];
    if (revision && outcome) outcomes[revision] = outcome;
  }
  return outcomes;
}

const stacks: string[] = [];

beforeAll(() => {
  lab('up', '5', '3');
  // From here on, this file's lab replaces the one the setup file claimed.
  process.env.STACK_LAB_ID = String(FAULT_LAB);
  for (const [key, value] of Object.entries(readLabEnv(FAULT_LAB))) process.env[key] = value;
}, 300_000);

afterEach(async () => {
  if (registryBlocked) lab('registry-unblock');
  registryBlocked = false;
  for (const n of [...stopped]) startNode(n);
});

afterAll(() => {
  // Only the lab goes; its stacks go with it. Best effort first, so a failed `down` still leaves nothing behind.
  for (const stack of stacks) runCli(['rm', '-H', liveManager(), stack]);
  lab('down');
}, 300_000);

describe('a manager stops in the middle of a deploy', () => {
  const stack = `fmgr${RUN_ID}`;
  stacks.push(stack);

  it('with every manager given (-H ×3), the deploy carries on through another manager and converges', async () => {
    const dir = composeDir(webStack(web('1')));
    expectSucceeded(runCli(deployArgs(stack, MANAGERS), { cwd: dir }));

    // The leader first: losing it means losing the connection and a leader election at once.
    const leader = leaderNode();
    const order = [leader, ...MANAGERS.filter((m) => m !== leader)];
    writeFileSync(join(dir, 'docker-compose.yml'), webStack(web('2')));
    const run = startCli(deployArgs(stack, order), { cwd: dir });
    await untilRolling(`${stack}_web`, 'web:2', host(order[1]!));
    stopNode(leader);
    const result = await run.done;

    expectSucceeded(result);
    expect(result.stderr).toMatch(new RegExp(`notice: lost manager ${host(leader)} \\([^)]+\\); continuing through unix://${RUN_DIR}/node[123]\\.sock`));
    expect(runningImages(`${stack}_web`)).toEqual([expect.stringContaining('web:2'), expect.stringContaining('web:2')]);
    expect(lockExists(stack)).toBe(false);
    expect(Object.values(revisionOutcomes(stack))).toEqual(['succeeded', 'succeeded']);
  });

  it('with one endpoint, the deploy fails saying which manager went away and what to do; a rerun once it is back converges at once', async () => {
    const dir = composeDir(webStack(web('1')));
    // The leader again (after the first test, another node leads): the only endpoint, and an election.
    const only = leaderNode();
    const started = Date.now();
    const run = startCli(deployArgs(stack, [only], '--manager-timeout', '8s'), { cwd: dir });
    await untilRolling(`${stack}_web`, 'web:1', host(MANAGERS.find((m) => m !== only)!));
    stopNode(only);
    const failed = await run.done;

    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`lost the swarm manager ${host(only)} (`);
    expect(failed.stderr).toMatch(/no manager answered within 8s/);
    expect(failed.stderr).toContain('What was already written stays in the swarm, which keeps rolling it out.');
    expect(failed.stderr).toMatch(/hint: run the same command again once a manager is reachable/);
    expect(failed.stderr).not.toMatch(NO_TRACE);
    expect(Date.now() - started).toBeLessThan(60_000);

    startNode(only);
    await untilAllReady();
    // The dead run's lock and its unfinished revision must not hold the rerun up: the lock's holder is gone.
    const rerunStarted = Date.now();
    const rerun = runCli(deployArgs(stack, [only]), { cwd: dir });
    expectSucceeded(rerun);
    expect(Date.now() - rerunStarted).toBeLessThan(45_000);
    expect(rerun.stdout).not.toMatch(/waiting for the lock|is being deployed by/i);
    const revisions = revisionOutcomes(stack);
    const unfinished = Math.max(...Object.keys(revisions).map(Number));
    if (/No changes/.test(rerun.stdout)) {
      // The dead run wrote the update: the rerun finished waiting for it and recorded the outcome on its revision.
      expect(rerun.stderr).toContain(`notice: revision ${unfinished} was left in progress by an earlier run; waiting for its rollout to finish`);
      expect(revisions[String(unfinished)]).toBe('succeeded');
    }
    expect(Object.values(revisions)).not.toContain('in-progress');
    expect(runningImages(`${stack}_web`)).toEqual([expect.stringContaining('web:1'), expect.stringContaining('web:1')]);
    expect(lockExists(stack)).toBe(false);
  });
});

describe('a worker running the service goes down during a rolling update', () => {
  const stack = `fwrk${RUN_ID}`;
  stacks.push(stack);

  it('the report says which node went down with its tasks, fails early when swarm\'s update waits on it, and a rerun converges', async () => {
    const dir = composeDir(webStack(web('1')));
    expectSucceeded(runCli(deployArgs(stack, MANAGERS), { cwd: dir }));
    const nodes = docker(['service', 'ps', '--filter', 'desired-state=running', '--format', '{{.Node}}', `${stack}_web`]).split('\n');
    expect(nodes.sort()).toEqual(['node4', 'node5']);

    writeFileSync(join(dir, 'docker-compose.yml'), webStack(web('2')));
    const run = startCli(deployArgs(stack, MANAGERS), { cwd: dir });
    await untilRolling(`${stack}_web`, 'web:2', liveManager());
    // node5 runs one of the two tasks, of the old spec or the new one depending on where the updater is.
    stopNode(5);
    const result = await run.done;

    // Swarm either moves the lost task elsewhere and finishes (the report notes the loss), or its updater waits for
    // the task it gave node5, which no timeout would cure (the report fails early and says so).
    const lostLine = new RegExp(`${stack}_web: node5 went down with \\d+ tasks?; swarm (rescheduled (it|them) on other nodes|is rescheduling (it|them))\\n`);
    expect(result.stdout).toMatch(lostLine);
    if (result.code === 0) {
      expect(result.stdout).toMatch(/Deploy succeeded/);
      startNode(5);
      await untilAllReady();
      const rerun = runCli(deployArgs(stack, MANAGERS), { cwd: dir });
      expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
      expect(runningImages(`${stack}_web`)).toEqual([expect.stringContaining('web:2'), expect.stringContaining('web:2')]);
    } else {
      expect(result.stdout).toContain(
        `${stack}_web: failed: node5 went down holding a task of the new spec, and swarm's update waits for that task: it does not move on while node5 is down`,
      );
      expect(result.stdout).not.toMatch(/timed-out/);
      expect(result.stdout + result.stderr).not.toMatch(NO_TRACE);
      // Rerun with the same files while node5 is still down: swarm would never finish the old rollout, so the
      // rerun forces a new one, which places both tasks on the remaining worker.
      const rerun = runCli(deployArgs(stack, MANAGERS), { cwd: dir });
      expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
      expect(rerun.stdout).toContain(`${stack}_web: the last deploy failed and swarm's rollout is still updating`);
      expect(rerun.stdout).toMatch(/Deploy succeeded/);
      expect(runningImages(`${stack}_web`)).toEqual([expect.stringContaining('web:2'), expect.stringContaining('web:2')]);
      startNode(5);
      await untilAllReady();
    }
  });
});

describe('the registry is unreachable', () => {
  const stack = `freg${RUN_ID}`;
  stacks.push(stack);

  it('redeploys with the tag unpinned and docker stack deploy\'s warning; an image no node has fails early', async () => {
    // Unpinned, so the workers hold web:1 by its tag (an image pulled by digest is not found by tag).
    const dir = composeDir(webStack(web('1')));
    expectSucceeded(runCli(deployArgs(stack, MANAGERS, '--resolve-image', 'never'), { cwd: dir }));
    // A tag no node of this lab ever pulled, added to the registry before it goes away.
    const fresh = web(`f${RUN_ID}`);
    await pushFreshTag('stack-test/web', '2', `f${RUN_ID}`);

    lab('registry-block');
    registryBlocked = true;
    // A new service of an image the workers have: deployed with its tag unpinned, started from the local image.
    const extra = `  extra:\n    image: ${web('1')}\n    deploy:\n      placement:\n        constraints: [node.role == worker]\n`;
    writeFileSync(join(dir, 'docker-compose.yml'), webStack(web('1')) + extra);
    const run = runCli(deployArgs(stack, MANAGERS), { cwd: dir });
    expectSucceeded(run);
    expect(run.stderr).toContain(
      `warning: image ${web('1')} could not be accessed on a registry to record its digest; ` +
        `each node will access ${web('1')} independently, possibly leading to different nodes running different versions of the image`,
    );
    expect(docker(['service', 'inspect', '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}', `${stack}_extra`])).toBe(web('1'));
    expect(runningImages(`${stack}_extra`)).toEqual([web('1')]);

    writeFileSync(join(dir, 'docker-compose.yml'), webStack(fresh) + extra);
    const started = Date.now();
    const failed = runCli(deployArgs(stack, MANAGERS), { cwd: dir });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`warning: image ${fresh} could not be accessed on a registry to record its digest`);
    expect(failed.stdout).toMatch(new RegExp(`${stack}_web: failed: image cannot be pulled: ${fresh.replace(/[.]/g, '\\.')} \\(.*No such image`, 'i'));
    expect(failed.stdout + failed.stderr).not.toMatch(NO_TRACE);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
