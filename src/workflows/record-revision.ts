import { hostname, userInfo } from 'node:os';
import type { ExecutionReport } from '../apply/execution-report.js';
import { revisionOutcomeOf } from '../apply/outcome.js';
import { failureReasons } from '../history/annotations.js';
import { changedFromPlan, desiredFromPlan } from '../history/build-record.js';
import { deleteRevision, listRevisions, setRevisionOutcome, writeRevision, type StoredRevision } from '../history/history-store.js';
import { RECORD_FORMAT, type RevisionRecord } from '../history/record.js';
import { revisionsToPrune } from '../history/retention.js';
import type { Plan } from '../plan/plan.js';
import type { EngineApi } from '../swarm/engine-api.js';

/** Record fields the caller knows: command, tool version, sources, rollbackOf, message, CI run. */
export type RecordFields = Pick<RevisionRecord, 'command' | 'toolVersion' | 'sources'> & Partial<Pick<RevisionRecord, 'message' | 'ci'>> & { rollbackOf?: number };

/** A revision recorded in progress by this run: its number and the record as written. */
export interface BegunRevision {
  revision: number;
  record: RevisionRecord;
}

/**
 * Records the run's revision as in progress (the next number), before anything is written. Under the lock, so
 * a revision still in progress belongs to a run that ended without recording its outcome: it is marked interrupted.
 */
export async function beginRevision(api: EngineApi, plan: Plan, fields: RecordFields, started: number): Promise<BegunRevision> {
  const revisions = await listRevisions(api, plan.stackName);
  for (const stale of revisions.filter((r) => r.outcome === 'in-progress')) {
    await setRevisionOutcome(api, stale, 'interrupted').catch(() => undefined);
  }
  const revision = (revisions[0]?.revision ?? 0) + 1;
  const record: RevisionRecord = {
    format: RECORD_FORMAT,
    stack: plan.stackName,
    revision,
    createdAt: new Date(started).toISOString(),
    user: currentUser(),
    host: hostname(),
    command: fields.command,
    toolVersion: fields.toolVersion,
    sources: fields.sources,
    ...(fields.rollbackOf === undefined ? {} : { rollbackOf: fields.rollbackOf }),
    ...(fields.message ? { message: fields.message } : {}),
    ...(fields.ci ? { ci: fields.ci } : {}),
    changed: changedFromPlan(plan),
    desired: desiredFromPlan(plan),
    outcome: 'in-progress',
  };
  await writeRevision(api, record);
  return { revision, record };
}

/** After a new plan under the lock: the revision now holds the new desired state and what all its plans changed. */
export async function rewriteRevision(api: EngineApi, begun: BegunRevision, plan: Plan): Promise<void> {
  const mine = (await listRevisions(api, plan.stackName)).find((r) => r.revision === begun.revision);
  if (mine) await deleteRevision(api, mine);
  await writeRevision(api, { ...begun.record, changed: mergeChanged(begun.record.changed, changedFromPlan(plan)), desired: desiredFromPlan(plan) });
}

/**
 * Records how the run ended (with short failure reasons that never repeat a secret value of the plan), then
 * applies retention. Returns the revisions removed and those kept (what the clean-up of unused versions keeps).
 */
export async function endRevision(
  api: EngineApi,
  plan: Plan,
  revision: number,
  report: ExecutionReport,
  started: number,
  historyMax: number,
): Promise<{ pruned: number[]; kept: StoredRevision[] }> {
  const stored = revisionOutcomeOf(report.outcome);
  const listed = await listRevisions(api, plan.stackName);
  const mine = listed.find((r) => r.revision === revision);
  const failure = stored === 'succeeded' || stored === 'submitted' ? [] : failureReasons(report, secretValuesOf(plan));
  if (mine) await setRevisionOutcome(api, mine, stored, Date.now() - started, failure);
  if (mine) mine.outcome = stored;
  const toPrune = new Set(revisionsToPrune(listed, historyMax));
  const pruned: number[] = [];
  for (const r of listed.filter((x) => toPrune.has(x.revision))) {
    await deleteRevision(api, r).catch(() => undefined);
    pruned.push(r.revision);
  }
  return { pruned, kept: listed.filter((r) => !toPrune.has(r.revision)) };
}

/** Records on an unfinished revision how its rollout ended, once waited for. */
export async function recordFinished(api: EngineApi, stack: string, stored: StoredRevision, report: ExecutionReport): Promise<void> {
  const mine = (await listRevisions(api, stack)).find((r) => r.revision === stored.revision);
  const durationMs = Date.now() - Date.parse(stored.createdAt);
  if (mine) {
    await setRevisionOutcome(
      api,
      mine,
      report.outcome === 'succeeded' ? 'succeeded' : report.outcome === 'interrupted' ? 'interrupted' : 'failed',
      Number.isFinite(durationMs) ? durationMs : undefined,
      report.outcome === 'succeeded' ? [] : failureReasons(report),
    );
  }
}

/** The objects a revision changed over all its plans (a re-planned run records the union). */
function mergeChanged(before: RevisionRecord['changed'], after: RevisionRecord['changed']): RevisionRecord['changed'] {
  const key = (c: RevisionRecord['changed'][number]): string => `${c.type}:${c.name}`;
  const seen = new Set(after.map(key));
  return [...after, ...before.filter((c) => !seen.has(key(c)))];
}

/** The secret values a plan sends (decoded), so that failure reasons can never repeat one. */
function secretValuesOf(plan: Plan): string[] {
  return plan.changes.flatMap((c) => {
    if (c.type !== 'secret') return [];
    return [c.desired?.Data, c.fallback?.desired.Data].filter((d): d is string => typeof d === 'string').map((d) => Buffer.from(d, 'base64').toString('utf8'));
  });
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
