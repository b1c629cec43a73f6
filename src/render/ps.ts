import type { TaskView } from '../inspect/tasks.js';
import { displayImage, ellipsis, prettyPrint, truncateId } from './docker-format.js';
import { renderTable } from './table.js';
import { ago } from './time.js';

/** docker cuts task errors to 30 characters unless --no-trunc. */
const MAX_ERROR_LENGTH = 30;

/** How `stack ps` prints: the time ages are measured to, and docker's --no-trunc and --quiet. */
export interface TaskTableOptions {
  now: Date;
  /** Full IDs, images with digests, whole errors. */
  noTrunc?: boolean;
  /** Only the IDs. */
  quiet?: boolean;
}

/**
 * `stack ps`: docker's task table (ID, NAME, IMAGE, NODE, DESIRED STATE, CURRENT STATE, ERROR, PORTS), older tasks
 * of a slot indented with ` \_ ` under the newest.
 */
export function renderTasks(tasks: readonly TaskView[], options: TaskTableOptions): string {
  const trunc = !options.noTrunc;
  if (options.quiet) return tasks.map((t) => `${trunc ? truncateId(t.id) : t.id}\n`).join('');
  return renderTable(
    ['ID', 'NAME', 'IMAGE', 'NODE', 'DESIRED STATE', 'CURRENT STATE', 'ERROR', 'PORTS'],
    tasks.map((t) => [
      trunc ? truncateId(t.id) : t.id,
      t.previous ? ` \\_ ${t.name}` : t.name,
      trunc ? displayImage(t.image) : t.image,
      t.node,
      prettyPrint(t.desiredState),
      currentState(t, options.now),
      errorText(t.error, trunc),
      t.ports.map((p) => `*:${p.published}->${p.target}/${p.protocol}`).join(','),
    ]),
  );
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
