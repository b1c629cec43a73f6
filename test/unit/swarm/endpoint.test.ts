import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveEndpoints } from '../../../src/swarm/endpoint.js';

function dockerConfigWithContext(name: string, host: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'stack-ctx-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ currentContext: name }));
  const meta = join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
  mkdirSync(meta, { recursive: true });
  writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }));
  return dir;
}

describe('resolveEndpoints', () => {
  it('uses the default socket when nothing is set', () => {
    const config = mkdtempSync(join(tmpdir(), 'stack-empty-'));
    expect(resolveEndpoints({}, { DOCKER_CONFIG: config })).toEqual([
      { label: 'unix:///var/run/docker.sock', url: 'unix:///var/run/docker.sock' },
    ]);
  });

  it('takes DOCKER_HOST, comma-separated values giving fallbacks', () => {
    const endpoints = resolveEndpoints({}, { DOCKER_HOST: 'unix:///a.sock,unix:///b.sock' });
    expect(endpoints.map((e) => e.url)).toEqual(['unix:///a.sock', 'unix:///b.sock']);
  });

  it('prefers repeated -H flags over DOCKER_HOST', () => {
    const endpoints = resolveEndpoints({ hosts: ['unix:///m1.sock', 'unix:///m2.sock'] }, { DOCKER_HOST: 'unix:///x.sock' });
    expect(endpoints.map((e) => e.url)).toEqual(['unix:///m1.sock', 'unix:///m2.sock']);
  });

  it('reads the current docker context from the docker config', () => {
    const config = dockerConfigWithContext('lab', 'unix:///run/lab.sock');
    expect(resolveEndpoints({}, { DOCKER_CONFIG: config })).toEqual([
      { label: 'context "lab" (unix:///run/lab.sock)', url: 'unix:///run/lab.sock', tls: undefined },
    ]);
  });

  it('lets --context win over DOCKER_HOST and DOCKER_CONTEXT over the current context', () => {
    const config = dockerConfigWithContext('lab', 'unix:///run/lab.sock');
    expect(resolveEndpoints({ context: 'lab' }, { DOCKER_CONFIG: config, DOCKER_HOST: 'unix:///x.sock' })[0]?.url).toBe(
      'unix:///run/lab.sock',
    );
    expect(() => resolveEndpoints({}, { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'missing' })).toThrow(
      'docker context "missing" not found',
    );
  });

  it('reads TLS material from DOCKER_CERT_PATH for tcp endpoints when DOCKER_TLS_VERIFY is set', () => {
    const certs = mkdtempSync(join(tmpdir(), 'stack-certs-'));
    writeFileSync(join(certs, 'ca.pem'), 'CA');
    writeFileSync(join(certs, 'cert.pem'), 'CERT');
    writeFileSync(join(certs, 'key.pem'), 'KEY');
    const [endpoint] = resolveEndpoints({}, { DOCKER_HOST: 'tcp://m1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs });
    expect(endpoint?.tls?.verify).toBe(true);
    expect(endpoint?.tls?.ca?.toString()).toBe('CA');
    expect(endpoint?.tls?.key?.toString()).toBe('KEY');
  });

  it('rejects an endpoint without a scheme', () => {
    expect(() => resolveEndpoints({ hosts: ['m1:2376'] }, {})).toThrow('invalid Docker endpoint "m1:2376"');
  });
});
