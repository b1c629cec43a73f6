import type { DeployResult } from '../apply/execution-report.js';

/**
 * What a run that did not succeed left behind, and the commands to go on with: one "State left:" line and one
 * "Next:" line, for the whole run (per-service causes are on the lines above them). Empty for a success. Pure.
 */
export function nextSteps(result: DeployResult, verb: string): string[] {
  const execution = result.execution;
  if (!execution) return [];
  const stack = result.stack;
  const written = execution.writes.length;
  const failedService = execution.services.find((s) => !['converged', 'removed', 'written', 'not-started'].includes(s.phase));
  const logs = failedService ? `, \`docker service logs ${failedService.name}\` for its output` : '';
  switch (execution.outcome) {
    case 'interrupted':
      return [
        `State left: ${written} write(s) were made before the interruption and keep rolling out in the swarm; nothing new was started; revision ${execution.revision ?? '?'} is recorded as interrupted and the lock is released.`,
        `Next: \`stack ps ${stack}\` to watch the tasks; run the same ${verb} again to finish and record it, or \`stack rollback ${stack}\` to return to the previous revision.`,
      ];
    case 'rolled-back':
      return [
        `State left: the services this run changed are back on their previous specs; objects it created (networks, secrets, configs) remain.`,
        `Next: \`stack ps ${stack}\` for the failed tasks${logs}; fix the cause and ${verb} again.`,
      ];
    case 'failed': {
      const stopped = execution.writeFailure
        ? `the write of ${execution.writeFailure.type} ${execution.writeFailure.name} failed after ${written} other write(s); nothing after it was written`
        : `all ${written} write(s) were made; swarm keeps the services as they are now (see above)`;
      const back = execution.rollback ? '' : `, \`stack rollback ${stack}\` to return to the previous revision`;
      return [`State left: ${stopped}; revision ${execution.revision ?? '?'} is recorded as failed.`, `Next: \`stack ps ${stack}\` for the tasks${logs}${back}.`];
    }
    default:
      return [];
  }
}
