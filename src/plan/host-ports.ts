import type { ServiceSpec } from '../convert/swarm-types.js';
import type { LiveTask } from '../swarm/live-types.js';

// Host-mode ports as `8080/tcp`: the form the scheduler's port filter compares and every message names.

/** The host-mode ports a service spec publishes. */
export function specHostPorts(spec: ServiceSpec): string[] {
  return (spec.EndpointSpec?.Ports ?? [])
    .filter((p) => p.PublishMode === 'host' && (p.PublishedPort ?? 0) > 0)
    .map((p) => `${p.PublishedPort}/${p.Protocol || 'tcp'}`);
}

/** The host-mode ports a task's agent reported it holds (best effort: the report can be missing). */
export function reportedHostPorts(task: LiveTask): string[] {
  return (task.Status.PortStatus?.Ports ?? [])
    .filter((p) => p.PublishMode === 'host' && (p.PublishedPort ?? 0) > 0)
    .map((p) => `${p.PublishedPort}/${p.Protocol || 'tcp'}`);
}
