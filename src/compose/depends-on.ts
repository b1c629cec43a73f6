import type { InputProblem } from '../errors/problem.js';
import type { ServiceModel, StackModel } from '../model/stack-model.js';
import { formatPath, type SourceMap } from './source-map.js';

/*
 * `depends_on` conditions as the deploy honours them (src/apply/execute-plan.ts): a dependent is written only
 * after each dependency the plan writes is running (`service_started`), healthy (`service_healthy`) or has completed
 * (`service_completed_successfully`). These rules catch, at load time, the conditions that could never be met in
 * a swarm, which would otherwise only show as a deploy that waits until --timeout.
 */

/**
 * True for a service whose tasks run once and complete: a job mode, or a restart policy that does not restart a
 * task that exited 0 (`condition: none` or `on-failure`, or the legacy `restart: "no"` / `on-failure[:N]`).
 */
export function runsOnce(service: ServiceModel): boolean {
  const mode = service.deploy?.mode;
  if (mode === 'replicated-job' || mode === 'global-job') return true;
  const condition = service.deploy?.restart_policy?.condition;
  if (condition !== undefined) return condition === 'none' || condition === 'on-failure';
  const restart = service.restart;
  return restart === 'no' || restart === 'on-failure' || (restart?.startsWith('on-failure:') ?? false);
}

/** Problems (conditions that can never be met) and warnings (conditions stack can only partly check). */
export function checkDependsOnConditions(model: StackModel, sourceMap: SourceMap): { problems: InputProblem[]; warnings: InputProblem[] } {
  const problems: InputProblem[] = [];
  const warnings: InputProblem[] = [];
  for (const [name, service] of Object.entries(model.services)) {
    for (const [dependency, entry] of Object.entries(service.depends_on ?? {})) {
      const target = model.services[dependency];
      if (!target) continue; // unknown services are the reference rules' business
      const at = ['services', name, 'depends_on', dependency, 'condition'];
      const where = { path: formatPath(at), location: sourceMap.locate(at) };
      if (entry.condition === 'service_completed_successfully' && !runsOnce(target)) {
        problems.push({
          code: 'DEPENDENCY_NEVER_COMPLETES',
          message: `service "${name}" waits for "${dependency}" to complete, but "${dependency}" is restarted whenever it exits, so it never completes`,
          ...where,
          hint: `run "${dependency}" as a job (deploy.mode: replicated-job) or give it deploy.restart_policy.condition: none or on-failure`,
        });
      }
      const disabled = target.healthcheck?.disable === true || target.healthcheck?.test?.[0] === 'NONE';
      if (entry.condition === 'service_healthy' && disabled) {
        problems.push({
          code: 'DEPENDENCY_NEVER_HEALTHY',
          message: `service "${name}" waits for "${dependency}" to be healthy, but "${dependency}" disables its health check`,
          ...where,
          hint: `give "${dependency}" a healthcheck, or use condition: service_started`,
        });
      } else if (entry.condition === 'service_healthy' && (target.healthcheck?.test === undefined || target.healthcheck.test.length === 0)) {
        warnings.push({
          code: 'DEPENDENCY_HEALTHCHECK_UNKNOWN',
          message: `service "${name}" waits for "${dependency}" to be healthy, but "${dependency}" has no healthcheck in the files`,
          ...where,
          hint: `unless its image defines a HEALTHCHECK, stack can only wait for it to run; add a healthcheck to "${dependency}"`,
        });
      }
    }
  }
  return { problems, warnings };
}
