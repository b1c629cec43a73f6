import { loadStack } from '../compose/load.js';
import { readObjectData } from '../compose/object-data.js';
import type { LoadOptions, LoadResult } from '../compose/types.js';

/**
 * `stack config`: load, merge, interpolate and normalize the files; nothing else. The files behind secrets and
 * configs are read too (and the bytes dropped at once), so a missing secret file is reported here as it would be
 * by deploy, before anyone tries to deploy; their contents never reach the output.
 */
export async function configWorkflow(options: LoadOptions): Promise<LoadResult> {
  const loaded = await loadStack(options);
  await readObjectData(loaded.model, loaded.sourceMap, options.env);
  return loaded;
}
