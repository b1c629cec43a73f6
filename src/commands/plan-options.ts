import type { PlanStackOptions } from '../workflows/plan-stack.js';
import { endpointOptions, type EndpointFlagValues } from './endpoint-options.js';

/** Parsed flags shared by `deploy` and `diff` (composeFlags, endpointFlags, planFlags). */
export interface PlanCommandFlags extends EndpointFlagValues {
  'compose-file': string[];
  'env-file'?: string[];
  prune: boolean;
  'resolve-image': string;
  'with-registry-auth': boolean;
}

/** The planning options both commands pass to their workflow. */
export function planStackOptions(stackName: string, flags: PlanCommandFlags): PlanStackOptions {
  return {
    stackName,
    load: { files: flags['compose-file'], envFiles: flags['env-file'], cwd: process.cwd(), env: process.env },
    endpoints: endpointOptions(flags),
    env: process.env,
    resolveImage: flags['resolve-image'] as PlanStackOptions['resolveImage'],
    prune: flags.prune,
    withRegistryAuth: flags['with-registry-auth'],
  };
}
