import type { FailureCause, ServiceLeft } from './convergence.js';
import type { WaitPhase } from './wait.js';
import type { Plan } from '../plan/plan.js';
import type { LockTimes } from '../swarm/deploy-lock.js';
import type { CallCounts } from '../swarm/engine-api.js';

/** How a deploy or rollback ended. `unchanged`: nothing to write; `submitted`: written with --detach, not waited for. */
export type DeployOutcome = 'unchanged' | 'succeeded' | 'submitted' | 'failed' | 'rolled-back' | 'interrupted';

/** One service the run wrote (or meant to write), with its final phase and timings. */
export interface ServiceOutcome {
  name: string;
  /** Compose key (absent for removals). */
  key?: string;
  action: string;
  /**
   * Final phase: a wait phase (`converged`, `failed`, `rolled-back`, `timed-out`, `interrupted`, `removed`),
   * `written` (--detach), `write-failed`, or `not-started` (stopped before its write).
   */
  phase: WaitPhase | 'written' | 'write-failed' | 'not-started';
  running?: number;
  desired?: number;
  message?: string;
  /** Milliseconds from the start of execution to this service's write. */
  writtenAtMs?: number;
  /** Milliseconds from its write until its final phase. */
  durationMs?: number;
  /** What happened along the way that the phase does not say (e.g. a node went down with some of its tasks). */
  notes?: string[];
  /** For a service that failed, was rolled back or timed out: the state swarm left it in. */
  left?: ServiceLeft;
  /** For a service that failed or was rolled back: the cause found on its tasks (kind, words, task ID). */
  cause?: FailureCause;
}

/** What executing a plan did: per-service outcomes, writes, the rollback after a failure, clean-up, the revision. */
export interface ExecutionReport {
  outcome: DeployOutcome;
  /** Revision number recorded for this run. */
  revision?: number;
  services: ServiceOutcome[];
  /** Every write in order (networks, secrets, configs, services, removals). */
  writes: { type: string; name: string; action: string; id?: string }[];
  /** The write that failed, if one did. */
  writeFailure?: { type: string; name: string; message: string };
  /** With --rollback-on-failure after a failure: the changed services put back to their previous specs. */
  rollback?: { outcome: 'succeeded' | 'failed' | 'interrupted'; services: ServiceOutcome[] };
  /** Old versioned secrets/configs removed after success, and revision records removed by retention. */
  cleanup: { removedSecrets: string[]; removedConfigs: string[]; prunedRevisions: number[] };
  durationMs: number;
  /** One line saying what went wrong, when the outcome is not a success. */
  message?: string;
  /** Writes that met a cluster changed since the plan, each followed by a new plan under the lock (their messages). */
  replans?: string[];
}

/** What a deploy or rollback returns (src/workflows fills it in): the plan that was executed and what came of it. */
export interface DeployResult {
  stack: string;
  endpoint: string;
  plan: Plan;
  /** Absent when the plan had no changes (nothing was written, no revision recorded). */
  execution?: ExecutionReport;
  /** When the run held the stack's lock; absent when it never took it (no changes in the first plan). */
  lock?: LockTimes;
  outcome: ExecutionReport['outcome'];
  apiCalls: CallCounts;
}
