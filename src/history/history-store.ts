import { StackError } from '../errors/stack-error.js';
import { decodeRecord, encodeRecord, type RevisionOutcome, type RevisionRecord } from './record.js';
import { OWN_LABEL_PREFIX } from '../convert/names.js';
import type { EngineApi } from '../swarm/engine-api.js';
import type { LiveConfig } from '../swarm/live-types.js';
import { createConfig, removeConfig, updateConfig } from '../swarm/operations.js';

/**
 * Revision records live in the cluster as swarm configs, so any machine can read the history:
 * `stack-rev.<stack>.<revision>` (with `.p<i>` per part when a record is split), labelled
 * `io.stack.history=<stack>`, `io.stack.revision=<n>`, `io.stack.part=<i>/<count>` and `io.stack.outcome=<outcome>`.
 * Config data cannot change, so the outcome (which changes after the deploy) lives in a label.
 */
export const HISTORY_LABEL = `${OWN_LABEL_PREFIX}history`;
const REVISION_LABEL = `${OWN_LABEL_PREFIX}revision`;
const PART_LABEL = `${OWN_LABEL_PREFIX}part`;
export const OUTCOME_LABEL = `${OWN_LABEL_PREFIX}outcome`;
const DURATION_LABEL = `${OWN_LABEL_PREFIX}duration-ms`;
/** JSON list of a failed run's short reasons (src/history/annotations.ts failureReasons). */
const FAILURE_LABEL = `${OWN_LABEL_PREFIX}failure`;

/** A revision as listed: its number, current outcome, and the configs that hold it. */
export interface StoredRevision {
  revision: number;
  outcome: RevisionOutcome;
  createdAt: string;
  configs: LiveConfig[];
}

export function revisionConfigName(stack: string, revision: number, part: number, parts: number): string {
  const base = `stack-rev.${stack}.${revision}`;
  return parts === 1 ? base : `${base}.p${part}`;
}

/** Lists the stack's stored revisions, newest first, with the config objects that hold each (one list call). */
export async function listRevisions(api: EngineApi, stack: string): Promise<StoredRevision[]> {
  const configs = await api.get<LiveConfig[]>('/configs', { filters: JSON.stringify({ label: [`${HISTORY_LABEL}=${stack}`] }) });
  return groupRevisions(configs);
}

/** The stored revisions of every stack that has any, by stack name, newest first (one list call for the cluster). */
export async function listAllRevisions(api: EngineApi): Promise<Map<string, StoredRevision[]>> {
  const configs = await api.get<LiveConfig[]>('/configs', { filters: JSON.stringify({ label: [HISTORY_LABEL] }) });
  const byStack = new Map<string, LiveConfig[]>();
  for (const config of configs) {
    const stack = config.Spec.Labels?.[HISTORY_LABEL];
    if (!stack) continue;
    byStack.set(stack, [...(byStack.get(stack) ?? []), config]);
  }
  return new Map([...byStack.entries()].map(([stack, list]) => [stack, groupRevisions(list)]));
}

function groupRevisions(configs: LiveConfig[]): StoredRevision[] {
  const byRevision = new Map<number, LiveConfig[]>();
  for (const config of configs) {
    const revision = Number(config.Spec.Labels?.[REVISION_LABEL]);
    if (!Number.isInteger(revision)) continue;
    byRevision.set(revision, [...(byRevision.get(revision) ?? []), config]);
  }
  return [...byRevision.entries()]
    .map(([revision, parts]) => {
      const sorted = parts.sort((a, b) => partIndex(a) - partIndex(b));
      const first = sorted[0]!;
      return {
        revision,
        outcome: (first.Spec.Labels?.[OUTCOME_LABEL] ?? 'in-progress') as RevisionOutcome,
        createdAt: first.CreatedAt,
        configs: sorted,
      };
    })
    .sort((a, b) => b.revision - a.revision);
}

function partIndex(config: LiveConfig): number {
  return Number((config.Spec.Labels?.[PART_LABEL] ?? '0/1').split('/')[0]);
}

/** Decodes a listed revision's record (the list already carried the data). */
export function readRevision(stored: StoredRevision, stack: string): RevisionRecord {
  const where = `${stack}#${stored.revision}`;
  const count = Number((stored.configs[0]?.Spec.Labels?.[PART_LABEL] ?? '0/1').split('/')[1]);
  if (stored.configs.length !== count) {
    throw new StackError('HISTORY_RECORD_DAMAGED', `revision record ${where} cannot be read: ${stored.configs.length} of ${count} parts are present`);
  }
  const record = decodeRecord(
    stored.configs.map((c) => Buffer.from(c.Spec.Data ?? '', 'base64')),
    where,
  );
  const duration = Number(stored.configs[0]?.Spec.Labels?.[DURATION_LABEL]);
  const failure = failureOf(stored.configs[0]?.Spec.Labels?.[FAILURE_LABEL]);
  return {
    ...record,
    outcome: stored.outcome,
    ...(record.durationMs === undefined && Number.isFinite(duration) && stored.configs[0]?.Spec.Labels?.[DURATION_LABEL] ? { durationMs: duration } : {}),
    ...(failure ? { failure } : {}),
  };
}

/** The failure label's reasons; anything else than a JSON list of strings is ignored. */
function failureOf(label: string | undefined): string[] | undefined {
  if (!label) return undefined;
  try {
    const value: unknown = JSON.parse(label);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a new revision record (all parts); fails if that revision number already exists. */
export async function writeRevision(api: EngineApi, record: RevisionRecord): Promise<void> {
  const parts = encodeRecord(record);
  const created: string[] = [];
  try {
    for (const [index, data] of parts.entries()) {
      const id = await createConfig(api, {
        Name: revisionConfigName(record.stack, record.revision, index, parts.length),
        Labels: {
          [HISTORY_LABEL]: record.stack,
          [REVISION_LABEL]: String(record.revision),
          [PART_LABEL]: `${index}/${parts.length}`,
          [OUTCOME_LABEL]: record.outcome,
        },
        Data: data.toString('base64'),
      });
      created.push(id);
    }
  } catch (error) {
    // A half-written record would read as damaged: remove the parts that made it.
    for (const id of created) await removeConfig(api, id).catch(() => undefined);
    throw error;
  }
}

/**
 * Changes the recorded outcome of a revision (a label update on each part), and records how long the run took
 * (`io.stack.duration-ms`: config data cannot change after the record was written).
 */
export async function setRevisionOutcome(
  api: EngineApi,
  stored: StoredRevision,
  outcome: RevisionOutcome,
  durationMs?: number,
  failure?: readonly string[],
): Promise<void> {
  for (const config of stored.configs) {
    const labels = {
      ...config.Spec.Labels,
      [OUTCOME_LABEL]: outcome,
      ...(durationMs === undefined ? {} : { [DURATION_LABEL]: String(Math.round(durationMs)) }),
      ...(failure && failure.length > 0 ? { [FAILURE_LABEL]: JSON.stringify(failure) } : {}),
    };
    await updateConfig(api, config.ID, config.Version.Index, { ...config.Spec, Labels: labels } as never);
  }
}

/** Removes a revision's configs. */
export async function deleteRevision(api: EngineApi, stored: StoredRevision): Promise<void> {
  for (const config of stored.configs) await removeConfig(api, config.ID);
}
