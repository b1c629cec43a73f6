import type { LockHolder } from '../model/lock-holder.js';

// What removing a stack reports (the removal itself is src/apply/remove-stack.ts; render/rm.ts turns these into lines).

/** Kinds of objects `stack rm` removes. */
export type RmObjectKind = 'service' | 'network' | 'secret' | 'config' | 'history' | 'lock';

/** Everything of one stack in the cluster, found before anything is removed (shown in the confirmation prompt). */
export interface StackContents {
  stack: string;
  services: string[];
  networks: string[];
  secrets: string[];
  configs: string[];
  /** Revision numbers of the stack's history records. */
  revisions: number[];
  lock: LockHolder | null;
}

/** Progress of `stack rm`, in order; render/rm.ts turns each into a line. */
export type RmEvent =
  | { type: 'removing'; stack: string; kind: RmObjectKind; name: string }
  | { type: 'removing-history'; stack: string; revisions: number[] }
  | { type: 'removing-lock'; stack: string; holder: LockHolder }
  | { type: 'failed'; stack: string; kind: RmObjectKind; name: string; message: string }
  | { type: 'waiting'; stack: string; tasks: number; networks: number }
  | { type: 'removed'; stack: string; waited: boolean };

/** What `stack rm` did to one stack. */
export interface RmStackResult {
  stack: string;
  /** Names of what was removed (history: revision numbers; lock: its holder). */
  removed: Omit<StackContents, 'stack'>;
  failures: { kind: RmObjectKind; name: string; message: string }[];
  /** True when the command waited until the stack's tasks and networks were gone (not with --detach). */
  waited: boolean;
  /** What was still there when waiting timed out; null when nothing was (or when not waiting). */
  leftover: { tasks: number; networks: string[] } | null;
}

/** `stack rm --json`. `missing` are the names in which nothing was found (reported; exit code 0, as docker's). */
export interface RmResult {
  stacks: RmStackResult[];
  missing: string[];
}

/**
 * Whether a finished `stack rm` calls for exit code 1: a failed removal, a wait that timed out. A name with nothing
 * in it is not a failure: `docker stack rm` says "Nothing found in stack" and exits 0, and so does stack.
 */
export function rmFailed(result: RmResult): boolean {
  return result.stacks.some((s) => s.failures.length > 0 || s.leftover !== null);
}
