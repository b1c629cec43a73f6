import type { Change, ChangeAction } from '../plan/plan.js';
import type { WaitOutcome } from './wait.js';
import type { ServiceProgress } from './convergence.js';

/**
 * One write as apply performs it: the planned change (never altered) with the action and object name written. They
 * are the plan's except when a secret's fallback is taken (see SecretChange.fallback): the fallback object is
 * created (`create`, under its own name), and the services referencing the secret are written (`update`) even when
 * the plan had nothing else to change for them.
 */
export interface Write {
  change: Change;
  action: ChangeAction;
  name: string;
}

/** What src/apply tells the outside world while it works; render/ turns these into output. */
export type ApplyEvent =
  | { type: 'change-started'; write: Write }
  | { type: 'change-done'; write: Write; id?: string }
  | { type: 'change-failed'; write: Write; message: string }
  /** Swarm refused to add the content-hash label to `secret` (its data differs from the file): `fallback` is created instead. */
  | { type: 'secret-fallback'; secret: string; fallback: string }
  | { type: 'warning'; message: string };

export type ApplyListener = (event: ApplyEvent) => void;

/**
 * What a deploy (or rollback) reports beyond single writes: waiting for the lock, each service's progress while
 * waiting (`final` on its last event), the start of a rollback of the changed services, and an interruption.
 * `stage` says whether the service belongs to the deploy itself or to the rollback after a failure.
 */
export type DeployEvent =
  | ApplyEvent
  | { type: 'lock-wait'; holder: string }
  | { type: 'service-progress'; stage: 'deploy' | 'rollback'; progress: ServiceProgress | WaitOutcome; final: boolean; at: Date }
  | { type: 'rollback-started'; services: string[] }
  | { type: 'interrupt-received'; signal?: string }
  /** A write found the stack changed after the plan (an object vanished or appeared): planned again under the lock. */
  | { type: 'replanned'; reason: string; attempt: number; attempts: number }
  /** `services` did not converge, but every service depending on them does so with `required: false`: the run goes on. */
  | { type: 'optional-dependencies-failed'; services: string[] }
  /** Waiting before planning for networks of a removed stack that swarm is still removing. */
  | { type: 'network-wait'; networks: string[] };

export type DeployListener = (event: DeployEvent) => void;
