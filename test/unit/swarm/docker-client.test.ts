import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockerClient } from '../../../src/swarm/docker-client.js';

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
  // Loading ssh2 only at the first ssh:// request is the bundle's work (scripts/bundle.mjs); the built CLI's ssh
  // transport is tested in test/integration/package.int.test.ts.
  it('reaches a unix socket', async () => {
    const client = new DockerClient({ socketPath: join(tmpdir(), `stack-no-such-${process.pid}.sock`) });
    await expect(client.info()).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('an ssh:// endpoint that refuses the connection fails like any unreachable host', async () => {
    const client = new DockerClient({ protocol: 'ssh', host: '127.0.0.1', port: await closedPort(), username: 'stack', sshOptions: {} });
    await expect(client.version()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
