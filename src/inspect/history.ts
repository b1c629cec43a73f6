import { StackError } from '../errors/stack-error.js';
import type { CiRun } from '../history/annotations.js';
import type { RevisionOutcome, RevisionRecord } from '../history/record.js';
import { readRevision, type StoredRevision } from '../history/history-store.js';

/**
 * One row of `stack history`. A record that cannot be read becomes a row with outcome `damaged` and the reason
 * in `error` (the other fields null), so one bad record never hides the rest.
 */
export interface RevisionRow {
  revision: number;
  outcome: RevisionOutcome | 'damaged';
  /** When the revision was recorded (ISO time): the record's time, or the config's for a damaged record. */
  createdAt: string;
  user: string | null;
  host: string | null;
  /** The command line that made it. */
  command: string | null;
  /** Objects the deploy changed. */
  changed: RevisionRecord['changed'];
  /** For a rollback: the revision it returned to. */
  rollbackOf: number | null;
  durationMs: number | null;
  /** `--message` of the run. */
  message: string | null;
  /** The CI run that made it (provider, commit, pipeline, repository, ref, url). */
  ci: CiRun | null;
  /** Short reasons of a failed or interrupted run. */
  failure: string[];
  /** Why a damaged record cannot be read. */
  error: string | null;
}

/** Rows of the stored revisions, newest first. Decoding errors become `damaged` rows. */
export function revisionRows(stored: readonly StoredRevision[], stack: string): RevisionRow[] {
  return [...stored]
    .sort((a, b) => b.revision - a.revision)
    .map((entry): RevisionRow => {
      try {
        return rowOf(readRevision(entry, stack));
      } catch (error) {
        if (!(error instanceof StackError)) throw error;
        return {
          revision: entry.revision,
          outcome: 'damaged',
          createdAt: entry.createdAt,
          user: null,
          host: null,
          command: null,
          changed: [],
          rollbackOf: null,
          durationMs: null,
          message: null,
          ci: null,
          failure: [],
          error: error.message,
        };
      }
    });
}

function rowOf(record: RevisionRecord): RevisionRow {
  return {
    revision: record.revision,
    outcome: record.outcome,
    createdAt: record.createdAt,
    user: record.user ?? null,
    host: record.host ?? null,
    command: record.command ?? null,
    changed: Array.isArray(record.changed) ? record.changed : [],
    rollbackOf: record.rollbackOf ?? null,
    durationMs: record.durationMs ?? null,
    message: typeof record.message === 'string' ? record.message : null,
    ci: record.ci ?? null,
    failure: Array.isArray(record.failure) ? record.failure : [],
    error: null,
  };
}

/** What `stack history` says about a stack without revision records. */
export function noRevisionsMessage(stack: string): string {
  return `stack ${stack} has no recorded revisions; stacks deployed with docker stack deploy have none until the first stack deploy`;
}
