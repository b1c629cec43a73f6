import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVariables, loadVariables, parseDotenv } from '../../../src/compose/variables.js';
import { dedent } from '../../helpers/dedent.js';

function parse(text: string, env: Record<string, string> = {}) {
  return parseDotenv(text, '.env', (name) => env[name]);
}

function values(text: string, env: Record<string, string> = {}): Record<string, string> {
  const result = parse(text, env);
  expect(result.problems).toEqual([]);
  return Object.fromEntries(result.values);
}

describe('parseDotenv', () => {
  it('reads KEY=VALUE, export, KEY: VALUE, comments and blank lines', () => {
    expect(
      values(dedent`
        # comment
        A=1

        export B=two
        C: three
          D = four
        E=
      `),
    ).toEqual({ A: '1', B: 'two', C: 'three', D: 'four', E: '' });
  });

  it('trims unquoted values and drops an inline " #" comment', () => {
    expect(values('A=  value with spaces   # a comment\nB=a#b\nC=#x\n')).toEqual({
      A: 'value with spaces',
      B: 'a#b',
      C: '#x',
    });
  });

  it('keeps single-quoted values literally (only \\\' is an escape), across lines', () => {
    expect(values("A='$HOME \\n x'\nB='it\\'s'\nC='line1\nline2' # c\n")).toEqual({
      A: '$HOME \\n x',
      B: "it's",
      C: 'line1\nline2',
    });
  });

  it('understands escapes in double quotes and lets them span lines', () => {
    expect(values('A="a\\nb\\tc \\"q\\" \\\\ \\$HOME"\nB="first\nsecond"\nC=""\n')).toEqual({
      A: 'a\nb\tc "q" \\ $HOME',
      B: 'first\nsecond',
      C: '',
    });
  });

  it('interpolates unquoted and double-quoted values from earlier keys; the process environment wins', () => {
    expect(
      values(
        dedent`
          A=1
          B=\${A}-$A
          C="\${B}!"
          D=\${SHELL_VAR}
          E=\${MISSING:-def}
          F='\${A}'
        `,
        { SHELL_VAR: 'sh', A: 'from-env' },
      ),
    ).toEqual({ A: '1', B: 'from-env-from-env', C: 'from-env-from-env!', D: 'sh', E: 'def', F: '${A}' });
  });

  it('takes a bare KEY from the process environment, or drops it', () => {
    expect(values('SET\nUNSET\n', { SET: 'yes' })).toEqual({ SET: 'yes' });
  });

  it('lets a later line override an earlier one', () => {
    expect(values('A=1\nA=2\n')).toEqual({ A: '2' });
  });

  it('reports malformed lines with file and line and keeps going', () => {
    const NAME_HINT = 'variable names are made of letters, digits, "_", ".", "-", "[" and "]"';
    const result = parse(dedent`
      GOOD=1
      BAD KEY=1
      =nokey
      K$Y=1
      Q="unterminated
      AFTER=2
    `);
    expect(result.problems).toEqual([
      {
        code: 'ENV_FILE_SYNTAX',
        message: 'variable name "BAD KEY" contains a space',
        location: { file: '.env', line: 2 },
        hint: NAME_HINT,
      },
      { code: 'ENV_FILE_SYNTAX', message: 'missing variable name before "="', location: { file: '.env', line: 3 } },
      {
        code: 'ENV_FILE_SYNTAX',
        message: 'unexpected character "$" in variable name "K$Y"',
        location: { file: '.env', line: 4 },
        hint: NAME_HINT,
      },
      {
        code: 'ENV_FILE_SYNTAX',
        message: 'unterminated quoted value for Q',
        location: { file: '.env', line: 5 },
        hint: 'close the " quote (a quoted value may span lines)',
      },
    ]);
    expect(Object.fromEntries(result.values)).toEqual({ GOOD: '1' });
  });

  it('reports text after a closing quote and interpolation errors', () => {
    const result = parse('A="x" y\nB=${ bad}\n');
    expect(result.problems.map((p) => [p.location?.line, p.message])).toEqual([
      [1, 'unexpected text after the quoted value of A: "y"'],
      [2, 'B: invalid interpolation format for "${ bad}": you may need to escape any $ with another $'],
    ]);
  });

  it('names the variable whose value cannot be interpolated, with the reason as hint', () => {
    // A .env written for a shell script: `$1`-style positional parameters are not Compose variables.
    const result = parse('HOST=example.org\nURL="${1:-$HOST}/x"\n');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.location).toEqual({ file: '.env', line: 2 });
    expect(result.problems[0]?.message).toMatch(/^URL: invalid interpolation format for "\$\{1:-\$HOST\}\/x"/);
    expect(result.problems[0]?.hint).toBeTruthy();
  });
});

describe('createVariables', () => {
  it('prefers the process environment and reports where each value came from', () => {
    const vars = createVariables(
      { A: 'env', EMPTY: '' },
      new Map([
        ['A', { value: 'file', file: '.env' }],
        ['B', { value: 'fileB', file: '.env' }],
      ]),
    );
    expect([vars.get('A'), vars.get('B'), vars.get('EMPTY'), vars.get('C')]).toEqual(['env', 'fileB', '', undefined]);
    expect([vars.has('EMPTY'), vars.has('C')]).toEqual([true, false]);
    expect([vars.origin('A'), vars.origin('B'), vars.origin('C')]).toEqual(['environment', '.env', undefined]);
  });
});

describe('loadVariables', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'stack-vars-'));
    await mkdir(path.join(dir, 'project'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads .env from the working directory; the environment wins', async () => {
    await writeFile(path.join(dir, 'project', '.env'), '\uFEFFTAG=file\nONLY=file\n');
    const result = await loadVariables({ workingDir: path.join(dir, 'project'), cwd: dir, env: { TAG: 'env' } });
    expect(result.problems).toEqual([]);
    expect([result.variables.get('TAG'), result.variables.get('ONLY')]).toEqual(['env', 'file']);
    expect(result.variables.origin('ONLY')).toBe(path.join('project', '.env'));
  });

  it('names the project\'s .env by its path from the current directory and says how to read another file', async () => {
    await writeFile(path.join(dir, 'project', '.env'), 'OK=1\nBAD=${2:-x}\n');
    const below = await loadVariables({ workingDir: path.join(dir, 'project'), cwd: dir, env: {} });
    expect(below.problems.map((p) => [p.location, p.message.split(':')[0]])).toEqual([
      [{ file: path.join('project', '.env'), line: 2 }, 'BAD'],
    ]);
    expect(below.problems[0]?.hint).toContain('--env-file');
    const beside = await loadVariables({ workingDir: path.join(dir, 'project'), cwd: path.join(dir, 'project'), env: {} });
    expect(beside.problems[0]?.location?.file).toBe('.env');
    const elsewhere = await loadVariables({ workingDir: path.join(dir, 'project'), cwd: path.join(dir, 'other'), env: {} });
    expect(elsewhere.problems[0]?.location?.file).toBe(path.join(dir, 'project', '.env'));
  });

  it('is fine without a .env', async () => {
    const result = await loadVariables({ workingDir: path.join(dir, 'project'), cwd: dir, env: {} });
    expect(result.problems).toEqual([]);
    expect(result.variables.get('X')).toBeUndefined();
  });

  it('uses --env-file files (relative to cwd) instead of .env; later files win', async () => {
    await writeFile(path.join(dir, 'project', '.env'), 'DEFAULT=yes\n');
    await writeFile(path.join(dir, 'a.env'), 'A=1\nB=1\n');
    await writeFile(path.join(dir, 'b.env'), 'B=2\nC=${A}\n');
    const result = await loadVariables({
      workingDir: path.join(dir, 'project'),
      cwd: dir,
      envFiles: ['a.env', 'b.env'],
      env: {},
    });
    expect(result.problems).toEqual([]);
    expect(['A', 'B', 'C', 'DEFAULT'].map((name) => result.variables.get(name))).toEqual(['1', '2', '1', undefined]);
    expect(result.variables.origin('B')).toBe('b.env');
  });

  it('reports a missing --env-file with both paths', async () => {
    const result = await loadVariables({
      workingDir: path.join(dir, 'project'),
      cwd: dir,
      envFiles: ['missing.env'],
      env: {},
    });
    expect(result.problems).toEqual([
      {
        code: 'ENV_FILE_NOT_FOUND',
        message: `env file not found: missing.env (resolved to ${path.join(dir, 'missing.env')})`,
        hint: '--env-file paths are relative to the current directory',
      },
    ]);
  });

  it('reports an env file that is not UTF-8 text', async () => {
    await writeFile(path.join(dir, 'project', '.env'), Buffer.from([0x41, 0x3d, 0x00, 0x01]));
    const result = await loadVariables({ workingDir: path.join(dir, 'project'), cwd: dir, env: {} });
    expect(result.problems.map((p) => p.code)).toEqual(['ENV_FILE_NOT_TEXT']);
  });
});
