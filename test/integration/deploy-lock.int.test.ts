import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectToManager } from '../../src/swarm/connect.js';
import type { LockHolder } from '../../src/model/lock-holder.js';
import { acquireDeployLock, forceUnlock, lockName, readLock } from '../../src/swarm/deploy-lock.js';
import { EngineApi } from '../../src/swarm/engine-api.js';
import { resolveEndpoints } from '../../src/swarm/endpoint.js';
import { labDockerHost } from '../helpers/lab.js';

const STACK = 'locktest';
let api: EngineApi;

beforeAll(async () => {
  api = new EngineApi((await connectToManager(resolveEndpoints({ hosts: [labDockerHost()] }, {}))).docker);
  await forceUnlock(api, STACK);
});

afterAll(async () => {
  await forceUnlock(api, STACK);
});

describe('the deploy lock held in the cluster', () => {
  it('lets one holder in, makes the next wait and then fail naming the holder', async () => {
    const first = await acquireDeployLock(api, STACK, { timeoutMs: 0, command: 'stack deploy first' });
    let waitedFor: LockHolder | undefined;
    const started = Date.now();
    await expect(
      acquireDeployLock(api, STACK, { timeoutMs: 1500, pollMs: 200, command: 'stack deploy second', onWait: (h) => (waitedFor = h) }),
    ).rejects.toThrow(/^stack locktest is being deployed by .+@.+ \(pid \d+\) since .+: stack deploy first$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(waitedFor?.command).toBe('stack deploy first');
    await first.release();
    const second = await acquireDeployLock(api, STACK, { timeoutMs: 0, command: 'stack deploy second' });
    expect((await readLock(api, STACK))?.holder.command).toBe('stack deploy second');
    await second.release();
    expect(await readLock(api, STACK)).toBeUndefined();
  });

  it('a waiter gets the lock as soon as the holder releases it', async () => {
    const first = await acquireDeployLock(api, STACK, { timeoutMs: 0, command: 'one' });
    setTimeout(() => void first.release(), 500);
    const second = await acquireDeployLock(api, STACK, { timeoutMs: 10_000, pollMs: 100, command: 'two' });
    expect(second.holder.command).toBe('two');
    await second.release();
  });

  it('takes over a lock left by a crashed run once it expired', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    await api.post('/configs/create', {
      body: {
        Name: lockName(STACK),
        Labels: { 'io.stack.lock': STACK, 'io.stack.lock.host': 'gone', 'io.stack.lock.since': past, 'io.stack.lock.expires': past },
        Data: Buffer.from(STACK).toString('base64'),
      },
    });
    const lock = await acquireDeployLock(api, STACK, { timeoutMs: 0, command: 'after crash' });
    expect(lock.holder.command).toBe('after crash');
    await lock.release();
  });

  it('renews the expiry while held', async () => {
    const lock = await acquireDeployLock(api, STACK, { timeoutMs: 0, ttlMs: 3000, command: 'long' });
    const before = (await readLock(api, STACK))?.holder.expires ?? '';
    await new Promise((r) => setTimeout(r, 2500));
    const after = (await readLock(api, STACK))?.holder.expires ?? '';
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
    await lock.release();
  });
});
