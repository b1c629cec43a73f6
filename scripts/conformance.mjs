#!/usr/bin/env node
/*
 * Real-world conformance runner: loads each Compose file given on the command line (or listed, one path a line, in
 * the file given with --list) with `docker stack config` (the oracle, docker CLI 28 at /usr/local/bin/docker; works
 * offline) and with `stack config` (the built CLI of this checkout), and compares the verdicts and the loaded
 * models. The files themselves are never part of this repository (docs/compose-compatibility.md).
 *
 *   node scripts/conformance.mjs [--list FILE] [--json] [--show-diffs] FILE...
 *
 * Each file is run from its own directory with an empty environment (plus PATH/HOME), as a new user would.
 * Verdicts: agree-accept, agree-refuse, stack-refuses (docker accepts: must name a real problem of the file),
 * stack-accepts (docker refuses). For files both accept, the models are compared a second time with
 * `--env-file /dev/null` (docker reads no .env; stack does, on purpose), after normalising representation
 * (`depends_on` list vs long form, numbers printed as strings, `external: false`). A file stack cannot load without
 * its .env is compared with the .env instead, its plain KEY=VALUE lines given to docker as environment. Differences are classed as `ignored-key` (a key
 * stack warns about and leaves out of its output) or `value` (anything else: a real difference to explain).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STACK = path.join(ROOT, 'bin/run.js');
const DOCKER = process.env.STACK_ORACLE_DOCKER ?? '/usr/local/bin/docker';

const args = process.argv.slice(2);
const files = [];
let json = false;
let showDiffs = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--list') files.push(...readFileSync(args[++i], 'utf8').split('\n').filter((l) => l.trim() !== ''));
  else if (args[i] === '--json') json = true;
  else if (args[i] === '--show-diffs') showDiffs = true;
  else files.push(args[i]);
}
if (files.length === 0) {
  process.stderr.write('usage: node scripts/conformance.mjs [--list FILE] [--json] [--show-diffs] FILE...\n');
  process.exit(2);
}

const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DOCKER_HOST: 'unix:///nonexistent' };

function run(cmd, argv, cwd, extraEnv = {}) {
  const r = spawnSync(cmd, argv, { cwd, env: { ...extraEnv, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: (r.stderr ?? '').trim() };
}

/** Keys stack warns about (IGNORED_KEY / DEPRECATED_KEY) and does not print; env_file is printed as environment. */
const NOT_PRINTED = new Set(['container_name', 'expose', 'env_file', 'restart', 'build', 'links', 'network_mode',
  'privileged', 'devices', 'tmpfs', 'security_opt', 'shm_size', 'ipc', 'pid', 'cgroup_parent', 'cgroupns_mode',
  'external_links', 'mac_address', 'userns_mode', 'domainname', 'x-cluster-spec']);

/**
 * The plain `KEY=VALUE` lines of the `.env` beside a file (quotes removed, nothing interpolated), to hand to docker
 * when stack cannot load the file without its `.env`: both then read the same variables.
 */
function dotenvVariables(dir) {
  let text;
  try {
    text = readFileSync(path.join(dir, '.env'), 'utf8');
  } catch {
    return undefined;
  }
  const out = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const raw = m[2].trim();
    const quoted = /^(["'])(.*)\1$/.exec(raw);
    out[m[1]] = quoted ? quoted[2] : raw.replace(/\s+#.*$/, '');
  }
  return out;
}

/** Representation differences that are not model differences. */
function normalise(value, key) {
  if (key === 'depends_on' && Array.isArray(value)) {
    return Object.fromEntries(value.map((name) => [name, { condition: 'service_started' }]));
  }
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((v) => normalise(v));
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) {
      if (v === null || v === undefined) continue;
      if (k === 'external' && v === false) continue;
      const n = normalise(v, k);
      if (Array.isArray(n) && n.length === 0) continue;
      if (typeof n === 'object' && !Array.isArray(n) && Object.keys(n).length === 0) continue;
      out[k] = n;
    }
    return out;
  }
  return value;
}

function diff(a, b, at, out) {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diff(a[k], b[k], at ? `${at}.${k}` : k, out);
    return;
  }
  const last = at.split('.').pop() ?? '';
  out.push({ path: at, kind: b === undefined && NOT_PRINTED.has(last) ? 'ignored-key' : 'value', docker: a, stack: b });
}

const results = [];
for (const file of files) {
  const abs = path.resolve(file);
  const cwd = path.dirname(abs);
  const docker = run(DOCKER, ['stack', 'config', '-c', abs], cwd);
  const stack = run(process.execPath, [STACK, 'config', '-c', abs, '--format', 'json'], cwd);
  const verdict = docker.ok
    ? stack.ok
      ? 'agree-accept'
      : 'stack-refuses'
    : stack.ok
      ? 'stack-accepts'
      : 'agree-refuse';
  const entry = { file, verdict, docker: docker.ok ? undefined : docker.stderr, stack: stack.ok ? undefined : stack.stderr };
  if (docker.ok && stack.ok) {
    const plain = run(process.execPath, [STACK, 'config', '-c', abs, '--format', 'json', '--env-file', '/dev/null'], cwd);
    // Without its .env stack refuses the file (an image tag from .env, ...): compare both with the .env instead.
    const dotenv = plain.ok ? undefined : dotenvVariables(cwd);
    if (dotenv) entry.comparedWithDotenv = true;
    const oracle = dotenv ? run(DOCKER, ['stack', 'config', '-c', abs], cwd, dotenv) : docker;
    const d = normalise(parse(oracle.ok ? oracle.stdout : docker.stdout) ?? {});
    const s = normalise(JSON.parse(plain.ok ? plain.stdout : stack.stdout));
    // An external object named like its key: each tool prints or omits `name: <key>` in its own way.
    for (const tree of [d, s]) {
      for (const section of ['networks', 'volumes', 'secrets', 'configs']) {
        for (const [key, object] of Object.entries(tree[section] ?? {})) if (object.external && object.name === key) delete object.name;
      }
    }
    const diffs = [];
    for (const section of ['services', 'networks', 'volumes', 'secrets', 'configs']) diff(d[section], s[section], section, diffs);
    entry.diffs = diffs;
  }
  results.push(entry);
}

if (json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  const counts = {};
  for (const r of results) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
  for (const r of results) {
    const nd = r.diffs?.filter((d) => d.kind === 'value').length ?? 0;
    process.stdout.write(`${r.verdict.padEnd(14)} ${nd > 0 ? `${nd} diffs` : '       '} ${r.file}${r.comparedWithDotenv ? ' (compared with .env)' : ''}\n`);
    if (r.verdict === 'stack-refuses' || r.verdict === 'stack-accepts' || (showDiffs && r.verdict === 'agree-refuse')) {
      if (r.docker) process.stdout.write(`    docker: ${r.docker.split('\n').slice(0, 3).join('\n            ')}\n`);
      if (r.stack) process.stdout.write(`    stack:  ${r.stack.split('\n').slice(0, 6).join('\n            ')}\n`);
    }
    if (showDiffs) {
      for (const d of r.diffs ?? []) {
        process.stdout.write(`    [${d.kind}] ${d.path}: docker ${JSON.stringify(d.docker)} stack ${JSON.stringify(d.stack)}\n`);
      }
    }
  }
  process.stdout.write(`\n${results.length} files: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}; ` +
    `${results.filter((r) => r.diffs?.some((d) => d.kind === 'value')).length} accepted by both with value differences, ` +
    `${results.filter((r) => r.diffs?.some((d) => d.kind === 'ignored-key')).length} with ignored keys left out of stack's output\n`);
}
