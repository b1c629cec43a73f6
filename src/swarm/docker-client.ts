import { createRequire, Module } from 'node:module';
import type DockerModem from 'docker-modem';

/*
 * The Docker client of stack: docker-modem (dockerode's transport, which EngineApi dials) and the three dockerode
 * calls the manager check makes, with dockerode's exact request options. Not dockerode itself: its main module
 * loads gRPC, protobuf, tar and uuid libraries (BuildKit sessions, image builds) at import time, about two thirds
 * of the time `stack diff` spent loading modules, and stack uses none of them.
 */

const require = createRequire(import.meta.url);

/**
 * docker-modem requires its ssh transport, and with it ssh2 and its crypto (a third of docker-modem's load time),
 * when it is loaded, although only ssh:// endpoints use it. A stand-in takes its place in the module cache and
 * loads the real one at the first ssh request.
 */
function deferSshTransport(): void {
  const sshPath = require.resolve('docker-modem/lib/ssh.js');
  if (require.cache[sshPath]) return;
  let real: ((options: unknown) => unknown) | undefined;
  const standIn = new Module(sshPath);
  standIn.filename = sshPath;
  standIn.loaded = true;
  standIn.exports = (options: unknown): unknown => {
    if (!real) {
      delete require.cache[sshPath];
      real = require(sshPath) as (options: unknown) => unknown;
    }
    return real(options);
  };
  require.cache[sshPath] = standIn;
}

deferSshTransport();
const Modem = require('docker-modem') as typeof DockerModem;

/** Options of a client: docker-modem's (socket, host and port, TLS material, protocol, ssh options, timeout). */
export type DockerClientOptions = DockerModem.ConstructorOptions;

/** A connection to one Docker Engine: `modem` carries every request. */
export class DockerClient {
  readonly modem: DockerModem;

  constructor(options: DockerClientOptions) {
    this.modem = new Modem(options);
    // As dockerode does: docker-modem makes its promises with this constructor.
    (this.modem as DockerModem & { Promise: PromiseConstructor }).Promise = Promise;
  }

  /** GET /info (dockerode's `info()`); `signal` abandons the request. */
  info(signal?: AbortSignal): Promise<unknown> {
    return this.dial({ path: '/info', method: 'GET', statusCodes: { 200: true, 500: 'server error' } }, signal);
  }

  /** GET /version (dockerode's `version()`). */
  version(signal?: AbortSignal): Promise<unknown> {
    return this.dial({ path: '/version', method: 'GET', statusCodes: { 200: true, 500: 'server error' } }, signal);
  }

  /** GET /nodes with query options such as `filters` (dockerode's `listNodes()`). */
  listNodes(query: Record<string, string> = {}, signal?: AbortSignal): Promise<unknown> {
    return this.dial(
      {
      path: '/nodes?',
      method: 'GET',
      options: { ...query },
      statusCodes: {
        200: true,
        400: 'bad parameter',
        404: 'no such node',
        500: 'server error',
        503: 'node is not part of a swarm',
      },
      },
      signal,
    );
  }

  private dial(options: DockerModem.DialOptions, signal?: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.modem.dial({ ...options, ...(signal ? { abortSignal: signal } : {}) } as DockerModem.DialOptions, (error, data) => (error ? reject(error) : resolve(data)));
    });
  }
}
