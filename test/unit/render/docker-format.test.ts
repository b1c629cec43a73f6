import { describe, expect, it } from 'vitest';
import { displayImage, ellipsis, prettyPrint, truncateId } from '../../../src/render/docker-format.js';

const DIGEST = 'sha256:97d9c0a8f3d39f256d0e0e44f6b20f3d4d892690d25591ac8f7fc9b319100563';

describe('docker list formatting rules', () => {
  it('truncates IDs to 12 characters, dropping sha256:', () => {
    expect(truncateId('y5kxa2areof2x8whbdn1jhq3n')).toBe('y5kxa2areof2');
    expect(truncateId(DIGEST)).toBe('97d9c0a8f3d3');
    expect(truncateId('short')).toBe('short');
  });

  it('shows tagged images without digest, in familiar form; others unchanged', () => {
    expect(displayImage(`10.213.0.1:5000/stack-test/web:1@${DIGEST}`)).toBe('10.213.0.1:5000/stack-test/web:1');
    expect(displayImage(`docker.io/library/nginx:1.27@${DIGEST}`)).toBe('nginx:1.27');
    expect(displayImage(`nginx@${DIGEST}`)).toBe(`nginx@${DIGEST}`);
    expect(displayImage('Not A Reference')).toBe('Not A Reference');
  });

  it('capitalizes states like docker PrettyPrint', () => {
    expect(prettyPrint('running')).toBe('Running');
    expect(prettyPrint('SHUTDOWN')).toBe('Shutdown');
    expect(prettyPrint('')).toBe('');
  });

  it('cuts long text with an ellipsis', () => {
    expect(ellipsis('task: non-zero exit (3)', 30)).toBe('task: non-zero exit (3)');
    expect(ellipsis('abcdefghij', 5)).toBe('abcd…');
  });
});
