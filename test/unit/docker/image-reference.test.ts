// Expected values were produced by docker CLI 28.2.2 itself (the ContainerSpec.Image it sends on service create).
import { describe, expect, it } from 'vitest';
import { familiarString, normalizeImageReference, parseNormalizedNamed } from '../../../src/docker/image-reference.js';

const HEX64 = 'a'.repeat(64);
const HEX128 = 'b'.repeat(128);

describe('normalizeImageReference (client-side tagging before create/update)', () => {
  it.each([
    ['nginx', 'nginx:latest'],
    ['nginx:1', 'nginx:1'],
    ['ubuntu:22.04', 'ubuntu:22.04'],
    ['library/nginx', 'nginx:latest'],
    ['docker.io/nginx', 'nginx:latest'],
    ['docker.io/library/nginx:latest', 'nginx:latest'],
    ['index.docker.io/library/nginx:1', 'nginx:1'],
    ['docker.io/team/app', 'team/app:latest'],
    ['index.docker.io/team/app:v1', 'team/app:v1'],
    ['localhost/app', 'localhost/app:latest'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['example.com:5000/team/app', 'example.com:5000/team/app:latest'],
    ['ghcr.io/a/b/c', 'ghcr.io/a/b/c:latest'],
    ['a/b/c/d', 'a/b/c/d:latest'],
    ['my_registry.local/app', 'my_registry.local/app:latest'],
    ['[::1]:5000/app', '[::1]:5000/app:latest'],
    [`nginx@sha256:${HEX64}`, `nginx@sha256:${HEX64}`],
    [`nginx:1.2@sha256:${HEX64}`, `nginx:1.2@sha256:${HEX64}`],
    [`docker.io/library/nginx@sha256:${HEX64}`, `nginx@sha256:${HEX64}`],
    [`quay.io/x/y@sha512:${HEX128}`, `quay.io/x/y@sha512:${HEX128}`],
  ])('%s → %s', (image, expected) => {
    expect(normalizeImageReference(image)).toBe(expected);
  });

  it.each([
    ['upper-case repository', 'Upper/Case'],
    ['upper-case single name', 'Nginx'],
    ['64-hex identifier', HEX64],
    ['empty', ''],
    ['bad digest length', 'nginx@sha256:abc'],
    ['unknown digest algorithm', `nginx@md5:${'0'.repeat(32)}`],
    ['upper-case digest hex', `nginx@sha256:${'A'.repeat(64)}`],
    ['trailing colon', 'nginx:'],
    ['space', 'nginx latest'],
  ])('returns an unparsable reference unchanged (%s)', (_title, image) => {
    expect(normalizeImageReference(image)).toBe(image);
  });

  it('parses into domain, path, tag and digest', () => {
    expect(parseNormalizedNamed(`localhost:5000/a/b:1@sha256:${HEX64}`)).toStrictEqual({
      domain: 'localhost:5000',
      path: 'a/b',
      tag: '1',
      digest: `sha256:${HEX64}`,
    });
    expect(parseNormalizedNamed('redis')).toStrictEqual({ domain: 'docker.io', path: 'library/redis' });
    expect(familiarString({ domain: 'docker.io', path: 'library/a/b' })).toBe('library/a/b');
  });
});
