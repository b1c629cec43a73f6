import { StackError } from '../errors/stack-error.js';
import type { RevisionOutcome } from './record.js';

/** What retention and rollback need to know of a stored revision. */
export interface RevisionSummary {
  revision: number;
  outcome: RevisionOutcome;
}

/**
 * Revisions to delete so that at most `historyMax` remain: the newest ones are kept, and so is the newest
 * succeeded revision even when it is older (a rollback target must always exist). Pure.
 */
export function revisionsToPrune(revisions: RevisionSummary[], historyMax: number): number[] {
  const newestFirst = [...revisions].sort((a, b) => b.revision - a.revision);
  const keep = new Set(newestFirst.slice(0, Math.max(1, historyMax)).map((r) => r.revision));
  const newestSucceeded = newestFirst.find((r) => r.outcome === 'succeeded');
  if (newestSucceeded && !keep.has(newestSucceeded.revision)) {
    // Make room for it by dropping the oldest of the kept ones, unless that would leave too few.
    const keptOldest = [...keep].sort((a, b) => a - b)[0];
    if (keep.size >= historyMax && keptOldest !== undefined && keep.size > 1) keep.delete(keptOldest);
    keep.add(newestSucceeded.revision);
  }
  return newestFirst.filter((r) => !keep.has(r.revision)).map((r) => r.revision);
}

/**
 * The revision `stack rollback` returns to: `to` when given (it must exist), else the newest succeeded revision
 * older than the newest revision.
 */
export function pickRollbackTarget(stack: string, revisions: RevisionSummary[], to?: number): number {
  if (revisions.length === 0) {
    throw new StackError('HISTORY_EMPTY', `stack ${stack} has no recorded revisions`, {
      hint: 'stacks deployed with `docker stack deploy` have no history; deploy once with `stack deploy` to start one',
    });
  }
  const newestFirst = [...revisions].sort((a, b) => b.revision - a.revision);
  if (to !== undefined) {
    if (!newestFirst.some((r) => r.revision === to)) {
      throw revisionNotFound(stack, newestFirst, to);
    }
    return to;
  }
  const current = newestFirst[0]!.revision;
  const target = newestFirst.find((r) => r.revision < current && r.outcome === 'succeeded');
  if (!target) {
    throw new StackError('NO_ROLLBACK_TARGET', `stack ${stack} has no succeeded revision before revision ${current}`, {
      hint: `revisions deployed with --detach are recorded as submitted (never seen converging); choose one with --to (see \`stack history ${stack}\`)`,
    });
  }
  return target.revision;
}

/** The error for a revision number the stack does not keep (rollback --to, history --revision, drift --revision), listing those it keeps. */
export function revisionNotFound(stack: string, newestFirst: readonly { revision: number }[], revision: number): StackError {
  return new StackError('REVISION_NOT_FOUND', `stack ${stack} has no revision ${revision}`, {
    hint: `kept revisions: ${newestFirst.map((r) => r.revision).join(', ')} (see \`stack history ${stack}\`)`,
  });
}
