import { Flags } from '@oclif/core';

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
