import { describe, expect, it } from 'vitest';
import { closestName, didYouMean, editDistance } from '../../../src/compose/suggest.js';

describe('editDistance', () => {
  it.each([
    ['image', 'image', 0],
    ['imagee', 'image', 1],
    ['bsae', 'base', 1],
    ['enviroment', 'environment', 1],
    ['', 'abc', 3],
    ['replicas', 'replicated', 3],
  ])('%s → %s: %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe('closestName', () => {
  it('takes the closest name within a third of the word (1 to 3 edits), case-insensitively', () => {
    expect(closestName('db_pasword', ['db_password', 'api_key'])).toBe('db_password');
    expect(closestName('Global', ['replicated', 'global'])).toBe('global');
    expect(closestName('cache', ['api', 'web'])).toBeUndefined();
    expect(closestName('ab', ['abc'])).toBe('abc');
  });

  it('never suggests the word itself', () => {
    expect(closestName('web', ['web'])).toBeUndefined();
  });

  it('didYouMean phrases it', () => {
    expect(didYouMean('imgae', ['image'])).toBe('did you mean "image"?');
    expect(didYouMean('zzz', ['image'])).toBeUndefined();
  });
});
