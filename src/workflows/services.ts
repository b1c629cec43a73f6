import { serviceViews, type ServiceView } from '../inspect/services.js';
import { parseServiceFilters, serviceMatches } from '../inspect/service-filters.js';
import { listStackServices } from '../swarm/stack-objects.js';
import { openManager, type ManagerOptions } from './manager.js';

/** `stack services --json`. */
export interface ServicesResult {
  stack: string;
  services: ServiceView[];
}

/**
 * `stack services NAME`: the stack's services with running/desired counts, only those matching `filters` (docker's
 * `--filter` keys id, label, mode, name). A stack without services (or none matching) gives an empty list: docker
 * says "Nothing found in stack" on stderr and exits 0, which the command does too.
 */
export async function servicesWorkflow(options: ManagerOptions & { stack: string; filters?: string[] }): Promise<ServicesResult> {
  const filters = parseServiceFilters(options.filters ?? []);
  const { api } = await openManager(options);
  const services = await listStackServices(api, options.stack);
  return { stack: options.stack, services: serviceViews(services.filter((service) => serviceMatches(service, filters))) };
}
