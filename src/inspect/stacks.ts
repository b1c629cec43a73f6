import { LABEL_NAMESPACE } from '../convert/names.js';
import type { RevisionOutcome } from '../history/record.js';
import type { LiveService } from '../swarm/live-types.js';
import { naturalCompare } from './natural-order.js';

/**
 * Pure views of live objects for `stack ls`, `services`, `ps` and `history`: the workflows read, these shape, and
 * render/ turns the shapes into text. The shapes are also the `--json` output (docs/daily-commands.md), so they
 * hold data, not display strings.
 */

/** One stack as `stack ls` lists it. Invariant: `revision`, `outcome` and `deployedAt` are all null or all set. */
export interface StackSummary {
  name: string;
  /** Number of services labelled with the stack's namespace. */
  services: number;
  /** Newest recorded revision; null when the stack has no history (deployed with `docker stack deploy`). */
  revision: number | null;
  /** Current outcome of that revision. */
  outcome: RevisionOutcome | null;
  /** When that revision was recorded (ISO time). */
  deployedAt: string | null;
}

/** What summarizeStacks needs of a stored revision. */
export interface RevisionHead {
  revision: number;
  outcome: RevisionOutcome;
  createdAt: string;
}

/**
 * Groups services by stack (the namespace label), as `docker stack ls` does, and adds each stack's newest
 * revision. Stacks are those with services: history left without services does not make a stack. Natural order.
 */
export function summarizeStacks(services: readonly LiveService[], revisions: ReadonlyMap<string, readonly RevisionHead[]>): StackSummary[] {
  const counts = new Map<string, number>();
  for (const service of services) {
    const name = service.Spec.Labels?.[LABEL_NAMESPACE];
    if (name === undefined) continue;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([name, count]) => {
      const newest = [...(revisions.get(name) ?? [])].sort((a, b) => b.revision - a.revision)[0];
      return {
        name,
        services: count,
        revision: newest?.revision ?? null,
        outcome: newest?.outcome ?? null,
        deployedAt: newest?.createdAt ?? null,
      };
    })
    .sort((a, b) => naturalCompare(a.name, b.name));
}
