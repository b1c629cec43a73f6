import { DockerClient as Docker, type DockerClientOptions } from './docker-client.js';
import { StackError } from '../errors/stack-error.js';
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

/** Builds a dockerode client for one endpoint. */
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

/**
 * Connects to the first endpoint that is a reachable swarm manager with quorum. Others are tried in order;
 * when none works the error lists every endpoint with its reason.
 */
export async function connectToManager(endpoints: Endpoint[], options: { timeoutMs?: number } = {}): Promise<ManagerConnection> {
  const skipped: { endpoint: Endpoint; reason: string }[] = [];
  for (const endpoint of endpoints) {
    const docker = dockerFor(endpoint, options.timeoutMs ?? 15_000);
    try {
      const [info, version] = await Promise.all([
        docker.info() as Promise<InfoSubset>,
        docker.version() as Promise<{ ApiVersion?: string }>,
      ]);
      const reason = managerProblem(info);
      if (reason) {
        skipped.push({ endpoint, reason });
        continue;
      }
      // Quorum check: listing nodes fails on a manager that lost quorum.
      await docker.listNodes({ filters: JSON.stringify({ role: ['manager'] }) });
      return { docker, endpoint, nodeId: info.Swarm?.NodeID ?? '', apiVersion: version.ApiVersion ?? '', skipped };
    } catch (error) {
      skipped.push({ endpoint, reason: describeConnectionError(error) });
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
