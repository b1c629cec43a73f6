import { summarizeStacks, type StackSummary } from '../inspect/stacks.js';
import { listAllRevisions } from '../history/history-store.js';
import { listStackServices } from '../swarm/stack-objects.js';
import { openManager, type ManagerOptions } from './manager.js';

/** `stack ls --json`. */
export interface LsResult {
  stacks: StackSummary[];
}

/** `stack ls`: every stack's services (one list call) and every stack's history (one list call), grouped by stack. */
export async function lsWorkflow(options: ManagerOptions): Promise<LsResult> {
  const { api } = await openManager(options);
  const [services, revisions] = await Promise.all([listStackServices(api, undefined), listAllRevisions(api)]);
  return { stacks: summarizeStacks(services, revisions) };
}
