import type { ServiceSpec } from '../convert/swarm-types.js';

const PREFIX = 'pending-id:';

/** Placeholder ID for a secret or config the plan creates; replaced before the service is written. */
export function pendingId(kind: 'secret' | 'config', name: string): string {
  return `${PREFIX}${kind}:${name}`;
}

/**
 * Returns the spec with every placeholder ID replaced by the real one (secrets and configs created by this
 * deploy). Pure; throws when a placeholder has no ID, which would be a bug in ordering.
 */
export function bindPendingIds(spec: ServiceSpec, ids: { secret: ReadonlyMap<string, string>; config: ReadonlyMap<string, string> }): ServiceSpec {
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string' && value.startsWith(PREFIX)) {
      const [kind, ...rest] = value.slice(PREFIX.length).split(':');
      const name = rest.join(':');
      const id = (kind === 'secret' ? ids.secret : ids.config).get(name);
      if (id === undefined) throw new Error(`no ID for ${kind} ${name} after creating it`);
      return id;
    }
    if (Array.isArray(value)) return value.map(replace);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    }
    return value;
  };
  return replace(spec) as ServiceSpec;
}
