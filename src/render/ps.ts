import type { TaskView } from '../inspect/tasks.js';
import { displayImage, ellipsis, prettyPrint, truncateId } from './docker-format.js';
import { formatRows, type FormatHeaders, type FormatRow } from './go-template.js';
import { renderTable } from './table.js';
import { ago } from './time.js';

/** docker cuts task errors to 30 characters unless --no-trunc. */
const MAX_ERROR_LENGTH = 30;

/** How `stack ps` prints: the time ages are measured to, and docker's --no-trunc and --quiet. */
export interface TaskTableOptions {
  now: Date;
  /** Full IDs, images with digests, whole errors. */
  noTrunc?: boolean;
  /** Only the IDs (wins over format, as in docker). */
  quiet?: boolean;
  /** docker's --format template. */
  format?: string;
}

/**
 * `stack ps`: docker's task table (ID, NAME, IMAGE, NODE, DESIRED STATE, CURRENT STATE, ERROR, PORTS), older tasks
 * of a slot indented with ` \_ ` under the newest.
 */
export function renderTasks(tasks: readonly TaskView[], options: TaskTableOptions): string {
  const trunc = !options.noTrunc;
  if (options.quiet) return tasks.map((t) => `${trunc ? truncateId(t.id) : t.id}\n`).join('');
  // docker indents older tasks only in tables (its default format, or a `table` template).
  const table = options.format === undefined || options.format.startsWith('table');
  const rows = tasks.map((t) => taskRow(t, options.now, trunc, table));
  if (options.format !== undefined && options.format !== 'table') return formatRows(options.format, rows, TASK_FIELDS);
  return renderTable(
    Object.values(TASK_FIELDS),
    rows.map((row) => Object.keys(TASK_FIELDS).map((field) => row[field] ?? '')),
  );
}

/** The --format fields of `docker stack ps`, with their table headers. */
export const TASK_FIELDS: FormatHeaders = {
  ID: 'ID',
  Name: 'NAME',
  Image: 'IMAGE',
  Node: 'NODE',
  DesiredState: 'DESIRED STATE',
  CurrentState: 'CURRENT STATE',
  Error: 'ERROR',
  Ports: 'PORTS',
};

function taskRow(t: TaskView, now: Date, trunc: boolean, table: boolean): FormatRow {
  return {
    ID: trunc ? truncateId(t.id) : t.id,
    Name: t.previous && table ? ` \\_ ${t.name}` : t.name,
    Image: trunc ? displayImage(t.image) : t.image,
    Node: t.node,
    DesiredState: prettyPrint(t.desiredState),
    CurrentState: currentState(t, now),
    Error: errorText(t.error, trunc),
    Ports: t.ports.map((p) => `*:${p.published}->${p.target}/${p.protocol}`).join(','),
  };
}

/** `Running 3 seconds ago`: the state and how long the task has been in it. */
export function currentState(task: Pick<TaskView, 'state' | 'since'>, now: Date): string {
  const age = ago(task.since ?? undefined, now);
  return age ? `${prettyPrint(task.state)} ${age}` : prettyPrint(task.state);
}

function errorText(error: string | null, trunc: boolean): string {
  if (!error) return '';
  return `"${trunc ? ellipsis(error, MAX_ERROR_LENGTH) : error}"`;
}
