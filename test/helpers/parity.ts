/**
 * Parity harness: deploys a fixture of test/fixtures/parity with `docker stack deploy` (the oracle) and with
 * `stack deploy`, reads both stacks back through the Engine API and compares them with spec-diff.ts.
 * Integration tests only: it talks to the lab swarm (docs/lab.md).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { HISTORY_LABEL } from '../../src/history/history-store.js';
import { LAB_DOCKER_CLI, labDocker, labDockerHost, labNodes } from './lab.js';
import { diffReadbacks, formatDifferences, type FieldDifference, type Json, type StackReadback } from './spec-diff.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PARITY_FIXTURES_DIR = path.join(REPO_ROOT, 'test/fixtures/parity');
const NAMESPACE_LABEL = 'com.docker.stack.namespace';

/** One fixture directory and its `parity.json`. */
export interface ParityFixture {
  name: string;
  dir: string;
  /** Short tag for stack names (`<stack>_<service>` must stay ≤ 63 characters). */
  short: string;
  /** What the fixture covers (documentation only). */
  covers: string;
  /** Absolute paths of the `-c` files, in order. */
  files: string[];
  /** Variables added to the environment of both tools (interpolation, env_file look-ups). */
  env: Record<string, string>;
  /** External objects the test creates before deploying and removes afterwards. */
  externals: { networks: string[]; secrets: Record<string, string>; configs: Record<string, string> };
  /** Volume names the tasks may create on the nodes (removed afterwards, with the stack-labelled ones). */
  volumes: string[];
}

interface ParityJson {
  short: string;
  covers?: string;
  files?: string[];
  env?: Record<string, string>;
  externals?: { networks?: string[]; secrets?: Record<string, string>; configs?: Record<string, string> };
  volumes?: string[];
}

/** Names of every fixture directory that has a parity.json, sorted. */
export function parityFixtureNames(): string[] {
  return readdirSync(PARITY_FIXTURES_DIR)
    .filter((name) => existsSync(path.join(PARITY_FIXTURES_DIR, name, 'parity.json')))
    .sort();
}

export function loadParityFixture(name: string): ParityFixture {
  const dir = path.join(PARITY_FIXTURES_DIR, name);
  const meta = JSON.parse(readFileSync(path.join(dir, 'parity.json'), 'utf8')) as ParityJson;
  return {
    name,
    dir,
    short: meta.short,
    covers: meta.covers ?? '',
    files: (meta.files ?? ['docker-compose.yml']).map((file) => path.join(dir, file)),
    env: meta.env ?? {},
    externals: { networks: meta.externals?.networks ?? [], secrets: meta.externals?.secrets ?? {}, configs: meta.externals?.configs ?? {} },
    volumes: meta.volumes ?? [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Engine API over the unix socket

interface EngineAnswer {
  status: number;
  body: string;
}

function socketOf(host: string): string {
  if (!host.startsWith('unix://')) throw new Error(`parity helpers need a unix:// DOCKER_HOST, got ${host}`);
  return host.slice('unix://'.length);
}

function engineRequest(method: string, apiPath: string, host = labDockerHost()): Promise<EngineAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: socketOf(host), path: apiPath, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** GET an Engine API path (no version prefix: the daemon's own API version) and parse the JSON answer. */
export async function engineGet<T = Json>(apiPath: string, host?: string): Promise<T> {
  const answer = await engineRequest('GET', apiPath, host);
  if (answer.status !== 200) throw new Error(`GET ${apiPath}: HTTP ${answer.status} ${answer.body.trim()}`);
  return JSON.parse(answer.body) as T;
}

function labelQuery(stackName: string): string {
  return `filters=${encodeURIComponent(JSON.stringify({ label: [`${NAMESPACE_LABEL}=${stackName}`] }))}`;
}

interface Named {
  ID?: string;
  Id?: string;
  Name?: string;
  Spec?: { Name?: string };
}

function idNameMap(list: Named[]): Record<string, string> {
  return Object.fromEntries(list.map((o) => [o.ID ?? o.Id ?? '', o.Spec?.Name ?? o.Name ?? '']));
}

/** Everything the stack left in the cluster, as the Engine returns it (services inspected with insertDefaults=false). */
export async function readStack(stackName: string): Promise<StackReadback> {
  const q = labelQuery(stackName);
  const [serviceList, networks, secrets, configs, allNetworks, allSecrets, allConfigs] = await Promise.all([
    engineGet<Named[]>(`/services?${q}`),
    engineGet<Json[]>(`/networks?${q}`),
    engineGet<Json[]>(`/secrets?${q}`),
    engineGet<Json[]>(`/configs?${q}`),
    engineGet<Named[]>('/networks'),
    engineGet<Named[]>('/secrets'),
    engineGet<Named[]>('/configs'),
  ]);
  const services = await Promise.all(serviceList.map((s) => engineGet<Json>(`/services/${s.ID}?insertDefaults=false`)));
  return {
    stackName,
    services,
    networks,
    secrets,
    configs,
    names: { networks: idNameMap(allNetworks), secrets: idNameMap(allSecrets), configs: idNameMap(allConfigs) },
  };
}

interface ServiceState {
  ID: string;
  Version: { Index: number };
  Endpoint?: unknown;
  Spec: { Name: string; Mode?: { Replicated?: { Replicas?: number }; Global?: object } };
}

interface TaskState {
  ID: string;
  ServiceID: string;
  DesiredState: string;
  Status: { State: string };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function stackServices(stackName: string): Promise<ServiceState[]> {
  return engineGet<ServiceState[]>(`/services?${labelQuery(stackName)}`);
}

/**
 * Waits until the swarm has allocated every service of the stack (Endpoint set) and nothing changes any more
 * (same version indexes one second apart), so both sides are read in the same state.
 */
export async function waitForStackSettled(stackName: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let previous = '';
  for (;;) {
    const services = await stackServices(stackName);
    const allocated = services.every((s) => s.Endpoint !== undefined);
    const versions = services
      .map((s) => `${s.ID}@${s.Version.Index}`)
      .sort()
      .join(',');
    if (allocated && services.length > 0 && versions === previous) return;
    if (Date.now() > deadline) throw new Error(`stack ${stackName} did not settle within ${timeoutMs} ms`);
    previous = allocated ? versions : '';
    await sleep(1000);
  }
}

async function stackLeftovers(stackName: string): Promise<string[]> {
  const q = labelQuery(stackName);
  const [services, networks, secrets, configs] = await Promise.all([
    engineGet<Named[]>(`/services?${q}`),
    engineGet<Named[]>(`/networks?${q}`),
    engineGet<Named[]>(`/secrets?${q}`),
    engineGet<Named[]>(`/configs?${q}`),
  ]);
  return [
    ...services.map((s) => `service ${s.Spec?.Name}`),
    ...networks.map((n) => `network ${n.Name}`),
    ...secrets.map((s) => `secret ${s.Spec?.Name}`),
    ...configs.map((c) => `config ${c.Spec?.Name}`),
  ];
}

/**
 * Removes a stack with `docker stack rm` and waits until no service, network, secret or config carries its label.
 * Runs `stack rm` again while something is left: on Engine 20.10 a network whose tasks are still stopping cannot be
 * removed yet. Then removes stack's deploy history records of that stack name, and the stack's volumes (and
 * `extraVolumes`) on every node, best effort.
 */
export async function removeStack(stackName: string, extraVolumes: string[] = [], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let left = await stackLeftovers(stackName);
  let removeAgainAt = 0;
  while (left.length > 0) {
    if (Date.now() >= removeAgainAt) {
      try {
        labDocker(['stack', 'rm', stackName]);
      } catch {
        // "network has active endpoints" and the like: try again below
      }
      removeAgainAt = Date.now() + 1500;
    }
    // Polled often: most stacks are gone well before the next `stack rm` is due.
    await sleep(250);
    left = await stackLeftovers(stackName);
    if (left.length > 0 && Date.now() > deadline) throw new Error(`stack ${stackName} not removed: ${left.join(', ')}`);
  }
  await removeHistory(stackName);
  await removeVolumes(stackName, extraVolumes);
}

/** stack's deploy history records (configs labelled `io.stack.history=<stack>`), which `docker stack rm` keeps. */
async function removeHistory(stackName: string): Promise<void> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${HISTORY_LABEL}=${stackName}`] }));
  const records = await engineGet<Named[]>(`/configs?filters=${filters}`);
  for (const record of records) await engineRequest('DELETE', `/configs/${record.ID}`);
}

async function removeVolumes(stackName: string, names: string[]): Promise<void> {
  // Volumes can only go once the task containers holding them are gone. Swarm removes the containers of removed
  // services, except those of finished tasks (completed jobs stay as exited containers): remove those ourselves.
  const containersQuery = `all=1&${labelQuery(stackName)}`;
  const deadline = Date.now() + 60_000;
  for (const host of labNodes().hosts) {
    while (Date.now() < deadline) {
      const containers = await engineGet<{ Id: string; State: string }[]>(`/containers/json?${containersQuery}`, host).catch(() => []);
      if (containers.length === 0) break;
      for (const container of containers.filter((c) => c.State !== 'running' && c.State !== 'removing')) {
        await engineRequest('DELETE', `/containers/${container.Id}?force=1&v=1`, host).catch(() => undefined);
      }
      await sleep(500);
    }
  }
  for (const host of labNodes().hosts) {
    let volumes: { Name: string }[] = [];
    try {
      volumes = (await engineGet<{ Volumes: { Name: string }[] | null }>(`/volumes?${labelQuery(stackName)}`, host)).Volumes ?? [];
    } catch {
      continue;
    }
    for (const name of new Set([...volumes.map((v) => v.Name), ...names])) {
      // Another stack's container may hold it (a volume name shared by the fixtures): give up after a few tries.
      for (let attempt = 0; attempt < 3; attempt++) {
        const answer = await engineRequest('DELETE', `/volumes/${encodeURIComponent(name)}`, host).catch(() => ({ status: 0, body: '' }));
        if (answer.status === 204 || answer.status === 404) break;
        await sleep(1000);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// External objects

function tryDocker(args: string[]): boolean {
  try {
    labDocker(args);
    return true;
  } catch {
    return false;
  }
}

/** Creates the fixture's external networks (overlay, attachable), secrets and configs with the oracle, replacing leftovers. */
export async function createExternals(fixture: ParityFixture): Promise<void> {
  await removeExternals(fixture);
  for (const name of fixture.externals.networks) labDocker(['network', 'create', '--driver', 'overlay', '--attachable', name]);
  for (const [name, content] of Object.entries(fixture.externals.secrets)) labDocker(['secret', 'create', name, '-'], { input: content });
  for (const [name, content] of Object.entries(fixture.externals.configs)) labDocker(['config', 'create', name, '-'], { input: content });
}

/** Removes the fixture's external objects; waits for networks still used by stopping tasks. */
export async function removeExternals(fixture: ParityFixture, timeoutMs = 60_000): Promise<void> {
  for (const name of Object.keys(fixture.externals.secrets)) tryDocker(['secret', 'rm', name]);
  for (const name of Object.keys(fixture.externals.configs)) tryDocker(['config', 'rm', name]);
  const deadline = Date.now() + timeoutMs;
  for (const name of fixture.externals.networks) {
    for (;;) {
      const answer = await engineRequest('DELETE', `/networks/${encodeURIComponent(name)}`);
      if (answer.status === 204 || answer.status === 200 || answer.status === 404) break;
      if (Date.now() > deadline) throw new Error(`external network ${name} not removed: ${answer.body.trim()}`);
      await sleep(1000);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Running the two tools

/** Output of one deploy. */
export interface DeployOutput {
  stdout: string;
  stderr: string;
}

/** The environment both tools run with: ours minus any PARITY_* variables, plus the fixture's and DOCKER_HOST. */
export function fixtureEnv(fixture: ParityFixture): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^parity_/i.test(key)) env[key] = value;
  return { ...env, ...fixture.env, DOCKER_HOST: labDockerHost(), DOCKER_CLI_HINTS: 'false' };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<DeployOutput> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: REPO_ROOT, env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(command)} ${args.join(' ')} failed (${error.message.split('\n')[0]}):\n${stderr}${stdout}`));
      else resolve({ stdout, stderr });
    });
  });
}

function composeArgs(fixture: ParityFixture): string[] {
  return fixture.files.flatMap((file) => ['-c', file]);
}

/** `docker stack deploy -c … --resolve-image always --detach=true <stack>` with the 28.x client. */
export function deployWithDocker(fixture: ParityFixture, stackName: string): Promise<DeployOutput> {
  return run(LAB_DOCKER_CLI, ['stack', 'deploy', ...composeArgs(fixture), '--resolve-image', 'always', '--detach=true', stackName], fixtureEnv(fixture));
}

/**
 * `stack deploy -c … --resolve-image always --detach --force <stack>` from dist/ (call ensureBuilt first):
 * `--detach` because docker's side does not wait for convergence either; `--force` because stack refuses by default
 * a plan with replicas no node can take (the generic-resources fixture), which docker deploys as pending tasks. With
 * STACK_PARITY_SELF_CHECK=1 in the environment the oracle deploys both sides, which checks the harness itself:
 * every difference then comes from the normalisation, not from stack.
 */
export function deployWithStack(fixture: ParityFixture, stackName: string): Promise<DeployOutput> {
  if (process.env.STACK_PARITY_SELF_CHECK === '1') return deployWithDocker(fixture, stackName);
  return run(process.execPath, [path.join(REPO_ROOT, 'bin/run.js'), 'deploy', ...composeArgs(fixture), '--resolve-image', 'always', '--detach', '--force', stackName], fixtureEnv(fixture));
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Runs `npm run build` when dist/ is missing or older than any file under src/. Type errors do not stop the run
 * when tsc still wrote dist/ (it emits on type errors; `npm test` and the typecheck report them): they are printed
 * as a warning. Anything else that makes the build fail throws.
 */
export function ensureBuilt(): void {
  const marker = path.join(REPO_ROOT, 'dist/commands/index.js');
  const fresh = (): boolean => existsSync(marker) && statSync(marker).mtimeMs >= newestMtime(path.join(REPO_ROOT, 'src'));
  if (fresh()) return;
  try {
    execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'pipe', encoding: 'utf8', timeout: 300_000 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    const output = `${e.stdout ?? ''}${e.stderr ?? e.message}`;
    if (fresh() && /error TS\d+/.test(output)) {
      console.warn(`npm run build reported type errors; running the emitted dist/ anyway:\n${output}`);
      return;
    }
    throw new Error(`npm run build failed:\n${output}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Tasks

/** IDs of the stack's tasks whose desired state is running, sorted. */
export async function runningTaskIds(stackName: string): Promise<string[]> {
  const services = await stackServices(stackName);
  if (services.length === 0) return [];
  const filters = encodeURIComponent(JSON.stringify({ service: services.map((s) => s.ID), 'desired-state': ['running'] }));
  const tasks = await engineGet<TaskState[]>(`/tasks?filters=${filters}`);
  return tasks.map((t) => t.ID).sort();
}

/**
 * Waits until every task of the stack that should run is running: each replicated service has `Replicas` such
 * tasks, each global service at least one, all in state running, and the set is the same on two polls in a row.
 * Returns the IDs of those tasks.
 */
export async function waitForRunningTasks(stackName: string, timeoutMs = 120_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let previous = '';
  for (;;) {
    const services = await stackServices(stackName);
    const filters = encodeURIComponent(JSON.stringify({ service: services.map((s) => s.ID), 'desired-state': ['running'] }));
    const tasks = services.length === 0 ? [] : await engineGet<TaskState[]>(`/tasks?filters=${filters}`);
    const ready = services.every((service) => {
      const own = tasks.filter((t) => t.ServiceID === service.ID);
      if (own.some((t) => t.Status.State !== 'running')) return false;
      const replicas = service.Spec.Mode?.Replicated?.Replicas;
      if (replicas !== undefined) return own.length === replicas;
      return own.length > 0;
    });
    const ids = tasks
      .map((t) => t.ID)
      .sort()
      .join(',');
    if (ready && ids === previous) return ids === '' ? [] : ids.split(',');
    if (Date.now() > deadline) {
      const states = tasks.map((t) => `${t.ID}:${t.Status.State}`).join(' ');
      throw new Error(`tasks of ${stackName} not all running within ${timeoutMs} ms: ${states}`);
    }
    previous = ready ? ids : '';
    await sleep(1000);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The parity check

/**
 * Stack names of one fixture's parity run: `qa<short>` for docker, `qb<short>` for stack. Networks, secrets and
 * configs are sorted by name in the service spec, so the two names must sort the same way against the fixtures'
 * fixed names (`parity-*`, external names): no fixed name may fall between them (`pa…`/`pb…` would straddle
 * `parity-…`).
 */
export function parityStackNames(fixture: ParityFixture): { docker: string; ours: string } {
  return { docker: `qa${fixture.short}`, ours: `qb${fixture.short}` };
}

/**
 * The time one fixture may take: what runParity's steps allow themselves (three removals of up to 90 s, two waits for
 * a settled stack of up to 60 s, two deploys). Each step fails with its own message when it runs out; the test's own
 * timeout must not cut them short with a bare "timed out" (it did at 180 s on a machine at load 26).
 */
export const PARITY_TEST_TIMEOUT_MS = 3 * 90_000 + 2 * 60_000 + 30_000;

/**
 * Deploys the fixture with docker, reads it back and removes it; then the same with stack; and compares the two
 * readbacks. One stack at a time, so fixed names (custom network/secret/config names, published ports) do not
 * collide. Cleans up (both stacks, their volumes, the externals) whatever happens.
 */
export async function runParity(fixture: ParityFixture): Promise<{ diffs: FieldDifference[]; docker: StackReadback; ours: StackReadback }> {
  const stacks = parityStackNames(fixture);
  const cleanup = async (): Promise<void> => {
    await removeStack(stacks.docker, fixture.volumes);
    await removeStack(stacks.ours, fixture.volumes);
  };
  await cleanup();
  await createExternals(fixture);
  try {
    await deployWithDocker(fixture, stacks.docker);
    await waitForStackSettled(stacks.docker);
    const docker = await readStack(stacks.docker);
    await removeStack(stacks.docker, fixture.volumes);

    await deployWithStack(fixture, stacks.ours);
    await waitForStackSettled(stacks.ours);
    const ours = await readStack(stacks.ours);
    return { diffs: diffReadbacks(docker, ours), docker, ours };
  } finally {
    await cleanup();
    await removeExternals(fixture);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Differences parity accepts (parity.int.test.ts, parity-more.int.test.ts)

/**
 * Differences we keep on purpose, each listed in the README with its reason. A difference is accepted only when
 * both its path and its two values match; everything else fails the test.
 */
export const INTENTIONAL_DIFFERENCES: { path: RegExp; accepts: (d: FieldDifference) => boolean; reason: string }[] = [
  {
    path: /^secrets\[".*"\]\.Spec\.Labels\["io\.stack\.content-hash"\]$/,
    accepts: (d) => d.left === undefined && typeof d.right === 'string' && /^[0-9a-f]{64}$/.test(d.right),
    reason:
      'stack labels every secret it writes with the sha256 of its data: the Engine never returns secret data, and the ' +
      'hash is how a later deploy sees that a secret file changed (docker cannot, and fails on swarm\'s update refusal)',
  },
];

/** The differences that no entry of INTENTIONAL_DIFFERENCES accepts. */
export function unexpectedDifferences(diffs: FieldDifference[]): FieldDifference[] {
  return diffs.filter((d) => !INTENTIONAL_DIFFERENCES.some((known) => known.path.test(d.path) && known.accepts(d)));
}

/** The check of one parity fixture: same Swarm objects as docker, apart from the differences known and listed. */
export async function expectParity(fixture: ParityFixture): Promise<void> {
  const { diffs, docker, ours } = await runParity(fixture);
  // Guard against comparing two empty stacks.
  expect(docker.services.length).toBeGreaterThan(0);
  expect(ours.services.length).toBe(docker.services.length);
  const left = unexpectedDifferences(diffs);
  expect(left, `fields that differ (docker vs stack) for ${fixture.name}:\n${formatDifferences(left)}`).toEqual([]);
}
