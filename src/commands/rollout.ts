// What `deploy` and `rollback` share around their workflow: Ctrl-C handling, the exit code of an outcome and the
// --debug line counting Engine API calls. Kept free of heavy imports: commands load their workflows lazily.
import type { CallCounts } from '../workflows/deploy.js';

/**
 * Listens for Ctrl-C while a rollout runs: the first one aborts the returned signal (start nothing new) and calls
 * `onFirst` so the view can say so; a second one exits at once with 130. Call `dispose` when the run ends.
 */
export function interruptOnSigint(onFirst: () => void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    controller.abort();
    onFirst();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

/** Exit code of a deploy or rollback outcome: 0 when everything converged (or nothing had to), 130 when interrupted. */
export function exitCodeOf(outcome: string): number {
  if (outcome === 'succeeded' || outcome === 'unchanged' || outcome === 'submitted') return 0;
  return outcome === 'interrupted' ? 130 : 1;
}

/** The --debug line with the run's Engine API calls. */
export function apiCallsLine(c: CallCounts): string {
  return `debug: Engine API calls: ${c.total} (GET ${c.get}, POST ${c.post}, DELETE ${c.delete})\n`;
}
