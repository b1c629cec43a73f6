import { DockerClient as Docker, type DockerClientOptions } from './docker-client.js';
import * as net from 'node:net';
import { StackError } from '../errors/stack-error.js';
import { EngineTimeoutError } from './engine-timeout.js';
import type { Endpoint } from './endpoint.js';

/** A live connection to a swarm manager that answered and has quorum. */
export interface ManagerConnection {
  docker: Docker;
  endpoint: Endpoint;
  /** Node ID of the manager we talk to. */
  nodeId: string;
  /** The Engine's API version (e.g. "1.41"). */
  apiVersion: string;
  /** Endpoints that were tried first and why they were skipped (for the "using manager X" notice). */
  skipped: { endpoint: Endpoint; reason: string }[];
}

/**
 * Builds a client for one endpoint. No idle timeout on requests: a busy manager may take long to answer, and slow is
 * not down (EngineApi bounds each request by the command's own limit and says so; a refused or lost connection is
 * what counts as a manager gone). `timeoutMs` is only for callers that want docker-modem's idle timeout.
 */
export function dockerFor(endpoint: Endpoint, timeoutMs?: number): Docker {
  const url = new URL(endpoint.url);
  const timeout = timeoutMs ? { timeout: timeoutMs } : {};
  switch (url.protocol) {
    case 'unix:':
      return new Docker({ socketPath: decodeURIComponent(url.pathname), ...timeout });
    case 'npipe:':
      return new Docker({ socketPath: endpoint.url.replace(/^npipe:/, ''), ...timeout });
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const tls = endpoint.tls;
      const secure = Boolean(tls) || url.protocol === 'https:';
      return new Docker({
        host: url.hostname,
        port: url.port || (secure ? '2376' : '2375'),
        protocol: secure ? 'https' : 'http',
        ...(tls?.ca ? { ca: tls.ca } : {}),
        ...(tls?.cert ? { cert: tls.cert } : {}),
        ...(tls?.key ? { key: tls.key } : {}),
        ...timeout,
      });
    }
    case 'ssh:':
      return new Docker({
        protocol: 'ssh',
        host: url.hostname,
        port: url.port || '22',
        ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
        sshOptions: process.env.SSH_AUTH_SOCK ? { agent: process.env.SSH_AUTH_SOCK } : {},
        ...timeout,
      } as DockerClientOptions);
    default:
      throw new StackError('ENDPOINT_INVALID', `unsupported Docker endpoint scheme "${url.protocol}" in ${endpoint.label}`, {
        hint: 'use unix://, tcp:// or ssh://',
      });
  }
}

interface InfoSubset {
  Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean; NodeID?: string; Error?: string };
}

/** How long a manager may take to accept a connection before it counts as unreachable. */
export const DEFAULT_REACH_TIMEOUT_MS = 10_000;

/**
 * Connects to the first endpoint that is a reachable swarm manager with quorum. Others are tried in order;
 * when none works the error lists every endpoint with its reason. An endpoint is unreachable when it refuses or does
 * not accept a connection within `timeoutMs`; one that accepts is waited for (a busy manager answers slowly), up to
 * `requestLimitMs` per request when given, and then reported as a timeout naming the request, never as unreachable.
 */
export async function connectToManager(
  endpoints: Endpoint[],
  options: { timeoutMs?: number; requestLimitMs?: number; limitLabel?: string } = {},
): Promise<ManagerConnection> {
  const skipped: { endpoint: Endpoint; reason: string }[] = [];
  for (const endpoint of endpoints) {
    const refused = await acceptsConnection(endpoint, options.timeoutMs ?? DEFAULT_REACH_TIMEOUT_MS);
    if (refused) {
      skipped.push({ endpoint, reason: refused });
      continue;
    }
    const docker = dockerFor(endpoint);
    const limit = options.requestLimitMs;
    const controller = new AbortController();
    let current = 'GET /info';
    const timer = limit === undefined ? undefined : setTimeout(() => controller.abort(), limit);
    try {
      const [info, version] = await Promise.all([
        docker.info(controller.signal) as Promise<InfoSubset>,
        docker.version(controller.signal) as Promise<{ ApiVersion?: string }>,
      ]);
      const reason = managerProblem(info);
      if (reason) {
        skipped.push({ endpoint, reason });
        continue;
      }
      // Quorum check: listing nodes fails on a manager that lost quorum.
      current = 'GET /nodes';
      await docker.listNodes({ filters: JSON.stringify({ role: ['manager'] }) }, controller.signal);
      return { docker, endpoint, nodeId: info.Swarm?.NodeID ?? '', apiVersion: version.ApiVersion ?? '', skipped };
    } catch (error) {
      if (controller.signal.aborted) throw new EngineTimeoutError(current, endpoint.label, limit ?? 0, options.limitLabel);
      skipped.push({ endpoint, reason: describeConnectionError(error) });
    } finally {
      clearTimeout(timer);
    }
  }
  const details = skipped.map((s) => `  ${s.endpoint.label}: ${s.reason}`).join('\n');
  const onlyNotManager = skipped.length > 0 && skipped.every((s) => s.reason.startsWith('not a swarm manager'));
  throw new StackError('NO_MANAGER', `no swarm manager could be reached:\n${details}`, {
    hint: onlyNotManager
      ? 'point -H or DOCKER_HOST at a manager node (`docker node ls` on a manager lists them)'
      : 'check that the Docker Engine is running and that -H, DOCKER_HOST or the docker context point at a swarm manager',
  });
}

/**
 * Whether the endpoint accepts a connection (its daemon is there, however busy): undefined when it does, else the
 * reason. Only a socket is opened, nothing is sent. ssh and named-pipe endpoints are not checked here.
 */
export async function acceptsConnection(endpoint: Endpoint, timeoutMs: number): Promise<string | undefined> {
  const url = new URL(endpoint.url);
  let target: { path: string } | { host: string; port: number };
  if (url.protocol === 'unix:') target = { path: decodeURIComponent(url.pathname) };
  else if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    const secure = Boolean(endpoint.tls) || url.protocol === 'https:';
    target = { host: url.hostname, port: Number(url.port || (secure ? 2376 : 2375)) };
  } else return undefined;
  return new Promise((resolve) => {
    const socket = net.connect(target as net.NetConnectOpts);
    const done = (reason: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => done(`no connection within ${Math.round(timeoutMs / 1000)}s`), timeoutMs);
    socket.once('connect', () => done(undefined));
    socket.once('error', (error) => done(describeConnectionError(error)));
  });
}

function managerProblem(info: InfoSubset): string | undefined {
  const state = info.Swarm?.LocalNodeState;
  if (state !== 'active') return `not a swarm manager (this engine's swarm state is "${state || 'inactive'}"; run \`docker swarm init\` to create a swarm)`;
  if (!info.Swarm?.ControlAvailable) return 'not a swarm manager (it is a worker node)';
  return undefined;
}

/** Short, user-facing reason for a failed connection. */
export function describeConnectionError(error: unknown): string {
  const e = error as { code?: string; message?: string; statusCode?: number; json?: { message?: string } };
  if (e.code === 'ENOENT') return 'no such socket';
  if (e.code === 'EACCES') return 'permission denied on the socket';
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'ETIMEDOUT' || /timeout/i.test(e.message ?? '')) return 'timed out';
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENOTFOUND') return 'host unreachable';
  if (e.statusCode === 503) return `manager unavailable: ${e.json?.message ?? e.message ?? ''}`.trim();
  return e.json?.message ?? e.message ?? String(error);
}
