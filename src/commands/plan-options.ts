import type { PlanStackOptions } from '../workflows/plan-stack.js';

/** Parsed flags shared by `deploy` and `diff` (composeFlags, endpointFlags, planFlags). */
export interface PlanCommandFlags {
  'compose-file': string[];
  'env-file'?: string[];
  host?: string[];
  context?: string;
  tls: boolean;
  tlsverify: boolean;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
  prune: boolean;
  'resolve-image': string;
  'with-registry-auth': boolean;
}

/** The planning options both commands pass to their workflow. */
export function planStackOptions(stackName: string, flags: PlanCommandFlags): PlanStackOptions {
  return {
    stackName,
    load: { files: flags['compose-file'], envFiles: flags['env-file'], cwd: process.cwd(), env: process.env },
    endpoints: {
      hosts: flags.host,
      context: flags.context,
      tls: flags.tls,
      tlsverify: flags.tlsverify,
      tlscacert: flags.tlscacert,
      tlscert: flags.tlscert,
      tlskey: flags.tlskey,
    },
    env: process.env,
    resolveImage: flags['resolve-image'] as PlanStackOptions['resolveImage'],
    prune: flags.prune,
    withRegistryAuth: flags['with-registry-auth'],
  };
}
