import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canonicalize } from '../../../src/compose/canonical.js';
import { loadStack } from '../../../src/compose/load.js';
import { parseComposeFile } from '../../../src/compose/parse-yaml.js';
import { parseEnvFile, resolveEnvironment } from '../../../src/compose/resolve-environment.js';
import type { ComposeDocument } from '../../../src/compose/types.js';
import { formatProblem } from '../../../src/errors/problem.js';
import { dedent } from '../../helpers/dedent.js';

/*
 * The environment phase: env_file + environment + CLI fill, per file before the merge (docker's resolveEnvironment).
 */

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stack-env-'));
  await mkdir(path.join(dir, 'env'));
  await writeFile(
    path.join(dir, 'env', 'base.env'),
    '\ufeffPLAIN=value\n# comment\n\n   INDENTED=yes\nQUOTED="kept"  \nEQUALS=a=b\nFROM_CLI\nMISSING_IN_CLI\nEMPTY=\nOVERRIDE=base\r\n',
  );
  await writeFile(path.join(dir, 'env', 'prod.env'), 'OVERRIDE=prod\nFILE_ONLY=1\n');
  await writeFile(path.join(dir, 'bad.env'), 'GOOD=1\nBAD KEY=2\n');
  await writeFile(path.join(dir, 'foo-b.env'), 'FOO=b\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A canonical document, as the phase receives it. */
function doc(text: string, file = 'compose.yaml'): ComposeDocument {
  const parsed = parseComposeFile({ displayPath: file, absolutePath: path.join(dir, file), text });
  if (!parsed.document) throw new Error(JSON.stringify(parsed.problems));
  return canonicalize(parsed.document).document;
}

async function resolve(text: string, env: Record<string, string | undefined> = {}) {
  const result = await resolveEnvironment(doc(text), { workingDir: dir, env });
  const services = result.document.tree['services'] as Record<string, Record<string, unknown>>;
  return { environment: services['web']?.['environment'], result, problems: result.problems.map(formatProblem) };
}

describe('environment', () => {
  test('unset or empty values take the CLI value when it exists; numbers print like Go %v', async () => {
    const { environment } = await resolve(
      dedent`
        services:
          web:
            image: x
            environment:
              RATIO: 0.10
              FROM_SHELL: null
              EMPTY_FROM_SHELL: ""
              UNSET: null
              EMPTY: ""
              KEPT: value
      `,
      { FROM_SHELL: 'shell', EMPTY_FROM_SHELL: 'shell2', KEPT: 'not used' },
    );
    expect(environment).toEqual({
      RATIO: '0.1',
      FROM_SHELL: 'shell',
      EMPTY_FROM_SHELL: 'shell2',
      UNSET: null,
      EMPTY: '',
      KEPT: 'value',
    });
  });

  test('a service with neither key is left alone', async () => {
    const { environment, result } = await resolve('services:\n  web:\n    image: x\n');
    expect(environment).toBeUndefined();
    expect(result.problems).toEqual([]);
  });
});

describe('env_file (docker kvfile rules)', () => {
  test('files in order, later files win, environment wins over files; CLI fills KEY-only and empty lines', async () => {
    const { environment, problems } = await resolve(
      dedent`
        services:
          web:
            image: x
            env_file:
              - env/base.env
              - {path: ./env/prod.env}
            environment:
              FILE_ONLY: overridden
      `,
      { FROM_CLI: 'cli', EMPTY: 'cli-empty', PLAIN: 'not used' },
    );
    expect(problems).toEqual([]);
    expect(environment).toEqual({
      PLAIN: 'value',
      INDENTED: 'yes',
      QUOTED: '"kept"  ',
      EQUALS: 'a=b',
      FROM_CLI: 'cli',
      EMPTY: 'cli-empty',
      OVERRIDE: 'prod',
      FILE_ONLY: 'overridden',
    });
  });

  test('env_file is kept in the tree; values from a file point at its env_file entry', async () => {
    const { result } = await resolve('services:\n  web:\n    image: x\n    env_file: env/prod.env\n');
    const web = (result.document.tree['services'] as Record<string, Record<string, unknown>>)['web'];
    expect(web?.['env_file']).toEqual([{ path: 'env/prod.env', required: true }]);
    expect(result.document.sourceMap.locate(['services', 'web', 'environment', 'OVERRIDE'])).toEqual({
      file: 'compose.yaml',
      line: 4,
      col: 15,
    });
  });

  test('environment: KEY with no value overrides an env_file value (docker keeps the nil)', async () => {
    const { environment } = await resolve(
      'services:\n  web:\n    image: x\n    env_file: [env/prod.env]\n    environment: {FILE_ONLY: null}\n',
    );
    expect(environment).toEqual({ OVERRIDE: 'prod', FILE_ONLY: null });
  });

  test('a missing file is a problem naming the path as written and resolved; required: false skips it', async () => {
    const { problems } = await resolve(dedent`
      services:
        web:
          image: x
          env_file:
            - {path: missing.env, required: true}
            - {path: optional.env, required: false}
    `);
    expect(problems).toEqual([
      'compose.yaml:5:9  services.web.env_file[0]: env file "missing.env" not found ' +
        `(resolved to ${path.join(dir, 'missing.env')})\n` +
        '  hint: env_file paths are relative to the directory of the first Compose file; ' +
        'for an optional file write {path: ..., required: false}',
    ]);
  });

  test('whitespace in a key is a problem at the env_file entry, with the line', async () => {
    const { problems } = await resolve(
      'services:\n  web:\n    image: x\n    env_file: [{path: bad.env, required: true}]\n',
    );
    expect(problems).toEqual([
      'compose.yaml:4:16  services.web.env_file[0]: env file "bad.env" line 2: variable "BAD KEY" contains whitespace',
    ]);
  });

  test('parseEnvFile on its own', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(parseEnvFile(bytes('A=1\n=2\n'), {})).toEqual({ error: 'no variable name before "="', line: 2 });
    expect(parseEnvFile(new Uint8Array([0x41, 0x3d, 0xff]), {})).toEqual({ error: 'not valid UTF-8', line: 1 });
    // Only the first line loses its BOM; Go's whitespace trimming does not include U+FEFF.
    expect(parseEnvFile(bytes('\ufeffA=1\n\ufeffB=2\n'), {})).toEqual({ pairs: [['A', '1'], ['\ufeffB', '2']] });
    expect(parseEnvFile(bytes('\t \u00a0K=v \n'), {})).toEqual({ pairs: [['K', 'v ']] });
  });
});

describe('resolved per file before the merge, as docker does', () => {
  test("an override file's env_file value beats the base file's environment value", async () => {
    await writeFile(path.join(dir, 'base.yml'), 'services:\n  web:\n    image: x\n    environment: [FOO=a]\n');
    await writeFile(path.join(dir, 'override.yml'), 'services:\n  web:\n    env_file: foo-b.env\n');
    const { model } = await loadStack({ files: ['base.yml', 'override.yml'], cwd: dir, env: {} });
    expect(model.services['web']?.environment).toEqual({ FOO: 'b' });
  });

  test("an override's bare KEY takes the shell's value over the base file's value", async () => {
    await writeFile(path.join(dir, 'base.yml'), 'services:\n  web:\n    image: x\n    environment: [FOO=a]\n');
    await writeFile(path.join(dir, 'override.yml'), 'services:\n  web:\n    environment: [FOO]\n');
    const { model } = await loadStack({ files: ['base.yml', 'override.yml'], cwd: dir, env: { FOO: 'shell' } });
    expect(model.services['web']?.environment).toEqual({ FOO: 'shell' });
  });

  test("an override's bare KEY without a shell value keeps the base file's value", async () => {
    await writeFile(path.join(dir, 'base.yml'), 'services:\n  web:\n    image: x\n    environment: [FOO=a]\n');
    await writeFile(path.join(dir, 'override.yml'), 'services:\n  web:\n    environment: [FOO]\n');
    const { model } = await loadStack({ files: ['base.yml', 'override.yml'], cwd: dir, env: {} });
    expect(model.services['web']?.environment).toEqual({ FOO: 'a' });
  });

  test('env_file paths of an override file resolve against the first file’s directory', async () => {
    await mkdir(path.join(dir, 'sub'), { recursive: true });
    await writeFile(path.join(dir, 'sub', 'override.yml'), 'services:\n  web:\n    env_file: foo-b.env\n');
    await writeFile(path.join(dir, 'base.yml'), 'services:\n  web:\n    image: x\n');
    const { model } = await loadStack({ files: ['base.yml', 'sub/override.yml'], cwd: dir, env: {} });
    expect(model.services['web']?.environment).toEqual({ FOO: 'b' });
  });
});
