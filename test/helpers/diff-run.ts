// Shared set-up of the `stack diff` integration files (diff.int.test.ts, diff-problems.int.test.ts): own stack names
// removed before and after the file, Compose files in temporary directories, the CLI run to completion, and task
// states read from the Engine. Importing the module registers the file's clean-up (as deploy-run.ts does).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { PlanJson } from '../../src/render/plan-json.js';
import { runCli } from './cli.js';
import { labDockerHost, labImage } from './lab.js';
import { engineGet, removeStack } from './parity.js';

const stacks = new Set<string>();
// The CLI and planStack find the manager like docker does: DOCKER_HOST.
process.env.DOCKER_HOST ??= labDockerHost();

afterAll(async () => {
  for (const stack of stacks) await removeStack(stack);
}, 300_000);

export function stackDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stack-diff-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A fresh stack name for one test (a leftover of an earlier run is removed first). */
export async function useStack(name: string): Promise<string> {
  stacks.add(name);
  await removeStack(name);
  return name;
}

export function stackCli(args: string[], dir: string) {
  return runCli(args, { cwd: dir });
}

export function diffJson(dir: string, stack: string, extra: string[] = []): PlanJson {
  const run = stackCli(['diff', '-c', 'docker-compose.yml', ...extra, '--json', stack], dir);
  if (run.code !== 0) throw new Error(`stack diff failed (${run.code}): ${run.stderr}${run.stdout}`);
  return JSON.parse(run.stdout) as PlanJson;
}

export function deploy(dir: string, stack: string, extra: string[] = []) {
  const run = stackCli(['deploy', '-c', 'docker-compose.yml', ...extra, stack], dir);
  if (run.code !== 0) throw new Error(`stack deploy failed (${run.code}): ${run.stderr}${run.stdout}`);
  return run;
}

export function changed(plan: PlanJson) {
  return plan.changes.filter((c) => c.action !== 'none');
}

export interface TaskState {
  ID: string;
  NodeID?: string;
  DesiredState: string;
  Status: { State: string };
}

/** IDs of the tasks of a service that swarm wants running. */
export async function runningTaskIds(service: string): Promise<string[]> {
  const tasks = await engineGet<TaskState[]>(`/tasks?filters=${encodeURIComponent(JSON.stringify({ service: [service], 'desired-state': ['running'] }))}`);
  return tasks.map((t) => t.ID).sort();
}

/** Waits until a service has `count` tasks running and none starting or stopping. */
export async function waitRunning(service: string, count: number, timeoutMs = 60_000): Promise<void> {
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

export const WEB1 = labImage('web', '1');
export const WEB2 = labImage('web', '2');
export const BUSYBOX = labImage('busybox', '1');
