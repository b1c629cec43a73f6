import { parseTaskFilters, taskViews, type TaskView } from '../inspect/tasks.js';
import { listNodes, listStackServices, listStackTasks } from '../swarm/stack-objects.js';
import { openManager, type ManagerOptions } from './manager.js';
import { stackNotFound } from './not-found.js';

/** `stack ps --json`. */
export interface PsResult {
  stack: string;
  tasks: TaskView[];
}

/**
 * `stack ps NAME`: the stack's tasks, current and past (as the Engine keeps them), with service and node names
 * (three list calls; one with `noResolve`, which shows their IDs as `docker stack ps --no-resolve` does). The
 * filters go to the Engine with the stack's label, as docker sends them. No task (after filters) is an error, as
 * with docker.
 */
export async function psWorkflow(options: ManagerOptions & { stack: string; filters: string[]; noResolve?: boolean }): Promise<PsResult> {
  const filters = parseTaskFilters(options.filters);
  const { api } = await openManager(options);
  const [tasks, services, nodes] = await Promise.all([
    listStackTasks(api, options.stack, { filters }),
    options.noResolve ? [] : listStackServices(api, options.stack),
    options.noResolve ? [] : listNodes(api),
  ]);
  const views = taskViews(tasks, services, nodes);
  if (views.length === 0) throw stackNotFound(options.stack);
  return { stack: options.stack, tasks: views };
}
