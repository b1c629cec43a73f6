// Where the local test swarm (scripts/lab.sh, docs/lab.md) lives, for integration tests.
// Dependency-free: only node built-ins.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export const LAB_DEFAULT_REGISTRY = '10.213.0.1:5000';

/** Which lab this process uses: STACK_LAB_ID (set per test file by claim-lab.ts), 0 by default. */
export function labId(): number {
  const id = Number(process.env.STACK_LAB_ID ?? '0');
  return Number.isInteger(id) && id >= 0 && id <= 9 ? id : 0;
}

/** /run/stack-lab for lab 0, /run/stack-lab-N for extra labs (scripts/lab.sh). */
export function labRunDir(id = labId()): string {
  return id === 0 ? '/run/stack-lab' : `/run/stack-lab-${id}`;
}

export function labEnvFile(id = labId()): string {
  return `${labRunDir(id)}/env`;
}

/** The modern docker CLI when installed (see docs/lab.md), else whatever `docker` is on PATH. */
export const LAB_DOCKER_CLI = existsSync('/usr/local/bin/docker') ? '/usr/local/bin/docker' : 'docker';

export type LabImageName = 'web' | 'unhealthy' | 'crash' | 'busybox';

export interface LabNodes {
  /** Number of swarm nodes (node1..nodeN). */
  total: number;
  /** Number of managers; managers are node1..nodeM. */
  managers: number;
  /** DOCKER_HOST of every manager, node1 first. */
  managerHosts: string[];
  /** DOCKER_HOST of every node, node1 first. */
  hosts: string[];
}

const NOT_UP_HINT = 'Start it with `sudo scripts/lab.sh up` (see docs/lab.md).';

/** KEY=VALUE pairs of the lab's env file (/run/stack-lab/env for lab 0), or {} when the lab is not up. */
export function readLabEnv(id = labId()): Record<string, string> {
  const file = labEnvFile(id);
  if (!existsSync(file)) return {};
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^(?:export\s+)?([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) env[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
  }
  return env;
}

function setting(name: string): string | undefined {
  const fromProcess = process.env[name];
  if (fromProcess !== undefined && fromProcess !== '') return fromProcess;
  return readLabEnv()[name];
}

function assertSocket(host: string): void {
  if (!host.startsWith('unix://')) return;
  const path = host.slice('unix://'.length);
  if (!existsSync(path)) {
    throw new Error(`stack lab is not up: Docker socket ${path} does not exist. ${NOT_UP_HINT}`);
  }
}

/** DOCKER_HOST of the lab's first manager (process.env.DOCKER_HOST wins). Throws when the lab is not up. */
export function labDockerHost(): string {
  const host = setting('DOCKER_HOST') ?? `unix://${labRunDir()}/node1.sock`;
  assertSocket(host);
  return host;
}

/** host:port of the lab registry, as the swarm nodes reach it. */
export function labRegistry(): string {
  return setting('STACK_LAB_REGISTRY') ?? LAB_DEFAULT_REGISTRY;
}

/** Full reference of a lab test image, e.g. `10.213.0.1:5000/stack-test/web:1`. */
export function labImage(name: LabImageName, tag = '1'): string {
  return `${labRegistry()}/stack-test/${name}:${tag}`;
}

/** Node counts and sockets from the lab env file. Throws when the lab is not up. */
export function labNodes(): LabNodes {
  const env = readLabEnv();
  const total = Number(env.STACK_LAB_NODES);
  if (!Number.isInteger(total) || total < 1) {
    throw new Error(`stack lab is not up: ${labEnvFile()} is missing or incomplete. ${NOT_UP_HINT}`);
  }
  const split = (v: string | undefined): string[] => (v ? v.split(',').filter((s) => s !== '') : []);
  const managerHosts = split(env.STACK_LAB_MANAGERS);
  const hosts = split(env.STACK_LAB_HOSTS);
  return {
    total,
    managers: Number(env.STACK_LAB_MANAGER_COUNT) || managerHosts.length,
    managerHosts,
    hosts: hosts.length > 0 ? hosts : Array.from({ length: total }, (_, i) => labNodeHost(i + 1)),
  };
}

/** DOCKER_HOST of node N (1-based); its swarm hostname is `nodeN`. */
export function labNodeHost(n: number): string {
  return `unix://${labRunDir()}/node${n}.sock`;
}

/**
 * Runs the docker CLI against the lab (default: the manager) and returns trimmed stdout.
 * Throws with docker's stderr on a non-zero exit.
 */
export function labDocker(args: string[], opts: { host?: string; input?: string; timeoutMs?: number } = {}): string {
  const host = opts.host ?? labDockerHost();
  try {
    return execFileSync(LAB_DOCKER_CLI, ['-H', host, ...args], {
      encoding: 'utf8',
      input: opts.input,
      timeout: opts.timeoutMs ?? 60_000,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, DOCKER_CLI_HINTS: 'false' },
    }).trim();
  } catch (err) {
    const e = err as { stderr?: string | Buffer; message: string };
    const stderr = e.stderr?.toString().trim();
    throw new Error(`docker ${args.join(' ')} failed: ${stderr || e.message}`);
  }
}
