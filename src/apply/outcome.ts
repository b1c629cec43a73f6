import type { DeployOutcome, ExecutionReport, ServiceOutcome } from './execution-report.js';
import type { RevisionOutcome } from '../history/record.js';

/** How a rollback of the changed services ended (see ExecutionReport.rollback). */
export type RollbackOutcome = NonNullable<ExecutionReport['rollback']>['outcome'];

/** The message of an interrupted run: swarm keeps rolling out what was submitted. */
export const INTERRUPTED_MESSAGE = 'interrupted: no new operation was started; what was submitted keeps rolling out in the swarm';

/**
 * How a run that wrote something ended: an interruption wins over a failure; a failure whose rollback succeeded
 * is `rolled-back`; otherwise `submitted` with --detach, `succeeded` when waited for.
 */
export function runOutcome(facts: { interrupted: boolean; failed: boolean; detach: boolean; rollback?: RollbackOutcome }): DeployOutcome {
  if (facts.interrupted) return 'interrupted';
  if (facts.failed) return facts.rollback === 'succeeded' ? 'rolled-back' : 'failed';
  return facts.detach ? 'submitted' : 'succeeded';
}

/** How putting the changed services back ended: interrupted if any was, succeeded if every one converged, was removed or (with --detach) written. */
export function rollbackOutcome(services: readonly ServiceOutcome[]): RollbackOutcome {
  if (services.some((s) => s.phase === 'interrupted')) return 'interrupted';
  return services.every((s) => s.phase === 'converged' || s.phase === 'removed' || s.phase === 'written') ? 'succeeded' : 'failed';
}

/** How waiting for an earlier run's rollout ended: interrupted by the signal or a service, failed unless every service converged or was removed. */
export function finishedOutcome(services: readonly ServiceOutcome[], aborted: boolean): 'succeeded' | 'failed' | 'interrupted' {
  if (aborted || services.some((s) => s.phase === 'interrupted')) return 'interrupted';
  return services.some((s) => s.phase !== 'converged' && s.phase !== 'removed') ? 'failed' : 'succeeded';
}

/** One line saying what went wrong: the failed write, or each service that ended badly with its phase and message. */
export function failureMessage(report: Pick<ExecutionReport, 'writeFailure' | 'services'>): string {
  if (report.writeFailure) return report.writeFailure.message;
  const bad = report.services.filter((s) => s.phase !== 'converged' && s.phase !== 'removed' && s.phase !== 'not-started' && s.phase !== 'written');
  return bad.map((s) => `${s.name}: ${s.phase === 'rolled-back' ? 'rolled back by swarm' : s.phase}${s.message ? ` (${s.message})` : ''}`).join('; ');
}

/** The outcome stored on the revision: a run with nothing to write counts as succeeded. */
export function revisionOutcomeOf(outcome: DeployOutcome): RevisionOutcome {
  return outcome === 'unchanged' ? 'succeeded' : outcome;
}
