import { describe, expect, it } from 'vitest';
import { StackError } from '../../../src/errors/stack-error.js';
import type { Change, Plan, PlanProblem } from '../../../src/plan/plan.js';
import { checkPlanProblems } from '../../../src/plan/problems-gate.js';

const create = { type: 'network', name: 's_default', action: 'create' } as unknown as Change;
const none = { type: 'network', name: 's_default', action: 'none' } as unknown as Change;
const problem: PlanProblem = { kind: 'rollout', service: 'web', message: 's_web: start-first cannot finish', fixes: ['update_config.order: stop-first', 'fewer replicas'] };
const planOf = (changes: Change[], problems: PlanProblem[]): Plan =>
  ({ stackName: 's', externalNetworks: [], changes, warnings: [], prune: false, placement: [], problems }) as unknown as Plan;

function refusal(plan: Plan, from: 'files' | 'saved-plan'): StackError {
  try {
    checkPlanProblems(plan, { force: false, from });
  } catch (error) {
    return error as StackError;
  }
  throw new Error('not refused');
}

describe('a plan with problems writes nothing unless forced', () => {
  it('refuses with every problem and its fixes, and what to fix', () => {
    const error = refusal(planOf([create], [problem]), 'files');
    expect(error.code).toBe('PLAN_PROBLEMS');
    expect(error.message).toBe(
      'the plan has 1 problem(s) that would make the deploy fail:\n  s_web: start-first cannot finish\n    fix: update_config.order: stop-first; fewer replicas',
    );
    expect(error.hint).toBe('nothing was written; fix the file, or deploy anyway with --force');
    expect(refusal(planOf([create], [problem]), 'saved-plan').hint).toBe('nothing was written; fix the file and make the plan again, or deploy it anyway with --force');
  });

  it('lets a forced plan, a plan without problems and a plan that writes nothing through', () => {
    expect(() => checkPlanProblems(planOf([create], [problem]), { force: true, from: 'files' })).not.toThrow();
    expect(() => checkPlanProblems(planOf([create], []), { force: false, from: 'files' })).not.toThrow();
    expect(() => checkPlanProblems(planOf([none], [problem]), { force: false, from: 'saved-plan' })).not.toThrow();
  });
});
