import { applyPlan, type ApplyResult } from '../apply/apply-plan.js';
import type { ApplyListener } from '../apply/events.js';
import type { Plan } from '../plan/plan.js';
import { planStack, type PlanStackOptions } from './plan-stack.js';

/** `stack deploy`: the planning options plus where the plan and the progress events go. */
export interface DeployOptions extends PlanStackOptions {
  /** Called with the plan before anything is written (the command prints it). */
  onPlan?: (plan: Plan) => void;
  onEvent?: ApplyListener;
}

/** The plan that was executed and what was written. */
export interface DeployResult {
  stack: string;
  endpoint: string;
  plan: Plan;
  applied: ApplyResult;
}

/**
 * `stack deploy`: compute the plan (src/workflows/plan-stack.ts, the same step `stack diff` runs), hand it to
 * the caller, then execute that same Plan value: only objects whose action is not `none` are written, so a
 * deploy without changes writes nothing.
 */
export async function deployWorkflow(options: DeployOptions): Promise<DeployResult> {
  const { plan, api, connection, snapshot, registryAuth } = await planStack(options);
  options.onPlan?.(plan);
  const applied = await applyPlan(api, plan, snapshot, { onEvent: options.onEvent, registryAuth });
  return { stack: options.stackName, endpoint: connection.endpoint.label, plan, applied };
}
