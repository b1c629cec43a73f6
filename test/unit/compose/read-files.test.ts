import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_COMPOSE_FILE_BYTES,
  decodeComposeBytes,
  isBlankYaml,
  readComposeFiles,
  splitFileArguments,
  workingDirectory,
} from '../../../src/compose/read-files.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function utf16(text: string, littleEndian: boolean, bom = true): Uint8Array {
  const bytes: number[] = bom ? (littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (const char of text) {
    const code = char.charCodeAt(0);
    bytes.push(...(littleEndian ? [code & 0xff, code >> 8] : [code >> 8, code & 0xff]));
  }
  return new Uint8Array(bytes);
}

describe('splitFileArguments', () => {
  it('splits comma-separated values and keeps order across repeated flags', () => {
    expect(splitFileArguments(['a.yml,b.yml', 'c.yml', '-'])).toEqual(['a.yml', 'b.yml', 'c.yml', '-']);
  });

  it('drops empty segments', () => {
    expect(splitFileArguments(['a.yml,', ',b.yml'])).toEqual(['a.yml', 'b.yml']);
  });
});

describe('decodeComposeBytes', () => {
  it('reads UTF-8 and strips a BOM', () => {
    expect(decodeComposeBytes(utf8('a: 1\n'), 'c.yml')).toEqual({ text: 'a: 1\n' });
    expect(decodeComposeBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('a: é\n')]), 'c.yml')).toEqual({
      text: 'a: é\n',
    });
  });

  it('reads UTF-16 LE and BE with a BOM', () => {
    expect(decodeComposeBytes(utf16('a: 1\n', true), 'c.yml')).toEqual({ text: 'a: 1\n' });
    expect(decodeComposeBytes(utf16('a: 1\n', false), 'c.yml')).toEqual({ text: 'a: 1\n' });
  });

  it('names UTF-16 without a BOM', () => {
    expect(decodeComposeBytes(utf16('services: {}\n', true, false), 'c.yml')).toEqual({
      problem: {
        code: 'FILE_NOT_TEXT',
        message:
          'the file is not a text file (it looks like UTF-16 without a byte order mark); Compose files must be UTF-8 YAML',
      },
    });
  });

  it('refuses NUL bytes and invalid UTF-8', () => {
    expect(decodeComposeBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3, 4, 5, 6]), 'x.png')).toEqual({
      problem: {
        code: 'FILE_NOT_TEXT',
        message: 'the file is not a text file (it contains NUL bytes); Compose files must be UTF-8 YAML',
      },
    });
    expect(decodeComposeBytes(new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]).subarray(0), 'l1.yml')).toEqual({
      problem: {
        code: 'FILE_NOT_TEXT',
        message: 'the file is not a text file (it is not valid UTF-8); Compose files must be UTF-8 YAML',
      },
    });
  });

  it('refuses empty, blank and comment-only files', () => {
    for (const text of ['', '  \n\n', '# only a comment\n  # another\n', '---\n']) {
      expect(decodeComposeBytes(utf8(text), 'c.yml')).toEqual({ problem: { code: 'FILE_EMPTY', message: 'the file is empty' } });
    }
  });

  it('refuses oversized input', () => {
    const big = new Uint8Array(MAX_COMPOSE_FILE_BYTES + 1).fill(0x61);
    expect(decodeComposeBytes(big, 'big.yml')).toEqual({
      problem: {
        code: 'FILE_TOO_LARGE',
        message: `the file is too large (${MAX_COMPOSE_FILE_BYTES + 1} bytes; the limit is ${MAX_COMPOSE_FILE_BYTES} bytes)`,
      },
    });
  });
});

describe('isBlankYaml', () => {
  it('sees content', () => {
    expect(isBlankYaml('# c\nservices: {}\n')).toBe(false);
  });
});

describe('readComposeFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'stack-read-'));
    await mkdir(path.join(dir, 'sub'));
    await writeFile(path.join(dir, 'a.yml'), 'services: {}\n');
    await writeFile(path.join(dir, 'sub', 'b.yml'), 'services: {}\n');
    await writeFile(path.join(dir, 'empty.yml'), '');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads files in order, resolving relative paths against cwd', async () => {
    const result = await readComposeFiles({ files: ['a.yml,sub/b.yml'], cwd: dir, env: {} });
    expect(result.problems).toEqual([]);
    expect(result.files).toEqual([
      { displayPath: 'a.yml', absolutePath: path.join(dir, 'a.yml'), text: 'services: {}\n' },
      { displayPath: 'sub/b.yml', absolutePath: path.join(dir, 'sub', 'b.yml'), text: 'services: {}\n' },
    ]);
  });

  it('reads stdin for -', async () => {
    const result = await readComposeFiles({
      files: ['-'],
      cwd: dir,
      env: {},
      readStdin: async () => '\uFEFFservices: {}\n',
    });
    expect(result.files).toEqual([{ displayPath: '<stdin>', absolutePath: '-', text: 'services: {}\n' }]);
  });

  it('reports every problem: missing, directory, empty, stdin twice', async () => {
    const result = await readComposeFiles({
      files: ['./missing.yml', 'sub', 'empty.yml', '-', '-'],
      cwd: dir,
      env: {},
      readStdin: async () => 'services: {}\n',
    });
    expect(result.files.map((f) => f.displayPath)).toEqual(['<stdin>']);
    expect(result.problems).toEqual([
      {
        code: 'FILE_NOT_FOUND',
        message: `file not found: ./missing.yml (resolved to ${path.join(dir, 'missing.yml')})`,
        hint: 'check the path; relative paths are resolved against the current directory',
      },
      {
        code: 'FILE_IS_DIRECTORY',
        message: 'this is a directory, not a Compose file',
        location: { file: 'sub' },
        hint: 'name the YAML file itself, e.g. -c ./compose.yaml',
      },
      {
        code: 'FILE_EMPTY',
        message: 'the file is empty',
        location: { file: 'empty.yml' },
        hint: 'a Compose file needs at least a services: mapping',
      },
      { code: 'STDIN_TWICE', message: 'standard input (-) can be given only once as a Compose file' },
    ]);
  });

  it('suggests a file with a similar name that does exist', async () => {
    await writeFile(path.join(dir, 'docker-compose.yml'), 'services: {}\n');
    const result = await readComposeFiles({ files: ['docker-compose.yaml', 'sub/c.yml', 'zzz.yml'], cwd: dir, env: {} });
    expect(result.problems.map((p) => p.hint)).toEqual([
      'did you mean docker-compose.yml?',
      'did you mean sub/b.yml?',
      'check the path; relative paths are resolved against the current directory',
    ]);
  });

  it('reports an empty stdin by name', async () => {
    const result = await readComposeFiles({ files: ['-'], cwd: dir, env: {}, readStdin: async () => '' });
    expect(result.problems.map((p) => p.message)).toEqual(['standard input is empty']);
  });

  it('asks for a file when none is given', async () => {
    const result = await readComposeFiles({ files: [], cwd: dir, env: {} });
    expect(result.problems.map((p) => p.code)).toEqual(['NO_COMPOSE_FILE']);
  });
});

describe('workingDirectory', () => {
  it("is the first file's directory, or cwd for stdin", () => {
    expect(workingDirectory([{ displayPath: 'x/c.yml', absolutePath: '/p/x/c.yml', text: '' }], '/cwd')).toBe('/p/x');
    expect(workingDirectory([{ displayPath: '-', absolutePath: '-', text: '' }], '/cwd')).toBe('/cwd');
    expect(workingDirectory([], '/cwd')).toBe('/cwd');
  });
});
