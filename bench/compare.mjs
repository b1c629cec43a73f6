// Side-by-side timing of arbitrary commands: runs them alternately (round-robin, so a change in the machine's load
// hits every command alike) and prints the median CPU time (user + system of the child, from this process's
// cutime/cstime) and wall time of each. Used to compare two builds of stack, or stack with docker, on a shared
// machine (docs/performance.md).
//
//   node bench/compare.mjs ROUNDS 'LABEL::COMMAND LINE' ...
//   node bench/compare.mjs 7 'old::node /tmp/old/bin/run.js config -c c200.yml' 'new::node bin/run.js config -c c200.yml' \
//     'docker::docker stack config -c c200.yml'
//
// Each command line runs through `sh -c` with its output discarded; exit codes 0 and 2 (diff --exit-code) count as
// success.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

const rounds = Number(process.argv[2]);
const commands = process.argv.slice(3).map((arg) => {
  const [label, line] = arg.split('::');
  return { label, line, cpu: [], wall: [] };
});
if (!(rounds > 0) || commands.length === 0 || commands.some((c) => !c.line)) {
  console.error("usage: node bench/compare.mjs ROUNDS 'LABEL::COMMAND LINE' ...");
  process.exit(1);
}

/** CPU seconds of this process's reaped children so far: /proc/self/stat cutime and cstime. */
function childrenCpu() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function run(line) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('sh', ['-c', `exec ${line} >/dev/null`], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 || code === 2 ? resolve(Number(process.hrtime.bigint() - started) / 1e9) : reject(new Error(`${line}: exit ${code}`))));
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const loadBefore = os.loadavg()[0];
for (let round = 0; round < rounds; round++) {
  for (const c of commands) {
    const before = childrenCpu();
    c.wall.push(await run(c.line));
    c.cpu.push(childrenCpu() - before);
  }
}
console.log(`${rounds} alternating rounds, medians; load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`);
for (const c of commands) {
  console.log(`${c.label.padEnd(28)} CPU ${median(c.cpu).toFixed(2)} s  wall ${median(c.wall).toFixed(3)} s  (CPU of each run: ${c.cpu.map((x) => x.toFixed(2)).join(' ')})`);
}
