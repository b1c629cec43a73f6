// The error corpus (test/fixtures/errors/<NN-name>/): broken Compose inputs and the exact text `stack` prints for
// each (expected.txt). Shared by test/unit/commands/error-corpus.test.ts (every case through `stack config`, and some through `deploy`
// with an unreachable endpoint) and faults-input.int.test.ts (every case through `stack deploy` against a live swarm).
//
// A case may hold args.json, either a list of extra arguments or an object:
//   { "args": [...], "env": {...}, "command": "config" | "deploy", "stackName": "..." }
// When the arguments name their own `-c` files, the default `-c docker-compose.yml` is left out. The absolute case
// directory appears as `<DIR>` in goldens.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCli, type CliRun } from './cli.js';

export const CORPUS_DIR = join(REPO_ROOT, 'test', 'fixtures', 'errors');

/** How a case is run: its command, extra arguments, environment and stack name (deploy). */
export interface CorpusCase {
  name: string;
  dir: string;
  args: string[];
  env: Record<string, string>;
  command: 'config' | 'deploy';
  stackName?: string;
  /** expected.txt, or undefined when the case has none yet. */
  golden?: string;
}

/** Names of every case directory, sorted. */
export function corpusCaseNames(): string[] {
  return readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function readCorpusCase(name: string): CorpusCase {
  const dir = join(CORPUS_DIR, name);
  const file = join(dir, 'args.json');
  const goldenFile = join(dir, 'expected.txt');
  const golden = existsSync(goldenFile) ? readFileSync(goldenFile, 'utf8') : undefined;
  const base = { name, dir, ...(golden === undefined ? {} : { golden }) };
  if (!existsSync(file)) return { ...base, args: [], env: {}, command: 'config' };
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (Array.isArray(raw)) return { ...base, args: raw.map(String), env: {}, command: 'config' };
  const spec = raw as Partial<CorpusCase>;
  return {
    ...base,
    args: spec.args ?? [],
    env: spec.env ?? {},
    command: spec.command ?? 'config',
    ...(spec.stackName === undefined ? {} : { stackName: spec.stackName }),
  };
}

/** The command line of a case: the command, the compose files, the extra arguments, and a stack name for deploy. */
export function corpusCommandLine(spec: Pick<CorpusCase, 'args' | 'command' | 'stackName'>, defaultStack = 'errorcorpus'): string[] {
  const namesFiles = spec.args.some((arg) => arg === '-c' || arg === '--compose-file' || arg.startsWith('--compose-file='));
  const files = namesFiles ? [] : ['-c', 'docker-compose.yml'];
  const stack = spec.command === 'deploy' ? [spec.stackName ?? defaultStack] : [];
  return [spec.command, ...files, ...spec.args, ...stack];
}

/** Replaces the absolute case directory (as given and as resolved) with `<DIR>`. */
export function withDirPlaceholder(text: string, dir: string): string {
  let out = text;
  for (const absolute of new Set([realpathSync(dir), dir])) out = out.split(absolute).join('<DIR>');
  return out;
}

/** How runCorpusCase runs a case: the endpoint (the error corpus gives an unreachable one), the command and stack. */
export interface CorpusRunOptions {
  dockerHost: string;
  /** Run the case with this command instead of its own (faults-input runs every case through `deploy`). */
  command?: CorpusCase['command'];
  /** Stack name for deploy cases that name none. */
  defaultStack?: string;
}

/**
 * Runs a case with the case directory as working directory. Nothing from the developer's shell may leak into a case:
 * no docker context or config, no colour, no DEBUG, a fixed HOME. Output has the case directory as `<DIR>`.
 */
export function runCorpusCase(spec: CorpusCase, options: CorpusRunOptions): CliRun {
  const args = corpusCommandLine({ ...spec, command: options.command ?? spec.command }, options.defaultStack);
  const run = runCli(args, {
    cwd: spec.dir,
    env: {
      DOCKER_HOST: options.dockerHost,
      DOCKER_CONTEXT: undefined,
      DOCKER_CONFIG: join(spec.dir, '.no-docker-config'),
      HOME: '/home/corpus',
      DEBUG: undefined,
      ...spec.env,
    },
  });
  return { code: run.code, stdout: withDirPlaceholder(run.stdout, spec.dir), stderr: withDirPlaceholder(run.stderr, spec.dir) };
}
