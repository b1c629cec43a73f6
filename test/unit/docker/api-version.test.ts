import { describe, expect, it } from 'vitest';
import { apiAtLeast, apiVersionLessThan } from '../../../src/docker/api-version.js';

describe('Engine API versions', () => {
  it('compare numerically part by part, as docker versions.LessThan', () => {
    expect([apiVersionLessThan('1.41', '1.44'), apiVersionLessThan('1.44', '1.44'), apiVersionLessThan('1.9', '1.10')]).toStrictEqual([true, false, true]);
    expect([apiVersionLessThan('2.0', '1.50'), apiVersionLessThan('1.4', '1.4.1')]).toStrictEqual([false, true]);
  });

  it('take an unknown daemon version for a current one', () => {
    expect([apiAtLeast(undefined, '1.46'), apiAtLeast('', '1.46')]).toStrictEqual([true, true]);
    expect([apiAtLeast('1.41', '1.44'), apiAtLeast('1.44', '1.44'), apiAtLeast('1.47', '1.46'), apiAtLeast('2.0', '1.46')]).toStrictEqual([false, true, true, true]);
  });
});
