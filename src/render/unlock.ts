import { describeHolder } from '../model/lock-holder.js';
import type { UnlockResult } from '../swarm/deploy-lock.js';
import { ago } from './time.js';

/** `stack unlock`: whose lock was removed (and whether it had expired), or that there was none. */
export function renderUnlock(result: UnlockResult, now: Date): string {
  if (!result.removed || !result.holder) return `stack ${result.stack} has no deploy lock\n`;
  const expires = Date.parse(result.holder.expires);
  const state = Number.isNaN(expires)
    ? ''
    : expires <= now.getTime()
      ? ` (it expired ${ago(result.holder.expires, now)})`
      : ' (it had not expired: if that run is still deploying, it continues without a lock)';
  return `Removed the deploy lock of stack ${result.stack} held by ${describeHolder(result.holder)}${state}\n`;
}
