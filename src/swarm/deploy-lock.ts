import { hostname, userInfo } from 'node:os';
import { StackError } from '../errors/stack-error.js';
import { EngineError, type EngineApi } from './engine-api.js';
import type { LiveConfig } from './live-types.js';

/** Labels of stack's own bookkeeping objects share this prefix (see README, "Labels of our own"). */
export const OWN_LABEL_PREFIX = 'io.stack.';
const LOCK_LABEL = `${OWN_LABEL_PREFIX}lock`;

/** Who holds a stack's deploy lock, as recorded on the lock object. */
export interface LockHolder {
  host: string;
  user: string;
  pid: number;
  command: string;
  /** When the lock was taken (ISO time of the holder's clock). */
  since: string;
  /** When it expires unless renewed (ISO time of the holder's clock). */
  expires: string;
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
  pollMs?: number;
}

/** Name of the lock object: a swarm config, because creating one with a taken name fails atomically. */
export function lockName(stack: string): string {
  return `stack-lock.${stack}`;
}

/**
 * Takes the deploy lock of a stack, held in the cluster so that two machines (two CI jobs) cannot deploy the
 * same stack at once. The lock is a config named `stack-lock.<stack>`; its labels say who holds it and until
 * when. The holder renews it while working; an expired lock (a crashed run) is removed and taken.
 */
export async function acquireDeployLock(api: EngineApi, stack: string, options: AcquireOptions): Promise<HeldLock> {
  const ttlMs = options.ttlMs ?? 60_000;
  const deadline = Date.now() + options.timeoutMs;
  let announced = false;
  for (;;) {
    const holder = describeSelf(options.command, ttlMs);
    try {
      const created = await api.post<{ ID: string }>('/configs/create', {
        body: { Name: lockName(stack), Labels: holderLabels(stack, holder), Data: Buffer.from(stack).toString('base64') },
      });
      return startRenewal(api, stack, created.ID, holder, ttlMs);
    } catch (error) {
      if (!(error instanceof EngineError) || error.statusCode !== 409) throw error;
    }
    const current = await readLock(api, stack);
    if (!current) continue; // released in between
    if (Date.parse(current.holder.expires) < Date.now()) {
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
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 1000, Math.max(0, deadline - Date.now()))));
  }
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

export function describeHolder(holder: LockHolder): string {
  return `${holder.user}@${holder.host} (pid ${holder.pid}) since ${holder.since}${holder.command ? `: ${holder.command}` : ''}`;
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
      await api.delete(`/configs/${id}`).catch((error: unknown) => {
        if (!(error instanceof EngineError && error.notFound)) throw error;
      });
    },
  };
  return held;
}
