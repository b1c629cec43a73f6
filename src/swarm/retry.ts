import { EngineError } from './engine-api.js';
import type { EngineErrorKind } from './engine-error-kind.js';

/** How long `retryWhile` keeps trying: a number of attempts, a deadline (epoch ms), or both; and the pause between. */
export interface RetryLimit {
  attempts?: number;
  deadline?: number;
  pollMs: number;
}

/**
 * Runs `op` again while it fails with an Engine error of one of `kinds` (a refusal that goes away by itself, such as
 * a network whose tasks are still stopping), until the attempts are used up or the next pause would pass the
 * deadline; then the last error is thrown. Any other error is thrown at once.
 */
export async function retryWhile<T>(kinds: readonly EngineErrorKind[], op: () => Promise<T>, limit: RetryLimit): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      const transient = error instanceof EngineError && kinds.includes(error.kind);
      const outOfAttempts = limit.attempts !== undefined && attempt >= limit.attempts;
      const outOfTime = limit.deadline !== undefined && Date.now() + limit.pollMs > limit.deadline;
      if (!transient || outOfAttempts || outOfTime) throw error;
      if (limit.pollMs > 0) await new Promise((resolve) => setTimeout(resolve, limit.pollMs));
    }
  }
}
