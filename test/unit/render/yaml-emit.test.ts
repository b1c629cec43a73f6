import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { emitYaml, writeBlockYaml, YAML_OPTIONS } from '../../../src/render/yaml-emit.js';

/** Strings at the edges of YAML's plain style: indicators, reserved words, numbers, spaces, colons, controls. */
const STRINGS = [
  '', ' ', 'a', 'yes', 'no', 'on', 'Off', 'y', 'null', 'Null', 'NULL', '~', 'true', 'True', 'TRUE', 'tRue', 'false',
  '1', '01', '0x1F', '0o17', '1.5', '1.', '.5', '-1', '+1', '1e3', '1_000', '.inf', '-.inf', '.nan', '.NaN',
  'nginx:1.1', '10.213.0.1:5000/stack-test/web:1', 'http://svc.example:8080/path?q=1&r=2', 'C:\\path', 'a: b',
  'a:', ':a', 'a :b', 'a#b', 'a #b', '#a', '- a', '-a', '-', '?', '? a', '?a', '@a', '`a', '%a', '!a', '&a', '*a',
  '|', '>', "'a'", '"a"', "it's", 'say "hi"', '[a]', '{a}', 'a,b', 'a]', 'a}', 'x y', ' x', 'x ', 'x\ty', '\tx',
  'é', 'ü-ß', '日本', '\u0000', '\u0007', '\u007f', '\u0085', '\u2028', '\ud800', '=', '$VAR', '${VAR:-x}', '<<',
  '2001-12-14', '12:30:45', '0:0', '1:2:3', 'a/b/c', '/abs/path', './rel', '../up', '~/home', 'a=b', 'k=v,w',
  'x'.repeat(120), `${'word '.repeat(30)}end`, 'CMD-SHELL', 'curl -f http://localhost/ || exit 1', '%',
  // YAML 1.1 booleans (the output quotes them for 1.1 readers).
  'Y', 'n', 'N', 'Yes', 'YES', 'No', 'NO', 'On', 'ON', 'off', 'OFF', 'yES', 'y_', '_', '0755', '0b101', '190:20:30',
  // Strings of digits (written in double quotes without yaml).
  '0', '00', '007', '09', '3600', '12345678901234567890', '1 2', '１２',
];
const NUMBERS = [0, -0, 1, -1, 42, 1.5, -2.25, 0.1, 1e21, 1e-7, 2 ** 53, 2 ** 53 + 2, -(2 ** 60), Infinity, -Infinity, NaN];
/** Values that make yaml leave the simple block layout; the writer hands these trees to yaml. */
const HARD = ['two\nlines', 'trailing\n', '---', '--- x', '...', '... x', 'x'.repeat(1100)];

function check(tree: unknown): void {
  expect(emitYaml(tree)).toBe(stringify(tree, YAML_OPTIONS));
}

describe('emitYaml writes what yaml.stringify writes', () => {
  it('for every tricky string as a value, a list item, a key and a nested key', () => {
    for (const s of STRINGS) {
      check({ value: s });
      check({ list: [s, 'x'] });
      check({ [s]: 'v' });
      check({ outer: { [s]: { inner: s } } });
      check({ items: [{ [s]: s, other: [s] }] });
    }
    check({ all: STRINGS, map: Object.fromEntries(STRINGS.map((s, i) => [s, i])) });
  });

  it('for numbers, booleans, null and undefined', () => {
    for (const n of NUMBERS) check({ n, list: [n], [String(n)]: n });
    check({ t: true, f: false, n: null, u: undefined, list: [true, false, null] });
    check({ only: undefined });
    check({});
  });

  it('for empty and nested collections in every position', () => {
    check({ emptyMap: {}, emptyList: [], undefinedOnly: { a: undefined } });
    check({ list: [{}, { a: undefined }, [], { a: 1, b: { c: [1, 2] }, d: [] }] });
    check({ list: [{ first: { nested: 1 }, second: [{ deep: [{ x: 'y' }] }] }] });
    check({ a: { b: { c: { d: { e: [{ f: { g: 'h' } }] } } } } });
    check({ listOfLists: [[1, 2], [], [[3]]] });
    check({ '1': 'integer-like keys come first', b: 1, '0': 0 });
  });

  it('for values only yaml can place (several lines, document markers, long keys)', () => {
    for (const s of HARD) {
      check({ value: s });
      check({ list: [s] });
      check({ [s]: 1 });
    }
  });

  it('for a stack config shaped tree, without handing it to yaml', () => {
    const tree = {
      version: '3.8',
      services: {
        web: {
          image: '10.213.0.1:5000/stack-test/web:1',
          command: ['sh', '-c', 'echo "$$HOME" && sleep 1'],
          environment: { MODE: 'prod', EMPTY: '', NUM: '1', NULLISH: null },
          ports: [{ target: 80, published: 8080, protocol: 'tcp', mode: 'ingress' }],
          deploy: { replicas: 2, labels: { 'com.example.x': 'yes' }, update_config: undefined },
          healthcheck: { test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], interval: '30s' },
        },
      },
      networks: { front: {}, back: { driver: 'overlay', driver_opts: { encrypted: '' } } },
      'x-meta': { note: 'a: b # not a comment' },
    };
    expect(writeBlockYaml(tree)).toBe(stringify(tree, YAML_OPTIONS));
  });

  it('hands trees with several-line text, document markers and lists in lists to yaml', () => {
    expect(writeBlockYaml({ a: 'two\nlines' })).toBeUndefined();
    expect(writeBlockYaml({ a: ['--- x'] })).toBeUndefined();
    expect(writeBlockYaml({ a: [[1]] })).toBeUndefined();
    expect(writeBlockYaml({ a: 'x', b: ['w', { c: 'z' }] })).toBe('a: x\nb:\n  - w\n  - c: z\n');
  });
});
