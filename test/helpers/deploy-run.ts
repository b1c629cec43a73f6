// Shared set-up of the deploy/rollback integration files: own stack names cleaned before and after (services,
// networks, revision records, lock, stack secrets and configs), Compose files in temporary directories, and the
// built CLI run to completion or in the background.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { REPO_ROOT, runCli, type CliRun } from './cli.js';
import { labDocker, labImage } from './lab.js';
import { removeStack } from './parity.js';

const stacks = new Set<string>();

// Registered when a test file imports this module (collection time): hooks registered inside a running test are
// not run. Each test file evaluates its own copy of the module, so this cleans that file's stacks.
afterAll(async () => {
  for (const stack of stacks) await cleanStack(stack);
}, 300_000);

/** Removes the stack, its revision records, its lock and the secrets/configs labelled with its namespace. */
export async function cleanStack(stack: string): Promise<void> {
  await removeStack(stack);
  const own = labDocker(['config', 'ls', '-q', '--filter', `label=io.stack.history=${stack}`]).split('\n').filter(Boolean);
  const lock = labDocker(['config', 'ls', '-q', '--filter', `name=stack-lock.${stack}`]).split('\n').filter(Boolean);
  for (const id of [...own, ...lock]) labDocker(['config', 'rm', id]);
  for (const kind of ['secret', 'config']) {
    const left = labDocker([kind, 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`]).split('\n').filter(Boolean);
    for (const id of left) labDocker([kind, 'rm', id]);
  }
}

/** Claims a stack name for the calling test file: cleaned now and again after the file. */
export async function useStack(name: string): Promise<string> {
  stacks.add(name);
  await cleanStack(name);
  return name;
}

/** A temporary directory holding the given files. */
export function dir(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'stack-deploy-'));
  write(d, files);
  return d;
}

export function write(d: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
}

export function deploy(d: string, stack: string, extra: string[] = []): CliRun {
  return runCli(['deploy', '-c', 'docker-compose.yml', ...extra, stack], { cwd: d });
}

/** The parts of `stack deploy --json` (docs/deploy-json.md) the tests read. */
export interface DeployJson {
  outcome: string;
  revision: number | null;
  message: string | null;
  services: { name: string; key?: string; action: string; phase: string; message?: string; running?: number; desired?: number; durationMs?: number }[];
  changes: { type: string; name: string; action: string }[];
  rollback: { outcome: string; services: { name: string; phase: string }[] } | null;
  cleanup: { removedSecrets: string[]; removedConfigs: string[]; prunedRevisions: number[] };
  apiCalls: { total: number; get: number; post: number; delete: number };
}

export function deployJson(d: string, stack: string, extra: string[] = []): { run: CliRun; json: DeployJson } {
  const run = deploy(d, stack, [...extra, '--json']);
  let json: DeployJson;
  try {
    json = JSON.parse(run.stdout) as DeployJson;
  } catch {
    throw new Error(`no JSON from stack deploy (${run.code}): ${run.stderr}${run.stdout}`);
  }
  return { run, json };
}

export function taskIds(service: string): string[] {
  return labDocker(['service', 'ps', '-q', '--filter', 'desired-state=running', service]).split('\n').filter(Boolean).sort();
}

/** Revision record name → its outcome label. */
export function revisionOutcomes(stack: string): Record<string, string> {
  const out = labDocker(['config', 'ls', '--filter', `label=io.stack.history=${stack}`, '--format', '{{.Name}}']).split('\n').filter(Boolean);
  return Object.fromEntries(out.map((name) => [name, labDocker(['config', 'inspect', '--format', '{{index .Spec.Labels "io.stack.outcome"}}', name])]));
}

export function lockPresent(stack: string): boolean {
  return labDocker(['config', 'ls', '-q', '--filter', `name=stack-lock.${stack}`]) !== '';
}

const HEALTH = `
    healthcheck:
      test: ["CMD", "test", "-f", "/www/health"]
      interval: 1s
      timeout: 2s
      retries: 2`;

/** A stack of `web` (web image, healthcheck, MODE env) and `side` (busybox idle: exits at once on TERM, unlike a bare `sleep` as PID 1). */
export function webFile(options: { env?: string; image?: string; replicas?: number; extra?: string } = {}): string {
  return `services:
  web:
    image: ${options.image ?? labImage('web')}${HEALTH}
    environment:
      MODE: ${options.env ?? 'one'}
    deploy:
      replicas: ${options.replicas ?? 2}${options.extra ?? ''}
  side:
    image: ${labImage('busybox')}
`;
}

/** Spawns the CLI without waiting; resolves with its output when it exits. */
export function startCli(args: string[], cwd: string): { child: ReturnType<typeof spawn>; done: Promise<CliRun>; output: () => string } {
  const child = spawn(process.execPath, ['--', join(REPO_ROOT, 'bin', 'run.js'), ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr })));
  return { child, done, output: () => stdout + stderr };
}

export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
