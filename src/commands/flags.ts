import * as Flags from '@oclif/core/flags';
import { parseGoDuration } from '../docker/units.js';
import { StackError } from '../errors/stack-error.js';

/** Flags of every command that reads Compose files. */
export const composeFlags = {
  'compose-file': Flags.string({
    char: 'c',
    description: 'Compose file to read (repeatable or comma-separated; "-" reads standard input).',
    multiple: true,
    // One value per flag, so `-c a.yml mystack` leaves `mystack` as the argument, as with docker.
    multipleNonGreedy: true,
    required: true,
  }),
  profile: Flags.string({
    description: 'Enable services of this Compose profile (repeatable or comma-separated; "*" enables all). Default: COMPOSE_PROFILES.',
    multiple: true,
    // One value per flag, so `--profile debug mystack` leaves `mystack` as the argument.
    multipleNonGreedy: true,
  }),
  'env-file': Flags.string({
    description: 'Variables file to use instead of .env in the working directory (repeatable).',
    multiple: true,
    // One value per flag, so `-c a.yml mystack` leaves `mystack` as the argument, as with docker.
    multipleNonGreedy: true,
  }),
};

/** Flags of every command that talks to a swarm manager. */
export const endpointFlags = {
  host: Flags.string({
    char: 'H',
    description: 'Manager endpoint (unix://, tcp://, ssh://); repeat to give fallbacks. Default: DOCKER_HOST or the docker context.',
    multiple: true,
    // One value per flag, so `-c a.yml mystack` leaves `mystack` as the argument, as with docker.
    multipleNonGreedy: true,
    helpGroup: 'ENDPOINT',
  }),
  context: Flags.string({ description: 'Docker context to use.', helpGroup: 'ENDPOINT' }),
  tls: Flags.boolean({ description: 'Use TLS.', helpGroup: 'ENDPOINT' }),
  tlsverify: Flags.boolean({ description: 'Use TLS and verify the remote.', helpGroup: 'ENDPOINT' }),
  tlscacert: Flags.string({ description: 'Trust certs signed only by this CA.', helpGroup: 'ENDPOINT' }),
  tlscert: Flags.string({ description: 'Path to TLS certificate file.', helpGroup: 'ENDPOINT' }),
  tlskey: Flags.string({ description: 'Path to TLS key file.', helpGroup: 'ENDPOINT' }),
};

/** Flags of the commands that plan a deploy (`deploy`, `diff`): they shape the plan the same way in both. */
export const planFlags = {
  prune: Flags.boolean({ description: 'Remove services, networks, secrets and configs of the stack that the files no longer use.' }),
  'resolve-image': Flags.string({
    description: 'Query the registry to pin image digests and platforms.',
    options: ['always', 'changed', 'never'],
    default: 'always',
  }),
  'with-registry-auth': Flags.boolean({ description: 'Send registry credentials from the docker config to the swarm agents.' }),
};

/** `--format` of the commands that print a plan (`diff`, `deploy`, `drift`): text for terminals, Markdown for pull requests. */
export const formatFlag = {
  format: Flags.string({
    description: 'Output format: text, or markdown (a pull-request comment or CI summary: tables and fenced diffs, no colour). --json wins over it.',
    options: ['text', 'markdown'],
    default: 'text',
  }),
};

/** Flags of the commands that execute a plan (`deploy`, `rollback`). */
export const executeFlags = {
  detach: Flags.boolean({ char: 'd', description: 'Do not wait for the services to converge.' }),
  timeout: Flags.string({ description: 'How long to wait for convergence (Go duration: 90s, 10m, 1h30m).', default: '10m' }),
  'lock-timeout': Flags.string({ description: "How long to wait for another run's deploy lock on the stack.", default: '5m' }),
  'manager-timeout': Flags.string({
    description: 'When the manager in use goes away, how long to look for another (the -H list) or for it to come back.',
    default: '30s',
  }),
  'history-max': Flags.integer({ description: 'Revisions to keep per stack.', default: 10, min: 1 }),
  'rollback-on-failure': Flags.boolean({ description: 'When a service fails, put every service this run changed back to its previous spec.' }),
  quiet: Flags.boolean({ char: 'q', description: 'Print only warnings, errors and the final result.' }),
  message: Flags.string({ char: 'm', description: 'Why this run was made; recorded in the revision and shown by `stack history`.' }),
};

/**
 * A duration flag in milliseconds. Every duration flag of every command takes the same forms: a Go duration
 * (`90s`, `10m`, `1h30m`, `1.5h`, `500ms`; units ns, us, ms, s, m, h), or a plain number of seconds. It must be
 * greater than zero.
 */
export function parseDurationFlag(name: string, value: string): number {
  const hint = 'use a Go duration such as 90s, 10m or 1h30m (or a number of seconds)';
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(value)) ms = Number(value) * 1000;
  else {
    // Go accepts a sign; a flag's duration has none.
    const ns = /^[+-]/.test(value) ? undefined : parseGoDuration(value);
    if (ns === undefined) throw new StackError('USAGE', `--${name}: "${value}" is not a duration`, { hint });
    ms = ns / 1e6;
  }
  if (!(ms > 0)) throw new StackError('USAGE', `--${name}: "${value}" must be longer than zero`, { hint });
  return ms;
}
