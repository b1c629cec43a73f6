import type { NoticeListener } from '../model/notice.js';
import type { DockerClient as Docker } from './docker-client.js';
import { StackError } from '../errors/stack-error.js';
import { connectToManager } from './connect.js';
import type { Endpoint } from './endpoint.js';
import { classifyEngineError, type EngineErrorKind, type EngineRequest } from './engine-error-kind.js';
import { EngineTimeoutError } from './engine-timeout.js';
import { failoverOrder, managerLoss, type ManagerLoss } from './failover.js';

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

/** How an EngineApi carries on when its manager goes away in the middle of a command. */
export interface FailoverOptions {
  /** Every manager endpoint the user gave (-H, DOCKER_HOST, context), in their order. */
  endpoints: Endpoint[];
  /** The one connected now. */
  current: Endpoint;
  /** How long to keep looking for a working manager after losing one, before giving up. */
  budgetMs: number;
  /** Told when the command carries on through another manager. */
  onNotice?: NoticeListener;
}

/** Default of `--manager-timeout`: a leader election takes about 10 s with swarm's default raft settings. */
export const DEFAULT_MANAGER_TIMEOUT_MS = 30_000;

/**
 * The Engine API as stack uses it: a thin typed layer over dockerode's transport (docker-modem), so every
 * request goes through one place. That place counts calls (tests assert bounded call counts on a real
 * swarm through it) and turns Engine errors into EngineError with the daemon's message.
 *
 * With failover options, losing the manager (daemon gone, no leader during an election) does not end the command:
 * the client connects to the next manager that answers with quorum (or the same one once it is back), within
 * `budgetMs`, and repeats a request that cannot have taken effect (any read; a write that never reached a manager).
 * A write whose answer was lost throws UncertainWriteError after reconnecting, so the caller re-reads and decides.
 * After the budget runs out every later request fails at once with the same ManagerLostError.
 */
export class EngineApi {
  readonly calls: ApiCall[] = [];
  private generation = 0;
  private switching?: Promise<void>;
  private lossSince?: number;
  private lost?: ManagerLostError;
  private requestLimit?: { ms: number; label: string };

  constructor(
    public docker: Docker,
    private readonly failover?: FailoverOptions,
  ) {}

  /** The endpoint in use now (another one than at the start after a failover). */
  get endpoint(): Endpoint | undefined {
    return this.failover?.current;
  }

  /**
   * Bounds every later request by the command's own limit (e.g. `--timeout`): a request the manager has not answered
   * by then fails with EngineTimeoutError naming it. Without a limit requests wait as long as the connection is
   * open, as the docker CLI does.
   */
  setRequestLimit(ms: number, label: string): void {
    this.requestLimit = { ms, label };
  }

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
    for (;;) {
      if (this.lost) throw this.lost;
      const generation = this.generation;
      try {
        const data = await this.dial<T>(method, path, options);
        this.lossSince = undefined;
        return data;
      } catch (error) {
        if (error instanceof EngineTimeoutError) throw error;
        const loss = this.failover ? managerLoss(error) : undefined;
        if (!loss) throw EngineError.from(error, method, path);
        // Another request already moved to a new manager after this one went out: just use it.
        if (generation === this.generation) await this.reconnect(loss);
        if (method !== 'GET' && loss.kind === 'uncertain') {
          throw new UncertainWriteError(`${method} ${path}: the manager went away before answering (${loss.reason}); the write may or may not have been applied`, error);
        }
      }
    }
  }

  /** Finds a working manager (one reconnect at a time; concurrent requests wait for it). */
  private async reconnect(loss: ManagerLoss): Promise<void> {
    this.switching ??= this.findManager(loss).finally(() => {
      this.switching = undefined;
    });
    await this.switching;
  }

  private async findManager(loss: ManagerLoss): Promise<void> {
    const failover = this.failover!;
    const from = failover.current;
    const since = (this.lossSince ??= Date.now());
    let last = '';
    for (;;) {
      const left = since + failover.budgetMs - Date.now();
      try {
        const connection = await connectToManager(failoverOrder(failover.endpoints, from), {
          timeoutMs: Math.max(2000, Math.min(15_000, left)),
          ...(this.requestLimit ? { requestLimitMs: this.requestLimit.ms, limitLabel: this.requestLimit.label } : {}),
        });
        this.docker = connection.docker;
        failover.current = connection.endpoint;
        this.generation += 1;
        if (connection.endpoint !== from) {
          failover.onNotice?.({ code: 'manager-lost', endpoint: from.label, reason: loss.reason, using: connection.endpoint.label });
        }
        return;
      } catch (error) {
        last = error instanceof StackError ? error.message.replace(/^no swarm manager could be reached:\n/, '') : String(error);
      }
      if (Date.now() - since >= failover.budgetMs) {
        this.lost = new ManagerLostError(from, loss.reason, failover.budgetMs, last);
        throw this.lost;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  private async dial<T>(method: ApiCall['method'], path: string, options: RequestOptions): Promise<T> {
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
    const limit = this.requestLimit;
    const controller = limit ? new AbortController() : undefined;
    const timer = limit ? setTimeout(() => controller!.abort(), limit.ms) : undefined;
    const endpoint = this.failover?.current.label ?? 'in use';
    return new Promise<T>((resolve, reject) => {
      this.docker.modem.dial({ ...dialOptions, ...(controller ? { abortSignal: controller.signal } : {}) } as never, (error: unknown, data: unknown) => {
        clearTimeout(timer);
        if (controller?.signal.aborted) reject(new EngineTimeoutError(`${method} ${path}`, endpoint, limit!.ms, limit!.label));
        else if (error) reject(error);
        else resolve(data as T);
      });
    });
  }
}

/** An error answer from the Engine (or a transport failure), with the daemon's own message. */
export class EngineError extends StackError {
  readonly statusCode?: number;
  /** What the answer means; callers decide by this, never by the message. */
  readonly kind: EngineErrorKind;

  constructor(message: string, statusCode: number | undefined, cause: unknown, request?: EngineRequest) {
    super(statusCode === undefined ? 'ENGINE_UNREACHABLE' : 'ENGINE_ERROR', message, { cause });
    this.name = 'EngineError';
    this.statusCode = statusCode;
    this.kind = classifyEngineError(statusCode, message, request);
  }

  static from(error: unknown, method: string, path: string): EngineError {
    const e = error as { statusCode?: number; json?: { message?: string } | string | null; message?: string; code?: string };
    const daemonMessage = typeof e.json === 'object' && e.json?.message ? e.json.message : undefined;
    if (e.statusCode !== undefined) {
      return new EngineError(daemonMessage ?? e.message ?? `HTTP ${e.statusCode}`, e.statusCode, error, { method, path });
    }
    return new EngineError(`cannot reach the Docker Engine (${method} ${path}): ${e.code ?? e.message ?? String(error)}`, undefined, error);
  }

  get notFound(): boolean {
    return this.kind === 'not-found';
  }
}

/** A write sent to a manager that went away before answering: it may or may not have been applied (re-read to know). */
export class UncertainWriteError extends EngineError {
  constructor(message: string, cause: unknown) {
    super(message, undefined, cause);
    this.name = 'UncertainWriteError';
  }
}

/** The manager went away and none answered within the failover budget. */
export class ManagerLostError extends StackError {
  constructor(from: Endpoint, reason: string, budgetMs: number, tried: string) {
    super(
      'MANAGER_LOST',
      `lost the swarm manager ${from.label} (${reason}) and no manager answered within ${Math.round(budgetMs / 1000)}s:\n${tried}\n` +
        'What was already written stays in the swarm, which keeps rolling it out.',
      {
        hint:
          'run the same command again once a manager is reachable: it plans against what the swarm has now and waits for the rollout. ' +
          'Give every manager with -H (repeatable) so a deploy can carry on through another one; --manager-timeout sets how long to look for one',
      },
    );
    this.name = 'ManagerLostError';
  }
}

/** Engine API calls a run made, by method (a deploy without changes makes no POST or DELETE). */
export interface CallCounts {
  total: number;
  get: number;
  post: number;
  delete: number;
}

/** Counts Engine API calls by method. */
export function countCalls(calls: readonly ApiCall[]): CallCounts {
  return {
    total: calls.length,
    get: calls.filter((c) => c.method === 'GET').length,
    post: calls.filter((c) => c.method === 'POST').length,
    delete: calls.filter((c) => c.method === 'DELETE').length,
  };
}
