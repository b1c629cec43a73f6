// Benchmark: `stack` against `docker stack deploy --detach=false` on one lab swarm; prints a markdown report.
// Run it through bench/run.sh. Every figure is the wall time of the whole command (CLI start-up included),
// measured from spawning the process to its exit; tables show medians (min-max in brackets).
//
// Environment:
//   BENCH_LAB_ID=N         use lab N as it is (it must be up); nothing is brought up or taken down
//   BENCH_OWN_LAB_ID=N     the lab to bring up otherwise (default 5; never 0 or 1); taken down at the end
//                          only when this run brought it up
//   BENCH_SIZES=10,30,100  stack sizes (services) for the deploy phases (empty: none)
//   BENCH_RUNS=...         runs of `stack` per size: one number, or per size (default 10:3,30:3,100:2)
//   BENCH_DOCKER_RUNS=...  runs of docker per size (default 10:3,30:2,100:1; 0 skips docker at that size)
//   BENCH_BIG=200          services of the diff/config/redeploy/RSS stack (0: skip it and the start-up
//                          figures); BENCH_BIG_RUNS=5 runs each
//   BENCH_STARTUP_RUNS=10  runs of `stack --version` / `stack --help`
//   BENCH_STACK=bench      prefix of the stack names
//   BENCH_OUT=FILE         also write the report there, rewritten after every section (partial results survive)
// --quick (or BENCH_QUICK=1): 2 services, 1 run per tool, a 20-service big stack, 3 start-up runs (about
// 1.5 minutes, most of it docker waiting; a CI smoke test).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(REPO, 'bin', 'run.js');
const DOCKER = existsSync('/usr/local/bin/docker') ? '/usr/local/bin/docker' : 'docker';
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const env = process.env;
const QUICK = process.argv.includes('--quick') || env.BENCH_QUICK === '1';
const PHASES = ['cold deploy', 'unchanged redeploy', 'one-service change', 'image change, all services'];
// Overlay subnets bigger than swarm's default /24, so 100+ VIPs and tasks fit: /22 blocks of 10.231.0.0/16
// that no network of the swarm overlaps (chosen at start; a subnet in use would leave tasks stuck in New).
const subnets = { deploy: '', big: ['', ''] };

const config = {
  sizes: (env.BENCH_SIZES ?? (QUICK ? '2' : '10,30,100')).split(',').filter(Boolean).map(Number),
  stackRuns: perSize(env.BENCH_RUNS ?? (QUICK ? '1' : '10:3,30:3,100:2')),
  dockerRuns: perSize(env.BENCH_DOCKER_RUNS ?? (QUICK ? '1' : '10:3,30:2,100:1')),
  big: Number(env.BENCH_BIG ?? (QUICK ? 20 : 200)),
  bigRuns: Number(env.BENCH_BIG_RUNS ?? (QUICK ? 1 : 5)),
  startupRuns: Number(env.BENCH_STARTUP_RUNS ?? (QUICK ? 3 : 10)),
  prefix: env.BENCH_STACK ?? 'bench',
  out: env.BENCH_OUT,
};

/** "3" -> 3 for every size; "10:3,30:2" -> per size (sizes not named: 1). */
function perSize(spec) {
  if (/^\d+$/.test(spec)) return () => Number(spec);
  const table = new Map(spec.split(',').map((pair) => pair.split(':').map(Number)));
  return (size) => table.get(size) ?? 1;
}

function log(message) {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

// ------------------------------------------------------------------ processes

const children = new Set();

/** Runs a command to its end; seconds = spawn to exit, exitMs = wall-clock time of the exit. */
function run(command, args, { timeoutMs = 3_600_000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, NO_COLOR: '1' } });
    children.add(child);
    let stdout = '';
    let stderr = '';
    let exit;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      exit = { code: code ?? -1, signal, seconds: (performance.now() - started) / 1000, exitMs: Date.now() };
    });
    child.on('close', () => {
      children.delete(child);
      clearTimeout(timer);
      resolvePromise({ ...exit, stdout, stderr });
    });
  });
}

/** Like run, under GNU time: adds rssMb, the peak resident set size of the command. */
async function runMeasured(command, args) {
  if (!GNU_TIME) return { ...(await run(command, args)), rssMb: undefined };
  const dir = mkdtempSync(join(os.tmpdir(), 'bench-rss-'));
  try {
    const result = await run(GNU_TIME, ['-f', '%M', '-o', join(dir, 'rss'), command, ...args]);
    const kb = Number(readFileSync(join(dir, 'rss'), 'utf8').trim().split('\n').pop());
    return { ...result, rssMb: kb / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function mustSucceed(what, result, allowed = [0]) {
  if (!allowed.includes(result.code)) {
    const tail = (text) => text.trim().split('\n').slice(-8).join('\n');
    const output = [result.stderr.trim() && `stderr:\n${tail(result.stderr)}`, result.stdout.trim() && `stdout:\n${tail(result.stdout)}`];
    throw new Error(`${what} exited with ${result.code}${result.signal ? ` (${result.signal})` : ''}:\n${output.filter(Boolean).join('\n')}`);
  }
  return result;
}

const stackCli = (...args) => [process.execPath, [BIN, ...args]];

// ------------------------------------------------------------------ Engine API

/** GET on the Engine API of one node (unix:// hosts, as the lab has). */
function engine(path, host = env.DOCKER_HOST) {
  return new Promise((resolvePromise, reject) => {
    const request = http.get({ socketPath: host.replace(/^unix:\/\//, ''), path: `/v1.41${path}` }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => {
        if (response.statusCode >= 400) reject(new Error(`GET ${path}: ${response.statusCode} ${body.trim()}`));
        else resolvePromise(JSON.parse(body));
      });
    });
    request.on('error', reject);
  });
}

const filters = (object) => `filters=${encodeURIComponent(JSON.stringify(object))}`;

/** Engine timestamps carry nanoseconds; Date.parse wants at most milliseconds. */
const engineMs = (timestamp) => Date.parse(timestamp.replace(/(\.\d{3})\d*/, '$1'));

/** Removes a stack with both tools (docker's rm, then stack's, which also drops history and lock) and
 *  waits until no node has a service, container or network of it left: removed overlay networks linger
 *  for a few seconds on Engine 20.10, and the next phase reuses their subnet. */
async function removeStack(name) {
  if ((await leftovers(name)) === 0) return;
  await run(DOCKER, ['stack', 'rm', name]);
  await run(...stackCli('rm', '--yes', name));
  const deadline = Date.now() + 180_000;
  for (let left = await leftovers(name); left > 0; left = await leftovers(name)) {
    if (Date.now() > deadline) throw new Error(`stack ${name} still has ${left} objects 180 s after removal`);
    await sleep(250);
  }
}

/** How many services (manager), containers and networks (every node) of the stack exist. */
async function leftovers(name) {
  const label = filters({ label: [`com.docker.stack.namespace=${name}`] });
  let count = (await engine(`/services?${label}`)).length;
  for (const host of (env.STACK_LAB_HOSTS ?? env.DOCKER_HOST).split(',')) {
    count += (await engine(`/containers/json?all=1&${label}`, host)).length;
    count += (await engine(`/networks?${filters({ name: [`${name}_`] })}`, host)).length;
  }
  return count;
}

/** /22 blocks of 10.231.0.0/16 that no network of the swarm overlaps. */
async function freeSubnets(count) {
  const toRange = (cidr) => {
    const [address, bits] = cidr.split('/');
    const start = address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
    return [start, start + 2 ** (32 - Number(bits)) - 1];
  };
  const used = (await engine('/networks'))
    .flatMap((network) => network.IPAM?.Config ?? [])
    .map((ipam) => ipam.Subnet)
    .filter((subnet) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(subnet ?? ''))
    .map(toRange);
  const free = [];
  for (let block = 0; block < 64 && free.length < count; block++) {
    const cidr = `10.231.${block * 4}.0/22`;
    const [start, end] = toRange(cidr);
    if (!used.some(([a, b]) => a <= end && start <= b)) free.push(cidr);
  }
  if (free.length < count) throw new Error('no free /22 subnet left in 10.231.0.0/16 on this swarm');
  return free;
}

// ------------------------------------------------------------------ Compose files

function deployFile(services, { tag, mode }) {
  const lines = ['services:'];
  for (let i = 1; i <= services; i++) {
    lines.push(`  svc${i}:`, `    image: ${env.STACK_LAB_REGISTRY}/stack-test/web:${tag}`);
    lines.push('    environment:', `      INDEX: "${i}"`, `      MODE: "${i === 1 ? mode : 'one'}"`);
  }
  lines.push('networks:', '  default:', '    ipam:', '      config:', `        - subnet: ${subnets.deploy}`);
  return `${lines.join('\n')}\n`;
}

/** The big stack: services with 0 replicas (nothing to schedule, so the lab stays idle), split over two
 *  networks, each with environment, labels and a healthcheck. */
function bigFile(services) {
  const lines = ['services:'];
  for (let i = 1; i <= services; i++) {
    lines.push(`  svc${i}:`, `    image: ${env.STACK_LAB_REGISTRY}/stack-test/busybox:1`);
    lines.push('    command: ["sleep", "3600"]');
    lines.push('    environment:', `      INDEX: "${i}"`, '      MODE: one');
    lines.push(`    networks: [net${i % 2}]`);
    lines.push('    healthcheck:', '      test: ["CMD", "true"]', '      interval: 30s');
    lines.push('    deploy:', '      replicas: 0', '      labels:', '        bench: "yes"', `        index: "${i}"`);
  }
  lines.push('networks:');
  subnets.big.forEach((subnet, i) => lines.push(`  net${i}:`, '    ipam:', '      config:', `        - subnet: ${subnet}`));
  return `${lines.join('\n')}\n`;
}

// ------------------------------------------------------------------ measurements

const results = {
  meta: {},
  deploy: new Map(), // `${size}|${tool}|${phase}` -> seconds[]
  afterCompleted: new Map(), // `${size}|${tool}` -> seconds from svc1's UpdateStatus.CompletedAt to exit
  afterRunning: new Map(), // `${size}|${tool}` -> seconds from the last task running to exit (cold deploy)
  big: new Map(), // label -> { seconds: [], rssMb: [] }
  failures: [],
};

function push(map, key, value) {
  if (!map.has(key)) map.set(key, []);
  map.get(key).push(value);
}

async function timeDeploy(tool, file, name) {
  const [command, args] =
    tool === 'stack' ? stackCli('deploy', '-c', file, name) : [DOCKER, ['stack', 'deploy', '--detach=false', '-c', file, name]];
  return mustSucceed(`${tool} deploy ${name}`, await run(command, args));
}

/** One run of the four phases with one tool, from nothing back to nothing. */
async function deployRun(tool, size, dir) {
  const name = `${config.prefix}${tool === 'stack' ? 's' : 'd'}${size}`;
  const file = join(dir, `deploy-${size}.yml`);
  const phase = async (index, content) => {
    writeFileSync(file, content);
    const result = await timeDeploy(tool, file, name);
    push(results.deploy, `${size}|${tool}|${PHASES[index]}`, result.seconds);
    log(`${tool} ${size} services, ${PHASES[index]}: ${result.seconds.toFixed(2)} s`);
    return result;
  };
  try {
    const cold = await phase(0, deployFile(size, { tag: 1, mode: 'one' }));
    const tasks = await engine(`/tasks?${filters({ label: [`com.docker.stack.namespace=${name}`], 'desired-state': ['running'] })}`);
    const lastRunning = Math.max(...tasks.filter((t) => t.Status.State === 'running').map((t) => engineMs(t.Status.Timestamp)));
    push(results.afterRunning, `${size}|${tool}`, (cold.exitMs - lastRunning) / 1000);
    await phase(1, deployFile(size, { tag: 1, mode: 'one' }));
    const changed = await phase(2, deployFile(size, { tag: 1, mode: 'two' }));
    const svc1 = await engine(`/services/${name}_svc1`);
    if (svc1.UpdateStatus?.CompletedAt) {
      push(results.afterCompleted, `${size}|${tool}`, (changed.exitMs - engineMs(svc1.UpdateStatus.CompletedAt)) / 1000);
    }
    await phase(3, deployFile(size, { tag: 2, mode: 'two' }));
  } catch (error) {
    results.failures.push(`${tool}, ${size} services: ${error.message}`);
    log(`FAILED: ${error.message}`);
  } finally {
    await removeStack(name);
  }
}

async function measureRepeated(label, runs, command, args, allowed) {
  const entry = results.big.get(label) ?? { seconds: [], rssMb: [] };
  results.big.set(label, entry);
  for (let i = 0; i < runs; i++) {
    const result = mustSucceed(label, await runMeasured(command, args), allowed);
    entry.seconds.push(result.seconds);
    if (result.rssMb !== undefined) entry.rssMb.push(result.rssMb);
    log(`${label}: ${result.seconds.toFixed(3)} s${result.rssMb ? `, ${result.rssMb.toFixed(0)} MB` : ''}`);
  }
}

async function startupAndBig(dir) {
  await measureRepeated('stack --version', config.startupRuns, ...stackCli('--version'));
  await measureRepeated('stack --help', config.startupRuns, ...stackCli('--help'));
  await measureRepeated('docker --version', config.startupRuns, DOCKER, ['--version']);
  const file = join(dir, `big-${config.big}.yml`);
  writeFileSync(file, bigFile(config.big));
  const name = `${config.prefix}big`;
  await measureRepeated(`stack config (${config.big})`, config.bigRuns, ...stackCli('config', '-c', file));
  await measureRepeated(`docker stack config (${config.big})`, config.bigRuns, DOCKER, ['stack', 'config', '-c', file]);
  try {
    await measureRepeated(`stack deploy (${config.big}), cold`, 1, ...stackCli('deploy', '-c', file, name));
    await measureRepeated(`stack deploy (${config.big}), unchanged`, config.bigRuns, ...stackCli('deploy', '-c', file, name));
    await measureRepeated(`stack diff (${config.big}), unchanged`, config.bigRuns, ...stackCli('diff', '--exit-code', '-c', file, name));
  } finally {
    await removeStack(name);
  }
}

// ------------------------------------------------------------------ report

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const range = (values, digits) =>
  values.length > 1 ? ` (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})` : '';
const cell = (values, digits = 2) => (values?.length ? `${median(values).toFixed(digits)}${range(values, digits)}` : 'n/a');
/** A cell in seconds: "1.23 (1.20–1.30) s", or "n/a" without a unit. */
const secs = (values, digits = 2) => (values?.length ? `${cell(values, digits)} s` : 'n/a');
const met = (ok) => (ok === undefined ? 'n/a' : ok ? 'met' : '**missed**');

function render() {
  const m = results.meta;
  const out = [];
  out.push(`Measured ${m.date} with \`${m.command}\` (stack ${m.revision}).`, '');
  out.push(`- machine: ${m.cpus} × ${m.cpuModel}, ${m.memGb} GB RAM, Node ${process.version}; load average (1/5/15 min) at start ${m.loadStart}, at end ${m.loadEnd ?? '(run not finished)'}`);
  out.push(`- swarm: lab ${m.lab}, ${m.nodes}, Engine ${m.engine}; docker CLI ${m.dockerCli}`);
  out.push(`- runs per size: stack ${config.sizes.map((s) => `${s}:${config.stackRuns(s)}`).join(', ')}; docker ${config.sizes.map((s) => `${s}:${config.dockerRuns(s)}`).join(', ')}; ${config.big}-service stack: ${config.bigRuns} run(s) each; start-up: ${config.startupRuns} runs; whole run: ${m.minutes === undefined ? '(not finished)' : `${m.minutes} min`}`);
  out.push('- figures: wall time of the whole command including CLI start-up, median (min–max) in seconds; both tools wait for convergence (`stack deploy` by default, `docker stack deploy --detach=false`)', '');

  if (config.sizes.length > 0) renderDeploy(out);
  if (config.big > 0) renderBig(out);
  for (const failure of results.failures) out.push('', `Failed: ${failure}`);
  return `${out.join('\n')}\n`;
}

/** The deploy phases of both tools per size, then issue 6's goals. */
function renderDeploy(out) {
  out.push('| services | phase | stack | docker --detach=false | docker ÷ stack |', '|---|---|---|---|---|');
  for (const size of config.sizes) {
    for (const phase of PHASES) {
      const s = results.deploy.get(`${size}|stack|${phase}`);
      const d = results.deploy.get(`${size}|docker|${phase}`);
      const ratio = s?.length && d?.length ? `${(median(d) / median(s)).toFixed(1)}×` : 'n/a';
      out.push(`| ${size} | ${phase} | ${cell(s)} | ${cell(d)} | ${ratio} |`);
    }
  }
  out.push('');

  const goalSize = config.sizes.includes(30) ? 30 : config.sizes[config.sizes.length - 1];
  const unchanged = results.deploy.get(`${goalSize}|stack|unchanged redeploy`);
  const gap = results.afterCompleted.get(`${goalSize}|stack`);
  const coldStack = results.deploy.get(`${goalSize}|stack|cold deploy`);
  const coldDocker = results.deploy.get(`${goalSize}|docker|cold deploy`);
  const bothCold = coldStack?.length && coldDocker?.length;
  out.push(`| goal (issue 6), ${goalSize} services | target | measured | |`, '|---|---|---|---|');
  out.push(`| unchanged redeploy | < 1 s (docker: ${secs(results.deploy.get(`${goalSize}|docker|unchanged redeploy`))}) | ${secs(unchanged)} | ${met(unchanged?.length ? median(unchanged) < 1 : undefined)} |`);
  out.push(`| one changed service: stack's exit after swarm's UpdateStatus.CompletedAt | ≤ 1.5 s | ${secs(gap)} (docker: ${secs(results.afterCompleted.get(`${goalSize}|docker`))}) | ${met(gap?.length ? median(gap) <= 1.5 : undefined)} |`);
  out.push(`| cold deploy, converged and reported | ≤ docker's ${bothCold ? median(coldDocker).toFixed(2) : 'n/a'} s + 1 s | ${secs(coldStack)}; exit ${secs(results.afterRunning.get(`${goalSize}|stack`))} after the last task was running (docker: ${secs(results.afterRunning.get(`${goalSize}|docker`))}) | ${met(bothCold ? median(coldStack) <= median(coldDocker) + 1 : undefined)} |`);
  for (const size of config.sizes) {
    const values = results.deploy.get(`${size}|stack|unchanged redeploy`);
    if (size !== goalSize) out.push(`| unchanged redeploy, ${size} services | < 1 s | ${secs(values)} | ${met(values?.length ? median(values) < 1 : undefined)} |`);
  }
  out.push('');
  out.push('Deploy rows: `web` services with 1 replica each and environment, on the stack\'s default network with a /22 subnet; "one-service change" changes one environment value of one service, "image change" moves every service from web:1 to web:2.', '');
}

/** Start-up, and config, diff, redeploy and peak RSS on the big stack. */
function renderBig(out) {
  const big = (label) => results.big.get(label);
  const row = (label, input, target, limit) => {
    const entry = big(label);
    const seconds = entry?.seconds;
    out.push(`| \`${label.replace(/ \(.*/, '')}\` | ${input} | ${secs(seconds, 3)} | ${entry?.rssMb.length ? `${median(entry.rssMb).toFixed(0)} MB` : 'n/a'} | ${target} | ${limit === undefined ? '' : met(seconds?.length ? median(seconds) < limit : undefined)} |`);
  };
  const n = config.big;
  out.push('| command | input | time | peak RSS | target | |', '|---|---|---|---|---|---|');
  row('stack --version', '', '< 0.3 s', 0.3);
  row('stack --help', '', '< 0.3 s', 0.3);
  row('docker --version', '', 'reference');
  row(`stack config (${n})`, `${n} services (file below)`, '< 0.4 s', 0.4);
  row(`docker stack config (${n})`, `${n} services`, 'reference');
  row(`stack diff (${n}), unchanged`, `${n} deployed services, no changes`, '< 1.5 s', 1.5);
  row(`stack deploy (${n}), unchanged`, `${n} deployed services, no changes`, '< 1 s', 1);
  const deployBig = big(`stack deploy (${n}), cold`);
  const rss = deployBig?.rssMb.length ? Math.max(...deployBig.rssMb) : undefined;
  out.push(`| \`stack deploy\`, cold | ${n} services created | ${secs(deployBig?.seconds, 3)} | ${rss === undefined ? 'n/a' : `${rss.toFixed(0)} MB`} | RSS < 150 MB | ${met(rss === undefined ? undefined : rss < 150)} |`);
  out.push('', `Input of the ${n}-service rows: services with \`replicas: 0\` (busybox image, command, environment, a healthcheck, two deploy labels), split over two overlay networks with /22 subnets.`);
}

function save() {
  if (config.out) writeFileSync(config.out, render());
}

// ------------------------------------------------------------------ lab

function labDir(id) {
  return id === 0 ? '/run/stack-lab' : `/run/stack-lab-${id}`;
}

function loadLabEnv(id) {
  const file = `${labDir(id)}/env`;
  if (!existsSync(file)) throw new Error(`lab ${id} is not up (no ${file})`);
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match) env[match[1]] = match[2];
  }
}

/** Uses BENCH_LAB_ID as it is, or brings up our own lab; returns how to undo what was done. */
async function takeLab() {
  if (env.BENCH_LAB_ID !== undefined) {
    const id = Number(env.BENCH_LAB_ID);
    loadLabEnv(id);
    return { id, down: async () => {} };
  }
  const id = Number(env.BENCH_OWN_LAB_ID ?? 5);
  if (!(id >= 2 && id <= 9)) throw new Error('BENCH_OWN_LAB_ID must be 2..9: labs 0 and 1 are shared, use BENCH_LAB_ID to run on one of them as it is');
  const wasUp = existsSync(`${labDir(id)}/env`);
  const labSh = join(REPO, 'scripts', 'lab.sh');
  log(`bringing up lab ${id}`);
  mustSucceed(`scripts/lab.sh up (lab ${id})`, await run('env', [`STACK_LAB_ID=${id}`, 'bash', labSh, 'up'], { timeoutMs: 600_000 }));
  loadLabEnv(id);
  const down = async () => {
    if (wasUp) return;
    log(`taking down lab ${id}`);
    await run('env', [`STACK_LAB_ID=${id}`, 'bash', labSh, 'down'], { timeoutMs: 300_000 });
  };
  return { id, down };
}

// ------------------------------------------------------------------ main

/** On SIGINT/SIGTERM: stop the running command, remove this run's stacks, take down a lab we brought up. */
function cleanUpOnSignals(lab, names) {
  const stop = async (signal) => {
    log(`${signal}: removing this run's stacks`);
    for (const child of children) child.kill('SIGTERM');
    for (const name of names) await removeStack(name).catch((error) => log(error.message));
    await lab.down();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main() {
  if (!existsSync(join(REPO, 'dist', 'commands', 'index.js'))) throw new Error('no build: run npm run build first');
  const started = performance.now();
  const lab = await takeLab();
  const dir = mkdtempSync(join(os.tmpdir(), 'bench-'));
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' / ');
  try {
    const version = await engine('/version');
    const nodes = await engine('/nodes');
    const managers = nodes.filter((node) => node.Spec.Role === 'manager').length;
    const revision = await run('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD']);
    const dockerCli = await run(DOCKER, ['version', '--format', '{{.Client.Version}}']);
    Object.assign(results.meta, {
      date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      command: `${QUICK ? 'bash bench/run.sh --quick' : 'bash bench/run.sh'}`,
      revision: revision.stdout.trim(),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
      memGb: (os.totalmem() / 2 ** 30).toFixed(1),
      loadStart: load(),
      lab: lab.id,
      nodes: `${nodes.length} nodes (${managers} manager${managers === 1 ? '' : 's'})`,
      engine: `${version.Version} (API ${version.ApiVersion})`,
      dockerCli: dockerCli.stdout.trim(),
    });
    env.STACK_LAB_ID = String(lab.id);
    const names = [`${config.prefix}big`, ...config.sizes.flatMap((size) => [`${config.prefix}s${size}`, `${config.prefix}d${size}`])];
    cleanUpOnSignals(lab, names);
    // Left-overs of an interrupted run; each run below removes its own stack when it ends.
    for (const name of names) await removeStack(name);
    [subnets.deploy, ...subnets.big] = await freeSubnets(3);
    const sections = [
      ...(config.big > 0 ? [['start-up and the big stack', () => startupAndBig(dir)]] : []),
      ...config.sizes.map((size) => [
        `deploy phases at ${size} services`,
        async () => {
          const runs = Math.max(config.stackRuns(size), config.dockerRuns(size));
          // Runs alternate between the tools, so a change in the machine's load hits both.
          for (let i = 0; i < runs; i++) {
            if (i < config.stackRuns(size)) await deployRun('stack', size, dir);
            if (i < config.dockerRuns(size)) await deployRun('docker', size, dir);
            save();
          }
        },
      ]),
    ];
    for (const [label, section] of sections) {
      log(`-- ${label}`);
      try {
        await section();
      } catch (error) {
        results.failures.push(`${label}: ${error.message}`);
        log(`FAILED: ${error.message}`);
      }
      save();
    }
    results.meta.loadEnd = load();
    results.meta.minutes = ((performance.now() - started) / 60_000).toFixed(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await lab.down();
  }
  const report = render();
  save();
  process.stdout.write(report);
  if (results.failures.length) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 1;
});
