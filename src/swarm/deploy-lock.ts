import { hostname, userInfo } from 'node:os';
import { StackError } from '../errors/stack-error.js';
import { EngineError, UncertainWriteError, type EngineApi } from './engine-api.js';
import type { LiveConfig } from './live-types.js';
import { removeConfig } from './operations.js';
import { describeHolder, type LockHolder } from '../model/lock-holder.js';
import { OWN_LABEL_PREFIX } from '../convert/names.js';

const LOCK_LABEL = `${OWN_LABEL_PREFIX}lock`;

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

/** `stack unlock --json`: whether a lock was removed, and whose it was. */
export interface UnlockResult {
  stack: string;
  removed: boolean;
  holder: LockHolder | null;
}

export interface HeldLock {
  stack: string;
  id: string;
  holder: LockHolder;
  /** When the create call that took the lock returned (ISO, this machine's clock): held from then on at least. */
  acquiredAt: string;
  /** Set by release() just before the lock is removed (ISO): held until then at least. */
  releasedAt?: string;
  /** Stops renewing and removes the lock. Safe to call twice. */
  release(): Promise<void>;
}

export interface AcquireOptions {
  /** How long to wait for another holder before failing. */
  timeoutMs: number;
  /** A lock not renewed for this long is considered left by a crashed run and is taken over. */
  ttlMs?: number;
  command: string;
  /** Called once when the lock is busy and we start waiting. */
  onWait?: (holder: LockHolder) => void;
  /** Ctrl-C: stop waiting at once (nothing has been written yet). */
  signal?: AbortSignal;
  pollMs?: number;
}

/** Name of the lock object: a swarm config, because creating one with a taken name fails atomically. */
export function lockName(stack: string): string {
  return `stack-lock.${stack}`;
}

/**
 * Takes the deploy lock of a stack, held in the cluster so that two machines (two CI jobs) cannot deploy the
 * same stack at once. The lock is a config named `stack-lock.<stack>`; its labels say who holds it and until
 * when. The holder renews it while working; an expired lock (a crashed run) is removed and taken, and so is, at
 * once, a lock whose holder ran on this host and is no longer running (a run that crashed or lost its manager here).
 */
export async function acquireDeployLock(api: EngineApi, stack: string, options: AcquireOptions): Promise<HeldLock> {
  const ttlMs = options.ttlMs ?? 60_000;
  const deadline = Date.now() + options.timeoutMs;
  let announced = false;
  let attempted: LockHolder | undefined;
  for (;;) {
    const holder = describeSelf(options.command, ttlMs);
    try {
      const created = await api.post<{ ID: string }>('/configs/create', {
        body: { Name: lockName(stack), Labels: holderLabels(stack, holder), Data: Buffer.from(stack).toString('base64') },
      });
      return startRenewal(api, stack, created.ID, holder, ttlMs);
    } catch (error) {
      // The manager went away before answering: the lock may be ours now; the read below tells.
      if (error instanceof UncertainWriteError) attempted = holder;
      else if (!(error instanceof EngineError) || error.statusCode !== 409) throw error;
    }
    const current = await readLock(api, stack);
    if (!current) continue; // released in between
    if (attempted && sameHolder(current.holder, attempted)) return startRenewal(api, stack, current.id, attempted, ttlMs);
    if (Date.parse(current.holder.expires) < Date.now() || holderIsGone(current.holder)) {
      await api.delete(`/configs/${current.id}`).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new StackError('LOCK_BUSY', `stack ${stack} is being deployed by ${describeHolder(current.holder)}`, {
        hint: `wait for it to finish, raise --lock-timeout, or if that run is gone: stack unlock ${stack}`,
      });
    }
    if (!announced) {
      options.onWait?.(current.holder);
      announced = true;
    }
    await pause(Math.min(options.pollMs ?? 1000, Math.max(0, deadline - Date.now())), options.signal);
    if (options.signal?.aborted) {
      throw new StackError('INTERRUPTED', `interrupted while waiting for the deploy lock of stack ${stack}, held by ${describeHolder(current.holder)}`, {
        exitCode: 130,
        hint: 'nothing was written',
      });
    }
  }
}

/** Sleeps for `ms`, or less when the signal aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The current lock of a stack, if any. */
export async function readLock(api: EngineApi, stack: string): Promise<{ id: string; holder: LockHolder } | undefined> {
  const configs = await api.get<LiveConfig[]>('/configs', { filters: JSON.stringify({ name: [lockName(stack)] }) });
  const config = configs.find((c) => c.Spec.Name === lockName(stack));
  if (!config) return undefined;
  const labels = config.Spec.Labels ?? {};
  return {
    id: config.ID,
    holder: {
      host: labels[`${LOCK_LABEL}.host`] ?? 'unknown host',
      user: labels[`${LOCK_LABEL}.user`] ?? 'unknown user',
      pid: Number(labels[`${LOCK_LABEL}.pid`] ?? 0),
      command: labels[`${LOCK_LABEL}.command`] ?? '',
      since: labels[`${LOCK_LABEL}.since`] ?? config.CreatedAt,
      expires: labels[`${LOCK_LABEL}.expires`] ?? config.CreatedAt,
    },
  };
}

/** Removes a stack's lock whoever holds it (`stack unlock`). Returns the holder it removed, if any. */
export async function forceUnlock(api: EngineApi, stack: string): Promise<LockHolder | undefined> {
  const current = await readLock(api, stack);
  if (!current) return undefined;
  await api.delete(`/configs/${current.id}`);
  return current.holder;
}

function sameHolder(a: LockHolder, b: LockHolder): boolean {
  return a.host === b.host && a.pid === b.pid && a.since === b.since;
}

/** True when the holder ran on this host and its process has ended, so it can never release or renew the lock. */
export function holderIsGone(holder: LockHolder, host = hostname()): boolean {
  if (holder.host !== host || !Number.isInteger(holder.pid) || holder.pid <= 0 || holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: string }).code === 'ESRCH';
  }
}

function describeSelf(command: string, ttlMs: number): LockHolder {
  const now = Date.now();
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep "unknown".
  }
  return {
    host: hostname(),
    user,
    pid: process.pid,
    command: command.slice(0, 200),
    since: new Date(now).toISOString(),
    expires: new Date(now + ttlMs).toISOString(),
  };
}

function holderLabels(stack: string, holder: LockHolder): Record<string, string> {
  return {
    [LOCK_LABEL]: stack,
    [`${LOCK_LABEL}.host`]: holder.host,
    [`${LOCK_LABEL}.user`]: holder.user,
    [`${LOCK_LABEL}.pid`]: String(holder.pid),
    [`${LOCK_LABEL}.command`]: holder.command,
    [`${LOCK_LABEL}.since`]: holder.since,
    [`${LOCK_LABEL}.expires`]: holder.expires,
  };
}

/** Renews the lock's expiry every ttl/3 by updating its labels (the only change swarm allows on a config). */
function startRenewal(api: EngineApi, stack: string, id: string, holder: LockHolder, ttlMs: number): HeldLock {
  let released = false;
  let current = holder;
  const renew = async (): Promise<void> => {
    if (released) return;
    try {
      const config = await api.get<LiveConfig>(`/configs/${id}`);
      current = { ...current, expires: new Date(Date.now() + ttlMs).toISOString() };
      await api.post(`/configs/${id}/update`, {
        query: { version: config.Version.Index },
        body: { ...config.Spec, Labels: holderLabels(stack, current) },
      });
    } catch {
      // A failed renewal is retried on the next tick; the lock only lapses after a whole TTL without one.
    }
  };
  const timer = setInterval(() => void renew(), Math.max(1000, Math.floor(ttlMs / 3)));
  timer.unref();
  const held: HeldLock = {
    stack,
    id,
    holder,
    acquiredAt: new Date().toISOString(),
    async release(): Promise<void> {
      if (released) return;
      released = true;
      clearInterval(timer);
      held.releasedAt = new Date().toISOString();
      await removeConfig(api, id).catch((error: unknown) => {
        if (!(error instanceof EngineError && error.notFound)) throw error;
      });
    },
  };
  return held;
}
