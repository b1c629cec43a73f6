import type { LoadOptions } from '../compose/types.js';
import type { PlanStackOptions } from '../workflows/plan-stack.js';
import { endpointOptions, type EndpointFlagValues } from './endpoint-options.js';

/** Parsed flags of every command that loads Compose files (composeFlags). */
export interface ComposeCommandFlags {
  'compose-file': string[];
  'env-file'?: string[];
  profile?: string[];
}

/** Parsed flags shared by `deploy` and `diff` (composeFlags, endpointFlags, planFlags). */
export interface PlanCommandFlags extends EndpointFlagValues, ComposeCommandFlags {
  prune: boolean;
  'resolve-image': string;
  'with-registry-auth': boolean;
}

/**
 * The load options of a command: files, env files, profiles, the working directory and the process environment.
 * Standard input (`-c -`) is read at most once per run, whatever number of times the files are loaded (deploy
 * plans again after waiting for the lock); relative paths then resolve from the current directory.
 */
export function loadOptions(flags: ComposeCommandFlags): LoadOptions {
  let stdin: Promise<string> | undefined;
  return {
    files: flags['compose-file'],
    envFiles: flags['env-file'],
    cwd: process.cwd(),
    env: process.env,
    readStdin: () => (stdin ??= readStdin()),
    ...(flags.profile === undefined ? {} : { profiles: flags.profile }),
  };
}

/** The planning options both commands pass to their workflow; without a STACK argument the files' `name:` is used. */
export function planStackOptions(stackName: string | undefined, flags: PlanCommandFlags): PlanStackOptions {
  return {
    ...(stackName === undefined ? {} : { stackName }),
    load: loadOptions(flags),
    endpoints: endpointOptions(flags),
    env: process.env,
    resolveImage: flags['resolve-image'] as PlanStackOptions['resolveImage'],
    prune: flags.prune,
    withRegistryAuth: flags['with-registry-auth'],
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
