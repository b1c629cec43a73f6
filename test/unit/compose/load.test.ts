import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadStack } from '../../../src/compose/load.js';
import type { LoadOptions, LoadResult } from '../../../src/compose/types.js';
import { InputError } from '../../../src/errors/index.js';
import type { InputProblem } from '../../../src/errors/index.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stack-load-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
}

function options(files: string[], extra: Partial<LoadOptions> = {}): LoadOptions {
  return { files, cwd: dir, env: {}, ...extra };
}

async function problemsOf(promise: Promise<LoadResult>): Promise<InputProblem[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('loadStack', () => {
  it('loads one file into a model', async () => {
    await write({ 'compose.yaml': 'services:\n  web:\n    image: nginx:${TAG:-1.25}\n    ports: ["80:80"]\n' });
    const result = await loadStack(options(['compose.yaml']));
    expect(result.model.format).toBe('spec');
    expect(result.model.workingDir).toBe(dir);
    expect(result.model.files).toEqual([path.join(dir, 'compose.yaml')]);
    expect(result.model.services.web?.image).toBe('nginx:1.25');
    expect(result.model.services.web?.ports).toEqual([
      { target: 80, published: 80, protocol: 'tcp', mode: 'ingress', short: true },
    ]);
    expect(result.sourceMap.locate(['services', 'web', 'image'])).toEqual({ file: 'compose.yaml', line: 3, col: 12 });
    expect(result.warnings).toEqual([]);
  });

  it('interpolates from .env in the working directory, the environment winning', async () => {
    await write({
      'app/compose.yaml': 'services:\n  web:\n    image: "app:${TAG}"\n    user: "${USER_NAME}"\n',
      'app/.env': 'TAG=from-file\nUSER_NAME=file-user\n',
    });
    const result = await loadStack(options(['app/compose.yaml'], { env: { USER_NAME: 'env-user' } }));
    expect(result.model.services.web?.image).toBe('app:from-file');
    expect(result.model.services.web?.user).toBe('env-user');
  });

  it('merges several files (repeated and comma-separated -c) in order', async () => {
    await write({
      'base.yml': 'version: "3.8"\nservices:\n  web: {image: a, environment: {A: "1"}}\n  db: {image: pg}\n',
      'override.yml': 'version: "3.8"\nservices:\n  web: {image: b, environment: {B: "2"}}\n',
      'more.yml': 'version: "3.8"\nservices:\n  cache: {image: redis}\n',
    });
    const result = await loadStack(options(['base.yml,override.yml', 'more.yml']));
    expect(Object.keys(result.model.services)).toEqual(['cache', 'db', 'web']);
    expect(result.model.services.web?.image).toBe('b');
    expect(result.model.services.web?.environment).toEqual({ A: '1', B: '2' });
    expect(result.sourceMap.locate(['services', 'web', 'image'])?.file).toBe('override.yml');
  });

  it('resolves extends across files, the other file going through the same phases', async () => {
    await write({
      'compose.yaml': 'services:\n  web:\n    extends: {file: common/base.yml, service: base}\n    user: root\n',
      'common/base.yml': 'services:\n  base:\n    image: "base:${TAG:-x}"\n    env_file: base.env\n',
      'common/base.env': 'FROM_FILE=1\n',
    });
    const result = await loadStack(options(['compose.yaml']));
    expect(result.model.services.web?.image).toBe('base:x');
    expect(result.model.services.web?.user).toBe('root');
    expect(result.model.services.web?.environment).toEqual({ FROM_FILE: '1' });
  });

  it('reports read and parse problems of all files together', async () => {
    await write({
      'bad.yml': 'services:\n  web: [\n',
      'dup.yml': 'services:\n  web:\n    image: a\n    image: b\n',
    });
    const problems = await problemsOf(loadStack(options(['missing.yml', 'bad.yml', 'dup.yml'])));
    expect(problems.map((p) => p.code)).toEqual(['FILE_NOT_FOUND', 'YAML_SYNTAX', 'YAML_DUPLICATE_KEY']);
  });

  it('reports forbidden keys, interpolation and schema problems of all files together', async () => {
    await write({
      'a.yml': 'services:\n  web:\n    image: "${TAG:?set TAG}"\n    deploy: {replicas: many}\n    mem_limit: 1g\n',
      'b.yml': 'services:\n  web:\n    user: "${ bad}"\n',
    });
    const problems = await problemsOf(loadStack(options(['a.yml', 'b.yml'])));
    expect(problems).toEqual([
      {
        code: 'VARIABLE_REQUIRED',
        message: 'required variable TAG is missing a value: set TAG',
        path: 'services.web.image',
        location: { file: 'a.yml', line: 3, col: 12 },
        hint: 'set the variable in the environment or in the .env file',
      },
      {
        code: 'INVALID_TYPE',
        message: 'must be an integer, got "many"',
        path: 'services.web.deploy.replicas',
        location: { file: 'a.yml', line: 4, col: 24 },
      },
      {
        code: 'FORBIDDEN_KEY',
        message: 'not supported in swarm mode',
        path: 'services.web.mem_limit',
        location: { file: 'a.yml', line: 5, col: 5 },
        hint: 'use deploy.resources.limits.memory',
      },
      {
        code: 'INTERPOLATION_FORMAT',
        message: 'invalid interpolation format for "${ bad}": you may need to escape any $ with another $',
        path: 'services.web.user',
        location: { file: 'b.yml', line: 3, col: 11 },
        hint: 'a variable name must follow ${ directly, as in ${NAME}; write $$ for a literal $',
      },
    ]);
  });

  it('leaves out schema findings that only repeat an interpolation problem', async () => {
    await write({ 'compose.yaml': 'services:\n  web:\n    image: x\n    deploy: {replicas: "${N}"}\n' });
    const problems = await problemsOf(loadStack(options(['compose.yaml'], { env: { N: 'three' } })));
    expect(problems.map((p) => [p.code, p.path])).toEqual([['INTERPOLATION_CAST', 'services.web.deploy.replicas']]);
  });

  it('reports forbidden keys and interpolation problems even when the version is refused', async () => {
    await write({ 'compose.yaml': 'version: "2.4"\nservices:\n  web:\n    image: "${"\n    cpu_shares: 2\n' });
    const problems = await problemsOf(loadStack(options(['compose.yaml'])));
    expect(problems.map((p) => p.code)).toEqual(['UNSUPPORTED_VERSION', 'INTERPOLATION_FORMAT', 'FORBIDDEN_KEY']);
  });

  it('reports model and cross-field problems together', async () => {
    await write({
      'compose.yaml': 'services:\n  web:\n    image: x\n    command: "echo \'unclosed"\n    secrets: [nope]\n',
    });
    const problems = await problemsOf(loadStack(options(['compose.yaml'])));
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['INVALID_COMMAND', 'services.web.command'],
      ['UNDEFINED_REFERENCE', 'services.web.secrets[0].source'],
    ]);
  });

  it('reports schema problems', async () => {
    await write({ 'compose.yaml': 'services:\n  web:\n    image: x\n    deploy: {replicas: many}\n' });
    const problems = await problemsOf(loadStack(options(['compose.yaml'])));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.path).toBe('services.web.deploy.replicas');
  });

  it('reports short-syntax problems from the canonical phase', async () => {
    await write({ 'compose.yaml': 'services:\n  web:\n    image: x\n    ports: ["8080-8081:80-82"]\n' });
    const problems = await problemsOf(loadStack(options(['compose.yaml'])));
    expect(problems.map((p) => [p.code, p.path])).toEqual([['PORT_SYNTAX', 'services.web.ports[0]']]);
  });

  it('reports a missing extends file at the extends key', async () => {
    await write({ 'compose.yaml': 'services:\n  web:\n    extends: {file: nope.yml, service: x}\n' });
    const problems = await problemsOf(loadStack(options(['compose.yaml'])));
    expect(problems).toEqual([
      {
        code: 'EXTENDS_FILE_NOT_FOUND',
        message: `extends file not found: nope.yml (resolved to ${path.join(dir, 'nope.yml')})`,
        path: 'services.web.extends.file',
        location: { file: 'compose.yaml', line: 3, col: 5 },
        hint: 'extends.file is relative to the directory of the file that contains it',
      },
    ]);
  });

  it('reports problems inside an extended file with that file', async () => {
    await write({
      'compose.yaml': 'services:\n  web:\n    extends: {file: other.yml, service: x}\n',
      'other.yml': 'services:\n  x:\n    image: "${ nope}"\n',
    });
    const problems = await problemsOf(loadStack(options(['compose.yaml'])));
    expect(problems.map((p) => [p.code, p.location?.file])).toEqual([['INTERPOLATION_FORMAT', 'other.yml']]);
  });

  it('reads the first file from stdin with the current directory as working directory', async () => {
    const result = await loadStack(
      options(['-'], { readStdin: async () => 'services:\n  web:\n    image: nginx\n' }),
    );
    expect(result.model.workingDir).toBe(dir);
    expect(result.model.files).toEqual(['-']);
    expect(result.model.services.web?.image).toBe('nginx');
  });

  it('returns warnings for keys swarm ignores', async () => {
    await write({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    privileged: true\n' });
    const result = await loadStack(options(['compose.yaml']));
    expect(result.warnings.map((w) => w.path)).toContain('services.web.privileged');
  });
});
