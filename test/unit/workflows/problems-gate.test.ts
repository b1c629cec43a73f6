import { describe, expect, it } from 'vitest';
import { StackError } from '../../../src/errors/stack-error.js';
import type { Change, Plan } from '../../../src/plan/plan.js';
import type { PlanProblem } from '../../../src/plan/problems.js';
import { checkPlanProblems } from '../../../src/workflows/problems-gate.js';

const create = { type: 'network', name: 's_default', action: 'create' } as unknown as Change;
const none = { type: 'network', name: 's_default', action: 'none' } as unknown as Change;
const problem: PlanProblem = {
  kind: 'rollout',
  service: 'web',
  finishes: 'never',
  node: 'node1',
  eligible: 3,
  blockers: [{ code: 'host-port-in-use', ports: ['8080/tcp'] }],
  fixes: [{ code: 'order-stop-first' }, { code: 'publish-without-host-port', ports: ['8080/tcp'] }],
};
const planOf = (changes: Change[], problems: PlanProblem[]): Plan =>
  ({ stackName: 's', externalNetworks: [], changes, warnings: [], prune: false, placement: [], problems, references: [] }) as Plan;

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
      'the plan has 1 problem(s) that would make the deploy fail:\n' +
        '  web: the update cannot finish: update_config.order start-first starts each new task before it stops the old one, and host-mode port ' +
        '8080/tcp is in use on node1; swarm would leave the new task pending for ever (and the update in progress)\n' +
        '    fix: update_config.order: stop-first; publish 8080 in ingress mode or without a host port',
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
