import { describe, expect, it } from 'vitest';
import { goNumberText, parseComposeFile, parseGoInteger, resolveGoNumber } from '../../../src/compose/parse-yaml.js';
import type { SourceFile } from '../../../src/compose/types.js';
import { dedent } from '../../helpers/dedent.js';

function file(text: string, displayPath = 'compose.yaml'): SourceFile {
  return { displayPath, absolutePath: `/project/${displayPath}`, text };
}

function parse(text: string): Record<string, unknown> {
  const result = parseComposeFile(file(text));
  expect(result.problems).toEqual([]);
  return result.document?.tree ?? {};
}

function scalar(source: string): unknown {
  return parse(`v: ${source}\n`).v;
}

describe('parseComposeFile: scalars follow go-yaml v3 (docker CLI 28)', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
  ])('%s is a boolean', (source, expected) => {
    expect(scalar(source)).toBe(expected);
  });

  it.each(['yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'tRUE'])('%s is a string', (source) => {
    expect(scalar(source)).toBe(source);
  });

  it.each(['~', 'null', 'Null', 'NULL', ''])('"%s" is null', (source) => {
    expect(scalar(source)).toBeNull();
  });

  it.each([
    ['42', 42],
    ['-7', -7],
    ['+7', 7],
    ['0', 0],
    ['-0', 0],
    ['0440', 288],
    ['0o17', 15],
    ['0O17', 15],
    ['0x1F', 31],
    ['0X1f', 31],
    ['-0x10', -16],
    ['0b101', 5],
    ['1_000', 1000],
    ['0_7', 7],
    ['00', 0],
  ])('%s is the integer %d', (source, expected) => {
    expect(scalar(source)).toBe(expected);
  });

  it.each([
    ['1.5', 1.5],
    ['-1.5', -1.5],
    ['1.', 1],
    ['.5', 0.5],
    ['+.5', 0.5],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['1_000.5', 1000.5],
    // A leading 0 makes Go try octal; 09 is not octal, so it falls back to the float syntax.
    ['09', 9],
    ['0.10', 0.1],
  ])('%s is the float %d', (source, expected) => {
    expect(scalar(source)).toBe(expected);
  });

  it('reads .inf and .nan as floats', () => {
    expect(scalar('.inf')).toBe(Infinity);
    expect(scalar('-.Inf')).toBe(-Infinity);
    expect(scalar('.NaN')).toBeNaN();
  });

  it.each(['1abc', '0x', '0b', '1.2.3', '2001-12-14', '1:20', '-x', '_1', '0x_', '.5_0', '1-2', '0o8'])(
    '%s stays a string',
    (source) => {
      expect(scalar(source)).toBe(source);
    },
  );

  it('keeps quoted and explicitly tagged strings as strings', () => {
    expect(parse('a: "0440"\nb: !!str 12\nc: \'true\'\n')).toEqual({ a: '0440', b: '12', c: 'true' });
  });

  it('reads an explicit !!int tag', () => {
    expect(scalar('!!int "0x10"')).toBe(16);
  });

  it('falls back to a string beyond the uint64 range for hex, and to a float for long decimals', () => {
    expect(scalar('0x1FFFFFFFFFFFFFFFFF')).toBe('0x1FFFFFFFFFFFFFFFFF');
    expect(scalar('99999999999999999999')).toBe(1e20);
  });
});

describe('parseGoInteger and resolveGoNumber', () => {
  it('applies the int64 and uint64 limits like ParseInt then ParseUint', () => {
    expect(parseGoInteger('9223372036854775807')).toBe(9223372036854775807);
    expect(parseGoInteger('-9223372036854775808')).toBe(-9223372036854775808);
    expect(parseGoInteger('-9223372036854775809')).toBeUndefined();
    expect(parseGoInteger('18446744073709551615')).toBe(18446744073709551615);
    expect(parseGoInteger('+18446744073709551615')).toBeUndefined();
  });

  it('returns the source for non-numbers', () => {
    expect(resolveGoNumber('12ab')).toBe('12ab');
  });
});

describe('goNumberText: what Go prints where the JS number cannot tell', () => {
  it.each([
    ['12345678901234567890', '12345678901234567890'],
    ['9007199254740993', '9007199254740993'],
    ['-9223372036854775807', '-9223372036854775807'],
    ['0xFFFFFFFFFFFFFFFF', '18446744073709551615'],
    ['1e6', '1e+06'],
    ['1000000.0', '1e+06'],
    ['1_000_000.0', '1e+06'],
    ['100000000000000000000.0', '1e+20'],
    ['-0.0', '-0'],
  ])('%s prints as %s', (source, expected) => {
    expect(goNumberText(source)).toBe(expected);
  });

  it.each(['42', '0440', '0x1F', '-0', '1.0', '100000.0', '1.5', '1234567.5', '1e21', '0.00001', '.5', 'abc', '1.2.3'])(
    '%s needs no special text',
    (source) => {
      expect(goNumberText(source)).toBeUndefined();
    },
  );

  it('is recorded in the source map of the number, also through aliases', () => {
    const result = parseComposeFile(file('a: 1e6\nb: [12345678901234567890]\nc: &n -0.0\nd: *n\ne: 42\n'));
    const map = result.document?.sourceMap;
    expect(map?.get(['a'])?.goText).toBe('1e+06');
    expect(map?.get(['b', 0])?.goText).toBe('12345678901234567890');
    expect(map?.get(['c'])?.goText).toBe('-0');
    expect(map?.get(['d'])?.goText).toBe('-0');
    expect(map?.get(['e'])?.goText).toBeUndefined();
  });
});

describe('parseComposeFile: structure', () => {
  it('parses a mapping with nested lists and maps', () => {
    const tree = parse(dedent`
      version: "3.8"
      services:
        web:
          image: nginx
          ports:
            - "80:80"
            - 443
    `);
    expect(tree).toEqual({ version: '3.8', services: { web: { image: 'nginx', ports: ['80:80', 443] } } });
  });

  it('turns non-string keys into their source text', () => {
    expect(parse('1: a\ntrue: b\n0440: c\n1.50: d\n')).toEqual({ '1': 'a', true: 'b', '0440': 'c', '1.50': 'd' });
  });

  it('keeps a key named __proto__ as an ordinary key', () => {
    const tree = parse('services:\n  __proto__:\n    image: x\n');
    const services = tree.services as Record<string, unknown>;
    expect(Object.keys(services)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(services)).toBe(Object.prototype);
  });

  it('expands aliases and << merge keys; written keys win over merged ones', () => {
    const tree = parse(dedent`
      x-base: &base
        image: app
        environment: {A: "1"}
        restart: always
      x-more: &more
        image: other
        user: root
      services:
        web:
          restart: "no"
          <<: [*base, *more]
          labels: *more
    `);
    expect(tree.services).toEqual({
      web: {
        restart: 'no',
        image: 'app',
        environment: { A: '1' },
        user: 'root',
        labels: { image: 'other', user: 'root' },
      },
    });
  });

  it('applies nested merges (a merged mapping with its own <<)', () => {
    const tree = parse(dedent`
      a: &a {x: 1, y: 1}
      b: &b {<<: *a, y: 2}
      c: {<<: *b, z: 3}
    `);
    expect(tree.c).toEqual({ x: 1, y: 2, z: 3 });
  });

  it('records key and value positions (1-based) for mapping entries and list items', () => {
    const result = parseComposeFile(
      file(dedent`
        services:
          web:
            image: nginx
            ports:
              - "80:80"
      `),
    );
    const map = result.document?.sourceMap;
    expect(map?.get(['services', 'web', 'image'])).toEqual({
      key: { file: 'compose.yaml', line: 3, col: 5 },
      value: { file: 'compose.yaml', line: 3, col: 12 },
    });
    expect(map?.get(['services', 'web', 'ports', 0])).toEqual({ value: { file: 'compose.yaml', line: 5, col: 9 } });
    expect(map?.locate(['services', 'web', 'ports', 0, 'target'])).toEqual({ file: 'compose.yaml', line: 5, col: 9 });
  });

  it('points an alias at its use site and content reached through it at the anchored original', () => {
    const result = parseComposeFile(
      file(dedent`
        x: &e
          A: "1"
        services:
          web:
            environment: *e
      `),
    );
    const map = result.document?.sourceMap;
    expect(map?.get(['services', 'web', 'environment'])?.value).toEqual({ file: 'compose.yaml', line: 5, col: 18 });
    expect(map?.get(['services', 'web', 'environment', 'A'])?.key).toEqual({ file: 'compose.yaml', line: 2, col: 3 });
  });
});

describe('parseComposeFile: syntax errors say what to fix, once per line', () => {
  const problems = (text: string) =>
    parseComposeFile(file(text)).problems.map((p) => [p.location?.line, p.location?.col, p.message, p.hint]);

  it('a key indented more than its siblings: at that key, not at the value above it', () => {
    expect(problems('services:\n  web:\n    image: nginx\n     ports:\n      - "80:80"\n')).toEqual([
      [
        4,
        6,
        'invalid YAML: this line is indented differently from the keys above it',
        'keys of one mapping must start in the same column; this line was read as part of the value on line 3',
      ],
    ]);
  });

  it('a key indented less than its siblings: at the key', () => {
    expect(problems('services:\n  web:\n    image: nginx\n   ports:\n     - 80\n')).toEqual([
      [
        4,
        4,
        'invalid YAML: all mapping items must start at the same column',
        'keys of one mapping must start in the same column',
      ],
    ]);
  });

  it('an unclosed quote: at the opening quote', () => {
    expect(problems("services:\n  web:\n    image: 'nginx\n")).toEqual([
      [3, 12, "invalid YAML: the string that starts with ' here is never closed", "add the closing '"],
    ]);
  });

  it('tabs: at the tab, with the fix', () => {
    expect(problems('services:\n\tweb: {}\n')).toEqual([
      [2, 1, 'invalid YAML: a tab is used for indentation', 'indent with spaces; YAML does not allow tabs'],
    ]);
  });

  it('an unclosed flow sequence: names the bracket', () => {
    expect(problems('services:\n  web:\n    command: [a, b\n    image: x\n')).toEqual([
      [
        4,
        5,
        'invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]',
        'a [ on an earlier line is not closed with ]',
      ],
    ]);
  });

  it('several errors from one mistake on one line: one problem', () => {
    const found = problems('services:\n  web:\n    image: nginx\n    ports:\n    - 80\n   - 81\n');
    expect(found.map(([line]) => line)).toEqual([6]);
  });

  it('excessive nesting: with the position where it happens', () => {
    const result = parseComposeFile(file(`x-deep: ${'['.repeat(120)}${']'.repeat(120)}\n`));
    expect(result.problems).toMatchObject([{ code: 'YAML_TOO_DEEP', location: { line: 1 } }]);
  });
});

describe('parseComposeFile: problems', () => {
  it('reports a syntax error with line and column', () => {
    const result = parseComposeFile(file('services:\n  web:\n    image: [nginx\n'));
    expect(result.document).toBeUndefined();
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]).toMatchObject({ code: 'YAML_SYNTAX', location: { file: 'compose.yaml' } });
    expect(result.problems[0]?.message).toMatch(/^invalid YAML: /);
    expect(result.problems[0]?.location?.line).toBeGreaterThan(0);
  });

  it('reports a duplicate key with the line of its first definition', () => {
    const result = parseComposeFile(
      file(dedent`
        services:
          web:
            image: a
            user: root
            image: b
      `),
    );
    expect(result.problems).toEqual([
      {
        code: 'YAML_DUPLICATE_KEY',
        message: 'duplicate key "image" (first defined at line 3)',
        location: { file: 'compose.yaml', line: 5, col: 5 },
        hint: 'each key may appear once per mapping; remove or merge the repeated entry',
      },
    ]);
  });

  it('treats 1 and "1" as the same key, as go-yaml does', () => {
    const result = parseComposeFile(file('1: a\n"1": b\n'));
    expect(result.problems.map((p) => p.message)).toEqual(['duplicate key "1" (first defined at line 1)']);
  });

  it.each([
    ['- a\n- b\n', 'a list'],
    ['just text\n', 'a string'],
    ['42\n', 'a number'],
    ['~\n', 'null'],
  ])('refuses a top level that is not a mapping: %j', (text, got) => {
    const result = parseComposeFile(file(text));
    expect(result.problems).toEqual([
      {
        code: 'YAML_NOT_MAPPING',
        message: `the top level of a Compose file must be a mapping, got ${got}`,
        location: { file: 'compose.yaml', line: 1, col: 1 },
        hint: 'start the file with keys such as services:',
      },
    ]);
  });

  it('refuses several documents in one file', () => {
    const result = parseComposeFile(file('a: 1\n---\nb: 2\n'));
    expect(result.problems.map((p) => p.message)).toEqual([
      'the file holds several YAML documents (separated by ---); a Compose file must hold exactly one',
    ]);
  });

  it('refuses a << merge of a scalar', () => {
    const result = parseComposeFile(file('a: &a 1\nb:\n  <<: *a\n'));
    expect(result.problems.map((p) => p.code)).toEqual(['YAML_MERGE']);
  });

  it('fails fast on a billion-laughs alias bomb', { timeout: 5000 }, () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'abcdefghij';
    for (let i = 1; i < names.length; i++) {
      const prev = names[i - 1] ?? 'a';
      levels.push(`${names[i]}: &${names[i]} [${Array.from({ length: 10 }, () => `*${prev}`).join(',')}]`);
    }
    const started = Date.now();
    const result = parseComposeFile(file(`${levels.join('\n')}\n`));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.problems.map((p) => p.code)).toEqual(['YAML_ALIAS_BOMB']);
  });

  it('fails fast on a merge-key bomb that creates few nodes but much work', { timeout: 5000 }, () => {
    const lines = ['m0: &m0 {k: 1}'];
    for (let i = 1; i < 12; i++) {
      lines.push(`m${i}: &m${i} {<<: [${Array.from({ length: 10 }, () => `*m${i - 1}`).join(',')}]}`);
    }
    const result = parseComposeFile(file(`${lines.join('\n')}\n`));
    expect(result.problems.map((p) => p.code)).toEqual(['YAML_ALIAS_BOMB']);
  });

  it('refuses excessive nesting', () => {
    let text = '';
    for (let i = 0; i < 150; i++) text += `${' '.repeat(i)}k:\n`;
    const result = parseComposeFile(file(text));
    expect(result.problems.map((p) => p.code)).toEqual(['YAML_TOO_DEEP']);
  });
});

describe('parseComposeFile: aliases that cannot be expanded', () => {
  it('reports an alias to an undefined anchor', () => {
    const result = parseComposeFile(file('a: *nope\n'));
    expect(result.problems).toEqual([
      {
        code: 'YAML_ALIAS',
        message: 'alias *nope refers to an anchor that is not defined before it',
        location: { file: 'compose.yaml', line: 1, col: 4 },
        hint: 'define the anchor (&nope) earlier in the file',
      },
    ]);
  });

  it('reports an alias inside the node it names instead of looping', () => {
    const result = parseComposeFile(file('a: &a\n  b: &b\n    c: *a\n'));
    expect(result.problems).toEqual([
      {
        code: 'YAML_ALIAS',
        message: 'alias *a refers to a node that contains it',
        location: { file: 'compose.yaml', line: 3, col: 8 },
      },
    ]);
  });

  it('refuses mapping keys that are collections', () => {
    const result = parseComposeFile(file('? [a, b]\n: 1\n'));
    expect(result.problems.map((p) => p.message)).toEqual(['mapping keys must be strings, not lists or mappings']);
  });
});
