import type { DeployListener } from '../apply/events.js';
import { acquireDeployLock, type HeldLock } from '../swarm/deploy-lock.js';
import { describeHolder } from '../model/lock-holder.js';
import type { EngineApi } from '../swarm/engine-api.js';
import type { LiveSnapshot } from '../swarm/snapshot.js';
import { stackMovedSince } from '../swarm/stack-moved.js';

/** When a run held the stack's lock (docs/deploy-json.md, `lock`). */
export interface LockTimes {
  /** When the lock was taken (ISO, after the create call returned). */
  acquiredAt: string;
  /** When it was given up (ISO, just before it was removed). */
  releasedAt: string;
  /** How long taking it took, waiting for other runs included. */
  waitedMs: number;
  /** The plan was made again under the lock, because another run held it or changed the stack meanwhile. */
  replanned: boolean;
}

/** The stack's lock as taken by a run, and whether the plan made before it must be made again. */
export interface TakenLock {
  lock: HeldLock;
  /** Another run held the lock, or changed the stack after the snapshot was read: plan again. */
  stale: boolean;
  waitedMs: number;
  /** Where a failed release is told (with the command that removes the lock). */
  onNotice?: (message: string) => void;
}

/**
 * Takes the stack's deploy lock, telling the listener when another run holds it. The plan was made before the lock:
 * it is stale when we had to wait, and also when another run wrote and released the lock in between (checked
 * against the snapshot the plan was made from).
 */
export async function takeLock(
  api: EngineApi,
  snapshot: LiveSnapshot,
  options: {
    timeoutMs: number;
    command: string;
    signal?: AbortSignal;
    onEvent?: DeployListener;
    onLock?: (release: (() => Promise<void>) | undefined) => void;
    onNotice?: (message: string) => void;
  },
): Promise<TakenLock> {
  let waited = false;
  const started = Date.now();
  const lock = await acquireDeployLock(api, snapshot.stackName, {
    timeoutMs: options.timeoutMs,
    command: options.command,
    signal: options.signal,
    onWait: (holder) => {
      waited = true;
      options.onEvent?.({ type: 'lock-wait', holder: describeHolder(holder) });
    },
  });
  const waitedMs = Date.now() - started;
  if (options.onLock) {
    const report = options.onLock;
    options.onLock(() => lock.release());
    const release = lock.release.bind(lock);
    lock.release = async () => {
      report(undefined);
      await release();
    };
  }
  try {
    return { lock, stale: waited || (await stackMovedSince(api, snapshot)), waitedMs, ...(options.onNotice ? { onNotice: options.onNotice } : {}) };
  } catch (error) {
    await lock.release().catch(() => undefined);
    throw error;
  }
}

/** Releases the lock (a failure is told, not thrown: an unreleased lock expires) and says when it was held. */
export async function releaseLock(taken: TakenLock, replanned: boolean): Promise<LockTimes> {
  await releaseQuietly(taken);
  return { acquiredAt: taken.lock.acquiredAt, releasedAt: taken.lock.releasedAt ?? new Date().toISOString(), waitedMs: taken.waitedMs, replanned };
}

/** Releases the lock on any path; when that fails, says so with the way out (the lock would expire within its TTL). */
export async function releaseQuietly(taken: TakenLock): Promise<void> {
  await taken.lock.release().catch((error: unknown) => {
    const stack = taken.lock.stack;
    taken.onNotice?.(
      `could not release the deploy lock of stack ${stack} (${error instanceof Error ? error.message : String(error)}); ` +
        `it expires within a minute, or remove it now: stack unlock ${stack}`,
    );
  });
}
