// A proxy in front of a lab manager's unix socket that holds back chosen requests: a busy manager, as seen by a
// client (the connection is open, the answer is late). Each request whose request line matches is forwarded only
// after `delayMs`; everything else passes at once, in order.
import { mkdtempSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SlowProxy {
  /** `unix://...` to give as -H / DOCKER_HOST. */
  host: string;
  /** Request lines that were held back. */
  delayed: string[];
  close(): Promise<void>;
}

export async function startSlowProxy(upstreamSocket: string, slow: RegExp, delayMs: number): Promise<SlowProxy> {
  const path = join(mkdtempSync(join(tmpdir(), 'stack-slow-')), 'docker.sock');
  const delayed: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ path: upstreamSocket });
    sockets.add(client).add(upstream);
    let chain = Promise.resolve();
    client.on('data', (chunk: Buffer) => {
      const line = /^[A-Z]+ \S+ HTTP\/1\.[01]/.exec(chunk.toString('latin1'))?.[0];
      const hold = line !== undefined && slow.test(line);
      if (hold) delayed.push(line);
      chain = chain.then(async () => {
        if (hold) await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (!upstream.destroyed) upstream.write(chunk);
      });
    });
    upstream.pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    host: `unix://${path}`,
    delayed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
