import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

/*
 * The error corpus (test/fixtures/errors/<NN-name>/): broken Compose inputs and the exact text `stack` prints for
 * each. Every case runs the built CLI with the case directory as the working directory and `-c docker-compose.yml`,
 * and must exit 1 with stdout empty and stderr equal to expected.txt, byte for byte (no colour, no stack trace).
 *
 * A case may hold args.json, either a list of extra arguments or an object:
 *   { "args": [...], "env": {...}, "command": "config" | "deploy", "stackName": "..." }
 * When the arguments name their own `-c` files, the default `-c docker-compose.yml` is left out. `deploy` cases get
 * an unreachable DOCKER_HOST: the load error must come first. The absolute case directory appears as `<DIR>`.
 *
 * Goldens are never written by CI. To regenerate them locally, run with UPDATE_GOLDENS=1, then review every
 * changed expected.txt by eye (git diff) before committing.
 */

const CORPUS = join(REPO_ROOT, 'test', 'fixtures', 'errors');
const UPDATE = process.env.UPDATE_GOLDENS === '1';
const UNREACHABLE = 'unix:///nonexistent/stack-error-corpus.sock';

interface CaseArgs {
  args: string[];
  env: Record<string, string>;
  command: 'config' | 'deploy';
  stackName?: string;
}

function readCaseArgs(dir: string): CaseArgs {
  const file = join(dir, 'args.json');
  if (!existsSync(file)) return { args: [], env: {}, command: 'config' };
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (Array.isArray(raw)) return { args: raw.map(String), env: {}, command: 'config' };
  const spec = raw as Partial<CaseArgs>;
  return {
    args: spec.args ?? [],
    env: spec.env ?? {},
    command: spec.command ?? 'config',
    ...(spec.stackName === undefined ? {} : { stackName: spec.stackName }),
  };
}

/** The command line of a case: the command, the compose files, the extra arguments, and a stack name for deploy. */
function commandLine(spec: CaseArgs): string[] {
  const namesFiles = spec.args.some((arg) => arg === '-c' || arg === '--compose-file' || arg.startsWith('--compose-file='));
  const files = namesFiles ? [] : ['-c', 'docker-compose.yml'];
  const stack = spec.command === 'deploy' ? [spec.stackName ?? 'errorcorpus'] : [];
  return [spec.command, ...files, ...spec.args, ...stack];
}

/** Replaces the absolute case directory (as given and as resolved) with `<DIR>`. */
function withPlaceholder(text: string, dir: string): string {
  let out = text;
  for (const absolute of new Set([realpathSync(dir), dir])) out = out.split(absolute).join('<DIR>');
  return out;
}

function runCase(dir: string): { code: number; stdout: string; stderr: string } {
  const spec = readCaseArgs(dir);
  const run = runCli(commandLine(spec), {
    cwd: dir,
    env: {
      // Nothing from the developer's shell may leak into a case: no docker endpoint, no colour, a fixed HOME.
      DOCKER_HOST: UNREACHABLE,
      DOCKER_CONTEXT: undefined,
      DOCKER_CONFIG: join(dir, '.no-docker-config'),
      HOME: '/home/corpus',
      DEBUG: undefined,
      ...spec.env,
    },
  });
  return { code: run.code, stdout: withPlaceholder(run.stdout, dir), stderr: withPlaceholder(run.stderr, dir) };
}

const cases = readdirSync(CORPUS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('error corpus: stack prints exactly the golden text for every broken input', () => {
  it('has at least 45 cases, each with a golden', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
    if (!UPDATE) expect(cases.filter((name) => !existsSync(join(CORPUS, name, 'expected.txt')))).toEqual([]);
  });

  for (const name of cases) {
    it(name, () => {
      const dir = join(CORPUS, name);
      const run = runCase(dir);
      const golden = join(dir, 'expected.txt');
      if (UPDATE) writeFileSync(golden, run.stderr);
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
      expect(run.stderr).not.toContain('Internal error');
      expect(run.stderr).not.toMatch(/\u001b\[/);
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: '' });
      expect(run.stderr).toBe(readFileSync(golden, 'utf8'));
    });
  }
});

describe('full example: stack config loads every v3.13 key with only the expected warnings', () => {
  const dir = join(REPO_ROOT, 'test', 'fixtures', 'full-example');

  it('exits 0, prints the model, and warns exactly as expected-warnings.txt says', () => {
    const run = runCli(['config', '-c', 'docker-compose.yml'], {
      cwd: dir,
      env: { HOME: '/home/user', FROM_SHELL: 'shell-value', DEBUG: undefined },
    });
    const golden = join(dir, 'expected-warnings.txt');
    const stderr = withPlaceholder(run.stderr, dir);
    if (UPDATE) writeFileSync(golden, stderr);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('services:\n  app:\n');
    // Secret and config files are read (a missing one would fail), but their contents are never printed.
    expect(run.stdout).not.toContain('db-password-value');
    expect(run.stdout).not.toContain('api-key-value');
    expect(stderr).toBe(readFileSync(golden, 'utf8'));
  });
});
