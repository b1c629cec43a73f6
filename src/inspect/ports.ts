import type { PortConfig } from '../convert/swarm-types.js';

/** A published port of a service (its Endpoint) or of a task (host mode), as stack's list commands report it. */
export interface PortView {
  protocol: string;
  target: number;
  published: number;
  /** `ingress` (routing mesh) or `host`. */
  mode: string;
}

export function portViews(ports: readonly PortConfig[] | null | undefined): PortView[] {
  return (ports ?? []).map((p) => ({
    protocol: p.Protocol ?? 'tcp',
    target: p.TargetPort ?? 0,
    published: p.PublishedPort ?? 0,
    mode: p.PublishMode ?? 'ingress',
  }));
}
