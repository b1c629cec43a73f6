import type { PortConfig } from '../convert/swarm-types.js';
import type { LiveService } from '../swarm/live-types.js';
import { naturalCompare } from './natural-order.js';
import { portViews, type PortView } from './ports.js';

/** Service modes as docker names them in `docker stack services`. */
export type ServiceModeName = 'replicated' | 'global' | 'replicated job' | 'global job' | '';

/** One service as `stack services` lists it. */
export interface ServiceView {
  id: string;
  name: string;
  mode: ServiceModeName;
  /** Tasks running now, tasks the service wants, and (jobs) tasks completed, from the Engine's ServiceStatus. */
  running: number;
  desired: number;
  completed: number;
  /** Jobs only: how many completions the job needs in all. */
  totalCompletions: number | null;
  /** Replicated services with `placement.max_replicas_per_node`. */
  maxPerNode: number | null;
  /** The image as in the spec (with its digest when pinned). */
  image: string;
  /** Every published port of the service's endpoint (ingress and host mode). */
  ports: PortView[];
}

export function serviceMode(service: LiveService): ServiceModeName {
  const mode = service.Spec.Mode ?? {};
  if (mode.Global) return 'global';
  if (mode.Replicated) return 'replicated';
  if (mode.ReplicatedJob) return 'replicated job';
  if (mode.GlobalJob) return 'global job';
  return '';
}

/** Views of the services, in natural name order (docker's order). */
export function serviceViews(services: readonly LiveService[]): ServiceView[] {
  return services
    .map((service): ServiceView => {
      const mode = serviceMode(service);
      const status = service.ServiceStatus ?? {};
      const running = status.RunningTasks ?? 0;
      const desired = status.DesiredTasks ?? 0;
      const completed = status.CompletedTasks ?? 0;
      const job = service.Spec.Mode?.ReplicatedJob;
      let totalCompletions: number | null = null;
      // swarmkit defaults TotalCompletions to MaxConcurrent, and MaxConcurrent to 1.
      if (mode === 'replicated job') totalCompletions = job?.TotalCompletions ?? job?.MaxConcurrent ?? 1;
      if (mode === 'global job') totalCompletions = desired + completed;
      const maxReplicas = service.Spec.TaskTemplate.Placement?.MaxReplicas ?? 0;
      return {
        id: service.ID,
        name: service.Spec.Name ?? '',
        mode,
        running,
        desired,
        completed,
        totalCompletions,
        maxPerNode: mode === 'replicated' && maxReplicas > 0 ? maxReplicas : null,
        image: service.Spec.TaskTemplate.ContainerSpec?.Image ?? '',
        ports: portViews(service.Endpoint?.Ports as PortConfig[] | undefined),
      };
    })
    .sort((a, b) => naturalCompare(a.name, b.name));
}
