import Modem from 'docker-modem';

/*
 * The Docker client of stack: docker-modem (dockerode's transport, which EngineApi dials) and the three dockerode
 * calls the manager check makes, with dockerode's exact request options. Not dockerode itself: its main module
 * loads gRPC, protobuf, tar and uuid libraries (BuildKit sessions, image builds) at import time, about two thirds
 * of the time `stack diff` spent loading modules, and stack uses none of them. docker-modem's ssh transport (ssh2
 * and its crypto) is loaded only at the first ssh:// request: the bundle (scripts/bundle.mjs) defers it.
 */

/** Options of a client: docker-modem's (socket, host and port, TLS material, protocol, ssh options, timeout). */
export type DockerClientOptions = Modem.ConstructorOptions;

/** A connection to one Docker Engine: `modem` carries every request. */
export class DockerClient {
  readonly modem: Modem;

  constructor(options: DockerClientOptions) {
    this.modem = new Modem(options);
    // As dockerode does: docker-modem makes its promises with this constructor.
    (this.modem as Modem & { Promise: PromiseConstructor }).Promise = Promise;
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

  private dial(options: Modem.DialOptions, signal?: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.modem.dial({ ...options, ...(signal ? { abortSignal: signal } : {}) } as Modem.DialOptions, (error, data) => (error ? reject(error) : resolve(data)));
    });
  }
}
