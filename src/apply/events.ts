import type { Change } from '../plan/plan.js';

/** What src/apply tells the outside world while it works; render/ turns these into output. */
export type ApplyEvent =
  | { type: 'change-started'; change: Change }
  | { type: 'change-done'; change: Change; id?: string }
  | { type: 'warning'; message: string };

export type ApplyListener = (event: ApplyEvent) => void;
