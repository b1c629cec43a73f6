import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO_ROOT, 'bin', 'run.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  /** How long the run may take before it is killed (runCli only; 240 s unless told: a deploy on a starved CI machine). */
  timeoutMs?: number;
}

/** The process environment plus the caller's changes (undefined removes a variable); colour settings are dropped. */
function cliEnv(options: CliOptions): NodeJS.ProcessEnv {
  // GITHUB_STEP_SUMMARY: a CI runner's summary page must not collect every test run's report (tests set it when they want it).
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, GITHUB_STEP_SUMMARY: undefined, ...options.env };
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
}

/** Runs the built CLI (`npm run build` first) as a user would, without a TTY. */
export function runCli(args: string[], options: CliOptions = {}): CliRun {
  const result = spawnSync(process.execPath, ['--', BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: cliEnv(options),
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 240_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A CLI run in the background (for fault tests that break the swarm while it works). */
export interface BackgroundCli {
  /** Output so far. */
  output(): { stdout: string; stderr: string };
  done: Promise<CliRun>;
}

/** Starts the built CLI without waiting for it; `done` resolves when it exits. */
export function startCli(args: string[], options: CliOptions = {}): BackgroundCli {
  const child = spawn(process.execPath, ['--', BIN, ...args], { cwd: options.cwd ?? REPO_ROOT, env: cliEnv(options), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr })));
  return { output: () => ({ stdout, stderr }), done };
}

/**
 * Like runCli, without blocking: many runs can go at once. Resolves when the process exits. `nice` lowers the
 * run's CPU priority (nice(1)), so that a crowd of background runs does not starve the runs under test.
 */
export function runCliAsync(args: string[], options: CliOptions & { nice?: number } = {}): Promise<CliRun> {
  const command = [process.execPath, '--', BIN, ...args];
  const [file, ...rest] = options.nice === undefined ? command : ['nice', '-n', String(options.nice), ...command];
  const child = spawn(file!, rest, { cwd: options.cwd ?? REPO_ROOT, env: cliEnv(options), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(options.input ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr }));
  });
}
