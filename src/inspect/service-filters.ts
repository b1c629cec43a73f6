import { StackError } from '../errors/stack-error.js';
import type { LiveService } from '../swarm/live-types.js';
import { hasPrefix, labelConditions, labelsMatch, parseFilters } from './filters.js';
import { serviceMode } from './services.js';

/** The `--filter` keys of `stack services`: the ones the Engine's service list takes for `docker stack services`. */
export const SERVICE_FILTER_KEYS = ['id', 'label', 'mode', 'name'] as const;

/** The service modes the `mode` filter names, as the Engine names them. */
export const SERVICE_FILTER_MODES = ['replicated', 'global', 'replicated-job', 'global-job'] as const;

/**
 * `stack services --filter`, matched as the Engine matches `docker stack services --filter`: `id` and `name` are
 * prefixes (of the full ID, of the full service name with its stack prefix), `label` is KEY or KEY=VALUE and every
 * label given must match, `mode` is exact. Several values of one key: any may match.
 */
export interface ServiceFilters {
  idPrefixes: string[];
  namePrefixes: string[];
  labels: ReadonlyMap<string, string>;
  modes: string[];
}

/** Parses `--filter` options of `stack services`; a bad key or mode is FILTER_INVALID (before the Engine is asked). */
export function parseServiceFilters(values: readonly string[]): ServiceFilters {
  const filters = parseFilters(values, SERVICE_FILTER_KEYS, 'name=mystack_web');
  const modes = [...(filters.get('mode') ?? [])];
  for (const mode of modes) {
    // The Engine takes any mode and then lists nothing for a misspelt one; an error says why the list is empty.
    if (!(SERVICE_FILTER_MODES as readonly string[]).includes(mode)) {
      throw new StackError('FILTER_INVALID', `invalid filter "mode=${mode}": unknown service mode`, {
        hint: `the modes are ${SERVICE_FILTER_MODES.join(', ')}`,
      });
    }
  }
  return {
    idPrefixes: [...(filters.get('id') ?? [])],
    namePrefixes: [...(filters.get('name') ?? [])],
    labels: labelConditions(filters.get('label')),
    modes,
  };
}

/** The Engine's name for a service's mode (what the `mode` filter compares with): docker's words, hyphenated. */
function filterMode(service: LiveService): string {
  return serviceMode(service).replace(' ', '-');
}

/** Whether a service passes every filter. */
export function serviceMatches(service: LiveService, filters: ServiceFilters): boolean {
  return (
    hasPrefix(service.ID, filters.idPrefixes) &&
    hasPrefix(service.Spec.Name ?? '', filters.namePrefixes) &&
    labelsMatch(service.Spec.Labels, filters.labels) &&
    (filters.modes.length === 0 || filters.modes.includes(filterMode(service)))
  );
}
