import { describe, expect, it } from 'vitest';
import { isValidObjectName, isValidStackName, serviceNameProblem } from '../../../src/docker/names.js';

describe('swarm and docker name rules', () => {
  it('takes a stack name unless it is empty after trimming spaces and quotes (docker validateStackName)', () => {
    expect(['web', ' a ', '"x"', 'a b'].map(isValidStackName)).toStrictEqual([true, true, true, true]);
    expect(['', '   ', '""', "' '", '\t"\''].map(isValidStackName)).toStrictEqual([false, false, false, false, false]);
  });

  it('judges service names as swarmkit does: a DNS label with "_" inside, at most 63 characters', () => {
    expect(['a', 'my_web-1', 'a'.repeat(63)].map(serviceNameProblem)).toStrictEqual([undefined, undefined, undefined]);
    expect(['-a', 'a-', 'a.b', 'a_', ''].map(serviceNameProblem)).toStrictEqual(Array(5).fill('characters'));
    expect(serviceNameProblem('a'.repeat(64))).toBe('length');
  });

  it('judges secret and config names as swarmkit does: letters, digits, "-", "_", ".", at most 64 characters', () => {
    expect(['a', 'my_app.key-1', 'a'.repeat(64)].map(isValidObjectName)).toStrictEqual([true, true, true]);
    expect(['.a', 'a.', 'a b', 'a/b', '', 'a'.repeat(65)].map(isValidObjectName)).toStrictEqual(Array(6).fill(false));
  });
});
