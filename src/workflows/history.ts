import { StackError } from '../errors/stack-error.js';
import type { RevisionRecord } from '../history/record.js';
import { noRevisionsMessage, revisionRows, type RevisionRow } from '../inspect/history.js';
import type { Plan } from '../plan/plan.js';
import type { EngineApi } from '../swarm/engine-api.js';
import { listRevisions, readRevision } from '../history/history-store.js';
import { revisionNotFound } from '../history/retention.js';
import { listStackServices } from '../swarm/stack-objects.js';
import { openManager, type ManagerOptions } from './manager.js';
import { stackNotFound } from './not-found.js';

/** `stack history NAME --json`: the stored revisions, newest first (empty for a stack deployed only by docker). */
export interface HistoryListResult {
  stack: string;
  revisions: RevisionRow[];
}

/** `stack history NAME --revision N --json`: one decoded record, and how it differs from the live state. */
export interface RevisionDetailResult {
  stack: string;
  record: RevisionRecord;
  /** What deploying this revision now would change (see diffRevisionAgainstLive); undefined until that exists. */
  liveDiff: Plan | undefined;
}

/**
 * `stack history NAME`: lists revision records (one list call; the list carries the data). A stack with neither
 * history nor services does not exist: "nothing found in stack".
 */
export async function historyWorkflow(options: ManagerOptions & { stack: string }): Promise<HistoryListResult> {
  const { api } = await openManager(options);
  const stored = await listRevisions(api, options.stack);
  if (stored.length === 0 && (await listStackServices(api, options.stack)).length === 0) throw stackNotFound(options.stack);
  return { stack: options.stack, revisions: revisionRows(stored, options.stack) };
}

/** `stack history NAME --revision N`: one revision's full record. Damaged or missing revisions are errors. */
export async function revisionDetailWorkflow(options: ManagerOptions & { stack: string; revision: number }): Promise<RevisionDetailResult> {
  const { api, connection } = await openManager(options);
  const stored = await listRevisions(api, options.stack);
  const entry = stored.find((r) => r.revision === options.revision);
  if (!entry) {
    if (stored.length === 0) throw noRevisions(options.stack);
    throw revisionNotFound(options.stack, stored, options.revision);
  }
  const record = readRevision(entry, options.stack);
  return { stack: options.stack, record, liveDiff: await diffRevisionAgainstLive(api, record, connection.apiVersion) };
}

/**
 * The plan that deploying `record`'s desired specs would execute against the
 * live state now, i.e. how the live stack differs from this revision (the plan `stack rollback --to` would execute);
 * `stack history --revision` prints the plan (render/plan.ts) and puts it in its JSON when one is returned.
 */
export async function diffRevisionAgainstLive(api: EngineApi, record: RevisionRecord, apiVersion: string): Promise<Plan | undefined> {
  const { planReturnTo } = await import('./rollback.js');
  return (await planReturnTo(api, record, apiVersion)).plan;
}

function noRevisions(stack: string): StackError {
  return new StackError('HISTORY_EMPTY', noRevisionsMessage(stack));
}
