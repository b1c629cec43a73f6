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
 * `stack ps NAME`: the stack's tasks, current and past (as the Engine keeps them), with node names; three list calls.
 * No task (after filters) is an error, as with docker.
 */
export async function psWorkflow(options: ManagerOptions & { stack: string; filters: string[] }): Promise<PsResult> {
  const filters = parseTaskFilters(options.filters);
  const { api } = await openManager(options);
  const [services, tasks, nodes] = await Promise.all([
    listStackServices(api, options.stack),
    listStackTasks(api, options.stack, { desiredStates: filters.desiredStates }),
    listNodes(api),
  ]);
  const views = taskViews(tasks, services, nodes, filters.nodes);
  if (views.length === 0) throw stackNotFound(options.stack);
  return { stack: options.stack, tasks: views };
}
