import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { StackError } from '../errors/stack-error.js';

/** TLS material for a tcp endpoint, as file contents. */
export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  verify: boolean;
}

/** One way to reach a Docker Engine: where it came from (for messages) and how to connect. */
export interface Endpoint {
  /** What the user gave or what we found, e.g. `unix:///var/run/docker.sock` or `context "prod"`. */
  label: string;
  url: string;
  tls?: TlsMaterial;
}

/** Endpoint flags as parsed by the commands (see src/commands/flags.ts). */
export interface EndpointOptions {
  hosts?: string[];
  context?: string;
  tls?: boolean;
  tlsverify?: boolean;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
}

const DEFAULT_SOCKET = 'unix:///var/run/docker.sock';

/**
 * Decides which managers to talk to, in the docker CLI's order of precedence:
 * `-H` flags, then `--context`, then DOCKER_HOST, then DOCKER_CONTEXT, then the current context of the
 * docker config, then the default socket. Several `-H` flags (or a comma-separated DOCKER_HOST) give fallbacks.
 */
export function resolveEndpoints(options: EndpointOptions, env: Record<string, string | undefined>): Endpoint[] {
  const tls = tlsFromOptions(options, env);
  if (options.hosts && options.hosts.length > 0) {
    return options.hosts.flatMap(splitList).map((url) => ({ label: url, url: normalizeHost(url), tls: tlsFor(url, tls) }));
  }
  if (options.context) return [contextEndpoint(options.context, env)];
  if (env.DOCKER_HOST) {
    return splitList(env.DOCKER_HOST).map((url) => ({ label: url, url: normalizeHost(url), tls: tlsFor(url, tls) }));
  }
  const contextName = env.DOCKER_CONTEXT || currentContext(env);
  if (contextName && contextName !== 'default') return [contextEndpoint(contextName, env)];
  return [{ label: DEFAULT_SOCKET, url: DEFAULT_SOCKET }];
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `tcp://host` without a port gets 2376 with TLS and 2375 without, like the docker CLI; a bare path is a socket. */
function normalizeHost(url: string): string {
  if (url.startsWith('/')) return `unix://${url}`;
  if (!/^[a-z]+:\/\//.test(url)) {
    throw new StackError('ENDPOINT_INVALID', `invalid Docker endpoint "${url}"`, {
      hint: 'use unix:///path/to/docker.sock, tcp://host:2376 or ssh://user@host',
    });
  }
  return url;
}

function tlsFor(url: string, tls: TlsMaterial | undefined): TlsMaterial | undefined {
  return url.startsWith('tcp://') || url.startsWith('https://') ? tls : undefined;
}

function tlsFromOptions(options: EndpointOptions, env: Record<string, string | undefined>): TlsMaterial | undefined {
  const verify = Boolean(options.tlsverify) || Boolean(env.DOCKER_TLS_VERIFY);
  const enabled = verify || Boolean(options.tls) || Boolean(options.tlscacert || options.tlscert || options.tlskey);
  if (!enabled) return undefined;
  const certDir = env.DOCKER_CERT_PATH || join(homedir(), '.docker');
  return {
    verify,
    ca: readOptional(options.tlscacert ?? join(certDir, 'ca.pem'), Boolean(options.tlscacert)),
    cert: readOptional(options.tlscert ?? join(certDir, 'cert.pem'), Boolean(options.tlscert)),
    key: readOptional(options.tlskey ?? join(certDir, 'key.pem'), Boolean(options.tlskey)),
  };
}

function readOptional(path: string, required: boolean): Buffer | undefined {
  if (existsSync(path)) return readFileSync(path);
  if (required) throw new StackError('TLS_FILE_MISSING', `TLS file not found: ${path}`);
  return undefined;
}

function dockerConfigDir(env: Record<string, string | undefined>): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

function currentContext(env: Record<string, string | undefined>): string | undefined {
  const file = join(dockerConfigDir(env), 'config.json');
  if (!existsSync(file)) return undefined;
  try {
    const config = JSON.parse(readFileSync(file, 'utf8')) as { currentContext?: unknown };
    return typeof config.currentContext === 'string' ? config.currentContext : undefined;
  } catch {
    throw new StackError('DOCKER_CONFIG_INVALID', `cannot read the docker config ${file}: it is not valid JSON`);
  }
}

/** Reads a docker context's endpoint from the context store (`contexts/meta/<sha256 of name>/meta.json`). */
function contextEndpoint(name: string, env: Record<string, string | undefined>): Endpoint {
  if (name === 'default') return { label: 'context "default"', url: env.DOCKER_HOST || DEFAULT_SOCKET };
  const id = createHash('sha256').update(name).digest('hex');
  const base = dockerConfigDir(env);
  const metaFile = join(base, 'contexts', 'meta', id, 'meta.json');
  if (!existsSync(metaFile)) {
    throw new StackError('CONTEXT_NOT_FOUND', `docker context "${name}" not found`, {
      hint: 'list contexts with `docker context ls`',
    });
  }
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as {
    Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
  };
  const docker = meta.Endpoints?.docker;
  if (!docker?.Host) throw new StackError('CONTEXT_INVALID', `docker context "${name}" has no docker endpoint`);
  const tlsDir = join(base, 'contexts', 'tls', id, 'docker');
  const tls: TlsMaterial | undefined = existsSync(tlsDir)
    ? {
        verify: !docker.SkipTLSVerify,
        ca: readOptional(join(tlsDir, 'ca.pem'), false),
        cert: readOptional(join(tlsDir, 'cert.pem'), false),
        key: readOptional(join(tlsDir, 'key.pem'), false),
      }
    : undefined;
  return { label: `context "${name}" (${docker.Host})`, url: docker.Host, tls };
}
