// Start-up benchmark, side by side: `node -e 0` (Node's floor), `stack --version`, `stack --help`, `stack config`
// and `docker stack config` of the same 200-service file, and, with a lab, `stack diff` of the same 200 services
// deployed and unchanged. Runs the commands alternately (round-robin, so a change in the machine's load hits every
// command alike), and prints a markdown table of medians: wall time and CPU time (user + system, which depends far
// less on the load of a shared machine), with the load average before and after.
//
//   node bench/startup.mjs                    start-up and config only (no cluster needed)
//   STACK_LAB_ID=9 node bench/startup.mjs     also the diff (the lab must be up: scripts/lab.sh up)
//   bash bench/run.sh --startup               the same through run.sh
//
// Environment: BENCH_STARTUP_RUNS (rounds, default 10), BENCH_BIG (services, default 200), BENCH_BIN (the `stack`
// to measure, default bin/run.js of this tree; an installed one works too), BENCH_STACK_NAME (the stack the diff
// deploys and removes, default benchstartup: on a shared lab, a name of one's own).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = process.env.BENCH_BIN ?? join(REPO, 'bin', 'run.js');
const DOCKER = existsSync('/usr/local/bin/docker') ? '/usr/local/bin/docker' : 'docker';
const ROUNDS = Number(process.env.BENCH_STARTUP_RUNS ?? 10);
const BIG = Number(process.env.BENCH_BIG ?? 200);
const STACK_NAME = process.env.BENCH_STACK_NAME ?? 'benchstartup';

/** The lab's environment (DOCKER_HOST, STACK_LAB_REGISTRY) when STACK_LAB_ID names a lab that is up. */
function labEnv() {
  const id = process.env.STACK_LAB_ID;
  if (id === undefined) return undefined;
  const file = id === '0' ? '/run/stack-lab/env' : `/run/stack-lab-${id}/env`;
  if (!existsSync(file)) throw new Error(`lab ${id} is not up (${file} missing): STACK_LAB_ID=${id} scripts/lab.sh up`);
  const vars = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^(?:export\s+)?([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) vars[m[1]] = m[2].replace(/^["']|["']$/g, '');
  }
  return vars;
}

/** The benchmark file of bench/run.mjs (bigFile): services with 0 replicas on two networks. */
function bigFile(registry) {
  const lines = ['services:'];
  for (let i = 1; i <= BIG; i++) {
    lines.push(`  svc${i}:`, `    image: ${registry}/stack-test/busybox:1`, '    command: ["sleep", "3600"]');
    lines.push('    environment:', `      INDEX: "${i}"`, '      MODE: one', `    networks: [net${i % 2}]`);
    lines.push('    healthcheck:', '      test: ["CMD", "true"]', '      interval: 30s');
    lines.push('    deploy:', '      replicas: 0', '      labels:', '        bench: "yes"', `        index: "${i}"`);
  }
  lines.push('networks:', '  net0:', '  net1:');
  return `${lines.join('\n')}\n`;
}

/** One run: its wall seconds. */
function measure(command, args, env) {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0 && !(args.includes('--exit-code') && code === 2)) reject(new Error(`${command} ${args.join(' ')}: exit ${code}\n${stderr}`));
      else resolvePromise(wall);
    });
  });
}

/** CPU seconds (user + system) of this process's reaped children so far: /proc/self/stat cutime and cstime. */
function childrenCpu() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]);
  return ticks / 100;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const lab = labEnv();
const env = { ...process.env, ...(lab ?? {}), NO_COLOR: '1' };
const dir = mkdtempSync(join(os.tmpdir(), 'stack-bench-startup-'));
const file = join(dir, `big-${BIG}.yml`);
writeFileSync(file, bigFile(lab?.STACK_LAB_REGISTRY ?? '10.213.0.1:5000'));

const commands = [
  { name: 'node -e 0', command: process.execPath, args: ['-e', '0'] },
  { name: 'stack --version', command: BIN, args: ['--version'] },
  { name: 'stack --help', command: BIN, args: ['--help'] },
  { name: `stack config (${BIG} services)`, command: BIN, args: ['config', '-c', file] },
  { name: `docker stack config (${BIG} services)`, command: DOCKER, args: ['stack', 'config', '-c', file] },
];
if (lab) {
  const deployed = spawnSync(BIN, ['deploy', '-c', file, '--resolve-image', 'never', '--detach', STACK_NAME], { env, encoding: 'utf8' });
  if (deployed.status !== 0) throw new Error(`deploy of the benchmark stack failed:\n${deployed.stderr}`);
  commands.push({ name: `stack diff (${BIG} services, unchanged)`, command: BIN, args: ['diff', '--exit-code', '--resolve-image', 'never', '-c', file, STACK_NAME] });
}

const loadBefore = os.loadavg();
const results = new Map(commands.map((c) => [c.name, { wall: [], cpu: [] }]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of commands) {
      const cpuBefore = childrenCpu();
      const wall = await measure(c.command, c.args, env);
      results.get(c.name).wall.push(wall);
      results.get(c.name).cpu.push(childrenCpu() - cpuBefore);
    }
  }
} finally {
  if (lab) spawnSync(BIN, ['rm', '--yes', '--detach', STACK_NAME], { env });
  rmSync(dir, { recursive: true, force: true });
}
const loadAfter = os.loadavg();

const floor = median(results.get('node -e 0').wall);
const floorCpu = median(results.get('node -e 0').cpu);
const dockerConfig = results.get(`docker stack config (${BIG} services)`);
const out = [
  `Start-up benchmark (${ROUNDS} alternating rounds, medians), ${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}, ${os.cpus().length} cores`,
  `load average before ${loadBefore.map((l) => l.toFixed(1)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(1)).join(' ')}`,
  '',
  '| command | wall | CPU (user+sys) | wall / reference | CPU / reference | reference |',
  '|---|---|---|---|---|---|',
];
for (const c of commands) {
  const r = results.get(c.name);
  const wall = median(r.wall);
  const cpu = median(r.cpu);
  const isConfig = c.name.startsWith('stack config');
  const ref = isConfig ? { wall: median(dockerConfig.wall), cpu: median(dockerConfig.cpu), name: 'docker stack config' } : { wall: floor, cpu: floorCpu, name: 'node -e 0' };
  const ratio = c.name.startsWith('stack --') || isConfig;
  out.push(`| \`${c.name}\` | ${wall.toFixed(3)} s | ${cpu.toFixed(2)} s | ${ratio ? `${(wall / ref.wall).toFixed(2)}x` : ''} | ${ratio ? `${(cpu / Math.max(ref.cpu, 0.01)).toFixed(2)}x` : ''} | ${ratio ? ref.name : ''} |`);
}
console.log(out.join('\n'));
