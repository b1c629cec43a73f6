import type { Plan } from '../plan/plan.js';
import { planStack, type PlanStackOptions } from './plan-stack.js';

/** `stack diff` takes exactly what planning takes. */
export type DiffOptions = PlanStackOptions;

/** The plan a deploy would execute, and how many Engine calls it took to compute it. */
export interface DiffResult {
  stack: string;
  endpoint: string;
  plan: Plan;
  /** Engine API calls made (all reads: the snapshot, one registry query per distinct image). */
  apiCalls: number;
}

/** `stack diff`: the plan `stack deploy` would execute with the same files and flags; writes nothing. */
export async function diffWorkflow(options: DiffOptions): Promise<DiffResult> {
  const { stackName, plan, api, connection } = await planStack(options);
  return { stack: stackName, endpoint: connection.endpoint.label, plan, apiCalls: api.callCount() };
}
