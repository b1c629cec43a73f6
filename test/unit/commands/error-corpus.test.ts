import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../../helpers/cli.js';
import { CORPUS_DIR, corpusCaseNames, readCorpusCase, runCorpusCase, withDirPlaceholder } from '../../helpers/error-corpus.js';

/*
 * The error corpus (test/fixtures/errors/<NN-name>/): broken Compose inputs and the exact text `stack` prints for
 * each. Every case runs the built CLI with the case directory as the working directory and `-c docker-compose.yml`,
 * and must exit 1 with stdout empty and stderr equal to expected.txt, byte for byte (no colour, no stack trace).
 *
 * A case may hold args.json (test/helpers/error-corpus.ts says how it is read). `deploy` cases get an unreachable
 * DOCKER_HOST: the load error must come first. faults-input.int.test.ts runs every case through `stack deploy`
 * against a live swarm.
 *
 * Goldens are never written by CI. To regenerate them locally, run with UPDATE_GOLDENS=1, then review every
 * changed expected.txt by eye (git diff) before committing.
 */

const UPDATE = process.env.UPDATE_GOLDENS === '1';
const UNREACHABLE = 'unix:///nonexistent/stack-error-corpus.sock';

const cases = corpusCaseNames();

describe('error corpus: stack prints exactly the golden text for every broken input', () => {
  it('has at least 45 cases, each with a golden', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
    if (!UPDATE) expect(cases.filter((name) => !existsSync(join(CORPUS_DIR, name, 'expected.txt')))).toEqual([]);
  });

  for (const name of cases) {
    it(name, () => {
      const spec = readCorpusCase(name);
      const run = runCorpusCase(spec, { dockerHost: UNREACHABLE });
      const golden = join(spec.dir, 'expected.txt');
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
    const stderr = withDirPlaceholder(run.stderr, dir);
    if (UPDATE) writeFileSync(golden, stderr);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('services:\n  app:\n');
    // Secret and config files are read (a missing one would fail), but their contents are never printed.
    expect(run.stdout).not.toContain('db-password-value');
    expect(run.stdout).not.toContain('api-key-value');
    expect(stderr).toBe(readFileSync(golden, 'utf8'));
  });
});
