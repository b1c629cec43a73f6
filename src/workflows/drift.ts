import { driftFromRecord, type DriftReport } from '../history/drift.js';
import { StackError } from '../errors/stack-error.js';
import { noRevisionsMessage } from '../inspect/history.js';
import { listRevisions, readRevision } from '../history/history-store.js';
import { revisionNotFound } from '../history/retention.js';
import { listStackServices } from '../swarm/stack-objects.js';
import { readSnapshot } from '../swarm/snapshot.js';
import { openManager, type ManagerOptions } from './manager.js';
import { stackNotFound } from './not-found.js';

/** `stack drift NAME`: the report, and where it was read. */
export interface DriftResult extends DriftReport {
  endpoint: string;
}

/**
 * `stack drift NAME [--revision N]`: reads the stack's newest revision record (or the one asked for) and one live
 * snapshot, and compares them (src/history/drift.ts). Writes nothing; needs no Compose file.
 */
export async function driftWorkflow(options: ManagerOptions & { stack: string; revision?: number }): Promise<DriftResult> {
  const { api, connection } = await openManager(options);
  const stored = await listRevisions(api, options.stack);
  if (stored.length === 0) {
    if ((await listStackServices(api, options.stack)).length === 0) throw stackNotFound(options.stack);
    throw new StackError('HISTORY_EMPTY', noRevisionsMessage(options.stack), {
      hint: 'drift is measured against the last `stack deploy`; deploy the stack once with stack',
    });
  }
  const entry = options.revision === undefined ? stored[0]! : stored.find((r) => r.revision === options.revision);
  if (!entry) throw revisionNotFound(options.stack, stored, options.revision!);
  const record = readRevision(entry, options.stack);
  const configNames = [
    ...record.desired.configs.map((c) => c.name),
    ...record.desired.services.flatMap((s) => (s.spec.TaskTemplate.ContainerSpec?.Configs ?? []).map((ref) => ref.ConfigName)),
  ];
  const snapshot = await readSnapshot(api, options.stack, { tasks: false, configNames });
  return { ...driftFromRecord(record, snapshot, connection.apiVersion), endpoint: api.endpoint?.label ?? connection.endpoint.label };
}
