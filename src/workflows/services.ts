import { serviceViews, type ServiceView } from '../inspect/services.js';
import { listStackServices } from '../swarm/stack-objects.js';
import { openManager, type ManagerOptions } from './manager.js';
import { stackNotFound } from './not-found.js';

/** `stack services --json`. */
export interface ServicesResult {
  stack: string;
  services: ServiceView[];
}

/** `stack services NAME`: the stack's services with running/desired counts. A stack without services is an error. */
export async function servicesWorkflow(options: ManagerOptions & { stack: string }): Promise<ServicesResult> {
  const { api } = await openManager(options);
  const services = await listStackServices(api, options.stack);
  if (services.length === 0) throw stackNotFound(options.stack);
  return { stack: options.stack, services: serviceViews(services) };
}
