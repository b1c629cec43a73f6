import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockerClient } from '../../../src/swarm/docker-client.js';

const require = createRequire(import.meta.url);
const ssh2Loaded = (): boolean => Object.keys(require.cache).some((path) => path.includes('/node_modules/ssh2/'));

/** A local TCP port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('DockerClient', () => {
  it('reaches a unix socket without loading ssh2', async () => {
    const client = new DockerClient({ socketPath: join(tmpdir(), `stack-no-such-${process.pid}.sock`) });
    await expect(client.info()).rejects.toMatchObject({ code: 'ENOENT' });
    expect(ssh2Loaded()).toBe(false);
  });

  it('loads the ssh transport at the first ssh:// request, which then fails like any unreachable host', async () => {
    const client = new DockerClient({ protocol: 'ssh', host: '127.0.0.1', port: await closedPort(), username: 'stack', sshOptions: {} });
    await expect(client.version()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(ssh2Loaded()).toBe(true);
  });
});
