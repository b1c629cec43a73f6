import type { ServiceLeft } from '../apply/convergence.js';
import type { DeployResult, ExecutionReport, ServiceOutcome } from '../apply/execution-report.js';
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
  const putBack = execution.rollback?.outcome === 'succeeded';
  for (const service of execution.services) {
    if (!['converged', 'removed', 'written'].includes(service.phase)) {
      const phase = service.phase === 'rolled-back' ? 'rolled back by swarm' : service.phase;
      lines.push(`  ${service.name}: ${phase}${service.message ? `: ${service.message}` : ''}${stateAndNext(result.stack, service, putBack)}`);
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

/** What a user finds when they look, in words. */
const LEFT: Record<ServiceLeft, string> = {
  paused: 'swarm paused the update on the new spec',
  'rolled-back': 'swarm rolled it back to the previous spec',
  'rollback-paused': "swarm's rollback paused",
  continuing: 'swarm carries on with the update on the new spec (failure_action continue)',
  updated: 'swarm finished the update on the new spec and keeps restarting its tasks',
  'in-progress': 'swarm left the update in progress',
  new: 'the new service keeps retrying its tasks',
};

/**
 * "; swarm paused the update on the new spec; next: stack rollback NAME, docker service logs SERVICE" for a service
 * that did not converge: the state it was left in and the commands that show or undo it.
 */
export function stateAndNext(stack: string, service: Pick<ServiceOutcome, 'name' | 'phase' | 'left' | 'cause'>, putBack = false): string {
  if (!['failed', 'rolled-back', 'timed-out'].includes(service.phase)) return '';
  const left = putBack ? 'put back to its previous spec (--rollback-on-failure)' : service.left ? LEFT[service.left] : undefined;
  const next: string[] = [];
  const onNewSpec = !putBack && service.left !== undefined && ['paused', 'continuing', 'updated', 'in-progress', 'rollback-paused'].includes(service.left);
  if (onNewSpec) next.push(`stack rollback ${stack}`);
  const kind = service.cause?.kind;
  if (kind === 'image' || kind === 'placement' || kind === 'rejected') next.push(`stack ps ${stack}`);
  else next.push(`docker service logs ${service.name}`, `stack ps ${stack}`);
  return `${left ? `; ${left}` : ''}; next: ${next.join(', ')}`;
}

function countConverged(execution: ExecutionReport): string {
  const n = execution.services.filter((s) => s.phase === 'converged').length;
  return `${n} service(s) converged`;
}

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
