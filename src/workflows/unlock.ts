import { forceUnlock, type UnlockResult } from '../swarm/deploy-lock.js';
import { EngineError } from '../swarm/engine-api.js';
import { openManager, type ManagerOptions } from './manager.js';

/** `stack unlock NAME`: removes the stack's deploy lock whoever holds it (for a lock left by a run that died). */
export async function unlockWorkflow(options: ManagerOptions & { stack: string }): Promise<UnlockResult> {
  const { api } = await openManager(options);
  try {
    const holder = await forceUnlock(api, options.stack);
    return { stack: options.stack, removed: holder !== undefined, holder: holder ?? null };
  } catch (error) {
    // Released by its holder between our read and our delete: there is no lock any more.
    if (error instanceof EngineError && error.notFound) return { stack: options.stack, removed: false, holder: null };
    throw error;
  }
}
