/**
 * Classifies a failed Engine request: did we lose the manager (the daemon went away, or swarm has no leader while it
 * elects one), and if so, can the request have taken effect? Pure, so the rules are unit-tested.
 */

/**
 * `not-sent`: the request never reached a working manager (no socket, connection refused, no leader to apply it):
 * repeating it is safe. `uncertain`: the connection broke or timed out after the request went out, so a write may
 * have been applied: it must be checked, not blindly repeated.
 */
export type ManagerLossKind = 'not-sent' | 'uncertain';

export interface ManagerLoss {
  kind: ManagerLossKind;
  /** Short reason for messages, e.g. "connection refused". */
  reason: string;
}

interface RawError {
  code?: string;
  message?: string;
  statusCode?: number;
  json?: { message?: string } | string | null;
}

const NOT_SENT_CODES: Record<string, string> = {
  ENOENT: 'no such socket',
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
};
const UNCERTAIN_CODES: Record<string, string> = {
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'timed out',
  ESOCKETTIMEDOUT: 'timed out',
};

/** Swarm refused the request before applying it: no leader (election under way), no quorum, or no longer a manager. */
const REFUSED_BY_SWARM = /does not have a leader|not a swarm manager|lost quorum|quorum/i;
/** The manager lost its way to the leader mid-request: the leader may have applied it. */
const BROKEN_IN_FLIGHT = /code = (Unavailable|DeadlineExceeded|Canceled)|context deadline exceeded|transport is closing|connection error/i;

/** The manager loss behind an error of one request, or undefined when the error is an answer to act on. */
export function managerLoss(error: unknown): ManagerLoss | undefined {
  const e = (error ?? {}) as RawError;
  if (e.statusCode === undefined) {
    if (e.code && NOT_SENT_CODES[e.code]) return { kind: 'not-sent', reason: NOT_SENT_CODES[e.code]! };
    if (e.code && UNCERTAIN_CODES[e.code]) return { kind: 'uncertain', reason: UNCERTAIN_CODES[e.code]! };
    if (/socket hang up/i.test(e.message ?? '')) return { kind: 'uncertain', reason: 'connection closed' };
    if (/timeout/i.test(e.message ?? '')) return { kind: 'uncertain', reason: 'timed out' };
    return undefined;
  }
  if (e.statusCode < 500) return undefined;
  const message = (typeof e.json === 'object' && e.json?.message) || e.message || '';
  if (REFUSED_BY_SWARM.test(message)) return { kind: 'not-sent', reason: oneLine(message) };
  if (BROKEN_IN_FLIGHT.test(message)) return { kind: 'uncertain', reason: oneLine(message) };
  return undefined;
}

function oneLine(message: string): string {
  const line = message.split('\n')[0]!.trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/** The endpoints to try after losing `current`: those after it first (the user's order), then those before, itself last. */
export function failoverOrder<T>(endpoints: readonly T[], current: T): T[] {
  const at = endpoints.indexOf(current);
  if (at < 0) return [...endpoints];
  return [...endpoints.slice(at + 1), ...endpoints.slice(0, at), current];
}
