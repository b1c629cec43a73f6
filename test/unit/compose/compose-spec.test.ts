import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadStack } from '../../../src/compose/load.js';
import { activeProfiles, isEnabled } from '../../../src/compose/profiles.js';
import { runsOnce } from '../../../src/compose/depends-on.js';
import type { LoadOptions, LoadResult } from '../../../src/compose/types.js';
import { createVariables } from '../../../src/compose/variables.js';
import { InputError, type InputProblem } from '../../../src/errors/index.js';
import { formatProblem } from '../../../src/errors/problem.js';
import { stackNameOf } from '../../../src/workflows/plan-stack.js';
import { dedent } from '../../helpers/dedent.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stack-spec-'));
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

function load(files: string[], extra: Partial<LoadOptions> = {}): Promise<LoadResult> {
  return loadStack({ files, cwd: dir, env: {}, ...extra });
}

async function problemsOf(promise: Promise<unknown>): Promise<InputProblem[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected an InputError');
}

const PROFILED = dedent`
  services:
    web:
      image: nginx
    debug:
      image: busybox
      profiles: [debug]
    tools:
      image: busybox
      profiles: [tools, ops]
`;

describe('profiles', () => {
  it('services without profiles always run; a service with profiles only when one is active', async () => {
    await write({ 'compose.yaml': PROFILED });
    const none = await load(['compose.yaml']);
    expect(Object.keys(none.model.services)).toEqual(['web']);
    expect(none.model.excludedServices).toEqual([
      { service: 'debug', profiles: ['debug'] },
      { service: 'tools', profiles: ['tools', 'ops'] },
    ]);
    expect(none.model.activeProfiles).toBeUndefined();
    expect(none.warnings.map((w) => w.path)).not.toContain('services.debug.profiles');

    const ops = await load(['compose.yaml'], { profiles: ['ops'] });
    expect(Object.keys(ops.model.services)).toEqual(['web', 'tools']);
    expect(ops.model.activeProfiles).toEqual(['ops']);
    expect(ops.model.excludedServices).toEqual([{ service: 'debug', profiles: ['debug'] }]);
  });

  it('--profile is repeatable and comma-separated; "*" enables all', async () => {
    await write({ 'compose.yaml': PROFILED });
    expect(Object.keys((await load(['compose.yaml'], { profiles: ['debug', 'tools'] })).model.services)).toEqual(['web', 'debug', 'tools']);
    expect(Object.keys((await load(['compose.yaml'], { profiles: ['debug,tools'] })).model.services)).toEqual(['web', 'debug', 'tools']);
    const all = await load(['compose.yaml'], { profiles: ['*'] });
    expect(Object.keys(all.model.services)).toEqual(['web', 'debug', 'tools']);
    expect(all.model.excludedServices).toBeUndefined();
  });

  it('COMPOSE_PROFILES (process environment or .env) applies when no --profile is given', async () => {
    await write({ 'compose.yaml': PROFILED, '.env': 'COMPOSE_PROFILES=tools\n' });
    expect(Object.keys((await load(['compose.yaml'])).model.services)).toEqual(['web', 'tools']);
    expect(Object.keys((await load(['compose.yaml'], { env: { COMPOSE_PROFILES: 'debug, tools' } })).model.services)).toEqual(['web', 'debug', 'tools']);
    // --profile replaces COMPOSE_PROFILES.
    expect(Object.keys((await load(['compose.yaml'], { profiles: ['debug'] })).model.services)).toEqual(['web', 'debug']);
  });

  it('activeProfiles and isEnabled', () => {
    const vars = createVariables({ COMPOSE_PROFILES: 'a,,b , a' });
    expect(activeProfiles(undefined, vars)).toEqual(['a', 'b']);
    expect(activeProfiles(['x', 'y,z'], vars)).toEqual(['x', 'y', 'z']);
    expect(isEnabled([], [])).toBe(true);
    expect(isEnabled(['a'], [])).toBe(false);
    expect(isEnabled(['a'], ['*'])).toBe(true);
    expect(isEnabled(['a', 'b'], ['b'])).toBe(true);
  });

  it('an active service that depends on a left-out one is an error naming both, at the depends_on entry', async () => {
    await write({
      'compose.yaml': dedent`
        services:
          web:
            image: nginx
            depends_on: [db]
          db:
            image: postgres
            profiles: [data]
      `,
    });
    const problems = await problemsOf(load(['compose.yaml']));
    expect(problems.map(formatProblem)).toEqual([
      'compose.yaml:4:18  services.web.depends_on.db: service "web" depends on service "db", which is left out: its profiles ("data") are not active\n' +
        '  hint: enable it with --profile data, give "web" the same profiles, or mark the dependency required: false',
    ]);
    expect(Object.keys((await load(['compose.yaml'], { profiles: ['data'] })).model.services)).toEqual(['web', 'db']);
  });

  it('a required: false dependency on a left-out service is dropped; a left-out dependent is no error; extends does not count', async () => {
    await write({
      'compose.yaml': dedent`
        services:
          web:
            image: nginx
            depends_on:
              cache: {condition: service_started, required: false}
          cache:
            image: redis
            profiles: [cache]
          admin:
            image: busybox
            profiles: [admin]
            depends_on: [web]
          base:
            image: busybox
            profiles: [never]
          child:
            extends: base
      `,
    });
    const result = await load(['compose.yaml']);
    // `child` inherits the profiles of what it extends (a merge), and is left out with it without an error.
    expect(Object.keys(result.model.services)).toEqual(['web']);
    expect(result.model.services.web?.depends_on).toEqual({});
    expect(result.model.excludedServices?.map((e) => e.service)).toEqual(['cache', 'admin', 'base', 'child']);
  });
});

describe('top-level name', () => {
  it('is the stack name when no argument is given; the argument wins', async () => {
    await write({ 'compose.yaml': 'name: shop\nservices:\n  web:\n    image: nginx\n' });
    const { model } = await load(['compose.yaml']);
    expect(model.name).toBe('shop');
    expect(stackNameOf(undefined, model)).toBe('shop');
    expect(stackNameOf('other', model)).toBe('other');
  });

  it('is interpolated, and a later file overrides it', async () => {
    await write({
      'compose.yaml': 'name: ${APP:-shop}\nservices:\n  web:\n    image: nginx\n',
      'prod.yaml': 'name: shop-prod\n',
    });
    expect((await load(['compose.yaml'], { env: { APP: 'store' } })).model.name).toBe('store');
    expect((await load(['compose.yaml', 'prod.yaml'])).model.name).toBe('shop-prod');
  });

  it('without name and without argument: a usage error saying both ways', async () => {
    await write({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n' });
    const { model } = await load(['compose.yaml']);
    expect(() => stackNameOf(undefined, model)).toThrow(/no stack name: give the STACK argument or a top-level name:/);
  });

  it('an invalid name is reported at its line; names too long for swarm count the name', async () => {
    await write({ 'compose.yaml': 'name: My.App\nservices:\n  web:\n    image: nginx\n' });
    const problems = await problemsOf(load(['compose.yaml']));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.location).toEqual({ file: 'compose.yaml', line: 1, col: 7 });
    expect(problems[0]?.path).toBe('name');
    await write({ 'long.yaml': `name: ${'a'.repeat(60)}\nservices:\n  web:\n    image: nginx\n` });
    const long = await problemsOf(load(['long.yaml']));
    expect(long.map((p) => [p.code, p.message])).toEqual([['INVALID_SERVICE_NAME', expect.stringContaining('63')]]);
  });

  it('COMPOSE_PROJECT_NAME does not name the stack', async () => {
    await write({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n' });
    const { model } = await load(['compose.yaml'], { env: { COMPOSE_PROJECT_NAME: 'elsewhere' } });
    expect(() => stackNameOf(undefined, model)).toThrow(/no stack name/);
  });
});

describe('-c - (standard input)', () => {
  it('reads stdin once and resolves relative paths from the current directory', async () => {
    await write({ 'conf/app.conf': 'x=1\n' });
    let reads = 0;
    const readStdin = async () => {
      reads++;
      return 'services:\n  web:\n    image: nginx\n    configs: [app]\nconfigs:\n  app:\n    file: ./conf/app.conf\n';
    };
    const { model } = await load(['-'], { readStdin });
    expect(reads).toBe(1);
    expect(model.workingDir).toBe(dir);
    expect(model.configs.app?.file).toBe(path.join(dir, 'conf', 'app.conf'));
  });
});

describe('depends_on conditions', () => {
  it('keeps conditions and required in the model', async () => {
    await write({
      'compose.yaml': dedent`
        services:
          web:
            image: nginx
            depends_on:
              db: {condition: service_healthy}
              migrate: {condition: service_completed_successfully, required: false}
          db:
            image: postgres
            healthcheck: {test: ["CMD", "true"]}
          migrate:
            image: busybox
            deploy: {mode: replicated-job}
      `,
    });
    const { model, warnings } = await load(['compose.yaml']);
    expect(model.services.web?.depends_on).toEqual({
      db: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully', required: false },
    });
    expect(warnings).toEqual([]);
  });

  it('waiting for a service that restarts forever to complete is an error; healthy without a healthcheck warns', async () => {
    await write({
      'compose.yaml': dedent`
        services:
          web:
            image: nginx
            depends_on:
              db: {condition: service_healthy}
              worker: {condition: service_completed_successfully}
          db:
            image: postgres
          worker:
            image: busybox
      `,
    });
    const problems = await problemsOf(load(['compose.yaml']));
    expect(problems.map((p) => [p.code, p.path, p.location?.line])).toEqual([
      ['DEPENDENCY_NEVER_COMPLETES', 'services.web.depends_on.worker.condition', 6],
    ]);
    await write({ 'ok.yaml': dedent`
      services:
        web:
          image: nginx
          depends_on:
            db: {condition: service_healthy}
        db:
          image: postgres
    ` });
    const { warnings } = await load(['ok.yaml']);
    expect(warnings.map((w) => w.code)).toEqual(['DEPENDENCY_HEALTHCHECK_UNKNOWN']);
  });

  it('runsOnce: job modes, restart policy none / on-failure, legacy restart', () => {
    expect(runsOnce({ deploy: { mode: 'replicated-job' } })).toBe(true);
    expect(runsOnce({ deploy: { mode: 'global-job' } })).toBe(true);
    expect(runsOnce({ deploy: { restart_policy: { condition: 'none' } } })).toBe(true);
    expect(runsOnce({ deploy: { restart_policy: { condition: 'on-failure' } } })).toBe(true);
    expect(runsOnce({ deploy: { restart_policy: { condition: 'any' } } })).toBe(false);
    expect(runsOnce({ restart: 'no' })).toBe(true);
    expect(runsOnce({ restart: 'on-failure:3' })).toBe(true);
    expect(runsOnce({ restart: 'always' })).toBe(false);
    expect(runsOnce({})).toBe(false);
  });
});

describe('include', () => {
  it('short syntax: the included model joins, its relative paths resolve from its own directory', async () => {
    await write({
      'compose.yaml': dedent`
        include:
          - db/compose.yaml
        services:
          web:
            image: nginx
            depends_on: [db]
      `,
      'db/compose.yaml': dedent`
        services:
          db:
            image: postgres:\${PG_TAG:-16}
            volumes: ["./data:/var/lib/postgresql/data"]
            secrets: [pw]
        secrets:
          pw:
            file: ./pw.txt
      `,
    });
    const { model, sourceMap } = await load(['compose.yaml']);
    expect(Object.keys(model.services).sort()).toEqual(['db', 'web']);
    expect(model.services.db?.image).toBe('postgres:16');
    expect(model.services.db?.volumes?.[0]?.source).toBe(path.join(dir, 'db', 'data'));
    expect(model.secrets.pw?.file).toBe(path.join(dir, 'db', 'pw.txt'));
    expect(sourceMap.locate(['services', 'db', 'image'])).toEqual({ file: path.join('db', 'compose.yaml'), line: 3, col: 12 });
  });

  it('long syntax: path list (merged), project_directory and env_file; the process environment still wins', async () => {
    await write({
      'compose.yaml': dedent`
        include:
          - path: [api/base.yaml, api/override.yaml]
            project_directory: api/project
            env_file: api/api.env
        services:
          web:
            image: nginx
      `,
      'api/base.yaml': 'services:\n  api:\n    image: "api:${API_TAG}"\n    environment: {MODE: "${MODE}"}\n    volumes: ["./cache:/cache"]\n',
      'api/override.yaml': 'services:\n  api:\n    deploy: {replicas: 2}\n',
      'api/api.env': 'API_TAG=7\nMODE=from-file\n',
    });
    const { model } = await load(['compose.yaml'], { env: { MODE: 'from-shell' } });
    expect(model.services.api?.image).toBe('api:7');
    expect(model.services.api?.environment).toEqual({ MODE: 'from-shell' });
    expect(model.services.api?.deploy?.replicas).toBe(2);
    expect(model.services.api?.volumes?.[0]?.source).toBe(path.join(dir, 'api', 'project', 'cache'));
  });

  it('the default env file is .env in the project directory', async () => {
    await write({
      'compose.yaml': 'include: [sub/compose.yaml]\nservices:\n  web:\n    image: nginx\n',
      'sub/compose.yaml': 'services:\n  sub:\n    image: "busybox:${SUB_TAG}"\n',
      'sub/.env': 'SUB_TAG=1.36\n',
    });
    expect((await load(['compose.yaml'])).model.services.sub?.image).toBe('busybox:1.36');
  });

  it('a resource defined in the including file and an included one is an error naming both files; identical ones are fine', async () => {
    await write({
      'compose.yaml': dedent`
        include: [other.yaml, same.yaml]
        services:
          web:
            image: nginx
        networks:
          front: {}
      `,
      'other.yaml': 'services:\n  web:\n    image: httpd\n',
      'same.yaml': 'networks:\n  front: {}\n',
    });
    const problems = await problemsOf(load(['compose.yaml']));
    expect(problems.map(formatProblem)).toEqual([
      'other.yaml:2:3  services.web: services.web is defined both here and in compose.yaml:3:3\n' +
        '  hint: an included resource cannot be redefined by the including file or another include: rename one, or keep one definition (use a -c override file to change an included one)',
    ]);
  });

  it('errors inside an included file point at that file; a missing include names the entry', async () => {
    await write({
      'compose.yaml': 'include: [bad.yaml, missing.yaml]\nservices:\n  web:\n    image: nginx\n',
      'bad.yaml': 'services:\n  api:\n    image: busybox\n    deploy:\n      replicas: many\n',
    });
    const problems = await problemsOf(load(['compose.yaml']));
    expect(problems.map((p) => [p.code, p.location?.file, p.location?.line])).toEqual([
      ['INVALID_TYPE', 'bad.yaml', 5],
      ['FILE_NOT_FOUND', 'compose.yaml', 1],
    ]);
  });

  it('a missing include env_file is reported at the entry, as written and as resolved', async () => {
    await write({
      'compose.yaml': 'include:\n  - path: sub/c.yaml\n    env_file: sub/missing.env\nservices:\n  web:\n    image: nginx\n',
      'sub/c.yaml': 'services:\n  s:\n    image: busybox\n',
    });
    const problems = await problemsOf(load(['compose.yaml']));
    expect(problems.map(formatProblem)).toEqual([
      `compose.yaml:3:15  include[0].env_file: env file not found: sub/missing.env (resolved to ${path.join(dir, 'sub', 'missing.env')})\n` +
        '  hint: include env_file paths are relative to the directory of the including file',
    ]);
  });

  it('two includes defining the same service differently conflict', async () => {
    await write({
      'compose.yaml': 'include: [a.yaml, b.yaml]\nservices:\n  web:\n    image: nginx\n',
      'a.yaml': 'services:\n  db:\n    image: postgres:15\n',
      'b.yaml': 'services:\n  db:\n    image: postgres:16\n',
    });
    const problems = await problemsOf(load(['compose.yaml']));
    expect(problems.map((p) => [p.code, p.location?.file, p.message])).toEqual([
      ['INCLUDE_CONFLICT', 'b.yaml', 'services.db is defined both here and in a.yaml:2:3'],
    ]);
  });

  it('include cycles are detected and named', async () => {
    await write({
      'compose.yaml': 'include: [a.yaml]\nservices:\n  web:\n    image: nginx\n',
      'a.yaml': 'include: [b.yaml]\nservices:\n  a:\n    image: busybox\n',
      'b.yaml': 'include: [a.yaml]\nservices:\n  b:\n    image: busybox\n',
    });
    const problems = await problemsOf(load(['compose.yaml']));
    expect(problems.map(formatProblem)).toEqual([
      'b.yaml:1:11  include[0]: include cycle: a.yaml includes b.yaml includes a.yaml\n' +
        '  hint: a file cannot include itself, directly or through the files it includes',
    ]);
  });

  it('nested includes resolve relative to each included file, and profiles apply to included services', async () => {
    await write({
      'compose.yaml': 'include: [one/compose.yaml]\nservices:\n  web:\n    image: nginx\n',
      'one/compose.yaml': 'include: [two/compose.yaml]\nservices:\n  one:\n    image: busybox\n',
      'one/two/compose.yaml': 'services:\n  two:\n    image: busybox\n    profiles: [extra]\n',
    });
    expect(Object.keys((await load(['compose.yaml'])).model.services).sort()).toEqual(['one', 'web']);
    expect(Object.keys((await load(['compose.yaml'], { profiles: ['extra'] })).model.services).sort()).toEqual(['one', 'two', 'web']);
  });
});

describe('deploy order from the model', () => {
  it('dependsOnOf keeps only services of the stack; mustCompleteOf and optionalOnlyOf name what to wait for and what may fail', async () => {
    const { dependsOnOf, mustCompleteOf, optionalOnlyOf } = await import('../../../src/workflows/deploy.js');
    await write({
      'compose.yaml': dedent`
        services:
          app:
            image: app
            depends_on:
              migrate: {condition: service_completed_successfully}
              db: {condition: service_healthy}
              extra: {condition: service_started, required: false}
          db:
            image: postgres
            healthcheck: {test: ["CMD", "true"]}
          migrate:
            image: busybox
            deploy: {mode: replicated-job}
          extra:
            image: busybox
            profiles: [extra]
      `,
    });
    const { model } = await load(['compose.yaml']);
    expect(dependsOnOf(model)).toEqual(new Map([['app', ['migrate', 'db']], ['db', []], ['migrate', []]]));
    expect(mustCompleteOf(model)).toEqual(new Set(['migrate']));
    expect(optionalOnlyOf(model)).toEqual(new Set());
    const withExtra = (await load(['compose.yaml'], { profiles: ['extra'] })).model;
    expect(dependsOnOf(withExtra).get('app')).toEqual(['migrate', 'db', 'extra']);
    expect(optionalOnlyOf(withExtra)).toEqual(new Set(['extra']));
  });
});
