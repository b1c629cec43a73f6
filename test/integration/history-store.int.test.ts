import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_FORMAT, type RevisionRecord } from '../../src/history/record.js';
import { connectToManager } from '../../src/swarm/connect.js';
import { EngineApi } from '../../src/swarm/engine-api.js';
import { resolveEndpoints } from '../../src/swarm/endpoint.js';
import { deleteRevision, listRevisions, readRevision, setRevisionOutcome, writeRevision } from '../../src/history/history-store.js';
import { labDockerHost } from '../helpers/lab.js';

const STACK = 'histstore';
let api: EngineApi;

function record(revision: number, services = 1): RevisionRecord {
  return {
    format: RECORD_FORMAT,
    stack: STACK,
    revision,
    createdAt: new Date().toISOString(),
    user: 'test',
    host: 'lab',
    command: 'stack deploy',
    toolVersion: '0.1.0',
    sources: [],
    changed: [],
    desired: {
      networks: [],
      secrets: [],
      configs: [],
      // Random text does not compress: large service lists force a split into parts.
      services: Array.from({ length: services }, (_, i) => ({
        key: `s${i}`,
        name: `${STACK}_s${i}`,
        spec: { Name: `${STACK}_s${i}`, Labels: { noise: randomBytes(200).toString('hex') }, TaskTemplate: { ForceUpdate: 0 }, Mode: {} },
      })) as RevisionRecord['desired']['services'],
    },
    outcome: 'in-progress',
  };
}

async function clean(): Promise<void> {
  for (const stored of await listRevisions(api, STACK)) await deleteRevision(api, stored);
}

beforeAll(async () => {
  api = new EngineApi((await connectToManager(resolveEndpoints({ hosts: [labDockerHost()] }, {}))).docker);
  await clean();
});
afterAll(clean);

describe('revision records stored as swarm configs', () => {
  it('writes, lists newest first, reads back and updates the outcome label', async () => {
    await writeRevision(api, record(1));
    await writeRevision(api, record(2));
    const listed = await listRevisions(api, STACK);
    expect(listed.map((r) => [r.revision, r.outcome])).toEqual([
      [2, 'in-progress'],
      [1, 'in-progress'],
    ]);
    await setRevisionOutcome(api, listed[0]!, 'succeeded');
    const again = await listRevisions(api, STACK);
    const read = readRevision(again[0]!, STACK);
    expect(read.revision).toBe(2);
    expect(read.outcome).toBe('succeeded');
    await expect(writeRevision(api, record(2))).rejects.toThrow();
  });

  it('splits a record larger than one config can hold and reads it back whole', async () => {
    const big = record(3, 3000);
    await writeRevision(api, big);
    const stored = (await listRevisions(api, STACK)).find((r) => r.revision === 3)!;
    expect(stored.configs.length).toBeGreaterThan(1);
    expect(readRevision(stored, STACK).desired.services).toHaveLength(3000);
  });

  it('reports a damaged record clearly', async () => {
    await api.post('/configs/create', {
      body: {
        Name: `stack-rev.${STACK}.9`,
        Labels: { 'io.stack.history': STACK, 'io.stack.revision': '9', 'io.stack.part': '0/1', 'io.stack.outcome': 'succeeded' },
        Data: Buffer.from('garbage').toString('base64'),
      },
    });
    const stored = (await listRevisions(api, STACK)).find((r) => r.revision === 9)!;
    expect(() => readRevision(stored, STACK)).toThrow(`revision record ${STACK}#9 cannot be read: its data is not a compressed stack record`);
  });
});
