import { StackError } from '../errors/stack-error.js';
import { planHasChanges, type Plan } from '../plan/plan.js';
import { problemFixes, problemText } from '../render/plan-problems.js';

/**
 * Plan problems (writes or tasks the plan knows will fail) stop a run before anything is written, unless forced;
 * a plan that writes nothing is never stopped. `from` says what the user fixes: the Compose files (deploy) or the
 * files behind a saved plan, which must then be made again. Throws PLAN_PROBLEMS, worded by src/render as the plan
 * prints them. Pure.
 */
export function checkPlanProblems(plan: Plan, options: { force: boolean; from: 'files' | 'saved-plan' }): void {
  if (options.force || plan.problems.length === 0 || !planHasChanges(plan)) return;
  const lines = plan.problems.map((p) => {
    const fixes = problemFixes(p);
    return `  ${problemText(p)}${fixes.length > 0 ? `\n    fix: ${fixes.join('; ')}` : ''}`;
  });
  throw new StackError('PLAN_PROBLEMS', `the plan has ${plan.problems.length} problem(s) that would make the deploy fail:\n${lines.join('\n')}`, {
    hint:
      options.from === 'files'
        ? 'nothing was written; fix the file, or deploy anyway with --force'
        : 'nothing was written; fix the file and make the plan again, or deploy it anyway with --force',
  });
}
