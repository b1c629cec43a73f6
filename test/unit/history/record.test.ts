import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, RECORD_FORMAT, type RevisionRecord } from '../../../src/history/record.js';

function record(services = 1): RevisionRecord {
  return {
    format: RECORD_FORMAT,
    stack: 'shop',
    revision: 3,
    createdAt: '2026-11-23T10:00:00.000Z',
    user: 'ci',
    host: 'runner-1',
    command: 'stack deploy -c docker-compose.yml shop',
    toolVersion: '0.1.0',
    sources: [{ path: 'docker-compose.yml', sha256: 'ab'.repeat(32) }],
    changed: [{ type: 'service', name: 'shop_web', action: 'update' }],
    desired: {
      networks: [],
      secrets: [{ name: 'shop_db', spec: { Name: 'shop_db', Labels: {} }, sha256: 'cd'.repeat(32) }],
      configs: [],
      services: Array.from({ length: services }, (_, i) => ({
        key: `svc${i}`,
        name: `shop_svc${i}`,
        spec: { Name: `shop_svc${i}`, Labels: { n: String(i) }, TaskTemplate: { ForceUpdate: 0, ContainerSpec: { Image: `img${i}` } }, Mode: { Replicated: { Replicas: 1 } } },
      })),
    },
    outcome: 'succeeded',
    durationMs: 1234,
  } as RevisionRecord;
}

describe('revision records', () => {
  it('round-trips through compressed parts', () => {
    const parts = encodeRecord(record());
    expect(parts).toHaveLength(1);
    expect(decodeRecord(parts, 'shop#3')).toEqual(record());
  });

  it('splits a large record into parts below the limit and joins them back', () => {
    const big = record(400);
    const parts = encodeRecord(big, 2048);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2048);
    expect(decodeRecord(parts, 'shop#3')).toEqual(big);
  });

  it('refuses to write secret data', () => {
    const bad = record();
    (bad.desired.secrets[0]!.spec as Record<string, unknown>).Data = 'c2VjcmV0';
    expect(() => encodeRecord(bad)).toThrow('revision record would contain data of secret shop_db');
  });

  it('reports damaged records clearly', () => {
    expect(() => decodeRecord([Buffer.from('not gzip')], 'shop#7')).toThrow(
      'revision record shop#7 cannot be read: its data is not a compressed stack record (damaged, truncated, or a part is missing)',
    );
    const parts = encodeRecord(record(50), 256);
    expect(() => decodeRecord(parts.slice(0, -1), 'shop#7')).toThrow(/cannot be read: its data is not a compressed stack record/);
    expect(() => decodeRecord([gzipSync('{"format":1}')], 'shop#7')).toThrow('revision record shop#7 cannot be read: it lacks stack, revision, createdAt, desired, outcome');
    expect(() => decodeRecord([gzipSync('[1')], 'shop#7')).toThrow('its content is not valid JSON');
  });

  it('names an unknown format', () => {
    expect(() => decodeRecord([gzipSync('{"format":9}')], 'shop#2')).toThrow(
      'revision record shop#2 has format 9, which this version of stack cannot read (it reads format 1)',
    );
  });
});
