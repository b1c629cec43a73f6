import { describe, expect, it } from 'vitest';
import { compareImages } from '../../../src/plan/images.js';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

describe('compareImages', () => {
  it('the same string is the same image', () => {
    expect(compareImages(`web:1@${A}`, `web:1@${A}`)).toEqual({ same: true });
  });

  it('a digest on one side only cannot be compared: same image', () => {
    expect(compareImages('web:1', `web:1@${A}`)).toEqual({ same: true });
    expect(compareImages(`web:1@${A}`, 'web:1')).toEqual({ same: true });
    expect(compareImages('docker.io/library/nginx:1', `nginx:1@${A}`)).toEqual({ same: true });
  });

  it('another digest for the same tag: the tag moved', () => {
    expect(compareImages(`reg.local:5000/web:1@${B}`, `reg.local:5000/web:1@${A}`)).toEqual({
      same: false,
      movedTag: { reference: 'reg.local:5000/web:1', from: A, to: B },
    });
  });

  it('another tag or name is a change, not a moved tag', () => {
    expect(compareImages(`web:2@${B}`, `web:1@${A}`)).toEqual({ same: false });
    expect(compareImages('api:1', 'web:1')).toEqual({ same: false });
    expect(compareImages(`web@${B}`, `web@${A}`)).toEqual({ same: false });
  });
});
