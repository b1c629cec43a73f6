import { describe, expect, it } from 'vitest';
import {
  declaredObjectName,
  LABEL_IMAGE,
  LABEL_NAMESPACE,
  stackFilters,
  stackLabelFilter,
  validateStackName,
  withStackLabel,
} from '../../../src/convert/names.js';
import { ConvertError } from '../../../src/convert/convert-error.js';
import { descopedName, scopedName } from '../../../src/docker/names.js';

describe('namespace rules (§1)', () => {
  it('uses the docker label keys', () => {
    expect([LABEL_NAMESPACE, LABEL_IMAGE]).toStrictEqual(['com.docker.stack.namespace', 'com.docker.stack.image']);
  });

  it('scopes a name as <stack>_<name>', () => {
    expect(scopedName('foo', 'bar')).toBe('foo_bar');
  });

  it('descopes exactly one <stack>_ prefix and leaves other names alone', () => {
    expect([descopedName('foo', 'foo_bar'), descopedName('foo', 'foo_foo_bar'), descopedName('foo', 'other_bar')]).toStrictEqual([
      'bar',
      'foo_bar',
      'other_bar',
    ]);
  });

  it('adds the namespace label to user labels, sorted like Go marshals maps', () => {
    const labels = withStackLabel('foo', { something: 'labeled', a: '1' });
    expect(labels).toStrictEqual({ a: '1', 'com.docker.stack.namespace': 'foo', something: 'labeled' });
    expect(Object.keys(labels)).toStrictEqual(['a', 'com.docker.stack.namespace', 'something']);
  });

  it('writes the namespace label last, so a user label with the same key is overwritten', () => {
    expect(withStackLabel('foo', { 'com.docker.stack.namespace': 'evil' })).toStrictEqual({
      'com.docker.stack.namespace': 'foo',
    });
  });

  it('creates the label map when there are no labels', () => {
    expect(withStackLabel('foo', undefined)).toStrictEqual({ 'com.docker.stack.namespace': 'foo' });
  });

  it('does not modify the input labels', () => {
    const input = { a: 'b' };
    withStackLabel('foo', input);
    expect(input).toStrictEqual({ a: 'b' });
  });

  it('builds the stack label filter', () => {
    expect(stackLabelFilter('foo')).toBe('com.docker.stack.namespace=foo');
    expect(stackFilters('foo')).toStrictEqual({ label: ['com.docker.stack.namespace=foo'] });
  });

  it.each([
    ['no declaration', undefined, 's_key'],
    ['plain declaration', {}, 's_key'],
    ['custom name', { name: 'custom' }, 'custom'],
    ['external, no name', { external: true }, 'key'],
    ['external with name', { external: true, name: 'real' }, 'real'],
    ['external: false', { external: false }, 's_key'],
  ])('names a top-level object: %s', (_title, declaration, expected) => {
    expect(declaredObjectName('s', 'key', declaration)).toBe(expected);
  });

  it.each(['web', ' a ', '"x"', 'a b'])('accepts stack name %j', (name) => {
    expect(() => validateStackName(name)).not.toThrow();
  });

  it.each(['', '   ', '""', "' '", '\t"\''])('rejects stack name %j (empty after trimming spaces and quotes)', (name) => {
    expect(() => validateStackName(name)).toThrow(ConvertError);
    expect(() => validateStackName(name)).toThrow(`invalid stack name: ${JSON.stringify(name)}`);
  });
});
