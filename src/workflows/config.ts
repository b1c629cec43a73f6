import { loadStack } from '../compose/load.js';
import type { LoadOptions, LoadResult } from '../compose/types.js';

/** `stack config`: load, merge, interpolate and normalize the files; nothing else. */
export async function configWorkflow(options: LoadOptions): Promise<LoadResult> {
  return loadStack(options);
}
