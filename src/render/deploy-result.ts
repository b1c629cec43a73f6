import type { DeployResult } from '../workflows/deploy.js';
import type { ExecutionReport } from '../workflows/execute-plan.js';
import { palette } from './colour.js';
import { nextSteps } from './next-steps.js';
import { planToJson } from './plan-json.js';

/** The result object of `stack deploy --json` and `stack rollback --json` (docs/deploy-json.md). Fields are only ever added. */
export function deployResultToJson(result: DeployResult & { rollbackOf?: number }): Record<string, unknown> {
  const execution = result.execution;
  return {
    stack: result.stack,
    endpoint: result.endpoint,
    outcome: result.outcome,
    ...(result.rollbackOf === undefined ? {} : { rollbackOf: result.rollbackOf }),
    revision: execution?.revision ?? null,
    durationMs: execution?.durationMs ?? 0,
    message: execution?.message ?? null,
    services: execution?.services ?? [],
    changes: execution?.writes ?? [],
    writeFailure: execution?.writeFailure ?? null,
    rollback: execution?.rollback ?? null,
    cleanup: execution?.cleanup ?? { removedSecrets: [], removedConfigs: [], prunedRevisions: [] },
    lock: result.lock ?? null,
    apiCalls: result.apiCalls,
    plan: planToJson(result.plan),
  };
}

/** The closing lines of a deploy: the outcome, each service that did not converge, the rollback. */
export function renderDeploySummary(result: DeployResult, options: { colour: boolean; verb?: string }): string {
  const c = palette(options.colour);
  const verb = options.verb ?? 'deploy';
  const execution = result.execution;
  // The plan already said "No changes"; nothing was written, no revision recorded.
  if (!execution) return '';
  const lines: string[] = [];
  const seconds = (execution.durationMs / 1000).toFixed(1);
  const revision = execution.revision === undefined ? '' : ` (revision ${execution.revision})`;
  switch (execution.outcome) {
    case 'succeeded':
      lines.push(`${c.green(`${capital(verb)} succeeded`)}${revision}: ${countConverged(execution)} in ${seconds}s.`);
      break;
    case 'submitted':
      lines.push(`${c.green(`${capital(verb)} submitted`)}${revision}: ${execution.writes.length} write(s); not waiting for convergence (--detach).`);
      break;
    case 'interrupted':
      lines.push(`${c.yellow(`${capital(verb)} interrupted`)}${revision} after ${seconds}s: ${execution.message ?? ''}`);
      break;
    case 'rolled-back':
      lines.push(`${c.red(`${capital(verb)} failed`)}${revision}; the changed services were put back to their previous specs.`);
      break;
    default:
      lines.push(`${c.red(`${capital(verb)} failed`)}${revision} after ${seconds}s.`);
  }
  for (const service of execution.services) {
    if (!['converged', 'removed', 'written'].includes(service.phase)) {
      const phase = service.phase === 'rolled-back' ? 'rolled back by swarm' : service.phase;
      lines.push(`  ${service.name}: ${phase}${service.message ? `: ${service.message}` : ''}`);
    }
    for (const note of service.notes ?? []) lines.push(`  ${service.name}: ${note}`);
  }
  if (execution.rollback) {
    lines.push(`Rollback of the changed services ${execution.rollback.outcome}:`);
    for (const service of execution.rollback.services) {
      lines.push(`  ${service.name}: ${service.phase}${service.message ? `: ${service.message}` : ''}`);
    }
  }
  const removed = [...execution.cleanup.removedSecrets.map((n) => `secret ${n}`), ...execution.cleanup.removedConfigs.map((n) => `config ${n}`)];
  if (removed.length > 0) lines.push(`Removed unused: ${removed.join(', ')}`);
  lines.push(...nextSteps(result, verb));
  return `${lines.join('\n')}\n`;
}

function countConverged(execution: ExecutionReport): string {
  const n = execution.services.filter((s) => s.phase === 'converged').length;
  return `${n} service(s) converged`;
}

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
