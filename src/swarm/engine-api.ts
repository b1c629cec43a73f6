import type { DockerClient as Docker } from './docker-client.js';
import { StackError } from '../errors/stack-error.js';

/** One Engine API request as counted by the client (method and path template, no IDs). */
export interface ApiCall {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
}

interface RequestOptions {
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  /** Base64 X-Registry-Auth value. */
  registryAuth?: string;
  okCodes?: number[];
}

/**
 * The Engine API as stack uses it: a thin typed layer over dockerode's transport (docker-modem), so every
 * request goes through one place. That place counts calls (tests assert bounded call counts on a real
 * swarm through it) and turns Engine errors into EngineError with the daemon's message.
 */
export class EngineApi {
  readonly calls: ApiCall[] = [];

  constructor(readonly docker: Docker) {}

  /** Number of calls made so far, optionally only of one HTTP method. */
  callCount(method?: ApiCall['method']): number {
    return method ? this.calls.filter((c) => c.method === method).length : this.calls.length;
  }

  async get<T>(path: string, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  async post<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, options);
  }

  async delete(path: string, query?: RequestOptions['query']): Promise<void> {
    await this.request<unknown>('DELETE', path, { query, okCodes: [200, 204] });
  }

  async request<T>(method: ApiCall['method'], path: string, options: RequestOptions = {}): Promise<T> {
    this.calls.push({ method, path: path.replace(/\/[a-z0-9]{25}(?=\/|$)/g, '/{id}').replace(/\/[a-f0-9]{64}(?=\/|$)/g, '/{id}') });
    const okCodes = options.okCodes ?? [200, 201, 204];
    const statusCodes: Record<number, boolean | string> = {};
    for (const code of okCodes) statusCodes[code] = true;
    const hasQuery = options.query && Object.keys(options.query).length > 0;
    const dialOptions = {
      path: hasQuery ? `${path}?` : path,
      method,
      statusCodes,
      // docker-modem takes the query from `_query` and the JSON body from `_body`.
      options: { ...(hasQuery ? { _query: options.query } : {}), ...(options.body !== undefined ? { _body: options.body } : {}) },
      ...(options.registryAuth ? { authconfig: { base64: options.registryAuth } } : {}),
    };
    return new Promise<T>((resolve, reject) => {
      this.docker.modem.dial(dialOptions as never, (error: unknown, data: unknown) => {
        if (error) reject(EngineError.from(error, method, path));
        else resolve(data as T);
      });
    });
  }
}

/** An error answer from the Engine (or a transport failure), with the daemon's own message. */
export class EngineError extends StackError {
  readonly statusCode?: number;

  constructor(message: string, statusCode: number | undefined, cause: unknown) {
    super(statusCode === undefined ? 'ENGINE_UNREACHABLE' : 'ENGINE_ERROR', message, { cause });
    this.name = 'EngineError';
    this.statusCode = statusCode;
  }

  static from(error: unknown, method: string, path: string): EngineError {
    const e = error as { statusCode?: number; json?: { message?: string } | string | null; message?: string; code?: string };
    const daemonMessage = typeof e.json === 'object' && e.json?.message ? e.json.message : undefined;
    if (e.statusCode !== undefined) {
      return new EngineError(daemonMessage ?? e.message ?? `HTTP ${e.statusCode}`, e.statusCode, error);
    }
    return new EngineError(`cannot reach the Docker Engine (${method} ${path}): ${e.code ?? e.message ?? String(error)}`, undefined, error);
  }

  get notFound(): boolean {
    return this.statusCode === 404;
  }
}
